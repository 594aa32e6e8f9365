//! The one way a spec is loaded: its text read, the files its `$ref`s name bundled in, plain
//! mistakes repaired, the version upgraded to the 3.0 model, the nodes that do not fit their
//! type left out, and the rest typed; with what points every diagnostic back at the user's
//! files.

use super::bundle::{self, Origins};
use super::moves::Moves;
use super::repair::{self, Allow};
use super::{Source, check_pruned, document, parse_value_warned, upgrade};
use crate::diagnostics::{Diagnostic, Error, Result};
use openapiv3::OpenAPI;
use serde_json::Value;

/// What loading a spec gives.
#[derive(Debug)]
pub struct Load {
    /// Every file read besides the entry, in the order first reached, on failure too: the
    /// diagnostics may be about them.
    pub files: Vec<Source>,
    /// The spec, or the error that stopped loading, with its warnings among its diagnostics.
    pub loaded: Result<Loaded>,
}

/// A spec loaded into its typed document.
#[derive(Debug)]
pub struct Loaded {
    /// The document in the 3.0 model, without the operations and components that hold a node
    /// that does not fit its type.
    pub document: OpenAPI,
    /// The errors of the nodes left out, about the document (see [`Loaded::restore`]): when
    /// there are any the run fails, but only once the rest has reported its own problems.
    pub errors: Vec<Diagnostic>,
    /// What `inspect` reported of the untyped tree, about the document.
    pub inspected: Vec<Diagnostic>,
    /// The warnings of reading, repairing and upgrading, about the user's files already.
    pub warnings: Vec<Diagnostic>,
    places: Places,
}

impl Loaded {
    /// Points diagnostics about the document at the files and pointers the user wrote.
    pub fn restore(&self, diagnostics: &mut [Diagnostic]) {
        self.places.restore(diagnostics);
    }

    /// The error a run that loaded this spec ends with: `error`, about the document, restored,
    /// with the warnings of loading after it.
    pub fn fail(&self, error: Error) -> Error {
        with_warnings(self.places.restore_error(error), &self.warnings)
    }
}

/// What points a diagnostic about the document back at the user's files: the version's
/// moves, then the files the nodes came from.
#[derive(Debug)]
struct Places {
    moves: Moves,
    origins: Origins,
}

impl Places {
    fn restore(&self, diagnostics: &mut [Diagnostic]) {
        self.moves.restore(diagnostics);
        self.origins.restore(diagnostics);
    }

    fn restore_error(&self, error: Error) -> Error {
        self.origins.restore_error(self.moves.restore_error(error))
    }
}

/// Loads the spec of `source`; `inspect` looks at the untyped tree once every node in it fits
/// its type (it shows what the typed one drops), and its diagnostics are kept in
/// [`Loaded::inspected`].
pub fn load(
    source: &Source,
    allow: Allow,
    inspect: impl FnOnce(&Value) -> Vec<Diagnostic>,
) -> Load {
    let mut files = Vec::new();
    let loaded = untyped(source, allow, &mut files).and_then(|untyped| {
        let inspected = inspect(&untyped.value);
        let Untyped {
            value,
            errors,
            warnings,
            places,
        } = untyped;
        // Peak memory is what is alive at once: the untyped tree is consumed, each node freed
        // once converted, so the two trees are never whole at once. The checks say that this
        // does not fail.
        let document = serde_json::from_value(value).map_err(|_| explain(source, allow))?;
        Ok(Loaded {
            document,
            errors,
            inspected,
            warnings,
            places,
        })
    });
    Load { files, loaded }
}

/// The untyped document, every node of it fitting its type.
struct Untyped {
    value: Value,
    /// The errors of the nodes left out, about the document.
    errors: Vec<Diagnostic>,
    /// The warnings so far, about the user's files.
    warnings: Vec<Diagnostic>,
    places: Places,
}

