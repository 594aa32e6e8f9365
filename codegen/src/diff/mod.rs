//! What an edit of the spec does to apps: two specs lowered and their IRs compared, each
//! change named in the generated crate's terms and judged for the Rust API and on the wire.
//!
//! Each concern has a file of its own: `operations` (methods, parameters, bodies,
//! responses, security requirements), `types` (named types, fields, enum values, unions),
//! `surface` (security schemes, servers, tag features and what each compiles), `wire` (which
//! types travel which way and what each side accepts), `report` (text and JSON) and `load`
//! (a spec read and lowered as generation does).

mod load;
mod operations;
mod report;
mod surface;
mod types;
mod wire;

pub use load::between;

use crate::ir::Api;

/// What a change does to code that compiled against the old crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustEffect {
    /// Nothing the crate's users can see.
    None,
    /// Something new (a method, a type, a setter, a deprecation warning): old code compiles.
    Additive,
    /// Code that compiled may not any more.
    Breaking,
}

/// Whether a client of one spec still works against a server of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireEffect {
    /// An old build of the client against a server of the new spec.
    pub old_client_breaks: bool,
    /// A new build of the client against a server of the old spec.
    pub new_client_breaks: bool,
}

impl WireEffect {
    /// Both ways work.
    pub const SAFE: WireEffect = WireEffect {
        old_client_breaks: false,
        new_client_breaks: false,
    };
    /// Neither way works.
    pub const BOTH: WireEffect = WireEffect {
        old_client_breaks: true,
        new_client_breaks: true,
    };
    /// Only an old client fails.
    pub const OLD: WireEffect = WireEffect {
        old_client_breaks: true,
        new_client_breaks: false,
    };
    /// Only a new client fails.
    pub const NEW: WireEffect = WireEffect {
        old_client_breaks: false,
        new_client_breaks: true,
    };

    /// A change that breaks whatever either does.
    fn or(self, other: WireEffect) -> WireEffect {
        WireEffect {
            old_client_breaks: self.old_client_breaks || other.old_client_breaks,
            new_client_breaks: self.new_client_breaks || other.new_client_breaks,
        }
    }
}

/// One change between two specs, as the generated crate and the wire see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A stable name of the kind of change, for tools: `field-added`, `method-removed`.
    pub kind: &'static str,
    /// What changed, in the crate's terms: ``field `Contact::email` added``.
    pub what: String,
    /// Where, as a JSON pointer into the new spec (into the old one for what was removed).
    pub place: String,
    /// For the Rust API.
    pub rust: RustEffect,
    /// On the wire.
    pub wire: WireEffect,
}

/// The version bump a crate needs, in SemVer's terms (see [`Bump::next`] for Cargo's rules
/// below 1.0.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing users can see changed.
    Patch,
    /// Only additions.
    Minor,
    /// Something that compiled may not any more.
    Major,
}

/// Every change between two specs, sorted by place and then by what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
    /// The old crate's version (its spec's `info.version`, when that is `X.Y.Z`).
    pub old_version: Option<String>,
    /// The new crate's version, the same way.
    pub new_version: Option<String>,
}

impl Bump {
    /// The word for it: `major`, `minor`, `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `version` (`X.Y.Z`), with Cargo's rules: below 1.0.0 the leftmost
    /// non-zero number is the one a breaking change bumps, and anything else bumps the
    /// next one (`0.3.1` → `0.4.0` when breaking, `0.3.2` otherwise); `None` for a version
    /// that is not `X.Y.Z`.
    pub fn next(self, version: &str) -> Option<String> {
        let parts: Vec<u64> = version
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = parts[..] else {
            return None;
        };
        Some(match (self, major, minor) {
            (Bump::Patch, ..) | (_, 0, 0) => format!("{major}.{minor}.{}", patch + 1),
            (Bump::Minor, 0, _) => format!("0.{minor}.{}", patch + 1),
            (Bump::Major, 0, _) => format!("0.{}.0", minor + 1),
            (Bump::Minor, ..) => format!("{major}.{}.0", minor + 1),
            (Bump::Major, ..) => format!("{}.0.0", major + 1),
        })
    }

    /// Whether going from `old` to `new` (both `X.Y.Z`) is at least this bump by Cargo's
    /// rules; `None` when either is not `X.Y.Z`.
    pub fn allows(self, old: &str, new: &str) -> Option<bool> {
        let parse = |v: &str| -> Option<(u64, u64, u64)> {
            let parts: Vec<u64> = v
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            match parts[..] {
                [a, b, c] => Some((a, b, c)),
                _ => None,
            }
        };
        let (old, new) = (parse(old)?, parse(new)?);
        let next = parse(&self.next(&format!("{}.{}.{}", old.0, old.1, old.2))?)?;
        Some(new >= next)
    }
}

impl Report {
    /// The bump the changes need.
    pub fn bump(&self) -> Bump {
        match self.changes.iter().map(|c| c.rust).max() {
            Some(RustEffect::Breaking) => Bump::Major,
            Some(RustEffect::Additive) => Bump::Minor,
            _ => Bump::Patch,
        }
    }

