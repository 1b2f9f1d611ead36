//! The generated Twinfield login module against the seed page: the SOAP 1.1 and 1.2
//! `AccessTokenLogon` requests reproduced byte for byte, with the page's HTTP framing, and
//! the page's responses (session header, every `LogonResult`, cluster) decoded into typed
//! values, through a local server.

use svcgen_generated::twinfield::{AccessTokenLogon, Client, LogonResult};
use svcgen_runtime::soap::{self, Version};
use svcgen_tests::{page_envelopes, page_header, seed_page};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED: &str = "twinfield-session-AccessTokenLogon.asmx-page.txt";

/// The page's four samples: SOAP 1.1 request and response, then SOAP 1.2's.
struct Samples {
    page: String,
    envelopes: Vec<String>,
}

fn samples() -> Samples {
    let page = seed_page(SEED);
    let envelopes = page_envelopes(&page);
    assert_eq!(envelopes.len(), 4, "the seed shows four envelopes");
    Samples { page, envelopes }
}

async fn logon(
    server: &MockServer,
    version: Version,
    response: &str,
) -> Result<
    svcgen_generated::twinfield::Response<svcgen_generated::twinfield::AccessTokenLogonResponse>,
    soap::Error,
> {
    Mock::given(method("POST"))
        .and(path("/webservices/session.asmx"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            response.to_owned(),
            match version {
                Version::Soap11 => "text/xml; charset=utf-8",
                Version::Soap12 => "application/soap+xml; charset=utf-8",
            },
        ))
        .mount(server)
        .await;
    let runtime = soap::Client::new(&format!("{}/webservices/session.asmx", server.uri()))
        .unwrap()
        .with_version(version);
    Client::new(runtime)
        .access_token_logon(&AccessTokenLogon {
            access_token: Some("string".into()),
        })
        .await
}

