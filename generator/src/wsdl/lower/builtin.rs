//! The types no schema in the document defines: XML Schema's own, the Guid and char types
//! ASMX (`http://microsoft.com/wsdl/types/`) and WCF (`…/2003/10/Serialization/`) declare
//! with patterns that say nothing of their meaning, and SOAP encoding's aliases.

use crate::ir::{Primitive, TypeRef};
use crate::wsdl::QName;
use crate::wsdl::schema::XSD;

pub const MICROSOFT_TYPES: &str = "http://microsoft.com/wsdl/types/";
pub const SERIALIZATION: &str = "http://schemas.microsoft.com/2003/10/Serialization/";
pub const SOAP_ENCODING: &str = "http://schemas.xmlsoap.org/soap/encoding/";

/// The IR type of a built-in type, if `name` is one.
pub fn builtin(name: &QName) -> Option<TypeRef> {
    let local = name.local.as_str();
    let primitive = match name.namespace.as_str() {
        XSD => xsd(local)?,
        MICROSOFT_TYPES | SERIALIZATION => match local {
            "guid" => Primitive::Guid,
            "char" => Primitive::Char,
            "duration" => Primitive::Duration,
            _ => return None,
        },
        SOAP_ENCODING => match local {
            // rpc/encoded arrays and structs: not modelled, kept as raw XML.
            "Array" | "Struct" | "arrayType" => Primitive::Xml,
            other => xsd(other)?,
        },
        _ => return None,
    };
    Some(TypeRef::Primitive(primitive))
}

fn xsd(local: &str) -> Option<Primitive> {
    Some(match local {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "ID"
        | "IDREF" | "IDREFS" | "ENTITY" | "ENTITIES" | "NMTOKEN" | "NMTOKENS" | "anyURI"
        | "NOTATION" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" | "hexBinary"
        | "anySimpleType" => Primitive::String,
        "boolean" => Primitive::Bool,
        "float" => Primitive::F32,
        "double" => Primitive::F64,
        "decimal" => Primitive::Decimal,
        "integer" | "long" | "negativeInteger" | "nonPositiveInteger" => Primitive::I64,
        "nonNegativeInteger" | "positiveInteger" | "unsignedLong" => Primitive::U64,
        "int" => Primitive::I32,
        "short" => Primitive::I16,
        "byte" => Primitive::I8,
        "unsignedInt" => Primitive::U32,
        "unsignedShort" => Primitive::U16,
        "unsignedByte" => Primitive::U8,
        "dateTime" => Primitive::DateTime,
        "date" => Primitive::Date,
        "time" => Primitive::Time,
        "duration" => Primitive::Duration,
        "base64Binary" => Primitive::Bytes,
        "QName" => Primitive::QName,
        "anyType" => Primitive::Any,
        _ => return None,
    })
}

/// Whether values of `ty` are .NET value types, whose `xsi:nil` items (`int?[]`) must stay
/// distinguishable from a default value.
pub fn is_value_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(primitive) => !matches!(
            primitive,
            Primitive::String
                | Primitive::Bytes
                | Primitive::Xml
                | Primitive::Any
                | Primitive::QName
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(namespace: &str, local: &str) -> QName {
        QName {
            namespace: namespace.to_owned(),
            local: local.to_owned(),
        }
    }

    #[test]
    fn guids_and_chars_of_both_microsoft_namespaces() {
        for namespace in [MICROSOFT_TYPES, SERIALIZATION] {
            assert_eq!(
                builtin(&name(namespace, "guid")),
                Some(TypeRef::Primitive(Primitive::Guid))
            );
            assert_eq!(
                builtin(&name(namespace, "char")),
                Some(TypeRef::Primitive(Primitive::Char))
            );
        }
        assert_eq!(
            builtin(&name(XSD, "unsignedShort")),
            Some(TypeRef::Primitive(Primitive::U16))
        );
        assert_eq!(builtin(&name(XSD, "nope")), None);
        assert_eq!(builtin(&name("urn:x", "string")), None);
    }
}
