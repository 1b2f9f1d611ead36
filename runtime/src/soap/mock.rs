//! A test double of a SOAP service (cargo feature `mock`): it answers the operations a test
//! registers handlers for, as the WSDL binds them, over real HTTP on 127.0.0.1.
//!
//! It reads requests the way an ASMX or WCF host does: the SOAP version from the media type
//! (`text/xml` or `application/soap+xml`) and the envelope's namespace, the operation from
//! the `SOAPAction` header, SOAP 1.2's `action` parameter, WS-Addressing's `wsa:Action` or,
//! without any action, the body's element; MTOM requests are read too. It answers with the
//! handler's typed body and headers (and, where the binding uses WS-Addressing, the
//! `wsa:Action` and `wsa:RelatesTo` WCF sends back), or with the handler's fault. What a
//! host would refuse gets the fault such a host sends: an action it does not know (ASMX's
//! "Server did not recognize the value of HTTP Header SOAPAction"), a body of another
//! operation, the other SOAP version's envelope, a WS-Addressing binding called without
//! `wsa:Action`. An operation without a handler gets a `soap:Server` fault that says so.
//!
//! Generated modules wrap this in a typed `mock::Mock` with one method per operation;
//! [`Mock`] is what they call.

use std::any::Any;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, RwLock};

use super::envelope::{self, Content, ExtraHeaders, Message, Unreadable};
use super::{Binding, Body, Fault, Operation, Response, Version, addressing, mtom};
use crate::mock::{Answer, Dispatch, Dispatched, Received, Server};
use crate::xml::{Complex, Name, RawXml, Value};
use reqwest::header::HeaderMap;

/// One request a mock received, decoded: the typed body and headers, every header element
/// raw, and how it was framed.
#[derive(Clone, PartialEq)]
pub struct Call<B, H> {
    pub body: B,
    pub headers: H,
    /// The children of `soap:Header`, in order (WS-Addressing's, WS-Security's…).
    pub header_elements: Vec<RawXml>,
    pub version: Version,
    /// The action the request named (`SOAPAction`, the `action` parameter or
    /// `wsa:Action`); empty when none did.
    pub action: String,
    /// The request's HTTP headers (`Authorization`, cookies…).
    pub http_headers: HeaderMap,
}

impl<B, H> Call<B, H> {
    /// The text of the first header element `{namespace}local`.
    pub fn header_text(&self, namespace: &'static str, local: &'static str) -> Option<String> {
        super::header_text(&self.header_elements, namespace, local)
    }

    /// WS-Addressing's `wsa:MessageID`.
    pub fn message_id(&self) -> Option<String> {
        self.header_text(addressing::NAMESPACE, "MessageID")
    }
}

/// Header elements by name only: a UsernameToken's password may be among them.
impl<B: std::fmt::Debug, H: std::fmt::Debug> std::fmt::Debug for Call<B, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("body", &self.body)
            .field("headers", &self.headers)
            .field(
                "header_elements",
                &super::header_names(&self.header_elements),
            )
            .field("version", &self.version)
            .field("action", &self.action)
            .field(
                "http_headers",
                &self.http_headers.keys().collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What a handler answers: the typed body and headers, or a fault
/// (`Err(Fault::client("…").into())`; boxed, as the client's errors hold it).
pub type Reply<B, H> = Result<Response<B, H>, Box<Fault>>;

/// A mock of one SOAP service whose header type is `H`. Stops when dropped.
pub struct Mock<H> {
    server: Server,
    service: Arc<Service>,
    headers: PhantomData<fn() -> H>,
}

impl<H> std::fmt::Debug for Mock<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("url", &self.server.url())
            .finish()
    }
}

