//! `types.rs`: a Rust type per named schema, and the enums of responses by status.

use super::gates::{cfg_inner, cfg_outer, gate_of};
use super::responses::{payload_type, status_text};
use super::spell::{doc_attrs, docs_or, ident, rust_type};
use super::{Piece, RustFile};
use crate::ir::*;
use crate::names;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

pub(super) fn types(api: &Api) -> RustFile<'_> {
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
            let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
            let defs = variants.iter().zip(&names).map(|(v, variant)| {
                let ty = rust_type(&v.ty, false);
                let doc = format!(" The `{}` shape.", v.name);
                quote!(#[doc = #doc] #variant(#ty),)
            });
            let union = name.to_string();
            // Decoded by `crate::untagged`: the first variant that keeps the whole value.
            quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#defs)*
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        crate::untagged::decode(
                            &value,
                            &[#(|value| crate::untagged::variant(value).map(Self::#names),)*],
                            #union,
                        )
                    }
                }
            }
        }
        TypeKind::Tagged { tag, variants } => {
            let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
            let types = variants.iter().map(|v| rust_type(&v.ty, false));
            let docs_of = variants.iter().map(|v| {
                let values: Vec<String> = v.tag_values.iter().map(|t| format!("`{t}`")).collect();
                let others = if v.fallback {
                    ", or another value, or missing, when the object fits this variant (else \
                     it is kept as `Other`)"
                } else {
                    ""
                };
                format!(" `{tag}` is {}{others}.", values.join(" or "))
            });
            // OpenAPI 3.2's `defaultMapping`: an object without a known tag is that variant
            // when it fits it; one that does not (a variant this client does not know yet) is
            // kept as sent, as with no default, rather than failing the whole answer.
            let unknown = match variants.iter().zip(&names).find(|(v, _)| v.fallback) {
                Some((_, fallback)) => quote!(Ok(crate::tagged::fallback(value)
                    .map_or_else(Self::Other, Self::#fallback))),
                None => quote!(Ok(Self::Other(value))),
            };
            let sent: Vec<&str> = variants.iter().map(|v| v.tag_values[0].as_str()).collect();
            let arms = variants.iter().zip(&names).map(|(v, variant)| {
                let values = &v.tag_values;
                quote!(#(Some(#values))|* => crate::tagged::variant(value).map(Self::#variant),)
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
                            #(Self::#names(value) => crate::tagged::serialize(serializer, #tag, #sent, value),)*
                            Self::Other(value) => value.serialize(serializer),
                        }
                    }
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        match crate::tagged::tag(&value, #tag) {
                            #(#arms)*
                            _ => #unknown,
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
    let derive_default = s.default.then(|| quote!(, Default));
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|(field_name, ty)| {
        let field_name = ident(field_name);
        let ty = rust_type(&Type::Map(Box::new(ty.clone())), false);
        quote! {
            /// Properties not listed above.
            pub #field_name: #ty,
        }
    });
    // A defaulted field is an `Option` left out when `None`; its default, as a value of its
    // type, is public so that a reader can take it where the property was absent.
    let default_fns = (!defaulted.is_empty()).then(|| {
        let fns = defaulted.iter().map(|f| {
            let function = default_fn(f);
            let ty = match &f.ty {
                Type::Option(inner) => rust_type(inner, false),
                other => rust_type(other, false),
            };
            let value = default_expr(f.default.as_ref().expect("filtered on default"));
            let doc = format!(
                " The spec's default for `{}`: what the server takes when it is absent.",
                f.wire_name
            );
            quote!(#[doc = #doc] pub fn #function() -> #ty { #value })
        });
        quote! {
            impl #name {
                #(#fns)*
            }
        }
    });
    let table = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let wire = &f.wire_name;
        let presence = match f.presence {
            Presence::Required => quote!(required),
            Presence::RequiredNullable => quote!(required_nullable),
            Presence::Optional | Presence::Defaulted => quote!(optional),
            Presence::OptionalNullable => quote!(nullable),
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
                i64::deserialize(deserializer).map(Self::from)
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
        Some(description) => format!(" `{}`: {}", v.wire, crate::prose::line(description)),
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

        impl From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => #name::#variants,)*
                    other => #name::Other(other.to_string()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
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
                Ok(Self::from(value.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{api, text};

    #[test]
    fn a_string_enum_converts_from_str_and_parses_and_decodes_through_that() {
        let api = api("
paths: {}
components:
  schemas:
    Status: {type: string, enum: [open, closed]}
");
        let def = api.types.get("Status").expect("the enum");
        let code = text(type_def(def));
        assert!(code.contains("impl From<&str> for Status"), "{code}");
        assert!(code.contains("\"open\" => Status::Open,"), "{code}");
        assert!(code.contains("Ok(Self::from(value))"), "{code}");
        assert!(code.contains("Ok(Self::from(value.as_str()))"), "{code}");
        assert!(!code.contains("Infallible|"), "{code}");
    }

    #[test]
    fn a_defaulted_field_is_left_out_when_unset_and_its_default_is_public() {
        let api = api("
paths: {}
components:
  schemas:
    Page: {type: object, properties: {limit: {type: integer, default: 20}}}
");
        let code = text(type_def(api.types.get("Page").expect("the struct")));
        // Spaces aside, as the tokens are not laid out yet.
        let tight: String = code.split_whitespace().collect();
        assert!(tight.contains("publimit:Option<i64>"), "{code}");
        assert!(tight.contains("limit:\"limit\"=>optional"), "{code}");
        assert!(tight.contains("pubfndefault_limit()->i64{20}"), "{code}");
        assert!(tight.contains("PartialEq,Default)]"), "{code}");
    }
}
