//! The round-trip crate: generated modules built into one crate whose tests write a filled
//! value of every operation's request and response as XML and read it back.

use std::fmt::Write as _;

use svcgen::internal::planning::{ModuleContext, RustType};
use svcgen::{CrateSpec, RuntimeDependency, ServiceSpec};

use super::{cargo_in, text, warnings, workspace_root};

/// The Rust plan of `service`'s one WSDL input (with its catalog).
pub fn plan_of(service: &ServiceSpec) -> svcgen::internal::planning::ModulePlan {
    let options = svcgen::internal::wsdl::Options {
        catalog: service
            .catalog
            .as_deref()
            .map(|catalog| svcgen::internal::wsdl::Catalog::load(catalog).unwrap()),
        roots: service.schema_dirs.clone(),
    };
    let path = &service.inputs[0];
    let input = svcgen::internal::input::load_with(path, &options).unwrap();
    let svcgen::internal::input::Document::Wsdl(loaded) = &input.document else {
        panic!("{} is not WSDL", path.display())
    };
    let lowered = svcgen::internal::wsdl::lower(&service.module, &input.path, loaded).unwrap();
    let context = ModuleContext {
        crate_name: "corpus".to_owned(),
        ..ModuleContext::default()
    };
    svcgen::internal::planning::plan_service(&lowered, context).unwrap()
}

/// One crate named `name` with a module per service; its tests round-trip a filled request
/// and response of every operation through XML, and it must build without a warning.
pub fn build_and_round_trip(name: &str, services: &[ServiceSpec]) {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(name);
    let spec = CrateSpec {
        name: name.to_owned(),
        runtime: RuntimeDependency::path_from(&out, &root.join("runtime")),
        regenerate: None,
        command: None,
        services: services.to_vec(),
    };
    svcgen::generate(&spec).unwrap().write(&out).unwrap();

    let mut tests = String::from(
        "//! A filled request and response of every operation survive XML.\n\
         #![allow(unused_imports, clippy::all)]\n\
         use svcgen_runtime::{soap, xml};\n\n\
         fn round_trip<T: xml::Value + Default + PartialEq + std::fmt::Debug>(value: T, body: soap::Body) {\n\
         \x20   let root = match body { soap::Body::Element(name) => name, soap::Body::Parts => xml::Name::new(\"\", \"Body\") };\n\
         \x20   let text = xml::to_string(&value, root).unwrap();\n\
         \x20   let back: T = xml::from_slice(text.as_bytes(), root).unwrap_or_else(|error| panic!(\"{error}: {text}\"));\n\
         \x20   assert_eq!(back, value, \"{text}\");\n\
         }\n",
    );
    let mut test_count = services.len();
    for service in services {
        let plan = plan_of(service);
        let svcgen::internal::planning::ModuleClient::Soap(soap) = &plan.client else {
            panic!("{} is not a SOAP module", plan.name);
        };
        let samples = Samples { plan: &plan };
        let _ = writeln!(
            tests,
            "\n#[test]\nfn {}() {{\n    use {name}::{}::*;",
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
        if through_the_mock(&mut tests, name, &plan, soap, &samples) {
            test_count += 1;
        }
    }
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/round_trip.rs"), tests).unwrap();
    let test = cargo_in(&out, &["test", "--features", "blocking,mock"], &[]);
    let stderr = text(&test.stderr);
    assert!(
        test.status.success(),
        "the {name} crate failed:\n{}\n{stderr}",
        text(&test.stdout)
    );
    assert_eq!(
        warnings(&stderr),
        Vec::<&str>::new(),
        "the {name} crate builds without warnings"
    );
    let stdout = text(&test.stdout);
    assert!(
        stdout.contains(&format!("test result: ok. {test_count} passed")),
        "every module's round trip ran:\n{stdout}"
    );
    if let Some(keep) = std::env::var_os("SVCGEN_KEEP_CORPUS") {
        std::fs::copy(out.join("tests/round_trip.rs"), keep).unwrap();
    }
}

/// Rust expressions building a filled value of each type a module plans: every optional
/// field set, every list one item long, a derived variant for polymorphic types.
pub struct Samples<'p> {
    plan: &'p svcgen::internal::planning::ModulePlan,
}

