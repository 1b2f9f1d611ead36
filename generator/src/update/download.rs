//! Downloading a service's contract: each configured source, and for a WSDL or schema
//! every document it imports or includes, transitively. Relative references are stored
//! where the reference points (beside the referring file); absolute ones get a file beside
//! the input and an entry in the service's catalog, which is how generation finds them.
//! Nothing is written here: the result is files in memory.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Source, normalize};
use crate::error::{Error, Result};
use crate::spec::ServiceSpec;
use crate::wsdl;

/// Gets a document by URL: the only network access svcgen has.
pub trait Fetch {
    /// The body of a successful answer, or why there is none.
    fn get(&mut self, url: &str) -> std::result::Result<Vec<u8>, String>;
}

/// At most this many documents per service: a WSDL that imports without end is hostile.
const MAX_DOCUMENTS: usize = 1000;

/// What an update will write: file contents, and catalog entries by catalog file.
#[derive(Debug, Default)]
pub struct Downloads {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    pub catalogs: BTreeMap<PathBuf, BTreeMap<String, PathBuf>>,
}

/// A document to get, and where its copy goes.
struct Wanted {
    url: String,
    file: PathBuf,
}

impl Downloads {
    /// Downloads one service's sources and what they import.
    pub fn service(
        &mut self,
        service: &ServiceSpec,
        sources: &[Source],
        fetch: &mut dyn Fetch,
    ) -> Result<()> {
        let mut queue: VecDeque<Wanted> = sources
            .iter()
            .map(|source| Wanted {
                url: source.url.clone(),
                file: source.file.clone(),
            })
            .collect();
        let inputs: BTreeSet<&Path> = sources.iter().map(|source| source.file.as_path()).collect();
        let mut fetched: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut stored = BTreeSet::new();
        while let Some(wanted) = queue.pop_front() {
            if !stored.insert(wanted.file.clone()) {
                continue;
            }
            if stored.len() > MAX_DOCUMENTS {
                return Err(Error::Update {
                    message: format!(
                        "service `{}` imports more than {MAX_DOCUMENTS} documents; svcgen stops there",
                        service.module
                    ),
                });
            }
            let bytes = match fetched.get(&wanted.url) {
                Some(bytes) => bytes.clone(),
                None => {
                    let bytes = fetch.get(&wanted.url).map_err(|message| Error::Download {
                        url: wanted.url.clone(),
                        message,
                    })?;
                    fetched.insert(wanted.url.clone(), bytes.clone());
                    bytes
                }
            };
            for reference in references(&wanted.file, &bytes) {
                let next = self.place(service, &inputs, &wanted, &reference)?;
                queue.push_back(next);
            }
            self.files.insert(wanted.file, bytes);
        }
        Ok(())
    }

    /// Where the document `reference` names goes: beside `from` for a relative
    /// reference, or in the catalog for an absolute one.
    fn place(
        &mut self,
        service: &ServiceSpec,
        inputs: &BTreeSet<&Path>,
        from: &Wanted,
        reference: &Reference,
    ) -> Result<Wanted> {
        let location = reference.location.as_str();
        let url = join(&from.url, location)?;
        if !location.contains("://") {
            let file = relative_file(&from.file, location).ok_or_else(|| Error::Update {
                message: format!(
                    "`{}` (from {}) imports `{location}`, which cannot be stored where that \
                     relative reference points; save the documents by hand and map them in a catalog",
                    from.file.display(),
                    from.url
                ),
            })?;
            return Ok(Wanted { url, file });
        }
        let Some(catalog) = &service.catalog else {
            return Err(Error::Update {
                message: format!(
                    "`{}` imports `{url}`; add `catalog = \"{}/catalog.toml\"` to \
                     [services.{}] so that svcgen can record where its copy is, then update again",
                    from.file.display(),
                    service.module,
                    service.module
                ),
            });
        };
        let entries = self.catalogs.entry(catalog.clone()).or_default();
        if let Some(file) = entries.get(&url) {
            return Ok(Wanted {
                url,
                file: file.clone(),
            });
        }
        let dir = from.file.parent().unwrap_or(Path::new(""));
        let taken: BTreeSet<&PathBuf> = entries.values().collect();
        let file = free_name(dir, &url, reference.extension, |candidate| {
            taken.contains(candidate) || inputs.contains(candidate.as_path())
        });
        entries.insert(url.clone(), file.clone());
        Ok(Wanted { url, file })
    }
}

/// A reference from one document to another.
struct Reference {
    location: String,
    /// `wsdl` for a `wsdl:import`, `xsd` for schema imports and includes.
    extension: &'static str,
}

