//! Large contracts: a chain of types each referring to the next is as long as the schema,
//! and must not be lowered by recursion (a test thread has a 2 MiB stack).

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

/// `count` complex types, `T{i}` holding an optional `T{i+1}`, used by one operation.
fn chain_wsdl(count: usize) -> String {
    wsdl(count, false)
}

/// The same chain, its last type referring back to the first: one cycle of `count` types.
fn cycle_wsdl(count: usize) -> String {
    wsdl(count, true)
}

fn wsdl(count: usize, cyclic: bool) -> String {
    let mut types = String::new();
    for index in 0..count {
        let next = if index + 1 == count {
            if cyclic {
                r#"<s:element minOccurs="0" name="Next" type="tns:T0"/>"#.to_owned()
            } else {
                String::new()
            }
        } else {
            format!(
                r#"<s:element minOccurs="0" name="Next" type="tns:T{}"/>"#,
                index + 1
            )
        };
        let _ = write!(
            types,
            r#"<s:complexType name="T{index}"><s:sequence><s:element name="Id" type="s:int"/>{next}</s:sequence></s:complexType>"#
        );
    }
    format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:chain" targetNamespace="urn:chain">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="urn:chain">{types}<s:element name="Get"><s:complexType><s:sequence><s:element name="Head" type="tns:T0"/></s:sequence></s:complexType></s:element><s:element name="GetResponse"><s:complexType/></s:element></s:schema></wsdl:types>
<wsdl:message name="In"><wsdl:part name="parameters" element="tns:Get"/></wsdl:message>
<wsdl:message name="Out"><wsdl:part name="parameters" element="tns:GetResponse"/></wsdl:message>
<wsdl:portType name="P"><wsdl:operation name="Get"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Get"><soap:operation soapAction="urn:chain/Get"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
</wsdl:definitions>"#
    )
}

/// The crate generated from `text`, written as `{name}.wsdl` in `dir`.
fn generate(dir: &std::path::Path, name: &str, text: String) -> svcgen::GeneratedCrate {
    let path = dir.join(format!("{name}.wsdl"));
    std::fs::write(&path, text).unwrap();
    let spec = svcgen::CrateSpec {
        name: "chain".to_owned(),
        runtime: svcgen::RuntimeDependency::default(),
        regenerate: None,
        command: None,
        services: vec![svcgen::ServiceSpec::new("chain", vec![path])],
    };
    svcgen::generate(&spec).unwrap()
}

#[test]
fn a_chain_of_five_thousand_types_is_read_without_deep_recursion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.wsdl");
    std::fs::write(&path, chain_wsdl(5_000)).unwrap();
    let service = svcgen::ServiceSpec::new("chain", vec![path]);
    let report = svcgen::internal::inspect(&service).unwrap();
    assert!(report.contains("types (5002):"), "{}", &report[..200]);
    assert!(report.contains("  T4999 "));
}

/// rustc needs a higher recursion limit to prove auto traits of a long chain of types
/// (release builds of such a crate fail with E0275 otherwise); a short one needs none.
#[test]
fn a_long_chain_raises_the_crate_recursion_limit() {
    let dir = tempfile::tempdir().unwrap();
    let lib = |count: usize| {
        let generated = generate(dir.path(), &format!("chain{count}"), chain_wsdl(count));
        let (_, lib) = generated
            .files()
            .find(|(path, _)| path.ends_with("lib.rs"))
            .unwrap();
        lib.to_owned()
    };
    assert!(lib(100).contains("\n#![recursion_limit = \"1024\"]\n"));
    assert!(!lib(10).contains("recursion_limit"));
}

/// rustc's debug builds overflow its stack on a large enough cycle of types (its
/// monomorphization collector recurses along the calls, which follow the references); the
/// generator says so, and how to give rustc more stack.
#[test]
fn a_large_cycle_of_types_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let warnings = |name: &str, text: String| generate(dir.path(), name, text).warnings().to_vec();
    let cycle = warnings("cycle", cycle_wsdl(1_000));
    assert!(
        cycle.iter().any(
            |warning| warning.contains("1000 of its types refer to one another")
                && warning.contains("RUST_MIN_STACK = \"67108864\"")
        ),
        "{cycle:?}"
    );
    // As many types in a chain without a cycle, or a smaller cycle, are fine.
    assert!(warnings("chain", chain_wsdl(1_000)).is_empty());
    assert!(warnings("small", cycle_wsdl(999)).is_empty());
}

/// `count` operations `Op{i}`, each with its own request and response elements.
fn operations_wsdl(count: usize) -> String {
    let (mut elements, mut messages, mut port, mut binding) =
        (String::new(), String::new(), String::new(), String::new());
    for index in 0..count {
        let _ = write!(
            elements,
            r#"<s:element name="Op{index}"><s:complexType><s:sequence><s:element name="Id" type="s:int"/></s:sequence></s:complexType></s:element><s:element name="Op{index}Response"><s:complexType/></s:element>"#
        );
        let _ = write!(
            messages,
            r#"<wsdl:message name="In{index}"><wsdl:part name="parameters" element="tns:Op{index}"/></wsdl:message><wsdl:message name="Out{index}"><wsdl:part name="parameters" element="tns:Op{index}Response"/></wsdl:message>"#
        );
        let _ = write!(
            port,
            r#"<wsdl:operation name="Op{index}"><wsdl:input message="tns:In{index}"/><wsdl:output message="tns:Out{index}"/></wsdl:operation>"#
        );
        let _ = write!(
            binding,
            r#"<wsdl:operation name="Op{index}"><soap:operation soapAction="urn:many/Op{index}"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>"#
        );
    }
    format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:many" targetNamespace="urn:many">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="urn:many">{elements}</s:schema></wsdl:types>
{messages}
<wsdl:portType name="P">{port}</wsdl:portType>
<wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>{binding}</wsdl:binding>
</wsdl:definitions>"#
    )
}

/// A client of hundreds of operations is printed a run of methods at a time (to bound the
/// memory its syntax tree takes); every method, constant and mock method is there once,
/// in order, in a module that parses.
#[test]
fn hundreds_of_operations_are_printed_in_runs_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let count = 300;
    let generated = generate(dir.path(), "many", operations_wsdl(count));
    let (_, module) = generated
        .files()
        .find(|(path, _)| path.ends_with("chain.rs"))
        .unwrap();
    syn::parse_file(module).unwrap();
    for pattern in [
        "pub async fn op{}(",
        "pub fn op{}(",
        "pub const OP{}:",
        "pub fn on_op{}(",
        "pub fn received_op{}(",
    ] {
        let mut previous = 0;
        for index in 0..count {
            let needle = pattern.replace("{}", &index.to_string());
            let found: Vec<_> = module.match_indices(&needle).map(|(at, _)| at).collect();
            assert_eq!(found.len(), 1, "{needle}");
            assert!(found[0] > previous, "{needle} out of order");
            previous = found[0];
        }
    }
}
