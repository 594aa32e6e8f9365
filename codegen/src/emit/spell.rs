//! Spelling shared by every file: type expressions, identifiers and doc comments.

use crate::ir::*;
use crate::names;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// A type expression; `qualified` prefixes named types with `types::` (outside that module).
pub(super) fn rust_type(ty: &Type, qualified: bool) -> TokenStream {
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

/// An identifier, raw where it is a keyword.
pub(super) fn ident(name: &str) -> Ident {
    if names::is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `#[doc]` attributes for `docs`, or for `fallback` when the spec says nothing.
pub(super) fn docs_or(docs: &Docs, fallback: &str) -> TokenStream {
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
pub(super) fn says_nothing(docs: &Docs) -> bool {
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
    blank(&docs.summary) && blank(&docs.description)
}

pub(super) fn doc_attrs(docs: &Docs) -> TokenStream {
    // Raw strings: prettyplease prints a doc attribute's value, whatever its spelling, and a
    // raw string is quicker to spell and to read back than an escaped one.
    let lines = doc_lines(docs).into_iter().map(|line| raw_string(&line));
    quote!(#(#[doc = #lines])*)
}

/// The lines of a doc comment: summary, description, notes, as paragraphs. Each line gets a
/// leading space so it prints as `/// text`.
pub(super) fn doc_lines(docs: &Docs) -> Vec<String> {
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
pub(super) fn raw_string(text: &str) -> Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Whether a type names anything in the `types` module.
pub(super) fn mentions_named(ty: &Type) -> bool {
    let mut found = false;
    ty.walk(&mut |inner| found |= matches!(inner, Type::Named(_)));
    found
}
