//! Twinfield's real WSDLs (`../shared/fixtures/wsdl/real/twinfield/`: login session, cluster
//! session, finder, processxml, and the WCF DeletedTransactions service through its service
//! map) generated into one crate, which must build without a
//! warning; then the tests in `fixtures/soap/twinfield_flow.rs` run inside it: the logon
//! flow and cluster calls against a local server, and the captured answers decoded.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{add_wire_tests, cargo_in, shared_fixtures, text, warnings, workspace_root};
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn twinfield_cluster_flow_runs_against_a_local_server() {
    let shared = shared_fixtures();
    let twinfield = shared.join("wsdl/real/twinfield");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("twinfield");
    let root = workspace_root();
    let spec = CrateSpec {
        name: "twinfield".to_owned(),
        runtime: RuntimeDependency::path_from(&out, &root.join("runtime")),
        regenerate: None,
        command: None,
        services: [
            ("login", "login-session.wsdl"),
            ("session", "accounting-session.wsdl"),
            ("finder", "accounting-finder.wsdl"),
            ("processxml", "processxml.wsdl"),
        ]
        .into_iter()
        .map(|(module, file)| ServiceSpec::new(module, vec![twinfield.join(file)]))
        .chain(std::iter::once(ServiceSpec {
            // A WCF service: schemas imported by URL, mapped through its Reference.svcmap.
            catalog: Some(
                twinfield.join("werk-2018/TwinfieldDeletedTransactionService/Reference.svcmap"),
            ),
            ..ServiceSpec::new(
                "deleted",
                vec![twinfield.join(
                    "werk-2018/TwinfieldDeletedTransactionService/DeletedTransactionsService.wsdl",
                )],
            )
        }))
        .collect(),
    };
    let generated = svcgen::generate(&spec).unwrap();
    assert!(
        generated.warnings().is_empty(),
        "{:?}",
        generated.warnings()
    );
    generated.write(&out).unwrap();

    add_wire_tests(
        &out,
        &[root.join("generator/tests/fixtures/soap/twinfield_flow.rs")],
    );
    let test = cargo_in(
        &out,
        &["test", "--features", "blocking"],
        &[("SVCGEN_SHARED_FIXTURES", shared.as_path())],
    );
    let stderr = text(&test.stderr);
    let stdout = text(&test.stdout);
    assert!(
        test.status.success(),
        "tests in the generated crate failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(
        warnings(&stderr),
        Vec::<&str>::new(),
        "the generated crate builds without warnings"
    );
    for name in [
        "logon_then_cluster_calls_with_the_session_header",
        "a_captured_answer_with_a_space_before_the_declaration_decodes",
        "the_cluster_header_and_the_login_header_stay_apart",
        "a_wcf_query_is_sent_and_answered_by_xsi_type_and_its_faults_are_typed",
    ] {
        assert!(
            stdout.contains(&format!("test {name} ... ok")),
            "{name} did not pass:\n{stdout}"
        );
    }
}
