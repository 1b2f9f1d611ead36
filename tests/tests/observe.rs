//! Seeing and shaping every call, on both clients: hooks that change requests and see raw
//! answers, raw access and decoding later, retries counted and timed by a local server.
//! What `tracing` records is in `trace_output.rs`, a process of its own.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use svcgen_generated::digioffice::{ConvertSessionToToken, ConvertSessionToTokenResponse};
use svcgen_generated::twinfield::{self, AccessTokenLogon, AccessTokenLogonResponse, Headers};
use svcgen_runtime::hook::{CallInfo, Hook, RawResponse};
use svcgen_runtime::retry::RetryPolicy;
use svcgen_runtime::{servicestack, soap};
use svcgen_tests::header_of;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LOGON_ANSWER: &str = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>session-from-host</SessionID></Header></soap:Header><soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>https://c3.twinfield.com</cluster></AccessTokenLogonResponse></soap:Body></soap:Envelope>"#;

/// A hook that stamps each request and keeps what it saw.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

impl Hook for Recorder {
    fn on_request(&self, call: &CallInfo<'_>, request: &mut svcgen_runtime::reqwest::Request) {
        let stamp = format!("{}#{}", call.operation, call.attempt);
        request
            .headers_mut()
            .insert("x-correlation-id", stamp.parse().unwrap());
        self.seen.lock().unwrap().push(format!("request {stamp}"));
    }

    fn on_response(&self, call: &CallInfo<'_>, response: &RawResponse) {
        let body = String::from_utf8_lossy(&response.body).into_owned();
        self.seen.lock().unwrap().push(format!(
            "answer {} {} {body}",
            call.operation, response.status
        ));
    }
}

struct Shared(Arc<Recorder>);

impl Hook for Shared {
    fn on_request(&self, call: &CallInfo<'_>, request: &mut svcgen_runtime::reqwest::Request) {
        self.0.on_request(call, request);
    }

    fn on_response(&self, call: &CallInfo<'_>, response: &RawResponse) {
        self.0.on_response(call, response);
    }
}

#[tokio::test]
async fn hooks_change_requests_and_see_raw_answers_on_both_clients() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/api/session-to-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"jwt"}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/webservices/session.asmx"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(LOGON_ANSWER, "text/xml; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let servicestack = servicestack::Client::new(&format!("{}/api", server.uri()))
        .unwrap()
        .with_hook(Shared(Arc::clone(&recorder)));
    servicestack
        .send(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let soap = soap::Client::new(&format!("{}/webservices/session.asmx", server.uri()))
        .unwrap()
        .with_hook(Shared(Arc::clone(&recorder)));
    twinfield::Client::new(soap)
        .access_token_logon(&AccessTokenLogon { access_token: None })
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let stamps: Vec<Option<String>> = received
        .iter()
        .map(|request| header_of(request, "x-correlation-id"))
        .collect();
    assert_eq!(
        stamps,
        [
            Some("ConvertSessionToToken#1".to_owned()),
            Some("AccessTokenLogon#1".to_owned())
        ]
    );
    let seen = recorder.seen.lock().unwrap().clone();
    assert_eq!(seen[0], "request ConvertSessionToToken#1");
    assert_eq!(
        seen[1],
        r#"answer ConvertSessionToToken 200 {"AccessToken":"jwt"}"#
    );
    assert_eq!(seen[2], "request AccessTokenLogon#1");
    assert_eq!(
        seen[3],
        format!("answer AccessTokenLogon 200 {LOGON_ANSWER}")
    );
}

