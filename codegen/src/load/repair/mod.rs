//! Repairs of mistakes common in specs one does not control, made on the untyped document
//! before it is upgraded and typed, where the author's intent is plain and a faithful client
//! can still be written: each is a warning at the user's own text that says what was assumed.
//! Lowering then reads an ordinary document.
//!
//! A Swagger 2.0 document gets only the repair of its `info` (2.0 allows what is a mistake
//! in 3.x, `in: body` for one); a document of another version is left alone.

mod case;
mod refs;
mod schemas;
mod schemes;

use crate::diagnostics::{Collector, Diagnostic};
use crate::pointer::Pointer;
use serde_json::{Map, Value, json};

/// What the run allows beyond the repairs always made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// A `$ref` to a component that does not exist is read as a node of any JSON (a
    /// parameter is left out), with a warning, instead of an error.
    pub missing_refs: bool,
}

/// The flag of the `codegen` command that reads `$ref`s to nothing as any JSON.
pub const ALLOW_MISSING_REFS: &str = "--allow-missing-refs";

/// Repairs `document` in place; the warnings say what was assumed, at the user's text.
pub fn repair(document: &mut Value, file: &str, allow: Allow) -> Vec<Diagnostic> {
    if document.get("swagger").is_some() {
        return repair_2(document, file);
    }
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !version.starts_with("3.") || !document.is_object() {
        return Vec::new();
    }
    let request_bodies = match document.pointer("/components/requestBodies") {
        Some(Value::Object(bodies)) => bodies.clone(),
        _ => Map::new(),
    };
    let mut repairs = Repairs {
        is_30: version == "3.0" || version.starts_with("3.0."),
        request_bodies,
        found: Collector::new(file),
    };
    if allow.missing_refs {
        let original = document.clone();
        repairs.missing_refs(document, &original, &Pointer::root());
    }
    if let Value::Object(root) = document {
        repairs.root(root, file);
    }
    repairs.schemas(document);
    repairs.found.into_items()
}

/// The repairs that hold for Swagger 2.0 too (an `info` without a title or a version, as
/// some generators of 2.0 specs write it; a security scheme that cannot be used and is
/// required nowhere); the rest are left alone, since 2.0 allows what is a
/// mistake in 3.x.
fn repair_2(document: &mut Value, file: &str) -> Vec<Diagnostic> {
    let mut repairs = Repairs {
        is_30: false,
        request_bodies: Map::new(),
        found: Collector::new(file),
    };
    if let Value::Object(root) = document {
        repairs.info(root, file);
        repairs.unusable_schemes(root, &["securityDefinitions"]);
    }
    repairs.found.into_items()
}

/// The keys whose values are data (examples, defaults, extensions), never OpenAPI nodes.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// The fields of a path item that hold an operation (`query` is OpenAPI 3.2's; its
/// `additionalOperations` are in [`other_operations`]).
const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// The operations of OpenAPI 3.2's `additionalOperations` of a path item, with their methods.
fn other_operations(
    item: &mut Map<String, Value>,
) -> impl Iterator<Item = (&String, &mut Map<String, Value>)> {
    let others = match item.get_mut("additionalOperations") {
        Some(Value::Object(others)) => Some(others),
        _ => None,
    };
    others
        .into_iter()
        .flat_map(|others| others.iter_mut())
        .filter_map(|(method, operation)| Some((method, operation.as_object_mut()?)))
}

/// The repairs of one document and their warnings.
struct Repairs {
    /// Whether the document is 3.0 (3.1 allows what 3.0 does not: no `paths`, type lists).
    is_30: bool,
    /// `components.requestBodies` as written, for responses that refer to one.
    request_bodies: Map<String, Value>,
    found: Collector,
}

