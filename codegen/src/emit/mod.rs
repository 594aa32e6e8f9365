//! Emitting: the IR spelled as Rust tokens. Nothing is decided here that lowering did not.
//!
//! A file per generated file (`root` for `lib.rs`, `types`, `operations`, `examples`), and
//! what they share: `responses` (what a response decodes into), `spell` (types, names, docs)
//! and `gates` (the `#[cfg]`s of tag features).

use crate::ir::*;
use crate::names;
use crate::runtime::{self, When};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

mod examples;
mod gates;
mod operations;
mod responses;
mod root;
mod spell;
mod types;

use examples::*;
use gates::*;
use operations::*;
use responses::*;
use root::*;
use spell::*;
use types::*;

/// The Rust files of the generated crate, as tokens, by path relative to the crate root.
pub fn emit<'a>(api: &'a Api, options: &crate::CrateOptions) -> Vec<RustFile<'a>> {
    fn whole<'a>(path: &'static str, head: Piece<'a>) -> RustFile<'a> {
        RustFile {
            path,
            head,
            items: Vec::new(),
            large: Vec::new(),
        }
    }
    let mut files = vec![
        whole("src/lib.rs", {
            let call = crate::readme::first_call(api, &options.name);
            let example = crate::readme::doc_example(&call);
            Box::new(move || lib(api, &example, &call.gate))
        }),
        types(api),
        operations(api),
    ];
    if has_examples(api) {
        files.push(whole(
            "src/example_tests.rs",
            Box::new(move || example_tests(api)),
        ));
    }
    files
}

/// One Rust file: its head (inner docs and attributes, `use`s) and its items. Each is spelled
/// only when rendering asks for it, so that a large API never has all its tokens in memory
/// at once; the pieces are independent of each other, so they may be spelled on any thread.
pub struct RustFile<'a> {
    /// The path relative to the crate root.
    pub path: &'static str,
    /// Inner docs and attributes, `use` declarations.
    pub head: Piece<'a>,
    /// The items, in order.
    pub items: Vec<Piece<'a>>,
    /// The indexes of the items that grow with the whole API (one `impl` for every
    /// operation), which rendering starts first so that no thread is left with one at the end.
    pub large: Vec<usize>,
}

/// Spells one piece of a file (its head, or one item) from the IR.
pub type Piece<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

pub(super) fn has_examples(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.examples.is_empty())
}
