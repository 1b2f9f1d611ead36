//! Planning a ServiceStack module's client: one operation per request type (its method,
//! docs, routes, preferred verb, answer kind and JSON style), from the host's facts.

use super::naming::{self, Scope};
use super::plan::{
    ClientPlan, ItemPlan, JsonStylePlan, OperationPlan, ResponseBodyPlan, RustType, doc_lines,
};
use super::types::TypeSpace;
use crate::error::{Error, Result};
use crate::ir::{
    Binding, HttpBinding, HttpMethod, JsonDialect, KeyCasing, Operation, Primitive, Returns,
    Service, TypeRef,
};

/// What a ServiceStack client plan needs to know about the host.
#[derive(Clone, Copy, Debug)]
pub(super) struct HostPlan {
    legacy: bool,
    json_style: Option<JsonStylePlan>,
}

impl HostPlan {
    pub(super) fn new(legacy: bool, key_casing: KeyCasing, json_dialect: JsonDialect) -> Self {
        let system_text_json = json_dialect == JsonDialect::SystemTextJson;
        let style = JsonStylePlan {
            system_text_json,
            camel_case: key_casing == KeyCasing::Camel || system_text_json,
        };
        Self {
            legacy,
            // The runtime's default (ServiceStack.Text, PascalCase) needs no constant.
            json_style: (style.system_text_json || style.camel_case).then_some(style),
        }
    }
}

/// The ServiceStack client: one operation per request type, which implements the
/// runtime's `Request` trait.
pub(super) fn client(
    types: &TypeSpace<'_>,
    service: &Service,
    items: &[ItemPlan],
    host: HostPlan,
) -> Result<ClientPlan> {
    let mut methods = Scope::with_reserved(&["new", "runtime", "send"]);
    let mut operations = Vec::new();
    for operation in &service.operations {
        let Binding::Http(http) = &operation.binding else {
            continue;
        };
        operations.push(operation_plan(
            types,
            service,
            operation,
            http,
            &mut methods,
            host,
        )?);
    }
    // Each request must be a struct: it implements the runtime's `Request`.
    for plan in &operations {
        let is_struct = items.iter().any(|item| {
            matches!(item, ItemPlan::Struct(plan_struct) if plan_struct.ident == plan.request_ident)
        });
        if !is_struct {
            let origin = service
                .operations
                .iter()
                .find(|operation| operation.name == plan.operation_name)
                .map(|operation| operation.origin.clone());
            let message = format!(
                "the request `{}` is not an object, so it cannot be sent",
                plan.operation_name
            );
            return Err(match origin {
                Some(origin) => Error::input(origin, message),
                None => Error::Emit {
                    module: service.name.clone(),
                    message,
                },
            });
        }
    }
    Ok(ClientPlan { operations })
}

fn operation_plan(
    types: &TypeSpace<'_>,
    service: &Service,
    operation: &Operation,
    http: &HttpBinding,
    methods: &mut Scope,
    host: HostPlan,
) -> Result<OperationPlan> {
    let response_body = match &operation.returns {
        Returns::Nothing => ResponseBodyPlan::Empty,
        Returns::Type(TypeRef::Primitive(Primitive::String)) => ResponseBodyPlan::Text,
        Returns::Type(TypeRef::Primitive(Primitive::Bytes)) => ResponseBodyPlan::Bytes,
        Returns::Type(_) => ResponseBodyPlan::Dto,
    };
    let response = match &operation.returns {
        Returns::Nothing => RustType::Unit,
        Returns::Type(ty) => types.rust_type(ty).map_err(|message| {
            Error::input(
                operation.origin.clone(),
                format!("response of `{}`: {message}", operation.name),
            )
        })?,
    };
    let http_method = http.method.unwrap_or(HttpMethod::Post);
    let mut docs = doc_lines(operation.docs.as_deref());
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(call_summary(operation, http, http_method));
    if !http.file_fields.is_empty() {
        let fields: Vec<String> = http
            .file_fields
            .iter()
            .map(|field| format!("`{field}`"))
            .collect();
        docs.push(String::new());
        docs.push(format!(
            "Takes files in {}: send them with `servicestack::Client::send_with_files` (cargo feature `multipart`), the field name as each file's.",
            fields.join(", ")
        ));
    }
    if operation.requires_auth {
        docs.push(String::new());
        docs.push("Requires authentication.".to_owned());
    }
    let access = &operation.access;
    for (names, what) in [
        (&access.all_roles, "Requires the role(s)"),
        (&access.any_role, "Requires one of the roles"),
        (&access.all_permissions, "Requires the permission(s)"),
        (&access.any_permission, "Requires one of the permissions"),
    ] {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            docs.push(String::new());
            docs.push(format!("{what} {}.", names.join(", ")));
        }
    }
    if !operation.tags.is_empty() {
        docs.push(String::new());
        docs.push(format!("Tags: {}.", operation.tags.join(", ")));
    }
    Ok(OperationPlan {
        method_ident: methods.claim(naming::value_name(&operation.name)),
        docs,
        operation_name: operation.name.clone(),
        request_ident: types.ident(&operation.request),
        response,
        http_method,
        routes: http.routes.clone(),
        requires_auth: operation.requires_auth,
        predefined_api: !host.legacy,
        json_style: host.json_style,
        response_body,
        xml_namespace: service
            .types
            .iter()
            .find(|def| def.id == operation.request)
            .and_then(|def| def.xml_namespace.clone()),
    })
}

/// "Sends `ConvertSessionToToken` as `POST /session-to-token`." for the method's docs.
fn call_summary(operation: &Operation, http: &HttpBinding, method: HttpMethod) -> String {
    let paths: Vec<String> = http
        .routes
        .iter()
        .filter(|route| route.methods.is_empty() || route.methods.contains(&method))
        .map(|route| format!("`{}`", route.path))
        .collect();
    let (name, verb) = (&operation.name, method.as_str());
    match paths.as_slice() {
        [] => format!("Sends `{name}` as `{verb}` to the predefined route."),
        [path] if !path.contains('{') => {
            format!("Sends `{name}` as `{verb} {}`.", path.trim_matches('`'))
        }
        _ => format!(
            "Sends `{name}` as `{verb}` to {}: the route with the most variables set on the request (then the \
             shortest), else the predefined route.",
            paths.join(", ")
        ),
    }
}
