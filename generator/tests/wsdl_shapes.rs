//! The WSDL/XML Schema constructs of `fixtures/wsdl/shapes.wsdl` (written for this test;
//! their Rust shapes are the golden file `golden/wsdl-shapes.rs`): generated into a crate
//! that must build without a warning, whose tests (`fixtures/wsdl/shapes_wire.rs`) check
//! each shape on the wire.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{add_wire_tests, cargo_in, module_source, text, warnings, workspace_root};
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

fn fixture(name: &str) -> std::path::PathBuf {
    workspace_root()
        .join("generator/tests/fixtures/wsdl")
        .join(name)
}

#[test]
fn shapes_behave_on_the_wire() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shapes");
    let root = workspace_root();
    let spec = CrateSpec {
        name: "shapes".to_owned(),
        runtime: RuntimeDependency::path_from(&out, &root.join("runtime")),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec::new("shapes", vec![fixture("shapes.wsdl")])],
    };
    svcgen::generate(&spec).unwrap().write(&out).unwrap();
    add_wire_tests(&out, &[fixture("shapes_wire.rs")]);
    let test = cargo_in(&out, &["test", "--features", "mock"], &[]);
    let (stdout, stderr) = (text(&test.stdout), text(&test.stderr));
    assert!(test.status.success(), "{stdout}\n{stderr}");
    assert_eq!(warnings(&stderr), Vec::<&str>::new());
    for name in [
        "absent_nil_and_zero_are_three_different_things",
        "simple_content_choice_dates_guids_and_raw_xml",
        "unknown_enum_values_survive_a_round_trip",
        "operations_say_where_their_bodies_go",
        "rpc_parts_are_unqualified_children_of_the_wrapper",
        "the_mock_answers_types_named_like_its_own_and_an_unnamed_parts_body",
    ] {
        assert!(
            stdout.contains(&format!("test {name} ... ok")),
            "{name}:\n{stdout}"
        );
    }
}

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn headers_travel_in_both_directions_as_the_wsdl_binds_them() {
    // SSRS: `TrustedUserHeader` (and `ItemNamespaceHeader`) in, `ServerInfoHeader` out, on
    // hundreds of operations.
    let shared = support::shared_fixtures();
    let wsdl = shared.join("wsdl/real/ssrs-reportservice2010/ReportService2010.wsdl");
    let source = module_source(vec![wsdl], None);
    for expected in [
        "pub trusted_user_header: Option<TrustedUserHeader>,",
        "pub server_info_header: Option<ServerInfoHeader>,",
        "/// Sends the `ItemNamespaceHeader`, `TrustedUserHeader` header(s) set on the client.\n    ///\n    /// The answer's `ServerInfoHeader` header(s) arrive in `Response::headers`.\n    pub async fn get_properties(",
    ] {
        assert!(source.contains(expected), "missing {expected:?}");
    }
    // `GetProperties` sends fields 2 and 0 of `Headers` (ItemNamespaceHeader, TrustedUserHeader).
    let constant = source.find("pub const GET_PROPERTIES").unwrap();
    let end = constant + source[constant..].find("};").unwrap();
    assert!(
        source[constant..end].contains("input_headers: &[2, 0]"),
        "{}",
        &source[constant..end]
    );
}
