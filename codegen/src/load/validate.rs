//! Checks the untyped document against the OpenAPI 3.0 object types, innermost node first.
//!
//! Deserializing the whole document into `openapiv3` in one go has two problems with a node
//! that does not fit. `ReferenceOr` and the schema types buffer their input and try several
//! shapes, so the error loses its path at the nearest such node; and every enclosing one
//! tries again after a failure below it, so the time doubles with each level of nesting (a
//! wrong leaf 25 schemas deep takes minutes). Checking the nodes bottom-up, each once its
//! children are known to fit, names the innermost node that does not fit, costs time in
//! proportion to the document's size times its depth, and reports every such node at once.

use crate::diagnostics::{Collector, Diagnostic};
use crate::pointer::Pointer;
use openapiv3::{
    Callback, Encoding, Example, Header, Link, MediaType, Operation, Parameter, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The problems found in `document` (a parsed spec of any version); empty when every node
/// that has an OpenAPI type fits it. The document's own fields are left to the final
/// deserialization, which is then quick since nothing below them can fail.
pub fn validate(document: &Value, file: &str) -> Vec<Diagnostic> {
    let mut walker = Walker {
        found: Collector::new(file),
    };
    if let Some(root) = document.as_object() {
        walker.root(root);
    }
    walker.found.into_items()
}

/// Deserializes `value` (the node at `pointer`) as `T`, or says which node below it does not
/// fit and why.
pub fn typed<T: DeserializeOwned>(
    value: &Value,
    pointer: &Pointer,
    file: &str,
) -> Result<T, Box<Diagnostic>> {
    // Nearly every node fits; the path, which costs a string per key, is only tracked to say
    // where one does not.
    if let Ok(typed) = T::deserialize(value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let mut at = pointer.clone();
        // The key the node at fault stands under.
        let mut last = crate::pointer::segments(pointer).and_then(|s| s.last().cloned());
        let mut node = Some(value);
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            let key = match segment {
                Segment::Seq { index } => index.to_string(),
                Segment::Map { key } | Segment::Enum { variant: key } => key.clone(),
                Segment::Unknown => break,
            };
            node = node.and_then(|n| match n {
                Value::Object(map) => map.get(&key),
                Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            });
            at = at.join(&key);
            last = Some(key);
        }
        let message = error.inner().to_string();
        if let Some(node) = node
            && let Some(child) = culprit(node, last.as_deref(), &message)
        {
            at = at.join(&child);
        }
        Box::new(
            Diagnostic::error(
                file,
                &at,
                format!("this is not a valid OpenAPI 3.0 document: {message}"),
            )
            .with_hint("compare the node with the OpenAPI 3.0.3 specification"),
        )
    })
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

struct Walker {
    found: Collector,
}

/// The entries of the mapping at `key`, when it is one; extensions are left out.
fn entries<'v>(node: &'v Map<String, Value>, key: &str) -> Vec<(&'v String, &'v Value)> {
    match node.get(key) {
        Some(Value::Object(map)) => map.iter().filter(|(k, _)| !k.starts_with("x-")).collect(),
        _ => Vec::new(),
    }
}

