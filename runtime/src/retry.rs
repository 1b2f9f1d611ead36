//! [`RetryPolicy`]: when a client sends a request again. Off unless a client is given one.
//! Connection failures, `429 Too Many Requests` and `503 Service Unavailable` are retried,
//! after the answer's `Retry-After` (capped) or an exponential backoff with full jitter,
//! within a number of attempts and a total deadline; only idempotent calls unless told
//! otherwise.

use std::time::Duration;

/// How a client retries. [`RetryPolicy::default`]: 3 attempts, 200 ms doubling up to 10 s,
/// 30 s in all, idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS; SOAP operations
/// only when named with [`RetryPolicy::with_idempotent_operations`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub initial_delay: Duration,
    /// The longest wait between attempts, `Retry-After` included.
    pub max_delay: Duration,
    /// No attempt starts after this much time since the first.
    pub deadline: Duration,
    /// Retry POST and PATCH (and every SOAP operation) too.
    pub retry_non_idempotent: bool,
    /// SOAP operations (by name) that are safe to send twice.
    pub idempotent_operations: Vec<String>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            retry_non_idempotent: false,
            idempotent_operations: Vec::new(),
        }
    }
}

impl RetryPolicy {
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Retries calls that may not be safe to repeat (POST, PATCH, any SOAP operation).
    pub fn retrying_non_idempotent(mut self) -> Self {
        self.retry_non_idempotent = true;
        self
    }

    /// SOAP operations that are safe to send twice (every SOAP call is a POST).
    pub fn with_idempotent_operations<I, S>(mut self, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.idempotent_operations = operations.into_iter().map(Into::into).collect();
        self
    }

    /// Whether a call of `operation` with `method` may be sent again.
    pub(crate) fn allows(&self, method: &reqwest::Method, operation: &str) -> bool {
        let idempotent = matches!(
            *method,
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
        );
        self.retry_non_idempotent
            || idempotent
            || self
                .idempotent_operations
                .iter()
                .any(|name| name == operation)
    }

    /// How long to wait before attempt `attempt + 1`, given the answer's `Retry-After`.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_delay);
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .initial_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        // Full jitter: a uniform share of the ceiling, so that clients do not retry in step.
        let mut random = [0u8; 4];
        if getrandom::fill(&mut random).is_err() {
            return ceiling;
        }
        let share = f64::from(u32::from_le_bytes(random)) / f64::from(u32::MAX);
        ceiling.mul_f64(share)
    }
}

/// Whether an answer's status asks for another attempt.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_idempotent_calls_unless_told() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&reqwest::Method::GET, "GetThing"));
        assert!(policy.allows(&reqwest::Method::DELETE, "DeleteThing"));
        assert!(!policy.allows(&reqwest::Method::POST, "CreateThing"));
        let marked = policy.clone().with_idempotent_operations(["GetQuote"]);
        assert!(marked.allows(&reqwest::Method::POST, "GetQuote"));
        assert!(!marked.allows(&reqwest::Method::POST, "PlaceOrder"));
        assert!(
            policy
                .retrying_non_idempotent()
                .allows(&reqwest::Method::POST, "PlaceOrder")
        );
    }

    #[test]
    fn delays_grow_within_the_cap_and_retry_after_is_capped() {
        let policy = RetryPolicy::default()
            .with_initial_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(350));
        for attempt in 1..6 {
            let ceiling =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(350));
            assert!(policy.delay(attempt, None) <= ceiling);
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(60))),
            Duration::from_millis(350)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_millis(20))),
            Duration::from_millis(20)
        );
    }
}
