//! [`Secret`]: a credential that never shows up in `Debug` output, errors or logs.

use std::fmt;

/// A credential (token, password, session ID). `Debug` prints a placeholder, there is no
/// `Display`, and the value is only reachable through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
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
}
