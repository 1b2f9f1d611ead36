//! Lowering a ServiceStack `MetadataTypes` document into the IR: operations with their
//! routes, verbs and return types, and every type they need.
//!
//! Both layouts are read: legacy (≤ v5.8: routes and the `IReturn` marker on the request
//! type) and modern (v5.9+: `Routes`, `ReturnType`, `ReturnsVoid`, `Method`,
//! `RequiresAuth` on the operation). Types ServiceStack itself defines (`ResponseStatus`…)
//! are never listed by hosts; they come from the generator's own built-in document.

use std::collections::{BTreeMap, BTreeSet};

use super::clr_type::{self, ClrType};
use super::json::Node;
use super::wire_name;
use crate::error::Result;
use crate::ir::{
    Access, Binding, Enum, EnumMember, Field, HttpBinding, HttpMethod, KeyCasing, Operation,
    Presence, Primitive, ProvidedType, Returns, Route, TypeDef, TypeId, TypeKind, TypeRef, Warning,
    XmlField, XmlType,
};

/// Type parameters in scope and what they stand for.
type Env = BTreeMap<String, TypeRef>;

/// Type declarations of one document, by name (with arity: ``QueryResponse`1``); one
/// name may be declared in several namespaces.
#[derive(Default)]
pub struct Declarations<'a> {
    by_name: BTreeMap<&'a str, Vec<Node<'a>>>,
    /// Interfaces are markers, not types on the wire.
    interfaces: BTreeSet<&'a str>,
    /// Two different declarations of one name in one namespace (v6+ nested types of
    /// different classes share a name); the first is kept.
    conflicts: Vec<Warning>,
}

impl<'a> Declarations<'a> {
    /// Every type declared in `Types[]` and in the operations' `Request`/`Response`.
    /// Interfaces are markers and are left out; so are .NET's own types unless
    /// `keep_system` (the built-in document declares `KeyValuePair`).
    pub fn collect(metadata: &Node<'a>, keep_system: bool) -> Result<Self> {
        let mut declarations = Self::default();
        for node in metadata.array("Types")? {
            declarations.add(node, keep_system)?;
        }
        for operation in metadata.array("Operations")? {
            if let Some(request) = operation.get("Request") {
                declarations.add(request, keep_system)?;
            }
            // A generic response (``QueryResponse`1`` with `["Booking"]`) is a closed use
            // whose members are already substituted, not a definition.
            if let Some(response) = operation.get("Response")
                && response.strings("GenericArgs")?.is_empty()
            {
                declarations.add(response, keep_system)?;
            }
        }
        Ok(declarations)
    }

    fn add(&mut self, node: Node<'a>, keep_system: bool) -> Result<()> {
        let name = node.required_str("Name")?;
        let namespace = node.str("Namespace")?;
        if node.flag("IsInterface")? {
            self.interfaces.insert(name);
            return Ok(());
        }
        if !keep_system && is_system_namespace(namespace) {
            return Ok(());
        }
        let same_name = self.by_name.entry(name).or_default();
        // Response DTOs are repeated in every operation that returns them.
        for known in same_name.iter() {
            if known.str("Namespace")? != namespace {
                continue;
            }
            if wire_shape(known)? != wire_shape(&node)? {
                self.conflicts.push(Warning {
                    origin: node.origin(),
                    message: format!(
                        "`{name}` is declared twice in namespace `{}` with different members (nested types of two classes?); the first declaration is used",
                        namespace.unwrap_or_default()
                    ),
                });
            }
            return Ok(());
        }
        same_name.push(node);
        Ok(())
    }

    /// Adds `other`'s declarations; on a clash the ones already here win.
    pub fn extend(&mut self, other: Self) {
        for (name, nodes) in other.by_name {
            self.by_name.entry(name).or_insert(nodes);
        }
        self.interfaces.extend(other.interfaces);
        self.conflicts.extend(other.conflicts);
    }

