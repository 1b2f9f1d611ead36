//! Writing a DTO's top-level members as JSV text straight from its `Serialize` (the
//! client's side), with no JSON in between: what JSON would say of each member, in the
//! notation ServiceStack reads from URLs. Members come sorted by name, as a JSON object
//! read back into a map had them.

use std::borrow::Cow;

use serde::de::value::Error;
use serde::ser::{self, Impossible, Serialize};

use super::quoted;

/// serde_json's name for a raw JSON fragment (`RawValue`, and so `value::Decimal`).
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// One top-level member of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    /// The wire name: a struct's own (borrowed, as serde hands it over) or a map's key.
    pub name: Cow<'static, str>,
    /// The value as a route variable or query value takes it: a string raw, a list's items
    /// comma-separated without brackets.
    pub text: String,
    /// JSON would say `null`: no route variable or query member takes it.
    pub null: bool,
    /// An empty list, which a query string spells `[]`.
    pub empty_list: bool,
}

/// The request's top-level members, sorted by name; none when it is not a struct or map.
pub(crate) fn members<T: Serialize + ?Sized>(request: &T) -> Result<Vec<Member>, Error> {
    let mut members = request.serialize(TopLevel)?;
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members)
}

/// A value written: its text, whether it was null or an empty list.
#[derive(Default)]
struct Written {
    text: String,
    null: bool,
    empty_list: bool,
}

impl Written {
    fn text(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }

    fn null() -> Self {
        Self {
            null: true,
            ..Self::default()
        }
    }
}

/// Writes one value: `top` for a whole member (strings raw, lists without brackets),
/// else as an item or member inside one (strings quoted where JSV needs it).
#[derive(Clone, Copy)]
struct Value {
    top: bool,
}

const NESTED: Value = Value { top: false };

fn nested<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    value.serialize(NESTED).map(|written| written.text)
}

/// A float as JSON text has it (shortest form, `1e20`); not finite is JSON's `null`.
fn float(text: String) -> Written {
    if text == "null" {
        Written::null()
    } else {
        Written::text(text)
    }
}

macro_rules! display {
    ($($method:ident: $type:ty,)*) => {$(
        fn $method(self, value: $type) -> Result<Written, Error> {
            Ok(Written::text(value.to_string()))
        }
    )*};
}

impl ser::Serializer for Value {
    type Ok = Written;
    type Error = Error;
    type SerializeSeq = List;
    type SerializeTuple = List;
    type SerializeTupleStruct = List;
    type SerializeTupleVariant = Variant<List>;
    type SerializeMap = Object;
    type SerializeStruct = Object;
    type SerializeStructVariant = Variant<Object>;

