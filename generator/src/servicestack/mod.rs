//! The ServiceStack front-end: reads a host's `/types/metadata` (or `/metadata/app`) JSON
//! and produces one [`ir::Service`](crate::ir::Service).

mod clr_type;
mod json;
mod metadata;
pub mod page;
mod wire_name;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::{JsonDialect, KeyCasing, Location, Operation, Origin, Protocol, Service, Warning};
use json::Node;
use metadata::{Declarations, Lowering};

/// ServiceStack's own types, which hosts never list (see `builtins/README.md`).
const BUILTINS_COMMON: &str = include_str!("builtins/common.json");
const BUILTINS_V5: &str = include_str!("builtins/v5.json");
const BUILTINS_CURRENT: &str = include_str!("builtins/current.json");

/// Whether a parsed JSON document is ServiceStack metadata.
pub fn is_metadata(document: &Value) -> bool {
    let file = Arc::new(PathBuf::new());
    metadata_types(&Node::root(document, &file)).is_some()
}

/// The documents that describe one ServiceStack host.
pub struct Sources<'a> {
    /// `/types/metadata` or `/metadata/app` JSON (at most one).
    pub metadata: Option<(&'a Arc<PathBuf>, &'a Value)>,
    /// Operation pages of the same host.
    pub pages: Vec<(&'a Arc<PathBuf>, &'a page::OperationPage)>,
    /// The handler path routes on pages carry (`/api`), from the service's base URL.
    pub handler_path: Option<&'a str>,
    /// The JSON dialect the user chose, which wins over what the metadata says.
    pub json_dialect: Option<JsonDialect>,
}

