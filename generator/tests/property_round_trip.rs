//! Arbitrary types through the whole pipeline: random XML Schemas (drawn from a fixed seed,
//! so every run checks the same 24) become WSDLs with one operation each, every module goes
//! into one crate, and that crate's tests write a filled request and response of each as
//! XML and read it back equal. Kinds, occurrences (required, optional, repeated,
//! nillable), attributes, enums and references between the types vary.

// Test helpers outside #[test] functions may panic too: a panic is a test failure.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use svcgen::ServiceSpec;

/// Built-in types whose values the round-trip samples know how to fill.
const SCALARS: &[&str] = &[
    "string",
    "int",
    "long",
    "short",
    "unsignedByte",
    "boolean",
    "decimal",
    "double",
    "float",
    "dateTime",
    "date",
    "time",
    "duration",
    "base64Binary",
    "QName",
];

#[derive(Clone, Debug)]
enum Kind {
    Scalar(&'static str),
    /// A type declared earlier (index taken modulo the number before this one).
    Reference(usize),
    Enum,
}

#[derive(Clone, Copy, Debug)]
enum Occurs {
    Required,
    Optional,
    Repeated,
    Nillable,
}

#[derive(Clone, Debug)]
struct FieldSpec {
    kind: Kind,
    occurs: Occurs,
    attribute: bool,
}

fn field() -> impl Strategy<Value = FieldSpec> {
    let kind = prop_oneof![
        3 => proptest::sample::select(SCALARS).prop_map(Kind::Scalar),
        1 => any::<usize>().prop_map(Kind::Reference),
        1 => Just(Kind::Enum),
    ];
    let occurs = prop_oneof![
        Just(Occurs::Required),
        Just(Occurs::Optional),
        Just(Occurs::Repeated),
        Just(Occurs::Nillable),
    ];
    (kind, occurs, any::<bool>()).prop_map(|(kind, occurs, attribute)| FieldSpec {
        kind,
        occurs,
        attribute,
    })
}

/// Complex types `T0`…, each with one to five members.
fn schema() -> impl Strategy<Value = Vec<Vec<FieldSpec>>> {
    proptest::collection::vec(proptest::collection::vec(field(), 1..6), 1..5)
}

fn member(out: &mut String, index: usize, position: usize, spec: &FieldSpec) {
    let ty = match &spec.kind {
        Kind::Scalar(name) => format!("xs:{name}"),
        Kind::Reference(target) if index > 0 => format!("t:T{}", target % index),
        Kind::Reference(_) => "xs:string".to_owned(),
        Kind::Enum => "t:Color".to_owned(),
    };
    let scalar = !matches!(spec.kind, Kind::Reference(_)) || index == 0;
    if spec.attribute && scalar && matches!(spec.occurs, Occurs::Required | Occurs::Optional) {
        let usage = match spec.occurs {
            Occurs::Required => "required",
            _ => "optional",
        };
        let _ = write!(
            out,
            r#"<xs:attribute name="a{position}" type="{ty}" use="{usage}"/>"#
        );
        return;
    }
    let occurs = match spec.occurs {
        Occurs::Required => "",
        Occurs::Optional => r#" minOccurs="0""#,
        Occurs::Repeated => r#" minOccurs="0" maxOccurs="unbounded""#,
        Occurs::Nillable => r#" nillable="true""#,
    };
    let _ = write!(
        out,
        r#"<xs:element name="f{position}" type="{ty}"{occurs}/>"#
    );
}

fn wsdl(types: &[Vec<FieldSpec>]) -> String {
    let mut schema = String::from(
        r#"<xs:simpleType name="Color"><xs:restriction base="xs:string"><xs:enumeration value="Red"/><xs:enumeration value="Green"/><xs:enumeration value="Blue"/></xs:restriction></xs:simpleType>"#,
    );
    for (index, fields) in types.iter().enumerate() {
        let (attributes, elements): (Vec<_>, Vec<_>) =
            fields.iter().enumerate().partition(|(_, spec)| {
                spec.attribute
                    && (!matches!(spec.kind, Kind::Reference(_)) || index == 0)
                    && matches!(spec.occurs, Occurs::Required | Occurs::Optional)
            });
        let _ = write!(schema, r#"<xs:complexType name="T{index}"><xs:sequence>"#);
        for (position, spec) in elements {
            member(&mut schema, index, position, spec);
        }
        schema.push_str("</xs:sequence>");
        for (position, spec) in attributes {
            member(&mut schema, index, position, spec);
        }
        schema.push_str("</xs:complexType>");
    }
    let last = types.len() - 1;
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:random" targetNamespace="urn:random">
<types><xs:schema targetNamespace="urn:random" elementFormDefault="qualified">{schema}
<xs:element name="Op"><xs:complexType><xs:sequence><xs:element name="value" type="t:T{last}"/></xs:sequence></xs:complexType></xs:element>
<xs:element name="OpResponse"><xs:complexType><xs:sequence><xs:element name="value" type="t:T{last}" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
</xs:schema></types>
<message name="In"><part name="parameters" element="t:Op"/></message>
<message name="Out"><part name="parameters" element="t:OpResponse"/></message>
<portType name="P"><operation name="Op"><input message="t:In"/><output message="t:Out"/></operation></portType>
<binding name="B" type="t:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/><operation name="Op"><soap:operation soapAction="urn:random/Op"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation></binding>
<service name="S"><port name="P" binding="t:B"><soap:address location="http://localhost/"/></port></service>
</definitions>
"#
    )
}

#[test]
fn random_schemas_round_trip_through_generated_code() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let dir = tempfile::tempdir().unwrap();
    let services: Vec<ServiceSpec> = (0..24)
        .map(|case| {
            let types = schema().new_tree(&mut runner).unwrap().current();
            let path = dir.path().join(format!("random_{case}.wsdl"));
            std::fs::write(&path, wsdl(&types)).unwrap();
            ServiceSpec::new(format!("random_{case}"), vec![path])
        })
        .collect();
    if let Some(keep) = std::env::var_os("SVCGEN_KEEP_RANDOM") {
        std::fs::create_dir_all(&keep).unwrap();
        for service in &services {
            let path = &service.inputs[0];
            std::fs::copy(
                path,
                std::path::Path::new(&keep).join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    support::round_trip::build_and_round_trip("random", &services);
}
