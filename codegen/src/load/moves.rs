//! The record of moves that every upgrade keeps: where a rewrite of the untyped tree put each
//! node it moved, so that a pointer into the rewritten tree leads back to the user's text.

use crate::diagnostics::{Diagnostic, Error};

/// The version a document was written in, which the messages that name a version say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Input {
    /// OpenAPI 3.0: nothing to say differently.
    #[default]
    V30,
    /// OpenAPI 3.1.
    V31,
    /// OpenAPI 3.2.
    V32,
    /// Swagger 2.0.
    V20,
}

impl Input {
    /// How the version names the document and the specification, where it is not 3.0.
    fn spelled(self) -> Option<(&'static str, &'static str)> {
        match self {
            Input::V30 => None,
            Input::V31 => Some(("OpenAPI 3.1", "OpenAPI 3.1.0")),
            Input::V32 => Some(("OpenAPI 3.2", "OpenAPI 3.2.0")),
            Input::V20 => Some(("Swagger 2.0", "Swagger 2.0")),
        }
    }

    /// The words of messages and hints that name a 3.0 place, with what the version calls it.
    fn wording(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Input::V20 => &[
                ("`components.schemas`", "`definitions`"),
                ("`components.parameters`", "`parameters`"),
                ("`components.responses`", "`responses`"),
                ("`components.securitySchemes`", "`securityDefinitions`"),
                ("lists no `servers`", "has no `host`"),
                (
                    "add `servers: [{url: https://...}]`",
                    "add `host: api.example.com` (and `schemes: [https]`)",
                ),
            ],
            Input::V30 | Input::V31 | Input::V32 => &[],
        }
    }
}

/// Where rewriting moved nodes: each batch is one rewrite's moves, as (pointer in the tree
/// after it, pointer before it). Within a batch, the longest pointer that leads to a node
/// stands for it, so a batch may say where a node went and, apart, where its children went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    batches: Vec<Vec<(String, String)>>,
    /// The version the user wrote (the messages that name the version say it).
    input: Input,
}

impl Moves {
    /// No moves yet, for a document written in `input`.
    pub fn new(input: Input) -> Moves {
        Moves {
            batches: Vec::new(),
            input,
        }
    }

    /// Records one rewrite's moves, as (pointer after it, pointer before it).
    pub fn push<Now: Into<String>, Was: Into<String>>(&mut self, batch: Vec<(Now, Was)>) {
        if !batch.is_empty() {
            let batch = batch
                .into_iter()
                .map(|(now, was)| (now.into(), was.into()))
                .collect();
            self.batches.push(batch);
        }
    }

    /// How many rewrites were recorded.
    pub fn len(&self) -> usize {
        self.batches.len()
    }

    /// The pointer of the user's text that `pointer`, a pointer into the tree after every
    /// rewrite, stands for: where a diagnostic at `pointer` is moved back to.
    #[cfg(test)]
    pub(crate) fn original(&self, pointer: &str) -> String {
        self.original_before(pointer, self.batches.len())
    }

