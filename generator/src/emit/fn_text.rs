//! Prints a client's method (docs, signature, a one-line body) as text, exactly as
//! prettyplease prints the tokens `emit::soap` and `emit::servicestack` build: a client of
//! a thousand operations has two thousand such methods, and parsing them back with `syn`
//! was most of printing a module's preamble. Where a line could need wrapping other than
//! the signature's, it declines and the caller prints tokens.

use super::struct_text::{MARGIN, push_docs, push_line};

/// A method: `{head}({params}) -> {output} { {body} }`.
pub struct FnText<'a> {
    pub docs: &'a [String],
    /// Everything before the parameters: `pub async fn get0`.
    pub head: String,
    pub params: Vec<String>,
    pub output: String,
    /// One expression, without a trailing semicolon.
    pub body: String,
}

/// The method at `indent` as prettyplease prints it, or `None` where only prettyplease
/// knows: the signature on one line if it fits, else one parameter per line.
pub fn method(indent: &str, method: &FnText<'_>) -> Option<String> {
    let FnText {
        docs,
        head,
        params,
        output,
        body,
    } = method;
    let mut out = String::with_capacity(256);
    push_docs(&mut out, indent, docs)?;
    let one_line = format!("{indent}{head}({}) -> {output} {{", params.join(", "));
    if one_line.len() <= MARGIN {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        push_line(&mut out, &format!("{indent}{head}("))?;
        for param in params {
            push_line(&mut out, &format!("{indent}    {param},"))?;
        }
        push_line(&mut out, &format!("{indent}) -> {output} {{"))?;
    }
    push_line(&mut out, &format!("{indent}    {body}"))?;
    out.push_str(indent);
    out.push_str("}\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    //! Wrapping against prettyplease at every width, at the two indents clients have.

    use quote::quote;

    use super::*;

    #[test]
    fn methods_wrap_as_prettyplease_does_at_every_width() {
        let mut compared = 0;
        for length in 1..=70 {
            let name = format!("o{}", "p".repeat(length));
            let request = format!("R{}", "q".repeat(length / 2));
            let response = format!("S{}", "s".repeat(length / 3));
            let docs = vec!["Calls it.".to_owned()];
            let text = FnText {
                docs: &docs,
                head: format!("pub async fn {name}"),
                params: vec!["&self".to_owned(), format!("request: &{request}")],
                output: format!("Result<Response<{response}>, Error>"),
                body: format!("self.runtime.call(&operations::{name}, request, &()).await"),
            };
            let (name, request, response) = (
                quote::format_ident!("{name}"),
                quote::format_ident!("{request}"),
                quote::format_ident!("{response}"),
            );
            let tokens = quote! {
                /// Calls it.
                pub async fn #name(&self, request: &#request) -> Result<Response<#response>, Error> {
                    self.runtime.call(&operations::#name, request, &()).await
                }
            };
            for (indent, item) in [
                ("    ", quote!(impl Client { #tokens })),
                (
                    "        ",
                    quote!(pub mod blocking { impl Client { #tokens } }),
                ),
            ] {
                let Some(text) = method(indent, &text) else {
                    continue;
                };
                let printed = super::super::print(item, "widths").unwrap();
                let inner = printed
                    .split_once(&format!("{indent}/// Calls it.\n"))
                    .map(|(_, rest)| rest)
                    .unwrap();
                let end = inner.find(&format!("\n{indent}}}\n")).unwrap() + indent.len() + 3;
                let expected = format!("{indent}/// Calls it.\n{}", &inner[..end]);
                assert_eq!(text, expected, "{length} at {indent:?}");
                compared += 1;
            }
        }
        // Only methods with too long a parameter or body are left to prettyplease.
        assert!(compared > 40, "{compared} compared");
    }
}
