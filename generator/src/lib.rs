//! svcgen: generates Rust DTOs and typed clients from the contracts line-of-business
//! services publish: ServiceStack metadata and operation pages, WSDL and XML Schema.
//!
//! Data flows one way:
//!
//! 1. [`input`] reads a file (and what it imports) and detects its kind from its content;
//! 2. a front-end (`servicestack`, [`wsdl`]) lowers it into the shared [`ir`];
//! 3. [`rust`] plans names, types and attributes;
//! 4. `emit` prints the plan with `quote!` + prettyplease;
//! 5. [`output`] compares the result with the files on disk or writes it.
//!
//! The same inputs always give byte-identical output.

pub mod config;
pub mod error;
pub mod input;
pub mod ir;
pub mod output;
pub mod rust;

pub mod wsdl;

mod emit;
mod servicestack;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use error::{Error, Result};
pub use output::{Difference, GeneratedCrate, WriteSummary};

/// The generator's version, recorded in every generated file.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What to generate: one crate with one module per service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSpec {
    /// The package name of the generated crate.
    pub name: String,
    pub runtime: RuntimeDependency,
    pub services: Vec<ServiceSpec>,
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
        let relative =
            pathdiff::diff_paths(runtime, crate_dir).unwrap_or_else(|| runtime.to_owned());
        RuntimeDependency::Path(relative.to_string_lossy().replace('\\', "/"))
    }

    fn manifest_entry(&self) -> String {
        match self {
            RuntimeDependency::Path(path) => format!("path = {}", toml_string(path)),
            RuntimeDependency::Version(version) => format!("version = {}", toml_string(version)),
        }
    }
}

fn toml_string(text: &str) -> String {
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
    /// A Markdown file appended to the module's documentation.
    pub docs: Option<PathBuf>,
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
            docs: None,
        }
    }

    fn load_options(&self) -> Result<wsdl::Options> {
        let catalog = self
            .catalog
            .as_deref()
            .map(wsdl::Catalog::load)
            .transpose()?;
        Ok(wsdl::Options {
            catalog,
            roots: Vec::new(),
        })
    }
}

/// Runs the whole pipeline in memory. Nothing is written, so a bad input can never
/// leave a half-generated crate behind.
pub fn generate(spec: &CrateSpec) -> Result<GeneratedCrate> {
    let mut modules = std::collections::BTreeSet::new();
    for service in &spec.services {
        config::check_module_name(&service.module).map_err(|reason| Error::Spec {
            message: format!("service `{}`: {reason}", service.module),
        })?;
        if !modules.insert(service.module.as_str()) {
            return Err(Error::Spec {
                message: format!("two services are both named `{}`", service.module),
            });
        }
    }
    let mut loaded = Vec::new();
    for service in &spec.services {
        let options = service.load_options()?;
        let inputs = service
            .inputs
            .iter()
            .map(|path| input::load_with(path, &options))
            .collect::<Result<Vec<_>>>()?;
        let docs = match &service.docs {
            Some(path) => {
                Some(std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?)
            }
            None => None,
        };
        loaded.push(Loaded {
            service,
            inputs,
            docs,
        });
    }
    let header = header(&loaded);

    let mut krate = GeneratedCrate::default();
    for Loaded {
        service,
        inputs,
        docs,
    } in &loaded
    {
        let ir = lower(service, inputs)?;
        for warning in &ir.warnings {
            krate.warn(warning.to_string());
        }
        let context = rust::ModuleContext {
            crate_name: spec.name.clone(),
            base_url: service.base_url.clone(),
            docs: module_docs(service, inputs, docs.as_deref()),
        };
        let plan = rust::plan_service(&ir, context)?;
        krate.insert(
            format!("src/{}.rs", service.module),
            emit::module_source(&plan, &header)?,
        );
    }
    let manifest = emit::CrateManifest {
        name: spec.name.clone(),
        runtime_dependency: spec.runtime.manifest_entry(),
        modules: spec
            .services
            .iter()
            .map(|service| service.module.clone())
            .collect(),
    };
    krate.insert("Cargo.toml", emit::cargo_toml(&manifest, &header));
    krate.insert("src/lib.rs", emit::lib_rs(&manifest, &header)?);
    Ok(krate)
}

