//! [`Client`]: sends SOAP requests to one endpoint and decodes the answers.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderValue};

use super::envelope::{self, ExtraHeaders, Message, Unreadable};
use super::error::KEPT_BODY_BYTES;
use super::{
    Answer, Binding, Error, Operation, Response, UsernameToken, Version, addressing, mtom,
};
use crate::call::{self, Shaping};
use crate::hook::{Hook, RawResponse};
use crate::http::{BodyError, DEFAULT_MAX_RESPONSE_BYTES, read_limited};
use crate::retry::RetryPolicy;
use crate::xml::{Complex, RawXml, Value};
use tracing::Instrument as _;

/// A client for one SOAP endpoint. Cheap to clone (clones share the connection pool) and
/// usable from many tasks at once. Credentials travel in the typed headers each call
/// passes, or in a WS-Security header the client adds to every call
/// ([`Client::with_username_token`]).
///
/// The endpoint is always the caller's: a WSDL's `soap:address` is only a hint (services
/// behind proxies advertise internal hosts), and Twinfield's cluster services live at the
/// URL its logon returns ([`Client::with_base_url`]).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    url: reqwest::Url,
    version: Version,
    max_response_bytes: usize,
    security: Option<Arc<UsernameToken>>,
    /// Header elements sent with every call, after the declared ones.
    headers: Arc<[RawXml]>,
    /// `None`: MTOM where the binding's policy asks for it.
    mtom: Option<bool>,
    shaping: Shaping,
    #[cfg(feature = "ntlm")]
    ntlm: Option<Arc<super::NtlmCredentials>>,
}

/// Header elements by count only: they may hold credentials.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("Client");
        shown
            .field("url", &self.url.as_str())
            .field("version", &self.version)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("security", &self.security)
            .field("headers", &self.headers.len())
            .field("shaping", &self.shaping);
        #[cfg(feature = "ntlm")]
        shown.field("ntlm", &self.ntlm);
        shown.finish_non_exhaustive()
    }
}

impl Client {
    /// A client with a default `reqwest::Client`: the crate's TLS stack ([`crate::tls`]), a
    /// 30-second connect timeout, no total timeout, and no redirects (a SOAP request carries
    /// its credentials in the body, which must not follow a redirect elsewhere).
    pub fn new(url: &str) -> Result<Self, Error> {
        let http = crate::http::default_client_builder()?
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(Error::Transport)?;
        Self::with_http_client(http, url)
    }

    /// A client that sends through the caller's `reqwest::Client` (timeouts, proxies, TLS).
    pub fn with_http_client(http: reqwest::Client, url: &str) -> Result<Self, Error> {
        Ok(Self {
            http,
            url: parse_url(url)?,
            version: Version::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            security: None,
            headers: Arc::new([]),
            mtom: None,
            shaping: Shaping::default(),
            #[cfg(feature = "ntlm")]
            ntlm: None,
        })
    }

    /// Answers Windows authentication (`401` with `WWW-Authenticate: NTLM` or `Negotiate`)
    /// with an NTLM handshake as `credentials` (cargo feature `ntlm`). NTLM authenticates
    /// a connection, so the client gets a connection pool of its own: HTTP/1.1, one idle
    /// connection per host, the crate's TLS stack and timeouts. The request body travels
    /// with each of the handshake's legs; calls are best made one after another (a
    /// concurrent call may take the connection a handshake is on, and then fails with the
    /// host's 401).
    #[cfg(feature = "ntlm")]
    pub fn with_ntlm(mut self, credentials: super::NtlmCredentials) -> Result<Self, Error> {
        self.http = crate::http::default_client_builder()?
            .redirect(reqwest::redirect::Policy::none())
            .http1_only()
            .pool_max_idle_per_host(1)
            .build()
            .map_err(Error::Transport)?;
        self.ntlm = Some(Arc::new(credentials));
        Ok(self)
    }

    /// The same client for another endpoint (sharing the connection pool).
    pub fn with_base_url(&self, url: &str) -> Result<Self, Error> {
        Ok(Self {
            url: parse_url(url)?,
            ..self.clone()
        })
    }

    /// Speaks `version` to operations bound to it (SOAP 1.1 by default); operations bound
    /// only to the other version still use that one.
    pub fn with_version(mut self, version: Version) -> Self {
        self.version = version;
        self
    }

