//! Planning the SOAP side of a module: one operation constant and client method per
//! operation, the `Headers` struct (every header element of the service, each optional),
//! the `FaultDetail` enum of declared fault details, and the namespace constants.

use heck::ToShoutySnakeCase;

use super::naming::{self, Scope};
use super::plan::{
    BodyPlan, Extra, FaultPlan, FieldPlan, ItemPlan, RustType, SoapOperationPlan, SoapPlan,
    StructPlan, WireFormat, doc_lines,
};
use super::types::TypeSpace;
use crate::error::{Error, Result};
use crate::ir::{Binding, Body, Returns, Service, SoapService, SoapVersion, TypeRef, XmlName};

/// The SOAP plan; `headers` are the planned fields of the service's header elements.
pub(super) fn plan(
    types: &TypeSpace<'_>,
    service: &Service,
    soap: &SoapService,
    headers: Vec<FieldPlan>,
) -> Result<SoapPlan> {
    let headers = headers_struct(headers);
    let mut methods = Scope::with_reserved(&["new", "runtime", "headers", "with_headers"]);
    let mut constants = Scope::default();
    let mut operations = Vec::new();
    for operation in &service.operations {
        let Binding::Soap(binding) = &operation.binding else {
            continue;
        };
        let action = |version: SoapVersion| {
            binding
                .actions
                .iter()
                .find(|bound| bound.version == version)
                .cloned()
        };
        let type_error = |message: String| {
            Error::input(
                operation.origin.clone(),
                format!("`{}`: {message}", operation.name),
            )
        };
        let request = types
            .rust_type(&TypeRef::named(operation.request.clone()))
            .map_err(type_error)?;
        let response = match &operation.returns {
            Returns::Type(ty) => types.rust_type(ty).map_err(type_error)?,
            Returns::Nothing => RustType::Unit,
        };
        let input_headers = binding
            .input_headers
            .iter()
            .filter_map(|name| {
                soap.headers
                    .iter()
                    .position(|header| &header.xml_name() == name)
            })
            .collect();
        operations.push(SoapOperationPlan {
            method_ident: methods.claim(naming::value_name(&operation.name)),
            const_ident: constants.claim(naming::type_name(&operation.name).to_shouty_snake_case()),
            docs: operation_docs(operation, binding),
            name: operation.name.clone(),
            soap11: action(SoapVersion::Soap11),
            soap12: action(SoapVersion::Soap12),
            input: body_plan(&binding.input),
            output: binding.output.as_ref().map(body_plan),
            request,
            response,
            input_headers,
        });
    }
    let mut faults = Vec::new();
    let mut variants = Scope::with_reserved(&["Unknown"]);
    for fault in &soap.faults {
        let ty = types.rust_type(&fault.ty).map_err(|message| Error::Emit {
            module: service.name.clone(),
            message: format!("fault `{}`: {message}", fault.element),
        })?;
        faults.push(FaultPlan {
            ident: variants.claim(naming::type_name(&fault.element.local)),
            ty,
            element: fault.element.clone(),
        });
    }
    Ok(SoapPlan {
        operations,
        headers,
        faults,
        namespaces: Vec::new(),
        example_url: soap
            .endpoints
            .first()
            .map(|endpoint| endpoint.address.clone()),
    })
}

/// Fills in the namespace table from every XML name the module's items and SOAP plan use.
pub(super) fn collect_namespaces(plan: &mut SoapPlan, items: &[ItemPlan]) {
    let mut namespaces: Vec<String> = Vec::new();
    let mut add = |namespace: &str| {
        if !namespace.is_empty() && !namespaces.iter().any(|known| known == namespace) {
            namespaces.push(namespace.to_owned());
        }
    };
    for operation in &plan.operations {
        for body in std::iter::once(&operation.input).chain(&operation.output) {
            if let BodyPlan::Element(name) = body {
                add(&name.namespace);
            }
        }
    }
    let structs = items
        .iter()
        .filter_map(|item| match item {
            ItemPlan::Struct(plan) => Some(plan),
            _ => None,
        })
        .chain(&plan.headers);
    for item in structs {
        if let Some(name) = &item.xml_type {
            add(&name.namespace);
        }
        for field in item.fields.iter().filter_map(|field| field.xml.as_ref()) {
            add(&field.name.namespace);
            for name in &field.items {
                add(&name.namespace);
            }
        }
    }
    for item in items {
        if let ItemPlan::Polymorphic(plan) = item {
            for variant in &plan.variants {
                add(&variant.xml_type.namespace);
            }
        }
    }
    for fault in &plan.faults {
        add(&fault.element.namespace);
    }
    plan.namespaces = namespaces;
}

fn body_plan(body: &Body) -> BodyPlan {
    match body {
        Body::Element(name) => BodyPlan::Element(name.clone()),
        Body::Parts => BodyPlan::Parts,
    }
}

/// `Headers`: every header element of the service as an optional field; none for a
/// service without headers.
fn headers_struct(fields: Vec<FieldPlan>) -> Option<StructPlan> {
    if fields.is_empty() {
        return None;
    }
    Some(StructPlan {
        ident: "Headers".to_owned(),
        wire_name: None,
        generics: Vec::new(),
        docs: vec![
            "The SOAP headers of this service. Each call sends those its operation declares"
                .to_owned(),
            "(from the client's [`Client::with_headers`]); each answer brings back those it"
                .to_owned(),
            "carries.".to_owned(),
        ],
        fields,
        format: WireFormat::XmlSchema,
        xml_type: None,
        extra: Extra::default(),
    })
}

fn operation_docs(
    operation: &crate::ir::Operation,
    binding: &crate::ir::SoapBinding,
) -> Vec<String> {
    let mut docs = doc_lines(operation.docs.as_deref());
    if !docs.is_empty() {
        docs.push(String::new());
    }
    let actions: Vec<String> = binding
        .actions
        .iter()
        .map(|bound| {
            let version = match bound.version {
                SoapVersion::Soap11 => "SOAP 1.1",
                SoapVersion::Soap12 => "SOAP 1.2",
            };
            let action = &bound.action;
            let mut text = format!("{version} action `{action}`");
            if let Some(wsa) = &bound.addressing {
                text.push_str(&format!(", WS-Addressing action `{wsa}`"));
            }
            if bound.mtom {
                text.push_str(", MTOM");
            }
            text
        })
        .collect();
    docs.push(format!(
        "Calls `{}` ({}).",
        operation.name,
        actions.join(", ")
    ));
    let names = |list: &[XmlName]| {
        list.iter()
            .map(|name| format!("`{}`", name.local))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !binding.input_headers.is_empty() {
        docs.push(String::new());
        docs.push(format!(
            "Sends the {} header(s) set on the client.",
            names(&binding.input_headers)
        ));
    }
    if !binding.output_headers.is_empty() {
        docs.push(String::new());
        docs.push(format!(
            "The answer's {} header(s) arrive in `Response::headers`.",
            names(&binding.output_headers)
        ));
    }
    if !binding.faults.is_empty() {
        docs.push(String::new());
        docs.push(format!(
            "Declared faults: {} (see [`FaultDetail`]).",
            names(&binding.faults)
        ));
    }
    docs
}
