//! The generator's errors: what went wrong, and where in the spec or on disk.

use std::fmt;
use std::path::PathBuf;

/// Everything that can stop a generation run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The spec is not valid YAML or JSON, or is not an OpenAPI 3.0 document.
    #[error("{0}")]
    Syntax(Box<Diagnostic>),
    /// The spec parsed but says something the generator cannot turn into Rust.
    #[error("{}", DiagnosticList(.0))]
    Spec(Vec<Diagnostic>),
    /// Writing the output failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output directory holds a file that codegen did not write where it would write one.
    #[error(
        "refusing to overwrite `{}`: it was not written by codegen (no `@generated` header); \
         move it away or choose another output directory",
        path.display()
    )]
    NotGenerated {
        /// The file.
        path: PathBuf,
    },
    /// A bug in codegen: it emitted something that is not Rust.
    #[error("internal error in codegen (please report it with the spec): {0}")]
    Internal(String),
    /// In check mode: the output directory differs from what the spec gives.
    #[error(
        "{} is not what the spec gives:\n{}\nrun `cargo xtask codegen` and commit the result",
        dir.display(),
        changes.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n")
    )]
    Drift {
        /// The output directory.
        dir: PathBuf,
        /// One line per file that differs.
        changes: Vec<String>,
    },
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

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
        }
    }

    /// A warning at `pointer` of `file`, with no position yet.
    pub fn warning(file: &str, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message)
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::report::render_one(self, false).trim_end())
    }
}

impl Error {
    /// The diagnostics this error carries (none for I/O and drift errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Syntax(diagnostic) => std::slice::from_ref(diagnostic),
            Error::Spec(diagnostics) => diagnostics,
            _ => &[],
        }
    }
}

/// Displays several diagnostics, one after the other, with a count at the end.
struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::report::render(self.0, false).trim_end())
    }
}

/// Collects the diagnostics of one phase, so that a run reports every problem at once.
#[derive(Debug, Default)]
pub struct Collector {
    file: String,
    items: Vec<Diagnostic>,
}

impl Collector {
    /// An empty collection for `file`.
    pub fn new(file: &str) -> Self {
        Collector {
            file: file.to_string(),
            items: Vec::new(),
        }
    }

    /// Records a problem at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::error(&self.file, pointer, message);
        diagnostic.hint = hint.map(str::to_string);
        self.items.push(diagnostic);
    }

    /// Records something that does not stop generation at `pointer`.
    pub fn warning(&mut self, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::warning(&self.file, pointer, message);
        diagnostic.hint = hint.map(str::to_string);
        self.items.push(diagnostic);
    }

    /// Every problem recorded so far, errors and warnings.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}
