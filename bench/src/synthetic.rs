//! Synthetic WSDLs of any size, to show how generation cost grows with the number of
//! types. Every type looks like a typical .NET data contract: scalars of the common kinds,
//! an optional reference to another type, a repeated one, and every tenth type an enum;
//! every tenth type also gets a document/literal operation that takes and returns it.

use std::fmt::Write as _;

/// A WSDL with `types` named types (structs and enums) and `types / 10` operations.
pub fn wsdl(types: usize) -> String {
    let types = types.max(1);
    let mut schema = String::new();
    for index in 0..types {
        if index % 10 == 9 {
            enumeration(&mut schema, index);
        } else {
            complex_type(&mut schema, index, types);
        }
    }
    let operations: Vec<usize> = (0..types).filter(|index| index % 10 == 0).collect();
    for &index in &operations {
        let _ = write!(
            schema,
            r#"<s:element name="Get{index}"><s:complexType><s:sequence><s:element minOccurs="0" name="query" type="tns:Type{index}"/></s:sequence></s:complexType></s:element><s:element name="Get{index}Response"><s:complexType><s:sequence><s:element minOccurs="0" name="Get{index}Result" type="tns:Type{index}"/></s:sequence></s:complexType></s:element>"#
        );
    }
    let mut messages = String::new();
    let mut port_type = String::new();
    let mut binding = String::new();
    for &index in &operations {
        let _ = write!(
            messages,
            r#"<wsdl:message name="Get{index}In"><wsdl:part name="parameters" element="tns:Get{index}"/></wsdl:message><wsdl:message name="Get{index}Out"><wsdl:part name="parameters" element="tns:Get{index}Response"/></wsdl:message>"#
        );
        let _ = write!(
            port_type,
            r#"<wsdl:operation name="Get{index}"><wsdl:input message="tns:Get{index}In"/><wsdl:output message="tns:Get{index}Out"/></wsdl:operation>"#
        );
        let _ = write!(
            binding,
            r#"<wsdl:operation name="Get{index}"><soap:operation soapAction="http://example.com/synthetic/Get{index}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>"#
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://example.com/synthetic" targetNamespace="http://example.com/synthetic">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="http://example.com/synthetic">{schema}</s:schema></wsdl:types>
{messages}
<wsdl:portType name="SyntheticSoap">{port_type}</wsdl:portType>
<wsdl:binding name="SyntheticSoap" type="tns:SyntheticSoap"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>{binding}</wsdl:binding>
<wsdl:service name="Synthetic"><wsdl:port name="SyntheticSoap" binding="tns:SyntheticSoap"><soap:address location="http://localhost/synthetic.asmx"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

fn complex_type(out: &mut String, index: usize, types: usize) {
    let next = (index + 1) % types;
    let other = (index + 7) % types;
    let _ = write!(
        out,
        r#"<s:complexType name="Type{index}"><s:sequence><s:element minOccurs="1" maxOccurs="1" name="Id" type="s:int"/><s:element minOccurs="0" maxOccurs="1" name="Name" type="s:string"/><s:element minOccurs="1" maxOccurs="1" name="Amount" type="s:decimal"/><s:element minOccurs="1" maxOccurs="1" name="Created" type="s:dateTime"/><s:element minOccurs="0" maxOccurs="1" name="Active" type="s:boolean"/><s:element minOccurs="0" maxOccurs="1" name="Next" type="tns:Type{next}"/><s:element minOccurs="0" maxOccurs="unbounded" name="Related" type="tns:Type{other}"/><s:element minOccurs="0" maxOccurs="1" name="Code" type="s:string"/></s:sequence></s:complexType>"#
    );
}

fn enumeration(out: &mut String, index: usize) {
    let _ = write!(
        out,
        r#"<s:simpleType name="Type{index}"><s:restriction base="s:string"><s:enumeration value="None"/><s:enumeration value="Some"/><s:enumeration value="All"/></s:restriction></s:simpleType>"#
    );
}
