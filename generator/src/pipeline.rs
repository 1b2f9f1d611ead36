//! The whole pipeline for a crate, in memory: read every service's inputs, lower them
//! into the IR, apply the user's options, plan and emit each module, and assemble the
//! crate's files. Nothing is written here, so a bad input can never leave a half-generated
//! crate behind.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::spec::{CrateSpec, ServiceSpec};
use crate::{
    GeneratedCrate, VERSION, config, emit, input, ir, output, planning, servicestack, wsdl,
};

/// Runs the whole pipeline in memory. Nothing is written, so a bad input can never
/// leave a half-generated crate behind.
pub fn generate(spec: &CrateSpec) -> Result<GeneratedCrate> {
    build(spec, Layout::Crate)
}

/// What files the pipeline produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A whole crate: `Cargo.toml`, `src/lib.rs`, `src/<module>.rs`.
    Crate,
    /// Only `<module>.rs` per service, for `include!` in another crate (a build script's
    /// `OUT_DIR`): no inner attributes, no doc examples that name a crate path, and a
    /// blocking client and a mock only when asked for (the crate has no `blocking` or
    /// `mock` feature to test).
    Modules { blocking: bool, mock: bool },
}

pub(crate) fn build(spec: &CrateSpec, layout: Layout) -> Result<GeneratedCrate> {
    if layout == Layout::Crate {
        config::check_package_name(&spec.name).map_err(|message| Error::Spec { message })?;
    }
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
    let mut krate = GeneratedCrate::default();
    let mut recursion_limit = None;
    // One service at a time, each document dropped once lowered: the parsed documents
    // are the largest thing generation holds.
    for service in &spec.services {
        let inputs = load_inputs(service)?;
        let docs = match &service.docs {
            Some(path) => {
                Some(std::fs::read_to_string(path).map_err(|source| Error::io(path, source))?)
            }
            None => None,
        };
        let mut loaded = Loaded {
            service,
            inputs,
            docs,
        };
        record_sources(&mut krate, service, &loaded.inputs);
        let header = module_header(&loaded, spec);
        loaded
            .inputs
            .iter_mut()
            .for_each(input::Input::release_bytes);
        let module_docs = match layout {
            Layout::Crate => module_docs(service, &loaded.inputs, loaded.docs.as_deref()),
            Layout::Modules { .. } => Vec::new(),
        };
        let mut ir = lower(service, &loaded.inputs)?;
        refuse_empty(&ir, &loaded.inputs)?;
        drop(loaded);
        crate::select::select(&mut ir, &service.options)?;
        for warning in &ir.warnings {
            krate.warn(warning.to_string());
        }
        let nesting = planning::nesting::nesting(&ir);
        if let Some(limit) = nesting.recursion_limit {
            recursion_limit = recursion_limit.max(Some(limit));
            if layout != Layout::Crate {
                krate.warn(format!(
                    "service `{}`: its types nest deeply; add `#![recursion_limit = \"{limit}\"]` to the root of the crate that includes `{}.rs`, or release builds may fail with E0275",
                    service.module, service.module
                ));
            }
        }
        let cycle = nesting.largest_cycle;
        if cycle >= planning::nesting::CYCLE_WARNING {
            krate.warn(format!(
                "service `{}`: {cycle} of its types refer to one another in one cycle; rustc's debug builds of such a crate can overflow its stack (\"rustc unexpectedly overflowed its stack\"). If they do, set `RUST_MIN_STACK = \"67108864\"` under `[env]` in the workspace's `.cargo/config.toml`",
                service.module
            ));
        }
        let gate = |asked: fn(bool, bool) -> bool| match layout {
            Layout::Crate => planning::Gate::Feature,
            Layout::Modules { blocking, mock } if asked(blocking, mock) => planning::Gate::Always,
            Layout::Modules { .. } => planning::Gate::Never,
        };
        let context = planning::ModuleContext {
            crate_name: spec.name.clone(),
            base_url: service.base_url.clone(),
            docs: module_docs,
            options: service.options.clone(),
            examples: layout == Layout::Crate,
            blocking: gate(|blocking, _| blocking),
            mock: gate(|_, mock| mock),
        };
        let plan = planning::plan_service(&ir, context)?;
        drop(ir);
        for warning in &plan.warnings {
            krate.warn(warning.clone());
        }
        let path = match layout {
            Layout::Crate => format!("src/{}.rs", service.module),
            Layout::Modules { .. } => format!("{}.rs", service.module),
        };
        krate.insert(path, emit::module_source(&plan, &header)?);
    }
    if layout != Layout::Crate {
        return Ok(krate);
    }
    let manifest = emit::CrateManifest {
        name: spec.name.clone(),
        runtime_dependency: spec.runtime.manifest_entry(),
        modules: spec
            .services
            .iter()
            .map(|service| service.module.clone())
            .collect(),
        regenerate: spec.regenerate.clone(),
        recursion_limit,
    };
    let header = crate_header(spec);
    krate.insert("Cargo.toml", emit::cargo_toml(&manifest, &header));
    if let Some(regenerate) = &spec.regenerate {
        krate.insert("build.rs", emit::build_rs(regenerate, &header)?);
    }
    krate.insert("src/lib.rs", emit::lib_rs(&manifest, &header)?);
    Ok(krate)
}

