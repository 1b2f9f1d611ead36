//! The plan of one generated module: every Rust item with its names, types and wire
//! attributes decided, plus the client.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;

use super::naming::{self, Scope};
use super::servicestack;
use super::soap::{self, SoapPlan};
use crate::error::{Error, Result};
use crate::ir::{
    Enum, HttpMethod, Presence, Primitive, Protocol, ProvidedType, Returns, Route, Service,
    TypeDef, TypeId, TypeKind, TypeRef, XmlKind, XmlName,
};
use crate::select;
use crate::spec::Options;

/// Names generated code uses unqualified; no schema type may take them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client", "Error", "Option", "Result", "String", "Vec", "Box", "Default", "BTreeMap", "From",
];

/// More names SOAP modules use: the header set, the response alias, the fault details.
const RESERVED_SOAP_TYPE_NAMES: &[&str] = &["Headers", "Response", "FaultDetail"];

#[derive(Clone, Debug, PartialEq)]
pub struct ModulePlan {
    pub name: String,
    /// The generated crate's name as Rust code spells it (for doc examples).
    pub crate_ident: String,
    /// The service's usual base URL (for doc examples).
    pub base_url: Option<String>,
    pub docs: Vec<String>,
    pub items: Vec<ItemPlan>,
    pub extern_types: Vec<ExternType>,
    pub client: ModuleClient,
    /// Whether any type uses `BTreeMap` (so the module imports it).
    pub uses_maps: bool,
    /// Whether doc comments may carry examples (see [`ModuleContext::examples`]).
    pub examples: bool,
    pub blocking: Blocking,
    /// Options that matched nothing (a misspelled type name, say).
    pub warnings: Vec<String>,
}

/// What the user adds to an item: derives and attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub derives: Vec<String>,
    /// Whole attributes, `#[…]` included.
    pub attributes: Vec<String>,
}

