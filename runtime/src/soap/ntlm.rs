//! NTLM over HTTP ([MS-NTHT]) for on-premises ASMX services (SSRS, SharePoint, Dynamics)
//! behind Windows authentication (cargo feature `ntlm`). The host answers an anonymous
//! request with `401` and `WWW-Authenticate: NTLM` (or `Negotiate`); the client sends a
//! NEGOTIATE message, reads the CHALLENGE from the next `401`, and sends the AUTHENTICATE
//! message (NTLMv2, computed by the `ntlmclient` crate). NTLM authenticates the TCP
//! connection, so the three requests must share one: the client that does this speaks
//! HTTP/1.1 only and keeps one idle connection per host.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{HeaderMap, HeaderValue, WWW_AUTHENTICATE};

use super::Error;
use crate::Secret;

/// A Windows account: domain, user name and password (a [`Secret`]).
#[derive(Clone, Debug)]
pub struct NtlmCredentials {
    domain: String,
    user: String,
    password: Secret,
    workstation: String,
}

impl NtlmCredentials {
    /// `domain` may be empty for a local account of the server.
    pub fn new(
        domain: impl Into<String>,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        Self {
            domain: domain.into(),
            user: user.into(),
            password: password.into(),
            workstation: "SVCGEN".to_owned(),
        }
    }

    /// The NEGOTIATE message, as an `Authorization` value of `scheme`.
    pub(crate) fn negotiate(&self, scheme: &str) -> Result<HeaderValue, Error> {
        let flags = ntlmclient::Flags::NEGOTIATE_UNICODE
            | ntlmclient::Flags::REQUEST_TARGET
            | ntlmclient::Flags::NEGOTIATE_NTLM
            | ntlmclient::Flags::NEGOTIATE_WORKSTATION_SUPPLIED;
        let message = ntlmclient::Message::Negotiate(ntlmclient::NegotiateMessage {
            flags,
            supplied_domain: String::new(),
            supplied_workstation: self.workstation.clone(),
            os_version: Default::default(),
        });
        let bytes = message
            .to_bytes()
            .map_err(|error| Error::InvalidRequest(format!("NTLM negotiate message: {error}")))?;
        authorization(scheme, &bytes)
    }

    /// The AUTHENTICATE message answering the server's CHALLENGE (from the
    /// `WWW-Authenticate` of its `401`).
    pub(crate) fn authenticate(
        &self,
        scheme: &str,
        headers: &HeaderMap,
    ) -> Result<HeaderValue, Error> {
        let token = challenge(scheme, headers)
            .ok_or_else(|| Error::InvalidRequest(format!("the host sent no {scheme} challenge")))?;
        let bytes = STANDARD.decode(token).map_err(|error| {
            Error::InvalidRequest(format!("the {scheme} challenge is not base64: {error}"))
        })?;
        let challenge = match ntlmclient::Message::try_from(bytes.as_slice()) {
            Ok(ntlmclient::Message::Challenge(challenge)) => challenge,
            _ => {
                return Err(Error::InvalidRequest(format!(
                    "the {scheme} challenge is not an NTLM CHALLENGE message"
                )));
            }
        };
        let target: Vec<u8> = challenge
            .target_information
            .iter()
            .flat_map(|entry| entry.to_bytes())
            .collect();
        let credentials = ntlmclient::Credentials {
            username: self.user.clone(),
            password: self.password.expose().to_owned(),
            domain: self.domain.clone(),
        };
        let response = ntlmclient::respond_challenge_ntlm_v2(
            challenge.challenge,
            &target,
            ntlmclient::get_ntlm_time(),
            &credentials,
        );
        let flags = ntlmclient::Flags::NEGOTIATE_UNICODE | ntlmclient::Flags::NEGOTIATE_NTLM;
        let message = response.to_message(&credentials, &self.workstation, flags);
        let bytes = message.to_bytes().map_err(|error| {
            Error::InvalidRequest(format!("NTLM authenticate message: {error}"))
        })?;
        authorization(scheme, &bytes)
    }
}

/// The scheme to answer a `401` with: `NTLM` when the host offers it, else `Negotiate`
/// (carrying raw NTLM, which Windows hosts accept when Kerberos is not at hand).
pub(crate) fn offered(headers: &HeaderMap) -> Option<&'static str> {
    let schemes: Vec<&str> = headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split_whitespace().next())
        .collect();
    ["NTLM", "Negotiate"].into_iter().find(|scheme| {
        schemes
            .iter()
            .any(|offered| offered.eq_ignore_ascii_case(scheme))
    })
}

/// The token of the `WWW-Authenticate: <scheme> <token>` header.
fn challenge<'a>(scheme: &str, headers: &'a HeaderMap) -> Option<&'a str> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let (name, token) = value.split_once(' ')?;
            name.eq_ignore_ascii_case(scheme).then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
}

fn authorization(scheme: &str, message: &[u8]) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("{scheme} {}", STANDARD.encode(message)))
        .map_err(|_| Error::InvalidRequest("an NTLM message is not a header value".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_scheme_and_its_challenge() {
        let mut headers = HeaderMap::new();
        assert_eq!(offered(&headers), None);
        headers.append(WWW_AUTHENTICATE, "Negotiate".parse().unwrap());
        assert_eq!(offered(&headers), Some("Negotiate"));
        headers.append(WWW_AUTHENTICATE, "NTLM".parse().unwrap());
        assert_eq!(offered(&headers), Some("NTLM"));
        assert_eq!(challenge("NTLM", &headers), None);
        headers.insert(WWW_AUTHENTICATE, "NTLM TlRMTVNTUAACAAAA".parse().unwrap());
        assert_eq!(challenge("NTLM", &headers), Some("TlRMTVNTUAACAAAA"));
    }

    #[test]
    fn the_negotiate_message_is_ntlmssp_type_1_and_the_password_stays_hidden() {
        let credentials = NtlmCredentials::new("DOM", "alice", "hunter2");
        let negotiate = credentials.negotiate("NTLM").unwrap();
        assert!(
            negotiate
                .to_str()
                .unwrap()
                .starts_with("NTLM TlRMTVNTUAABAAAA")
        );
        assert!(negotiate.is_sensitive());
        assert!(!format!("{credentials:?}").contains("hunter2"));
        let error = credentials
            .authenticate("NTLM", &HeaderMap::new())
            .unwrap_err();
        assert!(error.to_string().contains("no NTLM challenge"), "{error}");
    }
}
