//! Every way the ServiceStack runtime client calls a host, against a local server: answers
//! that are not DTOs (text, bytes, streams, void bodies), batches and one-way calls on each
//! route family, signing in, file uploads, the refresh on the host's route family, the
//! User-Agent and the error helpers. Requests here are hand-written `Request` impls, as
//! generated code writes them.

use std::io::Read as _;

use svcgen_runtime::servicestack::{
    self, Method, PredefinedRoute, Request, ResponseBody, Route, UploadFile,
};
use svcgen_runtime::value::Bytes;
use svcgen_tests::header_of;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Default, serde::Serialize)]
struct Ping {
    #[serde(rename = "Name")]
    name: String,
}

impl Request for Ping {
    type Response = String;
    const OPERATION: &'static str = "Ping";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[];
    const PREDEFINED_ROUTE: PredefinedRoute = PredefinedRoute::Api;
    const RESPONSE_BODY: ResponseBody = ResponseBody::Text;
}

#[derive(Debug, Default, serde::Serialize)]
struct GetFile {
    #[serde(rename = "Path")]
    path: String,
}

impl Request for GetFile {
    type Response = Bytes;
    const OPERATION: &'static str = "GetFile";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route {
        path: "/files/{Path}",
        methods: &[],
    }];
    const RESPONSE_BODY: ResponseBody = ResponseBody::Bytes;
}

#[derive(Debug, Default, serde::Serialize)]
struct DeleteTodo {
    #[serde(rename = "Id")]
    id: i64,
}

impl Request for DeleteTodo {
    type Response = ();
    const OPERATION: &'static str = "DeleteTodo";
    const METHOD: Method = Method::Delete;
    const ROUTES: &'static [Route] = &[Route {
        path: "/todos/{Id}",
        methods: &[Method::Delete],
    }];
    const PREDEFINED_ROUTE: PredefinedRoute = PredefinedRoute::Api;
    const RESPONSE_BODY: ResponseBody = ResponseBody::Empty;
}

#[derive(Debug, Default, Clone, serde::Serialize)]
struct Hello {
    #[serde(rename = "Name")]
    name: String,
}

#[derive(Debug, Default, PartialEq, serde::Deserialize)]
struct HelloResponse {
    #[serde(rename = "Result", alias = "result")]
    result: String,
}

impl Request for Hello {
    type Response = HelloResponse;
    const OPERATION: &'static str = "Hello";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[];
    const PREDEFINED_ROUTE: PredefinedRoute = PredefinedRoute::Api;
}

/// A v5 host's request: `/json/reply` family.
#[derive(Debug, Default, Clone, serde::Serialize)]
struct LegacyHello {
    #[serde(rename = "Name")]
    name: String,
}

impl Request for LegacyHello {
    type Response = HelloResponse;
    const OPERATION: &'static str = "LegacyHello";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[];
}

#[derive(Debug, Default, serde::Serialize)]
struct UploadPhoto {
    #[serde(rename = "Album")]
    album: String,
    #[serde(rename = "Tags")]
    tags: Vec<String>,
}

impl Request for UploadPhoto {
    type Response = HelloResponse;
    const OPERATION: &'static str = "UploadPhoto";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route {
        path: "/photos",
        methods: &[Method::Post],
    }];
}

fn client(server: &MockServer) -> servicestack::Client {
    servicestack::Client::new(&server.uri()).unwrap()
}

#[tokio::test]
async fn a_string_operation_returns_the_raw_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/Ping"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("pong", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let text = client(&server)
        .send(&Ping { name: "x".into() })
        .await
        .unwrap();
    assert_eq!(text, "pong");
}

#[tokio::test]
async fn a_bytes_operation_returns_the_raw_bytes_and_streams_past_the_limit() {
    let body: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/a.bin"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let request = GetFile {
        path: "a.bin".into(),
    };
    let bytes = client(&server).send(&request).await.unwrap();
    assert_eq!(bytes.0, body);

    let limited = client(&server).with_max_response_bytes(1024);
    assert!(matches!(
        limited.send(&request).await.unwrap_err(),
        servicestack::Error::BodyTooLarge { limit: 1024 }
    ));
    let mut download = limited.send_streaming(&request).await.unwrap();
    assert_eq!(download.status(), 200);
    let mut streamed = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        streamed.extend_from_slice(&chunk);
    }
    assert_eq!(streamed, body, "no limit applies to a download");
}

#[test]
fn the_blocking_client_streams_into_a_reader() {
    let body: Vec<u8> = (0..=255u8).rev().cycle().take(70_000).collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(body.clone(), "application/octet-stream"),
            )
            .mount(&server)
            .await;
        server
    });
    let blocking = servicestack::blocking::Client::new(
        servicestack::Client::new(&server.uri())
            .unwrap()
            .with_max_response_bytes(10),
    )
    .unwrap();
    let mut download = blocking
        .send_streaming(&GetFile {
            path: "b.bin".into(),
        })
        .unwrap();
    let mut streamed = Vec::new();
    download.read_to_end(&mut streamed).unwrap();
    assert_eq!(streamed, body);
    drop(blocking);
}

