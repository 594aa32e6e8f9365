//! Emitting: the IR spelled as Rust tokens. Nothing is decided here that lowering did not.

use crate::ir::*;
use crate::names;
use crate::runtime::{self, When};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

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

fn has_examples(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.examples.is_empty())
}

/// One test per request or response example of the spec.
fn example_tests(api: &Api) -> TokenStream {
    // An example tests its operation's types: it is compiled with the operation.
    let examples = || {
        api.operations.iter().flat_map(|op| {
            let gate = api.features.operation(op);
            op.examples.iter().map(move |example| (gate, example))
        })
    };
    let tests = examples().map(|(gate, example)| {
        let name = ident(&example.name);
        let ty = rust_type(&example.ty, true);
        let json = raw_string(&example.json);
        let sets = serde_json::from_str(&example.json)
            .map(|value| api.sets_in(&example.ty, &value))
            .unwrap_or_default();
        let doc = format!(" The example at `{}`.", example.origin);
        let cfg = cfg_outer(gate);
        quote! {
            #[doc = #doc]
            #cfg
            #[test]
            fn #name() {
                assert_round_trip::<#ty>(#json, &[#(#sets),*]);
            }
        }
    });
    let uses_types = gate_of(
        examples()
            .filter(|(_, example)| mentions_named(&example.ty))
            .map(|(gate, _)| gate),
    );
    let types_import = uses_types.map(|gate| {
        let cfg = cfg_outer(&gate);
        quote!(
            #cfg
            use crate::types;
        )
    });
    quote! {
        //! The spec's request and response examples, decoded into the generated types and
        //! encoded back.

        use crate::examples::assert_round_trip;
        #types_import

        #(#tests)*
    }
}

/// `lib.rs`: the crate's docs (ending with `example`, the first call its doctests compile,
/// shown when `example_gate` is on), its modules and what it exports.
fn lib(api: &Api, example: &str, example_gate: &Gate) -> TokenStream {
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
    if !api.features.tags.is_empty() {
        docs.notes.push(features_doc(api));
        docs.notes.extend(api.features.tags.iter().map(|tag| {
            let about = tag
                .description
                .as_deref()
                .map(|d| format!(": {}", crate::prose::inline(&one_line(d))))
                .unwrap_or_default();
            let count = match tag.operations {
                1 => "1 operation".to_string(),
                n => format!("{n} operations"),
            };
            format!("- `{}` (tag `{}`, {count}){about}", tag.name, tag.tag)
        }));
    }
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

        // The modules are formatted by codegen; `cargo fmt` leaves them as written.
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
            "example_tests".to_string(),
            quote! { #cfg #[rustfmt::skip] mod example_tests; },
        ));
    }
    modules.sort_by(|a, b| a.0.cmp(&b.0));
    modules.into_iter().map(|(_, tokens)| tokens).collect()
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
/// one `pub use` for each runtime file, in the order rustfmt keeps.
fn reexports() -> Vec<TokenStream> {
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
    let mut uses: Vec<(String, Vec<&str>, Option<&str>)> = runtime::FILES
        .iter()
        .filter(|file| !file.exports.is_empty())
        .map(|file| {
            let module = file.module();
            let top = module.split("::").next().unwrap_or_default().to_string();
            let mut names = file.exports.to_vec();
            names.sort_by_key(key);
            let feature = match file.when {
                When::Feature(feature) => Some(feature),
                When::Always | When::Examples => None,
            };
            (top, names, feature)
        })
        .collect();
    // A single name sorts before a list, and lists by their first name.
    uses.sort_by(|a, b| {
        let (a_list, b_list) = (a.1.len() > 1, b.1.len() > 1);
        (&a.0, a_list, key(&a.1[0])).cmp(&(&b.0, b_list, key(&b.1[0])))
    });
    uses.into_iter()
        .map(|(module, names, feature)| {
            let module = format_ident!("{}", module);
            let names = names.iter().map(|name| format_ident!("{}", name));
            let cfg = feature.map(|feature| quote!(#[cfg(feature = #feature)]));
            quote!(#cfg pub use #module::{#(#names),*};)
        })
        .collect()
}

/// The crate docs' paragraph on the tags' features, before their list.
fn features_doc(api: &Api) -> String {
    let example = api
        .features
        .tags
        .iter()
        .max_by_key(|tag| tag.operations)
        .map(|tag| tag.name.as_str())
        .unwrap_or_default();
    format!(
        "# Features\n\nEach tag of the API is a Cargo feature: it compiles the operations with that tag \
         (their `Client` methods, request builders, response enums and mocks) and the types \
         they need. `{full}`, on by default, turns every one on (and compiles the types no \
         operation needs). To build only part of the API, turn the defaults off and name the \
         tags: `default-features = false, features = [\"rustls\", \"{example}\"]`. The tags:",
        full = crate::features::FULL
    )
}

// ----- types ---------------------------------------------------------------------------------

fn types(api: &Api) -> RustFile<'_> {
    let defs = api.types.values().map(|def| -> Piece<'_> {
        let gate = api.features.of_type(&def.name);
        Box::new(move || {
            let cfg = cfg_inner(gate);
            let def = type_def(def);
            quote!(#cfg #def)
        })
    });
    let responses = api.operations.iter().flat_map(|op| {
        let gate = api.features.operation(op);
        [&op.success, &op.error]
            .into_iter()
            .filter_map(move |r| match r {
                Responses::ByStatus { name, variants } => Some(Box::new(move || {
                    let cfg = cfg_inner(gate);
                    let def = status_enum(op, name, variants);
                    quote!(#cfg #def)
                }) as Piece<'_>),
                _ => None,
            })
    });
    // Structs get both traits from `wire_struct!`; the other types name them.
    let uses_serde = gate_of(
        api.types
            .values()
            .filter(|def| !matches!(def.kind, TypeKind::Alias(_) | TypeKind::Struct(_)))
            .map(|def| api.features.of_type(&def.name)),
    );
    let head = move || {
        let serde_use = uses_serde.as_ref().map(|gate| {
            let cfg = cfg_outer(gate);
            quote!(
                #cfg
                use serde::{Deserialize, Serialize};
            )
        });
        quote! {
            //! The request and response types of the API.

            #![allow(
                missing_docs,
                reason = "a type or field the spec does not describe has no doc; one made up from its name would only repeat it"
            )]
            #![allow(
                clippy::large_enum_variant,
                reason = "variants hold what the spec says; boxing them would make the types harder to use"
            )]
            #![allow(
                clippy::type_complexity,
                reason = "fields hold the spec's schemas as they are nested, maps of maps included"
            )]

            #serde_use
        }
    };
    RustFile {
        path: "src/types.rs",
        head: Box::new(head),
        items: defs.chain(responses).collect(),
        large: Vec::new(),
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    // A type the spec does not describe gets no doc: one made up from its name would only
    // repeat it.
    let docs = doc_attrs(&def.docs);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, docs, deprecated, s),
        TypeKind::StringEnum(e) => string_enum(def, &name, docs, deprecated, e),
        TypeKind::IntEnum(e) => int_enum(def, &name, docs, deprecated, e),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, false);
            quote! {
                #docs
                #deprecated
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(ty) => {
            let ty = rust_type(ty, false);
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Untagged(variants) => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let ty = rust_type(&v.ty, false);
                let doc = format!(" The `{}` shape.", v.name);
                quote!(#[doc = #doc] #variant(#ty),)
            });
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Tagged { tag, variants } => {
            let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
            let types = variants.iter().map(|v| rust_type(&v.ty, false));
            let docs_of = variants.iter().map(|v| {
                let values: Vec<String> = v.tag_values.iter().map(|t| format!("`{t}`")).collect();
                format!(" `{tag}` is {}.", values.join(" or "))
            });
            let sent: Vec<&str> = variants.iter().map(|v| v.tag_values[0].as_str()).collect();
            let arms = variants.iter().zip(&names).map(|(v, variant)| {
                let values = &v.tag_values;
                quote!(#(Some(#values))|* => crate::tagged::variant(value).map(#name::#variant),)
            });
            let other_doc =
                format!(" A value whose `{tag}` this client does not know yet, kept as sent.");
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#[doc = #docs_of] #names(#types),)*
                    #[doc = #other_doc]
                    Other(serde_json::Value),
                }

                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(#name::#names(value) => crate::tagged::serialize(serializer, #tag, #sent, value),)*
                            #name::Other(value) => value.serialize(serializer),
                        }
                    }
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        match crate::tagged::tag(&value, #tag) {
                            #(#arms)*
                            _ => Ok(#name::Other(value)),
                        }
                    }
                }
            }
        }
    }
}

