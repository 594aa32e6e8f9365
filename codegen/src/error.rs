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

/// One problem found in a spec, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Displays several diagnostics, one after the other, with a count at the end.
struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        match self.0.len() {
            1 => write!(f, "1 error in the spec"),
            n => write!(f, "{n} errors in the spec"),
        }
    }
}

/// Escapes one JSON pointer segment (`/` → `~1`, `~` → `~0`).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
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
        self.items.push(Diagnostic {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            position: None,
            message: message.into(),
            hint: hint.map(str::to_string),
        });
    }

    /// `Ok(value)` when nothing was recorded, otherwise every recorded problem.
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(Error::Spec(self.items))
        }
    }
}
