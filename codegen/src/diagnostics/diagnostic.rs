//! One problem found in a spec: how bad it is, where it is (a JSON pointer, then a line and
//! column once placed), what is wrong and how to fix it.

/// How bad a problem is: an error stops generation, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be turned into a client.
    Error,
    /// Something in the spec is ignored or approximated; the client is generated anyway.
    Warning,
}

/// One problem found in a spec, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops generation.
    pub severity: Severity,
    /// The spec file, as given on the command line.
    pub file: String,
    /// The JSON pointer of the node at fault (`#/paths/~1api~1contacts/post`).
    pub pointer: String,
    /// Line and column (1-based) of the node, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    /// More to know, one line each (shown after the hint).
    pub notes: Vec<String>,
    /// The line of the spec at `position`, to show under the message.
    pub snippet: Option<Snippet>,
    /// Whether the pointer's last key is written more than once in its mapping (which a
    /// parser refuses) and the diagnostic is about the last of them: placing it finds that one.
    pub repeated_key: bool,
}

/// The source line a diagnostic points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The whole line, without its line break.
    pub line: String,
    /// How many characters from the position to underline (at least 1).
    pub width: usize,
}

impl Diagnostic {
    /// An error at `pointer` of `file`, with no position yet.
    pub fn error(file: &str, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            pointer: pointer.to_string(),
            position: None,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
            snippet: None,
            repeated_key: false,
        }
    }

    /// A warning at `pointer` of `file`, with no position yet.
    pub fn warning(file: &str, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message)
        }
    }

    /// The same diagnostic, about the last of the keys its pointer names when the mapping has
    /// that key more than once.
    pub fn at_repeated_key(mut self) -> Diagnostic {
        self.repeated_key = true;
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}
