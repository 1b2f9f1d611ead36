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

/// ServiceStack's own types (never listed by hosts), shaped as a v5 host defines them.
const BUILTINS_V5: &str = include_str!("builtins.v5.json");
const BUILTINS_NAME: &str = "<svcgen built-in ServiceStack types>";

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

    let builtins_file = Arc::new(PathBuf::from(BUILTINS_NAME));
    let builtins_document: Value = serde_json::from_str(BUILTINS_V5).map_err(|error| {
        Error::input(
            Origin {
                file: Arc::clone(&builtins_file),
                location: Location::File,
            },
            error.to_string(),
        )
    })?;
    let builtins = Declarations::collect(&Node::root(&builtins_document, &builtins_file))?;
    let declarations = Declarations::collect(&metadata)?;
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
    Ok(Service {
        name: name.to_owned(),
        docs: None,
        protocol: Protocol::ServiceStack { key_casing: casing },
        operations,
        types: lowering.types()?,
    })
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