    /// The declaration of `name`, preferring the one in `namespace`.
    fn find(&self, name: &str, namespace: Option<&str>) -> Option<&Node<'a>> {
        let candidates = self.by_name.get(name)?;
        let in_namespace = candidates
            .iter()
            .find(|node| namespace.is_some() && node.str("Namespace").ok().flatten() == namespace);
        in_namespace.or(candidates.first())
    }

    fn all(&self) -> impl Iterator<Item = &Node<'a>> {
        self.by_name.values().flatten()
    }
}

/// A type's or property's `Description`, then its `Notes` (ServiceStack's `[Notes]`, the
/// longer text its API explorer shows) as a paragraph of their own.
fn docs_of(node: &Node<'_>) -> Result<Option<String>> {
    let paragraphs: Vec<&str> = [node.str("Description")?, node.str("Notes")?]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .collect();
    Ok((!paragraphs.is_empty()).then(|| paragraphs.join("\n\n")))
}

/// What of a type's members matters on the wire: names, types and DataContract names, in
/// order; not UI attributes (`input`, `format`, `ref`…) or docs, which v8 hosts repeat with
/// differences for the same DTO.
fn wire_shape(node: &Node<'_>) -> Result<Vec<serde_json::Value>> {
    let mut shape = Vec::new();
    for property in node.array("Properties")? {
        let mut member = serde_json::Map::new();
        for key in [
            "Name",
            "Type",
            "GenericArgs",
            "Namespace",
            "IsValueType",
            "DataMember",
        ] {
            if let Some(value) = property.get(key) {
                member.insert(key.to_ascii_lowercase(), value.value.clone());
            }
        }
        shape.push(serde_json::Value::Object(member));
    }
    Ok(shape)
}

/// The built-in types the runtime has its own of.
fn provided_type(id: &TypeId) -> Option<ProvidedType> {
    match (&*id.namespace, id.name.as_str(), id.arity) {
        ("ServiceStack", "ResponseStatus", 0) => Some(ProvidedType::ResponseStatus),
        ("ServiceStack", "ResponseError", 0) => Some(ProvidedType::ResponseError),
        ("System.Collections.Generic", "KeyValuePair", 2) => Some(ProvidedType::KeyValuePair),
        _ => None,
    }
}

fn is_system_namespace(namespace: Option<&str>) -> bool {
    namespace.is_some_and(|namespace| namespace == "System" || namespace.starts_with("System."))
}

/// Turns the declarations of one document (plus the built-ins it uses) into IR.
pub struct Lowering<'a, 'b> {
    declarations: &'b Declarations<'a>,
    builtins: &'b Declarations<'a>,
    casing: KeyCasing,
    /// Built-in types referenced so far, by (name, namespace); lowered after the
    /// document's own.
    used_builtins: BTreeSet<(&'a str, Option<&'a str>)>,
    warnings: Vec<Warning>,
}

