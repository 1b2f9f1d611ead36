//! WS-Security's UsernameToken (OASIS UsernameToken Profile 1.0/1.1): a user name and a
//! password in a `wsse:Security` header, the password as text (what WCF accepts, over TLS)
//! or as `Base64(SHA-1(nonce + created + password))` with a fresh nonce and creation time
//! (what Java, node-soap and zeep servers also take), optionally after a `wsu:Timestamp`.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest as _, Sha1};

use super::Error;
use crate::Secret;

const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const PROFILE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
const BASE64_BINARY: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// How the password travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PasswordType {
    /// `#PasswordText`: the password itself. The only kind WCF accepts; send it over TLS.
    #[default]
    Text,
    /// `#PasswordDigest`: a SHA-1 digest of a fresh nonce, the creation time and the
    /// password, so the password never travels.
    Digest,
}

/// A `wsse:UsernameToken` sent with every call of a [`super::Client`]. The password is a
/// [`Secret`]: it shows in no `Debug` output or error.
#[derive(Clone, Debug)]
pub struct UsernameToken {
    username: String,
    password: Secret,
    password_type: PasswordType,
    /// `wsu:Timestamp` with `Expires` this long after `Created`.
    timestamp: Option<Duration>,
    must_understand: bool,
}

impl UsernameToken {
    /// The password as text, `mustUnderstand="1"` on the header (as WCF writes it), no
    /// timestamp.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            password_type: PasswordType::Text,
            timestamp: None,
            must_understand: true,
        }
    }

    pub fn with_password_type(mut self, password_type: PasswordType) -> Self {
        self.password_type = password_type;
        self
    }

    /// Adds a `wsu:Timestamp` that expires `lifetime` after it is made (WCF makes 5
    /// minutes, and faults on a message without one when its binding asks for it).
    pub fn with_timestamp(mut self, lifetime: Duration) -> Self {
        self.timestamp = Some(lifetime);
        self
    }

    /// Leaves `mustUnderstand` off the `wsse:Security` header.
    pub fn without_must_understand(mut self) -> Self {
        self.must_understand = false;
        self
    }

    /// The header element for one message, made now with a fresh nonce.
    pub(crate) fn header(&self, envelope: &str) -> Result<String, Error> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce)
            .map_err(|error| Error::InvalidRequest(format!("no random nonce: {error}")))?;
        Ok(self.render(envelope, jiff::Timestamp::now(), &nonce))
    }

    fn render(&self, envelope: &str, now: jiff::Timestamp, nonce: &[u8]) -> String {
        let escape = |text: &str| quick_xml::escape::escape(text).into_owned();
        let created = utc(now);
        let must_understand = if self.must_understand {
            format!(" {envelope}:mustUnderstand=\"1\"")
        } else {
            String::new()
        };
        let mut header =
            format!("<wsse:Security{must_understand} xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\">");
        if let Some(lifetime) = self.timestamp {
            let expires = jiff::SignedDuration::try_from(lifetime)
                .ok()
                .and_then(|lifetime| now.checked_add(lifetime).ok())
                .unwrap_or(now);
            header.push_str(&format!(
                "<wsu:Timestamp wsu:Id=\"Timestamp-1\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{}</wsu:Expires></wsu:Timestamp>",
                utc(expires)
            ));
        }
        header.push_str(&format!(
            "<wsse:UsernameToken wsu:Id=\"UsernameToken-1\"><wsse:Username>{}</wsse:Username>",
            escape(&self.username)
        ));
        match self.password_type {
            PasswordType::Text => header.push_str(&format!(
                "<wsse:Password Type=\"{PROFILE}#PasswordText\">{}</wsse:Password>",
                escape(self.password.expose())
            )),
            PasswordType::Digest => header.push_str(&format!(
                "<wsse:Password Type=\"{PROFILE}#PasswordDigest\">{}</wsse:Password><wsse:Nonce EncodingType=\"{BASE64_BINARY}\">{}</wsse:Nonce><wsu:Created>{created}</wsu:Created>",
                password_digest(nonce, &created, self.password.expose()),
                STANDARD.encode(nonce)
            )),
        }
        header.push_str("</wsse:UsernameToken></wsse:Security>");
        header
    }
}

/// UTC with milliseconds, as WCF writes `wsu:Created` (`2008-08-15T01:33:04.916Z`).
fn utc(instant: jiff::Timestamp) -> String {
    instant.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `Base64(SHA-1(nonce + created + password))`: the nonce's bytes, then the `wsu:Created`
/// text exactly as sent, then the password, as UTF-8.
pub(crate) fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(nonce);
    hasher.update(created.as_bytes());
    hasher.update(password.as_bytes());
    STANDARD.encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profile's vectors as node-soap's and zeep's tests have them.
    #[test]
    fn digests_match_other_implementations() {
        let node_nonce = STANDARD.decode("2FW1CIo2ZUOJmSjVRcJZlQ==").unwrap();
        assert_eq!(
            password_digest(&node_nonce, "2019-02-12T12:34:12.110Z", "vM3s1hKVMy6zBOn"),
            "wM9xjA92wCw+QcQI1urjZ6B8+LQ="
        );
        assert_eq!(
            password_digest(b"abcdefghijklmnop", "2024-01-02T03:04:05+00:00", "secret"),
            "U/dLskG9p/GLb/7m4fBnqr00HcU="
        );
        assert_eq!(
            password_digest(b"abcdefghijklmnop", "2024-01-02T03:04:05Z", "secret"),
            "PfIcEYLw0TuPsMx5+1LnAa8sWKw="
        );
    }

    #[test]
    fn text_and_digest_tokens_with_a_timestamp() {
        let now: jiff::Timestamp = "2024-01-02T03:04:05.678Z".parse().unwrap();
        let text = UsernameToken::new("alice", "s<cret").with_timestamp(Duration::from_secs(300));
        assert_eq!(
            text.render("soap", now, b"abcdefghijklmnop"),
            format!(
                "<wsse:Security soap:mustUnderstand=\"1\" xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\"><wsu:Timestamp wsu:Id=\"Timestamp-1\"><wsu:Created>2024-01-02T03:04:05.678Z</wsu:Created><wsu:Expires>2024-01-02T03:09:05.678Z</wsu:Expires></wsu:Timestamp><wsse:UsernameToken wsu:Id=\"UsernameToken-1\"><wsse:Username>alice</wsse:Username><wsse:Password Type=\"{PROFILE}#PasswordText\">s&lt;cret</wsse:Password></wsse:UsernameToken></wsse:Security>"
            )
        );
        let digest = UsernameToken::new("alice", "secret")
            .with_password_type(PasswordType::Digest)
            .without_must_understand();
        let header = digest.render("soap12", now, b"abcdefghijklmnop");
        let expected_digest =
            password_digest(b"abcdefghijklmnop", "2024-01-02T03:04:05.678Z", "secret");
        assert_eq!(
            header,
            format!(
                "<wsse:Security xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\"><wsse:UsernameToken wsu:Id=\"UsernameToken-1\"><wsse:Username>alice</wsse:Username><wsse:Password Type=\"{PROFILE}#PasswordDigest\">{expected_digest}</wsse:Password><wsse:Nonce EncodingType=\"{BASE64_BINARY}\">YWJjZGVmZ2hpamtsbW5vcA==</wsse:Nonce><wsu:Created>2024-01-02T03:04:05.678Z</wsu:Created></wsse:UsernameToken></wsse:Security>"
            )
        );
        assert!(!format!("{digest:?}").contains("secret"));
    }
}
