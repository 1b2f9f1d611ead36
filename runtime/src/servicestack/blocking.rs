//! [`Client`]: the same client for programs without an async runtime. It drives the async
//! client on a small runtime of its own (as `reqwest::blocking` does), so routes,
//! authentication, formats and errors behave exactly the same.

use std::sync::Arc;

use super::{Error, Request};

/// A synchronous ServiceStack client. Cheap to clone. Like `reqwest::blocking`, it is for
/// code outside any async runtime: calling it inside one is an error, and dropping the last
/// clone inside one panics (Tokio refuses to shut a runtime down there).
#[derive(Clone, Debug)]
pub struct Client {
    inner: super::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Client {
    /// Wraps a configured async client. Give it a `reqwest::Client` of its own (the default):
    /// connections are bound to the runtime that opened them.
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

    /// The async client this one drives, e.g. to read `session_token()`.
    pub fn inner(&self) -> &super::Client {
        &self.inner
    }

    /// Calls the operation `R` and waits for its answer.
    pub fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "the blocking client was called inside an async runtime; use the async client there".to_owned(),
            ));
        }
        self.runtime.block_on(self.inner.send(request))
    }
}
