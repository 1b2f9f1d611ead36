//! Routes and HTTP methods as ServiceStack metadata states them, and the choice of the URL
//! path for one request.

use std::fmt;

/// An HTTP method a ServiceStack route can allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether requests with this method carry the DTO in the body; the others put it in
    /// the query string (ServiceStack's `HttpUtils.HasRequestBody`).
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user-defined route: a path template relative to the base URL and the methods it
/// accepts (empty = every method, ServiceStack's "All Verbs").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub path: &'static str,
    pub methods: &'static [Method],
}

impl Route {
    fn allows(&self, method: Method) -> bool {
        self.methods.is_empty() || self.methods.contains(&method)
    }

    fn has_variables(&self) -> bool {
        self.path.contains('{')
    }
}

/// The first route that allows `method` and needs no path variables, if any.
///
/// Routes with `{Var}` placeholders are not filled in yet: such a request falls back to
/// the predefined route, which ServiceStack always accepts.
pub(crate) fn select(routes: &'static [Route], method: Method) -> Option<&'static str> {
    routes
        .iter()
        .filter(|route| route.allows(method) && !route.has_variables())
        .min_by_key(|route| route.path.len())
        .map(|route| route.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[Route] = &[
        Route {
            path: "/items/{Id}",
            methods: &[Method::Get],
        },
        Route {
            path: "/items",
            methods: &[Method::Get],
        },
        Route {
            path: "/all",
            methods: &[],
        },
    ];

    #[test]
    fn picks_a_route_that_allows_the_method() {
        assert_eq!(select(ROUTES, Method::Get), Some("/all"));
        assert_eq!(select(&ROUTES[..2], Method::Get), Some("/items"));
        assert_eq!(select(&ROUTES[..2], Method::Post), None);
    }

    #[test]
    fn all_verbs_routes_accept_every_method() {
        assert_eq!(select(&ROUTES[2..], Method::Delete), Some("/all"));
    }
}
