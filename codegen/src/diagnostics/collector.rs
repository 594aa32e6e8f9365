//! The one way a pass gathers its diagnostics, so that a run reports every problem at once.

use super::diagnostic::Diagnostic;

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

    /// Records a diagnostic made elsewhere (by a function that reports one problem).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// The file the diagnostics are about.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Every problem recorded so far, errors and warnings.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}
