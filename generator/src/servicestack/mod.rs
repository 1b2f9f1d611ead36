//! The ServiceStack front-end: reads a host's `/types/metadata` (or `/metadata/app`) JSON
//! and produces one [`ir::Service`](crate::ir::Service).

mod clr_type;
mod json;
mod metadata;
mod wire_name;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::{KeyCasing, Location, Origin, Protocol, Service};
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

/// Reads one metadata document into the service `name`.
pub fn read(name: &str, file: &Arc<PathBuf>, document: &Value) -> Result<Service> {
    let root = Node::root(document, file);
    let metadata = metadata_types(&root).ok_or_else(|| {
        root.error("not ServiceStack metadata: expected a `MetadataTypes` object with `Operations` and `Types` (or `/metadata/app` JSON with an `api` member)")
    })?;
    let casing = key_casing(&metadata);
    let versioned = if is_legacy_layout(&metadata)? {
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
    let declarations = Declarations::collect(&metadata, false)?;
    let mut lowering = Lowering::new(&declarations, &builtins, casing);

    let mut operations = Vec::new();
    for node in metadata.array("Operations")? {
        let operation = lowering.operation(&node)?;
        if operations
            .iter()
            .any(|known: &crate::ir::Operation| known.name == operation.name)
        {
            return Err(node.error(format!("duplicate operation `{}`", operation.name)));
        }
        operations.push(operation);
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let types = lowering.types()?;
    Ok(Service {
        name: name.to_owned(),
        docs: None,
        protocol: Protocol::ServiceStack { key_casing: casing },
        operations,
        types,
        warnings: lowering.into_warnings(),
    })
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
        .next()
        .and_then(|key| key.chars().next())
        .is_some_and(|first| first.is_ascii_uppercase());
    if pascal {
        KeyCasing::Pascal
    } else {
        KeyCasing::Camel
    }
}
