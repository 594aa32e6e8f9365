//! Reading OpenAPI 3.2: the untyped tree of a 3.2 document rewritten in 3.1 form, then read
//! as a 3.1 one (`v31`), so that its schemas follow the same rules.
//!
//! 3.2 added to 3.1 what a client can use: the `query` method and `additionalOperations`
//! (operations of any method), `in: querystring` (the whole query string as one parameter),
//! `itemSchema` (one item of a stream), the response `summary`, `dataValue` examples, the
//! discriminator's `defaultMapping`, `deprecated` security schemes and the OAuth device flow.
//! 3.0 has no field for several of them: those are kept under the extensions this module names
//! ([`METHOD`], [`DEFAULT_MAPPING`], [`DEPRECATED`]), which lowering reads. What the client
//! cannot use is a warning at its place. Every move is recorded, as for 3.1, so that every
//! diagnostic still shows the line the user wrote.

mod content;
mod schemes;
#[cfg(test)]
mod tests;

use super::moves::{Input, Moves, Upgraded};
use super::v31;
use crate::diagnostics::{Collector, Diagnostic};
use crate::pointer::Pointer;
use serde_json::{Map, Value};

/// The extension of an operation whose method 3.0 has no field for: the method as it is sent
/// (`QUERY`, `COPY`); the field of the path item that holds the operation means nothing then.
pub const METHOD: &str = "x-codegen-method";

/// The extension of a discriminator that keeps its `defaultMapping`: the schema of an object
/// whose tag is missing or mapped to no schema.
pub const DEFAULT_MAPPING: &str = "x-codegen-default-mapping";

/// The extension of a tag that keeps its `parent`: the parent's feature compiles the tag's
/// operations too.
pub const PARENT: &str = "x-codegen-parent";

/// The extension of a security scheme that keeps its `deprecated: true`.
pub const DEPRECATED: &str = "x-codegen-deprecated";

/// The path item's fields of one operation each, in the 3.0 model.
const FIXED: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether the version string of a document is one of 3.2.
pub fn is_32(version: &str) -> bool {
    version == "3.2" || version.starts_with("3.2.")
}

/// Rewrites the 3.2 document `document` in 3.0 form; `bundled` says whether its `$ref`s named
/// other files, which `$self` would have been the base of.
pub fn upgrade(document: &mut Value, file: &str, bundled: bool) -> Upgraded {
    let mut upgrade = Upgrade {
        warnings: Collector::new(file),
        moves: Moves::new(Input::V32),
        schemas: None,
        querystrings: Map::new(),
        media_types: Map::new(),
    };
    if let Some(root) = document.as_object_mut() {
        upgrade.root(root, bundled);
    }
    let mut warnings = upgrade.warnings.into_items();
    let upgraded = v31::upgrade_after(document, file, upgrade.moves);
    warnings.extend(upgraded.warnings);
    Upgraded {
        warnings,
        moves: upgraded.moves,
    }
}

struct Upgrade {
    /// Warnings, at their places in the user's text.
    warnings: Collector,
    moves: Moves,
    /// `components/schemas`, read when a `querystring` parameter's schema refers to one.
    schemas: Option<Map<String, Value>>,
    /// The `querystring` parameters of `components/parameters`, taken out: each `$ref` to one
    /// gets its query parameters.
    querystrings: Map<String, Value>,
    /// `components/mediaTypes`, taken out: a media type that refers to one gets a copy.
    media_types: Map<String, Value>,
}

impl Upgrade {
    /// A warning at `pointer` of the tree as it is now (see `v31`'s).
    fn warn(&mut self, pointer: &Pointer, message: String, hint: Option<&str>) {
        let mut diagnostic = Diagnostic::warning(self.warnings.file(), pointer, message);
        diagnostic.hint = hint.map(str::to_string);
        self.moves.restore_one(&mut diagnostic, self.moves.len());
        self.warnings.push(diagnostic);
    }

    fn moved<Now: Into<String>, Was: Into<String>>(&mut self, batch: Vec<(Now, Was)>) {
        self.moves.push(batch);
    }