/// A type provided elsewhere and re-exported under `ident`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternType {
    pub ident: String,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemPlan {
    Struct(StructPlan),
    Newtype(NewtypePlan),
    Enum(EnumPlan),
    /// A type and the types derived from it, told apart on the wire by `xsi:type`.
    Polymorphic(PolymorphicPlan),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolymorphicPlan {
    pub ident: String,
    pub docs: Vec<String>,
    pub variants: Vec<VariantPlan>,
    /// The variant `Default` and an `xsi:type`-less element pick: the base, or its first
    /// concrete descendant when the base is abstract.
    pub default_variant: usize,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantPlan {
    pub ident: String,
    /// The struct the variant holds (or the user's replacement for it).
    pub ty: RustType,
    /// The schema type's name, as `xsi:type` carries it.
    pub xml_type: XmlName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructPlan {
    pub ident: String,
    /// The .NET name, when the Rust name differs (`Item` for `Item2`): DataContract XML
    /// names list items after their type.
    pub wire_name: Option<String>,
    pub generics: Vec<String>,
    pub docs: Vec<String>,
    pub fields: Vec<FieldPlan>,
    pub format: WireFormat,
    pub extra: Extra,
    /// The schema type's name, written as `xsi:type` when the struct stands in for a base.
    pub xml_type: Option<XmlName>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldPlan {
    pub ident: String,
    pub wire_name: String,
    pub aliases: Vec<String>,
    pub ty: RustType,
    pub presence: Presence,
    pub docs: Vec<String>,
    /// How the field appears in XML (SOAP services).
    pub xml: Option<FieldXml>,
}

/// Everything the XML reader and writer need to know about a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldXml {
    pub kind: XmlKind,
    pub name: XmlName,
    pub nillable: bool,
    pub required: bool,
    /// Item element names of wrapped lists, outermost first.
    pub items: Vec<XmlName>,
    pub text_list: bool,
}

/// A type that is another type on the wire (`#[serde(transparent)]`).
#[derive(Clone, Debug, PartialEq)]
pub struct NewtypePlan {
    pub ident: String,
    pub generics: Vec<String>,
    pub docs: Vec<String>,
    pub inner: RustType,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumPlan {
    pub ident: String,
    pub docs: Vec<String>,
    /// Integer enums become a newtype over `i64` with one constant per member, so flags
    /// combine and unknown values survive; string enums get an `Unknown(String)` variant.
    pub integer: bool,
    pub members: Vec<EnumMemberPlan>,
    /// The member `Default` picks: the one with value 0, as in .NET, else the first.
    pub default_member: usize,
    /// With [`WireFormat::XmlSchema`], values match exactly and the enum reads and writes
    /// itself as XML text.
    pub format: WireFormat,
    pub extra: Extra,
}

/// How a module's types travel, which decides their impls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireFormat {
    /// ServiceStack: serde (JSON, and DataContract XML through serde); `object` is JSON.
    Serde,
    /// SOAP: XML Schema through `svcgen_runtime::xml` (no serde); `anyType` is raw XML, and
    /// a nil element may stand for a required value.
    XmlSchema,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumMemberPlan {
    /// A variant name, or a constant name for integer enums.
    pub ident: String,
    pub wire_name: String,
    pub value: i64,
    pub docs: Vec<String>,
}

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// A path with optional generic arguments: `String`, `::svcgen_runtime::value::Guid`.
    Path {
        path: String,
        args: Vec<RustType>,
    },
    /// A type the user wrote (a `replace` value), checked to parse as a Rust type
    /// (`std::borrow::Cow<'static, str>`).
    Verbatim(String),
    Unit,
}

impl RustType {
    fn path(path: &str) -> Self {
        RustType::Path {
            path: path.to_owned(),
            args: Vec::new(),
        }
    }

    fn generic(path: &str, args: Vec<RustType>) -> Self {
        RustType::Path {
            path: path.to_owned(),
            args,
        }
    }

    pub fn option(inner: RustType) -> Self {
        Self::generic("Option", vec![inner])
    }
}

/// The client of a module: one kind per protocol, so that a module cannot have both.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleClient {
    ServiceStack(ClientPlan),
    Soap(Box<SoapPlan>),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClientPlan {
    pub operations: Vec<OperationPlan>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationPlan {
    /// The client method's name.
    pub method_ident: String,
    pub docs: Vec<String>,
    pub operation_name: String,
    pub request_ident: String,
    pub response: RustType,
    pub http_method: HttpMethod,
    pub routes: Vec<Route>,
    pub requires_auth: bool,
    /// The host has `/api/{Operation}` (ServiceStack v6+), which the client then uses when
    /// no user route fits; v5 hosts have only `/json/reply/{Operation}`.
    pub predefined_api: bool,
    /// The request's own DataContract namespace, when it is not the protocol default.
    pub xml_namespace: Option<String>,
    /// How the host reads JSON; `None` for the runtime's default (ServiceStack.Text,
    /// PascalCase).
    pub json_style: Option<JsonStylePlan>,
    pub response_body: ResponseBodyPlan,
}

/// The runtime's `JsonStyle` of a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonStylePlan {
    pub system_text_json: bool,
    pub camel_case: bool,
}

/// What a successful answer carries (the runtime's `ResponseBody`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseBodyPlan {
    Dto,
    /// A void operation.
    Empty,
    /// `string`: raw text.
    Text,
    /// `byte[]`, `Stream`: raw bytes.
    Bytes,
}

/// A warning for each operation whose method could not have its own name, because another
/// operation's name (in another script, another casing) makes the same Rust name.
fn renamed_methods(module: &str, methods: &[(&str, &str)]) -> Vec<String> {
    methods
        .iter()
        .filter_map(|(operation, method)| {
            let wanted = naming::value_name(operation);
            if *method == wanted {
                return None;
            }
            let holder = methods
                .iter()
                .find(|(_, other)| *other == wanted)
                .map_or("a method of the client", |(other, _)| other);
            Some(format!(
                "{module}: operation `{operation}` is `{method}` in Rust: `{wanted}` is taken by `{holder}`"
            ))
        })
        .collect()
}

/// What the caller knows about a module beyond its IR.
#[derive(Clone, Debug, Default)]
pub struct ModuleContext {
    pub crate_name: String,
    pub base_url: Option<String>,
    pub docs: Vec<String>,
    pub options: Options,
    /// Doc examples name the module by its path in the generated crate; a module
    /// `include!`d elsewhere has none, so it gets no examples.
    pub examples: bool,
    pub blocking: Blocking,
}

/// Whether a module gets a synchronous client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Blocking {
    /// Behind the generated crate's `blocking` feature.
    #[default]
    Feature,
    /// Always (a module `include!`d into a crate that asked for it).
    Always,
    /// No.
    Never,
}

/// Plans the module for one service.
pub fn plan_service(service: &Service, context: ModuleContext) -> Result<ModulePlan> {
    check_options(&context.options).map_err(|message| Error::Spec {
        message: format!("service `{}`: {message}", service.name),
    })?;
    let planner = Planner::new(service, &context.options);
    let mut warnings = Vec::new();
    let mut extern_types = Vec::new();
    let mut items = Vec::new();
    for def in &service.types {
        if planner.replacements.contains_key(&def.id) {
            continue; // the user's type stands in for it
        }
        if let Some(path) = runtime_path(def) {
            extern_types.push(ExternType {
                ident: planner.ident(&def.id),
                path: path.to_owned(),
            });
            continue;
        }
        items.push(planner.item(def)?);
    }
    items.extend(planner.polymorphic_items());
    // SOAP modules also have `Headers`, decorated with the SOAP plan below.
    let planned_elsewhere: &[&str] = match service.protocol {
        Protocol::Soap(_) => &["Headers"],
        Protocol::ServiceStack { .. } => &[],
    };
    warnings.extend(decorate(
        &mut items,
        &context.options,
        &service.name,
        planned_elsewhere,
    )?);
    let client = match &service.protocol {
        Protocol::ServiceStack {
            legacy,
            key_casing,
            json_dialect,
        } => {
            let host = servicestack::HostPlan::new(*legacy, *key_casing, *json_dialect);
            ModuleClient::ServiceStack(planner.servicestack_client(&items, host)?)
        }
        Protocol::Soap(soap) => {
            let mut plan = soap::plan(&planner, service, soap)?;
            soap::collect_namespaces(&mut plan, &items);
            let mut headers = [ItemPlan::Struct(plan.headers.clone())];
            decorate(&mut headers, &context.options, &service.name, &[])?;
            if let [ItemPlan::Struct(decorated)] = headers {
                plan.headers = decorated;
            }
            ModuleClient::Soap(Box::new(plan))
        }
    };
    // After planning, which is what tells the kinds the module really uses.
    warnings.splice(0..0, planner.unmatched_replacements());
    let methods: Vec<(&str, &str)> = match &client {
        ModuleClient::ServiceStack(client) => client
            .operations
            .iter()
            .map(|operation| {
                (
                    operation.operation_name.as_str(),
                    operation.method_ident.as_str(),
                )
            })
            .collect(),
        ModuleClient::Soap(soap) => soap
            .operations
            .iter()
            .map(|operation| (operation.name.as_str(), operation.method_ident.as_str()))
            .collect(),
    };
    warnings.extend(renamed_methods(&service.name, &methods));
    Ok(ModulePlan {
        name: service.name.clone(),
        crate_ident: context.crate_name.replace('-', "_"),
        base_url: context.base_url,
        docs: context.docs,
        examples: context.examples,
        blocking: context.blocking,
        items,
        extern_types,
        client,
        warnings,
        // Only emitted types count (runtime-provided ones import what they need), plus
        // responses, which appear in the `Request` impls.
        uses_maps: service
            .types
            .iter()
            .filter(|def| runtime_path(def).is_none())
            .any(uses_map)
            || service
                .operations
                .iter()
                .any(|operation| match &operation.returns {
                    Returns::Type(ty) => ref_uses_map(ty),
                    Returns::Nothing => false,
                }),
    })
}

/// The runtime's own type for a protocol type.
fn runtime_path(def: &TypeDef) -> Option<&'static str> {
    Some(match def.provided? {
        ProvidedType::ResponseStatus => "::svcgen_runtime::servicestack::ResponseStatus",
        ProvidedType::ResponseError => "::svcgen_runtime::servicestack::ResponseError",
        ProvidedType::KeyValuePair => "::svcgen_runtime::value::KeyValuePair",
    })
}

