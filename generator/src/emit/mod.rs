//! Emission: turns a [`ModulePlan`] into formatted Rust source. Tokens are built with
//! `quote!`, checked by parsing them into a `syn::File`, and printed by prettyplease, so
//! the output is deterministic and needs no `rustfmt` binary. Nothing is decided here.

mod client;
mod enum_text;
mod fn_text;
mod krate;
mod mock;
mod piece;
mod servicestack;
mod soap;
mod struct_text;
#[cfg(test)]
mod text_corpus;
mod tokens;
mod types;
mod xml;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

pub use krate::{CrateManifest, build_rs, cargo_toml, lib_rs};

use crate::error::{Error, Result};
use crate::planning::{ItemPlan, ModuleClient, ModulePlan, OperationPlan};
use piece::Piece;

/// The source of one service module (`src/<module>.rs`).
pub fn module_source(plan: &ModulePlan, header: &str) -> Result<String> {
    let docs = tokens::inner_docs(&plan.docs);
    let client = match &plan.client {
        ModuleClient::ServiceStack(client) => client,
        ModuleClient::Soap(soap) => {
            let namespaces = xml::Namespaces::new(&soap.namespaces);
            let mut text = Text::new(header);
            text.push(&print(quote!(#(#docs)*), &plan.name)?);
            for piece in soap::preamble(plan, soap, &namespaces) {
                text.push(&piece.print(&plan.name)?);
            }
            let render = |item: &ItemPlan| print_soap_item(item, &namespaces, &plan.name);
            for part in print_all(&plan.items, render, &plan.name)? {
                text.push(&part);
            }
            return Ok(text.out);
        }
    };
    let externs = plan.extern_types.iter().map(types::extern_type);
    let namespaces = xml::Namespaces::new(&[]);
    let maps = plan.uses_maps.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let preamble = quote! {
        #(#docs)*
        #maps
        use ::svcgen_runtime::servicestack;
        pub use servicestack::Error;
        #(#externs)*
    };
    let mut pieces = vec![Piece::Items(preamble)];
    pieces.extend(servicestack::clients(plan, client));
    pieces.extend(mock::servicestack(plan, client));
    let mut text = Text::new(header);
    for piece in pieces {
        text.push(&piece.print(&plan.name)?);
    }
    // A request's `Request` impl stands right after its struct.
    let mut requests: BTreeMap<&str, &OperationPlan> = BTreeMap::new();
    for operation in &client.operations {
        requests
            .entry(&operation.request_ident)
            .or_insert(operation);
    }
    let render = |item: &ItemPlan| {
        let tokens = types::item(item, &namespaces);
        let request = match item {
            ItemPlan::Struct(item) => requests.get(item.ident.as_str()),
            _ => None,
        };
        let tokens = match request {
            Some(operation) => {
                let request = servicestack::request_impl(operation);
                quote!(#tokens #request)
            }
            None => tokens,
        };
        print(tokens, &plan.name)
    };
    for part in print_all(&plan.items, render, &plan.name)? {
        text.push(&part);
    }
    Ok(text.out)
}

/// Parses tokens as a file and prints them with the header comment on top.
fn format(tokens: TokenStream, header: &str, module: &str) -> Result<String> {
    Ok(finish(header, &print(tokens, module)?))
}

/// The header comment, then the printed items spaced out.
fn finish(header: &str, printed: &str) -> String {
    let mut text = Text::new(header);
    text.push(printed);
    text.out
}

/// A file's text as it is put together: the header comment, then printed items with the
/// blank lines [`needs_blank_line`] asks for, added as each printed part arrives (so the
/// printed module is never held twice).
struct Text {
    out: String,
    /// The last line pushed: whether the next needs a blank line before it depends on it.
    previous: String,
}

impl Text {
    fn new(header: &str) -> Self {
        Self {
            out: format!("{header}\n"),
            previous: String::new(),
        }
    }

    fn push(&mut self, printed: &str) {
        self.out.reserve(printed.len() + printed.len() / 8);
        let mut lines = lines(printed);
        let Some(first) = lines.next() else {
            return;
        };
        let before = std::mem::take(&mut self.previous);
        self.push_line(&before, first);
        let mut previous = first;
        for line in lines {
            self.push_line(previous, line);
            previous = line;
        }
        self.previous.clear();
        self.previous.push_str(previous);
    }

    fn push_line(&mut self, previous: &str, line: &str) {
        if needs_blank_line(previous, line) {
            self.out.push('\n');
        }
        self.out.push_str(line);
        self.out.push('\n');
    }
}

/// The lines of `text` as `str::lines` gives them, found with a vectorised search: every
/// line of a module passes through here.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// A SOAP module's item; structs and string enums printed as text where they can be.
fn print_soap_item(
    item: &ItemPlan,
    namespaces: &xml::Namespaces<'_>,
    module: &str,
) -> Result<String> {
    let plan = match item {
        ItemPlan::Struct(plan) => plan,
        ItemPlan::Enum(plan) => match enum_text::string_enum(plan) {
            Some(text) => return Ok(text),
            None => return print(types::item(item, namespaces), module),
        },
        _ => return print(types::item(item, namespaces), module),
    };
    let mut printed = match struct_text::declaration(plan) {
        Some(text) => text,
        None => print(types::struct_item(plan), module)?,
    };
    match struct_text::complex_impl(plan, namespaces) {
        Some(text) => printed.push_str(&text),
        None => printed.push_str(&print(xml::complex_impl(plan, namespaces), module)?),
    }
    Ok(printed)
}

/// Parses tokens (whole items) as a file and prints it.
fn print(tokens: TokenStream, module: &str) -> Result<String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| Error::Emit {
        module: module.to_owned(),
        message: error.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Below this many items one thread prints them all.
const ITEMS_PER_THREAD: usize = 256;

/// Renders and prints each item, in order. Printing items one by one gives the same text
/// as printing the file at once (prettyplease prints top-level items one after another),
/// never holds the syntax tree of a large module in memory, and lets large modules be
/// printed on several threads: rendering, parsing and printing is most of generation.
fn print_all<T: Sync>(
    items: &[T],
    render: impl Fn(&T) -> Result<String> + Sync,
    module: &str,
) -> Result<Vec<String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len() / ITEMS_PER_THREAD)
        .clamp(1, 8);
    let print_part = |part: &[T]| -> Result<String> {
        let mut printed = String::new();
        for item in part {
            printed.push_str(&render(item)?);
        }
        Ok(printed)
    };
    if threads == 1 {
        return Ok(vec![print_part(items)?]);
    }
    let size = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(size)
            .map(|part| scope.spawn(move || print_part(part)))
            .collect();
        parts
            .into_iter()
            .map(|part| {
                part.join().map_err(|_| Error::Emit {
                    module: module.to_owned(),
                    message: "a printing thread panicked".to_owned(),
                })?
            })
            .collect()
    })
}

/// prettyplease packs items together; a blank line after each item that ends with a
/// closing brace, and after the inner docs and `use` block, makes the output readable.
fn needs_blank_line(previous: &str, line: &str) -> bool {
    // Only a line ending an item, a declaration or a block, an inner doc line or a `use`
    // can need one after it: most lines (fields, arguments, docs) are none of these.
    let ends_something = matches!(previous.as_bytes().last(), Some(b'}' | b';' | b']'));
    let trimmed = unindented(previous);
    if !ends_something && !trimmed.starts_with("//!") && !is_use(trimmed) {
        return false;
    }
    let current = unindented(line);
    let indent = line.len() - current.len();
    let previous_indent = previous.len() - trimmed.len();
    let previous = trimmed;
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

/// `line` without its indent: printed Rust indents with spaces alone.
fn unindented(line: &str) -> &str {
    let indent = line.bytes().take_while(|&byte| byte == b' ').count();
    line.get(indent..).unwrap_or_default()
}

/// One-line items: constants, type aliases, macro invocations.
fn is_declaration(line: &str) -> bool {
    ["const ", "pub const ", "pub type ", "type ", "xml::"]
        .iter()
        .any(|start| line.starts_with(start))
}

fn is_use(line: &str) -> bool {
    line.starts_with("use ") || line.starts_with("pub use ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_the_lines_str_gives() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\nx\n\n",
            "a\rb\n\r",
            "  é\n\tz",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