impl<H: Complex + Clone + Send + Sync + 'static> Mock<H> {
    /// Starts a mock of the service with these operations (none answered until a handler
    /// is registered).
    pub fn start(operations: &'static [Operation]) -> std::io::Result<Self> {
        let service = Arc::new(Service {
            operations,
            handlers: RwLock::default(),
        });
        let server = Server::start(Arc::clone(&service) as Arc<dyn Dispatch>)?;
        Ok(Self {
            server,
            service,
            headers: PhantomData,
        })
    }

    /// The endpoint to point a client at.
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// The HTTP server: every request received, raw, and scripted delays and failures.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// Answers `operation` with `handler` from now on (replacing an earlier one).
    pub fn on<B, R>(
        &self,
        operation: &'static Operation,
        handler: impl Fn(Call<B, H>) -> Reply<R, H> + Send + Sync + 'static,
    ) where
        B: Value + Default + Clone + Send + Sync + 'static,
        R: Value + 'static,
    {
        let handle = move |request: &Request<'_>| -> Dispatched {
            let call = match decode_call::<B, H>(request) {
                Ok(call) => call,
                Err(fault) => {
                    let answer = fault_answer(request.version, Some(request.binding), &fault, None);
                    return placed(request, answer, None);
                }
            };
            let message_id = call.message_id();
            let typed: Arc<dyn Any + Send + Sync> = Arc::new(call.clone());
            let answer = match handler(call) {
                Ok(reply) => reply_answer(request, &reply, message_id.as_deref()),
                Err(fault) => fault_answer(
                    request.version,
                    Some(request.binding),
                    &fault,
                    message_id.as_deref(),
                ),
            };
            placed(request, answer, Some(typed))
        };
        // The generated code passes its own constants, so this finds the operation; one
        // this mock was not started with could never be called.
        let operations = self.service.operations;
        let Some(index) = operations.iter().position(|known| known == operation) else {
            return;
        };
        let mut handlers = self
            .service
            .handlers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        handlers.insert(index, Arc::new(handle));
    }

    /// Every request for `operation` its handler was given so far, decoded, in order of
    /// arrival (requests it could not decode, or that came before a handler, are in
    /// [`Server::received`] only).
    pub fn calls<B: Clone + 'static>(&self, operation: &'static Operation) -> Vec<Call<B, H>> {
        self.server
            .received()
            .iter()
            .filter(|received| received.operation == Some(operation.name))
            .filter_map(Received::typed::<Call<B, H>>)
            .collect()
    }
}

/// What a request taken for an operation came to.
fn placed(
    request: &Request<'_>,
    answer: Answer,
    typed: Option<Arc<dyn Any + Send + Sync>>,
) -> Dispatched {
    Dispatched {
        operation: Some(request.operation.name),
        answer,
        typed,
    }
}

type Handle = dyn Fn(&Request<'_>) -> Dispatched + Send + Sync;

struct Service {
    operations: &'static [Operation],
    /// By the operation's position in `operations`.
    handlers: RwLock<HashMap<usize, Arc<Handle>>>,
}

/// A request's envelope and parts, as its framing says.
struct Framed<'a> {
    version: Version,
    /// The action from the HTTP framing (`SOAPAction`, the `action` parameter).
    action: String,
    root: &'a [u8],
    parts: Option<mtom::Parts<'a>>,
    http_headers: &'a HeaderMap,
}

/// A request taken for one operation.
struct Request<'a> {
    /// The operation's position in the mock's operations (names may repeat across port
    /// types).
    index: usize,
    operation: &'static Operation,
    binding: Binding,
    version: Version,
    action: String,
    root: &'a [u8],
    parts: Option<&'a mtom::Parts<'a>>,
    http_headers: &'a HeaderMap,
}