/// Deeper than this, values are left at their defaults (recursive types end somewhere).
const SAMPLE_DEPTH: usize = 4;

impl Samples<'_> {
    fn expr(&self, ty: &RustType, depth: usize) -> String {
        let RustType::Path(path) = ty else {
            return "()".to_owned();
        };
        let args = &path.args;
        let path = format!(
            "{}{}",
            if path.absolute { "::" } else { "" },
            path.segments.join("::")
        );
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
            // SOAP modules name the runtime's `xml` through their import.
            "xml::RawXml" => "::svcgen_runtime::xml::RawXml::new(\"<raw xmlns=\\\"urn:raw\\\">1</raw>\").unwrap()".to_owned(),
            "xml::QName" => "::svcgen_runtime::xml::QName { namespace: \"urn:q\".to_owned(), local: \"q\".to_owned() }".to_owned(),
            ident if depth > SAMPLE_DEPTH => {
                let _ = ident;
                "Default::default()".to_owned()
            }
            ident => self.named(ident, depth),
        }
    }

    fn named(&self, ident: &str, depth: usize) -> String {
        use svcgen::internal::planning::ItemPlan;
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
                let local = chosen.and_then(|variant| Some((variant, variant.ty.local_name()?)));
                match local {
                    Some((variant, name)) => format!(
                        "{ident}::{}({})",
                        variant.ident,
                        self.named(name, depth + 1)
                    ),
                    None => "Default::default()".to_owned(),
                }
            }
            _ => format!("{ident}::default()"),
        }
    }
}

/// A test that calls every bound operation of `plan` through the generated blocking client
/// and the generated mock: the mock must read the request as it was filled, and the client
/// the mock's answer. Whether there is one (a module without operations has no mock).
fn through_the_mock(
    tests: &mut String,
    name: &str,
    plan: &svcgen::internal::planning::ModulePlan,
    soap: &svcgen::internal::planning::SoapPlan,
    samples: &Samples<'_>,
) -> bool {
    if soap.operations.is_empty() {
        return false;
    }
    let _ = writeln!(
        tests,
        "\n#[test]\nfn {module}_through_the_mock() {{\n    use {name}::{module}::*;\n    let mock = mock::Mock::start().unwrap();\n    let runtime = soap::Client::new(mock.url()).unwrap();\n    let client = blocking::Client::new(soap::blocking::Client::new(runtime).unwrap());",
        module = plan.name
    );
    // Operations a host cannot tell apart (the same actions and body element, as in
    // zeep's test WSDL) go to the first of them; only that one is called.
    let mut seen = std::collections::HashSet::new();
    for operation in &soap.operations {
        if operation.soap11.is_none() && operation.soap12.is_none() {
            continue;
        }
        let action = |bound: &Option<svcgen::internal::ir::SoapAction>| {
            bound.as_ref().map(|bound| bound.action.clone())
        };
        let key = (
            action(&operation.soap11),
            action(&operation.soap12),
            format!("{:?}", operation.input),
        );
        if !seen.insert(key) {
            continue;
        }
        let method = operation.method_ident.trim_start_matches("r#");
        let request = samples.expr(&operation.request, 0);
        let response = if operation.output.is_some() {
            samples.expr(&operation.response, 0)
        } else {
            "Default::default()".to_owned()
        };
        let binding = if operation.output.is_some() {
            "answer"
        } else {
            "_"
        };
        let _ = writeln!(
            tests,
            "    mock.on_{method}(|_| Ok(soap::Response::new({response})));\n    let {binding} = client.{}(&{request}).unwrap_or_else(|error| panic!(\"{}: {{error}}\"));",
            operation.method_ident, operation.name
        );
        if operation.output.is_some() {
            let _ = writeln!(tests, "    assert_eq!(answer.body, {response});");
        }
        let _ = writeln!(
            tests,
            "    assert_eq!(mock.received_{method}().last().map(|call| &call.body), Some(&{request}));"
        );
    }
    tests.push_str("}\n");
    true
}