/// The request the client sent, as (content type, SOAPAction, body).
async fn sent(server: &MockServer) -> (String, Option<String>, String) {
    let requests = server.received_requests().await.unwrap();
    let request = requests.last().unwrap();
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/webservices/session.asmx");
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    (
        header("content-type").unwrap(),
        header("soapaction"),
        String::from_utf8(request.body.clone()).unwrap(),
    )
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn soap11_request_is_the_seed_sample_byte_for_byte() {
    let samples = samples();
    let server = MockServer::start().await;
    logon(&server, Version::Soap11, &samples.envelopes[1])
        .await
        .unwrap();
    let (content_type, action, body) = sent(&server).await;
    assert_eq!(
        Some(content_type),
        page_header(&samples.page, 0, "Content-Type")
    );
    assert_eq!(action, page_header(&samples.page, 0, "SOAPAction"));
    assert_eq!(body, samples.envelopes[0]);
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn soap12_request_is_the_seed_sample_byte_for_byte() {
    let samples = samples();
    let server = MockServer::start().await;
    logon(&server, Version::Soap12, &samples.envelopes[3])
        .await
        .unwrap();
    let (content_type, action, body) = sent(&server).await;
    // The page omits the `action` parameter that SOAP 1.2 clients (WCF, zeep) send and
    // ASMX accepts; everything else is the page's.
    assert_eq!(
        content_type,
        format!(
            "{}; action=\"http://www.twinfield.com/AccessTokenLogon\"",
            page_header(&samples.page, 1, "Content-Type").unwrap()
        )
    );
    assert_eq!(action, None, "SOAP 1.2 sends no SOAPAction header");
    assert_eq!(body, samples.envelopes[2]);
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn seed_responses_decode_into_the_session_header_the_result_and_the_cluster() {
    let samples = samples();
    for (version, response) in [
        (Version::Soap11, &samples.envelopes[1]),
        (Version::Soap12, &samples.envelopes[3]),
    ] {
        let server = MockServer::start().await;
        let answer = logon(&server, version, response).await.unwrap();
        let header = answer.headers.header.unwrap();
        assert_eq!(header.session_id.unwrap().expose(), "string");
        assert_eq!(header.access_token.unwrap().expose(), "string");
        assert_eq!(answer.body.cluster.as_deref(), Some("string"));
        // The page's placeholder lists the values; as a value it is one the schema does
        // not know, and it is kept, not refused.
        let placeholder = answer.body.access_token_logon_result;
        assert!(
            matches!(&placeholder, LogonResult::Unknown(text) if text.starts_with("Ok or Blocked"))
        );
    }
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn every_logon_result_the_page_lists_decodes_to_its_variant() {
    let samples = samples();
    let placeholder = "Ok or Blocked or Untrusted or Invalid or Deleted or Disabled or OrganisationInactive or ClientInvalid or Failed or TokenInvalid or NoAvailableCompanies or OAuth2AuthenticationRequired";
    assert!(samples.envelopes[1].contains(placeholder));
    let values: Vec<&str> = placeholder.split(" or ").collect();
    assert_eq!(values.len(), 12);
    let server = MockServer::start().await;
    for value in values {
        server.reset().await;
        let response = samples.envelopes[1].replace(placeholder, value);
        let answer = logon(&server, Version::Soap11, &response).await.unwrap();
        let result = answer.body.access_token_logon_result;
        assert!(
            !matches!(result, LogonResult::Unknown(_)),
            "{value} is known"
        );
        assert_eq!(result.as_str(), value);
    }
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn unknown_elements_and_values_from_a_newer_server_are_decoded_not_refused() {
    let samples = samples();
    let newer = samples.envelopes[1]
        .replace("<cluster>string</cluster>", "<cluster>https://accounting.twinfield.com</cluster><region>eu</region>")
        .replace(
            "<SessionID>string</SessionID>",
            "<SessionID>sid-1</SessionID><Expires>2030-01-01</Expires>",
        )
        .replace(
            "Ok or Blocked or Untrusted or Invalid or Deleted or Disabled or OrganisationInactive or ClientInvalid or Failed or TokenInvalid or NoAvailableCompanies or OAuth2AuthenticationRequired",
            "PasswordExpired",
        );
    let server = MockServer::start().await;
    let answer = logon(&server, Version::Soap11, &newer).await.unwrap();
    assert_eq!(
        answer.body.access_token_logon_result,
        LogonResult::Unknown("PasswordExpired".to_owned())
    );
    assert_eq!(
        answer.body.cluster.as_deref(),
        Some("https://accounting.twinfield.com")
    );
    assert_eq!(
        answer.headers.header.unwrap().session_id.unwrap().expose(),
        "sid-1"
    );
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn secrets_stay_out_of_debug_output() {
    let samples = samples();
    let server = MockServer::start().await;
    let response = samples.envelopes[1].replace(
        "<SessionID>string</SessionID>",
        "<SessionID>very-secret-session</SessionID>",
    );
    let answer = logon(&server, Version::Soap11, &response).await.unwrap();
    let shown = format!("{answer:?}");
    assert!(!shown.contains("very-secret-session"), "{shown}");
    let request = AccessTokenLogon {
        access_token: Some("very-secret-token".into()),
    };
    assert!(!format!("{request:?}").contains("very-secret-token"));
}

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn the_blocking_client_sends_the_same_envelope_and_reads_the_same_answer() {
    let samples = samples();
    // The local server runs on a runtime of its own; the caller has none.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(
        Mock::given(method("POST"))
            .and(path("/webservices/session.asmx"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(samples.envelopes[1].clone(), "text/xml; charset=utf-8"),
            )
            .mount(&server),
    );
    let url = format!("{}/webservices/session.asmx", server.uri());
    let client = svcgen_generated::twinfield::blocking::Client::new(
        soap::blocking::Client::new(soap::Client::new(&url).unwrap()).unwrap(),
    );
    let answer = client
        .access_token_logon(&AccessTokenLogon {
            access_token: Some("string".into()),
        })
        .unwrap();
    assert_eq!(answer.body.cluster.as_deref(), Some("string"));
    let (_, _, body) = runtime.block_on(sent(&server));
    assert_eq!(body, samples.envelopes[0]);
}

/// Twinfield's `Header` declares `xs:anyAttribute`: attributes it does not name are kept
/// and written back.
#[tokio::test]
async fn the_headers_open_attributes_are_kept_and_written_back() {
    let server = MockServer::start().await;
    let answer = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Header xmlns="http://www.twinfield.com/" xmlns:t="urn:trace" t:id="trace-7" region="eu"><SessionID>sid</SessionID></Header></soap:Header><soap:Body><AccessTokenLogonResponse xmlns="http://www.twinfield.com/"><AccessTokenLogonResult>Ok</AccessTokenLogonResult></AccessTokenLogonResponse></soap:Body></soap:Envelope>"#;
    let response = logon(&server, Version::Soap11, answer).await.unwrap();
    let header = response.headers.header.unwrap();
    assert_eq!(
        header.other_attributes.get("urn:trace", "id"),
        Some("trace-7")
    );
    assert_eq!(header.other_attributes.get("", "region"), Some("eu"));

    // Written back as the cluster's services get it (their calls send this header).
    let written = svcgen_runtime::xml::to_string(
        &header,
        svcgen_runtime::xml::Name::new("http://www.twinfield.com/", "Header"),
    )
    .unwrap();
    assert_eq!(
        written,
        r#"<Header xmlns="http://www.twinfield.com/" region="eu" xmlns:a="urn:trace" a:id="trace-7"><SessionID>sid</SessionID></Header>"#
    );
}
