//! Prints a SOAP module's string enum (its declaration, its conversions and its
//! `xml::Text` impl) as text, exactly as prettyplease prints the tokens
//! `types::string_enum` builds, without building and parsing them: a 10,000-type contract
//! spent a fifth of its generation parsing its enums' match arms back with `syn`. Where a
//! line could need prettyplease's wrapping, or the user added derives or attributes, it
//! declines and the caller prints tokens.

use super::struct_text::{MARGIN, push_docs, push_line, string_literal};
use crate::planning::{EnumPlan, WireFormat};

/// The enum and its impls as prettyplease prints them (no blank lines; `Text` adds those),
/// or `None` where only prettyplease knows.
pub fn string_enum(plan: &EnumPlan) -> Option<String> {
    let plain = plan.format == WireFormat::XmlSchema
        && !plan.integer
        && !plan.members.is_empty()
        && plan.extra.derives.is_empty()
        && plan.extra.attributes.is_empty();
    if !plain {
        return None;
    }
    let name = &plan.ident;
    // A string literal as the tokens print it (quotes and escapes included).
    let wires: Vec<String> = plan
        .members
        .iter()
        .map(|member| string_literal(&member.wire_name))
        .collect();
    let mut out = String::with_capacity(1200 + 120 * plan.members.len());
    push_docs(&mut out, "", &plan.docs)?;
    out.push_str("#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]\n");
    push_line(&mut out, &format!("pub enum {name} {{"))?;
    for (index, member) in plan.members.iter().enumerate() {
        push_docs(&mut out, "    ", &member.docs)?;
        if index == plan.default_member {
            out.push_str("    #[default]\n");
        }
        push_line(&mut out, &format!("    {},", member.ident))?;
    }
    out.push_str(concat!(
        "    /// A value this schema does not list, kept as the server sent it.\n",
        "    Unknown(String),\n",
        "}\n",
    ));
    push_line(&mut out, &format!("impl {name} {{"))?;
    out.push_str(concat!(
        "    /// The value on the wire.\n",
        "    pub fn as_str(&self) -> &str {\n",
        "        match self {\n",
    ));
    for (member, wire) in plan.members.iter().zip(&wires) {
        push_arm(&mut out, &format!("Self::{}", member.ident), wire)?;
    }
    out.push_str(concat!(
        "            Self::Unknown(value) => value,\n",
        "        }\n",
        "    }\n",
        "}\n",
    ));
    push_line(&mut out, &format!("impl ::std::fmt::Display for {name} {{"))?;
    out.push_str(concat!(
        "    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {\n",
        "        f.write_str(self.as_str())\n",
        "    }\n",
        "}\n",
    ));
    push_line(&mut out, &format!("impl ::std::str::FromStr for {name} {{"))?;
    out.push_str(concat!(
        "    type Err = ::std::convert::Infallible;\n",
        "    /// Never fails: a value the schema does not list is `Unknown`.\n",
        "    fn from_str(value: &str) -> Result<Self, Self::Err> {\n",
        "        Ok(Self::from(value))\n",
        "    }\n",
        "}\n",
    ));
    push_line(&mut out, &format!("impl From<&str> for {name} {{"))?;
    out.push_str(concat!(
        "    fn from(value: &str) -> Self {\n",
        "        match value {\n",
    ));
    for (member, wire) in plan.members.iter().zip(&wires) {
        push_arm(&mut out, wire, &format!("Self::{}", member.ident))?;
    }
    out.push_str(concat!(
        "            value => Self::Unknown(value.to_owned()),\n",
        "        }\n",
        "    }\n",
        "}\n",
    ));
    push_line(&mut out, &format!("impl xml::Text for {name} {{"))?;
    out.push_str(concat!(
        "    fn from_text(text: &str) -> Result<Self, String> {\n",
        "        Ok(Self::from(text))\n",
        "    }\n",
        "    fn to_text(&self) -> ::std::borrow::Cow<'_, str> {\n",
        "        ::std::borrow::Cow::Borrowed(self.as_str())\n",
        "    }\n",
        "}\n",
    ));
    push_line(&mut out, &format!("xml::text_value!({name});"))?;
    Some(out)
}

/// A match arm inside a method: on one line if it fits (its comma does not count), else
/// its body in a block, as prettyplease breaks it.
fn push_arm(out: &mut String, pattern: &str, body: &str) -> Option<()> {
    let line = format!("            {pattern} => {body}");
    if line.len() <= MARGIN {
        out.push_str(&line);
        out.push_str(",\n");
        return Some(());
    }
    push_line(out, &format!("            {pattern} => {{"))?;
    push_line(out, &format!("                {body}"))?;
    out.push_str("            }\n");
    Some(())
}

#[cfg(test)]
mod tests {
    //! Wrapping against prettyplease; `emit::text_corpus` compares whole enums over the
    //! corpus.

    use super::*;
    use crate::planning::{EnumMemberPlan, Extra};

    #[test]
    fn arms_wrap_as_prettyplease_does_at_every_width() {
        let mut compared = 0;
        for length in 1..=90 {
            let member = EnumMemberPlan {
                ident: format!("M{}", "m".repeat(length)),
                wire_name: "w".repeat(length),
                value: 0,
                docs: Vec::new(),
            };
            let plan = EnumPlan {
                ident: "E".to_owned(),
                docs: Vec::new(),
                integer: false,
                members: vec![member],
                default_member: 0,
                format: WireFormat::XmlSchema,
                extra: Extra::default(),
            };
            let Some(text) = string_enum(&plan) else {
                continue;
            };
            let tokens = super::super::types::item(
                &crate::planning::ItemPlan::Enum(plan),
                &super::super::xml::Namespaces::new(&[]),
            );
            assert_eq!(
                text,
                super::super::print(tokens, "widths").unwrap(),
                "{length}"
            );
            compared += 1;
        }
        // Only members too long for a line of their own are left to prettyplease.
        assert!(compared > 60, "{compared} compared");
    }
}
