//! What `tracing` records of calls on both clients: a span per call (operation, method,
//! URL, SOAP action and version, status, attempt) and at TRACE level each request and
//! answer, with every credential redacted. Alone in its test binary: `tracing` caches
//! whether a callsite is enabled, and other tests running without a subscriber in the same
//! process would race with the one this test sets.

use std::sync::{Arc, Mutex};

use svcgen_generated::digioffice::ConvertSessionToToken;
use svcgen_generated::twinfield::{self, AccessTokenLogon};
use svcgen_runtime::{servicestack, soap};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOGON_ANSWER: &str = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>session-from-host</SessionID></Header></soap:Header><soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>https://c3.twinfield.com</cluster></AccessTokenLogonResponse></soap:Body></soap:Envelope>"#;

/// Everything the fmt subscriber writes, for a test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_trace_shows_each_call_and_its_bodies_never_a_credential() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/api/session-to-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-tok=cookie-token-1; path=/")
                .set_body_string(r#"{"AccessToken":"answer-token-2"}"#),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/webservices/session.asmx"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(LOGON_ANSWER, "text/xml; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let servicestack = servicestack::Client::new(&format!("{}/api", server.uri()))
        .unwrap()
        .with_bearer_token("bearer-secret-3")
        .with_cookie("ss-id", "cookie-secret-4");
    servicestack
        .send(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let soap = soap::Client::new(&format!("{}/webservices/session.asmx", server.uri()))
        .unwrap()
        .with_username_token(soap::UsernameToken::new("alice", "password-secret-5"));
    twinfield::Client::new(soap)
        .access_token_logon(&AccessTokenLogon {
            access_token: Some("access-secret-6".into()),
        })
        .await
        .unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for secret in [
        "answer-token-2",
        "cookie-token-1",
        "bearer-secret-3",
        "cookie-secret-4",
        "password-secret-5",
        "access-secret-6",
        "session-from-host",
    ] {
        assert!(!log.contains(secret), "the trace shows {secret}:\n{log}");
    }
    for expected in [
        "svcgen.call{service=\"127.0.0.1\" operation=\"ConvertSessionToToken\" http.method=\"POST\"",
        "status=200",
        "time.busy=",
        r#"body={"AccessToken":"<redacted>"}"#,
        "authorization: <redacted>",
        "svcgen.call{service=\"127.0.0.1\" operation=\"AccessTokenLogon\" http.method=\"POST\"",
        "soap.action=\"http://www.twinfield.com/AccessTokenLogon\" soap.version=\"1.1\"",
        "<wsse:Password Type=",
        "<SessionID>&lt;redacted&gt;</SessionID>",
        "<accessToken>&lt;redacted&gt;</accessToken>",
    ] {
        assert!(log.contains(expected), "the trace lacks {expected}:\n{log}");
    }
}
