//! Every WSDL in `../shared/fixtures/wsdl` either reads, with the shape recorded for it, or
//! fails with its recorded message. The expectations live in one table,
//! `fixtures/wsdl-corpus.tsv`; `SVCGEN_UPDATE=1` rewrites it (review the diff).

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use svcgen::input::{self, Document};
use svcgen::wsdl::BindingProtocol;

fn wsdl_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            wsdl_files(&path, into);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "wsdl")
        {
            into.push(path);
        }
    }
}

/// What reading one file gives, in one line, without machine-specific paths.
fn outcome(root: &Path, path: &Path) -> String {
    match input::load(path) {
        Ok(loaded) => match loaded.document {
            Document::Wsdl(definitions) => {
                let protocols = |wanted: BindingProtocol| {
                    definitions
                        .bindings
                        .values()
                        .filter(|binding| binding.protocol == wanted)
                        .count()
                };
                format!(
                    "ok: {} services, bindings soap11={} soap12={} http={}, {} SOAP operations",
                    definitions.services.len(),
                    protocols(BindingProtocol::Soap11),
                    protocols(BindingProtocol::Soap12),
                    protocols(BindingProtocol::Http),
                    definitions.soap_operation_count()
                )
            }
            _ => "not read as WSDL".to_owned(),
        },
        Err(error) => {
            let message = error.to_string();
            let file = path.display().to_string();
            let message = message.strip_prefix(&file).unwrap_or(&message);
            format!(
                "error: {}",
                message.replace(&format!("{}/", root.display()), "")
            )
        }
    }
}

#[test]
fn every_corpus_wsdl_has_its_recorded_outcome() {
    let Some(shared) = support::shared_fixtures() else {
        return;
    };
    let root = shared.join("wsdl");
    let mut files = Vec::new();
    wsdl_files(&root, &mut files);
    files.sort();
    let actual: BTreeMap<String, String> = files
        .iter()
        .map(|path| {
            (
                path.strip_prefix(&root).unwrap().display().to_string(),
                outcome(&root, path),
            )
        })
        .collect();

    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wsdl-corpus.tsv");
    if std::env::var_os("SVCGEN_UPDATE").is_some() {
        let lines: String = actual
            .iter()
            .map(|(file, outcome)| format!("{file}\t{outcome}\n"))
            .collect();
        std::fs::write(
            &table,
            format!("# file\texpected outcome (see wsdl_corpus.rs)\n{lines}"),
        )
        .unwrap();
    }
    let expected: BTreeMap<String, String> = std::fs::read_to_string(&table)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (file, outcome) = line.split_once('\t').unwrap();
            (file.to_owned(), outcome.to_owned())
        })
        .collect();

    let mut problems = Vec::new();
    for (file, outcome) in &actual {
        match expected.get(file) {
            Some(wanted) if wanted == outcome => {}
            Some(wanted) => problems.push(format!(
                "{file}:\n  expected {wanted}\n  got      {outcome}"
            )),
            None => problems.push(format!("{file}: not in the table (got {outcome})")),
        }
    }
    for file in expected.keys().filter(|file| !actual.contains_key(*file)) {
        problems.push(format!("{file}: in the table but not in the corpus"));
    }
    assert!(
        problems.is_empty(),
        "{} file(s) differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