impl<'a> Framed<'a> {
    /// The version and action from the headers, the envelope from the body (the root part
    /// of an MTOM message); an answer when the framing is not SOAP.
    fn of(received: &'a Received) -> Result<Self, Answer> {
        let content_type = received.header("content-type").unwrap_or_default();
        let (parts, media_type) = if mtom::is_multipart(Some(content_type)) {
            let parts = mtom::split(content_type, &received.body).map_err(|message| {
                fault_answer(Version::Soap11, None, &Fault::client(message), None)
            })?;
            let start_info = mtom::parameter(content_type, "start-info").unwrap_or_default();
            (Some(parts), start_info)
        } else {
            (None, content_type)
        };
        let media_type = media_type.trim_start().to_ascii_lowercase();
        let version = if media_type.starts_with("application/soap+xml") {
            Version::Soap12
        } else if media_type.starts_with("text/xml") {
            Version::Soap11
        } else {
            // ASMX and WCF refuse other media types before reading the body.
            let message = format!(
                "Cannot process the message because the content type '{content_type}' was not the expected type 'text/xml; charset=utf-8' or 'application/soap+xml'."
            );
            return Err(Answer::new(
                415,
                "text/plain; charset=utf-8",
                message.into_bytes(),
            ));
        };
        let action = match version {
            Version::Soap11 => received
                .header("soapaction")
                .unwrap_or_default()
                .trim()
                .trim_matches('"')
                .to_owned(),
            Version::Soap12 => mtom::parameter(content_type, "action")
                .unwrap_or_default()
                .to_owned(),
        };
        let root = parts
            .as_ref()
            .map_or(&received.body[..], |parts| parts.root);
        Ok(Framed {
            version,
            action,
            root,
            parts,
            http_headers: &received.headers,
        })
    }

    fn request(&'a self, placed: Placed) -> Request<'a> {
        Request {
            index: placed.index,
            operation: placed.operation,
            binding: placed.binding,
            version: self.version,
            action: placed.action,
            root: self.root,
            parts: self.parts.as_ref(),
            http_headers: self.http_headers,
        }
    }
}

impl Dispatch for Service {
    fn dispatch(&self, received: &Received) -> Dispatched {
        if received.method != "POST" {
            let message = "a SOAP endpoint takes POST requests".as_bytes().to_vec();
            let answer = Answer::new(405, "text/plain; charset=utf-8", message);
            return Dispatched::unplaced(answer);
        }
        let framed = match Framed::of(received) {
            Ok(framed) => framed,
            Err(answer) => return Dispatched::unplaced(answer),
        };
        match self.operation_of(&framed) {
            Ok(placed) => self.answer(&framed.request(placed)),
            Err(fault) => Dispatched::unplaced(fault_answer(framed.version, None, &fault, None)),
        }
    }
}

/// The operation a request is for, its binding in the request's version and the action it
/// named.
struct Placed {
    index: usize,
    operation: &'static Operation,
    binding: Binding,
    action: String,
}

impl Service {
    /// Where a request goes; the fault a host sends when it cannot tell.
    fn operation_of(&self, framed: &Framed<'_>) -> Result<Placed, Box<Fault>> {
        let version = framed.version;
        same_version(framed)?;
        let addressed = header_action(framed.root);
        let action = addressed.clone().unwrap_or_else(|| framed.action.clone());
        let bound = self.bound(version);
        let mut by_element = None;
        let body = envelope::body_element(framed.root);
        for (index, operation, binding) in bound {
            let named = match (&addressed, binding.addressing) {
                (Some(_), Some(expected)) => action == expected,
                _ => !action.is_empty() && action == binding.action,
            };
            if named {
                return Self::checked(index, operation, binding, action, addressed.is_some());
            }
            if let (Body::Element(name), Some((namespace, local))) = (operation.input, &body)
                && name.namespace == namespace
                && name.local == local
            {
                by_element.get_or_insert((index, operation, binding));
            }
        }
        // Without an action, a body whose parts are its children belongs to the one
        // operation so bound that names no action, if there is just one.
        if action.is_empty() && by_element.is_none() {
            let mut unnamed = self.bound(version).filter(|(_, operation, binding)| {
                operation.input == Body::Parts && binding.action.is_empty()
            });
            if let (Some(only), None) = (unnamed.next(), unnamed.next()) {
                by_element = Some(only);
            }
        }
        match by_element {
            Some((index, operation, binding)) if action.is_empty() => {
                Self::checked(index, operation, binding, action, addressed.is_some())
            }
            _ if addressed.is_some() => Err(Box::new(action_not_supported(&action))),
            _ => Err(Box::new(Fault::client(format!(
                "Server did not recognize the value of HTTP Header SOAPAction: {action}."
            )))),
        }
    }

