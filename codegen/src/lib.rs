//! Generates a typed Rust client crate from an OpenAPI 3.0 document.
//!
//! The pipeline runs in one direction: [`load`] (text into `openapiv3`), [`lower`] (into the
//! plain-data [`ir`], where every decision is made), [`emit`] (IR into tokens), [`render`]
//! (tokens into formatted files) and [`write`] (files into a directory, atomically).

pub mod emit;
pub mod error;
pub mod examples;
pub mod ir;
pub mod lint;
pub mod load;
pub mod locate;
pub mod lower;
pub mod names;
pub mod render;
pub mod report;
pub mod template;
pub mod validate;
pub mod write;

pub use error::{Diagnostic, Error, Result, Severity};
pub use load::Source;
pub use render::{CrateOptions, OutputFile};

use std::path::Path;

/// Generates the files of a client crate from the spec at `spec`; warnings are dropped (see
/// [`generate_source`] for them).
///
/// The crate is named `name`, or after the spec's `info.title` when `None`.
pub fn generate(spec: &Path, name: Option<&str>) -> Result<Vec<OutputFile>> {
    let source = Source::read(spec)?;
    generate_source(&source, name).map(|generated| generated.files)
}

/// The outcome of a generation run that succeeded.
#[derive(Debug)]
pub struct Generated {
    /// The files of the crate.
    pub files: Vec<OutputFile>,
    /// What the spec says that the client ignores or approximates, in order of place.
    pub warnings: Vec<Diagnostic>,
}

/// Generates the files of a client crate from spec text, with warnings; every diagnostic
/// (of an error or of a success) has its line and column in `source`.
///
/// When generation fails, the error holds the warnings too, each in its place among the errors.
pub fn generate_source(source: &Source, name: Option<&str>) -> Result<Generated> {
    let run = || {
        let value = load::parse_value(&source.text, &source.file)?;
        let document = load::document(&value, &source.file)?;
        let warnings = lint::lint(&document, Some(&value), &source.file);
        match generate_from(&document, &source.file, name) {
            Ok(files) => Ok(Generated { files, warnings }),
            Err(Error::Spec(mut errors)) => {
                errors.extend(warnings);
                Err(Error::Spec(errors))
            }
            Err(other) => Err(other),
        }
    };
    match run() {
        Ok(mut generated) => {
            report::place(&mut generated.warnings, &source.text);
            report::sort(&mut generated.warnings);
            Ok(generated)
        }
        Err(error) => Err(load::placed(error, &source.text)),
    }
}

/// Generates the files of a client crate from a parsed spec; `file` names it in diagnostics,
/// which have pointers but no line and column (they need the text: see [`generate_source`]).
pub fn generate_from(
    document: &openapiv3::OpenAPI,
    file: &str,
    name: Option<&str>,
) -> Result<Vec<OutputFile>> {
    // Examples are checked beside lowering, so one run reports both kinds of problem.
    let example_errors = examples::check(document, file);
    let api = match lower::lower(document, file) {
        Ok(api) if example_errors.is_empty() => api,
        Ok(_) => return Err(Error::Spec(example_errors)),
        Err(Error::Spec(mut errors)) => {
            errors.extend(example_errors);
            return Err(Error::Spec(errors));
        }
        Err(other) => return Err(other),
    };
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
