//! The API for build scripts, in the style of `prost_build::Config`: name the services (or
//! read `svcgen.toml`), generate, and `include!` the modules from `OUT_DIR`:
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! svcgen::Builder::new()
//!     .service("twinfield", ["schemas/twinfield/session.wsdl"])
//!     .replace_type("twinfield", "date-time", "my_crate::Timestamp")
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
///
/// Mistakes made while configuring (a configuration that does not load, options for a
/// service that does not exist) are kept and reported by [`Builder::generate`], so that
/// a build script is one chain of calls.
#[derive(Debug)]
pub struct Builder {
    spec: CrateSpec,
    target: Target,
    config: Option<PathBuf>,
    blocking: bool,
    mock: bool,
    /// Whether warnings reach Cargo's output.
    warnings: bool,
    /// Whether files without svcgen's header may be overwritten.
    force: bool,
    /// The first mistake made while configuring.
    mistake: Option<Error>,
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
                regenerate: None,
                command: None,
                services: Vec::new(),
            },
            target: Target::Modules(None),
            config: None,
            blocking: false,
            mock: false,
            warnings: true,
            force: false,
            mistake: None,
        }
    }

    /// The services a `svcgen.toml` configures (the same file the `svcgen` command reads).
    pub fn from_config(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        match config::load_services(path) {
            Ok(config) => Self {
                spec: config.spec,
                config: Some(config.path),
                ..Self::new()
            },
            Err(error) => Self {
                config: Some(path.to_owned()),
                mistake: Some(error),
                ..Self::new()
            },
        }
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

    /// Changes the service `module`, or records that there is none.
    fn change_service(mut self, module: &str, change: impl FnOnce(&mut ServiceSpec)) -> Self {
        let found = self
            .spec
            .services
            .iter_mut()
            .find(|service| service.module == module);
        match found {
            Some(service) => change(service),
            None if self.mistake.is_none() => {
                let known: Vec<&str> = self
                    .spec
                    .services
                    .iter()
                    .map(|service| service.module.as_str())
                    .collect();
                self.mistake = Some(Error::Spec {
                    message: format!(
                        "no service `{module}` to configure (services: {})",
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                });
            }
            None => {}
        }
        self
    }

    /// Maps the remote schemas `module`'s WSDL imports to local files.
    pub fn catalog(self, module: &str, catalog: impl Into<PathBuf>) -> Self {
        let catalog = catalog.into();
        self.change_service(module, |service| service.catalog = Some(catalog))
    }

    /// Writes `module`'s request bodies in `dialect` whatever its metadata says (see
    /// `json` in the configuration reference).
    pub fn json_dialect(self, module: &str, dialect: crate::ir::JsonDialect) -> Self {
        self.change_service(module, |service| service.json_dialect = Some(dialect))
    }

    /// Changes the options of `module` (type replacements, derives, selections).
    pub fn options(self, module: &str, change: impl FnOnce(&mut Options)) -> Self {
        self.change_service(module, |service| change(&mut service.options))
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

    /// Adds `mock::Mock`, a test double of the service, to every module (the crate depends
    /// on `svcgen-runtime` with its `mock` feature). To have mocks only where a feature of
    /// your crate asks for them (say `mock = ["svcgen-runtime/mock"]`, enabled by your
    /// tests), call this when the build script sees `CARGO_FEATURE_MOCK`.
    pub fn mock(mut self) -> Self {
        self.mock = true;
        self
    }

    /// Keeps what was accepted with a warning out of Cargo's output, for a build script
    /// whose inputs are known (the warnings stay in [`GeneratedCrate::warnings`]).
    pub fn quiet(mut self) -> Self {
        self.warnings = false;
        self
    }

    /// Overwrites files in the output directory that svcgen did not write (they have no
    /// `@generated` header); without this, [`Builder::generate`] refuses and names them.
    pub fn force(mut self) -> Self {
        self.force = true;
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
    pub fn generate(self) -> Result<GeneratedCrate> {
        if let Some(config) = &self.config {
            // Also on failure: fixing the configuration must rerun the script.
            println!("cargo:rerun-if-changed={}", config.display());
        }
        if let Some(mistake) = self.mistake {
            return Err(mistake);
        }
        let (layout, dir) = match &self.target {
            Target::Crate(dir) => (Layout::Crate, dir.clone()),
            Target::Modules(Some(dir)) => (
                Layout::Modules {
                    blocking: self.blocking,
                    mock: self.mock,
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
                    mock: self.mock,
                };
                (layout, PathBuf::from(dir))
            }
        };
        let mut spec = self.spec;
        if layout != Layout::Crate {
            // Modules in OUT_DIR are this build script's: their header says so, not how
            // the configuration's crate is regenerated.
            spec.command = None;
        }
        let generated = pipeline::build(&spec, layout)?;
        if self.force {
            generated.write_over_anything(&dir)?;
        } else {
            generated.write(&dir)?;
        }
        for source in generated.sources() {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        for warning in generated.warnings().iter().filter(|_| self.warnings) {
            println!("cargo:warning={}", warning.replace('\n', " "));
        }
        Ok(generated)
    }

    /// [`Builder::generate`], or the error with the offending line shown and exit code 1:
    /// what a build script wants.
    pub fn run(self) {
        exit_on_error(self.generate().map(drop));
    }
}

/// Regenerates the crate a `svcgen.toml` configures, into its `out-dir`: what the build
/// script of a checked-in generated crate calls under its `regenerate` feature.
pub fn regenerate(config: impl AsRef<Path>) {
    let result = config::load(config.as_ref()).and_then(|config| {
        let out_dir = config.out_dir.clone();
        Builder::from_config(&config.path)
            .crate_dir(out_dir)
            .generate()
    });
    exit_on_error(result.map(drop));
}

fn exit_on_error(result: Result<()>) {
    if let Err(error) = result {
        eprintln!("error: {}", error.render());
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(builder: Builder) -> String {
        match builder.out_dir("unused").generate() {
            Ok(_) => panic!("generated despite the mistake"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn options_for_an_unknown_service_are_an_error_that_names_the_known_ones() {
        let builder = Builder::new()
            .service("twinfield", ["session.wsdl"])
            .derive("twinfeld", "Eq")
            .replace_type("other", "guid", "crate::Id");
        assert_eq!(
            message(builder),
            "no service `twinfeld` to configure (services: twinfield)"
        );
    }

    #[test]
    fn a_configuration_for_a_build_script_needs_no_crate_section() {
        let dir = tempfile::tempdir().unwrap();
        let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/twinfield/session.wsdl");
        let config = dir.path().join("svcgen.toml");
        let text = format!(
            "[services.twinfield]\ninputs = [{:?}]\n",
            wsdl.display().to_string()
        );
        std::fs::write(&config, text).unwrap();
        let out = dir.path().join("out");
        let generated = Builder::from_config(&config)
            .out_dir(&out)
            .generate()
            .unwrap();
        assert_eq!(generated.files().count(), 1);
        let module = std::fs::read_to_string(out.join("twinfield.rs")).unwrap();
        assert!(
            module
                .lines()
                .next()
                .unwrap()
                .ends_with("Do not edit: svcgen::Builder writes it from the build script."),
            "{module}"
        );
    }

    #[test]
    fn a_file_of_the_users_in_the_output_directory_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("twinfield.rs"), "// mine\n").unwrap();
        let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/twinfield/session.wsdl");
        let builder = || {
            Builder::new()
                .service("twinfield", [&wsdl])
                .out_dir(dir.path())
        };
        let error = builder().generate().unwrap_err();
        assert!(matches!(error, Error::NotGenerated { .. }), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("twinfield.rs")).unwrap(),
            "// mine\n"
        );
        builder().force().generate().unwrap();
        let module = std::fs::read_to_string(dir.path().join("twinfield.rs")).unwrap();
        assert!(module.starts_with("// @generated by svcgen"));
    }

    #[test]
    fn a_configuration_that_does_not_load_is_reported_by_generate() {
        let builder = Builder::from_config("does/not/exist/svcgen.toml").derive("any", "Eq");
        let message = message(builder);
        assert!(
            message.starts_with("does/not/exist/svcgen.toml: "),
            "{message}"
        );
    }
}
