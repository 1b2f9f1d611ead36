//! The `svcgen` command line: `generate`, `check`, `update` and `inspect`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use svcgen::config::{self, Config};
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

// Generation allocates many small, short-lived values; on large contracts glibc's
// allocator made it superlinear (see docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Has mimalloc return freed memory to the system at once rather than a second later (its
/// v3's default purge delay): a generation frees the contract's syntax tree and schema
/// model while it builds the module, and with the delay both stayed resident (a
/// 10,000-type contract peaked at 200 MiB instead of 100 MiB, in the same time;
/// docs/decisions.md).
#[allow(unsafe_code)]
fn return_freed_memory_at_once() {
    // `mi_option_purge_delay` in mimalloc.h (the same in its v2 and v3), which
    // libmimalloc-sys does not name.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mimalloc's options may be set at any time, from any thread; the call takes
    // plain integers.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

#[derive(Debug, Parser)]
#[command(
    name = "svcgen",
    version,
    about = "Generates Rust DTOs and typed clients from ServiceStack metadata and WSDL."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerates the crate configured in `schemas/svcgen.toml`, or, given INPUTs and
    /// `--out`, writes a standalone crate for them.
    Generate {
        /// The configuration file (used when no INPUT is given).
        #[arg(long, default_value = config::DEFAULT_PATH)]
        config: PathBuf,
        /// Where to write a standalone crate generated from INPUTs.
        #[arg(long, requires = "inputs")]
        out: Option<PathBuf>,
        /// Depend on `svcgen-runtime` by this path instead of by version.
        #[arg(long, requires = "out")]
        runtime_path: Option<PathBuf>,
        /// The package name of a standalone crate (default: the name of the --out directory).
        #[arg(long, requires = "out")]
        name: Option<String>,
        /// A catalog mapping remote schema URLs to local files (a TOML file of
        /// `"<url>" = "<file>"` lines, or a Visual Studio `Reference.svcmap`).
        #[arg(long, requires = "out")]
        catalog: Option<PathBuf>,
        /// Contract files (ServiceStack metadata JSON or operation pages, WSDL or XML
        /// Schema); each becomes one module.
        #[arg(requires = "out")]
        inputs: Vec<PathBuf>,
        /// Overwrite files that svcgen did not write (without its `@generated` header),
        /// which are otherwise refused.
        #[arg(long)]
        force: bool,
    },
    /// Shows what contract files hold (operations and types), without generating.
    Inspect {
        /// A catalog mapping remote schema URLs to local files.
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// The files of one service (a WSDL; or ServiceStack metadata and its pages).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Downloads the configured services' contracts again (from each service's `sources`),
    /// regenerates, and shows how the API changed. The only command that uses the network.
    Update {
        /// The configuration file.
        #[arg(long, default_value = config::DEFAULT_PATH)]
        config: PathBuf,
        /// The services to update (default: every service with `sources`).
        services: Vec<String>,
    },
    /// Fails with a diff when the configured crate is not what the schemas generate.
    Check {
        /// The configuration file.
        #[arg(long, default_value = config::DEFAULT_PATH)]
        config: PathBuf,
    },
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", error.render());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> svcgen::Result<ExitCode> {
    match cli.command {
        Command::Generate {
            out: Some(out),
            runtime_path,
            name,
            catalog,
            inputs,
            force,
            ..
        } => {
            let spec = standalone_spec(
                &out,
                runtime_path.as_deref(),
                name,
                catalog.as_deref(),
                &inputs,
            )?;
            write(&spec, &out, force)
        }
        Command::Generate { config, force, .. } => {
            let config = config::load(&config)?;
            write(&config.spec, &config.out_dir, force)
        }
        Command::Check { config } => check(&config::load(&config)?),
        Command::Update { config, services } => update(&config::load(&config)?, &services),
        Command::Inspect { catalog, inputs } => {
            let module = inputs
                .first()
                .map_or_else(String::new, |input| module_for(input));
            let service = ServiceSpec {
                catalog,
                ..ServiceSpec::new(module, inputs)
            };
            print!("{}", svcgen::internal::inspect(&service)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn write(spec: &CrateSpec, out: &Path, force: bool) -> svcgen::Result<ExitCode> {
    let generated = svcgen::generate(spec)?;
    print_warnings(&generated);
    if let RuntimeDependency::Version(version) = &spec.runtime {
        eprintln!(
            "warning: {} depends on svcgen-runtime {version} from crates.io; until it is published there, depend on a clone of svcgen instead: `--runtime-path <clone>/runtime` (or `runtime-path` in the configuration's [crate] section)",
            out.join("Cargo.toml").display()
        );
    }
    let summary = if force {
        generated.write_over_anything(out)
    } else {
        generated.write(out)
    };
    let summary = summary.map_err(|error| {
        if !matches!(error, svcgen::Error::NotGenerated { .. }) {
            return error;
        }
        let message = format!(
            "{error}\nchoose another directory, move them away, or pass --force to overwrite them"
        );
        svcgen::Error::Spec { message }
    })?;
    print_summary(out, &summary);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(out: &Path, summary: &svcgen::WriteSummary) {
    if summary.written.is_empty() && summary.removed.is_empty() {
        println!("{} is up to date", out.display());
    }
    for path in &summary.written {
        println!("wrote {}", out.join(path).display());
    }
    for path in &summary.removed {
        println!("removed {}", out.join(path).display());
    }
}

fn update(config: &Config, services: &[String]) -> svcgen::Result<ExitCode> {
    let mut http = svcgen::internal::update::Http::new()?;
    let report = svcgen::internal::update::update(config, services, &mut http)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if report.schemas.is_empty() {
        println!("the downloaded contracts are the ones in the schemas directory");
    }
    for path in &report.schemas {
        println!("downloaded {}", path.display());
    }
    for service in &report.services {
        match &service.changes {
            None => println!("{}: new (no earlier version to compare)", service.module),
            Some(changes) if changes.is_empty() => {
                println!("{}: no API changes", service.module);
            }
            Some(changes) => {
                println!("{}: {} API change(s)", service.module, changes.len());
                for change in changes {
                    println!("  {change}");
                }
            }
        }
    }
    print_summary(&config.out_dir, &report.generated);
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(generated: &svcgen::GeneratedCrate) {
    for warning in generated.warnings() {
        eprintln!("warning: {warning}");
    }
}

fn check(config: &Config) -> svcgen::Result<ExitCode> {
    let generated = svcgen::generate(&config.spec)?;
    print_warnings(&generated);
    let differences = generated.differences(&config.out_dir)?;
    if differences.is_empty() {
        println!("{} is up to date", config.out_dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    for difference in &differences {
        println!("{difference}");
    }
    eprintln!(
        "error: {} is stale ({} file(s) differ); run `svcgen generate --config {}` to update it",
        config.out_dir.display(),
        differences.len(),
        config.path.display()
    );
    Ok(ExitCode::FAILURE)
}

/// A module name for a file stem; names that are taken (keywords, `lib`, `default`) get a
/// `_` suffix.
fn module_name(stem: &str) -> String {
    let name = svcgen::internal::planning::naming::value_name(stem);
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    if config::check_module_name(&name).is_ok() {
        return name;
    }
    let suffixed = format!("{name}_");
    if config::check_module_name(&suffixed).is_ok() {
        return suffixed;
    }
    format!("service_{suffixed}")
}

/// One module per input, named after the file (`digioffice.types-metadata.json` → `digioffice`).
fn standalone_spec(
    out: &Path,
    runtime_path: Option<&Path>,
    name: Option<String>,
    catalog: Option<&Path>,
    inputs: &[PathBuf],
) -> svcgen::Result<CrateSpec> {
    let cwd = std::env::current_dir().map_err(|source| svcgen::Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let absolute = |path: &Path| config::normalize(&cwd.join(path));
    let runtime = match runtime_path {
        Some(path) => RuntimeDependency::path_from(&absolute(out), &absolute(path)),
        None => RuntimeDependency::default(),
    };
    let name = name.unwrap_or_else(|| {
        let dir = absolute(out);
        dir.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".to_owned())
    });
    let mut modules = svcgen::internal::planning::naming::Scope::with_reserved(&[]);
    let services = inputs
        .iter()
        .map(|input| ServiceSpec {
            catalog: catalog.map(Path::to_owned),
            ..ServiceSpec::new(modules.claim(module_for(input)), vec![input.clone()])
        })
        .collect();
    // The header names the command with paths as seen from the crate, so that it is the
    // same wherever the command ran.
    let out = absolute(out);
    let from_crate = |path: &Path| svcgen::relative_path(&out, &absolute(path));
    let mut command = vec!["svcgen generate --out .".to_owned()];
    command.push(format!("--name {name}"));
    if let Some(path) = runtime_path {
        command.push(format!("--runtime-path {}", from_crate(path)));
    }
    if let Some(path) = catalog {
        command.push(format!("--catalog {}", from_crate(path)));
    }
    command.extend(inputs.iter().map(|input| from_crate(input)));
    Ok(CrateSpec {
        name,
        runtime,
        regenerate: None,
        command: Some(command.join(" ")),
        services,
    })
}

/// The module an input becomes: its file name up to the first `.`
/// (`digioffice.types-metadata.json` → `digioffice`).
fn module_for(input: &Path) -> String {
    let file_name = input
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    module_name(file_name.split('.').next().unwrap_or_default())
}
