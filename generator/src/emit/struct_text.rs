//! Prints a SOAP module's struct (its declaration, its `impl xml::Complex` and its
//! `complex_value!` line) as text, exactly as prettyplease prints the tokens
//! `types::struct_item` and `xml::complex_impl` build, without building and parsing them:
//! these structs are most of a SOAP module, and parsing our own tokens back was most of
//! generation's time. Where a line could need prettyplease's wrapping (or a string its
//! escaping, or the user's Rust its printing), it declines and the caller prints tokens.

use std::fmt::Write as _;

use super::xml::Namespaces;
use crate::ir::XmlKind;
use crate::planning::{FieldXml, RustType, StructPlan, WireFormat};

/// prettyplease's line width.
pub(super) const MARGIN: usize = 89;

/// The declaration as prettyplease prints it, or `None` where only prettyplease knows.
pub fn declaration(plan: &StructPlan) -> Option<String> {
    let plain = plan.format == WireFormat::XmlSchema
        && plan.generics.is_empty()
        && plan.extra.derives.is_empty()
        && plan.extra.attributes.is_empty();
    if !plain {
        return None;
    }
    let mut out = String::with_capacity(128 + 64 * plan.fields.len());
    push_docs(&mut out, "", &plan.docs)?;
    out.push_str("#[derive(Clone, Debug, Default, PartialEq)]\n");
    let name = &plan.ident;
    if plan.fields.is_empty() {
        writeln!(out, "pub struct {name} {{}}").ok()?;
        return Some(out);
    }
    writeln!(out, "pub struct {name} {{").ok()?;
    for field in &plan.fields {
        push_docs(&mut out, "    ", &field.docs)?;
        let mut ty = String::new();
        type_text(&field.ty, &mut ty)?;
        push_parts(&mut out, &["    pub ", &field.ident, ": ", &ty, ","])?;
    }
    out.push_str("}\n");
    Some(out)
}

/// `///` lines, as prettyplease prints `#[doc = " …"]`.
pub(super) fn push_docs(out: &mut String, indent: &str, lines: &[String]) -> Option<()> {
    for line in lines {
        if line.chars().any(char::is_control) {
            return None;
        }
        if line.is_empty() {
            writeln!(out, "{indent}///").ok()?;
        } else {
            writeln!(out, "{indent}/// {line}").ok()?;
        }
    }
    Some(())
}

/// A type as prettyplease prints it; the user's types are left to prettyplease.
pub(super) fn type_text(ty: &RustType, out: &mut String) -> Option<()> {
    match ty {
        RustType::Unit => out.push_str("()"),
        RustType::User(_) => return None,
        RustType::Path(path) => {
            if path.absolute {
                out.push_str("::");
            }
            for (position, segment) in path.segments.iter().enumerate() {
                if position > 0 {
                    out.push_str("::");
                }
                out.push_str(segment);
            }
            if !path.args.is_empty() {
                out.push('<');
                for (position, arg) in path.args.iter().enumerate() {
                    if position > 0 {
                        out.push_str(", ");
                    }
                    type_text(arg, out)?;
                }
                out.push('>');
            }
        }
    }
    Some(())
}

