//! The generated mocks (`<module>::mock::Mock`, cargo feature `mock`) as a user's tests
//! use them: typed handlers answer the generated clients over HTTP on 127.0.0.1, the seed
//! pages' answer samples come out byte for byte, hosts' refusals come out as the hosts send
//! them, and scripted failures reach the client. Independent clients (node-soap,
//! `@servicestack/client`) call the same mocks in `mock_interop.rs`.

use std::time::Duration;

use svcgen_generated::digioffice::{self, ConvertSessionToToken};
use svcgen_generated::twinfield::{
    self, AccessTokenLogon, AccessTokenLogonResponse, Header, Headers, LogonResult,
};
use svcgen_runtime::Secret;
use svcgen_runtime::mock::Step;
use svcgen_runtime::reqwest::header::HeaderMap;
use svcgen_runtime::retry::RetryPolicy;
use svcgen_runtime::servicestack::{self, Format};
use svcgen_runtime::soap::{self, Fault, Version};
use svcgen_runtime::xml::Name;
use svcgen_tests::{
    digioffice_mock, digioffice_xml_samples, page_envelopes, page_header, seed_page,
    twinfield_mock, unindent,
};

const TWINFIELD_PAGE: &str = "twinfield-session-AccessTokenLogon.asmx-page.txt";

fn logon(token: &str) -> AccessTokenLogon {
    AccessTokenLogon {
        access_token: Some(token.into()),
    }
}

#[tokio::test]
async fn a_twinfield_logon_against_the_mock_in_both_soap_versions() {
    let mock = twinfield_mock();
    for version in [Version::Soap11, Version::Soap12] {
        let runtime = soap::Client::new(mock.url()).unwrap().with_version(version);
        let client = twinfield::Client::new(runtime);
        let response = client.access_token_logon(&logon("good")).await.unwrap();
        assert_eq!(response.body.access_token_logon_result, LogonResult::Ok);
        assert_eq!(
            response.body.cluster.as_deref(),
            Some("https://accounting.twinfield.com")
        );
        let session = response.headers.header.and_then(|header| header.session_id);
        assert_eq!(
            session.as_ref().map(Secret::expose),
            Some("session-for-good")
        );
    }
    let calls = mock.received_access_token_logon();
    let versions: Vec<Version> = calls.iter().map(|call| call.version).collect();
    assert_eq!(versions, [Version::Soap11, Version::Soap12]);
    for call in &calls {
        assert_eq!(call.action, "http://www.twinfield.com/AccessTokenLogon");
        assert_eq!(call.body, logon("good"));
    }
}

#[tokio::test]
async fn a_handlers_fault_reaches_the_client_typed_in_both_versions() {
    let mock = twinfield_mock();
    for (version, code) in [(Version::Soap11, "Client"), (Version::Soap12, "Sender")] {
        let runtime = soap::Client::new(mock.url()).unwrap().with_version(version);
        let error = twinfield::Client::new(runtime)
            .access_token_logon(&logon("bad"))
            .await
            .unwrap_err();
        let soap::Error::Fault { answer, fault } = error else {
            panic!("not a fault: {error:?}")
        };
        assert_eq!(answer.status, 500);
        assert_eq!(fault.version, version);
        assert_eq!(fault.code.local, code);
        assert_eq!(fault.code.namespace, version.envelope_namespace());
        assert_eq!(fault.reason, "Invalid access token");
        assert!(fault.is_sender_fault());
    }
}

/// A declared fault type travels in the detail and reads back as that type.
#[tokio::test]
async fn a_fault_detail_reads_back_as_its_type() {
    let mock = twinfield::mock::Mock::start().unwrap();
    let detail_name = Name::new("http://www.twinfield.com/", "Header");
    mock.on_access_token_logon(move |_| {
        let detail = Header {
            session_id: Some(Secret::new("in-the-detail")),
            ..Header::default()
        };
        Err(Fault::server("no")
            .with_detail(detail_name, &detail)
            .unwrap()
            .into())
    });
    let error = mock
        .client()
        .unwrap()
        .access_token_logon(&logon("good"))
        .await
        .unwrap_err();
    let soap::Error::Fault { fault, .. } = error else {
        panic!("not a fault: {error:?}")
    };
    let detail: Header = fault.detail(detail_name).unwrap().unwrap();
    assert_eq!(
        detail.session_id.as_ref().map(Secret::expose),
        Some("in-the-detail")
    );
}

