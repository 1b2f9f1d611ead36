//! Error answers real hosts send, decoded by a generated client from a local server.

use svcgen_generated::digioffice::{Client, ConvertSessionToToken};
use svcgen_runtime::servicestack;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn call_with_answer(status: u16, body: Vec<u8>) -> servicestack::Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body, "application/json; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let runtime = servicestack::Client::new(&format!("{}/api", server.uri())).unwrap();
    Client::new(runtime)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err()
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn a_real_error_body_starting_with_a_bom_is_a_typed_error() {
    let shared = svcgen_tests::shared_fixtures();
    let path =
        shared.join("servicestack/real/wire/error-response.servicestack-text.camelcase.json");
    let body = std::fs::read(&path).unwrap();
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "the fixture keeps its BOM"
    );

    let error = call_with_answer(500, body).await;
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.error_code(), Some("SqlException"));
    let status = error.response_status().unwrap();
    assert!(
        status
            .message
            .as_deref()
            .unwrap()
            .starts_with("The INSERT statement conflicted")
    );
    assert!(
        status
            .stack_trace
            .as_deref()
            .unwrap()
            .starts_with("[MyDTORequest: 19/02/2014 07:29:11]")
    );
    assert_eq!(status.errors.as_deref(), Some(&[][..]));
}

#[tokio::test]
async fn an_empty_error_body_keeps_the_status() {
    let mock = svcgen_generated::digioffice::mock::Mock::start().unwrap();
    mock.runtime()
        .server()
        .script(svcgen_runtime::mock::Step::Status(503));
    let error = mock
        .client()
        .unwrap()
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, servicestack::Error::Status { status: 503, body, .. } if body.is_empty()),
        "{error:?}"
    );
}
