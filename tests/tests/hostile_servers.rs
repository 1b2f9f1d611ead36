//! Generated clients against servers on 127.0.0.1 that misbehave on purpose. Each answer
//! ends in a typed error with a clear message: no hang, no crash, no unbounded buffering,
//! no credential sent where it does not belong.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use svcgen_generated::digioffice::{self, ConvertSessionToToken};
use svcgen_generated::twinfield::{self, AccessTokenLogon};
use svcgen_runtime::{servicestack, soap};
use svcgen_tests::raw_server::{self, Received};
use tokio::net::TcpStream;

const XML: &str = "text/xml; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";
const JSON_OK: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json";

/// A server that answers every request with `status`, `content_type` and `body`.
async fn answering(status: &'static str, content_type: &'static str, body: Vec<u8>) -> String {
    raw_server::serve(move |_, mut stream: TcpStream| {
        let body = body.clone();
        async move {
            let head = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}");
            raw_server::respond(&mut stream, &head, &body).await;
        }
    })
    .await
}

async fn servicestack_call(base: &str) -> servicestack::Error {
    servicestack_call_with(servicestack::Client::new(base).unwrap()).await
}

async fn servicestack_call_with(runtime: servicestack::Client) -> servicestack::Error {
    digioffice::Client::new(runtime)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err()
}

async fn soap_call(base: &str) -> soap::Error {
    soap_call_with(soap::Client::new(base).unwrap()).await
}

async fn soap_call_with(runtime: soap::Client) -> soap::Error {
    twinfield::Client::new(runtime)
        .access_token_logon(&AccessTokenLogon {
            access_token: Some("token".into()),
        })
        .await
        .unwrap_err()
}

/// A SOAP 1.1 envelope around `body`.
fn envelope(body: &[u8]) -> Vec<u8> {
    let mut envelope = br#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>"#.to_vec();
    envelope.extend_from_slice(body);
    envelope.extend_from_slice(b"</soap:Body></soap:Envelope>");
    envelope
}

fn nested(depth: usize) -> String {
    let mut text = "<a>".repeat(depth);
    text.push_str(&"</a>".repeat(depth));
    text
}

