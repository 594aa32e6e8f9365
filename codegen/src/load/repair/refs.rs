//! `$ref`s to nothing, when the run is told to get past them (`--allow-missing-refs`): each
//! becomes a node of its kind that says nothing (a schema of any JSON), with a warning.
//! Without the flag they are left for lowering, whose error names the flag.

use super::Repairs;
use crate::pointer::{self, Pointer};
use serde_json::{Map, Value, json};

/// How many references a path may pass through before it is taken for a cycle.
const MAX_HOPS: usize = 32;

/// The node at the local reference `reference` (`#/components/schemas/A`), following
/// references met on the way; `None` when there is none. References to other files are
/// taken to exist: they are another step's to judge.
pub(super) fn resolves(document: &Value, reference: &str) -> bool {
    let Some(fragment) = reference.strip_prefix('#') else {
        return true;
    };
    let Some(segments) = pointer::fragment_segments(fragment) else {
        return true;
    };
    let mut node = document;
    let mut hops = 0;
    for segment in &segments {
        // A node on the way may itself be a reference to the node that has the key.
        while let Some(Value::String(inner)) = node.get("$ref") {
            hops += 1;
            if hops > MAX_HOPS || !inner.starts_with('#') {
                return true;
            }
            match target(document, inner) {
                Some(next) => node = next,
                None => return false,
            }
        }
        match pointer::node_at(node, std::slice::from_ref(segment)) {
            Some(next) => node = next,
            None => return false,
        }
    }
    true
}

/// The node at a local reference, not following references on the way.
fn target<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    pointer::node_at(
        document,
        &pointer::fragment_segments(reference.strip_prefix('#')?)?,
    )
}

/// The section of `components` a reference points into (`schemas`), when it does.
fn section(reference: &str) -> Option<&str> {
    let rest = reference.strip_prefix("#/components/")?;
    rest.split('/').next()
}

impl Repairs {
    /// Replaces every local `$ref` that leads nowhere by a node of its kind that says
    /// nothing; a parameter that leads nowhere is left out. `original` is the document as
    /// read, where references are looked up.
    pub(super) fn missing_refs(&mut self, value: &mut Value, original: &Value, pointer: &Pointer) {
        match value {
            Value::Array(items) => {
                let mut dropped = Vec::new();
                for (index, item) in items.iter_mut().enumerate() {
                    let at = pointer.join(index);
                    if self.missing_ref(item, original, &at, true) == Some(Missing::Dropped) {
                        dropped.push(index);
                    } else {
                        self.missing_refs(item, original, &at);
                    }
                }
                for index in dropped.into_iter().rev() {
                    items.remove(index);
                }
            }
            Value::Object(map) => {
                // A property may be called `example` or `default`: its value is a schema.
                let names = pointer.as_str().ends_with("/properties");
                for (key, inner) in map.iter_mut() {
                    if super::is_data(key) && !names {
                        continue;
                    }
                    let at = pointer.join(key);
                    if self.missing_ref(inner, original, &at, false).is_none() {
                        self.missing_refs(inner, original, &at);
                    }
                }
            }
            _ => {}
        }
    }

    /// Repairs `node` when it is a `$ref` to nothing: how, or `None` when it is not one.
    fn missing_ref(
        &mut self,
        node: &mut Value,
        original: &Value,
        pointer: &Pointer,
        in_list: bool,
    ) -> Option<Missing> {
        let reference = node.get("$ref")?.as_str()?.to_string();
        if resolves(original, &reference) {
            return None;
        }
        let hint = "define the component, or correct the reference";
        let (replacement, assumed) = match section(&reference) {
            Some("parameters") if in_list => {
                let message =
                    format!("`$ref` to nothing: `{reference}`; the parameter is not sent");
                self.warn(pointer, message, hint);
                return Some(Missing::Dropped);
            }
            Some("responses") => (
                json!({"description": "", "content": {"application/json": {"schema": {}}}}),
                "a response of any JSON",
            ),
            Some("requestBodies") => (
                json!({"content": {"application/json": {"schema": {}}}}),
                "a request body of any JSON",
            ),
            Some("headers") => (json!({"schema": {}}), "a header of any value"),
            Some("schemas") => (Value::Object(Map::new()), "any JSON"),
            // Examples to nothing are warnings already; other nodes, whose kind the
            // reference does not say, stay lowering's errors.
            _ => return None,
        };
        *node = replacement;
        self.warn(
            &pointer.join("$ref"),
            format!("`$ref` to nothing: `{reference}`; read as {assumed}"),
            hint,
        );
        Some(Missing::Replaced)
    }
}

/// What became of a reference to nothing.
#[derive(PartialEq)]
enum Missing {
    Replaced,
    Dropped,
}
