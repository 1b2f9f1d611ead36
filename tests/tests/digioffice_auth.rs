//! Authentication as DigiOffice clients use it, against a local server: cookie sessions,
//! the JWT that ConvertSessionToToken returns only in the `ss-tok` cookie, Basic
//! credentials, and one refresh through GetAccessToken after a 401.

use svcgen_generated::digioffice::{Client, ConvertSessionToToken};
use svcgen_runtime::servicestack;
use svcgen_tests::header_of;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn runtime(server: &MockServer) -> servicestack::Client {
    servicestack::Client::new(&format!("{}/api", server.uri())).unwrap()
}

#[tokio::test]
async fn a_cookie_session_becomes_a_token_found_in_the_ss_tok_cookie() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("cookie", "ss-id=session-1; ss-pid=permanent-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-tok=eyJ.cookie-jwt.sig; path=/; HttpOnly")
                .set_body_string(r#"{"Meta":{}}"#),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::new(
        runtime(&server)
            .with_cookie("ss-id", "session-1")
            .with_cookie("ss-pid", "permanent-1"),
    );
    let answer = client
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: true,
        })
        .await
        .unwrap();
    assert_eq!(
        answer.access_token, None,
        "this host leaves the token out of the body"
    );
    let token = client.runtime().session_token().unwrap();
    assert_eq!(token.expose(), "eyJ.cookie-jwt.sig");
    assert!(!format!("{client:?}").contains("cookie-jwt"));
}

#[tokio::test]
async fn cookies_set_by_the_host_are_sent_back_by_every_clone() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-tok=jwt-2; path=/")
                .set_body_string("{}"),
        )
        .mount(&server)
        .await;
    let client = Client::new(runtime(&server));
    let clone = client.clone();
    client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    clone
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header_of(&requests[0], "cookie"), None);
    assert_eq!(
        header_of(&requests[1], "cookie").as_deref(),
        Some("ss-tok=jwt-2")
    );
}

#[tokio::test]
async fn basic_credentials_are_sent_when_there_is_no_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("authorization", "Basic YW5uOmh1bnRlcjI="))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(runtime(&server).with_basic_credentials("ann", "hunter2"));
    client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_401_is_answered_by_one_refresh_and_one_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", "Bearer expired-jwt"))
        .respond_with(ResponseTemplate::new(401).set_body_string(
            r#"{"ResponseStatus":{"ErrorCode":"TokenException","Message":"Token has expired"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/json/reply/GetAccessToken"))
        .and(body_string(r#"{"RefreshToken":"refresh-1"}"#))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"fresh-jwt"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", "Bearer fresh-jwt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"converted"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::new(
        runtime(&server)
            .with_bearer_token("expired-jwt")
            .with_refresh_token("refresh-1"),
    );
    let answer = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(answer.access_token.unwrap().expose(), "converted");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        header_of(&requests[1], "authorization"),
        None,
        "the expired token is not sent to GetAccessToken"
    );
}

#[tokio::test]
async fn a_cookie_session_refreshes_with_its_ss_reftok_cookie() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header(
            "cookie",
            "ss-reftok=cookie-refresh; ss-tok=expired-jwt",
        ))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/json/reply/GetAccessToken"))
        .and(body_string(r#"{"RefreshToken":"cookie-refresh"}"#))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"fresh-jwt"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", "Bearer fresh-jwt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"converted"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::new(
        runtime(&server)
            .with_cookie("ss-tok", "expired-jwt")
            .with_cookie("ss-reftok", "cookie-refresh"),
    );
    let answer = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    assert_eq!(answer.access_token.unwrap().expose(), "converted");
}

#[tokio::test]
async fn a_failed_refresh_is_reported_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .respond_with(ResponseTemplate::new(401).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/json/reply/GetAccessToken"))
        .respond_with(ResponseTemplate::new(401).set_body_string(
            r#"{"ResponseStatus":{"ErrorCode":"RefreshTokenException","Message":"Refresh token has expired"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(
        runtime(&server)
            .with_bearer_token("expired")
            .with_refresh_token("also-expired"),
    );
    let error = client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(error.error_code(), Some("RefreshTokenException"));
}

#[test]
fn clients_are_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<servicestack::Client>();
}

#[tokio::test]
async fn a_refresh_answered_only_with_an_ss_tok_cookie_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", "Bearer expired-jwt"))
        .respond_with(ResponseTemplate::new(401).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/json/reply/GetAccessToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-tok=cookie-jwt; path=/; HttpOnly")
                .set_body_string("{}"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("authorization", "Bearer cookie-jwt"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(
        runtime(&server)
            .with_bearer_token("expired-jwt")
            .with_refresh_token("refresh-1"),
    );
    client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn configuring_a_clone_leaves_the_original_alone() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let first = runtime(&server).with_bearer_token("user-a");
    let second = first
        .clone()
        .with_bearer_token("user-b")
        .with_cookie("ss-id", "b-session");
    Client::new(first)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    Client::new(second)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        header_of(&requests[0], "authorization").as_deref(),
        Some("Bearer user-a")
    );
    assert_eq!(header_of(&requests[0], "cookie"), None);
    assert_eq!(
        header_of(&requests[1], "authorization").as_deref(),
        Some("Bearer user-b")
    );
    assert_eq!(
        header_of(&requests[1], "cookie").as_deref(),
        Some("ss-id=b-session")
    );
}
