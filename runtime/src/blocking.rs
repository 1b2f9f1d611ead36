//! The executor behind the blocking clients (`servicestack::blocking`, `soap::blocking`):
//! a small current-thread Tokio runtime of their own that drives the async client's calls
//! to their end, as `reqwest::blocking` does, so each protocol's blocking client is only
//! its list of forwarding methods.

use std::future::Future;
use std::sync::Arc;

/// A protocol's error type, as far as the executor needs it: the executor's own failures
/// are requests that could not be made.
pub(crate) trait CallError {
    fn invalid_request(message: String) -> Self;
}

/// Shared by a client's clones and by what they hand out (a download reads its chunks on
/// it): connections are bound to the runtime that opened them.
#[derive(Clone, Debug)]
pub(crate) struct Executor(Arc<tokio::runtime::Runtime>);

impl Executor {
    pub(crate) fn new<E: CallError>() -> Result<Self, E> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                E::invalid_request(format!(
                    "cannot start the blocking client's runtime: {error}"
                ))
            })?;
        Ok(Self(Arc::new(runtime)))
    }

    /// Runs one call of the async client to its end. Inside an async runtime that would
    /// panic (Tokio refuses to block a runtime's thread), so it is an error instead.
    pub(crate) fn call<T, E: CallError>(
        &self,
        call: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(E::invalid_request(
                "the blocking client was called inside an async runtime; use the async client there".to_owned(),
            ));
        }
        self.block_on(call)
    }

    /// Runs `future` to its end, without [`Executor::call`]'s check (for `std::io::Read`,
    /// whose callers are outside a runtime already, as the call that made the reader was).
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Refused(String);

    impl CallError for Refused {
        fn invalid_request(message: String) -> Self {
            Self(message)
        }
    }

    #[test]
    fn calls_run_to_their_end_outside_a_runtime_only() {
        let executor = Executor::new::<Refused>().unwrap();
        assert_eq!(executor.call(async { Ok::<_, Refused>(7) }), Ok(7));
        let outer = Executor::new::<Refused>().unwrap();
        let inside = outer.block_on(async { executor.call(async { Ok::<_, Refused>(7) }) });
        assert!(
            matches!(&inside, Err(Refused(message)) if message.contains("inside an async runtime")),
            "{inside:?}"
        );
    }
}