/// The documents a WSDL or XML Schema refers to. Anything else (JSON, HTML, a document
/// that does not parse) refers to nothing; generation reports what is wrong with it.
fn references(file: &Path, bytes: &[u8]) -> Vec<Reference> {
    let text = String::from_utf8_lossy(bytes);
    let Ok(source) = wsdl::xml::Source::parse(Arc::new(file.to_owned()), &text) else {
        return Vec::new();
    };
    let root = source.document.root_element();
    let root_namespace = root.tag_name().namespace().unwrap_or_default();
    if root_namespace != wsdl::WSDL && !wsdl::schema::is_xsd(root_namespace) {
        return Vec::new();
    }
    let mut references = Vec::new();
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name();
        let namespace = name.namespace().unwrap_or_default();
        let (attribute, extension) = match name.name() {
            "import" if namespace == wsdl::WSDL => ("location", "wsdl"),
            "import" | "include" | "redefine" | "override" if wsdl::schema::is_xsd(namespace) => {
                ("schemaLocation", "xsd")
            }
            _ => continue,
        };
        let well_known = node
            .attribute("namespace")
            .is_some_and(wsdl::load::is_well_known);
        let location = node.attribute(attribute).map(str::trim).unwrap_or_default();
        if well_known || location.is_empty() {
            continue;
        }
        references.push(Reference {
            location: location.to_owned(),
            extension,
        });
    }
    references
}

fn join(base: &str, location: &str) -> Result<String> {
    let joined = url::Url::parse(base).and_then(|base| base.join(location));
    match joined {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url.into()),
        Ok(url) => Err(Error::Update {
            message: format!(
                "{base} refers to `{location}`, a {} URL; svcgen downloads only http(s)",
                url.scheme()
            ),
        }),
        Err(error) => Err(Error::Update {
            message: format!("{base} refers to `{location}`, which is not a URL: {error}"),
        }),
    }
}

/// The file a relative reference from `from` names, when it is a plain path that stays
/// in `from`'s directory tree (a query or `..` out of it cannot be a local file the
/// generator would look for).
fn relative_file(from: &Path, location: &str) -> Option<PathBuf> {
    if location.contains(['?', '#', '\\', ':']) || location.starts_with('/') {
        return None;
    }
    let dir = from.parent().unwrap_or(Path::new(""));
    let file = normalize(&dir.join(location));
    file.starts_with(normalize(dir)).then_some(file)
}

/// A readable file name for a URL (`Service.svc?xsd=xsd0` → `Service.svc-xsd-xsd0.xsd`)
/// in `dir`, numbered when `taken` says the name is in use.
fn free_name(dir: &Path, url: &str, extension: &str, taken: impl Fn(&PathBuf) -> bool) -> PathBuf {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let after_host = path.split_once("://").map_or(path, |(_, rest)| rest);
    let segment = after_host
        .rsplit('/')
        .find(|segment| !segment.is_empty())
        .unwrap_or("schema");
    let raw = if query.is_empty() {
        segment.to_owned()
    } else {
        format!("{segment}-{query}")
    };
    let stem: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_end_matches(&format!(".{extension}")[..]);
    let mut candidate = dir.join(format!("{stem}.{extension}"));
    let mut number = 2;
    while taken(&candidate) {
        candidate = dir.join(format!("{stem}-{number}.{extension}"));
        number += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_urls_are_readable_and_distinct() {
        let dir = Path::new("s");
        let none = |_: &PathBuf| false;
        assert_eq!(
            free_name(dir, "https://h/a/Service.svc?xsd=xsd0", "xsd", none),
            PathBuf::from("s/Service.svc-xsd-xsd0.xsd")
        );
        assert_eq!(
            free_name(dir, "https://h/schemas/common.xsd", "xsd", none),
            PathBuf::from("s/common.xsd")
        );
        assert_eq!(
            free_name(dir, "https://h/", "wsdl", none),
            PathBuf::from("s/h.wsdl")
        );
        let first = PathBuf::from("s/common.xsd");
        assert_eq!(
            free_name(dir, "https://other/common.xsd", "xsd", |path| *path
                == first),
            PathBuf::from("s/common-2.xsd")
        );
    }

    #[test]
    fn relative_references_stay_in_their_directory() {
        let from = Path::new("schemas/svc/main.wsdl");
        assert_eq!(
            relative_file(from, "types/a.xsd"),
            Some(PathBuf::from("schemas/svc/types/a.xsd"))
        );
        assert_eq!(relative_file(from, "../other/a.xsd"), None);
        assert_eq!(relative_file(from, "Service.svc?xsd=xsd0"), None);
        assert_eq!(relative_file(from, "/etc/passwd"), None);
    }
}
