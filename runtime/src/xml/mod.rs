//! XML as SOAP services write it, for the types svcgen generates from WSDL.
//!
//! A generated struct implements [`Complex`]: a table of its fields ([`Field`]: element,
//! attribute, text or wildcard, with namespace, nillability and list item names) and two
//! small methods that hand one field at a time to the [`Reader`] or [`Writer`]. Everything
//! else (namespace resolution, `xsi:nil`, skipping unknown elements, wrapped lists, text
//! values) happens here once, so generated code stays a few lines per field instead of a
//! state machine per type.
//!
//! Elements are matched by (namespace URI, local name), never by prefix. Readers are
//! lenient where services evolve: unknown elements and attributes are skipped, unknown
//! enum values are kept, a missing element leaves its field at its default. Documents with
//! a DTD are refused (no entity expansion), nesting is bounded, and an element that may
//! occur once, repeated as `xsi:nil` after a value, is refused (see `erased`).

mod erased;
mod raw;
mod read;
mod scalar;
mod write;

pub use erased::ValueRef;
pub(crate) use erased::{ComplexPlace, ComplexRef, ItemsPlace, ItemsRef};
pub use raw::{Attributes, QName, RawXml};
pub use read::Reader;
pub(crate) use read::{MAX_DEPTH, PartResolver};
pub use scalar::{Text, read_text, write_text};
pub use write::Writer;

/// The one-line [`Value`] impls of generated types, by their short names: generated
/// modules import `xml` and write `xml::complex_value!(Type);`.
pub use crate::{xml_complex_value as complex_value, xml_text_value as text_value};
pub(crate) use write::push_escaped;

use std::fmt;

/// `xsi:nil`, `xsi:type`.
pub const INSTANCE_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub const SCHEMA_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";

/// A namespace-qualified name; `namespace` is empty for unqualified names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub namespace: &'static str,
    pub local: &'static str,
}

impl Name {
    pub const fn new(namespace: &'static str, local: &'static str) -> Self {
        Self { namespace, local }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.namespace, self.local)
    }
}

/// Where a field's value sits in its parent element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A child element (one per item for lists).
    Element,
    Attribute,
    /// The element's own text (simple content).
    Text,
    /// Child elements no other field takes, kept as raw XML.
    Any,
    /// Attributes no other field takes (`xs:anyAttribute`), kept by name.
    AnyAttribute,
}

/// One field of a [`Complex`] type as it appears on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: Name,
    pub kind: Kind,
    /// `xsi:nil="true"` is allowed, and written for an absent value of a required field.
    pub nillable: bool,
    /// The element must be there (`minOccurs >= 1`): an absent nillable value is written as
    /// `xsi:nil` instead of being left out.
    pub required: bool,
    /// For a list in a wrapper element (`ArrayOfString`): the item element names, one per
    /// level of nesting (`ArrayOfArrayOfString` has two).
    pub items: &'static [Name],
    /// A whitespace-separated list in one text value (`xs:list`).
    pub text_list: bool,
}

impl Field {
    pub const fn element(namespace: &'static str, local: &'static str) -> Self {
        Self {
            name: Name::new(namespace, local),
            kind: Kind::Element,
            nillable: false,
            required: false,
            items: &[],
            text_list: false,
        }
    }

    pub const fn attribute(namespace: &'static str, local: &'static str) -> Self {
        Self {
            kind: Kind::Attribute,
            ..Self::element(namespace, local)
        }
    }

    pub const fn text() -> Self {
        Self {
            kind: Kind::Text,
            ..Self::element("", "")
        }
    }

    pub const fn any() -> Self {
        Self {
            kind: Kind::Any,
            ..Self::element("", "")
        }
    }

    pub const fn any_attribute() -> Self {
        Self {
            kind: Kind::AnyAttribute,
            ..Self::element("", "")
        }
    }

    pub const fn nillable(self) -> Self {
        Self {
            nillable: true,
            ..self
        }
    }

    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    pub const fn items(self, items: &'static [Name]) -> Self {
        Self { items, ..self }
    }

    pub const fn text_list(self) -> Self {
        Self {
            text_list: true,
            ..self
        }
    }
}

/// A struct read from and written to an element's attributes and children.
pub trait Complex: Default {
    /// The fields, attributes first, in the order they are written.
    const FIELDS: &'static [Field];
    /// The schema type's name, written as `xsi:type` when the value stands in a slot
    /// declared for a base type.
    const TYPE: Option<Name> = None;

    /// Reads the field at `index` of [`Complex::FIELDS`] from where `reader` stands,
    /// usually `reader.read(&mut self.field)`.
    fn read_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Error>;

    /// Writes every field in order, usually
    /// `writer.write_all(Self::FIELDS, &[&&self.a, &&self.b])` (references to the fields'
    /// references: see [`ValueRef`]).
    fn write_fields(&self, writer: &mut Writer) -> Result<(), Error>;
}

