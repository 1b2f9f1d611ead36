//! The plan of one generated module: structs, re-exported runtime types and the client.

use std::collections::BTreeMap;

use super::naming::{self, Scope};
use crate::error::{Error, Result};
use crate::ir::{
    HttpMethod, Operation, Presence, Primitive, Returns, Route, Service, TypeDef, TypeId, TypeKind,
    TypeRef,
};

/// Types the runtime already provides; generated modules re-export them instead of
/// declaring look-alikes, so that a response's `ResponseStatus` and the client error's
/// are the same type.
const RUNTIME_TYPES: &[(&str, &str, &str)] = &[
    (
        "ServiceStack",
        "ResponseStatus",
        "::svcgen_runtime::servicestack::ResponseStatus",
    ),
    (
        "ServiceStack",
        "ResponseError",
        "::svcgen_runtime::servicestack::ResponseError",
    ),
];

#[derive(Clone, Debug, PartialEq)]
pub struct ModulePlan {
    pub name: String,
    /// The generated crate's name as Rust code spells it (for doc examples).
    pub crate_ident: String,
    /// The service's usual base URL (for doc examples).
    pub base_url: Option<String>,
    pub docs: Vec<String>,
    pub structs: Vec<StructPlan>,
    pub extern_types: Vec<ExternType>,
    pub client: ClientPlan,
}

/// A type provided elsewhere and re-exported under `ident`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternType {
    pub ident: String,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructPlan {
    pub ident: String,
    pub docs: Vec<String>,
    pub fields: Vec<FieldPlan>,
    /// Set when this struct is an operation's request: it implements the runtime's
    /// `Request` trait.
    pub request: Option<OperationPlan>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldPlan {
    pub ident: String,
    pub wire_name: String,
    pub aliases: Vec<String>,
    pub ty: RustType,
    pub presence: Presence,
    pub docs: Vec<String>,
}

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// A path with optional generic arguments: `String`, `::std::vec::Vec<T>`.
    Path {
        path: String,
        args: Vec<RustType>,
    },
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
}

/// What the caller knows about a module beyond its IR.
#[derive(Clone, Debug, Default)]
pub struct ModuleContext {
    pub crate_name: String,
    pub base_url: Option<String>,
    pub docs: Vec<String>,
}

/// Plans the module for one service.
pub fn plan_service(service: &Service, context: ModuleContext) -> Result<ModulePlan> {
    let idents = type_idents(service);
    let planner = Planner { idents: &idents };
    let mut extern_types = Vec::new();
    let mut structs = Vec::new();
    for def in &service.types {
        if let Some(path) = runtime_path(&def.id) {
            extern_types.push(ExternType {
                ident: planner.ident(&def.id),
                path: path.to_owned(),
            });
            continue;
        }
        structs.push(planner.struct_plan(def)?);
    }
    let mut methods = Scope::with_reserved(&["new", "runtime", "send"]);
    let mut operations = Vec::new();
    for operation in &service.operations {
        operations.push(planner.operation(operation, &mut methods)?);
    }
    for plan in &operations {
        if let Some(request) = structs.iter_mut().find(|s| s.ident == plan.request_ident) {
            request.request = Some(plan.clone());
        }
    }
    Ok(ModulePlan {
        name: service.name.clone(),
        crate_ident: context.crate_name.replace('-', "_"),
        base_url: context.base_url,
        docs: context.docs,
        structs,
        extern_types,
        client: ClientPlan { operations },
    })
}

fn runtime_path(id: &TypeId) -> Option<&'static str> {
    RUNTIME_TYPES
        .iter()
        .find(|(namespace, name, _)| id.namespace == *namespace && id.name == *name)
        .map(|(_, _, path)| *path)
}

/// Rust names for every type, unique within the module, in a stable order.
fn type_idents(service: &Service) -> BTreeMap<TypeId, String> {
    // Generated code names prelude types unqualified, so no schema type may take them.
    let mut scope = Scope::with_reserved(&[
        "Client", "Error", "Option", "Result", "String", "Vec", "Box", "Default",
    ]);
    service
        .types
        .iter()
        .map(|def| (def.id.clone(), scope.claim(naming::type_name(&def.id.name))))
        .collect()
}

