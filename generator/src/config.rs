//! The configuration file in `schemas/` (`svcgen.toml`) that says which services go into
//! the generated crate. Paths in it are relative to the file itself.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::JsonDialect;
use crate::{CrateSpec, Options, Regenerate, RuntimeDependency, ServiceSpec};

/// The conventional location, relative to the workspace root.
pub const DEFAULT_PATH: &str = "schemas/svcgen.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Required by the `svcgen` command; build scripts name their output themselves.
    #[serde(rename = "crate")]
    krate: Option<CrateSection>,
    services: BTreeMap<String, ServiceSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CrateSection {
    name: String,
    out_dir: PathBuf,
    runtime_path: Option<PathBuf>,
    /// The generator crate: lets the generated crate regenerate itself
    /// (`cargo build --features regenerate`).
    generator_path: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ServiceSection {
    inputs: Vec<PathBuf>,
    description: Option<String>,
    base_url: Option<String>,
    /// A catalog mapping remote schema URLs to local files (WSDL inputs).
    catalog: Option<PathBuf>,
    /// More directories relative imports may read from.
    #[serde(default)]
    schema_dirs: Vec<PathBuf>,
    /// A Markdown file appended to the module's documentation (examples are doctests).
    docs: Option<PathBuf>,
    /// `servicestack-text` or `system-text-json`: what a ServiceStack host reads.
    json: Option<String>,
    #[serde(default)]
    replace: BTreeMap<String, String>,
    #[serde(default)]
    derives: Vec<String>,
    #[serde(default)]
    type_derives: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    type_attributes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    exclude_operations: Vec<String>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    exclude_types: Vec<String>,
    /// Where `svcgen update` downloads inputs from: input file → URL.
    #[serde(default)]
    sources: BTreeMap<PathBuf, String>,
}

/// A loaded configuration: what to generate and where it goes.
#[derive(Clone, Debug)]
pub struct Config {
    pub path: PathBuf,
    pub out_dir: PathBuf,
    pub spec: CrateSpec,
    /// Where `svcgen update` downloads each service's inputs from, by module.
    pub sources: BTreeMap<String, Vec<Source>>,
}

/// An input file and the URL it is a copy of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    pub url: String,
}

/// Loads the configuration of a generated crate (what `svcgen generate` and `check` write),
/// which must have a `[crate]` section.
pub fn load(path: &Path) -> Result<Config> {
    read(path, true)
}

/// Loads the services of a configuration for a build script, which writes modules, not a
/// crate: the `[crate]` section may be left out.
pub fn load_services(path: &Path) -> Result<Config> {
    read(path, false)
}

