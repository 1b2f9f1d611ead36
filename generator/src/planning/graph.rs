//! Facts about the type graph the planner needs before it names a field's type: which
//! generic parameters a type really uses, which members contain their owner again, which
//! types form `xsi:type` families, and whether maps occur.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Service, TypeDef, TypeId, TypeRef};

/// For each generic type, the positions of the parameters its members use.
pub(super) type UsedParams<'a> = BTreeMap<&'a TypeId, Vec<usize>>;

/// The parameters each generic type really uses. A parameter passed only to a parameter
/// that another type drops is unused too (`Page<T> { query: QueryDb<T> }`), so this starts
/// from "all used" and shrinks until nothing changes.
pub(super) fn used_params_of(types: &[TypeDef]) -> UsedParams<'_> {
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
    // The runtime's own types keep their parameters whatever their IR members say.
    if def.provided.is_some() {
        return (0..def.params.len()).collect();
    }
    let mut names = BTreeSet::new();
    for ty in def.member_types() {
        params_in(ty, known, &mut names);
    }
    def.params
        .iter()
        .enumerate()
        .filter(|(_, param)| names.contains(param.as_str()))
        .map(|(index, _)| index)
        .collect()
}

/// The parameters `ty` mentions, skipping arguments in positions their type drops (which
/// is why this is not [`TypeRef::walk`]).
fn params_in<'t>(ty: &'t TypeRef, known: &UsedParams<'_>, into: &mut BTreeSet<&'t str>) {
    match ty {
        TypeRef::Param(name) => {
            into.insert(name);
        }
        TypeRef::List(inner) | TypeRef::Nullable(inner) | TypeRef::TextList(inner) => {
            params_in(inner, known, into)
        }
        TypeRef::Wrapped { item, .. } => params_in(item, known, into),
        TypeRef::Map(key, value) => {
            params_in(key, known, into);
            params_in(value, known, into);
        }
        TypeRef::Named { id, args } => {
            let kept = |index: &usize| known.get(id).is_none_or(|used| used.contains(index));
            for (_, arg) in args.iter().enumerate().filter(|(index, _)| kept(index)) {
                params_in(arg, known, into);
            }
        }
        TypeRef::Primitive(_) => {}
    }
}

/// Struct-to-struct containment without indirection (no `Vec` or map in between), to
/// find members that need a `Box`.
pub(super) struct Containment<'a> {
    edges: BTreeMap<&'a TypeId, BTreeSet<&'a TypeId>>,
}

impl<'a> Containment<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        let edges = types
            .iter()
            .map(|def| {
                let targets = def.member_types().into_iter().filter_map(direct_target);
                (&def.id, targets.collect())
            })
            .collect();
        Self { edges }
    }

    /// Whether a member of `owner` with type `ty` contains `owner` again.
    pub(super) fn is_recursive(&self, owner: &TypeId, ty: &TypeRef) -> bool {
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
                && let Some(next) = self.edges.get(current)
            {
                stack.extend(next.iter().copied());
            }
        }
        false
    }
}

/// The named type a member holds directly (possibly nullable), if any.
fn direct_target(ty: &TypeRef) -> Option<&TypeId> {
    match ty {
        TypeRef::Named { id, .. } => Some(id),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

/// For every type other types derive from (`xsi:type` hierarchies), the base and all its
/// descendants, the base first, breadth first.
pub(super) fn families(service: &Service) -> BTreeMap<&TypeId, Vec<&TypeId>> {
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
        families.insert(*base, members);
    }
    families
}

/// Whether `ty` contains a map anywhere.
pub(super) fn ref_uses_map(ty: &TypeRef) -> bool {
    let mut found = false;
    ty.walk(&mut |inner| found |= matches!(inner, TypeRef::Map(..)));
    found
}

/// Whether any member of `def` contains a map.
pub(super) fn uses_map(def: &TypeDef) -> bool {
    def.member_types().into_iter().any(ref_uses_map)
}
