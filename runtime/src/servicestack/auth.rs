//! ServiceStack's `Authenticate` operation and [`Client::authenticate`], which signs in
//! with a user name and password (the `credentials` provider) and keeps what the host
//! returns: the session cookies always, the bearer and refresh tokens when the body
//! carries them (hosts that use token cookies send them as `ss-tok`/`ss-reftok` instead).

use serde::{Deserialize, Serialize};

use super::{Client, Error, Method, PredefinedRoute, Request, ResponseStatus, Route};
use crate::Secret;

/// ServiceStack's `Authenticate` request (the members a password sign-in uses).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Authenticate {
    /// The auth provider: `credentials` for a user name and password. Lower-case on the
    /// wire in every casing mode, as in ServiceStack's own DTO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(
        rename = "UserName",
        alias = "userName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_name: Option<String>,
    #[serde(
        rename = "Password",
        alias = "password",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password: Option<Secret>,
    /// Keep the session beyond the browser session (`ss-pid`).
    #[serde(
        rename = "RememberMe",
        alias = "rememberMe",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub remember_me: Option<bool>,
}

/// ServiceStack's `AuthenticateResponse`. Tokens and the session id are [`Secret`]s.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthenticateResponse {
    #[serde(
        rename = "UserId",
        alias = "userId",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_id: Option<String>,
    #[serde(
        rename = "SessionId",
        alias = "sessionId",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_id: Option<Secret>,
    #[serde(
        rename = "UserName",
        alias = "userName",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_name: Option<String>,
    #[serde(
        rename = "DisplayName",
        alias = "displayName",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    #[serde(
        rename = "BearerToken",
        alias = "bearerToken",
        skip_serializing_if = "Option::is_none"
    )]
    pub bearer_token: Option<Secret>,
    #[serde(
        rename = "RefreshToken",
        alias = "refreshToken",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<Secret>,
    #[serde(
        rename = "Roles",
        alias = "roles",
        skip_serializing_if = "Option::is_none"
    )]
    pub roles: Option<Vec<String>>,
    #[serde(
        rename = "Permissions",
        alias = "permissions",
        skip_serializing_if = "Option::is_none"
    )]
    pub permissions: Option<Vec<String>>,
    #[serde(
        rename = "ResponseStatus",
        alias = "responseStatus",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_status: Option<ResponseStatus>,
}

impl Request for Authenticate {
    type Response = AuthenticateResponse;
    const OPERATION: &'static str = "Authenticate";
    const METHOD: Method = Method::Post;
    /// `AuthFeature`'s routes, on every ServiceStack version.
    const ROUTES: &'static [Route] = &[
        Route {
            path: "/auth",
            methods: &[Method::Get, Method::Post],
        },
        Route {
            path: "/auth/{provider}",
            methods: &[Method::Get, Method::Post],
        },
    ];
    const PREDEFINED_ROUTE: PredefinedRoute = PredefinedRoute::JsonReply;
}

impl Client {
    /// Signs in with the `credentials` provider (`POST /auth/credentials`) and keeps the
    /// session for every later call of this client and its clones: the cookies the host
    /// sets, and the `BearerToken`/`RefreshToken` of the answer when it has them. A wrong
    /// password is an [`Error`] whose [`Error::is_unauthorized`] is true.
    pub async fn authenticate(
        &self,
        user_name: &str,
        password: impl Into<Secret>,
    ) -> Result<AuthenticateResponse, Error> {
        let request = Authenticate {
            provider: Some("credentials".to_owned()),
            user_name: Some(user_name.to_owned()),
            password: Some(password.into()),
            remember_me: Some(true),
        };
        self.sign_in(&request).await
    }

    /// Sends any `Authenticate` request (another provider, `RememberMe` off…) and keeps the
    /// session it opens, as [`Client::authenticate`] does.
    pub async fn sign_in(&self, request: &Authenticate) -> Result<AuthenticateResponse, Error> {
        let response = self.send(request).await?;
        if let Some(token) = response
            .bearer_token
            .clone()
            .filter(|token| !token.expose().is_empty())
        {
            self.session.set_bearer(token);
        }
        if let Some(token) = response
            .refresh_token
            .clone()
            .filter(|token| !token.expose().is_empty())
        {
            self.session.set_refresh_token(token);
        }
        Ok(response)
    }
}
