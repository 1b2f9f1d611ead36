//! Emits a SOAP module: the typed `Client` (and its blocking twin), one `soap::Operation`
//! constant per operation in `operations`, the `Headers` struct, the `FaultDetail` enum,
//! the namespace constants, and the data types with their XML impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{self, ClientShape, Flavor};
use super::fn_text::{self, FnText};
use super::piece::{Members, Piece};
use super::struct_text::{name_text, push_docs, push_line, string_literal, type_text};
use super::tokens::{docs, ident};
use super::types;
use super::xml::Namespaces;
use crate::ir::SoapAction;
use crate::planning::{BodyPlan, ItemPlan, ModulePlan, SoapOperationPlan, SoapPlan};

/// Everything of the module before its data types: imports, namespaces, the clients,
/// the operations, the headers and the fault details.
pub fn preamble<'a>(
    plan: &'a ModulePlan,
    soap: &'a SoapPlan,
    namespaces: &'a Namespaces<'a>,
) -> Vec<Piece<'a>> {
    let constants = namespaces.constants();
    let headers = soap
        .headers
        .as_ref()
        .map(|headers| types::item(&ItemPlan::Struct(headers.clone()), namespaces));
    let response = match soap.headers {
        Some(_) => quote! {
            /// An answer of this service: its body and the SOAP headers that came with it.
            pub type Response<B> = soap::Response<B, Headers>;
        },
        None => quote! {
            /// An answer of this service: its body (the service declares no SOAP headers).
            pub type Response<B> = soap::Response<B, ()>;
        },
    };
    let faults = fault_detail(soap, namespaces);
    let mut pieces = vec![Piece::Items(quote! {
        use ::svcgen_runtime::{soap, xml};
        pub use soap::Error;

        #response

        #(#constants)*
    })];
    pieces.extend(clients(plan, soap));
    pieces.extend(operations_module(soap, namespaces));
    pieces.extend(super::mock::soap(plan, soap));
    pieces.push(Piece::Items(quote! {
        #headers
        #faults
    }));
    pieces
}

fn clients<'a>(plan: &ModulePlan, soap: &'a SoapPlan) -> Vec<Piece<'a>> {
    let shape = ClientShape {
        protocol: "soap",
        docs: client_docs(plan, soap),
        runtime_holds: "the endpoint, the SOAP version and the HTTP client",
        headers: soap.headers.is_some(),
        leading: |_| TokenStream::new(),
    };
    let headers = match soap.headers {
        Some(_) => quote!(&self.headers),
        None => quote!(&()),
    };
    let headers_text = match soap.headers {
        Some(_) => "&self.headers",
        None => "&()",
    };
    let method = move |flavor, operation| method(operation, &headers, flavor);
    let text =
        move |flavor, operation, indent: &str| method_text(operation, headers_text, flavor, indent);
    client::clients(shape, plan.blocking, &soap.operations, method, text)
}

/// [`method`] as text, where it can be.
fn method_text(
    operation: &SoapOperationPlan,
    headers: &str,
    flavor: Flavor,
    indent: &str,
) -> Option<String> {
    let (mut request, mut response) = (String::new(), String::new());
    type_text(&operation.request, &mut request)?;
    type_text(&operation.response, &mut response)?;
    let text = FnText {
        docs: &operation.docs,
        head: flavor.head(&operation.method_ident),
        params: vec!["&self".to_owned(), format!("request: &{request}")],
        output: format!("Result<Response<{response}>, Error>"),
        body: format!(
            "self.runtime.call(&operations::{}, request, {headers}){}",
            operation.const_ident,
            flavor.awaiting()
        ),
    };
    fn_text::method(indent, &text)
}

fn method(operation: &SoapOperationPlan, headers: &TokenStream, flavor: Flavor) -> TokenStream {
    let method_docs = docs(&operation.docs);
    let name = ident(&operation.method_ident);
    let constant = ident(&operation.const_ident);
    let request = &operation.request;
    let response = &operation.response;
    let (asyncness, awaiting) = flavor.keywords();
    quote! {
        #(#method_docs)*
        pub #asyncness fn #name(&self, request: &#request) -> Result<Response<#response>, Error> {
            self.runtime.call(&operations::#constant, request, #headers) #awaiting
        }
    }
}

