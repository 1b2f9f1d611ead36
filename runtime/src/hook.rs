//! [`Hook`]: user code that sees, and may change, every request a client sends, and sees
//! every answer before it is decoded: to log raw envelopes, add a correlation header,
//! measure, or sign. A trait of our own rather than a `reqwest-middleware` or tower stack:
//! it works the same for the ServiceStack and SOAP clients, sync and async, with the
//! caller's own `reqwest::Client`, and costs nothing when no hook is set.

use std::fmt;

use reqwest::header::HeaderMap;

/// Which call a hook is looking at.
#[derive(Clone, Copy, Debug)]
pub struct CallInfo<'a> {
    /// The operation's name (the request DTO's for ServiceStack).
    pub operation: &'a str,
    /// 1 for the first try; more when a retry policy or a token refresh sent it again.
    pub attempt: u32,
}

/// An answer as it arrived: status, headers and the whole body, not decoded. `Debug` shows
/// the header names and the body's size only, since both may carry credentials.
#[derive(Clone, Default)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Called by a client around each HTTP exchange. Both methods do nothing by default.
///
/// ```
/// use svcgen_runtime::hook::{CallInfo, Hook, RawResponse};
///
/// /// Adds a correlation id and counts the answers.
/// #[derive(Default)]
/// struct Correlate(std::sync::atomic::AtomicUsize);
///
/// impl Hook for Correlate {
///     fn on_request(&self, call: &CallInfo<'_>, request: &mut svcgen_runtime::reqwest::Request) {
///         let id = format!("{}-{}", call.operation, call.attempt);
///         if let Ok(value) = id.parse() {
///             request.headers_mut().insert("x-correlation-id", value);
///         }
///     }
///
///     fn on_response(&self, _: &CallInfo<'_>, response: &RawResponse) {
///         self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         let _ = response.status;
///     }
/// }
/// ```
pub trait Hook: Send + Sync {
    /// The request about to be sent: its URL, headers and body may be changed.
    fn on_request(&self, call: &CallInfo<'_>, request: &mut reqwest::Request) {
        let _ = (call, request);
    }

    /// The answer, before it is decoded (a streamed download's body is empty here).
    fn on_response(&self, call: &CallInfo<'_>, response: &RawResponse) {
        let _ = (call, response);
    }
}