fn ref_uses_map(ty: &TypeRef) -> bool {
    let mut found = false;
    ty.walk(&mut |inner| found |= matches!(inner, TypeRef::Map(..)));
    found
}

fn uses_map(def: &TypeDef) -> bool {
    def.member_types().into_iter().any(ref_uses_map)
}

pub(super) struct Planner<'a> {
    pub(super) service: &'a Service,
    /// The user's types for schema types (which are then not generated) and for kinds.
    replacements: BTreeMap<&'a TypeId, String>,
    primitive_replacements: BTreeMap<&'static str, String>,
    /// Replacement keys, for telling which matched nothing.
    replace_keys: Vec<String>,
    /// The kinds with a replacement that a planned type used.
    replaced_kinds_used: std::cell::RefCell<std::collections::BTreeSet<&'static str>>,
    format: WireFormat,
    idents: BTreeMap<&'a TypeId, String>,
    defs: BTreeMap<&'a TypeId, &'a TypeDef>,
    /// Types with derived types: the polymorphic enum fields of the base type use, and
    /// the types it covers (the base first).
    polymorphic: BTreeMap<&'a TypeId, (String, Vec<&'a TypeId>)>,
    /// For each generic type, the positions of the parameters its members use; unused
    /// ones (ServiceStack's `QueryDb<T>` marker parameter) are dropped in Rust.
    used_params: BTreeMap<&'a TypeId, Vec<usize>>,
    /// Struct-to-struct containment without indirection, to find recursive types.
    direct_edges: BTreeMap<&'a TypeId, BTreeSet<&'a TypeId>>,
}

