//! [`Client`]: sends ServiceStack request DTOs over HTTP/JSON and decodes the answers.

use std::sync::Arc;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderValue, USER_AGENT};
use serde_json::Value;

use super::answer::{self, Download};
use super::error::parse_response_status;
use super::session::{REFRESH_TOKEN_COOKIE, Session, TOKEN_COOKIE};
use super::{Error, Method, Request, route};
use crate::Secret;
use crate::call::{self, Shaping};
use crate::hook::{Hook, RawResponse};
use crate::retry::RetryPolicy;
use crate::value::{JsonDialect, JsonStyle};
use tracing::Instrument as _;

use crate::http::DEFAULT_MAX_RESPONSE_BYTES;

pub(super) const JSON: &str = "application/json";
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
    pub(super) fn media_type(self) -> &'static str {
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
    pub(super) fn path(self, operation: &str) -> String {
        match self {
            PredefinedRoute::JsonReply => format!("/json/reply/{operation}"),
            PredefinedRoute::Api => format!("/api/{operation}"),
        }
    }

    /// The one-way route of the family: `/json/oneway/{Operation}`; `/api` has none, so
    /// the C# client publishes there as a normal call.
    pub(super) fn one_way_path(self, operation: &str) -> String {
        match self {
            PredefinedRoute::JsonReply => format!("/json/oneway/{operation}"),
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
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    /// `base_url` parsed once: parsing a whole URL again for every call cost more than the
    /// rest of preparing it.
    base: ParsedBase,
    pub(super) session: Arc<Session>,
    /// `None`: each request's own default ([`Request::PREDEFINED_ROUTE`]).
    pub(super) predefined_route: Option<PredefinedRoute>,
    /// `None`: each request's own ([`Request::JSON_STYLE`]).
    pub(super) json_dialect: Option<JsonDialect>,
    pub(super) format: Format,
    pub(super) user_agent: Option<HeaderValue>,
    pub(super) max_response_bytes: usize,
    pub(super) shaping: Shaping,
}

impl Client {
    /// A client with a default `reqwest::Client`: the crate's TLS stack ([`crate::tls`]),
    /// a 30-second connect timeout, no total timeout (that is the caller's to choose, with
    /// [`Client::with_http_client`]), and the `User-Agent` `svcgen-runtime/<version>`.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let http = crate::http::default_client_builder()?
            .build()
            .map_err(Error::Transport)?;
        Self::with_http_client(http, base_url)
    }

    /// A client that sends through the caller's `reqwest::Client`, so timeouts, proxies,
    /// TLS settings and default headers (the `User-Agent` among them) stay the caller's.
    pub fn with_http_client(http: reqwest::Client, base_url: &str) -> Result<Self, Error> {
        let trimmed = base_url.trim_end_matches('/');
        let base = reqwest::Url::parse(trimmed)
            .map_err(|error| Error::InvalidRequest(format!("base URL `{base_url}`: {error}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(format!(
                "base URL `{base_url}` is not an http or https URL"
            )));
        }
        Ok(Self {
            http,
            base_url: trimmed.to_owned(),
            base: ParsedBase(base),
            session: Arc::default(),
            predefined_route: None,
            json_dialect: None,
            format: Format::default(),
            user_agent: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            shaping: Shaping::default(),
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

    /// Sends an API key (`ak-…`) as the host expects it: as the bearer token, which both
    /// v8's `ApiKeysFeature` and the older `ApiKeyAuthProvider` read.
    pub fn with_api_key(self, key: impl Into<Secret>) -> Self {
        self.with_bearer_token(key)
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

    /// Chooses the predefined route family (`/json/reply`, `/api`) used when no
    /// user-defined route fits, and for refreshes, batches and one-way calls.
    pub fn with_predefined_route(mut self, route: PredefinedRoute) -> Self {
        self.predefined_route = Some(route);
        self
    }

    /// Writes request bodies in `dialect`, whatever the generated code chose from the
    /// metadata (see [`JsonDialect`]). Answers are read in either dialect.
    pub fn with_json_dialect(mut self, dialect: JsonDialect) -> Self {
        self.json_dialect = Some(dialect);
        self
    }

    /// Sends and expects `format` (JSON unless told otherwise).
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Sends this `User-Agent` instead of the HTTP client's (`svcgen-runtime/<version>` for
    /// [`Client::new`]).
    pub fn with_user_agent(mut self, user_agent: &str) -> Result<Self, Error> {
        let value = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::InvalidRequest(format!("`{user_agent}` is not a header value")))?;
        self.user_agent = Some(value);
        Ok(self)
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

    /// Calls the operation `R` and decodes its answer: a DTO in the client's format, raw
    /// text for `string` operations, raw bytes for `byte[]`/`Stream` ones, nothing for void
    /// ones (whatever 2xx body comes with it), as [`Request::RESPONSE_BODY`] says.
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let exchange = self.prepare(request)?;
        let span = call::span(R::OPERATION, exchange.method.as_str(), &exchange.url);
        async {
            let (status, answer) = self.finish(self.call(&exchange).await?).await?;
            answer::decode::<R>(status, &answer, self.format)
        }
        .instrument(span)
        .await
    }

    /// Calls the operation `R` and hands back the answer as it came, whatever its status,
    /// without decoding it (see [`Client::decode`]): for looking at what a host really
    /// sends. Token refreshes, hooks and retries apply as for [`Client::send`].
    pub async fn send_raw<R: Request>(&self, request: &R) -> Result<RawResponse, Error> {
        let exchange = self.prepare(request)?;
        let span = call::span(R::OPERATION, exchange.method.as_str(), &exchange.url);
        async { self.read(self.call(&exchange).await?).await }
            .instrument(span)
            .await
    }

    /// Decodes an answer [`Client::send_raw`] returned, as [`Client::send`] would have.
    pub fn decode<R: Request>(&self, raw: &RawResponse) -> Result<R::Response, Error> {
        if !(200..300).contains(&raw.status) {
            return Err(failure(raw));
        }
        let body = crate::bom::strip(&raw.body);
        answer::decode::<R>(raw.status, body, self.format)
    }

    /// Calls the operation `R` and hands back the answer unread, for `byte[]`/`Stream`
    /// operations whose answers are too large to buffer: no size limit applies. Error
    /// answers (non-2xx) are read and returned as errors, as [`Client::send`] does.
    pub async fn send_streaming<R: Request>(&self, request: &R) -> Result<Download, Error> {
        let exchange = self.prepare(request)?;
        let span = call::span(R::OPERATION, exchange.method.as_str(), &exchange.url);
        async {
            let answered = self.call(&exchange).await?;
            if !answered.response.status().is_success() {
                return Err(failure(&self.read(answered).await?));
            }
            let headers = answered.response.headers().clone();
            let status = answered.response.status().as_u16();
            self.shaping
                .answered(answered.operation, answered.attempt, status, &headers, &[]);
            Ok(Download::new(answered.response))
        }
        .instrument(span)
        .await
    }

    /// Shows every request to `hook` before it is sent (it may change it) and every answer
    /// before it is decoded. Hooks run in the order they were added.
    pub fn with_hook(mut self, hook: impl Hook + 'static) -> Self {
        self.shaping.add_hook(std::sync::Arc::new(hook));
        self
    }

    /// Sends requests again as `policy` says when the connection fails or the host answers
    /// 429 or 503 (off by default).
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.shaping.set_retry(policy);
        self
    }

    /// The style request bodies and query values of `R` are written in.
    pub(super) fn json_style<R: Request>(&self) -> JsonStyle {
        let mut style = R::JSON_STYLE;
        if let Some(dialect) = self.json_dialect {
            style.dialect = dialect;
        }
        style
    }

    /// The predefined route family `R` goes to.
    pub(super) fn family<R: Request>(&self) -> PredefinedRoute {
        self.predefined_route.unwrap_or(R::PREDEFINED_ROUTE)
    }

    /// The URL for `path`, relative to the base URL: the base with `path` appended to its
    /// path, which is what parsing their concatenation gives (see the test), without parsing
    /// the scheme and host again.
    pub(super) fn url(&self, mut path: String) -> Result<reqwest::Url, Error> {
        let base = &self.base.0;
        let plain = path.starts_with('/')
            && !path.contains(['?', '#'])
            && base.query().is_none()
            && base.fragment().is_none();
        if !plain {
            return reqwest::Url::parse(&format!("{}{path}", self.base_url))
                .map_err(|error| Error::InvalidRequest(format!("`{path}`: {error}")));
        }
        // In the path's own buffer, which has room to spare (route::fill).
        path.insert_str(0, base.path().trim_end_matches('/'));
        let mut url = base.clone();
        url.set_path(&path);
        Ok(url)
    }

    /// The method, URL and body of one call of `R`: its best route (members that fill no
    /// route variable go to the query string of body-less methods), else the predefined one.
    fn prepare<R: Request>(&self, request: &R) -> Result<Exchange<'static>, Error> {
        let method = R::METHOD;
        let style = self.json_style::<R>();
        // The members fill route variables and, without a body, the query string; a body
        // call whose routes have no variables needs none (and the body is serialized anyway).
        let needs_members =
            !method.has_body() || R::ROUTES.iter().any(|route| route.path.contains('{'));
        let members = if needs_members {
            members_of(request, style).map_err(|error| invalid_request::<R>(&error))?
        } else {
            route::Members::new()
        };
        let (path, used) = match route::select(R::ROUTES, method, &members) {
            Some(chosen) => (chosen.path, chosen.used),
            None => (self.family::<R>().path(R::OPERATION), Default::default()),
        };
        let mut url = self.url(path)?;
        let payload = if method.has_body() {
            Payload::Body(encode_body(request, self.format, style)?)
        } else {
            append_query(&mut url, &members, &used);
            Payload::Empty
        };
        Ok(Exchange {
            operation: R::OPERATION,
            method,
            url,
            payload,
            media_type: self.format.media_type(),
            family: self.family::<R>(),
        })
    }

    /// Sends an exchange; on a 401, refreshes the bearer token once (when there is a
    /// refresh token) and sends it again.
    pub(super) async fn call(&self, exchange: &Exchange<'_>) -> Result<Answered, Error> {
        let sent_bearer = self.session.bearer();
        let answered = self.respond(exchange, true).await?;
        if answered.response.status() != reqwest::StatusCode::UNAUTHORIZED {
            return Ok(answered);
        }
        // Another task may have refreshed the token meanwhile: then retry with it,
        // instead of refreshing again.
        let replaced = self.session.bearer() != sent_bearer;
        if replaced || self.refresh(exchange.family).await? {
            tracing::info!(
                operation = exchange.operation,
                "sending again with the new bearer token"
            );
            return self.respond(exchange, true).await;
        }
        Ok(answered)
    }

    /// Sends an exchange and reads its whole answer inside the call's span (batches,
    /// one-way calls, uploads).
    pub(super) async fn exchange(&self, exchange: &Exchange<'_>) -> Result<(u16, Vec<u8>), Error> {
        let span = call::span(exchange.operation, exchange.method.as_str(), &exchange.url);
        async { self.finish(self.call(exchange).await?).await }
            .instrument(span)
            .await
    }

    /// Reads a whole answer (within the limit); a non-2xx one becomes the error it carries.
    pub(super) async fn finish(&self, answered: Answered) -> Result<(u16, Vec<u8>), Error> {
        let raw = self.read(answered).await?;
        if !(200..300).contains(&raw.status) {
            return Err(failure(&raw));
        }
        Ok((raw.status, without_bom(raw.body)))
    }

    /// The whole answer (within the limit), shown to the hooks and the trace.
    async fn read(&self, answered: Answered) -> Result<RawResponse, Error> {
        let Answered {
            mut response,
            operation,
            attempt,
        } = answered;
        let status = response.status().as_u16();
        // Taken, not copied: the body's length comes from the transport, not the headers.
        let headers = std::mem::take(response.headers_mut());
        let body = read_limited(response, self.max_response_bytes).await?;
        call::record_status(status);
        self.shaping
            .answered(operation, attempt, status, &headers, &body);
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Sends one prepared request, remembering the cookies of its answer.
    async fn respond(
        &self,
        exchange: &Exchange<'_>,
        authenticate: bool,
    ) -> Result<Answered, Error> {
        let builder = self
            .http
            .request(exchange.method.to_reqwest(), exchange.url.clone())
            .header(ACCEPT, HeaderValue::from_static(exchange.media_type));
        let builder = exchange
            .payload
            .attach(builder, exchange.media_type)
            .await?;
        // The URL may carry DTO members in its query; errors leave it out.
        let mut request = builder
            .build()
            .map_err(|error| Error::Transport(error.without_url()))?;
        // Added to the request, not through the builder, which each call would move.
        let headers = request.headers_mut();
        if let Some(user_agent) = &self.user_agent {
            headers.append(USER_AGENT, user_agent.clone());
        }
        if authenticate && let Some(authorization) = self.session.authorization()? {
            headers.append(AUTHORIZATION, authorization);
        }
        if let Some(cookies) = self.session.cookie_header()? {
            headers.append(COOKIE, cookies);
        }
        let (response, attempt) = self
            .shaping
            .send(&self.http, request, exchange.operation)
            .await
            .map_err(|error| Error::Transport(error.without_url()))?;
        self.session.remember_cookies(response.headers());
        Ok(Answered {
            response,
            operation: exchange.operation,
            attempt,
        })
    }

    /// ServiceStack's `GetAccessToken` on the host's route family: a new bearer token for
    /// the refresh token (the one given to the client, else the host's `ss-reftok` cookie,
    /// as the C# client does), sent without the expired one. `false` when there is no
    /// refresh token to try.
    async fn refresh(&self, family: PredefinedRoute) -> Result<bool, Error> {
        let refresh_token = self
            .session
            .refresh_token()
            .or_else(|| self.session.cookie(REFRESH_TOKEN_COOKIE));
        let Some(refresh_token) = refresh_token else {
            return Ok(false);
        };
        let body = serde_json::json!({ "RefreshToken": refresh_token.expose() });
        let exchange = Exchange {
            operation: "GetAccessToken",
            method: Method::Post,
            url: self.url(family.path("GetAccessToken"))?,
            payload: Payload::Body(body.to_string().into_bytes()),
            media_type: JSON,
            family,
        };
        let cookie_before = self.session.cookie(TOKEN_COOKIE);
        let (status, answer) = self.finish(self.respond(&exchange, false).await?).await?;
        // Hosts that use token cookies answer with an empty body and a new `ss-tok`.
        let cookie_after = self
            .session
            .cookie(TOKEN_COOKIE)
            .filter(|token| Some(token) != cookie_before.as_ref());
        let token = access_token(&answer)
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

pub(super) fn invalid_request<R: Request>(error: &dyn std::fmt::Display) -> Error {
    Error::InvalidRequest(format!("{}: {error}", R::OPERATION))
}

/// A request ready to send (again, after a refresh).
pub(super) struct Exchange<'a> {
    pub(super) operation: &'static str,
    pub(super) method: Method,
    pub(super) url: reqwest::Url,
    pub(super) payload: Payload<'a>,
    pub(super) media_type: &'static str,
    /// Where a refresh goes.
    pub(super) family: PredefinedRoute,
}

/// An answer whose body is still to be read, and which call and attempt it answers.
pub(super) struct Answered {
    pub(super) response: reqwest::Response,
    pub(super) operation: &'static str,
    pub(super) attempt: u32,
}

/// What a request carries.
pub(super) enum Payload<'a> {
    Empty,
    /// The DTO (or a batch of them) in the exchange's media type.
    Body(Vec<u8>),
    /// `multipart/form-data`: the DTO's members as fields, then the files.
    #[cfg(feature = "multipart")]
    Form {
        fields: Vec<(String, String)>,
        files: &'a [super::UploadFile],
    },
    #[cfg(not(feature = "multipart"))]
    #[allow(dead_code)]
    Borrowed(std::marker::PhantomData<&'a ()>),
}

impl Payload<'_> {
    /// Puts the payload on a request; a form is built anew for each attempt, so files
    /// from paths are read again after a refresh.
    async fn attach(
        &self,
        builder: reqwest::RequestBuilder,
        media_type: &'static str,
    ) -> Result<reqwest::RequestBuilder, Error> {
        Ok(match self {
            Payload::Empty => builder,
            Payload::Body(body) => builder
                .header(CONTENT_TYPE, HeaderValue::from_static(media_type))
                .body(body.clone()),
            #[cfg(feature = "multipart")]
            Payload::Form { fields, files } => {
                builder.multipart(super::upload::form(fields, files).await?)
            }
            #[cfg(not(feature = "multipart"))]
            Payload::Borrowed(_) => builder,
        })
    }
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

/// The request DTO as the body.
fn encode_body<R: Request>(
    request: &R,
    format: Format,
    style: JsonStyle,
) -> Result<Vec<u8>, Error> {
    let invalid = |error: &dyn std::fmt::Display| invalid_request::<R>(error);
    match format {
        Format::Json => style
            .write(|| serde_json::to_vec(request))
            .map_err(|error| invalid(&error)),
        Format::Xml => crate::datacontract::to_string(request, R::OPERATION, R::XML_NAMESPACE)
            .map(String::into_bytes)
            .map_err(|error| invalid(&error)),
    }
}

/// The request's top-level members in JSV text, for routes, query strings and form
/// fields, written in the host's JSON style (dates, say).
pub(super) fn members_of<T: serde::Serialize + ?Sized>(
    request: &T,
    style: JsonStyle,
) -> Result<route::Members, serde::de::value::Error> {
    style.write(|| super::jsv::members(request))
}

/// The members no route variable took, in the query string in JSV notation.
fn append_query(url: &mut reqwest::Url, members: &route::Members, used: &[usize]) {
    let mut sent = sent(members, used).peekable();
    if sent.peek().is_none() {
        return;
    }
    let mut query = url.query_pairs_mut();
    for member in sent {
        query.append_pair(&member.name, form_text(member));
    }
}

/// The members that go in the query string or the form: not null, not in a route (`used`
/// holds the positions of those in one).
fn sent<'m>(
    members: &'m route::Members,
    used: &[usize],
) -> impl Iterator<Item = &'m super::jsv::Member> {
    members
        .iter()
        .enumerate()
        .filter(|(position, member)| !member.null && !used.contains(position))
        .map(|(_, member)| member)
}

