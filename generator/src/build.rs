//! The API for build scripts, in the style of `prost_build::Config`: name the services (or
//! read `svcgen.toml`), generate, and `include!` the modules from `OUT_DIR`:
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! svcgen::Builder::new()
//!     .service("twinfield", ["schemas/twinfield/session.wsdl"])
//!     .run();
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod twinfield {
//!     include!(concat!(env!("OUT_DIR"), "/twinfield.rs"));
//! }
//! ```
//!
//! The crate then depends on `svcgen-runtime` (and `serde`, for ServiceStack services).
//! Cargo is told to rerun the script when any file it read changes: inputs, the schemas
//! they import, catalogs, docs and the configuration.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::{self, Layout};
use crate::spec::{CrateSpec, Options, RuntimeDependency, ServiceSpec};
use crate::{GeneratedCrate, config};

/// What a build script generates, and where.
#[derive(Clone, Debug)]
pub struct Builder {
    spec: CrateSpec,
    target: Target,
    config: Option<PathBuf>,
    blocking: bool,
}

#[derive(Clone, Debug)]
enum Target {
    /// `<module>.rs` files for `include!`, in this directory (`None`: `$OUT_DIR`).
    Modules(Option<PathBuf>),
    /// A whole crate in this directory (regenerating a checked-in crate).
    Crate(PathBuf),
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// No services yet; output into `$OUT_DIR`.
    pub fn new() -> Self {
        Self {
            spec: CrateSpec {
                name: "generated".to_owned(),
                runtime: RuntimeDependency::default(),
                services: Vec::new(),
            },
            target: Target::Modules(None),
            config: None,
            blocking: false,
        }
    }

    /// The services a `svcgen.toml` configures (the same file the `svcgen` command reads).
    pub fn from_config(path: impl AsRef<Path>) -> Result<Self> {
        let config = config::load(path.as_ref())?;
        Ok(Self {
            spec: config.spec,
            target: Target::Modules(None),
            config: Some(config.path),
            blocking: false,
        })
    }

    /// Adds a service: module `module` from `inputs`.
    pub fn service<I, P>(mut self, module: &str, inputs: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        let inputs = inputs.into_iter().map(Into::into).collect();
        self.spec.services.push(ServiceSpec::new(module, inputs));
        self
    }

    fn service_mut(&mut self, module: &str) -> Option<&mut ServiceSpec> {
        self.spec
            .services
            .iter_mut()
            .find(|service| service.module == module)
    }

    /// Maps the remote schemas `module`'s WSDL imports to local files.
    pub fn catalog(mut self, module: &str, catalog: impl Into<PathBuf>) -> Self {
        if let Some(service) = self.service_mut(module) {
            service.catalog = Some(catalog.into());
        }
        self
    }

    /// Changes the options of `module` (type replacements, derives, selections).
    pub fn options(mut self, module: &str, change: impl FnOnce(&mut Options)) -> Self {
        if let Some(service) = self.service_mut(module) {
            change(&mut service.options);
        }
        self
    }

    /// Uses the Rust type `rust` wherever `module` has the schema type or kind `key`
    /// (`date-time`, `guid`, `Header`…).
    pub fn replace_type(self, module: &str, key: &str, rust: &str) -> Self {
        self.options(module, |options| {
            options.replace.insert(key.to_owned(), rust.to_owned());
        })
    }

    /// Derives `path` on every generated type of `module`.
    pub fn derive(self, module: &str, path: &str) -> Self {
        self.options(module, |options| options.derives.push(path.to_owned()))
    }

    /// Adds `blocking::Client` to every module (the crate depends on `svcgen-runtime` with
    /// its `blocking` feature).
    pub fn blocking(mut self) -> Self {
        self.blocking = true;
        self
    }

    /// Writes the `<module>.rs` files into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.target = Target::Modules(Some(dir.into()));
        self
    }

    /// Writes a whole crate into `dir` (as `svcgen generate` does), for a build script that
    /// regenerates a checked-in crate.
    pub fn crate_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.target = Target::Crate(dir.into());
        self
    }

    /// Generates and writes (only files whose content changed), then tells Cargo which
    /// files to watch and what was accepted with a warning.
    pub fn generate(&self) -> Result<GeneratedCrate> {
        let (layout, dir) = match &self.target {
            Target::Crate(dir) => (Layout::Crate, dir.clone()),
            Target::Modules(Some(dir)) => (
                Layout::Modules {
                    blocking: self.blocking,
                },
                dir.clone(),
            ),
            Target::Modules(None) => {
                let dir = std::env::var_os("OUT_DIR").ok_or_else(|| Error::Spec {
                    message: "OUT_DIR is not set: run from a build script, or give an out_dir"
                        .to_owned(),
                })?;
                let layout = Layout::Modules {
                    blocking: self.blocking,
                };
                (layout, PathBuf::from(dir))
            }
        };
        let generated = pipeline::build(&self.spec, layout)?;
        generated.write(&dir)?;
        for source in self.config.iter().chain(generated.sources()) {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        for warning in generated.warnings() {
            println!("cargo:warning={}", warning.replace('\n', " "));
        }
        Ok(generated)
    }

    /// [`Builder::generate`], or the error with the offending line shown and exit code 1:
    /// what a build script wants.
    pub fn run(&self) {
        if let Err(error) = self.generate() {
            eprintln!("error: {}", error.render());
            std::process::exit(1);
        }
    }
}
