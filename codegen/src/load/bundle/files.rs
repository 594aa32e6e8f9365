//! The files a spec's `$ref`s name: what a reference names (a place in the same file, another
//! file, a URL), where that file is relative to the one that names it, and reading it.

use crate::load::{Source, parse_value};
use crate::pointer::{self, Pointer};
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// What a `$ref` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// A node of the file the reference is in: the pointer after `#`.
    Local(String),
    /// A node of another file: its path relative to the file the reference is in
    /// (percent-decoded) and the pointer after `#` (empty for the whole file).
    File { path: String, fragment: String },
    /// A document on the network (`https://...`), which a build cannot fetch.
    Remote,
}

/// Takes a `$ref` apart.
pub(super) fn target(reference: &str) -> Target {
    let (path, fragment) = reference
        .split_once('#')
        .map_or((reference, ""), |(path, fragment)| (path, fragment));
    if path.is_empty() {
        return Target::Local(fragment.to_string());
    }
    let scheme = path.split_once(':').map(|(scheme, _)| scheme);
    let is_url = scheme.is_some_and(|s| {
        // One letter is a Windows drive (`C:`), not a scheme.
        s.len() > 1
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if is_url || path.starts_with("//") {
        return Target::Remote;
    }
    Target::File {
        path: pointer::percent_decode(path),
        fragment: fragment.to_string(),
    }
}

/// The pointer a fragment spells (`/components/schemas/A` → `#/components/schemas/A`), or
/// `None` when it is not a JSON pointer (a named anchor, `#Thing`).
pub(super) fn fragment_pointer(fragment: &str) -> Option<Pointer> {
    let segments = pointer::fragment_segments(fragment)?;
    Some(
        segments
            .iter()
            .fold(Pointer::root(), |pointer, segment| pointer.join(segment)),
    )
}

/// The node at `pointer` of `value`, if there is one.
pub(super) fn lookup<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    pointer::node_at(value, &pointer::segments(pointer)?)
}

/// The name of the file at `relative` from the file named `from` (`spec/paths/a.yaml` and
/// `../schemas/B.yaml` give `spec/schemas/B.yaml`): a path that can be read from the working
/// directory, as `from` is, and that diagnostics show.
pub(super) fn beside(from: &str, relative: &str) -> String {
    let joined = Path::new(from)
        .parent()
        .unwrap_or(Path::new(""))
        .join(relative);
    let mut parts: Vec<Component> = Vec::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect::<PathBuf>().display().to_string()
}

/// Keys of the way to a node that say what it is rather than name it.
const STRUCTURAL: &[&str] = &[
    "schema",
    "items",
    "content",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "properties",
    "schemas",
    "components",
    "definitions",
    "$defs",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "requestBody",
    "paths",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
];

/// The name a component gets from where it comes from: the last key of the pointer that
/// names something (`Pet` for `#/components/schemas/Pet`, `Conflict` for
/// `#/components/responses/Conflict/content/application~1json/schema`: not a keyword, a
/// media type or an index), else the file's name without its extension (`User` for
/// `schemas/User.yaml`); made of the characters a component key may have.
pub(super) fn component_name(file: &str, pointer: &str) -> String {
    let segments = pointer::segments(pointer).unwrap_or_default();
    let naming = segments.iter().rev().find(|segment| {
        !STRUCTURAL.contains(&segment.as_str())
            && !segment.contains('/')
            && !segment.chars().all(|c| c.is_ascii_digit())
    });
    let raw = match naming {
        Some(last) => last.clone(),
        None => Path::new(file)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let name: String = raw
        .chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                true => c,
                false => '_',
            },
        )
        .collect();
    match name.trim_matches('_').is_empty() {
        true => "Component".to_string(),
        false => name,
    }
}

/// A file read for a `$ref`: its text and, for YAML or JSON (or a name with no extension), its
/// parsed value; any other file (a code sample, a Markdown description) stands for its text
/// as a string.
pub(super) struct Loaded {
    pub source: Source,
    pub value: Value,
}

