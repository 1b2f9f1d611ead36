//! [`Client`]: the same SOAP client for programs without an async runtime. It drives the
//! async client on a small runtime of its own, so envelopes, versions and errors behave
//! exactly the same.

use std::sync::Arc;

use super::{Error, Operation, Response};
use crate::xml::{Complex, RawXml, Value};

/// A synchronous SOAP client. Cheap to clone. Calling it inside an async runtime is an
/// error (use the async client there).
#[derive(Clone, Debug)]
pub struct Client {
    inner: super::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Client {
    /// Wraps a configured async client (give it a `reqwest::Client` of its own: connections
    /// are bound to the runtime that opened them).
    pub fn new(inner: super::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                Error::InvalidRequest(format!(
                    "cannot start the blocking client's runtime: {error}"
                ))
            })?;
        Ok(Self {
            inner,
            runtime: Arc::new(runtime),
        })
    }

    pub fn inner(&self) -> &super::Client {
        &self.inner
    }

    /// The same client for another endpoint.
    pub fn with_base_url(&self, url: &str) -> Result<Self, Error> {
        Ok(Self {
            inner: self.inner.with_base_url(url)?,
            runtime: Arc::clone(&self.runtime),
        })
    }

    /// Runs one call of the async client to its end.
    fn block<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "the blocking client was called inside an async runtime; use the async client there".to_owned(),
            ));
        }
        self.runtime.block_on(call)
    }

    /// Calls `operation` and waits for its answer.
    pub fn call<R: Value, B: Value, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
    ) -> Result<Response<B, H>, Error> {
        self.call_with(operation, request, headers, &[])
    }

    /// [`super::Client::call_raw`]: the answer as it came, not decoded (decode it with
    /// [`super::Client::decode`]).
    pub fn call_raw<R: Value, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
    ) -> Result<crate::hook::RawResponse, Error> {
        self.block(self.inner.call_raw(operation, request, headers))
    }

    /// [`super::Client::call_with`]: more header elements for this call.
    pub fn call_with<R: Value, B: Value, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
        extra: &[RawXml],
    ) -> Result<Response<B, H>, Error> {
        self.block(self.inner.call_with(operation, request, headers, extra))
    }
}
