//! One generated client under load from a local server: concurrent calls each get their
//! own answer, and memory does not grow with the number of calls.

use svcgen_generated::twinfield::{AccessTokenLogon, Client};
use svcgen_runtime::soap;
use svcgen_tests::raw_server::{self, Received};

/// Answers each `AccessTokenLogon` with a cluster and session derived from its token, so
/// a response that went to the wrong caller shows.
fn echo(request: &Received) -> Vec<u8> {
    let body = String::from_utf8_lossy(&request.body);
    let token = body
        .split_once("<accessToken>")
        .and_then(|(_, rest)| rest.split_once("</accessToken>"))
        .map_or("none", |(token, _)| token);
    let envelope = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Header xmlns="http://www.twinfield.com/"><SessionID>sid-{token}</SessionID></Header></soap:Header><soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult><cluster>https://{token}.example</cluster></AccessTokenLogonResponse></soap:Body></soap:Envelope>"#
    );
    raw_server::ok("text/xml; charset=utf-8", envelope.as_bytes())
}

/// A keep-alive server that holds nothing per request (wiremock keeps state per request
/// even with recording off, which would hide the client's own memory use).
async fn client() -> Client {
    let base = raw_server::keep_alive(echo).await;
    Client::new(soap::Client::new(&base).unwrap())
}

/// Calls with token `token-{n}` and checks the answer is the one for `n`.
async fn call(client: &Client, n: usize) {
    let token = format!("token-{n}");
    let answer = client
        .access_token_logon(&AccessTokenLogon {
            access_token: Some(token.as_str().into()),
        })
        .await
        .unwrap();
    assert_eq!(
        answer.body.cluster.as_deref(),
        Some(format!("https://{token}.example").as_str())
    );
    let session = answer.headers.header.and_then(|header| header.session_id);
    assert_eq!(
        session.as_ref().map(svcgen_runtime::Secret::expose),
        Some(format!("sid-{token}").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_each_get_their_own_answer() {
    let client = client().await;
    let calls: Vec<_> = (0..1000)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { call(&client, n).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap();
    }
}

/// Resident memory of this process, in bytes (Linux).
fn resident_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_over_a_hundred_thousand_calls() {
    let Some(_) = resident_bytes() else {
        eprintln!("notice: no /proc/self/statm here; cannot measure memory");
        return;
    };
    let client = client().await;
    // Warm up: connection pool, allocator arenas, lazily built tables.
    for n in 0..10_000 {
        call(&client, n).await;
    }
    let before = resident_bytes().unwrap();
    for n in 0..100_000 {
        call(&client, n).await;
    }
    let after = resident_bytes().unwrap();
    // A leak of even 100 bytes per call would add 10 MB.
    assert!(
        after < before + 8 * 1024 * 1024,
        "resident memory grew from {before} to {after} bytes"
    );
}
