//! [`Fetch`] over HTTP(S) with ureq (rustls with ring, certificates checked against the
//! system's trust store): bounded in time and size, and strict about status codes, because
//! the answer becomes a checked-in file. ureq rather than the runtime's reqwest keeps the
//! command free of an async stack (docs/decisions.md).

use std::time::Duration;

use super::Fetch;
use crate::error::Result;

/// A server answer larger than this is refused (the same bound as for files read).
const MAX_BYTES: u64 = crate::wsdl::xml::MAX_DOCUMENT_BYTES as u64;

/// Downloads with a blocking ureq agent.
#[derive(Debug)]
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new() -> Result<Self> {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .user_agent(concat!("svcgen/", env!("CARGO_PKG_VERSION")))
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .tls_config(tls)
            .build();
        Ok(Self {
            agent: ureq::Agent::new_with_config(config),
        })
    }
}

impl Fetch for Http {
    fn get(&mut self, url: &str) -> std::result::Result<Vec<u8>, String> {
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|error| with_causes(&error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the server answered HTTP {status}"));
        }
        match response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
        {
            Ok(body) => Ok(body),
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(format!(
                "the answer is larger than {} MiB; svcgen refuses it",
                MAX_BYTES / 1024 / 1024
            )),
            Err(error) => Err(format!("the answer broke off: {}", with_causes(&error))),
        }
    }
}

/// "error sending request" alone says nothing; what it wraps (refused, DNS, TLS) does.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let message = inner.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = inner.source();
    }
    text
}
