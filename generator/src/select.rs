//! Selecting what a service keeps, by the user's options: operations by name or pattern,
//! and then the types those operations need (request, response, headers, faults, and
//! everything they contain, derived types included), plus types asked for by name. A type
//! the user excludes but a kept operation needs is an error naming both.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{Binding, Protocol, Returns, Service, TypeDef, TypeId};
use crate::spec::Options;

/// `*` matches any run of characters; everything else matches itself.
pub fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return name.is_empty();
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// A type's names a pattern may use: `Name` (without .NET's generic arity) and
/// `{namespace}Name`.
pub fn type_matches(pattern: &str, id: &TypeId) -> bool {
    let name = &id.name;
    matches(pattern, name) || matches(pattern, &format!("{{{}}}{name}", id.namespace))
}

fn any_match(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|pattern| matches(pattern, name))
}

/// Applies the selection options to `service`; without any, it is left whole.
pub fn select(service: &mut Service, options: &Options) -> Result<()> {
    let filtering = !options.operations.is_empty()
        || !options.exclude_operations.is_empty()
        || !options.types.is_empty()
        || !options.exclude_types.is_empty();
    if !filtering {
        return Ok(());
    }
    service.operations.retain(|operation| {
        (options.operations.is_empty() || any_match(&options.operations, &operation.name))
            && !any_match(&options.exclude_operations, &operation.name)
    });
    let mut roots: Vec<(TypeId, String)> = Vec::new();
    for operation in &service.operations {
        let why = format!("operation `{}`", operation.name);
        roots.push((operation.request.clone(), why.clone()));
        if let Returns::Type(ty) = &operation.returns {
            ty.named_types(&mut |id| roots.push((id.clone(), why.clone())));
        }
    }
    if let Protocol::Soap(soap) = &mut service.protocol {
        let used = |list: fn(&crate::ir::SoapBinding) -> &Vec<crate::ir::XmlName>| {
            service
                .operations
                .iter()
                .filter_map(|operation| match &operation.binding {
                    Binding::Soap(binding) => Some(list(binding).clone()),
                    Binding::Http(_) => None,
                })
                .flatten()
                .collect::<BTreeSet<_>>()
        };
        let headers = used(|binding| &binding.input_headers)
            .into_iter()
            .chain(used(|binding| &binding.output_headers))
            .collect::<BTreeSet<_>>();
        let faults = used(|binding| &binding.faults);
        soap.headers
            .retain(|header| headers.contains(&header.xml_name()));
        soap.faults.retain(|fault| faults.contains(&fault.element));
        let elements = soap
            .headers
            .iter()
            .map(|header| (&header.wire_name, &header.ty));
        let faults = soap
            .faults
            .iter()
            .map(|fault| (&fault.element.local, &fault.ty));
        for (name, ty) in elements.chain(faults) {
            let why = format!("SOAP element `{name}`");
            ty.named_types(&mut |id| roots.push((id.clone(), why.clone())));
        }
    }
    for def in &service.types {
        if options
            .types
            .iter()
            .any(|pattern| type_matches(pattern, &def.id))
        {
            roots.push((def.id.clone(), "the `types` option".to_owned()));
        }
    }
    let kept = closure(&service.types, roots, options)?;
    service.types.retain(|def| kept.contains(&def.id));
    Ok(())
}

/// Every type `roots` reach, and the types derived from those.
fn closure(
    types: &[TypeDef],
    roots: Vec<(TypeId, String)>,
    options: &Options,
) -> Result<BTreeSet<TypeId>> {
    let by_id: BTreeMap<&TypeId, &TypeDef> = types.iter().map(|def| (&def.id, def)).collect();
    let mut derived_from: BTreeMap<&TypeId, Vec<&TypeId>> = BTreeMap::new();
    for def in types {
        if let Some(base) = &def.xml.base {
            derived_from.entry(base).or_default().push(&def.id);
        }
    }
    let mut kept = BTreeSet::new();
    let mut stack = roots;
    while let Some((id, why)) = stack.pop() {
        if kept.contains(&id) {
            continue;
        }
        let Some(def) = by_id.get(&id) else {
            continue;
        };
        if options
            .exclude_types
            .iter()
            .any(|pattern| type_matches(pattern, &id))
        {
            return Err(Error::input(
                def.origin.clone(),
                format!("type `{}` is excluded, but {why} needs it", id.name),
            ));
        }
        kept.insert(id.clone());
        let why = format!("`{}` (for {why})", id.name);
        def.references(&mut |next| stack.push((next.clone(), why.clone())));
        for derived in derived_from.get(&id).into_iter().flatten() {
            stack.push(((*derived).clone(), why.clone()));
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_with_stars_only() {
        assert!(matches("Get*", "GetProperties"));
        assert!(matches("*Logon", "AccessTokenLogon"));
        assert!(matches("*Token*", "AccessTokenLogon"));
        assert!(matches("Ping", "Ping"));
        assert!(!matches("Ping", "Pings"));
        assert!(!matches("Get*", "SetProperties"));
        assert!(matches("*", ""));
        assert!(matches("A*B*C", "AxxBxxC"));
        assert!(!matches("A*B*C", "AxxCxxB"));
    }

    #[test]
    fn types_match_by_name_or_qualified_name() {
        let id = TypeId::dotnet("http://www.twinfield.com/", "QueryResponse`1");
        assert!(type_matches("QueryResponse", &id));
        assert!(type_matches("{http://www.twinfield.com/}Query*", &id));
        assert!(!type_matches("{urn:other}QueryResponse", &id));
    }
}
