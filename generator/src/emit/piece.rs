//! The parts a module's preamble is printed from, and printing an item with many members
//! (a client's methods, the `operations` constants, the mock's handlers): each member as
//! text where a text printer can write it, the others from tokens a run at a time. A client
//! of a thousand operations parsed at once held about 35 MB of tokens and syntax tree, the
//! largest part of a 10,000-type command's peak memory; printed this way, at most one run's
//! tree exists at a time, and the text is the same.

use proc_macro2::TokenStream;
use quote::quote;

use super::print;
use crate::error::{Error, Result};

/// A part of a module, printed on its own.
pub enum Piece<'a> {
    /// Whole items, parsed and printed at once.
    Items(TokenStream),
    /// One item with many members.
    Members(Members<'a>),
}

/// A member by its index, as text at an indent, where it can be.
type MemberText<'a> = dyn Fn(usize, &str) -> Option<String> + 'a;

/// An item with `count` members, e.g. `impl Client { … }` with one method per operation.
pub struct Members<'a> {
    count: usize,
    /// The member at an index, as tokens.
    tokens: Box<dyn Fn(usize) -> TokenStream + 'a>,
    /// The member at an index as prettyplease prints it at an indent, where it can be
    /// written without tokens.
    text: Box<MemberText<'a>>,
    /// The item around a run of members (the run goes where all members would).
    item: Box<dyn Fn(TokenStream) -> TokenStream + 'a>,
}

