//! The one error type of SOAP clients: a fault the service sent, an answer that is not SOAP
//! at all (an HTML error page, an empty body), an envelope that does not decode, or a
//! transport failure. Every variant that came from an HTTP answer carries its [`Answer`],
//! so a caller can see the status and honour `Retry-After` (Twinfield answers 429 when its
//! rate limit is hit).

use std::fmt;
use std::time::Duration;

use super::Fault;

/// What is known about the HTTP answer an error came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    /// The `Retry-After` header, as a delay.
    pub retry_after: Option<Duration>,
}

/// How much of a non-SOAP body an error keeps and shows.
pub(crate) const KEPT_BODY_BYTES: usize = 4096;
const SHOWN_BODY_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The service answered with a SOAP fault (usually HTTP 500).
    #[error("SOAP fault (HTTP {}): {fault}", answer.status)]
    Fault { answer: Answer, fault: Box<Fault> },
    /// The answer is not a SOAP envelope: an HTML page from a proxy, an empty body, a
    /// document that is not UTF-8 or declares a DTD…
    #[error("HTTP {}: the answer is not a SOAP envelope ({}){}: {}", answer.status, answer.content_type.as_deref().unwrap_or("no content type"), because(reason.as_deref()), shown(body))]
    NotSoap {
        answer: Answer,
        /// What the XML reader refused, if it got that far.
        reason: Option<String>,
        body: String,
    },
    /// A SOAP envelope that does not hold what the operation answers with.
    #[error("HTTP {}: cannot decode the answer: {message}", answer.status)]
    Decode { answer: Answer, message: String },
    /// The request never got an answer (connection, TLS, timeout).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("the answer is larger than the client's limit of {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// The request could not be built (a bad base URL, text XML cannot carry).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client's TLS stack could not be set up.
    #[error(transparent)]
    Tls(#[from] crate::tls::SetupError),
}

fn because(reason: Option<&str>) -> String {
    reason
        .map(|reason| format!(": {reason}"))
        .unwrap_or_default()
}

fn shown(body: &str) -> String {
    let mut text: String = body.chars().take(SHOWN_BODY_CHARS).collect();
    if text.len() < body.len() {
        text.push('…');
    }
    if text.trim().is_empty() {
        return "empty body".to_owned();
    }
    text
}

impl Error {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.answer().map(|answer| answer.status)
    }

    /// How long the service asked to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.answer().and_then(|answer| answer.retry_after)
    }

    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault { fault, .. } => Some(fault),
            _ => None,
        }
    }

    fn answer(&self) -> Option<&Answer> {
        match self {
            Error::Fault { answer, .. }
            | Error::NotSoap { answer, .. }
            | Error::Decode { answer, .. } => Some(answer),
            Error::Transport(_)
            | Error::BodyTooLarge { .. }
            | Error::InvalidRequest(_)
            | Error::Tls(_) => None,
        }
    }
}

impl From<crate::xml::Error> for Error {
    fn from(error: crate::xml::Error) -> Self {
        Error::InvalidRequest(error.to_string())
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)
    }
}