    /// Whether any change breaks the Rust API or a client on the wire.
    pub fn breaks(&self) -> bool {
        self.changes.iter().any(|c| {
            c.rust == RustEffect::Breaking || c.wire.old_client_breaks || c.wire.new_client_breaks
        })
    }

    /// The version the new crate needs at least, from the old one; `None` when nothing
    /// changed or the old version is not `X.Y.Z`.
    pub fn needed_version(&self) -> Option<String> {
        if self.changes.is_empty() {
            return None;
        }
        self.bump().next(self.old_version.as_deref()?)
    }

    /// Whether the new spec's version is too low for the changes (`None`: it cannot be told,
    /// or nothing changed).
    pub fn version_too_low(&self) -> Option<bool> {
        if self.changes.is_empty() {
            return None;
        }
        let (old, new) = (self.old_version.as_deref()?, self.new_version.as_deref()?);
        self.bump().allows(old, new).map(|ok| !ok)
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> Report {
    let usage = wire::Usage::of(old, new);
    let mut changes = Vec::new();
    operations::compare(old, new, &mut changes);
    types::compare(old, new, &usage, &mut changes);
    surface::compare(old, new, &mut changes);
    changes.sort_by(|a, b| (&a.place, &a.what).cmp(&(&b.place, &b.what)));
    changes.dedup();
    Report {
        changes,
        old_version: crate_version(&old.version),
        new_version: crate_version(&new.version),
    }
}

/// The generated crate's version for a spec's `info.version`, when it is one.
fn crate_version(version: &str) -> Option<String> {
    let parts: Vec<&str> = version.split('.').collect();
    let semver = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    semver.then(|| version.to_string())
}

/// A change, from its parts.
fn change(
    kind: &'static str,
    what: String,
    place: &str,
    rust: RustEffect,
    wire: WireEffect,
) -> Change {
    Change {
        kind,
        what,
        place: place.to_string(),
        rust,
        wire,
    }
}

#[cfg(test)]
mod test_support {
    use super::*;

    /// The report from the YAML of two documents' top-level keys after `openapi` and
    /// `info` (`info.version` is `1.0.0` in both).
    pub(super) fn report(old: &str, new: &str) -> Report {
        let lower = |body: &str| {
            crate::lower::lower(&crate::lower::test_support::spec(body), "spec.yaml")
                .expect("the test's document lowers")
        };
        diff(&lower(old), &lower(new))
    }

    /// The changes as `kind what: rust old-client new-client`, for short assertions:
    /// `field-added Contact::email: breaking ok breaks`.
    pub(super) fn lines(old: &str, new: &str) -> Vec<String> {
        report(old, new).changes.iter().map(line).collect()
    }

    fn line(c: &Change) -> String {
        let rust = match c.rust {
            RustEffect::None => "none",
            RustEffect::Additive => "additive",
            RustEffect::Breaking => "breaking",
        };
        let wire = |breaks: bool| if breaks { "breaks" } else { "ok" };
        format!(
            "{} {}: {rust} {} {}",
            c.kind,
            c.what,
            wire(c.wire.old_client_breaks),
            wire(c.wire.new_client_breaks)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_bumps_the_leftmost_non_zero_number_for_a_break() {
        let cases = [
            (Bump::Major, "1.2.3", "2.0.0"),
            (Bump::Minor, "1.2.3", "1.3.0"),
            (Bump::Patch, "1.2.3", "1.2.4"),
            (Bump::Major, "0.3.1", "0.4.0"),
            (Bump::Minor, "0.3.1", "0.3.2"),
            (Bump::Patch, "0.3.1", "0.3.2"),
            (Bump::Major, "0.0.7", "0.0.8"),
        ];
        for (bump, old, new) in cases {
            assert_eq!(bump.next(old).as_deref(), Some(new), "{bump:?} {old}");
            assert_eq!(bump.allows(old, new), Some(true));
            assert_eq!(bump.allows(old, old), Some(false));
        }
        assert_eq!(Bump::Major.next("v3"), None);
        assert_eq!(Bump::Major.allows("1.0.0", "1.x"), None);
    }

    #[test]
    fn the_bump_is_that_of_the_strongest_change() {
        let with = |effects: &[RustEffect]| Report {
            changes: effects
                .iter()
                .map(|&rust| change("k", "w".into(), "#", rust, WireEffect::SAFE))
                .collect(),
            old_version: Some("1.0.0".into()),
            new_version: Some("1.0.0".into()),
        };
        assert_eq!(with(&[]).bump(), Bump::Patch);
        assert_eq!(with(&[]).needed_version(), None);
        assert_eq!(with(&[RustEffect::None]).bump(), Bump::Patch);
        let report = with(&[RustEffect::Additive, RustEffect::Breaking]);
        assert_eq!(report.bump(), Bump::Major);
        assert_eq!(report.needed_version().as_deref(), Some("2.0.0"));
        assert_eq!(report.version_too_low(), Some(true));
        assert_eq!(with(&[RustEffect::Additive]).bump(), Bump::Minor);
    }
}
