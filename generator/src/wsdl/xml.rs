//! XML as the WSDL front-end reads it: parsing with DTDs refused (no entity expansion),
//! positions of nodes for diagnostics, and QNames resolved by namespace in the scope of
//! the element that carries them, never by prefix.

use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Error;
use crate::ir::{Location, Origin};

const WSDL_NAMESPACE: &str = "http://schemas.xmlsoap.org/wsdl/";

/// A qualified name: namespace URI and local name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct QName {
    pub namespace: String,
    pub local: String,
}

/// Hashes the local name only: the namespace URIs are long and mostly one per schema, so
/// hashing them would cost every lookup and tell few names apart.
impl Hash for QName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.local.hash(state);
    }
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
    /// Where the parsed text starts in the file: a byte order mark and whitespace before
    /// the XML declaration are tolerated but not parsed.
    shift: Shift,
    positions: Positions,
}

/// Line and column of a byte offset, counted on from the nearest known position before
/// it: the last one asked for, or a checkpoint. roxmltree's `text_pos_at` counts from the
/// start of the text on every call, which made reading a large schema quadratic (every
/// node's origin asks for its position); nodes are mostly asked for in document order, so
/// counting on from the last answer reads each byte about once.
#[derive(Debug)]
struct Positions {
    /// (byte offset, line, column) about every [`Positions::EVERY`] bytes, at char
    /// boundaries; the first is the start of the text.
    checkpoints: Vec<(usize, usize, usize)>,
    /// The last position asked for, as (byte offset, line, column).
    last: Cell<(usize, usize, usize)>,
}

impl Positions {
    const EVERY: usize = 256;

    fn new(text: &str) -> Self {
        let mut checkpoints = vec![(0, 1, 1)];
        let (mut at, mut line, mut column) = (0, 1, 1);
        loop {
            let mut next = at + Self::EVERY;
            if next >= text.len() {
                break;
            }
            while !text.is_char_boundary(next) {
                next += 1;
            }
            (line, column) = Self::advance(text.get(at..next), line, column);
            checkpoints.push((next, line, column));
            at = next;
        }
        Self {
            checkpoints,
            last: Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of `offset` in `text`, as roxmltree counts.
    fn at(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let index = self
            .checkpoints
            .partition_point(|&(start, _, _)| start <= offset)
            .saturating_sub(1);
        let checkpoint = self.checkpoints.get(index).copied().unwrap_or((0, 1, 1));
        let last = self.last.get();
        let (start, line, column) = if last.0 > checkpoint.0 && last.0 <= offset {
            last
        } else {
            checkpoint
        };
        let (line, column) = Self::advance(text.get(start..offset), line, column);
        self.last.set((offset, line, column));
        (line, column)
    }

    /// The line and column after `between`, from `line` and `column` before it. Both ends
    /// are char boundaries (checkpoints are, and so are node starts); the counting uses
    /// the library's vectorised loops, since every node's origin pays for it.
    fn advance(between: Option<&str>, line: usize, column: usize) -> (usize, usize) {
        let between = between.unwrap_or_default();
        let Some(last) = between.rfind('\n') else {
            return (line, column + between.chars().count());
        };
        let newlines = between.bytes().filter(|&byte| byte == b'\n').count();
        let tail = between.get(last + 1..).unwrap_or_default();
        (line + newlines, 1 + tail.chars().count())
    }
}

/// Lines, and columns on the first parsed line, that the preamble took.
#[derive(Clone, Copy, Debug, Default)]
struct Shift {
    lines: usize,
    columns: usize,
}

impl Shift {
    fn of(preamble: &str) -> Self {
        let preamble = preamble.trim_start_matches('\u{feff}');
        let lines = preamble.matches('\n').count();
        let last = preamble.rsplit('\n').next().unwrap_or_default();
        Self {
            lines,
            columns: last.chars().count(),
        }
    }

    /// The position in the file of a position in the parsed text.
    fn apply(self, line: usize, column: usize) -> (usize, usize) {
        if line == 1 {
            (1 + self.lines, column + self.columns)
        } else {
            (line + self.lines, column)
        }
    }
}

/// At most this many bytes per document: real WSDLs and schemas are far smaller, and a
/// hostile one must not make the generator buffer without end.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Reads a document, refusing one larger than `MAX_DOCUMENT_BYTES` before reading it.
pub fn read_document(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let length = std::fs::metadata(path)?.len();
    if length > MAX_DOCUMENT_BYTES as u64 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {} MiB; svcgen refuses it",
                MAX_DOCUMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    std::fs::read(path)
}

/// `bytes` as text, or an error at the line and column of the first byte that is not
/// UTF-8 (replacing it would change names and values without a word).
pub fn utf8_text<'a>(file: &Arc<PathBuf>, bytes: &'a [u8]) -> Result<&'a str, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let line = 1 + valid.iter().filter(|&&byte| byte == b'\n').count();
            let line_start = valid
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |at| at + 1);
            let column = 1 + String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default())
                .chars()
                .count();
            Err(Error::input(
                Origin {
                    file: Arc::clone(file),
                    location: Location::LineColumn { line, column },
                },
                "the document is not valid UTF-8 (svcgen reads UTF-8 only)",
            ))
        }
    }
}

