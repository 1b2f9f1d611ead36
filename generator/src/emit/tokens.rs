//! Small token builders shared by the emitters: identifiers, type paths, doc attributes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::planning::Extra;

pub use crate::planning::ident;

/// The name as it reads without a raw prefix (what serde sees by default).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
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

/// `#[derive(…)]` with the item's own derives and the user's (each once, by name), then
/// the user's attributes.
pub fn derives_and_attributes(own: &[&str], extra: &Extra) -> TokenStream {
    let name = |path: &str| path.rsplit("::").next().unwrap_or(path).trim().to_owned();
    let mut names: Vec<String> = own.iter().map(|derive| name(derive)).collect();
    let mut derives: Vec<TokenStream> = own
        .iter()
        .filter_map(|derive| derive.parse::<TokenStream>().ok())
        .collect();
    for derive in &extra.derives {
        if !names.contains(&derive.name) {
            names.push(derive.name.clone());
            let path = &derive.path;
            derives.push(quote!(#path));
        }
    }
    let attributes = &extra.attributes;
    quote!(#[derive(#(#derives),*)] #(#attributes)*)
}
