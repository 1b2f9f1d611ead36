//! The declared `rust-version` is true: no dependency that `svcgen` or `svcgen-runtime`
//! builds with (normal and build dependencies, default features, this host) declares a
//! newer one. Computed from `cargo metadata`, offline, from the lock file.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

fn cargo(args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// `1.89` and `1.89.0` are the same version.
fn version(text: &str) -> [u64; 3] {
    let mut parts = [0; 3];
    for (part, text) in parts.iter_mut().zip(text.split('.')) {
        *part = text.parse().unwrap();
    }
    parts
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_declared_one() {
    let about = String::from_utf8(cargo(&["-vV"])).unwrap();
    let host = about
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .unwrap();
    let metadata: Value = serde_json::from_slice(&cargo(&[
        "metadata",
        "--format-version",
        "1",
        "--offline",
        "--filter-platform",
        host,
    ]))
    .unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let package = |id: &str| packages.iter().find(|package| package["id"] == id).unwrap();
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let ours: Vec<&Value> = packages
        .iter()
        .filter(|package| matches!(package["name"].as_str(), Some("svcgen" | "svcgen-runtime")))
        .collect();
    assert_eq!(ours.len(), 2);
    let declared = version(ours[0]["rust_version"].as_str().unwrap());

    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = ours
        .iter()
        .map(|package| package["id"].as_str().unwrap())
        .collect();
    let mut too_new = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let dependency = package(id);
        if let Some(needed) = dependency["rust_version"].as_str()
            && version(needed) > declared
        {
            too_new.push(format!(
                "{} {} needs {needed}",
                dependency["name"], dependency["version"]
            ));
        }
        let node = nodes.iter().find(|node| node["id"] == id).unwrap();
        for edge in node["deps"].as_array().unwrap() {
            let used = edge["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|kind| matches!(kind["kind"].as_str(), None | Some("build")));
            if used {
                stack.push(edge["pkg"].as_str().unwrap());
            }
        }
    }
    assert!(seen.len() > 50, "the walk found the dependency graph");
    assert!(
        too_new.is_empty(),
        "rust-version {} in Cargo.toml is older than what these need: {too_new:?}",
        ours[0]["rust_version"]
    );
}
