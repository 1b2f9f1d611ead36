//! Reading an input file and telling what kind of contract it holds, from its content
//! alone (file names and extensions are not trusted).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::ir::{Location, Origin};
use crate::{servicestack, wsdl};

/// A contract document, parsed far enough to know its kind.
#[derive(Debug)]
pub enum Document {
    /// ServiceStack `/types/metadata` or `/metadata/app` JSON.
    ServiceStackMetadata(serde_json::Value),
    /// A ServiceStack operation page (`/json/metadata?op=X`), as HTML or copied text.
    ServiceStackPage(servicestack::page::OperationPage),
    /// A WSDL 1.1 document (or a plain XML Schema) with everything it imports.
    Wsdl(Box<wsdl::Loaded>),
}

#[derive(Debug)]
pub struct Input {
    pub path: Arc<PathBuf>,
    /// The raw bytes, which the output's input hash covers (empty after
    /// [`Input::release_bytes`]).
    pub bytes: Vec<u8>,
    pub document: Document,
}

impl Input {
    /// The files the document imports (schemas of a WSDL), which the input hash and
    /// rebuild tracking cover too.
    pub fn dependencies(&self) -> &[wsdl::Dependency] {
        match &self.document {
            Document::Wsdl(loaded) => &loaded.dependencies,
            _ => &[],
        }
    }

    /// Frees the raw bytes of the document and its imports once the input hash is taken:
    /// lowering a large contract is generation's peak of memory, and they are not needed
    /// there.
    pub fn release_bytes(&mut self) {
        self.bytes = Vec::new();
        if let Document::Wsdl(loaded) = &mut self.document {
            for dependency in &mut loaded.dependencies {
                dependency.bytes = Vec::new();
            }
        }
    }
}

/// Reads `path` and detects its kind.
pub fn load(path: &Path) -> Result<Input> {
    load_with(path, &wsdl::Options::default())
}

/// Reads `path` and detects its kind; a WSDL's imports are resolved with `options`.
pub fn load_with(path: &Path, options: &wsdl::Options) -> Result<Input> {
    let bytes = read(path)?;
    let file = Arc::new(path.to_owned());
    let document = detect(&file, &bytes, options)?;
    Ok(Input {
        path: file,
        bytes,
        document,
    })
}

/// What inputs are, for messages about a path that is not one.
const EXPECTED: &str = "expected a contract file: ServiceStack metadata JSON or an operation page, a WSDL or an XML Schema";

fn read(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        let message = format!("is a directory; {EXPECTED}");
        return Err(Error::io(path, std::io::Error::other(message)));
    }
    wsdl::read_document(path).map_err(|source| {
        let source = match source.kind() {
            std::io::ErrorKind::NotFound => {
                std::io::Error::new(source.kind(), format!("no such file ({EXPECTED})"))
            }
            _ => source,
        };
        Error::io(path, source)
    })
}

fn detect(file: &Arc<PathBuf>, bytes: &[u8], options: &wsdl::Options) -> Result<Document> {
    let whole_file = || Origin {
        file: Arc::clone(file),
        location: Location::File,
    };
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Some(first) = text.iter().find(|byte| !byte.is_ascii_whitespace()) else {
        return Err(Error::input(whole_file(), "the file is empty"));
    };
    if matches!(first, b'{' | b'[') {
        return json_document(file, text);
    }
    let text = wsdl::xml::utf8_text(file, text)?;
    if servicestack::page::is_page(text) {
        return servicestack::page::parse(text)
            .map(Document::ServiceStackPage)
            .map_err(|error| {
                let location = match error.line {
                    0 => Location::File,
                    line => Location::LineColumn { line, column: 1 },
                };
                Error::input(
                    Origin {
                        file: Arc::clone(file),
                        location,
                    },
                    error.message,
                )
            });
    }
    if *first == b'<' {
        return wsdl::read(file, text, options).map(|loaded| Document::Wsdl(Box::new(loaded)));
    }
    Err(Error::input(
        whole_file(),
        "not a supported input: expected ServiceStack metadata JSON (`/types/metadata` or `/metadata/app`), an operation page, a WSDL or an XML Schema",
    ))
}

fn json_document(file: &Arc<PathBuf>, text: &[u8]) -> Result<Document> {
    let value: serde_json::Value = serde_json::from_slice(text).map_err(|error| {
        let origin = Origin {
            file: Arc::clone(file),
            location: Location::LineColumn {
                line: error.line(),
                column: error.column(),
            },
        };
        // serde_json appends " at line L column C"; the origin already says where.
        let text = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text);
        Error::input(origin, format!("invalid JSON: {message}"))
    })?;
    if !servicestack::is_metadata(&value) {
        let origin = Origin {
            file: Arc::clone(file),
            location: Location::JsonPath("$".to_owned()),
        };
        return Err(Error::input(
            origin,
            "JSON, but not ServiceStack metadata: expected `Operations` and `Types` (from `/types/metadata`) or an `api` member (from `/metadata/app`)",
        ));
    }
    Ok(Document::ServiceStackMetadata(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_bytes(bytes: &[u8]) -> Result<Document> {
        detect(
            &Arc::new(PathBuf::from("in.json")),
            bytes,
            &wsdl::Options::default(),
        )
    }

    #[test]
    fn metadata_is_detected_by_content() {
        assert!(matches!(
            detect_bytes(b"\xEF\xBB\xBF {\"Types\":[]}"),
            Ok(Document::ServiceStackMetadata(_))
        ));
        assert!(matches!(
            detect_bytes(b"{\"api\":{\"operations\":[]}}"),
            Ok(Document::ServiceStackMetadata(_))
        ));
    }

    #[test]
    fn other_content_is_a_clear_error() {
        let message = |bytes: &[u8]| detect_bytes(bytes).unwrap_err().to_string();
        assert_eq!(message(b"  "), "in.json: the file is empty");
        assert!(message(b"{\"a\":1}").contains("not ServiceStack metadata"));
        assert!(
            message(b"<definitions/>")
                .contains("neither a WSDL 1.1 document nor an XML Schema: the root element is `definitions` in namespace ``")
        );
        let page = b"Svc\n<back to all web services\nPing\nPing Parameters:\nNameParameterData TypeRequiredDescription\nIdqueryintNo\n";
        assert!(
            matches!(detect_bytes(page), Ok(Document::ServiceStackPage(p)) if p.name == "Ping")
        );
        assert!(message(b"hello").starts_with("in.json: not a supported input"));
        assert!(message(b"{\"Types\": [}").starts_with("in.json:1:12: invalid JSON"));
    }
}
