//! The Rust syntax the plan holds: types as data (paths as segment lists, never split by
//! the emitter) and what the user wrote as Rust (`replace` types, derives, attributes),
//! parsed by `syn` when it is read. Not `syn` values themselves: those are neither `Send`
//! nor `Sync`, and large modules are printed on several threads.

use std::borrow::Cow;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// A path the generator writes: `String`, `::svcgen_runtime::value::Guid`, `Vec<T>`.
    Path(TypePath),
    /// A type the user wrote (a `replace` value): `std::borrow::Cow<'static, str>`.
    User(UserSyntax),
    Unit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypePath {
    /// Starts with `::`.
    pub absolute: bool,
    /// Borrowed for the generator's own constant paths, which most fields use.
    pub segments: Vec<Cow<'static, str>>,
    /// The last segment's generic arguments.
    pub args: Vec<RustType>,
}

impl TypePath {
    /// A path of the generator's own: `::a::b`, `a::b`, `B`.
    pub fn new(path: impl Into<Cow<'static, str>>) -> Self {
        let path = path.into();
        let absolute = path.starts_with("::");
        // The generator's paths hold no `:` but in `::`, so splitting at each `:` and
        // dropping the empty pieces splits them as `::` does, without a substring search
        // (which was most of planning a field's type).
        let segments = match path {
            Cow::Borrowed(path) => path
                .split(':')
                .filter(|segment| !segment.is_empty())
                .map(Cow::Borrowed)
                .collect(),
            Cow::Owned(path) if !path.contains(':') => vec![Cow::Owned(path)],
            Cow::Owned(path) => path
                .split(':')
                .filter(|segment| !segment.is_empty())
                .map(|segment| Cow::Owned(segment.to_owned()))
                .collect(),
        };
        Self {
            absolute,
            segments,
            args: Vec::new(),
        }
    }
}

impl RustType {
    /// A path of the generator's own without generic arguments.
    pub fn path(path: impl Into<Cow<'static, str>>) -> Self {
        Self::generic(path, Vec::new())
    }

    /// A path of the generator's own (`::a::b`, `a::b`, `B`) with generic arguments.
    pub fn generic(path: impl Into<Cow<'static, str>>, args: Vec<RustType>) -> Self {
        RustType::Path(TypePath {
            args,
            ..TypePath::new(path)
        })
    }

    pub fn option(inner: RustType) -> Self {
        Self::generic("Option", vec![inner])
    }

    /// The name of a type of the module itself (one segment, no arguments): what a `use`
    /// of the module can name.
    pub fn local_name(&self) -> Option<&str> {
        match self {
            RustType::Path(path) if !path.absolute && path.args.is_empty() => {
                match path.segments.as_slice() {
                    [name] => Some(name.as_ref()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether `Type::default()` may be written; others need `<Type>::default()`.
    pub fn is_plain_path(&self) -> bool {
        match self {
            RustType::Path(path) => path.args.is_empty(),
            RustType::User(syntax) => syn::parse_str::<syn::Path>(&syntax.0).is_ok_and(|path| {
                path.segments
                    .iter()
                    .all(|segment| segment.arguments.is_none())
            }),
            RustType::Unit => false,
        }
    }
}

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RustType::Path(path) => path.to_tokens(tokens),
            RustType::User(syntax) => syntax.to_tokens(tokens),
            RustType::Unit => tokens.extend(quote!(())),
        }
    }
}

impl ToTokens for TypePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let leading = self.absolute.then(|| quote!(::));
        let segments = self.segments.iter().map(|segment| ident(segment));
        let args = &self.args;
        let args = (!args.is_empty()).then(|| quote!(<#(#args),*>));
        tokens.extend(quote!(#leading #(#segments)::* #args));
    }
}

/// Rust the user wrote, checked by `syn` to be what it stands for and kept as the text of
/// its tokens, which the emitter lexes back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSyntax(String);

impl UserSyntax {
    fn new(tokens: impl ToTokens) -> Self {
        Self(tokens.to_token_stream().to_string())
    }

    /// The user's type: `replace = { string = "std::borrow::Cow<'static, str>" }`.
    pub fn parse_type(text: &str) -> Result<Self, syn::Error> {
        syn::parse_str::<syn::Type>(text).map(Self::new)
    }

    /// The user's attributes: `#[non_exhaustive]`, one or more.
    pub fn parse_attributes(text: &str) -> Result<Self, syn::Error> {
        let attributes = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)?;
        Ok(Self::new(quote!(#(#attributes)*)))
    }
}

impl ToTokens for UserSyntax {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        // The text is what `proc_macro2` printed, so it lexes back.
        tokens.extend(self.0.parse::<TokenStream>().unwrap_or_default());
    }
}

/// A derive the user asked for, and the name it is known by (`serde::Serialize` and
/// `Serialize` are one derive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derive {
    pub name: String,
    pub path: UserSyntax,
}

impl Derive {
    pub fn parse(text: &str) -> Result<Self, syn::Error> {
        let path = syn::parse_str::<syn::Path>(text)?;
        let name = path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default();
        Ok(Self {
            name,
            path: UserSyntax::new(path),
        })
    }
}

/// An identifier; `r#type` becomes a raw identifier. Names come from
/// [`super::naming`], which only makes valid ones.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(ty: &RustType) -> String {
        ty.to_token_stream().to_string()
    }

    #[test]
    fn paths_print_with_their_arguments() {
        let guid = RustType::path("::svcgen_runtime::value::Guid");
        let list = RustType::generic("Vec", vec![RustType::option(guid)]);
        assert_eq!(
            printed(&list),
            "Vec < Option < :: svcgen_runtime :: value :: Guid > >"
        );
        assert!(!list.is_plain_path());
        assert_eq!(RustType::path("Order").local_name(), Some("Order"));
        assert_eq!(RustType::path("xml::QName").local_name(), None);
        assert_eq!(printed(&RustType::path("r#type")), "r#type");
    }

    #[test]
    fn what_the_user_wrote_is_parsed_once_and_printed_back() {
        let cow = UserSyntax::parse_type("std::borrow::Cow<'static, str>").unwrap();
        let cow = RustType::User(cow);
        assert_eq!(printed(&cow), "std :: borrow :: Cow < 'static , str >");
        assert!(!cow.is_plain_path());
        assert!(RustType::User(UserSyntax::parse_type("crate::MyCat").unwrap()).is_plain_path());
        assert!(UserSyntax::parse_type("Cow<'static, str").is_err());

        let derive = Derive::parse("serde :: Serialize").unwrap();
        assert_eq!(derive.name, "Serialize");
        assert!(Derive::parse("not a path").is_err());
        let attributes = UserSyntax::parse_attributes("#[non_exhaustive] #[doc(hidden)]").unwrap();
        assert_eq!(
            attributes.to_token_stream().to_string(),
            "# [non_exhaustive] # [doc (hidden)]"
        );
        assert!(UserSyntax::parse_attributes("#[oops").is_err());
    }
}