/// The items of the sequence at `key`, when it is one.
fn items<'v>(node: &'v Map<String, Value>, key: &str) -> &'v [Value] {
    match node.get(key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

impl Walker {
    /// Whether a node that may be a `$ref` is one: `Some(fits)` when it has a `$ref` key (an
    /// error when that is not a string, which would otherwise make it an inline node).
    fn reference<T: DeserializeOwned>(
        &mut self,
        map: &Map<String, Value>,
        value: &Value,
        pointer: &Pointer,
    ) -> Option<bool> {
        match map.get("$ref")? {
            Value::String(_) => Some(self.fits::<ReferenceOr<T>>(value, pointer)),
            other => {
                let what = match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::Array(_) => "a sequence",
                    _ => "a mapping",
                };
                self.found.error(
                    &pointer.join("$ref"),
                    format!("`$ref` must be a string, not {what}"),
                    Some("write the reference as a string: `$ref: '#/components/schemas/Name'`"),
                );
                Some(false)
            }
        }
    }

    /// Whether `value` deserializes as `T`; records the innermost path that does not.
    fn fits<T: DeserializeOwned>(&mut self, value: &Value, pointer: &Pointer) -> bool {
        match typed::<T>(value, pointer, self.found.file()) {
            Ok(_) => true,
            Err(diagnostic) => {
                self.found.push(*diagnostic);
                false
            }
        }
    }

    /// Checks the node as `T` when its children (checked before) all fit.
    fn node<T: DeserializeOwned>(
        &mut self,
        value: &Value,
        pointer: &Pointer,
        children: bool,
    ) -> bool {
        children && self.fits::<T>(value, pointer)
    }

    fn root(&mut self, root: &Map<String, Value>) {
        for (path, item) in entries(root, "paths") {
            self.path_item(item, &Pointer::root().join("paths").join(path), true);
        }
        let Some(Value::Object(components)) = root.get("components") else {
            return;
        };
        let base = Pointer::root().join("components");
        for (key, value) in entries(components, "schemas") {
            self.schema(value, &base.join("schemas").join(key));
        }
        for (key, value) in entries(components, "responses") {
            self.response(value, &base.join("responses").join(key));
        }
        for (key, value) in entries(components, "parameters") {
            self.parameter(value, &base.join("parameters").join(key));
        }
        for (key, value) in entries(components, "examples") {
            self.fits::<ReferenceOr<Example>>(value, &base.join("examples").join(key));
        }
        for (key, value) in entries(components, "requestBodies") {
            self.request_body(value, &base.join("requestBodies").join(key));
        }
        for (key, value) in entries(components, "headers") {
            self.header(value, &base.join("headers").join(key));
        }
        for (key, value) in entries(components, "securitySchemes") {
            let pointer = base.join("securitySchemes").join(key);
            self.fits::<ReferenceOr<SecurityScheme>>(value, &pointer);
        }
        for (key, value) in entries(components, "links") {
            self.fits::<ReferenceOr<Link>>(value, &base.join("links").join(key));
        }
        for (key, value) in entries(components, "callbacks") {
            self.callback(value, &base.join("callbacks").join(key), true);
        }
    }

    /// A path item; `may_refer` when a `$ref` may stand in for it.
    fn path_item(&mut self, value: &Value, pointer: &Pointer, may_refer: bool) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<PathItem>(value, pointer);
        };
        if may_refer && let Some(fits) = self.reference::<PathItem>(map, value, pointer) {
            return fits;
        }
        let mut ok = true;
        for (i, parameter) in items(map, "parameters").iter().enumerate() {
            ok &= self.parameter(parameter, &pointer.join("parameters").join(i));
        }
        for method in METHODS {
            if let Some(operation) = map.get(method) {
                ok &= self.operation(operation, &pointer.join(method));
            }
        }
        self.node::<PathItem>(value, pointer, ok)
    }

    fn operation(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<Operation>(value, pointer);
        };
        let mut ok = true;
        for (i, parameter) in items(map, "parameters").iter().enumerate() {
            ok &= self.parameter(parameter, &pointer.join("parameters").join(i));
        }
        if let Some(body) = map.get("requestBody") {
            ok &= self.request_body(body, &pointer.join("requestBody"));
        }
        if let Some(Value::Object(responses)) = map.get("responses") {
            let base = pointer.join("responses");
            for (status, response) in responses.iter().filter(|(k, _)| !k.starts_with("x-")) {
                ok &= self.response(response, &base.join(status));
            }
        }
        for (key, callback) in entries(map, "callbacks") {
            ok &= self.callback(callback, &pointer.join("callbacks").join(key), false);
        }
        self.node::<Operation>(value, pointer, ok)
    }

    fn callback(&mut self, value: &Value, pointer: &Pointer, may_refer: bool) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<Callback>(value, pointer);
        };
        if may_refer && let Some(fits) = self.reference::<Callback>(map, value, pointer) {
            return fits;
        }
        let mut ok = true;
        for (expression, item) in map {
            ok &= self.path_item(item, &pointer.join(expression), false);
        }
        self.node::<Callback>(value, pointer, ok)
    }

    fn parameter(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<ReferenceOr<Parameter>>(value, pointer);
        };
        if let Some(fits) = self.reference::<Parameter>(map, value, pointer) {
            return fits;
        }
        let ok = self.schema_or_content(map, pointer);
        self.node::<Parameter>(value, pointer, ok)
    }

    fn header(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<ReferenceOr<Header>>(value, pointer);
        };
        if let Some(fits) = self.reference::<Header>(map, value, pointer) {
            return fits;
        }
        let ok = self.schema_or_content(map, pointer);
        self.node::<Header>(value, pointer, ok)
    }

    /// The `schema`, `content` and `examples` of a parameter or header.
    fn schema_or_content(&mut self, map: &Map<String, Value>, pointer: &Pointer) -> bool {
        let mut ok = true;
        if let Some(schema) = map.get("schema") {
            ok &= self.schema(schema, &pointer.join("schema"));
        }
        ok &= self.content(map, pointer);
        for (key, example) in entries(map, "examples") {
            ok &= self.fits::<ReferenceOr<Example>>(example, &pointer.join("examples").join(key));
        }
        ok
    }

    fn request_body(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<ReferenceOr<RequestBody>>(value, pointer);
        };
        if let Some(fits) = self.reference::<RequestBody>(map, value, pointer) {
            return fits;
        }
        let ok = self.content(map, pointer);
        self.node::<RequestBody>(value, pointer, ok)
    }

    fn response(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<ReferenceOr<Response>>(value, pointer);
        };
        if let Some(fits) = self.reference::<Response>(map, value, pointer) {
            return fits;
        }
        let mut ok = self.content(map, pointer);
        for (key, header) in entries(map, "headers") {
            ok &= self.header(header, &pointer.join("headers").join(key));
        }
        for (key, link) in entries(map, "links") {
            ok &= self.fits::<ReferenceOr<Link>>(link, &pointer.join("links").join(key));
        }
        self.node::<Response>(value, pointer, ok)
    }

    /// Every media type under `content`.
    fn content(&mut self, map: &Map<String, Value>, pointer: &Pointer) -> bool {
        let mut ok = true;
        let Some(Value::Object(content)) = map.get("content") else {
            return ok;
        };
        let base = pointer.join("content");
        for (media_type, value) in content {
            ok &= self.media_type(value, &base.join(media_type));
        }
        ok
    }

    fn media_type(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<MediaType>(value, pointer);
        };
        let mut ok = true;
        if let Some(schema) = map.get("schema") {
            ok &= self.schema(schema, &pointer.join("schema"));
        }
        for (key, example) in entries(map, "examples") {
            ok &= self.fits::<ReferenceOr<Example>>(example, &pointer.join("examples").join(key));
        }
        for (property, encoding) in entries(map, "encoding") {
            let at = pointer.join("encoding").join(property);
            let mut fits = true;
            if let Some(encoding) = encoding.as_object() {
                for (key, header) in entries(encoding, "headers") {
                    fits &= self.header(header, &at.join("headers").join(key));
                }
            }
            ok &= self.node::<Encoding>(encoding, &at, fits);
        }
        self.node::<MediaType>(value, pointer, ok)
    }

    fn schema(&mut self, value: &Value, pointer: &Pointer) -> bool {
        let Some(map) = value.as_object() else {
            return self.fits::<ReferenceOr<Schema>>(value, pointer);
        };
        if let Some(fits) = self.reference::<Schema>(map, value, pointer) {
            return fits;
        }
        let mut ok = true;
        for (key, property) in entries(map, "properties") {
            ok &= self.schema(property, &pointer.join("properties").join(key));
        }
        for key in ["items", "not"] {
            if let Some(inner) = map.get(key) {
                ok &= self.schema(inner, &pointer.join(key));
            }
        }
        if let Some(inner @ Value::Object(_)) = map.get("additionalProperties") {
            ok &= self.schema(inner, &pointer.join("additionalProperties"));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, inner) in items(map, key).iter().enumerate() {
                ok &= self.schema(inner, &pointer.join(key).join(i));
            }
        }
        self.node::<Schema>(value, pointer, ok)
    }
}

