//! The parts a module's preamble is printed from, and printing an item with many members
//! (a client's methods, the `operations` constants, the mock's handlers) a run of members
//! at a time. A client of a thousand operations parsed at once held about 35 MB of tokens
//! and syntax tree, the largest part of a 10,000-type command's peak memory; printed in
//! runs, only one run's tree exists at a time, and the text is the same.

use std::ops::Range;

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

/// An item with `count` members, e.g. `impl Client { … }` with one method per operation.
pub struct Members<'a> {
    count: usize,
    /// The members in a range.
    run: Box<dyn Fn(Range<usize>) -> TokenStream + 'a>,
    /// The item around a run of members (the run goes where all members would).
    item: Box<dyn Fn(TokenStream) -> TokenStream + 'a>,
}

impl<'a> Members<'a> {
    /// One member for each of `elements`, as `member` writes it.
    pub fn of<T>(
        elements: &'a [T],
        member: impl Fn(&'a T) -> TokenStream + 'a,
        item: impl Fn(TokenStream) -> TokenStream + 'a,
    ) -> Self {
        let run = move |range: Range<usize>| {
            let members = elements.iter().skip(range.start).take(range.len());
            members.map(&member).collect()
        };
        Self {
            count: elements.len(),
            run: Box::new(run),
            item: Box::new(item),
        }
    }

    fn run(&self, range: Range<usize>) -> TokenStream {
        (self.run)(range)
    }
}

/// Members parsed and printed together. Large enough that the item around them, printed
/// again for every run, costs little; small enough that a run's syntax tree is small.
const RUN: usize = 128;

/// Marks where a run starts and ends in the printed item, as printed (the tokens are in
/// `print_in_runs`). A `const` is a member of both `impl` blocks and modules, and
/// prettyplease prints it on a line of its own.
const MARKER: &str = "const __SVCGEN_RUN: () = ();";

impl Piece<'_> {
    /// The piece as prettyplease prints it.
    pub fn print(self, module: &str) -> Result<String> {
        match self {
            Piece::Items(tokens) => print(tokens, module),
            Piece::Members(members) => print_in_runs(&members, RUN, module),
        }
    }
}

/// Prints the item once per run of `run` members, between markers, and joins the text
/// before the first run's start marker, the runs, and the text after the last run's end.
/// prettyplease prints members one after another whatever their neighbours, so the text
/// equals the item printed with all its members at once.
fn print_in_runs(members: &Members<'_>, run: usize, module: &str) -> Result<String> {
    if members.count <= run {
        return print((members.item)(members.run(0..members.count)), module);
    }
    let marker = quote!(
        const __SVCGEN_RUN: () = ();
    );
    let mut text = String::new();
    let mut after = String::new();
    for start in (0..members.count).step_by(run) {
        let tokens = members.run(start..members.count.min(start + run));
        let printed = print((members.item)(quote!(#marker #tokens #marker)), module)?;
        let Some((before, inside, rest)) = split_at_markers(&printed) else {
            return Err(Error::Emit {
                module: module.to_owned(),
                message: "an item printed in runs did not keep its run in place".to_owned(),
            });
        };
        if start == 0 {
            text.push_str(before);
        }
        text.push_str(inside);
        after = rest.to_owned();
    }
    text.push_str(&after);
    Ok(text)
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
        Members::of(
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

    #[test]
    fn runs_print_as_the_whole_item_does() {
        let members = methods();
        let whole = print_in_runs(&members, members.count, "test").unwrap();
        assert!(whole.contains("method_6") && whole.contains("const END"));
        for run in 1..members.count {
            assert_eq!(
                print_in_runs(&members, run, "test").unwrap(),
                whole,
                "run {run}"
            );
        }
        assert!(!whole.contains("__SVCGEN_RUN"));
    }
}