/// Anything a field can hold: scalars (through [`Text`]), generated types (through
/// [`crate::xml_complex_value!`] and [`crate::xml_text_value!`]), and `Option`, `Vec` and
/// `Box` of those.
///
/// Not a `Default` subtrait, so that it can stand behind a `dyn`: the writer's per-field
/// code ([`Writer::write_all`]) takes a reference to a value as a [`ValueRef`] and is
/// compiled once, not once for every field type of every generated type (see
/// docs/decisions.md).
pub trait Value {
    /// Reads one occurrence from where `reader` stands: an element (the value consumes it
    /// through its end tag) or a text value (an attribute, simple content). Lists push.
    fn read_into(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error>;

    /// Writes the value as `name` (an element, or an attribute or text when the field says
    /// so).
    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error>;
}

/// Implements [`Value`] for a type that implements [`Complex`] (one line per generated
/// struct; a blanket impl would rule out `Box<T>`).
#[macro_export]
macro_rules! xml_complex_value {
    ($type:ty) => {
        impl $crate::xml::Value for $type {
            fn read_into(
                &mut self,
                reader: &mut $crate::xml::Reader<'_>,
                _: &[$crate::xml::Name],
            ) -> ::std::result::Result<(), $crate::xml::Error> {
                reader.complex(self)
            }

            fn write_value(
                &self,
                writer: &mut $crate::xml::Writer,
                name: $crate::xml::Name,
                _: &$crate::xml::Field,
                _: &[$crate::xml::Name],
            ) -> ::std::result::Result<(), $crate::xml::Error> {
                writer.complex(name, self, None)
            }
        }
    };
}

impl<T: Value + Default> Value for Option<T> {
    #[inline(never)]
    fn read_into(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error> {
        // Nothing here drops a `T`: a drop would compile the drop glue of every type that
        // is ever optional into the generated crate (see `erased`).
        if reader.is_nil() {
            return match self {
                Some(_) => Err(reader.nil_after_value()),
                None => reader.skip(),
            };
        }
        if self.is_none() {
            // Called, not inlined: a generated type's `default` is as long as its field list.
            let make: fn() -> T = T::default;
            // What `replace` gives back is the `None` just matched: forgetting it is free.
            std::mem::forget(self.replace(make()));
        }
        match self {
            // In place: moving a large generated value out and back costs code in every type.
            Some(value) => value.read_into(reader, items),
            None => Ok(()),
        }
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        match self {
            Some(value) => value.write_value(writer, name, field, items),
            None => writer.absent(name, field),
        }
    }
}

impl<T: Value> Value for Box<T> {
    fn read_into(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error> {
        (**self).read_into(reader, items)
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        (**self).write_value(writer, name, field, items)
    }
}

/// A list: repeated elements, the items of a wrapper element (when `items` names them), or
/// a whitespace-separated text value. The list logic itself is not generic (see
/// `ItemsPlace`).
impl<T: Value + Default> Value for Vec<T> {
    #[inline(never)]
    fn read_into(&mut self, reader: &mut Reader<'_>, items: &[Name]) -> Result<(), Error> {
        let mut place = self;
        reader.list(&mut place, items)
    }

    fn write_value(
        &self,
        writer: &mut Writer,
        name: Name,
        field: &Field,
        items: &[Name],
    ) -> Result<(), Error> {
        writer.list(&self, name, field, items)
    }
}

/// `()` is the body of operations that answer with nothing, and the header type of
/// services without headers.
impl Complex for () {
    const FIELDS: &'static [Field] = &[];

    fn read_field(&mut self, _: usize, reader: &mut Reader<'_>) -> Result<(), Error> {
        reader.skip()
    }

    fn write_fields(&self, _: &mut Writer) -> Result<(), Error> {
        Ok(())
    }
}

crate::xml_complex_value!(());

/// Why a document could not be read or written.
// Boxed: every generated field read and write returns a `Result<(), Error>`, and a
// pointer-sized error keeps each of those `?`s small in every generated type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<ErrorDetail>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorDetail {
    message: String,
    /// Byte offset in the document, where known.
    position: Option<u64>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Self(Box::new(ErrorDetail {
            message: message.into(),
            position: None,
        }))
    }

    pub(crate) fn at(message: impl Into<String>, position: u64) -> Self {
        Self(Box::new(ErrorDetail {
            message: message.into(),
            position: Some(position),
        }))
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn position(&self) -> Option<u64> {
        self.0.position
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.position {
            Some(position) => write!(f, "{} (at byte {position})", self.0.message),
            None => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for Error {}

/// Reads a document whose root element is `root` into `T`.
pub fn from_slice<T: Value + Default>(bytes: &[u8], root: Name) -> Result<T, Error> {
    let mut reader = Reader::new(bytes)?;
    reader.root(root)?;
    let mut value = T::default();
    value.read_into(&mut reader, &[])?;
    Ok(value)
}

/// Writes `value` as a document with root element `root`.
pub fn to_string<T: Value>(value: &T, root: Name) -> Result<String, Error> {
    let mut writer = Writer::new();
    value.write_value(
        &mut writer,
        root,
        &Field::element(root.namespace, root.local),
        &[],
    )?;
    Ok(writer.finish())
}

#[cfg(test)]
mod tests;