    /// The pointer of the user's text that `pointer`, a pointer into the tree after the first
    /// `batches` rewrites, stands for.
    fn original_before(&self, pointer: &str, batches: usize) -> String {
        let mut pointer = pointer.to_string();
        for batch in self.batches[..batches].iter().rev() {
            let found = batch
                .iter()
                .filter(|(now, _)| {
                    pointer
                        .strip_prefix(now.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
                // The first of the longest: a rewrite may record a node twice, the more
                // telling place first.
                .fold(None::<&(String, String)>, |best, entry| match best {
                    Some(best) if best.0.len() >= entry.0.len() => Some(best),
                    _ => Some(entry),
                });
            if let Some((now, was)) = found {
                pointer = format!("{was}{}", &pointer[now.len()..]);
            }
        }
        pointer
    }

    /// Points every diagnostic (and every pointer its message or hint names) at the user's
    /// text.
    pub fn restore(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            self.restore_one(diagnostic, self.batches.len());
        }
    }

    /// Points `diagnostic`, made after the first `batches` rewrites, at the user's text.
    pub fn restore_one(&self, diagnostic: &mut Diagnostic, batches: usize) {
        if let Some((document, specification)) = self.input.spelled() {
            diagnostic.message = diagnostic.message.replace(
                "valid OpenAPI 3.0 document",
                &format!("valid {document} document"),
            );
            if let Some(hint) = &mut diagnostic.hint {
                *hint = hint.replace(
                    "OpenAPI 3.0.3 specification",
                    &format!("{specification} specification"),
                );
            }
        }
        for (of_30, own) in self.input.wording() {
            diagnostic.message = diagnostic.message.replace(of_30, own);
            if let Some(hint) = &mut diagnostic.hint {
                *hint = hint.replace(of_30, own);
            }
        }
        if self.batches.is_empty() {
            return;
        }
        diagnostic.pointer = self.original_before(&diagnostic.pointer, batches);
        diagnostic.message = self.restore_text(&diagnostic.message, batches);
        if let Some(hint) = &diagnostic.hint {
            diagnostic.hint = Some(self.restore_text(hint, batches));
        }
    }

    /// `text` with each pointer it names restored.
    fn restore_text(&self, text: &str, batches: usize) -> String {
        crate::pointer::map_named(text, |pointer| self.original_before(pointer, batches))
    }

    /// [`Moves::restore`] for the diagnostics of a failed run.
    pub fn restore_error(&self, error: Error) -> Error {
        match error {
            Error::Spec(mut diagnostics) => {
                self.restore(&mut diagnostics);
                Error::Spec(diagnostics)
            }
            Error::Syntax(mut diagnostic) => {
                self.restore_one(&mut diagnostic, self.batches.len());
                Error::Syntax(diagnostic)
            }
            other => other,
        }
    }
}

/// What upgrading a document to the 3.0 model gives besides the rewritten tree.
#[derive(Debug, Clone, Default)]
pub struct Upgraded {
    /// What 3.0 cannot say, at its place in the user's text.
    pub warnings: Vec<Diagnostic>,
    /// Where nodes were moved.
    pub moves: Moves,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_move_of_a_batch_leads_back() {
        let mut moves = Moves::new(Input::V20);
        moves.push(vec![
            ("#/a/schema", "#/p"),
            ("#/a/schema/type", "#/p/type"),
            ("#/a", "#/b"),
        ]);
        assert_eq!(moves.original("#/a/schema/type"), "#/p/type");
        assert_eq!(moves.original("#/a/schema/items/type"), "#/p/items/type");
        assert_eq!(moves.original("#/a/name"), "#/b/name");
        assert_eq!(moves.original("#/ab"), "#/ab");
    }

    #[test]
    fn messages_name_the_version_written() {
        let mut diagnostics = [Diagnostic::error(
            "s.yaml",
            "#",
            "this is not a valid OpenAPI 3.0 document: no",
        )
        .with_hint("compare the node with the OpenAPI 3.0.3 specification")];
        Moves::new(Input::V20).restore(&mut diagnostics);
        assert_eq!(
            diagnostics[0].message,
            "this is not a valid Swagger 2.0 document: no"
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("compare the node with the Swagger 2.0 specification")
        );
        let mut diagnostics = [Diagnostic::error(
            "s.yaml",
            "#/components/schemas/A",
            "unresolved `$ref`: `#/components/schemas/A` is not in `components.schemas`",
        )];
        let mut moves = Moves::new(Input::V20);
        moves.push(vec![("#/components/schemas", "#/definitions")]);
        moves.restore(&mut diagnostics);
        assert_eq!(
            diagnostics[0].message,
            "unresolved `$ref`: `#/definitions/A` is not in `definitions`"
        );
    }
}