    /// Refuses answers larger than `limit` bytes (32 MiB by default).
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends a WS-Security `UsernameToken` with every call (a fresh nonce and creation
    /// time each time).
    pub fn with_username_token(mut self, token: UsernameToken) -> Self {
        self.security = Some(Arc::new(token));
        self
    }

    /// Sends `element` in the header of every call, after the operation's declared
    /// headers: any header the WSDL does not declare (a correlation id, a tenant), typed
    /// through [`crate::xml::to_string`] or written by hand. It must declare the prefixes
    /// it uses.
    pub fn with_header(mut self, element: RawXml) -> Self {
        let mut headers = self.headers.to_vec();
        headers.push(element);
        self.headers = headers.into();
        self
    }

    /// Sends large binary values (`base64Binary` over 767 bytes, WCF's limit) as MTOM parts,
    /// or never (`false`), whatever the binding's policy says. Answers in MTOM are read
    /// either way.
    pub fn with_mtom(mut self, mtom: bool) -> Self {
        self.mtom = Some(mtom);
        self
    }

    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// Calls `operation` with `request` in the body and the operation's declared headers
    /// from `headers`; returns the typed body and response headers.
    pub async fn call<R: Value, B: Value + Default, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
    ) -> Result<Response<B, H>, Error> {
        self.call_with(operation, request, headers, &[]).await
    }

