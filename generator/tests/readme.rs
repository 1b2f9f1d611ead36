//! The README's build-script example is a crate that builds as written: its `Cargo.toml`
//! (path dependencies on a clone beside it as `../svcgen`), `schemas/svcgen.toml` without a
//! `[crate]` section, `build.rs` and `src/lib.rs` are taken from the README's blocks and
//! built offline. The README's other Rust examples are doctests of `svcgen-tests`.

#![cfg(unix)] // the clone beside the crate is a symlink
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use support::{cargo_in, text, warnings, workspace_root};

/// The README's code blocks whose first line names a file (`# Cargo.toml`, `// build.rs`),
/// as (file, content).
fn named_blocks(readme: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|line| *line != "```").collect();
        let Some(first) = body.first() else { continue };
        let name = first
            .strip_prefix("# ")
            .or_else(|| first.strip_prefix("// "))
            .and_then(|rest| rest.split([':', ' ']).next())
            .filter(|name| name.contains('.'));
        if let Some(name) = name {
            blocks.push((name.to_owned(), body.join("\n") + "\n"));
        }
    }
    blocks
}

#[test]
fn the_build_script_example_builds_as_written() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = named_blocks(&readme);
    let names: Vec<&str> = blocks.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "schemas/svcgen.toml",
            "build.rs",
            "src/lib.rs"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&root, dir.path().join("svcgen")).unwrap();
    let krate = dir.path().join("my-clients");
    for (name, content) in &blocks {
        let path = krate.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let schemas = krate.join("schemas/twinfield");
    std::fs::create_dir_all(&schemas).unwrap();
    std::fs::copy(
        root.join("schemas/twinfield/session.wsdl"),
        schemas.join("session.wsdl"),
    )
    .unwrap();

    let build = cargo_in(&krate, &["build"], &[]);
    let stderr = text(&build.stderr);
    assert!(build.status.success(), "cargo build failed:\n{stderr}");
    assert_eq!(warnings(&stderr), Vec::<&str>::new(), "{stderr}");
}