/// The child of `node` (at `key`) that a serde message is about: the one direct child that
/// holds the value the message names (`invalid type: integer `5``, `unknown variant `foo``), or when
/// several do, the one whose key takes what the message expected. Types that flatten or try
/// several shapes lose the path to it; the value finds it again.
fn culprit(node: &Value, key: Option<&str>, message: &str) -> Option<String> {
    let map = node.as_object()?;
    let wanted = unexpected_value(message)?;
    // The node itself is at fault when it is what the message names, in a place that
    // takes what the message expected (`parameters: {}`, "expected a sequence").
    if wanted.matches(node)
        && let (Some(key), Some(expected)) = (key, expected_kind(message))
        && kinds_of(key).contains(&expected)
    {
        return None;
    }
    let candidates: Vec<&String> = map
        .iter()
        .filter(|(key, _)| !key.starts_with("x-"))
        .filter(|(key, _)| !matches!(key.as_str(), "example" | "examples" | "default" | "enum"))
        .filter(|(_, value)| wanted.matches(value))
        .map(|(key, _)| key)
        .collect();
    if let [only] = candidates.as_slice() {
        return Some((*only).clone());
    }
    let expected = expected_kind(message)?;
    let mut fitting = candidates
        .into_iter()
        .filter(|key| kinds_of(key).contains(&expected));
    let key = fitting.next()?;
    fitting.next().is_none().then(|| key.clone())
}