    /// [`Client::call`] with more header elements for this call only, after the client's.
    pub async fn call_with<R: Value, B: Value + Default, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
        extra: &[RawXml],
    ) -> Result<Response<B, H>, Error> {
        let raw = self
            .call_raw_with(operation, request, headers, extra)
            .await?;
        Self::decode(operation, &raw)
    }

    /// Calls `operation` and hands back the answer as it came, whatever its status,
    /// without decoding it (see [`Client::decode`]).
    pub async fn call_raw<R: Value, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
    ) -> Result<RawResponse, Error> {
        self.call_raw_with(operation, request, headers, &[]).await
    }

    /// Decodes an answer [`Client::call_raw`] returned, as [`Client::call`] would have.
    pub fn decode<B: Value + Default, H: Complex>(
        operation: &Operation,
        raw: &RawResponse,
    ) -> Result<Response<B, H>, Error> {
        decode(operation, answer_of(raw.status, &raw.headers), &raw.body)
    }

    /// Encodes the request here, generic over its types, and leaves the exchange to
    /// [`Client::exchange`], which is not: a generated crate then compiles the transport
    /// (hooks, retries, NTLM, reading the answer) once, not once per operation.
    async fn call_raw_with<R: Value, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
        extra: &[RawXml],
    ) -> Result<RawResponse, Error> {
        let (version, binding) = operation.version(self.version).ok_or_else(|| {
            Error::InvalidRequest(format!("`{}` has no SOAP binding", operation.name))
        })?;
        let body = self.body(version, &binding, operation, request, headers, extra);
        self.exchange(operation, version, binding, body).await
    }

    /// Sends an encoded request (or reports why it could not be encoded) inside the call's
    /// span, and reads the answer.
    async fn exchange(
        &self,
        operation: &Operation,
        version: Version,
        binding: Binding,
        body: Result<(HeaderValue, Vec<u8>), Error>,
    ) -> Result<RawResponse, Error> {
        let span = call::span(operation.name, "POST", &self.url);
        span.record("soap.action", binding.action);
        span.record("soap.version", version.name());
        async {
            let (content_type, body) = body?;
            let send = |authorization: Option<HeaderValue>| {
                self.send(
                    version,
                    &binding,
                    operation.name,
                    &content_type,
                    &body,
                    authorization,
                )
            };
            let (response, attempt) = send(None).await?;
            #[cfg(feature = "ntlm")]
            let (response, attempt) = match (&self.ntlm, super::ntlm::offered(response.headers())) {
                (Some(credentials), Some(scheme))
                    if response.status() == reqwest::StatusCode::UNAUTHORIZED =>
                {
                    // The NEGOTIATE leg goes on the connection this answer came on.
                    let _ = response.bytes().await;
                    let (challenge, attempt) = send(Some(credentials.negotiate(scheme)?)).await?;
                    if challenge.status() != reqwest::StatusCode::UNAUTHORIZED {
                        (challenge, attempt)
                    } else {
                        let authorization =
                            credentials.authenticate(scheme, challenge.headers())?;
                        let _ = challenge.bytes().await;
                        send(Some(authorization)).await?
                    }
                }
                _ => (response, attempt),
            };
            if response.status().is_redirection() {
                tracing::warn!(
                    operation = operation.name,
                    status = response.status().as_u16(),
                    "a redirect is not followed: a SOAP request carries its credentials in its body"
                );
            }
            let mut response = response;
            let status = response.status().as_u16();
            // Taken, not copied: the body's length comes from the transport, not the headers.
            let answer_headers = std::mem::take(response.headers_mut());
            let bytes = read_limited(response, self.max_response_bytes)
                .await
                .map_err(|error| match error {
                    BodyError::TooLarge => Error::BodyTooLarge {
                        limit: self.max_response_bytes,
                    },
                    BodyError::Transport(error) => Error::Transport(error),
                })?;
            call::record_status(status);
            self.shaping
                .answered(operation.name, attempt, status, &answer_headers, &bytes);
            Ok(RawResponse {
                status,
                headers: answer_headers,
                body: bytes,
            })
        }
        .instrument(span)
        .await
    }

    /// The request body and its `Content-Type`.
    fn body<R: Value, H: Complex>(
        &self,
        version: Version,
        binding: &Binding,
        operation: &Operation,
        request: &R,
        headers: &H,
        extra: &[RawXml],
    ) -> Result<(HeaderValue, Vec<u8>), Error> {
        let mut extra = self.extra_headers(version, binding, extra)?;
        if self.mtom.unwrap_or(binding.mtom) {
            extra.mtom = Some(
                addressing::unique()
                    .map_err(|error| {
                        Error::InvalidRequest(format!("no random MIME boundary: {error}"))
                    })?
                    .to_string(),
            );
        }
        let written = envelope::write_request(version, operation, request, headers, &extra)?;
        frame(version, binding, written, extra.mtom.as_deref())
    }

    /// Sends one request (through the hooks and the retry policy).
    async fn send(
        &self,
        version: Version,
        binding: &Binding,
        operation: &str,
        content_type: &HeaderValue,
        body: &[u8],
        authorization: Option<HeaderValue>,
    ) -> Result<(reqwest::Response, u32), Error> {
        let mut request = self
            .http
            .post(self.url.clone())
            .header(CONTENT_TYPE, content_type.clone())
            .body(body.to_vec());
        if version == Version::Soap11 {
            request = request.header("SOAPAction", quoted(binding.action)?);
        }
        if let Some(authorization) = authorization {
            request = request.header(reqwest::header::AUTHORIZATION, authorization);
        }
        let request = request
            .build()
            .map_err(|error| Error::Transport(error.without_url()))?;
        self.shaping
            .send(&self.http, request, operation)
            .await
            .map_err(|error| Error::Transport(error.without_url()))
    }

    /// Shows every request to `hook` before it is sent (it may change it) and every answer
    /// before it is decoded.
    pub fn with_hook(mut self, hook: impl Hook + 'static) -> Self {
        self.shaping.add_hook(Arc::new(hook));
        self
    }

    /// Sends requests again as `policy` says (off by default). Every SOAP call is a POST,
    /// so only the operations the policy names idempotent are retried, unless it retries
    /// everything.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.shaping.set_retry(policy);
        self
    }
}

/// The body and its `Content-Type`: the envelope as it is, or framed as MTOM.
fn frame(
    version: Version,
    binding: &Binding,
    written: envelope::Request,
    mtom: Option<&str>,
) -> Result<(HeaderValue, Vec<u8>), Error> {
    let Some(unique) = mtom else {
        return Ok((
            content_type(version, binding)?,
            written.envelope.into_bytes(),
        ));
    };
    let soap_type = match version {
        Version::Soap11 => "text/xml",
        Version::Soap12 => "application/soap+xml",
    };
    let action =
        (version == Version::Soap12 && binding.addressing.is_none() && !binding.action.is_empty())
            .then_some(binding.action);
    let message = mtom::encode(&written.envelope, &written.parts, soap_type, action, unique);
    let content_type = HeaderValue::from_str(&message.content_type).map_err(|_| {
        Error::InvalidRequest(format!(
            "the action `{}` is not a valid header value",
            binding.action
        ))
    })?;
    Ok((content_type, message.body))
}

