//! .NET `Guid`: ServiceStack.Text writes 32 hex digits without dashes, System.Text.Json
//! only reads them with dashes ([`JsonStyle`]); every common form is read.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use super::{JsonDialect, JsonStyle, ParseError, deserialize_via_str};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Guid(pub Uuid);

impl From<Uuid> for Guid {
    fn from(uuid: Uuid) -> Self {
        Self(uuid)
    }
}

impl From<Guid> for Uuid {
    fn from(guid: Guid) -> Self {
        guid.0
    }
}

impl FromStr for Guid {
    type Err = ParseError;

    /// Dash-less, dashed, braced or `urn:uuid:` forms.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::try_parse(text)
            .map(Self)
            .map_err(|error| ParseError::new("Guid", text, error.to_string()))
    }
}

/// The dash-less form (`ToString("N")`).
impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.simple(), f)
    }
}

/// Dash-less for ServiceStack.Text, dashed (`"d"`) for System.Text.Json hosts.
impl serde::Serialize for Guid {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = match JsonStyle::current().dialect {
            JsonDialect::ServiceStackText => self.to_string(),
            JsonDialect::SystemTextJson => self.0.hyphenated().to_string(),
        };
        serializer.serialize_newtype_struct(crate::datacontract::GUID_MARKER, &text)
    }
}

deserialize_via_str!(Guid, "a Guid string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dashless_and_dashed_writes_dashless() {
        let dashless: Guid = "ea762009b66c410b9bf5ce21ad519249".parse().unwrap();
        let dashed: Guid = "EA762009-B66C-410B-9BF5-CE21AD519249".parse().unwrap();
        assert_eq!(dashless, dashed);
        assert_eq!(dashed.to_string(), "ea762009b66c410b9bf5ce21ad519249");
        let json = serde_json::to_string(&dashed).unwrap();
        assert_eq!(json, r#""ea762009b66c410b9bf5ce21ad519249""#);
        assert!("not-a-guid".parse::<Guid>().is_err());
    }

    #[test]
    fn system_text_json_hosts_get_dashes() {
        let guid: Guid = "ea762009b66c410b9bf5ce21ad519249".parse().unwrap();
        let stj = JsonStyle {
            dialect: JsonDialect::SystemTextJson,
            camel_case: true,
        };
        let json = stj.write(|| serde_json::to_string(&guid)).unwrap();
        assert_eq!(json, r#""ea762009-b66c-410b-9bf5-ce21ad519249""#);
        assert_eq!(serde_json::from_str::<Guid>(&json).unwrap(), guid);
    }
}
