//! Workspace-level integration tests live in `tests/`; this library only holds what
//! several of them share.

pub mod raw_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use svcgen_generated::digioffice::{self, ConvertSessionToTokenResponse};
use svcgen_generated::twinfield::{self, AccessTokenLogonResponse, Header, Headers, LogonResult};
use svcgen_runtime::{Secret, servicestack, soap};

/// `../shared/fixtures` beside the checkout. Tests that call this carry
/// `#[cfg_attr(svcgen_missing_shared, ignore = "...")]`: where it is missing they are
/// listed as ignored (the build script decides, `environment.rs`), except under
/// `CI=true`, where this fails.
pub fn shared_fixtures() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    assert!(
        path.is_dir(),
        "{} is missing: clone the shared fixtures beside the checkout (CI always has them)",
        path.display()
    );
    path
}

/// The value of header `name` of a request a wiremock server received.
pub fn header_of(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

/// A seed page from `../shared/seeds` (see [`shared_fixtures`]).
pub fn seed_page(name: &str) -> String {
    let path = shared_fixtures().join("../seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The DigiOffice seed page's request and response XML samples, as the page shows them.
pub fn digioffice_xml_samples() -> (String, String) {
    let page = seed_page("digioffice-ConvertSessionToToken.metadata-page.txt");
    let sample = |start: &str, end: &str| {
        let from = page.find(start).unwrap();
        let to = page[from..].find(end).unwrap() + from + end.len();
        page[from..to].to_owned()
    };
    (
        sample("<ConvertSessionToToken ", "</ConvertSessionToToken>"),
        sample(
            "<ConvertSessionToTokenResponse ",
            "</ConvertSessionToTokenResponse>",
        ),
    )
}

/// The page indents its samples; .NET writes them without whitespace between elements.
pub fn unindent(xml: &str) -> String {
    xml.lines().map(str::trim).collect()
}

/// Every XML document a help page shows (from `<?xml` to the end of the envelope), without
/// the page's indentation, which .NET does not write.
pub fn page_envelopes(page: &str) -> Vec<String> {
    let mut envelopes = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<?xml") {
        let tail = &rest[start..];
        let end = ["</soap:Envelope>", "</soap12:Envelope>"]
            .iter()
            .filter_map(|close| tail.find(close).map(|at| at + close.len()))
            .min()
            .unwrap_or(tail.len());
        envelopes.push(tail[..end].lines().map(str::trim).collect());
        rest = &tail[end..];
    }
    envelopes
}

/// The value of HTTP header `name` in the `index`-th request sample of a help page.
pub fn page_header(page: &str, index: usize, name: &str) -> Option<String> {
    let request = page.split("POST ").nth(index + 1)?;
    request
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
}

/// The seed page's sample `ConvertSessionToTokenResponse`: every member filled with the
/// placeholder `String`, as in the page's XML (and its JSON translation in `fixtures/`).
pub fn seed_response() -> ConvertSessionToTokenResponse {
    let strings = || Some(BTreeMap::from([("String".to_owned(), "String".to_owned())]));
    ConvertSessionToTokenResponse {
        meta: strings(),
        access_token: Some(Secret::new("String")),
        response_status: Some(servicestack::ResponseStatus {
            error_code: Some("String".to_owned()),
            message: Some("String".to_owned()),
            stack_trace: Some("String".to_owned()),
            errors: Some(vec![servicestack::ResponseError {
                error_code: Some("String".to_owned()),
                field_name: Some("String".to_owned()),
                message: Some("String".to_owned()),
                meta: strings(),
            }]),
            meta: strings(),
        }),
    }
}

/// The README's Rust examples, as doctests (collected by the build script).
#[cfg(doctest)]
#[doc = include_str!(concat!(env!("OUT_DIR"), "/readme-examples.md"))]
pub struct ReadmeExamples;

/// A Twinfield mock that logs on any access token but `bad` (which gets a `soap:Client`
/// fault), with the session `session-for-<token>` in the answer's header.
pub fn twinfield_mock() -> twinfield::mock::Mock {
    let mock = twinfield::mock::Mock::start().unwrap();
    mock.on_access_token_logon(|call| {
        let token = call.body.access_token.as_ref().map(Secret::expose);
        if token == Some("bad") {
            return Err(soap::Fault::client("Invalid access token").into());
        }
        let body = AccessTokenLogonResponse {
            access_token_logon_result: LogonResult::Ok,
            cluster: Some("https://accounting.twinfield.com".to_owned()),
        };
        let session = format!("session-for-{}", token.unwrap_or_default());
        let headers = Headers {
            header: Some(Header {
                session_id: Some(Secret::new(session)),
                ..Header::default()
            }),
        };
        Ok(soap::Response::new(body).with_headers(headers))
    });
    mock
}

/// A DigiOffice mock that converts a session into the token `jwt-for-<bearer token>` when
/// `PreserveSession` is set, and refuses it with a validation error otherwise.
pub fn digioffice_mock() -> digioffice::mock::Mock {
    let mock = digioffice::mock::Mock::start().unwrap();
    mock.on_convert_session_to_token(|call| {
        if !call.request.preserve_session {
            return Err(digioffice::mock::Failure::field(
                "PreserveSession",
                "NotEqual",
                "'Preserve Session' must be true.",
            ));
        }
        let bearer = call.bearer_token();
        let token = format!(
            "jwt-for-{}",
            bearer.as_ref().map(Secret::expose).unwrap_or_default()
        );
        Ok(ConvertSessionToTokenResponse {
            access_token: Some(Secret::new(token)),
            ..ConvertSessionToTokenResponse::default()
        })
    });
    mock
}
