//! .NET `Guid`: ServiceStack.Text writes 32 hex digits without dashes; every common form
//! is read.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use super::{ParseError, serde_via_str};

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

serde_via_str!(Guid, "a Guid string", crate::datacontract::GUID_MARKER);

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
}