/// The seed page's request samples, sent as the page shows them, get the page's answer
/// samples back byte for byte (the placeholders being the handler's values).
#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn the_mock_answers_the_twinfield_seed_requests_with_the_seed_answers() {
    let page = seed_page(TWINFIELD_PAGE);
    let envelopes = page_envelopes(&page);
    let mock = twinfield::mock::Mock::start().unwrap();
    mock.on_access_token_logon(|call| {
        assert_eq!(
            call.body.access_token.as_ref().map(Secret::expose),
            Some("string")
        );
        let body = AccessTokenLogonResponse {
            access_token_logon_result: LogonResult::from("Ok or Blocked or Untrusted or Invalid or Deleted or Disabled or OrganisationInactive or ClientInvalid or Failed or TokenInvalid or NoAvailableCompanies or OAuth2AuthenticationRequired"),
            cluster: Some("string".to_owned()),
        };
        let header = Header {
            session_id: Some(Secret::new("string")),
            access_token: Some(Secret::new("string")),
            ..Header::default()
        };
        let headers = Headers {
            header: Some(header),
        };
        Ok(soap::Response::new(body).with_headers(headers))
    });
    for (request, answer, index) in [(0, 1, 0), (2, 3, 1)] {
        let content_type = page_header(&page, index, "Content-Type").unwrap();
        let mut headers = vec![("Content-Type", content_type.clone())];
        if let Some(action) = page_header(&page, index, "SOAPAction") {
            headers.push(("SOAPAction", action));
        }
        let (status, headers, body) = post(mock.url(), &headers, &envelopes[request]).await;
        assert_eq!(status, 200);
        assert_eq!(headers.get("content-type").unwrap(), &content_type);
        assert_eq!(body, envelopes[answer]);
    }
}

/// What ASMX answers a request it cannot place, the mock answers too.
#[tokio::test]
async fn requests_a_host_would_refuse_get_its_faults() {
    let mock = twinfield_mock();
    let envelope = |body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{body}</soap:Body></soap:Envelope>"
        )
    };
    let logon = "<AccessTokenLogon xmlns=\"http://www.twinfield.com/\"><accessToken>good</accessToken></AccessTokenLogon>";
    let send = async |action: Option<&str>, content_type: &str, body: String| {
        let mut headers = vec![("Content-Type", content_type.to_owned())];
        if let Some(action) = action {
            headers.push(("SOAPAction", action.to_owned()));
        }
        post(mock.url(), &headers, &body).await
    };
    let xml = "text/xml; charset=utf-8";

    let (status, _, body) = send(Some("\"urn:nothing\""), xml, envelope(logon)).await;
    assert_eq!(status, 500);
    assert!(
        body.contains("<faultcode>soap:Client</faultcode><faultstring>Server did not recognize the value of HTTP Header SOAPAction: urn:nothing.</faultstring>"),
        "{body}"
    );

    // Without an action, the body's element names the operation (as ASMX does).
    let (status, _, body) = send(None, xml, envelope(logon)).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("<SessionID>session-for-good</SessionID>"),
        "{body}"
    );

    // The right action with another operation's body.
    let action = Some("\"http://www.twinfield.com/AccessTokenLogon\"");
    let (status, _, body) = send(action, xml, envelope("<Other xmlns=\"urn:x\"/>")).await;
    assert_eq!(status, 500);
    assert!(body.contains("soap:Client"), "{body}");
    assert!(body.contains("but the body holds {urn:x}Other"), "{body}");

    let (status, _, _) = send(action, "application/json", envelope(logon)).await;
    assert_eq!(status, 415);

    // A SOAP 1.1 envelope sent as SOAP 1.2.
    let (status, _, body) = send(None, "application/soap+xml", envelope(logon)).await;
    assert_eq!(status, 500);
    assert!(body.contains("VersionMismatch"), "{body}");
}

