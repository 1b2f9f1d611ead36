//! Loading a WSDL with everything it brings in: `wsdl:import`s, and `xs:import`s and
//! `xs:include`s of the schemas inside it and of the files they name. Each file is read
//! once (cycles are fine). Nothing is downloaded: a remote location is looked up in the
//! catalog, and a remote schema that neither the catalog nor another loaded schema
//! provides is an error that says how to map it. Relative locations must stay inside the
//! allowed roots (the main input's directory and the catalog's).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::catalog::Catalog;
use super::definitions::{self, Definitions};
use super::schema::{self, Reference, Schema, SchemaSet};
use super::xml::Source;
use crate::error::Error;
use crate::ir::Origin;

const WSDL2: &str = "http://www.w3.org/ns/wsdl";

/// What a contract needs besides its own file.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub catalog: Option<Catalog>,
    /// Directories that relative imports may read from; empty means the main input's own
    /// directory only.
    pub roots: Vec<PathBuf>,
}

/// A file read because the main input imports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A loaded WSDL (or a plain XML Schema, which has no definitions).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub definitions: Definitions,
    pub schemas: SchemaSet,
    /// Whether the main input was an XML Schema rather than a WSDL.
    pub schema_only: bool,
    pub dependencies: Vec<Dependency>,
}

/// Loads the document `text` of `file` and everything it imports.
pub fn load(file: &Arc<PathBuf>, text: &str, options: &Options) -> Result<Loaded, Error> {
    let mut roots = vec![parent(file).to_owned()];
    roots.extend(options.roots.iter().cloned());
    if let Some(catalog) = &options.catalog {
        roots.extend(catalog.files.iter().map(|path| parent(path).to_owned()));
    }
    // Compared as absolute, symlink-free paths: a relative root such as `` (the current
    // directory) would otherwise contain every path, `/etc/passwd` and `../..` included.
    let roots = roots.iter().map(|root| real_path(root)).collect();
    let mut loader = Loader {
        catalog: options.catalog.as_ref(),
        roots,
        visited: BTreeSet::new(),
        definitions: Definitions::default(),
        schemas: Vec::new(),
        dependencies: Vec::new(),
        unresolved: Vec::new(),
    };
    loader.visited.insert(file.to_path_buf());
    let schema_only = loader.document(file, text, None)?;
    loader.check_unresolved()?;
    if let Some((origin, problem)) = loader.definitions.dangling_reference() {
        return Err(Error::input(origin, problem));
    }
    Ok(Loaded {
        definitions: loader.definitions,
        schemas: SchemaSet {
            schemas: loader.schemas,
        },
        schema_only,
        dependencies: loader.dependencies,
    })
}

