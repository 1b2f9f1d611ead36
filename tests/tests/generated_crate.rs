//! The checked-in `generated/` crate must be exactly what `schemas/` generates.
//!
//! On a difference the test prints a unified diff and the command that updates the files;
//! `SVCGEN_UPDATE=1 cargo test -p svcgen-tests --test generated_crate` rewrites them.

use std::path::{Path, PathBuf};

use svcgen::config;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn repository_config() -> config::Config {
    config::load(&workspace_root().join(config::DEFAULT_PATH)).expect("schemas/svcgen.toml loads")
}

/// Ok when the crate at `dir` is what `config` generates, else the report a user sees.
fn check_up_to_date(config: &config::Config, dir: &Path) -> Result<(), String> {
    let generated = svcgen::generate(&config.spec).map_err(|error| error.to_string())?;
    let differences = generated
        .differences(dir)
        .map_err(|error| error.to_string())?;
    if differences.is_empty() {
        return Ok(());
    }
    let mut report = format!("{} is stale:\n", dir.display());
    for difference in &differences {
        report.push_str(&format!("{difference}\n"));
    }
    report.push_str(
        "Update it with `cargo run -p svcgen -- generate` \
         (or `SVCGEN_UPDATE=1 cargo test -p svcgen-tests --test generated_crate`).",
    );
    Err(report)
}

#[test]
fn generated_crate_is_up_to_date() {
    let config = repository_config();
    if std::env::var_os("SVCGEN_UPDATE").is_some() {
        let generated = svcgen::generate(&config.spec).unwrap();
        generated.write(&config.out_dir).unwrap();
    }
    if let Err(report) = check_up_to_date(&config, &config.out_dir) {
        panic!("{report}");
    }
}

#[test]
fn a_hand_edited_file_fails_the_check_until_regenerated() {
    let config = repository_config();
    let copy = tempfile::tempdir().unwrap();
    let generated = svcgen::generate(&config.spec).unwrap();
    generated.write(copy.path()).unwrap();
    check_up_to_date(&config, copy.path()).expect("a fresh copy is up to date");

    let module = copy.path().join("src/digioffice.rs");
    let original = std::fs::read_to_string(&module).unwrap();
    let edited = original.replace("pub preserve_session: bool", "pub preserve_session: u8");
    assert_ne!(original, edited, "the edit must change the file");
    std::fs::write(&module, edited).unwrap();

    let report = check_up_to_date(&config, copy.path()).unwrap_err();
    assert!(
        report.contains("-    pub preserve_session: u8,"),
        "{report}"
    );
    assert!(
        report.contains("+    pub preserve_session: bool,"),
        "{report}"
    );
    assert!(
        report.contains("cargo run -p svcgen -- generate"),
        "{report}"
    );

    generated.write(copy.path()).unwrap();
    check_up_to_date(&config, copy.path()).expect("regenerating repairs the copy");
}

#[test]
fn generation_is_deterministic() {
    let config = repository_config();
    let first = svcgen::generate(&config.spec).unwrap();
    let second = svcgen::generate(&config.spec).unwrap();
    assert_eq!(first, second);
    let header = |name: &str| {
        let (_, content) = first
            .files()
            .find(|(path, _)| path.ends_with(name))
            .unwrap();
        content.lines().next().unwrap().to_owned()
    };
    let version = format!("svcgen {}", svcgen::VERSION);
    // A module's header hashes its own service's inputs; the crate's files depend only on
    // the configuration.
    let module = header("twinfield.rs");
    assert!(module.contains(&version), "{module}");
    assert!(module.contains("sha256:"), "{module}");
    let manifest = header("Cargo.toml");
    assert!(manifest.contains(&version), "{manifest}");
    assert!(!manifest.contains("sha256:"), "{manifest}");
}
