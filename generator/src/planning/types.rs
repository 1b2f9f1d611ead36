//! The type space of a module: the Rust name of every IR type (claimed once, in one
//! scope, with the names generated code uses kept out), the user's replacements, the
//! `Any…` enums of `xsi:type` families, the generic parameters Rust keeps, and the Rust
//! type of every IR type reference, primitives mapped per wire format.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::graph::{self, UsedParams};
use super::naming::{self, Scope};
use super::plan::{RustType, TypePath, UserSyntax, WireFormat};
use crate::ir::{IdMap, Primitive, Protocol, ProvidedType, Service, TypeDef, TypeId, TypeRef};
use crate::select;
use crate::spec::Options;

/// Names generated code uses unqualified; no schema type may take them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client", "Error", "Option", "Result", "String", "Vec", "Box", "Default", "BTreeMap", "From",
];

/// More names SOAP modules use: the header set, the response alias, the fault details.
const RESERVED_SOAP_TYPE_NAMES: &[&str] = &["Headers", "Response", "FaultDetail"];

/// A type with derived types, and the enum that stands for "it or a derived type".
pub(super) struct Family<'a> {
    pub(super) ident: String,
    /// The base first, then its descendants.
    pub(super) members: Vec<&'a TypeId>,
}

pub(super) struct TypeSpace<'a> {
    service: &'a Service,
    format: WireFormat,
    idents: IdMap<'a, String>,
    defs: IdMap<'a, &'a TypeDef>,
    families: BTreeMap<&'a TypeId, Family<'a>>,
    /// Unused parameters (ServiceStack's `QueryDb<T>` marker) are dropped in Rust.
    used_params: UsedParams<'a>,
    /// The user's types for schema types (which are then not generated) and for kinds.
    replacements: IdMap<'a, RustType>,
    primitive_replacements: BTreeMap<&'static str, RustType>,
    replace_keys: Vec<&'a str>,
    /// The kinds with a replacement that a planned type used.
    replaced_kinds_used: RefCell<BTreeSet<&'static str>>,
}

impl<'a> TypeSpace<'a> {
    /// The type space of `service`; fails on a `replace` value that is not a Rust type.
    pub(super) fn new(service: &'a Service, options: &'a Options) -> Result<Self, String> {
        let format = match service.protocol {
            Protocol::Soap(_) => WireFormat::XmlSchema,
            Protocol::ServiceStack { .. } => WireFormat::Serde,
        };
        let mut reserved = RESERVED_TYPE_NAMES.to_vec();
        if format == WireFormat::XmlSchema {
            reserved.extend_from_slice(RESERVED_SOAP_TYPE_NAMES);
        }
        let mut scope = Scope::with_reserved(&reserved);
        let idents: IdMap<'_, String> = service
            .types
            .iter()
            .map(|def| (&def.id, scope.claim(naming::type_name(&def.id.name))))
            .collect();
        let families = graph::families(service)
            .into_iter()
            .map(|(base, members)| {
                let base_ident = idents.get(base).cloned().unwrap_or_default();
                let ident = scope.claim(format!("Any{base_ident}"));
                (base, Family { ident, members })
            })
            .collect();
        let mut space = Self {
            service,
            format,
            idents,
            defs: service.types.iter().map(|def| (&def.id, def)).collect(),
            families,
            used_params: graph::used_params_of(&service.types),
            replacements: IdMap::default(),
            primitive_replacements: BTreeMap::new(),
            replace_keys: options.replace.keys().map(String::as_str).collect(),
            replaced_kinds_used: RefCell::default(),
        };
        for (key, rust) in &options.replace {
            let rust = UserSyntax::parse_type(rust).map_err(|error| {
                format!(
                    "`replace` gives `{key}` the type `{rust}`, which is not a Rust type: {error}"
                )
            })?;
            space.add_replacement(key, RustType::User(rust));
        }
        Ok(space)
    }

    fn add_replacement(&mut self, key: &str, rust: RustType) {
        if let Some(primitive) = Primitive::ALL
            .iter()
            .find(|primitive| primitive.kind_name() == key)
        {
            self.primitive_replacements
                .insert(primitive.kind_name(), rust);
            return;
        }
        for def in &self.service.types {
            if select::type_matches(key, &def.id) {
                self.replacements.insert(&def.id, rust.clone());
            }
        }
    }

    pub(super) fn format(&self) -> WireFormat {
        self.format
    }

    pub(super) fn ident(&self, id: &TypeId) -> String {
        self.idents
            .get(id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(&id.name))
    }

