//! Reads one `<xs:schema>` element into the owned [`Schema`] model. QNames are resolved by
//! namespace in the scope of the element carrying them; element and attribute forms
//! (`elementFormDefault`, `form=`) are applied here, so the model holds wire names.

use super::{
    Attribute, AttributeGroup, AttributeUse, ComplexType, Derivation, Element, EnumValue, Group,
    Method, Occurs, Particle, Reference, Schema, SimpleType, Term, TypeUse, Variety, is_xsd,
};
use crate::error::Error;
use crate::wsdl::xml::{QName, Source, text_of};

type Node<'a, 'input> = roxmltree::Node<'a, 'input>;

/// Anonymous types and particles nest; deeper than this is not a schema a service publishes.
const MAX_DEPTH: usize = 64;

const SERIALIZATION: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// Reads `node` (an `<xs:schema>`). `including_namespace` is the target namespace of the
/// schema that includes this one: a schema without a target namespace takes it
/// ("chameleon" include).
pub fn read_schema(
    source: &Source<'_>,
    node: Node<'_, '_>,
    including_namespace: Option<&str>,
) -> Result<Schema, Error> {
    let own = node.attribute("targetNamespace");
    let (target_namespace, chameleon) = match (own, including_namespace) {
        (Some(own), _) => (own.to_owned(), false),
        (None, Some(including)) => (including.to_owned(), true),
        (None, None) => (String::new(), false),
    };
    let reader = Reader {
        source,
        target_namespace,
        chameleon,
        elements_qualified: node.attribute("elementFormDefault") == Some("qualified"),
        attributes_qualified: node.attribute("attributeFormDefault") == Some("qualified"),
    };
    reader.schema(node)
}

struct Reader<'s, 'input> {
    source: &'s Source<'input>,
    target_namespace: String,
    chameleon: bool,
    elements_qualified: bool,
    attributes_qualified: bool,
}

/// The XML Schema child elements of `node` (any spelling of the XSD namespace).
fn xs_children<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(|child| child.is_element() && child.tag_name().namespace().is_some_and(is_xsd))
}

fn xs_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    xs_children(node).find(|child| child.tag_name().name() == name)
}

/// The text of `<xs:annotation><xs:documentation>`, trimmed.
fn docs(node: Node<'_, '_>) -> Option<String> {
    let annotation = xs_child(node, "annotation")?;
    text_of(xs_children(annotation).filter(|child| child.tag_name().name() == "documentation"))
}

impl Reader<'_, '_> {
    fn error(&self, node: Node<'_, '_>, message: impl Into<String>) -> Error {
        self.source.error(node, message)
    }

    fn qualified(&self, local: &str) -> QName {
        QName {
            namespace: self.target_namespace.clone(),
            local: local.to_owned(),
        }
    }

    fn required<'a>(&self, node: Node<'a, '_>, attribute: &str) -> Result<&'a str, Error> {
        node.attribute(attribute).ok_or_else(|| {
            self.error(
                node,
                format!(
                    "`<{}>` needs a `{attribute}` attribute",
                    node.tag_name().name()
                ),
            )
        })
    }

