//! The options users set per service (in `svcgen.toml` or through `Builder`), where they
//! are wrong. What right ones generate is in the golden cases (`golden/options-*.toml`,
//! `golden/wsdl-shapes-options.toml`, `golden/xsd-animals-replaced.toml`); the
//! `tests/build-script` crate compiles a replacement and a derive for real.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::path::PathBuf;

use support::workspace_root;
use svcgen::{CrateSpec, Options, RuntimeDependency, ServiceSpec};

fn shapes() -> PathBuf {
    workspace_root().join("generator/tests/fixtures/wsdl/shapes.wsdl")
}

/// The error generating the shapes with `options` gives.
fn refusal(options: Options) -> String {
    let spec = CrateSpec {
        name: "options".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec {
            options,
            ..ServiceSpec::new("shapes", vec![shapes()])
        }],
    };
    match svcgen::generate(&spec) {
        Ok(_) => panic!("the options were accepted"),
        Err(error) => error.to_string(),
    }
}

/// What a selection keeps is the golden case `options-selection`; excluding a type a kept
/// operation needs is an error that says which.
#[test]
fn a_selection_that_excludes_a_needed_type_is_refused() {
    let options = Options {
        operations: vec!["Check".to_owned()],
        exclude_types: vec!["Matrix".to_owned()],
        ..Options::default()
    };
    let error = refusal(options);
    assert!(
        error.contains("type `Matrix` is excluded, but `Check` (for operation `Check`) needs it"),
        "{error}"
    );
}

/// A derive that is not a path is a configuration error (what matches nothing is warned
/// about: the golden case `options-unmatched`).
#[test]
fn a_malformed_derive_is_refused() {
    let options = Options {
        derives: vec!["not a path".to_owned()],
        ..Options::default()
    };
    let error = refusal(options);
    assert!(
        error.contains("`not a path` is not a derive path"),
        "{error}"
    );
}

/// The golden cases read their options from configuration files; a misspelled key is an
/// error that names it.
#[test]
fn the_config_file_refuses_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("svcgen.toml");
    std::fs::write(&config, "[crate]\nname = \"opts\"\nout-dir = \"out\"\n\n[services.shapes]\ninputs = []\nderive = [\"Eq\"]\n").unwrap();
    let error = svcgen::config::load(&config).unwrap_err().to_string();
    assert!(error.contains("unknown field `derive`"), "{error}");
}

/// A malformed replacement is a configuration error that names the option (it once
/// panicked in the emitter); a generic, lifetime-bearing one works (the golden case
/// `wsdl-shapes-options`).
#[test]
fn malformed_replacements_are_refused_when_read() {
    let malformed = Options {
        replace: [("string".to_owned(), "Cow<'static, str".to_owned())].into(),
        ..Options::default()
    };
    let error = refusal(malformed);
    assert!(
        error.contains("service `shapes`: `replace` gives `string` the type `Cow<'static, str`, which is not a Rust type"),
        "{error}"
    );

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("svcgen.toml");
    std::fs::write(
        &config,
        format!(
            "[crate]\nname = \"x\"\nout-dir = \"out\"\n[services.s]\ninputs = [{:?}]\nreplace = {{ string = \"Vec<\" }}\n",
            shapes()
        ),
    )
    .unwrap();
    let output = support::svcgen(&["check", "--config", config.to_str().unwrap()], dir.path());
    let stderr = support::text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("svcgen.toml: service `s`: `replace` gives `string` the type `Vec<`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