/// Reads a host's metadata and operation pages into the service `name`. Operations only
/// a page lists (ServiceStack's own, on a v5 host) are added; for the others a page adds
/// what the legacy metadata cannot say (authentication).
pub fn read(name: &str, sources: &Sources<'_>) -> Result<Service> {
    let empty = serde_json::json!({ "Types": [], "Operations": [] });
    let fallback_file = Arc::new(PathBuf::new());
    let (file, document) = match sources.metadata {
        Some((file, document)) => (file, document),
        None => (
            sources
                .pages
                .first()
                .map_or(&fallback_file, |(file, _)| *file),
            &empty,
        ),
    };
    let root = Node::root(document, file);
    let metadata = metadata_types(&root).ok_or_else(|| {
        root.error("not ServiceStack metadata: expected a `MetadataTypes` object with `Operations` and `Types` (or `/metadata/app` JSON with an `api` member)")
    })?;
    // Pages do not show the host's key casing; .NET Framework hosts (PascalCase) are the
    // ones that need pages.
    let casing = if sources.metadata.is_some() {
        key_casing(&metadata)
    } else {
        KeyCasing::Pascal
    };
    let legacy = sources.metadata.is_none() || is_legacy_layout(&metadata)?;
    let versioned = if legacy {
        ("builtins/v5.json", BUILTINS_V5)
    } else {
        ("builtins/current.json", BUILTINS_CURRENT)
    };
    let builtin_documents = [
        builtin_document("builtins/common.json", BUILTINS_COMMON)?,
        builtin_document(versioned.0, versioned.1)?,
    ];
    let mut builtins = Declarations::default();
    for (file, document) in &builtin_documents {
        builtins.extend(Declarations::collect(&Node::root(document, file), true)?);
    }
    let builtin_operations = builtin_operations(&builtin_documents)?;
    let page_documents: Vec<(Arc<PathBuf>, Value, bool)> = sources
        .pages
        .iter()
        .map(|(file, page)| {
            let document = page_document(page, &builtin_operations, sources.handler_path).map_err(
                |message| {
                    Error::input(
                        Origin {
                            file: Arc::clone(file),
                            location: Location::File,
                        },
                        message,
                    )
                },
            )?;
            Ok((Arc::clone(file), document, page.requires_auth))
        })
        .collect::<Result<_>>()?;

    let mut declarations = Declarations::collect(&metadata, false)?;
    for (file, document, _) in &page_documents {
        declarations.extend(Declarations::collect(&Node::root(document, file), false)?);
    }
    let mut lowering = Lowering::new(&declarations, &builtins, casing);

    let mut operations: Vec<Operation> = Vec::new();
    for node in metadata.array("Operations")? {
        let operation = lowering.operation(&node)?;
        if operations.iter().any(|known| known.name == operation.name) {
            return Err(node.error(format!("duplicate operation `{}`", operation.name)));
        }
        operations.push(operation);
    }
    for (file, document, requires_auth) in &page_documents {
        for node in Node::root(document, file).array("Operations")? {
            let operation = lowering.operation(&node)?;
            match operations
                .iter_mut()
                .find(|known| known.name == operation.name)
            {
                Some(known) => known.requires_auth |= *requires_auth,
                None => operations.push(operation),
            }
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let types = lowering.types()?;
    let mut warnings = lowering.into_warnings();
    let json_dialect = match sources.json_dialect {
        Some(chosen) => chosen,
        None => json_dialect(&root, legacy, &mut warnings)?,
    };
    Ok(Service {
        name: name.to_owned(),
        docs: None,
        protocol: Protocol::ServiceStack {
            key_casing: casing,
            legacy,
            json_dialect,
        },
        operations,
        types,
        warnings,
    })
}

/// ServiceStack's own operations by request name: their namespace, verb marker and routes.
fn builtin_operations(documents: &[(Arc<PathBuf>, Value)]) -> Result<Vec<Value>> {
    let mut operations = Vec::new();
    for (file, document) in documents {
        for operation in Node::root(document, file).array("Operations")? {
            operations.push(operation.value.clone());
        }
    }
    Ok(operations)
}

/// An operation page as a one-operation metadata document (modern layout). The page is
/// the server's own word on the DTO shapes; a built-in definition of the same operation
/// only adds what pages do not show (namespace, verb marker).
fn page_document(
    page: &page::OperationPage,
    builtins: &[Value],
    handler_path: Option<&str>,
) -> Result<Value, String> {
    let builtin_request = builtins
        .iter()
        .filter_map(|operation| operation.get("Request"))
        .find(|request| request.get("Name").and_then(Value::as_str) == Some(page.name.as_str()));
    let builtin_field = |key: &str| {
        builtin_request
            .and_then(|request| request.get(key))
            .cloned()
    };
    let namespace = builtin_field("Namespace").unwrap_or(Value::Null);

    let mut request = page_type(page, &page.name, &namespace)?;
    if let Some(implements) = builtin_field("Implements") {
        request.insert("Implements".into(), implements);
    }
    if let Some(description) = &page.description {
        request.insert("Description".into(), Value::String(description.clone()));
    }
    let builtin_routes = builtin_field("Routes").unwrap_or(Value::Null);
    let builtin_paths: Vec<&str> = builtin_routes
        .as_array()
        .map(|routes| {
            routes
                .iter()
                .filter_map(|route| route.get("Path").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let routes: Vec<Value> = page
        .routes
        .iter()
        .map(|(verbs, path)| {
            let path = strip_handler_path(path, handler_path, &builtin_paths);
            let verbs = if verbs.eq_ignore_ascii_case("All Verbs") {
                Value::Null
            } else {
                Value::String(verbs.clone())
            };
            serde_json::json!({ "Path": path, "Verbs": verbs })
        })
        .collect();

    let mut operation = serde_json::Map::new();
    operation.insert("Request".into(), Value::Object(request));
    operation.insert("Routes".into(), Value::Array(routes));
    operation.insert("RequiresAuth".into(), Value::Bool(page.requires_auth));
    // Pages list the request's table first; a later `…Response` table is the response.
    if let Some(response) = page
        .types
        .iter()
        .find(|table| table.name != page.name && table.name.ends_with("Response"))
    {
        operation.insert(
            "Response".into(),
            Value::Object(page_type(page, &response.name, &namespace)?),
        );
        operation.insert(
            "ReturnType".into(),
            serde_json::json!({ "Name": response.name, "Namespace": namespace }),
        );
    }
    Ok(serde_json::json!({ "Types": [], "Operations": [operation] }))
}

/// A `MetadataType` from the page's parameter table for `name`.
fn page_type(
    page: &page::OperationPage,
    name: &str,
    namespace: &Value,
) -> Result<serde_json::Map<String, Value>, String> {
    let params = page
        .types
        .iter()
        .find(|table| table.name == name)
        .map(|table| table.params.as_slice())
        .unwrap_or_default();
    let properties = params
        .iter()
        .map(page::property)
        .collect::<Result<Vec<_>, _>>()?;
    let mut definition = serde_json::Map::new();
    definition.insert("Name".into(), Value::String(name.to_owned()));
    definition.insert("Namespace".into(), namespace.clone());
    definition.insert("Properties".into(), Value::Array(properties));
    Ok(definition)
}

/// Pages show routes under the handler path (`/api/session-to-token`); metadata routes
/// are relative to it. Without a configured base URL, a built-in route that ends the
/// page's path tells the prefix.
fn strip_handler_path(path: &str, handler_path: Option<&str>, builtin_routes: &[&str]) -> String {
    if let Some(prefix) = handler_path
        .map(|prefix| prefix.trim_end_matches('/'))
        .filter(|prefix| !prefix.is_empty())
        && let Some(rest) = path.strip_prefix(prefix)
        && rest.starts_with('/')
    {
        return rest.to_owned();
    }
    builtin_routes
        .iter()
        .find(|route| path.ends_with(**route))
        .map_or_else(|| path.to_owned(), |route| (*route).to_owned())
}

fn builtin_document(name: &str, text: &str) -> Result<(Arc<PathBuf>, Value)> {
    let file = Arc::new(PathBuf::from(format!("<svcgen {name}>")));
    let document = serde_json::from_str(text).map_err(|error| {
        let origin = Origin {
            file: Arc::clone(&file),
            location: Location::File,
        };
        Error::input(origin, error.to_string())
    })?;
    Ok((file, document))
}

/// ServiceStack ≤ v5.8 writes `TypeNamespace` on properties and `ReturnVoidMarker` on
/// requests; later versions never do.
fn is_legacy_layout(metadata: &Node<'_>) -> Result<bool> {
    for operation in metadata.array("Operations")? {
        let Some(request) = operation.get("Request") else {
            continue;
        };
        if request.get("ReturnVoidMarker").is_some() {
            return Ok(true);
        }
        for property in request.array("Properties")? {
            if property.get("TypeNamespace").is_some() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// What the host reads JSON with: `/metadata/app` says (`app.useSystemJson`: `Always` or
/// `Request` mean System.Text.Json reads request bodies); otherwise the route family tells.
/// v5 hosts (`/json/reply`) are ServiceStack.Text; later ones get System.Text.Json's forms,
/// which ServiceStack.Text reads too, so a v6 host is served either way.
fn json_dialect(root: &Node<'_>, legacy: bool, warnings: &mut Vec<Warning>) -> Result<JsonDialect> {
    let fallback = if legacy {
        JsonDialect::ServiceStackText
    } else {
        JsonDialect::SystemTextJson
    };
    let Some(app) = root.get("app") else {
        return Ok(fallback);
    };
    let Some(setting) = app.get("useSystemJson") else {
        return Ok(fallback);
    };
    match setting.value.as_str() {
        Some("Always" | "Request") => Ok(JsonDialect::SystemTextJson),
        Some("Never" | "Response") => Ok(JsonDialect::ServiceStackText),
        _ => {
            warnings.push(Warning {
                origin: setting.origin(),
                message: format!(
                    "`useSystemJson` is {}, not Always, Request, Response or Never: the route family decides ({})",
                    setting.value,
                    fallback.config_name()
                ),
            });
            Ok(fallback)
        }
    }
}

/// The `MetadataTypes` object: the document itself, or the `api` member of `/metadata/app`.
fn metadata_types<'a>(root: &Node<'a>) -> Option<Node<'a>> {
    let is_types =
        |node: &Node<'_>| node.get("Operations").is_some() || node.get("Types").is_some();
    if let Some(api) = root.get("api").filter(is_types) {
        return Some(api);
    }
    Some(root.clone()).filter(is_types)
}

/// .NET Framework hosts write PascalCase keys, .NET Core hosts camelCase.
fn key_casing(metadata: &Node<'_>) -> KeyCasing {
    let pascal = metadata
        .keys()
        .any(|key| matches!(key, "Operations" | "Types" | "Namespaces" | "Config"));
    if pascal {
        KeyCasing::Pascal
    } else {
        KeyCasing::Camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(document: serde_json::Value, legacy: bool) -> (JsonDialect, usize) {
        let file = Arc::new(PathBuf::from("app.json"));
        let mut warnings = Vec::new();
        let dialect = json_dialect(&Node::root(&document, &file), legacy, &mut warnings).unwrap();
        (dialect, warnings.len())
    }

    #[test]
    fn the_dialect_comes_from_the_app_metadata_else_the_route_family() {
        use JsonDialect::{ServiceStackText, SystemTextJson};
        let app = |setting: &str| serde_json::json!({ "app": { "useSystemJson": setting } });
        assert_eq!(decide(app("Always"), false), (SystemTextJson, 0));
        assert_eq!(decide(app("Request"), false), (SystemTextJson, 0));
        assert_eq!(decide(app("Never"), false), (ServiceStackText, 0));
        assert_eq!(decide(app("Response"), false), (ServiceStackText, 0));
        assert_eq!(decide(app("Sometimes"), false), (SystemTextJson, 1));
        assert_eq!(decide(serde_json::json!({}), false), (SystemTextJson, 0));
        assert_eq!(decide(serde_json::json!({}), true), (ServiceStackText, 0));
    }
}
