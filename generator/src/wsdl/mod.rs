//! The WSDL front-end: reads WSDL 1.1 (and plain XML Schema) into the shared IR.
//!
//! - [`xml`]: parsing with DTDs refused, positions, QNames resolved by namespace;
//! - [`definitions`]: messages, port types, bindings, services;
//! - [`schema`]: XML Schema components;
//! - [`load`]: a document with everything it imports, offline, through a [`Catalog`];
//! - [`lower`]: the loaded contract as an [`crate::ir::Service`].

pub mod catalog;
mod definitions;
pub mod load;
mod lower;
mod policy;
pub mod schema;
pub(crate) mod xml;

use std::path::PathBuf;
use std::sync::Arc;

pub use catalog::Catalog;
pub use definitions::{
    Binding, BindingMessage, BindingOperation, BindingProtocol, Definitions, HeaderRef, Message,
    Part, Port, PortOperation, PortType, Service, WSDL,
};
pub use load::{Dependency, Loaded, Options};
pub use lower::lower;
pub use xml::{QName, read_document};

use crate::error::Error;

/// Reads the WSDL (or XML Schema) document `text` of `file` with everything it imports.
pub fn read(file: &Arc<PathBuf>, text: &str, options: &Options) -> Result<Loaded, Error> {
    load::load(file, text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Definitions, Error> {
        read(
            &Arc::new(PathBuf::from("svc.wsdl")),
            text,
            &Options::default(),
        )
        .map(|loaded| loaded.definitions)
    }

    const MINIMAL: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:portType name="PingSoap"><wsdl:operation name="Ping"><wsdl:input message="tns:PingIn"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="PingSoap" type="tns:PingSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping"><soap:operation soapAction="urn:t/Ping" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Ping"><wsdl:port name="PingSoap" binding="tns:PingSoap"><soap:address location="http://x/"/></wsdl:port></wsdl:service>
</wsdl:definitions>"#;

    #[test]
    fn reads_a_minimal_soap_service() {
        let definitions = read_text(MINIMAL).unwrap();
        let binding = definitions.bindings.values().next().unwrap();
        assert_eq!(binding.protocol, BindingProtocol::Soap11);
        assert_eq!(
            binding.operations[0].soap_action.as_deref(),
            Some("urn:t/Ping")
        );
        assert_eq!(definitions.services[0].ports[0].binding.local, "PingSoap");
        assert_eq!(definitions.soap_operation_count(), 1);
    }

    #[test]
    fn prefixes_mean_nothing_namespaces_everything() {
        let renamed = MINIMAL
            .replace("wsdl:", "w:")
            .replace("xmlns:wsdl=", "xmlns:w=")
            .replace("tns:", "q1:")
            .replace("xmlns:tns=", "xmlns:q1=");
        let shape = |definitions: Definitions| {
            let binding = definitions.bindings.into_values().next().unwrap();
            (binding.port_type, binding.operations[0].soap_action.clone())
        };
        assert_eq!(
            shape(read_text(&renamed).unwrap()),
            shape(read_text(MINIMAL).unwrap())
        );
    }

    #[test]
    fn refusals_are_specific_and_located() {
        let message = |text: &str| read_text(text).unwrap_err().to_string();
        assert!(
            message("<html><body>Object moved</body></html>")
                .contains("svc.wsdl:1:1: this is an HTML page")
        );
        assert!(
            message(r#"<description xmlns="http://www.w3.org/ns/wsdl"/>"#)
                .contains("this is WSDL 2.0")
        );
        assert!(
            message(&MINIMAL.replace("element=\"tns:Ping\"", "element=\"zz:Ping\""))
                .contains("svc.wsdl:4:31: `element=\"zz:Ping\"` uses the prefix `zz`")
        );
        assert!(
            message(&MINIMAL.replace("binding=\"tns:PingSoap\"", "binding=\"tns:Nope\""))
                .contains("unknown binding `{urn:t}Nope`")
        );
        assert!(message("<!DOCTYPE d [<!ENTITY a \"b\">]><d/>").contains("with a DTD are refused"));
    }
}
