//! Reading Swagger 2.0: the untyped tree of a 2.0 document rewritten as the OpenAPI 3.0
//! document that says the same, before it is typed.
//!
//! 2.0 spells most of what 3.0 says in other places: the server is `host`, `basePath` and
//! `schemes`; media types are lists (`consumes`, `produces`) beside the operations rather than
//! keys of `content`; a request body is a parameter (`in: body`, or one `in: formData`
//! parameter per field); a parameter's type keywords sit on the parameter itself, with
//! `collectionFormat` for what 3.0 calls `style` and `explode`; the reusable parts are
//! top-level `definitions`, `parameters`, `responses` and `securityDefinitions`. Each is
//! moved to its 3.0 place, and every move is recorded (see [`Moves`]) so that a diagnostic
//! about the rewritten tree shows the line the user wrote. What 3.0 cannot say is a warning at
//! its place, never a silent drop; the one 2.0 spelling with no 3.0 one, tab-separated
//! lists, is carried by the [`COLLECTION_FORMAT`] extension that lowering reads.

use super::moves::{Input, Moves, Upgraded};
use crate::diagnostics::Collector;
use crate::pointer::{self, Pointer};
use serde_json::{Map, Value};

/// The extension on a 3.0 query parameter that keeps a 2.0 `collectionFormat` 3.0 has no
/// style for (`tsv`: items separated by tabs).
pub const COLLECTION_FORMAT: &str = "x-codegen-collection-format";

/// Whether the version string of a document is Swagger 2.0's.
pub fn is_20(version: &str) -> bool {
    version == "2.0"
}

/// The media types of forms, which 2.0 sends as `formData` parameters.
const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// The keywords of a 2.0 parameter, header or items object that 3.0 puts in its `schema`.
const TYPE_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Rewrites the 2.0 document `document` as a 3.0 one.
pub fn upgrade(document: &mut Value, file: &str) -> Upgraded {
    let mut convert = Convert {
        warnings: Collector::new(file),
        moves: Vec::new(),
        consumes: Vec::new(),
        produces: Vec::new(),
        parameters: Map::new(),
    };
    if let Value::Object(root) = document {
        let old = std::mem::take(root);
        *root = convert.root(old);
    }
    let mut moves = Moves::new(Input::V20);
    moves.push(convert.moves);
    Upgraded {
        warnings: convert.warnings.into_items(),
        moves,
    }
}

/// A node's place in the rewritten tree and in the user's text.
#[derive(Debug, Clone)]
struct At {
    now: Pointer,
    was: Pointer,
}

impl At {
    fn root() -> At {
        At {
            now: Pointer::root(),
            was: Pointer::root(),
        }
    }

    /// The child `segment` in both trees.
    fn join(&self, segment: impl std::fmt::Display) -> At {
        let segment = segment.to_string();
        At {
            now: self.now.join(&segment),
            was: self.was.join(&segment),
        }
    }

    /// The child `now` of the rewritten node, which was the child `was` of the user's.
    fn to(&self, now: impl std::fmt::Display, was: impl std::fmt::Display) -> At {
        At {
            now: self.now.join(now),
            was: self.was.join(was),
        }
    }
}

/// A `body` or `formData` parameter taken out of a parameter list, with its place in the
/// user's text.
#[derive(Debug, Clone)]
struct Taken {
    parameter: Map<String, Value>,
    was: Pointer,
}

/// A parameter list split into what stays a 3.0 parameter and what becomes the request body.
#[derive(Debug, Default)]
struct Split {
    kept: Vec<Value>,
    body: Option<Taken>,
    form: Vec<Taken>,
}

struct Convert {
    warnings: Collector,
    /// The one batch of moves, as (pointer now, pointer in the user's text).
    moves: Vec<(String, String)>,
    /// The document's `consumes` and `produces`, for operations with none of their own.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters`, as written: a `$ref` to a `body` or `formData` one is
    /// replaced by a copy, since it becomes part of a request body.
    parameters: Map<String, Value>,
}

impl Convert {
    fn moved(&mut self, now: &Pointer, was: &Pointer) {
        if now != was {
            self.moves.push((now.to_string(), was.to_string()));
        }
    }

    fn warn(&mut self, was: &Pointer, message: String, hint: Option<&str>) {
        self.warnings.warning(was, message, hint);
    }

