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
    let mut upgrade = Upgrade {
        warnings: Collector::new(file),
        moves: Moves::new(Input::V31),
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

/// Keywords that only annotate or identify a schema, dropped with no effect on the types.
const IDENTIFIERS: [&str; 6] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
];

/// Keywords 3.0 cannot say and the generated types cannot check, with what is lost.
const UNCHECKED: [(&str, &str); 10] = [
    (
        "dependentRequired",
        "the fields it makes required are optional fields",
    ),
    (
        "dependentSchemas",
        "what it requires when a field is present is not checked",
    ),
    (
        "unevaluatedProperties",
        "fields that no other keyword describes are skipped",
    ),
    (
        "unevaluatedItems",
        "items that no other keyword describes are not checked",
    ),
    ("contains", "the list is not checked for such an item"),
    ("minContains", "the list is not checked for such items"),
    ("maxContains", "the list is not checked for such items"),
    ("propertyNames", "the names of fields are not checked"),
    ("$dynamicRef", "the value is any JSON"),
    ("contentSchema", "the string's content is not decoded"),
];

/// Keywords that say what kind of value a schema is, by the `type` they belong to.
fn belongs_to(keyword: &str, typ: &str) -> bool {
    let keywords: &[&str] = match typ {
        "string" => &[
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "contentEncoding",
            "contentMediaType",
        ],
        "number" | "integer" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    };
    keywords.contains(&keyword)
}

/// The JSON Schema type of a value, for `const` and `enum` values.
fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a schema only says "the value is null" (with annotations at most).
fn is_null_schema(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let null = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        None => {
            matches!(map.get("const"), Some(Value::Null))
                || matches!(map.get("enum"), Some(Value::Array(v)) if v.len() == 1 && v[0].is_null())
        }
        _ => false,
    };
    null && map.keys().all(|k| {
        is_annotation_key(k) || matches!(k.as_str(), "type" | "const" | "enum" | "nullable")
    })
}

