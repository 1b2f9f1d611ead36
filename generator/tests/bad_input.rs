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
        regenerate: None,
        services: vec![ServiceSpec::new("bad", vec![input.to_owned()])],
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
            "wsdl-unbound-prefix.wsdl",
            ":3:26: `element=\"q:Ping\"` uses the prefix `q`, which is not declared",
        ),
        (
            "wsdl-html-page.wsdl",
            ":1:1: this is an HTML page, not a WSDL document",
        ),
        (
            "wsdl-entity.wsdl",
            ":1:1: documents with a DTD are refused (svcgen never expands entities)",
        ),
        (
            "wsdl-remote-import.wsdl",
            ":5:7: imports `https://example.com/Service.svc?xsd=xsd0`; svcgen never downloads while generating",
        ),
        (
            "wsdl-import-outside.wsdl",
            ":5:7: imports `../../../../../../etc/passwd`, which is outside the directories svcgen may read",
        ),
        ("wsdl-2.0.wsdl", ":2:1: this is WSDL 2.0"),
        (
            "wsdl-dangling-binding.wsdl",
            ":3:21: port `P` names the unknown binding `{urn:t}Nowhere`",
        ),
        (
            "wsdl-bad-occurs.wsdl",
            ":5:45: `maxOccurs=\"lots\"` is not a non-negative integer",
        ),
        ("wsdl-truncated.wsdl", ":4:1: not well-formed XML"),
        (
            "schema-cyclic-base.xsd",
            ":4:3: cyclic inheritance: A -> B -> A",
        ),
        (
            "schema-unknown-type.xsd",
            ":5:7: type `{urn:t}Missing` is not defined in any schema of this document",
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
