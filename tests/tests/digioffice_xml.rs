//! The seed page's DataContract XML samples, reproduced byte for byte by the generated
//! types, and ConvertSessionToToken spoken in XML against a local server.

use svcgen_generated::digioffice::{Client, ConvertSessionToToken, ConvertSessionToTokenResponse};
use svcgen_runtime::datacontract::{self, SERVICESTACK_NAMESPACE};
use svcgen_runtime::servicestack::{self, Format};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn the_seed_request_sample_is_reproduced_exactly() {
    let (request, _) = svcgen_tests::digioffice_xml_samples();
    let written = datacontract::to_string(
        &ConvertSessionToToken {
            preserve_session: false,
        },
        "ConvertSessionToToken",
        SERVICESTACK_NAMESPACE,
    )
    .unwrap();
    assert_eq!(written, svcgen_tests::unindent(&request));
}

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn the_seed_response_sample_round_trips_exactly() {
    let (_, response) = svcgen_tests::digioffice_xml_samples();
    let decoded: ConvertSessionToTokenResponse =
        datacontract::from_slice(response.as_bytes()).unwrap();
    assert_eq!(decoded, svcgen_tests::seed_response());
    let written = datacontract::to_string(
        &decoded,
        "ConvertSessionToTokenResponse",
        SERVICESTACK_NAMESPACE,
    )
    .unwrap();
    assert_eq!(written, svcgen_tests::unindent(&response));
}

fn xml_client(server: &MockServer) -> Client {
    let runtime = servicestack::Client::new(&format!("{}/api", server.uri()))
        .unwrap()
        .with_format(Format::Xml)
        .with_bearer_token("jwt");
    Client::new(runtime)
}

#[tokio::test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
async fn convert_session_to_token_in_xml_on_the_wire() {
    let (request, response) = svcgen_tests::digioffice_xml_samples();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/session-to-token"))
        .and(header("accept", "application/xml"))
        .and(header("content-type", "application/xml"))
        .and(body_string(svcgen_tests::unindent(&request)))
        .respond_with(ResponseTemplate::new(200).set_body_raw(response, "application/xml"))
        .expect(1)
        .mount(&server)
        .await;

    let answer = xml_client(&server)
        .convert_session_to_token(&ConvertSessionToToken {
            preserve_session: false,
        })
        .await
        .unwrap();
    assert_eq!(answer, svcgen_tests::seed_response());
}

#[tokio::test]
async fn an_xml_error_answer_is_a_typed_error() {
    let server = MockServer::start().await;
    let body = std::fs::read(format!(
        "{}/fixtures/digioffice/validation-error.response.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/xml"))
        .mount(&server)
        .await;

    let error = xml_client(&server)
        .convert_session_to_token(&ConvertSessionToToken::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.error_code(), Some("ValidationException"));
    let field = &error.response_status().unwrap().errors.as_ref().unwrap()[0];
    assert_eq!(field.field_name.as_deref(), Some("PreserveSession"));
    assert_eq!(field.message.as_deref(), Some("Required"));
}
