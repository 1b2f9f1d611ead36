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
        stderr.starts_with("error: schemas/svcgen.toml: not found (relative to "),
        "{stderr}"
    );
    assert!(
        stderr.contains("or name the configuration file with `--config FILE`"),
        "{stderr}"
    );
    let directory = svcgen(&["check", "--config", "."], dir.path());
    assert!(
        text(&directory.stderr).contains("is a directory; `--config` takes the `svcgen.toml` file"),
        "{}",
        text(&directory.stderr)
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
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn a_catalog_maps_remote_schemas_to_local_files() {
    let shared = support::shared_fixtures();
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
        "service `session` (SOAP;",
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
    assert!(
        text(&missing.stderr).contains("schemas/nope.wsdl: no such file (expected a contract file")
    );
}

/// `svcgen generate --out OUT [EXTRA...] schemas/twinfield/session.wsdl`, from the root.
fn generate_login(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["generate", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push("schemas/twinfield/session.wsdl");
    svcgen(&args, &workspace_root())
}

/// The first line of a generated file names the command that regenerates it, with the
/// crate's own inputs; run as written in the crate's directory, it finds nothing to change.
#[test]
fn the_header_of_a_standalone_crate_names_the_command_that_regenerates_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("login");
    let output = generate_login(&out, &["--runtime-path", "runtime"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let module = std::fs::read_to_string(out.join("src/session.rs")).unwrap();
    let header = module.lines().next().unwrap();
    let command = header
        .split_once("Do not edit: run `")
        .and_then(|(_, rest)| rest.split_once("` in this crate's directory."))
        .map(|(command, _)| command)
        .unwrap_or_else(|| panic!("{header}"));
    assert!(
        command.starts_with("svcgen generate --out . --name login --runtime-path ")
            && command.ends_with("/schemas/twinfield/session.wsdl"),
        "{command}"
    );
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let again = svcgen(&args, &out);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout).trim(), ". is up to date");
}

/// The package name comes from the output directory unless `--name` gives one; a name
/// cargo would refuse is an error that says how to fix it, and nothing is written.
#[test]
fn a_directory_that_is_no_package_name_needs_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("login.rs");
    let output = generate_login(&out, &[]);
    assert!(!output.status.success());
    let message = text(&output.stderr);
    assert!(
        message.contains("`login.rs` is not a valid package name") && message.contains("--name"),
        "{message}"
    );
    assert!(!out.exists());
    let output = generate_login(&out, &["--name", "login"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"login\""), "{manifest}");
}

#[test]
fn generate_refuses_to_overwrite_files_svcgen_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    let manifest = "[package]\nname = \"mine\"\n";
    let lib = "pub fn my_own_code() {}\n";
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), lib).unwrap();

    let refused = generate_login(
        dir.path(),
        &["--name", "login", "--runtime-path", "runtime"],
    );
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    for expected in [
        "refusing to overwrite files that svcgen did not write",
        &dir.path().join("Cargo.toml").display().to_string(),
        &dir.path().join("src/lib.rs").display().to_string(),
        "pass --force to overwrite them",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?}: {stderr}");
    }
    assert_eq!(read_tree(dir.path()).len(), 2, "nothing was written");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
        lib
    );

    let forced = generate_login(
        dir.path(),
        &["--name", "login", "--runtime-path", "runtime", "--force"],
    );
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let replaced = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
    assert!(
        replaced.starts_with("// @generated by svcgen"),
        "{replaced}"
    );
}

#[test]
fn a_crate_depending_on_the_runtime_by_version_is_announced_with_the_way_to_a_clone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("login");
    let output = generate_login(&out, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("depends on svcgen-runtime 0.1.0 from crates.io")
            && stderr.contains("`--runtime-path <clone>/runtime`"),
        "{stderr}"
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("svcgen-runtime = { version = \"0.1.0\", default-features = false }"),
        "{manifest}"
    );
}

/// What Git's `core.autocrlf=true` makes of a checkout without `.gitattributes`: every
/// text file with `\r\n`. The crate is still up to date, and nothing is rewritten.
#[test]
fn a_checkout_with_crlf_line_ends_is_up_to_date() {
    let project = project_copy();
    for dir in ["schemas", "generated"] {
        for (path, bytes) in read_tree(&project.path().join(dir)) {
            let text = String::from_utf8(bytes).unwrap();
            std::fs::write(&path, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
        }
    }
    let check = svcgen(&["check"], project.path());
    assert!(check.status.success(), "{}", text(&check.stdout));
    let generate = svcgen(&["generate"], project.path());
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert_eq!(text(&generate.stdout).trim(), "generated is up to date");
}

#[test]
fn the_command_needs_a_crate_section_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let wsdl = workspace_root().join("schemas/twinfield/session.wsdl");
    std::fs::write(
        dir.path().join("svcgen.toml"),
        format!(
            "[services.twinfield]\ninputs = [{:?}]\n",
            wsdl.display().to_string()
        ),
    )
    .unwrap();
    let output = svcgen(&["generate", "--config", "svcgen.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: svcgen.toml: no `[crate]` section: the `svcgen` command needs one"
        ),
        "{stderr}"
    );
}
