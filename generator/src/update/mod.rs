//! `svcgen update`: downloads each service's contract from the URLs its configuration
//! records (`sources`), with every schema a WSDL imports; writes the files into `schemas/`
//! (and the catalog that maps remote imports to them); regenerates the crate; and reports
//! how the API changed.
//!
//! Everything is downloaded before anything is written. When the new contract does not
//! generate, or writing fails, the old files are put back, so `schemas/` and `generated/`
//! are either both updated or both as they were.

mod download;
mod http;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use download::Fetch;
pub use http::Http;

use crate::changes::{Change, changes};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::{WriteSummary, replace_file};
use crate::spec::{ServiceSpec, toml_string};
use crate::{pipeline, wsdl};

/// What an update did.
#[derive(Debug, Default)]
pub struct Report {
    /// Schema files (and catalogs) whose content changed.
    pub schemas: Vec<PathBuf>,
    /// Each updated service's API changes.
    pub services: Vec<ServiceChanges>,
    /// What changed in the generated crate.
    pub generated: WriteSummary,
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct ServiceChanges {
    pub module: String,
    /// `None` when the files before the update did not load (a first download).
    pub changes: Option<Vec<Change>>,
}

/// Updates the services named in `only` (every service with `sources` when empty).
pub fn update(config: &Config, only: &[String], fetch: &mut dyn Fetch) -> Result<Report> {
    let services = chosen(config, only)?;
    let mut downloads = download::Downloads::default();
    for service in &services {
        let sources = config
            .sources
            .get(&service.module)
            .map_or(&[][..], Vec::as_slice);
        downloads.service(service, sources, fetch)?;
    }
    let mut files = downloads.files;
    for (catalog, entries) in &downloads.catalogs {
        files.insert(catalog.clone(), catalog_text(catalog, entries)?);
    }

    let before: Vec<_> = services
        .iter()
        .map(|service| pipeline::read_service(service).ok())
        .collect();
    let mut written = Written::default();
    if let Err(error) = written.write(&files) {
        written.undo();
        return Err(error);
    }
    let regenerated = pipeline::generate(&config.spec).and_then(|generated| {
        let after = services
            .iter()
            .map(|service| pipeline::read_service(service))
            .collect::<Result<Vec<_>>>()?;
        Ok((generated, after))
    });
    let (generated, after) = match regenerated {
        Ok(result) => result,
        Err(error) => {
            // Rendered now: the snippet shows the downloaded file, which is about to go.
            let message = format!(
                "the downloaded contract does not generate, so nothing was changed:\n{}",
                error.render()
            );
            written.undo();
            return Err(Error::Update { message });
        }
    };
    let summary = match generated.write(&config.out_dir) {
        Ok(summary) => summary,
        Err(error) => {
            written.undo();
            return Err(error);
        }
    };
    let services = services
        .iter()
        .zip(before)
        .zip(&after)
        .map(|((service, before), after)| ServiceChanges {
            module: service.module.clone(),
            changes: before.map(|before| changes(&before, after)),
        })
        .collect();
    Ok(Report {
        schemas: written.changed,
        services,
        generated: summary,
        warnings: generated.warnings().to_vec(),
    })
}

/// The services to update, in configuration order.
fn chosen<'c>(config: &'c Config, only: &[String]) -> Result<Vec<&'c ServiceSpec>> {
    let config_error = |message: String| Error::Config {
        path: config.path.clone(),
        message,
    };
    let all = &config.spec.services;
    for name in only {
        if !all.iter().any(|service| service.module == *name) {
            let known: Vec<&str> = all.iter().map(|service| service.module.as_str()).collect();
            return Err(config_error(format!(
                "no service `{name}` (services: {})",
                known.join(", ")
            )));
        }
        if !config.sources.contains_key(name) {
            return Err(config_error(format!(
                "service `{name}` has no `sources`: add `[services.{name}.sources]` with \
                 `\"<input file>\" = \"<URL>\"` lines to say where its inputs come from"
            )));
        }
    }
    let chosen: Vec<&ServiceSpec> = all
        .iter()
        .filter(|service| config.sources.contains_key(&service.module))
        .filter(|service| only.is_empty() || only.contains(&service.module))
        .collect();
    if chosen.is_empty() {
        return Err(config_error(
            "no service has `sources`, so there is nothing to download: add \
             `[services.<name>.sources]` with `\"<input file>\" = \"<URL>\"` lines"
                .to_owned(),
        ));
    }
    Ok(chosen)
}

/// A catalog svcgen writes: TOML, sorted, paths relative to the catalog.
fn catalog_text(catalog: &Path, entries: &BTreeMap<String, PathBuf>) -> Result<Vec<u8>> {
    let existing = std::fs::read_to_string(catalog).unwrap_or_default();
    if existing
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        return Err(Error::Update {
            message: format!(
                "{} is a Reference.svcmap; svcgen update writes TOML catalogs, so point \
                 `catalog` at a new `.toml` file",
                catalog.display()
            ),
        });
    }
    let dir = catalog.parent().unwrap_or(Path::new(""));
    let mut text = String::from(
        "# Written by `svcgen update`: the local copies of the remote documents this\n\
         # service's WSDL imports, by URL. Paths are relative to this file.\n",
    );
    for (url, file) in entries {
        let relative = pathdiff::diff_paths(file, dir).unwrap_or_else(|| file.clone());
        let relative = relative.to_string_lossy().replace('\\', "/");
        let _ = writeln!(text, "{} = {}", toml_string(url), toml_string(&relative));
    }
    // What is written must read back as the same catalog.
    let mut check = wsdl::Catalog::default();
    check.add(catalog, &text)?;
    Ok(text.into_bytes())
}

/// Files written so far, with what they held before, so that a failure can put them back.
#[derive(Debug, Default)]
struct Written {
    previous: Vec<(PathBuf, Option<Vec<u8>>)>,
    created_dirs: Vec<PathBuf>,
    changed: Vec<PathBuf>,
}

impl Written {
    fn write(&mut self, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<()> {
        for (path, bytes) in files {
            let old = match std::fs::read(path) {
                Ok(old) => Some(old),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => return Err(Error::io(path, source)),
            };
            if old.as_deref() == Some(bytes.as_slice()) {
                continue;
            }
            self.create_parent(path)?;
            self.previous.push((path.clone(), old));
            replace_file(path, bytes)?;
            self.changed.push(path.clone());
        }
        Ok(())
    }

    fn create_parent(&mut self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let mut missing = Vec::new();
        let mut dir = parent;
        while !dir.as_os_str().is_empty() && !dir.exists() {
            missing.push(dir.to_owned());
            dir = dir.parent().unwrap_or(Path::new(""));
        }
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(&dir).map_err(|source| Error::io(&dir, source))?;
            self.created_dirs.push(dir);
        }
        Ok(())
    }

    /// Puts every file back as it was (best effort: the first error is already reported).
    fn undo(self) {
        for (path, old) in self.previous.into_iter().rev() {
            let _ = match old {
                Some(bytes) => replace_file(&path, &bytes),
                None => std::fs::remove_file(&path).map_err(|source| Error::io(&path, source)),
            };
        }
        for dir in self.created_dirs.into_iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}