/// Loads the spec of `source` up to its typing, the other files it names put in `files`.
fn untyped(source: &Source, allow: Allow, files: &mut Vec<Source>) -> Result<Untyped> {
    let file = source.file.as_str();
    // The entry's own warnings (a key written twice) are about its text as written.
    let (value, parse_warnings) = parse_value_warned(&source.text, file)?;
    // A spec split over files becomes one document; its origins point every later
    // diagnostic back at the file it is about.
    let bundled = bundle::bundle(value, source);
    *files = bundled.files;
    let read_other_files = !files.is_empty();
    if !bundled.errors.is_empty() {
        return Err(Error::Spec([bundled.errors, parse_warnings].concat()));
    }
    let (mut value, origins) = (bundled.value, bundled.origins);
    // Other people's mistakes whose intent is plain are repaired on the user's own text.
    let mut warnings = repair::repair(&mut value, file, allow);
    origins.restore(&mut warnings);
    warnings.extend(parse_warnings);
    // A 2.0, 3.1 or 3.2 document is rewritten in 3.0 form; the moves it records point every
    // later diagnostic back at the user's text.
    let upgraded = upgrade(&mut value, file, read_other_files)
        .map_err(|error| with_warnings(origins.restore_error(error), &warnings))?;
    let mut upgrade_warnings = upgraded.warnings;
    origins.restore(&mut upgrade_warnings);
    warnings.extend(upgrade_warnings);
    let places = Places {
        moves: upgraded.moves,
        origins,
    };
    // What the typed model cannot tell apart (an `explode` left out from a false one) is
    // written out.
    super::encodings::explicit_styles(&mut value);
    // Nodes that do not fit their type are errors, but the operations and schemas that hold
    // them are left out and the rest is lowered, so that one run reports every mistake.
    let errors = check_pruned(&mut value, file)
        .map_err(|error| with_warnings(places.restore_error(error), &warnings))?;
    Ok(Untyped {
        value,
        errors,
        warnings,
        places,
    })
}

/// Why the checked tree of `source` did not become a typed document: the spec loaded again,
/// its tree read by reference, which names the node that does not fit.
fn explain(source: &Source, allow: Allow) -> Error {
    let explained = untyped(source, allow, &mut Vec::new()).and_then(|untyped| {
        document(&untyped.value, &source.file)
            .map_err(|error| with_warnings(untyped.places.restore_error(error), &untyped.warnings))
    });
    match explained {
        Err(error) => error,
        Ok(_) => Error::Internal(format!(
            "{} converts by reference but not by value",
            source.file
        )),
    }
}

/// `error` with `warnings` after its own diagnostics, when it has some.
fn with_warnings(error: Error, warnings: &[Diagnostic]) -> Error {
    match error {
        Error::Spec(mut diagnostics) => {
            diagnostics.extend(warnings.iter().cloned());
            Error::Spec(diagnostics)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_value;

    fn source(body: &str) -> Source {
        Source {
            file: "spec.yaml".to_string(),
            text: format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}"),
        }
    }

    fn loaded(source: &Source) -> Loaded {
        load(source, Allow::default(), |_| Vec::new())
            .loaded
            .expect("the spec loads")
    }

    #[test]
    fn the_typed_document_is_the_one_read_by_reference() {
        let source = source("paths: {/a: {get: {responses: {'200': {description: ok}}}}}\n");
        let value = parse_value(&source.text, &source.file).unwrap();
        assert_eq!(
            loaded(&source).document,
            document(&value, &source.file).unwrap()
        );
    }

    #[test]
    fn a_node_that_does_not_fit_is_left_out_and_its_error_kept() {
        let source = source(
            "paths:\n  /a: {get: 7}\n  /b: {get: {responses: {'200': {description: ok}}}}\n",
        );
        let loaded = loaded(&source);
        let operations: Vec<(&str, &str)> = loaded
            .document
            .operations()
            .map(|(path, method, _)| (path, method))
            .collect();
        assert_eq!(operations, [("/b", "get")]);
        let pointers: Vec<&str> = loaded.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1a/get"]);
    }

    #[test]
    fn the_inspection_sees_the_untyped_tree() {
        let source = source("paths: {}\nx-seen: 1\n");
        let loaded = load(&source, Allow::default(), |value| {
            vec![Diagnostic::warning(
                "spec.yaml",
                "#/x-seen",
                value["x-seen"].to_string(),
            )]
        })
        .loaded
        .unwrap();
        assert_eq!(loaded.inspected[0].message, "1");
    }

    #[test]
    fn a_failed_run_has_the_errors_then_the_warnings_of_loading() {
        // A key written twice is a warning of reading; the operation of 7 an error.
        let source = source("paths: {/a: {get: 7}}\npaths: {/a: {get: 7}}\n");
        let error = crate::load::parse(&source.text, &source.file).unwrap_err();
        let messages: Vec<(&str, bool)> = error
            .diagnostics()
            .iter()
            .map(|d| (d.pointer.as_str(), d.severity == crate::Severity::Error))
            .collect();
        assert_eq!(messages[0], ("#/paths/~1a/get", true));
        assert!(
            messages[1..].iter().all(|(_, error)| !error),
            "{messages:?}"
        );
        assert!(messages.len() > 1, "{messages:?}");
    }
}
