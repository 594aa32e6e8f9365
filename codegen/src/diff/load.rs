//! A spec read and lowered the way generation does it, for the diff: every diagnostic placed
//! at its line and column, warnings dropped.

use crate::diagnostics::{self, Result};
use crate::ir::Api;
use crate::{Settings, Source, check, load};

/// The IR of the spec `source` with `settings`, as `crate::generate_source_with` lowers it;
/// an error has every diagnostic of the run, each in its place.
pub(crate) fn lowered(source: &Source, settings: &Settings) -> Result<Api> {
    let allow = load::repair::Allow {
        missing_refs: settings.allow_missing_refs,
    };
    let loading = load::load(source, allow, |value| {
        check::lint::untyped(value, &source.file)
    });
    let checked = loading
        .loaded
        .and_then(|loaded| crate::check_loaded(loaded, &source.file, settings));
    let files: Vec<(&str, &str)> = loading
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.text.as_str()))
        .collect();
    let text = source.text.as_str();
    let placed =
        diagnostics::place_outcome(checked, text, || diagnostics::Tree::parse(text), &files);
    placed.map(|(api, _)| api)
}

/// The report of the change from the spec `old` to the spec `new`, both lowered with
/// `settings`.
pub fn between(old: &Source, new: &Source, settings: &Settings) -> Result<super::Report> {
    let old = lowered(old, settings)?;
    let new = lowered(new, settings)?;
    Ok(super::diff(&old, &new))
}
