//! Emits data types: structs with serde attributes for their wire names, and re-exports
//! of types the runtime provides.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type, unraw};
use crate::ir::Presence;
use crate::rust::{ExternType, FieldPlan, StructPlan};

pub fn extern_type(item: &ExternType) -> TokenStream {
    let path = rust_type(&crate::rust::RustType::Path {
        path: item.path.clone(),
        args: Vec::new(),
    });
    let name = ident(&item.ident);
    let last = item.path.rsplit("::").next().unwrap_or_default();
    if last == item.ident {
        return quote!(pub use #path;);
    }
    quote!(pub use #path as #name;)
}

pub fn struct_item(item: &StructPlan) -> TokenStream {
    let docs = docs(&item.docs);
    let name = ident(&item.ident);
    let fields = item.fields.iter().map(field);
    quote! {
        #(#docs)*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields),*
        }
    }
}

fn field(field: &FieldPlan) -> TokenStream {
    let docs = docs(&field.docs);
    let name = ident(&field.ident);
    let ty = rust_type(&field.ty);
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
