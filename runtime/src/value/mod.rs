//! Values whose wire format is not a plain JSON scalar: .NET `DateTime`, `TimeSpan`,
//! `Guid`, `byte[]`, `decimal` and `KeyValuePair`. Their serde impls write ServiceStack.Text's
//! defaults (WCF dates, XSD durations, dash-less Guids, base64), or System.Text.Json's forms
//! inside [`JsonStyle::write`], and read every variant a host may send.

mod bytes;
mod civil;
mod date_time;
mod date_time_offset;
pub(crate) mod decimal;
mod guid;
mod json_style;
mod key_value_pair;
mod time_span;

pub use bytes::Bytes;
pub use civil::{Date, Time};
pub use date_time::{DateFormat, DateTime, DateZone};
pub use date_time_offset::DateTimeOffset;
pub use decimal::Decimal;
pub use guid::Guid;
pub use json_style::{JsonDialect, JsonStyle};
pub use key_value_pair::KeyValuePair;
pub use time_span::TimeSpan;

use std::fmt;

/// A wire value that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: &'static str,
    text: String,
    reason: String,
}

impl ParseError {
    fn new(kind: &'static str, text: &str, reason: impl Into<String>) -> Self {
        // Keep the message short even for a hostile 10 MB string.
        let text: String = text.chars().take(64).collect();
        Self {
            kind,
            text,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} `{}`: {}", self.kind, self.text, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// Serde support shared by the string-encoded values. With a marker name, the value is
/// written as a newtype of that name, which JSON ignores and the DataContract writer uses
/// to pick the XML form.
macro_rules! serde_via_str {
    ($type:ty, $expecting:literal) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        $crate::value::deserialize_via_str!($type, $expecting);
    };
    ($type:ty, $expecting:literal, $marker:expr) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_newtype_struct($marker, &self.to_string())
            }
        }
        $crate::value::deserialize_via_str!($type, $expecting);
    };
}
pub(crate) use serde_via_str;

macro_rules! deserialize_via_str {
    ($type:ty, $expecting:literal) => {
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $type;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$type, E> {
                        text.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
pub(crate) use deserialize_via_str;

/// The text of an enum value: a string, or the digits of an integer (ServiceStack reads
/// both for string enums). Generated enums match it against member names and values, or
/// keep it as unknown.
pub fn enum_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an enum member name or number")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<String, E> {
            Ok(text.to_owned())
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }
    }
    deserializer.deserialize_any(Visitor)
}

/// The text of an integer enum's value: its member's name, else the names of the flags
/// that make it up joined by `separator`, else its digits.
pub fn format_int_enum(value: i64, members: &[(&str, i64)], separator: &str) -> String {
    if let Some((name, _)) = members.iter().find(|(_, member)| *member == value) {
        return (*name).to_owned();
    }
    let bits: Vec<&str> = members
        .iter()
        .filter(|(_, member)| *member != 0 && value & member == *member)
        .map(|(name, _)| *name)
        .collect();
    let covered = members
        .iter()
        .filter(|(name, _)| bits.contains(name))
        .fold(0, |all, (_, member)| all | member);
    if covered == value && !bits.is_empty() {
        return bits.join(separator);
    }
    value.to_string()
}

/// Reads an integer enum from its digits, a member name or flag names separated by spaces
/// or commas (names match without regard to case).
pub fn parse_int_enum(text: &str, members: &[(&str, i64)]) -> Result<i64, UnknownMember> {
    if let Ok(value) = text.trim().parse::<i64>() {
        return Ok(value);
    }
    let mut value = 0;
    for name in text.split([' ', ',']).filter(|name| !name.is_empty()) {
        let member = members
            .iter()
            .find(|(member, _)| member.eq_ignore_ascii_case(name));
        let Some((_, bits)) = member else {
            return Err(UnknownMember(name.to_owned()));
        };
        value |= bits;
    }
    Ok(value)
}

/// A name that is no member of an enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMember(pub String);

impl std::fmt::Display for UnknownMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a member", self.0)
    }
}

impl std::error::Error for UnknownMember {}

/// Writes an integer enum: its number in JSON; in DataContract XML its member name, or for
/// `[Flags]` the names of its bits separated by spaces (the number when no names fit).
pub fn serialize_int_enum<S: serde::Serializer>(
    value: i64,
    members: &[(&str, i64)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if !crate::datacontract::is_writing() {
        return serializer.serialize_i64(value);
    }
    serializer.serialize_str(&format_int_enum(value, members, " "))
}

/// Reads an integer enum from a number, its digits, a member name or space-separated flag
/// names (names match without regard to case).
pub fn deserialize_int_enum<'de, D: serde::Deserializer<'de>>(
    members: &[(&str, i64)],
    deserializer: D,
) -> Result<i64, D::Error> {
    let text = enum_text(deserializer)?;
    parse_int_enum(&text, members).map_err(serde::de::Error::custom)
}
