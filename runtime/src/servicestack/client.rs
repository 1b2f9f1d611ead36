//! [`Client`]: sends ServiceStack request DTOs over HTTP/JSON and decodes the answers.

use std::sync::Arc;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::parse_response_status;
use super::session::{REFRESH_TOKEN_COOKIE, Session, TOKEN_COOKIE};
use super::{Error, Method, Request, route};
use crate::Secret;

use crate::http::DEFAULT_MAX_RESPONSE_BYTES;

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

/// A client for one ServiceStack host. Cheap to clone (the connection pool and the session
/// are shared) and usable from many tasks at once.
///
/// The base URL includes the host's handler path, e.g. `https://doapigw.baasbv.nl/api`;
/// routes from the metadata are relative to it. The client keeps the cookies the host sets
/// (`ss-id`, `ss-pid`, `ss-tok`…) and sends them back, so cookie sessions work as in a
/// browser.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    session: Arc<Session>,
    /// `None`: each request's own default ([`Request::PREDEFINED_ROUTE`]).
    predefined_route: Option<PredefinedRoute>,
    format: Format,
    max_response_bytes: usize,
}

impl Client {
    /// A client with a default `reqwest::Client`: the crate's TLS stack ([`crate::tls`]),
    /// a 30-second connect timeout, no total timeout (that is the caller's to choose, with
    /// [`Client::with_http_client`]).
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = crate::http::default_client_builder()?
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
            session: Arc::default(),
            predefined_route: None,
            format: Format::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        })
    }

    /// This client with a session of its own (a copy of the current one), so that the
    /// `with_*` builders never change the clients it was cloned from.
    fn with_own_session(mut self, change: impl FnOnce(&Session)) -> Self {
        let session = self.session.duplicate();
        change(&session);
        self.session = Arc::new(session);
        self
    }

    /// Sends `Authorization: Bearer <token>` (a JWT or an API key) with every request.
    pub fn with_bearer_token(self, token: impl Into<Secret>) -> Self {
        let token = token.into();
        self.with_own_session(|session| session.set_bearer(token))
    }

    /// Replaces the bearer token for this client and every clone sharing its session.
    pub fn set_bearer_token(&self, token: impl Into<Secret>) {
        self.session.set_bearer(token.into());
    }

    /// Sends `Authorization: Basic …` when there is no bearer token.
    pub fn with_basic_credentials(
        self,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        let (user, password) = (user.into(), password.into());
        self.with_own_session(|session| session.set_basic(user, password))
    }

    /// On a 401 answer, exchanges this refresh token for a new bearer token once
    /// (ServiceStack's `GetAccessToken`) and repeats the request.
    pub fn with_refresh_token(self, token: impl Into<Secret>) -> Self {
        let token = token.into();
        self.with_own_session(|session| session.set_refresh_token(token))
    }

    /// Sends this cookie with every request, e.g. an existing session's `ss-id`/`ss-pid`.
    pub fn with_cookie(self, name: &str, value: impl Into<Secret>) -> Self {
        let value = value.into();
        self.with_own_session(|session| session.set_cookie(name, value))
    }

    /// A cookie the host set (or that was given with [`Client::with_cookie`]).
    pub fn cookie(&self, name: &str) -> Option<Secret> {
        self.session.cookie(name)
    }

    /// The JWT in the host's `ss-tok` cookie: where `ConvertSessionToToken` and
    /// `Authenticate` put it when the answer's `AccessToken`/`BearerToken` is empty.
    pub fn session_token(&self) -> Option<Secret> {
        self.session.cookie(TOKEN_COOKIE)
    }

    /// Chooses the predefined route used when no user-defined route fits.
    pub fn with_predefined_route(mut self, route: PredefinedRoute) -> Self {
        self.predefined_route = Some(route);
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
        let invalid = |error: &dyn std::fmt::Display| invalid_request::<R>(error);
        let members = members_of(request).map_err(|error| invalid(&error))?;
        let (path, used) = match route::select(R::ROUTES, method, &members) {
            Some(chosen) => (chosen.path, chosen.used),
            None => (
                self.predefined_route
                    .unwrap_or(R::PREDEFINED_ROUTE)
                    .path(R::OPERATION),
                Vec::new(),
            ),
        };
        let mut url = reqwest::Url::parse(&format!("{}{path}", self.base_url))
            .map_err(|error| invalid(&error))?;
        let body = if method.has_body() {
            Some(encode_body(request, self.format)?)
        } else {
            append_query(&mut url, &members, &used);
            None
        };

        let exchange = Exchange {
            method,
            url,
            body,
            media_type: self.format.media_type(),
        };
        let sent_bearer = self.session.bearer();
        let (mut status, mut answer) = self.exchange(&exchange, true).await?;
        if status == 401 {
            // Another task may have refreshed the token meanwhile: then retry with it,
            // instead of refreshing again.
            let replaced = self.session.bearer() != sent_bearer;
            if replaced || self.refresh().await? {
                (status, answer) = self.exchange(&exchange, true).await?;
            }
        }
        let answer = strip_bom(&answer);
        if !(200..300).contains(&status) {
            return Err(error_from(status, answer));
        }
        decode::<R::Response>(answer, self.format).map_err(|message| Error::Decode {
            status,
            type_name: std::any::type_name::<R::Response>(),
            message,
        })
    }

    /// Sends one prepared request and reads the answer, remembering its cookies.
    async fn exchange(
        &self,
        exchange: &Exchange,
        authenticate: bool,
    ) -> Result<(u16, Vec<u8>), Error> {
        let mut builder = self
            .http
            .request(exchange.method.to_reqwest(), exchange.url.clone())
            .header(ACCEPT, exchange.media_type);
        if let Some(body) = &exchange.body {
            builder = builder
                .header(CONTENT_TYPE, exchange.media_type)
                .body(body.clone());
        }
        if authenticate && let Some(authorization) = self.session.authorization()? {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        if let Some(cookies) = self.session.cookie_header()? {
            builder = builder.header(COOKIE, cookies);
        }
        // The URL may carry DTO members in its query; errors leave it out.
        let response = builder
            .send()
            .await
            .map_err(|error| Error::Transport(error.without_url()))?;
        self.session.remember_cookies(response.headers());
        let status = response.status().as_u16();
        Ok((
            status,
            read_limited(response, self.max_response_bytes).await?,
        ))
    }

    /// ServiceStack's `GetAccessToken`: a new bearer token for the refresh token (the one
    /// given to the client, else the host's `ss-reftok` cookie, as the C# client does), sent
    /// without the expired one. `false` when there is no refresh token to try.
    async fn refresh(&self) -> Result<bool, Error> {
        let refresh_token = self
            .session
            .refresh_token()
            .or_else(|| self.session.cookie(REFRESH_TOKEN_COOKIE));
        let Some(refresh_token) = refresh_token else {
            return Ok(false);
        };
        let url = reqwest::Url::parse(&format!(
            "{}{}",
            self.base_url,
            self.predefined_route
                .unwrap_or_default()
                .path("GetAccessToken")
        ))
        .map_err(|error| Error::InvalidRequest(format!("GetAccessToken: {error}")))?;
        let body = serde_json::json!({ "RefreshToken": refresh_token.expose() });
        let exchange = Exchange {
            method: Method::Post,
            url,
            body: Some(body.to_string().into_bytes()),
            media_type: JSON,
        };
        let cookie_before = self.session.cookie(TOKEN_COOKIE);
        let (status, answer) = self.exchange(&exchange, false).await?;
        let answer = strip_bom(&answer);
        if !(200..300).contains(&status) {
            return Err(error_from(status, answer));
        }
        // Hosts that use token cookies answer with an empty body and a new `ss-tok`.
        let cookie_after = self
            .session
            .cookie(TOKEN_COOKIE)
            .filter(|token| Some(token) != cookie_before.as_ref());
        let token = access_token(answer)
            .or(cookie_after)
            .ok_or_else(|| Error::Decode {
                status,
                type_name: "GetAccessTokenResponse",
                message: "the answer has no AccessToken and sets no ss-tok cookie".to_owned(),
            })?;
        self.session.set_bearer(token);
        Ok(true)
    }
}