    pub(super) fn def(&self, id: &TypeId) -> Option<&'a TypeDef> {
        self.defs.get(id).copied()
    }

    /// The user's type standing in for a schema type, which is then not generated.
    pub(super) fn replacement(&self, id: &TypeId) -> Option<RustType> {
        self.replacements.get(id).cloned()
    }

    pub(super) fn families(&self) -> impl Iterator<Item = (&&'a TypeId, &Family<'a>)> {
        self.families.iter()
    }

    pub(super) fn in_family(&self, id: &TypeId) -> bool {
        self.families
            .values()
            .any(|family| family.members.contains(&id))
    }

    /// The Rust names of the generic parameters `def` keeps.
    pub(super) fn generics(&self, def: &TypeDef) -> Vec<String> {
        let used = self.used_params.get(&def.id).cloned().unwrap_or_default();
        used.iter()
            .filter_map(|index| def.params.get(*index))
            .map(|param| naming::type_name(param))
            .collect()
    }

    pub(super) fn rust_type(&self, ty: &TypeRef) -> Result<RustType, String> {
        Ok(match ty {
            TypeRef::Primitive(primitive) => self.primitive(*primitive),
            TypeRef::List(item) | TypeRef::TextList(item) | TypeRef::Wrapped { item, .. } => {
                RustType::generic("Vec", vec![self.rust_type(item)?])
            }
            TypeRef::Map(key, value) => RustType::generic(
                "BTreeMap",
                vec![self.rust_type(key)?, self.rust_type(value)?],
            ),
            TypeRef::Nullable(inner) => RustType::option(self.rust_type(inner)?),
            TypeRef::Param(name) => RustType::path(naming::type_name(name)),
            TypeRef::Named { id, args } => self.named_type(id, args)?,
        })
    }

    fn primitive(&self, primitive: Primitive) -> RustType {
        let kind = primitive.kind_name();
        match self.primitive_replacements.get(kind) {
            Some(rust) => {
                self.replaced_kinds_used.borrow_mut().insert(kind);
                rust.clone()
            }
            None => primitive_type(primitive, self.format),
        }
    }

    fn named_type(&self, id: &TypeId, args: &[TypeRef]) -> Result<RustType, String> {
        if !self.idents.contains_key(id) {
            return Err(format!("type `{id}` is referenced but not defined"));
        }
        if let Some(rust) = self.replacement(id) {
            return Ok(rust);
        }
        if let Some(family) = self.families.get(id) {
            return Ok(RustType::path(family.ident.clone()));
        }
        let used = self.used_params.get(id).cloned().unwrap_or_default();
        let mut rust_args = Vec::with_capacity(used.len());
        for index in used {
            let arg = args
                .get(index)
                .ok_or_else(|| format!("`{id}` is missing generic argument {index}"))?;
            rust_args.push(self.rust_type(arg)?);
        }
        Ok(RustType::generic(self.ident(id), rust_args))
    }

    /// `replace` keys that are neither a kind nor any type's name, and kinds that no
    /// planned type used; meaningful once every type is planned.
    pub(super) fn unmatched_replacements(&self) -> Vec<String> {
        let used = self.replaced_kinds_used.borrow();
        let name = &self.service.name;
        self.replace_keys
            .iter()
            .filter_map(|key| {
                if self.primitive_replacements.contains_key(key) {
                    return (!used.contains(key)).then(|| {
                        format!("service `{name}`: `replace` names the kind `{key}`, which none of its types uses")
                    });
                }
                let is_type = self
                    .service
                    .types
                    .iter()
                    .any(|def| select::type_matches(key, &def.id));
                (!is_type).then(|| {
                    format!(
                        "service `{name}`: `replace` names `{key}`, which is neither a type of the service nor a kind (string, bool, i32, decimal, date-time, date, time, duration, guid, bytes, …)"
                    )
                })
            })
            .collect()
    }
}

/// The runtime's own type for a type the protocol defines (ServiceStack modules import
/// the runtime's `servicestack`).
pub(super) fn provided_path(provided: ProvidedType) -> TypePath {
    TypePath::new(match provided {
        ProvidedType::ResponseStatus => "servicestack::ResponseStatus",
        ProvidedType::ResponseError => "servicestack::ResponseError",
        ProvidedType::KeyValuePair => "::svcgen_runtime::value::KeyValuePair",
    })
}

fn primitive_type(primitive: Primitive, format: WireFormat) -> RustType {
    RustType::path(match primitive {
        // SOAP modules import the runtime's `xml`.
        Primitive::Any | Primitive::Xml if format == WireFormat::XmlSchema => "xml::RawXml",
        Primitive::QName if format == WireFormat::XmlSchema => "xml::QName",
        Primitive::Attributes if format == WireFormat::XmlSchema => "xml::Attributes",
        Primitive::Xml => "::svcgen_runtime::xml::RawXml",
        Primitive::QName => "::svcgen_runtime::xml::QName",
        Primitive::Date => "::svcgen_runtime::value::Date",
        Primitive::Time => "::svcgen_runtime::value::Time",
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I8 => "i8",
        Primitive::I16 => "i16",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U8 => "u8",
        Primitive::U16 => "u16",
        Primitive::U32 => "u32",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::Char => "char",
        Primitive::Any => "::svcgen_runtime::serde_json::Value",
        Primitive::Attributes => "::svcgen_runtime::xml::Attributes",
        Primitive::Decimal => "::svcgen_runtime::value::Decimal",
        Primitive::DateTime => "::svcgen_runtime::value::DateTime",
        Primitive::DateTimeOffset => "::svcgen_runtime::value::DateTimeOffset",
        Primitive::Duration => "::svcgen_runtime::value::TimeSpan",
        Primitive::Guid => "::svcgen_runtime::value::Guid",
        Primitive::Bytes => "::svcgen_runtime::value::Bytes",
    })
}
