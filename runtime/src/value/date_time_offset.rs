//! .NET `DateTimeOffset`: in JSON the same WCF or ISO forms as `DateTime` (always with the
//! offset); in DataContract XML a `DateTime` (UTC) and `OffsetMinutes` pair.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DateTime, DateZone, ParseError};

/// An instant with the offset it was recorded at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateTimeOffset(pub DateTime);

impl From<DateTime> for DateTimeOffset {
    fn from(value: DateTime) -> Self {
        Self(value)
    }
}

impl From<DateTimeOffset> for DateTime {
    fn from(value: DateTimeOffset) -> Self {
        value.0
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(Self)
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(
            crate::datacontract::DATE_TIME_OFFSET_MARKER,
            &self.0.wire_text(),
        )
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OffsetVisitor)
    }
}

struct OffsetVisitor;

impl<'de> Visitor<'de> for OffsetVisitor {
    type Value = DateTimeOffset;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date string, or a DateTime and OffsetMinutes pair")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTimeOffset, E> {
        text.parse().map_err(E::custom)
    }

    /// DataContract's `<DateTime>` (UTC) and `<OffsetMinutes>`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateTimeOffset, A::Error> {
        let (mut utc, mut minutes) = (None::<String>, None::<String>);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "DateTime" => utc = Some(map.next_value()?),
                "OffsetMinutes" => minutes = Some(map.next_value()?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let utc: DateTime = utc
            .ok_or_else(|| de::Error::missing_field("DateTime"))?
            .parse()
            .map_err(de::Error::custom)?;
        let minutes: i32 = minutes
            .unwrap_or_default()
            .trim()
            .parse()
            .map_err(de::Error::custom)?;
        let offset = jiff::tz::Offset::from_seconds(minutes * 60).map_err(de::Error::custom)?;
        Ok(DateTimeOffset(DateTime::new(
            utc.timestamp(),
            DateZone::Offset(offset),
        )))
    }
}