    fn root(&mut self, old: Map<String, Value>) -> Map<String, Value> {
        let at = At::root();
        let mut new = Map::new();
        new.insert("openapi".to_string(), Value::from("3.0.3"));
        self.moved(&at.now.join("openapi"), &at.was.join("swagger"));
        self.consumes = self.media_list(old.get("consumes"), &at.was.join("consumes"));
        self.produces = self.media_list(old.get("produces"), &at.was.join("produces"));
        if let Some(Value::Object(parameters)) = old.get("parameters") {
            self.parameters = parameters.clone();
        }
        let servers = self.servers(&old);
        let mut components = Map::new();
        for (key, value) in old {
            match key.as_str() {
                "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "info" => {
                    new.insert(key, value);
                    if let Some(servers) = servers.clone() {
                        new.insert("servers".to_string(), servers);
                    }
                }
                "paths" => {
                    let paths = self.paths(value, &at.join("paths"));
                    new.insert(key, paths);
                }
                "definitions" => {
                    let mut schemas = value;
                    let at = At {
                        now: Pointer::root().join("components").join("schemas"),
                        was: at.was.join("definitions"),
                    };
                    self.moved(&at.now, &at.was);
                    if let Value::Object(entries) = &mut schemas {
                        for (name, schema) in entries.iter_mut() {
                            self.schema(schema, &at.join(name));
                        }
                    }
                    components.insert("schemas".to_string(), schemas);
                }
                "parameters" => {
                    let parameters = self.component_parameters(value);
                    components.insert("parameters".to_string(), parameters);
                }
                "responses" => {
                    let mut responses = value;
                    let produces = self.produces.clone();
                    let now = Pointer::root().join("components").join("responses");
                    let at = At {
                        now: now.clone(),
                        was: at.was.join("responses"),
                    };
                    self.moved(&at.now, &at.was);
                    if let Value::Object(entries) = &mut responses {
                        for (name, response) in entries.iter_mut() {
                            let old = std::mem::take(response);
                            *response = self.response(old, &at.join(name), &produces);
                        }
                    }
                    components.insert("responses".to_string(), responses);
                }
                "securityDefinitions" => {
                    let mut schemes = value;
                    let at = At {
                        now: Pointer::root().join("components").join("securitySchemes"),
                        was: at.was.join("securityDefinitions"),
                    };
                    self.moved(&at.now, &at.was);
                    if let Value::Object(entries) = &mut schemes {
                        for (name, scheme) in entries.iter_mut() {
                            self.security_scheme(scheme, &at.join(name));
                        }
                    }
                    components.insert("securitySchemes".to_string(), schemes);
                }
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if !new.contains_key("servers")
            && let Some(servers) = servers
        {
            new.insert("servers".to_string(), servers);
        }
        if !components.is_empty() {
            new.insert("components".to_string(), Value::Object(components));
        }
        new
    }

    /// A `consumes` or `produces` list; a single string (a common slip) is read as a list of
    /// one, with a warning.
    fn media_list(&mut self, value: Option<&Value>, was: &Pointer) -> Vec<String> {
        match value {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(one)) => {
                self.warn(
                    was,
                    format!("a list of media types is expected: `{one}` is read as a list of one"),
                    Some("write it as a list: `[application/json]`"),
                );
                vec![one.clone()]
            }
            _ => Vec::new(),
        }
    }