/// Reads and parses the file `name`; the error is the reason it cannot be read, or the syntax
/// error of its text (with the file's name and the place in it).
pub(super) fn load(name: &str) -> Result<Loaded, LoadError> {
    let text = std::fs::read_to_string(name).map_err(LoadError::Read)?;
    // A file with no extension is taken for YAML too.
    let structured = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_none_or(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"));
    let parsed = match structured {
        true => parse_value(&text, name),
        false => Ok(Value::String(text.clone())),
    };
    let source = Source {
        file: name.to_string(),
        text,
    };
    match parsed {
        Ok(value) => Ok(Loaded { source, value }),
        Err(error) => Err(LoadError::Parse(source, error)),
    }
}

/// Why a file named by a `$ref` could not be loaded.
pub(super) enum LoadError {
    /// It cannot be read.
    Read(std::io::Error),
    /// Its text (kept, to show where) is not YAML or JSON.
    Parse(Source, crate::diagnostics::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_a_place_a_file_or_a_url() {
        assert_eq!(target("#/a/b"), Target::Local("/a/b".into()));
        assert_eq!(
            target("schemas/User.yaml"),
            Target::File {
                path: "schemas/User.yaml".into(),
                fragment: String::new()
            }
        );
        assert_eq!(
            target("../common.json#/components/schemas/Error"),
            Target::File {
                path: "../common.json".into(),
                fragment: "/components/schemas/Error".into()
            }
        );
        assert_eq!(
            target("paths/a_%7Bid%7D.yaml"),
            Target::File {
                path: "paths/a_{id}.yaml".into(),
                fragment: String::new()
            }
        );
        for remote in [
            "https://example.com/s.yaml#/A",
            "http://x/y.json",
            "//cdn/x.yaml",
            "urn:x",
        ] {
            assert_eq!(target(remote), Target::Remote, "{remote}");
        }
    }

    #[test]
    fn files_are_found_beside_the_one_that_names_them() {
        assert_eq!(
            beside("spec/openapi.yaml", "paths/a.yaml"),
            "spec/paths/a.yaml"
        );
        assert_eq!(
            beside("spec/paths/a.yaml", "../schemas/./B.yaml"),
            "spec/schemas/B.yaml"
        );
        assert_eq!(beside("openapi.yaml", "./B.yaml"), "B.yaml");
        assert_eq!(beside("openapi.yaml", "../x/B.yaml"), "../x/B.yaml");
        assert_eq!(beside("../a/openapi.yaml", "../../B.yaml"), "../../B.yaml");
    }

    #[test]
    fn components_are_named_after_their_key_or_their_file() {
        assert_eq!(component_name("s/User.yaml", "#"), "User");
        assert_eq!(
            component_name("common.yaml", "#/components/schemas/Error"),
            "Error"
        );
        assert_eq!(component_name("p.yaml", "#/limitsParam"), "limitsParam");
        assert_eq!(
            component_name(
                "c.yaml",
                "#/components/responses/Conflict/content/application~1json/schema"
            ),
            "Conflict"
        );
        assert_eq!(
            component_name("Order.yaml", "#/properties/status"),
            "status"
        );
        assert_eq!(component_name("List.yaml", "#/items"), "List");
        assert_eq!(component_name("s/my model.v2.yaml", "#"), "my_model.v2");
        assert_eq!(component_name("s/{}.yaml", "#"), "Component");
    }

    #[test]
    fn lookups_follow_keys_and_indexes() {
        let value = serde_json::json!({"a": [{"b~/c": 1}]});
        assert_eq!(lookup(&value, "#/a/0/b~0~1c"), Some(&serde_json::json!(1)));
        assert_eq!(lookup(&value, "#/a/1"), None);
        assert_eq!(lookup(&value, "#"), Some(&value));
    }
}
