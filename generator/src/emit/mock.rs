//! Emits a module's `mock` module: `Mock`, a typed test double of the service over the
//! runtime's `soap::mock` or `servicestack::mock`, with one method per operation to answer
//! it (`on_<operation>`) and one to read back what it received (`received_<operation>`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::piece::{Members, Piece};
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
    mock(plan, shape, &soap.operations, methods)
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
    mock(plan, shape, &client.operations, methods)
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

/// The `mock` module, `methods` giving an operation's two methods.
fn mock<'a, T>(
    plan: &ModulePlan,
    shape: MockShape,
    operations: &'a [T],
    methods: impl Fn(&'a T) -> TokenStream + 'a,
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
    Some(Piece::Members(Members::of(operations, methods, module)))
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
