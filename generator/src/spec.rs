//! What to generate: the crate, its services, and the options a user sets for them (in
//! `svcgen.toml` or through [`crate::Builder`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::{VERSION, wsdl};

/// What to generate: one crate with one module per service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSpec {
    /// The package name of the generated crate.
    pub name: String,
    pub runtime: RuntimeDependency,
    /// Whether the crate can regenerate itself (`--features regenerate`).
    pub regenerate: Option<Regenerate>,
    pub services: Vec<ServiceSpec>,
    /// The command that regenerates the crate, run in its directory, which every file's
    /// header names (`None`: the files are written by a build script's [`crate::Builder`]).
    pub command: Option<String>,
}

/// How a checked-in generated crate rebuilds itself: an optional build-dependency on the
/// generator and a build script that runs it, both only under the `regenerate` feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regenerate {
    /// The generator crate, relative to the generated crate (`../generator`).
    pub generator_path: String,
    /// The configuration file, relative to the generated crate (`../schemas/svcgen.toml`).
    pub config_path: String,
}

impl Regenerate {
    /// Paths as seen from the crate at `crate_dir`.
    pub fn from(crate_dir: &Path, generator: &Path, config: &Path) -> Self {
        Self {
            generator_path: relative_path(crate_dir, generator),
            config_path: relative_path(crate_dir, config),
        }
    }
}

/// `to` as seen from the directory `from`, with `/` separators (the same on every machine).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let relative = pathdiff::diff_paths(to, from).unwrap_or_else(|| to.to_owned());
    relative.to_string_lossy().replace('\\', "/")
}

/// How the generated crate depends on `svcgen-runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// By path, as written in `Cargo.toml` (relative to the generated crate).
    Path(String),
    /// By version from the registry.
    Version(String),
}

impl Default for RuntimeDependency {
    fn default() -> Self {
        RuntimeDependency::Version(VERSION.to_owned())
    }
}

impl RuntimeDependency {
    /// A path dependency on `runtime` as seen from the crate at `crate_dir`.
    pub fn path_from(crate_dir: &Path, runtime: &Path) -> Self {
        RuntimeDependency::Path(relative_path(crate_dir, runtime))
    }

    pub(crate) fn manifest_entry(&self) -> String {
        match self {
            RuntimeDependency::Path(path) => format!("path = {}", toml_string(path)),
            RuntimeDependency::Version(version) => format!("version = {}", toml_string(version)),
        }
    }
}

pub(crate) fn toml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// One service: the module it becomes and the documents that describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub module: String,
    pub inputs: Vec<PathBuf>,
    pub description: Option<String>,
    /// The usual base URL (shown in examples; clients always take theirs explicitly).
    pub base_url: Option<String>,
    /// Where the local copies of remote schemas are (WSDL inputs).
    pub catalog: Option<PathBuf>,
    /// Directories besides the input's own (and the catalog's) that relative imports may
    /// read from; anything else outside them is refused.
    pub schema_dirs: Vec<PathBuf>,
    /// A Markdown file appended to the module's documentation.
    pub docs: Option<PathBuf>,
    /// The JSON dialect a ServiceStack host reads, when its metadata does not tell the
    /// truth (`None`: decided from the metadata, else the route family).
    pub json_dialect: Option<crate::ir::JsonDialect>,
    pub options: Options,
}

/// What a user changes about a service's generated Rust.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Rust types to use instead of the generated or default ones, by schema type name
    /// (`Header`, `{http://www.twinfield.com/}Header`) or primitive kind (`date-time`,
    /// `guid`, `decimal`…). The replacement must read and write the same wire form.
    pub replace: BTreeMap<String, String>,
    /// Derives added to every generated data type.
    pub derives: Vec<String>,
    /// Derives added to one type, by its Rust name.
    pub type_derives: BTreeMap<String, Vec<String>>,
    /// Attributes (`#[non_exhaustive]`) added to one type, by its Rust name.
    pub type_attributes: BTreeMap<String, Vec<String>>,
    /// Only the operations whose names match one of these patterns (`*` matches any run of
    /// characters); empty keeps all.
    pub operations: Vec<String>,
    /// Operations left out, by name or pattern.
    pub exclude_operations: Vec<String>,
    /// Types kept even when no kept operation uses them.
    pub types: Vec<String>,
    /// Types left out; an operation that needs one is an error.
    pub exclude_types: Vec<String>,
}

impl ServiceSpec {
    /// A service of one module from `inputs`, with nothing else configured.
    pub fn new(module: impl Into<String>, inputs: Vec<PathBuf>) -> Self {
        Self {
            module: module.into(),
            inputs,
            description: None,
            base_url: None,
            catalog: None,
            schema_dirs: Vec::new(),
            docs: None,
            json_dialect: None,
            options: Options::default(),
        }
    }

    pub(crate) fn load_options(&self) -> Result<wsdl::Options> {
        let catalog = self
            .catalog
            .as_deref()
            .map(wsdl::Catalog::load)
            .transpose()?;
        Ok(wsdl::Options {
            catalog,
            roots: self.schema_dirs.clone(),
        })
    }
}
