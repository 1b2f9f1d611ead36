//! Facts about the type graph the planner needs before it names a field's type: which
//! generic parameters a type really uses, which members contain their owner again, which
//! types form `xsi:type` families, and whether maps occur.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{IdMap, Service, TypeDef, TypeId, TypeRef};

/// For each generic type, the positions of the parameters its members use.
pub(super) type UsedParams<'a> = IdMap<'a, Vec<usize>>;

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
/// find members that need a `Box`: a member contains its owner again when the type it
/// holds directly is in the owner's strongly connected component.
pub(super) struct Containment<'a> {
    component: IdMap<'a, usize>,
}

impl<'a> Containment<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        let index: IdMap<'_, usize> = types
            .iter()
            .enumerate()
            .map(|(position, def)| (&def.id, position))
            .collect();
        let edges: Vec<Vec<usize>> = types
            .iter()
            .map(|def| {
                let targets = def.member_types().into_iter().filter_map(direct_target);
                targets.filter_map(|id| index.get(id).copied()).collect()
            })
            .collect();
        let mut component = IdMap::default();
        for (number, members) in strongly_connected(&edges).into_iter().enumerate() {
            for member in members {
                if let Some(def) = types.get(member) {
                    component.insert(&def.id, number);
                }
            }
        }
        Self { component }
    }

    /// Whether a member of `owner` with type `ty` contains `owner` again.
    pub(super) fn is_recursive(&self, owner: &TypeId, ty: &TypeRef) -> bool {
        let Some(target) = direct_target(ty) else {
            return false;
        };
        match (self.component.get(owner), self.component.get(target)) {
            (Some(owner), Some(target)) => owner == target,
            _ => false,
        }
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

/// Tarjan's algorithm without recursion (a schema's chains are as long as the schema):
/// the strongly connected components, each after every component it reaches.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_order = 0;
    for root in 0..count {
        if order.get(root) != Some(&UNSEEN) {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order.get(node) == Some(&UNSEEN) {
                set(&mut order, node, next_order);
                set(&mut low, node, next_order);
                next_order += 1;
                stack.push(node);
                set(&mut on_stack, node, true);
            }
            let successor = edges.get(node).and_then(|list| list.get(*edge)).copied();
            *edge += 1;
            match successor {
                Some(next) if order.get(next) == Some(&UNSEEN) => work.push((next, 0)),
                Some(next) if on_stack.get(next) == Some(&true) => {
                    let lowest = get(&low, node).min(get(&order, next));
                    set(&mut low, node, lowest);
                }
                Some(_) => {}
                None => {
                    work.pop();
                    if let Some(&(parent, _)) = work.last() {
                        let lowest = get(&low, parent).min(get(&low, node));
                        set(&mut low, parent, lowest);
                    }
                    if get(&low, node) == get(&order, node) {
                        let mut component = Vec::new();
                        while let Some(member) = stack.pop() {
                            set(&mut on_stack, member, false);
                            component.push(member);
                            if member == node {
                                break;
                            }
                        }
                        components.push(component);
                    }
                }
            }
        }
    }
    components
}

fn get<T: Copy + Default>(values: &[T], index: usize) -> T {
    values.get(index).copied().unwrap_or_default()
}

fn set<T>(values: &mut [T], index: usize, value: T) {
    if let Some(slot) = values.get_mut(index) {
        *slot = value;
    }
}
