//! A test double of a ServiceStack host (cargo feature `mock`): it answers the operations
//! a test registers handlers for, over real HTTP on 127.0.0.1, as the host would.
//!
//! Requests arrive on the operation's user routes (with their verbs; literal segments
//! match without regard to case) or on the predefined routes `/json/reply/{Operation}`,
//! `/json/oneway/{Operation}`, `/xml/reply/{Operation}`, `/xml/oneway/{Operation}` and
//! `/api/{Operation}` (any verb). The request DTO is read from a JSON or DataContract XML
//! body when there is one (clients send the whole DTO there), else from the route's
//! variables and the query string, each value converted by the DTO's own field types as a
//! host does. Answers are JSON, or XML for the `/xml/` routes and clients that accept only
//! XML. An operation that requires authentication answers 401 to a request with neither
//! an `Authorization` header nor a session cookie (`ss-tok`, `ss-id`, `ss-pid`). A handler's
//! [`Failure`] becomes the status and `ResponseStatus` a host sends; a path no handler
//! takes gets 404 with a `ResponseStatus` that says why.
//!
//! Generated modules wrap this in a typed `mock::Mock` with one method per operation;
//! [`Mock`] is what they call.

use std::any::Any;
use std::sync::{Arc, Mutex, RwLock};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue};
use serde::{Deserialize, Serialize};

use super::jsv::Text;
use super::route::{self, Method};
use super::{Request, ResponseBody, ResponseError, ResponseStatus};
use crate::Secret;
use crate::mock::{Answer, Dispatch, Dispatched, Received, Server, lock};

/// One request a mock received: the typed DTO and how it came.
#[derive(Clone)]
pub struct Call<R> {
    pub request: R,
    pub method: Method,
    /// The path as sent (percent-encoded).
    pub path: String,
    pub headers: HeaderMap,
    /// Headers the handler adds to the answer.
    answer_headers: Arc<Mutex<Vec<(HeaderName, HeaderValue)>>>,
}

impl<R> Call<R> {
    /// Adds a header to this call's answer (whether the handler succeeds or fails).
    pub fn add_answer_header(&self, name: HeaderName, value: HeaderValue) {
        lock(&self.answer_headers).push((name, value));
    }

    /// Sets a cookie in the answer, as a host sets `ss-tok`, `ss-id` or `ss-pid`.
    pub fn set_cookie(&self, name: &str, value: &str) -> Result<(), InvalidHeaderValue> {
        let cookie = HeaderValue::from_str(&format!("{name}={value}; path=/; HttpOnly"))?;
        self.add_answer_header(reqwest::header::SET_COOKIE, cookie);
        Ok(())
    }

    /// The token of an `Authorization: Bearer` header.
    pub fn bearer_token(&self) -> Option<Secret> {
        let value = self
            .headers
            .get(reqwest::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| Secret::from(token.trim()))
    }

    /// The value of cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<Secret> {
        cookie(&self.headers, name).map(Secret::from)
    }
}

/// Header names only: the headers carry credentials.
impl<R: std::fmt::Debug> std::fmt::Debug for Call<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &names)
            .finish()
    }
}

/// An error a handler answers with: the HTTP status and the `ResponseStatus` a host sends
/// with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    /// Boxed: a handler's `Result` stays small.
    pub response_status: Box<ResponseStatus>,
}

impl Failure {
    /// `status` with a `ResponseStatus` of `error_code` (an exception's name, as hosts
    /// write it: `ArgumentException`, `NotFound`…) and `message`.
    pub fn new(status: u16, error_code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            response_status: Box::new(ResponseStatus {
                error_code: Some(error_code.into()),
                message: Some(message.into()),
                ..ResponseStatus::default()
            }),
        }
    }

    /// A validation error of one field, as ServiceStack's validators report it (400,
    /// the first field's code and message at the top, every field in `Errors`).
    pub fn field(
        field: impl Into<String>,
        error_code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(400, "", "").with_field_error(field, error_code, message)
    }

    /// This failure with one more field error.
    pub fn with_field_error(
        mut self,
        field: impl Into<String>,
        error_code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let error = ResponseError {
            error_code: Some(error_code.into()),
            field_name: Some(field.into()),
            message: Some(message.into()),
            ..ResponseError::default()
        };
        let status = &mut self.response_status;
        if status.error_code.as_deref().is_none_or(str::is_empty) {
            status.error_code.clone_from(&error.error_code);
            status.message.clone_from(&error.message);
        }
        status.errors.get_or_insert_with(Vec::new).push(error);
        self
    }
}

/// What a handler answers: the response DTO, or a failure.
pub type Reply<T> = Result<T, Failure>;

/// A mock of one ServiceStack host. Stops when dropped.
pub struct Mock {
    server: Server,
    service: Arc<Service>,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("url", &self.server.url())
            .finish()
    }
}

