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
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use support::{cargo_in, shared_fixtures, text, warnings, workspace_root};
use svcgen::rust::{ModuleContext, RustType, naming};
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
        services: vec![service(path, relative)],
    };
    match svcgen::generate(&spec) {
        Ok(generated) => {
            let plan = plan_of(path, relative);
            let soap = plan.soap.as_ref().unwrap();
            format!(
                "ok: {} operations, {} types, {} headers, {} faults, {} warnings",
                soap.operations.len(),
                plan.items.len(),
                soap.headers.fields.len(),
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

fn plan_of(path: &Path, relative: &str) -> svcgen::rust::ModulePlan {
    let spec = service(path, relative);
    let options = svcgen::wsdl::Options {
        catalog: spec
            .catalog
            .as_deref()
            .map(|catalog| svcgen::wsdl::Catalog::load(catalog).unwrap()),
        roots: Vec::new(),
    };
    let input = svcgen::input::load_with(path, &options).unwrap();
    let svcgen::input::Document::Wsdl(loaded) = &input.document else {
        panic!("{relative} is not WSDL")
    };
    let service = svcgen::wsdl::lower(&spec.module, &input.path, loaded).unwrap();
    let context = ModuleContext {
        crate_name: "corpus".to_owned(),
        ..ModuleContext::default()
    };
    svcgen::rust::plan_service(&service, context).unwrap()
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
fn every_corpus_file_has_its_recorded_outcome_and_the_generated_crate_builds() {
    let Some(shared) = shared_fixtures() else {
        return;
    };
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
    build_and_round_trip(&generated, &relative);
}

/// One crate with every module; its test round-trips a default request of each operation.
fn build_and_round_trip(files: &[&PathBuf], relative: &dyn Fn(&Path) -> String) {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let spec = CrateSpec {
        name: "corpus".to_owned(),
        runtime: RuntimeDependency::path_from(&out, &root.join("runtime")),
        regenerate: None,
        services: files
            .iter()
            .map(|path| service(path, &relative(path)))
            .collect(),
    };
    svcgen::generate(&spec).unwrap().write(&out).unwrap();

    let mut tests = String::from(
        "//! A filled request and response of every operation survive XML.\n\
         #![allow(unused_imports, clippy::all)]\n\
         use svcgen_runtime::{soap, xml};\n\n\
         fn round_trip<T: xml::Value + PartialEq + std::fmt::Debug>(value: T, body: soap::Body) {\n\
         \x20   let root = match body { soap::Body::Element(name) => name, soap::Body::Parts => xml::Name::new(\"\", \"Body\") };\n\
         \x20   let text = xml::to_string(&value, root).unwrap();\n\
         \x20   let back: T = xml::from_slice(text.as_bytes(), root).unwrap_or_else(|error| panic!(\"{error}: {text}\"));\n\
         \x20   assert_eq!(back, value, \"{text}\");\n\
         }\n",
    );
    for path in files {
        let plan = plan_of(path, &relative(path));
        let soap = plan.soap.as_ref().unwrap();
        let samples = Samples { plan: &plan };
        let _ = writeln!(
            tests,
            "\n#[test]\nfn {}() {{\n    use corpus::{}::*;",
            plan.name, plan.name
        );
        for operation in &soap.operations {
            let _ = writeln!(
                tests,
                "    round_trip({}, operations::{}.input);",
                samples.expr(&operation.request, 0),
                operation.const_ident
            );
            if operation.output.is_some() && operation.response != RustType::Unit {
                let _ = writeln!(
                    tests,
                    "    round_trip({}, operations::{}.output.unwrap());",
                    samples.expr(&operation.response, 0),
                    operation.const_ident
                );
            }
        }
        tests.push_str("}\n");
    }
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/round_trip.rs"), tests).unwrap();
    let test = cargo_in(&out, &["test"], &[]);
    let stderr = text(&test.stderr);
    assert!(
        test.status.success(),
        "the corpus crate failed:\n{}\n{stderr}",
        text(&test.stdout)
    );
    assert_eq!(
        warnings(&stderr),
        Vec::<&str>::new(),
        "the corpus crate builds without warnings"
    );
    let stdout = text(&test.stdout);
    assert!(
        stdout.contains(&format!("test result: ok. {} passed", files.len())),
        "every module's round trip ran:\n{stdout}"
    );
    if let Some(keep) = std::env::var_os("SVCGEN_KEEP_CORPUS") {
        std::fs::copy(out.join("tests/round_trip.rs"), keep).unwrap();
    }
}

/// Rust expressions building a filled value of each type a module plans: every optional
/// field set, every list one item long, a derived variant for polymorphic types.
struct Samples<'p> {
    plan: &'p svcgen::rust::ModulePlan,
}

/// Deeper than this, values are left at their defaults (recursive types end somewhere).
const SAMPLE_DEPTH: usize = 4;

impl Samples<'_> {
    fn expr(&self, ty: &RustType, depth: usize) -> String {
        let RustType::Path { path, args } = ty else {
            return "()".to_owned();
        };
        let inner = |index: usize| {
            args.get(index).map_or_else(
                || "Default::default()".to_owned(),
                |arg| self.expr(arg, depth + 1),
            )
        };
        let value = |text: &str| format!("{text:?}.parse().unwrap()");
        match path.as_str() {
            "Option" => format!("Some({})", inner(0)),
            "Vec" => format!("vec![{}]", inner(0)),
            "Box" => format!("Box::new({})", inner(0)),
            "String" => "\"text & more\".to_owned()".to_owned(),
            "bool" => "true".to_owned(),
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "7".to_owned(),
            "f32" | "f64" => "1.5".to_owned(),
            "char" => "'x'".to_owned(),
            "::svcgen_runtime::Secret" => "\"secret\".into()".to_owned(),
            "::svcgen_runtime::value::Decimal" => value("12.50"),
            "::svcgen_runtime::value::DateTime" => value("2001-02-03T04:05:06+01:00"),
            "::svcgen_runtime::value::Date" => value("2001-02-03Z"),
            "::svcgen_runtime::value::Time" => value("04:05:06.5"),
            "::svcgen_runtime::value::TimeSpan" => value("P1DT2H"),
            "::svcgen_runtime::value::Guid" => value("ea762009-b66c-410b-9bf5-ce21ad519249"),
            "::svcgen_runtime::value::Bytes" => "::svcgen_runtime::value::Bytes(vec![1, 2, 255])".to_owned(),
            "::svcgen_runtime::xml::RawXml" => "::svcgen_runtime::xml::RawXml::new(\"<raw xmlns=\\\"urn:raw\\\">1</raw>\").unwrap()".to_owned(),
            "::svcgen_runtime::xml::QName" => "::svcgen_runtime::xml::QName { namespace: \"urn:q\".to_owned(), local: \"q\".to_owned() }".to_owned(),
            ident if depth > SAMPLE_DEPTH => {
                let _ = ident;
                "Default::default()".to_owned()
            }
            ident => self.named(ident, depth),
        }
    }

    fn named(&self, ident: &str, depth: usize) -> String {
        use svcgen::rust::ItemPlan;
        let item = self.plan.items.iter().find(|item| match item {
            ItemPlan::Struct(plan) => plan.ident == ident,
            ItemPlan::Enum(plan) => plan.ident == ident,
            ItemPlan::Polymorphic(plan) => plan.ident == ident,
            ItemPlan::Newtype(plan) => plan.ident == ident,
        });
        match item {
            Some(ItemPlan::Struct(plan)) => {
                let fields: Vec<String> = plan
                    .fields
                    .iter()
                    .map(|field| {
                        // Text-list items are words; a sample word could be an empty enum value.
                        let text_list = field.xml.as_ref().is_some_and(|xml| xml.text_list);
                        let value = if text_list {
                            "Default::default()".to_owned()
                        } else {
                            self.expr(&field.ty, depth + 1)
                        };
                        format!("{}: {value}", field.ident)
                    })
                    .collect();
                format!("{ident} {{ {} }}", fields.join(", "))
            }
            Some(ItemPlan::Polymorphic(plan)) => {
                let chosen = (0..plan.variants.len())
                    .rev()
                    .find(|position| *position != plan.default_variant)
                    .or(Some(plan.default_variant))
                    .and_then(|position| plan.variants.get(position));
                match chosen {
                    Some(variant) => format!(
                        "{ident}::{}({})",
                        variant.ident,
                        self.named(&variant.type_ident, depth + 1)
                    ),
                    None => "Default::default()".to_owned(),
                }
            }
            _ => format!("{ident}::default()"),
        }
    }
}
