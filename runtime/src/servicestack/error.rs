//! The one error type of ServiceStack clients, and ServiceStack's own error DTOs
//! (`ResponseStatus`, `ResponseError`) that hosts put in non-2xx answers.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// ServiceStack's `ResponseStatus`: the error part of every response DTO and of the
/// `ErrorResponse` hosts send when an operation fails.
///
/// Field names are written in PascalCase (ServiceStack hosts read keys case-insensitively)
/// and read in PascalCase or camelCase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseStatus {
    #[serde(
        rename = "ErrorCode",
        alias = "errorCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_code: Option<String>,
    #[serde(
        rename = "Message",
        alias = "message",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    #[serde(
        rename = "StackTrace",
        alias = "stackTrace",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub stack_trace: Option<String>,
    #[serde(
        rename = "Errors",
        alias = "errors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub errors: Option<Vec<ResponseError>>,
    #[serde(
        rename = "Meta",
        alias = "meta",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<BTreeMap<String, String>>,
}

/// ServiceStack's `ResponseError`: one field-level (validation) error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseError {
    #[serde(
        rename = "ErrorCode",
        alias = "errorCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_code: Option<String>,
    #[serde(
        rename = "FieldName",
        alias = "fieldName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_name: Option<String>,
    #[serde(
        rename = "Message",
        alias = "message",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    #[serde(
        rename = "Meta",
        alias = "meta",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<BTreeMap<String, String>>,
}

/// Everything that can go wrong when calling a ServiceStack operation.
///
/// Transport failures, answers the host marked as errors, and answers that could not be
/// decoded are kept apart so callers can decide what to retry. No variant's `Display`
/// repeats credentials or response bodies.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The host answered with a non-2xx status and a ServiceStack `ResponseStatus`.
    #[error("HTTP {status}: {}", describe(response_status))]
    Api {
        status: u16,
        response_status: Box<ResponseStatus>,
        /// The answer's `Retry-After`, if it had one.
        retry_after: Option<Duration>,
    },
    /// The host answered with a non-2xx status and a body that is not a ServiceStack error
    /// (an HTML page from a proxy, plain text, nothing at all).
    #[error("HTTP {status} with a body that is not a ServiceStack error ({} bytes)", body.len())]
    Status {
        status: u16,
        body: String,
        /// The answer's `Retry-After`, if it had one.
        retry_after: Option<Duration>,
    },
    /// The request could not be sent or the answer not received.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A 2xx answer whose body does not match the response type.
    #[error("could not decode the HTTP {status} answer as {type_name}: {message}")]
    Decode {
        status: u16,
        type_name: &'static str,
        message: String,
    },
    /// The answer was larger than the client's limit.
    #[error("the answer exceeds the limit of {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// The request could not be built (bad base URL, DTO that does not serialize).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client's TLS stack could not be set up.
    #[error(transparent)]
    Tls(#[from] crate::tls::SetupError),
}

impl Error {
    /// The HTTP status of an answer the host marked as an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The host's `ResponseStatus`, when the error answer carried one.
    pub fn response_status(&self) -> Option<&ResponseStatus> {
        match self {
            Error::Api {
                response_status, ..
            } => Some(response_status),
            _ => None,
        }
    }

    /// The `ErrorCode` of the host's `ResponseStatus`.
    pub fn error_code(&self) -> Option<&str> {
        self.response_status()?.error_code.as_deref()
    }

    /// The host's `Message`.
    pub fn message(&self) -> Option<&str> {
        self.response_status()?.message.as_deref()
    }

    /// HTTP 401: not authenticated, or the credentials were refused (after the refresh, if
    /// the client had a refresh token).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The field-level (validation) errors of the host's `ResponseStatus`.
    pub fn field_errors(&self) -> &[ResponseError] {
        self.response_status()
            .and_then(|status| status.errors.as_deref())
            .unwrap_or_default()
    }

    /// The validation error of the field `name` (compared without regard to case, as the
    /// host may spell it either way), as the C# and TypeScript clients' `fieldError`.
    pub fn field_error(&self, name: &str) -> Option<&ResponseError> {
        self.field_errors().iter().find(|error| {
            error
                .field_name
                .as_deref()
                .is_some_and(|field| field.eq_ignore_ascii_case(name))
        })
    }

    /// How long the host asked the client to wait (`Retry-After` on a 429 or 503), in
    /// seconds or as a date.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } | Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn describe(status: &ResponseStatus) -> String {
    match (&status.error_code, &status.message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(text), None) | (None, Some(text)) => text.clone(),
        (None, None) => "error without code or message".to_owned(),
    }
}

/// The `ResponseStatus` in an error body: a top-level JSON member (in any casing, as
/// ServiceStack reads keys case-insensitively) or a child of the XML root element.
pub(crate) fn parse_response_status(body: &[u8]) -> Option<ResponseStatus> {
    let start = body.iter().find(|byte| !byte.is_ascii_whitespace());
    if start == Some(&b'<') {
        return crate::datacontract::child_from_slice(body, "ResponseStatus");
    }
    let serde_json::Value::Object(members) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let (_, status) = members
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("ResponseStatus"))?;
    serde_json::from_value(status).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_response_status_in_any_casing() {
        let body = br#"{"responseStatus":{"errorCode":"NotFound","message":"No such item","errors":[{"fieldName":"Id","errorCode":"Invalid"}]}}"#;
        let status = parse_response_status(body).unwrap();
        assert_eq!(status.error_code.as_deref(), Some("NotFound"));
        assert_eq!(status.message.as_deref(), Some("No such item"));
        let errors = status.errors.unwrap();
        assert_eq!(errors[0].field_name.as_deref(), Some("Id"));
    }

    #[test]
    fn bodies_without_response_status_are_not_api_errors() {
        assert_eq!(parse_response_status(b"<html>Bad gateway</html>"), None);
        assert_eq!(parse_response_status(b""), None);
        assert_eq!(parse_response_status(b"[1,2]"), None);
    }

    #[test]
    fn display_names_code_and_message() {
        let error = Error::Api {
            status: 401,
            response_status: Box::new(ResponseStatus {
                error_code: Some("Unauthorized".into()),
                message: Some("Not Authenticated".into()),
                ..ResponseStatus::default()
            }),
            retry_after: None,
        };
        assert_eq!(
            error.to_string(),
            "HTTP 401: Unauthorized: Not Authenticated"
        );
        assert_eq!(error.error_code(), Some("Unauthorized"));
        assert!(error.is_unauthorized());
    }

    #[test]
    fn field_errors_by_name_in_any_casing() {
        let body = br#"{"responseStatus":{"errorCode":"NotEmpty","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"'Name' must not be empty."}]}}"#;
        let error = Error::Api {
            status: 400,
            response_status: Box::new(parse_response_status(body).unwrap()),
            retry_after: None,
        };
        let field = error.field_error("name").unwrap();
        assert_eq!(field.message.as_deref(), Some("'Name' must not be empty."));
        assert_eq!(error.field_error("Age"), None);
        assert_eq!(error.field_errors().len(), 1);
        assert!(!error.is_unauthorized());
    }
}
