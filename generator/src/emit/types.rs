//! Emits data types: structs (with serde attributes for their wire names, or plain for
//! SOAP types, whose XML impls `super::xml` emits), newtypes, open enums, and re-exports of
//! types the runtime provides.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{derives_and_attributes, docs, ident, unraw};
use super::xml::{self, Namespaces};
use crate::ir::Presence;
use crate::planning::{
    EnumPlan, ExternType, FieldPlan, ItemPlan, NewtypePlan, StructPlan, WireFormat,
};

const DERIVES: &[&str] = &[
    "Clone",
    "Debug",
    "Default",
    "PartialEq",
    "::serde::Serialize",
    "::serde::Deserialize",
];
const XML_DERIVES: &[&str] = &["Clone", "Debug", "Default", "PartialEq"];

pub fn item(item: &ItemPlan, namespaces: &Namespaces<'_>) -> TokenStream {
    match item {
        ItemPlan::Struct(plan) if plan.format == WireFormat::XmlSchema => {
            let declaration = struct_item(plan);
            let xml = xml::complex_impl(plan, namespaces);
            quote!(#declaration #xml)
        }
        ItemPlan::Struct(plan) => struct_item(plan),
        ItemPlan::Newtype(plan) => newtype_item(plan),
        ItemPlan::Enum(plan) if plan.integer => integer_enum(plan),
        ItemPlan::Enum(plan) => string_enum(plan),
        ItemPlan::Polymorphic(plan) => xml::polymorphic_item(plan, namespaces),
    }
}

pub fn extern_type(item: &ExternType) -> TokenStream {
    let path = &item.path;
    let name = ident(&item.ident);
    if item
        .path
        .segments
        .last()
        .is_some_and(|last| *last == item.ident)
    {
        return quote!(pub use #path;);
    }
    quote!(pub use #path as #name;)
}

fn derives(format: WireFormat, extra: &crate::planning::Extra) -> TokenStream {
    let own = match format {
        WireFormat::Serde => DERIVES,
        WireFormat::XmlSchema => XML_DERIVES,
    };
    derives_and_attributes(own, extra)
}

fn generics(names: &[String]) -> Option<TokenStream> {
    if names.is_empty() {
        return None;
    }
    let names = names.iter().map(|name| ident(name));
    Some(quote!(<#(#names),*>))
}

pub fn struct_item(item: &StructPlan) -> TokenStream {
    let docs = docs(&item.docs);
    let name = ident(&item.ident);
    let generics = generics(&item.generics);
    let fields = item.fields.iter().map(|plan| field(plan, item.format));
    let derives = derives(item.format, &item.extra);
    let rename = item
        .wire_name
        .as_ref()
        .filter(|_| item.format == WireFormat::Serde)
        .map(|wire| quote!(#[serde(rename = #wire)]));
    quote! {
        #(#docs)*
        #derives
        #rename
        pub struct #name #generics {
            #(#fields),*
        }
    }
}

fn field(field: &FieldPlan, format: WireFormat) -> TokenStream {
    let docs = docs(&field.docs);
    let name = ident(&field.ident);
    let ty = &field.ty;
    if format == WireFormat::XmlSchema {
        return quote! {
            #(#docs)*
            pub #name: #ty
        };
    }
    let mut serde = Vec::new();
    if field.wire_name != unraw(&field.ident) {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    for alias in &field.aliases {
        serde.push(quote!(alias = #alias));
    }
    match field.presence {
        Presence::Required => {}
        Presence::DefaultIfMissing => serde.push(quote!(default)),
        Presence::Optional => {
            serde.push(quote!(default));
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #(#docs)*
        #serde
        pub #name: #ty
    }
}

fn newtype_item(item: &NewtypePlan) -> TokenStream {
    let docs = docs(&item.docs);
    let name = ident(&item.ident);
    let generics = generics(&item.generics);
    let inner = &item.inner;
    let derives = derives(WireFormat::Serde, &item.extra);
    quote! {
        #(#docs)*
        #derives
        #[serde(transparent)]
        pub struct #name #generics(pub #inner);
    }
}

/// A string enum with an `Unknown` variant that keeps values newer servers send.
fn string_enum(item: &EnumPlan) -> TokenStream {
    let docs = docs(&item.docs);
    let name = ident(&item.ident);
    // An enum the schema lists no members for is all `Unknown(String)`, which cannot be a
    // derived default: it gets a written one.
    let empty = item.members.is_empty();
    let own: &[&str] = if empty {
        &["Clone", "Debug", "PartialEq", "Eq", "Hash"]
    } else {
        &["Clone", "Debug", "Default", "PartialEq", "Eq", "Hash"]
    };
    let derives = derives_and_attributes(own, &item.extra);
    let variants = item.members.iter().enumerate().map(|(index, member)| {
        let member_docs = super::tokens::docs(&member.docs);
        let variant = ident(&member.ident);
        let default = (index == item.default_member).then(|| quote!(#[default]));
        quote!(#(#member_docs)* #default #variant,)
    });
    let empty_default = empty.then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::Unknown(String::new())
                }
            }
        }
    });
    let wire_arms = item.members.iter().map(|member| {
        let variant = ident(&member.ident);
        let wire = &member.wire_name;
        quote!(Self::#variant => #wire,)
    });
    let known: Vec<TokenStream> = item
        .members
        .iter()
        .map(|member| {
            let variant = ident(&member.ident);
            let wire = &member.wire_name;
            let value = member.value;
            quote!((#wire, #value, Self::#variant))
        })
        .collect();
    let unknown_arm = quote!(Self::Unknown(value) => value);
    let unknown_value = quote!(Self::Unknown(value.to_owned()));
    let conversion = enum_conversion(item, known, unknown_value);
    quote! {
        #(#docs)*
        #derives
        pub enum #name {
            #(#variants)*
            /// A value this schema does not list, kept as the server sent it.
            Unknown(String),
        }

        #empty_default

        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#wire_arms)*
                    #unknown_arm,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            /// Never fails: a value the schema does not list is `Unknown`.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        #conversion
    }
}

/// ServiceStack matches enum names without regard to case and accepts member values as
/// numbers; XML Schema enumerations are exact strings.
fn enum_conversion(
    item: &EnumPlan,
    known: Vec<TokenStream>,
    unknown_value: TokenStream,
) -> TokenStream {
    let name = ident(&item.ident);
    let count_literal = proc_macro2::Literal::usize_unsuffixed(item.members.len());
    if item.format == WireFormat::XmlSchema {
        let arms = item.members.iter().map(|member| {
            let variant = ident(&member.ident);
            let wire = &member.wire_name;
            quote!(#wire => Self::#variant,)
        });
        let xml = xml::text_enum_impl(item);
        let fallback = quote!(value => #unknown_value);
        return quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#arms)*
                        #fallback,
                    }
                }
            }

            #xml
        };
    }
    quote! {
        impl From<&str> for #name {
            /// Matches names without regard to case, and member values given as numbers,
            /// as ServiceStack does.
            fn from(value: &str) -> Self {
                let known: [(&str, i64, Self); #count_literal] = [#(#known),*];
                let number = value.parse::<i64>().ok();
                known
                    .into_iter()
                    .find(|(wire, member_value, _)| wire.eq_ignore_ascii_case(value) || number == Some(*member_value))
                    .map_or_else(|| #unknown_value, |(_, _, member)| member)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::svcgen_runtime::value::enum_text(deserializer).map(|text| Self::from(text.as_str()))
            }
        }
    }
}

/// An integer (or `[Flags]`) enum: an `i64` with one constant per member, so members
/// combine with `|` and unknown values are kept. JSON carries the number; DataContract XML
/// the member names (see `svcgen_runtime::value::serialize_int_enum`).
fn integer_enum(item: &EnumPlan) -> TokenStream {
    let docs = docs(&item.docs);
    let name = ident(&item.ident);
    let derives = derives_and_attributes(
        &[
            "Clone",
            "Copy",
            "Debug",
            "Default",
            "PartialEq",
            "Eq",
            "Hash",
        ],
        &item.extra,
    );
    let constants = item.members.iter().map(|member| {
        let member_docs = super::tokens::docs(&member.docs);
        let constant = ident(&member.ident);
        let value = member.value;
        quote!(#(#member_docs)* pub const #constant: Self = Self(#value);)
    });
    let members = item.members.iter().map(|member| {
        let wire = &member.wire_name;
        let value = member.value;
        quote!((#wire, #value))
    });
    quote! {
        #(#docs)*
        #derives
        pub struct #name(pub i64);

        impl #name {
            #(#constants)*

            /// Every member's wire name and value, in declaration order.
            pub const MEMBERS: &'static [(&'static str, i64)] = &[#(#members),*];

            /// Whether every bit of `other` is set in `self`.
            pub fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
        }

        impl ::std::fmt::Display for #name {
            /// The member's name, or for flags their names as .NET writes them
            /// (`Read, Write`); the number when no names fit.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&::svcgen_runtime::value::format_int_enum(self.0, Self::MEMBERS, ", "))
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::svcgen_runtime::value::UnknownMember;

            /// Reads digits, a member name or flag names (separated by commas or spaces,
            /// without regard to case).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                ::svcgen_runtime::value::parse_int_enum(text, Self::MEMBERS).map(Self)
            }
        }

        impl ::std::ops::BitOr for #name {
            type Output = Self;

            fn bitor(self, other: Self) -> Self {
                Self(self.0 | other.0)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ::svcgen_runtime::value::serialize_int_enum(self.0, Self::MEMBERS, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::svcgen_runtime::value::deserialize_int_enum(Self::MEMBERS, deserializer).map(Self)
            }
        }
    }
}