#[tokio::test]
async fn an_operation_without_a_handler_is_a_server_fault() {
    let mock = twinfield::mock::Mock::start().unwrap();
    let error = mock
        .client()
        .unwrap()
        .access_token_logon(&logon("good"))
        .await
        .unwrap_err();
    let soap::Error::Fault { fault, .. } = error else {
        panic!("not a fault: {error:?}")
    };
    assert_eq!(fault.code.local, "Server");
    assert!(
        fault.reason.contains("no handler for `AccessTokenLogon`"),
        "{}",
        fault.reason
    );
    // It was received all the same, and taken for the operation.
    let received = mock.runtime().server().received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].operation, Some("AccessTokenLogon"));
    assert!(mock.received_access_token_logon().is_empty());
}

#[tokio::test]
async fn scripted_failures_reach_the_client_and_retries_get_past_them() {
    let mock = twinfield_mock();
    let server = mock.runtime().server();
    server.script(Step::Status(503));
    server.script(Step::Status(503));
    let policy = RetryPolicy::default()
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(1))
        .with_idempotent_operations(["AccessTokenLogon"]);
    let runtime = soap::Client::new(mock.url()).unwrap().with_retry(policy);
    let response = twinfield::Client::new(runtime)
        .access_token_logon(&logon("good"))
        .await
        .unwrap();
    assert_eq!(response.body.access_token_logon_result, LogonResult::Ok);
    let received = server.received();
    assert_eq!(received.len(), 3, "{received:?}");
    assert_eq!(received[2].operation, Some("AccessTokenLogon"));

    server.script(Step::Disconnect);
    let error = mock
        .client()
        .unwrap()
        .access_token_logon(&logon("good"))
        .await
        .unwrap_err();
    assert!(matches!(error, soap::Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_scripted_delay_trips_the_clients_timeout() {
    let mock = twinfield_mock();
    mock.runtime()
        .server()
        .script(Step::Delay(Duration::from_secs(30)));
    let http = svcgen_runtime::tls::client_builder()
        .unwrap()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let runtime = soap::Client::with_http_client(http, mock.url()).unwrap();
    let error = twinfield::Client::new(runtime)
        .access_token_logon(&logon("good"))
        .await
        .unwrap_err();
    let soap::Error::Transport(error) = error else {
        panic!("not a transport error: {error:?}")
    };
    assert!(error.is_timeout(), "{error:?}");
}

fn digioffice_client(mock: &digioffice::mock::Mock, format: Format) -> digioffice::Client {
    let runtime = servicestack::Client::new(mock.url())
        .unwrap()
        .with_bearer_token("token-1")
        .with_format(format);
    digioffice::Client::new(runtime)
}

#[tokio::test]
async fn convert_session_to_token_against_the_mock_in_json_and_xml() {
    let mock = digioffice_mock();
    let request = ConvertSessionToToken {
        preserve_session: true,
    };
    for format in [Format::Json, Format::Xml] {
        let response = digioffice_client(&mock, format)
            .convert_session_to_token(&request)
            .await
            .unwrap();
        assert_eq!(
            response.access_token.as_ref().map(Secret::expose),
            Some("jwt-for-token-1")
        );
    }
    let calls = mock.received_convert_session_to_token();
    assert_eq!(calls.len(), 2);
    for call in &calls {
        assert_eq!(call.request, request);
        assert_eq!(call.method, servicestack::Method::Post);
        assert_eq!(call.path, "/session-to-token");
        assert_eq!(
            call.bearer_token().as_ref().map(Secret::expose),
            Some("token-1")
        );
    }
    let received = mock.runtime().server().received();
    assert_eq!(received[1].header("content-type"), Some("application/xml"));
}

#[tokio::test]
async fn a_handlers_failure_is_the_hosts_typed_error() {
    let mock = digioffice_mock();
    let error = digioffice_client(&mock, Format::Json)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.error_code()),
        (Some(400), Some("NotEqual"))
    );
    let errors = error
        .response_status()
        .unwrap()
        .errors
        .clone()
        .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field_name.as_deref(), Some("PreserveSession"));
    assert_eq!(
        errors[0].message.as_deref(),
        Some("'Preserve Session' must be true.")
    );
}

/// ConvertSessionToToken requires authentication: without credentials the mock answers
/// 401 and never calls the handler.
#[tokio::test]
async fn an_operation_that_requires_authentication_refuses_a_missing_bearer() {
    let mock = digioffice_mock();
    let error = mock
        .client()
        .unwrap()
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: true,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.error_code()),
        (Some(401), Some("Unauthorized"))
    );
    assert!(mock.received_convert_session_to_token().is_empty());

    // A session cookie is a credential too.
    let runtime = servicestack::Client::new(mock.url())
        .unwrap()
        .with_cookie("ss-id", "session-1");
    let response = digioffice::Client::new(runtime)
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: true,
        })
        .await
        .unwrap();
    assert!(response.access_token.is_some());
}