fn struct_def(
    name: &Ident,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    s: &Struct,
) -> TokenStream {
    let defaulted: Vec<&Field> = s.fields.iter().filter(|f| f.default.is_some()).collect();
    // `default_<field>`, snake case even for a field named `_2fa`, and distinct.
    let mut function_names = names::Scope::default();
    let functions: std::collections::BTreeMap<&str, Ident> = defaulted
        .iter()
        .map(|f| {
            let field = f.name.trim_start_matches("r#").trim_start_matches('_');
            let function = function_names.claim(format!("default_{field}"));
            (f.name.as_str(), format_ident!("{function}"))
        })
        .collect();
    let default_fn = |f: &Field| functions[f.name.as_str()].clone();
    // With spec defaults, `Default` must use them too, so it is written out.
    let derive_default = (s.default && defaulted.is_empty()).then(|| quote!(, Default));
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|(field_name, ty)| {
        let field_name = ident(field_name);
        let ty = rust_type(&Type::Map(Box::new(ty.clone())), false);
        quote! {
            /// Properties not listed above.
            pub #field_name: #ty,
        }
    });
    let default_fns = (!defaulted.is_empty()).then(|| {
        let fns = defaulted.iter().map(|f| {
            let function = default_fn(f);
            let ty = rust_type(&f.ty, false);
            let value = default_expr(f.default.as_ref().expect("filtered on default"));
            let doc = format!(" The spec's default for `{}`.", f.wire_name);
            quote!(#[doc = #doc] fn #function() -> #ty { #value })
        });
        quote! {
            impl #name {
                #(#fns)*
            }
        }
    });
    let default_impl = (s.default && !defaulted.is_empty()).then(|| {
        let inits = s.fields.iter().map(|f| {
            let field_name = ident(&f.name);
            if f.default.is_some() {
                let function = default_fn(f);
                quote!(#field_name: #name::#function(),)
            } else {
                quote!(#field_name: Default::default(),)
            }
        });
        let additional = s.additional.as_ref().map(|(field_name, _)| {
            let field_name = ident(field_name);
            quote!(#field_name: Default::default(),)
        });
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    #name {
                        #(#inits)*
                        #additional
                    }
                }
            }
        }
    });
    let table = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let wire = &f.wire_name;
        let presence = match f.presence {
            Presence::Required => quote!(required),
            Presence::RequiredNullable => quote!(or_null),
            Presence::Optional => quote!(optional),
            Presence::OptionalNullable => quote!(nullable),
            Presence::Defaulted => {
                let function = default_fn(f);
                quote!(default(#name::#function))
            }
        };
        quote!(#field_name: #wire => #presence,)
    });
    let rest = s.additional.as_ref().map(|(field_name, _)| {
        let field_name = ident(field_name);
        quote!(..#field_name)
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq #derive_default)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #default_fns
        #default_impl

        // Last in the item: `render` lays it out one field a line.
        crate::wire::wire_struct! {
            #name {
                #(#table)*
                #rest
            }
        }
    }
}

fn default_expr(value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(n) => {
            let n = Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        DefaultValue::Float(x) => {
            let x = Literal::f64_unsuffixed(*x);
            quote!(#x)
        }
        DefaultValue::Str(text) => quote!(#text.to_string()),
        DefaultValue::Variant(type_name, variant) => {
            let (type_name, variant) = (ident(type_name), ident(variant));
            quote!(#type_name::#variant)
        }
    }
}

fn int_enum(
    def: &TypeDef,
    name: &Ident,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    e: &IntEnum,
) -> TokenStream {
    let variants: Vec<Ident> = e.variants.iter().map(|(v, _)| ident(v)).collect();
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|(_, n)| Literal::i64_unsuffixed(*n))
        .collect();
    let variant_docs = e.variants.iter().map(|(_, n)| format!(" `{n}`"));
    let default_derive = e.default.map(|_| quote!(Default,));
    let default_marks =
        (0..variants.len()).map(|i| (e.default == Some(i)).then(|| quote!(#[default])));
    let other_doc = format!(
        " A value this client does not know yet; it is kept as sent, so it round-trips. \
         Match on [`{}::value`] to handle it.",
        def.name
    );
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive)]
        pub enum #name {
            #(#[doc = #variant_docs] #default_marks #variants,)*
            #[doc = #other_doc]
            Other(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    #(#name::#variants => #values,)*
                    #name::Other(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            #[inline]
            fn from(value: i64) -> Self {
                match value {
                    #(#values => #name::#variants,)*
                    other => #name::Other(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(#name::from)
            }
        }
    }
}

/// A struct field; its wire name and presence are in the struct's `wire_struct!` table.
fn field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let ty = rust_type(&f.ty, false);
    // A field the spec does not describe says what it is called on the wire, where that is not
    // its Rust name; otherwise it has only the facts its schema gives (format, default, example).
    let docs = if f.wire_name != f.name {
        docs_or(&f.docs, &format!("`{}` on the wire.", f.wire_name))
    } else {
        doc_attrs(&f.docs)
    };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

fn string_enum(
    def: &TypeDef,
    name: &Ident,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
) -> TokenStream {
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| match &v.description {
        Some(description) => format!(" `{}`: {}", v.wire, prose_line(description)),
        None => format!(" `{}`", v.wire),
    });
    let default_derive = e.default.map(|_| quote!(Default,));
    let default_marks =
        (0..variants.len()).map(|i| (e.default == Some(i)).then(|| quote!(#[default])));
    let other_doc = format!(
        " A value this client does not know yet; it is kept as sent, so it round-trips. \
         Match on [`{}::as_str`] to handle it.",
        def.name
    );
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive)]
        pub enum #name {
            #(#[doc = #variant_docs] #default_marks #variants,)*
            #[doc = #other_doc]
            Other(String),
        }

        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #wires,)*
                    #name::Other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    #(#wires => #name::#variants,)*
                    other => #name::Other(other.to_string()),
                })
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(value.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
            }
        }

    }
}

