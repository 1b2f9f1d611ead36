//! The user's per-item options: checking that what they wrote as Rust parses as Rust,
//! and adding their derives and attributes to the planned items.

use std::collections::BTreeSet;

use super::plan::ItemPlan;
use crate::error::{Error, Result};
use crate::spec::Options;

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
pub(super) fn decorate(
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
