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

mod operations;
mod parameters;
mod responses;

use super::moves::{Input, Moves, Upgraded};
use crate::diagnostics::Collector;
use crate::pointer::Pointer;
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
        assert_eq!(moves.original("#/servers/0/url"), "#/host");
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
            moves.original(&format!(
                "{post_at}/requestBody/content/application~1xml/schema/$ref"
            )),
            format!("{post_at}/parameters/1/schema/$ref")
        );
        assert_eq!(
            moves.original(&format!("{post_at}/parameters/0/schema/type")),
            format!("{post_at}/parameters/0/type")
        );
        assert_eq!(
            moves.original("#/components/schemas/Pet/type"),
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
            "        - {name: ids, in: formData, type: array, items: {type: integer}}\n",
            "        - {name: codes, in: formData, type: array, items: {type: string}, collectionFormat: pipes}\n",
            "      responses: {'200': {description: ok}}\n",
            "    put:\n",
            "      parameters:\n",
            "        - {name: file, in: formData, type: file, required: true}\n",
            "        - {name: labels, in: formData, type: array, items: {type: string}, collectionFormat: ssv}\n",
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
                    "ids": {"type": "array", "items": {"type": "integer"}},
                    "codes": {"type": "array", "items": {"type": "string"}},
                }},
                // An array's `collectionFormat`, `csv` when not given, is its style.
                "encoding": {
                    "tags": {"style": "form", "explode": true},
                    "ids": {"style": "form", "explode": false},
                    "codes": {"style": "pipeDelimited", "explode": false},
                },
            }}})
        );
        assert_eq!(
            value["paths"]["/a"]["put"]["requestBody"],
            json!({"required": true, "content": {MULTIPART: {
                "schema": {"type": "object", "required": ["file"], "properties": {
                    "shared": {"type": "string"},
                    "file": {"type": "string", "format": "binary"},
                    "labels": {"type": "array", "items": {"type": "string"}},
                    "note": {"type": "string"},
                }},
                "encoding": {"labels": {"style": "spaceDelimited", "explode": false}},
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
            moves.original(&format!("{form}/note/type")),
            "#/parameters/Note/type"
        );
        assert_eq!(
            moves.original(&format!("{form}/file/format")),
            "#/paths/~1a/put/parameters/0/type"
        );
        assert_eq!(
            moves.original("#/components/parameters/Limit/schema/nullable"),
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
            moves.original("#/paths/~1a~1{ids}/get/parameters/1/style"),
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
            moves.original(&format!(
                "{at}/content/application~1xml/schema/properties/n/nullable"
            )),
            format!("{at}/schema/properties/n/x-nullable")
        );
        assert_eq!(
            moves.original(&format!("{at}/content/application~1json/example/n")),
            format!("{at}/examples/application~1json/n")
        );
        assert_eq!(
            moves.original(&format!("{at}/headers/X-Rate/schema/type")),
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
            moves.original("#/components/securitySchemes/password/flows/password/tokenUrl"),
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
        let errors: Vec<_> = error
            .diagnostics()
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .collect();
        let [diagnostic] = errors[..] else {
            panic!("one error: {error}");
        };
        assert_eq!(diagnostic.pointer, "#/paths/~1a/post/parameters/0/type");
        assert_eq!(diagnostic.position, Some((9, 11)));
        assert!(diagnostic.message.contains("Swagger 2.0"), "{error}");
    }
}
