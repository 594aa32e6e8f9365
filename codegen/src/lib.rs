//! Generates a typed Rust client crate from an OpenAPI 3.0 document.
//!
//! The pipeline runs in one direction: [`load`] (text into `openapiv3`), [`lower`] (into the
//! plain-data [`ir`], where every decision is made), [`emit`] (IR into tokens), [`render`]
//! (tokens into formatted files) and [`write`] (files into a directory, atomically).

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod render;
pub mod template;
pub mod write;

pub use error::{Diagnostic, Error, Result};
pub use render::{CrateOptions, OutputFile};

use std::path::Path;

/// Generates the files of a client crate from the spec at `spec`.
///
/// The crate is named `name`, or after the spec's `info.title` when `None`.
pub fn generate(spec: &Path, name: Option<&str>) -> Result<Vec<OutputFile>> {
    let document = load::load(spec)?;
    generate_from(&document, &spec.display().to_string(), name)
}

/// Generates the files of a client crate from a parsed spec; `file` names it in diagnostics.
pub fn generate_from(
    document: &openapiv3::OpenAPI,
    file: &str,
    name: Option<&str>,
) -> Result<Vec<OutputFile>> {
    let api = lower::lower(document, file)?;
    let options = CrateOptions {
        name: name
            .map(str::to_string)
            .unwrap_or_else(|| default_crate_name(&api.title)),
    };
    render::render(&api, emit::emit(&api), &options)
}

/// A package name from a title: `Recepta API` → `recepta-api`.
pub fn default_crate_name(title: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(title);
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!(
            "api-client{}",
            if name.is_empty() {
                String::new()
            } else {
                format!("-{name}")
            }
        )
    } else {
        name
    }
}
