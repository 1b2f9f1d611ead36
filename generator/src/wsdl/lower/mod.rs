//! Lowering a loaded WSDL into the shared IR: one [`Operation`] per port-type operation
//! bound to SOAP (1.1 and 1.2 merged, each with its action), the types its messages,
//! headers and faults need, and the service-wide header and fault elements.
//!
//! Document/literal messages with one element part put that element's type in the body
//! (for ASMX's wrapped style, the wrapper element's type: every child, not just
//! `<Op>Result`); other document messages and rpc/literal messages become a struct of
//! their parts. rpc/encoded operations and HTTP GET/POST bindings are skipped with a
//! warning. A plain XML Schema lowers to its global elements' and types' IR types, with no
//! operations.

mod builtin;
mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use types::Types;

use super::definitions::{BindingMessage, BindingOperation, BindingProtocol, Message, Part};
use super::schema::Index;
use super::{Binding, Loaded, PortOperation, QName};
use crate::error::{Error, Result};
use crate::ir::{
    Access, Binding as IrBinding, Body, Endpoint, Field, Location, Operation, Origin, Presence,
    Protocol, Returns, Service, SoapAction, SoapBinding, SoapElement, SoapService, SoapVersion,
    TypeId, TypeRef, Warning, XmlKind, XmlName,
};

/// Lowers `loaded` (read from `file`) into the service `name`.
pub fn lower(name: &str, file: &Arc<PathBuf>, loaded: &Loaded) -> Result<Service> {
    let index = Index::new(&loaded.schemas);
    let mut lowering = Lowering {
        loaded,
        types: Types::new(&index),
        soap: SoapService::default(),
        operations: Vec::new(),
        keys: BTreeMap::new(),
        warnings: Vec::new(),
        file: Arc::clone(file),
    };
    // A WSDL without bindings is a schema in a WSDL envelope (some services publish their
    // types that way): its types, as for an `.xsd`.
    if loaded.schema_only || loaded.definitions.bindings.is_empty() {
        lowering.schema_types()?;
    } else {
        lowering.operations()?;
        lowering.endpoints();
    }
    let Lowering {
        types,
        soap,
        operations,
        mut warnings,
        ..
    } = lowering;
    let (types, type_warnings) = types.into_defs();
    warnings.extend(type_warnings);
    Ok(Service {
        name: name.to_owned(),
        docs: loaded.definitions.documentation.clone(),
        protocol: Protocol::Soap(soap),
        operations,
        types,
        warnings,
    })
}

struct Lowering<'a, 'i> {
    loaded: &'a Loaded,
    types: Types<'i>,
    soap: SoapService,
    operations: Vec<Operation>,
    /// `(port type, operation)` → position in `operations`, to merge SOAP 1.1 and 1.2.
    keys: BTreeMap<(QName, String), usize>,
    warnings: Vec<Warning>,
    file: Arc<PathBuf>,
}

fn to_xml(name: &QName) -> XmlName {
    XmlName {
        namespace: name.namespace.clone(),
        local: name.local.clone(),
    }
}

fn unqualified(local: &str) -> QName {
    QName {
        namespace: String::new(),
        local: local.to_owned(),
    }
}

fn version(protocol: BindingProtocol) -> Option<SoapVersion> {
    match protocol {
        BindingProtocol::Soap11 => Some(SoapVersion::Soap11),
        BindingProtocol::Soap12 => Some(SoapVersion::Soap12),
        BindingProtocol::Http | BindingProtocol::Other => None,
    }
}