/// The kinds of JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Bool,
    Number,
    Seq,
    Map,
}

/// What serde says it expected, from `..., expected a sequence`.
fn expected_kind(message: &str) -> Option<Kind> {
    let expected = &message[message.rfind(", expected ")? + ", expected ".len()..];
    Some(match expected {
        e if e.starts_with("a string") || e.starts_with("a borrowed string") => Kind::Str,
        e if e.starts_with("a boolean") => Kind::Bool,
        e if e.starts_with("a sequence") => Kind::Seq,
        e if e.starts_with("a map") || e.starts_with("struct ") => Kind::Map,
        "u64" | "usize" | "i64" | "f64" | "u32" | "i32" | "a number" => Kind::Number,
        _ => return None,
    })
}

/// The kinds of value an OpenAPI object key takes (any object: the keys mean the same
/// wherever they stand, apart from `required`).
fn kinds_of(key: &str) -> &'static [Kind] {
    match key {
        "description" | "summary" | "title" | "type" | "format" | "pattern" | "name" | "in"
        | "operationId" | "$ref" | "url" | "version" | "openapi" | "style" | "scheme"
        | "bearerFormat" | "propertyName" | "contentType" | "openIdConnectUrl"
        | "termsOfService" | "email" | "authorizationUrl" | "tokenUrl" | "refreshUrl"
        | "externalValue" | "operationRef" => &[Kind::Str],
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
        | "exclusiveMinimum" | "exclusiveMaximum" | "explode" | "allowReserved"
        | "allowEmptyValue" => &[Kind::Bool],
        "required" => &[Kind::Bool, Kind::Seq],
        "allOf" | "oneOf" | "anyOf" | "tags" | "parameters" | "security" | "servers" => {
            &[Kind::Seq]
        }
        "additionalProperties" => &[Kind::Bool, Kind::Map],
        "minimum" | "maximum" | "multipleOf" | "minLength" | "maxLength" | "minItems"
        | "maxItems" | "minProperties" | "maxProperties" => &[Kind::Number],
        _ => &[Kind::Map],
    }
}

/// A value as serde names it in an error message.
enum Wanted {
    Integer(String),
    Float(String),
    Str(String),
    Bool(bool),
    Null,
    Seq,
    Map,
}

impl Wanted {
    fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Wanted::Integer(text), Value::Number(n)) => !n.is_f64() && &n.to_string() == text,
            (Wanted::Float(text), Value::Number(n)) => {
                n.is_f64() && n.as_f64().is_some_and(|f| text.parse::<f64>() == Ok(f))
            }
            (Wanted::Str(text), Value::String(s)) => s == text,
            (Wanted::Bool(b), Value::Bool(v)) => b == v,
            (Wanted::Null, Value::Null) => true,
            (Wanted::Seq, Value::Array(_)) => true,
            (Wanted::Map, Value::Object(_)) => true,
            _ => false,
        }
    }
}