impl<'a, 'b> Lowering<'a, 'b> {
    pub fn new(
        declarations: &'b Declarations<'a>,
        builtins: &'b Declarations<'a>,
        casing: KeyCasing,
    ) -> Self {
        Self {
            declarations,
            builtins,
            casing,
            used_builtins: BTreeSet::new(),
            warnings: declarations.conflicts.clone(),
        }
    }

    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }

    fn warn(&mut self, at: &Node<'_>, message: String) {
        self.warnings.push(Warning {
            origin: at.origin(),
            message,
        });
    }

    pub fn operation(&mut self, node: &Node<'a>) -> Result<Operation> {
        let request = node
            .get("Request")
            .ok_or_else(|| node.error("operation without `Request`"))?;
        let name = request.required_str("Name")?;
        Ok(Operation {
            name: name.to_owned(),
            docs: docs_of(&request)?,
            request: type_id(&request)?,
            returns: self.returns(node, &request)?,
            binding: Binding::Http(http_binding(node, &request)?),
            requires_auth: node.flag("RequiresAuth")?,
            access: Access {
                all_roles: owned(node.strings("RequiredRoles")?),
                any_role: owned(node.strings("RequiresAnyRole")?),
                all_permissions: owned(node.strings("RequiredPermissions")?),
                any_permission: owned(node.strings("RequiresAnyPermission")?),
            },
            tags: node
                .strings("Tags")?
                .into_iter()
                .map(str::to_owned)
                .collect(),
            origin: node.origin(),
        })
    }

    fn returns(&mut self, operation: &Node<'a>, request: &Node<'a>) -> Result<Returns> {
        if operation.flag("ReturnsVoid")? || request.flag("ReturnVoidMarker")? {
            return Ok(Returns::Nothing);
        }
        let marker = operation
            .get("ReturnType")
            .or_else(|| request.get("ReturnMarkerTypeName"))
            .or_else(|| operation.get("Response"));
        let Some(marker) = marker else {
            // No marker and no conventional response type: the answer's shape is unknown.
            return Ok(Returns::Type(TypeRef::Primitive(Primitive::Any)));
        };
        let name = marker.required_str("Name")?;
        let args = marker.strings("GenericArgs")?;
        let parsed = clr_type::parse(name, &args).map_err(|message| marker.error(message))?;
        let namespace = marker.str("Namespace")?;
        Ok(Returns::Type(
            self.resolve(&parsed, &marker, namespace, &Env::new())?.0,
        ))
    }

    /// Lowers every declaration of the document, then the built-ins they reference.
    pub fn types(&mut self) -> Result<Vec<TypeDef>> {
        let mut types = Vec::new();
        for node in self.declarations.all() {
            types.push(self.type_def(node, false)?);
        }
        let mut done = BTreeSet::new();
        while let Some(key) = self.used_builtins.difference(&done).next().copied() {
            done.insert(key);
            if let Some(node) = self.builtins.find(key.0, key.1) {
                types.push(self.type_def(node, true)?);
            }
        }
        types.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(types)
    }

    fn type_def(&mut self, node: &Node<'a>, builtin: bool) -> Result<TypeDef> {
        let params: Vec<String> = node
            .strings("GenericArgs")?
            .iter()
            .map(|param| param.trim_start_matches('\'').to_owned())
            .collect();
        let env: Env = params
            .iter()
            .map(|param| (param.clone(), TypeRef::Param(param.clone())))
            .collect();
        let kind = if node.flag("IsEnum")? {
            TypeKind::Enum(enum_def(node)?)
        } else if let Some(collection) = self.inherited_collection(node, &env)? {
            TypeKind::Newtype(collection)
        } else {
            let mut fields = Vec::new();
            self.inherited_fields(node, &env, &mut Vec::new(), &mut fields)?;
            TypeKind::Struct { fields }
        };
        let xml_namespace = match node.get("DataContract") {
            Some(contract) => contract.str("Namespace")?.map(str::to_owned),
            None => None,
        };
        let id = type_id(node)?;
        Ok(TypeDef {
            provided: builtin.then(|| provided_type(&id)).flatten(),
            id,
            params,
            xml_namespace,
            docs: docs_of(node)?,
            kind,
            xml: XmlType::default(),
            origin: node.origin(),
        })
    }

    /// `class Contacts : List<Contact>`: the type is the collection on the wire.
    fn inherited_collection(&mut self, node: &Node<'a>, env: &Env) -> Result<Option<TypeRef>> {
        let Some(base) = node.get("Inherits") else {
            return Ok(None);
        };
        let name = base.required_str("Name")?;
        let plain = name.split('`').next().unwrap_or(name);
        if !is_list(plain) && !is_map(plain) {
            return Ok(None);
        }
        let args = base.strings("GenericArgs")?;
        let parsed = clr_type::parse(name, &args).map_err(|message| base.error(message))?;
        Ok(Some(self.resolve(&parsed, &base, None, env)?.0))
    }

    /// Base-class members first, as ServiceStack writes them; `chain` detects cycles.
    fn inherited_fields(
        &mut self,
        node: &Node<'a>,
        env: &Env,
        chain: &mut Vec<&'a str>,
        fields: &mut Vec<Field>,
    ) -> Result<()> {
        let name = node.required_str("Name")?;
        if chain.contains(&name) {
            chain.push(name);
            return Err(node.error(format!("cyclic inheritance: {}", chain.join(" -> "))));
        }
        chain.push(name);
        if let Some(base) = node.get("Inherits") {
            let (base_node, base_env) = self.base(&base, env)?;
            self.inherited_fields(&base_node, &base_env, chain, fields)?;
        }
        let mut own = Vec::new();
        for property in node.array("Properties")? {
            let order = data_member_order(&property)?;
            let field = self.field(&property, env)?;
            // DataContract sorts by the data member's name: `DataMember.Name`, else the
            // property's (the wire name on PascalCase hosts).
            let data_member_name = property
                .get("DataMember")
                .map(|member| member.str("Name"))
                .transpose()?
                .flatten()
                .unwrap_or(&field.name)
                .to_owned();
            own.push(((order, data_member_name), field));
        }
        // DataContract order, which XML readers depend on: base members first (above),
        // then members without an `Order` alphabetically, then by `Order` and name.
        own.sort_by(|(a, _), (b, _)| a.cmp(b));
        // A property redeclared with C# `new` is listed by the base and the derived type:
        // one member on the wire, the most derived declaration wins (ServiceStack's
        // `GetAllProperties`).
        fields.retain(|inherited| {
            !own.iter()
                .any(|(_, field)| field.wire_name.eq_ignore_ascii_case(&inherited.wire_name))
        });
        fields.extend(own.into_iter().map(|(_, field)| field));
        Ok(())
    }

    /// The base type's declaration and its type parameters bound to the arguments.
    fn base(&mut self, base: &Node<'a>, env: &Env) -> Result<(Node<'a>, Env)> {
        let name = base.required_str("Name")?;
        let namespace = base.str("Namespace")?;
        let base_node = self
            .find(name, namespace)
            .ok_or_else(|| base.error(format!("unknown base type `{name}`")))?;
        let params = base_node.strings("GenericArgs")?;
        let args = base.strings("GenericArgs")?;
        if params.len() != args.len() {
            return Err(base.error(format!(
                "`{name}` takes {} generic argument(s) but {} are given",
                params.len(),
                args.len()
            )));
        }
        let mut base_env = Env::new();
        for (param, arg) in params.iter().zip(&args) {
            let parsed = clr_type::parse_nested(arg).map_err(|message| base.error(message))?;
            let resolved = self.resolve(&parsed, base, None, env)?;
            base_env.insert(param.trim_start_matches('\'').to_owned(), element(resolved));
        }
        Ok((base_node, base_env))
    }

    fn field(&mut self, property: &Node<'a>, env: &Env) -> Result<Field> {
        let name = property.required_str("Name")?;
        let type_name = property.required_str("Type")?;
        let args = property.strings("GenericArgs")?;
        let type_node = property.get("Type").unwrap_or_else(|| property.clone());
        let namespace = property
            .str("Namespace")?
            .or(property.str("TypeNamespace")?);
        let (ty, nullable) = if type_name.starts_with("Nullable`1[") && args.is_empty() {
            // ServiceStack v6 drops the element type of arrays of nullables.
            self.warn(
                &type_node,
                format!(
                    "`{type_name}` without its generic argument: read as a list of any JSON values"
                ),
            );
            (
                TypeRef::List(Box::new(TypeRef::Nullable(Box::new(TypeRef::Primitive(
                    Primitive::Any,
                ))))),
                false,
            )
        } else {
            let parsed =
                clr_type::parse(type_name, &args).map_err(|message| type_node.error(message))?;
            self.resolve_property(
                &parsed,
                &type_node,
                namespace,
                env,
                property.flag("IsValueType")?,
            )?
        };
        // Arrays and lists are references in .NET, whatever a document says of them.
        let collection = matches!(
            ty,
            TypeRef::List(_) | TypeRef::Map(..) | TypeRef::Primitive(Primitive::Bytes)
        );
        let presence = if !nullable && !collection && property.flag("IsValueType")? {
            Presence::DefaultIfMissing
        } else {
            Presence::Optional
        };
        let data_member_name = property
            .get("DataMember")
            .map(|member| member.str("Name"))
            .transpose()?
            .flatten();
        let (wire_name, wire_aliases) =
            wire_name::for_property(name, data_member_name, self.casing);
        Ok(Field {
            name: name.to_owned(),
            wire_name,
            wire_aliases,
            ty,
            presence,
            docs: docs_of(property)?,
            xml: XmlField::default(),
        })
    }

    /// Like [`Self::resolve`], but a struct the document does not declare (a user value
    /// type such as `Point`) is a string on the wire, as ServiceStack's generators treat it.
    fn resolve_property(
        &mut self,
        ty: &ClrType,
        at: &Node<'a>,
        namespace: Option<&str>,
        env: &Env,
        value_type: bool,
    ) -> Result<(TypeRef, bool)> {
        if let ClrType::Named { name, args } = ty
            && args.is_empty()
            && value_type
            && !is_system_namespace(namespace)
            && primitive(name).is_none()
            && !env.contains_key(name)
            && self.find(name, namespace).is_none()
        {
            self.warn(
                at,
                format!("value type `{name}` is not declared: read as an optional string"),
            );
            // Optional, because the struct's default has no known string form.
            return Ok((TypeRef::Primitive(Primitive::String), true));
        }
        self.resolve(ty, at, namespace, env)
    }

    /// The IR type for a CLR type, and whether it was `Nullable<T>`.
    fn resolve(
        &mut self,
        ty: &ClrType,
        at: &Node<'a>,
        namespace: Option<&str>,
        env: &Env,
    ) -> Result<(TypeRef, bool)> {
        match ty {
            ClrType::Array(element_type) => {
                let resolved = self.resolve(element_type, at, None, env)?;
                if resolved == (TypeRef::Primitive(Primitive::U8), false) {
                    return Ok((TypeRef::Primitive(Primitive::Bytes), false));
                }
                Ok((TypeRef::List(Box::new(element(resolved))), false))
            }
            ClrType::Named { name, args } => self.resolve_named(name, args, at, namespace, env),
        }
    }

    fn resolve_named(
        &mut self,
        name: &str,
        args: &[ClrType],
        at: &Node<'a>,
        namespace: Option<&str>,
        env: &Env,
    ) -> Result<(TypeRef, bool)> {
        if args.is_empty()
            && let Some(bound) = env.get(name)
        {
            return Ok((bound.clone(), false));
        }
        let arity_error = |expected: usize| {
            at.error(format!(
                "`{name}` takes {expected} generic argument(s), not {}",
                args.len()
            ))
        };
        match (name, args) {
            ("Nullable", [inner]) => Ok((self.resolve(inner, at, None, env)?.0, true)),
            ("Nullable", _) => Err(arity_error(1)),
            (name, [item]) if is_list(name) => {
                let item = element(self.resolve(item, at, None, env)?);
                Ok((TypeRef::List(Box::new(item)), false))
            }
            ("IEnumerable" | "ICollection" | "IList" | "ArrayList", []) => {
                self.warn(
                    at,
                    format!("`{name}` says nothing of its items; they are kept as raw JSON"),
                );
                let item = TypeRef::Primitive(Primitive::Any);
                Ok((TypeRef::List(Box::new(item)), false))
            }
            (name, _) if is_list(name) => Err(arity_error(1)),
            (name, [key, value]) if is_map(name) => {
                let key = self.resolve(key, at, None, env)?.0;
                let value = element(self.resolve(value, at, None, env)?);
                Ok((TypeRef::Map(Box::new(key), Box::new(value)), false))
            }
            (name, _) if is_map(name) => Err(arity_error(2)),
            (name, []) if primitive(name).is_some() => Ok((
                TypeRef::Primitive(primitive(name).unwrap_or(Primitive::Any)),
                false,
            )),
            (name, args) => self
                .user_type(name, args, at, namespace, env)
                .map(|ty| (ty, false)),
        }
    }

    fn user_type(
        &mut self,
        name: &str,
        args: &[ClrType],
        at: &Node<'a>,
        namespace: Option<&str>,
        env: &Env,
    ) -> Result<TypeRef> {
        let key = if args.is_empty() {
            name.to_owned()
        } else {
            format!("{name}`{}", args.len())
        };
        let Some(node) = self.find(&key, namespace) else {
            return self.unknown_type(name, &key, at, namespace);
        };
        let params = node.strings("GenericArgs")?.len();
        if params != args.len() {
            return Err(at.error(format!(
                "`{name}` takes {params} generic argument(s) but {} are given",
                args.len()
            )));
        }
        let id = type_id(&node)?;
        let mut resolved = Vec::with_capacity(args.len());
        for arg in args {
            resolved.push(element(self.resolve(arg, at, None, env)?));
        }
        Ok(TypeRef::Named { id, args: resolved })
    }

    /// A reference to a type no document declares. Interfaces (polymorphic members) and
    /// .NET framework types svcgen does not model are kept as raw JSON, as ServiceStack's
    /// own generators do; an undeclared type of the service itself is an error.
    fn unknown_type(
        &mut self,
        name: &str,
        key: &str,
        at: &Node<'a>,
        namespace: Option<&str>,
    ) -> Result<TypeRef> {
        let any = TypeRef::Primitive(Primitive::Any);
        if self.declarations.interfaces.contains(key) || self.builtins.interfaces.contains(key) {
            self.warn(
                at,
                format!("`{name}` is an interface: its values are kept as raw JSON"),
            );
            return Ok(any);
        }
        // `System` itself holds the primitives, all known, so an unknown name there is a
        // typo; sub-namespaces hold framework types svcgen does not model.
        if namespace.is_some_and(|namespace| namespace.starts_with("System.")) {
            self.warn(
                at,
                format!(
                    "`{name}` is a .NET type svcgen does not model: its values are kept as raw JSON"
                ),
            );
            return Ok(any);
        }
        Err(at.error(format!(
            "unknown type `{name}`: it is neither a .NET system type nor declared in this document"
        )))
    }

    /// The document's declaration, else a built-in one (remembered for lowering).
    fn find(&mut self, name: &str, namespace: Option<&str>) -> Option<Node<'a>> {
        if let Some(node) = self.declarations.find(name, namespace) {
            return Some(node.clone());
        }
        let node = self.builtins.find(name, namespace)?.clone();
        let key_name = node.required_str("Name").ok()?;
        let key_namespace = node.str("Namespace").ok()?;
        self.used_builtins.insert((key_name, key_namespace));
        Some(node)
    }
}