/// Reads a service's inputs and lowers them, with its selection applied: the IR that
/// `inspect` shows and `update` compares.
pub(crate) fn read_service(service: &ServiceSpec) -> Result<ir::Service> {
    let inputs = load_inputs(service)?;
    let mut ir = lower(service, &inputs)?;
    crate::select::select(&mut ir, &service.options)?;
    Ok(ir)
}

/// Reads each input of a service (and what it imports).
fn load_inputs(service: &ServiceSpec) -> Result<Vec<input::Input>> {
    let options = service.load_options()?;
    service
        .inputs
        .iter()
        .map(|path| input::load_with(path, &options))
        .collect()
}

/// A contract with nothing in it is almost always the wrong file (an error page saved as
/// the WSDL, a schema whose content is all imported elsewhere); an empty module would
/// hide that.
fn refuse_empty(ir: &ir::Service, inputs: &[input::Input]) -> Result<()> {
    if !ir.operations.is_empty() || !ir.types.is_empty() {
        return Ok(());
    }
    // When everything was skipped, the reason is in the warnings, which an error hides.
    if let Some(first) = ir.warnings.first() {
        let more = match ir.warnings.len() {
            1 => String::new(),
            count => format!(" (and {} more)", count - 1),
        };
        return Err(Error::input(
            first.origin.clone(),
            format!(
                "nothing to generate: everything was skipped; {}{more}",
                first.message
            ),
        ));
    }
    let file = inputs
        .first()
        .map_or_else(|| Arc::new(PathBuf::new()), |input| Arc::clone(&input.path));
    Err(Error::input(
        ir::Origin {
            file,
            location: ir::Location::File,
        },
        "declares no operations and no types: there is nothing to generate",
    ))
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
                if let Some(dialect) = service.json_dialect {
                    let origin = ir::Origin {
                        file: Arc::clone(&only.path),
                        location: ir::Location::File,
                    };
                    let message = format!(
                        "service `{}`: `json = \"{}\"` applies to ServiceStack services, and this is a WSDL",
                        service.module,
                        dialect.config_name()
                    );
                    return Err(Error::input(origin, message));
                }
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
        json_dialect: service.json_dialect,
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

/// Every file a service's output depends on, for rebuild tracking.
fn record_sources(krate: &mut GeneratedCrate, service: &ServiceSpec, inputs: &[input::Input]) {
    for input in inputs {
        krate.add_source(input.path.to_path_buf());
        for dependency in input.dependencies() {
            krate.add_source(dependency.path.clone());
        }
    }
    for extra in service.catalog.iter().chain(&service.docs) {
        krate.add_source(extra.clone());
    }
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

/// The comment on top of a module: generator version and a hash of what the module is
/// made from (file contents and options, not paths, so it is the same on every machine).
/// Only the module of a changed service changes.
fn module_header(loaded: &Loaded<'_>, spec: &CrateSpec) -> String {
    let Loaded {
        service,
        inputs,
        docs,
    } = loaded;
    let mut hasher = Sha256::new();
    hasher.update(service.module.as_bytes());
    hasher.update([0]);
    for input in inputs {
        hash_text(&mut hasher, &input.bytes);
        for dependency in input.dependencies() {
            hash_text(&mut hasher, &dependency.bytes);
        }
    }
    if let Some(docs) = docs {
        hash_text(&mut hasher, docs.as_bytes());
    }
    // The configuration changes the output as much as inputs do.
    let options = format!(
        "{:?} {:?} {:?}",
        service.description, service.base_url, service.options
    );
    hash_text(&mut hasher, options.as_bytes());
    let mut hash = String::new();
    for byte in hasher.finalize().iter().take(16) {
        let _ = write!(hash, "{byte:02x}");
    }
    format!(
        "{} {VERSION} from inputs sha256:{hash}. {}",
        output::GENERATED_MARKER,
        how_to_regenerate(spec)
    )
}

/// Hashes `bytes` with `\r\n` read as `\n` ([`output::normalize_line_ends`]), so a
/// checkout whose line ends Git converted has the same hash.
fn hash_text(hasher: &mut Sha256, bytes: &[u8]) {
    let normalized = output::normalize_line_ends(bytes);
    hasher.update((normalized.len() as u64).to_le_bytes());
    hasher.update(&normalized);
}

/// The comment on top of the crate's own files, which depend only on the configuration.
fn crate_header(spec: &CrateSpec) -> String {
    format!(
        "{} {VERSION}. {}",
        output::GENERATED_MARKER,
        how_to_regenerate(spec)
    )
}

fn how_to_regenerate(spec: &CrateSpec) -> String {
    match &spec.command {
        Some(command) => format!("Do not edit: run `{command}` in this crate's directory."),
        None => "Do not edit: svcgen::Builder writes it from the build script.".to_owned(),
    }
}
