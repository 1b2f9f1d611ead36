//! [`Secret`]: a credential that never shows up in `Debug` output, errors or logs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential (token, password, session ID). `Debug` prints a placeholder, there is no
/// `Display`, and the value is only reachable through [`Secret::expose`]. On the wire it is
/// a plain string: generated DTOs use it for members such as `AccessToken` or `Password`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself, for the one place that has to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("eyJhbGciOi.top-secret");
        let shown = format!("{secret:?} {:?}", Some(&secret));
        assert!(!shown.contains("top-secret"), "{shown}");
        assert_eq!(secret.expose(), "eyJhbGciOi.top-secret");
    }

    #[test]
    fn travels_as_a_plain_string() {
        let secret: Secret = serde_json::from_str(r#""jwt""#).unwrap();
        assert_eq!(secret.expose(), "jwt");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""jwt""#);
    }
}