fn status_enum(op: &Operation, name: &str, variants: &[StatusVariant]) -> TokenStream {
    let name = ident(name);
    let doc = format!(
        " The responses of [`Client::{}`](crate::Client::{}), by status.",
        op.name, op.name
    );
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = docs_or(&v.docs, &format!("Status {}.", status_text(v.status)));
        match payload_type(&v.payload, false) {
            None => quote!(#docs #variant,),
            Some(ty) => quote!(#docs #variant(#ty),),
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

// ----- operations ----------------------------------------------------------------------------

fn operations(api: &Api) -> RustFile<'_> {
    // A scheme's constant is spelled only where an operation sends it: a scheme that no
    // operation names keeps its builder setter, but a constant nobody reads is dead code.
    let sent: BTreeSet<usize> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten().copied())
        .collect();
    let schemes = move || {
        let schemes = sent
            .iter()
            .map(|&index| (index, &api.security_schemes[index]))
            .map(|(index, s)| {
                // Read by the operations that send it: compiled with them.
                let gate = gate_of(
                    api.operations
                        .iter()
                        .filter(|op| op.security.iter().flatten().any(|&i| i == index))
                        .map(|op| api.features.operation(op)),
                );
                let cfg = gate.as_ref().and_then(cfg_outer);
                let constant = scheme_const(s);
                let key = &s.key;
                let kind = match &s.kind {
                    SecurityKind::ApiKeyHeader(h) => quote!(SchemeKind::Header(#h)),
                    SecurityKind::ApiKeyQuery(q) => quote!(SchemeKind::Query(#q)),
                    SecurityKind::ApiKeyCookie(c) => quote!(SchemeKind::Cookie(#c)),
                    SecurityKind::Bearer => quote!(SchemeKind::Bearer),
                    SecurityKind::Basic => quote!(SchemeKind::Basic),
                };
                let doc = format!(" The `{key}` security scheme.");
                quote! {
                    #[doc = #doc]
                    #cfg
                    const #constant: Scheme = Scheme { key: #key, kind: #kind };
                }
            });
        quote!(#(#schemes)*)
    };
    let builder_impl = move || {
        let setters = api.security_schemes.iter().map(scheme_setter);
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    };
    // The methods are small and go in one `impl Client`; each builder is an item of its own.
    let any_op = gate_of(api.operations.iter().map(|op| api.features.operation(op)));
    let client_gate = any_op.clone();
    let client_impl = move || {
        let methods = api
            .operations
            .iter()
            .map(|op| client_method(op, cfg_outer(api.features.operation(op))));
        // Without any operation, `Client` is not imported.
        let cfg = client_gate.as_ref().and_then(cfg_outer);
        quote!(#cfg impl Client { #(#methods)* })
    };
    let mock_impl = move || {
        let mocks = api
            .operations
            .iter()
            .map(|op| mock_method(op, cfg_outer(api.features.operation(op))));
        let cfg = match any_op.as_ref().and_then(cfg_predicate) {
            Some(features) => quote!(#[cfg(all(feature = "mock", #features))]),
            None => quote!(#[cfg(feature = "mock")]),
        };
        quote! {
            #cfg
            impl crate::mock::MockApi {
                #(#mocks)*
            }
        }
    };
    let has_ops = !api.operations.is_empty();
    let schemes_used = !api.security_schemes.is_empty();
    let schemes_sent = api.operations.iter().any(|op| {
        op.security
            .iter()
            .any(|alternative| !alternative.is_empty())
    });
    let head = move || {
        // Each import is compiled with the operations that use it (the builder's setters,
        // with the crate).
        let ops_where = |used: &dyn Fn(&Operation) -> bool| {
            gate_of(
                api.operations
                    .iter()
                    .filter(|op| used(op))
                    .map(|op| api.features.operation(op)),
            )
        };
        let uses_types = ops_where(&mentions_types);
        let path_params = ops_where(&|op| op.path.iter().any(|p| matches!(p, PathPart::Param(_))));
        let query_params =
            ops_where(&|op| op.params.iter().any(|p| p.location == ParamLocation::Query));
        let any_op = ops_where(&|_| true);
        let sends_schemes = ops_where(&|op| {
            op.security
                .iter()
                .any(|alternative| !alternative.is_empty())
        });
        let always = schemes_used.then_some(Gate::Always);
        let imports = [
            (&path_params, "crate::client::path_param"),
            (&query_params, "crate::client::QueryStyle"),
            (&any_op, "crate::client::Extras"),
            (&any_op, "crate::client::Operation"),
            (&any_op, "crate::client::PathPiece"),
            (&any_op, "crate::client::Request"),
            (&any_op, "crate::client::Response"),
            (&any_op, "std::future::Future"),
            (&any_op, "crate::ApiResponse"),
            (&always, "crate::client::Credential"),
            (&sends_schemes, "crate::client::Scheme"),
            (&sends_schemes, "crate::client::SchemeKind"),
            (&uses_types, "crate::types"),
            (&any_op, "crate::Client"),
            (&always, "crate::ClientBuilder"),
            (&any_op, "crate::Error"),
            (&always, "crate::Secret"),
            (&any_op, "reqwest::Method"),
        ];
        // Grouped by the features that compile them, as rustfmt merges them in each group.
        let mut gates: Vec<&Gate> = Vec::new();
        for (gate, _) in &imports {
            if let Some(gate) = gate
                && !gates.contains(&gate)
            {
                gates.push(gate);
            }
        }
        gates.sort_by_key(|gate| !gate.is_always());
        let imports = gates.into_iter().flat_map(|gate| {
            let cfg = cfg_outer(gate);
            crate::layout::use_declarations(
                imports
                    .iter()
                    .filter(|(used, _)| used.as_ref() == Some(gate))
                    .map(|(_, path)| *path),
            )
            .into_iter()
            .map(move |tree| {
                let tree: syn::UseTree =
                    syn::parse_str(&tree).expect("imports are valid use trees");
                quote!(#cfg use #tree;)
            })
        });
        // `Client` is in scope where an operation is compiled; rustdoc rejects a link target
        // that repeats what the label resolves to.
        let doc = |client: &str| {
            format!(
                " The operations of the API: one method of {client} each, which returns a request"
            )
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
    };
    // Without schemes or operations, the items that would hold them are left out.
    let mut items: Vec<Piece<'_>> = Vec::new();
    let mut large = Vec::new();
    if schemes_sent {
        items.push(Box::new(schemes));
    }
    if schemes_used {
        items.push(Box::new(builder_impl));
    }
    if has_ops {
        large.push(items.len());
        items.push(Box::new(client_impl));
    }
    items.extend(api.operations.iter().map(|op| -> Piece<'_> {
        Box::new(move || {
            let cfg = cfg_inner(api.features.operation(op));
            let builder = request_builder(api, op);
            quote!(#cfg #builder)
        })
    }));
    if has_ops {
        large.push(items.len());
        items.push(Box::new(mock_impl));
    }
    RustFile {
        path: "src/operations.rs",
        head: Box::new(head),
        items,
        large,
    }
}

/// The `MockApi` method that mocks one operation, compiled under `cfg`.
fn mock_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&op.name);
    let http_method = &op.http_method;
    let route = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(Some(#text)),
        PathPart::Param(_) => quote!(None),
    });
    let request = match &op.body {
        Some(body) if body.encoding == BodyEncoding::Json => rust_type(&body.ty, true),
        _ => quote!(()),
    };
    let json_or_unit = |responses: &Responses| match responses {
        Responses::One(Payload::Json(ty)) => rust_type(ty, true),
        Responses::ByStatus { .. } => quote!(serde_json::Value),
        _ => quote!(()),
    };
    let ok = json_or_unit(&op.success);
    let err = json_or_unit(&op.error);
    let doc = format!(
        " Mocks [`Client::{}`](crate::Client::{}): `{} {}`.",
        op.name, op.name, op.http_method, op.path_template
    );
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #name(&self) -> crate::mock::MockOperation<'_, #request, #ok, #err> {
            self.operation(#http_method, &[#(#route),*])
        }
    }
}

/// Whether a type names anything in the `types` module.
fn mentions_named(ty: &Type) -> bool {
    let mut found = false;
    ty.walk(&mut |inner| found |= matches!(inner, Type::Named(_)));
    found
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
                form.parts.iter().any(|part| match &part.kind {
                    PartKind::Text(ty) | PartKind::Json(ty) => named(ty),
                    PartKind::File | PartKind::Files => false,
                })
            })
        || in_responses(&op.success)
        || in_responses(&op.error)
}

fn scheme_const(s: &SecurityScheme) -> Ident {
    format_ident!("{}", s.method.trim_start_matches("r#").to_uppercase())
}

fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let method = ident(&s.method);
    let key = &s.key;
    let how = match &s.kind {
        SecurityKind::ApiKeyHeader(h) => format!("Sent in the `{h}` header."),
        SecurityKind::ApiKeyQuery(q) => format!("Sent as the `{q}` query parameter."),
        SecurityKind::ApiKeyCookie(c) => format!("Sent as the `{c}` cookie."),
        SecurityKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_string(),
        SecurityKind::Basic => "Sent as `Authorization: Basic ...`.".to_string(),
    };
    let mut docs = s.docs.clone();
    if says_nothing(&docs) {
        docs.summary = Some(format!(
            "Sets the credential of the `{key}` security scheme."
        ));
    }
    docs.notes.push(how);
    docs.notes
        .push("It never appears in `Debug` output or in errors.".to_string());
    let docs = doc_attrs(&docs);
    match s.kind {
        SecurityKind::Basic => quote! {
            #docs
            pub fn #method(self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
                self.credential(#key, Credential::Basic { username: username.into(), password: password.into() })
            }
        },
        _ => quote! {
            #docs
            pub fn #method(self, credential: impl Into<Secret>) -> Self {
                self.credential(#key, Credential::Token(credential.into()))
            }
        },
    }
}

/// The `Client` method that starts an operation, compiled under `cfg`: it returns the
/// operation's request builder.
fn client_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
    let method_name = ident(&op.name);
    let builder = ident(&op.builder);
    let mut docs = op.docs.clone();
    let route = format!("`{} {}`", op.http_method, op.path_template);
    if says_nothing(&docs) {
        docs.summary = Some(route);
    } else {
        docs.notes.insert(0, route);
    }
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    for p in &required {
        docs.notes.push(format!("- `{}`: {}", p.name, param_doc(p)));
    }
    if !optional.is_empty() {
        let setters: Vec<String> = optional
            .iter()
            .map(|p| format!("[`{}`]({}::{})", p.name, op.builder, p.name))
            .collect();
        docs.notes.push(format!(
            "Optional parameters are set on the returned [`{}`]: {}.",
            op.builder,
            setters.join(", ")
        ));
    }
    docs.notes.push(format!(
        "Send the returned [`{}`] with `.send().await` (or `.send_with_response().await` for the status and headers too).",
        op.builder
    ));
    let method_docs = doc_attrs(&docs);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    // The method takes the required parameters (and a required body), borrowed.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        let ty = borrowed_type(&p.ty);
        args.push(quote!(#name: #ty));
        inits.push(quote!(#name,));
    }
    if let Some(body) = &op.body {
        if !body.required {
            inits.push(quote!(body: None,));
        } else if body.encoding == BodyEncoding::Binary {
            args.push(quote!(body: impl Into<crate::Upload>));
            inits.push(quote!(body: body.into(),));
        } else {
            let ty = body_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body,));
        }
    }
    for p in &optional {
        let name = ident(&p.name);
        inits.push(quote!(#name: None,));
    }
    let lifetime_args = (!args.is_empty()).then(|| quote!(<'a>));
    let self_ref = if args.is_empty() {
        quote!(&self)
    } else {
        quote!(&'a self)
    };
    let returned = if args.is_empty() {
        quote!(#builder<'_>)
    } else {
        quote!(#builder<'a>)
    };
    // The required parameters are the operation's: a spec may have more than clippy's limit
    // of seven arguments (with `self`), and each is one the caller must give.
    let many = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #method_docs
        #cfg
        #deprecated
        #many
        #[inline]
        pub fn #method_name #lifetime_args (#self_ref, #(#args),*) -> #returned {
            #builder {
                client: self,
                #(#inits)*
                extras: Default::default(),
            }
        }
    }
}

/// The request builder of an operation: its fields, setters, and how it is sent and decoded.
fn request_builder(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();

    // The builder holds the required parameters (and a required body), borrowed.
    let mut fields = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        let ty = borrowed_type(&p.ty);
        fields.push(quote!(#name: #ty,));
    }
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if let Some(body) = &op.body {
        let ty = body_type(body);
        if body.required {
            fields.push(quote!(body: #ty,));
        } else {
            fields.push(quote!(body: Option<#ty>,));
        }
    }
    let mut setters = Vec::new();
    for p in &optional {
        let name = ident(&p.name);
        let ty = rust_type(&p.ty, true);
        fields.push(quote!(#name: Option<#ty>,));
        let doc = format!(" {}", param_doc(p));
        let setter = match &p.ty {
            Type::String => quote! {
                #[doc = #doc]
                pub fn #name(mut self, value: impl Into<String>) -> Self {
                    self.#name = Some(value.into());
                    self
                }
            },
            _ => quote! {
                #[doc = #doc]
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(value);
                    self
                }
            },
        };
        setters.push(setter);
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = body_type(body);
        let doc = body
            .docs
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .unwrap_or("The request body.");
        let doc = format!(" {}", prose_line(doc));
        setters.push(if body.encoding == BodyEncoding::Binary {
            quote! {
                #[doc = #doc]
                pub fn body(mut self, body: impl Into<crate::Upload>) -> Self {
                    self.body = Some(body.into());
                    self
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            }
        });
    }

    // Filling in the request.
    let mut prepare = Vec::new();
    let mut fill = Vec::new();
    for p in &op.params {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let value = if p.required {
            quote!(self.#name)
        } else {
            quote!(value)
        };
        let add = match p.location {
            ParamLocation::Path => {
                prepare.push(quote!(let #name = path_param(#wire, &self.#name, #explode)?;));
                continue;
            }
            ParamLocation::Query => {
                let style = match p.style {
                    ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
                    ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
                    ParamStyle::Form | ParamStyle::Simple => quote!(QueryStyle::Form),
                };
                quote!(request.query(#wire, &#value, #style, #explode)?;)
            }
            ParamLocation::Header => quote!(request.header(#wire, &#value, #explode)?;),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &#value, #explode)?;),
        };
        fill.push(if p.required {
            add
        } else {
            quote!(if let Some(value) = &self.#name { #add })
        });
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let set = |value: TokenStream| match body.encoding {
            // A number or boolean body is held by value, and serialized through a reference.
            BodyEncoding::Json if is_copied(&body.ty) => quote!(request.json(&#value)?;),
            BodyEncoding::Json => quote!(request.json(#value)?;),
            BodyEncoding::Form => quote!(request.form(#value)?;),
            BodyEncoding::Multipart if body.form.is_some() => {
                quote!(request.multipart(&#value.multipart()?);)
            }
            BodyEncoding::Multipart => quote!(request.multipart(&#value);),
            BodyEncoding::Text => quote!(request.raw(#media, #value.as_bytes().to_vec());),
            BodyEncoding::Binary => quote!(request.upload(#media, &#value)?;),
        };
        fill.push(if body_required {
            set(quote!(self.body))
        } else {
            if body.encoding == BodyEncoding::Multipart && body.form.is_none() {
                quote!(if let Some(body) = &self.body {
                    request.multipart(body);
                })
            } else if body.encoding == BodyEncoding::Binary {
                quote!(if let Some(body) = &self.body {
                    request.upload(#media, body)?;
                })
            } else {
                // The other optional bodies are held as references, which copy.
                let add = set(quote!(body));
                quote!(if let Some(body) = self.body { #add })
            }
        });
    }
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(PathPiece::Literal(#text)),
        PathPart::Param(index) => {
            let p = &op.params[*index];
            let name = ident(&p.name);
            let wire = &p.wire_name;
            quote!(PathPiece::Param(#wire, &#name))
        }
    });
    let http_method = format_ident!("{}", op.http_method);
    let security: Vec<TokenStream> = op
        .security
        .iter()
        .map(|alternative| {
            let schemes = alternative
                .iter()
                .map(|i| scheme_const(&api.security_schemes[*i]));
            quote!(&[#(#schemes),*])
        })
        .collect();
    let security2 = &security;
    let (ok_type, decode) = success(&op.success);
    let on_success = if matches!(op.success, Responses::None | Responses::One(Payload::Empty)) {
        quote!(Ok(response.with_body(())))
    } else {
        quote! {
            let body = #decode?;
            Ok(response.with_body(body))
        }
    };
    let (error_type, on_error) = error(&op.error, &op.error_statuses);
    // A download (any body but JSON) can also be read as it arrives.
    let streams = matches!(op.success, Responses::One(Payload::Text | Payload::Binary));
    let items_method = op
        .pagination
        .as_ref()
        .map(|p| items_method(op, p, &security, &error_type));
    let (stream_methods, on_error) = if streams {
        let security3 = &security;
        (
            quote! {
                /// Sends the request and returns the body unread, as a stream of bytes: for
                /// downloads of any size, never held whole in memory.
                #[inline]
                pub fn send_stream(self) -> impl Future<Output = Result<crate::ByteStream, Error<#error_type>>> + 'a {
                    let client = self.client;
                    client.send_stream(self, Self::prepare, &[#(#security3),*], Self::error)
                }

                /// The error for a status that is not a success.
                #[inline]
                fn error(response: Response) -> Error<#error_type> {
                    #on_error
                }
            },
            quote!(Self::error(response)),
        )
    } else {
        (TokenStream::new(), on_error)
    };
    let start = quote!(self.client.request(&Self::OPERATION, &[#(#path),*], &self.extras));
    let operation_name = &op.name;
    let path_template = &op.path_template;
    let prepare_body = if fill.is_empty() {
        quote!(#(#prepare)* #start)
    } else {
        quote! {
            #(#prepare)*
            let mut request = #start?;
            #(#fill)*
            Ok(request)
        }
    };

    let struct_doc = format!(
        " A `{}` request, from [`Client::{}`](crate::Client::{}): set what it needs, then `.send().await` it.",
        op.name, op.name, op.name
    );
    let form = op
        .body
        .as_ref()
        .and_then(|b| b.form.as_ref())
        .map(|form| form_struct(op, form));
    quote! {
        #form

        #[doc = #struct_doc]
        #[must_use = "a request does nothing until it is sent"]
        #[derive(Debug)]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
            extras: Extras,
        }

        impl<'a> #builder<'a> {
            /// The operation, as requests and logs name it.
            const OPERATION: Operation = Operation {
                name: #operation_name,
                method: Method::#http_method,
                path: #path_template,
            };

            #(#setters)*

            /// Adds a header to this request (a request id, ...); it wins over a client's
            /// default header of the same name. Its value is never shown in `Debug` output or
            /// logs; a name or value a header cannot carry is an error when the request is
            /// sent, and nothing is sent.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extras.header(name.into(), value.into());
                self
            }

            /// Sends the request and decodes the response body.
            #[inline]
            pub fn send(self) -> impl Future<Output = Result<#ok_type, Error<#error_type>>> + 'a {
                let client = self.client;
                client.send_body(self, Self::prepare, &[#(#security),*], Self::decode)
            }

            /// Sends the request; the decoded body comes with the status and headers.
            #[inline]
            pub fn send_with_response(self) -> impl Future<Output = Result<ApiResponse<#ok_type>, Error<#error_type>>> + 'a {
                let client = self.client;
                client.send(self, Self::prepare, &[#(#security2),*], Self::decode)
            }

            /// Sends the request and waits for the response, without an async runtime; the
            /// request must come from a [`BlockingClient`](crate::BlockingClient).
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_blocking(self) -> Result<#ok_type, Error<#error_type>> {
                let client = self.client;
                client.send_blocking(self, Self::prepare, &[#(#security2),*], Self::decode)
            }

            #stream_methods

            #items_method

            /// The request, with its parameters and body. Inline, like every method of a
            /// request, so that it is compiled only where an app sends this request.
            #[inline]
            fn prepare(&self) -> Result<Request, Error<#error_type>> {
                #prepare_body
            }

            /// The response, checked and decoded.
            #[inline]
            fn decode(response: Response) -> Result<ApiResponse<#ok_type>, Error<#error_type>> {
                if !(200..300).contains(&response.status()) {
                    return Err(#on_error);
                }
                #on_success
            }
        }
    }
}

/// The `items()` method of a list operation that pages: a stream of every item.
fn items_method(
    op: &Operation,
    pagination: &Pagination,
    security: &[TokenStream],
    error_type: &TokenStream,
) -> TokenStream {
    let item = rust_type(&pagination.item, true);
    let param = &op.params[pagination.param];
    let param_field = ident(&param.name);
    let (items_name, items_type) = &pagination.items;
    let items = ident(items_name);
    let items_expr = match items_type {
        Type::Option(_) => quote!(page.#items.unwrap_or_default()),
        Type::Nullable(_) => quote!(page.#items.into_option().unwrap_or_default()),
        _ => quote!(page.#items),
    };
    let total = match &pagination.total {
        None => quote!(None),
        Some((name, ty)) => {
            let field = ident(name);
            match ty {
                Type::Option(_) => quote!(page.#field.and_then(crate::client::count)),
                Type::Nullable(_) => {
                    quote!(page.#field.into_option().and_then(crate::client::count))
                }
                _ => quote!(crate::client::count(page.#field)),
            }
        }
    };
    let (how, first, key_setup, next) = match &pagination.kind {
        PageKind::Cursor { next: (name, ty) } => {
            let field = ident(name);
            let next = match ty {
                Type::Option(_) => quote!(page.#field),
                Type::Nullable(_) => quote!(page.#field.into_option()),
                _ => quote!(Some(page.#field)),
            };
            (
                format!(
                    "each page's `{name}` is sent back as `{}` for the next",
                    param.wire_name
                ),
                quote!(builder.#param_field.take()),
                quote!(builder.#param_field = key;),
                quote!(#next.filter(|cursor| !cursor.is_empty())),
            )
        }
        PageKind::Page => (
            format!(
                "`{}` counts the pages, from the one set on the request (else 1)",
                param.wire_name
            ),
            quote!(Some(builder.#param_field.take().unwrap_or(1))),
            quote! {
                let current = key.unwrap_or(1);
                builder.#param_field = Some(current);
            },
            quote!(current.checked_add(1)),
        ),
    };
    let doc = format!(
        " Every item of every page, as a stream that fetches the next page when the last one is used up: {how}."
    );
    quote! {
        #[doc = #doc]
        ///
        /// The request's parameters and headers go with every page.
        pub fn items(self) -> crate::Paginated<'a, #item, Error<#error_type>> {
            let mut builder = self;
            let first = #first;
            crate::client::paginate(first, move |key| {
                #key_setup
                let request = builder.prepare();
                let client = builder.client;
                async move {
                    let page = client
                        .send_prepared(request, &[#(#security),*], Self::decode)
                        .await?
                        .into_body();
                    Ok(crate::client::Page {
                        next: #next,
                        total: #total,
                        items: #items_expr,
                    })
                }
            })
        }
    }
}

/// The struct of a typed `multipart/form-data` body, and how it becomes its parts.
fn form_struct(op: &Operation, form: &Form) -> TokenStream {
    let name = ident(&form.name);
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{}`](crate::Client::{}): a field per part.",
        op.name, op.name
    );
    let default = form
        .parts
        .iter()
        .all(|p| !p.required || p.kind == PartKind::Files)
        .then(|| quote!(Default,));
    let mut fields = Vec::new();
    let mut pushes = Vec::new();
    for part in &form.parts {
        let field = ident(&part.name);
        let wire = &part.wire_name;
        let mut docs = part.docs.clone();
        let what = match &part.kind {
            PartKind::Text(_) => "Sent as text",
            PartKind::Json(_) => "Sent as JSON",
            PartKind::File => "A file",
            PartKind::Files => "Files, a part each",
        };
        let place = match &part.content_type {
            Some(content_type) => format!("{what} (the `{wire}` part, `{content_type}`)."),
            None => format!("{what} (the `{wire}` part)."),
        };
        if docs.summary.is_none() && docs.description.is_none() {
            docs.summary = Some(place);
        } else {
            docs.notes.insert(0, place);
        }
        let docs = doc_attrs(&docs);
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let (ty, push) = match &part.kind {
            PartKind::Text(ty) => (
                rust_type(ty, true),
                quote!(form.push_text(#wire, value, #content_type)?;),
            ),
            PartKind::Json(ty) => (
                rust_type(ty, true),
                quote!(form.push_json(#wire, value, #content_type)?;),
            ),
            PartKind::File => (
                quote!(crate::FilePart),
                quote!(form.push_file(#wire, value, #content_type);),
            ),
            PartKind::Files => (
                quote!(Vec<crate::FilePart>),
                quote! {
                    for file in value {
                        form.push_file(#wire, file, #content_type);
                    }
                },
            ),
        };
        if part.required || part.kind == PartKind::Files {
            fields.push(quote!(#docs pub #field: #ty,));
            pushes.push(quote! {
                let value = &self.#field;
                #push
            });
        } else {
            fields.push(quote!(#docs pub #field: Option<#ty>,));
            pushes.push(quote! {
                if let Some(value) = &self.#field {
                    #push
                }
            });
        }
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parts, in the schema's order.
            #[inline]
            fn multipart<E>(&self) -> Result<crate::Multipart, Error<E>> {
                let mut form = crate::Multipart::new();
                #(#pushes)*
                Ok(form)
            }
        }
    }
}

/// How a parameter is described: its description and where it goes.
fn param_doc(p: &Param) -> String {
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let text = prose_line(p.docs.description.as_deref().unwrap_or("").trim());
    if text.is_empty() {
        format!("The `{}` {place} parameter.", p.wire_name)
    } else {
        format!("{text} (the `{}` {place} parameter)", p.wire_name)
    }
}

/// The type a required parameter is taken as: strings and compound values borrowed.
fn borrowed_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(&'a str),
        Type::Vec(inner) => {
            let inner = rust_type(inner, true);
            quote!(&'a [#inner])
        }
        _ if is_copied(ty) => rust_type(ty, true),
        other => {
            let ty = rust_type(other, true);
            quote!(&'a #ty)
        }
    }
}

/// Whether a parameter or body of type `ty` is taken by value (a number or a boolean) rather
/// than borrowed.
fn is_copied(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Bool | Type::I32 | Type::I64 | Type::U32 | Type::U64 | Type::F32 | Type::F64
    )
}

fn body_type(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => borrowed_type(&body.ty),
        BodyEncoding::Form => {
            let ty = rust_type(&body.ty, true);
            quote!(&'a #ty)
        }
        BodyEncoding::Multipart => match &body.form {
            Some(form) => {
                let name = ident(&form.name);
                quote!(&'a #name)
            }
            None => quote!(crate::Multipart),
        },
        BodyEncoding::Text => quote!(&'a str),
        BodyEncoding::Binary => quote!(crate::Upload),
    }
}

/// The success type of a method and the expression that produces it from `response`.
fn success(responses: &Responses) -> (TokenStream, TokenStream) {
    match responses {
        Responses::None => (quote!(()), quote!(Ok(()))),
        Responses::One(payload) => (
            payload_type(payload, true).unwrap_or_else(|| quote!(())),
            decode_payload(payload),
        ),
        Responses::ByStatus { name, variants } => {
            let ty = ident(name);
            let mut arms: Vec<TokenStream> = Vec::new();
            let mut sorted: Vec<&StatusVariant> = variants.iter().collect();
            sorted.sort_by_key(|v| v.status);
            let statuses: Vec<StatusMatch> = sorted.iter().map(|v| v.status).collect();
            for v in sorted {
                let variant = ident(&v.name);
                let pattern = status_pattern(v.status, &statuses);
                let value = match v.payload {
                    Payload::Empty => quote!(Ok(types::#ty::#variant)),
                    Payload::Binary => quote!(Ok(types::#ty::#variant(response.bytes()))),
                    _ => {
                        let decode = decode_payload(&v.payload);
                        quote!(#decode.map(types::#ty::#variant))
                    }
                };
                arms.push(quote!(#pattern => #value,));
            }
            if !variants
                .iter()
                .any(|v| matches!(v.status, StatusMatch::Default))
            {
                arms.push(quote!(_ => Err(response.error(|_| None)),));
            }
            (
                quote!(types::#ty),
                quote! {
                    match response.status() {
                        #(#arms)*
                    }
                },
            )
        }
    }
}

/// The error body type of a method and the expression that builds its `Error`: the body is
/// decoded only with the type documented for the status it matches (a code before a range,
/// a range before `default`), and kept raw for statuses documented without a JSON body or
/// not documented at all.
fn error(responses: &Responses, statuses: &[(StatusMatch, bool)]) -> (TokenStream, TokenStream) {
    let all: Vec<StatusMatch> = statuses.iter().map(|(status, _)| *status).collect();
    // The arms for statuses whose body is not decoded; sorted with the decoded ones, so that
    // the most specific match wins.
    let raw_arms = |arms: &mut Vec<(StatusMatch, TokenStream)>| {
        for (status, decoded) in statuses {
            if !decoded {
                let pattern = status_pattern(*status, &all);
                arms.push((*status, quote!(#pattern => None,)));
            }
        }
        arms.sort_by_key(|(status, _)| *status);
        if !arms
            .iter()
            .any(|(status, _)| *status == StatusMatch::Default)
        {
            arms.push((StatusMatch::Default, quote!(_ => None,)));
        }
        arms.iter().map(|(_, arm)| arm.clone()).collect::<Vec<_>>()
    };
    match responses {
        Responses::None | Responses::One(Payload::Empty | Payload::Text | Payload::Binary) => (
            quote!(crate::Undocumented),
            quote!(response.error(|_| None)),
        ),
        Responses::One(Payload::Json(ty)) => {
            let ty = rust_type(ty, true);
            // With `default`, and every documented status decoded alike, every error is.
            if statuses.iter().all(|(_, decoded)| *decoded)
                && statuses.iter().any(|(s, _)| *s == StatusMatch::Default)
            {
                return (ty, quote!(response.error(|r| r.decode().ok())));
            }
            let mut arms: Vec<(StatusMatch, TokenStream)> = statuses
                .iter()
                .filter(|(_, decoded)| *decoded)
                .map(|(status, _)| {
                    let pattern = status_pattern(*status, &all);
                    (*status, quote!(#pattern => r.decode().ok(),))
                })
                .collect();
            let arms = raw_arms(&mut arms);
            (
                ty,
                quote! {
                    response.error(|r| match r.status() {
                        #(#arms)*
                    })
                },
            )
        }
        Responses::ByStatus { name, variants } => {
            let ty = ident(name);
            let mut arms: Vec<(StatusMatch, TokenStream)> = variants
                .iter()
                .map(|v| {
                    let variant = ident(&v.name);
                    let pattern = status_pattern(v.status, &all);
                    (
                        v.status,
                        quote!(#pattern => r.decode().ok().map(types::#ty::#variant),),
                    )
                })
                .collect();
            let arms = raw_arms(&mut arms);
            (
                quote!(types::#ty),
                quote! {
                    response.error(|r| match r.status() {
                        #(#arms)*
                    })
                },
            )
        }
    }
}

fn decode_payload(payload: &Payload) -> TokenStream {
    match payload {
        Payload::Empty => quote!(Ok(())),
        Payload::Json(_) => quote!(response.json()),
        Payload::Text => quote!(response.text()),
        Payload::Binary => quote!(Ok(response.bytes())),
    }
}

fn payload_type(payload: &Payload, qualified: bool) -> Option<TokenStream> {
    match payload {
        Payload::Empty => None,
        Payload::Json(ty) => Some(rust_type(ty, qualified)),
        Payload::Text => Some(quote!(String)),
        Payload::Binary => Some(quote!(Vec<u8>)),
    }
}

/// The match pattern of a status among `all` the statuses of its match; the arms come in
/// the order of `StatusMatch` (codes before ranges), so a code wins over its range.
fn status_pattern(status: StatusMatch, all: &[StatusMatch]) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(hundreds) => {
            let low = Literal::u16_unsuffixed(hundreds * 100);
            let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
            let overlapped = all
                .iter()
                .any(|other| matches!(other, StatusMatch::Code(code) if code / 100 == hundreds));
            if overlapped {
                // A range pattern that overlaps a code's arm reads as a mistake to clippy;
                // a guard says the same without the overlap.
                quote!(status if (#low..=#high).contains(&status))
            } else {
                quote!(#low..=#high)
            }
        }
        StatusMatch::Default => quote!(_),
    }
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
        StatusMatch::Default => "default".to_string(),
    }
}

// ----- shared spelling -----------------------------------------------------------------------

/// A type expression; `qualified` prefixes named types with `types::` (outside that module).
fn rust_type(ty: &Type, qualified: bool) -> TokenStream {
    match ty {
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::U32 => quote!(u32),
        Type::U64 => quote!(u64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::String => quote!(String),
        Type::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Type::Date => quote!(chrono::NaiveDate),
        Type::Uuid => quote!(uuid::Uuid),
        Type::Json => quote!(serde_json::Value),
        Type::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        Type::Bytes => quote!(Vec<u8>),
        Type::Unit => quote!(()),
        Type::Vec(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Type::Set(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(std::collections::BTreeSet<#inner>)
        }
        Type::Option(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(Option<#inner>)
        }
        Type::Nullable(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(crate::Nullable<#inner>)
        }
        Type::Box(inner) => {
            let inner = rust_type(inner, qualified);
            quote!(Box<#inner>)
        }
        Type::Named(name) => {
            let name = ident(name);
            if qualified {
                quote!(types::#name)
            } else {
                quote!(#name)
            }
        }
    }
}

// ----- features ------------------------------------------------------------------------------

/// When an item used by items under `gates` is compiled: when any of them is; `None` when
/// nothing uses it.
fn gate_of<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Option<Gate> {
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
fn cfg_predicate(gate: &Gate) -> Option<TokenStream> {
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
fn cfg_outer(gate: &Gate) -> Option<TokenStream> {
    cfg_predicate(gate).map(|predicate| quote!(#[cfg(#predicate)]))
}

/// `#![cfg(..)]` at the start of a piece: rendering puts it on each of the piece's items.
fn cfg_inner(gate: &Gate) -> Option<TokenStream> {
    cfg_predicate(gate).map(|predicate| quote!(#![cfg(#predicate)]))
}

/// An identifier, raw where it is a keyword.
fn ident(name: &str) -> Ident {
    if names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `#[doc]` attributes for `docs`, or for `fallback` when the spec says nothing.
fn docs_or(docs: &Docs, fallback: &str) -> TokenStream {
    if says_nothing(docs) {
        let mut docs = docs.clone();
        docs.summary = Some(fallback.to_string());
        doc_attrs(&docs)
    } else {
        doc_attrs(docs)
    }
}

/// Whether the spec says nothing in `docs`: no summary or description, or only blank ones
/// (`description: ""`), which would leave an item undocumented.
fn says_nothing(docs: &Docs) -> bool {
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
    blank(&docs.summary) && blank(&docs.description)
}

fn doc_attrs(docs: &Docs) -> TokenStream {
    // Raw strings: prettyplease prints a doc attribute's value, whatever its spelling, and a
    // raw string is quicker to spell and to read back than an escaped one.
    let lines = doc_lines(docs).into_iter().map(|line| raw_string(&line));
    quote!(#(#[doc = #lines])*)
}

/// The lines of a doc comment: summary, description, notes, as paragraphs. Each line gets a
/// leading space so it prints as `/// text`.
fn doc_lines(docs: &Docs) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(summary) = docs
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        paragraphs.push(crate::prose::markdown(summary));
    }
    if let Some(description) = &docs.description {
        let description = description.trim();
        if !description.is_empty() && Some(description) != docs.summary.as_deref().map(str::trim) {
            paragraphs.push(crate::prose::markdown(description));
        }
    }
    let mut notes = docs.notes.iter().peekable();
    while let Some(note) = notes.next() {
        // Consecutive list items form one list, not one paragraph each.
        if note.starts_with("- ") {
            let mut list = vec![note.clone()];
            while let Some(next) = notes.next_if(|n| n.starts_with("- ")) {
                list.push(next.clone());
            }
            paragraphs.push(list.join("\n"));
        } else {
            paragraphs.push(note.clone());
        }
    }
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        for line in paragraph.lines() {
            let line = line.trim_end();
            lines.push(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            });
        }
    }
    lines
}

/// A raw string literal (`r#"..."#`) holding `text`, which reads better than escapes.
fn raw_string(text: &str) -> Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Spec prose on one line, as rustdoc.
fn prose_line(text: &str) -> String {
    crate::prose::inline(&one_line(text))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