    /// The QName in `attribute`: a prefix names a namespace in scope; no prefix means the
    /// default namespace, or none (which a chameleon schema replaces with its includer's).
    fn qname(&self, node: Node<'_, '_>, attribute: &str) -> Result<Option<QName>, Error> {
        let Some(value) = node.attribute(attribute) else {
            return Ok(None);
        };
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, value),
        };
        let namespace = match (prefix, node.lookup_namespace_uri(prefix)) {
            (_, Some(namespace)) => namespace,
            (None, None) => "",
            (Some(prefix), None) => {
                return Err(self.error(
                    node,
                    format!(
                        "`{attribute}=\"{value}\"` uses the prefix `{prefix}`, which is not declared"
                    ),
                ));
            }
        };
        let namespace = if is_xsd(namespace) {
            super::XSD
        } else if namespace.is_empty() && self.chameleon {
            self.target_namespace.as_str()
        } else {
            namespace
        };
        Ok(Some(QName {
            namespace: namespace.to_owned(),
            local: local.to_owned(),
        }))
    }

    fn required_qname(&self, node: Node<'_, '_>, attribute: &str) -> Result<QName, Error> {
        self.qname(node, attribute)?.ok_or_else(|| {
            self.error(
                node,
                format!(
                    "`<{}>` needs a `{attribute}` attribute",
                    node.tag_name().name()
                ),
            )
        })
    }

    fn flag(&self, node: Node<'_, '_>, attribute: &str) -> Result<bool, Error> {
        match node.attribute(attribute).map(str::trim) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(other) => Err(self.error(
                node,
                format!("`{attribute}=\"{other}\"` is not a boolean (true, false, 1 or 0)"),
            )),
        }
    }

    fn occurs(&self, node: Node<'_, '_>) -> Result<Occurs, Error> {
        let number = |attribute: &str, text: &str| {
            text.trim().parse::<u64>().map_err(|_| {
                self.error(
                    node,
                    format!("`{attribute}=\"{text}\"` is not a non-negative integer"),
                )
            })
        };
        let min = match node.attribute("minOccurs") {
            Some(text) => number("minOccurs", text)?,
            None => 1,
        };
        let max = match node.attribute("maxOccurs") {
            Some(text) if text.trim() == "unbounded" => None,
            Some(text) => Some(number("maxOccurs", text)?),
            None => Some(1),
        };
        Ok(Occurs { min, max })
    }

    fn schema(&self, node: Node<'_, '_>) -> Result<Schema, Error> {
        let mut schema = Schema {
            target_namespace: self.target_namespace.clone(),
            elements: Vec::new(),
            complex_types: Vec::new(),
            simple_types: Vec::new(),
            groups: Vec::new(),
            attribute_groups: Vec::new(),
            attributes: Vec::new(),
            imports: Vec::new(),
            includes: Vec::new(),
            origin: self.source.origin(node),
        };
        // Type names are one symbol space (XSD 1.0 §3.4.1): a schema that declares one twice
        // is invalid, and taking either declaration would be a guess.
        let mut type_names = std::collections::BTreeSet::new();
        for child in xs_children(node) {
            let kind = child.tag_name().name();
            if matches!(kind, "complexType" | "simpleType")
                && let Some(name) = child.attribute("name")
                && !type_names.insert(name)
            {
                return Err(self.error(
                    child,
                    format!("the type `{name}` is declared twice in this schema"),
                ));
            }
            match kind {
                "element" => schema.elements.push(self.element(child, true, 0)?),
                "complexType" => {
                    let name = self.qualified(self.required(child, "name")?);
                    schema
                        .complex_types
                        .push(self.complex_type(child, Some(name), 0)?);
                }
                "simpleType" => {
                    let name = self.qualified(self.required(child, "name")?);
                    schema
                        .simple_types
                        .push(self.simple_type(child, Some(name), 0)?);
                }
                "group" => schema.groups.push(self.group(child)?),
                "attributeGroup" => schema.attribute_groups.push(self.attribute_group(child)?),
                "attribute" => schema.attributes.push(self.attribute(child, true, 0)?),
                "import" => schema.imports.push(self.reference(child, "namespace")),
                "include" | "redefine" => schema.includes.push(self.reference(child, "")),
                _ => {} // annotation, notation
            }
        }
        Ok(schema)
    }

    fn reference(&self, node: Node<'_, '_>, namespace_attribute: &str) -> Reference {
        Reference {
            namespace: node.attribute(namespace_attribute).map(str::to_owned),
            location: node.attribute("schemaLocation").map(str::to_owned),
            origin: self.source.origin(node),
        }
    }

    fn deeper(&self, node: Node<'_, '_>, depth: usize) -> Result<usize, Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error(
                node,
                format!("schema components nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(depth + 1)
    }

    /// The name of an element or attribute declaration: its `ref`, or its `name` in the
    /// target namespace when it is global or qualified (by `form`, else by the schema's
    /// default for its kind).
    fn declared_name(
        &self,
        node: Node<'_, '_>,
        reference: Option<&QName>,
        global: bool,
        qualified_by_default: bool,
    ) -> Result<QName, Error> {
        if let Some(reference) = reference {
            return Ok(reference.clone());
        }
        let Some(name) = node.attribute("name") else {
            let kind = node.tag_name().name();
            return Err(self.error(
                node,
                format!("`<{kind}>` needs a `name` or a `ref` attribute"),
            ));
        };
        let qualified = match node.attribute("form") {
            Some(form) => form == "qualified",
            None => global || qualified_by_default,
        };
        if qualified {
            return Ok(self.qualified(name));
        }
        Ok(QName {
            namespace: String::new(),
            local: name.to_owned(),
        })
    }

    fn element(&self, node: Node<'_, '_>, global: bool, depth: usize) -> Result<Element, Error> {
        let depth = self.deeper(node, depth)?;
        let reference = self.qname(node, "ref")?;
        let name = self.declared_name(node, reference.as_ref(), global, self.elements_qualified)?;
        let ty = if let Some(named) = self.qname(node, "type")? {
            TypeUse::Named(named)
        } else if let Some(complex) = xs_child(node, "complexType") {
            TypeUse::Complex(Box::new(self.complex_type(complex, None, depth)?))
        } else if let Some(simple) = xs_child(node, "simpleType") {
            TypeUse::Simple(Box::new(self.simple_type(simple, None, depth)?))
        } else {
            TypeUse::Unspecified
        };
        Ok(Element {
            name,
            reference: reference.map(Box::new),
            ty,
            occurs: if global {
                Occurs::ONCE
            } else {
                self.occurs(node)?
            },
            nillable: self.flag(node, "nillable")?,
            is_abstract: self.flag(node, "abstract")?,
            substitution_group: self.qname(node, "substitutionGroup")?.map(Box::new),
            docs: docs(node),
            origin: self.source.origin(node),
        })
    }

    fn complex_type(
        &self,
        node: Node<'_, '_>,
        name: Option<QName>,
        depth: usize,
    ) -> Result<ComplexType, Error> {
        let depth = self.deeper(node, depth)?;
        let mut ty = ComplexType {
            name,
            is_abstract: self.flag(node, "abstract")?,
            mixed: self.flag(node, "mixed")?,
            derivation: None,
            particle: None,
            attributes: Vec::new(),
            any_attribute: false,
            docs: docs(node),
            origin: self.source.origin(node),
        };
        let content = xs_children(node)
            .find(|child| matches!(child.tag_name().name(), "simpleContent" | "complexContent"));
        let Some(content) = content else {
            self.content(node, &mut ty, depth)?;
            return Ok(ty);
        };
        let simple_content = content.tag_name().name() == "simpleContent";
        ty.mixed |= self.flag(content, "mixed")?;
        let derivation = xs_children(content)
            .find(|child| matches!(child.tag_name().name(), "extension" | "restriction"))
            .ok_or_else(|| {
                self.error(
                    content,
                    format!(
                        "`<{}>` needs an `<extension>` or `<restriction>`",
                        content.tag_name().name()
                    ),
                )
            })?;
        let method = if derivation.tag_name().name() == "extension" {
            Method::Extension
        } else {
            Method::Restriction
        };
        // A simpleContent restriction may define its base inline; its text is still text.
        let base = match self.qname(derivation, "base")? {
            Some(base) => base,
            None if simple_content => QName {
                namespace: super::XSD.to_owned(),
                local: "string".to_owned(),
            },
            None => return Err(self.error(derivation, "the derivation needs a `base` attribute")),
        };
        ty.derivation = Some(Derivation {
            base,
            method,
            simple_content,
        });
        self.content(derivation, &mut ty, depth)?;
        Ok(ty)
    }

    /// The particle and attributes directly inside `node`.
    fn content(&self, node: Node<'_, '_>, ty: &mut ComplexType, depth: usize) -> Result<(), Error> {
        for child in xs_children(node) {
            match child.tag_name().name() {
                "sequence" | "choice" | "all" | "group" => {
                    ty.particle = Some(self.particle(child, depth)?);
                }
                "attribute" => ty.attributes.push(AttributeUse::Attribute(
                    self.attribute(child, false, depth)?,
                )),
                "attributeGroup" => ty.attributes.push(AttributeUse::Group(
                    self.required_qname(child, "ref")?,
                    self.source.origin(child),
                )),
                "anyAttribute" => ty.any_attribute = true,
                _ => {}
            }
        }
        Ok(())
    }

    fn particle(&self, node: Node<'_, '_>, depth: usize) -> Result<Particle, Error> {
        let depth = self.deeper(node, depth)?;
        let term = match node.tag_name().name() {
            "element" => Term::Element(Box::new(self.element(node, false, depth)?)),
            "any" => Term::Any,
            "group" => Term::Group(self.required_qname(node, "ref")?),
            compositor => {
                let mut particles = Vec::new();
                for child in xs_children(node) {
                    if matches!(
                        child.tag_name().name(),
                        "element" | "any" | "group" | "sequence" | "choice" | "all"
                    ) {
                        particles.push(self.particle(child, depth)?);
                    }
                }
                match compositor {
                    "choice" => Term::Choice(particles),
                    "all" => Term::All(particles),
                    _ => Term::Sequence(particles),
                }
            }
        };
        Ok(Particle {
            occurs: self.occurs(node)?,
            term,
            origin: self.source.origin(node),
        })
    }

    fn group(&self, node: Node<'_, '_>) -> Result<Group, Error> {
        let name = self.qualified(self.required(node, "name")?);
        let compositor = xs_children(node)
            .find(|child| matches!(child.tag_name().name(), "sequence" | "choice" | "all"))
            .ok_or_else(|| {
                self.error(
                    node,
                    "`<group>` needs a `<sequence>`, `<choice>` or `<all>`",
                )
            })?;
        Ok(Group {
            name,
            particle: self.particle(compositor, 0)?,
        })
    }

    fn attribute_group(&self, node: Node<'_, '_>) -> Result<AttributeGroup, Error> {
        let name = self.qualified(self.required(node, "name")?);
        let mut group = AttributeGroup {
            name,
            attributes: Vec::new(),
            any_attribute: false,
        };
        for child in xs_children(node) {
            match child.tag_name().name() {
                "attribute" => group
                    .attributes
                    .push(AttributeUse::Attribute(self.attribute(child, false, 0)?)),
                "attributeGroup" => group.attributes.push(AttributeUse::Group(
                    self.required_qname(child, "ref")?,
                    self.source.origin(child),
                )),
                "anyAttribute" => group.any_attribute = true,
                _ => {}
            }
        }
        Ok(group)
    }

    fn attribute(
        &self,
        node: Node<'_, '_>,
        global: bool,
        depth: usize,
    ) -> Result<Attribute, Error> {
        let depth = self.deeper(node, depth)?;
        let reference = self.qname(node, "ref")?;
        let name =
            self.declared_name(node, reference.as_ref(), global, self.attributes_qualified)?;
        let ty = if let Some(named) = self.qname(node, "type")? {
            TypeUse::Named(named)
        } else if let Some(simple) = xs_child(node, "simpleType") {
            TypeUse::Simple(Box::new(self.simple_type(simple, None, depth)?))
        } else {
            TypeUse::Unspecified
        };
        Ok(Attribute {
            name,
            reference,
            ty,
            required: node.attribute("use") == Some("required"),
            docs: docs(node),
            origin: self.source.origin(node),
        })
    }

    fn simple_type(
        &self,
        node: Node<'_, '_>,
        name: Option<QName>,
        depth: usize,
    ) -> Result<SimpleType, Error> {
        let depth = self.deeper(node, depth)?;
        let variety = if let Some(restriction) = xs_child(node, "restriction") {
            let base = match self.qname(restriction, "base")? {
                Some(base) => TypeUse::Named(base),
                None => match xs_child(restriction, "simpleType") {
                    Some(inner) => TypeUse::Simple(Box::new(self.simple_type(inner, None, depth)?)),
                    None => TypeUse::Unspecified,
                },
            };
            let enumeration = xs_children(restriction)
                .filter(|child| child.tag_name().name() == "enumeration")
                .map(|value| self.enum_value(value))
                .collect::<Result<_, _>>()?;
            Variety::Restriction { base, enumeration }
        } else if let Some(list) = xs_child(node, "list") {
            let item = match self.qname(list, "itemType")? {
                Some(item) => TypeUse::Named(item),
                None => match xs_child(list, "simpleType") {
                    Some(inner) => TypeUse::Simple(Box::new(self.simple_type(inner, None, depth)?)),
                    None => TypeUse::Unspecified,
                },
            };
            Variety::List { item }
        } else if xs_child(node, "union").is_some() {
            Variety::Union
        } else {
            return Err(self.error(
                node,
                "`<simpleType>` needs a `<restriction>`, `<list>` or `<union>`",
            ));
        };
        Ok(SimpleType {
            name,
            variety,
            docs: docs(node),
            origin: self.source.origin(node),
        })
    }

    fn enum_value(&self, node: Node<'_, '_>) -> Result<EnumValue, Error> {
        let number = xs_child(node, "annotation")
            .and_then(|annotation| xs_child(annotation, "appinfo"))
            .and_then(|appinfo| {
                appinfo.children().find(|child| {
                    child.tag_name().name() == "EnumerationValue"
                        && child.tag_name().namespace() == Some(SERIALIZATION)
                })
            })
            .and_then(|value| value.text())
            .and_then(|text| text.trim().parse::<i64>().ok());
        Ok(EnumValue {
            value: self.required(node, "value")?.to_owned(),
            number,
            docs: docs(node),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn read(text: &str) -> Result<Schema, Error> {
        let source = Source::parse(Arc::new(PathBuf::from("s.xsd")), text)?;
        read_schema(&source, source.document.root_element(), None)
    }

    #[test]
    fn forms_decide_wire_namespaces() {
        let schema = read(
            r#"<s:schema xmlns:s="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">
  <s:complexType name="Header">
    <s:sequence>
      <s:element minOccurs="0" name="SessionID" type="s:string"/>
      <s:element name="Local" form="unqualified" type="s:int" maxOccurs="unbounded"/>
    </s:sequence>
    <s:attribute name="id" type="s:string" use="required"/>
    <s:anyAttribute/>
  </s:complexType>
</s:schema>"#,
        )
        .unwrap();
        let header = &schema.complex_types[0];
        let Some(Particle {
            term: Term::Sequence(items),
            ..
        }) = &header.particle
        else {
            panic!("a sequence");
        };
        let Term::Element(session) = &items[0].term else {
            panic!()
        };
        assert_eq!(session.name.to_string(), "{urn:t}SessionID");
        assert_eq!(
            session.occurs,
            Occurs {
                min: 0,
                max: Some(1)
            }
        );
        let Term::Element(local) = &items[1].term else {
            panic!()
        };
        assert_eq!(local.name.to_string(), "{}Local");
        assert!(local.occurs.repeats());
        let AttributeUse::Attribute(id) = &header.attributes[0] else {
            panic!()
        };
        assert_eq!((id.name.to_string().as_str(), id.required), ("{}id", true));
        assert!(header.any_attribute);
    }

    #[test]
    fn enumerations_keep_wcf_numbers() {
        let schema = read(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <xs:simpleType name="Code"><xs:restriction base="xs:string">
    <xs:enumeration value="Unexpected"><xs:annotation><xs:appinfo>
      <EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">100</EnumerationValue>
    </xs:appinfo></xs:annotation></xs:enumeration>
    <xs:enumeration value="Other"/>
  </xs:restriction></xs:simpleType>
</xs:schema>"#,
        )
        .unwrap();
        let Variety::Restriction { enumeration, .. } = &schema.simple_types[0].variety else {
            panic!()
        };
        assert_eq!(enumeration[0].number, Some(100));
        assert_eq!(enumeration[1].number, None);
    }

    #[test]
    fn bad_schemas_are_located_errors() {
        let message = |text: &str| read(text).unwrap_err().to_string();
        assert_eq!(
            message(
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="a" type="q:b"/></xs:schema>"#
            ),
            "s.xsd:2:3: `type=\"q:b\"` uses the prefix `q`, which is not declared"
        );
        assert!(
            message(
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="a"><xs:sequence><xs:element name="b" maxOccurs="many"/></xs:sequence></xs:complexType></xs:schema>"#
            )
            .contains("`maxOccurs=\"many\"` is not a non-negative integer")
        );
        let deep = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{}{}</xs:schema>"#,
            r#"<xs:element name="a"><xs:complexType><xs:sequence>"#.repeat(40),
            "</xs:sequence></xs:complexType></xs:element>".repeat(40)
        );
        assert!(message(&deep).contains("nest deeper than 64 levels"));
    }
}
