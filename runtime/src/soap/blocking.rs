//! [`Client`]: the same SOAP client for programs without an async runtime. It drives the
//! async client on a small runtime of its own, so envelopes, versions and errors behave
//! exactly the same.

use super::{Error, Operation, Response};
use crate::blocking::{CallError, Executor};
use crate::xml::{Complex, RawXml, Value};

/// A synchronous SOAP client. Cheap to clone. Calling it inside an async runtime is an
/// error (use the async client there).
#[derive(Clone, Debug)]
pub struct Client {
    inner: super::Client,
    executor: Executor,
}

impl CallError for Error {
    fn invalid_request(message: String) -> Self {
        Error::InvalidRequest(message)
    }
}

impl Client {
    /// Wraps a configured async client (give it a `reqwest::Client` of its own: connections
    /// are bound to the runtime that opened them).
    pub fn new(inner: super::Client) -> Result<Self, Error> {
        Ok(Self {
            inner,
            executor: Executor::new::<Error>()?,
        })
    }

    /// The async client this one drives.
    pub fn inner(&self) -> &super::Client {
        &self.inner
    }

    /// The same client for another endpoint.
    pub fn with_base_url(&self, url: &str) -> Result<Self, Error> {
        Ok(Self {
            inner: self.inner.with_base_url(url)?,
            executor: self.executor.clone(),
        })
    }

    /// Calls `operation` and waits for its answer.
    pub fn call<R: Value, B: Value + Default, H: Complex>(
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
        self.executor
            .call(self.inner.call_raw(operation, request, headers))
    }

    /// [`super::Client::call_with`]: more header elements for this call.
    pub fn call_with<R: Value, B: Value + Default, H: Complex>(
        &self,
        operation: &Operation,
        request: &R,
        headers: &H,
        extra: &[RawXml],
    ) -> Result<Response<B, H>, Error> {
        self.executor
            .call(self.inner.call_with(operation, request, headers, extra))
    }
}