impl Repairs {
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>, hint: &str) {
        self.found.warning(pointer, message, Some(hint));
    }

    /// The document's own fields, then its paths and components.
    fn root(&mut self, root: &mut Map<String, Value>, file: &str) {
        let at = Pointer::root();
        self.info(root, file);
        if self.is_30 && !root.contains_key("paths") {
            root.insert("paths".to_string(), json!({}));
            self.warn(
                &at,
                "an OpenAPI 3.0 document without `paths`: read as one with no operations",
                "add `paths: {}` (OpenAPI 3.1 allows leaving it out)",
            );
        }
        for key in ["servers", "tags"] {
            self.one_as_list(root, key, &at);
        }
        self.security(root, &at);
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
                if let Value::Object(item) = item {
                    self.path_item(item, &at.join("paths").join(path));
                }
            }
        }
        self.components(root);
        self.unusable_schemes(root, &["components", "securitySchemes"]);
    }

    /// No `info`, or one without `title`: the crate is named after the file; no `version`,
    /// or a number (`version: 1.0`): its text.
    fn info(&mut self, root: &mut Map<String, Value>, file: &str) {
        let stem = std::path::Path::new(file)
            .file_stem()
            .map_or_else(|| "api".to_string(), |s| s.to_string_lossy().into_owned());
        let hint = "add `info: {title: ..., version: ...}`: the title names the crate";
        let Some(info) = root.get_mut("info") else {
            root.insert("info".to_string(), json!({"title": stem, "version": ""}));
            let message = format!("the document has no `info`: the API is called `{stem}`");
            self.warn(&Pointer::root(), message, hint);
            return;
        };
        let Value::Object(info) = info else {
            return;
        };
        let at = Pointer::root().join("info");
        if !info.contains_key("title") {
            info.insert("title".to_string(), Value::String(stem.clone()));
            let message = format!("`info` has no `title`: the API is called `{stem}`");
            self.warn(&at, message, hint);
        }
        let version = match info.get("version") {
            None => String::new(),
            Some(Value::Number(number)) => number.to_string(),
            Some(_) => return,
        };
        let message = match version.is_empty() {
            true => "`info` has no `version`: it is read as empty".to_string(),
            false => format!("`info.version` is a number: it is read as `{version}`"),
        };
        info.insert("version".to_string(), Value::String(version));
        self.warn(
            &at,
            message,
            "write the version as a string: `version: '1.0.0'`",
        );
    }

    /// One item given where a list belongs (`servers: {url: ...}`, `tags: name`): a list of it.
    fn one_as_list(&mut self, map: &mut Map<String, Value>, key: &str, at: &Pointer) {
        let Some(value) = map.get_mut(key) else {
            return;
        };
        // An operation's tags are names; the document's are objects.
        let names = key == "tags" && at.as_str() != "#";
        let what = match value {
            Value::Object(_) => "a mapping",
            Value::String(_) if names => "a string",
            _ => return,
        };
        *value = Value::Array(vec![value.take()]);
        self.warn(
            &at.join(key),
            format!("`{key}` is {what}, not a list: read as a list of one"),
            "write a list: put `- ` before the item",
        );
    }

    /// Security requirements: one given as a mapping instead of a list, and scopes given as
    /// a mapping (`{JWT: {}}`) instead of a list (its keys are the scopes).
    fn security(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        self.one_as_list(map, "security", at);
        let Some(Value::Array(requirements)) = map.get_mut("security") else {
            return;
        };
        for (index, requirement) in requirements.iter_mut().enumerate() {
            let Value::Object(requirement) = requirement else {
                continue;
            };
            for (scheme, scopes) in requirement.iter_mut() {
                let Value::Object(named) = scopes else {
                    continue;
                };
                let keys = named.keys().cloned().map(Value::String).collect();
                *scopes = Value::Array(keys);
                self.warn(
                    &at.join("security").join(index).join(scheme),
                    format!("the scopes of `{scheme}` are a mapping, not a list: read as its keys"),
                    "write the scopes as a list: `[]` when there are none",
                );
            }
        }
    }

    fn path_item(&mut self, item: &mut Map<String, Value>, at: &Pointer) {
        self.one_as_list(item, "servers", at);
        self.parameters(item, at);
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                self.operation(operation, &at.join(method));
            }
        }
        let others = at.join("additionalOperations");
        for (method, operation) in other_operations(item) {
            self.operation(operation, &others.join(method));
        }
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, at: &Pointer) {
        for key in ["tags", "servers"] {
            self.one_as_list(operation, key, at);
        }
        self.security(operation, at);
        self.parameters(operation, at);
        self.body_parameters(operation, at);
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                self.response(response, &at.join("responses").join(status));
            }
        }
    }

    /// Parameters with neither `schema` nor `content`: strings.
    fn parameters(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if let Some(Value::Array(parameters)) = map.get_mut("parameters") {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                let at = at.join("parameters").join(index);
                self.keyword_case(parameter, case::PARAMETER, &at);
                self.untyped(parameter, &at, "parameter");
            }
        }
    }

    /// A parameter or header with neither `schema` nor `content`: a string.
    fn untyped(&mut self, node: &mut Value, at: &Pointer, what: &str) {
        let Value::Object(map) = node else {
            return;
        };
        if map.contains_key("$ref") || map.contains_key("schema") || map.contains_key("content") {
            return;
        }
        if map.get("in").and_then(Value::as_str) == Some("body") {
            return;
        }
        map.insert("schema".to_string(), json!({"type": "string"}));
        self.warn(
            at,
            format!("a {what} with neither `schema` nor `content`: read as a string"),
            "give it a `schema`, such as `schema: {type: string}`",
        );
    }

    /// `in: body` parameters (Swagger 2.0's way) in a 3.x operation: the request body.
    fn body_parameters(&mut self, operation: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(parameters)) = operation.get_mut("parameters") else {
            return;
        };
        let is_body = |p: &Value| p.get("in").and_then(Value::as_str) == Some("body");
        let indexes: Vec<usize> = (0..parameters.len())
            .filter(|&i| is_body(&parameters[i]))
            .collect();
        let mut bodies: Vec<(usize, Value)> = Vec::new();
        for &index in indexes.iter().rev() {
            bodies.push((index, parameters.remove(index)));
        }
        bodies.reverse();
        for (index, body) in bodies {
            let place = at.join("parameters").join(index).join("in");
            if operation.contains_key("requestBody") {
                self.warn(
                    &place,
                    "a second request body (`in: body`) is ignored",
                    "an operation has one request body: write it as `requestBody`",
                );
                continue;
            }
            let mut request = Map::new();
            if let Some(description) = body.get("description") {
                request.insert("description".to_string(), description.clone());
            }
            if let Some(required) = body.get("required").filter(|r| r.is_boolean()) {
                request.insert("required".to_string(), required.clone());
            }
            let schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
            request.insert(
                "content".to_string(),
                json!({"application/json": {"schema": schema}}),
            );
            operation.insert("requestBody".to_string(), Value::Object(request));
            self.warn(
                &place,
                "`in: body` is Swagger 2.0's: the parameter is read as a JSON request body",
                "write it as the operation's `requestBody`, with `content: {application/json: {schema: ...}}`",
            );
        }
    }

    /// A response that `$ref`s a request body (the same shape) or a schema (the JSON body).
    fn response(&mut self, response: &mut Value, at: &Pointer) {
        let Some(reference) = response.get("$ref").and_then(Value::as_str) else {
            if let Some(Value::Object(headers)) = response.get_mut("headers") {
                for (name, header) in headers.iter_mut() {
                    self.untyped(header, &at.join("headers").join(name), "header");
                }
            }
            return;
        };
        let reference = reference.to_string();
        if reference.starts_with("#/components/schemas/") {
            *response = json!({
                "description": "",
                "content": {"application/json": {"schema": {"$ref": reference}}}
            });
            self.warn(
                &at.join("$ref"),
                format!("a response `$ref`s a schema, `{reference}`: read as its JSON body"),
                "point the reference at a response, or write `content: {application/json: {schema: {$ref: ...}}}`",
            );
        } else if let Some(name) = reference.strip_prefix("#/components/requestBodies/")
            && let Some(body) = self.request_bodies.get(&crate::pointer::unescape(name))
        {
            *response = body_as_response(body, &reference);
            self.warn(
                &at.join("$ref"),
                format!("a response `$ref`s a request body, `{reference}`: read as a response with its content"),
                "point the reference at a response in `components.responses`",
            );
        }
    }

    /// The parameters, headers and responses of `components`.
    fn components(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(components)) = root.get_mut("components") else {
            return;
        };
        let at = Pointer::root().join("components");
        for (section, what) in [("parameters", "parameter"), ("headers", "header")] {
            if let Some(Value::Object(nodes)) = components.get_mut(section) {
                for (name, node) in nodes.iter_mut() {
                    let at = at.join(section).join(name);
                    if section == "parameters" {
                        self.keyword_case(node, case::PARAMETER, &at);
                    }
                    self.untyped(node, &at, what);
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            for (name, scheme) in schemes.iter_mut() {
                let at = at.join("securitySchemes").join(name);
                self.keyword_case(scheme, case::SCHEME, &at);
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                self.response(response, &at.join("responses").join(name));
            }
        }
    }
}