    fn root(&mut self, root: &mut Map<String, Value>, bundled: bool) {
        if root.remove("$self").is_some() && bundled {
            self.warn(
                &Pointer::root().join("$self"),
                "`$self` is not used as the base URI: the files that `$ref`s name were read beside this file".to_string(),
                Some("make the `$ref`s to other files relative to this file's own place"),
            );
        }
        if let Some(Value::Array(tags)) = root.get_mut("tags") {
            for (i, tag) in tags.iter_mut().enumerate() {
                self.tag(tag, &Pointer::root().join("tags").join(i));
            }
        }
        if content::has_querystring(root) {
            self.schemas = match root.get("components").and_then(|c| c.get("schemas")) {
                Some(Value::Object(schemas)) => Some(schemas.clone()),
                _ => Some(Map::new()),
            };
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &Pointer::root().join("paths").join(path));
            }
        }
        let mut whole = Value::Object(std::mem::take(root));
        self.default_mappings(&mut whole, &Pointer::root());
        if let Value::Object(map) = whole {
            *root = map;
        }
    }

    /// A tag's `summary` opens its description and its `parent` closes it (and is kept as
    /// [`PARENT`]); its `kind`, a hint to documentation viewers, is not needed.
    fn tag(&mut self, tag: &mut Value, pointer: &Pointer) {
        let Some(tag) = tag.as_object_mut() else {
            return;
        };
        tag.remove("kind");
        let parent = match tag.remove("parent") {
            Some(Value::String(parent)) => Some(parent),
            _ => None,
        };
        // A tag's description is also read as one line (the features' table): the summary
        // ends as a sentence.
        if let Some(Value::String(summary)) = tag.get_mut("summary")
            && !summary.ends_with(['.', '!', '?'])
        {
            summary.push('.');
        }
        self.summary_opens_description(tag, pointer);
        if let Some(parent) = parent {
            tag.insert(PARENT.to_string(), Value::String(parent.clone()));
            self.moved(vec![(pointer.join(PARENT), pointer.join("parent"))]);
            let description = match tag.get("description") {
                Some(Value::String(description)) => format!("{description}\n\nUnder `{parent}`."),
                _ => {
                    self.moved(vec![(pointer.join("description"), pointer.join("parent"))]);
                    format!("Under `{parent}`.")
                }
            };
            tag.insert("description".to_string(), Value::String(description));
        }
    }

    /// A `summary`, which 3.0 has only for operations and path items, opens the description.
    fn summary_opens_description(&mut self, node: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::String(summary)) = node.remove("summary") else {
            return;
        };
        let description = match node.get("description") {
            Some(Value::String(description)) if !description.is_empty() => {
                format!("{summary}\n\n{description}")
            }
            _ => {
                self.moved(vec![(pointer.join("description"), pointer.join("summary"))]);
                summary
            }
        };
        node.insert("description".to_string(), Value::String(description));
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let base = Pointer::root().join("components");
        if let Some(Value::Object(media_types)) = components.remove("mediaTypes") {
            self.media_types = media_types;
        }
        if let Some(Value::Object(parameters)) = components.get_mut("parameters") {
            let names: Vec<String> = parameters
                .iter()
                .filter(|(_, p)| content::is_querystring(p))
                .map(|(name, _)| name.clone())
                .collect();
            for name in names {
                if let Some(parameter) = parameters.remove(&name) {
                    self.querystrings.insert(name, parameter);
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            for (name, scheme) in schemes.iter_mut() {
                self.security_scheme(scheme, &base.join("securitySchemes").join(name));
            }
        }
        if let Some(Value::Object(examples)) = components.get_mut("examples") {
            for (name, example) in examples.iter_mut() {
                self.example(example, &base.join("examples").join(name));
            }
        }
        for (kind, walk) in [
            (
                "responses",
                Self::response as fn(&mut Self, &mut Value, &Pointer),
            ),
            ("parameters", Self::parameter),
            ("requestBodies", Self::request_body),
            ("headers", Self::parameter),
            ("pathItems", Self::path_item),
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

    fn path_item(&mut self, item: &mut Value, pointer: &Pointer) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        self.methods(item, pointer);
        if let Some(Value::Array(parameters)) = item.get_mut("parameters") {
            self.parameters(parameters, &pointer.join("parameters"));
        }
        for method in FIXED {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &pointer.join(method));
            }
        }
    }

    /// Puts the `query` operation and the `additionalOperations` in fields of the path item
    /// that it leaves free, each marked with its method ([`METHOD`]).
    fn methods(&mut self, item: &mut Map<String, Value>, pointer: &Pointer) {
        let mut other: Vec<(String, Value, Pointer)> = Vec::new();
        if let Some(operation) = item.remove("query") {
            other.push(("QUERY".to_string(), operation, pointer.join("query")));
        }
        match item.remove("additionalOperations") {
            Some(Value::Object(operations)) => {
                for (method, operation) in operations {
                    let was = pointer.join("additionalOperations").join(&method);
                    let at = (pointer, was);
                    self.additional(item, method, operation, at, &mut other);
                }
            }
            Some(_) => self.warn(
                &pointer.join("additionalOperations"),
                "`additionalOperations` is not a mapping of methods to operations: it is not read"
                    .to_string(),
                Some("write `additionalOperations: {COPY: {...}}`"),
            ),
            None => {}
        }
        for (method, mut operation, was) in other {
            let Some(field) = FIXED.iter().rev().find(|f| !item.contains_key(**f)) else {
                self.warn(
                    &was,
                    format!("the path has an operation for every other method: its `{method}` operation is not generated"),
                    Some("move some of its operations to another path"),
                );
                continue;
            };
            if let Some(operation) = operation.as_object_mut() {
                operation.insert(METHOD.to_string(), Value::String(method));
            }
            item.insert(field.to_string(), operation);
            self.moved(vec![(pointer.join(field), was)]);
        }
    }

    /// One entry of `additionalOperations`, at (the path item's pointer, its own): put in
    /// `other`, or in its fixed field when it names one of the methods that have one, or left
    /// out when its name cannot be sent.
    fn additional(
        &mut self,
        item: &mut Map<String, Value>,
        method: String,
        operation: Value,
        (pointer, was): (&Pointer, Pointer),
        other: &mut Vec<(String, Value, Pointer)>,
    ) {
        if !is_token(&method) {
            self.warn(
                &was,
                format!("`{method}` is not an HTTP method: the operation is not generated"),
                Some("a method is letters, digits and `!#$%&'*+-.^_`|~`, as it is sent"),
            );
            return;
        }
        let lower = method.to_ascii_lowercase();
        if !FIXED.contains(&lower.as_str()) && lower != "query" {
            other.push((method, operation, was));
            return;
        }
        if item.contains_key(&lower) || (lower == "query" && other.iter().any(|o| o.0 == "QUERY")) {
            self.warn(
                &was,
                format!(
                    "`{method}` is written twice, here and as `{lower}`: this one is not generated"
                ),
                Some("keep one of the two operations"),
            );
        } else if lower == "query" {
            other.push(("QUERY".to_string(), operation, was));
        } else {
            self.warn(
                &was,
                format!("`{method}` has its own field: the operation is read as `{lower}`"),
                Some(&format!("move the operation to the path item's `{lower}`")),
            );
            item.insert(lower.clone(), operation);
            self.moved(vec![(pointer.join(&lower), was)]);
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &Pointer) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
            self.parameters(parameters, &pointer.join("parameters"));
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

    fn request_body(&mut self, body: &mut Value, pointer: &Pointer) {
        if let Some(Value::Object(content)) = body.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    /// A response: its `summary` opens its description, which 3.2 made optional.
    fn response(&mut self, response: &mut Value, pointer: &Pointer) {
        let Some(response) = response.as_object_mut() else {
            return;
        };
        if response.contains_key("$ref") {
            return;
        }
        self.summary_opens_description(response, pointer);
        response
            .entry("description")
            .or_insert_with(|| Value::String(String::new()));
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &pointer.join("headers").join(name));
            }
        }
        if let Some(Value::Object(content)) = response.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    /// Rewrites each discriminator's `defaultMapping` as [`DEFAULT_MAPPING`], wherever a
    /// schema may be; data (examples, defaults, enums, extensions) is left as it is.
    fn default_mappings(&mut self, value: &mut Value, pointer: &Pointer) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(discriminator)) = map.get_mut("discriminator")
                    && let Some(default) = discriminator.remove("defaultMapping")
                {
                    discriminator.insert(DEFAULT_MAPPING.to_string(), default);
                    let at = pointer.join("discriminator");
                    self.moved(vec![(at.join(DEFAULT_MAPPING), at.join("defaultMapping"))]);
                }
                for (key, inner) in map.iter_mut() {
                    let data = key.starts_with("x-")
                        || matches!(
                            key.as_str(),
                            "example" | "default" | "enum" | "const" | "value" | "dataValue"
                        );
                    if !data {
                        self.default_mappings(inner, &pointer.join(key));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.default_mappings(item, &pointer.join(i));
                }
            }
            _ => {}
        }
    }
}

/// Whether `method` can be sent as an HTTP method: a token of RFC 9110.
fn is_token(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
