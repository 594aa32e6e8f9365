//! Reading OpenAPI 3.1: the untyped tree of a 3.1 document rewritten in the 3.0 form that the
//! typed model (`openapiv3`) reads, before it is typed.
//!
//! 3.1 changed the schema vocabulary (JSON Schema 2020-12: `type` lists, `null` as a type,
//! `const`, `examples` lists, numeric `exclusiveMinimum`, `$ref` beside other keywords, `$defs`,
//! `prefixItems`, ...) and added a few document fields (`webhooks`, `components/pathItems`,
//! `info.summary`, `license.identifier`, `paths` made optional). Each is spelled here the way
//! 3.0 says the same thing, so checking and lowering stay one code path with one typed model.
//! What 3.0 cannot say is a warning at its place, never a silent drop.
//!
//! Rewriting moves some nodes (the members of a `type` list become `anyOf` parts, a nullable
//! `$ref` becomes an `allOf` part, `$defs` become component schemas): every move is recorded
//! in [`Moves`], which turns a pointer into the rewritten tree back into the pointer of the
//! user's own text, so that every diagnostic still shows the line the user wrote.

mod keywords;
mod schemas;

use super::moves::{Input, Moves, Upgraded};
use crate::diagnostics::{Collector, Diagnostic};
use crate::pointer::Pointer;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The extension under which a schema keeps the values of its `examples` list that are not its
/// `example`, keyed by their index in the list, so that every one is checked.
pub const MORE_EXAMPLES: &str = "x-codegen-examples";

/// Whether the version string of a document is one of 3.1.
pub fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites the 3.1 document `document` in 3.0 form.
pub fn upgrade(document: &mut Value, file: &str) -> Upgraded {
    upgrade_after(document, file, Moves::new(Input::V31))
}

/// Rewrites `document` in 3.0 form, read as 3.1 after the rewrites `moves` recorded (those of a
/// later version's own fields).
pub fn upgrade_after(document: &mut Value, file: &str, moves: Moves) -> Upgraded {
    let mut upgrade = Upgrade {
        warnings: Collector::new(file),
        moves,
        hoisted: Vec::new(),
        renamed_refs: BTreeMap::new(),
        taken: BTreeSet::new(),
        mutual_tls: BTreeSet::new(),
        path_items: Map::new(),
        used_path_items: BTreeSet::new(),
        inlining: Vec::new(),
    };
    if let Some(root) = document.as_object_mut() {
        upgrade.root(root);
    }
    Upgraded {
        warnings: upgrade.warnings.into_items(),
        moves: upgrade.moves,
    }
}

struct Upgrade {
    /// Warnings, at their places in the user's text.
    warnings: Collector,
    moves: Moves,
    /// `$defs` schemas taken out of their schema: (component name, schema, pointer now).
    hoisted: Vec<(String, Value)>,
    /// The `$ref`s to `$defs` entries and the component they now refer to.
    renamed_refs: BTreeMap<String, String>,
    /// The names of component schemas, with those given to hoisted `$defs`.
    taken: BTreeSet<String>,
    /// The names of `mutualTLS` security schemes, taken out.
    mutual_tls: BTreeSet<String>,
    /// `components/pathItems`, taken out: a path item that refers to one gets a copy.
    path_items: Map<String, Value>,
    /// The names of the path items some path or callback refers to.
    used_path_items: BTreeSet<String>,
    /// The path items being copied, innermost last: one that refers to itself (through a
    /// callback) is left a reference there.
    inlining: Vec<String>,
}

impl Upgrade {
    /// A warning at `pointer` of the tree as it is now, which the moves made so far (and no
    /// later one) lead back to the user's text.
    fn warn(&mut self, pointer: &Pointer, message: String, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::warning(self.warnings.file(), pointer, message);
        diagnostic.hint = hint.map(str::to_string);
        self.moves.restore_one(&mut diagnostic, self.moves.len());
        self.warnings.push(diagnostic);
    }

