//! The text printers (`struct_text`, `enum_text`) against prettyplease, on every struct and
//! string enum of every WSDL and XML Schema at hand: svcgen's own fixtures, and the corpus
//! in `../shared/fixtures` beside the checkout (required when `CI` is set).

use std::path::{Path, PathBuf};

use super::xml::Namespaces;
use super::{enum_text, print, soap, struct_text, types, xml};
use crate::planning::{ItemPlan, ModuleClient, ModuleContext, ModulePlan, plan_service};
use crate::spec::ServiceSpec;

fn schema_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        if path.is_dir() {
            schema_files(&path, into);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "wsdl" || extension == "xsd")
        {
            into.push(path);
        }
    }
}

/// A Visual Studio service map beside a file is its catalog.
fn catalog_beside(path: &Path) -> Option<PathBuf> {
    std::fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|candidate| candidate.to_string_lossy().ends_with("Reference.svcmap"))
}

/// The plan of every SOAP service at hand, with the file it came from.
fn soap_plans() -> Vec<(PathBuf, ModulePlan)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    schema_files(&manifest.join("tests/fixtures"), &mut files);
    let shared = manifest.join("../../shared/fixtures/wsdl");
    if shared.is_dir() {
        schema_files(&shared, &mut files);
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {}",
            shared.display()
        );
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let spec = ServiceSpec {
                catalog: catalog_beside(&path),
                ..ServiceSpec::new("corpus", vec![path.clone()])
            };
            // Files the generator refuses have their own tests (the corpus table).
            let service = crate::pipeline::read_service(&spec).ok()?;
            let plan = plan_service(&service, ModuleContext::default()).ok()?;
            matches!(plan.client, ModuleClient::Soap(_)).then_some((path, plan))
        })
        .collect()
}

#[test]
fn text_equals_what_prettyplease_prints_for_every_struct_at_hand() {
    // Structs with the user's derives or attributes are left to prettyplease.
    let (mut printed, mut declined) = (0, 0);
    for (path, plan) in soap_plans() {
        let ModuleClient::Soap(soap) = &plan.client else {
            continue;
        };
        let namespaces = Namespaces::new(&soap.namespaces);
        for item in &plan.items {
            let ItemPlan::Struct(item) = item else {
                continue;
            };
            match struct_text::declaration(item) {
                Some(text) => {
                    let expected = print(types::struct_item(item), "corpus").unwrap();
                    assert_eq!(text, expected, "{}: `{}`", path.display(), item.ident);
                }
                None => declined += 1,
            }
            let Some(text) = struct_text::complex_impl(item, &namespaces) else {
                declined += 1;
                if std::env::var_os("SHOW_DECLINED").is_some() {
                    let tokens = xml::complex_impl(item, &namespaces);
                    eprintln!("{}", print(tokens, "corpus").unwrap());
                }
                continue;
            };
            let expected = print(xml::complex_impl(item, &namespaces), "corpus").unwrap();
            assert_eq!(text, expected, "{}: `{}`", path.display(), item.ident);
            printed += 1;
        }
    }
    eprintln!("{printed} printed as text, {declined} declined");
    assert!(printed > 1000, "only {printed} structs printed as text");
    // Declining is correct but slow; it should stay rare.
    assert!(
        declined * 20 < printed,
        "{declined} declined, {printed} printed"
    );
}

#[test]
fn text_equals_what_prettyplease_prints_for_every_string_enum_at_hand() {
    let (mut printed, mut declined) = (0, 0);
    for (path, plan) in soap_plans() {
        let namespaces = Namespaces::new(&[]);
        for item in &plan.items {
            let ItemPlan::Enum(plan) = item else {
                continue;
            };
            let Some(text) = enum_text::string_enum(plan) else {
                declined += 1;
                if std::env::var_os("SHOW_DECLINED").is_some() {
                    eprintln!(
                        "{}",
                        print(types::item(item, &namespaces), "corpus").unwrap()
                    );
                }
                continue;
            };
            let expected = print(types::item(item, &namespaces), "corpus").unwrap();
            assert_eq!(text, expected, "{}: `{}`", path.display(), plan.ident);
            printed += 1;
        }
    }
    eprintln!("{printed} enums printed as text, {declined} declined");
    assert!(printed > 80, "only {printed} enums printed as text");
    assert!(
        declined * 20 < printed,
        "{declined} declined, {printed} printed"
    );
}

/// The preamble's members written as text (client methods, operation constants) equal
/// the same members printed from tokens, in every SOAP module at hand.
#[test]
fn preamble_text_equals_what_prettyplease_prints_for_every_service_at_hand() {
    let (mut compared, mut constants_as_text, mut constants_declined) = (0, 0, 0);
    for (path, plan) in soap_plans() {
        let ModuleClient::Soap(soap_plan) = &plan.client else {
            continue;
        };
        let namespaces = Namespaces::new(&soap_plan.namespaces);
        let printed = soap::preamble(&plan, soap_plan, &namespaces);
        let from_tokens = soap::preamble(&plan, soap_plan, &namespaces);
        for (piece, expected) in printed.into_iter().zip(from_tokens) {
            let text = piece.print("corpus").unwrap();
            let expected = expected.print_from_tokens("corpus").unwrap();
            assert_eq!(text, expected, "{}", path.display());
            compared += 1;
        }
        // Equal text proves nothing if every member was printed from tokens.
        for operation in &soap_plan.operations {
            match soap::constant_text(operation, &namespaces, "    ") {
                Some(_) => constants_as_text += 1,
                None => constants_declined += 1,
            }
        }
    }
    assert!(compared > 100, "{compared} pieces compared");
    eprintln!("{constants_as_text} operation constants as text, {constants_declined} declined");
    // Real actions are long URLs, so most constants are declined; enough must not be.
    assert!(
        constants_as_text > 100,
        "{constants_as_text} operation constants as text, {constants_declined} declined"
    );
}