fn read(path: &Path, crate_required: bool) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|source| not_readable(path, source))?;
    let config_error = |message: String| Error::Config {
        path: path.to_owned(),
        message,
    };
    let file: File = toml::from_str(&text).map_err(|error| config_error(error.to_string()))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let krate = match file.krate {
        Some(krate) => krate,
        None if crate_required => {
            return Err(config_error(
                "no `[crate]` section: the `svcgen` command needs one to know what to write (`name = \"my-clients\"`, `out-dir = \"../my-clients\"`); build scripts do not".to_owned(),
            ));
        }
        None => CrateSection {
            name: "generated".to_owned(),
            out_dir: PathBuf::new(),
            runtime_path: None,
            generator_path: None,
        },
    };
    let out_dir = normalize(&base.join(&krate.out_dir));
    let command = format!(
        "svcgen generate --config {}",
        crate::spec::relative_path(&out_dir, &normalize(path))
    );
    let runtime = match &krate.runtime_path {
        Some(runtime) => RuntimeDependency::path_from(&out_dir, &normalize(&base.join(runtime))),
        None => RuntimeDependency::default(),
    };
    if file.services.is_empty() {
        return Err(config_error(
            "no services: add a `[services.<module>]` table".to_owned(),
        ));
    }
    let regenerate = krate.generator_path.as_ref().map(|generator| {
        Regenerate::from(
            &out_dir,
            &normalize(&base.join(generator)),
            &normalize(path),
        )
    });
    let mut services = Vec::new();
    let mut sources = BTreeMap::new();
    for (module, service) in file.services {
        if let Err(reason) = check_module_name(&module) {
            return Err(config_error(format!("service `{module}`: {reason}")));
        }
        if service.inputs.is_empty() {
            return Err(config_error(format!("service `{module}` has no `inputs`")));
        }
        let inputs: Vec<PathBuf> = service
            .inputs
            .iter()
            .map(|input| normalize(&base.join(input)))
            .collect();
        let service_sources = read_sources(base, &inputs, &service.sources)
            .map_err(|reason| config_error(format!("service `{module}`: {reason}")))?;
        if !service_sources.is_empty() {
            sources.insert(module.clone(), service_sources);
        }
        let json_dialect = service
            .json
            .as_deref()
            .map(|name| {
                JsonDialect::from_config_name(name).ok_or_else(|| {
                    config_error(format!(
                        "service `{module}`: `json = \"{name}\"` is not a JSON dialect (`servicestack-text` or `system-text-json`)"
                    ))
                })
            })
            .transpose()?;
        let options = Options {
            replace: service.replace,
            derives: service.derives,
            type_derives: service.type_derives,
            type_attributes: service.type_attributes,
            operations: service.operations,
            exclude_operations: service.exclude_operations,
            types: service.types,
            exclude_types: service.exclude_types,
        };
        crate::planning::check_options(&options)
            .map_err(|message| config_error(format!("service `{module}`: {message}")))?;
        services.push(ServiceSpec {
            module,
            inputs,
            description: service.description,
            base_url: service.base_url,
            catalog: service
                .catalog
                .as_ref()
                .map(|catalog| normalize(&base.join(catalog))),
            schema_dirs: service
                .schema_dirs
                .iter()
                .map(|dir| normalize(&base.join(dir)))
                .collect(),
            docs: service
                .docs
                .as_ref()
                .map(|docs| normalize(&base.join(docs))),
            json_dialect,
            options,
        });
    }
    Ok(Config {
        path: path.to_owned(),
        out_dir,
        spec: CrateSpec {
            name: krate.name,
            runtime,
            regenerate,
            services,
            command: Some(command),
        },
        sources,
    })
}

/// The configuration file could not be read: say which file was looked for and how to
/// name another, since the default is relative to where the command runs.
fn not_readable(path: &Path, source: std::io::Error) -> Error {
    let message = match source.kind() {
        std::io::ErrorKind::NotFound => format!(
            "not found (relative to {}); run in the directory that holds `{DEFAULT_PATH}`, or name the configuration file with `--config FILE`",
            std::env::current_dir()
                .map(|dir| dir.display().to_string())
                .unwrap_or_else(|_| "the current directory".to_owned()),
        ),
        _ if path.is_dir() => "is a directory; `--config` takes the `svcgen.toml` file".to_owned(),
        _ => source.to_string(),
    };
    Error::Config {
        path: path.to_owned(),
        message,
    }
}

/// The `sources` table: each key must be one of the inputs, each value an HTTP(S) URL.
fn read_sources(
    base: &Path,
    inputs: &[PathBuf],
    table: &BTreeMap<PathBuf, String>,
) -> Result<Vec<Source>, String> {
    let mut sources = Vec::new();
    for (file, url) in table {
        let path = normalize(&base.join(file));
        if !inputs.contains(&path) {
            return Err(format!(
                "`sources` names `{}`, which is not one of its `inputs`",
                file.display()
            ));
        }
        let scheme = url.split_once("://").map(|(scheme, _)| scheme);
        if !matches!(scheme, Some("http" | "https")) {
            return Err(format!(
                "the source of `{}` is `{url}`; svcgen downloads from http:// and https:// URLs",
                file.display()
            ));
        }
        sources.push(Source {
            file: path,
            url: url.clone(),
        });
    }
    Ok(sources)
}

