//! Catalogs: where the local copy of a remote schema is. svcgen never downloads while
//! generating, so a WSDL that imports `https://host/Service.svc?xsd=xsd0` needs a catalog
//! that maps that URL to a file. Two formats are read:
//!
//! - Visual Studio's `Reference.svcmap` (`<MetadataFile SourceUrl=… FileName=…/>`), which
//!   "Add Service Reference" saves beside the downloaded files;
//! - a TOML file of `"<url>" = "<file>"` pairs; a URL ending in `/` maps every URL under it
//!   to the same path under the file it names.
//!
//! File names are relative to the catalog.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::ir::{Location, Origin};

const SVCMAP: &str = "urn:schemas-microsoft-com:xml-wcfservicemap";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The catalog files read, for diagnostics and rebuild tracking.
    pub files: Vec<PathBuf>,
    exact: BTreeMap<String, PathBuf>,
    prefixes: Vec<(String, PathBuf)>,
}

impl Catalog {
    /// Reads a catalog file (either format, told apart by content).
    pub fn load(path: &Path) -> Result<Catalog> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?;
        let mut catalog = Catalog::default();
        catalog.add(path, &text)?;
        Ok(catalog)
    }

    /// Adds the entries of another catalog file; earlier entries win.
    pub fn add(&mut self, path: &Path, text: &str) -> Result<()> {
        let base = path.parent().unwrap_or(Path::new("")).to_owned();
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let entries = if text.starts_with('<') {
            svcmap_entries(path, text)?
        } else {
            toml_entries(path, text)?
        };
        for (url, file) in entries {
            let target = crate::config::normalize(&base.join(file));
            if url.ends_with('/') {
                self.prefixes.push((url, target));
            } else {
                self.exact.entry(url).or_insert(target);
            }
        }
        self.files.push(path.to_owned());
        Ok(())
    }

    /// The local file for `url`, if the catalog maps it.
    pub fn lookup(&self, url: &str) -> Option<PathBuf> {
        if let Some(path) = self.exact.get(url) {
            return Some(path.clone());
        }
        // The rest of a URL under a prefix comes from the document: it may not climb out
        // of the directory the prefix maps to (`…/prefix/../../etc/passwd`).
        self.prefixes.iter().find_map(|(prefix, dir)| {
            let rest = url.strip_prefix(prefix.as_str())?;
            let path = crate::config::normalize(&dir.join(rest));
            path.starts_with(dir).then_some(path)
        })
    }
}

fn whole_file(path: &Path) -> Origin {
    Origin {
        file: Arc::new(path.to_owned()),
        location: Location::File,
    }
}

fn svcmap_entries(path: &Path, text: &str) -> Result<Vec<(String, String)>> {
    let document = roxmltree::Document::parse(text).map_err(|error| {
        let position = error.pos();
        let origin = Origin {
            file: Arc::new(path.to_owned()),
            location: Location::LineColumn {
                line: position.row as usize,
                column: position.col as usize,
            },
        };
        Error::input(origin, format!("not well-formed XML: {error}"))
    })?;
    let root = document.root_element();
    if root.tag_name().namespace() != Some(SVCMAP) {
        return Err(Error::input(
            whole_file(path),
            "not a catalog: expected a Visual Studio `Reference.svcmap` or a TOML file of `\"<url>\" = \"<file>\"` lines",
        ));
    }
    Ok(root
        .descendants()
        .filter(|node| node.tag_name().name() == "MetadataFile")
        .filter_map(|node| {
            Some((
                node.attribute("SourceUrl")?.to_owned(),
                node.attribute("FileName")?.to_owned(),
            ))
        })
        .collect())
}

fn toml_entries(path: &Path, text: &str) -> Result<Vec<(String, String)>> {
    let table: BTreeMap<String, String> = toml::from_str(text).map_err(|error| Error::Config {
        path: path.to_owned(),
        message: format!(
            "not a catalog: expected `\"<url>\" = \"<file>\"` lines ({})",
            error.message()
        ),
    })?;
    Ok(table.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(name: &str, text: &str) -> Result<Catalog> {
        let mut catalog = Catalog::default();
        catalog.add(Path::new(name), text)?;
        Ok(catalog)
    }

    #[test]
    fn svcmap_maps_source_urls_to_files() {
        let catalog = catalog(
            "svc/Reference.svcmap",
            r#"<ReferenceGroup xmlns="urn:schemas-microsoft-com:xml-wcfservicemap"><Metadata>
  <MetadataFile FileName="S.xsd" SourceUrl="https://h/S.svc?xsd=xsd0" />
</Metadata></ReferenceGroup>"#,
        )
        .unwrap();
        assert_eq!(
            catalog.lookup("https://h/S.svc?xsd=xsd0"),
            Some(PathBuf::from("svc/S.xsd"))
        );
        assert_eq!(catalog.lookup("https://h/other"), None);
    }

    #[test]
    fn toml_maps_exact_urls_and_prefixes() {
        let catalog = catalog(
            "schemas/catalog.toml",
            "\"https://h/a.xsd\" = \"local/a.xsd\"\n\"https://h/dir/\" = \"mirror/\"\n",
        )
        .unwrap();
        assert_eq!(
            catalog.lookup("https://h/a.xsd"),
            Some(PathBuf::from("schemas/local/a.xsd"))
        );
        assert_eq!(
            catalog.lookup("https://h/dir/x/b.xsd"),
            Some(PathBuf::from("schemas/mirror/x/b.xsd"))
        );
        assert_eq!(catalog.lookup("https://h/dir/../../../etc/passwd"), None);
    }

    #[test]
    fn other_files_are_not_catalogs() {
        let error = catalog("c.xml", "<a/>").unwrap_err().to_string();
        assert!(error.starts_with("c.xml: not a catalog"), "{error}");
        let error = catalog("c.toml", "a = 1").unwrap_err().to_string();
        assert!(error.starts_with("c.toml: not a catalog"), "{error}");
    }
}
