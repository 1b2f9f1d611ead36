//! [`Fetch`] over HTTP(S) with reqwest and rustls: bounded in time and size, and strict
//! about status codes, because the answer becomes a checked-in file.

use std::io::Read as _;
use std::time::Duration;

use super::Fetch;
use crate::error::{Error, Result};

/// A server answer larger than this is refused (the same bound as for files read).
const MAX_BYTES: u64 = crate::wsdl::xml::MAX_DOCUMENT_BYTES as u64;

/// Downloads with a blocking reqwest client.
#[derive(Debug)]
pub struct Http {
    client: reqwest::blocking::Client,
}

impl Http {
    pub fn new() -> Result<Self> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!("svcgen/", env!("CARGO_PKG_VERSION")))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|error| Error::Update {
                message: format!("cannot set up HTTP: {error}"),
            })?;
        Ok(Self { client })
    }
}

impl Fetch for Http {
    fn get(&mut self, url: &str) -> std::result::Result<Vec<u8>, String> {
        let response = self
            .client
            .get(url)
            .send()
            .map_err(|error| with_causes(&error.without_url()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the server answered HTTP {status}"));
        }
        let mut body = Vec::new();
        response
            .take(MAX_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|error| format!("the answer broke off: {}", with_causes(&error)))?;
        if body.len() as u64 > MAX_BYTES {
            return Err(format!(
                "the answer is larger than {} MiB; svcgen refuses it",
                MAX_BYTES / 1024 / 1024
            ));
        }
        Ok(body)
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
