//! .NET `decimal`: exact, and a JSON number on the wire (never a float, never a string).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal number; the inner [`rust_decimal::Decimal`] does the arithmetic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub rust_decimal::Decimal);

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

impl FromStr for Decimal {
    type Err = rust_decimal::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        rust_decimal::Decimal::from_str_exact(text).map(Self)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// serde_json's name for a value kept as its JSON text (`serde_json::value::RawValue`): how
/// decimals cross JSON digit for digit without the `arbitrary_precision` feature, which
/// would change every number of the application's other JSON too.
pub(crate) const RAW_JSON_TOKEN: &str = "$serde_json::private::RawValue";

/// Writes a JSON number with exactly the decimal's digits.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// Reads JSON numbers digit for digit (from their text), and strings holding a number;
/// other formats' integers and floats too.
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_JSON_TOKEN, DecimalVisitor)
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, or a string holding one")
    }

    /// serde_json hands over the value's JSON text as a map of one entry.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        if map.next_key::<IgnoredAny>()?.is_none() {
            return Err(A::Error::invalid_length(0, &self));
        }
        let raw: String = map.next_value()?;
        let number = match raw.strip_prefix('"') {
            Some(_) => serde_json::from_str::<String>(&raw).map_err(A::Error::custom)?,
            None => raw,
        };
        parse(&number).map_err(A::Error::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Decimal, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        rust_decimal::Decimal::try_from(value)
            .map(Decimal)
            .map_err(E::custom)
    }
}

/// A decimal from its text: plain digits exactly, `1.5E3` as .NET writes large values too.
fn parse(text: &str) -> Result<Decimal, String> {
    let parsed = if text.contains(['e', 'E']) {
        rust_decimal::Decimal::from_scientific(text)
    } else {
        rust_decimal::Decimal::from_str_exact(text)
    };
    parsed
        .map(Decimal)
        .map_err(|error| format!("`{text}` is not a decimal: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_cross_json_exactly() {
        let text = r#"{"a":12345678901234567890.123456789,"b":0.1,"c":-7}"#;
        let value: std::collections::BTreeMap<String, Decimal> =
            serde_json::from_str(text).unwrap();
        assert_eq!(value["a"].to_string(), "12345678901234567890.123456789");
        assert_eq!(value["b"].to_string(), "0.1");
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
    }

    #[test]
    fn other_json_keeps_its_own_numbers() {
        // The runtime must not switch on serde_json's `arbitrary_precision` for the whole
        // application: a float in the user's own JSON stays an f64.
        let value: serde_json::Value = serde_json::from_str("0.30000000000000004").unwrap();
        assert!(value.is_f64(), "{value:?}");
        assert_eq!(value.as_f64(), Some(0.30000000000000004));
        // Under `arbitrary_precision` numbers would keep their text: `1.50` stays `1.50`.
        let value: serde_json::Value = serde_json::from_str("1.50").unwrap();
        assert_eq!(value.to_string(), "1.5");
    }

    #[test]
    fn exponents_and_nesting_in_other_types_are_read() {
        let value: Vec<Option<Decimal>> = serde_json::from_str("[1.5E3, null, -0.000]").unwrap();
        assert_eq!(value[0].unwrap().to_string(), "1500");
        assert_eq!(value[1], None);
        assert_eq!(value[2].unwrap().to_string(), "0.000");
        let from_value: Decimal = serde_json::from_value(serde_json::json!(2.25)).unwrap();
        assert_eq!(from_value.to_string(), "2.25");
    }

    #[test]
    fn strings_are_read_and_garbage_refused() {
        let value: Decimal = serde_json::from_str(r#""1.50""#).unwrap();
        assert_eq!(value.to_string(), "1.50");
        assert!(serde_json::from_str::<Decimal>(r#""one""#).is_err());
        assert!(serde_json::from_str::<Decimal>("true").is_err());
    }
}
