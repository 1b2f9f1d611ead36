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
    Field, HttpBinding, HttpMethod, KeyCasing, Operation, Presence, Primitive, Returns, Route,
    TypeDef, TypeId, TypeKind, TypeRef,
};

/// Type declarations of one document, by name.
#[derive(Default)]
pub struct Declarations<'a> {
    by_name: BTreeMap<&'a str, Node<'a>>,
}

impl<'a> Declarations<'a> {
    /// Every type declared in `Types[]` and in the operations' `Request`/`Response`.
    pub fn collect(metadata: &Node<'a>) -> Result<Self> {
        let mut declarations = Self::default();
        for node in metadata.array("Types")? {
            declarations.add(node)?;
        }
        for operation in metadata.array("Operations")? {
            for key in ["Request", "Response"] {
                if let Some(node) = operation.get(key) {
                    declarations.add(node)?;
                }
            }
        }
        Ok(declarations)
    }

    fn add(&mut self, node: Node<'a>) -> Result<()> {
        let name = node.required_str("Name")?;
        if is_system_namespace(node.str("Namespace")?) {
            return Ok(());
        }
        // Response DTOs are repeated in every operation that returns them.
        self.by_name.entry(name).or_insert(node);
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&Node<'a>> {
        self.by_name.get(name)
    }
}

fn is_system_namespace(namespace: Option<&str>) -> bool {
    namespace.is_some_and(|namespace| namespace == "System" || namespace.starts_with("System."))
}

