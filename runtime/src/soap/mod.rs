//! SOAP 1.1 and 1.2 over HTTP, for clients svcgen generates from WSDL.
//!
//! A generated module describes each operation as a constant [`Operation`] (its actions,
//! where the request and response sit in the body, which headers it sends) and calls
//! [`Client::call`] with typed request and header values. This module writes the
//! envelope, frames it for the SOAP version (SOAP 1.1: `text/xml` and a quoted
//! `SOAPAction` header; SOAP 1.2: `application/soap+xml` with an `action` parameter), and
//! reads the answer: the typed body, the typed response headers, or a [`Fault`].

pub mod addressing;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod envelope;
mod error;
mod fault;
#[cfg(feature = "mock")]
pub mod mock;
pub mod mtom;
#[cfg(feature = "ntlm")]
mod ntlm;
mod security;

pub use client::{Client, decode};
pub use error::{Answer, Error};
pub use fault::{AsmxDetail, Fault};
#[cfg(feature = "ntlm")]
pub use ntlm::NtlmCredentials;
pub use security::{PasswordType, UsernameToken};

use crate::xml::{Name, RawXml};

pub const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";

/// A SOAP version, as a WSDL binding names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Version {
    /// What ASMX, WCF `BasicHttpBinding` and most clients speak.
    #[default]
    Soap11,
    Soap12,
}

impl Version {
    /// `1.1` or `1.2`.
    pub fn name(self) -> &'static str {
        match self {
            Version::Soap11 => "1.1",
            Version::Soap12 => "1.2",
        }
    }

    pub fn envelope_namespace(self) -> &'static str {
        match self {
            Version::Soap11 => SOAP11_ENVELOPE,
            Version::Soap12 => SOAP12_ENVELOPE,
        }
    }
}

/// Where a message's value sits in the SOAP body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// The value is the content of this element (document/literal wrapped or bare, rpc).
    Element(Name),
    /// The value's fields are the body's children themselves.
    Parts,
}

/// How one SOAP version's binding carries an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The `soapAction`, verbatim (may be empty).
    pub action: &'static str,
    /// The `wsa:Action` to send when the binding requires WS-Addressing (its policy has
    /// `wsaw:UsingAddressing` or `wsam:Addressing`): the port type's `wsam:Action` or
    /// `wsaw:Action`, else the `soapAction`. `None`: no addressing headers.
    pub addressing: Option<&'static str>,
    /// The binding's policy asks for MTOM (`wsoma:OptimizedMimeSerialization`): large
    /// binary values travel as MIME parts.
    pub mtom: bool,
}

impl Binding {
    /// A binding with `action`, no WS-Addressing, no MTOM.
    pub const fn new(action: &'static str) -> Self {
        Self {
            action,
            addressing: None,
            mtom: false,
        }
    }

    /// The same binding with WS-Addressing, `wsa:Action` being `action`.
    pub const fn with_addressing(self, action: &'static str) -> Self {
        Self {
            addressing: Some(action),
            ..self
        }
    }

    /// The same binding with MTOM.
    pub const fn with_mtom(self) -> Self {
        Self { mtom: true, ..self }
    }
}

/// One operation of a service, as its WSDL binds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    /// The SOAP 1.1 binding; `None` when the operation has none.
    pub soap11: Option<Binding>,
    /// The SOAP 1.2 binding; `None` when the operation has none.
    pub soap12: Option<Binding>,
    pub input: Body,
    /// `None` when the answer has an empty body.
    pub output: Option<Body>,
    /// The fields of the module's header type this operation sends.
    pub input_headers: &'static [usize],
}

impl Operation {
    /// The version to use when the client prefers `preferred`: that one if the operation is
    /// bound to it, else the other.
    pub fn version(&self, preferred: Version) -> Option<(Version, Binding)> {
        let bound = |version: Version| match version {
            Version::Soap11 => self.soap11.map(|binding| (Version::Soap11, binding)),
            Version::Soap12 => self.soap12.map(|binding| (Version::Soap12, binding)),
        };
        let other = match preferred {
            Version::Soap11 => Version::Soap12,
            Version::Soap12 => Version::Soap11,
        };
        bound(preferred).or_else(|| bound(other))
    }
}

/// An answer: the typed body, the typed SOAP headers the WSDL declares, and every header
/// element as it was sent (declared or not: WS-Addressing's, a proxy's…).
#[derive(Clone, Default, PartialEq)]
pub struct Response<B, H> {
    pub body: B,
    pub headers: H,
    /// The children of `soap:Header`, in order, each with the namespaces in scope.
    pub header_elements: Vec<RawXml>,
}

impl<B, H: Default> Response<B, H> {
    /// An answer with `body` and no headers (what a mock's handler answers with).
    pub fn new(body: B) -> Self {
        Self {
            body,
            headers: H::default(),
            header_elements: Vec::new(),
        }
    }
}

impl<B, H> Response<B, H> {
    /// This answer with `headers`.
    pub fn with_headers(mut self, headers: H) -> Self {
        self.headers = headers;
        self
    }

    /// The text of the first header element `{namespace}local`, e.g.
    /// `header_text(addressing::NAMESPACE, "RelatesTo")`.
    pub fn header_text(&self, namespace: &'static str, local: &'static str) -> Option<String> {
        header_text(&self.header_elements, namespace, local)
    }

    /// WS-Addressing's `wsa:RelatesTo`: the `wsa:MessageID` of the request this answers.
    pub fn relates_to(&self) -> Option<String> {
        self.header_text(addressing::NAMESPACE, "RelatesTo")
    }

    /// WS-Addressing's `wsa:Action` of the answer.
    pub fn action(&self) -> Option<String> {
        self.header_text(addressing::NAMESPACE, "Action")
    }
}

/// The raw header elements by name only: a session id or token may be in them, which the
/// typed headers keep as [`crate::Secret`]s.
impl<B: std::fmt::Debug, H: std::fmt::Debug> std::fmt::Debug for Response<B, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("body", &self.body)
            .field("headers", &self.headers)
            .field("header_elements", &header_names(&self.header_elements))
            .finish()
    }
}

/// The text of the first of `elements` named `{namespace}local`.
fn header_text(
    elements: &[RawXml],
    namespace: &'static str,
    local: &'static str,
) -> Option<String> {
    let name = Name::new(namespace, local);
    elements
        .iter()
        .find_map(|element| element.parse::<String>(name).ok().flatten())
}

/// The names of header elements, for `Debug`: their content may be a credential.
fn header_names(elements: &[RawXml]) -> Vec<String> {
    elements
        .iter()
        .flat_map(|element| element.elements().unwrap_or_default())
        .map(|(namespace, local)| format!("{{{namespace}}}{local}"))
        .collect()
}

#[cfg(test)]
mod tests;
