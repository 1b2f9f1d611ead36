//! .NET `byte[]` and `Stream` on the wire: base64 strings.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{ParseError, serde_via_str};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

impl FromStr for Bytes {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        STANDARD
            .decode(text)
            .map(Self)
            .map_err(|error| ParseError::new("base64", text, error.to_string()))
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

serde_via_str!(Bytes, "a base64 string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        let bytes: Bytes = "AAEC/w==".parse().unwrap();
        assert_eq!(bytes.0, vec![0, 1, 2, 255]);
        assert_eq!(bytes.to_string(), "AAEC/w==");
        assert!("%%%".parse::<Bytes>().is_err());
    }
}
