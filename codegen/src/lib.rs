//! Generates a typed Rust client crate from an OpenAPI 3.0, 3.1, 3.2 or Swagger 2.0 document.
//!
//! The pipeline runs in one direction: [`load`] (text into `openapiv3`), [`check`] (beside
//! lowering, reports only), [`lower`] (into the plain-data `ir`, where every decision is
//! made), [`emit`] (IR into tokens), [`render`]
//! (tokens into formatted files) and [`write`](mod@write) (files into a directory,
//! atomically). Under them are the spec layer (`$ref`s, media types, one walk over the
//! document) and, at the bottom, [`diagnostics`].

// The modules that the `codegen` binary, xtask or the tests reach into are public; the others
// are the library's own.
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
mod features;
mod ir;
mod layout;
pub mod load;
pub mod lower;
mod names;
mod par;
mod pointer;
mod prose;
mod readme;
pub mod render;
pub mod runtime;
mod spec;
pub mod write;

pub use diagnostics::{Diagnostic, Error, Result, Severity};
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
    /// Every file the spec was read from: the one given, then each file its `$ref`s name,
    /// in the order first reached.
    pub sources: Vec<String>,
}

/// Generates the files of a client crate from spec text, with warnings; every diagnostic
/// (of an error or of a success) has its line and column in `source`.
///
/// When generation fails, the error holds the warnings too, each in its place among the errors.
pub fn generate_source(source: &Source, name: Option<&str>) -> Result<Generated> {
    let settings = Settings {
        name,
        ..Settings::default()
    };
    generate_source_with(source, &settings)
}

/// What a generation run may be told besides the spec.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings<'a> {
    /// The package name; from the spec's `info.title` when `None`.
    pub name: Option<&'a str>,
    /// Report examples that do not match their schemas as warnings, not errors: for specs
    /// one does not control.
    pub example_mismatches_are_warnings: bool,
    /// Read a `$ref` to a component that does not exist as any JSON, with a warning, instead
    /// of reporting an error (`--allow-missing-refs`).
    pub allow_missing_refs: bool,
}

/// [`generate_source`] with [`Settings`].
pub fn generate_source_with(source: &Source, settings: &Settings) -> Result<Generated> {
    let text = source.text.as_str();
    std::thread::scope(|scope| {
        // Diagnostics find their places in a scan of the whole text, which most specs need
        // (they have warnings): it runs beside parsing, which keeps one core busy, and is
        // dropped unused when no diagnostic needs it.
        let mut scanning = par::spawn(scope, || diagnostics::Tree::parse(text));
        let tree = || match scanning.take() {
            Some(scan) => par::finish(scan),
            None => diagnostics::Tree::parse(text),
        };
        let allow = load::repair::Allow {
            missing_refs: settings.allow_missing_refs,
        };
        let loading = load::load(source, allow, |value| {
            check::lint::untyped(value, &source.file)
        });
        let checked = loading
            .loaded
            .and_then(|loaded| check_loaded(loaded, &source.file, settings));
        // The other files a `$ref` names, read while loading: diagnostics are placed in them.
        let read = loading.files;
        let files: Vec<(&str, &str)> = read
            .iter()
            .map(|f| (f.file.as_str(), f.text.as_str()))
            .collect();
        // Every diagnostic of the run is placed here, once; before rendering, so that the
        // scan is not kept while the files are made.
        let placed = diagnostics::place_outcome(checked, text, tree, &files);
        if let Some(scan) = scanning {
            // Unused: whatever became of it does not matter.
            let _ = scan.join();
        }
        let (api, warnings) = placed?;
        let files = render_api(&api, settings)?;
        let mut sources = vec![source.file.clone()];
        sources.extend(read.into_iter().map(|f| f.file));
        Ok(Generated {
            files,
            warnings,
            sources,
        })
    })
}

/// Checks and lowers a loaded spec; the diagnostics point at the user's files but are not
/// placed yet. The typed document is dropped here, once lowered, before the tokens and text
/// are made.
fn check_loaded(
    mut loaded: load::Loaded,
    file: &str,
    settings: &Settings,
) -> Result<(ir::Api, Vec<Diagnostic>)> {
    let untyped = std::mem::take(&mut loaded.inspected);
    let document = &loaded.document;
    let lint = || {
        let mut warnings = untyped;
        warnings.extend(check::lint::lint(document, None, file));
        warnings
    };
    let lowered = check_and_lower(document, file, settings, lint);
    let errors = std::mem::take(&mut loaded.errors);
    match lowered {
        Ok((api, mut warnings)) if errors.is_empty() => {
            loaded.restore(&mut warnings);
            warnings.extend(loaded.warnings);
            Ok((api, warnings))
        }
        Ok((_, warnings)) => Err(loaded.fail(Error::Spec([errors, warnings].concat()))),
        Err(Error::Spec(diagnostics)) => {
            Err(loaded.fail(Error::Spec([errors, diagnostics].concat())))
        }
        Err(other) => Err(loaded.fail(other)),
    }
}

/// Generates the files of a client crate from a parsed spec; `file` names it in diagnostics,
/// which have pointers but no line and column (they need the text: see [`generate_source`]).
pub fn generate_from(
    document: &openapiv3::OpenAPI,
    file: &str,
    name: Option<&str>,
) -> Result<Vec<OutputFile>> {
    let settings = Settings {
        name,
        ..Settings::default()
    };
    let (api, _) = check_and_lower(document, file, &settings, Vec::new)?;
    render_api(&api, &settings)
}

/// The IR of a parsed spec, with the warnings of `lint` and the example mismatches when they
/// are only warnings; the warnings come after the errors when there are errors.
fn check_and_lower(
    document: &openapiv3::OpenAPI,
    file: &str,
    settings: &Settings,
    lint: impl FnOnce() -> Vec<Diagnostic> + Send,
) -> Result<(ir::Api, Vec<Diagnostic>)> {
    // Linting and the examples' checks only report, so they run beside lowering; one run
    // reports every kind of problem.
    let ((mut warnings, mut example_errors), lowered) = par::join(
        || (lint(), check::examples::check(document, file)),
        || lower::lower_with_warnings(document, file),
    );
    let mut example_warnings = Vec::new();
    if settings.example_mismatches_are_warnings {
        for diagnostic in &mut example_errors {
            diagnostic.severity = Severity::Warning;
        }
        example_warnings = std::mem::take(&mut example_errors);
    }
    match lowered {
        Ok((api, lower_warnings)) if example_errors.is_empty() => {
            warnings.extend(lower_warnings);
            warnings.extend(example_warnings);
            Ok((api, warnings))
        }
        Ok((_, lower_warnings)) => {
            example_errors.extend(warnings);
            example_errors.extend(lower_warnings);
            Err(Error::Spec(example_errors))
        }
        Err(Error::Spec(mut errors)) => {
            errors.extend(example_errors);
            errors.extend(warnings);
            errors.extend(example_warnings);
            Err(Error::Spec(errors))
        }
        Err(other) => Err(other),
    }
}

/// The files of the crate of `api`.
fn render_api(api: &ir::Api, settings: &Settings) -> Result<Vec<OutputFile>> {
    let options = CrateOptions {
        name: settings
            .name
            .map(str::to_string)
            .unwrap_or_else(|| default_crate_name(&api.title)),
    };
    render::render(api, emit::emit(api, &options), &options)
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