#[tokio::test]
async fn a_streaming_call_that_fails_is_the_hosts_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string(
            r#"{"responseStatus":{"errorCode":"NotFound","message":"no such file"}}"#,
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .send_streaming(&GetFile {
            path: "gone".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.error_code()),
        (Some(404), Some("NotFound"))
    );
}

#[tokio::test]
async fn a_void_operation_ignores_whatever_2xx_body_comes() {
    for (status, body) in [
        (200, "{}"),
        (200, ""),
        (204, ""),
        (200, r#"{"ignored":true}"#),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/todos/7"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .expect(1)
            .mount(&server)
            .await;
        client(&server)
            .send(&DeleteTodo { id: 7 })
            .await
            .unwrap_or_else(|error| panic!("{status} {body:?}: {error}"));
    }
}

#[tokio::test]
async fn the_refresh_goes_to_the_hosts_route_family() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/Hello"))
        .and(header("authorization", "Bearer expired"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/GetAccessToken"))
        .and(body_json(serde_json::json!({"RefreshToken": "refresh-1"})))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"accessToken":"fresh"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/Hello"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"result":"hi"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server)
        .with_bearer_token("expired")
        .with_refresh_token("refresh-1");
    let answer = client.send(&Hello { name: "a".into() }).await.unwrap();
    assert_eq!(answer.result, "hi");
}

#[tokio::test]
async fn send_all_posts_one_batch_and_reads_the_answers_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/Hello[]"))
        .and(body_json(serde_json::json!([{"Name": "a"}, {"Name": "b"}])))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"[{"result":"A"},{"result":"B"}]"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    // `/api` has no batch route for void or body-less operations: `/json/reply` has.
    Mock::given(method("POST"))
        .and(path("/json/reply/DeleteTodo[]"))
        .and(body_json(serde_json::json!([{"Id": 1}, {"Id": 2}])))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let requests = [Hello { name: "a".into() }, Hello { name: "b".into() }];
    let answers = client.send_all(&requests).await.unwrap();
    let results: Vec<&str> = answers
        .iter()
        .map(|answer| answer.result.as_str())
        .collect();
    assert_eq!(results, ["A", "B"]);
    let deleted = client
        .send_all(&[DeleteTodo { id: 1 }, DeleteTodo { id: 2 }])
        .await
        .unwrap();
    assert_eq!(deleted.len(), 2);
    assert!(client.send_all::<Hello>(&[]).await.unwrap().is_empty());
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "an empty batch sends nothing"
    );
}

#[tokio::test]
async fn a_failed_batch_says_which_request_failed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string(
            r#"{"responseStatus":{"errorCode":"ArgumentException","message":"bad","meta":{"AutoBatchIndex":"1"}}}"#,
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .send_all(&[Hello::default(), Hello::default()])
        .await
        .unwrap_err();
    let meta = error.response_status().unwrap().meta.as_ref().unwrap();
    assert_eq!(meta["AutoBatchIndex"], "1");
}

#[tokio::test]
async fn publish_is_one_way_on_each_route_family() {
    let server = MockServer::start().await;
    for route in [
        "/json/oneway/LegacyHello",
        "/json/oneway/LegacyHello[]",
        "/api/Hello",
        "/api/Hello[]",
    ] {
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let legacy = LegacyHello { name: "a".into() };
    client.publish(&legacy).await.unwrap();
    client.publish_all(&[legacy.clone(), legacy]).await.unwrap();
    client.publish(&Hello::default()).await.unwrap();
    client.publish_all(&[Hello::default()]).await.unwrap();
    client.publish_all::<Hello>(&[]).await.unwrap();
    let bodies: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| String::from_utf8(request.body.clone()).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"Name":"a"}"#,
            r#"[{"Name":"a"},{"Name":"a"}]"#,
            r#"{"Name":""}"#,
            r#"[{"Name":""}]"#
        ]
    );
}

