//! The options users set per service (in `svcgen.toml` or through `Builder`): type
//! replacements, extra derives and attributes, operation and type selection. (The
//! `tests/build-script` crate compiles a replacement and a derive for real.)

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

fn generate(input: PathBuf, options: Options) -> Result<(String, Vec<String>), String> {
    let spec = CrateSpec {
        name: "options".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec {
            options,
            ..ServiceSpec::new("shapes", vec![input])
        }],
    };
    let generated = svcgen::generate(&spec).map_err(|error| error.to_string())?;
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("shapes.rs"))
        .unwrap();
    Ok((source.to_owned(), generated.warnings().to_vec()))
}

#[test]
fn kinds_and_schema_types_can_be_replaced() {
    let options = Options {
        replace: [
            ("guid".to_owned(), "my_crate::Uuid".to_owned()),
            ("date-time".to_owned(), "my_crate::Instant".to_owned()),
            ("Price".to_owned(), "my_crate::Money".to_owned()),
        ]
        .into(),
        ..Options::default()
    };
    let (source, warnings) = generate(shapes(), options).unwrap();
    assert!(source.contains("pub id: my_crate::Uuid,"), "{source}");
    assert!(source.contains("pub when: my_crate::Instant,"), "{source}");
    assert!(
        source.contains("pub price: Option<my_crate::Money>,"),
        "{source}"
    );
    assert!(
        !source.contains("pub struct Price"),
        "a replaced type is not generated"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn derives_and_attributes_are_added_once() {
    let options = Options {
        derives: vec!["Eq".to_owned(), "Clone".to_owned()],
        type_derives: [("Payment".to_owned(), vec!["Hash".to_owned()])].into(),
        type_attributes: [("Payment".to_owned(), vec!["#[non_exhaustive]".to_owned()])].into(),
        ..Options::default()
    };
    let (source, _) = generate(shapes(), options).unwrap();
    assert!(
        source.contains("#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub struct Payment {"),
        "{source}"
    );
    assert!(
        source.contains("#[derive(Clone, Debug, Default, PartialEq, Eq)]\npub struct Headers {"),
        "{source}"
    );
}

#[test]
fn a_selection_keeps_operations_and_what_they_need() {
    let options = Options {
        operations: vec!["Check*".to_owned()],
        exclude_operations: vec!["*Async".to_owned()],
        ..Options::default()
    };
    let (source, _) = generate(shapes(), options).unwrap();
    assert!(source.contains("pub async fn check("), "{source}");
    assert!(!source.contains("pub async fn check_async("), "{source}");
    assert!(!source.contains("pub async fn add("), "{source}");
    assert!(
        source.contains("pub struct Matrix {"),
        "needed by Check: {source}"
    );
    assert!(
        !source.contains("pub struct AddResponse"),
        "needed by nothing kept: {source}"
    );

    let options = Options {
        operations: vec!["Check".to_owned()],
        exclude_types: vec!["Matrix".to_owned()],
        ..Options::default()
    };
    let error = generate(shapes(), options).unwrap_err();
    assert!(
        error.contains("type `Matrix` is excluded, but `Check` (for operation `Check`) needs it"),
        "{error}"
    );
}

#[test]
fn options_that_match_nothing_are_reported() {
    let options = Options {
        replace: [
            ("Prize".to_owned(), "my_crate::Money".to_owned()),
            ("duration".to_owned(), "my_crate::Span".to_owned()),
            ("date".to_owned(), "my_crate::Day".to_owned()),
        ]
        .into(),
        type_derives: [("Paymnet".to_owned(), vec!["Hash".to_owned()])].into(),
        ..Options::default()
    };
    let (_, warnings) = generate(shapes(), options).unwrap();
    assert!(
        warnings.iter().any(|warning| warning
            .contains("`replace` names the kind `duration`, which none of its types uses")),
        "{warnings:?}"
    );
    assert!(
        !warnings
            .iter()
            .any(|warning| warning.contains("kind `date`")),
        "the shapes use xs:date: {warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|warning| warning.contains("`replace` names `Prize`")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|warning| warning.contains("no generated type is named `Paymnet`")),
        "{warnings:?}"
    );
    let options = Options {
        derives: vec!["not a path".to_owned()],
        ..Options::default()
    };
    let error = generate(shapes(), options).unwrap_err();
    assert!(
        error.contains("`not a path` is not a derive path"),
        "{error}"
    );
}

#[test]
fn the_config_file_carries_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("svcgen.toml");
    std::fs::write(
        &config,
        format!(
            r##"[crate]
name = "opts"
out-dir = "out"

[services.shapes]
inputs = [{:?}]
operations = ["Check"]
derives = ["Eq"]
replace = {{ guid = "my_crate::Uuid" }}
type-attributes = {{ Payment = ["#[non_exhaustive]"] }}
"##,
            shapes().display().to_string()
        ),
    )
    .unwrap();
    let loaded = svcgen::config::load(&config).unwrap();
    let generated = svcgen::generate(&loaded.spec).unwrap();
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("shapes.rs"))
        .unwrap();
    assert!(source.contains("pub id: my_crate::Uuid,"));
    assert!(source.contains("#[non_exhaustive]\npub struct Payment"));
    assert!(!source.contains("pub async fn add("));

    std::fs::write(&config, "[crate]\nname = \"opts\"\nout-dir = \"out\"\n\n[services.shapes]\ninputs = []\nderive = [\"Eq\"]\n").unwrap();
    let error = svcgen::config::load(&config).unwrap_err().to_string();
    assert!(error.contains("unknown field `derive`"), "{error}");
}

/// A generic, lifetime-bearing replacement is a Rust type like any other; a malformed one
/// is a configuration error that names the option (it once panicked in the emitter).
#[test]
fn replacements_are_rust_types_checked_when_read() {
    let options = Options {
        replace: [(
            "string".to_owned(),
            "std::borrow::Cow<'static, str>".to_owned(),
        )]
        .into(),
        ..Options::default()
    };
    let (source, _) = generate(shapes(), options).unwrap();
    assert!(
        source.contains("Option<std::borrow::Cow<'static, str>>"),
        "{source}"
    );

    let malformed = Options {
        replace: [("string".to_owned(), "Cow<'static, str".to_owned())].into(),
        ..Options::default()
    };
    let error = generate(shapes(), malformed).unwrap_err();
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

/// Replacing a member of an `xsi:type` family puts the replacement in the family's enum
/// (it once named the struct that was no longer generated).
#[test]
fn a_replaced_family_member_stands_in_the_family() {
    let animals = workspace_root().join("generator/tests/fixtures/wsdl/animals.xsd");
    let options = Options {
        replace: [("Cat".to_owned(), "crate::MyCat".to_owned())].into(),
        ..Options::default()
    };
    let spec = CrateSpec {
        name: "zoo".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec {
            options,
            ..ServiceSpec::new("animals", vec![animals])
        }],
    };
    let generated = svcgen::generate(&spec).unwrap();
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("animals.rs"))
        .unwrap();
    assert!(source.contains("Cat(crate::MyCat),"), "{source}");
    assert!(
        source.contains("Some(1) => Self::Cat(read::<crate::MyCat>(reader)?),"),
        "{source}"
    );
    assert!(!source.contains("pub struct Cat"), "{source}");
}