impl<'a, 'i> Lowering<'a, 'i>
where
    'a: 'i,
{
    fn warn(&mut self, origin: Origin, message: String) {
        self.warnings.push(Warning { origin, message });
    }

    /// A plain schema: every global element and named complex type.
    fn schema_types(&mut self) -> Result<()> {
        let schemas = &self.loaded.schemas;
        for element in schemas.elements() {
            if !element.is_abstract {
                self.types.element_type(element)?;
            }
        }
        for ty in schemas.complex_types() {
            if let Some(name) = &ty.name {
                self.types.named_complex(name, &ty.origin)?;
            }
        }
        Ok(())
    }

    fn operations(&mut self) -> Result<()> {
        let definitions = &self.loaded.definitions;
        for binding in definitions.bindings.values() {
            let Some(version) = version(binding.protocol) else {
                let origin = binding
                    .operations
                    .first()
                    .map_or_else(|| self.whole_file(), |operation| operation.origin.clone());
                self.warn(
                    origin,
                    format!(
                        "binding `{}` is not SOAP (HTTP GET/POST or another protocol): skipped",
                        binding.name.local
                    ),
                );
                continue;
            };
            for operation in &binding.operations {
                self.binding_operation(binding, operation, version)?;
            }
        }
        Ok(())
    }

    fn whole_file(&self) -> Origin {
        Origin {
            file: Arc::clone(&self.file),
            location: Location::File,
        }
    }

    fn binding_operation(
        &mut self,
        binding: &'a Binding,
        operation: &'a BindingOperation,
        version: SoapVersion,
    ) -> Result<()> {
        let definitions = &self.loaded.definitions;
        let port_type = definitions
            .port_types
            .get(&binding.port_type)
            .ok_or_else(|| {
                Error::input(
                    operation.origin.clone(),
                    format!("unknown port type `{}`", binding.port_type),
                )
            })?;
        let Some(abstract_operation) = port_type.operation(&operation.name) else {
            self.warn(
                operation.origin.clone(),
                format!(
                    "binding `{}` binds `{}`, which port type `{}` does not declare; skipped",
                    binding.name.local, operation.name, binding.port_type.local
                ),
            );
            return Ok(());
        };
        let encoded = [&operation.input, &operation.output]
            .into_iter()
            .flatten()
            .any(|message| message.body_use.as_deref() == Some("encoded"));
        if encoded {
            self.warn(
                operation.origin.clone(),
                format!(
                    "`{}` of binding `{}` is rpc/encoded (SOAP encoding), which svcgen does not generate: skipped",
                    operation.name, binding.name.local
                ),
            );
            return Ok(());
        }
        let soap_action = operation.soap_action.clone().unwrap_or_default();
        // WS-Addressing's action: the port type's, else (as zeep and svcutil do) the
        // soapAction.
        let addressing = binding.policy.addressing.then(|| {
            abstract_operation
                .input_action
                .clone()
                .unwrap_or_else(|| soap_action.clone())
        });
        let action = SoapAction {
            version,
            action: soap_action,
            addressing,
            mtom: binding.policy.mtom,
        };
        let key = (binding.port_type.clone(), operation.name.clone());
        if let Some(position) = self.keys.get(&key) {
            if let Some(existing) = self.operations.get_mut(*position)
                && let IrBinding::Soap(soap) = &mut existing.binding
                && !soap.actions.iter().any(|known| known.version == version)
            {
                soap.actions.push(action);
                soap.actions.sort();
            }
            return Ok(());
        }
        let style = operation
            .style
            .as_deref()
            .or(binding.style.as_deref())
            .unwrap_or("document");
        // One operation the document describes badly (a message naming an element no
        // schema declares, say) is skipped with a warning; the others are still usable.
        let checkpoint = self.types.checkpoint();
        let (headers, faults) = (self.soap.headers.len(), self.soap.faults.len());
        match self.operation(abstract_operation, operation, style, action) {
            Ok(lowered) => {
                self.keys.insert(key, self.operations.len());
                self.operations.push(lowered);
            }
            Err(Error::Input { origin, message }) => {
                self.types.rollback(checkpoint);
                self.soap.headers.truncate(headers);
                self.soap.faults.truncate(faults);
                self.warn(
                    origin,
                    format!("{message}; operation `{}` skipped", operation.name),
                );
            }
            Err(other) => return Err(other),
        }
        Ok(())
    }

    fn message(&self, name: Option<&QName>) -> Option<&'a Message> {
        name.and_then(|name| self.loaded.definitions.messages.get(name))
    }

    fn named_message(&self, name: Option<&'a QName>) -> Option<(&'a QName, &'a Message)> {
        let name = name?;
        Some((name, self.loaded.definitions.messages.get(name)?))
    }

    fn operation(
        &mut self,
        abstract_operation: &'a PortOperation,
        operation: &'a BindingOperation,
        style: &str,
        action: SoapAction,
    ) -> Result<Operation> {
        let name = &operation.name;
        let rpc = style == "rpc";
        let input = self.named_message(abstract_operation.input.as_ref());
        let (request, input_body) = self.body(
            name,
            input,
            operation.input.as_ref(),
            rpc,
            false,
            &operation.origin,
        )?;
        let output = self.named_message(abstract_operation.output.as_ref());
        let has_output_parts = output.is_some_and(|(message_name, message)| {
            !body_parts(message, message_name, operation.output.as_ref()).is_empty()
        });
        let (returns, output_body) = if has_output_parts || (rpc && output.is_some()) {
            let (response, body) = self.body(
                name,
                output,
                operation.output.as_ref(),
                rpc,
                true,
                &operation.origin,
            )?;
            (Returns::Type(TypeRef::named(response)), Some(body))
        } else {
            (Returns::Nothing, None)
        };
        let input_headers = self.headers(operation.input.as_ref())?;
        let output_headers = self.headers(operation.output.as_ref())?;
        let mut faults = Vec::new();
        for (_, message) in &abstract_operation.faults {
            if let Some(element) = self.fault(message, &abstract_operation.origin)? {
                faults.push(element);
            }
        }
        Ok(Operation {
            name: name.clone(),
            docs: abstract_operation.documentation.clone(),
            request,
            returns,
            binding: IrBinding::Soap(SoapBinding {
                actions: vec![action],
                input: input_body,
                output: output_body,
                input_headers,
                output_headers,
                faults,
            }),
            requires_auth: false,
            access: Access::default(),
            tags: Vec::new(),
            origin: operation.origin.clone(),
        })
    }

    /// The type a message's body holds and where it sits.
    fn body(
        &mut self,
        operation: &str,
        message: Option<(&'a QName, &'a Message)>,
        binding: Option<&'a BindingMessage>,
        rpc: bool,
        response: bool,
        origin: &Origin,
    ) -> Result<(TypeId, Body)> {
        let suffix = if response { "Response" } else { "" };
        let parts = message.map_or_else(Vec::new, |(name, message)| {
            body_parts(message, name, binding)
        });
        let namespace = binding
            .and_then(|binding| binding.body_namespace.clone())
            .unwrap_or_else(|| self.loaded.definitions.target_namespace.clone());
        if rpc {
            let fields = self.part_fields(&parts, origin)?;
            let wrapper = XmlName {
                namespace: namespace.clone(),
                local: format!("{operation}{suffix}"),
            };
            let id =
                self.types
                    .synthesized_struct(&namespace, &wrapper.local, fields, origin.clone());
            return Ok((id, Body::Element(wrapper)));
        }
        if let [part] = parts.as_slice()
            && let Some(element_name) = &part.element
        {
            let element = self.types.element(element_name, origin)?;
            let id = self.types.body_struct(element)?;
            return Ok((id, Body::Element(to_xml(element_name))));
        }
        let fields = self.part_fields(&parts, origin)?;
        let name = format!(
            "{operation}{}",
            if response { "Response" } else { "Request" }
        );
        let id = self
            .types
            .synthesized_struct(&namespace, &name, fields, origin.clone());
        Ok((id, Body::Parts))
    }

    /// One field per part: the part's element, or an unqualified element named after a
    /// part of a type.
    fn part_fields(&mut self, parts: &[&'a Part], origin: &Origin) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        for part in parts {
            let (name, ty, nillable) = match (&part.element, &part.type_name) {
                (Some(element_name), _) => {
                    let element = self.types.element(element_name, origin)?;
                    (
                        element_name.clone(),
                        self.types.element_type(element)?,
                        element.nillable,
                    )
                }
                (None, Some(type_name)) => (
                    unqualified(&part.name),
                    self.types.named_type(type_name, origin)?,
                    false,
                ),
                (None, None) => {
                    return Err(Error::input(
                        origin.clone(),
                        format!("part `{}` has neither `element` nor `type`", part.name),
                    ));
                }
            };
            let mut field = Field::xml_named(
                XmlKind::Element,
                &name.namespace,
                &name.local,
                ty,
                Presence::Required,
            );
            field.xml.nillable = nillable;
            fields.push(field);
        }
        Ok(fields)
    }

    /// The header elements a binding message declares, added to the service's.
    fn headers(&mut self, binding: Option<&'a BindingMessage>) -> Result<Vec<XmlName>> {
        let Some(binding) = binding else {
            return Ok(Vec::new());
        };
        let mut names = Vec::new();
        for header in &binding.headers {
            let message = self.message(Some(&header.message)).ok_or_else(|| {
                Error::input(
                    self.whole_file(),
                    format!("unknown message `{}`", header.message),
                )
            })?;
            let part = message
                .parts
                .iter()
                .find(|part| part.name == header.part)
                .ok_or_else(|| {
                    Error::input(
                        message.origin.clone(),
                        format!(
                            "a header names part `{}` of message `{}`, which has no such part",
                            header.part, header.message.local
                        ),
                    )
                })?;
            let element = self.top_level(part, &message.origin)?;
            if !self
                .soap
                .headers
                .iter()
                .any(|known| known.xml_name() == element.element)
            {
                self.soap.headers.push(header_field(&element));
            }
            names.push(element.element);
        }
        Ok(names)
    }

    /// The fault detail element of `message`, added to the service's.
    fn fault(&mut self, message: &QName, origin: &Origin) -> Result<Option<XmlName>> {
        let Some(message) = self.message(Some(message)) else {
            return Ok(None);
        };
        let Some(part) = message.parts.first() else {
            return Ok(None);
        };
        let element = self.top_level(part, origin)?;
        if !self
            .soap
            .faults
            .iter()
            .any(|known| known.element == element.element)
        {
            self.soap.faults.push(element.clone());
        }
        Ok(Some(element.element))
    }

    /// A part that stands alone in a header or fault: its element and type.
    fn top_level(&mut self, part: &'a Part, origin: &Origin) -> Result<SoapElement> {
        match (&part.element, &part.type_name) {
            (Some(name), _) => {
                let element = self.types.element(name, origin)?;
                Ok(SoapElement {
                    element: to_xml(name),
                    ty: self.types.element_type(element)?,
                    nillable: element.nillable,
                })
            }
            (None, Some(type_name)) => Ok(SoapElement {
                element: to_xml(&unqualified(&part.name)),
                ty: self.types.named_type(type_name, origin)?,
                nillable: false,
            }),
            (None, None) => Err(Error::input(
                origin.clone(),
                format!("part `{}` has neither `element` nor `type`", part.name),
            )),
        }
    }

    fn endpoints(&mut self) {
        let definitions = &self.loaded.definitions;
        for service in &definitions.services {
            for port in &service.ports {
                let protocol = definitions
                    .bindings
                    .get(&port.binding)
                    .map(|binding| binding.protocol);
                let (Some(version), Some(address)) =
                    (protocol.and_then(version), port.address.clone())
                else {
                    continue;
                };
                self.soap.endpoints.push(Endpoint {
                    port: port.name.clone(),
                    version,
                    address,
                });
            }
        }
    }
}

/// The parts of `message` (named `name`) in the body: those `soap:body parts=` lists, else
/// all but the ones the same binding message carries as headers (zeep's
/// `soap_header.wsdl` takes header parts from the body's own message).
fn body_parts<'m>(
    message: &'m Message,
    name: &QName,
    binding: Option<&BindingMessage>,
) -> Vec<&'m Part> {
    message
        .parts
        .iter()
        .filter(|part| match binding {
            Some(BindingMessage {
                body_parts: Some(listed),
                ..
            }) => listed.contains(&part.name),
            Some(binding) => !binding
                .headers
                .iter()
                .any(|header| header.part == part.name && &header.message == name),
            None => true,
        })
        .collect()
}

/// A header element as a field of the service's header struct: optional, since each
/// call sends and each answer brings only the headers its operation declares.
fn header_field(header: &SoapElement) -> Field {
    let XmlName { namespace, local } = &header.element;
    let ty = header.ty.clone();
    let mut field = Field::xml_named(XmlKind::Element, namespace, local, ty, Presence::Optional);
    field.docs = Some(format!("The `{local}` header (`{{{namespace}}}`)."));
    field.xml.nillable = header.nillable;
    field
}
