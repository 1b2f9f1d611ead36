//! Small token builders shared by the emitters: identifiers, type paths, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::planning::{Extra, RustType};

/// An identifier; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name as it reads without a raw prefix (what serde sees by default).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Unit => quote!(()),
        RustType::Path { path, args } => {
            let leading = path.starts_with("::").then(|| quote!(::));
            let segments = path.trim_start_matches("::").split("::").map(ident);
            let args = (!args.is_empty()).then(|| {
                let args = args.iter().map(rust_type);
                quote!(<#(#args),*>)
            });
            quote!(#leading #(#segments)::* #args)
        }
        // Checked to parse when the options were read (`pipeline::check_options`).
        RustType::Verbatim(text) => syn::parse_str::<syn::Type>(text)
            .map(|ty| quote!(#ty))
            .unwrap_or_default(),
    }
}

/// `///` doc comments.
pub fn docs(lines: &[String]) -> Vec<TokenStream> {
    lines
        .iter()
        .map(|line| {
            let text = doc_text(line);
            quote!(#[doc = #text])
        })
        .collect()
}

/// `//!` doc comments.
pub fn inner_docs(lines: &[String]) -> Vec<TokenStream> {
    lines
        .iter()
        .map(|line| {
            let text = doc_text(line);
            quote!(#![doc = #text])
        })
        .collect()
}

/// prettyplease prints `#[doc = " x"]` as `/// x`; the leading space is ours to add.
fn doc_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// `#[derive(…)]` with the item's own derives and the user's (each once), then the user's
/// attributes. The plan has checked that they parse.
pub fn derives_and_attributes(own: &[&str], extra: &Extra) -> TokenStream {
    let last_segment = |path: &str| path.rsplit("::").next().unwrap_or(path).trim().to_owned();
    let mut names: Vec<String> = own.iter().map(|derive| (*derive).to_owned()).collect();
    for derive in &extra.derives {
        let known = names
            .iter()
            .any(|name| last_segment(name) == last_segment(derive));
        if !known {
            names.push(derive.clone());
        }
    }
    let derives = names
        .iter()
        .filter_map(|name| name.parse::<TokenStream>().ok());
    let attributes = extra
        .attributes
        .iter()
        .filter_map(|attribute| attribute.parse::<TokenStream>().ok());
    quote!(#[derive(#(#derives),*)] #(#attributes)*)
}
