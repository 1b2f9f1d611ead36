//! Writing DataContract XML: serde values become a small element tree first (a list's
//! element names and namespace are known only once its items are seen), then text.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{
    ARRAYS_NAMESPACE, DATE_TIME_MARKER, DATE_TIME_OFFSET_MARKER, Error, GUID_MARKER,
    INSTANCE_NAMESPACE, JSON_NUMBER_MARKER, SYSTEM_NAMESPACE,
};
use crate::value::{DateTime, DateZone, Guid};
use crate::xml::push_escaped;

std::thread_local! {
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is writing DataContract XML right now. Values whose XML form is not
/// their JSON form and cannot be recognised by the writer (integer enums, written by member
/// name) ask this in their `Serialize` impl.
pub fn is_writing() -> bool {
    WRITING.with(std::cell::Cell::get)
}

/// Marks the thread as writing XML until dropped, even when serialization fails.
struct WritingGuard(bool);

impl WritingGuard {
    fn new() -> Self {
        Self(WRITING.with(|writing| writing.replace(true)))
    }
}

impl Drop for WritingGuard {
    fn drop(&mut self) {
        WRITING.with(|writing| writing.set(self.0));
    }
}

/// `value` as the DataContract document `<root xmlns="namespace">…</root>`.
pub fn to_string<T: Serialize + ?Sized>(
    value: &T,
    root: &str,
    namespace: &str,
) -> Result<String, Error> {
    let content = {
        let _writing = WritingGuard::new();
        value.serialize(ValueWriter)?
    };
    let mut out = String::new();
    out.push('<');
    out.push_str(root);
    out.push_str(&format!(" xmlns:i=\"{INSTANCE_NAMESPACE}\" xmlns=\""));
    push_escaped(&mut out, namespace, true);
    out.push('"');
    render_content(&content, 1, &mut out);
    out.push_str("</");
    out.push_str(root);
    out.push('>');
    Ok(out)
}

/// What a serde value becomes.
#[derive(Debug)]
enum Content {
    /// Leaf text, with the DataContract name of its primitive type (`string`, `int`…),
    /// which names the items of primitive lists.
    Text(String, &'static str),
    /// `i:nil="true"`.
    Nil,
    /// Child elements of a struct (names in the default namespace).
    Members(Vec<(String, Content)>),
    /// Items of a list: DTOs named after their type, primitives in the Arrays namespace.
    Items(Vec<Item>),
    /// `KeyValueOf{key}{value}` entries in the Arrays namespace.
    Entries(Vec<(Content, Content)>),
    /// Nothing (a unit or an empty struct).
    Empty,
    /// A `DateTimeOffset`: UTC time and offset in the `System` namespace.
    Offset { utc: String, minutes: i64 },
}

#[derive(Debug)]
struct Item {
    /// `Some(type name)` for DTOs; `None` for primitives (named by their type).
    name: Option<&'static str>,
    content: Content,
}

fn kind_of(content: &Content) -> &'static str {
    match content {
        Content::Text(_, kind) => kind,
        _ => "anyType",
    }
}

/// Writes the rest of the start tag of an element at `depth` (the root is 1), its content
/// and children. .NET numbers the Arrays prefix after the depth of the element that
/// declares it: `Meta` under the root is `d2p1`.
fn render_content(content: &Content, depth: usize, out: &mut String) {
    match content {
        Content::Nil | Content::Empty => out.push('>'),
        Content::Text(text, _) => {
            out.push('>');
            push_escaped(out, text, false);
        }
        Content::Members(members) => {
            out.push('>');
            for (name, member) in members {
                element(name, member, depth + 1, out);
            }
        }
        Content::Items(items) => {
            let primitive = items.iter().any(|item| item.name.is_none());
            let prefix = format!("d{depth}p1");
            if primitive {
                out.push_str(&format!(" xmlns:{prefix}=\"{ARRAYS_NAMESPACE}\""));
            }
            out.push('>');
            for item in items {
                match item.name {
                    Some(name) => element(name, &item.content, depth + 1, out),
                    None => element(
                        &format!("{prefix}:{}", kind_of(&item.content)),
                        &item.content,
                        depth + 1,
                        out,
                    ),
                }
            }
        }
        Content::Offset { utc, minutes } => {
            let prefix = format!("d{depth}p1");
            out.push_str(&format!(" xmlns:{prefix}=\"{SYSTEM_NAMESPACE}\">"));
            out.push_str(&format!("<{prefix}:DateTime>{utc}</{prefix}:DateTime>"));
            out.push_str(&format!(
                "<{prefix}:OffsetMinutes>{minutes}</{prefix}:OffsetMinutes>"
            ));
        }
        Content::Entries(entries) => {
            let prefix = format!("d{depth}p1");
            out.push_str(&format!(" xmlns:{prefix}=\"{ARRAYS_NAMESPACE}\">"));
            for (key, value) in entries {
                let entry = format!("{prefix}:KeyValueOf{}{}", kind_of(key), kind_of(value));
                out.push('<');
                out.push_str(&entry);
                out.push('>');
                element(&format!("{prefix}:Key"), key, depth + 2, out);
                element(&format!("{prefix}:Value"), value, depth + 2, out);
                out.push_str("</");
                out.push_str(&entry);
                out.push('>');
            }
        }
    }
}

fn element(name: &str, content: &Content, depth: usize, out: &mut String) {
    out.push('<');
    out.push_str(name);
    if matches!(content, Content::Nil) {
        out.push_str(" i:nil=\"true\" />");
        return;
    }
    render_content(content, depth, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Serializes one value into [`Content`].
struct ValueWriter;

fn text(value: impl ToString, kind: &'static str) -> Result<Content, Error> {
    Ok(Content::Text(value.to_string(), kind))
}

impl ser::Serializer for ValueWriter {
    type Ok = Content;
    type Error = Error;
    type SerializeSeq = SeqWriter;
    type SerializeTuple = SeqWriter;
    type SerializeTupleStruct = SeqWriter;
    type SerializeTupleVariant = Impossible<Content, Error>;
    type SerializeMap = MapWriter;
    type SerializeStruct = StructWriter;
    type SerializeStructVariant = Impossible<Content, Error>;

    fn serialize_bool(self, value: bool) -> Result<Content, Error> {
        text(value, "boolean")
    }
    fn serialize_i8(self, value: i8) -> Result<Content, Error> {
        text(value, "byte")
    }
    fn serialize_i16(self, value: i16) -> Result<Content, Error> {
        text(value, "short")
    }
    fn serialize_i32(self, value: i32) -> Result<Content, Error> {
        text(value, "int")
    }
    fn serialize_i64(self, value: i64) -> Result<Content, Error> {
        text(value, "long")
    }
    fn serialize_u8(self, value: u8) -> Result<Content, Error> {
        text(value, "unsignedByte")
    }
    fn serialize_u16(self, value: u16) -> Result<Content, Error> {
        text(value, "unsignedShort")
    }
    fn serialize_u32(self, value: u32) -> Result<Content, Error> {
        text(value, "unsignedInt")
    }
    fn serialize_u64(self, value: u64) -> Result<Content, Error> {
        text(value, "unsignedLong")
    }
    fn serialize_f32(self, value: f32) -> Result<Content, Error> {
        text(value, "float")
    }
    fn serialize_f64(self, value: f64) -> Result<Content, Error> {
        text(value, "double")
    }
    /// .NET writes a `char` as its UTF-16 code.
    fn serialize_char(self, value: char) -> Result<Content, Error> {
        text(u32::from(value), "char")
    }
    fn serialize_str(self, value: &str) -> Result<Content, Error> {
        text(value, "string")
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<Content, Error> {
        text(crate::value::Bytes(value.to_vec()), "base64Binary")
    }
    fn serialize_none(self) -> Result<Content, Error> {
        Ok(Content::Nil)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Content, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Content, Error> {
        Ok(Content::Empty)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Content, Error> {
        Ok(Content::Empty)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Content, Error> {
        text(variant, "string")
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Content, Error> {
        let content = value.serialize(ValueWriter)?;
        let Content::Text(wire, _) = &content else {
            return Ok(content);
        };
        match name {
            DATE_TIME_MARKER => {
                let date: DateTime = wire
                    .parse()
                    .map_err(|error| Error::new(format!("{error}")))?;
                text(date.to_iso8601(), "dateTime")
            }
            DATE_TIME_OFFSET_MARKER => {
                let date: DateTime = wire
                    .parse()
                    .map_err(|error| Error::new(format!("{error}")))?;
                let minutes = match date.zone() {
                    DateZone::Offset(offset) => i64::from(offset.seconds() / 60),
                    DateZone::Utc | DateZone::Unspecified => 0,
                };
                Ok(Content::Offset {
                    utc: date.timestamp().to_string(),
                    minutes,
                })
            }
            GUID_MARKER => {
                let guid: Guid = wire
                    .parse()
                    .map_err(|error| Error::new(format!("{error}")))?;
                text(guid.0.hyphenated(), "guid")
            }
            _ => Ok(content),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Content, Error> {
        Err(Error::new(format!(
            "enum `{name}` with data has no DataContract form"
        )))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqWriter, Error> {
        Ok(SeqWriter(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqWriter, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqWriter, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error::new(format!(
            "enum `{name}` with data has no DataContract form"
        )))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapWriter, Error> {
        Ok(MapWriter {
            entries: Vec::new(),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<StructWriter, Error> {
        Ok(StructWriter {
            name,
            members: Vec::new(),
            number: None,
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error::new(format!(
            "enum `{name}` with data has no DataContract form"
        )))
    }
}

struct SeqWriter(Vec<Item>);

impl SeqWriter {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let mut name = None;
        let content = value.serialize(ItemNamer(&mut name))?;
        self.0.push(Item { name, content });
        Ok(())
    }
}

impl ser::SerializeSeq for SeqWriter {
    type Ok = Content;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Content, Error> {
        Ok(Content::Items(self.0))
    }
}

impl ser::SerializeTuple for SeqWriter {
    type Ok = Content;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Content, Error> {
        Ok(Content::Items(self.0))
    }
}

impl ser::SerializeTupleStruct for SeqWriter {
    type Ok = Content;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Content, Error> {
        Ok(Content::Items(self.0))
    }
}

/// Serializes a list item, remembering the struct name that becomes its element name.
struct ItemNamer<'n>(&'n mut Option<&'static str>);

impl<'n> ItemNamer<'n> {
    fn forward<T: Serialize + ?Sized>(self, value: &T) -> Result<Content, Error> {
        value.serialize(ItemNamer(self.0))
    }
}

macro_rules! forward_leaf {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, value: $type) -> Result<Content, Error> {
            ValueWriter.$method(value)
        })*
    };
}

impl<'n> ser::Serializer for ItemNamer<'n> {
    type Ok = Content;
    type Error = Error;
    type SerializeSeq = SeqWriter;
    type SerializeTuple = SeqWriter;
    type SerializeTupleStruct = SeqWriter;
    type SerializeTupleVariant = Impossible<Content, Error>;
    type SerializeMap = MapWriter;
    type SerializeStruct = StructWriter;
    type SerializeStructVariant = Impossible<Content, Error>;

    forward_leaf!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]
    );
    fn serialize_none(self) -> Result<Content, Error> {
        Ok(Content::Nil)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Content, Error> {
        self.forward(value)
    }
    fn serialize_unit(self) -> Result<Content, Error> {
        Ok(Content::Empty)
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<Content, Error> {
        *self.0 = Some(name);
        Ok(Content::Empty)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<Content, Error> {
        ValueWriter.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Content, Error> {
        ValueWriter.serialize_newtype_struct(name, value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Content, Error> {
        ValueWriter.serialize_newtype_variant(name, index, variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqWriter, Error> {
        ValueWriter.serialize_seq(len)
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqWriter, Error> {
        ValueWriter.serialize_tuple(len)
    }
    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<SeqWriter, Error> {
        ValueWriter.serialize_tuple_struct(name, len)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        ValueWriter.serialize_tuple_variant(name, index, variant, len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapWriter, Error> {
        ValueWriter.serialize_map(len)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<StructWriter, Error> {
        if name != JSON_NUMBER_MARKER {
            *self.0 = Some(name);
        }
        ValueWriter.serialize_struct(name, len)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        ValueWriter.serialize_struct_variant(name, index, variant, len)
    }
}

struct MapWriter {
    entries: Vec<(Content, Content)>,
    key: Option<Content>,
}

impl ser::SerializeMap for MapWriter {
    type Ok = Content;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(ValueWriter)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error::new("map value without a key"))?;
        self.entries.push((key, value.serialize(ValueWriter)?));
        Ok(())
    }
    fn end(self) -> Result<Content, Error> {
        Ok(Content::Entries(self.entries))
    }
}

struct StructWriter {
    name: &'static str,
    members: Vec<(String, Content)>,
    /// The digits of an exact decimal (serialized as serde_json's raw JSON text).
    number: Option<String>,
}

impl ser::SerializeStruct for StructWriter {
    type Ok = Content;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let content = value.serialize(ValueWriter)?;
        if self.name == JSON_NUMBER_MARKER {
            if let Content::Text(digits, _) = content {
                self.number = Some(digits);
            }
            return Ok(());
        }
        self.members.push((key.to_owned(), content));
        Ok(())
    }
    fn end(self) -> Result<Content, Error> {
        if let Some(digits) = self.number {
            return Ok(Content::Text(digits, "decimal"));
        }
        if self.members.is_empty() {
            return Ok(Content::Empty);
        }
        Ok(Content::Members(self.members))
    }
}