fn invalid_request<R: Request>(error: &dyn std::fmt::Display) -> Error {
    Error::InvalidRequest(format!("{}: {error}", R::OPERATION))
}

/// A request ready to send (again, after a refresh).
struct Exchange {
    method: Method,
    url: reqwest::Url,
    body: Option<Vec<u8>>,
    media_type: &'static str,
}

/// The `AccessToken` of a `GetAccessTokenResponse`, in either casing.
fn access_token(body: &[u8]) -> Option<Secret> {
    let Value::Object(members) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    members
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("AccessToken"))
        .and_then(|(_, value)| {
            value
                .as_str()
                .filter(|token| !token.is_empty())
                .map(Secret::new)
        })
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
    let invalid = |error: &dyn std::fmt::Display| invalid_request::<R>(error);
    match format {
        Format::Json => serde_json::to_vec(request).map_err(|error| invalid(&error)),
        Format::Xml => crate::datacontract::to_string(request, R::OPERATION, R::XML_NAMESPACE)
            .map(String::into_bytes)
            .map_err(|error| invalid(&error)),
    }
}

/// The members no route variable took, in the query string in JSV notation.
/// The request's top-level members, for routes and query strings. Through the JSON text,
/// not `to_value`, which would widen an f32 to f64 (`1.1` → `1.100000023841858`).
fn members_of<T: serde::Serialize + ?Sized>(
    request: &T,
) -> Result<route::Members, serde_json::Error> {
    let text = serde_json::to_vec(request)?;
    Ok(match serde_json::from_slice(&text)? {
        Value::Object(members) => members,
        _ => route::Members::new(),
    })
}

