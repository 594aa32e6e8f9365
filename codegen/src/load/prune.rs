//! Going on past nodes that do not fit their type, so that one run reports every mistake:
//! each operation (or path item) with such a node is left out and each such component made
//! one that says nothing (a schema of any JSON), then the rest is checked, typed and lowered,
//! and its problems are reported with the first ones.

use super::validate;
use crate::diagnostics::{Diagnostic, Error, Result};
use crate::pointer::{self, Pointer};
use serde_json::{Value, json};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks `document` like [`super::check`]; when nodes do not fit, and each is inside an
/// operation, a path item or a component, leaves those out and returns the errors (the
/// document then checks); any other error is returned as the error it is.
pub fn check_pruned(document: &mut Value, file: &str) -> Result<Vec<Diagnostic>> {
    super::check_version(file, document)?;
    let errors = validate::validate(document, file);
    if errors.is_empty() {
        return Ok(errors);
    }
    let mut pruned = document.clone();
    let all_pruned = errors
        .iter()
        .all(|error| prune(&mut pruned, &error.pointer));
    if all_pruned && validate::validate(&pruned, file).is_empty() {
        *document = pruned;
        Ok(errors)
    } else {
        Err(Error::Spec(errors))
    }
}

/// Leaves out the unit around `at`; whether `at` is inside one.
fn prune(document: &mut Value, at: &str) -> bool {
    let Some(segments) = pointer::segments(at) else {
        return false;
    };
    match segments.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            remove(document, &["paths", path], method)
        }
        [paths, path, ..] if paths == "paths" => remove(document, &["paths"], path),
        [components, section, name, ..] if components == "components" => {
            // A component stays, as a node that says nothing, so that `$ref`s to it still
            // lead somewhere and only its own mistake is reported.
            let placeholder = match section.as_str() {
                "schemas" | "examples" => json!({}),
                "responses" => json!({"description": ""}),
                "requestBodies" => json!({"content": {}}),
                "headers" => json!({"schema": {}}),
                "parameters" => json!({"name": name, "in": "query", "schema": {}}),
                _ => return false,
            };
            match document.pointer_mut(&component(section, name)) {
                Some(node) => {
                    *node = placeholder;
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// The JSON pointer (RFC 6901, without `#`) of component `name` of `section`.
fn component(section: &str, name: &str) -> String {
    let written = Pointer::root().join("components").join(section).join(name);
    written.as_str().trim_start_matches('#').to_string()
}

/// Removes `key` from the mapping at `parents`; whether it was there (or is gone already).
fn remove(document: &mut Value, parents: &[&str], key: &str) -> bool {
    let mut node = document;
    for parent in parents {
        match node.get_mut(*parent) {
            Some(next) => node = next,
            None => return false,
        }
    }
    match node {
        Value::Object(map) => {
            map.remove(key);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_and_schemas_that_do_not_fit_are_left_out_and_reported() {
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": [1], "responses": {}}, "put": {"responses": {}}},
                "/b": {"parameters": 7, "get": {"responses": {}}},
            },
            "components": {"schemas": {"S": {"required": "x"}, "T": {}}}
        });
        let errors = check_pruned(&mut document, "s.yaml").unwrap();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/operationId",
                "#/paths/~1b/parameters",
                "#/components/schemas/S/required"
            ]
        );
        assert_eq!(document["paths"], json!({"/a": {"put": {"responses": {}}}}));
        assert_eq!(document["components"]["schemas"]["S"], json!({}));
    }

    #[test]
    fn components_that_do_not_fit_say_nothing() {
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {},
            "components": {
                "responses": {"R": {"description": 1}},
                "parameters": {"P": {"name": "p", "in": "query", "style": 7}}
            }
        });
        assert_eq!(check_pruned(&mut document, "s.yaml").unwrap().len(), 2);
        assert_eq!(
            document["components"],
            json!({
                "responses": {"R": {"description": ""}},
                "parameters": {"P": {"name": "P", "in": "query", "schema": {}}}
            })
        );
    }

    #[test]
    fn other_nodes_that_do_not_fit_stop_the_run() {
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {},
            "components": {"securitySchemes": {"S": {"type": 7}}}
        });
        assert!(check_pruned(&mut document, "s.yaml").is_err());
    }
}
