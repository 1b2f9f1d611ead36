//! XML Schema types as IR types, created on demand from what the operations reference.
//!
//! - Complex types become structs whose fields are elements, attributes, simple content
//!   or a wildcard, with extension bases' fields first; every type derived from a used
//!   type comes along, so `xsi:type` can name it.
//! - A type holding nothing but one repeated element (`ArrayOfString`) becomes a wrapped
//!   list in the field that uses it; a type of nothing but wildcards (`XmlNode`, DataSets)
//!   becomes raw XML.
//! - Simple types become their base, an open enum (enumerations), or a text list.
//! - Optionality keeps both dimensions: [`Presence`] for `minOccurs`, `nillable` apart.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::builtin::{self, is_value_type};
use crate::error::{Error, Result};
use crate::ir::{
    Enum, EnumMember, Field, LookupHasher, Origin, Presence, Primitive, TypeDef, TypeId, TypeKind,
    TypeRef, Warning, XmlKind, XmlName, XmlType,
};
use crate::wsdl::QName;
use crate::wsdl::schema::{
    AttributeUse, ComplexType, Derivation, Element, Index, Method, Occurs, Particle, SimpleType,
    Term, TypeDef as SchemaType, TypeUse, Variety, XSD,
};

/// Groups and attribute groups may refer to each other; deeper than this is a cycle.
const MAX_DEPTH: usize = 32;

/// The IR types created so far, and where each schema type went.
pub struct Types<'a> {
    index: &'a Index<'a>,
    defs: BTreeMap<TypeId, TypeDef>,
    /// Named complex types and enums already lowered (or being lowered).
    named: HashMap<QName, TypeId, LookupHasher>,
    ids: HashSet<TypeId, LookupHasher>,
    /// One shared text per namespace, for the ids (see [`TypeId::namespace`]).
    namespaces: BTreeSet<Arc<str>>,
    /// Every id claimed and name lowered, in order, so a failed operation can be undone.
    claimed: Vec<TypeId>,
    lowered: Vec<QName>,
    /// Global elements with anonymous types, and the struct each became.
    globals: HashMap<QName, TypeId, LookupHasher>,
    globals_log: Vec<QName>,
    /// Named complex types whose id is handed out and whose fields are still to lower.
    pending: Vec<(QName, Origin)>,
    draining: bool,
    pub warnings: Vec<Warning>,
}

/// Where [`Types`] stood before an operation was lowered.
#[derive(Clone, Copy, Debug)]
pub struct Checkpoint {
    claimed: usize,
    lowered: usize,
    globals: usize,
}

/// How the particles around a field change it.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Inside a choice or an optional group: may be absent.
    optional: bool,
    /// Inside a repeating group: may repeat.
    repeated: bool,
}

fn to_xml(name: &QName) -> XmlName {
    XmlName {
        namespace: name.namespace.clone(),
        local: name.local.clone(),
    }
}

fn is_schema_element(name: &QName) -> bool {
    name.namespace == XSD && name.local == "schema"
}