#[tokio::test]
async fn raw_answers_come_back_undecoded_and_decode_later() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string(r#"{"ResponseStatus":{"ErrorCode":"Invalid","Message":"no"}}"#),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"jwt"}"#))
        .mount(&server)
        .await;
    let client = servicestack::Client::new(&format!("{}/api", server.uri())).unwrap();
    let refused = client
        .send_raw(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(refused.status, 400, "not an error: the raw answer");
    let error = client
        .decode::<ConvertSessionToToken>(&refused)
        .unwrap_err();
    assert_eq!(error.error_code(), Some("Invalid"));
    let raw = client
        .send_raw(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let decoded: ConvertSessionToTokenResponse =
        client.decode::<ConvertSessionToToken>(&raw).unwrap();
    assert_eq!(decoded.access_token.unwrap().expose(), "jwt");
    assert!(
        !format!("{raw:?}").contains("jwt"),
        "raw answers show their size only"
    );

    let soap_server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(LOGON_ANSWER, "text/xml; charset=utf-8"),
        )
        .mount(&soap_server)
        .await;
    let soap = soap::Client::new(&soap_server.uri()).unwrap();
    let raw = soap
        .call_raw(
            &twinfield::operations::ACCESS_TOKEN_LOGON,
            &AccessTokenLogon::default(),
            &Headers::default(),
        )
        .await
        .unwrap();
    assert_eq!(raw.body, LOGON_ANSWER.as_bytes());
    let response: soap::Response<AccessTokenLogonResponse, Headers> =
        soap::Client::decode(&twinfield::operations::ACCESS_TOKEN_LOGON, &raw).unwrap();
    assert_eq!(
        response.body.cluster.as_deref(),
        Some("https://c3.twinfield.com")
    );
}

/// Answers 503 (with `Retry-After` when given) until `failures` requests have come, then
/// `ok`, noting when each request arrived.
struct Flaky {
    failures: usize,
    retry_after: Option<&'static str>,
    ok: ResponseTemplate,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for Flaky {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        if arrivals.len() > self.failures {
            return self.ok.clone();
        }
        let busy = ResponseTemplate::new(503);
        match self.retry_after {
            Some(after) => busy.insert_header("retry-after", after),
            None => busy,
        }
    }
}

async fn flaky(
    failures: usize,
    retry_after: Option<&'static str>,
    ok: ResponseTemplate,
) -> (MockServer, Arc<Mutex<Vec<Instant>>>) {
    let server = MockServer::start().await;
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    Mock::given(wiremock::matchers::any())
        .respond_with(Flaky {
            failures,
            retry_after,
            ok,
            arrivals: Arc::clone(&arrivals),
        })
        .mount(&server)
        .await;
    (server, arrivals)
}

/// A GET: idempotent, so retried.
#[derive(Debug, Default, serde::Serialize)]
struct Status {}

impl servicestack::Request for Status {
    type Response = ();
    const OPERATION: &'static str = "Status";
    const METHOD: servicestack::Method = servicestack::Method::Get;
    const ROUTES: &'static [servicestack::Route] = &[];
    const RESPONSE_BODY: servicestack::ResponseBody = servicestack::ResponseBody::Empty;
}

#[tokio::test]
async fn idempotent_calls_are_retried_with_backoff_and_retry_after_honoured() {
    let quick = RetryPolicy::default()
        .with_initial_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_secs(2));
    let (server, arrivals) = flaky(2, None, ResponseTemplate::new(204)).await;
    let client = servicestack::Client::new(&server.uri())
        .unwrap()
        .with_retry(quick.clone());
    client.send(&Status {}).await.unwrap();
    assert_eq!(
        arrivals.lock().unwrap().len(),
        3,
        "two 503s, then the answer"
    );

    // `Retry-After: 1` is waited for.
    let (server, arrivals) = flaky(1, Some("1"), ResponseTemplate::new(204)).await;
    let client = servicestack::Client::new(&server.uri())
        .unwrap()
        .with_retry(quick.clone());
    client.send(&Status {}).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 2);
    let waited = arrivals[1] - arrivals[0];
    assert!(waited >= Duration::from_millis(950), "{waited:?}");

    // The attempts run out: the last answer is the error.
    let (server, arrivals) = flaky(10, None, ResponseTemplate::new(204)).await;
    let client = servicestack::Client::new(&server.uri())
        .unwrap()
        .with_retry(quick.with_max_attempts(4));
    let error = client.send(&Status {}).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(arrivals.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn posts_and_soap_calls_are_retried_only_when_marked() {
    let policy = RetryPolicy::default().with_initial_delay(Duration::from_millis(10));
    let (server, arrivals) = flaky(1, None, ResponseTemplate::new(200).set_body_string("{}")).await;
    let client = servicestack::Client::new(&server.uri())
        .unwrap()
        .with_retry(policy.clone());
    let error = client
        .send(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        arrivals.lock().unwrap().len(),
        1,
        "a POST is not sent twice unless asked"
    );

    let logon_ok = ResponseTemplate::new(200).set_body_raw(LOGON_ANSWER, "text/xml; charset=utf-8");
    let (server, arrivals) = flaky(1, None, logon_ok.clone()).await;
    let plain = twinfield::Client::new(
        soap::Client::new(&server.uri())
            .unwrap()
            .with_retry(policy.clone()),
    );
    assert!(
        plain
            .access_token_logon(&AccessTokenLogon::default())
            .await
            .is_err()
    );
    assert_eq!(arrivals.lock().unwrap().len(), 1);

    let (server, arrivals) = flaky(1, None, logon_ok).await;
    let marked = policy.with_idempotent_operations(["AccessTokenLogon"]);
    let client =
        twinfield::Client::new(soap::Client::new(&server.uri()).unwrap().with_retry(marked));
    let response = client
        .access_token_logon(&AccessTokenLogon::default())
        .await
        .unwrap();
    assert_eq!(
        response.body.cluster.as_deref(),
        Some("https://c3.twinfield.com")
    );
    assert_eq!(arrivals.lock().unwrap().len(), 2);
}
