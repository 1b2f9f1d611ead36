//! XML Schema as WSDLs use it: an owned model of the components of each `<xs:schema>`
//! (elements, complex and simple types, groups, attributes) read from the same roxmltree
//! tree as the WSDL, so every component keeps its file:line:column. [`SchemaSet`] indexes
//! the global components of every schema a WSDL brings in by qualified name.

mod read;

use std::collections::HashMap;

pub(crate) use read::read_schema;

use super::xml::QName;
use crate::ir::{LookupHasher, Origin};

/// The XML Schema namespace, and its pre-recommendation spellings some old WSDLs use.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";
pub const XSD_OLD: &[&str] = &[
    "http://www.w3.org/2000/10/XMLSchema",
    "http://www.w3.org/1999/XMLSchema",
];

/// Whether `namespace` is XML Schema's own.
pub fn is_xsd(namespace: &str) -> bool {
    namespace == XSD || XSD_OLD.contains(&namespace)
}

/// One `<xs:schema>`, with its global components.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub target_namespace: String,
    pub elements: Vec<Element>,
    pub complex_types: Vec<ComplexType>,
    pub simple_types: Vec<SimpleType>,
    pub groups: Vec<Group>,
    pub attribute_groups: Vec<AttributeGroup>,
    pub attributes: Vec<Attribute>,
    pub imports: Vec<Reference>,
    pub includes: Vec<Reference>,
    pub origin: Origin,
}

/// An `<xs:import>` or `<xs:include>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub namespace: Option<String>,
    pub location: Option<String>,
    pub origin: Origin,
}

/// How often a particle may occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurs {
    pub min: u64,
    /// `None` is `unbounded`.
    pub max: Option<u64>,
}

impl Occurs {
    pub const ONCE: Occurs = Occurs {
        min: 1,
        max: Some(1),
    };

    /// More than one occurrence is allowed.
    pub fn repeats(self) -> bool {
        self.max.is_none_or(|max| max > 1)
    }
}

/// Which type an element or attribute has.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeUse {
    Named(QName),
    Complex(Box<ComplexType>),
    Simple(Box<SimpleType>),
    /// No type given: `xs:anyType` for elements, `xs:anySimpleType` for attributes.
    Unspecified,
}

/// An element declaration: global, local, or a reference to a global one.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// The element's name on the wire; the namespace is empty when it is unqualified.
    pub name: QName,
    /// `ref=`: the global element this one stands for (name and type come from there).
    /// Boxed, as `substitution_group`: most elements have neither, and a large contract
    /// has tens of thousands of elements.
    pub reference: Option<Box<QName>>,
    pub ty: TypeUse,
    pub occurs: Occurs,
    pub nillable: bool,
    pub is_abstract: bool,
    pub substitution_group: Option<Box<QName>>,
    pub docs: Option<String>,
    pub origin: Origin,
}

