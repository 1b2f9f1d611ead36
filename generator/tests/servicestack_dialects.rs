//! What the ServiceStack front-end and planner make of a v8 host (`dialects.v8.json`, a
//! `/metadata/app` document that says `useSystemJson: Always`): the JSON dialect each
//! request is written in (and how a user overrides it), the kind of each answer, a
//! property redeclared with C# `new`, declarations that differ only in UI attributes, notes
//! in the docs and arrays of nullables. The crate built from it by `servicestack_real`
//! runs the same operations against a local server (`round-trip/dialects_wire.rs`).

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::path::PathBuf;

use support::{own_fixture, svcgen, text};
use svcgen::JsonDialect;

fn generate(json_dialect: Option<JsonDialect>) -> svcgen::GeneratedCrate {
    generate_from(own_fixture("dialects.v8.json"), json_dialect)
}

/// The crate of one service `dialects` read from `input`.
fn generate_from(input: PathBuf, json_dialect: Option<JsonDialect>) -> svcgen::GeneratedCrate {
    let spec = svcgen::CrateSpec {
        name: "dialects".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec {
            json_dialect,
            ..svcgen::ServiceSpec::new("dialects", vec![input])
        }],
    };
    svcgen::generate(&spec).unwrap()
}

fn module(generated: &svcgen::GeneratedCrate) -> String {
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("src/dialects.rs"))
        .unwrap();
    source.to_owned()
}

/// The `Request` impl of `request`, up to its closing brace.
fn request_impl(source: &str, request: &str) -> String {
    let start = source
        .find(&format!("impl servicestack::Request for {request} {{"))
        .unwrap_or_else(|| panic!("no Request impl for {request}"));
    let end = source[start..].find("\n}\n").unwrap();
    source[start..start + end].to_owned()
}

const SYSTEM_TEXT_JSON: &str = "const JSON_STYLE: servicestack::JsonStyle = servicestack::JsonStyle {\n        dialect: servicestack::JsonDialect::SystemTextJson,\n        camel_case: true,\n    };";

#[test]
fn a_host_that_says_use_system_json_gets_system_text_json() {
    let source = module(&generate(None));
    for request in ["StoreValues", "GetDocument", "Ping", "DeleteDocument"] {
        assert!(
            request_impl(&source, request).contains(SYSTEM_TEXT_JSON),
            "{}",
            request_impl(&source, request)
        );
    }
}

#[test]
fn the_configuration_overrides_the_metadata() {
    let source = module(&generate(Some(JsonDialect::ServiceStackText)));
    let store = request_impl(&source, "StoreValues");
    assert!(
        store.contains(
            "dialect: servicestack::JsonDialect::ServiceStackText,\n        camel_case: true,"
        ),
        "camelCase stays the host's: {store}"
    );
}

#[test]
fn each_answer_is_read_as_its_kind() {
    let source = module(&generate(None));
    for (request, response, body) in [
        ("Ping", "String", Some("Text")),
        (
            "DownloadFile",
            "::svcgen_runtime::value::Bytes",
            Some("Bytes"),
        ),
        (
            "OpenStream",
            "::svcgen_runtime::value::Bytes",
            Some("Bytes"),
        ),
        ("DeleteDocument", "()", Some("Empty")),
        ("StoreValues", "StoreValuesResponse", None),
    ] {
        let implementation = request_impl(&source, request);
        assert!(
            implementation.contains(&format!("type Response = {response};")),
            "{implementation}"
        );
        let constant = body.map(|body| {
            format!("const RESPONSE_BODY: servicestack::ResponseBody = servicestack::ResponseBody::{body};")
        });
        match constant {
            Some(constant) => assert!(implementation.contains(&constant), "{implementation}"),
            None => assert!(
                !implementation.contains("RESPONSE_BODY"),
                "{implementation}"
            ),
        }
    }
}

#[test]
fn a_redeclared_property_is_one_field_of_the_derived_type() {
    let source = module(&generate(None));
    let start = source.find("pub struct Document {").unwrap();
    let document = &source[start..start + source[start..].find("\n}\n").unwrap()];
    assert_eq!(document.matches("pub id").count(), 1, "{document}");
    assert!(
        document.contains("/// Redeclared with C# `new`.\n    #[serde(alias = \"Id\", default)]\n    pub id: ::svcgen_runtime::value::Guid,"),
        "the derived declaration wins: {document}"
    );
    assert!(!source.contains("id_2"), "{source}");
}

#[test]
fn notes_reach_the_docs_after_the_description() {
    let source = module(&generate(None));
    assert!(
        source.contains("/// A stored document.\n///\n/// Documents are versioned; the newest version is returned.\n#[derive"),
        "{source}"
    );
}

#[test]
fn an_array_of_nullables_stays_optional_like_other_arrays() {
    let source = module(&generate(None));
    assert!(
        source.contains("pub scores: Option<Vec<Option<i32>>>,"),
        "{source}"
    );
}

#[test]
fn declarations_that_differ_only_in_ui_attributes_are_one_type_without_a_warning() {
    let generated = generate(None);
    let warnings = generated.warnings();
    assert!(
        warnings
            .iter()
            .all(|warning| !warning.contains("declared twice")),
        "{warnings:?}"
    );
}

#[test]
fn declarations_that_differ_on_the_wire_still_warn() {
    let mut document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(own_fixture("dialects.v8.json")).unwrap())
            .unwrap();
    // The second declaration of `Document` (GetDocument's response) changes a type.
    document["api"]["operations"][1]["response"]["properties"][1]["type"] = "Int32".into();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("changed.json");
    std::fs::write(&input, document.to_string()).unwrap();
    let generated = generate_from(input, None);
    assert!(
        generated
            .warnings()
            .iter()
            .any(|warning| warning.contains("`Document` is declared twice")),
        "{:?}",
        generated.warnings()
    );
}

#[test]
fn json_in_the_configuration_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let config = |service: &str| {
        format!("[crate]\nname = \"x\"\nout-dir = \"out\"\n[services.s]\n{service}\n")
    };
    let write = |name: &str, text: String| {
        let path: PathBuf = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let bad = write(
        "bad.toml",
        config(&format!(
            "inputs = [{:?}]\njson = \"newtonsoft\"",
            own_fixture("dialects.v8.json")
        )),
    );
    let output = svcgen(&["check", "--config", bad.to_str().unwrap()], dir.path());
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("`json = \"newtonsoft\"` is not a JSON dialect (`servicestack-text` or `system-text-json`)"),
        "{stderr}"
    );

    let wsdl = write(
        "wsdl.toml",
        config(&format!(
            "inputs = [{:?}]\njson = \"system-text-json\"",
            support::workspace_root().join("schemas/twinfield/session.wsdl")
        )),
    );
    let output = svcgen(&["check", "--config", wsdl.to_str().unwrap()], dir.path());
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("applies to ServiceStack services, and this is a WSDL"),
        "{stderr}"
    );
}

#[test]
fn operations_that_take_files_say_how_to_send_them() {
    let source = module(&generate(None));
    assert!(
        source.contains("/// Takes files in `File`: send them with `servicestack::Client::send_with_files` (cargo feature `multipart`), the field name as each file's.\n    pub async fn upload_document("),
        "{source}"
    );
    assert_eq!(
        source.matches("/// Takes files in").count(),
        2,
        "async and blocking clients only"
    );
}
