//! [`Client`]: sends ServiceStack request DTOs over HTTP/JSON and decodes the answers.

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::parse_response_status;
use super::{Error, Request, route};
use crate::Secret;

/// The answers larger than this are refused unless the client says otherwise.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

const JSON: &str = "application/json";
const XML: &str = "application/xml";

/// The body format a client speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// ServiceStack.Text JSON.
    #[default]
    Json,
    /// .NET DataContract XML (see [`crate::datacontract`]).
    Xml,
}

impl Format {
    fn media_type(self) -> &'static str {
        match self {
            Format::Json => JSON,
            Format::Xml => XML,
        }
    }
}

/// Where a request goes when none of its user-defined routes fits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PredefinedRoute {
    /// `/json/reply/{Operation}`: the only predefined route of ServiceStack v5 hosts.
    #[default]
    JsonReply,
    /// `/api/{Operation}`: the predefined route of ServiceStack v6 and later.
    Api,
}

impl PredefinedRoute {
    fn path(self, operation: &str) -> String {
        match self {
            PredefinedRoute::JsonReply => format!("/json/reply/{operation}"),
            PredefinedRoute::Api => format!("/api/{operation}"),
        }
    }
}

/// A client for one ServiceStack host. Cheap to clone (the connection pool is shared) and
/// usable from many tasks at once.
///
/// The base URL includes the host's handler path, e.g. `https://doapigw.baasbv.nl/api`;
/// routes from the metadata are relative to it.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    bearer_token: Option<Secret>,
    predefined_route: PredefinedRoute,
    format: Format,
    max_response_bytes: usize,
}

impl Client {
    /// A client with a default `reqwest::Client` (rustls, no timeouts of its own).
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(Error::Transport)?;
        Self::with_http_client(http, base_url)
    }

    /// A client that sends through the caller's `reqwest::Client`, so timeouts, proxies and
    /// TLS settings stay the caller's.
    pub fn with_http_client(http: reqwest::Client, base_url: &str) -> Result<Self, Error> {
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|error| Error::InvalidRequest(format!("base URL `{base_url}`: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(format!(
                "base URL `{base_url}` is not an http or https URL"
            )));
        }
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            bearer_token: None,
            predefined_route: PredefinedRoute::default(),
            format: Format::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        })
    }

    /// Sends `Authorization: Bearer <token>` (a JWT or an API key) with every request.
    pub fn with_bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// Chooses the predefined route used when no user-defined route fits.
    pub fn with_predefined_route(mut self, route: PredefinedRoute) -> Self {
        self.predefined_route = route;
        self
    }

    /// Sends and expects `format` (JSON unless told otherwise).
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Refuses answers larger than `limit` bytes (default 32 MiB).
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The base URL every route is relative to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Calls the operation `R` and decodes its answer.
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let method = R::METHOD;
        let invalid = |error: &dyn std::fmt::Display| {
            Error::InvalidRequest(format!("{}: {error}", R::OPERATION))
        };
        let members = match serde_json::to_value(request).map_err(|error| invalid(&error))? {
            Value::Object(members) => members,
            _ => route::Members::new(),
        };
        let (path, used) = match route::select(R::ROUTES, method, &members) {
            Some(chosen) => (chosen.path, chosen.used),
            None => (self.predefined_route.path(R::OPERATION), Vec::new()),
        };
        let mut url = reqwest::Url::parse(&format!("{}{path}", self.base_url))
            .map_err(|error| invalid(&error))?;
        let body = if method.has_body() {
            Some(encode_body(request, self.format)?)
        } else {
            append_query(&mut url, &members, &used);
            None
        };

        let media_type = self.format.media_type();
        let mut builder = self
            .http
            .request(method.to_reqwest(), url)
            .header(ACCEPT, media_type);
        if let Some(body) = body {
            builder = builder.header(CONTENT_TYPE, media_type).body(body);
        }
        if let Some(token) = &self.bearer_token {
            builder = builder.header(AUTHORIZATION, bearer_header(token)?);
        }

        // The URL may carry DTO members in its query; errors leave it out.
        let response = builder
            .send()
            .await
            .map_err(|error| Error::Transport(error.without_url()))?;
        let status = response.status();
        let body = read_limited(response, self.max_response_bytes).await?;
        let body = strip_bom(&body);
        if !status.is_success() {
            return Err(error_from(status.as_u16(), body));
        }
        decode::<R::Response>(body, self.format).map_err(|message| Error::Decode {
            status: status.as_u16(),
            type_name: std::any::type_name::<R::Response>(),
            message,
        })
    }
}

/// The answer as `T`. An empty body (a void operation, `204 No Content`) reads as JSON
/// `null`, which is `()` or `None`.
fn decode<T: DeserializeOwned>(body: &[u8], format: Format) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|_| "the answer is empty".to_owned());
    }
    match format {
        Format::Json => serde_json::from_slice(body).map_err(|error| error.to_string()),
        Format::Xml => crate::datacontract::from_slice(body).map_err(|error| error.to_string()),
    }
}

/// The request DTO as the body.
fn encode_body<R: Request>(request: &R, format: Format) -> Result<Vec<u8>, Error> {
    let invalid =
        |error: &dyn std::fmt::Display| Error::InvalidRequest(format!("{}: {error}", R::OPERATION));
    match format {
        Format::Json => serde_json::to_vec(request).map_err(|error| invalid(&error)),
        Format::Xml => crate::datacontract::to_string(request, R::OPERATION, R::XML_NAMESPACE)
            .map(String::into_bytes)
            .map_err(|error| invalid(&error)),
    }
}

/// The members no route variable took, in the query string in JSV notation.
fn append_query(url: &mut reqwest::Url, members: &route::Members, used: &[String]) {
    let pairs: Vec<(&String, String)> = members
        .iter()
        .filter(|(name, value)| !value.is_null() && !used.contains(name))
        .map(|(name, value)| (name, route::jsv_scalar(value)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let mut query = url.query_pairs_mut();
    for (name, value) in pairs {
        query.append_pair(name, &value);
    }
}

fn bearer_header(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
        Error::InvalidRequest("the bearer token is not a valid header value".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Reads the whole body, refusing to buffer more than `limit` bytes.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Error> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(Error::BodyTooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| Error::Transport(error.without_url()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(Error::BodyTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// .NET hosts may start a body with a UTF-8 byte order mark, which JSON parsers reject.
fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

fn error_from(status: u16, body: &[u8]) -> Error {
    match parse_response_status(body) {
        Some(response_status) => Error::Api {
            status,
            response_status: Box::new(response_status),
        },
        None => Error::Status {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_must_be_http() {
        assert!(Client::new("ftp://example.com/api").is_err());
        assert!(Client::new("not a url").is_err());
        let client = Client::new("https://example.com/api/").unwrap();
        assert_eq!(client.base_url(), "https://example.com/api");
    }

    #[test]
    fn debug_output_hides_the_token() {
        let client = Client::new("https://example.com/api")
            .unwrap()
            .with_bearer_token("very-secret-jwt");
        let shown = format!("{client:?}");
        assert!(!shown.contains("very-secret-jwt"), "{shown}");
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
    }

    #[test]
    fn error_bodies_with_a_bom_still_parse() {
        let body = b"\xEF\xBB\xBF{\"ResponseStatus\":{\"ErrorCode\":\"Boom\"}}";
        let error = error_from(500, strip_bom(body));
        assert_eq!(error.error_code(), Some("Boom"));
    }
}
