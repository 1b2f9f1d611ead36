//! `svcgen inspect`: what a contract holds, as tables a person can read before generating
//! — the operations (route, verb and authentication, or SOAP versions, action and
//! headers) and the types (kind and size).

use std::fmt::Write as _;

use crate::error::Result;
use crate::ir::{
    Binding, HttpMethod, Protocol, Returns, Service, SoapVersion, TypeDef, TypeKind, TypeRef,
};
use crate::pipeline;
use crate::spec::ServiceSpec;

/// The report for one service's inputs.
pub fn inspect(service: &ServiceSpec) -> Result<String> {
    let ir = pipeline::read_service(service)?;
    Ok(report(&ir))
}

fn report(ir: &Service) -> String {
    let mut out = String::new();
    let protocol = match &ir.protocol {
        Protocol::ServiceStack { legacy: true, .. } => "ServiceStack (v5 metadata)".to_owned(),
        Protocol::ServiceStack { legacy: false, .. } => "ServiceStack".to_owned(),
        Protocol::Soap(soap) => {
            let endpoints: Vec<String> = soap
                .endpoints
                .iter()
                .map(|endpoint| format!("{} {}", endpoint.port, endpoint.address))
                .collect();
            if endpoints.is_empty() {
                "SOAP".to_owned()
            } else {
                format!("SOAP; advertised endpoints: {}", endpoints.join(", "))
            }
        }
    };
    let _ = writeln!(out, "service `{}` ({protocol})", ir.name);
    if let Some(docs) = &ir.docs {
        let _ = writeln!(out, "  {}", docs.lines().next().unwrap_or_default());
    }
    let _ = writeln!(out, "\noperations ({}):", ir.operations.len());
    let rows: Vec<[String; 4]> = ir
        .operations
        .iter()
        .map(|operation| {
            let returns = match &operation.returns {
                Returns::Type(ty) => type_name(ty),
                Returns::Nothing => "nothing".to_owned(),
            };
            [
                operation.name.clone(),
                binding(&operation.binding, operation.requires_auth),
                format!("{} -> {returns}", operation.request.name),
                operation
                    .docs
                    .as_deref()
                    .and_then(|docs| docs.lines().next())
                    .unwrap_or_default()
                    .to_owned(),
            ]
        })
        .collect();
    table(&mut out, &rows);
    let _ = writeln!(out, "\ntypes ({}):", ir.types.len());
    let rows: Vec<[String; 4]> = ir.types.iter().map(type_row).collect();
    table(&mut out, &rows);
    if !ir.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings ({}):", ir.warnings.len());
        for warning in &ir.warnings {
            let _ = writeln!(out, "  {warning}");
        }
    }
    out
}

pub(crate) fn binding(binding: &Binding, requires_auth: bool) -> String {
    match binding {
        Binding::Http(http) => {
            let method = http.method.unwrap_or(HttpMethod::Post).as_str();
            let routes: Vec<String> = http
                .routes
                .iter()
                .map(|route| {
                    if route.methods.is_empty() {
                        route.path.clone()
                    } else {
                        let methods: Vec<&str> = route.methods.iter().map(|m| m.as_str()).collect();
                        format!("{} {}", methods.join(","), route.path)
                    }
                })
                .collect();
            let routes = if routes.is_empty() {
                "predefined route".to_owned()
            } else {
                routes.join(" | ")
            };
            let auth = if requires_auth { ", auth" } else { "" };
            format!("{method}: {routes}{auth}")
        }
        Binding::Soap(soap) => {
            let versions: Vec<&str> = soap
                .actions
                .iter()
                .map(|bound| match bound.version {
                    SoapVersion::Soap11 => "1.1",
                    SoapVersion::Soap12 => "1.2",
                })
                .collect();
            let action = soap
                .actions
                .first()
                .map(|bound| bound.action.as_str())
                .unwrap_or_default();
            let mut text = format!("SOAP {} `{action}`", versions.join("+"));
            let names = |list: &[crate::ir::XmlName]| -> Vec<String> {
                list.iter().map(|name| name.local.clone()).collect()
            };
            if !soap.input_headers.is_empty() {
                let _ = write!(
                    text,
                    ", headers in: {}",
                    names(&soap.input_headers).join(",")
                );
            }
            if !soap.output_headers.is_empty() {
                let _ = write!(
                    text,
                    ", headers out: {}",
                    names(&soap.output_headers).join(",")
                );
            }
            if !soap.faults.is_empty() {
                let _ = write!(text, ", faults: {}", names(&soap.faults).join(","));
            }
            text
        }
    }
}

pub(crate) fn type_row(def: &TypeDef) -> [String; 4] {
    let (kind, size) = match &def.kind {
        TypeKind::Struct { fields } => ("struct", count(fields.len(), "field")),
        TypeKind::Newtype(inner) => ("newtype", type_name(inner)),
        TypeKind::Enum(definition) if definition.integer => {
            ("integer enum", count(definition.members.len(), "member"))
        }
        TypeKind::Enum(definition) => ("enum", count(definition.members.len(), "member")),
    };
    let base = def
        .xml
        .base
        .as_ref()
        .map(|base| format!("extends {}", base.name))
        .unwrap_or_default();
    let namespace = if def.id.namespace.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", def.id.namespace)
    };
    [
        def.id.name.clone(),
        kind.to_owned(),
        size,
        [base, namespace].join(" ").trim().to_owned(),
    ]
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

pub(crate) fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Primitive(primitive) => primitive.kind_name().to_owned(),
        TypeRef::List(item) | TypeRef::TextList(item) | TypeRef::Wrapped { item, .. } => {
            format!("list of {}", type_name(item))
        }
        TypeRef::Map(key, value) => format!("map of {} to {}", type_name(key), type_name(value)),
        TypeRef::Nullable(inner) => format!("{}?", type_name(inner)),
        TypeRef::Named { id, args } if args.is_empty() => id.name.clone(),
        TypeRef::Named { id, args } => {
            let args: Vec<String> = args.iter().map(type_name).collect();
            format!("{}<{}>", id.name, args.join(", "))
        }
        TypeRef::Param(name) => name.clone(),
    }
}

/// Left-aligned columns, two spaces apart; the last column is not padded.
fn table(out: &mut String, rows: &[[String; 4]]) {
    let mut widths = [0usize; 4];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from("  ");
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:width$}  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
