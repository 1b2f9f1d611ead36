//! How deeply generated types contain one another. rustc proves auto traits (`Unpin`,
//! `Send`) of a type by looking into every field, so a long chain of types, each holding
//! the next directly or in a `Vec`, exceeds its default recursion limit of 128 (seen on
//! release builds of a 100-type synthetic contract). The generated crate then raises the
//! limit; a module included from a build script asks its user to.

use std::collections::BTreeMap;

use crate::ir::{Service, TypeId};

/// rustc's default `recursion_limit`.
pub const DEFAULT_LIMIT: usize = 128;

/// Levels rustc descends per type in a chain: `Vec<T>` → `RawVec<T>` → `RawVecInner` /
/// `PhantomData<T>` → `T`, with a margin.
const LEVELS_PER_TYPE: usize = 6;

/// The recursion limit this service's types need, when rustc's default is not enough.
pub fn recursion_limit(service: &Service) -> Option<usize> {
    let needed = longest_chain(service) * LEVELS_PER_TYPE + 32;
    (needed > DEFAULT_LIMIT).then(|| needed.next_power_of_two())
}

/// The most types on one containment path, every type of a cycle counted (rustc walks
/// into each once before it sees the cycle).
fn longest_chain(service: &Service) -> usize {
    let index: BTreeMap<&TypeId, usize> = service
        .types
        .iter()
        .enumerate()
        .map(|(position, def)| (&def.id, position))
        .collect();
    let mut edges = vec![Vec::new(); service.types.len()];
    for (from, def) in service.types.iter().enumerate() {
        def.references(&mut |id| {
            if let (Some(&to), Some(list)) = (index.get(id), edges.get_mut(from)) {
                list.push(to);
            }
        });
        // A field of a base type holds an enum over the types derived from it.
        if let Some(&base) = def.xml.base.as_ref().and_then(|base| index.get(base))
            && let Some(list) = edges.get_mut(base)
        {
            list.push(from);
        }
    }
    let components = strongly_connected(&edges);
    // Components come out callees first, so every successor's depth is known.
    let mut component_of = vec![0; edges.len()];
    for (number, members) in components.iter().enumerate() {
        for &node in members {
            if let Some(slot) = component_of.get_mut(node) {
                *slot = number;
            }
        }
    }
    let mut depth = vec![0usize; components.len()];
    for (number, members) in components.iter().enumerate() {
        let deepest_successor = members
            .iter()
            .flat_map(|&node| edges.get(node).into_iter().flatten())
            .filter_map(|&next| component_of.get(next).copied())
            .filter(|&component| component != number)
            .filter_map(|component| depth.get(component).copied())
            .max()
            .unwrap_or(0);
        if let Some(slot) = depth.get_mut(number) {
            *slot = members.len() + deepest_successor;
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

/// Tarjan's algorithm without recursion (a schema's chains are as long as the schema):
/// the strongly connected components, each after every component it reaches.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_callees_first_and_cycles_stay_together() {
        // 0 → 1 → 2 → 1, 2 → 3
        let edges = vec![vec![1], vec![2], vec![1, 3], vec![]];
        let mut components = strongly_connected(&edges);
        for component in &mut components {
            component.sort_unstable();
        }
        assert_eq!(components, vec![vec![3], vec![1, 2], vec![0]]);
    }

    #[test]
    fn a_long_chain_is_not_recursed_into() {
        let count = 200_000;
        let edges: Vec<Vec<usize>> = (0..count)
            .map(|node| {
                if node + 1 < count {
                    vec![node + 1]
                } else {
                    vec![]
                }
            })
            .collect();
        assert_eq!(strongly_connected(&edges).len(), count);
    }
}