    display! {
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<Written, Error> {
        serde_json::to_string(&value)
            .map(float)
            .map_err(ser::Error::custom)
    }

    fn serialize_f64(self, value: f64) -> Result<Written, Error> {
        serde_json::to_string(&value)
            .map(float)
            .map_err(ser::Error::custom)
    }

    fn serialize_char(self, value: char) -> Result<Written, Error> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<Written, Error> {
        Ok(Written::text(if self.top {
            value.to_owned()
        } else {
            quoted(value)
        }))
    }

    /// As JSON writes bytes: a list of numbers.
    fn serialize_bytes(self, value: &[u8]) -> Result<Written, Error> {
        let mut list = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut list, byte)?;
        }
        ser::SerializeSeq::end(list)
    }

    fn serialize_none(self) -> Result<Written, Error> {
        Ok(Written::null())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Written, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Written, Error> {
        Ok(Written::null())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Written, Error> {
        Ok(Written::null())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Written, Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Written, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Written, Error> {
        Ok(Written::text(format!(
            "{{{}:{}}}",
            quoted(variant),
            nested(value)?
        )))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<List, Error> {
        Ok(List {
            top: self.top,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<List, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<List, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<List>, Error> {
        Ok(Variant {
            variant,
            inner: NESTED.serialize_seq(Some(len))?,
        })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Object, Error> {
        Ok(Object::default())
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Object, Error> {
        Ok(Object {
            raw: name == RAW_VALUE,
            ..Object::default()
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<Object>, Error> {
        Ok(Variant {
            variant,
            inner: Object::default(),
        })
    }
}

/// A list's items, written nested.
struct List {
    top: bool,
    items: Vec<String>,
}

impl List {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(nested(value)?);
        Ok(())
    }

    fn written(self) -> Written {
        let joined = self.items.join(",");
        if !self.top {
            return Written::text(format!("[{joined}]"));
        }
        Written {
            empty_list: self.items.is_empty(),
            ..Written::text(joined)
        }
    }
}

/// A list is a list whichever of serde's sequence kinds it comes as.
macro_rules! list {
    ($($kind:ident::$method:ident,)*) => {$(
        impl ser::$kind for List {
            type Ok = Written;
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }

            fn end(self) -> Result<Written, Error> {
                Ok(self.written())
            }
        }
    )*};
}

list! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
}

/// An object's members (`{key:value}`, sorted by key as JSON's map had them), or a raw
/// JSON fragment.
#[derive(Default)]
struct Object {
    /// Keys: a struct's own names (borrowed, as serde hands them over) or a map's.
    members: Vec<(Cow<'static, str>, String)>,
    next_key: Option<String>,
    /// serde_json's `RawValue`: its one field is JSON text.
    raw: bool,
    raw_text: Option<Written>,
}

impl Object {
    fn member<T: Serialize + ?Sized>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        let value = nested(value)?;
        self.members.push((key, value));
        Ok(())
    }

    fn written(mut self) -> Written {
        if let Some(raw) = self.raw_text {
            return raw;
        }
        self.members.sort_by(|a, b| a.0.cmp(&b.0));
        let members: Vec<String> = self
            .members
            .iter()
            .map(|(key, value)| format!("{}:{value}", quoted(key)))
            .collect();
        Written::text(format!("{{{}}}", members.join(",")))
    }
}

/// A map key as JSON has it: text (numbers and booleans become their text).
fn key<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    key.serialize(Value { top: true })
        .map(|written| written.text)
}

impl ser::SerializeMap for Object {
    type Ok = Written;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next_key = Some(key(value)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.next_key.take().unwrap_or_default();
        self.member(Cow::Owned(key), value)
    }

    fn end(self) -> Result<Written, Error> {
        Ok(self.written())
    }
}

impl ser::SerializeStruct for Object {
    type Ok = Written;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if self.raw {
            let text = value.serialize(Value { top: true })?.text;
            self.raw_text = Some(raw_json(&text)?);
            return Ok(());
        }
        self.member(Cow::Borrowed(field), value)
    }

    fn end(self) -> Result<Written, Error> {
        Ok(self.written())
    }
}

/// A raw JSON fragment: a number as it is written (a decimal keeps every digit), anything
/// else as the JSON value it holds.
fn raw_json(text: &str) -> Result<Written, Error> {
    let parsed: serde_json::Value = serde_json::from_str(text).map_err(ser::Error::custom)?;
    match parsed {
        serde_json::Value::Number(_) => Ok(Written::text(text.trim().to_owned())),
        other => other.serialize(NESTED),
    }
}

/// An enum variant with data: `{Variant:…}`.
struct Variant<T> {
    variant: &'static str,
    inner: T,
}

impl<T> Variant<T> {
    fn wrap(self, inner: Written) -> Written {
        Written::text(format!("{{{}:{}}}", quoted(self.variant), inner.text))
    }
}

impl ser::SerializeTupleVariant for Variant<List> {
    type Ok = Written;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value)
    }

    fn end(self) -> Result<Written, Error> {
        let variant = Variant {
            variant: self.variant,
            inner: (),
        };
        Ok(variant.wrap(self.inner.written()))
    }
}

impl ser::SerializeStructVariant for Variant<Object> {
    type Ok = Written;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.member(Cow::Borrowed(field), value)
    }

    fn end(self) -> Result<Written, Error> {
        let variant = Variant {
            variant: self.variant,
            inner: (),
        };
        Ok(variant.wrap(self.inner.written()))
    }
}

/// The request itself: a struct or map whose members are written `top`; anything else
/// has no members.
struct TopLevel;

/// The members of the request, written.
#[derive(Default)]
struct Members {
    members: Vec<Member>,
    next_key: Option<String>,
}

impl Members {
    fn member<T: Serialize + ?Sized>(
        &mut self,
        name: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        let written = value.serialize(Value { top: true })?;
        self.members.push(Member {
            name,
            text: written.text,
            null: written.null,
            empty_list: written.empty_list,
        });
        Ok(())
    }
}

impl ser::SerializeMap for Members {
    type Ok = Vec<Member>;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next_key = Some(key(value)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let name = self.next_key.take().unwrap_or_default();
        self.member(Cow::Owned(name), value)
    }

    fn end(self) -> Result<Vec<Member>, Error> {
        Ok(self.members)
    }
}

impl ser::SerializeStruct for Members {
    type Ok = Vec<Member>;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(Cow::Borrowed(field), value)
    }

    fn end(self) -> Result<Vec<Member>, Error> {
        Ok(self.members)
    }
}

type NoMembers = Impossible<Vec<Member>, Error>;

macro_rules! no_members {
    ($($method:ident($($arg:ty),*),)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Vec<Member>, Error> {
            Ok(Vec::new())
        }
    )*};
}

impl ser::Serializer for TopLevel {
    type Ok = Vec<Member>;
    type Error = Error;
    type SerializeSeq = NoMembers;
    type SerializeTuple = NoMembers;
    type SerializeTupleStruct = NoMembers;
    type SerializeTupleVariant = NoMembers;
    type SerializeMap = Members;
    type SerializeStruct = Members;
    type SerializeStructVariant = NoMembers;

    no_members! {
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<Member>, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Vec<Member>, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Vec<Member>, Error> {
        Ok(Vec::new())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<NoMembers, Error> {
        Err(ser::Error::custom("a request is a struct or a map"))
    }

    fn serialize_tuple(self, _: usize) -> Result<NoMembers, Error> {
        Err(ser::Error::custom("a request is a struct or a map"))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<NoMembers, Error> {
        Err(ser::Error::custom("a request is a struct or a map"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<NoMembers, Error> {
        Err(ser::Error::custom("a request is a struct or a map"))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Members, Error> {
        Ok(Members {
            members: Vec::with_capacity(len.unwrap_or(0)),
            next_key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Members, Error> {
        Ok(Members {
            members: Vec::with_capacity(len),
            next_key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<NoMembers, Error> {
        Err(ser::Error::custom("a request is a struct or a map"))
    }
}