    /// The operations bound in `version`, with their positions and bindings.
    fn bound(
        &self,
        version: Version,
    ) -> impl Iterator<Item = (usize, &'static Operation, Binding)> + '_ {
        self.operations
            .iter()
            .enumerate()
            .filter_map(move |(index, operation)| match operation.version(version) {
                Some((bound, binding)) if bound == version => Some((index, operation, binding)),
                _ => None,
            })
    }

    /// A binding with WS-Addressing takes only requests that carry `wsa:Action`.
    fn checked(
        index: usize,
        operation: &'static Operation,
        binding: Binding,
        action: String,
        addressed: bool,
    ) -> Result<Placed, Box<Fault>> {
        if binding.addressing.is_some() && !addressed {
            let mut fault = Fault::client(
                "A required header representing a Message Addressing Property is not present",
            );
            fault.subcodes = vec![crate::xml::QName {
                namespace: addressing::NAMESPACE.to_owned(),
                local: "MessageAddressingHeaderRequired".to_owned(),
            }];
            return Err(Box::new(fault));
        }
        Ok(Placed {
            index,
            operation,
            binding,
            action,
        })
    }

    fn answer(&self, request: &Request<'_>) -> Dispatched {
        let handler = self
            .handlers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&request.index)
            .cloned();
        let Some(handle) = handler else {
            let fault = Fault::server(format!(
                "the mock has no handler for `{}`: register one before calling it",
                request.operation.name
            ));
            let answer = fault_answer(request.version, Some(request.binding), &fault, None);
            return placed(request, answer, None);
        };
        handle(request)
    }
}

/// The envelope must be of the version its media type says.
fn same_version(framed: &Framed<'_>) -> Result<(), Box<Fault>> {
    let version = framed.version;
    match envelope::version_of(framed.root) {
        Some(sent) if sent == version => Ok(()),
        Some(_) => Err(Box::new(Fault {
            code: crate::xml::QName {
                namespace: version.envelope_namespace().to_owned(),
                local: "VersionMismatch".to_owned(),
            },
            ..Fault::client(format!(
                "the envelope is not SOAP {}'s, which its media type says",
                version.name()
            ))
        })),
        None => Err(Box::new(Fault::client(
            "the request body is not a SOAP envelope",
        ))),
    }
}

/// WCF's fault for an action no operation has.
fn action_not_supported(action: &str) -> Fault {
    let mut fault = Fault::client(format!(
        "The message with Action '{action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher."
    ));
    fault.subcodes = vec![crate::xml::QName {
        namespace: addressing::NAMESPACE.to_owned(),
        local: "ActionNotSupported".to_owned(),
    }];
    fault
}

/// The `wsa:Action` header of an envelope, if it has one.
fn header_action(root: &[u8]) -> Option<String> {
    let name = Name::new(addressing::NAMESPACE, "Action");
    envelope::header_elements(root)
        .ok()?
        .iter()
        .find_map(|element| element.parse::<String>(name).ok().flatten())
        .map(|action| action.trim().to_owned())
}

fn decode_call<B: Value + Default, H: Complex>(
    request: &Request<'_>,
) -> Result<Call<B, H>, Box<Fault>> {
    let resolve = |href: &str| request.parts.and_then(|parts| parts.part(href));
    let parts: envelope::Parts<'_> = match request.parts {
        Some(_) => Some(&resolve),
        None => None,
    };
    match envelope::read_request::<B, H>(request.root, request.operation, parts) {
        Ok(Message::Reply(message)) => Ok(Call {
            body: message.body,
            headers: message.headers,
            header_elements: message.header_elements,
            version: request.version,
            action: request.action.clone(),
            http_headers: request.http_headers.clone(),
        }),
        Ok(Message::Fault(_)) => Err(Box::new(Fault::client("the request's body holds a fault"))),
        Err(Unreadable::NotSoap(reason)) => {
            Err(Box::new(Fault::client(reason.unwrap_or_else(|| {
                "the request body is not a SOAP envelope".to_owned()
            }))))
        }
        Err(Unreadable::Decode(message)) => Err(Box::new(Fault::client(message))),
    }
}

