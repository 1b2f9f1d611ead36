//! The typed client struct both protocols share, in its two flavours: `Client` (async)
//! and `blocking::Client`, each wrapping the runtime's client of the same flavour and
//! holding the SOAP headers where the service has them.

use std::rc::Rc;

use proc_macro2::TokenStream;
use quote::quote;

use super::piece::{Members, Piece};
use super::tokens::docs;
use crate::planning::Gate;

/// Async or blocking: the only difference between a module's two clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Async,
    Blocking,
}

impl Flavor {
    /// `pub fn` or `pub async fn`: a method's head before its name.
    pub fn head(self, name: &str) -> String {
        match self {
            Flavor::Async => format!("pub async fn {name}"),
            Flavor::Blocking => format!("pub fn {name}"),
        }
    }

    /// `.await`, or nothing, after a runtime call in text.
    pub fn awaiting(self) -> &'static str {
        match self {
            Flavor::Async => ".await",
            Flavor::Blocking => "",
        }
    }

    /// `async` in front of a method, `.await` after a runtime call.
    pub fn keywords(self) -> (Option<TokenStream>, Option<TokenStream>) {
        match self {
            Flavor::Async => (Some(quote!(async)), Some(quote!(.await))),
            Flavor::Blocking => (None, None),
        }
    }
}

/// What a protocol's emitter says about its client.
pub struct ClientShape<'a> {
    /// The runtime module of the protocol (`servicestack`, `soap`), which has `Client` and
    /// `blocking::Client`.
    pub protocol: &'a str,
    pub docs: Vec<String>,
    /// What the runtime client holds, for `new`'s docs.
    pub runtime_holds: &'a str,
    /// Whether the client holds the service's `Headers`.
    pub headers: bool,
    /// Methods before the operations' own.
    pub leading: fn(Flavor) -> TokenStream,
}

/// `Client`, and `blocking::Client` where the module has one, with a method for each
/// operation as `method` writes it in each flavour (and `text`, at an indent, where it
/// can).
pub fn clients<'a, T>(
    shape: ClientShape<'a>,
    blocking: Gate,
    operations: &'a [T],
    method: impl Fn(Flavor, &'a T) -> TokenStream + 'a,
    text: impl Fn(Flavor, &'a T, &str) -> Option<String> + 'a,
) -> Vec<Piece<'a>> {
    let (shape, method, text) = (Rc::new(shape), Rc::new(method), Rc::new(text));
    let (async_shape, async_method, async_text) =
        (Rc::clone(&shape), Rc::clone(&method), Rc::clone(&text));
    let client = Members::new(
        operations,
        move |operation| async_method(Flavor::Async, operation),
        move |operation, indent| async_text(Flavor::Async, operation, indent),
        move |methods| self::client(&async_shape, Flavor::Async, methods),
    );
    let gate = match blocking {
        Gate::Feature => quote!(#[cfg(feature = "blocking")]),
        Gate::Always => quote!(),
        Gate::Never => return vec![Piece::Members(client)],
    };
    let blocking = Members::new(
        operations,
        move |operation| method(Flavor::Blocking, operation),
        move |operation, indent| text(Flavor::Blocking, operation, indent),
        move |methods| {
            let blocking = self::client(&shape, Flavor::Blocking, methods);
            quote! {
                /// The same client for programs without an async runtime (cargo feature `blocking`).
                #gate
                pub mod blocking {
                    use super::*;

                    #blocking
                }
            }
        },
    );
    vec![Piece::Members(client), Piece::Members(blocking)]
}

fn client(shape: &ClientShape<'_>, flavor: Flavor, methods: TokenStream) -> TokenStream {
    let protocol = super::tokens::ident(shape.protocol);
    let (runtime, struct_docs) = match flavor {
        Flavor::Async => (quote!(#protocol::Client), docs(&shape.docs)),
        Flavor::Blocking => (
            quote!(#protocol::blocking::Client),
            docs(&["A typed, synchronous client for the operations of this service.".to_owned()]),
        ),
    };
    let holds = format!(" It holds {}.", shape.runtime_holds);
    let leading = (shape.leading)(flavor);
    let (field, init, accessors) = if shape.headers {
        (
            Some(quote!(headers: Headers,)),
            Some(quote!(headers: Headers::default(),)),
            Some(headers_accessors()),
        )
    } else {
        (None, None, None)
    };
    quote! {
        #(#struct_docs)*
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: #runtime,
            #field
        }

        impl Client {
            /// Wraps a runtime client.
            #[doc = #holds]
            pub fn new(runtime: #runtime) -> Self {
                Self { runtime, #init }
            }

            /// The runtime client this client sends through.
            pub fn runtime(&self) -> &#runtime {
                &self.runtime
            }

            #accessors
            #leading
            #methods
        }
    }
}

fn headers_accessors() -> TokenStream {
    quote! {
        /// The headers every call sends (each operation sends those it declares); none
        /// until [`Client::with_headers`] sets them.
        pub fn headers(&self) -> &Headers {
            &self.headers
        }

        /// This client with other headers (a session, a company), e.g. for one call.
        pub fn with_headers(mut self, headers: Headers) -> Self {
            self.headers = headers;
            self
        }
    }
}
