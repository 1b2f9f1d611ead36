//! The planner: drives the layers below it over one service. It builds the type space,
//! plans every item, hands the protocol planner (ServiceStack or SOAP) what it needs, and
//! collects the warnings.

use super::items::ItemPlanner;
use super::naming;
use super::options::{check_options, decorate};
use super::plan::{ExternType, ItemPlan, ModuleClient, ModuleContext, ModulePlan};
use super::types::{TypeSpace, provided_path};
use super::{graph, servicestack, soap};
use crate::error::{Error, Result};
use crate::ir::{Protocol, Returns, Service};

/// Plans the module for one service.
pub fn plan_service(service: &Service, context: ModuleContext) -> Result<ModulePlan> {
    let options = &context.options;
    check_options(options).map_err(|message| Error::Spec {
        message: format!("service `{}`: {message}", service.name),
    })?;
    let types = TypeSpace::new(service, options).map_err(|message| Error::Spec {
        message: format!("service `{}`: {message}", service.name),
    })?;
    let planner = ItemPlanner::new(&types, service);
    let mut extern_types = Vec::new();
    let mut items = Vec::new();
    for def in &service.types {
        if types.replacement(&def.id).is_some() {
            continue; // the user's type stands in for it
        }
        if let Some(provided) = def.provided {
            extern_types.push(ExternType {
                ident: types.ident(&def.id),
                path: provided_path(provided),
            });
            continue;
        }
        items.push(planner.item(def)?);
    }
    items.extend(planner.family_items());
    // SOAP modules also have `Headers`, decorated with the SOAP plan below.
    let planned_elsewhere: &[&str] = match &service.protocol {
        Protocol::Soap(soap) if !soap.headers.is_empty() => &["Headers"],
        _ => &[],
    };
    let mut warnings = decorate(&mut items, options, &service.name, planned_elsewhere)?;
    let client = match &service.protocol {
        Protocol::ServiceStack {
            legacy,
            key_casing,
            json_dialect,
        } => {
            let host = servicestack::HostPlan::new(*legacy, *key_casing, *json_dialect);
            ModuleClient::ServiceStack(servicestack::client(&types, service, &items, host)?)
        }
        Protocol::Soap(soap) => {
            // Errors in a header's type point at the first operation: headers have no
            // declaration of their own in the IR.
            let origin = service
                .operations
                .first()
                .map(|operation| operation.origin.clone());
            let headers = match &origin {
                Some(origin) => planner.field_plans(None, "Headers", origin, &soap.headers)?,
                None => Vec::new(),
            };
            let mut plan = soap::plan(&types, service, soap, headers)?;
            soap::collect_namespaces(&mut plan, &items);
            if let Some(headers) = plan.headers.take() {
                let mut decorated = [ItemPlan::Struct(headers)];
                decorate(&mut decorated, options, &service.name, &[])?;
                let [ItemPlan::Struct(headers)] = decorated else {
                    unreachable!("decorate keeps the items it is given")
                };
                plan.headers = Some(headers);
            }
            ModuleClient::Soap(Box::new(plan))
        }
    };
    // After planning, which is what tells the kinds the module really uses.
    warnings.splice(0..0, types.unmatched_replacements());
    warnings.extend(renamed_methods(&service.name, &client_methods(&client)));
    Ok(ModulePlan {
        name: service.name.clone(),
        crate_ident: context.crate_name.replace('-', "_"),
        base_url: context.base_url,
        docs: context.docs,
        examples: context.examples,
        blocking: context.blocking,
        mock: context.mock,
        uses_maps: uses_maps(service),
        items,
        extern_types,
        client,
        warnings,
    })
}

/// Whether the module names `BTreeMap`: only emitted types count (runtime-provided ones
/// import what they need), plus responses, which appear in the `Request` impls.
fn uses_maps(service: &Service) -> bool {
    let in_types = service
        .types
        .iter()
        .filter(|def| def.provided.is_none())
        .any(graph::uses_map);
    let in_responses = service
        .operations
        .iter()
        .any(|operation| match &operation.returns {
            Returns::Type(ty) => graph::ref_uses_map(ty),
            Returns::Nothing => false,
        });
    in_types || in_responses
}

/// Each operation's name and its client method's.
fn client_methods(client: &ModuleClient) -> Vec<(&str, &str)> {
    match client {
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
    }
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
