//! The generator's errors: what went wrong, and where in the spec or on disk.

use super::diagnostic::Diagnostic;
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
    /// The spec is not valid YAML or JSON, or is not an OpenAPI (or Swagger 2.0) document.
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
        f.write_str(super::report::render(self.0, false).trim_end())
    }
}