impl Mock {
    /// Starts a mock that answers nothing until handlers are registered.
    pub fn start() -> std::io::Result<Self> {
        let service = Arc::new(Service::default());
        let server = Server::start(Arc::clone(&service) as Arc<dyn Dispatch>)?;
        Ok(Self { server, service })
    }

    /// The base URL to point a client at (routes are relative to it).
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// The HTTP server: every request received, raw, and scripted delays and failures.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// Answers `R` with `handler` from now on (replacing an earlier one).
    pub fn on<R>(&self, handler: impl Fn(Call<R>) -> Reply<R::Response> + Send + Sync + 'static)
    where
        R: Request + for<'de> Deserialize<'de> + Clone + Send + Sync + 'static,
        R::Response: Serialize,
    {
        let handle = move |incoming: &Incoming<'_>| -> Dispatched {
            let format = incoming.format;
            let placed = |answer, typed| Dispatched {
                operation: Some(R::OPERATION),
                answer,
                typed,
            };
            if R::REQUIRES_AUTH && !authenticated(&incoming.received.headers) {
                let failure = Failure::new(401, "Unauthorized", "Not Authenticated");
                return placed(error_answer(&failure, format), None);
            }
            let request = match read_request::<R>(incoming) {
                Ok(request) => request,
                Err(message) => {
                    let failure = Failure::new(400, "SerializationException", message);
                    return placed(error_answer(&failure, format), None);
                }
            };
            let answer_headers = Arc::default();
            let call = Call {
                request,
                method: incoming.method,
                path: incoming.received.path.clone(),
                headers: incoming.received.headers.clone(),
                answer_headers: Arc::clone(&answer_headers),
            };
            let typed: Arc<dyn Any + Send + Sync> = Arc::new(call.clone());
            let mut answer = match handler(call) {
                Ok(_) if incoming.one_way => Answer::new(204, JSON, Vec::new()),
                Ok(response) => response_answer::<R>(&response, format),
                Err(failure) => error_answer(&failure, format),
            };
            answer.headers.append(&mut lock(&answer_headers));
            placed(answer, Some(typed))
        };
        let registered = Registered {
            operation: R::OPERATION,
            routes: R::ROUTES,
            handle: Arc::new(handle),
        };
        let mut handlers = self
            .service
            .handlers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // In place: the order of registration breaks ties between routes.
        match handlers
            .iter_mut()
            .find(|other| other.operation == R::OPERATION)
        {
            Some(other) => *other = registered,
            None => handlers.push(registered),
        }
    }

    /// Every request of `R` its handler was given so far, in order of arrival (requests
    /// refused before, for credentials or an unreadable DTO, are in
    /// [`Server::received`] only).
    pub fn calls<R: Request + Clone + 'static>(&self) -> Vec<Call<R>> {
        self.server
            .received()
            .iter()
            .filter(|received| received.operation == Some(R::OPERATION))
            .filter_map(Received::typed::<Call<R>>)
            .collect()
    }
}

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";

/// The body format of a request or an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// A request taken for one operation.
struct Incoming<'a> {
    received: &'a Received,
    method: Method,
    variables: Vec<(&'static str, String)>,
    /// The format of the answer.
    format: Format,
    one_way: bool,
}