/// The impl as prettyplease prints it (no blank lines; `Text` adds those), or
/// `None` where only prettyplease knows.
pub fn complex_impl(plan: &StructPlan, namespaces: &Namespaces<'_>) -> Option<String> {
    let fields: Vec<(usize, &str, &FieldXml)> = plan
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| Some((index, field.ident.as_str(), field.xml.as_ref()?)))
        .collect();
    let mut out = String::with_capacity(256 + 160 * fields.len());
    let name = &plan.ident;
    writeln!(out, "impl xml::Complex for {name} {{").ok()?;
    let descriptors = fields
        .iter()
        .map(|(_, _, xml)| descriptor(xml, namespaces))
        .collect::<Option<Vec<_>>>()?;
    const OPEN: &str = "    const FIELDS: &'static [xml::Field] = &[";
    let listed: usize = descriptors
        .iter()
        .map(|chain| chain.len() + ", ".len())
        .sum();
    if OPEN.len() + listed.saturating_sub(", ".len()) + "];".len() <= MARGIN {
        out.push_str(OPEN);
        for (position, descriptor) in descriptors.iter().enumerate() {
            if position > 0 {
                out.push_str(", ");
            }
            descriptor.push_to(&mut out);
        }
        out.push_str("];\n");
    } else {
        out.push_str("    const FIELDS: &'static [xml::Field] = &[\n");
        let last = descriptors.len().saturating_sub(1);
        for (position, descriptor) in descriptors.iter().enumerate() {
            push_chain(&mut out, "        ", descriptor, position == last)?;
        }
        out.push_str("    ];\n");
    }
    if let Some(type_name) = &plan.xml_type {
        let type_name = name_text(&type_name.namespace, &type_name.local, namespaces)?;
        push_parts(
            &mut out,
            &[
                "    const TYPE: Option<xml::Name> = Some(",
                &type_name,
                ");",
            ],
        )?;
    }
    let index = if fields.is_empty() { "_" } else { "index" };
    out.push_str("    fn read_field(\n        &mut self,\n");
    writeln!(out, "        {index}: usize,").ok()?;
    out.push_str("        reader: &mut xml::Reader<'_>,\n    ) -> Result<(), xml::Error> {\n");
    if fields.is_empty() {
        out.push_str("        reader.skip()\n    }\n");
        out.push_str(
            "    fn write_fields(&self, _: &mut xml::Writer) -> Result<(), xml::Error> {\n",
        );
        out.push_str("        Ok(())\n    }\n}\n");
    } else {
        out.push_str("        match index {\n");
        for (index, member, _) in &fields {
            let index = index.to_string();
            push_parts(
                &mut out,
                &[
                    "            ",
                    &index,
                    " => reader.read(&mut self.",
                    member,
                    "),",
                ],
            )?;
        }
        out.push_str("            _ => reader.skip(),\n        }\n    }\n");
        out.push_str(
            "    fn write_fields(&self, writer: &mut xml::Writer) -> Result<(), xml::Error> {\n",
        );
        let members: Vec<&str> = fields.iter().map(|(_, member, _)| *member).collect();
        push_write_all(&mut out, &members)?;
        out.push_str("    }\n}\n");
    }
    writeln!(out, "xml::complex_value!({name});").ok()?;
    Some(out)
}

/// Adds a line that prettyplease would not wrap.
pub(super) fn push_line(out: &mut String, line: &str) -> Option<()> {
    if line.len() > MARGIN {
        return None;
    }
    out.push_str(line);
    out.push('\n');
    Some(())
}

/// Adds a line made of `parts` that prettyplease would not wrap (see [`push_line`]),
/// without building it first.
pub(super) fn push_parts(out: &mut String, parts: &[&str]) -> Option<()> {
    let width: usize = parts.iter().map(|part| part.len()).sum();
    if width > MARGIN {
        return None;
    }
    parts.iter().for_each(|part| out.push_str(part));
    out.push('\n');
    Some(())
}

/// A method chain as prettyplease prints it: on one line if it fits, else the receiver
/// and then each call on a line of its own, one level deeper.
/// Each element is followed by a comma, which counts against the width except after the
/// last (there prettyplease adds it only because the list is broken).
fn push_chain(out: &mut String, indent: &str, chain: &Chain, last: bool) -> Option<()> {
    let counted = if last { "" } else { "," };
    if indent.len() + chain.len() + counted.len() <= MARGIN {
        out.push_str(indent);
        chain.push_to(out);
        out.push_str(counted);
        out.push('\n');
    } else if chain.calls.is_empty() {
        return None;
    } else {
        push_parts(out, &[indent, &chain.receiver])?;
        let final_call = chain.calls.len() - 1;
        for (position, call) in chain.calls.iter().enumerate() {
            let end = if position == final_call { counted } else { "" };
            push_parts(out, &[indent, "    ", call, end])?;
        }
    }
    if last {
        put_before_newline(out, ",");
    }
    Some(())
}

fn put_before_newline(out: &mut String, text: &str) {
    out.pop();
    out.push_str(text);
    out.push('\n');
}

/// `writer.write_all(Self::FIELDS, &[&&self.a, &&self.b])`, wrapped as prettyplease wraps
/// it: the chain, then the arguments, then the array, one level at a time.
fn push_write_all(out: &mut String, members: &[&str]) -> Option<()> {
    let values: Vec<String> = members
        .iter()
        .map(|member| format!("&&self.{member}"))
        .collect();
    let array = format!("&[{}]", values.join(", "));
    let line = format!("        writer.write_all(Self::FIELDS, {array})");
    if line.len() <= MARGIN {
        return push_line(out, &line);
    }
    out.push_str("        writer\n");
    let call = format!("            .write_all(Self::FIELDS, {array})");
    if call.len() <= MARGIN {
        return push_line(out, &call);
    }
    out.push_str("            .write_all(\n                Self::FIELDS,\n");
    // The comma after the last argument is not counted against the width.
    let argument = format!("                {array}");
    if argument.len() <= MARGIN {
        push_line(out, &argument)?;
        put_before_newline(out, ",");
    } else {
        out.push_str("                &[\n");
        let last = values.len().saturating_sub(1);
        for (position, value) in values.into_iter().enumerate() {
            let element = Chain {
                receiver: value,
                calls: Vec::new(),
            };
            push_chain(out, "                    ", &element, position == last)?;
        }
        out.push_str("                ],\n");
    }
    out.push_str("            )\n");
    Some(())
}

