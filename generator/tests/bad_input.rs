//! Inputs the generator must refuse: one clear message naming the file and the place
//! (line:column or JSON path), never a panic.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

fn generate_error(input: &Path) -> String {
    let spec = CrateSpec {
        name: "bad".to_owned(),
        runtime: RuntimeDependency::default(),
        services: vec![ServiceSpec {
            module: "bad".to_owned(),
            inputs: vec![input.to_owned()],
            description: None,
            base_url: None,
        }],
    };
    match svcgen::generate(&spec) {
        Ok(_) => panic!("{} was accepted", input.display()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_bad_input_gets_its_message() {
    let cases = [
        (
            "invalid-json.json",
            ":3:19: invalid JSON: key must be a string",
        ),
        ("empty.json", ": the file is empty"),
        (
            "not-metadata.json",
            ": at $: JSON, but not ServiceStack metadata",
        ),
        ("not-a-contract.txt", ": not a supported input"),
        (
            "wsdl-document.wsdl",
            ": svcgen reads this WSDL (0 services, 0 SOAP operations) but cannot generate code from WSDL yet",
        ),
        (
            "unknown-type.json",
            ": at $.Operations[0].Request.Properties[0].Type: unknown type `Widget`",
        ),
        (
            "cyclic-inheritance.json",
            ": at $.Types[0]: cyclic inheritance: A -> B -> A",
        ),
        (
            "duplicate-operation.json",
            ": at $.Operations[1]: duplicate operation `Ping`",
        ),
        (
            "generic-arity.json",
            ": at $.Operations[0].Request.Properties[0].Type: `List`1` takes 1 generic argument(s) but 0 are given",
        ),
        (
            "property-without-type.json",
            ": at $.operations[0].request.properties[0]: missing `Type`",
        ),
    ];
    for (name, expected) in cases {
        let path = fixture(name);
        let message = generate_error(&path);
        let expected = format!("{}{expected}", path.display());
        assert!(
            message.starts_with(&expected),
            "{name}:\n  got:      {message}\n  expected: {expected}…"
        );
        assert!(!message.contains('\n'), "{name}: one line, got {message}");
    }
}

#[test]
fn a_missing_file_is_named() {
    let path = fixture("does-not-exist.json");
    let message = generate_error(&path);
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("No such file"), "{message}");
}
