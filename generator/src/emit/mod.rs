//! Emission: turns a [`ModulePlan`] into formatted Rust source. Tokens are built with
//! `quote!`, checked by parsing them into a `syn::File`, and printed by prettyplease, so
//! the output is deterministic and needs no `rustfmt` binary. Nothing is decided here.

mod client;
mod krate;
mod soap;
mod tokens;
mod types;
mod xml;

use proc_macro2::TokenStream;
use quote::quote;

pub use krate::{CrateManifest, build_rs, cargo_toml, lib_rs};

use crate::error::{Error, Result};
use crate::rust::{ItemPlan, ModulePlan};

/// The source of one service module (`src/<module>.rs`).
pub fn module_source(plan: &ModulePlan, header: &str) -> Result<String> {
    let docs = tokens::inner_docs(&plan.docs);
    if let Some(soap) = &plan.soap {
        let items = soap::module_items(plan, soap);
        return format(quote!(#(#docs)* #items), header, &plan.name);
    }
    let externs = plan.extern_types.iter().map(types::extern_type);
    let namespaces = xml::Namespaces::new(&[]);
    let items = plan.items.iter().map(|item| types::item(item, &namespaces));
    let requests = plan
        .items
        .iter()
        .filter_map(|item| match item {
            ItemPlan::Struct(plan) => plan.request.as_deref(),
            _ => None,
        })
        .map(client::request_impl);
    let client = client::client_item(plan);
    let blocking_client = client::blocking_client_item(plan);
    let maps = plan.uses_maps.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let tokens = quote! {
        #(#docs)*
        #maps
        use ::svcgen_runtime::servicestack;
        pub use ::svcgen_runtime::servicestack::Error;
        #(#externs)*
        #client
        #blocking_client
        #(#items)*
        #(#requests)*
    };
    format(tokens, header, &plan.name)
}

/// Parses tokens as a file and prints them with the header comment on top.
fn format(tokens: TokenStream, header: &str, module: &str) -> Result<String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| Error::Emit {
        module: module.to_owned(),
        message: error.to_string(),
    })?;
    Ok(format!(
        "{header}\n{}",
        space_out_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease packs items together; a blank line after each item that ends with a
/// closing brace, and after the inner docs and `use` block, makes the output readable.
fn space_out_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous = "";
    for line in source.lines() {
        if needs_blank_line(previous, line) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let current = line.trim_start();
    let indent = line.len() - current.len();
    let previous_indent = previous.len() - previous.trim_start().len();
    let previous = previous.trim_start();
    if previous.is_empty()
        || current.starts_with('}')
        || current.starts_with(')')
        || current.starts_with(']')
    {
        return false;
    }
    let closes_item = matches!(previous, "}" | "};" | "];") && indent == previous_indent;
    // A run of one-line declarations stays together; at the top level, a run of one kind.
    let same_run = is_declaration(current)
        && (indent > 0 || current.split(' ').next() == previous.split(' ').next());
    let ends_declaration = is_declaration(previous)
        && previous.ends_with(';')
        && indent == previous_indent
        && !same_run;
    let ends_doc_block = previous.starts_with("//!") && !current.starts_with("//!");
    let ends_use_block = is_use(previous) && !is_use(current);
    closes_item || ends_declaration || ends_doc_block || ends_use_block
}

/// One-line items: constants, type aliases, macro invocations.
fn is_declaration(line: &str) -> bool {
    [
        "const ",
        "pub const ",
        "pub type ",
        "type ",
        "::svcgen_runtime::",
    ]
    .iter()
    .any(|start| line.starts_with(start))
}

fn is_use(line: &str) -> bool {
    line.starts_with("use ") || line.starts_with("pub use ")
}
