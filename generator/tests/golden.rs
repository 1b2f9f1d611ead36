//! Golden files, as typify, progenitor and prost keep them: each case in `golden/` is a
//! configuration (`<case>.toml`, one service, its comments saying what the case shows)
//! whose module must equal the checked-in `<case>.rs` byte for byte, and whose warnings
//! must equal `<case>.warnings` (absent when there are none). A change to the generator
//! shows here as a diff to review; `SVCGEN_UPDATE=1` rewrites the files.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::path::{Path, PathBuf};

use support::workspace_root;

/// The module and warnings a case's configuration generates.
fn generate(config: &Path) -> (String, String) {
    let mut loaded = svcgen::config::load_services(config)
        .unwrap_or_else(|error| panic!("{}: {error}", config.display()));
    // Where the test runs must not show in the output.
    loaded.spec.name = "golden".to_owned();
    loaded.spec.command = None;
    loaded.spec.regenerate = None;
    let generated = svcgen::generate(&loaded.spec)
        .unwrap_or_else(|error| panic!("{}: {error}", config.display()));
    let (_, source) = generated
        .files()
        .find(|(path, _)| path.ends_with("src/golden.rs"))
        .unwrap_or_else(|| panic!("{}: no service `golden`", config.display()));
    let root = format!(
        "{}/",
        svcgen::config::normalize(&workspace_root()).display()
    );
    let warnings: String = generated
        .warnings()
        .iter()
        .map(|warning| format!("{}\n", warning.replace(&root, "")))
        .collect();
    (source.to_owned(), warnings)
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .collect();
    cases.sort();
    cases
}

/// The difference between a golden file and what was generated, or `None`.
fn compare(golden: &Path, generated: &str, update: bool) -> Option<String> {
    if update {
        if generated.is_empty() {
            let _ = std::fs::remove_file(golden);
        } else {
            std::fs::write(golden, generated).unwrap();
        }
        return None;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    if expected == generated {
        return None;
    }
    let name = golden.strip_prefix(workspace_root()).unwrap_or(golden);
    Some(
        similar::TextDiff::from_lines(&expected, generated)
            .unified_diff()
            .context_radius(2)
            .header(&name.display().to_string(), "generated")
            .to_string(),
    )
}

#[test]
fn every_case_generates_its_golden_files() {
    let dir = workspace_root().join("generator/tests/golden");
    let update = std::env::var_os("SVCGEN_UPDATE").is_some();
    let cases = cases(&dir);
    assert!(cases.len() >= 18, "cases missing from {}", dir.display());
    let mut differences = Vec::new();
    for case in cases {
        let (source, warnings) = generate(&case);
        differences.extend(compare(&case.with_extension("rs"), &source, update));
        differences.extend(compare(&case.with_extension("warnings"), &warnings, update));
    }
    assert!(
        differences.is_empty(),
        "{} golden file(s) differ (SVCGEN_UPDATE=1 rewrites them after review):\n{}",
        differences.len(),
        differences.join("\n")
    );
}
