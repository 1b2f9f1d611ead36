//! Which TLS stack the runtime's default HTTP clients use, chosen by cargo feature:
//!
//! - `rustls-ring` (default): rustls with the *ring* provider. No C build beyond ring's
//!   small assembly, no system library.
//! - `rustls-aws-lc-rs`: rustls with aws-lc-rs (a C build; post-quantum key exchange, the
//!   FIPS-validated module behind its `fips` feature).
//! - `native-tls`: the platform's TLS library (OpenSSL on Linux, SChannel on Windows,
//!   Security.framework on macOS), with its certificate store and settings.
//!
//! With rustls, server certificates are checked against the operating system's trust store
//! (rustls-platform-verifier), so a company's own root CA installed there is trusted, as by
//! every other program on the machine. When several features are on (Cargo unifies them
//! across a build), rustls with ring wins over aws-lc-rs, and rustls over native-tls. With
//! none, the clients speak plain `http://` only.
//!
//! [`client_builder`] is the start of every default client; callers who configure their own
//! `reqwest::Client` (timeouts, proxies) can start from it to keep the same TLS.

/// The TLS stack could not be set up (for example, the system has no CA certificates).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("TLS setup failed: {0}")]
pub struct SetupError(String);

/// A `reqwest::ClientBuilder` with the TLS stack this crate was built with.
pub fn client_builder() -> Result<reqwest::ClientBuilder, SetupError> {
    configure(reqwest::Client::builder())
}

#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))]
fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, SetupError> {
    use rustls_platform_verifier::BuilderVerifierExt as _;

    let provider = std::sync::Arc::new(provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|config| config.with_platform_verifier())
        .map_err(|error| SetupError(error.to_string()))?
        .with_no_client_auth();
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(feature = "rustls-ring")]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

#[cfg(all(feature = "rustls-aws-lc-rs", not(feature = "rustls-ring")))]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

#[cfg(all(
    feature = "native-tls",
    not(any(feature = "rustls-ring", feature = "rustls-aws-lc-rs"))
))]
fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, SetupError> {
    Ok(builder.tls_backend_native())
}

#[cfg(not(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc-rs",
    feature = "native-tls"
)))]
fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, SetupError> {
    Ok(builder)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_stack_builds_a_client() {
        let client = super::client_builder().unwrap().build();
        assert!(client.is_ok(), "{client:?}");
    }
}
