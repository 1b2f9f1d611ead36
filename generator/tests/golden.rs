//! Golden files, as typify, progenitor and prost keep them: each fixture (and each options
//! case) generates one module that must equal its checked-in `golden/<case>.rs` byte for
//! byte. A change to the generator shows here as a diff to review; `SVCGEN_UPDATE=1`
//! rewrites the files. The shape tests (`servicestack_shapes.rs`, `wsdl_shapes.rs`,
//! `options.rs`) say why a detail matters; these say that nothing else moved.

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

/// A golden case: its name (the golden file's), the service's inputs and options.
struct Case {
    name: &'static str,
    inputs: Vec<PathBuf>,
    options: Options,
}

fn fixture(path: &str) -> PathBuf {
    workspace_root().join("generator/tests/fixtures").join(path)
}

fn case(name: &'static str, inputs: &[&str]) -> Case {
    Case {
        name,
        inputs: inputs.iter().map(|input| fixture(input)).collect(),
        options: Options::default(),
    }
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        case("servicestack-naming", &["servicestack/naming.v6.json"]),
        case("servicestack-edges", &["servicestack/edges.v6.json"]),
        case("servicestack-dialects", &["servicestack/dialects.v8.json"]),
        case(
            "servicestack-homoglyphs",
            &["servicestack/homoglyphs.v6.json"],
        ),
        case(
            "servicestack-projects-v5",
            &["servicestack/digioffice-projects.v5.json"],
        ),
        case(
            "servicestack-tests-v5",
            &["servicestack/servicestack-tests.v5.json"],
        ),
        case("wsdl-shapes", &["wsdl/shapes.wsdl"]),
        case("wsdl-types-only", &["wsdl/types-only.wsdl"]),
        case("xsd-animals", &["wsdl/animals.xsd"]),
        case("soap-enterprise", &["soap/enterprise.wsdl"]),
        case("wsdl-awkward-names", &["awkward/names.wsdl"]),
    ];
    cases.push(Case {
        options: Options {
            replace: [
                ("guid".to_owned(), "my_crate::Uuid".to_owned()),
                (
                    "string".to_owned(),
                    "std::borrow::Cow<'static, str>".to_owned(),
                ),
                ("Price".to_owned(), "my_crate::Money".to_owned()),
            ]
            .into(),
            derives: vec!["Eq".to_owned()],
            type_attributes: [("Matrix".to_owned(), vec!["#[non_exhaustive]".to_owned()])].into(),
            ..Options::default()
        },
        ..case("wsdl-shapes-options", &["wsdl/shapes.wsdl"])
    });
    cases.push(Case {
        options: Options {
            operations: vec!["Add*".to_owned()],
            ..Options::default()
        },
        ..case("wsdl-shapes-selection", &["wsdl/shapes.wsdl"])
    });
    cases.push(Case {
        options: Options {
            replace: [("Cat".to_owned(), "crate::MyCat".to_owned())].into(),
            ..Options::default()
        },
        ..case("xsd-animals-replaced", &["wsdl/animals.xsd"])
    });
    cases
}

/// The module a case generates.
fn generate(case: &Case) -> String {
    let spec = CrateSpec {
        name: "golden".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec {
            options: case.options.clone(),
            ..ServiceSpec::new("golden", case.inputs.clone())
        }],
    };
    let generated =
        svcgen::generate(&spec).unwrap_or_else(|error| panic!("{}: {error}", case.name));
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("src/golden.rs"))
        .unwrap();
    source.to_owned()
}

#[test]
fn every_fixture_generates_its_golden_file() {
    let dir = workspace_root().join("generator/tests/golden");
    let update = std::env::var_os("SVCGEN_UPDATE").is_some();
    let mut differences = Vec::new();
    for case in cases() {
        let path = dir.join(format!("{}.rs", case.name));
        let generated = generate(&case);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != generated {
            let diff = similar::TextDiff::from_lines(&golden, &generated)
                .unified_diff()
                .context_radius(2)
                .header(&format!("golden/{}.rs", case.name), "generated")
                .to_string();
            differences.push(diff);
        }
    }
    assert!(
        differences.is_empty(),
        "{} golden file(s) differ (SVCGEN_UPDATE=1 rewrites them after review):\n{}",
        differences.len(),
        differences.join("\n")
    );
}