impl<'a> Planner<'a> {
    fn new(service: &'a Service, options: &Options) -> Self {
        let format = match service.protocol {
            Protocol::Soap(_) => WireFormat::XmlSchema,
            Protocol::ServiceStack { .. } => WireFormat::Serde,
        };
        let mut replacements = BTreeMap::new();
        let mut primitive_replacements = BTreeMap::new();
        for (key, rust) in &options.replace {
            if let Some(primitive) = Primitive::ALL
                .iter()
                .find(|primitive| primitive.kind_name() == key)
            {
                primitive_replacements.insert(primitive.kind_name(), rust.clone());
                continue;
            }
            for def in &service.types {
                if select::type_matches(key, &def.id) {
                    replacements.insert(&def.id, rust.clone());
                }
            }
        }
        let mut reserved = RESERVED_TYPE_NAMES.to_vec();
        if format == WireFormat::XmlSchema {
            reserved.extend_from_slice(RESERVED_SOAP_TYPE_NAMES);
        }
        let mut scope = Scope::with_reserved(&reserved);
        let idents: BTreeMap<&TypeId, String> = service
            .types
            .iter()
            .map(|def| (&def.id, scope.claim(naming::type_name(&def.id.name))))
            .collect();
        let polymorphic = polymorphic_families(service, &idents, &mut scope);
        let used_params = used_params_of(&service.types);
        let direct_edges = service
            .types
            .iter()
            .map(|def| (&def.id, direct_edges(def)))
            .collect();
        Self {
            service,
            replacements,
            primitive_replacements,
            replace_keys: options.replace.keys().cloned().collect(),
            replaced_kinds_used: Default::default(),
            format,
            idents,
            defs: service.types.iter().map(|def| (&def.id, def)).collect(),
            polymorphic,
            used_params,
            direct_edges,
        }
    }

