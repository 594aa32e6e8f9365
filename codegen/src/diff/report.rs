//! A report written out: as text for people (one line per change, grouped by effect, the
//! bump last) and as JSON for tools.

use super::{Bump, Change, Report, RustEffect};
use serde_json::{Value, json};
use std::fmt::Write;

impl RustEffect {
    /// The word for it: `breaking`, `additive`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            RustEffect::None => "none",
            RustEffect::Additive => "additive",
            RustEffect::Breaking => "breaking",
        }
    }
}

impl Report {
    /// The report as text: the changes that break the Rust API, then the additions, then
    /// those the Rust API does not see; each with what it does on the wire; then the bump.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("no change reaches the generated crate or the wire\n");
            return out;
        }
        let groups = [
            (RustEffect::Breaking, "Breaking for the Rust API"),
            (RustEffect::Additive, "Additive for the Rust API"),
            (RustEffect::None, "Not seen by the Rust API"),
        ];
        for (effect, title) in groups {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.rust == effect).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title} ({}):", changes.len());
            for c in changes {
                let _ = writeln!(out, "  {}{}", c.what, wire_note(c));
                let _ = writeln!(out, "      at {}", c.place);
            }
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    /// The last line of the text: counts and the bump, with the version it leads to.
    pub fn summary(&self) -> String {
        let count = |effect| self.changes.iter().filter(|c| c.rust == effect).count();
        let wire = self
            .changes
            .iter()
            .filter(|c| c.wire.old_client_breaks || c.wire.new_client_breaks)
            .count();
        let bump = self.bump();
        let changes = match self.changes.len() {
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        };
        let mut line = format!(
            "{changes}: {} breaking, {} additive, {} not in the Rust API; {wire} on the wire. \
             Needed: a {} release",
            count(RustEffect::Breaking),
            count(RustEffect::Additive),
            count(RustEffect::None),
            bump.as_str()
        );
        if let (Some(old), Some(next)) = (&self.old_version, self.needed_version()) {
            let _ = write!(line, " ({old} -> {next} at least");
            if bump == Bump::Major && old.starts_with("0.") {
                line.push_str(", Cargo's rule below 1.0.0");
            }
            line.push(')');
        }
        line.push('.');
        line
    }

    /// The report as JSON: `changes` (each with `kind`, `what`, `place`, `rust` and `wire`),
    /// `bump`, the versions and what the new one needs.
    pub fn to_json(&self) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                json!({
                    "kind": c.kind,
                    "what": c.what,
                    "place": c.place,
                    "rust": c.rust.as_str(),
                    "wire": {
                        "old_client_new_server": if c.wire.old_client_breaks { "breaks" } else { "works" },
                        "new_client_old_server": if c.wire.new_client_breaks { "breaks" } else { "works" },
                    },
                })
            })
            .collect();
        json!({
            "changes": changes,
            "bump": self.bump().as_str(),
            "old_version": self.old_version,
            "new_version": self.new_version,
            "needed_version": self.needed_version(),
            "version_too_low": self.version_too_low(),
        })
    }
}

/// What a change does on the wire, after its line; nothing when both ways work.
fn wire_note(c: &Change) -> &'static str {
    match (c.wire.old_client_breaks, c.wire.new_client_breaks) {
        (false, false) => "",
        (true, false) => "  [wire: an old client fails against a new server]",
        (false, true) => "  [wire: a new client fails against an old server]",
        (true, true) => "  [wire: breaks both ways]",
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::report;

    const OLD: &str = r#"
        paths:
          /a:
            get:
              operationId: getA
              responses: {'204': {description: ok}}
    "#;

    #[test]
    fn the_text_groups_changes_by_their_effect_and_ends_with_the_bump() {
        let new = format!(
            "{}\n          /b:\n            get:\n              operationId: getB\n              responses: {{'204': {{description: ok}}}}",
            OLD.trim_end()
        );
        let text = report(OLD, &new).to_text();
        assert_eq!(
            text,
            "Additive for the Rust API (1):\n  method `Client::get_b` added (GET /b)  [wire: a new client fails against an old server]\n      at #/paths/~1b/get\n1 change: 0 breaking, 1 additive, 0 not in the Rust API; 1 on the wire. Needed: a minor release.\n"
        );
        let removed = report(&new, OLD);
        let json = removed.to_json();
        assert_eq!(json["bump"], "major");
        assert_eq!(json["changes"][0]["kind"], "method-removed");
        assert_eq!(
            json["changes"][0]["wire"]["old_client_new_server"],
            "breaks"
        );
    }

    #[test]
    fn a_spec_without_changes_says_so() {
        assert_eq!(
            report(OLD, OLD).to_text(),
            "no change reaches the generated crate or the wire\n"
        );
    }
}
