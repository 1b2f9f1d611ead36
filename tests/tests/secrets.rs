//! Credentials given to or received by generated clients never show in `Debug` output or
//! in errors (`Display`, `Debug`, and every source). Each credential is a distinct
//! sentinel, and every text a caller could log is searched for all of them.

use svcgen_generated::digioffice::{self, ConvertSessionToToken, ConvertSessionToTokenResponse};
use svcgen_generated::twinfield::{self, AccessTokenLogon, Header, Headers};
use svcgen_runtime::{Secret, servicestack, soap};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SENTINELS: [&str; 8] = [
    "bearer-7f3a",
    "password-9c1d",
    "refresh-2b8e",
    "cookie-5a0f",
    "set-cookie-4d6c",
    "access-token-8e2b",
    "session-id-1f7a",
    "answer-token-3c9d",
];

fn assert_clean(what: &str, text: &str) {
    for sentinel in SENTINELS {
        assert!(!text.contains(sentinel), "{what} shows {sentinel}: {text}");
    }
}

/// `Display`, `Debug` and the sources of an error, as one text.
fn error_texts(error: &dyn std::error::Error) -> String {
    let mut text = format!("{error} / {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(" / {cause} / {cause:?}"));
        source = cause.source();
    }
    text
}

fn servicestack_client(base: &str) -> servicestack::Client {
    servicestack::Client::new(base)
        .unwrap()
        .with_bearer_token("bearer-7f3a")
        .with_basic_credentials("user", "password-9c1d")
        .with_refresh_token("refresh-2b8e")
        .with_cookie("ss-id", "cookie-5a0f")
}

#[tokio::test]
async fn servicestack_credentials_stay_hidden() {
    let server = MockServer::start().await;
    // The host sets a session cookie and answers 401 to everything, refresh included.
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("set-cookie", "ss-tok=set-cookie-4d6c; Path=/")
                .set_body_raw(
                    r#"{"ResponseStatus":{"ErrorCode":"Unauthorized","Message":"no"}}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let runtime = servicestack_client(&server.uri());
    let client = digioffice::Client::new(runtime.clone());
    let error = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401), "{error:?}");
    assert_clean("a 401 error", &error_texts(&error));
    assert_clean("the client", &format!("{client:?} {runtime:?}"));
    assert_eq!(
        runtime.session_token().as_ref().map(Secret::expose),
        Some("set-cookie-4d6c"),
        "the cookie was kept, so the check above saw it held"
    );

    // Every credential was sent: the server saw them, the texts above did not.
    let requests = server.received_requests().await.unwrap();
    let sent: String = requests
        .iter()
        .map(|request| {
            format!(
                "{:?} {}",
                request.headers,
                String::from_utf8_lossy(&request.body)
            )
        })
        .collect();
    for sentinel in ["bearer-7f3a", "refresh-2b8e", "cookie-5a0f"] {
        assert!(sent.contains(sentinel), "{sentinel} was not sent: {sent}");
    }

    let answer = ConvertSessionToTokenResponse {
        access_token: Some(Secret::new("answer-token-3c9d")),
        ..Default::default()
    };
    assert_clean("a response DTO", &format!("{answer:?}"));
}

#[tokio::test]
async fn a_transport_error_does_not_show_credentials() {
    // Nothing listens on a port that was just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let error = digioffice::Client::new(servicestack_client(&base))
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, servicestack::Error::Transport(_)),
        "{error:?}"
    );
    assert_clean("a transport error", &error_texts(&error));

    let headers = Headers {
        header: Some(Header {
            session_id: Some(Secret::new("session-id-1f7a")),
            access_token: Some(Secret::new("access-token-8e2b")),
            ..Header::default()
        }),
    };
    let client = twinfield::Client::new(soap::Client::new(&base).unwrap()).with_headers(headers);
    let request = AccessTokenLogon {
        access_token: Some("access-token-8e2b".into()),
    };
    let error = client.access_token_logon(&request).await.unwrap_err();
    assert!(matches!(error, soap::Error::Transport(_)), "{error:?}");
    assert_clean("a SOAP transport error", &error_texts(&error));
    assert_clean(
        "a SOAP client and request",
        &format!("{client:?} {request:?}"),
    );
}

#[tokio::test]
async fn soap_header_credentials_stay_hidden_in_answers_and_faults() {
    let server = MockServer::start().await;
    let fault = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>session-id-1f7a</SessionID></Header></soap:Header><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Access denied</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(fault, "text/xml; charset=utf-8"))
        .mount(&server)
        .await;
    let headers = Headers {
        header: Some(Header {
            session_id: Some(Secret::new("session-id-1f7a")),
            access_token: Some(Secret::new("access-token-8e2b")),
            ..Header::default()
        }),
    };
    let client =
        twinfield::Client::new(soap::Client::new(&server.uri()).unwrap()).with_headers(headers);
    let error = client
        .access_token_logon(&AccessTokenLogon {
            access_token: Some("access-token-8e2b".into()),
        })
        .await
        .unwrap_err();
    assert_eq!(
        error.fault().map(|fault| fault.reason.as_str()),
        Some("Access denied")
    );
    assert_clean("a SOAP fault", &error_texts(&error));
    let sent = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&sent[0].body);
    assert!(body.contains("access-token-8e2b"), "{body}");
}

#[tokio::test]
async fn sign_in_answers_downloads_and_uploads_stay_hidden() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-tok=set-cookie-4d6c; path=/")
                .set_body_string(
                    r#"{"sessionId":"session-id-1f7a","bearerToken":"answer-token-3c9d","refreshToken":"access-token-8e2b"}"#,
                ),
        )
        .mount(&server)
        .await;
    let client = servicestack::Client::new(&server.uri()).unwrap();
    let signed_in = client.authenticate("user", "password-9c1d").await.unwrap();
    assert_clean("AuthenticateResponse", &format!("{signed_in:?}"));
    assert_clean("the signed-in client", &format!("{client:?}"));
    let request = servicestack::Authenticate {
        password: Some(Secret::new("password-9c1d")),
        ..Default::default()
    };
    assert_clean("Authenticate", &format!("{request:?}"));

    let download = client.send_streaming(&request).await.unwrap();
    assert_clean("Download", &format!("{download:?}"));
    let upload = servicestack::UploadFile::from_bytes("File", "a.txt", b"password-9c1d".to_vec());
    assert_clean("UploadFile", &format!("{upload:?}"));
}

#[test]
fn soap_security_tokens_and_added_headers_stay_hidden() {
    let client = soap::Client::new("https://example.com/service.svc")
        .unwrap()
        .with_username_token(soap::UsernameToken::new("user", "password-9c1d"))
        .with_header(
            svcgen_runtime::xml::RawXml::new(r#"<t:Token xmlns:t="urn:t">bearer-7f3a</t:Token>"#)
                .unwrap(),
        );
    assert_clean(
        "a SOAP client with a UsernameToken and a header",
        &format!("{client:?}"),
    );
}
