//! The WSDL 1.1 model: messages, port types, bindings (SOAP 1.1, SOAP 1.2, HTTP) and
//! services, read from `<definitions>`. Schemas inside `<types>` are read by the XML
//! Schema layer ([`super::schema`]); references are checked once imports are merged.

use std::collections::BTreeMap;

use super::policy;
use super::xml::{QName, Source, children, documentation};
use crate::error::Error;
use crate::ir::Origin;

pub const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
const HTTP: &str = "http://schemas.xmlsoap.org/wsdl/http/";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Definitions {
    pub target_namespace: String,
    pub documentation: Option<String>,
    pub messages: BTreeMap<QName, Message>,
    pub port_types: BTreeMap<QName, PortType>,
    pub bindings: BTreeMap<QName, Binding>,
    pub services: Vec<Service>,
    /// `<wsdl:import>`s, resolved by the loader.
    pub imports: Vec<Import>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub namespace: Option<String>,
    pub location: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub parts: Vec<Part>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Document style: the element the part is.
    pub element: Option<QName>,
    /// RPC style: the type of the part's accessor element.
    pub type_name: Option<QName>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortType {
    pub operations: Vec<PortOperation>,
}

impl PortType {
    pub fn operation(&self, name: &str) -> Option<&PortOperation> {
        self.operations
            .iter()
            .find(|operation| operation.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortOperation {
    pub name: String,
    pub documentation: Option<String>,
    pub input: Option<QName>,
    pub output: Option<QName>,
    /// The input's WS-Addressing action (`wsam:Action`, `wsaw:Action`).
    pub input_action: Option<String>,
    /// `(fault name, message)`.
    pub faults: Vec<(String, QName)>,
    pub origin: Origin,
}

/// What a binding speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingProtocol {
    Soap11,
    Soap12,
    /// `http:binding` (HttpGet/HttpPost): not SOAP, skipped by generation.
    Http,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub name: QName,
    pub port_type: QName,
    pub origin: Origin,
    pub protocol: BindingProtocol,
    /// `document` or `rpc` (binding default; operations may override).
    pub style: Option<String>,
    /// What its policy asks for: WS-Addressing, MTOM.
    pub policy: policy::Assertions,
    pub operations: Vec<BindingOperation>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingOperation {
    pub name: String,
    /// Verbatim from `soap:operation/@soapAction`.
    pub soap_action: Option<String>,
    pub style: Option<String>,
    pub input: Option<BindingMessage>,
    pub output: Option<BindingMessage>,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BindingMessage {
    /// `literal` or `encoded`.
    pub body_use: Option<String>,
    /// `soap:body/@namespace`: the namespace of rpc wrapper elements.
    pub body_namespace: Option<String>,
    /// `soap:body/@parts`: the message parts in the body (all when absent).
    pub body_parts: Option<Vec<String>>,
    pub headers: Vec<HeaderRef>,
}

/// `<soap:header message="…" part="…"/>`: often not a part of the operation's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRef {
    pub message: QName,
    pub part: String,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub documentation: Option<String>,
    pub ports: Vec<Port>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub name: String,
    pub binding: QName,
    pub origin: Origin,
    /// `soap:address/@location`: informative only; clients always take their base URL.
    pub address: Option<String>,
}

/// Reads `<definitions>` (already known to be the root).
pub fn read(source: &Source<'_>) -> Result<Definitions, Error> {
    let root = source.document.root_element();
    let target_namespace = root
        .attribute("targetNamespace")
        .unwrap_or_default()
        .to_owned();
    let qualify = |local: &str| QName {
        namespace: target_namespace.clone(),
        local: local.to_owned(),
    };
    let mut definitions = Definitions {
        target_namespace: target_namespace.clone(),
        documentation: documentation(root, WSDL),
        ..Definitions::default()
    };
    for import in children(root, WSDL, "import") {
        definitions.imports.push(Import {
            namespace: import.attribute("namespace").map(str::to_owned),
            location: import.attribute("location").map(str::to_owned),
            origin: source.origin(import),
        });
    }
    for node in children(root, WSDL, "message") {
        let name = source.required_attribute(node, "name")?;
        let parts = children(node, WSDL, "part")
            .map(|part| {
                Ok(Part {
                    name: source.required_attribute(part, "name")?.to_owned(),
                    element: source.qname(part, "element")?,
                    type_name: source.qname(part, "type")?,
                })
            })
            .collect::<Result<_, Error>>()?;
        let message = Message {
            parts,
            origin: source.origin(node),
        };
        definitions.messages.insert(qualify(name), message);
    }
    for node in children(root, WSDL, "portType") {
        let name = source.required_attribute(node, "name")?;
        let operations = children(node, WSDL, "operation")
            .map(|operation| port_operation(source, operation))
            .collect::<Result<_, Error>>()?;
        definitions
            .port_types
            .insert(qualify(name), PortType { operations });
    }
    let policies = policy::policies(root);
    for node in children(root, WSDL, "binding") {
        let name = source.required_attribute(node, "name")?;
        let mut binding = binding(source, node, qualify(name))?;
        binding.policy = policy::binding_assertions(node, &policies);
        definitions.bindings.insert(qualify(name), binding);
    }
    for node in children(root, WSDL, "service") {
        definitions.services.push(service(source, node)?);
    }
    Ok(definitions)
}

fn port_operation(
    source: &Source<'_>,
    node: roxmltree::Node<'_, '_>,
) -> Result<PortOperation, Error> {
    let message = |name: &str| -> Result<Option<QName>, Error> {
        match children(node, WSDL, name).next() {
            Some(child) => source.qname(child, "message"),
            None => Ok(None),
        }
    };
    let faults = children(node, WSDL, "fault")
        .map(|fault| {
            Ok((
                source.required_attribute(fault, "name")?.to_owned(),
                source.required_qname(fault, "message")?,
            ))
        })
        .collect::<Result<_, Error>>()?;
    Ok(PortOperation {
        name: source.required_attribute(node, "name")?.to_owned(),
        documentation: documentation(node, WSDL),
        input: message("input")?,
        output: message("output")?,
        input_action: children(node, WSDL, "input")
            .next()
            .and_then(policy::action),
        faults,
        origin: source.origin(node),
    })
}

/// The binding's protocol from its extension element (`soap:binding`, `soap12:binding`…).
fn protocol_of<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
) -> (BindingProtocol, Option<roxmltree::Node<'a, 'input>>) {
    for (namespace, protocol) in [
        (SOAP11, BindingProtocol::Soap11),
        (SOAP12, BindingProtocol::Soap12),
        (HTTP, BindingProtocol::Http),
    ] {
        if let Some(extension) = children(node, namespace, "binding").next() {
            return (protocol, Some(extension));
        }
    }
    (BindingProtocol::Other, None)
}

fn soap_namespace(protocol: BindingProtocol) -> Option<&'static str> {
    match protocol {
        BindingProtocol::Soap11 => Some(SOAP11),
        BindingProtocol::Soap12 => Some(SOAP12),
        BindingProtocol::Http | BindingProtocol::Other => None,
    }
}

fn binding(
    source: &Source<'_>,
    node: roxmltree::Node<'_, '_>,
    name: QName,
) -> Result<Binding, Error> {
    let (protocol, extension) = protocol_of(node);
    let mut operations = Vec::new();
    for operation in children(node, WSDL, "operation") {
        operations.push(binding_operation(source, operation, protocol)?);
    }
    Ok(Binding {
        name,
        port_type: source.required_qname(node, "type")?,
        origin: source.origin(node),
        protocol,
        style: extension
            .and_then(|extension| extension.attribute("style"))
            .map(str::to_owned),
        policy: policy::Assertions::default(),
        operations,
    })
}

fn binding_operation(
    source: &Source<'_>,
    node: roxmltree::Node<'_, '_>,
    protocol: BindingProtocol,
) -> Result<BindingOperation, Error> {
    let soap = soap_namespace(protocol);
    let soap_operation = soap.and_then(|namespace| children(node, namespace, "operation").next());
    let message = |name: &str| -> Result<Option<BindingMessage>, Error> {
        let (Some(child), Some(namespace)) = (children(node, WSDL, name).next(), soap) else {
            return Ok(None);
        };
        let body = children(child, namespace, "body").next();
        let body_attribute = |name: &str| {
            body.and_then(|body| body.attribute(name))
                .map(str::to_owned)
        };
        let body_parts = body_attribute("parts")
            .map(|parts| parts.split_whitespace().map(str::to_owned).collect());
        let headers = children(child, namespace, "header")
            .map(|header| {
                Ok(HeaderRef {
                    message: source.required_qname(header, "message")?,
                    part: source.required_attribute(header, "part")?.to_owned(),
                    origin: source.origin(header),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Some(BindingMessage {
            body_use: body_attribute("use"),
            body_namespace: body_attribute("namespace"),
            body_parts,
            headers,
        }))
    };
    Ok(BindingOperation {
        name: source.required_attribute(node, "name")?.to_owned(),
        soap_action: soap_operation
            .and_then(|operation| operation.attribute("soapAction"))
            .map(str::to_owned),
        style: soap_operation
            .and_then(|operation| operation.attribute("style"))
            .map(str::to_owned),
        input: message("input")?,
        output: message("output")?,
        origin: source.origin(node),
    })
}

fn service(source: &Source<'_>, node: roxmltree::Node<'_, '_>) -> Result<Service, Error> {
    let mut ports = Vec::new();
    for port in children(node, WSDL, "port") {
        let address = port
            .children()
            .find(|child| child.is_element() && child.tag_name().name() == "address")
            .and_then(|address| address.attribute("location"))
            .map(str::to_owned);
        ports.push(Port {
            name: source.required_attribute(port, "name")?.to_owned(),
            binding: source.required_qname(port, "binding")?,
            origin: source.origin(port),
            address,
        });
    }
    Ok(Service {
        name: source.required_attribute(node, "name")?.to_owned(),
        documentation: documentation(node, WSDL),
        ports,
    })
}

impl Definitions {
    /// Adds what an imported WSDL defines (first definition wins on a clash).
    pub fn merge(&mut self, imported: Definitions) {
        for (name, message) in imported.messages {
            self.messages.entry(name).or_insert(message);
        }
        for (name, port_type) in imported.port_types {
            self.port_types.entry(name).or_insert(port_type);
        }
        for (name, binding) in imported.bindings {
            self.bindings.entry(name).or_insert(binding);
        }
        self.services.extend(imported.services);
    }

    /// Every reference between the parts resolves: ports to bindings, bindings to port
    /// types, operations and headers to messages. Returns the first dangling reference and
    /// where it is.
    pub fn dangling_reference(&self) -> Option<(Origin, String)> {
        for service in &self.services {
            for port in &service.ports {
                if !self.bindings.contains_key(&port.binding) {
                    let message = format!(
                        "port `{}` names the unknown binding `{}`",
                        port.name, port.binding
                    );
                    return Some((port.origin.clone(), message));
                }
            }
        }
        for (name, binding) in &self.bindings {
            if !self.port_types.contains_key(&binding.port_type) {
                let message = format!(
                    "binding `{}` names the unknown port type `{}`",
                    name.local, binding.port_type
                );
                return Some((binding.origin.clone(), message));
            }
            let headers = binding
                .operations
                .iter()
                .flat_map(|operation| operation.input.iter().chain(&operation.output));
            for header in headers.flat_map(|message| &message.headers) {
                if !self.messages.contains_key(&header.message) {
                    let message = format!(
                        "a header of binding `{}` names the unknown message `{}`",
                        name.local, header.message
                    );
                    return Some((header.origin.clone(), message));
                }
            }
        }
        for (name, port_type) in &self.port_types {
            for operation in &port_type.operations {
                let messages = operation
                    .input
                    .iter()
                    .chain(&operation.output)
                    .chain(operation.faults.iter().map(|(_, message)| message));
                if let Some(missing) = messages
                    .into_iter()
                    .find(|message| !self.messages.contains_key(message))
                {
                    let message = format!(
                        "operation `{}` of `{}` names the unknown message `{missing}`",
                        operation.name, name.local
                    );
                    return Some((operation.origin.clone(), message));
                }
            }
        }
        None
    }

    /// Operations over SOAP bindings (1.1 and 1.2 counted once per binding).
    pub fn soap_operation_count(&self) -> usize {
        self.bindings
            .values()
            .filter(|binding| {
                matches!(
                    binding.protocol,
                    BindingProtocol::Soap11 | BindingProtocol::Soap12
                )
            })
            .map(|binding| binding.operations.len())
            .sum()
    }
}
