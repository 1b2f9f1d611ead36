//! The `svcgen` binary as users run it: `generate` (from the config or into a standalone
//! crate) and `check`.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{cargo_in, project_copy, read_tree, svcgen, text, workspace_root};

#[test]
fn check_passes_on_a_fresh_crate_and_fails_with_a_diff_on_a_stale_one() {
    let project = project_copy();
    let clean = svcgen(&["check"], project.path());
    assert!(clean.status.success(), "{}", text(&clean.stderr));
    assert!(text(&clean.stdout).contains("up to date"));

    let module = project.path().join("generated/src/digioffice.rs");
    let original = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, original.replace("pub access_token", "pub token")).unwrap();

    let stale = svcgen(&["check"], project.path());
    assert_eq!(stale.status.code(), Some(1));
    let stdout = text(&stale.stdout);
    assert!(
        stdout.contains("-    pub token: Option<::svcgen_runtime::Secret>,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+    pub access_token: Option<::svcgen_runtime::Secret>,"),
        "{stdout}"
    );
    assert!(
        text(&stale.stderr).contains("run `svcgen generate"),
        "{}",
        text(&stale.stderr)
    );

    let regenerate = svcgen(&["generate"], project.path());
    assert!(regenerate.status.success());
    assert!(text(&regenerate.stdout).contains("wrote generated/src/digioffice.rs"));
    assert_eq!(std::fs::read_to_string(&module).unwrap(), original);
}

#[test]
fn bad_input_fails_with_one_message_and_leaves_the_crate_untouched() {
    let project = project_copy();
    let before = read_tree(&project.path().join("generated"));
    let input = project
        .path()
        .join("schemas/digioffice/digioffice.types-metadata.json");
    let metadata = std::fs::read_to_string(&input).unwrap();
    std::fs::write(
        &input,
        metadata.replace("\"Type\": \"String\"", "\"Type\": \"Strin\""),
    )
    .unwrap();

    let output = svcgen(&["generate"], project.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: schemas/digioffice/digioffice.types-metadata.json: at $.Operations[0].Response.Properties[1].Type: unknown type `Strin`"),
        "{stderr}"
    );
    assert_eq!(read_tree(&project.path().join("generated")), before);
}

#[test]
fn a_missing_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = svcgen(&["generate"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: schemas/svcgen.toml: No such file"),
        "{stderr}"
    );
}

#[test]
fn an_unsupported_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a contract").unwrap();
    let output = svcgen(&["generate", "--out", "client", "notes.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("error: notes.txt: not a supported input"));
    assert!(!dir.path().join("client").exists(), "nothing is written");
}

/// `svcgen generate --out DIR --runtime-path runtime INPUT` makes a crate that builds alone.
#[test]
fn a_standalone_crate_builds_on_its_own() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("digioffice-client");
    let out_arg = out.to_str().unwrap();
    let output = svcgen(
        &[
            "generate",
            "--out",
            out_arg,
            "--runtime-path",
            "runtime",
            "schemas/digioffice/digioffice.types-metadata.json",
        ],
        &root,
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"digioffice-client\""),
        "{manifest}"
    );
    assert!(manifest.contains("digioffice = []"), "{manifest}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub mod digioffice;"), "{lib}");

    let build = cargo_in(&out, &["build", "--quiet"], &[]);
    assert!(
        build.status.success(),
        "cargo build failed:\n{}",
        text(&build.stderr)
    );
    assert_eq!(text(&build.stderr), "", "the crate builds without warnings");
}

#[test]
fn a_catalog_maps_remote_schemas_to_local_files() {
    let Some(shared) = support::shared_fixtures() else {
        return;
    };
    let set = shared.join("wsdl/real/twinfield/werk-2018/TwinfieldDeletedTransactionService");
    let wsdl = set.join("DeletedTransactionsService.wsdl");
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("deleted");
    let out_arg = out_dir.to_str().unwrap();
    let wsdl_arg = wsdl.to_str().unwrap();

    let without = svcgen(&["generate", "--out", out_arg, wsdl_arg], out.path());
    assert!(!without.status.success());
    let stderr = text(&without.stderr);
    assert!(
        stderr.contains("imports `https://c3.twinfield.com/webservices/DeletedTransactionsService.svc?xsd=xsd3`; svcgen never downloads while generating"),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing is written for a failed input");

    let catalog = set.join("Reference.svcmap");
    let with = svcgen(
        &[
            "generate",
            "--out",
            out_arg,
            "--catalog",
            catalog.to_str().unwrap(),
            wsdl_arg,
        ],
        out.path(),
    );
    assert!(with.status.success(), "{}", text(&with.stderr));
    let module =
        std::fs::read_to_string(out_dir.join("src/deleted_transactions_service.rs")).unwrap();
    assert!(module.contains("pub enum AnyQuery {"), "{module}");
}

#[test]
fn inspect_shows_operations_and_types() {
    let root = workspace_root();
    let output = svcgen(&["inspect", "schemas/twinfield/session.wsdl"], &root);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    for expected in [
        "operations (1):",
        "AccessTokenLogon  SOAP 1.1+1.2 `http://www.twinfield.com/AccessTokenLogon`, headers out: Header  AccessTokenLogon -> AccessTokenLogonResponse",
        "types (4):",
        "LogonResult               enum    12 members",
    ] {
        assert!(report.contains(expected), "missing {expected:?}:\n{report}");
    }
    let output = svcgen(
        &[
            "inspect",
            "schemas/digioffice/digioffice.types-metadata.json",
            "schemas/digioffice/ConvertSessionToToken.metadata-page.txt",
        ],
        &root,
    );
    let report = text(&output.stdout);
    assert!(report.contains("POST: /session-to-token, auth"), "{report}");
    let missing = svcgen(&["inspect", "schemas/nope.wsdl"], &root);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("schemas/nope.wsdl: No such file"));
}
