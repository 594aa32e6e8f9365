//! Cycles: chains of `$ref`s with no type in between (errors), and types that contain
//! themselves (boxed, or made newtypes, so they have a finite size).

use super::Lower;
use crate::ir::*;
use crate::pointer::Pointer;
use std::collections::{BTreeMap, BTreeSet};

/// How deeply `allOf` parts may nest (through `$ref`s) before the nesting is taken for a
/// reference back to itself.
const MAX_ALL_OF_DEPTH: usize = 32;

impl<'a> Lower<'a> {
    /// Lowers the schema at `at`, reached by a `$ref` into another node, with `lower`; or,
    /// when that schema is being lowered already (it contains itself with no named type in
    /// between, which no Rust type can be), reports it and gives `None`.
    pub(super) fn unless_self_containing(
        &mut self,
        at: &Pointer,
        lower: impl FnOnce(&mut Self) -> Type,
    ) -> Option<Type> {
        if !self.pointing.insert(at.to_string()) {
            self.diags.error(
                at,
                "`$ref` cycle with no type in between: this schema contains itself",
                Some("give the schema a name in `components.schemas` and refer to that"),
            );
            return None;
        }
        let ty = lower(self);
        self.pointing.remove(at.as_str());
        Some(ty)
    }

    /// Whether an `allOf` part at `depth` nests deeper than a schema written by hand does,
    /// which means it refers to itself (reported).
    pub(super) fn all_of_too_deep(&mut self, depth: usize, pointer: &Pointer) -> bool {
        if depth <= MAX_ALL_OF_DEPTH {
            return false;
        }
        self.diags.error(
            pointer,
            "`allOf` nests too deeply (or refers to itself)",
            None,
        );
        true
    }

    /// Reports chains of pure `$ref`s that lead back to where they started.
    ///
    /// Each alias leads to one type, so every chain is walked once: a walk stops at a type
    /// an earlier walk has passed, and finds a cycle when it meets itself. Time is linear in
    /// the number of types, however long the chains (a chain of thousands of aliases is
    /// ordinary in generated specs).
    pub(super) fn check_alias_cycles(&mut self) {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut cycles: Vec<Vec<String>> = Vec::new();
        for start in self.types.keys() {
            // The walk from `start`, and where each of its types stands in it.
            let mut walk: Vec<&str> = Vec::new();
            let mut on_walk: BTreeMap<&str, usize> = BTreeMap::new();
            let mut current = start.as_str();
            while !done.contains(current) {
                if let Some(&at) = on_walk.get(current) {
                    cycles.push(walk[at..].iter().map(|n| n.to_string()).collect());
                    break;
                }
                on_walk.insert(current, walk.len());
                walk.push(current);
                match self.types.get(current) {
                    Some(TypeDef {
                        kind: TypeKind::Alias(Type::Named(next)),
                        ..
                    }) => current = next,
                    _ => break,
                }
            }
            done.extend(walk);
        }
        for cycle in cycles {
            let first = cycle.iter().min().cloned().unwrap_or_default();
            let origin = self.types[&first].origin.clone();
            self.diags.error(
                &origin,
                format!(
                    "`$ref` cycle with no type in between: {} -> {}",
                    cycle.join(" -> "),
                    cycle[0]
                ),
                Some("one schema in the cycle must define a type (an object, array, ...)"),
            );
        }
    }

