//! Emits the XML impls of SOAP modules' types against `svcgen_runtime::xml`: a field table
//! and two small methods per struct, a `Text` impl per enum, and `xsi:type` dispatch for
//! polymorphic enums. Namespaces are referred to through the module's `NS…` constants.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{docs, ident};
use crate::ir::{XmlKind, XmlName};
use crate::planning::{EnumPlan, FieldXml, PolymorphicPlan, StructPlan};

/// The module's namespace constants, in the order the plan lists them.
pub struct Namespaces<'a> {
    uris: &'a [String],
}

impl<'a> Namespaces<'a> {
    pub fn new(uris: &'a [String]) -> Self {
        Self { uris }
    }

    fn const_ident(position: usize) -> proc_macro2::Ident {
        format_ident!("{}", Self::const_name(position))
    }

    /// `NS`, `NS2`, …: the constant of the namespace at `position`.
    fn const_name(position: usize) -> String {
        match position {
            0 => "NS".to_owned(),
            other => format!("NS{}", other + 1),
        }
    }

    /// `NS2`, or `""` for no namespace.
    pub fn namespace(&self, uri: &str) -> TokenStream {
        match self.constant(uri) {
            Some(name) => quote!(#name),
            None => quote!(#uri),
        }
    }

    /// The name of the constant that names `uri`, if the table has it, as text.
    pub fn constant_name(&self, uri: &str) -> Option<String> {
        let position = self.uris.iter().position(|known| known == uri)?;
        Some(Self::const_name(position))
    }

    /// The constant that names `uri`, if the table has it.
    pub fn constant(&self, uri: &str) -> Option<proc_macro2::Ident> {
        let position = self.uris.iter().position(|known| known == uri)?;
        Some(Self::const_ident(position))
    }

    /// `xml::Name::new(NS, "local")`.
    pub fn name(&self, name: &XmlName) -> TokenStream {
        let namespace = self.namespace(&name.namespace);
        let local = &name.local;
        quote!(xml::Name::new(#namespace, #local))
    }

    /// `const NS: &str = "…";` for each namespace.
    pub fn constants(&self) -> Vec<TokenStream> {
        self.uris
            .iter()
            .enumerate()
            .map(|(position, uri)| {
                let name = Self::const_ident(position);
                quote!(const #name: &str = #uri;)
            })
            .collect()
    }
}

fn field_descriptor(xml: &FieldXml, namespaces: &Namespaces<'_>) -> TokenStream {
    let namespace = namespaces.namespace(&xml.name.namespace);
    let local = &xml.name.local;
    let mut descriptor = match xml.kind {
        XmlKind::Element => quote!(xml::Field::element(#namespace, #local)),
        XmlKind::Attribute => quote!(xml::Field::attribute(#namespace, #local)),
        XmlKind::Text => quote!(xml::Field::text()),
        XmlKind::Any => quote!(xml::Field::any()),
        XmlKind::AnyAttribute => quote!(xml::Field::any_attribute()),
    };
    if xml.nillable {
        descriptor = quote!(#descriptor.nillable());
    }
    if xml.required && xml.kind == XmlKind::Element {
        descriptor = quote!(#descriptor.required());
    }
    if !xml.items.is_empty() {
        let items = xml.items.iter().map(|item| namespaces.name(item));
        descriptor = quote!(#descriptor.items(&[#(#items),*]));
    }
    if xml.text_list {
        descriptor = quote!(#descriptor.text_list());
    }
    descriptor
}

/// `impl xml::Complex` plus the one-line `Value` impl.
pub fn complex_impl(plan: &StructPlan, namespaces: &Namespaces<'_>) -> TokenStream {
    let name = ident(&plan.ident);
    let fields: Vec<(usize, &crate::planning::FieldPlan, &FieldXml)> = plan
        .fields
        .iter()
        .enumerate()
        .filter_map(|(index, field)| field.xml.as_ref().map(|xml| (index, field, xml)))
        .collect();
    let descriptors = fields
        .iter()
        .map(|(_, _, xml)| field_descriptor(xml, namespaces));
    let type_name = plan.xml_type.as_ref().map(|type_name| {
        let type_name = namespaces.name(type_name);
        quote!(const TYPE: Option<xml::Name> = Some(#type_name);)
    });
    let (read, write) = if fields.is_empty() {
        (quote!(reader.skip()), quote!(Ok(())))
    } else {
        let arms = fields.iter().map(|(index, field, _)| {
            let index = proc_macro2::Literal::usize_unsuffixed(*index);
            let member = ident(&field.ident);
            quote!(#index => reader.read(&mut self.#member),)
        });
        // One call with the fields in `FIELDS` order: a chain of `writer.write(..)?` costs
        // every generated type a branch and an error path per field.
        let members = fields.iter().map(|(_, field, _)| ident(&field.ident));
        // `&&`: the writer holds each field's reference as a `dyn`, so that no field type's
        // drop glue is compiled (`svcgen_runtime::xml::ValueRef`).
        let write = quote!(writer.write_all(Self::FIELDS, &[#(&&self.#members),*]));
        (quote!(match index { #(#arms)* _ => reader.skip(), }), write)
    };
    let index_name = if fields.is_empty() {
        quote!(_)
    } else {
        quote!(index)
    };
    let writer_name = if fields.is_empty() {
        quote!(_)
    } else {
        quote!(writer)
    };
    quote! {
        impl xml::Complex for #name {
            const FIELDS: &'static [xml::Field] = &[#(#descriptors),*];
            #type_name

            fn read_field(&mut self, #index_name: usize, reader: &mut xml::Reader<'_>) -> Result<(), xml::Error> {
                #read
            }

            fn write_fields(&self, #writer_name: &mut xml::Writer) -> Result<(), xml::Error> {
                #write
            }
        }

        xml::complex_value!(#name);
    }
}

/// `impl xml::Text` for an open string enum, plus its `Value` impl.
pub fn text_enum_impl(plan: &EnumPlan) -> TokenStream {
    let name = ident(&plan.ident);
    quote! {
        impl xml::Text for #name {
            fn from_text(text: &str) -> Result<Self, String> {
                Ok(Self::from(text))
            }

            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        xml::text_value!(#name);
    }
}

/// An enum over a type and its descendants, read and written by `xsi:type`.
pub fn polymorphic_item(plan: &PolymorphicPlan, namespaces: &Namespaces<'_>) -> TokenStream {
    let name = ident(&plan.ident);
    let derives =
        super::tokens::derives_and_attributes(&["Clone", "Debug", "PartialEq"], &plan.extra);
    let item_docs = docs(&plan.docs);
    let variants = plan.variants.iter().map(|variant| {
        let variant_name = ident(&variant.ident);
        let ty = &variant.ty;
        quote!(#variant_name(#ty),)
    });
    let conversions = plan.variants.iter().map(|variant| {
        let variant_name = ident(&variant.ident);
        let ty = &variant.ty;
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant_name(value)
                }
            }
        }
    });
    let default = plan.variants.get(plan.default_variant).map(|variant| {
        let variant_name = ident(&variant.ident);
        let ty = &variant.ty;
        // A user's type may be generic (`Cow<'static, str>`), which needs the `<…>` form.
        let default = if variant.ty.is_plain_path() {
            quote!(#ty::default())
        } else {
            quote!(<#ty>::default())
        };
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::#variant_name(#default)
                }
            }
        }
    });
    let type_names = plan
        .variants
        .iter()
        .map(|variant| namespaces.name(&variant.xml_type));
    let read_arms = plan
        .variants
        .iter()
        .enumerate()
        .filter(|(position, _)| *position != plan.default_variant)
        .map(|(position, variant)| {
            let position = proc_macro2::Literal::usize_unsuffixed(position);
            let variant_name = ident(&variant.ident);
            let ty = &variant.ty;
            quote!(Some(#position) => Self::#variant_name(read::<#ty>(reader)?),)
        });
    let default_read = plan.variants.get(plan.default_variant).map(|variant| {
        let variant_name = ident(&variant.ident);
        let ty = &variant.ty;
        quote!(_ => Self::#variant_name(read::<#ty>(reader)?),)
    });
    let write_arms = plan.variants.iter().enumerate().map(|(position, variant)| {
        let variant_name = ident(&variant.ident);
        // The base itself needs no `xsi:type`; every derived type says what it is.
        let xsi_type = if position == 0 {
            quote!(None)
        } else {
            let type_name = namespaces.name(&variant.xml_type);
            quote!(Some(#type_name))
        };
        quote!(Self::#variant_name(value) => writer.complex(name, value, #xsi_type),)
    });
    quote! {
        #(#item_docs)*
        #derives
        #[allow(clippy::large_enum_variant)] // boxing every variant would cost each user a `Box::new`
        pub enum #name {
            #(#variants)*
        }

        #default

        #(#conversions)*

        impl xml::Value for #name {
            fn read_into(&mut self, reader: &mut xml::Reader<'_>, _: &[xml::Name]) -> Result<(), xml::Error> {
                fn read<T: xml::Complex>(reader: &mut xml::Reader<'_>) -> Result<T, xml::Error> {
                    let mut value = T::default();
                    reader.complex(&mut value)?;
                    Ok(value)
                }
                const TYPES: &[xml::Name] = &[#(#type_names),*];
                *self = match reader.type_index(TYPES) {
                    #(#read_arms)*
                    #default_read
                };
                Ok(())
            }

            fn write_value(&self, writer: &mut xml::Writer, name: xml::Name, _: &xml::Field, _: &[xml::Name]) -> Result<(), xml::Error> {
                match self {
                    #(#write_arms)*
                }
            }
        }
    }
}
