//! `operations.rs`: a method of `Client` per operation, its request builder, its mock, and the
//! security schemes' setters.
//!
//! A file per concern: `client` (the methods), `builder` (the request builders, with
//! `prepare`, `pagination` and `forms`), `security` and `mocks`.

mod builder;
mod client;
mod forms;
mod mocks;
mod pagination;
mod prepare;
mod security;

use super::gates::{cfg_inner, cfg_outer, cfg_predicate, gate_of};
use super::spell::mentions_named;
use super::{Piece, RustFile};
use crate::ir::{
    Api, BodyEncoding, Gate, Operation, ParamLocation, PartKind, PathPart, Payload, Responses,
};
use crate::runtime::{self, RuntimeFile};
use proc_macro2::TokenStream;
use quote::quote;

/// `operations.rs`, its items spelled one by one.
pub(super) fn operations(api: &Api) -> RustFile<'_> {
    let any_op = gate_of(api.operations.iter().map(|op| api.features.operation(op)));
    let has_ops = !api.operations.is_empty();
    let schemes_sent = api.operations.iter().any(|op| {
        op.security
            .iter()
            .any(|alternative| !alternative.is_empty())
    });
    // Without schemes or operations, the items that would hold them are left out.
    let mut items: Vec<Piece<'_>> = Vec::new();
    let mut large = Vec::new();
    if schemes_sent {
        items.push(Box::new(move || security::scheme_constants(api)));
    }
    if !api.security_schemes.is_empty() {
        items.push(Box::new(move || security::builder_impl(api)));
    }
    // The methods are small and go in one `impl Client`; each builder is an item of its own.
    if has_ops {
        large.push(items.len());
        let gate = any_op.clone();
        items.push(Box::new(move || client::client_impl(api, gate.as_ref())));
    }
    items.extend(api.operations.iter().map(|op| -> Piece<'_> {
        Box::new(move || {
            let cfg = cfg_inner(api.features.operation(op));
            let builder = builder::request_builder(api, op);
            quote!(#cfg #builder)
        })
    }));
    if has_ops {
        large.push(items.len());
        items.push(Box::new(move || mocks::mock_impl(api, any_op.as_ref())));
    }
    RustFile {
        path: "src/operations.rs",
        head: Box::new(move || head(api)),
        items,
        large,
    }
}

/// The file's docs, attributes and imports.
fn head(api: &Api) -> TokenStream {
    let any_op = gate_of(api.operations.iter().map(|op| api.features.operation(op)));
    let imports = imports(api);
    // `Client` is in scope where an operation is compiled; rustdoc rejects a link target
    // that repeats what the label resolves to.
    let doc = |client: &str| {
        format!(" The operations of the API: one method of {client} each, which returns a request")
    };
    let (in_scope, qualified) = (doc("[`Client`]"), doc("[`Client`](crate::Client)"));
    let first_line = match any_op.as_ref().map(cfg_predicate) {
        Some(None) => quote!(#![doc = #in_scope]),
        None => quote!(#![doc = #qualified]),
        Some(Some(features)) => quote! {
            #![cfg_attr(#features, doc = #in_scope)]
            #![cfg_attr(not(#features), doc = #qualified)]
        },
    };
    quote! {
        #first_line
        //! builder to `.send().await`.

        #![allow(
            clippy::type_complexity,
            reason = "a method returns the spec's schemas as they are nested, maps of arrays of maps included"
        )]

        #(#imports)*
    }
}