    fn moved<Now: Into<String>, Was: Into<String>>(&mut self, batch: Vec<(Now, Was)>) {
        self.moves.push(batch);
    }

    fn root(&mut self, root: &mut Map<String, Value>) {
        if let Some(Value::Object(info)) = root.get_mut("info") {
            self.info(info);
        }
        root.remove("jsonSchemaDialect");
        if !root.contains_key("paths") {
            root.insert("paths".to_string(), Value::Object(Map::new()));
        }
        if root.remove("webhooks").is_some() {
            self.warn(
                &Pointer::root().join("webhooks"),
                "`webhooks` are not generated: the client sends requests, it does not receive them"
                    .to_string(),
                Some("implement the webhook receiver in your server"),
            );
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            if let Some(Value::Object(items)) = components.remove("pathItems") {
                self.path_items = items;
            }
            if let Some(Value::Object(schemas)) = components.get("schemas") {
                self.taken = schemas.keys().cloned().collect();
            }
            self.components(components);
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &Pointer::root().join("paths").join(path));
            }
        }
        let unused: Vec<String> = self
            .path_items
            .keys()
            .filter(|name| !self.used_path_items.contains(*name))
            .cloned()
            .collect();
        for name in unused {
            self.warn(
                &Pointer::root()
                    .join("components")
                    .join("pathItems")
                    .join(&name),
                format!("path item `{name}` is not used by any path: it is not generated"),
                Some("refer to it from `paths` with `$ref: '#/components/pathItems/...'`"),
            );
        }
        if !self.mutual_tls.is_empty() {
            if let Some(Value::Array(requirements)) = root.get_mut("security") {
                self.drop_mutual_tls(requirements);
            }
            if let Some(Value::Object(paths)) = root.get_mut("paths") {
                for item in paths.values_mut() {
                    for operation in item
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|i| i.values_mut())
                    {
                        if let Some(Value::Array(requirements)) = operation.get_mut("security") {
                            self.drop_mutual_tls(requirements);
                        }
                    }
                }
            }
        }
        self.place_hoisted(root);
        if !self.renamed_refs.is_empty() {
            let mut whole = Value::Object(std::mem::take(root));
            rename_refs(&mut whole, &self.renamed_refs, false);
            if let Value::Object(map) = whole {
                *root = map;
            }
        }
    }

    fn info(&mut self, info: &mut Map<String, Value>) {
        if let Some(Value::String(summary)) = info.remove("summary") {
            // 3.0 has no summary: it opens the description.
            let description = match info.get("description") {
                Some(Value::String(description)) => format!("{summary}\n\n{description}"),
                _ => {
                    self.moved(vec![(
                        "#/info/description".to_string(),
                        "#/info/summary".to_string(),
                    )]);
                    summary
                }
            };
            info.insert("description".to_string(), Value::String(description));
        }
        if let Some(Value::Object(license)) = info.get_mut("license")
            && let Some(Value::String(identifier)) = license.remove("identifier")
            && !license.contains_key("url")
        {
            // The SPDX identifier names the license; its page on spdx.org is its URL.
            license.insert(
                "url".to_string(),
                Value::String(format!("https://spdx.org/licenses/{identifier}.html")),
            );
            self.moved(vec![(
                "#/info/license/url".to_string(),
                "#/info/license/identifier".to_string(),
            )]);
        }
    }

    /// Replaces a path item that refers to `components/pathItems` by a copy of it; returns
    /// whether it did.
    fn inline_path_item(&mut self, item: &mut Value, pointer: &Pointer) -> bool {
        let Some(Value::String(reference)) = item.get("$ref") else {
            return false;
        };
        let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
            return false;
        };
        let name = crate::pointer::unescape(name);
        if self.inlining.contains(&name) {
            return false;
        }
        let Some(target) = self.path_items.get(&name) else {
            return false;
        };
        self.used_path_items.insert(name.clone());
        let mut copy = target.clone();
        // The path's own `summary` and `description` win over the shared item's.
        if let (Some(copy), Some(own)) = (copy.as_object_mut(), item.as_object()) {
            for key in ["summary", "description"] {
                if let Some(value) = own.get(key) {
                    copy.insert(key.to_string(), value.clone());
                }
            }
        }
        *item = copy;
        self.moved(vec![(
            pointer.to_string(),
            Pointer::root()
                .join("components")
                .join("pathItems")
                .join(&name),
        )]);
        self.inlining.push(name);
        true
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let base = Pointer::root().join("components");
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let names: Vec<String> = schemes
                .iter()
                .filter(|(_, scheme)| scheme.get("type") == Some(&Value::from("mutualTLS")))
                .map(|(name, _)| name.clone())
                .collect();
            for name in names {
                schemes.remove(&name);
                self.warn(
                    &base.join("securitySchemes").join(&name),
                    format!("security scheme `{name}` is mutual TLS: the client sends no credential for it"),
                    Some("give the client certificate to your own `reqwest::Client` (`Client::builder().client(..)`)"),
                );
                self.mutual_tls.insert(name);
            }
        }
        for (kind, walk) in [
            (
                "schemas",
                Self::schema as fn(&mut Self, &mut Value, &Pointer),
            ),
            ("responses", Self::response),
            ("parameters", Self::parameter),
            ("requestBodies", Self::request_body),
            ("headers", Self::header),
            ("callbacks", Self::callback),
        ] {
            if let Some(Value::Object(entries)) = components.get_mut(kind) {
                let pointer = base.join(kind);
                for (name, entry) in entries.iter_mut() {
                    walk(self, entry, &pointer.join(name));
                }
            }
        }
    }

    /// Takes the `mutualTLS` schemes out of security requirements: TLS is the connection's,
    /// so an alternative that only needs it needs no credential from the client.
    fn drop_mutual_tls(&mut self, requirements: &mut [Value]) {
        for requirement in requirements {
            if let Some(requirement) = requirement.as_object_mut() {
                for name in &self.mutual_tls {
                    requirement.remove(name);
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &Pointer) {
        let inlined = self.inline_path_item(item, pointer);
        self.path_item_fields(item, pointer);
        if inlined {
            self.inlining.pop();
        }
    }

    fn path_item_fields(&mut self, item: &mut Value, pointer: &Pointer) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(parameters)) = item.get_mut("parameters") {
            for (i, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &pointer.join("parameters").join(i));
            }
        }
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &pointer.join(method));
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &Pointer) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        // 3.1 made `responses` optional: none documented is an empty map.
        operation
            .entry("responses")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
            for (i, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &pointer.join("parameters").join(i));
            }
        }
        if let Some(body) = operation.get_mut("requestBody") {
            self.request_body(body, &pointer.join("requestBody"));
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                self.response(response, &pointer.join("responses").join(status));
            }
        }
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &pointer.join("callbacks").join(name));
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &Pointer) {
        if let Some(callback) = callback.as_object_mut() {
            for (expression, item) in callback.iter_mut() {
                self.path_item(item, &pointer.join(expression));
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &pointer.join("schema"));
        }
        if let Some(Value::Object(content)) = parameter.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    fn header(&mut self, header: &mut Value, pointer: &Pointer) {
        self.parameter(header, pointer);
    }

    fn request_body(&mut self, body: &mut Value, pointer: &Pointer) {
        if let Some(Value::Object(content)) = body.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    fn response(&mut self, response: &mut Value, pointer: &Pointer) {
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.header(header, &pointer.join("headers").join(name));
            }
        }
        if let Some(Value::Object(content)) = response.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    fn content(&mut self, content: &mut Map<String, Value>, pointer: &Pointer) {
        for (media_type, entry) in content.iter_mut() {
            let pointer = pointer.join(media_type);
            if let Some(schema) = entry.get_mut("schema") {
                self.schema(schema, &pointer.join("schema"));
            }
            if let Some(Value::Object(encoding)) = entry.get_mut("encoding") {
                for (name, encoding) in encoding.iter_mut() {
                    if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                        let at = pointer.join("encoding").join(name).join("headers");
                        for (header_name, header) in headers.iter_mut() {
                            self.header(header, &at.join(header_name));
                        }
                    }
                }
            }
        }
    }
}