type Handle = dyn Fn(&Incoming<'_>) -> Dispatched + Send + Sync;

struct Registered {
    operation: &'static str,
    routes: &'static [route::Route],
    handle: Arc<Handle>,
}

#[derive(Default)]
struct Service {
    handlers: RwLock<Vec<Registered>>,
}

/// Where a request went: the operation's handler and what the route says.
struct Routed {
    handle: Arc<Handle>,
    variables: Vec<(&'static str, String)>,
    format: Option<Format>,
    one_way: bool,
}

impl Dispatch for Service {
    fn dispatch(&self, received: &Received) -> Dispatched {
        let Some(method) = Method::from_name(&received.method) else {
            let failure = Failure::new(405, "NotSupported", "the method is not an HTTP verb");
            return Dispatched::unplaced(error_answer(&failure, Format::Json));
        };
        let routed = match self.route(method, &received.path) {
            Ok(routed) => routed,
            Err(failure) => {
                let answer = error_answer(&failure, accepted(received, None));
                return Dispatched::unplaced(answer);
            }
        };
        let incoming = Incoming {
            received,
            method,
            variables: routed.variables,
            format: accepted(received, routed.format),
            one_way: routed.one_way,
        };
        (routed.handle)(&incoming)
    }
}

impl Service {
    /// The handler of a path: a predefined route naming a registered operation, else the
    /// most specific user route that takes it.
    fn route(&self, method: Method, path: &str) -> Result<Routed, Box<Failure>> {
        let handlers = self
            .handlers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let predefined = predefined(path);
        let named = predefined.as_ref().and_then(|predefined| {
            let registered = handlers.iter().find(|registered| {
                registered
                    .operation
                    .eq_ignore_ascii_case(predefined.operation)
            })?;
            Some(Routed {
                handle: Arc::clone(&registered.handle),
                variables: Vec::new(),
                format: predefined.format,
                one_way: predefined.one_way,
            })
        });
        // A user route may look like a predefined one (`/api/customers`).
        if let Some(routed) = named.or_else(|| user_route(&handlers, method, path)) {
            return Ok(routed);
        }
        let failure = match predefined {
            Some(predefined) => Failure::new(
                404,
                "NotImplementedException",
                format!(
                    "the mock has no handler for `{}`: register one before calling it",
                    predefined.operation
                ),
            ),
            None => Failure::new(
                404,
                "NotFound",
                format!("Handler for Request not found: {} {path}", method.as_str()),
            ),
        };
        Err(Box::new(failure))
    }
}

/// A predefined route: the operation it names, its format and whether it is one-way.
struct Predefined<'a> {
    operation: &'a str,
    format: Option<Format>,
    one_way: bool,
}

/// `/json/reply/{Operation}`, `/json/oneway/…`, `/xml/reply/…`, `/xml/oneway/…` or
/// `/api/{Operation}` (matched without regard to case, as a host does).
fn predefined(path: &str) -> Option<Predefined<'_>> {
    let segments: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let lower: Vec<String> = segments
        .iter()
        .map(|part| part.to_ascii_lowercase())
        .collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (lower.as_slice(), segments.as_slice()) {
        ([format @ ("json" | "xml"), kind @ ("reply" | "oneway"), _], [.., operation]) => {
            Some(Predefined {
                operation,
                format: Some(if *format == "xml" {
                    Format::Xml
                } else {
                    Format::Json
                }),
                one_way: *kind == "oneway",
            })
        }
        (["api", _], [_, operation]) => Some(Predefined {
            operation,
            format: None,
            one_way: false,
        }),
        _ => None,
    }
}

/// The most specific user route that takes the request: the one with the most literal
/// segments; ties keep the first registered.
fn user_route(handlers: &[Registered], method: Method, path: &str) -> Option<Routed> {
    let mut best: Option<(&Registered, route::Filled)> = None;
    for registered in handlers {
        for route in registered.routes {
            let Some(filled) = route::fills(route, method, path) else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|(_, best)| filled.literals > best.literals)
            {
                best = Some((registered, filled));
            }
        }
    }
    let (registered, filled) = best?;
    Some(Routed {
        handle: Arc::clone(&registered.handle),
        variables: filled.variables,
        format: None,
        one_way: false,
    })
}

/// The answer's format: the route's, else XML for a client that accepts XML and not JSON.
fn accepted(received: &Received, route: Option<Format>) -> Format {
    if let Some(format) = route {
        return format;
    }
    let accept = received.header("accept").unwrap_or_default();
    if accept.contains("xml") && !accept.contains("json") {
        Format::Xml
    } else {
        Format::Json
    }
}

