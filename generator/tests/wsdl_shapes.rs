//! The Rust shape of each WSDL/XML Schema construct (`fixtures/wsdl/shapes.wsdl`, written
//! for this test): generated into a crate that must build without a warning, whose tests
//! (`fixtures/wsdl/shapes_wire.rs`) check each shape on the wire.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{cargo_in, module_source, text, warnings, workspace_root};
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

fn fixture(name: &str) -> std::path::PathBuf {
    workspace_root()
        .join("generator/tests/fixtures/wsdl")
        .join(name)
}

#[test]
fn each_construct_gets_its_rust_shape() {
    let source = module_source(vec![fixture("shapes.wsdl")], None);
    for expected in [
        // minOccurs and nillable: both `Option`, told apart in the field table.
        "pub required: i32,",
        "pub nillable: Option<i32>,",
        "xml::Field::element(NS2, \"Nillable\").nillable().required(),",
        "xml::Field::element(NS2, \"OptionalNillable\").nillable(),",
        "pub repeated: Vec<i32>,",
        // ArrayOfX collapse, one item name per level; value-type items keep their nils.
        "pub wrapped: Option<Vec<Option<i32>>>,",
        "pub nested: Option<Vec<Vec<String>>>,",
        "xml::Name::new(NS2, \"ArrayOfString\"), xml::Name::new(NS2, \"string\")",
        // Attributes first, xs:list as a text list, keywords and XML escapes in names.
        "xml::Field::attribute(\"\", \"id\"),",
        "xml::Field::attribute(\"\", \"flags\").text_list(),",
        "pub r#type: Option<String>,",
        "pub order_line: Option<String>,",
        "xml::Field::element(NS2, \"Order_x0020_Line\"),",
        // A referenced global element is one type, named after the element; its
        // unqualified children stay unqualified.
        "pub loose: Option<Loose>,",
        "xml::Field::element(\"\", \"inner\").required()",
        // Simple content, choice branches, raw XML, .NET guid.
        "xml::Field::text()",
        "pub card: Option<String>,",
        "pub payload: ::svcgen_runtime::xml::RawXml,",
        "pub id: ::svcgen_runtime::value::Guid,",
        // Empty enum values get a name; anonymous enums are named after where they are.
        "Empty,",
        "pub size: Option<CheckSize>,",
        // Mixed content keeps its text: raw XML.
        "pub note: Option<::svcgen_runtime::xml::RawXml>,",
        // Substitution groups: every member (members of members too), not the abstract head.
        "pub cat: Option<String>,",
        "pub kitten: Option<String>,",
        // rpc/literal: a wrapper in the body's namespace, parts as unqualified children.
        "pub async fn add(&self, request: &Add) -> Result<Response<AddResponse>, Error> {",
        // Several parts: the body's children; an output message without parts: `()`.
        "pub async fn punch(&self, request: &PunchRequest) -> Result<Response<()>, Error> {",
        // Two operations on one element share its type; names ending in Async are fine.
        "pub async fn check_async(",
    ] {
        assert!(source.contains(expected), "missing {expected:?}:\n{source}");
    }
    assert!(
        !source.contains("pub struct Check2"),
        "one type per element:\n{source}"
    );
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
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::copy(fixture("shapes_wire.rs"), out.join("tests/shapes_wire.rs")).unwrap();
    let test = cargo_in(&out, &["test"], &[]);
    let (stdout, stderr) = (text(&test.stdout), text(&test.stderr));
    assert!(test.status.success(), "{stdout}\n{stderr}");
    assert_eq!(warnings(&stderr), Vec::<&str>::new());
    for name in [
        "absent_nil_and_zero_are_three_different_things",
        "simple_content_choice_dates_guids_and_raw_xml",
        "unknown_enum_values_survive_a_round_trip",
        "operations_say_where_their_bodies_go",
        "rpc_parts_are_unqualified_children_of_the_wrapper",
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

#[test]
fn a_wsdl_without_bindings_gives_its_types() {
    let source = module_source(vec![fixture("types-only.wsdl")], None);
    assert!(source.contains("pub struct Order {"), "{source}");
    assert!(source.contains("pub line: String,"), "{source}");
}
