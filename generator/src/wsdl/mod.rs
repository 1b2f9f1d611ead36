//! The WSDL front-end, in progress. Today it reads WSDL 1.1 documents into
//! [`Definitions`] (messages, port types, bindings, services, with `wsdl:import`s of local
//! files merged and every reference checked) and refuses what is not WSDL 1.1 with a
//! specific message. The XML Schema layer and the lowering into the shared IR come next.

mod definitions;
mod xml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use definitions::{
    Binding, BindingMessage, BindingOperation, BindingProtocol, Definitions, HeaderRef, Message,
    Part, Port, PortOperation, PortType, Service,
};
pub use xml::QName;

use crate::error::Error;
use crate::ir::{Location, Origin};
use xml::Source;

const WSDL2: &str = "http://www.w3.org/ns/wsdl";

/// Reads the WSDL document `text` of `file`, following `wsdl:import`s of local files.
pub fn read(file: &Arc<PathBuf>, text: &str) -> Result<Definitions, Error> {
    let mut visited = BTreeSet::new();
    let definitions = read_with_imports(file, text, &mut visited)?;
    // Checked once everything is merged: imported files may refer to their importer.
    if let Some(problem) = definitions.dangling_reference() {
        let origin = Origin {
            file: Arc::clone(file),
            location: Location::File,
        };
        return Err(Error::input(origin, problem));
    }
    Ok(definitions)
}

fn read_with_imports(
    file: &Arc<PathBuf>,
    text: &str,
    visited: &mut BTreeSet<PathBuf>,
) -> Result<Definitions, Error> {
    visited.insert(file.to_path_buf());
    let source = Source::parse(Arc::clone(file), text)?;
    check_root(&source)?;
    let mut definitions = definitions::read(&source)?;
    for import in definitions.imports.clone() {
        let Some(location) = import.location else {
            continue;
        };
        let whole_file = Origin {
            file: Arc::clone(file),
            location: Location::File,
        };
        if location.contains("://") {
            return Err(Error::input(
                whole_file,
                format!(
                    "imports `{location}`; svcgen never downloads while generating: save the document beside this one and point `location` at the file"
                ),
            ));
        }
        let path = file.parent().unwrap_or(Path::new("")).join(&location);
        if visited.contains(&path) {
            continue; // cyclic imports are allowed; each file is read once
        }
        let imported_text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let imported = read_with_imports(&Arc::new(path), strip_preamble(&imported_text), visited)?;
        definitions.merge(imported);
    }
    Ok(definitions)
}

/// A byte order mark and whitespace before the XML declaration are tolerated.
pub fn strip_preamble(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
}

/// WSDL 1.1 `<definitions>`, or a specific refusal.
fn check_root(source: &Source<'_>) -> Result<(), Error> {
    let root = source.document.root_element();
    let name = root.tag_name();
    match (name.namespace(), name.name()) {
        (Some(definitions::WSDL), "definitions") => Ok(()),
        (Some(WSDL2), "description") => {
            Err(source.error(root, "this is WSDL 2.0; svcgen reads WSDL 1.1 (what ASMX, WCF and most services publish)"))
        }
        (_, local) if local.eq_ignore_ascii_case("html") => Err(source.error(
            root,
            "this is an HTML page, not a WSDL document (the server answered with a page instead of its service description)",
        )),
        (Some(definitions::XSD), "schema") => {
            Err(source.error(root, "this is an XML Schema; give svcgen the WSDL that imports it"))
        }
        (namespace, local) => Err(source.error(
            root,
            format!("not a WSDL document: the root element is `{local}` in namespace `{}`", namespace.unwrap_or("")),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Definitions, Error> {
        read(&Arc::new(PathBuf::from("svc.wsdl")), text)
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
        assert_eq!(read_text(&renamed).unwrap(), read_text(MINIMAL).unwrap());
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
        assert!(message("<!DOCTYPE d [<!ENTITY a \"b\">]><d/>").contains("not well-formed XML"));
    }
}
