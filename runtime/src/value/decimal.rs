//! .NET `decimal`: exact, and a JSON number on the wire (never a float, never a string).

use std::fmt;
use std::str::FromStr;

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

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(&self.0, serializer)
    }
}

/// Reads JSON numbers digit for digit (serde_json's `arbitrary_precision`), and strings.
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rust_decimal::serde::arbitrary_precision::deserialize(deserializer).map(Self)
    }
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
    fn strings_are_read_and_garbage_refused() {
        let value: Decimal = serde_json::from_str(r#""1.50""#).unwrap();
        assert_eq!(value.to_string(), "1.50");
        assert!(serde_json::from_str::<Decimal>(r#""one""#).is_err());
        assert!(serde_json::from_str::<Decimal>("true").is_err());
    }
}