/// The media type of an envelope of `version`.
fn media_type(version: Version) -> &'static str {
    match version {
        Version::Soap11 => "text/xml; charset=utf-8",
        Version::Soap12 => "application/soap+xml; charset=utf-8",
    }
}

/// WS-Addressing's answer headers, as WCF writes them: the reply's action (WCF's default,
/// the request's action and `Response`) and the request it relates to.
fn addressing_headers(version: Version, action: &str, relates_to: Option<&str>) -> String {
    let escape = |text: &str| quick_xml::escape::escape(text).into_owned();
    let envelope = envelope::envelope_prefix(version);
    let prefix = addressing::PREFIX;
    let mut headers = format!(
        "<{prefix}:Action {envelope}:mustUnderstand=\"1\">{}</{prefix}:Action>",
        escape(action)
    );
    if let Some(id) = relates_to {
        headers.push_str(&format!(
            "<{prefix}:RelatesTo>{}</{prefix}:RelatesTo>",
            escape(id)
        ));
    }
    headers
}

fn reply_answer<B: Value, H: Complex>(
    request: &Request<'_>,
    reply: &Response<B, H>,
    relates_to: Option<&str>,
) -> Answer {
    let Some(output) = request.operation.output else {
        // A one-way operation: accepted, nothing to say.
        return Answer::new(202, media_type(request.version), Vec::new());
    };
    let mut extra = ExtraHeaders::default();
    if let Some(action) = request.binding.addressing {
        extra.leading =
            addressing_headers(request.version, &format!("{action}Response"), relates_to);
        extra.addressing = true;
    }
    extra.trailing = reply.header_elements.iter().collect();
    let content = Content::Value(output, &&reply.body);
    match envelope::write_envelope(
        request.version,
        content,
        Some((&&reply.headers, None)),
        &extra,
    ) {
        Ok(written) => Answer::new(
            200,
            media_type(request.version),
            written.envelope.into_bytes(),
        ),
        Err(error) => fault_answer(
            request.version,
            Some(request.binding),
            &Fault::server(format!(
                "the mock could not write the handler's answer: {error}"
            )),
            relates_to,
        ),
    }
}

/// A fault envelope, HTTP 500 as ASMX and WCF send it for either version; where the
/// binding uses WS-Addressing, with the fault action and `RelatesTo` the request.
fn fault_answer(
    version: Version,
    binding: Option<Binding>,
    fault: &Fault,
    relates_to: Option<&str>,
) -> Answer {
    let mut extra = ExtraHeaders::default();
    if binding.is_some_and(|binding| binding.addressing.is_some()) {
        extra.leading = addressing_headers(version, FAULT_ACTION, relates_to);
        extra.addressing = true;
    }
    write_fault(version, fault, &extra)
}

fn write_fault(version: Version, fault: &Fault, extra: &ExtraHeaders<'_>) -> Answer {
    let body = match envelope::write_envelope(version, Content::Fault(fault), None, extra) {
        Ok(written) => written.envelope.into_bytes(),
        // Only a reason or detail the writer refuses (a control character) gets here.
        Err(error) => format!("the mock could not write its fault: {error}").into_bytes(),
    };
    Answer::new(500, media_type(version), body)
}

/// WS-Addressing's action of faults.
const FAULT_ACTION: &str = "http://www.w3.org/2005/08/addressing/soap/fault";
