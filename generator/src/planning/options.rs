//! The user's per-item options: checking that what they wrote as Rust parses as Rust,
//! and adding their derives and attributes to the planned items.

use std::collections::BTreeSet;

use super::plan::ItemPlan;
use super::syntax::{Derive, UserSyntax};
use crate::error::{Error, Result};
use crate::spec::Options;

/// Checks that what a user writes as Rust parses as Rust: `replace` values as types,
/// derives as paths, attributes as outer attributes. The message names the option.
pub fn check_options(options: &Options) -> std::result::Result<(), String> {
    for (key, rust) in &options.replace {
        UserSyntax::parse_type(rust).map_err(|error| {
            format!("`replace` gives `{key}` the type `{rust}`, which is not a Rust type: {error}")
        })?;
    }
    for derive in all_derives(options) {
        parse_derive(derive)?;
    }
    for attribute in options.type_attributes.values().flatten() {
        parse_attribute(attribute)?;
    }
    Ok(())
}

fn all_derives(options: &Options) -> impl Iterator<Item = &String> {
    options
        .derives
        .iter()
        .chain(options.type_derives.values().flatten())
}

fn parse_derive(text: &str) -> std::result::Result<Derive, String> {
    Derive::parse(text).map_err(|error| format!("`{text}` is not a derive path: {error}"))
}

fn parse_attribute(text: &str) -> std::result::Result<UserSyntax, String> {
    UserSyntax::parse_attributes(text)
        .map_err(|error| format!("`{text}` is not an attribute: {error}"))
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
    let spec_error = |message: String| Error::Spec {
        message: format!("service `{module}`: {message}"),
    };
    let parse_derives = |derives: &[String]| {
        derives
            .iter()
            .map(|derive| parse_derive(derive))
            .collect::<std::result::Result<Vec<_>, _>>()
    };
    let everywhere = parse_derives(&options.derives).map_err(spec_error)?;
    let mut named = BTreeSet::new();
    for item in items.iter_mut() {
        let (ident, extra) = match item {
            ItemPlan::Struct(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Newtype(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Enum(plan) => (&plan.ident, &mut plan.extra),
            ItemPlan::Polymorphic(plan) => (&plan.ident, &mut plan.extra),
        };
        extra.derives.extend(everywhere.iter().cloned());
        if let Some(derives) = options.type_derives.get(ident) {
            extra
                .derives
                .extend(parse_derives(derives).map_err(spec_error)?);
            named.insert(ident.clone());
        }
        if let Some(attributes) = options.type_attributes.get(ident) {
            for attribute in attributes {
                extra
                    .attributes
                    .push(parse_attribute(attribute).map_err(spec_error)?);
            }
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
