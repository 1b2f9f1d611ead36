//! [`Client`]: the same client for programs without an async runtime. It drives the async
//! client on a small runtime of its own (as `reqwest::blocking` does), so routes,
//! authentication, formats and errors behave exactly the same.

use super::{AuthenticateResponse, Error, Request};
use crate::Secret;
use crate::blocking::{CallError, Executor};

/// A synchronous ServiceStack client. Cheap to clone. Like `reqwest::blocking`, it is for
/// code outside any async runtime: calling it inside one is an error, and dropping the last
/// clone inside one panics (Tokio refuses to shut a runtime down there).
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
    /// Wraps a configured async client. Give it a `reqwest::Client` of its own (the default):
    /// connections are bound to the runtime that opened them.
    pub fn new(inner: super::Client) -> Result<Self, Error> {
        Ok(Self {
            inner,
            executor: Executor::new::<Error>()?,
        })
    }

    /// The async client this one drives, e.g. to read `session_token()`.
    pub fn inner(&self) -> &super::Client {
        &self.inner
    }

    /// Calls the operation `R` and waits for its answer.
    pub fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        self.executor.call(self.inner.send(request))
    }

    /// [`super::Client::send_raw`]: the answer as it came, not decoded (decode it with
    /// `inner().decode::<R>(&raw)`).
    pub fn send_raw<R: Request>(&self, request: &R) -> Result<crate::hook::RawResponse, Error> {
        self.executor.call(self.inner.send_raw(request))
    }

    /// [`super::Client::send_all`]: one batch, the answers in order.
    pub fn send_all<R: Request>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error> {
        self.executor.call(self.inner.send_all(requests))
    }

    /// [`super::Client::publish`]: one-way.
    pub fn publish<R: Request>(&self, request: &R) -> Result<(), Error> {
        self.executor.call(self.inner.publish(request))
    }

    /// [`super::Client::publish_all`]: one-way, in one batch.
    pub fn publish_all<R: Request>(&self, requests: &[R]) -> Result<(), Error> {
        self.executor.call(self.inner.publish_all(requests))
    }

    /// [`super::Client::authenticate`]: signs in and keeps the session.
    pub fn authenticate(
        &self,
        user_name: &str,
        password: impl Into<Secret>,
    ) -> Result<AuthenticateResponse, Error> {
        self.executor
            .call(self.inner.authenticate(user_name, password))
    }

    /// [`super::Client::send_with_files`]: a `multipart/form-data` upload.
    #[cfg(feature = "multipart")]
    pub fn send_with_files<R: Request>(
        &self,
        request: &R,
        files: &[super::UploadFile],
    ) -> Result<R::Response, Error> {
        self.executor
            .call(self.inner.send_with_files(request, files))
    }

    /// [`super::Client::send_streaming`]: the answer's body as a [`std::io::Read`], with no
    /// size limit.
    pub fn send_streaming<R: Request>(&self, request: &R) -> Result<Download, Error> {
        let download = self.executor.call(self.inner.send_streaming(request))?;
        Ok(Download {
            inner: download,
            executor: self.executor.clone(),
            pending: bytes::Bytes::new(),
        })
    }
}

/// A successful answer read as it arrives ([`std::io::Read`]).
#[derive(Debug)]
pub struct Download {
    inner: super::Download,
    executor: Executor,
    /// What the last chunk had beyond the caller's buffer.
    pending: bytes::Bytes,
}

impl Download {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.inner.status()
    }

    /// The answer's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.inner.headers()
    }
}

impl std::io::Read for Download {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            let chunk = self
                .executor
                .block_on(self.inner.chunk())
                .map_err(std::io::Error::other)?;
            match chunk {
                Some(chunk) => self.pending = chunk,
                None => return Ok(0),
            }
        }
        let count = buffer.len().min(self.pending.len());
        let taken = self.pending.split_to(count);
        buffer
            .get_mut(..count)
            .unwrap_or_default()
            .copy_from_slice(&taken);
        Ok(count)
    }
}