/// Whether a document that failed to parse starts as an HTML page (`<!DOCTYPE html`).
fn is_html(text: &str) -> bool {
    text.get(..14)
        .is_some_and(|start| start.eq_ignore_ascii_case("<!DOCTYPE html"))
}

/// At most this many nodes per document (elements, attributes, texts).
const MAX_NODES: u32 = 5_000_000;

impl<'input> Source<'input> {
    /// Parses `text` (a byte order mark and whitespace before the XML declaration are
    /// skipped). DTDs are refused, so entity bombs cannot expand.
    pub fn parse(file: Arc<PathBuf>, text: &'input str) -> Result<Self, Error> {
        let whole = text;
        let text = whole.trim_start_matches('\u{feff}').trim_start();
        let shift = Shift::of(whole.get(..whole.len() - text.len()).unwrap_or_default());
        if text.len() > MAX_DOCUMENT_BYTES {
            let origin = Origin {
                file: Arc::clone(&file),
                location: Location::File,
            };
            let message = format!(
                "the document is larger than {} MiB; svcgen refuses it",
                MAX_DOCUMENT_BYTES / 1024 / 1024
            );
            return Err(Error::input(origin, message));
        }
        let options = roxmltree::ParsingOptions {
            nodes_limit: MAX_NODES,
            ..roxmltree::ParsingOptions::default()
        };
        let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| {
            let position = error.pos();
            let (line, column) = match error {
                // The document just stops: the place is its end.
                roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                    let last_line = text.rsplit('\n').next().unwrap_or_default();
                    (
                        text.matches('\n').count() + 1,
                        last_line.chars().count() + 1,
                    )
                }
                _ => (position.row as usize, position.col as usize),
            };
            let (line, column) = shift.apply(line, column);
            let origin = Origin {
                file: Arc::clone(&file),
                location: Location::LineColumn { line, column },
            };
            let message = match error {
                roxmltree::Error::DtdDetected if is_html(text) => {
                    "this is an HTML page, not a WSDL document (the server answered with a page instead of its service description)".to_owned()
                }
                roxmltree::Error::DtdDetected => {
                    "documents with a DTD are refused (svcgen never expands entities)".to_owned()
                }
                other => format!("not well-formed XML: {other}"),
            };
            Error::input(origin, message)
        })?;
        Ok(Self {
            file,
            positions: Positions::new(text),
            document,
            shift,
        })
    }

    /// Where `node` starts.
    pub fn origin(&self, node: roxmltree::Node<'_, '_>) -> Origin {
        let (line, column) = self
            .positions
            .at(self.document.input_text(), node.range().start);
        let (line, column) = self.shift.apply(line, column);
        Origin {
            file: Arc::clone(&self.file),
            location: Location::LineColumn { line, column },
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
    text_of(children(node, namespace, "documentation"))
}

/// All the text inside `nodes`, trimmed; `None` when there is none.
pub fn text_of<'a, 'input: 'a>(
    nodes: impl Iterator<Item = roxmltree::Node<'a, 'input>>,
) -> Option<String> {
    let text: String = nodes
        .flat_map(|node| node.descendants())
        .filter(|node| node.is_text())
        .filter_map(|text| text.text())
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn positions_agree_with_roxmltree_everywhere() {
        let long_line = "é".repeat(3000);
        let text = format!(
            "<a>\n  <b>{long_line}</b>\r\n<c/>{}\n</a>",
            "x".repeat(9000)
        );
        let document = roxmltree::Document::parse(&text).unwrap();
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&offset| text.is_char_boundary(offset))
            .collect();
        // Forwards (counting on from the last answer), backwards (from checkpoints), and
        // jumping about.
        let jumps = offsets
            .iter()
            .step_by(7)
            .chain(offsets.iter().rev().step_by(5));
        let positions = Positions::new(&text);
        for &offset in offsets.iter().chain(offsets.iter().rev()).chain(jumps) {
            let expected = document.text_pos_at(offset);
            assert_eq!(
                positions.at(&text, offset),
                (expected.row as usize, expected.col as usize),
                "at {offset}"
            );
        }
    }
}