#[tokio::test]
async fn an_endless_body_stops_at_the_size_cap() {
    let base = raw_server::serve(|_, mut stream: TcpStream| async move {
        raw_server::endless(&mut stream, JSON).await;
    })
    .await;
    let limit = 1024 * 1024;
    let runtime = servicestack::Client::new(&base)
        .unwrap()
        .with_max_response_bytes(limit);
    let error = servicestack_call_with(runtime).await;
    assert!(
        matches!(
            error,
            servicestack::Error::BodyTooLarge { limit: 1_048_576 }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the answer exceeds the limit of 1048576 bytes"
    );

    let runtime = soap::Client::new(&base)
        .unwrap()
        .with_max_response_bytes(limit);
    let error = soap_call_with(runtime).await;
    assert!(
        matches!(error, soap::Error::BodyTooLarge { limit: 1_048_576 }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_announced_length_over_the_cap_is_refused_before_reading() {
    // The head promises a terabyte and sends nothing: only the header can refuse it.
    let base = raw_server::serve(|_, mut stream: TcpStream| async move {
        use tokio::io::AsyncWriteExt;
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000000000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        std::future::pending::<()>().await;
    })
    .await;
    let error = soap_call(&base).await;
    assert!(
        matches!(error, soap::Error::BodyTooLarge { limit: 33_554_432 }),
        "{error:?}"
    );
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::BodyTooLarge { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stalled_body_ends_at_the_callers_timeout() {
    let base = raw_server::serve(|_, stream: TcpStream| raw_server::stall(stream, XML, 1000)).await;
    let http = || {
        svcgen_runtime::tls::client_builder()
            .unwrap()
            .read_timeout(Duration::from_millis(300))
            .build()
            .unwrap()
    };
    let error = soap_call_with(soap::Client::with_http_client(http(), &base).unwrap()).await;
    assert!(
        matches!(&error, soap::Error::Transport(source) if source.is_timeout()),
        "{error:?}"
    );
    let runtime = servicestack::Client::with_http_client(http(), &base).unwrap();
    let error = servicestack_call_with(runtime).await;
    assert!(
        matches!(&error, servicestack::Error::Transport(source) if source.is_timeout()),
        "{error:?}"
    );
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error() {
    let base = answering("200 OK", JSON, b"{\"AccessToken\":\"\xff\xfe\"}".to_vec()).await;
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Decode { status: 200, .. }),
        "{error:?}"
    );

    let body = envelope(
        b"<AccessTokenLogonResponse xmlns=\"http://www.twinfield.com/\"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>\xff</cluster></AccessTokenLogonResponse>",
    );
    let base = answering("200 OK", XML, body).await;
    let error = soap_call(&base).await;
    assert!(matches!(error, soap::Error::NotSoap { .. }), "{error:?}");
    assert!(error.to_string().contains("not valid UTF-8"), "{error}");
}

#[tokio::test]
async fn an_entity_bomb_is_refused_unexpanded() {
    let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE soap:Envelope [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>&d;</cluster></AccessTokenLogonResponse></soap:Body></soap:Envelope>"#;
    let base = answering("200 OK", XML, bomb.to_vec()).await;
    let error = soap_call(&base).await;
    assert!(matches!(error, soap::Error::NotSoap { .. }), "{error:?}");
    assert!(
        error.to_string().contains("with a DTD are refused"),
        "{error}"
    );
}

#[tokio::test]
async fn deep_nesting_is_bounded() {
    // Unknown elements 10,000 deep inside the response are skipped without recursion.
    let mut inside = br#"<AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult>"#.to_vec();
    inside.extend_from_slice(nested(10_000).as_bytes());
    inside.extend_from_slice(b"<cluster>https://c1.example</cluster></AccessTokenLogonResponse>");
    let base = answering("200 OK", XML, envelope(&inside)).await;
    let answer = twinfield::Client::new(soap::Client::new(&base).unwrap())
        .access_token_logon(&AccessTokenLogon::default())
        .await
        .unwrap();
    assert_eq!(answer.body.cluster.as_deref(), Some("https://c1.example"));

    // A fault whose detail nests as deep is kept as raw XML, also without recursion.
    let mut fault =
        b"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>deep</faultstring><detail>"
            .to_vec();
    fault.extend_from_slice(nested(10_000).as_bytes());
    fault.extend_from_slice(b"</detail></soap:Fault>");
    let base = answering("500 Internal Server Error", XML, envelope(&fault)).await;
    let error = soap_call(&base).await;
    assert_eq!(
        error.fault().map(|fault| fault.reason.as_str()),
        Some("deep")
    );

    // JSON 10,000 levels deep: a decode error for an answer, and for an error answer
    // (read as any JSON first) serde_json's recursion limit, never the stack's.
    let deep = format!("{}{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let base = answering("200 OK", JSON, deep.clone().into_bytes()).await;
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    let base = answering("500 Internal Server Error", JSON, deep.into_bytes()).await;
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Status { status: 500, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_html_page_is_not_mistaken_for_an_answer() {
    let page = b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>".to_vec();
    let base = answering("200 OK", "text/html", page.clone()).await;
    let error = soap_call(&base).await;
    assert!(
        matches!(&error, soap::Error::NotSoap { answer, .. } if answer.status == 200),
        "{error:?}"
    );
    assert!(error.to_string().contains("text/html"), "{error}");

    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    let base = answering("503 Service Unavailable", "text/html", page).await;
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Status { status: 503, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn answers_are_never_decompressed() {
    // Decompression is off, so a gzip bomb is only its compressed bytes. The client does
    // not ask for compression, and a body that claims it anyway does not decode.
    let (base, received) = recording(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    )
    .await;
    let error = soap_call(&base).await;
    assert!(matches!(error, soap::Error::NotSoap { .. }), "{error:?}");
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Decode { .. }),
        "{error:?}"
    );
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 2);
    for request in received.iter() {
        assert_eq!(request.header("accept-encoding"), None, "{}", request.head);
    }
}

/// A server that records every request and answers with `head` and `body`.
async fn recording(head: &'static str, body: &'static [u8]) -> (String, Arc<Mutex<Vec<Received>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let seen = received.clone();
    let base = raw_server::serve(move |request: Received, mut stream: TcpStream| {
        let seen = seen.clone();
        async move {
            seen.lock().unwrap().push(request);
            raw_server::respond(&mut stream, head, body).await;
        }
    })
    .await;
    (base, received)
}

/// A server whose every answer redirects to `target` with `status`.
async fn redirecting(status: &'static str, target: String) -> String {
    raw_server::serve(move |_, mut stream: TcpStream| {
        let target = target.clone();
        async move {
            let head = format!("HTTP/1.1 {status}\r\nLocation: {target}/elsewhere");
            raw_server::respond(&mut stream, &head, b"").await;
        }
    })
    .await
}

#[tokio::test]
async fn a_redirect_to_another_host_carries_no_credentials() {
    let (other, received) = recording(JSON_OK, b"{}").await;
    let base = redirecting("307 Temporary Redirect", other).await;
    let runtime = servicestack::Client::new(&base)
        .unwrap()
        .with_bearer_token("bearer-sentinel")
        .with_cookie("ss-id", "cookie-sentinel");
    digioffice::Client::new(runtime)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1, "the redirect was followed");
    let head = &received[0].head;
    assert!(head.starts_with("POST /elsewhere "), "{head}");
    assert!(!head.contains("sentinel"), "{head}");
    assert_eq!(received[0].header("authorization"), None);
    assert_eq!(received[0].header("cookie"), None);
}

#[tokio::test]
async fn a_soap_client_does_not_follow_redirects() {
    // The credentials are in the body: following would post them to the other host.
    let (other, received) = recording(JSON_OK, b"").await;
    let base = redirecting("307 Temporary Redirect", other).await;
    let error = soap_call(&base).await;
    assert_eq!(error.status(), Some(307), "{error:?}");
    assert!(received.lock().unwrap().is_empty());
}

/// An HTTPS server on 127.0.0.1 with a self-signed certificate for that address, answering
/// `body`; returns its base URL and the certificate (PEM).
async fn self_signed(body: &'static [u8]) -> (String, String) {
    use tokio_rustls::rustls;
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                // A client that refuses the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut buffer = vec![0; 64 * 1024];
                let _ = tls.read(&mut buffer).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (format!("https://127.0.0.1:{port}"), pem)
}

/// The error and every error it came from, as one text.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn certificates_are_checked_by_default() {
    let (base, pem) = self_signed(b"{}").await;
    let error = servicestack_call(&base).await;
    assert!(
        matches!(error, servicestack::Error::Transport(_)),
        "{error:?}"
    );
    assert!(chain(&error).contains("certificate"), "{}", chain(&error));
    let error = soap_call(&base).await;
    assert!(matches!(error, soap::Error::Transport(_)), "{error:?}");
    assert!(chain(&error).contains("certificate"), "{}", chain(&error));

    // The same server, once its certificate is trusted: the refusal above was the check.
    // A bare reqwest builder (rustls without a provider of its own) uses the process's.
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let trusted = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(pem.as_bytes()).unwrap()])
        .build()
        .unwrap();
    digioffice::Client::new(servicestack::Client::with_http_client(trusted, &base).unwrap())
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
}
