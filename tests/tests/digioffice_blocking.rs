//! The blocking client: same request, same typed answer and errors, no async runtime in
//! the caller. The local servers run on their own runtimes' threads.

use svcgen_generated::digioffice::ConvertSessionToToken;
use svcgen_generated::digioffice::blocking::Client;
use svcgen_generated::digioffice::mock::Failure;
use svcgen_runtime::servicestack;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_blocking_client_sends_the_same_request() {
    let runtime = server_runtime();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(
        Mock::given(method("POST"))
            .and(path("/api/session-to-token"))
            .and(header("authorization", "Bearer jwt"))
            .and(body_string(r#"{"PreserveSession":true}"#))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("set-cookie", "ss-tok=cookie-jwt; path=/")
                    .set_body_string(r#"{"Meta":{"a":"b"}}"#),
            )
            .expect(1)
            .mount(&server),
    );

    let async_client = servicestack::Client::new(&format!("{}/api", server.uri()))
        .unwrap()
        .with_bearer_token("jwt");
    let client = Client::new(servicestack::blocking::Client::new(async_client).unwrap());
    let answer = client
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: true,
        })
        .unwrap();
    assert_eq!(answer.meta.unwrap()["a"], "b");
    assert_eq!(
        client.runtime().inner().session_token().unwrap().expose(),
        "cookie-jwt"
    );
    runtime.block_on(server.verify());
}

/// Against the generated mock, which runs on its own thread: no runtime to manage.
#[test]
fn the_blocking_client_reports_typed_errors() {
    let mock = svcgen_generated::digioffice::mock::Mock::start().unwrap();
    mock.on_convert_session_to_token(|_| Err(Failure::new(403, "Forbidden", "Invalid Role")));
    let async_client = servicestack::Client::new(mock.url())
        .unwrap()
        .with_bearer_token("jwt");
    let client = Client::new(servicestack::blocking::Client::new(async_client).unwrap());
    let error = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .unwrap_err();
    assert_eq!(
        (error.status(), error.error_code()),
        (Some(403), Some("Forbidden"))
    );
    let status = error.response_status().unwrap();
    assert_eq!(status.message.as_deref(), Some("Invalid Role"));
}

#[test]
fn the_blocking_client_refuses_to_run_inside_an_async_runtime() {
    let async_client = servicestack::Client::new("http://127.0.0.1:9/api").unwrap();
    let client = Client::new(servicestack::blocking::Client::new(async_client).unwrap());
    let outer = server_runtime();
    let error = outer
        .block_on(async { client.convert_session_to_token(&ConvertSessionToToken::default()) })
        .unwrap_err();
    assert!(
        error.to_string().contains("inside an async runtime"),
        "{error}"
    );
}
