//! ConvertSessionToToken against a local server: the exact request the generated client
//! sends, and every field of the typed answer.

use svcgen_generated::digioffice::{Client, ConvertSessionToToken};
use svcgen_runtime::{Secret, servicestack};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.session.signature";

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/digioffice/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn client(server: &MockServer) -> Client {
    let runtime = servicestack::Client::new(&format!("{}/api", server.uri()))
        .unwrap()
        .with_bearer_token(TOKEN);
    Client::new(runtime)
}

#[tokio::test]
async fn convert_session_to_token_sends_the_seed_request_and_decodes_every_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"PreserveSession":true}"#))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json; charset=utf-8")
                .set_body_string(fixture("convert-session-to-token.response.json")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: true,
        })
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        None,
        "the DTO travels in the body only"
    );
    assert_eq!(requests[0].body, br#"{"PreserveSession":true}"#);

    let status = response.response_status.clone().unwrap();
    let expected = svcgen_tests::seed_response();
    assert_eq!(response, expected);
    assert_eq!(
        status.errors.unwrap()[0].field_name.as_deref(),
        Some("String")
    );
}

#[tokio::test]
async fn preserve_session_false_is_still_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(body_string(r#"{"PreserveSession":false}"#))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"jwt"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(
        response.access_token.as_ref().map(Secret::expose),
        Some("jwt")
    );
    assert_eq!(response.meta, None);
    assert_eq!(response.response_status, None);
}

#[tokio::test]
async fn camel_case_answers_are_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"meta":{"a":"b"},"accessToken":"jwt","responseStatus":{"errorCode":"X"}}"#,
        ))
        .mount(&server)
        .await;

    let response = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(
        response.access_token.as_ref().map(Secret::expose),
        Some("jwt")
    );
    assert_eq!(response.meta.unwrap()["a"], "b");
    assert_eq!(
        response.response_status.unwrap().error_code.as_deref(),
        Some("X")
    );
}

#[tokio::test]
async fn an_error_answer_with_response_status_becomes_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_string(fixture("unauthorized.response.json")),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(401));
    assert_eq!(error.error_code(), Some("TokenException"));
    let status = error.response_status().unwrap();
    assert_eq!(status.message.as_deref(), Some("Token has expired"));
    let field_errors = status.errors.as_ref().unwrap();
    assert_eq!(field_errors.len(), 1);
    assert_eq!(field_errors[0].error_code.as_deref(), Some("Expired"));
    assert_eq!(field_errors[0].field_name.as_deref(), Some("BearerToken"));
    assert_eq!(
        field_errors[0].message.as_deref(),
        Some("The token expired at 2026-11-22T08:00:00Z")
    );
    assert_eq!(
        error.to_string(),
        "HTTP 401: TokenException: Token has expired"
    );
}

#[tokio::test]
async fn tokens_never_reach_debug_output() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"eyJ.issued-jwt.sig"}"#),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(
        response.access_token.as_ref().unwrap().expose(),
        "eyJ.issued-jwt.sig"
    );
    let shown = format!("{response:?} {client:?}");
    assert!(!shown.contains("issued-jwt"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_400_carries_every_field_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_string(fixture("validation-error.response.json")),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    let errors = error.response_status().unwrap().errors.clone().unwrap();
    let fields: Vec<_> = errors
        .iter()
        .map(|e| (e.field_name.as_deref(), e.error_code.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some("Name"), Some("NotEmpty")),
            (Some("PageSize"), Some("GreaterThan"))
        ]
    );
    assert_eq!(errors[1].meta.as_ref().unwrap()["PropertyName"], "PageSize");
}

#[tokio::test]
async fn a_non_servicestack_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_string("<html><body>Internal Server Error</body></html>"),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    match error {
        servicestack::Error::Status { status, body, .. } => {
            assert_eq!(status, 500);
            assert_eq!(body, "<html><body>Internal Server Error</body></html>");
        }
        other => panic!("expected a status error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":42}"#))
        .mount(&server)
        .await;

    let error = client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, servicestack::Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("ConvertSessionToTokenResponse"),
        "{error}"
    );
}