impl<'a> Members<'a> {
    /// One member for each of `elements`, as `member` writes it in tokens and `text` as
    /// text at an indent where it can.
    pub fn new<T>(
        elements: &'a [T],
        member: impl Fn(&'a T) -> TokenStream + 'a,
        text: impl Fn(&'a T, &str) -> Option<String> + 'a,
        item: impl Fn(TokenStream) -> TokenStream + 'a,
    ) -> Self {
        Self {
            count: elements.len(),
            tokens: Box::new(move |index| elements.get(index).map(&member).unwrap_or_default()),
            text: Box::new(move |index, indent| text(elements.get(index)?, indent)),
            item: Box::new(item),
        }
    }
}

/// Members parsed and printed together, at most. Small enough that a run's syntax tree is
/// small, large enough that parsing is not per member.
const RUN: usize = 128;

/// Marks where a run starts and ends in the printed item, as printed (the tokens are in
/// `print_members`). A `const` is a member of both `impl` blocks and modules, and
/// prettyplease prints it on a line of its own.
const MARKER: &str = "const __SVCGEN_RUN: () = ();";

impl Piece<'_> {
    /// The piece as prettyplease prints it.
    pub fn print(self, module: &str) -> Result<String> {
        match self {
            Piece::Items(tokens) => print(tokens, module),
            Piece::Members(members) => print_members(&members, RUN, module),
        }
    }

    /// The same, every member printed from tokens: what the text must equal.
    #[cfg(test)]
    pub fn print_from_tokens(self, module: &str) -> Result<String> {
        match self {
            Piece::Items(tokens) => print(tokens, module),
            Piece::Members(mut members) => {
                members.text = Box::new(|_, _| None);
                print_members(&members, RUN, module)
            }
        }
    }
}

/// Prints the item around no members, between markers, for the text before and after
/// them and their indent; then each member as text where it can be, and the others in
/// runs of at most `run`, each printed inside the item between markers. prettyplease
/// prints members one after another whatever their neighbours, so the text equals the
/// item printed with all its members at once.
fn print_members(members: &Members<'_>, run: usize, module: &str) -> Result<String> {
    let marker = quote!(
        const __SVCGEN_RUN: () = ();
    );
    if members.count == 0 {
        return print((members.item)(TokenStream::new()), module);
    }
    let frame = print((members.item)(quote!(#marker #marker)), module)?;
    let (before, _, after) = split_at_markers(&frame).ok_or_else(|| lost_run(module))?;
    let marked = frame.get(before.len()..).unwrap_or_default();
    let indent = marked
        .get(..marked.len() - marked.trim_start().len())
        .unwrap_or_default();
    let mut text = before.to_owned();
    let mut pending = Vec::with_capacity(run);
    let flush = |pending: &mut Vec<usize>, text: &mut String| -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let tokens: TokenStream = pending.drain(..).map(&members.tokens).collect();
        let printed = print((members.item)(quote!(#marker #tokens #marker)), module)?;
        let (_, inside, _) = split_at_markers(&printed).ok_or_else(|| lost_run(module))?;
        text.push_str(inside);
        Ok(())
    };
    for index in 0..members.count {
        match (members.text)(index, indent) {
            Some(member) => {
                flush(&mut pending, &mut text)?;
                text.push_str(&member);
            }
            None => {
                pending.push(index);
                if pending.len() == run {
                    flush(&mut pending, &mut text)?;
                }
            }
        }
    }
    flush(&mut pending, &mut text)?;
    text.push_str(after);
    Ok(text)
}

fn lost_run(module: &str) -> Error {
    Error::Emit {
        module: module.to_owned(),
        message: "an item printed in runs did not keep its run in place".to_owned(),
    }
}

/// The text before the first marker line, between the two, and after the second.
fn split_at_markers(printed: &str) -> Option<(&str, &str, &str)> {
    let mut bounds = Vec::with_capacity(4);
    let mut offset = 0;
    for line in printed.split_inclusive('\n') {
        if line.trim() == MARKER {
            bounds.extend([offset, offset + line.len()]);
        }
        offset += line.len();
    }
    let [start, inside, end, after] = bounds.as_slice() else {
        return None;
    };
    Some((
        printed.get(..*start)?,
        printed.get(*inside..*end)?,
        printed.get(*after..)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn methods() -> Members<'static> {
        Members::new(
            &[0_usize, 1, 2, 3, 4, 5, 6],
            |index| {
                let name = quote::format_ident!("method_{}", index);
                let doc = format!(
                    " Method {index}, with a body long enough to be wrapped by the printer's margin."
                );
                quote! {
                    #[doc = #doc]
                    pub async fn #name(&self, request: &Request) -> Result<Response<ResponseBody>, Error> {
                        self.runtime.call(&operations::OPERATION, request, &self.headers).await
                    }
                }
            },
            no_text,
            |run| {
                quote! {
                    /// Docs before.
                    pub struct Client;
                    pub mod blocking {
                        impl Client {
                            pub fn new() -> Self { Self }
                            #run
                        }
                        const AFTER: u8 = 1;
                    }
                    const END: u8 = 2;
                }
            },
        )
    }

    fn no_text(_: &usize, _: &str) -> Option<String> {
        None
    }

    /// Module-level members, as the `operations` module has them.
    fn constants() -> Members<'static> {
        Members::new(
            &[0_usize, 1, 2, 3, 4],
            |index| {
                let name = quote::format_ident!("OPERATION_{}", index);
                quote!(#[doc = " An operation."] pub const #name: soap::Operation = soap::Operation { name: "Operation", input_headers: &[] };)
            },
            no_text,
            |run| quote!(pub mod operations { use super::*; #run }),
        )
    }

    #[test]
    fn runs_print_as_the_whole_item_does() {
        for (members, last) in [(methods(), "const END"), (constants(), "OPERATION_4")] {
            let whole = print((members.item)(members_tokens(&members)), "test").unwrap();
            assert!(whole.contains(last), "{whole}");
            for run in 1..=members.count {
                let printed = print_members(&members, run, "test").unwrap();
                assert_eq!(printed, whole, "run {run}");
            }
            assert!(!whole.contains("__SVCGEN_RUN"));
        }
    }

    /// All the members' tokens, to print the item at once.
    fn members_tokens(members: &Members<'_>) -> TokenStream {
        (0..members.count).map(&members.tokens).collect()
    }

    const INDEXES: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8];

    /// A short method.
    fn short(index: &usize) -> TokenStream {
        let name = quote::format_ident!("m{}", index);
        let value = proc_macro2::Literal::usize_unsuffixed(*index);
        quote!(pub fn #name(&self) -> usize { #value })
    }

    /// An `impl` inside a module.
    fn nested(run: TokenStream) -> TokenStream {
        quote!(pub mod blocking { pub struct Client; impl Client { #run } })
    }

    #[test]
    fn members_written_as_text_sit_among_printed_ones_at_their_indent() {
        let whole = print(nested(INDEXES.iter().map(short).collect()), "test").unwrap();
        assert!(whole.contains("        pub fn m8(&self) -> usize {\n            8\n"));
        // Half of them as text, at the indent the frame shows.
        let text = |index: &usize, indent: &str| {
            index.is_multiple_of(2).then(|| {
                format!(
                    "{indent}pub fn m{index}(&self) -> usize {{\n{indent}    {index}\n{indent}}}\n"
                )
            })
        };
        let members = Members::new(INDEXES, short, text, nested);
        for run in 1..=9 {
            let printed = print_members(&members, run, "test").unwrap();
            assert_eq!(printed, whole, "run {run}");
        }
    }
}
