//! Reading DataContract XML: a serde `Deserializer` over a parsed element. Members are
//! matched by local name (prefixes mean nothing), unknown elements are skipped by the
//! generated types, `i:nil="true"` is `None`, and DTDs are refused (no entity expansion).

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use super::{Error, INSTANCE_NAMESPACE};
use crate::xml::MAX_DEPTH;

/// Reads a whole document whose root element is the value.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let text = document_text(bytes)?;
    let document = parse(text)?;
    T::deserialize(ElementReader(document.root_element()))
}

/// The child `name` of the root element, if the document has one that reads as `T`
/// (the `ResponseStatus` of an error answer).
pub(crate) fn child_from_slice<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Option<T> {
    let text = document_text(bytes).ok()?;
    let document = parse(text).ok()?;
    let child = document
        .root_element()
        .children()
        .find(|child| child.is_element() && child.tag_name().name().eq_ignore_ascii_case(name))?;
    T::deserialize(ElementReader(child)).ok()
}

/// The document as text. A UTF-8 byte order mark and whitespace before the declaration
/// are tolerated (.NET hosts and captured answers have both).
fn document_text(bytes: &[u8]) -> Result<&str, Error> {
    let text = std::str::from_utf8(crate::bom::strip(bytes))
        .map_err(|error| Error::new(format!("not UTF-8: {error}")))?;
    Ok(text.trim_start())
}

/// Parses `text`, refusing documents nested too deeply to read.
fn parse(text: &str) -> Result<roxmltree::Document<'_>, Error> {
    let document =
        roxmltree::Document::parse(text).map_err(|error| Error::new(error.to_string()))?;
    check_depth(&document)?;
    Ok(document)
}

/// Reading recurses once per element level, so a hostile answer could exhaust the stack.
/// The limit is the SOAP reader's ([`MAX_DEPTH`]); the root element is level 1.
fn check_depth(document: &roxmltree::Document<'_>) -> Result<(), Error> {
    let mut stack = vec![(document.root_element(), 1)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(Error::new(format!(
                "elements nest deeper than {MAX_DEPTH} levels"
            )));
        }
        stack.extend(
            node.children()
                .filter(roxmltree::Node::is_element)
                .map(|child| (child, depth + 1)),
        );
    }
    Ok(())
}

/// One element as a serde value.
#[derive(Clone, Copy)]
struct ElementReader<'a, 'input>(roxmltree::Node<'a, 'input>);

impl<'a, 'input> ElementReader<'a, 'input> {
    fn is_nil(&self) -> bool {
        self.0
            .attribute((INSTANCE_NAMESPACE, "nil"))
            .is_some_and(|value| value.trim() == "true" || value.trim() == "1")
    }

    fn children(&self) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + use<'a, 'input> {
        self.0.children().filter(roxmltree::Node::is_element)
    }

    fn text(&self) -> String {
        self.0
            .descendants()
            .filter(roxmltree::Node::is_text)
            .filter_map(|node| node.text())
            .collect()
    }

    fn parse<T: std::str::FromStr>(&self, kind: &str) -> Result<T, Error> {
        let text = self.text();
        text.trim().parse().map_err(|_| {
            Error::new(format!(
                "`{}`: `{}` is not a {kind}",
                self.0.tag_name().name(),
                text.trim()
            ))
        })
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $type:ty),*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parse::<$type>(stringify!($type))?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for ElementReader<'_, '_> {
    type Error = Error;

    /// Elements with children read as maps (structs, `serde_json::Value`), others as text.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nil() {
            return visitor.visit_unit();
        }
        if self.children().next().is_some() {
            return visitor.visit_map(Members::new(self));
        }
        visitor.visit_string(self.text())
    }

    parse_number!(
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16, deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64, deserialize_u8 => visit_u8: u8, deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32, deserialize_u64 => visit_u64: u64, deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64
    );

    /// .NET writes a `char` as its UTF-16 code; a literal character is read too.
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text();
        let code = text.trim().parse::<u32>().ok().and_then(char::from_u32);
        let mut chars = text.chars();
        match (code, chars.next(), chars.next()) {
            (Some(c), _, _) | (None, Some(c), None) => visitor.visit_char(c),
            _ => Err(Error::new(format!(
                "`{}`: `{text}` is not a char",
                self.0.tag_name().name()
            ))),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text().trim() {
            "true" | "1" => visitor.visit_bool(true),
            "false" | "0" => visitor.visit_bool(false),
            other => Err(Error::new(format!(
                "`{}`: `{other}` is not a boolean",
                self.0.tag_name().name()
            ))),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nil() {
            return visitor.visit_none();
        }
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A list: every child element is an item, whatever its name.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items(self.children().collect::<Vec<_>>().into_iter()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    /// A dictionary: `KeyValueOf…` children with `Key` and `Value`.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Entries {
            entries: self.children().collect::<Vec<_>>().into_iter(),
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Members::new(self))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.text().into_deserializer())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// Struct members: each child element's local name, then the element as the value.
struct Members<'a, 'input> {
    children: std::vec::IntoIter<roxmltree::Node<'a, 'input>>,
    value: Option<roxmltree::Node<'a, 'input>>,
}

impl<'a, 'input> Members<'a, 'input> {
    fn new(element: ElementReader<'a, 'input>) -> Self {
        Self {
            children: element.children().collect::<Vec<_>>().into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Members<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(child) = self.children.next() else {
            return Ok(None);
        };
        self.value = Some(child);
        let name: de::value::StrDeserializer<'_, Error> =
            child.tag_name().name().into_deserializer();
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let child = self
            .value
            .take()
            .ok_or_else(|| Error::new("member value without a name"))?;
        seed.deserialize(ElementReader(child))
    }
}

struct Items<'a, 'input>(std::vec::IntoIter<roxmltree::Node<'a, 'input>>);

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(ElementReader(item)))
            .transpose()
    }
}

/// Dictionary entries: the `Key` child's text, then the `Value` child.
struct Entries<'a, 'input> {
    entries: std::vec::IntoIter<roxmltree::Node<'a, 'input>>,
    value: Option<roxmltree::Node<'a, 'input>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        let entry = ElementReader(entry);
        let named = |name: &str| {
            entry
                .children()
                .find(|child| child.tag_name().name() == name)
        };
        let key = named("Key").ok_or_else(|| {
            Error::new(format!("`{}` without a `Key`", entry.0.tag_name().name()))
        })?;
        self.value = named("Value");
        // The key element itself, so integer keys parse like any other number.
        seed.deserialize(ElementReader(key)).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| Error::new("dictionary entry without a `Value`"))?;
        seed.deserialize(ElementReader(value))
    }
}