/// The `use` declarations: the runtime's names the operations use
/// ([`RuntimeFile::operation_names`]) and a few others, each compiled with the operations
/// that use it, grouped by the features that compile them as rustfmt merges them.
fn imports(api: &Api) -> Vec<TokenStream> {
    let ops_where = |used: &dyn Fn(&Operation) -> bool| {
        gate_of(
            api.operations
                .iter()
                .filter(|op| used(op))
                .map(|op| api.features.operation(op)),
        )
    };
    let any_op = ops_where(&|_| true);
    let sends_schemes = ops_where(&|op| op.security.iter().any(|alt| !alt.is_empty()));
    // The builder's setters are compiled with the crate.
    let setters = (!api.security_schemes.is_empty()).then_some(Gate::Always);
    let path_params = ops_where(&|op| op.path.iter().any(|p| matches!(p, PathPart::Param(_))));
    // Query parameters, form fields and multipart parts written in a style.
    let styled = ops_where(&|op| {
        op.params.iter().any(|p| p.location == ParamLocation::Query)
            || op.body.as_ref().is_some_and(|body| {
                !body.form_styles.is_empty()
                    || body.form.as_ref().is_some_and(|form| {
                        form.parts
                            .iter()
                            .any(|part| matches!(part.kind, PartKind::Styled(..)))
                    })
            })
    });
    let mut imports: Vec<(Option<Gate>, String)> = runtime::FILES
        .iter()
        .flat_map(|file| file.operation_names.iter().map(move |name| (file, *name)))
        .filter_map(|(file, name)| {
            let gate = match name {
                "Credential" | "Secret" | "ClientBuilder" => setters.clone(),
                "Scheme" | "SchemeKind" => sends_schemes.clone(),
                "QueryStyle" => styled.clone(),
                "PathStyle" => path_params.clone(),
                // Spelled with its path, in the form structs only.
                "Multipart" => return None,
                _ => any_op.clone(),
            };
            Some((gate, runtime_path(file, name)))
        })
        .collect();
    imports.extend([
        (path_params, "crate::client::path_param".to_string()),
        (any_op, "std::future::Future".to_string()),
        (ops_where(&mentions_types), "crate::types".to_string()),
    ]);
    let mut gates: Vec<&Gate> = Vec::new();
    for gate in imports.iter().filter_map(|(gate, _)| gate.as_ref()) {
        if !gates.contains(&gate) {
            gates.push(gate);
        }
    }
    // The imports every build has first, then each group by the features that compile it.
    gates.sort_by_key(|gate| {
        (
            !gate.is_always(),
            cfg_predicate(gate).map(|p| p.to_string()),
        )
    });
    gates
        .into_iter()
        .flat_map(|gate| {
            let cfg = cfg_outer(gate);
            let paths = imports
                .iter()
                .filter(|(used, _)| used.as_ref() == Some(gate))
                .map(|(_, path)| path.as_str());
            crate::layout::use_declarations(paths)
                .into_iter()
                .filter_map(|tree| syn::parse_str::<syn::UseTree>(&tree).ok())
                .map(move |tree| quote!(#cfg use #tree;))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The path a runtime name is imported by: the crate root's re-export, or its top-level
/// module's.
fn runtime_path(file: &RuntimeFile, name: &str) -> String {
    if file.exports.contains(&name) {
        format!("crate::{name}")
    } else {
        let module = file.module();
        let top = module.split("::").next().unwrap_or_default();
        format!("crate::{top}::{name}")
    }
}

/// Whether an operation's code names anything in the `types` module.
fn mentions_types(op: &Operation) -> bool {
    let named = mentions_named;
    let in_responses = |r: &Responses| match r {
        Responses::None => false,
        Responses::One(Payload::Json(ty)) => named(ty),
        Responses::One(_) => false,
        Responses::ByStatus { .. } => true,
    };
    op.params.iter().any(|p| named(&p.ty))
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.encoding != BodyEncoding::Multipart && named(&b.ty))
        || op
            .body
            .as_ref()
            .and_then(|b| b.form.as_ref())
            .is_some_and(|form| {
                form.parts
                    .iter()
                    .any(|part| part.kind.ty().is_some_and(named))
            })
        || in_responses(&op.success)
        || in_responses(&op.error)
        || op.streams.iter().any(|stream| named(&stream.item))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{ORDERS, api, text};

    #[test]
    fn the_imports_are_the_runtime_names_the_operations_use_by_their_paths() {
        let uses = imports(&api(ORDERS));
        let imports = text(quote!(#(#uses)*));
        assert!(imports.contains("use crate::client::{"), "{imports}");
        for name in [
            "QueryStyle",
            "path_param",
            "Scheme",
            "Credential",
            "ClientBuilder",
        ] {
            assert!(imports.contains(name), "{name} is not imported: {imports}");
        }
        // A form struct spells `crate::Multipart` where it uses it.
        assert!(!imports.contains("Multipart"), "{imports}");
    }

    #[test]
    fn an_api_without_query_parameters_does_not_import_their_style() {
        let api = api(&ORDERS.replace(
            "        - {name: dry_run, in: query, schema: {type: boolean}}\n",
            "",
        ));
        let uses = imports(&api);
        let imports = text(quote!(#(#uses)*));
        assert!(!imports.contains("QueryStyle"), "{imports}");
    }

    #[test]
    fn runtime_names_are_imported_from_the_crate_root_when_it_reexports_them() {
        let file = |path: &str| {
            runtime::FILES
                .iter()
                .find(|f| f.path == path)
                .expect("a runtime file")
        };
        assert_eq!(
            runtime_path(file("client/send.rs"), "Client"),
            "crate::Client"
        );
        assert_eq!(
            runtime_path(file("client/request.rs"), "Extras"),
            "crate::client::Extras"
        );
    }
}
