//! `lib.rs`: the crate's docs, its modules and what it exports.

use super::gates::{cfg_predicate, gate_of};
use super::spell::doc_lines;
use crate::ir::*;
use crate::runtime::{self, When};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// `lib.rs`: the crate's docs (ending with `example`, the first call its doctests compile,
/// shown when `example_gate` is on), its modules and what it exports.
pub(super) fn lib(api: &Api, example: &str, example_gate: &Gate) -> TokenStream {
    let mut docs = Docs {
        summary: Some(format!("{} {}", api.title, api.version)),
        description: api.description.clone(),
        notes: vec![
            "Generated from the API's OpenAPI document. Start with [`Client::builder`]; the \
             request and response types are in [`types`]."
                .to_string(),
        ],
    };
    if let Some(url) = &api.default_base_url {
        docs.notes.push(format!(
            "Requests go to `{url}` unless another base URL is set."
        ));
    }
    docs.notes.extend(features_doc(api));
    // The example calls an operation that is always compiled when there is one; otherwise
    // it is shown, and compiled by the doctests, only with a feature that compiles its call.
    let example_docs = match cfg_predicate(example_gate) {
        None => {
            docs.notes.push(example.to_string());
            TokenStream::new()
        }
        Some(features) => {
            let lines = doc_lines(&Docs {
                notes: vec![String::new(), example.to_string()],
                ..Docs::default()
            });
            quote!(#(#![cfg_attr(#features, doc = #lines)])*)
        }
    };
    let examples_gate = gate_of(
        api.operations
            .iter()
            .filter(|op| !op.examples.is_empty())
            .map(|op| api.features.operation(op)),
    );
    // The examples' tests are compiled with the operations whose examples they are.
    let examples_cfg = examples_gate.map(|gate| match cfg_predicate(&gate) {
        Some(features) => quote!(#[cfg(all(test, #features))]),
        None => quote!(#[cfg(test)]),
    });
    let modules = modules(examples_cfg.as_ref());
    let reexports = reexports();
    let crate_docs = doc_lines(&docs)
        .into_iter()
        .map(|line| quote!(#![doc = #line]));
    let server = match &api.server {
        Some(server) => {
            let url = &server.url;
            let variables = server.variables.iter().map(|v| {
                let (name, default, allowed) = (&v.name, &v.default, &v.allowed);
                quote!(client::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*] })
            });
            quote!(Some(client::ServerTemplate { url: #url, variables: &[#(#variables),*] }))
        }
        None => quote!(None),
    };
    let base_url = match &api.default_base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    quote! {
        #(#crate_docs)*
        #example_docs
        #![deny(missing_docs)]
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            reason = "doc comments carry the spec's prose as it is written"
        )]
        #![allow(deprecated, reason = "the crate uses the items the spec deprecates; its users are warned")]

        #(#modules)*

        #(#reexports)*

        /// The API's default base URL: its first server, when that is an absolute URL.
        pub const DEFAULT_BASE_URL: Option<&str> = #base_url;

        /// The first server's URL template and its variables, for
        /// [`ClientBuilder::server_variable`].
        const SERVER: Option<client::ServerTemplate> = #server;
    }
}

/// The crate root's module declarations, in name order: the runtime's top-level modules (from
/// [`runtime::FILES`]) and the modules spelled from the spec; the examples' modules under
/// `examples`, when the spec has examples.
fn modules(examples: Option<&TokenStream>) -> Vec<TokenStream> {
    let mut modules: Vec<(String, TokenStream)> = runtime::FILES
        .iter()
        .filter(|file| file.top_level())
        .filter(|file| file.when != When::Examples || examples.is_some())
        .map(|file| {
            let name = file.module();
            let ident = format_ident!("{}", name);
            let vis = file.public.then(|| quote!(pub));
            let cfg = match file.when {
                When::Examples => examples.cloned(),
                when => when_cfg(when),
            };
            (name, quote! { #cfg #[rustfmt::skip] #vis mod #ident; })
        })
        .collect();
    modules.push((
        "operations".to_string(),
        quote! { #[rustfmt::skip] pub mod operations; },
    ));
    modules.push((
        "types".to_string(),
        quote! { #[rustfmt::skip] pub mod types; },
    ));
    if let Some(cfg) = examples {
        modules.push((
            "spec_examples".to_string(),
            quote! { #cfg #[rustfmt::skip] mod spec_examples; },
        ));
    }
    modules.sort_by(|a, b| a.0.cmp(&b.0));
    let mut modules: Vec<TokenStream> = modules.into_iter().map(|(_, tokens)| tokens).collect();
    // Said once, above the first of them, as prettyplease prints a `comment` attribute.
    if let Some(first) = modules.first_mut() {
        let why = [
            " Codegen formats the modules itself; `#[rustfmt::skip]` keeps `cargo fmt` from",
            " formatting them again (an inner `#![rustfmt::skip]` is unstable).",
        ];
        *first = quote!(#(#[comment = #why])* #first);
    }
    modules
}

/// The attribute that declares a runtime module only when the crate has it.
fn when_cfg(when: When) -> Option<TokenStream> {
    match when {
        When::Always => None,
        When::Feature(feature) => Some(quote!(#[cfg(feature = #feature)])),
        When::Examples => Some(quote!(#[cfg(test)])),
    }
}

/// The crate root's re-exports of the runtime's public API ([`runtime::RuntimeFile::exports`]):
/// one `pub use` for each top-level module and feature, its names in the order rustfmt keeps.
pub(super) fn reexports() -> Vec<TokenStream> {
    // rustfmt's order of names: functions, types, constants.
    fn key<'a>(name: &&'a str) -> (u8, &'a str) {
        let kind = if name.starts_with(|c: char| c.is_lowercase()) {
            0
        } else if name.chars().any(|c| c.is_lowercase()) {
            1
        } else {
            2
        };
        (kind, *name)
    }
    // The names of each top-level module, by the feature that compiles them.
    type Module<'a> = (String, Option<&'a str>);
    let mut uses: BTreeMap<Module<'_>, Vec<&str>> = BTreeMap::new();
    for file in runtime::FILES
        .iter()
        .filter(|file| !file.exports.is_empty())
    {
        let module = file.module();
        let top = module.split("::").next().unwrap_or_default().to_string();
        let feature = match file.when {
            When::Feature(feature) => Some(feature),
            When::Always | When::Examples => None,
        };
        uses.entry((top, feature))
            .or_default()
            .extend(file.exports.iter().copied());
    }
    let mut uses: Vec<(Module<'_>, Vec<&str>)> = uses.into_iter().collect();
    for (_, names) in &mut uses {
        names.sort_by_key(key);
    }
    // A single name sorts before a list, and lists by their first name.
    uses.sort_by(|a, b| {
        let (a_list, b_list) = (a.1.len() > 1, b.1.len() > 1);
        (&a.0.0, a_list, key(&a.1[0])).cmp(&(&b.0.0, b_list, key(&b.1[0])))
    });
    uses.into_iter()
        .map(|((module, feature), names)| {
            let module = format_ident!("{}", module);
            let names = names.iter().map(|name| format_ident!("{}", name));
            let cfg = feature.map(|feature| quote!(#[cfg(feature = #feature)]));
            quote!(#cfg pub use #module::{#(#names),*};)
        })
        .collect()
}

/// The crate docs' section on Cargo features: the runtime's ([`runtime::FEATURES`]), then the
/// tags' with how to pick them.
fn features_doc(api: &Api) -> Vec<String> {
    let mut notes = vec!["# Features".to_string()];
    notes.extend(runtime::FEATURES.iter().map(|feature| {
        let default = if feature.default { " (default)" } else { "" };
        format!("- `{}`{default}: {}", feature.name, feature.adds)
    }));
    let Some(example) = api.features.tags.iter().max_by_key(|tag| tag.operations) else {
        return notes;
    };
    notes.push(format!(
        "Each tag of the API is a Cargo feature: it compiles the operations with that tag \
         (their `Client` methods, request builders, response enums and mocks) and the types \
         they need. `{full}`, on by default, turns every one on (and compiles the types no \
         operation needs). To build only part of the API, turn the defaults off and name the \
         tags: `default-features = false, features = [\"rustls\", \"{example}\"]`. The tags:",
        full = crate::features::FULL,
        example = example.name,
    ));
    notes.extend(api.features.tags.iter().map(|tag| {
        let about = tag
            .description
            .as_deref()
            .map(|d| format!(": {}", crate::prose::line(d)))
            .unwrap_or_default();
        let count = tag.operations_text();
        format!("- `{}` (tag `{}`, {count}){about}", tag.name, tag.tag)
    }));
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tokens: Vec<TokenStream>) -> String {
        crate::emit::test_support::text(quote!(#(#tokens)*))
    }

    #[test]
    fn the_runtimes_exports_are_one_list_per_module_and_feature() {
        let reexports = text(reexports());
        // One for every build, one for the `blocking` feature.
        assert_eq!(
            reexports.matches("pub use client::").count(),
            2,
            "{reexports}"
        );
        assert!(
            reexports.contains(
                "#[cfg(feature = \"blocking\")] pub use client::{BlockingClient, BlockingStream};"
            ),
            "{reexports}"
        );
        assert!(
            reexports.contains("pub use error::{ApiError, DecodeError, Error, Undocumented};"),
            "{reexports}"
        );
    }

    #[test]
    fn the_first_module_declaration_says_why_the_modules_skip_rustfmt() {
        let modules = text(modules(None));
        assert!(
            modules.starts_with("// Codegen formats the modules itself;"),
            "{modules}"
        );
        assert_eq!(modules.matches("// Codegen").count(), 1, "{modules}");
        assert!(
            modules.contains("#[rustfmt::skip] pub mod operations;"),
            "{modules}"
        );
        assert!(!modules.contains("spec_examples"), "{modules}");
    }

    #[test]
    fn the_crate_docs_list_the_runtimes_features() {
        let api = crate::emit::test_support::api(crate::emit::test_support::ORDERS);
        let docs = features_doc(&api);
        assert_eq!(docs.first().map(String::as_str), Some("# Features"));
        for feature in runtime::FEATURES {
            assert!(
                docs.iter()
                    .any(|line| line.starts_with(&format!("- `{}`", feature.name))),
                "{docs:?}"
            );
        }
    }
}
