//! Helpers shared by the integration tests: where things are, and building generated crates.

// Each test binary compiles this module and uses only some of it; a panic in a test helper
// is a test failure.
#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

pub mod round_trip;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/fixtures` beside the checkout. Tests that call this carry
/// `#[cfg_attr(svcgen_missing_shared, ignore = "...")]`: where it is missing they are
/// listed as ignored (the build script decides, `tests/environment.rs`), except under
/// `CI=true`, where this fails.
pub fn shared_fixtures() -> PathBuf {
    let path = workspace_root().join("../shared/fixtures");
    assert!(
        path.is_dir(),
        "{} is missing: clone the shared fixtures beside the checkout (CI always has them)",
        path.display()
    );
    path
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs the `svcgen` binary in `cwd`.
pub fn svcgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_svcgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("svcgen runs")
}

/// A copy of `schemas/` and a freshly generated `generated/` in a temporary directory.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &workspace_root().join("schemas"),
        &dir.path().join("schemas"),
    );
    let output = svcgen(&["generate"], dir.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    dir
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(read_tree(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

/// Runs `cargo ARGS --offline` in a generated crate. The workspace's lock file pins the
/// same versions, and the shared target directory compiles dependencies once per machine.
pub fn cargo_in(crate_dir: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let root = workspace_root();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .arg("--offline")
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", root.join("target/standalone-crates"))
        // As the workspace's own profile: full debug info is gigabytes on disk.
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env_remove("RUSTFLAGS");
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// The source of module `gateway` generated from `inputs`, in memory.
pub fn module_source(inputs: Vec<PathBuf>, base_url: Option<&str>) -> String {
    let spec = svcgen::CrateSpec {
        name: "gateway".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec {
            base_url: base_url.map(str::to_owned),
            ..svcgen::ServiceSpec::new("gateway", inputs)
        }],
    };
    let generated = svcgen::generate(&spec).unwrap();
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("gateway.rs"))
        .unwrap();
    source.to_owned()
}

/// An input written for these tests.
pub fn own_fixture(name: &str) -> PathBuf {
    workspace_root()
        .join("generator/tests/fixtures/servicestack")
        .join(name)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Makes the generated crate at `crate_dir` a place for wire tests: adds tokio and wiremock
/// as dev-dependencies (the workspace's lock file pins both) and copies each test file into
/// its `tests/`.
pub fn add_wire_tests(crate_dir: &Path, tests: &[PathBuf]) {
    let manifest_path = crate_dir.join("Cargo.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path).unwrap();
    manifest.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\nwiremock = \"0.6\"\n");
    std::fs::write(&manifest_path, manifest).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    for test in tests {
        std::fs::copy(
            test,
            crate_dir.join("tests").join(test.file_name().unwrap()),
        )
        .unwrap();
    }
}

/// The compiler's warnings in cargo's output (cargo's own notes are not warnings).
pub fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect()
}
