//! What every client does with an HTTP answer: read its body, but never more than a limit,
//! so a hostile or broken server cannot make a client buffer without end.

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is larger than the limit (announced or actual).
    TooLarge,
    Transport(reqwest::Error),
}

/// How long the default clients wait for a connection (TCP and TLS) before giving up; an
/// unreachable host otherwise waits for the operating system's timeout (minutes).
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What the default clients call themselves, so that a host's logs tell svcgen clients
/// apart (the C# client sends `ServiceStackClient/<version>`).
pub(crate) const USER_AGENT: &str = concat!("svcgen-runtime/", env!("CARGO_PKG_VERSION"));

/// Where every default client starts: the crate's TLS stack, [`CONNECT_TIMEOUT`] and
/// [`USER_AGENT`].
pub(crate) fn default_client_builder() -> Result<reqwest::ClientBuilder, crate::tls::SetupError> {
    Ok(crate::tls::client_builder()?
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(USER_AGENT))
}

/// The answers larger than this are refused unless a client says otherwise.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(BodyError::TooLarge);
    }
    // Room for what the headers announce (within the limit, checked above), so the body
    // is not copied again as it grows.
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| BodyError::Transport(error.without_url()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `Retry-After`: delay-seconds, or an HTTP date (the time left until then; zero if past).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
    let text = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(text).ok()?.timestamp();
    let left = at.duration_since(jiff::Timestamp::now());
    Some(std::time::Duration::try_from(left).unwrap_or(std::time::Duration::ZERO))
}

/// `%XX` escapes decoded (others left as they are), the result read as UTF-8 (lossy).
pub(crate) fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        // Two hex digits exactly: `from_str_radix` alone would take `%+5` as 5.
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                index += 3;
            }
            None => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn percent_escapes_need_two_hex_digits() {
        assert_eq!(percent_decoded("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decoded("%+5%4"), "%+5%4");
        assert_eq!(percent_decoded("%e2%82%ac"), "€");
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "120".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(120)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "a past date");
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3600);
        let header =
            jiff::fmt::rfc2822::to_string(&later.to_zoned(jiff::tz::TimeZone::UTC)).unwrap();
        headers.insert(reqwest::header::RETRY_AFTER, header.parse().unwrap());
        let left = retry_after(&headers).unwrap();
        assert!(
            left > Duration::from_secs(3500) && left <= Duration::from_secs(3600),
            "{left:?}"
        );
        headers.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
