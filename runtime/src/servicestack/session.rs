//! What a client proves and remembers about the host: the bearer token (replaced when it
//! is refreshed), Basic credentials, the refresh token, and the host's cookies (`ss-id`,
//! `ss-pid`, `ss-tok`, `ss-reftok`…). Every clone of a client shares one session.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, PoisonError, RwLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{HeaderMap, HeaderValue, SET_COOKIE};

use super::Error;
use crate::Secret;

/// ServiceStack's cookie for a JWT issued by `ConvertSessionToToken` or `Authenticate`.
pub(crate) const TOKEN_COOKIE: &str = "ss-tok";
/// The cookie in which hosts that issue JWTs as cookies keep the refresh token.
pub(crate) const REFRESH_TOKEN_COOKIE: &str = "ss-reftok";

#[derive(Default)]
pub(crate) struct Session {
    bearer: RwLock<Option<Secret>>,
    basic: RwLock<Option<(String, Secret)>>,
    refresh_token: RwLock<Option<Secret>>,
    cookies: Mutex<BTreeMap<String, Secret>>,
}

impl Session {
    pub(crate) fn set_bearer(&self, token: Secret) {
        *self.bearer.write().unwrap_or_else(PoisonError::into_inner) = Some(token);
    }

    pub(crate) fn bearer(&self) -> Option<Secret> {
        self.bearer
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// An independent copy, for a client configured from a clone.
    pub(crate) fn duplicate(&self) -> Self {
        Self {
            bearer: RwLock::new(self.bearer()),
            basic: RwLock::new(
                self.basic
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone(),
            ),
            refresh_token: RwLock::new(self.refresh_token()),
            cookies: Mutex::new(
                self.cookies
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone(),
            ),
        }
    }

    pub(crate) fn set_basic(&self, user: String, password: Secret) {
        *self.basic.write().unwrap_or_else(PoisonError::into_inner) = Some((user, password));
    }

    pub(crate) fn set_refresh_token(&self, token: Secret) {
        *self
            .refresh_token
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(token);
    }

    pub(crate) fn refresh_token(&self) -> Option<Secret> {
        self.refresh_token
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set_cookie(&self, name: &str, value: Secret) {
        self.cookies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name.to_owned(), value);
    }

    pub(crate) fn cookie(&self, name: &str) -> Option<Secret> {
        self.cookies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .cloned()
    }

    /// `Authorization`: the bearer token if there is one, else Basic credentials.
    pub(crate) fn authorization(&self) -> Result<Option<HeaderValue>, Error> {
        let bearer = self.bearer.read().unwrap_or_else(PoisonError::into_inner);
        let text = match (
            &*bearer,
            &*self.basic.read().unwrap_or_else(PoisonError::into_inner),
        ) {
            (Some(token), _) => format!("Bearer {}", token.expose()),
            (None, Some((user, password))) => {
                format!(
                    "Basic {}",
                    STANDARD.encode(format!("{user}:{}", password.expose()))
                )
            }
            (None, None) => return Ok(None),
        };
        sensitive(&text, "the credentials are not a valid header value").map(Some)
    }

    /// `Cookie`: every cookie the host set (or the caller gave), `name=value; …`.
    pub(crate) fn cookie_header(&self) -> Result<Option<HeaderValue>, Error> {
        let cookies = self.cookies.lock().unwrap_or_else(PoisonError::into_inner);
        if cookies.is_empty() {
            return Ok(None);
        }
        let text: Vec<String> = cookies
            .iter()
            .map(|(name, value)| format!("{name}={}", value.expose()))
            .collect();
        sensitive(&text.join("; "), "a cookie is not a valid header value").map(Some)
    }

    /// Remembers the cookies of an answer; an expired one (`Max-Age=0`) is forgotten.
    pub(crate) fn remember_cookies(&self, headers: &HeaderMap) {
        let set = headers.get_all(SET_COOKIE);
        // Most answers set none: no lock for them.
        if set.iter().next().is_none() {
            return;
        }
        let mut cookies = self.cookies.lock().unwrap_or_else(PoisonError::into_inner);
        for header in set {
            let Ok(text) = header.to_str() else { continue };
            let mut parts = text.split(';').map(str::trim);
            let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else {
                continue;
            };
            let expired = parts.any(|attribute| attribute.eq_ignore_ascii_case("max-age=0"));
            if expired || value.is_empty() {
                cookies.remove(name.trim());
            } else {
                cookies.insert(
                    name.trim().to_owned(),
                    Secret::new(value.trim().trim_matches('"')),
                );
            }
        }
    }
}

fn sensitive(text: &str, problem: &str) -> Result<HeaderValue, Error> {
    let mut value =
        HeaderValue::from_str(text).map_err(|_| Error::InvalidRequest(problem.to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Names only: values are credentials.
impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cookies = self.cookies.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("Session")
            .field(
                "bearer_token",
                &self
                    .bearer
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .is_some(),
            )
            .field(
                "basic_user",
                &self
                    .basic
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .as_ref()
                    .map(|(user, _)| user),
            )
            .field("refresh_token", &self.refresh_token().is_some())
            .field("cookies", &cookies.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_remembered_and_forgotten() {
        let session = Session::default();
        let mut headers = HeaderMap::new();
        headers.append(
            SET_COOKIE,
            HeaderValue::from_static("ss-tok=eyJ.jwt; path=/; HttpOnly"),
        );
        headers.append(SET_COOKIE, HeaderValue::from_static("ss-id=abc; path=/"));
        session.remember_cookies(&headers);
        assert_eq!(session.cookie(TOKEN_COOKIE).unwrap().expose(), "eyJ.jwt");
        let header = session.cookie_header().unwrap().unwrap();
        assert_eq!(header.to_str().unwrap(), "ss-id=abc; ss-tok=eyJ.jwt");
        assert!(header.is_sensitive());

        let mut expire = HeaderMap::new();
        expire.append(SET_COOKIE, HeaderValue::from_static("ss-id=; Max-Age=0"));
        session.remember_cookies(&expire);
        assert_eq!(session.cookie("ss-id"), None);
    }

    #[test]
    fn bearer_wins_over_basic_and_nothing_leaks_in_debug() {
        let session = Session::default();
        session.set_basic("ann".into(), Secret::new("hunter2"));
        assert_eq!(
            session.authorization().unwrap().unwrap(),
            "Basic YW5uOmh1bnRlcjI="
        );
        session.set_bearer(Secret::new("jwt-value"));
        assert_eq!(
            session.authorization().unwrap().unwrap(),
            "Bearer jwt-value"
        );
        session.set_cookie("ss-pid", Secret::new("persistent-id"));
        let shown = format!("{session:?}");
        for secret in ["hunter2", "jwt-value", "persistent-id"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