#[tokio::test]
async fn authenticate_signs_in_and_keeps_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/credentials"))
        .and(body_json(serde_json::json!({
            "provider": "credentials",
            "UserName": "admin@email.com",
            "Password": "p@55wOrd",
            "RememberMe": true
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", "ss-id=session-9; path=/")
                .set_body_string(
                    r#"{"userId":"1","sessionId":"session-9","userName":"admin@email.com","bearerToken":"jwt-1","refreshToken":"refresh-1","roles":["Admin"]}"#,
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/credentials"))
        .and(body_string(r#"{"provider":"credentials","UserName":"admin@email.com","Password":"wrong","RememberMe":true}"#))
        .respond_with(ResponseTemplate::new(401).set_body_string(
            r#"{"responseStatus":{"errorCode":"Unauthorized","message":"Invalid Username or Password"}}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/Hello"))
        .and(header("authorization", "Bearer jwt-1"))
        .and(header("cookie", "ss-id=session-9"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"result":"signed in"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let refused = client
        .authenticate("admin@email.com", "wrong")
        .await
        .unwrap_err();
    assert!(refused.is_unauthorized());
    assert!(!format!("{refused:?} {refused}").contains("wrong"));

    let session = client
        .authenticate("admin@email.com", "p@55wOrd")
        .await
        .unwrap();
    assert_eq!(session.roles.as_deref(), Some(&["Admin".to_owned()][..]));
    let shown = format!("{session:?}");
    for secret in ["jwt-1", "refresh-1", "session-9"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let answer = client.clone().send(&Hello::default()).await.unwrap();
    assert_eq!(answer.result, "signed in");
}

/// The parts of a `multipart/form-data` body: (headers, content) by part.
fn parts(request: &wiremock::Request) -> Vec<(String, Vec<u8>)> {
    let content_type = header_of(request, "content-type").unwrap();
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap()
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut parts = Vec::new();
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = body[at..]
        .windows(delimiter.len())
        .position(|window| window == delimiter.as_bytes())
    {
        starts.push(at + found);
        at += found + delimiter.len();
    }
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = part
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .unwrap();
        let head = String::from_utf8(part[..split].to_vec()).unwrap();
        parts.push((head, part[split + 4..].to_vec()));
    }
    parts
}

#[tokio::test]
async fn uploads_send_the_members_as_fields_and_stream_each_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/photos"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"result":"stored"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let on_disk = dir.path().join("holiday.png");
    let png: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    std::fs::write(&on_disk, &png).unwrap();
    let request = UploadPhoto {
        album: "Holiday 2026".into(),
        tags: vec!["sea".into(), "sun".into()],
    };
    let files = [
        UploadFile::from_path("Photo", &on_disk),
        UploadFile::from_bytes("Notes", "notes.txt", b"dear diary".to_vec()),
        UploadFile::from_reader("Raw", "raw.dat", std::io::Cursor::new(vec![1u8, 2, 3]))
            .with_content_type("application/x-raw"),
    ];
    let answer = client(&server)
        .send_with_files(&request, &files)
        .await
        .unwrap();
    assert_eq!(answer.result, "stored");

    let received = &server.received_requests().await.unwrap()[0];
    assert!(
        header_of(received, "content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let parts = parts(received);
    let heads: Vec<&str> = parts.iter().map(|(head, _)| head.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Content-Disposition: form-data; name=\"Album\"",
            "Content-Disposition: form-data; name=\"Tags\"",
            "Content-Disposition: form-data; name=\"Photo\"; filename=\"holiday.png\"\r\nContent-Type: image/png",
            "Content-Disposition: form-data; name=\"Notes\"; filename=\"notes.txt\"\r\nContent-Type: text/plain",
            "Content-Disposition: form-data; name=\"Raw\"; filename=\"raw.dat\"\r\nContent-Type: application/x-raw",
        ]
    );
    let contents: Vec<&[u8]> = parts
        .iter()
        .map(|(_, content)| content.as_slice())
        .collect();
    assert_eq!(contents[0], b"Holiday 2026");
    assert_eq!(contents[1], b"sea,sun", "JSV, as in query strings");
    assert_eq!(contents[2], png.as_slice());
    assert_eq!(contents[3], b"dear diary");
    assert_eq!(contents[4], [1, 2, 3]);
}

#[tokio::test]
async fn an_upload_is_sent_again_after_a_refresh_unless_it_came_from_a_reader() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/photos"))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/json/reply/GetAccessToken"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"AccessToken":"new"}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/photos"))
        .and(header("authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"result":"stored"}"#))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let on_disk = dir.path().join("a.txt");
    std::fs::write(&on_disk, "file on disk").unwrap();
    let refreshing = || {
        client(&server)
            .with_bearer_token("old")
            .with_refresh_token("r")
    };

    let answer = refreshing()
        .send_with_files(
            &UploadPhoto::default(),
            &[UploadFile::from_path("Photo", &on_disk)],
        )
        .await
        .unwrap();
    assert_eq!(answer.result, "stored");
    let last = server.received_requests().await.unwrap().pop().unwrap();
    assert_eq!(
        parts(&last)[2].1,
        b"file on disk",
        "the file was read again"
    );

    let once = [UploadFile::from_reader(
        "Photo",
        "a.txt",
        std::io::Cursor::new(b"once".to_vec()),
    )];
    let error = refreshing()
        .send_with_files(&UploadPhoto::default(), &once)
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("comes from a reader and was sent already"),
        "{error}"
    );
}

#[tokio::test]
async fn the_user_agent_names_svcgen_unless_replaced() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"result":"x"}"#))
        .mount(&server)
        .await;
    client(&server).send(&Hello::default()).await.unwrap();
    client(&server)
        .with_user_agent("my-app/2.0")
        .unwrap()
        .send(&Hello::default())
        .await
        .unwrap();
    let agents: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| header_of(request, "user-agent"))
        .collect();
    assert_eq!(
        agents,
        [
            Some(format!("svcgen-runtime/{}", env!("CARGO_PKG_VERSION"))),
            Some("my-app/2.0".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_throttled_answer_says_when_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let error = client(&server).send(&Hello::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
}
