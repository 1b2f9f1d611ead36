//! Routes and HTTP methods as ServiceStack metadata states them, the choice of the URL
//! path for one request, and (for mocks) which route a request's path fills.

use std::fmt;

use smallvec::SmallVec;

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
}

impl Method {
    /// The method named `name` (as an HTTP request line has it).
    #[cfg(feature = "mock")]
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Delete,
            Method::Patch,
            Method::Head,
            Method::Options,
        ]
        .into_iter()
        .find(|method| method.as_str().eq_ignore_ascii_case(name))
    }
}

/// A route a request's path fills: its variables' values (decoded), and how many of its
/// segments are literal, which ranks it (the more, the more specific).
#[cfg(feature = "mock")]
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Filled {
    pub variables: Vec<(&'static str, String)>,
    pub literals: usize,
}

/// Whether `route` takes a request with `method` and `path` (percent-encoded, relative to
/// the base URL). Literal segments match without regard to case, as a host's do; a
/// segment that mixes text and variables (`{Name}.{Ext}`) is not supported.
#[cfg(feature = "mock")]
pub(crate) fn fills(route: &Route, method: Method, path: &str) -> Option<Filled> {
    if !route.allows(method) {
        return None;
    }
    let mut filled = Filled {
        variables: Vec::new(),
        literals: 0,
    };
    let mut segments = path.split('/').filter(|segment| !segment.is_empty());
    for part in route.path.split('/').filter(|part| !part.is_empty()) {
        let variable = part
            .strip_prefix('{')
            .and_then(|part| part.strip_suffix('}'));
        if let Some(name) = variable.and_then(|name| name.strip_suffix('*')) {
            let rest: Vec<&str> = segments.by_ref().collect();
            let value = crate::http::percent_decoded(&rest.join("/"));
            filled.variables.push((name, value));
            return Some(filled);
        }
        let segment = segments.next()?;
        match variable {
            Some(name) => filled
                .variables
                .push((name, crate::http::percent_decoded(segment))),
            None if part.eq_ignore_ascii_case(segment) => filled.literals += 1,
            None => return None,
        }
    }
    segments.next().is_none().then_some(filled)
}

/// The request's members by wire name, in JSV text, sorted by name.
pub(crate) type Members = Vec<super::jsv::Member>;

/// A URL path chosen for one request, and the members it consumed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Chosen {
    pub path: String,
    /// The positions in the members of those the path took.
    pub used: SmallVec<[usize; 4]>,
}

/// ServiceStack's C# client rule: among the routes that allow `method` and whose variables
/// are all set on the DTO (a `{Rest*}` wildcard may be empty), the one with the most
/// variables, then the shortest template (`Route.Path.Length` in C#, not the filled-in
/// path). Variable names match members without regard to case.
pub(crate) fn select(routes: &[Route], method: Method, members: &Members) -> Option<Chosen> {
    let candidates = routes
        .iter()
        .filter(|route| route.allows(method))
        .filter_map(|route| fill(route, members).map(|(count, chosen)| (count, route, chosen)));
    // Only a strictly better route replaces the best so far: ties keep the first, as in C#.
    let mut best: Option<(usize, &Route, Chosen)> = None;
    for (count, route, chosen) in candidates {
        let better = best.as_ref().is_none_or(|(best_count, best_route, _)| {
            count > *best_count
                || (count == *best_count && route.path.len() < best_route.path.len())
        });
        if better {
            best = Some((count, route, chosen));
        }
    }
    best.map(|(_, _, chosen)| chosen)
}

