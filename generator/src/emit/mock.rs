//! Emits a module's `mock` module: `Mock`, a typed test double of the service over the
//! runtime's `soap::mock` or `servicestack::mock`, with one method per operation to answer
//! it (`on_<operation>`) and one to read back what it received (`received_<operation>`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::fn_text::{self, FnText};
use super::piece::{Members, Piece};
use super::struct_text::{MARGIN, push_docs, push_line, type_text};
use super::tokens::{self, ident, unraw};
use crate::planning::{
    ClientPlan, Gate, ModulePlan, OperationPlan, RustType, SoapOperationPlan, SoapPlan,
};

/// What the two protocols' mocks differ in.
struct MockShape {
    /// `soap` or `servicestack`.
    protocol: &'static str,
    /// What `Call`, `Reply` (and `Failure`) are, re-exported.
    uses: TokenStream,
    /// The runtime mock's type.
    runtime: TokenStream,
    /// How `start` makes it.
    start: TokenStream,
    /// What an unanswered operation gets, for `start`'s docs.
    unanswered: &'static str,
    docs: Vec<String>,
}

/// The mock of a SOAP module; none without operations.
pub fn soap<'a>(plan: &ModulePlan, soap: &'a SoapPlan) -> Option<Piece<'a>> {
    if soap.operations.is_empty() {
        return None;
    }
    let headers = match soap.headers {
        Some(_) => quote!(Headers),
        None => quote!(()),
    };
    let constants: Vec<_> = soap
        .operations
        .iter()
        .map(|operation| ident(&operation.const_ident))
        .collect();
    let methods = {
        let headers = headers.clone();
        move |operation: &'a SoapOperationPlan| {
            let constant = ident(&operation.const_ident);
            let (request, response) = (outer(&operation.request), outer(&operation.response));
            let call = quote!(Call<#request, #headers>);
            let answer = quote!(Reply<#response, #headers>);
            let register = quote!(self.inner.on(&operations::#constant, handler););
            let calls = quote!(self.inner.calls(&operations::#constant));
            operation_methods(
                &operation.method_ident,
                &operation.name,
                &call,
                &answer,
                &register,
                &calls,
            )
        }
    };
    let shape = MockShape {
        protocol: "soap",
        uses: quote!(
            pub use soap::Fault;
            pub use soap::mock::{Call, Reply};
        ),
        runtime: quote!(soap::mock::Mock<#headers>),
        start: quote! {
            /// Every operation, by which the mock recognises requests.
            const OPERATIONS: &[soap::Operation] = &[#(operations::#constants),*];
            Ok(Self { inner: soap::mock::Mock::start(OPERATIONS)? })
        },
        unanswered: "a `soap:Server` fault that says so",
        docs: soap_docs(plan, soap),
    };
    let headers_text = if soap.headers.is_some() {
        "Headers"
    } else {
        "()"
    };
    let text = move |operation: &'a SoapOperationPlan, indent: &str| {
        let (request, response) = (
            outer_text(&operation.request)?,
            outer_text(&operation.response)?,
        );
        let constant = &operation.const_ident;
        let text = MethodsText {
            method: &operation.method_ident,
            operation: &operation.name,
            call: format!("Call<{request}, {headers_text}>"),
            answer: format!("Reply<{response}, {headers_text}>"),
            register: format!("self.inner.on(&operations::{constant}, handler);"),
            calls: format!("self.inner.calls(&operations::{constant})"),
        };
        operation_methods_text(&text, indent)
    };
    mock(plan, shape, &soap.operations, methods, text)
}

/// The mock of a ServiceStack module; none without operations.
pub fn servicestack<'a>(plan: &ModulePlan, client: &'a ClientPlan) -> Option<Piece<'a>> {
    if client.operations.is_empty() {
        return None;
    }
    let methods = |operation: &'a OperationPlan| {
        let request = outer(&RustType::path(operation.request_ident.clone()));
        let response = outer(&operation.response);
        let call = quote!(Call<#request>);
        let answer = quote!(Reply<#response>);
        let register = quote!(self.inner.on::<#request>(handler););
        let calls = quote!(self.inner.calls::<#request>());
        operation_methods(
            &operation.method_ident,
            &operation.operation_name,
            &call,
            &answer,
            &register,
            &calls,
        )
    };
    let shape = MockShape {
        protocol: "servicestack",
        uses: quote!(
            pub use servicestack::mock::{Call, Failure, Reply};
        ),
        runtime: quote!(servicestack::mock::Mock),
        start: quote!(Ok(Self {
            inner: servicestack::mock::Mock::start()?
        })),
        unanswered: "404 with a `ResponseStatus` that says so",
        docs: servicestack_docs(plan, client),
    };
    let text = |operation: &'a OperationPlan, indent: &str| {
        let request = outer_text(&RustType::path(operation.request_ident.clone()))?;
        let response = outer_text(&operation.response)?;
        let text = MethodsText {
            method: &operation.method_ident,
            operation: &operation.operation_name,
            call: format!("Call<{request}>"),
            answer: format!("Reply<{response}>"),
            register: format!("self.inner.on::<{request}>(handler);"),
            calls: format!("self.inner.calls::<{request}>()"),
        };
        operation_methods_text(&text, indent)
    };
    mock(plan, shape, &client.operations, methods, text)
}

/// The names the `mock` module declares or imports itself, which shadow schema types of
/// the same name that its `use super::*` brings in.
const SHADOWED: &[&str] = &["Mock", "Call", "Reply", "Fault", "Failure"];

/// A type as the `mock` module names it: a schema type whose name the module shadows
/// through `super::`.
fn outer(ty: &RustType) -> TokenStream {
    match ty.local_name().filter(|name| SHADOWED.contains(name)) {
        Some(name) => {
            let name = ident(name);
            quote!(super::#name)
        }
        None => quote!(#ty),
    }
}

fn operation_methods(
    method: &str,
    operation: &str,
    call: &TokenStream,
    answer: &TokenStream,
    register: &TokenStream,
    calls: &TokenStream,
) -> TokenStream {
    // `on_type`, `received_type`: prefixes make raw identifiers plain, and two prefixes
    // that start differently cannot make the same name from two operations.
    let method = unraw(method);
    let on = format_ident!("on_{}", method);
    let received = format_ident!("received_{}", method);
    let on_docs =
        format!(" Answers `{operation}` with `handler` from now on (replacing an earlier one).");
    let calls_docs =
        format!(" The `{operation}` requests its handler was given so far, typed, in order.");
    quote! {
        #[doc = #on_docs]
        pub fn #on(&self, handler: impl Fn(#call) -> #answer + Send + Sync + 'static) -> &Self {
            #register
            self
        }

        #[doc = #calls_docs]
        pub fn #received(&self) -> Vec<#call> {
            #calls
        }
    }
}

/// What an operation's two mock methods say, as text: the text form of
/// [`operation_methods`]' arguments.
struct MethodsText<'a> {
    method: &'a str,
    operation: &'a str,
    call: String,
    answer: String,
    register: String,
    calls: String,
}

/// [`operation_methods`] as text at `indent`, where prettyplease would print `on_…` with
/// one parameter per line (the handler's on one line if it fits, else its `Fn` argument
/// on a line of its own) and `received_…` as `fn_text` does.
fn operation_methods_text(text: &MethodsText<'_>, indent: &str) -> Option<String> {
    let method = unraw(text.method);
    let (call, answer) = (&text.call, &text.answer);
    let mut out = String::with_capacity(800);
    let on_docs = [format!(
        "Answers `{}` with `handler` from now on (replacing an earlier one).",
        text.operation
    )];
    push_docs(&mut out, indent, &on_docs)?;
    let handler = format!("handler: impl Fn({call}) -> {answer} + Send + Sync + 'static");
    if format!("{indent}pub fn on_{method}(&self, {handler}) -> &Self {{").len() <= MARGIN {
        return None;
    }
    push_line(&mut out, &format!("{indent}pub fn on_{method}("))?;
    push_line(&mut out, &format!("{indent}    &self,"))?;
    // The comma after the last parameter does not count against the width.
    let handler_line = format!("{indent}    {handler}");
    if handler_line.len() <= MARGIN {
        out.push_str(&handler_line);
        out.push_str(",\n");
    } else {
        push_line(&mut out, &format!("{indent}    handler: impl Fn("))?;
        push_line(&mut out, &format!("{indent}        {call},"))?;
        push_line(
            &mut out,
            &format!("{indent}    ) -> {answer} + Send + Sync + 'static,"),
        )?;
    }
    push_line(&mut out, &format!("{indent}) -> &Self {{"))?;
    push_line(&mut out, &format!("{indent}    {}", text.register))?;
    out.push_str(&format!("{indent}    self\n{indent}}}\n"));
    let calls_docs = [format!(
        "The `{}` requests its handler was given so far, typed, in order.",
        text.operation
    )];
    let received = FnText {
        docs: &calls_docs,
        head: format!("pub fn received_{method}"),
        params: vec!["&self".to_owned()],
        output: format!("Vec<{call}>"),
        body: text.calls.clone(),
    };
    out.push_str(&fn_text::method(indent, &received)?);
    Some(out)
}

/// A type as the `mock` module names it, as text ([`outer`]).
fn outer_text(ty: &RustType) -> Option<String> {
    match ty.local_name().filter(|name| SHADOWED.contains(name)) {
        Some(name) => Some(format!("super::{name}")),
        None => {
            let mut text = String::new();
            type_text(ty, &mut text)?;
            Some(text)
        }
    }
}

/// The `mock` module, `methods` giving an operation's two methods (and `text`, at an
/// indent, where it can).
fn mock<'a, T>(
    plan: &ModulePlan,
    shape: MockShape,
    operations: &'a [T],
    methods: impl Fn(&'a T) -> TokenStream + 'a,
    text: impl Fn(&'a T, &str) -> Option<String> + 'a,
) -> Option<Piece<'a>> {
    let gate = match plan.mock {
        Gate::Feature => quote!(#[cfg(feature = "mock")]),
        Gate::Always => quote!(),
        Gate::Never => return None,
    };
    let protocol = ident(shape.protocol);
    let MockShape {
        uses,
        runtime,
        start,
        docs,
        unanswered,
        ..
    } = shape;
    let struct_docs = tokens::docs(&docs);
    let start_docs = [
        " Starts the mock on 127.0.0.1 at a free port. Until a handler is registered for an"
            .to_owned(),
        format!(" operation, it answers that operation with {unanswered}."),
    ];
    let module = move |methods| {
        quote! {
            /// A test double of this service (cargo feature `mock`): see [`mock::Mock`].
            #gate
            pub mod mock {
                use super::*;
                #uses

                #(#struct_docs)*
                #[derive(Debug)]
                pub struct Mock {
                    inner: #runtime,
                }

                impl Mock {
                    #(#[doc = #start_docs])*
                    pub fn start() -> ::std::io::Result<Self> {
                        #start
                    }

                    /// The URL the mock listens at: point a runtime client at it.
                    pub fn url(&self) -> &str {
                        self.inner.url()
                    }

                    /// A client of this service that calls the mock.
                    pub fn client(&self) -> Result<Client, Error> {
                        Ok(Client::new(#protocol::Client::new(self.inner.url())?))
                    }

                    /// The runtime's mock under this one: every request as it arrived, scripted
                    /// delays and failures (`runtime().server()`).
                    pub fn runtime(&self) -> &#runtime {
                        &self.inner
                    }

                    #methods
                }
            }
        }
    };
    Some(Piece::Members(Members::new(
        operations, methods, text, module,
    )))
}

fn soap_docs(plan: &ModulePlan, soap: &SoapPlan) -> Vec<String> {
    let mut lines = vec![
        "A mock of this service on 127.0.0.1, for tests of code that calls it: register a"
            .to_owned(),
        "handler per operation (the typed request and headers in, a typed answer or fault out),"
            .to_owned(),
        "point a client at [`Mock::url`] and read back what it was sent.".to_owned(),
    ];
    let Some(operation) = soap.operations.first() else {
        return lines;
    };
    let Some(request) = operation.request.local_name().filter(|_| plan.examples) else {
        return lines;
    };
    let module = format!("{}::{}", plan.crate_ident, plan.name);
    let (method, plain) = (&operation.method_ident, unraw(&operation.method_ident));
    lines.extend([
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {module}::{{mock::Mock, {request}}};"),
        "use svcgen_runtime::soap;".to_owned(),
        String::new(),
        "let mock = Mock::start()?;".to_owned(),
        format!("mock.on_{plain}(|call| {{"),
        "    // The request's body and headers, typed; answer with a body (and headers) or a"
            .to_owned(),
        "    // `soap::Fault` (`Err(soap::Fault::client(\"…\").into())`).".to_owned(),
        "    let _request = call.body;".to_owned(),
        "    Ok(soap::Response::new(Default::default()))".to_owned(),
        "});".to_owned(),
        format!("let response = mock.client()?.{method}(&{request}::default()).await?;"),
        format!("assert_eq!(mock.received_{plain}().len(), 1);"),
        "# let _ = response;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

fn servicestack_docs(plan: &ModulePlan, client: &ClientPlan) -> Vec<String> {
    let mut lines = vec![
        "A mock of this ServiceStack host on 127.0.0.1, for tests of code that calls it:"
            .to_owned(),
        "register a handler per operation (the typed request in, a response DTO or a".to_owned(),
        "`Failure` out), point a client at [`Mock::url`] and read back what it was sent."
            .to_owned(),
    ];
    let Some(operation) = client.operations.first().filter(|_| plan.examples) else {
        return lines;
    };
    let module = format!("{}::{}", plan.crate_ident, plan.name);
    let (method, request) = (&operation.method_ident, &operation.request_ident);
    let plain = unraw(method);
    let setup = if operation.requires_auth {
        vec![
            format!("use {module}::{{Client, mock::Mock, {request}}};"),
            "use svcgen_runtime::servicestack;".to_owned(),
        ]
    } else {
        vec![format!("use {module}::{{mock::Mock, {request}}};")]
    };
    lines.extend([
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
    ]);
    lines.extend(setup);
    lines.extend([
        String::new(),
        "let mock = Mock::start()?;".to_owned(),
        format!("mock.on_{plain}(|call| {{"),
        "    // The request DTO, typed; answer with a response DTO or a `mock::Failure`."
            .to_owned(),
        "    let _request = call.request;".to_owned(),
        "    Ok(Default::default())".to_owned(),
        "});".to_owned(),
    ]);
    if operation.requires_auth {
        lines.extend([
            "// The operation requires authentication: the mock answers 401 without credentials."
                .to_owned(),
            "let runtime = servicestack::Client::new(mock.url())?.with_bearer_token(\"<token>\");"
                .to_owned(),
            "let client = Client::new(runtime);".to_owned(),
        ]);
    } else {
        lines.push("let client = mock.client()?;".to_owned());
    }
    lines.extend([
        format!("let response = client.{method}(&{request}::default()).await?;"),
        format!("assert_eq!(mock.received_{plain}().len(), 1);"),
        "# let _ = response;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

#[cfg(test)]
mod tests {
    //! The methods' text against prettyplease at every width, in both protocols' shapes;
    //! `emit::text_corpus` compares whole mocks over the corpus.

    use std::str::FromStr;

    use super::*;

    #[test]
    fn methods_wrap_as_prettyplease_does_at_every_width() {
        let mut compared = 0;
        for length in 1..=60 {
            let method = format!("m{}", "e".repeat(length));
            let request = format!("R{}", "q".repeat(length));
            let response = format!("S{}", "s".repeat(length / 2));
            for headers in [Some("()"), Some("Headers"), None] {
                let with_headers = |ty: &str| match headers {
                    Some(headers) => format!("{ty}<{request}, {headers}>"),
                    None => format!("{ty}<{request}>"),
                };
                let text = MethodsText {
                    method: &method,
                    operation: "Op",
                    call: with_headers("Call"),
                    answer: with_headers("Reply").replace(&request, &response),
                    register: format!("self.inner.on::<{request}>(handler);"),
                    calls: format!("self.inner.calls::<{request}>()"),
                };
                let tokens = |text: &str| TokenStream::from_str(text).unwrap();
                let methods = operation_methods(
                    &method,
                    "Op",
                    &tokens(&text.call),
                    &tokens(&text.answer),
                    &tokens(&text.register),
                    &tokens(&text.calls),
                );
                let item = |methods| quote!(pub mod mock { impl Mock { #methods } });
                let expected = super::super::print(item(methods.clone()), "widths").unwrap();
                let piece = Piece::Members(Members::new(
                    &[()],
                    |_| methods.clone(),
                    |_, indent| operation_methods_text(&text, indent),
                    item,
                ));
                if operation_methods_text(&text, "        ").is_none() {
                    continue;
                }
                assert_eq!(piece.print("widths").unwrap(), expected, "{length}");
                compared += 1;
            }
        }
        // Only names too long for a line of their own are left to prettyplease.
        assert!(compared > 100, "{compared} compared");
    }
}