struct Planner<'a> {
    idents: &'a BTreeMap<TypeId, String>,
}

impl Planner<'_> {
    fn ident(&self, id: &TypeId) -> String {
        self.idents
            .get(id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(&id.name))
    }

    fn struct_plan(&self, def: &TypeDef) -> Result<StructPlan> {
        let TypeKind::Struct { fields } = &def.kind;
        let mut scope = Scope::default();
        let mut planned = Vec::with_capacity(fields.len());
        for field in fields {
            let ty = self.rust_type(&field.ty).map_err(|message| {
                Error::input(
                    def.origin.clone(),
                    format!("field `{}` of `{}`: {message}", field.name, def.id.name),
                )
            })?;
            let ty = if field.presence == Presence::Optional {
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
            });
        }
        Ok(StructPlan {
            ident: self.ident(&def.id),
            docs: doc_lines(def.docs.as_deref()),
            fields: planned,
            request: None,
        })
    }

    fn operation(&self, operation: &Operation, methods: &mut Scope) -> Result<OperationPlan> {
        let response = match &operation.returns {
            Returns::Nothing => RustType::Unit,
            Returns::Type(ty) => self.rust_type(ty).map_err(|message| {
                Error::input(
                    operation.origin.clone(),
                    format!("response of `{}`: {message}", operation.name),
                )
            })?,
        };
        let http_method = operation.http.method.unwrap_or(HttpMethod::Post);
        let mut docs = doc_lines(operation.docs.as_deref());
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(call_summary(operation, http_method));
        if operation.requires_auth {
            docs.push(String::new());
            docs.push("Requires authentication.".to_owned());
        }
        Ok(OperationPlan {
            method_ident: methods.claim(naming::value_name(&operation.name)),
            docs,
            operation_name: operation.name.clone(),
            request_ident: self.ident(&operation.request),
            response,
            http_method,
            routes: operation.http.routes.clone(),
            requires_auth: operation.requires_auth,
        })
    }

    fn rust_type(&self, ty: &TypeRef) -> Result<RustType, String> {
        Ok(match ty {
            TypeRef::Primitive(primitive) => primitive_type(*primitive)?,
            TypeRef::List(element) => RustType::generic("Vec", vec![self.rust_type(element)?]),
            TypeRef::Map(key, value) => RustType::generic(
                "std::collections::BTreeMap",
                vec![self.rust_type(key)?, self.rust_type(value)?],
            ),
            TypeRef::Named(id) => RustType::path(&self.ident(id)),
        })
    }
}

fn primitive_type(primitive: Primitive) -> Result<RustType, String> {
    let path = match primitive {
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
        Primitive::Decimal
        | Primitive::DateTime
        | Primitive::Duration
        | Primitive::Guid
        | Primitive::Bytes => {
            return Err(format!("{primitive:?} values are not supported yet"));
        }
    };
    Ok(RustType::path(path))
}

/// "Sends `ConvertSessionToToken` as `POST /session-to-token`." for the method's docs.
fn call_summary(operation: &Operation, method: HttpMethod) -> String {
    let route = operation
        .http
        .routes
        .iter()
        .find(|route| route.methods.is_empty() || route.methods.contains(&method));
    match route {
        Some(route) => format!(
            "Sends `{}` as `{} {}`.",
            operation.name,
            method.as_str(),
            route.path
        ),
        None => format!(
            "Sends `{}` as `{}` to the predefined route.",
            operation.name,
            method.as_str()
        ),
    }
}

/// Doc text as lines for `///` comments; blank edges trimmed.
fn doc_lines(docs: Option<&str>) -> Vec<String> {
    let Some(text) = docs.map(str::trim).filter(|text| !text.is_empty()) else {
        return Vec::new();
    };
    text.lines()
        .map(|line| line.trim_end().to_owned())
        .collect()
}
