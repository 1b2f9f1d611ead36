//! One HTTP exchange as every client makes it: the user's [`Hook`]s, the [`RetryPolicy`],
//! and what `tracing` records (events for retries; at TRACE level the request and answer,
//! credentials redacted). The clients open the span of a call; this fills it in.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::HeaderMap;

use crate::hook::{CallInfo, Hook, RawResponse};
use crate::redact;
use crate::retry::{self, RetryPolicy};

/// The span of one call: its service (host), operation, method and URL (credentials
/// redacted), then the status of its answer and the attempt that got it. How long the call
/// took is the span's own duration, which every subscriber measures.
pub(crate) fn span(operation: &str, method: &str, url: &reqwest::Url) -> tracing::Span {
    tracing::info_span!(
        "svcgen.call",
        service = url.host_str().unwrap_or_default(),
        operation,
        http.method = method,
        url = %redact::url(url),
        soap.action = tracing::field::Empty,
        soap.version = tracing::field::Empty,
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
    )
}

/// Records the answer's status on the current call's span (when one is being recorded).
pub(crate) fn record_status(status: u16) {
    if tracing::enabled!(tracing::Level::INFO) {
        tracing::Span::current().record("status", status);
    }
}

/// What a client does around each exchange beyond sending it. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Shaping {
    hooks: Vec<Arc<dyn Hook>>,
    retry: Option<Arc<RetryPolicy>>,
}

impl fmt::Debug for Shaping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shaping")
            .field("hooks", &self.hooks.len())
            .field("retry", &self.retry)
            .finish()
    }
}

impl Shaping {
    pub(crate) fn add_hook(&mut self, hook: Arc<dyn Hook>) {
        self.hooks.push(hook);
    }

    pub(crate) fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(Arc::new(policy));
    }

    /// Sends `request` (again, as the retry policy allows), each attempt shown to the
    /// hooks first. Returns the answer and the attempt it came from.
    pub(crate) async fn send(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation: &str,
    ) -> Result<(reqwest::Response, u32), reqwest::Error> {
        let retry = self
            .retry
            .as_deref()
            .filter(|policy| policy.allows(request.method(), operation));
        // Only a retry policy needs the time (for its deadline).
        let started = retry.map(|_| Instant::now());
        let mut request = request;
        let mut attempt = 1;
        loop {
            // A copy is kept for another attempt, unless the body is a stream.
            let (mut this, kept) = match retry.and_then(|_| request.try_clone()) {
                Some(copy) => (copy, Some(request)),
                None => (request, None),
            };
            let call = CallInfo { operation, attempt };
            for hook in &self.hooks {
                hook.on_request(&call, &mut this);
            }
            trace_request(&this);
            let result = http.execute(this).await;
            if tracing::enabled!(tracing::Level::INFO) {
                tracing::Span::current().record("attempt", attempt);
            }
            let Some((policy, kept)) = retry.zip(kept) else {
                return result.map(|response| (response, attempt));
            };
            let retry_after = match &result {
                Ok(response) if retry::is_retryable_status(response.status().as_u16()) => {
                    Some(crate::http::retry_after(response.headers()))
                }
                Err(error) if error.is_connect() || error.is_timeout() => Some(None),
                _ => None,
            };
            let Some(retry_after) = retry_after else {
                return result.map(|response| (response, attempt));
            };
            let delay = policy.delay(attempt, retry_after);
            let elapsed = started.map(|started| started.elapsed()).unwrap_or_default();
            if attempt >= policy.max_attempts || elapsed + delay > policy.deadline {
                return result.map(|response| (response, attempt));
            }
            let reason = match &result {
                Ok(response) => format!("HTTP {}", response.status().as_u16()),
                Err(_) => "no connection".to_owned(),
            };
            tracing::info!(
                operation,
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason,
                "retrying"
            );
            drop(result);
            tokio::time::sleep(delay).await;
            request = kept;
            attempt += 1;
        }
    }

    /// Shows an answer to the hooks and, at TRACE level, to `tracing`.
    pub(crate) fn answered(
        &self,
        operation: &str,
        attempt: u32,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        if tracing::enabled!(tracing::Level::TRACE) {
            tracing::trace!(
                status,
                headers = %redact::headers(headers),
                body = %redact::body(body),
                "answer"
            );
        }
        if self.hooks.is_empty() {
            return;
        }
        let response = RawResponse {
            status,
            headers: headers.clone(),
            body: body.to_vec(),
        };
        let call = CallInfo { operation, attempt };
        for hook in &self.hooks {
            hook.on_response(&call, &response);
        }
    }
}

fn trace_request(request: &reqwest::Request) {
    if !tracing::enabled!(tracing::Level::TRACE) {
        return;
    }
    let body = request
        .body()
        .and_then(reqwest::Body::as_bytes)
        .map_or_else(|| "<streamed>".to_owned(), redact::body);
    tracing::trace!(
        method = %request.method(),
        url = %redact::url(request.url()),
        headers = %redact::headers(request.headers()),
        body,
        "request"
    );
}