/// A service name becomes a Rust module, a file `src/<name>.rs` and a cargo feature.
pub fn check_module_name(name: &str) -> Result<(), String> {
    let shape = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !shape {
        return Err("the name becomes a Rust module and cargo feature, so use lowercase letters, digits and `_`, starting with a letter".to_owned());
    }
    if name == "lib" || name == "default" || crate::planning::naming::value_name(name) != name {
        return Err(format!(
            "`{name}` is taken (a Rust keyword, `lib` or `default`); choose another name"
        ));
    }
    Ok(())
}

/// Whether `name` can be the generated crate's package name, by cargo's rules: ASCII
/// letters, digits, `-` and `_`, starting with a letter or `_`, and not a Rust keyword
/// (its `_` form is the crate's path in the generated docs).
pub fn check_package_name(name: &str) -> Result<(), String> {
    let shape = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !shape {
        return Err(format!(
            "`{name}` is not a valid package name (use ASCII letters, digits, `-` and `_`, starting with a letter; the `svcgen` command takes it from the output directory unless `--name` says otherwise)"
        ));
    }
    if name == "_" || crate::planning::naming::is_keyword(&name.replace('-', "_")) {
        return Err(format!(
            "`{name}` is a Rust keyword; choose another package name"
        ));
    }
    Ok(())
}

/// Folds `.` and `..` without touching the file system (the output may not exist yet).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_parent_components() {
        assert_eq!(
            normalize(Path::new("schemas/../generated")),
            PathBuf::from("generated")
        );
        assert_eq!(
            normalize(Path::new("../a/./b/../c")),
            PathBuf::from("../a/c")
        );
    }

    #[test]
    fn the_repository_config_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/svcgen.toml");
        let config = load(&path).unwrap();
        assert!(config.out_dir.ends_with("generated"));
        assert_eq!(
            config.spec.runtime,
            RuntimeDependency::Path("../runtime".to_owned())
        );
        assert_eq!(config.spec.services[0].module, "digioffice");
    }

    #[test]
    fn unknown_keys_and_bad_module_names_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("svcgen.toml");
        std::fs::write(
            &path,
            "[crate]\nname = \"x\"\nout-dir = \"o\"\nextra = 1\n[services]\n",
        )
        .unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("unknown field `extra`"), "{message}");
        std::fs::write(
            &path,
            "[crate]\nname = \"x\"\n[services.a]\ninputs = [\"a.json\"]\n",
        )
        .unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("missing field `out-dir`"), "{message}");
        std::fs::write(
            &path,
            "[crate]\nname = \"x\"\nout-dir = \"o\"\n[services.a]\ninputs = [\"a.json\"]\n[services.a.sources]\n\"b.json\" = \"https://h/b\"\n",
        )
        .unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(
            message.contains(
                "service `a`: `sources` names `b.json`, which is not one of its `inputs`"
            ),
            "{message}"
        );
        std::fs::write(
            &path,
            "[crate]\nname = \"x\"\nout-dir = \"o\"\n[services.Bad-Name]\ninputs = [\"a.json\"]\n",
        )
        .unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("service `Bad-Name`"), "{message}");
        for taken in ["type", "lib", "default", "self"] {
            assert!(check_module_name(taken).is_err(), "{taken}");
        }
        assert!(check_module_name("digioffice_2").is_ok());
    }

    #[test]
    fn package_names_follow_cargo() {
        for good in ["my-clients", "My_Clients2", "_x"] {
            assert!(check_package_name(good).is_ok(), "{good}");
        }
        for bad in [
            "o10k.rs",
            "",
            "2x",
            "a b",
            "clients/x",
            "é",
            "_",
            "type",
            "self",
            "async",
        ] {
            assert!(check_package_name(bad).is_err(), "{bad}");
        }
    }
}
