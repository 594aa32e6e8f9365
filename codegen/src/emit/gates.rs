//! The `#[cfg]` of an item that only some of the crate's tag features compile.

use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// When an item used by items under `gates` is compiled: when any of them is; `None` when
/// nothing uses it.
pub(super) fn gate_of<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Option<Gate> {
    let mut gates = gates.into_iter();
    let mut union = gates.next()?.clone();
    for gate in gates {
        if union.is_always() {
            break;
        }
        union.union(gate);
    }
    Some(union)
}

/// The condition under which a gated item is compiled, as `cfg` takes it.
pub(super) fn cfg_predicate(gate: &Gate) -> Option<TokenStream> {
    let Gate::Any(features) = gate else {
        return None;
    };
    // `full` turns every tag's feature on: beside one of them it adds nothing.
    let full = crate::features::FULL;
    let features: Vec<&String> = features
        .iter()
        .filter(|f| *f != full || features.len() == 1)
        .collect();
    match features.as_slice() {
        [feature] => Some(quote!(feature = #feature)),
        features => Some(quote!(any(#(feature = #features),*))),
    }
}

/// `#[cfg(..)]` for one item (a method, a `use`, a constant).
pub(super) fn cfg_outer(gate: &Gate) -> Option<TokenStream> {
    cfg_predicate(gate).map(|predicate| quote!(#[cfg(#predicate)]))
}

/// `#![cfg(..)]` at the start of a piece: rendering puts it on each of the piece's items.
pub(super) fn cfg_inner(gate: &Gate) -> Option<TokenStream> {
    cfg_predicate(gate).map(|predicate| quote!(#![cfg(#predicate)]))
}
