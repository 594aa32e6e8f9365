//! Where each node of a bundled document came from, so that a diagnostic about it names the
//! file, and the pointer in that file, that the user wrote.

use crate::diagnostics::{Diagnostic, Error};

/// For each node taken from another file (or copied from elsewhere in the entry), its
/// pointer in the bundled document and its file and pointer there.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    /// The files: the entry first, then the others in the order [`super::Bundled`] lists them.
    files: Vec<String>,
    /// (pointer in the document, file index, pointer in that file), in the order recorded.
    moves: Vec<(String, usize, String)>,
}

impl Origins {
    pub(super) fn new(entry: &str) -> Origins {
        Origins {
            files: vec![entry.to_string()],
            moves: Vec::new(),
        }
    }

    /// Records that the node at `at` of the document is the node at `pointer` of file `file`.
    pub(super) fn record(&mut self, at: &str, file: usize, pointer: &str) {
        self.moves.push((at.to_string(), file, pointer.to_string()));
    }

    /// Names the files after the entry, once they are all read.
    pub(super) fn name_files(&mut self, files: impl IntoIterator<Item = String>) {
        self.files.truncate(1);
        self.files.extend(files);
    }

    /// The file and pointer of the node at `pointer` of the document: the innermost recorded
    /// node that holds it, else the entry's own.
    fn origin(&self, pointer: &str) -> Option<(&str, String)> {
        let (at, file, was) = self
            .moves
            .iter()
            .filter(|(at, _, _)| {
                pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(at, _, _)| at.len())?;
        let name = self.files.get(*file)?;
        Some((name, format!("{was}{}", &pointer[at.len()..])))
    }

    /// Points every diagnostic about the entry at the file and pointer its node came from;
    /// a pointer its message or hint names that is in another file is written `file#pointer`.
    pub fn restore(&self, diagnostics: &mut [Diagnostic]) {
        if self.moves.is_empty() {
            return;
        }
        for diagnostic in diagnostics.iter_mut().filter(|d| d.file == self.files[0]) {
            if let Some((file, pointer)) = self.origin(&diagnostic.pointer) {
                diagnostic.file = file.to_string();
                diagnostic.pointer = pointer;
            }
            diagnostic.message = self.restore_text(&diagnostic.message);
            if let Some(hint) = &diagnostic.hint {
                diagnostic.hint = Some(self.restore_text(hint));
            }
        }
    }

    /// [`Origins::restore`] on the diagnostics of `error`.
    pub fn restore_error(&self, error: Error) -> Error {
        match error {
            Error::Spec(mut diagnostics) => {
                self.restore(&mut diagnostics);
                Error::Spec(diagnostics)
            }
            Error::Syntax(mut diagnostic) => {
                self.restore(std::slice::from_mut(&mut *diagnostic));
                Error::Syntax(diagnostic)
            }
            other => other,
        }
    }

    /// `text` with each pointer it names that is in another file written as `file#pointer`
    /// (or `file` for the whole file).
    fn restore_text(&self, text: &str) -> String {
        crate::pointer::map_named(text, |named| match self.origin(named) {
            Some((file, pointer)) if file != self.files[0] && pointer == "#" => file.to_string(),
            Some((file, pointer)) if file != self.files[0] => format!("{file}{pointer}"),
            Some((_, pointer)) => pointer.to_string(),
            None => named.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Origins {
        let mut origins = Origins::new("api.yaml");
        origins.record("#/paths/~1a", 1, "#");
        origins.record("#/paths/~1a/get", 2, "#/get");
        origins.record("#/components/schemas/User", 3, "#");
        origins.name_files(["paths/a.yaml".into(), "ops.yaml".into(), "User.yaml".into()]);
        origins
    }

    #[test]
    fn the_innermost_recorded_node_gives_the_place() {
        let origins = origins();
        let mut diagnostics = vec![
            Diagnostic::error("api.yaml", "#/paths/~1a/get/responses", "m"),
            Diagnostic::error("api.yaml", "#/paths/~1a/parameters/0", "m"),
            Diagnostic::error("api.yaml", "#/paths/~1ab", "m"),
            Diagnostic::error("api.yaml", "#/components/schemas/User/type", "m"),
            Diagnostic::error("other.yaml", "#/paths/~1a", "m"),
        ];
        origins.restore(&mut diagnostics);
        let places: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.file.as_str(), d.pointer.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                ("ops.yaml", "#/get/responses"),
                ("paths/a.yaml", "#/parameters/0"),
                ("api.yaml", "#/paths/~1ab"),
                ("User.yaml", "#/type"),
                ("other.yaml", "#/paths/~1a"),
            ]
        );
    }

    #[test]
    fn pointers_in_messages_name_their_file() {
        let origins = origins();
        let mut diagnostics = vec![Diagnostic::error(
            "api.yaml",
            "#/info",
            "`#/components/schemas/User` and `#/components/schemas/User/properties/a`, #/info",
        )];
        origins.restore(&mut diagnostics);
        assert_eq!(
            diagnostics[0].message,
            "`User.yaml` and `User.yaml#/properties/a`, #/info"
        );
    }
}
