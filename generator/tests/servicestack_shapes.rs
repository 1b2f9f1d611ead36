//! Rust shapes for awkward schema names and structures: they must be valid, unique and
//! stable (the generated crate built by `servicestack_real` compiles the same input).

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{module_source, own_fixture};

fn naming_source() -> String {
    module_source(vec![own_fixture("naming.v6.json")], None)
}

#[test]
fn same_named_types_in_two_namespaces_do_not_collide() {
    let source = naming_source();
    assert!(
        source.contains("/// An item for sale.\n#[derive"),
        "{source}"
    );
    assert!(source.contains("pub struct Item {"), "{source}");
    assert!(
        source.contains("#[serde(rename = \"Item\")]\npub struct Item2 {"),
        "XML keeps the .NET name: {source}"
    );
    assert!(
        source.contains("pub stock: Option<Item2>,"),
        "Shop.Item refers to Warehouse.Item: {source}"
    );
    assert!(
        source.contains("pub struct OuterInner {"),
        "v5 nested names: {source}"
    );
    assert!(
        source.contains("pub struct Option2 {"),
        "prelude names stay free: {source}"
    );
    assert!(source.contains("pub choice: Option<Option2>,"), "{source}");
}

#[test]
fn member_names_are_valid_unique_and_keep_their_wire_names() {
    let source = naming_source();
    for expected in [
        "#[serde(alias = \"Id\", default)]\n    pub id: i32,",
        "rename = \"userName\",\n        alias = \"UserName\",",
        "pub user_name: Option<String>,",
        "rename = \"user_Name\",\n        alias = \"User_Name\",",
        "pub user_name_2: Option<String>,",
        "pub r#type: Option<String>,",
        "pub self_: Option<String>,",
        "rename = \"order_x0020_Line\",",
        "pub order_line: Option<String>,",
    ] {
        assert!(
            source.contains(expected),
            "missing {expected:?} in:\n{source}"
        );
    }
}

#[test]
fn interfaces_and_unmodelled_framework_types_are_raw_json() {
    let source = naming_source();
    assert!(
        source.contains("pub attachment: Option<::svcgen_runtime::serde_json::Value>,"),
        "{source}"
    );
    assert!(
        source.contains("pub last_status: ::svcgen_runtime::serde_json::Value,"),
        "{source}"
    );
}

#[test]
fn parameters_used_only_through_dropped_ones_are_dropped() {
    let source = naming_source();
    assert!(source.contains("pub struct Page {"), "{source}");
    assert!(source.contains("pub query: Option<QueryDb>,"), "{source}");
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let source = naming_source();
    assert!(source.contains("pub left: Option<Box<Tree>>,"), "{source}");
    assert!(
        source.contains("pub children: Option<Vec<Tree>>,"),
        "{source}"
    );
}

#[test]
fn tags_and_verbs_reach_the_client_docs() {
    let source = naming_source();
    assert!(
        source
            .contains("/// Sends `GetItem` as `GET /items`.\n    ///\n    /// Tags: items, shop."),
        "{source}"
    );
}

#[test]
fn generation_is_stable() {
    assert_eq!(naming_source(), naming_source());
}

#[test]
fn edges_of_v6_documents_are_handled_and_reported() {
    let input = own_fixture("edges.v6.json");
    let source = module_source(vec![input.clone()], None);
    // Mutual recursion needs one box to have a size.
    assert!(
        source.contains("pub parent: Option<Box<Parent>>,")
            || source.contains("pub child: Option<Box<Child>>,"),
        "{source}"
    );
    // Credentials never reach Debug output.
    assert!(
        source.contains("pub password: Option<::svcgen_runtime::Secret>,"),
        "{source}"
    );
    assert!(
        source.contains("pub refresh_token: Option<::svcgen_runtime::Secret>,"),
        "{source}"
    );
    assert!(
        source.contains("pub user_name: Option<String>,"),
        "{source}"
    );
    // A plain IEnumerable keeps its items as JSON.
    assert!(
        source.contains("pub toys: Option<Vec<::svcgen_runtime::serde_json::Value>>,"),
        "{source}"
    );
    // Who may call the operation reaches its docs.
    assert!(
        source.contains("/// Requires the role(s) `Admin`."),
        "{source}"
    );
    assert!(
        source.contains("/// Requires one of the permissions `family:read`, `family:write`."),
        "{source}"
    );
    // v6 modern documents fall back to `/api/{Operation}`.
    assert!(
        source.contains("servicestack::PredefinedRoute::Api"),
        "{source}"
    );

    let spec = svcgen::CrateSpec {
        name: "edges".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec::new("edges", vec![input])],
    };
    let warnings = svcgen::generate(&spec).unwrap().warnings().to_vec();
    assert!(
        warnings
            .iter()
            .any(|warning| warning.contains("`IEnumerable` says nothing of its items")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|warning| warning
            .contains("`Settings` is declared twice in namespace `Family` with different members")),
        "{warnings:?}"
    );
}

/// A Cyrillic `О` inside a Latin name (a homoglyph), and a name wholly in Cyrillic: letters
/// are transliterated, not dropped, and the two names that meet in Rust are told apart and
/// reported.
#[test]
fn names_outside_ascii_are_transliterated_and_collisions_reported() {
    let spec = svcgen::CrateSpec {
        name: "shop".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec::new(
            "shop",
            vec![own_fixture("homoglyphs.v6.json")],
        )],
    };
    let generated = svcgen::generate(&spec).unwrap();
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("src/shop.rs"))
        .unwrap();
    for expected in [
        "pub async fn get_order(",
        "pub async fn get_order_2(",
        "pub async fn poluchit_zakaz(",
        "pub struct PoluchitZakaz {",
        "const OPERATION: &'static str = \"GetОrder\";",
    ] {
        assert!(source.contains(expected), "{expected}: {source}");
    }
    assert!(
        generated.warnings().iter().any(|warning| warning
            == "shop: operation `GetОrder` is `get_order_2` in Rust: `get_order` is taken by `GetOrder`"),
        "{:?}",
        generated.warnings()
    );
}