    /// Boxes the fields and variants that close a cycle of types containing each other by
    /// value (which would have infinite size), and turns aliases on a cycle into newtypes.
    pub(super) fn break_cycles(&mut self) {
        // Edges by value: type -> (slot, named type held by value in that slot).
        let mut by_value: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (name, def) in &self.types {
            let mut edges = Vec::new();
            for (slot, ty) in def.kind.slots().into_iter().enumerate() {
                if let Some(target) = by_value_target(ty) {
                    edges.push((slot, target));
                }
            }
            by_value.insert(name.clone(), edges);
        }
        let mut to_box: BTreeSet<(String, usize)> = BTreeSet::new();
        let mut state: BTreeMap<String, Visit> = BTreeMap::new();
        for start in by_value.keys() {
            dfs(start, &by_value, &mut state, &mut to_box);
        }
        for (name, slot) in to_box {
            if let Some(def) = self.types.get_mut(&name)
                && let Some(ty) = def.kind.slots_mut().into_iter().nth(slot)
            {
                box_by_value(ty);
            }
        }
        // An alias cannot refer to itself even through `Vec`; such aliases become newtypes.
        let mut any_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, def) in &self.types {
            let mut targets = BTreeSet::new();
            for ty in def.kind.slots() {
                ty.walk(&mut |inner| {
                    if let Type::Named(name) = inner {
                        targets.insert(name.clone());
                    }
                });
            }
            any_edges.insert(name.clone(), targets);
        }
        let on_cycles = on_cycles(&any_edges);
        let recursive_aliases: Vec<String> = self
            .types
            .iter()
            .filter(|(name, def)| {
                matches!(def.kind, TypeKind::Alias(_)) && on_cycles.contains(name.as_str())
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in recursive_aliases {
            if let Some(def) = self.types.get_mut(&name)
                && let TypeKind::Alias(ty) = &def.kind
            {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// The named type a slot holds by value (so that it counts towards the holder's size): one
/// reached through no `Vec`, map or `Box`.
fn by_value_target(ty: &Type) -> Option<String> {
    let mut indirect = false;
    let mut target = None;
    ty.walk(&mut |inner| {
        indirect |= inner.is_indirect();
        if let Type::Named(name) = inner
            && !indirect
        {
            target = Some(name.clone());
        }
    });
    target
}

/// Boxes the named type of a slot that holds one by value ([`by_value_target`]).
fn box_by_value(ty: &mut Type) {
    ty.walk_mut(&mut |inner| {
        if let Type::Named(_) = inner {
            let named = std::mem::replace(inner, Type::Unit);
            *inner = Type::Box(Box::new(named));
        }
    });
}

/// The nodes that can reach themselves along `edges`: those of a strongly connected
/// component of more than one node, or with an edge to themselves. Tarjan's algorithm, with
/// an explicit stack so that deep graphs do not overflow the call stack: linear time.
fn on_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<&str> {
    static NONE: BTreeSet<String> = BTreeSet::new();
    let targets = |node: &str| edges.get(node).unwrap_or(&NONE).iter();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut found: BTreeSet<&str> = BTreeSet::new();
    for root in edges.keys() {
        if index.contains_key(root.as_str()) {
            continue;
        }
        // Each frame: a node and the targets of it not looked at yet.
        let mut frames = vec![(root.as_str(), targets(root))];
        let number = index.len();
        index.insert(root, number);
        low.insert(root, number);
        stack.push(root);
        on_stack.insert(root);
        while let Some((node, outgoing)) = frames.last_mut() {
            let node = *node;
            if let Some(target) = outgoing.next() {
                let target = target.as_str();
                if !index.contains_key(target) {
                    let number = index.len();
                    index.insert(target, number);
                    low.insert(target, number);
                    stack.push(target);
                    on_stack.insert(target);
                    frames.push((target, targets(target)));
                } else if on_stack.contains(target) {
                    let lowest = low[node].min(index[target]);
                    low.insert(node, lowest);
                }
                continue;
            }
            frames.pop();
            if let Some((parent, _)) = frames.last() {
                let parent = *parent;
                let lowest = low[parent].min(low[node]);
                low.insert(parent, lowest);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                let to_itself = edges.get(node).is_some_and(|t| t.contains(node));
                if component.len() > 1 || to_itself {
                    found.extend(component);
                }
            }
        }
    }
    found
}

/// Where the search stands with a type it has reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// On the search's stack: an edge to it closes a cycle.
    OnStack,
    /// Every edge from it followed.
    Done,
}

/// Depth-first search that records the edges closing a cycle (edges to a type on the stack).
fn dfs(
    node: &str,
    edges: &BTreeMap<String, Vec<(usize, String)>>,
    state: &mut BTreeMap<String, Visit>,
    to_box: &mut BTreeSet<(String, usize)>,
) {
    if state.contains_key(node) {
        return;
    }
    // An explicit stack keeps deep type graphs from overflowing the call stack.
    state.insert(node.to_string(), Visit::OnStack);
    let mut stack: Vec<(String, usize)> = vec![(node.to_string(), 0)];
    while let Some((current, next_edge)) = stack.pop() {
        let outgoing = edges.get(&current).map(Vec::as_slice).unwrap_or(&[]);
        if let Some((slot, target)) = outgoing.get(next_edge) {
            stack.push((current.clone(), next_edge + 1));
            match state.get(target) {
                Some(Visit::OnStack) => {
                    to_box.insert((current.clone(), *slot));
                }
                Some(Visit::Done) => {}
                None => {
                    state.insert(target.clone(), Visit::OnStack);
                    stack.push((target.clone(), 0));
                }
            }
        } else {
            state.insert(current, Visit::Done);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::on_cycles;
    use crate::ir::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn boxed(name: &str) -> Type {
        Type::Box(Box::new(named(name)))
    }

    #[test]
    fn the_field_that_closes_a_cycle_by_value_is_boxed() {
        let types = types(
            r#"
            A: {type: object, required: [b], properties: {b: {$ref: '#/components/schemas/B'}}}
            B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, many: {type: array, items: {$ref: '#/components/schemas/A'}}}}
            "#,
        );
        assert_eq!(
            fields(&types, "A"),
            [("b", &named("B"), Presence::Required)]
        );
        // A `Vec` already holds its items behind a pointer.
        assert_eq!(
            fields(&types, "B"),
            [
                ("a", &option(boxed("A")), Presence::Optional),
                (
                    "many",
                    &option(Type::Vec(Box::new(named("A")))),
                    Presence::Optional
                ),
            ]
        );
    }

    #[test]
    fn a_union_that_holds_itself_is_boxed() {
        let types = types("Expr: {oneOf: [{type: string}, {$ref: '#/components/schemas/Expr'}]}");
        let TypeKind::Untagged(variants) = &types["Expr"].kind else {
            panic!("{:?}", types["Expr"])
        };
        assert_eq!(variants[1].ty, boxed("Expr"));
    }

    #[test]
    fn an_alias_that_refers_to_itself_becomes_a_newtype() {
        let types = types(
            "Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}\nList: {type: array, items: {type: string}}",
        );
        assert_eq!(
            types["Tree"].kind,
            TypeKind::Newtype(Type::Vec(Box::new(named("Tree"))))
        );
        assert_eq!(
            types["List"].kind,
            TypeKind::Alias(Type::Vec(Box::new(Type::String)))
        );
    }

    #[test]
    fn refs_that_lead_back_with_no_type_between_are_an_error() {
        let diagnostics = errors(
            "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}",
        );
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/components/schemas/A",
                "`$ref` cycle with no type in between: A -> B -> A"
            )]
        );
    }

    #[test]
    fn a_cycle_at_the_end_of_a_chain_of_aliases_is_reported_once() {
        let mut schemas = String::from("paths: {}\ncomponents:\n  schemas:\n");
        for i in 0..5 {
            schemas.push_str(&format!(
                "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
                i + 1
            ));
        }
        schemas.push_str("    A5: {$ref: '#/components/schemas/C1'}\n");
        schemas.push_str("    C1: {$ref: '#/components/schemas/C2'}\n");
        schemas.push_str("    C2: {$ref: '#/components/schemas/C3'}\n");
        schemas.push_str("    C3: {$ref: '#/components/schemas/C1'}\n");
        schemas.push_str("    D: {$ref: '#/components/schemas/C2'}\n");
        assert_eq!(
            messages(&errors(&schemas)),
            [(
                "#/components/schemas/C1",
                "`$ref` cycle with no type in between: C1 -> C2 -> C3 -> C1"
            )]
        );
    }

    #[test]
    fn the_nodes_on_cycles_are_found() {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in [
            ("a", "b"),
            ("b", "a"),
            ("c", "c"),
            ("d", "a"),
            ("e", "f"),
            ("f", "g"),
        ] {
            edges
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
        }
        let found: Vec<&str> = on_cycles(&edges).into_iter().collect();
        assert_eq!(found, ["a", "b", "c"]);
        // A long chain into a loop, deeper than the call stack would allow.
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for i in 0..100_000 {
            let to = if i == 99_999 { 99_998 } else { i + 1 };
            edges
                .entry(format!("n{i:06}"))
                .or_default()
                .insert(format!("n{to:06}"));
        }
        let found: Vec<&str> = on_cycles(&edges).into_iter().collect();
        assert_eq!(found, ["n099998", "n099999"]);
    }

    #[test]
    fn a_schema_inside_a_node_that_contains_itself_is_an_error() {
        let diagnostics = errors(
            r#"
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/responses/R/content/application~1json/schema'}}}}
            components:
              responses:
                R:
                  description: r
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/responses/R/content/application~1json/schema'}}
            "#,
        );
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/components/responses/R/content/application~1json/schema",
                "`$ref` cycle with no type in between: this schema contains itself"
            )]
        );
    }

    #[test]
    fn an_all_of_that_includes_itself_is_an_error() {
        let diagnostics = errors(
            "paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: string}}}]}",
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message == "`allOf` nests too deeply (or refers to itself)"),
            "{diagnostics:?}"
        );
    }
}