fn is_annotation_key(key: &str) -> bool {
    key.starts_with("x-")
        || IDENTIFIERS.contains(&key)
        || matches!(
            key,
            "title"
                | "description"
                | "example"
                | "examples"
                | "default"
                | "deprecated"
                | "readOnly"
                | "writeOnly"
        )
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

    // ----- schemas -----------------------------------------------------------------------

    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) {
        if let Value::Bool(allowed) = schema {
            if !*allowed {
                self.warn(
                    pointer,
                    "a `false` schema (no value matches it) is typed as any JSON".to_string(),
                    None,
                );
            }
            *schema = Value::Object(Map::new());
            return;
        }
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        for key in IDENTIFIERS {
            map.remove(key);
        }
        self.defs(map, pointer);
        if self.reference_with_siblings(map, pointer) {
            return;
        }
        self.null_members(map, pointer);
        self.type_list(map, pointer);
        self.constant(map, pointer);
        self.examples(map, pointer);
        self.exclusive_bounds(map, pointer);
        integral_bounds(map);
        self.content_keywords(map, pointer);
        self.prefix_items(map, pointer);
        self.pattern_properties(map, pointer);
        // A condition is one construct: one warning, at its first keyword.
        let condition: Vec<&str> = ["if", "then", "else"]
            .into_iter()
            .filter(|k| map.remove(*k).is_some())
            .collect();
        if let Some(first) = condition.first() {
            let names: Vec<String> = condition.iter().map(|k| format!("`{k}`")).collect();
            self.warn(
                &pointer.join(first),
                format!(
                    "{} {} not expressed by the generated types: the conditional schema is not checked",
                    names.join("/"),
                    if names.len() == 1 { "is" } else { "are" }
                ),
                None,
            );
        }
        for (keyword, lost) in UNCHECKED {
            if map.remove(keyword).is_some() {
                self.warn(
                    &pointer.join(keyword),
                    format!("`{keyword}` is not expressed by the generated types: {lost}"),
                    None,
                );
            }
        }
        self.children(map, pointer);
    }

    fn children(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            let at = pointer.join("properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &at.join(name));
            }
        }
        for keyword in ["items", "not"] {
            if let Some(inner) = map.get_mut(keyword) {
                self.schema(inner, &pointer.join(keyword));
            }
        }
        if let Some(inner @ Value::Object(_)) = map.get_mut("additionalProperties") {
            self.schema(inner, &pointer.join("additionalProperties"));
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(keyword) {
                for (i, part) in parts.iter_mut().enumerate() {
                    // A part that is a reference with only notes beside it stays a reference:
                    // a union's variants are its parts' types, and a discriminator needs them
                    // as references; the notes would document nothing.
                    if let Some(part) = part.as_object_mut()
                        && matches!(part.get("$ref"), Some(Value::String(_)))
                    {
                        part.retain(|key, _| key == "$ref" || !is_annotation_key(key));
                    }
                    self.schema(part, &pointer.join(keyword).join(i));
                }
            }
        }
    }

    /// Takes the `$defs` of a schema out into `components/schemas`, where a `$ref` can name
    /// them, under their own name when it is free.
    fn defs(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for keyword in ["$defs", "definitions"] {
            let Some(Value::Object(defs)) = map.remove(keyword) else {
                continue;
            };
            for (name, mut def) in defs {
                let mut component = name.clone();
                let mut n = 2;
                while self.taken.contains(&component) {
                    component = format!("{name}{n}");
                    n += 1;
                }
                self.taken.insert(component.clone());
                let was = pointer.join(keyword).join(&name);
                let now = Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&component);
                self.renamed_refs.insert(was.to_string(), now.to_string());
                self.moved(vec![(now.clone(), was)]);
                self.schema(&mut def, &now);
                self.hoisted.push((component, def));
            }
        }
    }

    fn place_hoisted(&mut self, root: &mut Map<String, Value>) {
        if self.hoisted.is_empty() {
            return;
        }
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, def) in std::mem::take(&mut self.hoisted) {
                schemas.insert(name, def);
            }
        }
    }

    /// A `$ref` beside keywords that say something: in 3.1 they apply too, so the reference
    /// becomes an `allOf` part beside them. Returns whether the node is a plain reference.
    fn reference_with_siblings(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) -> bool {
        if !matches!(map.get("$ref"), Some(Value::String(_))) {
            return false;
        }
        // A reference's own `summary` is not a schema keyword; it says nothing of the type.
        map.remove("summary");
        if map.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
            return true;
        }
        let Some(reference) = map.remove("$ref") else {
            return true;
        };
        let mut part = Map::new();
        part.insert("$ref".to_string(), reference);
        let parts = map
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(parts) = parts {
            let index = parts.len();
            parts.push(Value::Object(part));
            self.moved(vec![(
                pointer.join("allOf").join(index),
                pointer.to_string(),
            )]);
        }
        false
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member: the member goes, the schema becomes
    /// `nullable`, and a single member left is the schema itself.
    fn null_members(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(parts)) = map.get(keyword) else {
                continue;
            };
            if !parts.iter().any(is_null_schema) {
                continue;
            }
            let Some(Value::Array(parts)) = map.remove(keyword) else {
                continue;
            };
            map.insert("nullable".to_string(), Value::Bool(true));
            let kept: Vec<(usize, Value)> = parts
                .into_iter()
                .enumerate()
                .filter(|(_, part)| !is_null_schema(part))
                .collect();
            let at = pointer.join(keyword);
            match kept.len() {
                0 => self.warn(
                    &at,
                    format!("every part of `{keyword}` is `null`: the value is any JSON"),
                    None,
                ),
                1 => {
                    let (i, part) = kept.into_iter().next().unwrap_or_default();
                    self.single_part(map, part, &at.join(i), keyword, pointer);
                }
                _ => {
                    let batch = kept
                        .iter()
                        .enumerate()
                        .filter(|(n, (i, _))| n != i)
                        .map(|(n, (i, _))| (at.join(n), at.join(i)))
                        .collect();
                    self.moved(batch);
                    let parts = kept.into_iter().map(|(_, part)| part).collect();
                    map.insert(keyword.to_string(), Value::Array(parts));
                }
            }
        }
    }

    /// What a composition of one part (once `null` is gone) becomes: a `$ref` an `allOf`
    /// part (3.0's nullable reference), an inline schema the schema itself when their
    /// keywords do not clash.
    fn single_part(
        &mut self,
        map: &mut Map<String, Value>,
        part: Value,
        was: &Pointer,
        keyword: &str,
        pointer: &Pointer,
    ) {
        let Value::Object(mut part) = part else {
            map.insert(keyword.to_string(), Value::Array(vec![part]));
            self.moved(vec![(pointer.join(keyword).join(0), was.to_string())]);
            return;
        };
        let clashes = part
            .keys()
            .any(|k| map.contains_key(k) && !is_annotation_key(k));
        if part.contains_key("$ref") || clashes {
            // A reference is 3.0's nullable reference, an `allOf` part; a part whose keywords
            // clash with the schema's stays a composition of one.
            let into = if clashes { keyword } else { "allOf" };
            let parts = map.entry(into).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parts) = parts {
                let index = parts.len();
                parts.push(Value::Object(part));
                self.moved(vec![(pointer.join(into).join(index), was.to_string())]);
            }
            return;
        }
        // The schema's own annotations win over the part's.
        let mut batch = Vec::new();
        for (key, value) in std::mem::take(&mut part) {
            if map.contains_key(&key) {
                continue;
            }
            batch.push((pointer.join(&key), was.join(&key)));
            map.insert(key, value);
        }
        self.moved(batch);
    }

    /// A `type` list: `null` in it makes the schema `nullable`; several other types make
    /// it an `anyOf` of one schema per type, each with the keywords of its type.
    fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let types: Vec<(usize, String)> = match map.get("type") {
            Some(Value::String(t)) if t == "null" => vec![(0, t.clone())],
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .filter_map(|(i, t)| Some((i, t.as_str()?.to_string())))
                .collect(),
            _ => return,
        };
        let scalar = matches!(map.get("type"), Some(Value::String(_)));
        let at = pointer.join("type");
        let mut types: Vec<(usize, String)> =
            types.into_iter().filter(|(_, t)| t != "null").collect();
        if matches!(map.get("type"), Some(Value::String(t)) if t == "null")
            || matches!(map.get("type"), Some(Value::Array(list)) if list.iter().any(|t| t == "null"))
        {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
        // Every integer is a number.
        if types.iter().any(|(_, t)| t == "number") {
            types.retain(|(_, t)| t != "integer");
        }
        let mut distinct = BTreeSet::new();
        types.retain(|(_, t)| distinct.insert(t.clone()));
        match types.as_slice() {
            [] => {
                map.remove("type");
                self.warn(
                    &at,
                    "a schema whose only type is `null` is typed as any JSON".to_string(),
                    None,
                );
            }
            [(i, typ)] => {
                map.insert("type".to_string(), Value::String(typ.clone()));
                if !scalar {
                    self.moved(vec![(at.to_string(), at.join(i))]);
                }
            }
            _ if ["anyOf", "oneOf", "allOf"]
                .iter()
                .any(|k| map.contains_key(*k)) =>
            {
                map.remove("type");
                self.warn(
                    &at,
                    "a list of types beside a composition is typed by the composition".to_string(),
                    None,
                );
            }
            _ => {
                map.remove("type");
                let mut parts = Vec::new();
                let mut batch = Vec::new();
                for (n, (i, typ)) in types.iter().enumerate() {
                    let part_pointer = pointer.join("anyOf").join(n);
                    let mut part = Map::new();
                    part.insert("type".to_string(), Value::String(typ.clone()));
                    batch.push((part_pointer.join("type"), at.join(i)));
                    for (key, value) in map.iter() {
                        if belongs_to(key, typ) {
                            part.insert(key.clone(), value.clone());
                            batch.push((part_pointer.join(key), pointer.join(key)));
                        }
                    }
                    if let Some(Value::Array(values)) = map.get("enum") {
                        let own: Vec<Value> = values
                            .iter()
                            .filter(|v| {
                                type_of(v) == typ.as_str()
                                    || (typ == "number" && type_of(v) == "integer")
                            })
                            .cloned()
                            .collect();
                        if !own.is_empty() {
                            part.insert("enum".to_string(), Value::Array(own));
                        }
                    }
                    parts.push(Value::Object(part));
                }
                map.retain(|key, _| {
                    key != "enum" && !types.iter().any(|(_, typ)| belongs_to(key, typ))
                });
                map.insert("anyOf".to_string(), Value::Array(parts));
                self.moved(batch);
            }
        }
    }

    /// `const`: a single-value `enum`, with the type of its value when the schema has none.
    fn constant(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(value) = map.remove("const") else {
            return;
        };
        if value.is_null() {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
        if !map.contains_key("type") && !value.is_null() {
            let typ = type_of(&value);
            map.insert("type".to_string(), Value::String(typ.to_string()));
            self.moved(vec![(pointer.join("type"), pointer.join("const"))]);
        }
        map.insert("enum".to_string(), Value::Array(vec![value]));
        let was = pointer.join("const");
        self.moved(vec![
            (pointer.join("enum").join(0), was.clone()),
            (pointer.join("enum"), was),
        ]);
    }

    /// An `examples` list: its first value is the `example` (when there is none), the others
    /// are kept to be checked too.
    fn examples(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        if !matches!(map.get("examples"), Some(Value::Array(_))) {
            return;
        }
        let Some(Value::Array(values)) = map.remove("examples") else {
            return;
        };
        let mut values = values.into_iter().enumerate();
        if !map.contains_key("example")
            && let Some((_, first)) = values.next()
        {
            map.insert("example".to_string(), first);
            self.moved(vec![(
                pointer.join("example"),
                pointer.join("examples").join(0),
            )]);
        }
        let more: Map<String, Value> = values.map(|(i, v)| (i.to_string(), v)).collect();
        if !more.is_empty() {
            map.insert(MORE_EXAMPLES.to_string(), Value::Object(more));
        }
    }

    /// Numeric `exclusiveMinimum`/`exclusiveMaximum`: 3.0's bound with its boolean flag.
    fn exclusive_bounds(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(limit)) = map.get(exclusive) else {
                continue;
            };
            let limit = limit.clone();
            let inclusive_is_stricter = map
                .get(bound)
                .and_then(Value::as_f64)
                .is_some_and(|b| b.partial_cmp(&limit.as_f64().unwrap_or(b)) == Some(stricter));
            if inclusive_is_stricter {
                map.remove(exclusive);
                continue;
            }
            map.insert(bound.to_string(), Value::Number(limit));
            map.insert(exclusive.to_string(), Value::Bool(true));
            self.moved(vec![(pointer.join(bound), pointer.join(exclusive))]);
        }
    }

    /// `contentEncoding` and `contentMediaType`: base64 is 3.0's `format: byte`, other
    /// content is `format: binary` (bytes).
    fn content_keywords(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let encoding = map.remove("contentEncoding");
        let media_type = map.remove("contentMediaType");
        if map.contains_key("format") {
            return;
        }
        let (format, from) = match (&encoding, &media_type) {
            (Some(Value::String(e)), _) if e == "base64" || e == "base64url" => {
                ("byte", "contentEncoding")
            }
            (Some(Value::String(e)), _) => {
                self.warn(
                    &pointer.join("contentEncoding"),
                    format!(
                        "content encoding `{e}` is not decoded: the value is the string as sent"
                    ),
                    None,
                );
                return;
            }
            (None, Some(Value::String(m)))
                if !(m.starts_with("text/") || m.ends_with("json") || m.ends_with("+xml")) =>
            {
                ("binary", "contentMediaType")
            }
            _ => return,
        };
        map.insert("format".to_string(), Value::String(format.to_string()));
        self.moved(vec![(pointer.join("format"), pointer.join(from))]);
    }

    /// `prefixItems`: a tuple. Items all of one schema are a list of it; otherwise a list of
    /// any JSON, with a warning.
    fn prefix_items(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
            return;
        };
        let rest = map.get("items");
        let rest_agrees = match rest {
            None | Some(Value::Bool(false)) => true,
            Some(rest) => prefix.first() == Some(rest),
        };
        let same = prefix.windows(2).all(|pair| pair[0] == pair[1]);
        match prefix.into_iter().next() {
            Some(first) if same && rest_agrees => {
                map.insert("items".to_string(), first);
                self.moved(vec![(
                    pointer.join("items"),
                    pointer.join("prefixItems").join(0),
                )]);
            }
            _ => {
                self.warn(
                    &pointer.join("prefixItems"),
                    "a tuple (`prefixItems`) is typed as a list of any JSON".to_string(),
                    Some("describe the items with one `items` schema to get a typed list"),
                );
                map.insert("items".to_string(), Value::Object(Map::new()));
            }
        }
        if !map.contains_key("type") {
            map.insert("type".to_string(), Value::String("array".to_string()));
        }
    }

    /// `patternProperties`: on an object with no other fields, a map of the pattern's schema
    /// (the keys are not checked); beside fields, the matching fields are kept as JSON.
    fn pattern_properties(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Object(patterns)) = map.remove("patternProperties") else {
            return;
        };
        let at = pointer.join("patternProperties");
        let no_fields = map
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty);
        let free = !map.contains_key("additionalProperties");
        let schemas: Vec<&Value> = patterns.values().collect();
        let one_schema = schemas.windows(2).all(|pair| pair[0] == pair[1]);
        if no_fields
            && free
            && one_schema
            && let Some((pattern, schema)) = patterns.iter().next()
        {
            map.insert("additionalProperties".to_string(), schema.clone());
            self.moved(vec![(
                pointer.join("additionalProperties"),
                at.join(pattern),
            )]);
            self.warn(
                &at,
                "`patternProperties` is read as `additionalProperties`: the keys are not checked against the pattern".to_string(),
                None,
            );
            return;
        }
        if free {
            map.insert("additionalProperties".to_string(), Value::Bool(true));
        }
        self.warn(
            &at,
            "`patternProperties` is not expressed by the generated types: the fields it describes are kept as JSON".to_string(),
            None,
        );
    }
}