#[tokio::test]
async fn paths_no_handler_takes_are_404_with_a_response_status() {
    let mock = digioffice::mock::Mock::start().unwrap();
    for (path, code) in [
        (
            "/json/reply/ConvertSessionToToken",
            "NotImplementedException",
        ),
        ("/session-to-token", "NotFound"),
        ("/nowhere", "NotFound"),
    ] {
        let headers = [
            ("Content-Type", "application/json".to_owned()),
            ("Authorization", "Bearer token-1".to_owned()),
        ];
        let (status, _, body) = post(&format!("{}{path}", mock.url()), &headers, "{}").await;
        assert_eq!(status, 404, "{path}");
        let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            answer["ResponseStatus"]["ErrorCode"], code,
            "{path}: {body}"
        );
    }
}

/// The seed page's XML request sample, posted as the page shows it, gets the page's
/// response sample back byte for byte.
#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn the_mock_answers_the_digioffice_seed_request_with_the_seed_answer() {
    let (request, response) = digioffice_xml_samples();
    let mock = digioffice::mock::Mock::start().unwrap();
    mock.on_convert_session_to_token(|call| {
        assert!(!call.request.preserve_session);
        Ok(svcgen_tests::seed_response())
    });
    let headers = [
        ("Accept", "application/xml".to_owned()),
        ("Content-Type", "application/xml".to_owned()),
        ("Authorization", "Bearer token-1".to_owned()),
    ];
    let url = format!("{}/session-to-token", mock.url());
    let (status, headers, body) = post(&url, &headers, &unindent(&request)).await;
    assert_eq!(status, 200);
    assert!(
        headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/xml"))
    );
    assert_eq!(body, unindent(&response));
}

/// POSTs `body` with `headers` as a stranger's HTTP client would; the status, headers
/// and body of the answer.
async fn post(url: &str, headers: &[(&str, String)], body: &str) -> (u16, HeaderMap, String) {
    let http = svcgen_runtime::tls::client_builder()
        .unwrap()
        .build()
        .unwrap();
    let mut request = http.post(url).body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

/// ConvertSessionToToken's real answer carries the JWT in the `ss-tok` cookie; a handler
/// sets it, and the client keeps it as the host's.
#[tokio::test]
async fn a_handler_sets_the_session_cookie_the_client_keeps() {
    let mock = digioffice::mock::Mock::start().unwrap();
    mock.on_convert_session_to_token(|call| {
        call.set_cookie("ss-tok", "jwt-in-a-cookie").unwrap();
        Ok(Default::default())
    });
    let client = digioffice_client(&mock, Format::Json);
    client
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap();
    let token = client.runtime().session_token();
    assert_eq!(token.as_ref().map(Secret::expose), Some("jwt-in-a-cookie"));
    // What a test prints of a call keeps its credentials out.
    let printed = format!("{:?}", mock.received_convert_session_to_token());
    assert!(printed.contains("authorization"), "{printed}");
    assert!(!printed.contains("token-1"), "{printed}");
}

/// A latency holds up every answer; clearing the log clears the typed calls with it.
#[tokio::test]
async fn latency_delays_every_answer_and_clearing_forgets_every_call() {
    let mock = twinfield_mock();
    mock.client()
        .unwrap()
        .access_token_logon(&logon("good"))
        .await
        .unwrap();
    let server = mock.runtime().server();
    assert_eq!(mock.received_access_token_logon().len(), 1);
    server.clear_received();
    assert!(server.received().is_empty());
    assert!(mock.received_access_token_logon().is_empty());

    server.set_latency(Duration::from_secs(30));
    let http = svcgen_runtime::tls::client_builder()
        .unwrap()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let runtime = soap::Client::with_http_client(http, mock.url()).unwrap();
    let error = twinfield::Client::new(runtime)
        .access_token_logon(&logon("good"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, soap::Error::Transport(error) if error.is_timeout()),
        "{error:?}"
    );
}