/// A member's text in a query string or form: ServiceStack's client writes an empty list
/// as `[]`, not as nothing.
fn form_text(member: &super::jsv::Member) -> &str {
    if member.empty_list {
        "[]"
    } else {
        &member.text
    }
}

/// Members as name/value text pairs in JSV notation (an upload's form fields), nulls
/// and the members in `used` left out.
#[cfg(feature = "multipart")]
pub(super) fn form_fields(members: &route::Members, used: &[usize]) -> Vec<(String, String)> {
    sent(members, used)
        .map(|member| (member.name.to_string(), form_text(member).to_owned()))
        .collect()
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

/// The body without its byte order mark ([`crate::bom`]), in place: answers may be large.
fn without_bom(mut body: Vec<u8>) -> Vec<u8> {
    let mark = body.len() - crate::bom::strip(&body).len();
    if mark > 0 {
        body.drain(..mark);
    }
    body
}

/// The error a non-2xx answer carries: the host's `ResponseStatus` if it sent one.
fn failure(raw: &RawResponse) -> Error {
    let body = crate::bom::strip(&raw.body);
    error_from(raw.status, body, crate::http::retry_after(&raw.headers))
}

fn error_from(status: u16, body: &[u8], retry_after: Option<std::time::Duration>) -> Error {
    match parse_response_status(body) {
        Some(response_status) => Error::Api {
            status,
            response_status: Box::new(response_status),
            retry_after,
        },
        None => Error::Status {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
            retry_after,
        },
    }
}

/// The parsed base URL, left out of `Debug` (the `base_url` text is there).
#[derive(Clone)]
struct ParsedBase(reqwest::Url);

impl std::fmt::Debug for ParsedBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("..")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_url_is_what_parsing_base_and_path_together_gives() {
        let bases = [
            "https://example.com",
            "https://example.com/",
            "https://example.com/api/",
            "http://127.0.0.1:8080/Digi Office/gateway",
            "https://example.com/a%20b",
        ];
        let paths = [
            "/json/reply/ConvertSessionToToken",
            "/api/Hello",
            "/hello/J%C3%BCrgen/a%2Fb",
            "/with space/ünïcode/100%",
            "/dots/./and/../more",
            "/back\\slash",
            "/query?in=path",
            "/fragment#here",
            "relative",
            "",
        ];
        for base in bases {
            let client = Client::new(base).unwrap();
            for path in paths {
                let expected =
                    reqwest::Url::parse(&format!("{}{path}", base.trim_end_matches('/'))).unwrap();
                assert_eq!(
                    client.url(path.to_owned()).unwrap(),
                    expected,
                    "{base} + {path}"
                );
            }
        }
    }

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
        let members = super::super::jsv::members(
            &serde_json::json!({"Ids": [1, 2], "None": [], "Name": "a b", "Id": 7, "Gone": null}),
        )
        .unwrap();
        let id = members
            .iter()
            .position(|member| member.name == "Id")
            .unwrap();
        append_query(&mut url, &members, &[id]);
        assert_eq!(url.query(), Some("Ids=1%2C2&Name=a+b&None=%5B%5D"));
    }

    #[test]
    fn bom_is_stripped_and_error_bodies_with_one_still_parse() {
        assert_eq!(without_bom(b"\xEF\xBB\xBF{}".to_vec()), b"{}");
        assert_eq!(without_bom(b"{}".to_vec()), b"{}");
        let body =
            without_bom(b"\xEF\xBB\xBF{\"ResponseStatus\":{\"ErrorCode\":\"Boom\"}}".to_vec());
        let error = error_from(500, &body, None);
        assert_eq!(error.error_code(), Some("Boom"));
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
            // More digits than an f64 holds: every one of them goes.
            price: "12345678901234567.89".parse().unwrap(),
        };
        let mut url = reqwest::Url::parse("https://example.com/api/items").unwrap();
        append_query(
            &mut url,
            &members_of(&query, JsonStyle::default()).unwrap(),
            &[],
        );
        assert_eq!(url.query(), Some("Price=12345678901234567.89&Ratio=1.1"));
    }
}