/// A receiver and the method calls on it.
struct Chain {
    receiver: String,
    calls: Vec<String>,
}

impl Chain {
    /// The length of the chain on one line.
    fn len(&self) -> usize {
        self.receiver.len() + self.calls.iter().map(String::len).sum::<usize>()
    }

    /// Adds the chain on one line.
    fn push_to(&self, out: &mut String) {
        out.push_str(&self.receiver);
        self.calls.iter().for_each(|call| out.push_str(call));
    }
}

/// `xml::Field::element(NS2, "Name").required()` (see `xml::field_descriptor`).
fn descriptor(xml: &FieldXml, namespaces: &Namespaces<'_>) -> Option<Chain> {
    let receiver = match xml.kind {
        XmlKind::Element | XmlKind::Attribute => {
            let kind = if xml.kind == XmlKind::Element {
                "element"
            } else {
                "attribute"
            };
            let namespace = namespace_text(&xml.name.namespace, namespaces)?;
            let local = literal(&xml.name.local)?;
            ["xml::Field::", kind, "(", &namespace, ", ", &local, ")"].concat()
        }
        XmlKind::Text => "xml::Field::text()".to_owned(),
        XmlKind::Any => "xml::Field::any()".to_owned(),
        XmlKind::AnyAttribute => "xml::Field::any_attribute()".to_owned(),
    };
    let mut calls = Vec::new();
    if xml.nillable {
        calls.push(".nillable()".to_owned());
    }
    if xml.required && xml.kind == XmlKind::Element {
        calls.push(".required()".to_owned());
    }
    if !xml.items.is_empty() {
        let items = xml
            .items
            .iter()
            .map(|item| name_text(&item.namespace, &item.local, namespaces))
            .collect::<Option<Vec<_>>>()?;
        calls.push(format!(".items(&[{}])", items.join(", ")));
    }
    if xml.text_list {
        calls.push(".text_list()".to_owned());
    }
    Some(Chain { receiver, calls })
}

pub(super) fn name_text(
    namespace: &str,
    local: &str,
    namespaces: &Namespaces<'_>,
) -> Option<String> {
    let namespace = namespace_text(namespace, namespaces)?;
    let local = literal(local)?;
    Some(["xml::Name::new(", &namespace, ", ", &local, ")"].concat())
}

fn namespace_text(uri: &str, namespaces: &Namespaces<'_>) -> Option<String> {
    match namespaces.constant_name(uri) {
        Some(constant) => Some(constant),
        None => literal(uri),
    }
}

/// A string literal as its tokens print it: quoted, with Rust's escapes.
pub(super) fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// A string literal, for the strings whose printed form is the string in quotes.
fn literal(text: &str) -> Option<String> {
    // Bytes, not chars: any byte of a character outside ASCII is no ASCII graphic either.
    let plain = text
        .bytes()
        .all(|byte| byte.is_ascii_graphic() && byte != b'"' && byte != b'\\' || byte == b' ');
    plain.then(|| ["\"", text, "\""].concat())
}

#[cfg(test)]
mod tests {
    //! Wrapping against prettyplease; `emit::text_corpus` compares whole structs over the
    //! corpus.

    use super::*;

    #[test]
    fn write_all_wraps_as_prettyplease_does_at_every_width() {
        // Every member length around each wrapping point, for one to three members.
        let mut compared = 0;
        for count in 1..=3 {
            for length in 1..=90 {
                let members: Vec<String> = (0..count)
                    .map(|index| format!("{}{index}", "m".repeat(length)))
                    .collect();
                let names: Vec<&str> = members.iter().map(String::as_str).collect();
                let mut text = String::new();
                if push_write_all(&mut text, &names).is_none() {
                    continue;
                }
                let idents = members
                    .iter()
                    .map(|member| quote::format_ident!("{member}"));
                let tokens = quote::quote! {
                    impl X for Y {
                        fn write_fields(&self, writer: &mut xml::Writer) -> Result<(), xml::Error> {
                            writer.write_all(Self::FIELDS, &[#(&&self.#idents),*])
                        }
                    }
                };
                let expected = super::super::print(tokens, "widths").unwrap();
                let body = expected
                    .lines()
                    .skip(2)
                    .take_while(|line| *line != "    }")
                    .fold(String::new(), |body, line| body + line + "\n");
                assert_eq!(text, body, "{count} members of {length} characters");
                compared += 1;
            }
        }
        // Only members too long for a line of their own are left to prettyplease.
        assert!(compared > 150, "{compared} compared");
    }
}
