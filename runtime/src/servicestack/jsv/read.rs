//! Reading JSV text back by a DTO's own types, as a host converts query and route text
//! by each property's type (the mock's side).

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// One value in JSV text, read as whatever type asks for it.
pub(crate) struct Text {
    text: String,
    /// A whole query or route value, which the client writes raw when it is a string
    /// (`scalar`); items and members inside it are quoted where they need to be.
    top: bool,
}

impl Text {
    /// A whole query member or route variable.
    pub(crate) fn top(text: String) -> Self {
        Self { text, top: true }
    }

    fn nested(text: String) -> Self {
        Self { text, top: false }
    }

    /// Another value of the same query member: one more item of its list.
    pub(crate) fn append(&mut self, more: &str) {
        self.text.push(',');
        self.text.push_str(more);
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, Error> {
        self.text
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("`{}` is not {what}", self.text)))
    }

    /// The string the text stands for.
    fn string(self) -> String {
        if self.top {
            self.text
        } else {
            unquoted(&self.text)
        }
    }
}

/// A string without its JSV quotes (`"a,b"` → `a,b`, `""` inside → `"`).
fn unquoted(text: &str) -> String {
    match text
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_owned(),
    }
}

/// The top-level items of `text`, split at commas outside quotes and brackets.
fn items(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut quoted, mut current) = (0usize, false, String::new());
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' | '{' if !quoted => depth += 1,
            ']' | '}' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() || !items.is_empty() {
        items.push(current);
    }
    items
}

/// `text` without one pair of enclosing `open`/`close`, if it has them.
fn inside(text: &str, open: char, close: char) -> &str {
    let trimmed = text.trim();
    trimmed
        .strip_prefix(open)
        .and_then(|inner| inner.strip_suffix(close))
        .unwrap_or(trimmed)
}

/// A `key:value` member, split at the first colon outside quotes.
fn member(text: &str) -> (String, String) {
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                let value = text.get(at + 1..).unwrap_or_default();
                return (
                    unquoted(text.get(..at).unwrap_or_default()),
                    value.to_owned(),
                );
            }
            _ => {}
        }
    }
    (unquoted(text), String::new())
}

macro_rules! parsed {
    ($($method:ident $visit:ident $what:literal,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parse($what)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Text {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.string())
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text.trim().to_ascii_lowercase().as_str() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(de::Error::custom(format!(
                "`{}` is not a boolean",
                self.text
            ))),
        }
    }

    parsed! {
        deserialize_i8 visit_i8 "a number",
        deserialize_i16 visit_i16 "a number",
        deserialize_i32 visit_i32 "a number",
        deserialize_i64 visit_i64 "a number",
        deserialize_i128 visit_i128 "a number",
        deserialize_u8 visit_u8 "a number",
        deserialize_u16 visit_u16 "a number",
        deserialize_u32 visit_u32 "a number",
        deserialize_u64 visit_u64 "a number",
        deserialize_u128 visit_u128 "a number",
        deserialize_f32 visit_f32 "a number",
        deserialize_f64 visit_f64 "a number",
        deserialize_char visit_char "a character",
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    /// A query member that is there has a value (`Name=` is the empty string); inside
    /// a list or object, JSV writes nothing for null.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.text.is_empty() && !self.top {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = items(inside(&self.text, '[', ']'));
        visitor.visit_seq(SeqDeserializer::new(items.into_iter().map(Text::nested)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let members = items(inside(&self.text, '{', '}'))
            .into_iter()
            .map(|item| member(&item))
            .map(|(key, value)| (key, Text::nested(value)));
        visitor.visit_map(MapDeserializer::new(members))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.string().into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl IntoDeserializer<'_, Error> for Text {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
