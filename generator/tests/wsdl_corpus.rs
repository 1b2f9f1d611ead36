//! Every WSDL and XML Schema in `../shared/fixtures/wsdl` either generates a module, with
//! the shape recorded for it, or fails with its recorded message. The expectations live in
//! one table, `fixtures/wsdl-corpus.tsv` (file, catalog, outcome); `SVCGEN_UPDATE=1`
//! rewrites it (review the diff). Then every module that generates goes into one crate,
//! which must build without a warning, and whose tests round-trip a default request of
//! every operation through XML.

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

use support::{round_trip, shared_fixtures};
use svcgen::internal::planning::naming;
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

fn corpus_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            corpus_files(&path, into);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "wsdl" || extension == "xsd")
        {
            into.push(path);
        }
    }
}

/// A module name for a corpus path (`real/twinfield/login-session.wsdl` →
/// `real_twinfield_login_session_wsdl`).
fn module_name(relative: &str) -> String {
    let stem = relative.replace(['/', '-', '.'], "_");
    naming::value_name(&stem)
        .trim_start_matches("r#")
        .to_owned()
}

/// The Visual Studio service map beside a file, which is its catalog.
fn catalog_for(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let svcmap = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|candidate| {
            candidate
                .file_name()
                .is_some_and(|name| name.to_string_lossy().ends_with("Reference.svcmap"))
        })?;
    Some(svcmap)
}

fn service(path: &Path, relative: &str) -> ServiceSpec {
    ServiceSpec {
        catalog: catalog_for(path),
        ..ServiceSpec::new(module_name(relative), vec![path.to_owned()])
    }
}

/// What generating one file gives, in one line, without machine-specific paths.
fn outcome(root: &Path, path: &Path, relative: &str) -> String {
    let spec = CrateSpec {
        name: "corpus".to_owned(),
        runtime: RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![service(path, relative)],
    };
    match svcgen::generate(&spec) {
        Ok(generated) => {
            let plan = round_trip::plan_of(&service(path, relative));
            let svcgen::internal::planning::ModuleClient::Soap(soap) = &plan.client else {
                panic!("{relative}: not a SOAP module");
            };
            format!(
                "ok: {} operations, {} types, {} headers, {} faults, {} warnings",
                soap.operations.len(),
                plan.items.len(),
                soap.headers
                    .as_ref()
                    .map_or(0, |headers| headers.fields.len()),
                soap.faults.len(),
                generated.warnings().len()
            )
        }
        Err(error) => {
            let message = error.to_string();
            let message = message.replace(&format!("{}/", root.display()), "");
            format!("error: {message}")
        }
    }
}

fn read_table(table: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(table)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (file, outcome) = line.split_once('\t').unwrap();
            (file.to_owned(), outcome.to_owned())
        })
        .collect()
}

#[test]
#[cfg_attr(
    svcgen_missing_shared,
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn every_corpus_file_has_its_recorded_outcome_and_the_generated_crate_builds() {
    let shared = shared_fixtures();
    let root = svcgen::config::normalize(&shared.join("wsdl"));
    let mut files = Vec::new();
    corpus_files(&root, &mut files);
    files.sort();
    let relative = |path: &Path| path.strip_prefix(&root).unwrap().display().to_string();
    let actual: BTreeMap<String, String> = files
        .iter()
        .map(|path| (relative(path), outcome(&root, path, &relative(path))))
        .collect();

    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wsdl-corpus.tsv");
    if std::env::var_os("SVCGEN_UPDATE").is_some() {
        let lines: String = actual
            .iter()
            .map(|(file, outcome)| format!("{file}\t{outcome}\n"))
            .collect();
        let header = "# file\texpected outcome (see wsdl_corpus.rs); a Reference.svcmap beside a file is its catalog\n";
        std::fs::write(&table, format!("{header}{lines}")).unwrap();
    }
    let expected = read_table(&table);
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
        "{} file(s) differ (SVCGEN_UPDATE=1 rewrites the table):\n{}",
        problems.len(),
        problems.join("\n")
    );

    let generated: Vec<&PathBuf> = files
        .iter()
        .filter(|path| actual[&relative(path)].starts_with("ok"))
        .collect();
    assert!(
        generated.len() > 60,
        "only {} files generate",
        generated.len()
    );
    let services: Vec<ServiceSpec> = generated
        .iter()
        .map(|path| service(path, &relative(path)))
        .collect();
    round_trip::build_and_round_trip("corpus", &services);
}