/// Turns the declarations of one document (plus the built-ins it uses) into IR.
pub struct Lowering<'a, 'b> {
    pub declarations: &'b Declarations<'a>,
    pub builtins: &'b Declarations<'a>,
    pub casing: KeyCasing,
    /// Built-in types referenced so far; they are lowered after the document's own.
    used_builtins: BTreeSet<&'a str>,
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
        }
    }

    pub fn operation(&mut self, node: &Node<'a>) -> Result<Operation> {
        let request = node
            .get("Request")
            .ok_or_else(|| node.error("operation without `Request`"))?;
        let name = request.required_str("Name")?;
        Ok(Operation {
            name: name.to_owned(),
            docs: request.str("Description")?.map(str::to_owned),
            request: type_id(&request)?,
            returns: self.returns(node, &request)?,
            http: http_binding(node, &request)?,
            requires_auth: node.flag("RequiresAuth")?,
            origin: node.origin(),
        })
    }

    fn returns(&mut self, operation: &Node<'a>, request: &Node<'a>) -> Result<Returns> {
        if operation.flag("ReturnsVoid")? || request.flag("ReturnVoidMarker")? {
            return Ok(Returns::Nothing);
        }
        let marker = operation
            .get("ReturnType")
            .or_else(|| request.get("ReturnMarkerTypeName"));
        if let Some(marker) = marker {
            let name = marker.required_str("Name")?;
            let args = marker.strings("GenericArgs")?;
            let parsed = clr_type::parse(name, &args).map_err(|message| marker.error(message))?;
            return Ok(Returns::Type(self.resolve(&parsed, &marker)?.0));
        }
        if let Some(response) = operation.get("Response") {
            let name = response.required_str("Name")?;
            return Ok(Returns::Type(
                self.resolve(
                    &clr_type::ClrType::Named {
                        name: name.to_owned(),
                        args: Vec::new(),
                    },
                    &response,
                )?
                .0,
            ));
        }
        // No marker and no conventional response type: the answer's shape is unknown.
        Ok(Returns::Type(TypeRef::Primitive(Primitive::Any)))
    }

    /// Lowers every declaration of the document, then the built-ins they reference.
    pub fn types(&mut self) -> Result<Vec<TypeDef>> {
        let mut types = Vec::new();
        for node in self.declarations.by_name.values() {
            types.push(self.type_def(node, false)?);
        }
        let mut done = BTreeSet::new();
        while let Some(name) = self.used_builtins.difference(&done).next().copied() {
            done.insert(name);
            if let Some(node) = self.builtins.get(name) {
                types.push(self.type_def(node, true)?);
            }
        }
        types.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(types)
    }

    fn type_def(&mut self, node: &Node<'a>, builtin: bool) -> Result<TypeDef> {
        if node.flag("IsEnum")? {
            return Err(node.error("enum types are not supported yet"));
        }
        if !node.strings("GenericArgs")?.is_empty() {
            return Err(node.error("generic type definitions are not supported yet"));
        }
        let mut fields = Vec::new();
        self.inherited_fields(node, &mut Vec::new(), &mut fields)?;
        Ok(TypeDef {
            id: type_id(node)?,
            docs: node.str("Description")?.map(str::to_owned),
            kind: TypeKind::Struct { fields },
            builtin,
            origin: node.origin(),
        })
    }

    /// Base-class properties first, as ServiceStack writes them; `chain` detects cycles.
    fn inherited_fields(
        &mut self,
        node: &Node<'a>,
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
            let base_name = base.required_str("Name")?;
            if !base.strings("GenericArgs")?.is_empty() {
                return Err(base.error("generic base types are not supported yet"));
            }
            let base_node = self
                .declarations
                .get(base_name)
                .or_else(|| self.builtins.get(base_name))
                .cloned()
                .ok_or_else(|| base.error(format!("unknown base type `{base_name}`")))?;
            self.inherited_fields(&base_node, chain, fields)?;
        }
        for property in node.array("Properties")? {
            fields.push(self.field(&property)?);
        }
        Ok(())
    }

    fn field(&mut self, property: &Node<'a>) -> Result<Field> {
        let name = property.required_str("Name")?;
        let type_name = property.required_str("Type")?;
        let args = property.strings("GenericArgs")?;
        let type_node = property.get("Type").unwrap_or_else(|| property.clone());
        let parsed =
            clr_type::parse(type_name, &args).map_err(|message| type_node.error(message))?;
        let (ty, nullable) = self.resolve(&parsed, &type_node)?;
        let presence = if !nullable && property.flag("IsValueType")? {
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
            docs: property.str("Description")?.map(str::to_owned),
        })
    }

    /// The IR type for a CLR type, and whether it was `Nullable<T>`.
    fn resolve(&mut self, ty: &ClrType, at: &Node<'a>) -> Result<(TypeRef, bool)> {
        match ty {
            ClrType::Array(element) => {
                let (element, _) = self.resolve(element, at)?;
                if element == TypeRef::Primitive(Primitive::U8) {
                    return Ok((TypeRef::Primitive(Primitive::Bytes), false));
                }
                Ok((TypeRef::List(Box::new(element)), false))
            }
            ClrType::Named { name, args } => self.resolve_named(name, args, at),
        }
    }

    fn resolve_named(
        &mut self,
        name: &str,
        args: &[ClrType],
        at: &Node<'a>,
    ) -> Result<(TypeRef, bool)> {
        let arity_error = |expected: usize| {
            at.error(format!(
                "`{name}` takes {expected} generic argument(s), not {}",
                args.len()
            ))
        };
        match (name, args) {
            ("Nullable", [inner]) => Ok((self.resolve(inner, at)?.0, true)),
            ("Nullable", _) => Err(arity_error(1)),
            (name, [element]) if is_list(name) => {
                Ok((TypeRef::List(Box::new(self.resolve(element, at)?.0)), false))
            }
            (name, _) if is_list(name) => Err(arity_error(1)),
            (name, [key, value]) if is_map(name) => {
                let key = self.resolve(key, at)?.0;
                let value = self.resolve(value, at)?.0;
                Ok((TypeRef::Map(Box::new(key), Box::new(value)), false))
            }
            (name, _) if is_map(name) => Err(arity_error(2)),
            (name, []) => {
                if let Some(primitive) = primitive(name) {
                    return Ok((TypeRef::Primitive(primitive), false));
                }
                self.user_type(name, at)
                    .map(|id| (TypeRef::Named(id), false))
            }
            (name, _) => Err(at.error(format!("generic type `{name}` is not supported yet"))),
        }
    }

    fn user_type(&mut self, name: &str, at: &Node<'a>) -> Result<TypeId> {
        if let Some(node) = self.declarations.get(name) {
            return type_id(node);
        }
        if let Some((key, node)) = self.builtins.by_name.get_key_value(name) {
            self.used_builtins.insert(key);
            return type_id(node);
        }
        Err(at.error(format!(
            "unknown type `{name}`: it is neither a .NET system type nor declared in this document"
        )))
    }
}

fn type_id(node: &Node<'_>) -> Result<TypeId> {
    Ok(TypeId {
        namespace: node.str("Namespace")?.unwrap_or_default().to_owned(),
        name: node.required_str("Name")?.to_owned(),
    })
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

fn primitive(name: &str) -> Option<Primitive> {
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
        "DateTime" | "DateTimeOffset" => Primitive::DateTime,
        "TimeSpan" => Primitive::Duration,
        "Guid" => Primitive::Guid,
        "Stream" => Primitive::Bytes,
        "Object" => Primitive::Any,
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
    Ok(HttpBinding { method, routes })
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
