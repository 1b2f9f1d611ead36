//! How deeply generated types contain one another. rustc proves auto traits (`Unpin`,
//! `Send`) of a type by looking into every field, so a long chain of types, each holding
//! the next directly or in a `Vec`, exceeds its default recursion limit of 128 (seen on
//! release builds of a 100-type synthetic contract). The generated crate then raises the
//! limit; a module included from a build script asks its user to.

use super::graph::strongly_connected;
use crate::ir::{IdMap, Service};

/// rustc's default `recursion_limit`.
pub const DEFAULT_LIMIT: usize = 128;

/// Levels rustc descends per type in a chain: `Vec<T>` → `RawVec<T>` → `RawVecInner` /
/// `PhantomData<T>` → `T`, with a margin.
const LEVELS_PER_TYPE: usize = 6;

/// What the shape of a service's type graph asks of the crate that compiles it.
pub struct Nesting {
    /// The recursion limit its types need, when rustc's default is not enough.
    pub recursion_limit: Option<usize>,
    /// The most types in one cycle of references (see [`CYCLE_WARNING`]).
    pub largest_cycle: usize,
}

/// Both facts from one pass over the type graph.
pub fn nesting(service: &Service) -> Nesting {
    let edges = reference_edges(service);
    let components = strongly_connected(&edges);
    let needed = longest_chain(&edges, &components) * LEVELS_PER_TYPE + 32;
    Nesting {
        recursion_limit: (needed > DEFAULT_LIMIT).then(|| needed.next_power_of_two()),
        largest_cycle: components.iter().map(Vec::len).max().unwrap_or(0),
    }
}

/// Types in one cycle of references (one strongly connected component) from which
/// rustc's debug builds may overflow its stack: its monomorphization collector walks the
/// generated code's calls depth first, and those follow the types' references (see
/// docs/decisions.md: a cycle of 900 synthetic types built, one of 1,350 did not).
pub const CYCLE_WARNING: usize = 1000;

/// The most types on one containment path of the graph `edges` whose strongly connected
/// components are `components`, every type of a cycle counted (rustc walks into each once
/// before it sees the cycle).
fn longest_chain(edges: &[Vec<usize>], components: &[Vec<usize>]) -> usize {
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

/// For each type (by position), the types its members refer to, and for a base type the
/// types derived from it (a field of a base type holds an enum over them).
fn reference_edges(service: &Service) -> Vec<Vec<usize>> {
    let index: IdMap<'_, usize> = service
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
        if let Some(&base) = def.xml.base.as_ref().and_then(|base| index.get(base))
            && let Some(list) = edges.get_mut(base)
        {
            list.push(from);
        }
    }
    edges
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
