//! Placing diagnostics: from the JSON pointer each one has, the line and column of its node
//! in the spec's text and that line, done once, at the end of a run, for every diagnostic
//! of it; then the diagnostics in order of place.

use super::diagnostic::{Diagnostic, Snippet};
use super::error::Error;
use super::lines::Lines;
use super::locate::Tree;

/// Fills the position and source line of every diagnostic from its pointer, looking the
/// pointers up in `text` (the spec they are about), whose shape `tree` gives; it is called
/// only when a pointer must be looked up. Diagnostics that already have a position (syntax
/// errors) only get their source line.
fn place_with<'d>(
    diagnostics: impl IntoIterator<Item = &'d mut Diagnostic>,
    text: &str,
    tree: impl FnOnce() -> Tree,
) {
    let mut tree = Some(tree);
    let mut parsed = None;
    let mut lines = None;
    for diagnostic in diagnostics {
        let width = match diagnostic.position {
            Some(_) => diagnostic.snippet.as_ref().map_or(1, |s| s.width),
            None if diagnostic.pointer.is_empty() => continue,
            None => {
                let tree = parsed.get_or_insert_with(|| (tree.take().expect("called once"))());
                let found = match diagnostic.repeated_key {
                    true => tree.find_last(&diagnostic.pointer),
                    false => tree.find(&diagnostic.pointer),
                };
                let Some(found) = found else {
                    continue;
                };
                diagnostic.position = Some((found.line, found.column));
                found.width
            }
        };
        if let Some((line, _)) = diagnostic.position
            && let Some(source) = lines.get_or_insert_with(|| Lines::new(text)).get(line)
        {
            diagnostic.snippet = Some(Snippet {
                line: source.to_string(),
                width,
            });
        }
    }
}

/// Places the diagnostics of every file of a spec: `files` are the other files read (name
/// and text) besides the entry, whose text is `text`; a diagnostic about none of them is
/// about the entry.
fn place_files(
    diagnostics: &mut [Diagnostic],
    text: &str,
    tree: impl FnOnce() -> Tree,
    files: &[(&str, &str)],
) {
    let other = |diagnostic: &Diagnostic| files.iter().any(|(file, _)| diagnostic.file == *file);
    place_with(diagnostics.iter_mut().filter(|d| !other(d)), text, tree);
    for (file, text) in files {
        let about = diagnostics.iter_mut().filter(|d| d.file == *file);
        place_with(about, text, || Tree::parse(text));
    }
}

/// Orders diagnostics by place (those with no place last; files by name), then by pointer,
/// and keeps one of each: a problem found once per use of a shared node (an example, a
/// schema) is one problem at one place.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (
            a.position.is_none(),
            &a.file,
            a.position,
            &a.pointer,
            a.severity,
            &a.message,
        )
            .cmp(&(
                b.position.is_none(),
                &b.file,
                b.position,
                &b.pointer,
                b.severity,
                &b.message,
            ))
    });
    diagnostics.dedup_by(|a, b| {
        (a.severity, &a.file, &a.pointer, a.position, &a.message)
            == (b.severity, &b.file, &b.pointer, b.position, &b.message)
    });
}

/// Places every diagnostic of a run: the warnings of a success, or the diagnostics of a
/// failure; either way in order of place. `tree` gives the shape of `text`, the entry's, and
/// is called only when a pointer must be looked up; `files` are the other files the run read.
pub fn place_outcome<T>(
    outcome: Result<(T, Vec<Diagnostic>), Error>,
    text: &str,
    tree: impl FnOnce() -> Tree,
    files: &[(&str, &str)],
) -> Result<(T, Vec<Diagnostic>), Error> {
    match outcome {
        Ok((value, mut warnings)) => {
            place_files(&mut warnings, text, tree, files);
            sort(&mut warnings);
            Ok((value, warnings))
        }
        Err(error) => Err(placed_with(error, text, tree, files)),
    }
}

/// Fills in the position and source line of every diagnostic in `error`, in order of place.
pub fn placed(error: Error, text: &str) -> Error {
    placed_with(error, text, || Tree::parse(text), &[])
}

/// [`placed`], with the shape of `text` from `tree` and the other files read.
fn placed_with(
    error: Error,
    text: &str,
    tree: impl FnOnce() -> Tree,
    files: &[(&str, &str)],
) -> Error {
    match error {
        Error::Spec(mut diagnostics) => {
            place_files(&mut diagnostics, text, tree, files);
            sort(&mut diagnostics);
            Error::Spec(diagnostics)
        }
        Error::Syntax(mut diagnostic) => {
            place_files(std::slice::from_mut(&mut *diagnostic), text, tree, files);
            Error::Syntax(diagnostic)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::report::render_one;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: x\n";

    fn placed(pointer: &str, hint: Option<&str>) -> Diagnostic {
        let mut diagnostic = Diagnostic::error("spec.yaml", pointer, "something is wrong");
        diagnostic.hint = hint.map(str::to_string);
        let mut list = [diagnostic];
        place_with(&mut list, SPEC, || Tree::parse(SPEC));
        let [diagnostic] = list;
        diagnostic
    }

    #[test]
    fn renders_the_line_with_the_node_underlined() {
        let text = render_one(
            &placed("#/paths/~1a/get/operationId", Some("fix it")),
            false,
        );
        assert_eq!(
            text,
            "\
error: something is wrong
 --> spec.yaml:6:7
  |
6 |       operationId: x
  |       ^^^^^^^^^^^ #/paths/~1a/get/operationId
  |
  = help: fix it
"
        );
    }

    #[test]
    fn sorts_by_place_then_pointer() {
        let mut list = vec![
            Diagnostic::error("s", "#/z", "no place"),
            placed("#/paths/~1a/get", None),
            placed("#/info", None),
            Diagnostic::warning("s", "#/w", "w"),
        ];
        sort(&mut list);
        let pointers: Vec<&str> = list.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/info", "#/paths/~1a/get", "#/w", "#/z"]);
    }

    #[test]
    fn a_repeated_key_is_placed_at_its_last_occurrence() {
        let text = "a:\n  b: 1\n  b: 2\n";
        let mut list = [
            Diagnostic::error("s", "#/a/b", "first"),
            Diagnostic::error("s", "#/a/b", "last").at_repeated_key(),
        ];
        place_with(&mut list, text, || Tree::parse(text));
        assert_eq!(list[0].position, Some((2, 3)));
        assert_eq!(list[1].position, Some((3, 3)));
        assert_eq!(list[1].snippet.as_ref().unwrap().line, "  b: 2");
    }
}
