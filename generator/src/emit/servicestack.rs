//! Emits the typed client of a ServiceStack service and each request type's `Request`
//! impl (operation name, method, routes, response type) that the runtime sends by.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type};
use crate::ir::HttpMethod;
use crate::rust::{Blocking, ClientPlan, ModulePlan, OperationPlan, ResponseBodyPlan};

pub fn request_impl(operation: &OperationPlan) -> TokenStream {
    let request = ident(&operation.request_ident);
    let response = rust_type(&operation.response);
    let name = &operation.operation_name;
    let preferred = method(operation.http_method);
    let routes = operation.routes.iter().map(|route| {
        let path = &route.path;
        let methods = route.methods.iter().copied().map(method);
        quote!(servicestack::Route { path: #path, methods: &[#(#methods),*] })
    });
    let namespace = operation
        .xml_namespace
        .as_ref()
        .map(|namespace| quote!(const XML_NAMESPACE: &'static str = #namespace;));
    let predefined = operation.predefined_api.then(|| {
        quote!(
            const PREDEFINED_ROUTE: servicestack::PredefinedRoute =
                servicestack::PredefinedRoute::Api;
        )
    });
    let json_style = operation.json_style.map(|style| {
        let dialect = ident(if style.system_text_json {
            "SystemTextJson"
        } else {
            "ServiceStackText"
        });
        let camel_case = style.camel_case;
        quote!(
            const JSON_STYLE: servicestack::JsonStyle = servicestack::JsonStyle {
                dialect: servicestack::JsonDialect::#dialect,
                camel_case: #camel_case,
            };
        )
    });
    let response_body = match operation.response_body {
        ResponseBodyPlan::Dto => None,
        ResponseBodyPlan::Empty => Some("Empty"),
        ResponseBodyPlan::Text => Some("Text"),
        ResponseBodyPlan::Bytes => Some("Bytes"),
    }
    .map(|variant| {
        let variant = ident(variant);
        quote!(const RESPONSE_BODY: servicestack::ResponseBody = servicestack::ResponseBody::#variant;)
    });
    quote! {
        impl servicestack::Request for #request {
            type Response = #response;
            const OPERATION: &'static str = #name;
            const METHOD: servicestack::Method = #preferred;
            const ROUTES: &'static [servicestack::Route] = &[#(#routes),*];
            #predefined
            #json_style
            #response_body
            #namespace
        }
    }
}

fn method(method: HttpMethod) -> TokenStream {
    let variant = ident(match method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
        HttpMethod::Put => "Put",
        HttpMethod::Delete => "Delete",
        HttpMethod::Patch => "Patch",
        HttpMethod::Head => "Head",
        HttpMethod::Options => "Options",
    });
    quote!(servicestack::Method::#variant)
}

pub fn client_item(plan: &ModulePlan, client: &ClientPlan) -> TokenStream {
    let docs = docs(&client_docs(plan, client));
    let methods = client
        .operations
        .iter()
        .map(|operation| operation_method(operation, false));
    quote! {
        #(#docs)*
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: servicestack::Client,
        }

        impl Client {
            /// Wraps a runtime client, which holds the base URL, the credentials and the
            /// HTTP client.
            pub fn new(runtime: servicestack::Client) -> Self {
                Self { runtime }
            }

            /// The runtime client this client sends through.
            pub fn runtime(&self) -> &servicestack::Client {
                &self.runtime
            }

            /// Calls any operation by its request type.
            pub async fn send<R: servicestack::Request>(&self, request: &R) -> Result<R::Response, Error> {
                self.runtime.send(request).await
            }

            #(#methods)*
        }
    }
}

/// The same client without an async runtime, behind the crate's `blocking` feature.
pub fn blocking_client_item(plan: &ModulePlan, client: &ClientPlan) -> Option<TokenStream> {
    let gate = blocking_gate(plan.blocking)?;
    let methods = client
        .operations
        .iter()
        .map(|operation| operation_method(operation, true));
    Some(quote! {
        /// The same client for programs without an async runtime (cargo feature `blocking`).
        #gate
        pub mod blocking {
            use super::*;

            /// A typed, synchronous client for the operations of this service.
            #[derive(Clone, Debug)]
            pub struct Client {
                runtime: servicestack::blocking::Client,
            }

            impl Client {
                /// Wraps a blocking runtime client.
                pub fn new(runtime: servicestack::blocking::Client) -> Self {
                    Self { runtime }
                }

                /// The runtime client this client sends through.
                pub fn runtime(&self) -> &servicestack::blocking::Client {
                    &self.runtime
                }

                /// Calls any operation by its request type.
                pub fn send<R: servicestack::Request>(&self, request: &R) -> Result<R::Response, Error> {
                    self.runtime.send(request)
                }

                #(#methods)*
            }
        }
    })
}

/// One client method: `async` for the default client, plain for the blocking one.
fn operation_method(operation: &OperationPlan, blocking: bool) -> TokenStream {
    let docs = docs(&operation.docs);
    let name = ident(&operation.method_ident);
    let request = ident(&operation.request_ident);
    let response = rust_type(&operation.response);
    let (asyncness, awaiting) = if blocking {
        (None, None)
    } else {
        (Some(quote!(async)), Some(quote!(.await)))
    };
    quote! {
        #(#docs)*
        pub #asyncness fn #name(&self, request: &#request) -> Result<#response, Error> {
            self.runtime.send(request) #awaiting
        }
    }
}

fn client_docs(plan: &ModulePlan, client: &ClientPlan) -> Vec<String> {
    let mut lines = vec![
        "A typed client for the operations of this service.".to_owned(),
        String::new(),
        "Cheap to clone; every method sends one request through the runtime client.".to_owned(),
    ];
    if !plan.examples {
        return lines;
    }
    let Some(operation) = client.operations.first() else {
        return lines;
    };
    let module = format!("{}::{}", plan.crate_ident, plan.name);
    let base_url = plan
        .base_url
        .as_deref()
        .unwrap_or("https://example.com/api");
    let call = format!(
        "client.{}(&{}::default()).await?",
        operation.method_ident, operation.request_ident
    );
    let example = [
        "```no_run".to_owned(),
        format!("# async fn example() -> Result<(), {module}::Error> {{"),
        format!("use {module}::{{Client, {}}};", operation.request_ident),
        "use svcgen_runtime::servicestack;".to_owned(),
        String::new(),
        "// Authenticate with a bearer token (a JWT or an API key)…".to_owned(),
        format!("let runtime = servicestack::Client::new(\"{base_url}\")?"),
        "    .with_bearer_token(\"<JWT or API key>\")".to_owned(),
        "    // …refreshed once through GetAccessToken when the host answers 401…".to_owned(),
        "    .with_refresh_token(\"<refresh token>\")".to_owned(),
        "    // …or continue a cookie session (`ss-id`, `ss-pid`).".to_owned(),
        "    .with_cookie(\"ss-id\", \"<session id>\");".to_owned(),
        "let client = Client::new(runtime);".to_owned(),
        String::new(),
        format!("let response = {call};"),
        "// Hosts may return a JWT in the `ss-tok` cookie instead of the body".to_owned(),
        "// (ConvertSessionToToken does by default).".to_owned(),
        "let jwt = client.runtime().session_token();".to_owned(),
        "# let _ = (response, jwt);".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ];
    lines.push(String::new());
    lines.extend(example);
    lines
}

/// The attribute in front of a blocking client module; `None` when there is none.
pub fn blocking_gate(blocking: Blocking) -> Option<TokenStream> {
    match blocking {
        Blocking::Feature => Some(quote!(#[cfg(feature = "blocking")])),
        Blocking::Always => Some(quote!()),
        Blocking::Never => None,
    }
}