/// A response with a request body's description and content, each media type's schema a
/// reference to the request body's own, so that the types are the same.
fn body_as_response(body: &Value, reference: &str) -> Value {
    let mut content = Map::new();
    if let Some(Value::Object(media_types)) = body.get("content") {
        for (media_type, node) in media_types {
            let mut media = Map::new();
            if node.get("schema").is_some() {
                let schema = format!(
                    "{reference}/content/{}/schema",
                    crate::pointer::escape(media_type)
                );
                media.insert("schema".to_string(), json!({"$ref": schema}));
            }
            content.insert(media_type.clone(), Value::Object(media));
        }
    }
    let description = body.get("description").cloned().unwrap_or(json!(""));
    json!({"description": description, "content": content})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document repaired, and the warnings' pointers and messages.
    fn repaired(mut document: Value, allow: Allow) -> (Value, Vec<(String, String)>) {
        let warnings = repair(&mut document, "spec.yaml", allow)
            .into_iter()
            .map(|w| (w.pointer, w.message))
            .collect();
        (document, warnings)
    }

    #[test]
    fn the_operations_of_other_methods_are_repaired_too() {
        let scheme = json!({"type": "apiKey", "in": "header"});
        let document = json!({"openapi": "3.2.0", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {
                "query": {"parameters": [{"name": "q", "in": "query"}], "responses": {}},
                "additionalOperations": {"COPY": {"security": [{"key": []}], "responses": {}}}
            }},
            "components": {"securitySchemes": {"key": scheme}}});
        let (document, warnings) = repaired(document, Allow::default());
        let pointers: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(pointers, ["#/paths/~1a/query/parameters/0"]);
        // The scheme only `COPY` requires stays, to be reported where it is checked.
        assert_eq!(document["components"]["securitySchemes"]["key"], scheme);
    }

    #[test]
    fn a_scheme_that_cannot_be_sent_is_left_out_only_when_nothing_requires_it() {
        let scheme = json!({"type": "apiKey", "in": "header"});
        let unused = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"securitySchemes": {"key": scheme, "ok": {"type": "http", "scheme": "bearer"}}}});
        let (document, warnings) = repaired(unused, Allow::default());
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"ok": {"type": "http", "scheme": "bearer"}})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].0, "#/components/securitySchemes/key");
        assert!(warnings[0].1.contains("`name`"), "{warnings:?}");
        // Required by an operation, it stays, to be reported where it is checked.
        let required = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"security": [{"key": []}], "responses": {}}}},
            "components": {"securitySchemes": {"key": scheme}}});
        assert_eq!(
            repaired(required.clone(), Allow::default()),
            (required, Vec::new())
        );
        // Swagger 2.0's, by the document's requirement.
        let swagger = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "securityDefinitions": {"key": scheme}});
        let (document, warnings) = repaired(swagger, Allow::default());
        assert_eq!(document["securityDefinitions"], json!({}));
        assert_eq!(warnings[0].0, "#/securityDefinitions/key");
        let swagger = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "security": [{"key": []}], "securityDefinitions": {"key": scheme}});
        assert_eq!(
            repaired(swagger.clone(), Allow::default()),
            (swagger, Vec::new())
        );
    }

    #[test]
    fn keywords_in_another_case_are_read_as_the_specification_spells_them() {
        let document = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "QUERY", "style": "FORM", "schema": {}}], "responses": {}}}},
            "components": {"securitySchemes": {"key": {"type": "APIKEY", "in": "Header", "name": "k"}}}});
        let (document, warnings) = repaired(document, Allow::default());
        let parameter = &document["paths"]["/a"]["get"]["parameters"][0];
        assert_eq!(
            (&parameter["in"], &parameter["style"]),
            (&json!("query"), &json!("form"))
        );
        let scheme = &document["components"]["securitySchemes"]["key"];
        assert_eq!(
            (&scheme["type"], &scheme["in"]),
            (&json!("apiKey"), &json!("header"))
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert_eq!(warnings[0].0, "#/paths/~1a/get/parameters/0/in");
        assert_eq!(
            warnings[0].1,
            "`in: QUERY` is written `query` in OpenAPI: read as `query`"
        );
        // A value that is no keyword in any case is left to be reported where it is checked.
        let unknown = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "body2", "schema": {}}], "responses": {}}}}});
        assert_eq!(
            repaired(unknown.clone(), Allow::default()),
            (unknown, Vec::new())
        );
    }

    #[test]
    fn swagger_2_documents_get_only_the_info_repair() {
        let swagger = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"post": {"parameters": [{"in": "body", "name": "b"}]}}}});
        assert_eq!(
            repaired(swagger.clone(), Allow::default()),
            (swagger, Vec::new())
        );
        let (document, warnings) =
            repaired(json!({"swagger": "2.0", "paths": {}}), Allow::default());
        assert_eq!(document["info"], json!({"title": "spec", "version": ""}));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].1.contains("no `info`"), "{warnings:?}");
    }

    #[test]
    fn keywords_of_objects_or_arrays_on_a_schema_of_another_type_are_left_out() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Code": {"type": "string", "description": "d", "required": ["a"],
                "properties": {"a": {"description": "the value a"}}},
            "List": {"type": "array", "items": {"type": "string"}, "properties": {"b": {}}},
            "Thing": {"type": "object", "properties": {"c": {"type": "integer", "items": {}}}},
            "Any": {"properties": {"d": {}}, "required": ["d"]}
        }}});
        let (document, warnings) = repaired(document, Allow::default());
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Code"],
            json!({"type": "string", "description": "d"})
        );
        assert_eq!(
            schemas["List"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            schemas["Thing"]["properties"]["c"],
            json!({"type": "integer"})
        );
        // Without a `type`, the keywords make it an object.
        assert_eq!(
            schemas["Any"],
            json!({"properties": {"d": {}}, "required": ["d"]})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/Code/properties",
                "#/components/schemas/Code/required",
                "#/components/schemas/List/properties",
                "#/components/schemas/Thing/properties/c/items",
            ]
        );
        assert!(warnings[0].1.contains("`type: string`"), "{warnings:?}");
    }

    #[test]
    fn an_enum_says_the_type_and_nullability_its_schema_contradicts() {
        let schemas = json!({
            "Flag": {"type": "string", "nullable": true, "enum": [true, false]},
            "Code": {"type": "string", "enum": ["A", "B", null]},
            "Mixed": {"type": "string", "enum": [1, "a"]},
            "Right": {"type": "number", "enum": [1, 2.5]}
        });
        let document = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}});
        let (document, warnings) = repaired(document, Allow::default());
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Flag"]["type"], "boolean");
        assert_eq!(schemas["Code"]["nullable"], true);
        // A value fits the type: the others are the author's to fix, not guessed at.
        assert_eq!(schemas["Mixed"]["type"], "string");
        assert_eq!(schemas["Right"]["type"], "number");
        let pointers: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/Flag/type",
                "#/components/schemas/Code/enum"
            ]
        );
        // 3.1 writes `null` among the types.
        let document = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": {"Code": {"type": "string", "enum": ["A", null]},
                "Listed": {"type": ["string", "null"], "enum": ["A", null]}}}});
        let (document, warnings) = repaired(document, Allow::default());
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Code"]["type"], json!(["string", "null"]));
        assert_eq!(schemas["Listed"]["type"], json!(["string", "null"]));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn a_type_list_is_repaired_in_3_0_only() {
        let schema = json!({"type": ["string", "null"]});
        let v31 = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"S": schema}}});
        assert_eq!(repaired(v31.clone(), Allow::default()), (v31, Vec::new()));
        let mut v30 = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"S": schema}}});
        let (document, warnings) = repaired(v30.take(), Allow::default());
        assert_eq!(
            document["components"]["schemas"]["S"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(warnings[0].0, "#/components/schemas/S/type");
    }

    #[test]
    fn a_body_parameter_beside_a_request_body_is_left_out() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"post": {
                "parameters": [{"name": "q", "in": "query", "schema": {}}, {"name": "b", "in": "body", "schema": {"type": "string"}}],
                "requestBody": {"content": {"text/plain": {"schema": {}}}},
                "responses": {}
            }}}
        });
        let (document, warnings) = repaired(document, Allow::default());
        let operation = &document["paths"]["/a"]["post"];
        assert_eq!(
            operation["parameters"],
            json!([{"name": "q", "in": "query", "schema": {}}])
        );
        assert_eq!(
            operation["requestBody"],
            json!({"content": {"text/plain": {"schema": {}}}})
        );
        assert_eq!(
            warnings,
            [(
                "#/paths/~1a/post/parameters/1/in".to_string(),
                "a second request body (`in: body`) is ignored".to_string()
            )]
        );
    }

    #[test]
    fn required_true_joins_the_required_list_once() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": {"type": "object", "required": ["a"], "properties": {
                "a": {"type": "string", "required": true},
                "b": {"type": "string", "required": true},
                "required": {"type": "boolean"}
            }}}}
        });
        let (document, warnings) = repaired(document, Allow::default());
        let schema = &document["components"]["schemas"]["S"];
        assert_eq!(schema["required"], json!(["a", "b"]));
        assert_eq!(schema["properties"]["a"], json!({"type": "string"}));
        assert_eq!(warnings.len(), 2);
    }

    #[test]
    fn missing_refs_are_repaired_only_when_allowed() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "S": {"properties": {
                    "a": {"$ref": "#/components/schemas/Nowhere"},
                    "b": {"$ref": "#/components/schemas/S"},
                    "default": {"$ref": "#/components/schemas/Nowhere"}
                }},
                "T": {"$ref": "#/components/schemas/S/properties/b"},
                "U": {"$ref": "other.yaml#/U"}
            }}
        });
        assert_eq!(repaired(document.clone(), Allow::default()).1, Vec::new());
        let (document, warnings) = repaired(document, Allow { missing_refs: true });
        assert_eq!(
            document["components"]["schemas"]["S"]["properties"]["a"],
            json!({})
        );
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/S/properties/a/$ref",
                "#/components/schemas/S/properties/default/$ref"
            ]
        );
        assert_eq!(
            warnings[0].1,
            "`$ref` to nothing: `#/components/schemas/Nowhere`; read as any JSON"
        );
    }
}