impl Client {
    /// What goes in the header besides the declared elements: WS-Addressing's when the
    /// binding requires it, the UsernameToken, the client's and the call's elements.
    fn extra_headers<'a>(
        &'a self,
        version: Version,
        binding: &Binding,
        call: &'a [RawXml],
    ) -> Result<ExtraHeaders<'a>, Error> {
        let envelope = envelope::envelope_prefix(version);
        let mut extra = ExtraHeaders::default();
        if let Some(action) = binding.addressing {
            let message_id = addressing::message_id()
                .map_err(|error| Error::InvalidRequest(format!("no random MessageID: {error}")))?;
            extra.leading = addressing::headers(envelope, action, &message_id, self.url.as_str());
            extra.addressing = true;
        }
        if let Some(token) = &self.security {
            extra.leading.push_str(&token.header(envelope)?);
        }
        extra.trailing = self.headers.iter().chain(call).collect();
        Ok(extra)
    }
}

fn parse_url(url: &str) -> Result<reqwest::Url, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| Error::InvalidRequest(format!("endpoint `{url}`: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::InvalidRequest(format!(
            "endpoint `{url}` is not an http or https URL"
        )));
    }
    Ok(parsed)
}

/// SOAP 1.1: `text/xml`; SOAP 1.2: `application/soap+xml` with the action as a parameter,
/// unless WS-Addressing carries it (as WCF's clients do).
fn content_type(version: Version, binding: &Binding) -> Result<HeaderValue, Error> {
    let action = binding.action;
    let text = match version {
        Version::Soap11 => "text/xml; charset=utf-8".to_owned(),
        Version::Soap12 if action.is_empty() || binding.addressing.is_some() => {
            "application/soap+xml; charset=utf-8".to_owned()
        }
        Version::Soap12 => format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
    };
    HeaderValue::from_str(&text).map_err(|_| {
        Error::InvalidRequest(format!("the action `{action}` is not a valid header value"))
    })
}

/// `SOAPAction: "<action>"`, quoted and verbatim from the WSDL (ASMX rejects other quotes).
fn quoted(action: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(&format!("\"{action}\"")).map_err(|_| {
        Error::InvalidRequest(format!("the action `{action}` is not a valid header value"))
    })
}

fn answer_of(status: u16, headers: &reqwest::header::HeaderMap) -> Answer {
    Answer {
        status,
        content_type: headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        retry_after: crate::http::retry_after(headers),
    }
}

/// Decodes an HTTP answer to `operation` as [`Client`] does, for callers that send the
/// request themselves: a fault is a fault whatever the status; a 2xx envelope is the
/// reply; anything else that is not an envelope is kept as text.
pub fn decode<B: Value + Default, H: Complex>(
    operation: &Operation,
    answer: Answer,
    bytes: &[u8],
) -> Result<Response<B, H>, Error> {
    let success = (200..300).contains(&answer.status);
    if success && bytes.iter().all(u8::is_ascii_whitespace) && operation.output.is_none() {
        return Ok(Response {
            body: B::default(),
            headers: H::default(),
            header_elements: Vec::new(),
        });
    }
    let content_type = answer.content_type.clone().unwrap_or_default();
    let parts = if mtom::is_multipart(Some(&content_type)) {
        match mtom::split(&content_type, bytes) {
            Ok(parts) => Some(parts),
            Err(message) => return Err(Error::Decode { answer, message }),
        }
    } else {
        None
    };
    let resolve = |href: &str| parts.as_ref().and_then(|parts| parts.part(href));
    let (bytes, resolve): (&[u8], envelope::Parts<'_>) = match &parts {
        Some(parts) => (parts.root, Some(&resolve)),
        None => (bytes, None),
    };
    match envelope::read_response::<B, H>(bytes, operation, resolve) {
        Ok(Message::Fault(fault)) => Err(Error::Fault { answer, fault }),
        Ok(Message::Reply(reply)) if success => Ok(reply),
        Ok(Message::Reply(_)) => {
            let message = format!(
                "HTTP {} with an envelope that holds no fault",
                answer.status
            );
            Err(Error::Decode { answer, message })
        }
        Err(Unreadable::NotSoap(reason)) => Err(not_soap(answer, reason, bytes)),
        Err(Unreadable::Decode(message)) => Err(Error::Decode { answer, message }),
    }
}

fn not_soap(answer: Answer, reason: Option<String>, bytes: &[u8]) -> Error {
    let kept = bytes.get(..KEPT_BODY_BYTES).unwrap_or(bytes);
    Error::NotSoap {
        answer,
        reason,
        body: String::from_utf8_lossy(kept).into_owned(),
    }
}
