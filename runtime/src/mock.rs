//! The HTTP side of the test doubles generated code offers (cargo feature `mock`): a server
//! on 127.0.0.1 at an ephemeral port that answers each request as a service's mock decides
//! ([`crate::soap::mock`], [`crate::servicestack::mock`]), keeps every request it received,
//! and plays scripted delays and failures first.
//!
//! The server runs on its own thread and tokio runtime, so async tests (on any runtime
//! flavour) and blocking tests use it alike, and handlers are plain closures. It stops when
//! dropped.

use std::any::Any;
use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// One request as the mock received it.
#[derive(Clone)]
pub struct Received {
    /// `GET`, `POST`…
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query string without `?`, percent-encoded as sent.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The operation the mock took the request for, if any.
    pub operation: Option<&'static str>,
    /// The request as its handler was given it (the typed call), if one was.
    typed: Option<Arc<dyn Any + Send + Sync>>,
}

impl Received {
    /// A header's value, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The typed call a handler was given for this request, if it is a `T`.
    pub(crate) fn typed<T: Clone + 'static>(&self) -> Option<T> {
        self.typed.as_ref()?.downcast_ref::<T>().cloned()
    }
}

/// Header names and the body's length only: requests carry credentials.
impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("operation", &self.operation)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// An HTTP answer a service's mock gives.
#[derive(Clone, Default)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

/// Header names and the body's length only: answers carry session cookies and tokens.
impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl Answer {
    /// An answer with `status`, a `Content-Type` and `body`.
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: vec![(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_static(content_type),
            )],
            body,
        }
    }
}

/// What the mock does with one of the next requests instead of (or before) answering it
/// as its handlers say: a script for tests of timeouts, retries and broken connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Wait this long, then answer as the handlers say.
    Delay(Duration),
    /// Answer with this status and an empty body (a proxy's 502, a 503 with nobody home).
    Status(u16),
    /// Close the connection without answering.
    Disconnect,
}

/// What a service's mock made of one request.
#[derive(Default)]
pub(crate) struct Dispatched {
    /// The operation it took the request for.
    pub operation: Option<&'static str>,
    pub answer: Answer,
    /// The typed call its handler was given.
    pub typed: Option<Arc<dyn Any + Send + Sync>>,
}

impl Dispatched {
    /// An answer to a request no operation took.
    pub fn unplaced(answer: Answer) -> Self {
        Self {
            answer,
            ..Self::default()
        }
    }
}

/// How a service's mock answers one request.
pub(crate) trait Dispatch: Send + Sync + 'static {
    fn dispatch(&self, request: &Received) -> Dispatched;
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Step>>,
    latency: Mutex<Duration>,
}

/// Locks that survive a panicking handler: the log must stay readable after one.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running mock server. Stops (and drops its connections) when dropped.
pub struct Server {
    url: String,
    state: Arc<State>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("url", &self.url).finish()
    }
}

impl Server {
    /// Listens on 127.0.0.1 at a port the system picks.
    pub(crate) fn start(dispatch: Arc<dyn Dispatch>) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("svcgen-mock")
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let state = Arc::new(State::default());
        runtime.spawn(accept(listener, dispatch, Arc::clone(&state)));
        Ok(Self {
            url,
            state,
            runtime: Some(runtime),
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far, in order of arrival (a request is logged before it is
    /// answered, so a client that has its answer finds its request here).
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).clone()
    }

    /// Forgets the requests received so far (and so the typed calls of every operation).
    pub fn clear_received(&self) {
        lock(&self.state.received).clear();
    }

    /// Plays `step` on the next request not yet scripted: steps apply to requests in order,
    /// one each, whatever their operation.
    pub fn script(&self, step: Step) {
        lock(&self.state.script).push_back(step);
    }

    /// Waits this long before every answer (a slow host); zero by default.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.state.latency) = latency;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Not `drop(runtime)`: that blocks, which an async test may not do.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn accept(listener: tokio::net::TcpListener, dispatch: Arc<dyn Dispatch>, state: Arc<State>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of descriptors or a reset before accept: the next may work, after a
            // pause that keeps a persistent error from spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let (dispatch, state) = (Arc::clone(&dispatch), Arc::clone(&state));
        let service =
            service_fn(move |request| answer(request, Arc::clone(&dispatch), Arc::clone(&state)));
        tokio::spawn(async move {
            // A client that goes away mid-answer is not the mock's problem.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The connection is closed without an answer ([`Step::Disconnect`]).
#[derive(Debug)]
struct Disconnect;

impl std::fmt::Display for Disconnect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scripted disconnect")
    }
}

impl std::error::Error for Disconnect {}

async fn answer(
    request: hyper::Request<Incoming>,
    dispatch: Arc<dyn Dispatch>,
    state: Arc<State>,
) -> Result<hyper::Response<Full<Bytes>>, Disconnect> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Disconnect)?.to_bytes();
    let mut received = Received {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body: body.to_vec(),
        operation: None,
        typed: None,
    };
    let step = lock(&state.script).pop_front();
    let mut delay = *lock(&state.latency);
    if let Some(Step::Delay(extra)) = step {
        delay += extra;
    }
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let answer = match step {
        Some(Step::Disconnect) => {
            lock(&state.received).push(received);
            return Err(Disconnect);
        }
        Some(Step::Status(status)) => Answer {
            status,
            ..Answer::default()
        },
        _ => {
            // Handlers are the test's code and may block (sleep, call another mock with a
            // blocking client): on the blocking pool, they hold up no other connection.
            let (back, dispatched) = tokio::task::spawn_blocking(move || {
                let dispatched = dispatch_guarded(dispatch.as_ref(), &received);
                (received, dispatched)
            })
            .await
            .map_err(|_| Disconnect)?;
            received = back;
            received.operation = dispatched.operation;
            received.typed = dispatched.typed;
            dispatched.answer
        }
    };
    lock(&state.received).push(received);
    Ok(response(answer))
}

/// A handler that panics answers 500 with the panic's message, so that the test sees it
/// instead of a broken connection.
fn dispatch_guarded(dispatch: &dyn Dispatch, request: &Received) -> Dispatched {
    match std::panic::catch_unwind(AssertUnwindSafe(|| dispatch.dispatch(request))) {
        Ok(answered) => answered,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let body = format!("the mock's handler panicked: {message}").into_bytes();
            Dispatched::unplaced(Answer::new(500, "text/plain; charset=utf-8", body))
        }
    }
}

fn response(answer: Answer) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in answer.headers {
        headers.append(name, value);
    }
    response
}