/// Namespaces whose schemas every SOAP toolkit knows and svcgen needs no file for: XML
/// Schema itself (SharePoint "imports" it), SOAP encoding, the `xml:` namespace.
pub(crate) fn is_well_known(namespace: &str) -> bool {
    schema::is_xsd(namespace)
        || matches!(
            namespace,
            "http://schemas.xmlsoap.org/soap/encoding/"
                | "http://www.w3.org/XML/1998/namespace"
                | "http://schemas.xmlsoap.org/wsdl/"
        )
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// `path` absolute and normalized, with symlinks resolved in the longest part of it that
/// exists (so a link inside a root cannot lead outside it, and a missing file below a
/// linked directory still compares as inside it).
fn real_path(path: &Path) -> PathBuf {
    // The parent of a bare file name is empty: the current directory.
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute =
        crate::config::normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_owned()));
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    loop {
        if let Ok(mut real) = std::fs::canonicalize(existing) {
            real.extend(missing.iter().rev());
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// A remote schema no catalog entry maps; an error unless another file supplies its
/// namespace.
struct Unresolved {
    url: String,
    namespace: Option<String>,
    origin: Origin,
    /// A `wsdl:import`: its bindings and port types come from nowhere else, so another
    /// file's schema of the same namespace does not make up for it.
    wsdl: bool,
}

struct Loader<'c> {
    catalog: Option<&'c Catalog>,
    roots: Vec<PathBuf>,
    visited: BTreeSet<PathBuf>,
    definitions: Definitions,
    schemas: Vec<Schema>,
    dependencies: Vec<Dependency>,
    unresolved: Vec<Unresolved>,
}

impl Loader<'_> {
    /// Reads one file: a WSDL (merged into the definitions) or a schema. Returns whether it
    /// was a schema.
    fn document(
        &mut self,
        file: &Arc<PathBuf>,
        text: &str,
        including_namespace: Option<&str>,
    ) -> Result<bool, Error> {
        let source = Source::parse(Arc::clone(file), text)?;
        let root = source.document.root_element();
        let name = root.tag_name();
        match (name.namespace(), name.name()) {
            (Some(definitions::WSDL), "definitions") => {
                self.wsdl(&source)?;
                Ok(false)
            }
            (Some(namespace), "schema") if schema::is_xsd(namespace) => {
                let schema = schema::read_schema(&source, root, including_namespace)?;
                self.schema(schema)?;
                Ok(true)
            }
            _ => Err(refusal(&source, root)),
        }
    }

    fn wsdl(&mut self, source: &Source<'_>) -> Result<(), Error> {
        let root = source.document.root_element();
        let definitions = definitions::read(source)?;
        let imports = definitions.imports.clone();
        self.definitions.merge(definitions);
        for types in super::xml::children(root, definitions::WSDL, "types") {
            for node in types.children().filter(|node| {
                node.is_element()
                    && node.tag_name().name() == "schema"
                    && node.tag_name().namespace().is_some_and(schema::is_xsd)
            }) {
                let schema = schema::read_schema(source, node, None)?;
                self.schema(schema)?;
            }
        }
        for import in imports {
            let Some(location) = &import.location else {
                continue;
            };
            let reference = Reference {
                namespace: import.namespace.clone(),
                location: Some(location.clone()),
                origin: import.origin.clone(),
            };
            self.follow(&reference, None, true)?;
        }
        Ok(())
    }

    fn schema(&mut self, schema: Schema) -> Result<(), Error> {
        let imports = schema.imports.clone();
        let includes = schema.includes.clone();
        let namespace = schema.target_namespace.clone();
        self.schemas.push(schema);
        for import in &imports {
            if import.namespace.as_deref().is_some_and(is_well_known) {
                continue;
            }
            self.follow(import, None, false)?;
        }
        for include in &includes {
            self.follow(include, Some(&namespace), false)?;
        }
        Ok(())
    }

    /// Reads the file a reference names, once.
    fn follow(
        &mut self,
        reference: &Reference,
        including_namespace: Option<&str>,
        wsdl: bool,
    ) -> Result<(), Error> {
        let Some(location) = reference.location.as_deref().map(str::trim) else {
            return Ok(()); // a sibling schema in the same document, found by namespace
        };
        let Some(path) = self.resolve(location, reference, wsdl)? else {
            return Ok(());
        };
        if !self.visited.insert(path.clone()) {
            return Ok(());
        }
        let bytes = super::xml::read_document(&path).map_err(|error| {
            Error::input(
                reference.origin.clone(),
                format!(
                    "imports `{location}`, which cannot be read ({}): {error}",
                    path.display()
                ),
            )
        })?;
        let file = Arc::new(path.clone());
        let text = super::xml::utf8_text(&file, &bytes)?;
        self.document(&file, text, including_namespace)?;
        self.dependencies.push(Dependency { path, bytes });
        Ok(())
    }

    /// The local file for `location`; `None` for a remote location no catalog maps (kept
    /// to check at the end).
    fn resolve(
        &mut self,
        location: &str,
        reference: &Reference,
        wsdl: bool,
    ) -> Result<Option<PathBuf>, Error> {
        if location.contains("://") {
            if let Some(path) = self.catalog.and_then(|catalog| catalog.lookup(location)) {
                return Ok(Some(path));
            }
            self.unresolved.push(Unresolved {
                url: location.to_owned(),
                namespace: reference.namespace.clone(),
                origin: reference.origin.clone(),
                wsdl,
            });
            return Ok(None);
        }
        let base = parent(&reference.origin.file);
        let path = crate::config::normalize(&base.join(location));
        let real = real_path(&path);
        let inside = self.roots.iter().any(|root| real.starts_with(root));
        if !inside {
            return Err(Error::input(
                reference.origin.clone(),
                format!(
                    "imports `{location}`, which is outside the directories svcgen may read ({}); \
                     move the file beside the WSDL or map it in a catalog",
                    self.roots
                        .iter()
                        .map(|root| format!("`{}`", root.display()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(Some(path))
    }

    /// A remote import is fine when another file already supplies its namespace.
    fn check_unresolved(&self) -> Result<(), Error> {
        let loaded: BTreeSet<&str> = self
            .schemas
            .iter()
            .map(|schema| schema.target_namespace.as_str())
            .collect();
        let missing = self.unresolved.iter().find(|import| {
            import.wsdl
                || import
                    .namespace
                    .as_deref()
                    .is_none_or(|namespace| !loaded.contains(namespace))
        });
        let Some(import) = missing else {
            return Ok(());
        };
        Err(Error::input(
            import.origin.clone(),
            format!(
                "imports `{}`; svcgen never downloads while generating: save that document \
                 and map its URL to the file in a catalog (`--catalog FILE`, or `catalog` in \
                 svcgen.toml; a Visual Studio Reference.svcmap works as one)",
                import.url
            ),
        ))
    }
}

/// What the main input is instead of WSDL 1.1 or XML Schema, as specifically as possible.
fn refusal(source: &Source<'_>, root: roxmltree::Node<'_, '_>) -> Error {
    let name = root.tag_name();
    match (name.namespace(), name.name()) {
        (Some(WSDL2), "description") => source.error(
            root,
            "this is WSDL 2.0; svcgen reads WSDL 1.1 (what ASMX, WCF and most services publish)",
        ),
        (_, local) if local.eq_ignore_ascii_case("html") => source.error(
            root,
            "this is an HTML page, not a WSDL document (the server answered with a page instead of its service description)",
        ),
        (namespace, local) => source.error(
            root,
            format!(
                "neither a WSDL 1.1 document nor an XML Schema: the root element is `{local}` in \
                 namespace `{}`",
                namespace.unwrap_or("")
            ),
        ),
    }
}
