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
        command: None,
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
            "wsdl-truncated-in-a-tag.wsdl",
            ":2:74: not well-formed XML: unexpected end of stream",
        ),
        (
            "wsdl-html-doctype.wsdl",
            ":1:1: this is an HTML page, not a WSDL document",
        ),
        (
            "wsdl-schema-only-dangling.wsdl",
            ":7:11: type `{urn:t}OrderLine` is not defined in any schema of this document",
        ),
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
        (
            "truncated.json",
            ":3:50: invalid JSON: EOF while parsing a list",
        ),
        (
            "json-array-root.json",
            ": at $: JSON, but not ServiceStack metadata",
        ),
        (
            "types-not-a-list.json",
            ": at $.Types: expected an array for `Types`",
        ),
        (
            "unknown-base.json",
            ": at $.Types[0].Inherits: unknown base type `Missing`",
        ),
        (
            "operation-without-name.json",
            ": at $.Operations[0].Request: missing `Name`",
        ),
        (
            "invalid-utf8.json",
            ":1:46: invalid JSON: invalid unicode code point",
        ),
        (
            "empty-operations.json",
            ": declares no operations and no types: there is nothing to generate",
        ),
        (
            "wsdl-wrong-root.wsdl",
            ":2:1: neither a WSDL 1.1 document nor an XML Schema: the root element is `catalog` in namespace `urn:books`",
        ),
        (
            "schema-wrong-root.xsd",
            ":2:1: neither a WSDL 1.1 document nor an XML Schema: the root element is `element`",
        ),
        ("wsdl-empty.wsdl", ": the file is empty"),
        (
            "wsdl-no-service.wsdl",
            ": declares no operations and no types: there is nothing to generate",
        ),
        (
            "wsdl-invalid-utf8.wsdl",
            ":2:79: the document is not valid UTF-8",
        ),
        (
            "wsdl-unknown-message.wsdl",
            ":4:5: operation `Ping` of `PT` names the unknown message `{urn:t}Nowhere`",
        ),
        (
            "wsdl-unknown-port-type.wsdl",
            ":3:3: binding `B` names the unknown port type `{urn:t}Nowhere`",
        ),
        (
            "wsdl-external-entity.wsdl",
            ":1:1: documents with a DTD are refused (svcgen never expands entities)",
        ),
        (
            "wsdl-billion-laughs.wsdl",
            ":1:1: documents with a DTD are refused (svcgen never expands entities)",
        ),
        (
            "schema-duplicate-type.xsd",
            ":4:3: the type `Order` is declared twice in this schema",
        ),
        (
            "schema-cyclic-group.xsd",
            ":4:5: model groups refer to each other in a cycle",
        ),
        (
            "schema-cyclic-attribute-group.xsd",
            ":3:31: attribute groups refer to each other in a cycle",
        ),
        (
            "schema-unknown-element-ref.xsd",
            ":4:18: element `{urn:t}Nowhere` is not declared in any schema of this document",
        ),
        (
            "schema-unknown-simple-base.xsd",
            ":6:3: type `{urn:t}Missing` is not defined in any schema of this document",
        ),
        (
            "schema-negative-occurs.xsd",
            ":4:18: `minOccurs=\"-1\"` is not a non-negative integer",
        ),
        (
            "schema-missing-include.xsd",
            ":3:3: imports `not-here.xsd`, which cannot be read",
        ),
        (
            "schema-absolute-include.xsd",
            ":3:3: imports `/etc/passwd`, which is outside the directories svcgen may read",
        ),
        (
            "schema-file-url-import.xsd",
            ":3:3: imports `file:///etc/passwd`; svcgen never downloads while generating",
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
    assert!(
        message.contains(": no such file (expected a contract file: ServiceStack metadata JSON"),
        "{message}"
    );
}

#[test]
fn a_directory_given_as_input_says_what_was_expected() {
    let message = generate_error(&fixture(""));
    assert!(
        message.contains(": is a directory; expected a contract file: ServiceStack metadata JSON or an operation page, a WSDL or an XML Schema"),
        "{message}"
    );
}

/// Inputs made on the fly: too large to check in, or pathological by size.
#[test]
fn generated_bad_inputs_get_their_message() {
    let dir = tempfile::tempdir().unwrap();
    let deep_json = dir.path().join("deep.json");
    let mut text = String::from(r#"{"Types":[],"Operations":[{"Request":{"Name":"Ping","Meta":"#);
    text.push_str(&"[".repeat(10_000));
    std::fs::write(&deep_json, text).unwrap();
    let message = generate_error(&deep_json);
    assert!(message.contains("recursion limit exceeded"), "{message}");

    let deep_xml = dir.path().join("deep.xsd");
    let mut text = String::from(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">"#,
    );
    // 10,000 levels of element / complexType / sequence.
    let levels = 10_000 / 3;
    text.push_str(&r#"<xs:element name="e"><xs:complexType><xs:sequence>"#.repeat(levels));
    text.push_str(&"</xs:sequence></xs:complexType></xs:element>".repeat(levels));
    text.push_str("</xs:schema>");
    std::fs::write(&deep_xml, text).unwrap();
    let message = generate_error(&deep_xml);
    assert!(
        message.starts_with(&format!("{}:1:", deep_xml.display())),
        "{message}"
    );
    assert!(
        message.contains("schema components nest deeper than"),
        "{message}"
    );
}

#[test]
fn a_ten_megabyte_string_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let description = "x".repeat(10 * 1024 * 1024);
    let text = format!(
        r#"{{"Types":[],"Operations":[{{"Request":{{"Name":"Ping","Namespace":"Shop","Description":"{description}"}}}}]}}"#
    );
    std::fs::write(&path, text).unwrap();
    let spec = CrateSpec {
        name: "big".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec::new("big", vec![path])],
    };
    let generated = svcgen::generate(&spec).unwrap();
    assert!(
        generated
            .files()
            .any(|(_, text)| text.len() > 10 * 1024 * 1024)
    );
}