/// Whether a request carries credentials: an `Authorization` header or a session cookie.
fn authenticated(headers: &HeaderMap) -> bool {
    headers.contains_key(reqwest::header::AUTHORIZATION)
        || ["ss-tok", "ss-id", "ss-pid"]
            .iter()
            .any(|name| cookie(headers, name).is_some())
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(reqwest::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The request DTO: from the body when there is one, else from the route's variables and
/// the query string (a variable wins over a query member of the same name).
fn read_request<R: for<'de> Deserialize<'de>>(incoming: &Incoming<'_>) -> Result<R, String> {
    let received = incoming.received;
    if !received.body.iter().all(u8::is_ascii_whitespace) {
        let content_type = received.header("content-type").unwrap_or_default();
        if content_type.contains("xml") {
            return crate::datacontract::from_slice(&received.body)
                .map_err(|error| error.to_string());
        }
        return serde_json::from_slice(&received.body).map_err(|error| error.to_string());
    }
    let mut members: Vec<(String, Text)> = Vec::new();
    if let Some(query) = &received.query
        && let Ok(url) = reqwest::Url::parse(&format!("http://mock/?{query}"))
    {
        for (name, value) in url.query_pairs() {
            // A repeated name is one list, as hosts read `?Ids=1&Ids=2`.
            match members.iter_mut().find(|(member, _)| *member == name) {
                Some((_, text)) => text.append(&value),
                None => members.push((name.into_owned(), Text::top(value.into_owned()))),
            }
        }
    }
    for (name, value) in &incoming.variables {
        members.retain(|(member, _)| !member.eq_ignore_ascii_case(name));
        members.push(((*name).to_owned(), Text::top(value.clone())));
    }
    let deserializer =
        serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(members.into_iter());
    R::deserialize(deserializer).map_err(|error| error.to_string())
}

/// The root element of a DTO in XML: its type's name, as the DataContract serializer
/// writes it.
fn root_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    let name = name.split('<').next().unwrap_or(name);
    name.rsplit("::").next().unwrap_or(name)
}

fn response_answer<R: Request>(response: &R::Response, format: Format) -> Answer
where
    R::Response: Serialize,
{
    let encoded = match R::RESPONSE_BODY {
        ResponseBody::Empty => return Answer::new(204, JSON, Vec::new()),
        ResponseBody::Text | ResponseBody::Bytes => raw_body(response),
        ResponseBody::Dto => match format {
            Format::Json => R::JSON_STYLE
                .write(|| serde_json::to_vec(response))
                .map(|body| (JSON, body))
                .map_err(|error| error.to_string()),
            Format::Xml => crate::datacontract::to_string(
                response,
                root_name::<R::Response>(),
                R::XML_NAMESPACE,
            )
            .map(|body| (XML, body.into_bytes()))
            .map_err(|error| error.to_string()),
        },
    };
    match encoded {
        Ok((content_type, body)) => Answer::new(200, content_type, body),
        Err(message) => {
            let failure = Failure::new(
                500,
                "SerializationException",
                format!("the mock could not write the handler's answer: {message}"),
            );
            error_answer(&failure, format)
        }
    }
}

/// A text or byte answer as it goes on the wire.
fn raw_body<T: Serialize>(response: &T) -> Result<(&'static str, Vec<u8>), String> {
    match serde_json::to_value(response).map_err(|error| error.to_string())? {
        serde_json::Value::String(text) => Ok(("text/plain; charset=utf-8", text.into_bytes())),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| item.as_u64().and_then(|byte| u8::try_from(byte).ok()))
            .collect::<Option<Vec<u8>>>()
            .map(|bytes| ("application/octet-stream", bytes))
            .ok_or_else(|| "a byte answer that is not bytes".to_owned()),
        _ => Err("a text answer that is not text".to_owned()),
    }
}

/// ServiceStack's `ErrorResponse`: what a host sends with a failed call.
#[derive(Serialize)]
struct ErrorResponse<'a> {
    #[serde(rename = "ResponseStatus")]
    response_status: &'a ResponseStatus,
}

fn error_answer(failure: &Failure, format: Format) -> Answer {
    let error = ErrorResponse {
        response_status: &failure.response_status,
    };
    let (content_type, body) = match format {
        Format::Json => (JSON, serde_json::to_vec(&error).unwrap_or_default()),
        Format::Xml => (
            XML,
            crate::datacontract::to_string(
                &error,
                "ErrorResponse",
                crate::datacontract::SERVICESTACK_NAMESPACE,
            )
            .unwrap_or_default()
            .into_bytes(),
        ),
    };
    Answer::new(failure.status, content_type, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::servicestack::{Client, Route};

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct GetCustomers {
        #[serde(rename = "Ids", default)]
        ids: Vec<i64>,
        #[serde(rename = "Name", default)]
        name: Option<String>,
    }

    impl Request for GetCustomers {
        type Response = serde_json::Value;
        const OPERATION: &'static str = "GetCustomers";
        const METHOD: Method = Method::Get;
        const ROUTES: &'static [Route] = &[Route {
            path: "/api/customers",
            methods: &[Method::Get],
        }];
    }

    /// `/api/customers` is the operation's own route, not the predefined route of an
    /// operation named `customers`; `/JSON/Reply/getcustomers` is GetCustomers' predefined
    /// route; repeated query members are one list.
    #[tokio::test]
    async fn user_routes_that_look_predefined_and_predefined_routes_in_any_case() {
        let mock = Mock::start().unwrap();
        mock.on::<GetCustomers>(|call| Ok(serde_json::json!({ "Count": call.request.ids.len() })));
        let client = Client::new(mock.url()).unwrap();
        let request = GetCustomers {
            ids: vec![1, 2],
            name: Some(String::new()),
        };
        let answer = client.send(&request).await.unwrap();
        assert_eq!(answer["Count"], 2);
        let http = crate::http::default_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let url = format!("{}/JSON/Reply/getcustomers?Ids=3&Ids=4&Ids=5", mock.url());
        let bytes = http.get(url).send().await.unwrap().bytes().await.unwrap();
        let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(answer["Count"], 3);
        let calls = mock.calls::<GetCustomers>();
        assert_eq!(calls[0].path, "/api/customers");
        assert_eq!(calls[0].request, request);
        assert_eq!(calls[1].request.ids, vec![3, 4, 5]);
    }
}
