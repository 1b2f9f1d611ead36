//! Emits what is ServiceStack's own in a module: the client's methods and docs, and each
//! request type's `Request` impl (operation name, method, routes, response type) that the
//! runtime sends by.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{self, ClientShape, Flavor};
use super::fn_text::{self, FnText};
use super::piece::Piece;
use super::struct_text::type_text;
use super::tokens::{docs, ident};
use crate::ir::HttpMethod;
use crate::planning::{ClientPlan, ModulePlan, OperationPlan, ResponseBodyPlan};

pub fn request_impl(operation: &OperationPlan) -> TokenStream {
    let request = ident(&operation.request_ident);
    let response = &operation.response;
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
    let auth = operation.requires_auth.then(|| {
        quote!(
            const REQUIRES_AUTH: bool = true;
        )
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
            #auth
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

/// The client and its blocking twin: `send`, then one method per operation.
pub fn clients<'a>(plan: &ModulePlan, client: &'a ClientPlan) -> Vec<Piece<'a>> {
    let shape = ClientShape {
        protocol: "servicestack",
        docs: client_docs(plan, client),
        runtime_holds: "the base URL, the credentials and the HTTP client",
        headers: false,
        leading: send_method,
    };
    let method = |flavor, operation| operation_method(operation, flavor);
    let text = |flavor, operation, indent: &str| operation_method_text(operation, flavor, indent);
    client::clients(shape, plan.blocking, &client.operations, method, text)
}

/// [`operation_method`] as text, where it can be.
fn operation_method_text(
    operation: &OperationPlan,
    flavor: Flavor,
    indent: &str,
) -> Option<String> {
    let mut response = String::new();
    type_text(&operation.response, &mut response)?;
    let text = FnText {
        docs: &operation.docs,
        head: flavor.head(&operation.method_ident),
        params: vec![
            "&self".to_owned(),
            format!("request: &{}", operation.request_ident),
        ],
        output: format!("Result<{response}, Error>"),
        body: format!("self.runtime.send(request){}", flavor.awaiting()),
    };
    fn_text::method(indent, &text)
}

fn send_method(flavor: Flavor) -> TokenStream {
    let (asyncness, awaiting) = flavor.keywords();
    quote! {
        /// Calls any operation by its request type.
        pub #asyncness fn send<R: servicestack::Request>(&self, request: &R) -> Result<R::Response, Error> {
            self.runtime.send(request) #awaiting
        }
    }
}

/// One client method.
fn operation_method(operation: &OperationPlan, flavor: Flavor) -> TokenStream {
    let docs = docs(&operation.docs);
    let name = ident(&operation.method_ident);
    let request = ident(&operation.request_ident);
    let response = &operation.response;
    let (asyncness, awaiting) = flavor.keywords();
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