    /// `replace` keys that are neither a kind nor any type's name, and kinds that no
    /// planned type uses.
    fn unmatched_replacements(&self) -> Vec<String> {
        let used = self.replaced_kinds_used.borrow();
        self.replace_keys
            .iter()
            .filter_map(|key| {
                let name = &self.service.name;
                if self.primitive_replacements.contains_key(key.as_str()) {
                    return (!used.contains(key.as_str())).then(|| {
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

    /// One enum per type with derived types, over the type and every descendant.
    fn polymorphic_items(&self) -> Vec<ItemPlan> {
        self.polymorphic
            .iter()
            .map(|(base, (ident, members))| {
                let variants: Vec<VariantPlan> = members
                    .iter()
                    .filter_map(|id| {
                        let def = self.defs.get(*id)?;
                        let ty = match self.replacements.get(*id) {
                            Some(rust) => RustType::Verbatim(rust.clone()),
                            None => RustType::path(&self.ident(id)),
                        };
                        Some(VariantPlan {
                            ident: self.ident(id),
                            ty,
                            xml_type: def.xml.name.clone()?,
                        })
                    })
                    .collect();
                let default_variant = members
                    .iter()
                    .position(|id| self.defs.get(*id).is_some_and(|def| !def.xml.is_abstract))
                    .unwrap_or(0);
                ItemPlan::Polymorphic(PolymorphicPlan {
                    ident: ident.clone(),
                    docs: vec![format!(
                        "`{}` or a type derived from it, as `xsi:type` says on the wire.",
                        self.ident(base)
                    )],
                    variants,
                    default_variant,
                    extra: Extra::default(),
                })
            })
            .collect()
    }

    pub(super) fn ident(&self, id: &TypeId) -> String {
        self.idents
            .get(id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(&id.name))
    }

    fn generics(&self, def: &TypeDef) -> Vec<String> {
        let used = self.used_params.get(&def.id).cloned().unwrap_or_default();
        used.iter()
            .filter_map(|index| def.params.get(*index))
            .map(|param| naming::type_name(param))
            .collect()
    }

    fn item(&self, def: &TypeDef) -> Result<ItemPlan> {
        let ident = self.ident(&def.id);
        let docs = doc_lines(def.docs.as_deref());
        let in_type = |message: String| {
            Error::input(def.origin.clone(), format!("`{}`: {message}", def.id.name))
        };
        Ok(match &def.kind {
            TypeKind::Struct { .. } => ItemPlan::Struct(self.struct_plan(def)?),
            TypeKind::Newtype(inner) => ItemPlan::Newtype(NewtypePlan {
                ident,
                generics: self.generics(def),
                docs,
                inner: self.rust_type(inner).map_err(in_type)?,
                extra: Extra::default(),
            }),
            TypeKind::Enum(definition) => {
                ItemPlan::Enum(enum_plan(ident, docs, definition, self.format))
            }
        })
    }

    fn struct_plan(&self, def: &TypeDef) -> Result<StructPlan> {
        let TypeKind::Struct { fields } = &def.kind else {
            return Err(Error::input(def.origin.clone(), "internal: not a struct"));
        };
        let planned = self.field_plans(Some(&def.id), &def.id.name, &def.origin, fields)?;
        let ident = self.ident(&def.id);
        let net_name = def.id.name.as_str();
        let wire_name = (def.params.is_empty() && net_name != ident).then(|| net_name.to_owned());
        let in_family = self
            .polymorphic
            .values()
            .any(|(_, members)| members.contains(&&def.id));
        Ok(StructPlan {
            ident,
            wire_name,
            generics: self.generics(def),
            docs: doc_lines(def.docs.as_deref()),
            fields: planned,
            format: self.format,
            xml_type: def.xml.name.clone().filter(|_| in_family),
            extra: Extra::default(),
        })
    }

    /// The fields of the struct `owner` (boxed where they would contain it again).
    pub(super) fn field_plans(
        &self,
        owner: Option<&TypeId>,
        owner_name: &str,
        origin: &crate::ir::Origin,
        fields: &[crate::ir::Field],
    ) -> Result<Vec<FieldPlan>> {
        let mut scope = Scope::default();
        let mut planned = Vec::with_capacity(fields.len());
        for field in fields {
            let ty = if is_credential(field) {
                Ok(RustType::path("::svcgen_runtime::Secret"))
            } else {
                self.rust_type(&field.ty)
            };
            let ty = ty.map_err(|message| {
                Error::input(
                    origin.clone(),
                    format!("field `{}` of `{owner_name}`: {message}", field.name),
                )
            })?;
            let recursive = owner.is_some_and(|owner| self.is_recursive(owner, &field.ty));
            let ty = if recursive { boxed(ty) } else { ty };
            let ty = if field_is_optional(field, self.format) {
                RustType::option(ty)
            } else {
                ty
            };
            planned.push(FieldPlan {
                ident: scope.claim(naming::value_name(&field.name)),
                wire_name: field.wire_name.clone(),
                aliases: field.wire_aliases.clone(),
                ty,
                presence: field.presence,
                docs: doc_lines(field.docs.as_deref()),
                xml: (self.format == WireFormat::XmlSchema).then(|| field_xml(field)),
            });
        }
        Ok(planned)
    }

    /// Whether a member of `owner` with type `ty` contains `owner` again without a
    /// `Vec` or map in between, so it needs a `Box`.
    fn is_recursive(&self, owner: &TypeId, ty: &TypeRef) -> bool {
        let Some(target) = direct_target(ty) else {
            return false;
        };
        let mut seen = BTreeSet::new();
        let mut stack = vec![target];
        while let Some(current) = stack.pop() {
            if current == owner {
                return true;
            }
            if seen.insert(current)
                && let Some(next) = self.direct_edges.get(current)
            {
                stack.extend(next.iter().copied());
            }
        }
        false
    }

    pub(super) fn rust_type(&self, ty: &TypeRef) -> Result<RustType, String> {
        Ok(match ty {
            TypeRef::Primitive(primitive) => {
                match self.primitive_replacements.get(primitive.kind_name()) {
                    Some(rust) => {
                        self.replaced_kinds_used
                            .borrow_mut()
                            .insert(primitive.kind_name());
                        RustType::Verbatim(rust.clone())
                    }
                    None => primitive_type(*primitive, self.format),
                }
            }
            TypeRef::List(item) | TypeRef::TextList(item) | TypeRef::Wrapped { item, .. } => {
                RustType::generic("Vec", vec![self.rust_type(item)?])
            }
            TypeRef::Map(key, value) => RustType::generic(
                "BTreeMap",
                vec![self.rust_type(key)?, self.rust_type(value)?],
            ),
            TypeRef::Nullable(inner) => RustType::option(self.rust_type(inner)?),
            TypeRef::Param(name) => RustType::path(&naming::type_name(name)),
            TypeRef::Named { id, args } => self.named_type(id, args)?,
        })
    }

    fn named_type(&self, id: &TypeId, args: &[TypeRef]) -> Result<RustType, String> {
        if !self.idents.contains_key(id) {
            return Err(format!("type `{id}` is referenced but not defined"));
        }
        if let Some(rust) = self.replacements.get(id) {
            return Ok(RustType::Verbatim(rust.clone()));
        }
        if let Some((ident, _)) = self.polymorphic.get(id) {
            return Ok(RustType::path(ident));
        }
        let path = self.ident(id);
        let used = self.used_params.get(id).cloned().unwrap_or_default();
        let mut rust_args = Vec::with_capacity(used.len());
        for index in used {
            let arg = args
                .get(index)
                .ok_or_else(|| format!("`{id}` is missing generic argument {index}"))?;
            rust_args.push(self.rust_type(arg)?);
        }
        Ok(RustType::Path {
            path,
            args: rust_args,
        })
    }
}

/// String members that hold credentials become `Secret`, so they never reach `Debug`
/// output or logs.
fn is_credential(field: &crate::ir::Field) -> bool {
    const NAMES: &[&str] = &[
        "password",
        "accesstoken",
        "refreshtoken",
        "bearertoken",
        "sessionid",
        "apikey",
        "accesstokensecret",
        "clientsecret",
        "secret",
        "oauthtoken",
        "token",
    ];
    let name: String = field
        .name
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    field.ty == TypeRef::Primitive(Primitive::String) && NAMES.contains(&name.as_str())
}

fn boxed(ty: RustType) -> RustType {
    RustType::generic("Box", vec![ty])
}

type UsedParams<'a> = BTreeMap<&'a TypeId, Vec<usize>>;

/// The parameters each generic type really uses. A parameter passed only to a parameter
/// that another type drops is unused too (`Page<T> { query: QueryDb<T> }`), so this starts
/// from "all used" and shrinks until nothing changes.
fn used_params_of(types: &[TypeDef]) -> UsedParams<'_> {
    let mut used: UsedParams<'_> = types
        .iter()
        .map(|def| (&def.id, (0..def.params.len()).collect()))
        .collect();
    loop {
        let next: UsedParams<'_> = types
            .iter()
            .map(|def| (&def.id, used_params(def, &used)))
            .collect();
        if next == used {
            return used;
        }
        used = next;
    }
}

fn used_params(def: &TypeDef, known: &UsedParams<'_>) -> Vec<usize> {
    fn collect<'t>(ty: &'t TypeRef, known: &UsedParams<'_>, into: &mut BTreeSet<&'t str>) {
        match ty {
            TypeRef::Param(name) => {
                into.insert(name);
            }
            TypeRef::List(inner) | TypeRef::Nullable(inner) | TypeRef::TextList(inner) => {
                collect(inner, known, into)
            }
            TypeRef::Wrapped { item, .. } => collect(item, known, into),
            TypeRef::Map(key, value) => {
                collect(key, known, into);
                collect(value, known, into);
            }
            TypeRef::Named { id, args } => {
                for (index, arg) in args.iter().enumerate() {
                    if known
                        .get(id)
                        .is_none_or(|positions| positions.contains(&index))
                    {
                        collect(arg, known, into);
                    }
                }
            }
            TypeRef::Primitive(_) => {}
        }
    }
    if runtime_path(def).is_some() {
        return (0..def.params.len()).collect();
    }
    let mut names = BTreeSet::new();
    match &def.kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .for_each(|field| collect(&field.ty, known, &mut names)),
        TypeKind::Newtype(inner) => collect(inner, known, &mut names),
        TypeKind::Enum(_) => {}
    }
    def.params
        .iter()
        .enumerate()
        .filter(|(_, param)| names.contains(param.as_str()))
        .map(|(index, _)| index)
        .collect()
}

/// The named type a member holds directly (possibly nullable), if any.
fn direct_target(ty: &TypeRef) -> Option<&TypeId> {
    match ty {
        TypeRef::Named { id, .. } => Some(id),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

fn direct_edges(def: &TypeDef) -> BTreeSet<&TypeId> {
    match &def.kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .filter_map(|field| direct_target(&field.ty))
            .collect(),
        TypeKind::Newtype(inner) => direct_target(inner).into_iter().collect(),
        TypeKind::Enum(_) => BTreeSet::new(),
    }
}

fn enum_plan(ident: String, docs: Vec<String>, definition: &Enum, format: WireFormat) -> EnumPlan {
    let mut scope = if definition.integer {
        Scope::default()
    } else {
        Scope::with_reserved(&["Unknown"])
    };
    let members = definition
        .members
        .iter()
        .map(|member| {
            let name = if definition.integer {
                naming::type_name(&member.name).to_shouty_snake_case()
            } else {
                naming::type_name(&member.name)
            };
            EnumMemberPlan {
                ident: scope.claim(name),
                wire_name: member.wire_name.clone(),
                value: member.value,
                docs: doc_lines(member.docs.as_deref()),
            }
        })
        .collect();
    let default_member = definition
        .members
        .iter()
        .position(|member| member.value == 0)
        .unwrap_or(0);
    EnumPlan {
        ident,
        docs,
        integer: definition.integer,
        members,
        default_member,
        format,
        extra: Extra::default(),
    }
}

/// `Option` for a field that may be absent, and, in XML, for one that may be nil; lists
/// are empty instead, except wrapped lists whose wrapper may be absent.
fn field_is_optional(field: &crate::ir::Field, format: WireFormat) -> bool {
    let is_list = matches!(field.ty, TypeRef::List(_));
    match field.presence {
        Presence::Optional => true,
        Presence::Required => format == WireFormat::XmlSchema && field.xml.nillable && !is_list,
        Presence::DefaultIfMissing => false,
    }
}

fn field_xml(field: &crate::ir::Field) -> FieldXml {
    let mut items = Vec::new();
    let mut ty = &field.ty;
    while let TypeRef::Wrapped { item, item_name } = ty {
        items.push(item_name.clone());
        ty = item;
    }
    FieldXml {
        kind: field.xml.kind,
        name: XmlName {
            namespace: field.xml.namespace.clone(),
            local: field.wire_name.clone(),
        },
        nillable: field.xml.nillable,
        required: field.presence == Presence::Required,
        items,
        text_list: matches!(field.ty, TypeRef::TextList(_)),
    }
}

/// For every type other types derive from (in `xsi:type` hierarchies), the enum that
/// stands for "this type or a derived one", named `Any<Type>`.
fn polymorphic_families<'a>(
    service: &'a Service,
    idents: &BTreeMap<&'a TypeId, String>,
    scope: &mut Scope,
) -> BTreeMap<&'a TypeId, (String, Vec<&'a TypeId>)> {
    let mut children: BTreeMap<&TypeId, Vec<&TypeId>> = BTreeMap::new();
    for def in &service.types {
        if let Some(base) = &def.xml.base {
            children.entry(base).or_default().push(&def.id);
        }
    }
    let mut families = BTreeMap::new();
    for base in children.keys() {
        let mut members = vec![*base];
        let mut next = 0;
        while let Some(current) = members.get(next).copied() {
            for child in children.get(current).into_iter().flatten() {
                if !members.contains(child) {
                    members.push(child);
                }
            }
            next += 1;
        }
        let base_ident = idents.get(*base).cloned().unwrap_or_default();
        let ident = scope.claim(format!("Any{base_ident}"));
        families.insert(*base, (ident, members));
    }
    families
}

fn primitive_type(primitive: Primitive, format: WireFormat) -> RustType {
    RustType::path(match primitive {
        Primitive::Any if format == WireFormat::XmlSchema => "::svcgen_runtime::xml::RawXml",
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

/// Doc text as lines for `///` comments; blank edges trimmed.
pub(super) fn doc_lines(docs: Option<&str>) -> Vec<String> {
    let Some(text) = docs.map(str::trim).filter(|text| !text.is_empty()) else {
        return Vec::new();
    };
    text.lines()
        .map(|line| line.trim_end().to_owned())
        .collect()
}

/// Checks that what a user writes as Rust parses as Rust: `replace` values as types,
/// derives as paths, attributes as outer attributes. The message names the option.
pub fn check_options(options: &Options) -> std::result::Result<(), String> {
    for (key, rust) in &options.replace {
        syn::parse_str::<syn::Type>(rust).map_err(|error| {
            format!("`replace` gives `{key}` the type `{rust}`, which is not a Rust type: {error}")
        })?;
    }
    for derive in options
        .derives
        .iter()
        .chain(options.type_derives.values().flatten())
    {
        syn::parse_str::<syn::Path>(derive)
            .map_err(|error| format!("`{derive}` is not a derive path: {error}"))?;
    }
    for attribute in options.type_attributes.values().flatten() {
        syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute)
            .map_err(|error| format!("`{attribute}` is not an attribute: {error}"))?;
    }
    Ok(())
}

/// Adds the user's derives (all types, then per type) and attributes (per type) to the
/// planned items; returns warnings for per-type options that named no type (neither an
/// item nor one of `planned_elsewhere`).
fn decorate(
    items: &mut [ItemPlan],
    options: &Options,
    module: &str,
    planned_elsewhere: &[&str],
) -> Result<Vec<String>> {
    check_options(options).map_err(|message| Error::Spec {
        message: format!("service `{module}`: {message}"),
    })?;
    let mut named = BTreeSet::new();
    for item in items.iter_mut() {
        let (ident, extra) = match item {
            ItemPlan::Struct(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Newtype(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Enum(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Polymorphic(plan) => (&plan.ident, &mut plan.extra),
        };
        extra.derives.extend(options.derives.iter().cloned());
        if let Some(derives) = options.type_derives.get(ident) {
            extra.derives.extend(derives.iter().cloned());
            named.insert(ident.clone());
        }
        if let Some(attributes) = options.type_attributes.get(ident) {
            extra.attributes.extend(attributes.iter().cloned());
            named.insert(ident.clone());
        }
    }
    Ok(options
        .type_derives
        .keys()
        .chain(options.type_attributes.keys())
        .filter(|key| !named.contains(*key) && !planned_elsewhere.contains(&key.as_str()))
        .map(|key| format!("service `{module}`: no generated type is named `{key}` (per-type options use the Rust name)"))
        .collect())
}