    /// The servers of `host`, `basePath` and `schemes`: one per scheme, or a relative one
    /// (`basePath` on the host the client is given) with no `host`.
    fn servers(&mut self, old: &Map<String, Value>) -> Option<Value> {
        let host = old.get("host").and_then(Value::as_str);
        let base = old.get("basePath").and_then(Value::as_str).unwrap_or("");
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_string()
        } else {
            format!("/{base}")
        };
        let base = base.trim_end_matches('/');
        let Some(host) = host else {
            if old.contains_key("basePath") {
                let url = if base.is_empty() { "/" } else { base };
                self.moved(
                    &Pointer::root().join("servers").join(0).join("url"),
                    &Pointer::root().join("basePath"),
                );
                return Some(serde_json::json!([{ "url": url }]));
            }
            return None;
        };
        let host_at = Pointer::root().join("host");
        let (mut schemes, host) = match host.split_once("://") {
            Some((scheme, rest)) => {
                self.warn(
                    &host_at,
                    format!("`host` names a scheme: `{scheme}` is read as `schemes: [{scheme}]`"),
                    Some("`host` is the name (and port) only; put the scheme in `schemes`"),
                );
                (vec![(scheme.to_string(), None)], rest.trim_end_matches('/'))
            }
            None => (Vec::new(), host.trim_end_matches('/')),
        };
        if schemes.is_empty()
            && let Some(Value::Array(listed)) = old.get("schemes")
        {
            schemes = listed
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((s.as_str()?.to_string(), Some(i))))
                .filter(|(s, _)| s == "http" || s == "https")
                .collect();
        }
        if schemes.is_empty() {
            // 2.0's default is the scheme the document was fetched with, which the document
            // cannot say; https is what a client should use unless told otherwise.
            schemes.push(("https".to_string(), None));
        }
        let mut servers = Vec::new();
        for (n, (scheme, index)) in schemes.into_iter().enumerate() {
            let now = Pointer::root().join("servers").join(n);
            if let Some(i) = index {
                self.moved(&now, &Pointer::root().join("schemes").join(i));
            }
            self.moved(&now.join("url"), &host_at);
            servers.push(serde_json::json!({ "url": format!("{scheme}://{host}{base}") }));
        }
        Some(Value::Array(servers))
    }

    fn component_parameters(&mut self, value: Value) -> Value {
        let Value::Object(entries) = value else {
            return value;
        };
        let at = At {
            now: Pointer::root().join("components").join("parameters"),
            was: Pointer::root().join("parameters"),
        };
        self.moved(&at.now, &at.was);
        let mut kept = Map::new();
        for (name, parameter) in entries {
            // A body or form parameter becomes part of the request bodies of the operations
            // that refer to it, each of which gets a copy.
            let location = parameter.get("in").and_then(Value::as_str);
            if matches!(location, Some("body" | "formData")) {
                continue;
            }
            let converted = self.parameter(parameter, &at.join(&name));
            kept.insert(name, converted);
        }
        Value::Object(kept)
    }

    fn paths(&mut self, value: Value, at: &At) -> Value {
        let Value::Object(paths) = value else {
            return value;
        };
        let mut new = Map::new();
        for (path, item) in paths {
            let item = match item {
                Value::Object(item) if !path.starts_with("x-") => {
                    Value::Object(self.path_item(item, &at.join(&path)))
                }
                other => other,
            };
            new.insert(path, item);
        }
        Value::Object(new)
    }

    fn path_item(&mut self, item: Map<String, Value>, at: &At) -> Map<String, Value> {
        let mut shared = Split::default();
        if let Some(Value::Array(parameters)) = item.get("parameters") {
            shared = self.split(parameters.clone(), &at.join("parameters"));
        }
        let mut new = Map::new();
        for (key, value) in item {
            match (key.as_str(), value) {
                ("parameters", _) => {
                    if !shared.kept.is_empty() {
                        new.insert(key, Value::Array(std::mem::take(&mut shared.kept)));
                    }
                }
                (
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch",
                    Value::Object(operation),
                ) => {
                    let operation = self.operation(operation, &at.join(&key), &shared);
                    new.insert(key, Value::Object(operation));
                }
                (_, value) => {
                    new.insert(key, value);
                }
            }
        }
        new
    }

    /// Splits a parameter list into 3.0 parameters and the parts of the request body.
    fn split(&mut self, parameters: Vec<Value>, at: &At) -> Split {
        let mut split = Split::default();
        for (i, parameter) in parameters.into_iter().enumerate() {
            let was = at.was.join(i);
            let (resolved, was) = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference.strip_prefix("#/parameters/") {
                    Some(name) => match self.parameters.get(&pointer::unescape(name)) {
                        Some(target)
                            if matches!(
                                target.get("in").and_then(Value::as_str),
                                Some("body" | "formData")
                            ) =>
                        {
                            let was = Pointer::root()
                                .join("parameters")
                                .join(pointer::unescape(name));
                            (target.clone(), was)
                        }
                        _ => (parameter, was),
                    },
                    None => (parameter, was),
                },
                None => (parameter, was),
            };
            let location = resolved
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            match (location.as_str(), resolved) {
                ("body", Value::Object(parameter)) => {
                    if let Some(first) = &split.body {
                        self.warn(
                            &was,
                            "a second `in: body` parameter: an operation has one body, the first is sent".to_string(),
                            Some(&format!("the first is at {}", first.was)),
                        );
                    } else {
                        split.body = Some(Taken { parameter, was });
                    }
                }
                ("formData", Value::Object(parameter)) => {
                    split.form.push(Taken { parameter, was });
                }
                (_, resolved) => {
                    let now = at.now.join(split.kept.len());
                    let converted = match resolved {
                        Value::Object(mut reference) if reference.contains_key("$ref") => {
                            renamed(&mut reference);
                            Value::Object(reference)
                        }
                        other => self.parameter(
                            other,
                            &At {
                                now: now.clone(),
                                was: was.clone(),
                            },
                        ),
                    };
                    self.moved(&now, &was);
                    split.kept.push(converted);
                }
            }
        }
        split
    }

    fn operation(
        &mut self,
        operation: Map<String, Value>,
        at: &At,
        shared: &Split,
    ) -> Map<String, Value> {
        let consumes = match operation.get("consumes") {
            Some(value) => self.media_list(Some(value), &at.was.join("consumes")),
            None => self.consumes.clone(),
        };
        let produces = match operation.get("produces") {
            Some(value) => self.media_list(Some(value), &at.was.join("produces")),
            None => self.produces.clone(),
        };
        let mut own = Split::default();
        if let Some(Value::Array(parameters)) = operation.get("parameters") {
            own = self.split(parameters.clone(), &at.join("parameters"));
        }
        let body = own.body.or_else(|| shared.body.clone());
        // The operation's form fields override the path's of the same name.
        let mut form: Vec<Taken> = shared
            .form
            .iter()
            .filter(|shared| {
                let name = shared.parameter.get("name");
                !own.form.iter().any(|own| own.parameter.get("name") == name)
            })
            .cloned()
            .collect();
        form.extend(own.form);
        let request_body = at.now.join("requestBody");
        let request_body = match (body, form.is_empty()) {
            (Some(body), form_is_empty) => {
                if !form_is_empty {
                    self.warn(
                        &form[0].was,
                        "`in: formData` beside `in: body`: an operation has one body, the `in: body` one is sent".to_string(),
                        None,
                    );
                }
                Some(self.body(body, &request_body, &consumes))
            }
            (None, false) => Some(self.form(form, &request_body, &consumes)),
            (None, true) => None,
        };
        let mut new = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "consumes" | "produces" => {}
                "parameters" => {
                    if !own.kept.is_empty() {
                        new.insert(key, Value::Array(std::mem::take(&mut own.kept)));
                    }
                }
                "responses" => {
                    let responses = self.responses(value, &at.join("responses"), &produces);
                    new.insert(key, responses);
                }
                "schemes" => self.warn(
                    &at.was.join("schemes"),
                    "an operation's own `schemes` are not used: it is sent to the document's servers".to_string(),
                    None,
                ),
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if let Some(request_body) = request_body {
            new.insert("requestBody".to_string(), request_body);
        }
        new
    }

    /// The request body of an `in: body` parameter: its schema under each media type the
    /// operation consumes (JSON when it says none).
    fn body(&mut self, body: Taken, now: &Pointer, consumes: &[String]) -> Value {
        let Taken { parameter, was } = body;
        self.moved(now, &was);
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| !is_form(m))
            .collect();
        if media.is_empty() {
            media.push(JSON);
        }
        let mut content = Map::new();
        for media_type in media {
            let at = At {
                now: now.join("content").join(media_type),
                was: was.clone(),
            };
            self.moved(&at.now, &at.was);
            let mut entry = Map::new();
            if let Some(schema) = parameter.get("schema") {
                let mut schema = schema.clone();
                self.schema(&mut schema, &at.join("schema"));
                self.moved(&at.now.join("schema"), &at.was.join("schema"));
                entry.insert("schema".to_string(), schema);
            }
            content.insert(media_type.to_string(), Value::Object(entry));
        }
        let mut new = Map::new();
        if let Some(description) = parameter.get("description") {
            new.insert("description".to_string(), description.clone());
        }
        new.insert("content".to_string(), Value::Object(content));
        if parameter.get("required") == Some(&Value::Bool(true)) {
            new.insert("required".to_string(), Value::Bool(true));
        }
        Value::Object(new)
    }

    /// The request body of `in: formData` parameters: an object with a property per field,
    /// sent as `multipart/form-data` when a field is a file (or the operation consumes only
    /// that), URL-encoded otherwise.
    fn form(&mut self, fields: Vec<Taken>, now: &Pointer, consumes: &[String]) -> Value {
        self.moved(now, &fields[0].was);
        let has_file = fields
            .iter()
            .any(|f| f.parameter.get("type").and_then(Value::as_str) == Some("file"));
        let consumes_multipart = consumes.iter().any(|m| m == MULTIPART);
        let consumes_urlencoded = consumes.iter().any(|m| m == URLENCODED);
        let media_type = if has_file || (consumes_multipart && !consumes_urlencoded) {
            MULTIPART
        } else {
            URLENCODED
        };
        let schema_at = now.join("content").join(media_type).join("schema");
        self.moved(&schema_at, &fields[0].was);
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for Taken { parameter, was } in fields {
            let name = match parameter.get("name").and_then(Value::as_str) {
                Some(name) => name.to_string(),
                None => continue,
            };
            let at = At {
                now: schema_at.join("properties").join(&name),
                was: was.clone(),
            };
            self.moved(&at.now, &at.was);
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(name.clone()));
            }
            match parameter.get("collectionFormat").and_then(Value::as_str) {
                Some("multi") => {
                    encoding.insert(
                        name.clone(),
                        serde_json::json!({"style": "form", "explode": true}),
                    );
                }
                None | Some("csv") => {}
                Some(other) => self.warn(
                    &was.join("collectionFormat"),
                    format!("a form field's `collectionFormat: {other}` is not kept: its items are sent as repeated fields"),
                    None,
                ),
            }
            let mut schema = self.schema_of(&parameter, &at);
            if let (Some(description), Value::Object(schema)) =
                (parameter.get("description"), &mut schema)
            {
                schema.insert("description".to_string(), description.clone());
            }
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".to_string(), Value::from("object"));
        schema.insert("properties".to_string(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".to_string(), Value::Array(required));
        }
        let mut entry = Map::new();
        entry.insert("schema".to_string(), Value::Object(schema));
        if !encoding.is_empty() && media_type == URLENCODED {
            entry.insert("encoding".to_string(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media_type.to_string(), Value::Object(entry));
        let mut new = Map::new();
        new.insert("content".to_string(), Value::Object(content));
        if any_required {
            new.insert("required".to_string(), Value::Bool(true));
        }
        Value::Object(new)
    }

    /// A 3.0 parameter from a 2.0 one (not `body` or `formData`): the type keywords go into
    /// its `schema`, `collectionFormat` becomes its `style` and `explode`.
    fn parameter(&mut self, parameter: Value, at: &At) -> Value {
        let Value::Object(parameter) = parameter else {
            return parameter;
        };
        if parameter.contains_key("$ref") {
            return Value::Object(parameter);
        }
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
        let mut new = Map::new();
        for (key, value) in &parameter {
            let keep = matches!(
                key.as_str(),
                "name" | "in" | "description" | "required" | "allowEmptyValue"
            ) || (key.starts_with("x-") && key != "x-nullable");
            if keep {
                new.insert(key.clone(), value.clone());
            }
        }
        let schema = match parameter.get("schema") {
            // A 3.0 spelling in a 2.0 document: its schema is read as it is.
            Some(schema) => {
                let mut schema = schema.clone();
                self.schema(&mut schema, &at.join("schema"));
                schema
            }
            None => {
                let schema_at = At {
                    now: at.now.join("schema"),
                    was: at.was.clone(),
                };
                self.moved(&schema_at.now, &schema_at.was);
                self.schema_of(&parameter, &schema_at)
            }
        };
        new.insert("schema".to_string(), schema);
        if is_array {
            let format = parameter
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let was = at.was.join("collectionFormat");
            let style = match (location.as_str(), format) {
                ("query", "csv") => Some(("form", false)),
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("query", "tsv") => {
                    new.insert(COLLECTION_FORMAT.to_string(), Value::from("tsv"));
                    self.moved(&at.now.join(COLLECTION_FORMAT), &was);
                    Some(("form", false))
                }
                (_, "csv") => None,
                (_, other) => {
                    self.warn(
                        &was,
                        format!("`collectionFormat: {other}` is not available in the {location}: the items are sent separated by commas"),
                        Some("use `csv`, the only list format of paths and headers"),
                    );
                    None
                }
            };
            if let Some((style, explode)) = style {
                new.insert("style".to_string(), Value::from(style));
                new.insert("explode".to_string(), Value::Bool(explode));
                if parameter.contains_key("collectionFormat") {
                    self.moved(&at.now.join("style"), &was);
                    self.moved(&at.now.join("explode"), &was);
                }
            }
        }
        Value::Object(new)
    }

    /// The schema of a 2.0 parameter, header or items object: its type keywords.
    fn schema_of(&mut self, object: &Map<String, Value>, at: &At) -> Value {
        let mut schema = Map::new();
        for key in TYPE_KEYWORDS {
            let Some(value) = object.get(key) else {
                continue;
            };
            let value = match key {
                "items" => {
                    let items_at = at.join("items");
                    match value {
                        Value::Object(items) => {
                            if let Some(Value::String(format)) = items.get("collectionFormat")
                                && format != "csv"
                            {
                                self.warn(
                                    &items_at.was.join("collectionFormat"),
                                    format!("a nested list's `collectionFormat: {format}` is not kept: its items are written as JSON values"),
                                    None,
                                );
                            }
                            self.schema_of(items, &items_at)
                        }
                        other => other.clone(),
                    }
                }
                _ => value.clone(),
            };
            schema.insert(key.to_string(), value);
        }
        if object.get("x-nullable") == Some(&Value::Bool(true)) {
            schema.insert("nullable".to_string(), Value::Bool(true));
            self.moved(&at.now.join("nullable"), &at.was.join("x-nullable"));
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".to_string(), Value::from("string"));
            schema.insert("format".to_string(), Value::from("binary"));
            self.moved(&at.now.join("format"), &at.was.join("type"));
        }
        Value::Object(schema)
    }

    fn responses(&mut self, value: Value, at: &At, produces: &[String]) -> Value {
        let Value::Object(responses) = value else {
            return value;
        };
        let mut new = Map::new();
        for (status, response) in responses {
            let response = if status.starts_with("x-") {
                response
            } else {
                self.response(response, &at.join(&status), produces)
            };
            new.insert(status, response);
        }
        Value::Object(new)
    }

    /// A 3.0 response from a 2.0 one: its `schema` is the content of each media type the
    /// operation produces (JSON when it says none), its `examples` are by media type.
    fn response(&mut self, response: Value, at: &At, produces: &[String]) -> Value {
        let Value::Object(response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            let mut response = response;
            renamed(&mut response);
            return Value::Object(response);
        }
        let mut media: Vec<&str> = produces.iter().map(String::as_str).collect();
        if media.is_empty() {
            media.push(JSON);
        }
        let mut content = Map::new();
        if let Some(schema) = response.get("schema") {
            for media_type in &media {
                let entry_at = At {
                    now: at.now.join("content").join(media_type),
                    was: at.was.clone(),
                };
                let schema_at = entry_at.to("schema", "schema");
                self.moved(&entry_at.now, &entry_at.was);
                self.moved(&schema_at.now, &schema_at.was);
                let mut schema = schema.clone();
                self.schema(&mut schema, &schema_at);
                let mut entry = Map::new();
                entry.insert("schema".to_string(), schema);
                content.insert(media_type.to_string(), Value::Object(entry));
            }
        }
        if let Some(Value::Object(examples)) = response.get("examples") {
            for (media_type, example) in examples {
                let was = at.was.join("examples").join(media_type);
                // An example of a JSON type the operation does not list is the JSON one's.
                let target = if content.contains_key(media_type) {
                    Some(media_type.clone())
                } else if is_json(media_type) {
                    content.keys().find(|m| is_json(m)).cloned()
                } else {
                    None
                };
                match target.and_then(|t| Some((content.get_mut(&t)?.as_object_mut()?, t))) {
                    Some((entry, target)) => {
                        entry.insert("example".to_string(), example.clone());
                        self.moved(
                            &at.now.join("content").join(&target).join("example"),
                            &was,
                        );
                    }
                    None => self.warn(
                        &was,
                        format!("an example of `{media_type}`, which the response does not have, is not used"),
                        Some("key the example by a media type of `produces`"),
                    ),
                }
            }
        }
        let mut new = Map::new();
        for (key, value) in response {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = self.headers(value, &at.join("headers"));
                    new.insert(key, headers);
                }
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if !content.is_empty() {
            new.insert("content".to_string(), Value::Object(content));
        }
        Value::Object(new)
    }

    fn headers(&mut self, value: Value, at: &At) -> Value {
        let Value::Object(headers) = value else {
            return value;
        };
        let mut new = Map::new();
        for (name, header) in headers {
            let header_at = at.join(&name);
            let header = match header {
                Value::Object(header) => {
                    let schema_at = At {
                        now: header_at.now.join("schema"),
                        was: header_at.was.clone(),
                    };
                    self.moved(&schema_at.now, &schema_at.was);
                    let schema = self.schema_of(&header, &schema_at);
                    let mut converted = Map::new();
                    for (key, value) in &header {
                        if key == "description" || key.starts_with("x-") && key != "x-nullable" {
                            converted.insert(key.clone(), value.clone());
                        }
                    }
                    converted.insert("schema".to_string(), schema);
                    Value::Object(converted)
                }
                other => other,
            };
            new.insert(name, header);
        }
        Value::Object(new)
    }

    fn security_scheme(&mut self, scheme: &mut Value, at: &At) {
        let Value::Object(map) = scheme else {
            return;
        };
        match map.get("type").and_then(Value::as_str) {
            Some("basic") => {
                map.insert("type".to_string(), Value::from("http"));
                map.insert("scheme".to_string(), Value::from("basic"));
                self.moved(&at.now.join("scheme"), &at.was.join("type"));
            }
            Some("oauth2") => {
                let flow = map.remove("flow");
                let name = match flow.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    _ => {
                        // What the typed model says of it is the clearer message.
                        if let Some(flow) = flow {
                            map.insert("flow".to_string(), flow);
                        }
                        return;
                    }
                };
                let mut object = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = map.remove(key) {
                        object.insert(key.to_string(), url);
                    }
                }
                let scopes = map
                    .remove("scopes")
                    .unwrap_or_else(|| Value::Object(Map::new()));
                object.insert("scopes".to_string(), scopes);
                let now = at.now.join("flows").join(name);
                self.moved(&now, &at.was);
                self.moved(&at.now.join("flows"), &at.was.join("flow"));
                let mut flows = Map::new();
                flows.insert(name.to_string(), Value::Object(object));
                map.insert("flows".to_string(), Value::Object(flows));
            }
            _ => {}
        }
    }

    /// A 2.0 schema in 3.0 form, in place: `x-nullable` is `nullable`, `type: file` is binary
    /// content, a `discriminator` names its property in an object.
    fn schema(&mut self, schema: &mut Value, at: &At) {
        let Value::Object(map) = schema else {
            return;
        };
        renamed(map);
        if let Some(nullable) = map.remove("x-nullable") {
            map.insert("nullable".to_string(), nullable);
            self.moved(&at.now.join("nullable"), &at.was.join("x-nullable"));
        }
        if map.get("type").and_then(Value::as_str) == Some("file") {
            map.insert("type".to_string(), Value::from("string"));
            map.insert("format".to_string(), Value::from("binary"));
            self.moved(&at.now.join("format"), &at.was.join("type"));
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let property = property.clone();
            map.insert(
                "discriminator".to_string(),
                serde_json::json!({ "propertyName": property }),
            );
            self.moved(
                &at.now.join("discriminator").join("propertyName"),
                &at.was.join("discriminator"),
            );
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                self.schema(property, &at.join("properties").join(name));
            }
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if let Some(inner) = map.get_mut(keyword) {
                self.schema(inner, &at.join(keyword));
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(keyword) {
                for (i, part) in parts.iter_mut().enumerate() {
                    self.schema(part, &at.join(keyword).join(i));
                }
            }
        }
    }
}