impl<'a> Types<'a> {
    pub fn new(index: &'a Index<'a>) -> Self {
        Self {
            index,
            defs: BTreeMap::new(),
            named: HashMap::default(),
            ids: HashSet::default(),
            namespaces: BTreeSet::new(),
            claimed: Vec::new(),
            lowered: Vec::new(),
            globals: HashMap::default(),
            globals_log: Vec::new(),
            pending: Vec::new(),
            draining: false,
            warnings: Vec::new(),
        }
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            claimed: self.claimed.len(),
            lowered: self.lowered.len(),
            globals: self.globals_log.len(),
        }
    }

    /// Forgets every type created since `checkpoint` (an operation that could not be
    /// lowered must not leave half-made types behind).
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        for id in self.claimed.drain(checkpoint.claimed..) {
            self.ids.remove(&id);
            self.defs.remove(&id);
        }
        for name in self.lowered.drain(checkpoint.lowered..) {
            self.named.remove(&name);
        }
        for name in self.globals_log.drain(checkpoint.globals..) {
            self.globals.remove(&name);
        }
    }

    pub fn into_defs(self) -> (Vec<TypeDef>, Vec<Warning>) {
        (self.defs.into_values().collect(), self.warnings)
    }

    /// A fresh id in `namespace`, `name` if it is free.
    fn claim_id(&mut self, namespace: &str, name: &str) -> TypeId {
        let mut candidate = TypeId::new(self.namespace(namespace), name);
        let mut counter = 1;
        while self.ids.contains(&candidate) {
            counter += 1;
            candidate.name = format!("{name}{counter}");
        }
        self.ids.insert(candidate.clone());
        self.claimed.push(candidate.clone());
        candidate
    }

    /// The shared text of `namespace`.
    fn namespace(&mut self, namespace: &str) -> Arc<str> {
        if let Some(shared) = self.namespaces.get(namespace) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = namespace.into();
        self.namespaces.insert(Arc::clone(&shared));
        shared
    }

    /// A struct made up here (a message whose parts sit in the body, an rpc wrapper).
    pub fn synthesized_struct(
        &mut self,
        namespace: &str,
        name: &str,
        fields: Vec<Field>,
        origin: Origin,
    ) -> TypeId {
        let id = self.claim_id(namespace, name);
        self.defs.insert(
            id.clone(),
            TypeDef {
                id: id.clone(),
                params: Vec::new(),
                xml_namespace: None,
                docs: None,
                kind: TypeKind::Struct { fields },
                provided: None,
                xml: XmlType::default(),
                origin,
            },
        );
        id
    }

    /// The global element `name` with its declaration.
    pub fn element(&self, name: &QName, origin: &Origin) -> Result<&'a Element> {
        self.index.element(name).ok_or_else(|| {
            Error::input(
                origin.clone(),
                format!("element `{name}` is not declared in any schema of this document"),
            )
        })
    }

    /// The struct a message body element is: its complex type (named or anonymous), or a
    /// struct with the element's simple value as text.
    pub fn body_struct(&mut self, element: &'a Element) -> Result<TypeId> {
        match &element.ty {
            TypeUse::Named(name) => match self.index.type_def(name) {
                Some(SchemaType::Complex(_)) => self.named_complex(name, &element.origin),
                _ => self.text_struct(element),
            },
            TypeUse::Complex(ty) => self.global_struct(element, ty),
            TypeUse::Simple(_) => self.text_struct(element),
            TypeUse::Unspecified => {
                let field = any_field();
                let hint = self.top_level_hint(&element.name);
                Ok(self.synthesized_struct(
                    &element.name.namespace,
                    &hint,
                    vec![field],
                    element.origin.clone(),
                ))
            }
        }
    }

    /// An anonymous type of a global element is named after it, unless a named type of
    /// that name exists (then `…Element`).
    fn top_level_hint(&self, name: &QName) -> String {
        if self.index.type_def(name).is_some() {
            format!("{}Element", name.local)
        } else {
            name.local.clone()
        }
    }

    fn text_struct(&mut self, element: &'a Element) -> Result<TypeId> {
        let hint = self.top_level_hint(&element.name);
        let ty = self.simple_use(&element.ty, &hint, &element.origin, 0)?;
        let field = text_field(ty);
        let hint = self.top_level_hint(&element.name);
        Ok(self.synthesized_struct(
            &element.name.namespace,
            &hint,
            vec![field],
            element.origin.clone(),
        ))
    }

    /// The IR type of a global element's value (a header, a fault detail, a part).
    pub fn element_type(&mut self, element: &'a Element) -> Result<TypeRef> {
        let hint = self.top_level_hint(&element.name);
        self.type_of(element, &hint, true)
    }

    /// The IR type of a named type.
    pub fn named_type(&mut self, name: &QName, origin: &Origin) -> Result<TypeRef> {
        self.named_ref(name, origin, true, 0)
    }

    fn named_ref(
        &mut self,
        name: &QName,
        origin: &Origin,
        collapse: bool,
        depth: usize,
    ) -> Result<TypeRef> {
        if let Some(builtin) = builtin::builtin(name) {
            return Ok(builtin);
        }
        match self.index.type_def(name) {
            Some(SchemaType::Complex(ty)) => {
                if collapse && let Some(shape) = self.collapsed(ty, Some(name), origin)? {
                    return Ok(shape);
                }
                Ok(TypeRef::named(self.named_complex(name, origin)?))
            }
            Some(SchemaType::Simple(ty)) => self.simple(ty, Some(name), &name.local, origin, depth),
            None => Err(Error::input(
                origin.clone(),
                format!("type `{name}` is not defined in any schema of this document"),
            )),
        }
    }

    /// A wrapped list or raw XML instead of a struct, when the type is only that.
    fn collapsed(
        &mut self,
        ty: &'a ComplexType,
        name: Option<&QName>,
        origin: &Origin,
    ) -> Result<Option<TypeRef>> {
        let derived = name.is_some_and(|name| !self.index.derived(name).is_empty());
        if derived {
            return Ok(None);
        }
        if is_raw(ty) {
            return Ok(Some(TypeRef::Primitive(Primitive::Xml)));
        }
        let Some(item) = list_item(ty) else {
            return Ok(None);
        };
        let (declaration, item_name) = self.resolve_element(item, origin)?;
        let hint = format!(
            "{}.{}",
            name.map_or("Items", |name| name.local.as_str()),
            item_name.local
        );
        // A list of lists keeps both levels of wrappers; a repeated wrapper inside the
        // item would need a third kind of list, so the item stays a struct then.
        let item_type = self.type_of(declaration, &hint, true)?;
        let item_type = if declaration.nillable && is_value_type(&item_type) {
            TypeRef::Nullable(Box::new(item_type))
        } else {
            item_type
        };
        Ok(Some(TypeRef::Wrapped {
            item: Box::new(item_type),
            item_name: to_xml(&item_name),
        }))
    }

    /// The declaration behind an element particle (its `ref=` target) and its wire name.
    fn resolve_element(
        &self,
        element: &'a Element,
        origin: &Origin,
    ) -> Result<(&'a Element, QName)> {
        match &element.reference {
            Some(reference) => {
                let global = self.element(reference, origin)?;
                Ok((global, global.name.clone()))
            }
            None => Ok((element, element.name.clone())),
        }
    }

    /// The type of an element's value.
    fn type_of(&mut self, element: &'a Element, hint: &str, collapse: bool) -> Result<TypeRef> {
        match &element.ty {
            TypeUse::Named(name) => self.named_ref(name, &element.origin, collapse, 0),
            TypeUse::Complex(ty) => {
                if collapse && let Some(shape) = self.collapsed(ty, None, &element.origin)? {
                    return Ok(shape);
                }
                let global = self
                    .index
                    .element(&element.name)
                    .is_some_and(|declared| std::ptr::eq(declared, element));
                let id = if global {
                    self.global_struct(element, ty)?
                } else {
                    self.anonymous_complex(ty, &element.name.namespace, hint)?
                };
                Ok(TypeRef::named(id))
            }
            TypeUse::Simple(ty) => self.simple(ty, None, hint, &element.origin, 0),
            TypeUse::Unspecified => Ok(TypeRef::Primitive(Primitive::Any)),
        }
    }

    /// The id of the struct for the named complex type `name`, lowering it (and every
    /// type derived from it) the first time.
    pub fn named_complex(&mut self, name: &QName, origin: &Origin) -> Result<TypeId> {
        if let Some(id) = self.named.get(name) {
            return Ok(id.clone());
        }
        let Some(SchemaType::Complex(_)) = self.index.type_def(name) else {
            return Err(Error::input(
                origin.clone(),
                format!("`{name}` is not a complex type"),
            ));
        };
        let id = self.claim_id(&name.namespace, &name.local);
        self.named.insert(name.clone(), id.clone());
        self.lowered.push(name.clone());
        self.pending.push((name.clone(), origin.clone()));
        if !self.draining {
            self.draining = true;
            let drained = self.drain();
            self.draining = false;
            if drained.is_err() {
                self.pending.clear();
            }
            drained?;
        }
        Ok(id)
    }

    /// Lowers the named complex types referred to so far, one after another. A chain of
    /// types each referring to the next is as long as the schema, so lowering every
    /// reference where it is met would recurse that deep (and overflow the stack).
    fn drain(&mut self) -> Result<()> {
        while let Some((name, origin)) = self.pending.pop() {
            self.lower_named_complex(&name, &origin)?;
        }
        Ok(())
    }

    fn lower_named_complex(&mut self, name: &QName, origin: &Origin) -> Result<()> {
        let (Some(SchemaType::Complex(ty)), Some(id)) =
            (self.index.type_def(name), self.named.get(name).cloned())
        else {
            return Err(Error::input(
                origin.clone(),
                format!("`{name}` is not a complex type"),
            ));
        };
        let fields = self.complex_fields(ty, &name.local, &mut vec![name.clone()])?;
        let base = match &ty.derivation {
            Some(Derivation {
                base,
                method: Method::Extension,
                simple_content: false,
            }) if builtin::builtin(base).is_none() => Some(self.named_complex(base, &ty.origin)?),
            _ => None,
        };
        self.defs.insert(
            id.clone(),
            TypeDef {
                id,
                params: Vec::new(),
                xml_namespace: None,
                docs: ty.docs.clone(),
                kind: TypeKind::Struct { fields },
                provided: None,
                xml: XmlType {
                    name: Some(to_xml(name)),
                    base,
                    is_abstract: ty.is_abstract,
                },
                origin: ty.origin.clone(),
            },
        );
        for derived in self.index.derived(name).to_vec() {
            self.named_complex(derived, &ty.origin)?;
        }
        Ok(())
    }

    /// The struct of a global element's anonymous type: one, however many places use the
    /// element (as a body, a header, through `ref=`).
    fn global_struct(&mut self, element: &'a Element, ty: &'a ComplexType) -> Result<TypeId> {
        if let Some(id) = self.globals.get(&element.name) {
            return Ok(id.clone());
        }
        let hint = self.top_level_hint(&element.name);
        let id = self.anonymous_complex(ty, &element.name.namespace, &hint)?;
        self.globals.insert(element.name.clone(), id.clone());
        self.globals_log.push(element.name.clone());
        Ok(id)
    }

    fn anonymous_complex(
        &mut self,
        ty: &'a ComplexType,
        namespace: &str,
        hint: &str,
    ) -> Result<TypeId> {
        let id = self.claim_id(namespace, hint);
        let fields = self.complex_fields(ty, hint, &mut Vec::new())?;
        self.defs.insert(
            id.clone(),
            TypeDef {
                id: id.clone(),
                params: Vec::new(),
                xml_namespace: None,
                docs: ty.docs.clone(),
                kind: TypeKind::Struct { fields },
                provided: None,
                xml: XmlType::default(),
                origin: ty.origin.clone(),
            },
        );
        Ok(id)
    }

    /// Every field of a complex type on the wire: attributes first (base's, then its own),
    /// then simple content, then elements (base's, then its own).
    fn complex_fields(
        &mut self,
        ty: &'a ComplexType,
        hint: &str,
        bases: &mut Vec<QName>,
    ) -> Result<Vec<Field>> {
        let mut attributes = Vec::new();
        let mut content = Vec::new();
        if let Some(derivation) = &ty.derivation {
            self.base_fields(ty, derivation, bases, &mut attributes, &mut content)?;
        }
        if let Some(particle) = &ty.particle {
            self.particle_fields(particle, hint, Context::default(), &mut content, 0)?;
        }
        self.attribute_fields(&ty.attributes, hint, &mut attributes, 0)?;
        if ty.any_attribute || self.groups_open_attributes(&ty.attributes, 0) {
            push_open_attributes(&mut attributes);
        }
        dedupe(&mut attributes);
        attributes.extend(content);
        Ok(attributes)
    }

    fn base_fields(
        &mut self,
        ty: &'a ComplexType,
        derivation: &'a Derivation,
        bases: &mut Vec<QName>,
        attributes: &mut Vec<Field>,
        content: &mut Vec<Field>,
    ) -> Result<()> {
        let base = &derivation.base;
        if let Some(simple) = builtin::builtin(base) {
            if derivation.simple_content {
                content.push(text_field(simple));
            }
            return Ok(());
        }
        match self.index.type_def(base) {
            Some(SchemaType::Simple(simple)) => {
                let ty = self.simple(simple, Some(base), &base.local, &ty.origin, 0)?;
                content.push(text_field(ty));
                Ok(())
            }
            Some(SchemaType::Complex(base_type)) => {
                if bases.contains(base) {
                    let chain: Vec<&str> = bases
                        .iter()
                        .chain(std::iter::once(base))
                        .map(|name| name.local.as_str())
                        .collect();
                    return Err(Error::input(
                        ty.origin.clone(),
                        format!("cyclic inheritance: {}", chain.join(" -> ")),
                    ));
                }
                bases.push(base.clone());
                let inherited = self.complex_fields(base_type, &base.local, bases)?;
                bases.pop();
                for field in inherited {
                    // A restriction restates its content; only attributes carry over.
                    let keep = derivation.method == Method::Extension
                        || field.xml.kind != XmlKind::Element
                        || derivation.simple_content;
                    match field.xml.kind {
                        XmlKind::Attribute | XmlKind::AnyAttribute => attributes.push(field),
                        _ if keep => content.push(field),
                        _ => {}
                    }
                }
                Ok(())
            }
            None => Err(Error::input(
                ty.origin.clone(),
                format!("the base type `{base}` is not defined in any schema of this document"),
            )),
        }
    }

    fn particle_fields(
        &mut self,
        particle: &'a Particle,
        hint: &str,
        context: Context,
        out: &mut Vec<Field>,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::input(
                particle.origin.clone(),
                "model groups refer to each other in a cycle",
            ));
        }
        let mut context = context;
        if !matches!(particle.term, Term::Element(_)) {
            context.optional |= particle.occurs.min == 0;
            context.repeated |= particle.occurs.repeats();
        }
        match &particle.term {
            Term::Element(element) => self.element_fields(element, hint, context, out),
            Term::Sequence(items) | Term::All(items) => {
                for item in items {
                    self.particle_fields(item, hint, context, out, depth + 1)?;
                }
                Ok(())
            }
            Term::Choice(items) => {
                if context.repeated && items.len() > 1 {
                    self.warnings.push(Warning {
                        origin: particle.origin.clone(),
                        message: format!(
                            "a repeated choice in `{hint}`: each branch becomes a list of its own, so the order between branches is not kept"
                        ),
                    });
                }
                let branch = Context {
                    optional: true,
                    ..context
                };
                for item in items {
                    self.particle_fields(item, hint, branch, out, depth + 1)?;
                }
                Ok(())
            }
            Term::Group(name) => {
                let group = self.index.group(name).ok_or_else(|| {
                    Error::input(
                        particle.origin.clone(),
                        format!("group `{name}` is not defined in any schema of this document"),
                    )
                })?;
                self.particle_fields(&group.particle, hint, context, out, depth + 1)
            }
            Term::Any => {
                push_any(out);
                Ok(())
            }
        }
    }

    fn element_fields(
        &mut self,
        element: &'a Element,
        hint: &str,
        context: Context,
        out: &mut Vec<Field>,
    ) -> Result<()> {
        if element.reference.as_deref().is_some_and(is_schema_element) {
            push_any(out); // a DataSet's inline schema
            return Ok(());
        }
        let (declaration, name) = self.resolve_element(element, &element.origin)?;
        let substitutes = self.substitution_group(&name);
        if !substitutes.is_empty() {
            if context.repeated || element.occurs.repeats() {
                self.warnings.push(Warning {
                    origin: element.origin.clone(),
                    message: format!(
                        "`{}` repeats and may be substituted: each member becomes a list of its own, so the order between members is not kept",
                        name.local
                    ),
                });
            }
            // The head may be replaced by any member of its substitution group: one
            // optional field per member (and the head, unless it is abstract).
            let choice = Context {
                optional: true,
                ..context
            };
            if !declaration.is_abstract {
                out.push(self.element_field(declaration, &name, element.occurs, hint, choice)?);
            }
            for substitute in substitutes {
                let member = self.element(substitute, &element.origin)?;
                out.push(self.element_field(member, &member.name, element.occurs, hint, choice)?);
            }
            return Ok(());
        }
        out.push(self.element_field(declaration, &name, element.occurs, hint, context)?);
        Ok(())
    }

    /// Every element that may stand where `head` is expected, members of members too.
    fn substitution_group(&self, head: &QName) -> Vec<&'a QName> {
        let mut members: Vec<&'a QName> = Vec::new();
        let mut next = vec![head];
        while let Some(current) = next.pop() {
            for member in self.index.substitutes(current) {
                if !members.contains(member) && *member != head {
                    members.push(member);
                    next.push(member);
                }
            }
        }
        members
    }

    fn element_field(
        &mut self,
        declaration: &'a Element,
        name: &QName,
        occurs: Occurs,
        hint: &str,
        context: Context,
    ) -> Result<Field> {
        let repeated = context.repeated || occurs.repeats();
        let nested_hint = format!("{hint}.{}", name.local);
        // A repeated element of a list-wrapper type keeps the wrapper as a struct.
        let item = self.type_of(declaration, &nested_hint, !repeated)?;
        let (ty, presence) = if repeated {
            let item = if declaration.nillable && is_value_type(&item) {
                TypeRef::Nullable(Box::new(item))
            } else {
                item
            };
            (TypeRef::List(Box::new(item)), Presence::DefaultIfMissing)
        } else if context.optional || occurs.min == 0 {
            (item, Presence::Optional)
        } else {
            (item, Presence::Required)
        };
        let mut field =
            Field::xml_named(XmlKind::Element, &name.namespace, &name.local, ty, presence);
        field.docs = declaration.docs.clone();
        field.xml.nillable = declaration.nillable;
        Ok(field)
    }

    /// Whether an attribute group among `uses` (or one it refers to) has `xs:anyAttribute`.
    fn groups_open_attributes(&self, uses: &[AttributeUse], depth: usize) -> bool {
        depth <= MAX_DEPTH
            && uses.iter().any(|attribute_use| match attribute_use {
                AttributeUse::Group(name, _) => {
                    self.index.attribute_group(name).is_some_and(|group| {
                        group.any_attribute
                            || self.groups_open_attributes(&group.attributes, depth + 1)
                    })
                }
                AttributeUse::Attribute(_) => false,
            })
    }

    fn attribute_fields(
        &mut self,
        uses: &'a [AttributeUse],
        hint: &str,
        out: &mut Vec<Field>,
        depth: usize,
    ) -> Result<()> {
        for attribute_use in uses {
            match attribute_use {
                AttributeUse::Attribute(attribute) => {
                    let declaration = match &attribute.reference {
                        Some(reference) => self.index.attribute(reference).ok_or_else(|| {
                            Error::input(
                                attribute.origin.clone(),
                                format!("attribute `{reference}` is not declared in any schema of this document"),
                            )
                        })?,
                        None => attribute,
                    };
                    let attribute_hint = format!("{hint}.{}", declaration.name.local);
                    let ty =
                        self.simple_use(&declaration.ty, &attribute_hint, &attribute.origin, 0)?;
                    let presence = if attribute.required {
                        Presence::Required
                    } else {
                        Presence::Optional
                    };
                    let QName { namespace, local } = &declaration.name;
                    out.push(Field {
                        docs: declaration.docs.clone(),
                        ..Field::xml_named(XmlKind::Attribute, namespace, local, ty, presence)
                    });
                }
                AttributeUse::Group(name, origin) => {
                    if depth > MAX_DEPTH {
                        return Err(Error::input(
                            origin.clone(),
                            "attribute groups refer to each other in a cycle",
                        ));
                    }
                    let group = self.index.attribute_group(name).ok_or_else(|| {
                        Error::input(
                            origin.clone(),
                            format!("attribute group `{name}` is not defined in any schema of this document"),
                        )
                    })?;
                    self.attribute_fields(&group.attributes, hint, out, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    /// The type of a simple value (an attribute, simple content); `hint` names an anonymous
    /// enumeration.
    fn simple_use(
        &mut self,
        ty: &'a TypeUse,
        hint: &str,
        origin: &Origin,
        depth: usize,
    ) -> Result<TypeRef> {
        match ty {
            TypeUse::Named(name) => {
                if let Some(builtin) = builtin::builtin(name) {
                    return Ok(builtin);
                }
                match self.index.type_def(name) {
                    Some(SchemaType::Simple(simple)) => {
                        self.simple(simple, Some(name), hint, origin, depth)
                    }
                    Some(SchemaType::Complex(_)) => Err(Error::input(
                        origin.clone(),
                        format!("`{name}` is a complex type where a simple value is needed"),
                    )),
                    None => Err(Error::input(
                        origin.clone(),
                        format!("type `{name}` is not defined in any schema of this document"),
                    )),
                }
            }
            TypeUse::Simple(simple) => self.simple(simple, None, hint, origin, depth),
            TypeUse::Complex(_) => Err(Error::input(
                origin.clone(),
                "a complex type where a simple value is needed",
            )),
            TypeUse::Unspecified => Ok(TypeRef::Primitive(Primitive::String)),
        }
    }

    fn simple(
        &mut self,
        ty: &'a SimpleType,
        name: Option<&QName>,
        hint: &str,
        origin: &Origin,
        depth: usize,
    ) -> Result<TypeRef> {
        if depth > MAX_DEPTH {
            return Err(Error::input(
                ty.origin.clone(),
                "simple types restrict each other in a cycle",
            ));
        }
        match &ty.variety {
            Variety::Restriction { enumeration, .. } if !enumeration.is_empty() => {
                Ok(TypeRef::named(self.enum_def(ty, name, hint)))
            }
            Variety::Restriction { base, .. } => self.simple_use(base, hint, origin, depth + 1),
            Variety::List { item } => {
                let item = self.simple_use(item, hint, origin, depth + 1)?;
                Ok(TypeRef::TextList(Box::new(item)))
            }
            Variety::Union => Ok(TypeRef::Primitive(Primitive::String)),
        }
    }

    fn enum_def(&mut self, ty: &'a SimpleType, name: Option<&QName>, hint: &str) -> TypeId {
        if let Some(id) = name.and_then(|name| self.named.get(name)) {
            return id.clone();
        }
        let Variety::Restriction { enumeration, .. } = &ty.variety else {
            return self.claim_id("", "Enum");
        };
        let (namespace, local) = name.map_or(("", hint), |name| {
            (name.namespace.as_str(), name.local.as_str())
        });
        let id = self.claim_id(namespace, local);
        if let Some(name) = name {
            self.named.insert(name.clone(), id.clone());
            self.lowered.push(name.clone());
        }
        let members = enumeration
            .iter()
            .enumerate()
            .map(|(position, value)| EnumMember {
                name: if value.value.is_empty() {
                    "Empty".to_owned()
                } else {
                    value.value.clone()
                },
                wire_name: value.value.clone(),
                value: value
                    .number
                    .unwrap_or_else(|| i64::try_from(position).unwrap_or(i64::MAX)),
                docs: value.docs.clone(),
            })
            .collect();
        self.defs.insert(
            id.clone(),
            TypeDef {
                id: id.clone(),
                params: Vec::new(),
                xml_namespace: None,
                docs: ty.docs.clone(),
                kind: TypeKind::Enum(Enum {
                    integer: false,
                    members,
                }),
                provided: None,
                xml: XmlType {
                    name: name.map(to_xml),
                    base: None,
                    is_abstract: false,
                },
                origin: ty.origin.clone(),
            },
        );
        id
    }
}

fn text_field(ty: TypeRef) -> Field {
    Field::xml_unnamed(XmlKind::Text, "value", ty, Presence::Required)
}

/// The field of every element a type leaves open (`xs:any`), as raw XML.
fn any_field() -> Field {
    let raw = TypeRef::List(Box::new(TypeRef::Primitive(Primitive::Xml)));
    Field::xml_unnamed(XmlKind::Any, "any", raw, Presence::DefaultIfMissing)
}

/// One wildcard field per type collects every unmatched element.
fn push_any(out: &mut Vec<Field>) {
    if out.iter().any(|field| field.xml.kind == XmlKind::Any) {
        return;
    }
    out.push(Field {
        docs: Some("Elements the schema leaves open (`xs:any`), as raw XML.".to_owned()),
        ..any_field()
    });
}

/// One field per type holds the attributes `xs:anyAttribute` leaves open; it sits with the
/// attributes, which are written while the start tag is open.
fn push_open_attributes(attributes: &mut Vec<Field>) {
    if attributes
        .iter()
        .any(|field| field.xml.kind == XmlKind::AnyAttribute)
    {
        return;
    }
    let ty = TypeRef::Primitive(Primitive::Attributes);
    attributes.push(Field {
        docs: Some(
            "Attributes the schema leaves open (`xs:anyAttribute`), by name; sent back as they are."
                .to_owned(),
        ),
        ..Field::xml_unnamed(XmlKind::AnyAttribute, "other_attributes", ty, Presence::DefaultIfMissing)
    });
}

/// The same attribute from a base and a restriction: the later one wins.
fn dedupe(attributes: &mut Vec<Field>) {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<Field> = Vec::with_capacity(attributes.len());
    for field in attributes.drain(..).rev() {
        if seen.insert((field.xml.namespace.clone(), field.wire_name.clone())) {
            kept.push(field);
        }
    }
    kept.reverse();
    *attributes = kept;
}

/// Nothing but wildcards (and a DataSet's inline schema), or mixed content: raw XML.
fn is_raw(ty: &ComplexType) -> bool {
    fn only_wildcards(particle: &Particle, found: &mut bool) -> bool {
        match &particle.term {
            Term::Any => {
                *found = true;
                true
            }
            Term::Element(element) => element.reference.as_deref().is_some_and(is_schema_element),
            Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
                items.iter().all(|item| only_wildcards(item, found))
            }
            Term::Group(_) => false,
        }
    }
    if ty.derivation.is_some() || !ty.attributes.is_empty() {
        return false;
    }
    // Text between elements has no place in a struct; the content is kept whole.
    if ty.mixed {
        return true;
    }
    let mut found = false;
    ty.particle
        .as_ref()
        .is_some_and(|particle| only_wildcards(particle, &mut found))
        && found
}

/// The single repeated element of a list wrapper (`ArrayOfString`), if that is all the
/// type holds.
fn list_item(ty: &ComplexType) -> Option<&Element> {
    if ty.derivation.is_some()
        || ty.is_abstract
        || ty.mixed
        || !ty.attributes.is_empty()
        || ty.any_attribute
    {
        return None;
    }
    let particle = ty.particle.as_ref()?;
    let element = match &particle.term {
        Term::Element(element) => element,
        Term::Sequence(items) if particle.occurs == Occurs::ONCE => match items.as_slice() {
            [
                Particle {
                    term: Term::Element(element),
                    ..
                },
            ] => element,
            _ => return None,
        },
        _ => return None,
    };
    (element.occurs.repeats()
        && element
            .reference
            .as_deref()
            .is_none_or(|name| !is_schema_element(name)))
    .then_some(element.as_ref())
}