/// `DataMember.Order`, if set (`None` sorts first, as DataContract puts unordered members
/// before ordered ones).
fn data_member_order(property: &Node<'_>) -> Result<Option<i64>> {
    let Some(order) = property
        .get("DataMember")
        .and_then(|member| member.get("Order"))
    else {
        return Ok(None);
    };
    order
        .value
        .as_i64()
        .map(Some)
        .ok_or_else(|| order.error("expected an integer `Order`"))
}

/// A nullable element keeps its nullability inside lists, maps and generic arguments.
fn element((ty, nullable): (TypeRef, bool)) -> TypeRef {
    if nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// Members with their wire values: `EnumMemberValues` (v5.8+), else non-numeric
/// `EnumValues` (v5 stores `[EnumMember]` strings there), else the member name.
fn enum_def(node: &Node<'_>) -> Result<Enum> {
    let names = node.strings("EnumNames")?;
    let values = node.strings("EnumValues")?;
    let member_values = node.strings("EnumMemberValues")?;
    let descriptions = node.strings("EnumDescriptions")?;
    for (key, list) in [
        ("EnumValues", &values),
        ("EnumMemberValues", &member_values),
        ("EnumDescriptions", &descriptions),
    ] {
        if !list.is_empty() && list.len() != names.len() {
            return Err(node.error(format!(
                "`{key}` has {} entries for {} `EnumNames`",
                list.len(),
                names.len()
            )));
        }
    }
    let mut members = Vec::with_capacity(names.len());
    for (index, name) in names.iter().enumerate() {
        let number = values
            .get(index)
            .and_then(|value| value.trim().parse::<i64>().ok());
        let text_value = values.get(index).filter(|_| number.is_none());
        let wire_name = member_values
            .get(index)
            .filter(|value| !value.is_empty())
            .or(text_value)
            .unwrap_or(name);
        members.push(EnumMember {
            name: (*name).to_owned(),
            wire_name: (*wire_name).to_owned(),
            value: number.unwrap_or(index as i64),
            docs: descriptions
                .get(index)
                .filter(|text| !text.is_empty())
                .map(|text| (*text).to_owned()),
        });
    }
    Ok(Enum {
        integer: node.flag("IsEnumInt")?,
        members,
    })
}

fn owned(strings: Vec<&str>) -> Vec<String> {
    strings.into_iter().map(str::to_owned).collect()
}

fn type_id(node: &Node<'_>) -> Result<TypeId> {
    Ok(TypeId::dotnet(
        node.str("Namespace")?.unwrap_or_default(),
        node.required_str("Name")?,
    ))
}

fn is_list(name: &str) -> bool {
    matches!(
        name,
        "List"
            | "IList"
            | "IEnumerable"
            | "ICollection"
            | "IReadOnlyList"
            | "IReadOnlyCollection"
            | "HashSet"
            | "ISet"
            | "SortedSet"
            | "Queue"
            | "Stack"
    )
}

fn is_map(name: &str) -> bool {
    matches!(
        name,
        "Dictionary"
            | "IDictionary"
            | "IReadOnlyDictionary"
            | "SortedDictionary"
            | "ConcurrentDictionary"
    )
}

/// The primitive a .NET system type name stands for.
pub(super) fn primitive(name: &str) -> Option<Primitive> {
    Some(match name {
        "String" => Primitive::String,
        "Boolean" => Primitive::Bool,
        "SByte" => Primitive::I8,
        "Int16" => Primitive::I16,
        "Int32" => Primitive::I32,
        "Int64" => Primitive::I64,
        "Byte" => Primitive::U8,
        "UInt16" => Primitive::U16,
        "UInt32" => Primitive::U32,
        "UInt64" => Primitive::U64,
        "Single" => Primitive::F32,
        "Double" => Primitive::F64,
        "Decimal" => Primitive::Decimal,
        "Char" => Primitive::Char,
        "DateTime" => Primitive::DateTime,
        "DateTimeOffset" => Primitive::DateTimeOffset,
        "TimeSpan" => Primitive::Duration,
        "Guid" => Primitive::Guid,
        "Stream" => Primitive::Bytes,
        "Object" => Primitive::Any,
        // .NET 6 date and time of day, and URIs, travel as strings.
        "DateOnly" | "TimeOnly" | "Uri" => Primitive::String,
        _ => return None,
    })
}

/// Routes, and the preferred method: `IVerb` marker, else the routes' single verb, else
/// the metadata's `Method`.
fn http_binding(operation: &Node<'_>, request: &Node<'_>) -> Result<HttpBinding> {
    let route_nodes = match operation.get("Routes") {
        Some(_) => operation.array("Routes")?,
        None => request.array("Routes")?,
    };
    let routes = route_nodes.iter().map(route).collect::<Result<Vec<_>>>()?;
    let method = match verb_marker(request)? {
        Some(method) => Some(method),
        None => single_route_verb(&routes).or(match operation.str("Method")? {
            Some(name) => Some(
                HttpMethod::parse(name)
                    .ok_or_else(|| operation.error(format!("unknown HTTP method `{name}`")))?,
            ),
            None => None,
        }),
    };
    Ok(HttpBinding {
        method,
        routes,
        file_fields: file_fields(request)?,
    })
}

/// The request's own members that take files: `uploadTo` or an `input` of type `file`.
fn file_fields(request: &Node<'_>) -> Result<Vec<String>> {
    let mut fields = Vec::new();
    for property in request.array("Properties")? {
        let input_type = match property.get("Input") {
            Some(input) => input.str("Type")?,
            None => None,
        };
        if property.get("UploadTo").is_some() || input_type == Some("file") {
            fields.push(property.required_str("Name")?.to_owned());
        }
    }
    Ok(fields)
}

fn route(node: &Node<'_>) -> Result<Route> {
    let path = node.required_str("Path")?;
    let mut methods = Vec::new();
    for verb in node
        .str("Verbs")?
        .unwrap_or_default()
        .split([',', ' '])
        .filter(|verb| !verb.is_empty())
    {
        if verb.eq_ignore_ascii_case("ANY") || verb == "*" {
            return Ok(Route {
                path: path.to_owned(),
                methods: Vec::new(),
            });
        }
        let method = HttpMethod::parse(verb)
            .ok_or_else(|| node.error(format!("unknown HTTP verb `{verb}`")))?;
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    Ok(Route {
        path: path.to_owned(),
        methods,
    })
}

fn verb_marker(request: &Node<'_>) -> Result<Option<HttpMethod>> {
    for marker in request.array("Implements")? {
        let name = marker.required_str("Name")?;
        if let Some(verb) = name.strip_prefix('I').and_then(HttpMethod::parse) {
            return Ok(Some(verb));
        }
    }
    Ok(None)
}

fn single_route_verb(routes: &[Route]) -> Option<HttpMethod> {
    let verbs: BTreeSet<HttpMethod> = routes
        .iter()
        .flat_map(|route| route.methods.iter().copied())
        .collect();
    let mut verbs = verbs.into_iter();
    match (verbs.next(), verbs.next()) {
        (Some(verb), None) if routes.iter().all(|route| !route.methods.is_empty()) => Some(verb),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn binding(json: serde_json::Value) -> HttpBinding {
        let file = Arc::new(PathBuf::from("t.json"));
        let root = Node::root(&json, &file);
        let request = root.get("Request").unwrap();
        http_binding(&root, &request).unwrap()
    }

    #[test]
    fn verb_marker_wins_over_routes() {
        let binding = binding(serde_json::json!({
            "Request": {"Name": "A", "Implements": [{"Name": "IPost"}], "Routes": [{"Path": "/a", "Verbs": "GET"}]}
        }));
        assert_eq!(binding.method, Some(HttpMethod::Post));
        assert_eq!(
            binding.routes,
            vec![Route {
                path: "/a".into(),
                methods: vec![HttpMethod::Get]
            }]
        );
    }

    #[test]
    fn single_route_verb_then_metadata_method() {
        let single = binding(
            serde_json::json!({"Request": {"Name": "A"}, "routes": [{"path": "/a", "verbs": "PUT"}], "method": "GET"}),
        );
        assert_eq!(single.method, Some(HttpMethod::Put));
        let any = binding(
            serde_json::json!({"Request": {"Name": "A"}, "routes": [{"path": "/a", "verbs": "ANY"}], "method": "GET"}),
        );
        assert_eq!(any.method, Some(HttpMethod::Get));
        assert!(any.routes[0].methods.is_empty());
        let none =
            binding(serde_json::json!({"Request": {"Name": "A"}, "Routes": [{"Path": "/a"}]}));
        assert_eq!(none.method, None);
    }

    #[test]
    fn legacy_routes_sit_on_the_request() {
        let legacy = binding(
            serde_json::json!({"Request": {"Name": "A", "Routes": [{"Path": "/x", "Verbs": "GET, POST"}]}}),
        );
        assert_eq!(
            legacy.routes[0].methods,
            vec![HttpMethod::Get, HttpMethod::Post]
        );
        assert_eq!(legacy.method, None);
    }
}
