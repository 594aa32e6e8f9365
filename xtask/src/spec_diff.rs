//! What the spec's edit since the last commit does to the generated crate: the summary of
//! `codegen diff` against `git show HEAD:spec/recepta.yaml`, and whether the crate's version
//! (the spec's `info.version`) must go up.

use std::path::Path;
use std::process::Command;

/// The spec, from the workspace root.
const SPEC: &str = "spec/recepta.yaml";

/// The lines to print about the spec's edit since `HEAD`; none when git or the committed
/// file is absent, or when nothing changed.
pub fn since_commit(root: &Path) -> Vec<String> {
    let Some(committed) = committed(root) else {
        return Vec::new();
    };
    let Ok(now) = std::fs::read_to_string(root.join(SPEC)) else {
        return Vec::new();
    };
    let source = |text: String| codegen::Source {
        file: SPEC.to_string(),
        text,
    };
    let settings = codegen::Settings {
        example_mismatches_are_warnings: true,
        ..Default::default()
    };
    // A committed spec that no longer lowers (or a broken edit, which generation reports
    // itself) has nothing to compare.
    let Ok(report) = codegen::diff::between(&source(committed), &source(now), &settings) else {
        return Vec::new();
    };
    lines(&report)
}

/// The summary of `report`, and the version it needs when the spec's is too low.
fn lines(report: &codegen::diff::Report) -> Vec<String> {
    if report.changes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "{SPEC} since the last commit: {}",
        report.summary()
    )];
    if report.version_too_low() == Some(true) {
        lines.push(format!(
            "generated/Cargo.toml's version must go up: set info.version in {SPEC} to {} or more (it is {})",
            report.needed_version().unwrap_or_default(),
            report.new_version.as_deref().unwrap_or_default()
        ));
    }
    lines
}

/// The spec as the last commit has it.
fn committed(root: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("HEAD:{SPEC}")])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(())?;
    String::from_utf8(output.stdout).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::diff::{Change, Report, RustEffect, WireEffect};

    #[test]
    fn a_breaking_edit_without_a_new_version_says_which_version_is_needed() {
        let mut report = Report {
            changes: Vec::new(),
            old_version: Some("1.2.0".to_string()),
            new_version: Some("1.2.0".to_string()),
        };
        assert!(lines(&report).is_empty());
        report.changes.push(Change {
            kind: "field-removed",
            what: "field `Contact::email` removed".to_string(),
            place: "#/components/schemas/Contact/properties/email".to_string(),
            rust: RustEffect::Breaking,
            wire: WireEffect::SAFE,
        });
        let lines = lines(&report);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[1].contains("to 2.0.0 or more (it is 1.2.0)"),
            "{lines:?}"
        );
        report.new_version = Some("2.0.0".to_string());
        assert_eq!(super::lines(&report).len(), 1);
    }
}