/// `extension` or `restriction` of a base type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Extension,
    Restriction,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Derivation {
    pub base: QName,
    pub method: Method,
    /// `simpleContent`: the type is text of the base's kind plus attributes.
    pub simple_content: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ComplexType {
    /// `None` for an anonymous type.
    pub name: Option<QName>,
    pub is_abstract: bool,
    pub mixed: bool,
    pub derivation: Option<Derivation>,
    /// The content the type itself declares (for an extension: what it adds).
    pub particle: Option<Particle>,
    pub attributes: Vec<AttributeUse>,
    pub any_attribute: bool,
    pub docs: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Particle {
    pub occurs: Occurs,
    pub term: Term,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Element(Box<Element>),
    Sequence(Vec<Particle>),
    Choice(Vec<Particle>),
    All(Vec<Particle>),
    /// `<xs:group ref=…>`.
    Group(QName),
    /// `<xs:any>`.
    Any,
}

/// A named model group (`<xs:group name=…>`).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: QName,
    pub particle: Particle,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttributeUse {
    Attribute(Attribute),
    Group(QName, Origin),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The namespace is empty when the attribute is unqualified (the default).
    pub name: QName,
    pub reference: Option<QName>,
    pub ty: TypeUse,
    pub required: bool,
    pub docs: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttributeGroup {
    pub name: QName,
    pub attributes: Vec<AttributeUse>,
    pub any_attribute: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimpleType {
    pub name: Option<QName>,
    pub variety: Variety,
    pub docs: Option<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Variety {
    /// A restriction of `base`; enumerations make it an enum.
    Restriction {
        base: TypeUse,
        enumeration: Vec<EnumValue>,
    },
    /// A whitespace-separated list of `item` values.
    List { item: TypeUse },
    /// A value of any of the member types; read as text.
    Union,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub value: String,
    /// WCF's `<EnumerationValue>` annotation: the member's number in .NET.
    pub number: Option<i64>,
    pub docs: Option<String>,
}

/// A global type: complex or simple.
#[derive(Clone, Copy, Debug)]
pub enum TypeDef<'a> {
    Complex(&'a ComplexType),
    Simple(&'a SimpleType),
}

/// Every schema in play. [`Index`] finds their global components by qualified name.
#[derive(Clone, Debug, Default)]
pub struct SchemaSet {
    pub schemas: Vec<Schema>,
}

impl SchemaSet {
    pub fn namespaces(&self) -> impl Iterator<Item = &str> {
        self.schemas
            .iter()
            .map(|schema| schema.target_namespace.as_str())
    }

    /// Every global complex type, in schema order.
    pub fn complex_types(&self) -> impl Iterator<Item = &ComplexType> {
        self.schemas.iter().flat_map(|schema| &schema.complex_types)
    }

    /// Every global element, in schema order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.schemas.iter().flat_map(|schema| &schema.elements)
    }
}

/// The global components of a [`SchemaSet`] by qualified name. The first definition of a
/// name wins; later duplicates (the same schema reached twice) are ignored.
#[derive(Debug, Default)]
pub struct Index<'a> {
    elements: HashMap<&'a QName, &'a Element, LookupHasher>,
    types: HashMap<&'a QName, TypeDef<'a>, LookupHasher>,
    groups: HashMap<&'a QName, &'a Group, LookupHasher>,
    attribute_groups: HashMap<&'a QName, &'a AttributeGroup, LookupHasher>,
    attributes: HashMap<&'a QName, &'a Attribute, LookupHasher>,
    /// For each complex type, the global types that derive from it directly.
    derived: HashMap<&'a QName, Vec<&'a QName>, LookupHasher>,
    /// For each head element, the global elements that may substitute for it.
    substitutes: HashMap<&'a QName, Vec<&'a QName>, LookupHasher>,
}

impl<'a> Index<'a> {
    pub fn new(set: &'a SchemaSet) -> Self {
        let mut index = Index::default();
        for schema in &set.schemas {
            for element in &schema.elements {
                index.elements.entry(&element.name).or_insert(element);
                if let Some(head) = element.substitution_group.as_deref() {
                    index
                        .substitutes
                        .entry(head)
                        .or_default()
                        .push(&element.name);
                }
            }
            for ty in &schema.complex_types {
                let Some(name) = &ty.name else { continue };
                if index.types.contains_key(name) {
                    continue;
                }
                index.types.insert(name, TypeDef::Complex(ty));
                if let Some(derivation) = &ty.derivation {
                    index
                        .derived
                        .entry(&derivation.base)
                        .or_default()
                        .push(name);
                }
            }
            for ty in &schema.simple_types {
                if let Some(name) = &ty.name {
                    index.types.entry(name).or_insert(TypeDef::Simple(ty));
                }
            }
            for group in &schema.groups {
                index.groups.entry(&group.name).or_insert(group);
            }
            for group in &schema.attribute_groups {
                index.attribute_groups.entry(&group.name).or_insert(group);
            }
            for attribute in &schema.attributes {
                index.attributes.entry(&attribute.name).or_insert(attribute);
            }
        }
        index
    }

    pub fn element(&self, name: &QName) -> Option<&'a Element> {
        self.elements.get(name).copied()
    }

    pub fn type_def(&self, name: &QName) -> Option<TypeDef<'a>> {
        self.types.get(name).copied()
    }

    pub fn group(&self, name: &QName) -> Option<&'a Group> {
        self.groups.get(name).copied()
    }

    pub fn attribute_group(&self, name: &QName) -> Option<&'a AttributeGroup> {
        self.attribute_groups.get(name).copied()
    }

    pub fn attribute(&self, name: &QName) -> Option<&'a Attribute> {
        self.attributes.get(name).copied()
    }

    /// The global types deriving directly from `base`.
    pub fn derived(&self, base: &QName) -> &[&'a QName] {
        self.derived.get(base).map_or(&[], Vec::as_slice)
    }

    /// The global elements that may stand where `head` is expected.
    pub fn substitutes(&self, head: &QName) -> &[&'a QName] {
        self.substitutes.get(head).map_or(&[], Vec::as_slice)
    }
}
