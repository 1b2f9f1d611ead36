//! The checked-in crate regenerates itself: `cargo build -p svcgen-generated --features
//! regenerate` runs the generator from the crate's build script, and rewrites exactly the
//! files whose content changes. Without the feature the generator is not even a dependency.
//!
//! Runs on a copy of the workspace (generator, runtime, schemas, generated) so that the
//! checkout is never written to.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::time::SystemTime;

use support::{cargo_in, copy_dir, text, workspace_root};

/// A workspace of the generator, the runtime, `schemas/` and `generated/`.
fn workspace_copy() -> tempfile::TempDir {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members_start = manifest.find("members = [").unwrap();
    let members_end = members_start + manifest[members_start..].find(']').unwrap() + 1;
    let manifest = format!(
        "{}members = [\"generator\", \"runtime\", \"generated\"]{}",
        &manifest[..members_start],
        &manifest[members_end..]
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    for krate in ["generator", "runtime"] {
        let to = dir.path().join(krate);
        copy_dir(&root.join(krate).join("src"), &to.join("src"));
        std::fs::copy(root.join(krate).join("Cargo.toml"), to.join("Cargo.toml")).unwrap();
    }
    for tree in ["schemas", "generated"] {
        copy_dir(&root.join(tree), &dir.path().join(tree));
    }
    dir
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn build_regenerating(workspace: &Path) {
    let output = cargo_in(
        workspace,
        &[
            "build",
            "-p",
            "svcgen-generated",
            "--features",
            "regenerate",
        ],
        &[],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn building_with_the_regenerate_feature_rewrites_only_what_the_schemas_change() {
    let workspace = workspace_copy();
    let root = workspace.path();
    let generated = root.join("generated");
    let twinfield = generated.join("src/twinfield.rs");
    let untouched = [
        generated.join("Cargo.toml"),
        generated.join("build.rs"),
        generated.join("src/lib.rs"),
        generated.join("src/digioffice.rs"),
    ];

    build_regenerating(root);
    let before: Vec<SystemTime> = untouched.iter().map(|path| modified(path)).collect();
    let twinfield_before = std::fs::read_to_string(&twinfield).unwrap();
    assert_eq!(
        twinfield_before,
        std::fs::read_to_string(workspace_root().join("generated/src/twinfield.rs")).unwrap(),
        "an up-to-date crate is left as it is"
    );

    // The service's answer gains an element.
    let wsdl = root.join("schemas/twinfield/session.wsdl");
    let schema = std::fs::read_to_string(&wsdl).unwrap();
    let cluster = r#"<s:element minOccurs="0" maxOccurs="1" name="cluster" type="s:string" />"#;
    assert!(schema.contains(cluster));
    let changed = schema.replacen(
        cluster,
        &format!(
            r#"{cluster}<s:element minOccurs="0" maxOccurs="1" name="region" type="s:string" />"#
        ),
        1,
    );
    std::fs::write(&wsdl, changed).unwrap();
    build_regenerating(root);

    let config = svcgen::config::load(&root.join("schemas/svcgen.toml")).unwrap();
    let expected = svcgen::generate(&config.spec).unwrap();
    let (_, expected_twinfield) = expected
        .files()
        .find(|(path, _)| path.ends_with("twinfield.rs"))
        .unwrap();
    let twinfield_after = std::fs::read_to_string(&twinfield).unwrap();
    assert_eq!(twinfield_after, expected_twinfield);
    assert!(
        twinfield_after.contains("pub region: Option<String>,"),
        "{twinfield_after}"
    );
    let after: Vec<SystemTime> = untouched.iter().map(|path| modified(path)).collect();
    assert_eq!(
        before, after,
        "files whose content is the same are not rewritten"
    );
    assert!(expected.differences(&generated).unwrap().is_empty());
}

#[test]
fn without_the_feature_the_generator_is_not_a_dependency() {
    let workspace = workspace_copy();
    let tree = |features: &[&str]| {
        let mut args = vec!["tree", "-p", "svcgen-generated", "-e", "normal,build"];
        args.extend_from_slice(features);
        let output = cargo_in(workspace.path(), &args, &[]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let is_generator = |line: &str| line.contains("svcgen v") && line.contains("generator");
    let plain = tree(&[]);
    assert!(!plain.lines().any(is_generator), "{plain}");
    let regenerating = tree(&["--features", "regenerate"]);
    assert!(regenerating.lines().any(is_generator), "{regenerating}");
}