/// Rewrites every `$ref` (and discriminator mapping) to a hoisted `$defs` entry. Data (examples,
/// defaults, enums, extensions) is left as it is.
fn rename_refs(value: &mut Value, renamed: &BTreeMap<String, String>, in_mapping: bool) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                match inner {
                    Value::String(reference) if key == "$ref" || in_mapping => {
                        if let Some(new) = renamed_ref(reference, renamed) {
                            *reference = new;
                        }
                    }
                    _ if key.starts_with("x-")
                        || matches!(key.as_str(), "example" | "examples" | "default" | "enum") => {}
                    _ => rename_refs(inner, renamed, key == "mapping"),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rename_refs(item, renamed, false);
            }
        }
        _ => {}
    }
}

fn renamed_ref(reference: &str, renamed: &BTreeMap<String, String>) -> Option<String> {
    renamed.iter().find_map(|(was, now)| {
        let rest = reference.strip_prefix(was.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{now}{rest}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

    /// The document of `yaml` (after `HEAD`) rewritten, and its warnings as (pointer, message).
    fn upgraded(yaml: &str) -> (Value, Vec<(String, String)>, Moves) {
        let text = if yaml.starts_with("info:") {
            format!("openapi: 3.1.0\n{yaml}")
        } else {
            format!("{HEAD}{yaml}")
        };
        let mut value = crate::load::parse_value(&text, "s.yaml").unwrap();
        let upgraded = upgrade(&mut value, "s.yaml");
        let warnings = upgraded
            .warnings
            .into_iter()
            .map(|w| (w.pointer, w.message))
            .collect();
        (value, warnings, upgraded.moves)
    }

    /// Schema `S` (a YAML flow mapping) rewritten, with the warnings.
    fn schema(yaml: &str) -> (Value, Vec<(String, String)>) {
        let (value, warnings, _) = upgraded(&format!("components: {{schemas: {{S: {yaml}}}}}\n"));
        (value["components"]["schemas"]["S"].clone(), warnings)
    }

    #[test]
    fn each_keyword_becomes_its_30_spelling() {
        let cases = [
            (
                "{type: [string, 'null'], maxLength: 3}",
                json!({"type": "string", "nullable": true, "maxLength": 3}),
            ),
            ("{type: [integer, number]}", json!({"type": "number"})),
            (
                "{type: [string, integer, 'null'], maxLength: 3, minimum: 1, enum: [a, 1], description: d}",
                json!({"nullable": true, "description": "d", "anyOf": [
                    {"type": "string", "maxLength": 3, "enum": ["a"]},
                    {"type": "integer", "minimum": 1, "enum": [1]},
                ]}),
            ),
            (
                "{anyOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}], description: d}",
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "description": "d"}),
            ),
            (
                "{oneOf: [{type: 'null'}, {type: string, maxLength: 2, description: inner}], description: outer}",
                json!({"type": "string", "maxLength": 2, "nullable": true, "description": "outer"}),
            ),
            (
                "{anyOf: [{type: string}, {type: 'null'}, {type: integer}]}",
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
            ),
            ("{const: cat}", json!({"type": "string", "enum": ["cat"]})),
            (
                "{type: integer, const: 7}",
                json!({"type": "integer", "enum": [7]}),
            ),
            (
                "{type: integer, examples: [1, 2, 3]}",
                json!({"type": "integer", "example": 1, MORE_EXAMPLES: {"1": 2, "2": 3}}),
            ),
            (
                "{type: integer, example: 0, examples: [1]}",
                json!({"type": "integer", "example": 0, MORE_EXAMPLES: {"0": 1}}),
            ),
            (
                "{type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}",
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5}),
            ),
            (
                "{type: integer, exclusiveMinimum: 0.0, maximum: 1000.0, multipleOf: 2.5}",
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000, "multipleOf": 2.5}),
            ),
            (
                "{type: number, minimum: 1, maximum: 2, exclusiveMinimum: true}",
                json!({"type": "number", "minimum": 1, "maximum": 2, "exclusiveMinimum": true}),
            ),
            (
                "{$ref: '#/components/schemas/T', description: d}",
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d"}),
            ),
            (
                "{$ref: '#/components/schemas/T', summary: s}",
                json!({"$ref": "#/components/schemas/T"}),
            ),
            (
                "{$ref: '#/components/schemas/T', nullable: true}",
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}),
            ),
            (
                "{oneOf: [{$ref: '#/components/schemas/T', description: a T}, {$ref: '#/components/schemas/U', title: U, maxLength: 2}]}",
                json!({"oneOf": [
                    {"$ref": "#/components/schemas/T"},
                    {"allOf": [{"$ref": "#/components/schemas/U"}], "maxLength": 2},
                ]}),
            ),
            (
                "{type: array, prefixItems: [{type: string}, {type: string}], items: false}",
                json!({"type": "array", "items": {"type": "string"}}),
            ),
            (
                "{type: string, contentEncoding: base64}",
                json!({"type": "string", "format": "byte"}),
            ),
            (
                "{type: string, contentMediaType: image/png}",
                json!({"type": "string", "format": "binary"}),
            ),
            (
                "{type: string, contentMediaType: text/plain}",
                json!({"type": "string"}),
            ),
            (
                "{$schema: 'https://json-schema.org/draft/2020-12/schema', $id: x, $comment: c, type: string}",
                json!({"type": "string"}),
            ),
            (
                "{type: object, properties: {a: true, b: {type: [boolean, 'null']}}}",
                json!({"type": "object", "properties": {"a": {}, "b": {"type": "boolean", "nullable": true}}}),
            ),
        ];
        for (yaml, expected) in cases {
            let (found, warnings) = schema(yaml);
            assert_eq!(found, expected, "{yaml}");
            assert_eq!(warnings, [], "{yaml}");
        }
    }

    #[test]
    fn what_30_cannot_say_is_a_warning_at_its_place() {
        let cases = [
            (
                "{type: 'null'}",
                "#/components/schemas/S/type",
                "only type is `null`",
            ),
            (
                "{anyOf: [{type: 'null'}]}",
                "#/components/schemas/S/anyOf",
                "every part of `anyOf` is `null`",
            ),
            (
                "{type: object, dependentRequired: {a: [b]}}",
                "#/components/schemas/S/dependentRequired",
                "`dependentRequired` is not expressed",
            ),
            (
                "{if: {}, then: {}}",
                "#/components/schemas/S/if",
                "`if`/`then` are not expressed",
            ),
            (
                "{type: object, unevaluatedProperties: false}",
                "#/components/schemas/S/unevaluatedProperties",
                "`unevaluatedProperties` is not expressed",
            ),
            (
                "{type: array, prefixItems: [{type: string}, {type: integer}]}",
                "#/components/schemas/S/prefixItems",
                "a tuple (`prefixItems`) is typed as a list of any JSON",
            ),
            (
                "{type: object, patternProperties: {'^x': {type: integer}}}",
                "#/components/schemas/S/patternProperties",
                "read as `additionalProperties`",
            ),
            (
                "{type: object, properties: {a: {type: string}}, patternProperties: {'^x': {type: integer}}}",
                "#/components/schemas/S/patternProperties",
                "kept as JSON",
            ),
            (
                "{type: object, properties: {a: false}}",
                "#/components/schemas/S/properties/a",
                "a `false` schema",
            ),
            (
                "{type: string, contentEncoding: quoted-printable}",
                "#/components/schemas/S/contentEncoding",
                "`quoted-printable` is not decoded",
            ),
        ];
        for (yaml, pointer, message) in cases {
            let (_, warnings) = schema(yaml);
            assert_eq!(warnings.len(), 1, "{yaml}: {warnings:?}");
            assert_eq!(warnings[0].0, pointer, "{yaml}");
            assert!(warnings[0].1.contains(message), "{yaml}: {warnings:?}");
        }
        let (found, _) = schema("{type: object, patternProperties: {'^x': {type: integer}}}");
        assert_eq!(found["additionalProperties"], json!({"type": "integer"}));
        let (found, _) = schema(
            "{type: object, properties: {a: {type: string}}, patternProperties: {'^x': {type: integer}}}",
        );
        assert_eq!(found["additionalProperties"], json!(true));
    }

    #[test]
    fn defs_become_component_schemas_and_their_refs_follow() {
        let (value, warnings, moves) = upgraded(
            "components:\n  schemas:\n    A: {type: string}\n    S:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/S/$defs/A'}\n        b: {$ref: '#/components/schemas/S/$defs/B'}\n      $defs:\n        A: {type: [integer, 'null']}\n        B: {const: x}\n",
        );
        assert_eq!(warnings, []);
        let schemas = &value["components"]["schemas"];
        assert_eq!(schemas["A"], json!({"type": "string"}));
        assert_eq!(schemas["A2"], json!({"type": "integer", "nullable": true}));
        assert_eq!(schemas["B"], json!({"type": "string", "enum": ["x"]}));
        assert_eq!(
            schemas["S"]["properties"],
            json!({"a": {"$ref": "#/components/schemas/A2"}, "b": {"$ref": "#/components/schemas/B"}})
        );
        assert_eq!(
            moves.original("#/components/schemas/A2/type"),
            "#/components/schemas/S/$defs/A/type/0"
        );
    }

    #[test]
    fn document_fields() {
        let (value, warnings, _) = upgraded(concat!(
            "info: {title: T, version: '1', summary: Short, license: {name: MIT, identifier: MIT}}\n",
            "webhooks: {created: {post: {responses: {'200': {description: ok}}}}}\n",
            "security: [{mtls: []}, {key: []}]\n",
            "components:\n",
            "  securitySchemes:\n",
            "    mtls: {type: mutualTLS}\n",
            "    key: {type: apiKey, in: header, name: k}\n",
            "  pathItems:\n",
            "    Shared: {get: {summary: shared}}\n",
            "    Unused: {get: {}}\n",
        ));
        // No `paths`: an empty one; operations need no `responses`.
        assert_eq!(value["paths"], json!({}));
        assert_eq!(value["info"]["description"], json!("Short"));
        assert_eq!(
            value["info"]["license"],
            json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"})
        );
        assert_eq!(value.get("webhooks"), None);
        assert_eq!(value["security"], json!([{}, {"key": []}]));
        assert_eq!(
            value["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "in": "header", "name": "k"}})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(
            pointers,
            [
                &Pointer::root().join("webhooks"),
                "#/components/securitySchemes/mtls",
                "#/components/pathItems/Shared",
                "#/components/pathItems/Unused"
            ]
        );
        let (value, warnings, moves) = upgraded(concat!(
            "paths: {/a: {$ref: '#/components/pathItems/Shared', summary: own}, /b: {post: {callbacks: {c: {'{$url}': {$ref: '#/components/pathItems/Hook'}}}}}}\n",
            "components: {pathItems: {Hook: {post: {}}, Shared: {summary: shared, get: {parameters: [{name: q, in: query, schema: {type: [string, 'null']}}]}}}}\n",
        ));
        assert_eq!(warnings, []);
        assert_eq!(
            value["paths"]["/b"]["post"]["callbacks"]["c"]["{$url}"],
            json!({"post": {"responses": {}}})
        );
        // A path item whose callback refers to itself is copied once, not without end.
        let (looped, _, _) = upgraded(concat!(
            "paths: {/a: {$ref: '#/components/pathItems/Loop'}}\n",
            "components: {pathItems: {Loop: {post: {callbacks: {c: {'{$url}': {$ref: '#/components/pathItems/Loop'}}}}}}}\n",
        ));
        assert_eq!(
            looped["paths"]["/a"]["post"]["callbacks"]["c"]["{$url}"],
            json!({"$ref": "#/components/pathItems/Loop"})
        );
        assert_eq!(
            value["paths"]["/a"],
            json!({"summary": "own", "get": {"responses": {}, "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "nullable": true}}]}})
        );
        assert_eq!(value["components"], json!({}));
        assert_eq!(
            moves.original("#/paths/~1a/get/parameters/0"),
            "#/components/pathItems/Shared/get/parameters/0"
        );
    }

    #[test]
    fn moves_give_back_the_pointer_of_the_text() {
        let (_, _, moves) = upgraded(
            "components: {schemas: {S: {anyOf: [{type: 'null'}, {type: object, properties: {a: {type: [string, integer], maxLength: 1}}}]}}}\n",
        );
        let s = "#/components/schemas/S";
        assert_eq!(
            moves.original(&format!("{s}/properties/a/anyOf/0/maxLength")),
            format!("{s}/anyOf/1/properties/a/maxLength")
        );
        assert_eq!(
            moves.original(&format!("{s}/properties/a/anyOf/1/type")),
            format!("{s}/anyOf/1/properties/a/type/1")
        );
        // A `const` becomes a one-value `enum`: its value, and the list, stand for the
        // `const`.
        let (_, _, constant) = upgraded("components: {schemas: {C: {const: x}}}\n");
        let c = "#/components/schemas/C";
        assert_eq!(
            constant.original(&format!("{c}/enum/0")),
            format!("{c}/const")
        );
        assert_eq!(
            constant.original(&format!("{c}/enum")),
            format!("{c}/const")
        );
        // Pointers in messages and hints are restored too.
        let mut diagnostic = Diagnostic::error(
            "s.yaml",
            &format!("{s}/properties"),
            "this is not a valid OpenAPI 3.0 document: no",
        )
        .with_hint(format!("the schema is at {s}/properties/a, see `{s}/type`"));
        moves.restore(std::slice::from_mut(&mut diagnostic));
        assert_eq!(diagnostic.pointer, format!("{s}/anyOf/1/properties"));
        assert_eq!(
            diagnostic.message,
            "this is not a valid OpenAPI 3.1 document: no"
        );
        assert_eq!(
            diagnostic.hint.as_deref(),
            Some(
                format!("the schema is at {s}/anyOf/1/properties/a, see `{s}/anyOf/1/type`")
                    .as_str()
            )
        );
    }

    #[test]
    fn diagnostics_of_a_31_document_point_at_its_text() {
        let text = concat!(
            "openapi: 3.1.0\n",
            "info: {title: T, version: '1'}\n",
            "servers: [{url: 'https://x'}]\n",
            "components:\n",
            "  schemas:\n",
            "    S:\n",
            "      type: object\n",
            "      properties:\n",
            "        n:\n",
            "          type: [integer, 'null']\n",
            "          examples: [1, x]\n",
            "        r:\n",
            "          anyOf:\n",
            "            - $ref: '#/components/schemas/Missing'\n",
            "            - type: 'null'\n",
        );
        let source = crate::Source {
            file: "s.yaml".to_string(),
            text: text.to_string(),
        };
        let error = crate::generate_source(&source, None).unwrap_err();
        let found: Vec<(String, Option<(usize, usize)>)> = error
            .diagnostics()
            .iter()
            .map(|d| (d.pointer.clone(), d.position))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "#/components/schemas/S/properties/n/examples/1".to_string(),
                    Some((11, 25))
                ),
                (
                    "#/components/schemas/S/properties/r/anyOf/0".to_string(),
                    Some((14, 15))
                ),
            ],
            "{error}"
        );
    }
}