fn lower(service: &ServiceSpec, inputs: &[input::Input]) -> Result<ir::Service> {
    let wsdl_inputs: Vec<&input::Input> = inputs
        .iter()
        .filter(|input| matches!(input.document, input::Document::Wsdl(_)))
        .collect();
    match (wsdl_inputs.as_slice(), inputs.len()) {
        ([], _) => {}
        ([only], 1) => {
            if let input::Document::Wsdl(loaded) = &only.document {
                return wsdl::lower(&service.module, &only.path, loaded);
            }
        }
        (_, _) => {
            let origin = ir::Origin {
                file: inputs
                    .get(1)
                    .map_or_else(|| Arc::new(PathBuf::new()), |input| Arc::clone(&input.path)),
                location: ir::Location::File,
            };
            let message = format!(
                "service `{}` has a WSDL among several inputs; give each WSDL a service of its own (types are scoped per WSDL)",
                service.module
            );
            return Err(Error::input(origin, message));
        }
    }
    let mut sources = servicestack::Sources {
        metadata: None,
        pages: Vec::new(),
        handler_path: service.base_url.as_deref().map(url_path),
    };
    for input in inputs {
        match &input.document {
            input::Document::ServiceStackMetadata(document) => {
                if sources.metadata.is_some() {
                    let origin = ir::Origin {
                        file: input.path.clone(),
                        location: ir::Location::File,
                    };
                    let message = format!(
                        "service `{}` has a second metadata document; give each host its own service",
                        service.module
                    );
                    return Err(Error::input(origin, message));
                }
                sources.metadata = Some((&input.path, document));
            }
            input::Document::ServiceStackPage(page) => sources.pages.push((&input.path, page)),
            input::Document::Wsdl(_) => {} // handled above
        }
    }
    servicestack::read(&service.module, &sources)
}

/// The path of a URL (`/api` of `https://host/api`), without a trailing slash.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .and_then(|start| after_scheme.get(start..))
        .unwrap_or("")
        .trim_end_matches('/')
}

/// A service with what was read for it.
struct Loaded<'a> {
    service: &'a ServiceSpec,
    inputs: Vec<input::Input>,
    /// The Markdown the configuration appends to the module's documentation.
    docs: Option<String>,
}

fn module_docs(service: &ServiceSpec, inputs: &[input::Input], extra: Option<&str>) -> Vec<String> {
    let mut docs: Vec<String> = service.description.iter().cloned().collect();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    let names: Vec<String> = inputs
        .iter()
        .map(|input| {
            input
                .path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .map(|name| format!("`{name}`"))
        .collect();
    docs.push(format!("Generated from {}.", names.join(", ")));
    if let Some(extra) = extra {
        docs.push(String::new());
        docs.extend(extra.trim_end().lines().map(str::to_owned));
    }
    docs
}

/// The comment on top of every generated file: generator version and a hash of the
/// inputs (service names and file contents, not paths, so it is the same on every machine).
fn header(loaded: &[Loaded<'_>]) -> String {
    let mut hasher = Sha256::new();
    for Loaded {
        service,
        inputs,
        docs,
    } in loaded
    {
        hasher.update(service.module.as_bytes());
        hasher.update([0]);
        for input in inputs {
            hasher.update((input.bytes.len() as u64).to_le_bytes());
            hasher.update(&input.bytes);
            for dependency in input.dependencies() {
                hasher.update((dependency.bytes.len() as u64).to_le_bytes());
                hasher.update(&dependency.bytes);
            }
        }
        if let Some(docs) = docs {
            hasher.update((docs.len() as u64).to_le_bytes());
            hasher.update(docs.as_bytes());
        }
    }
    let mut hash = String::new();
    for byte in hasher.finalize().iter().take(16) {
        let _ = write!(hash, "{byte:02x}");
    }
    format!(
        "{} {VERSION} from inputs sha256:{hash}. Do not edit: run `svcgen generate`.",
        output::GENERATED_MARKER
    )
}