fn append_query(url: &mut reqwest::Url, members: &route::Members, used: &[String]) {
    let pairs: Vec<(&String, String)> = members
        .iter()
        .filter(|(name, value)| !value.is_null() && !used.contains(name))
        .map(|(name, value)| match value {
            // ServiceStack's client writes an empty list as `[]`, not as nothing.
            Value::Array(items) if items.is_empty() => (name, "[]".to_owned()),
            _ => (name, route::jsv_scalar(value)),
        })
        .collect();
    if pairs.is_empty() {
        return;
    }
    let mut query = url.query_pairs_mut();
    for (name, value) in pairs {
        query.append_pair(name, &value);
    }
}

/// Reads the whole body, refusing to buffer more than `limit` bytes.
async fn read_limited(response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Error> {
    crate::http::read_limited(response, limit)
        .await
        .map_err(|error| match error {
            crate::http::BodyError::TooLarge => Error::BodyTooLarge { limit },
            crate::http::BodyError::Transport(error) => Error::Transport(error),
        })
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
    fn query_members_are_jsv_and_empty_lists_are_brackets() {
        let mut url = reqwest::Url::parse("https://example.com/api/items").unwrap();
        let members = match serde_json::json!({"Ids": [1, 2], "None": [], "Name": "a b", "Id": 7, "Gone": null})
        {
            Value::Object(members) => members,
            _ => unreachable!(),
        };
        append_query(&mut url, &members, &["Id".to_owned()]);
        assert_eq!(url.query(), Some("Ids=1%2C2&Name=a+b&None=%5B%5D"));
    }

    #[test]
    fn query_numbers_keep_their_short_form() {
        #[derive(serde::Serialize)]
        struct Query {
            #[serde(rename = "Ratio")]
            ratio: f32,
            #[serde(rename = "Price")]
            price: crate::value::Decimal,
        }
        let query = Query {
            ratio: 1.1,
            price: "2.25".parse().unwrap(),
        };
        let mut url = reqwest::Url::parse("https://example.com/api/items").unwrap();
        append_query(&mut url, &members_of(&query).unwrap(), &[]);
        assert_eq!(url.query(), Some("Price=2.25&Ratio=1.1"));
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