/// The bounds of an integer schema written as whole floats (`maximum: 1000.0`, as Pydantic
/// writes them) as integers, which is what 3.0's integer schema holds.
fn integral_bounds(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(Value::Number(n)) = map.get(key)
            && n.is_f64()
            && let Some(f) = n.as_f64()
            && f.fract() == 0.0
            && f.abs() < 9.0e15
        {
            map.insert(key.to_string(), Value::from(f as i64));
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

    /// The pointer of the user's text that a diagnostic at `pointer` of the rewritten tree
    /// is moved back to.
    fn original(moves: &Moves, pointer: &str) -> String {
        let mut diagnostics = [Diagnostic::error("s.yaml", pointer, "m")];
        moves.restore(&mut diagnostics);
        let [diagnostic] = diagnostics;
        diagnostic.pointer
    }

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
            original(&moves, "#/components/schemas/A2/type"),
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
            original(&moves, "#/paths/~1a/get/parameters/0"),
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
            original(&moves, &format!("{s}/properties/a/anyOf/0/maxLength")),
            format!("{s}/anyOf/1/properties/a/maxLength")
        );
        assert_eq!(
            original(&moves, &format!("{s}/properties/a/anyOf/1/type")),
            format!("{s}/anyOf/1/properties/a/type/1")
        );
        // A `const` becomes a one-value `enum`: its value, and the list, stand for the
        // `const`.
        let (_, _, constant) = upgraded("components: {schemas: {C: {const: x}}}\n");
        let c = "#/components/schemas/C";
        assert_eq!(
            original(&constant, &format!("{c}/enum/0")),
            format!("{c}/const")
        );
        assert_eq!(
            original(&constant, &format!("{c}/enum")),
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
