//! What enterprise SOAP needs beyond the WSDL's messages, on the wire: `enterprise.wsdl` (a
//! WCF service with a WS-Addressing binding) generated into a crate that builds without a
//! warning, then `fixtures/soap/enterprise_wire.rs` runs inside it against local servers,
//! node-soap among them (WS-Security).

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
        .join("generator/tests/fixtures/soap")
        .join(name)
}

#[test]
fn a_binding_whose_policy_requires_addressing_gets_its_action() {
    let source = module_source(vec![fixture("enterprise.wsdl")], None);
    assert!(
        source.contains(
            "soap11: Some(soap::Binding::new(\"http://tempuri.org/IEchoService/Echo\")),\n        soap12: Some(\n            soap::Binding::new(\"http://tempuri.org/IEchoService/Echo\")\n                .with_addressing(\"http://tempuri.org/IEchoService/Echo\"),\n        ),"
        ),
        "{source}"
    );
}

#[test]
fn a_binding_whose_policy_asks_for_mtom_sends_it() {
    let source = module_source(vec![fixture("enterprise.wsdl")], None);
    assert!(
        source.contains(
            "soap11: Some(\n            soap::Binding::new(\"http://tempuri.org/IFileService/Upload\").with_mtom(),\n        ),"
        ),
        "{source}"
    );
}

#[test]
#[cfg_attr(
    any(svcgen_missing_node_soap, svcgen_missing_pyspnego),
    ignore = "needs node-soap and pyspnego in tests/interop (.ci/run installs both)"
)]
fn enterprise_soap_on_the_wire() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("enterprise");
    let spec = CrateSpec {
        name: "enterprise".to_owned(),
        runtime: RuntimeDependency::path_from(&out, &root.join("runtime")),
        regenerate: None,
        command: None,
        services: vec![ServiceSpec::new(
            "enterprise",
            vec![fixture("enterprise.wsdl")],
        )],
    };
    let generated = svcgen::generate(&spec).unwrap();
    assert!(
        generated.warnings().is_empty(),
        "{:?}",
        generated.warnings()
    );
    generated.write(&out).unwrap();

    add_wire_tests(&out, &[fixture("enterprise_wire.rs")]);
    let test = cargo_in(
        &out,
        &["test", "--features", "ntlm,mock"],
        &[
            ("SVCGEN_INTEROP", root.join("tests/interop").as_path()),
            (
                "SVCGEN_ENTERPRISE_WSDL",
                fixture("enterprise.wsdl").as_path(),
            ),
        ],
    );
    let stderr = text(&test.stderr);
    assert!(
        test.status.success(),
        "tests in the generated crate failed:\n{}\n{stderr}",
        text(&test.stdout)
    );
    assert_eq!(warnings(&stderr), Vec::<&str>::new());
    let stdout = text(&test.stdout);
    for name in [
        "a_ws_addressing_binding_gets_the_headers_wcf_sends",
        "a_binding_without_addressing_gets_no_addressing_headers",
        "any_header_goes_out_on_every_call_or_one_and_undeclared_ones_come_back_raw",
        "node_soap_accepts_the_username_token_as_text_and_as_digest",
        "an_mtom_answer_resolves_its_parts",
        "large_binary_values_go_as_mtom_parts_that_pythons_mime_parser_reads",
        "windows_authentication_passes_an_independent_ntlm_acceptor",
        "the_mock_answers_ws_addressing_and_reads_mtom",
    ] {
        assert!(
            stdout.contains(&format!("test {name} ... ok")),
            "{name}:\n{stdout}"
        );
    }
}