fn body(body: &BodyPlan, namespaces: &Namespaces<'_>) -> TokenStream {
    match body {
        BodyPlan::Element(name) => {
            let name = namespaces.name(name);
            quote!(soap::Body::Element(#name))
        }
        BodyPlan::Parts => quote!(soap::Body::Parts),
    }
}

fn operations_module<'a>(soap: &'a SoapPlan, namespaces: &'a Namespaces<'_>) -> Option<Piece<'a>> {
    if soap.operations.is_empty() {
        return None;
    }
    let constant = move |operation: &SoapOperationPlan| {
        let constant = ident(&operation.const_ident);
        let summary = format!(" `{}` as the WSDL binds it.", operation.name);
        let name = &operation.name;
        let action = |bound: &Option<SoapAction>| {
            let Some(bound) = bound else {
                return quote!(None);
            };
            let action = &bound.action;
            let addressing = bound
                .addressing
                .as_ref()
                .map(|wsa| quote!(.with_addressing(#wsa)));
            let mtom = bound.mtom.then(|| quote!(.with_mtom()));
            quote!(Some(soap::Binding::new(#action) #addressing #mtom))
        };
        let (soap11, soap12) = (action(&operation.soap11), action(&operation.soap12));
        let input = body(&operation.input, namespaces);
        let output = match &operation.output {
            Some(output) => {
                let output = body(output, namespaces);
                quote!(Some(#output))
            }
            None => quote!(None),
        };
        let headers = operation
            .input_headers
            .iter()
            .map(|index| proc_macro2::Literal::usize_unsuffixed(*index));
        quote! {
            #[doc = #summary]
            pub const #constant: soap::Operation = soap::Operation {
                name: #name,
                soap11: #soap11,
                soap12: #soap12,
                input: #input,
                output: #output,
                input_headers: &[#(#headers),*],
            };
        }
    };
    let module = |constants| {
        quote! {
            /// Each operation as the WSDL binds it: actions, body elements, headers sent.
            pub mod operations {
                use super::*;

                #constants
            }
        }
    };
    let text = move |operation, indent: &str| constant_text(operation, namespaces, indent);
    Some(Piece::Members(Members::new(
        &soap.operations,
        constant,
        text,
        module,
    )))
}

/// An operation's constant as text, where each field fits on its line.
pub(super) fn constant_text(
    operation: &SoapOperationPlan,
    namespaces: &Namespaces<'_>,
    indent: &str,
) -> Option<String> {
    let action = |bound: &Option<SoapAction>| match bound {
        None => "None".to_owned(),
        Some(bound) => {
            let mut text = format!("Some(soap::Binding::new({})", string_literal(&bound.action));
            if let Some(wsa) = &bound.addressing {
                text.push_str(&format!(".with_addressing({})", string_literal(wsa)));
            }
            if bound.mtom {
                text.push_str(".with_mtom()");
            }
            text.push(')');
            text
        }
    };
    let body = |body: &BodyPlan| match body {
        BodyPlan::Element(name) => Some(format!(
            "soap::Body::Element({})",
            name_text(&name.namespace, &name.local, namespaces)?
        )),
        BodyPlan::Parts => Some("soap::Body::Parts".to_owned()),
    };
    let output = match &operation.output {
        Some(output) => format!("Some({})", body(output)?),
        None => "None".to_owned(),
    };
    let headers: Vec<String> = operation
        .input_headers
        .iter()
        .map(ToString::to_string)
        .collect();
    let fields = [
        ("name", string_literal(&operation.name)),
        ("soap11", action(&operation.soap11)),
        ("soap12", action(&operation.soap12)),
        ("input", body(&operation.input)?),
        ("output", output),
        ("input_headers", format!("&[{}]", headers.join(", "))),
    ];
    let mut out = String::with_capacity(512);
    let summary = [format!("`{}` as the WSDL binds it.", operation.name)];
    push_docs(&mut out, indent, &summary)?;
    push_line(
        &mut out,
        &format!(
            "{indent}pub const {}: soap::Operation = soap::Operation {{",
            operation.const_ident
        ),
    )?;
    for (field, value) in fields {
        push_line(&mut out, &format!("{indent}    {field}: {value},"))?;
    }
    out.push_str(indent);
    out.push_str("};\n");
    Some(out)
}

fn fault_detail(soap: &SoapPlan, namespaces: &Namespaces<'_>) -> Option<TokenStream> {
    if soap.faults.is_empty() {
        return None;
    }
    let variants = soap.faults.iter().map(|fault| {
        let variant = ident(&fault.ident);
        let ty = &fault.ty;
        let summary = format!(" The `{}` detail.", fault.element.local);
        quote!(#[doc = #summary] #variant(#ty),)
    });
    let checks = soap.faults.iter().map(|fault| {
        let variant = ident(&fault.ident);
        let name = namespaces.name(&fault.element);
        quote! {
            if let Ok(Some(value)) = fault.detail(#name) {
                return Some(Self::#variant(value));
            }
        }
    });
    Some(quote! {
        /// The fault details this service declares (`wsdl:fault`).
        #[derive(Clone, Debug, PartialEq)]
        pub enum FaultDetail {
            #(#variants)*
        }

        impl FaultDetail {
            /// The declared detail a fault carries, if it carries one:
            /// `error.fault().and_then(FaultDetail::of)`.
            pub fn of(fault: &soap::Fault) -> Option<Self> {
                #(#checks)*
                None
            }
        }
    })
}

fn client_docs(plan: &ModulePlan, soap: &SoapPlan) -> Vec<String> {
    let mut lines = vec![
        "A typed client for the operations of this service.".to_owned(),
        String::new(),
        "Cheap to clone. The endpoint is always the caller's (a WSDL's address is only a"
            .to_owned(),
        "hint); SOAP 1.1 is spoken unless the runtime client says otherwise.".to_owned(),
    ];
    if !plan.examples {
        return lines;
    }
    let Some(operation) = soap.operations.first() else {
        return lines;
    };
    // A user's replacement is not the module's to `use`.
    let Some(request) = operation.request.local_name() else {
        return lines;
    };
    let module = format!("{}::{}", plan.crate_ident, plan.name);
    let url = plan
        .base_url
        .clone()
        .or_else(|| soap.example_url.clone())
        .unwrap_or_else(|| "https://example.com/service.asmx".to_owned());
    lines.extend([
        String::new(),
        "```no_run".to_owned(),
        format!("# async fn example() -> Result<(), {module}::Error> {{"),
        format!("use {module}::{{Client, {request}}};"),
        "use svcgen_runtime::soap;".to_owned(),
        String::new(),
        format!("let runtime = soap::Client::new(\"{url}\")?;"),
        "let client = Client::new(runtime);".to_owned(),
        format!(
            "let response = client.{}(&{request}::default()).await?;",
            operation.method_ident
        ),
    ]);
    if soap.headers.is_some() {
        lines.extend([
            "// The body, and the SOAP headers that came with it.".to_owned(),
            "let (body, headers) = (response.body, response.headers);".to_owned(),
            "# let _ = (body, headers);".to_owned(),
        ]);
    } else {
        lines.push("# let _ = response.body;".to_owned());
    }
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    lines
}