/// The route's path with its variables filled from `members`, in one pass over the
/// template; the number of variables it has. `None` when a variable other than a `{Rest*}`
/// wildcard has no member.
fn fill(route: &Route, members: &Members) -> Option<(usize, Chosen)> {
    // Room for the values and for the base URL's path, which the client puts in front.
    let mut path = String::with_capacity(route.path.len() + 32);
    let mut used = SmallVec::new();
    let mut count = 0;
    let mut rest = route.path;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or_default();
        let Some(end) = after.find('}') else { break };
        path.push_str(rest.get(..start).unwrap_or_default());
        let name = after.get(..end).unwrap_or_default();
        let (name, wildcard) = match name.strip_suffix('*') {
            Some(name) => (name, true),
            None => (name, false),
        };
        count += 1;
        let member = members
            .iter()
            .enumerate()
            .find(|(_, member)| member.name.eq_ignore_ascii_case(name) && !member.null);
        match member {
            Some((position, member)) => {
                used.push(position);
                // `Uri.EscapeDataString` on the whole value, wildcards included (`a/b` → `a%2Fb`).
                escape_segment(&mut path, &member.text);
            }
            None if wildcard => {}
            None => return None,
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    path.push_str(rest);
    Some((count, Chosen { path, used }))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as
/// `Uri.EscapeDataString` does.
fn escape_segment(out: &mut String, text: &str) {
    use std::fmt::Write as _;
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing into a `String` cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(value: serde_json::Value) -> Members {
        super::super::jsv::members(&value).unwrap()
    }

    const ROUTES: &[Route] = &[
        Route {
            path: "/bookings",
            methods: &[Method::Get],
        },
        Route {
            path: "/bookings/{Id}",
            methods: &[Method::Get],
        },
        Route {
            path: "/files/{Path*}",
            methods: &[],
        },
        Route {
            path: "/all",
            methods: &[],
        },
    ];

    #[test]
    fn the_route_with_most_set_variables_wins() {
        let chosen = select(
            &ROUTES[..2],
            Method::Get,
            &members(serde_json::json!({"id": 7, "name": "x"})),
        )
        .unwrap();
        assert_eq!(
            chosen,
            Chosen {
                path: "/bookings/7".into(),
                // `id`, the first member.
                used: smallvec::smallvec![0]
            }
        );
        let without_id = select(
            &ROUTES[..2],
            Method::Get,
            &members(serde_json::json!({"id": null})),
        )
        .unwrap();
        assert_eq!(without_id.path, "/bookings");
        assert_eq!(select(&ROUTES[..2], Method::Post, &Members::new()), None);
    }

    #[test]
    fn wildcards_may_be_empty_and_are_escaped_whole() {
        let routes = &ROUTES[2..3];
        let chosen = select(
            routes,
            Method::Delete,
            &members(serde_json::json!({"Path": "a b/c.txt"})),
        )
        .unwrap();
        assert_eq!(chosen.path, "/files/a%20b%2Fc.txt");
        assert_eq!(
            select(routes, Method::Get, &Members::new()).unwrap().path,
            "/files/"
        );
    }

    #[test]
    fn equal_routes_keep_the_first() {
        let routes = [
            Route {
                path: "/a/{Id}",
                methods: &[],
            },
            Route {
                path: "/b/{Id}",
                methods: &[],
            },
        ];
        let chosen = select(&routes, Method::Get, &members(serde_json::json!({"Id": 1}))).unwrap();
        assert_eq!(chosen.path, "/a/1");
    }

    #[test]
    fn ties_go_to_the_shortest_path() {
        let routes = [
            Route {
                path: "/long/path",
                methods: &[],
            },
            Route {
                path: "/all",
                methods: &[],
            },
        ];
        assert_eq!(
            select(&routes, Method::Get, &Members::new()).unwrap().path,
            "/all"
        );
    }

    #[test]
    fn ties_compare_templates_not_filled_paths() {
        // Filled in, the first is shorter; as templates, the second is. C# takes the second.
        let routes = [
            Route {
                path: "/items/{Name}",
                methods: &[],
            },
            Route {
                path: "/i/{Code}/x",
                methods: &[],
            },
        ];
        let members = members(serde_json::json!({"Name": "a", "Code": "a-very-long-code"}));
        assert_eq!(
            select(&routes, Method::Get, &members).unwrap().path,
            "/i/a-very-long-code/x"
        );
    }

    #[test]
    fn variables_are_escaped_and_rendered_as_jsv() {
        let routes = [Route {
            path: "/q/{Ids}/{Name}",
            methods: &[],
        }];
        let chosen = select(
            &routes,
            Method::Get,
            &members(serde_json::json!({"ids": [1, 2], "name": "a/b?c"})),
        )
        .unwrap();
        assert_eq!(chosen.path, "/q/1%2C2/a%2Fb%3Fc");
    }

    #[cfg(feature = "mock")]
    #[test]
    fn a_path_fills_the_route_it_was_made_from() {
        let filled = fills(&ROUTES[1], Method::Get, "/Bookings/7").unwrap();
        assert_eq!(filled.variables, vec![("Id", "7".to_owned())]);
        assert_eq!(filled.literals, 1);
        assert_eq!(fills(&ROUTES[1], Method::Post, "/bookings/7"), None);
        assert_eq!(fills(&ROUTES[1], Method::Get, "/bookings/7/more"), None);
        assert_eq!(fills(&ROUTES[1], Method::Get, "/bookings"), None);
        let wildcard = fills(&ROUTES[2], Method::Delete, "/files/a%20b%2Fc.txt").unwrap();
        assert_eq!(wildcard.variables, vec![("Path", "a b/c.txt".to_owned())]);
        let empty = fills(&ROUTES[2], Method::Get, "/files/").unwrap();
        assert_eq!(empty.variables, vec![("Path", String::new())]);
        // What `select` fills in, `fills` reads back.
        let chosen = select(
            &ROUTES[..2],
            Method::Get,
            &members(serde_json::json!({"Id": "a/b c"})),
        )
        .unwrap();
        let filled = fills(&ROUTES[1], Method::Get, &chosen.path).unwrap();
        assert_eq!(filled.variables, vec![("Id", "a/b c".to_owned())]);
    }
}
