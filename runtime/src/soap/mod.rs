//! SOAP 1.1 and 1.2 over HTTP, for clients svcgen generates from WSDL.
//!
//! A generated module describes each operation as a constant [`Operation`] (its actions,
//! where the request and response sit in the body, which headers it sends) and calls
//! [`Client::call`] with typed request and header values. This module writes the
//! envelope, frames it for the SOAP version (SOAP 1.1: `text/xml` and a quoted
//! `SOAPAction` header; SOAP 1.2: `application/soap+xml` with an `action` parameter), and
//! reads the answer: the typed body, the typed response headers, or a [`Fault`].

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod envelope;
mod error;
mod fault;

pub use client::{Client, decode};
pub use error::{Answer, Error};
pub use fault::{AsmxDetail, Fault};

use crate::xml::Name;

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

/// One operation of a service, as its WSDL binds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub name: &'static str,
    /// The `soapAction` of the SOAP 1.1 binding; `None` when the operation has none.
    pub soap11: Option<&'static str>,
    /// The `soapAction` of the SOAP 1.2 binding; `None` when the operation has none.
    pub soap12: Option<&'static str>,
    pub input: Body,
    /// `None` when the answer has an empty body.
    pub output: Option<Body>,
    /// The fields of the module's header type this operation sends.
    pub input_headers: &'static [usize],
}

impl Operation {
    /// The version to use when the client prefers `preferred`: that one if the operation is
    /// bound to it, else the other.
    pub fn version(&self, preferred: Version) -> Option<(Version, &'static str)> {
        let bound = |version: Version| match version {
            Version::Soap11 => self.soap11.map(|action| (Version::Soap11, action)),
            Version::Soap12 => self.soap12.map(|action| (Version::Soap12, action)),
        };
        let other = match preferred {
            Version::Soap11 => Version::Soap12,
            Version::Soap12 => Version::Soap11,
        };
        bound(preferred).or_else(|| bound(other))
    }
}

/// An answer: the typed body and the typed SOAP headers that came with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response<B, H> {
    pub body: B,
    pub headers: H,
}

#[cfg(test)]
mod tests;