fn awkward(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/awkward")
        .join(name)
}

/// The module generated for `inputs`, parsed as Rust.
fn generated_module(service: ServiceSpec) -> syn::File {
    let spec = CrateSpec {
        name: "awkward".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![service],
    };
    let generated = svcgen::generate(&spec).unwrap_or_else(|error| panic!("{error}"));
    let (_, text) = generated
        .files()
        .find(|(path, _)| path.starts_with("src") && !path.ends_with("lib.rs"))
        .unwrap();
    syn::parse_file(text).unwrap()
}

#[test]
fn names_rust_cannot_take_become_distinct_identifiers() {
    let module = generated_module(ServiceSpec::new("names", vec![awkward("names.wsdl")]));
    let mut types = std::collections::BTreeSet::new();
    for item in &module.items {
        let (ident, fields) = match item {
            syn::Item::Struct(item) => (item.ident.to_string(), Some(&item.fields)),
            syn::Item::Enum(item) => (item.ident.to_string(), None),
            _ => continue,
        };
        assert!(types.insert(ident.clone()), "`{ident}` twice");
        let mut names = std::collections::BTreeSet::new();
        for field in fields.into_iter().flatten() {
            let name = field.ident.as_ref().unwrap().to_string();
            assert!(
                names.insert(name.trim_start_matches("r#").to_owned()),
                "`{name}` twice in {ident}"
            );
        }
    }
    // Every schema type and the operation's wrapper became a type of its own.
    for expected in [
        "Type",
        "Type2",
        "Type3",
        "Strasse",
        "Strae",
        "Enum",
        "Loop",
        "LoopResponse",
    ] {
        assert!(
            types.contains(expected),
            "{expected} missing from {types:?}"
        );
    }
}

#[test]
fn schemas_importing_each_other_are_read_once() {
    let module = generated_module(ServiceSpec::new("cycle", vec![awkward("cycle.wsdl")]));
    let structs: Vec<String> = module
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    for expected in ["Ping", "PingResponse", "Owner", "Item"] {
        assert_eq!(
            structs.iter().filter(|name| *name == expected).count(),
            1,
            "{structs:?}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let module = generated_module(ServiceSpec::new("bom", vec![awkward("bom.json")]));
    assert!(
        module
            .items
            .iter()
            .any(|item| matches!(item, syn::Item::Struct(item) if item.ident == "Ping"))
    );
}

#[test]
fn imports_from_another_directory_need_schema_dirs() {
    let input = awkward("service/main.xsd");
    let message = generate_error(&input);
    assert!(
        message.contains(
            "imports `../common/types.xsd`, which is outside the directories svcgen may read"
        ),
        "{message}"
    );
    let service = ServiceSpec {
        schema_dirs: vec![awkward("common")],
        ..ServiceSpec::new("service", vec![input])
    };
    let module = generated_module(service);
    assert!(
        module
            .items
            .iter()
            .any(|item| matches!(item, syn::Item::Struct(item) if item.ident == "Order"))
    );
}

/// Roots are compared with symlinks resolved: a schema reached through a linked directory
/// is still inside it (a missing one is reported as missing), and a link that leads out of
/// the root does not make its target readable.
#[cfg(unix)]
#[test]
fn symlinks_neither_hide_nor_open_roots() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("linked")).unwrap();
    let input = dir.path().join("linked/main.xsd");
    std::fs::write(
        &input,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"><xs:include schemaLocation="missing.xsd"/></xs:schema>"#,
    )
    .unwrap();
    let message = generate_error(&input);
    assert!(
        message.contains("imports `missing.xsd`, which cannot be read"),
        "{message}"
    );

    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.xsd"), "<secret/>").unwrap();
    std::os::unix::fs::symlink(&outside, real.join("door")).unwrap();
    std::fs::write(
        &input,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"><xs:include schemaLocation="door/secret.xsd"/></xs:schema>"#,
    )
    .unwrap();
    let message = generate_error(&input);
    assert!(
        message.contains(
            "imports `door/secret.xsd`, which is outside the directories svcgen may read"
        ),
        "{message}"
    );
}