/// Points a `$ref` to a reusable part of the document at its 3.0 place.
fn renamed(map: &mut Map<String, Value>) {
    let Some(Value::String(reference)) = map.get_mut("$ref") else {
        return;
    };
    for (was, now) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(was) {
            *reference = format!("{now}{rest}");
            return;
        }
    }
}

fn is_form(media_type: &str) -> bool {
    media_type == URLENCODED || media_type == MULTIPART
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == JSON || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The document of `yaml` rewritten, its warnings as (pointer, message), and the moves.
    fn upgraded(yaml: &str) -> (Value, Vec<(String, String)>, Moves) {
        let text = format!("swagger: '2.0'\ninfo: {{title: T, version: '1'}}\n{yaml}");
        let mut value = crate::load::parse_value(&text, "s.yaml").unwrap();
        let upgraded = upgrade(&mut value, "s.yaml");
        let warnings = upgraded
            .warnings
            .into_iter()
            .map(|w| (w.pointer, w.message))
            .collect();
        (value, warnings, upgraded.moves)
    }

    /// The pointer of the user's text that a diagnostic at `pointer` is moved back to.
    fn original(moves: &Moves, pointer: &str) -> String {
        let mut diagnostics = [crate::Diagnostic::error("s.yaml", pointer, "m")];
        moves.restore(&mut diagnostics);
        let [diagnostic] = diagnostics;
        diagnostic.pointer
    }

    #[test]
    fn host_base_path_and_schemes_become_servers() {
        let cases = [
            (
                "host: api.x.com\nbasePath: /v1/\nschemes: [http, https]\n",
                json!([{"url": "http://api.x.com/v1"}, {"url": "https://api.x.com/v1"}]),
            ),
            (
                "host: api.x.com:8080\n",
                json!([{"url": "https://api.x.com:8080"}]),
            ),
            ("basePath: /api\n", json!([{"url": "/api"}])),
            ("basePath: /\n", json!([{"url": "/"}])),
        ];
        for (yaml, servers) in cases {
            let (value, warnings, _) = upgraded(&format!("{yaml}paths: {{}}\n"));
            assert_eq!(value["servers"], servers, "{yaml}");
            assert_eq!(value["openapi"], json!("3.0.3"));
            assert_eq!(value.get("swagger"), None);
            assert_eq!(warnings, [], "{yaml}");
        }
        let (value, _, _) = upgraded("paths: {}\n");
        assert_eq!(value.get("servers"), None);
        let (value, warnings, moves) = upgraded("host: 'http://localhost:3000'\npaths: {}\n");
        assert_eq!(value["servers"], json!([{"url": "http://localhost:3000"}]));
        assert_eq!(warnings[0].0, "#/host");
        assert_eq!(original(&moves, "#/servers/0/url"), "#/host");
    }

    #[test]
    fn body_parameters_become_request_bodies_of_each_consumed_type() {
        let (value, warnings, moves) = upgraded(concat!(
            "consumes: [application/json, application/xml]\n",
            "paths:\n",
            "  /pets:\n",
            "    post:\n",
            "      parameters:\n",
            "        - {name: q, in: query, type: string}\n",
            "        - {name: pet, in: body, required: true, description: d, schema: {$ref: '#/definitions/Pet'}}\n",
            "      responses: {'200': {description: ok}}\n",
            "    put:\n",
            "      consumes: [text/plain]\n",
            "      parameters: [{name: b, in: body, schema: {type: string}}]\n",
            "      responses: {'200': {description: ok}}\n",
            "definitions: {Pet: {type: object}}\n",
        ));
        assert_eq!(warnings, []);
        let post = &value["paths"]["/pets"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"description": "d", "required": true, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
            }})
        );
        assert_eq!(
            post["parameters"],
            json!([{"name": "q", "in": "query", "schema": {"type": "string"}}])
        );
        assert_eq!(
            value["paths"]["/pets"]["put"]["requestBody"],
            json!({"content": {"text/plain": {"schema": {"type": "string"}}}})
        );
        assert_eq!(
            value["components"]["schemas"]["Pet"],
            json!({"type": "object"})
        );
        let post_at = "#/paths/~1pets/post";
        assert_eq!(
            original(
                &moves,
                &format!("{post_at}/requestBody/content/application~1xml/schema/$ref")
            ),
            format!("{post_at}/parameters/1/schema/$ref")
        );
        assert_eq!(
            original(&moves, &format!("{post_at}/parameters/0/schema/type")),
            format!("{post_at}/parameters/0/type")
        );
        assert_eq!(
            original(&moves, "#/components/schemas/Pet/type"),
            "#/definitions/Pet/type"
        );
    }

    #[test]
    fn form_data_parameters_become_a_form_body() {
        let (value, warnings, moves) = upgraded(concat!(
            "paths:\n",
            "  /a:\n",
            "    parameters: [{name: shared, in: formData, type: string}]\n",
            "    post:\n",
            "      parameters:\n",
            "        - {name: n, in: formData, type: integer, required: true, description: count}\n",
            "        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}\n",
            "      responses: {'200': {description: ok}}\n",
            "    put:\n",
            "      parameters:\n",
            "        - {name: file, in: formData, type: file, required: true}\n",
            "        - {$ref: '#/parameters/Note'}\n",
            "      responses: {'200': {description: ok}}\n",
            "parameters:\n",
            "  Note: {name: note, in: formData, type: string}\n",
            "  Limit: {name: limit, in: query, type: integer, x-nullable: true}\n",
        ));
        assert_eq!(warnings, []);
        assert_eq!(
            value["paths"]["/a"]["post"]["requestBody"],
            json!({"required": true, "content": {URLENCODED: {
                "schema": {"type": "object", "required": ["n"], "properties": {
                    "shared": {"type": "string"},
                    "n": {"type": "integer", "description": "count"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                }},
                "encoding": {"tags": {"style": "form", "explode": true}},
            }}})
        );
        assert_eq!(
            value["paths"]["/a"]["put"]["requestBody"],
            json!({"required": true, "content": {MULTIPART: {
                "schema": {"type": "object", "required": ["file"], "properties": {
                    "shared": {"type": "string"},
                    "file": {"type": "string", "format": "binary"},
                    "note": {"type": "string"},
                }},
            }}})
        );
        assert_eq!(value["paths"]["/a"].get("parameters"), None);
        // The form parameters are no component parameters; the others are.
        assert_eq!(
            value["components"]["parameters"],
            json!({"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "nullable": true}}})
        );
        let form = "#/paths/~1a/put/requestBody/content/multipart~1form-data/schema/properties";
        assert_eq!(
            original(&moves, &format!("{form}/note/type")),
            "#/parameters/Note/type"
        );
        assert_eq!(
            original(&moves, &format!("{form}/file/format")),
            "#/paths/~1a/put/parameters/0/type"
        );
        assert_eq!(
            original(&moves, "#/components/parameters/Limit/schema/nullable"),
            "#/parameters/Limit/x-nullable"
        );
    }

    #[test]
    fn collection_formats_become_styles() {
        let (value, warnings, moves) = upgraded(concat!(
            "paths:\n",
            "  /a/{ids}:\n",
            "    get:\n",
            "      parameters:\n",
            "        - {name: csv, in: query, type: array, items: {type: string}}\n",
            "        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}\n",
            "        - {name: tsv, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n",
            "        - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}\n",
            "        - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}\n",
            "        - {name: ids, in: path, required: true, type: array, items: {type: integer}}\n",
            "        - {name: X-Tags, in: header, type: array, items: {type: string}, collectionFormat: pipes}\n",
            "      responses: {'200': {description: ok}}\n",
        ));
        let parameters = &value["paths"]["/a/{ids}"]["get"]["parameters"];
        let styles: Vec<(Value, Value, Value)> = (0..7)
            .map(|i| {
                let p = &parameters[i];
                (
                    p["style"].clone(),
                    p["explode"].clone(),
                    p[COLLECTION_FORMAT].clone(),
                )
            })
            .collect();
        let none = Value::Null;
        assert_eq!(
            styles,
            [
                (json!("form"), json!(false), none.clone()),
                (json!("spaceDelimited"), json!(false), none.clone()),
                (json!("form"), json!(false), json!("tsv")),
                (json!("pipeDelimited"), json!(false), none.clone()),
                (json!("form"), json!(true), none.clone()),
                (none.clone(), none.clone(), none.clone()),
                (none.clone(), none.clone(), none.clone()),
            ]
        );
        assert_eq!(
            parameters[5]["schema"],
            json!({"type": "array", "items": {"type": "integer"}})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].0,
            "#/paths/~1a~1{ids}/get/parameters/6/collectionFormat"
        );
        assert_eq!(
            original(&moves, "#/paths/~1a~1{ids}/get/parameters/1/style"),
            "#/paths/~1a~1{ids}/get/parameters/1/collectionFormat"
        );
    }

    #[test]
    fn responses_have_content_of_each_produced_type() {
        let (value, warnings, moves) = upgraded(concat!(
            "produces: [application/json, application/xml]\n",
            "paths:\n",
            "  /a:\n",
            "    get:\n",
            "      responses:\n",
            "        '200':\n",
            "          description: ok\n",
            "          schema: {type: object, properties: {n: {type: integer, x-nullable: true}}}\n",
            "          headers: {X-Rate: {type: integer, description: left}}\n",
            "          examples: {application/json: {n: 1}, text/csv: 'n\\n1'}\n",
            "        '404': {$ref: '#/responses/NotFound'}\n",
            "    delete:\n",
            "      produces: []\n",
            "      responses:\n",
            "        '200': {description: ok, schema: {type: file}}\n",
            "responses:\n",
            "  NotFound: {description: missing, schema: {$ref: '#/definitions/E'}}\n",
            "definitions: {E: {type: object}}\n",
        ));
        let ok = &value["paths"]["/a"]["get"]["responses"]["200"];
        let schema =
            json!({"type": "object", "properties": {"n": {"type": "integer", "nullable": true}}});
        assert_eq!(
            ok["content"],
            json!({
                "application/json": {"schema": schema, "example": {"n": 1}},
                "application/xml": {"schema": schema},
            })
        );
        assert_eq!(
            ok["headers"],
            json!({"X-Rate": {"description": "left", "schema": {"type": "integer"}}})
        );
        assert_eq!(
            value["paths"]["/a"]["get"]["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            value["components"]["responses"]["NotFound"],
            json!({"description": "missing", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/E"}},
                "application/xml": {"schema": {"$ref": "#/components/schemas/E"}},
            }})
        );
        assert_eq!(
            value["paths"]["/a"]["delete"]["responses"]["200"]["content"],
            json!({JSON: {"schema": {"type": "string", "format": "binary"}}})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].0,
            "#/paths/~1a/get/responses/200/examples/text~1csv"
        );
        let at = "#/paths/~1a/get/responses/200";
        assert_eq!(
            original(
                &moves,
                &format!("{at}/content/application~1xml/schema/properties/n/nullable")
            ),
            format!("{at}/schema/properties/n/x-nullable")
        );
        assert_eq!(
            original(&moves, &format!("{at}/content/application~1json/example/n")),
            format!("{at}/examples/application~1json/n")
        );
        assert_eq!(
            original(&moves, &format!("{at}/headers/X-Rate/schema/type")),
            format!("{at}/headers/X-Rate/type")
        );
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let (value, warnings, moves) = upgraded(concat!(
            "paths: {}\n",
            "securityDefinitions:\n",
            "  basic: {type: basic, description: d}\n",
            "  key: {type: apiKey, name: X-Key, in: header}\n",
            "  implicit: {type: oauth2, flow: implicit, authorizationUrl: 'https://a', scopes: {read: r}}\n",
            "  password: {type: oauth2, flow: password, tokenUrl: 'https://t'}\n",
            "  application: {type: oauth2, flow: application, tokenUrl: 'https://t', scopes: {}}\n",
            "  accessCode: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {}}\n",
        ));
        assert_eq!(warnings, []);
        assert_eq!(
            value["components"]["securitySchemes"],
            json!({
                "basic": {"type": "http", "scheme": "basic", "description": "d"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"read": "r"}}}},
                "password": {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}},
                "application": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}},
                "accessCode": {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}},
            })
        );
        assert_eq!(
            original(
                &moves,
                "#/components/securitySchemes/password/flows/password/tokenUrl"
            ),
            "#/securityDefinitions/password/tokenUrl"
        );
    }

    #[test]
    fn schemas_take_their_30_spelling() {
        let (value, _, _) = upgraded(concat!(
            "paths: {}\n",
            "definitions:\n",
            "  Pet:\n",
            "    type: object\n",
            "    discriminator: kind\n",
            "    properties:\n",
            "      kind: {type: string}\n",
            "      owner: {$ref: '#/definitions/Owner', x-nullable: true}\n",
            "      photos: {type: array, items: {type: file}}\n",
            "  Owner: {type: object, additionalProperties: {$ref: '#/definitions/Pet'}}\n",
        ));
        assert_eq!(
            value["components"]["schemas"],
            json!({
                "Pet": {"type": "object", "discriminator": {"propertyName": "kind"}, "properties": {
                    "kind": {"type": "string"},
                    "owner": {"$ref": "#/components/schemas/Owner", "nullable": true},
                    "photos": {"type": "array", "items": {"type": "string", "format": "binary"}},
                }},
                "Owner": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Pet"}},
            })
        );
    }

    #[test]
    fn diagnostics_of_a_20_document_point_at_its_text() {
        let text = concat!(
            "swagger: '2.0'\n",
            "info: {title: T, version: '1'}\n",
            "paths:\n",
            "  /a:\n",
            "    post:\n",
            "      parameters:\n",
            "        - name: q\n",
            "          in: query\n",
            "          type: [string]\n",
            "        - name: b\n",
            "          in: body\n",
            "          schema: {$ref: '#/definitions/Missing'}\n",
            "      responses: {'200': {description: ok}}\n",
        );
        let source = crate::Source {
            file: "s.yaml".to_string(),
            text: text.to_string(),
        };
        let error = crate::generate_source(&source, None).unwrap_err();
        let [diagnostic] = error.diagnostics() else {
            panic!("one diagnostic: {error}");
        };
        assert_eq!(diagnostic.pointer, "#/paths/~1a/post/parameters/0/type");
        assert_eq!(diagnostic.position, Some((9, 11)));
        assert!(diagnostic.message.contains("Swagger 2.0"), "{error}");
    }
}
