//! XML as the WSDL front-end reads it: parsing with DTDs refused (no entity expansion),
//! positions of nodes for diagnostics, and QNames resolved by namespace in the scope of
//! the element that carries them, never by prefix.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Error;
use crate::ir::{Location, Origin};

const WSDL_NAMESPACE: &str = "http://schemas.xmlsoap.org/wsdl/";

/// A qualified name: namespace URI and local name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub namespace: String,
    pub local: String,
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}{}", self.namespace, self.local)
    }
}

/// A parsed file, with what diagnostics need.
pub struct Source<'input> {
    pub file: Arc<PathBuf>,
    pub document: roxmltree::Document<'input>,
}

impl<'input> Source<'input> {
    /// Parses `text`. DTDs are refused by roxmltree's defaults, so entity bombs cannot expand.
    pub fn parse(file: Arc<PathBuf>, text: &'input str) -> Result<Self, Error> {
        let document = roxmltree::Document::parse(text).map_err(|error| {
            let position = error.pos();
            let (line, column) = match error {
                // The document just stops: the place is its end.
                roxmltree::Error::UnclosedRootNode => {
                    let last_line = text.rsplit('\n').next().unwrap_or_default();
                    (
                        text.matches('\n').count() + 1,
                        last_line.chars().count() + 1,
                    )
                }
                _ => (position.row as usize, position.col as usize),
            };
            let origin = Origin {
                file: Arc::clone(&file),
                location: Location::LineColumn { line, column },
            };
            let message = match error {
                roxmltree::Error::DtdDetected => {
                    "documents with a DTD are refused (svcgen never expands entities)".to_owned()
                }
                other => format!("not well-formed XML: {other}"),
            };
            Error::input(origin, message)
        })?;
        Ok(Self { file, document })
    }

    /// Where `node` starts.
    pub fn origin(&self, node: roxmltree::Node<'_, '_>) -> Origin {
        let position = self.document.text_pos_at(node.range().start);
        Origin {
            file: Arc::clone(&self.file),
            location: Location::LineColumn {
                line: position.row as usize,
                column: position.col as usize,
            },
        }
    }

    pub fn error(&self, node: roxmltree::Node<'_, '_>, message: impl Into<String>) -> Error {
        Error::input(self.origin(node), message)
    }

    /// The QName in attribute `attribute` of `node` (`tns:Logon`), resolved against the
    /// namespaces in scope at `node`. An unprefixed name takes the default namespace, except
    /// where that is WSDL's own or there is none: WSDL defines no messages or bindings, so
    /// such a name means the document's target namespace (as zeep and others read it).
    pub fn qname(
        &self,
        node: roxmltree::Node<'_, '_>,
        attribute: &str,
    ) -> Result<Option<QName>, Error> {
        let Some(value) = node.attribute(attribute) else {
            return Ok(None);
        };
        let (prefix, local) = match value.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, value),
        };
        if prefix.is_none()
            && matches!(node.lookup_namespace_uri(None), None | Some(WSDL_NAMESPACE))
        {
            let target = self
                .document
                .root_element()
                .attribute("targetNamespace")
                .unwrap_or_default();
            return Ok(Some(QName {
                namespace: target.to_owned(),
                local: local.to_owned(),
            }));
        }
        let namespace = node.lookup_namespace_uri(prefix).ok_or_else(|| {
            self.error(
                node,
                format!(
                    "`{attribute}=\"{value}\"` uses the prefix `{}`, which is not declared",
                    prefix.unwrap_or_default()
                ),
            )
        })?;
        Ok(Some(QName {
            namespace: namespace.to_owned(),
            local: local.to_owned(),
        }))
    }

    /// Like [`Source::qname`], for an attribute that must be there.
    pub fn required_qname(
        &self,
        node: roxmltree::Node<'_, '_>,
        attribute: &str,
    ) -> Result<QName, Error> {
        self.qname(node, attribute)?.ok_or_else(|| {
            self.error(
                node,
                format!(
                    "`<{}>` needs a `{attribute}` attribute",
                    node.tag_name().name()
                ),
            )
        })
    }

    pub fn required_attribute<'a>(
        &self,
        node: roxmltree::Node<'a, 'input>,
        attribute: &str,
    ) -> Result<&'a str, Error>
    where
        'input: 'a,
    {
        node.attribute(attribute).ok_or_else(|| {
            self.error(
                node,
                format!(
                    "`<{}>` needs a `{attribute}` attribute",
                    node.tag_name().name()
                ),
            )
        })
    }
}

/// The child elements of `node` in namespace `namespace` named `name`.
pub fn children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    namespace: &'a str,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.children().filter(move |child| {
        child.is_element()
            && child.tag_name().name() == name
            && child.tag_name().namespace() == Some(namespace)
    })
}

/// The text of a `<documentation>` child, trimmed; `None` when absent or empty.
pub fn documentation(node: roxmltree::Node<'_, '_>, namespace: &str) -> Option<String> {
    let text: String = children(node, namespace, "documentation")
        .flat_map(|docs| {
            docs.descendants()
                .filter(|node| node.is_text())
                .filter_map(|text| text.text())
        })
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