/// Reads the offending value out of `invalid type: X, expected ...`, `invalid value: X,
/// expected ...` or `unknown variant `X`, expected ...`.
fn unexpected_value(message: &str) -> Option<Wanted> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let end = rest.find("`, expected")?;
        return Some(Wanted::Str(rest[..end].to_string()));
    }
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let what = &rest[..rest.rfind(", expected")?];
    let between = |prefix: &str| {
        what.strip_prefix(prefix)?
            .strip_prefix('`')?
            .strip_suffix('`')
            .map(str::to_string)
    };
    if let Some(n) = between("integer ") {
        return Some(Wanted::Integer(n));
    }
    if let Some(f) = between("floating point ") {
        return Some(Wanted::Float(f));
    }
    if let Some(b) = between("boolean ") {
        return Some(Wanted::Bool(b == "true"));
    }
    if let Some(s) = what.strip_prefix("string ") {
        return serde_json::from_str::<String>(s).ok().map(Wanted::Str);
    }
    match what {
        "null" | "unit value" => Some(Wanted::Null),
        "sequence" => Some(Wanted::Seq),
        "map" => Some(Wanted::Map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<(String, String)> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        validate(&value, "spec.yaml")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    #[test]
    fn names_the_innermost_node_that_does_not_fit() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "paths: {/a: {get: {operationId: [1], responses: {}}}}",
                "#/paths/~1a/get/operationId",
                "expected a string",
            ),
            (
                "paths: {/a: {get: {responses: {'200': {description: [x]}}}}}",
                "#/paths/~1a/get/responses/200/description",
                "expected a string",
            ),
            (
                "components: {schemas: {A: {properties: {b: {items: {type: 5}}}}}}",
                "#/components/schemas/A/properties/b/items/type",
                "integer `5`",
            ),
            (
                "components: {schemas: {A: {type: object, nullable: 'yes'}}}",
                "#/components/schemas/A/nullable",
                "string \"yes\"",
            ),
            (
                "paths: {/a: {parameters: [{name: a, in: body}]}}",
                "#/paths/~1a/parameters/0/in",
                "unknown variant `body`",
            ),
            (
                "components: {schemas: {A: {type: object, nullable: true, required: true}}}",
                "#/components/schemas/A/required",
                "expected a sequence",
            ),
            (
                "components: {schemas: {A: {type: object, properties: {}, title: {a: 1}}}}",
                "#/components/schemas/A/title",
                "expected a string",
            ),
            (
                "components: {schemas: {A: {$ref: 5}}}",
                "#/components/schemas/A/$ref",
                "`$ref` must be a string, not a number",
            ),
            (
                "paths: {/a: {get: {parameters: [{$ref: [x]}]}}}",
                "#/paths/~1a/get/parameters/0/$ref",
                "`$ref` must be a string, not a sequence",
            ),
            (
                "paths: {/a: {get: {parameters: {a: {name: a, in: query}}, responses: {}}}}",
                "#/paths/~1a/get/parameters",
                "invalid type: map, expected a sequence",
            ),
            (
                "components: {securitySchemes: {k: {type: http}}}",
                "#/components/securitySchemes/k",
                "missing field `scheme`",
            ),
        ];
        for (yaml, pointer, message) in cases {
            let found = errors(yaml);
            assert_eq!(found.len(), 1, "{yaml}: {found:?}");
            assert_eq!(found[0].0, *pointer, "{yaml}: {found:?}");
            assert!(found[0].1.contains(message), "{yaml}: {found:?}");
        }
    }

    #[test]
    fn reports_every_independent_problem() {
        let found = errors(
            "paths: {/a: {get: {operationId: 1, responses: {}}}, /b: {get: {tags: x, responses: {}}}}",
        );
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            ["#/paths/~1a/get/operationId", "#/paths/~1b/get/tags"]
        );
    }

    #[test]
    fn a_valid_document_has_no_problem() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/recepta.yaml"))
                .unwrap();
        assert_eq!(errors(&text), []);
    }

    #[test]
    fn a_wrong_leaf_deep_down_is_found_quickly() {
        let mut schema = "{type: 5}".to_string();
        for _ in 0..40 {
            schema = format!("{{not: {{properties: {{a: {schema}}}}}}}");
        }
        let started = std::time::Instant::now();
        let found = errors(&format!("components: {{schemas: {{A: {schema}}}}}"));
        assert_eq!(found.len(), 1);
        assert!(found[0].0.ends_with("/not/properties/a/type"), "{found:?}");
        assert!(started.elapsed().as_secs() < 5);
    }
}
