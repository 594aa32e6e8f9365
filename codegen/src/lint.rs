//! Warnings: what a spec says that the generated client ignores or approximates. None of
//! them stops generation; `codegen --deny-warnings` makes them errors.
//!
//! This is a pass of its own over the parsed document (and, for what `openapiv3` drops
//! while parsing, over the untyped one), so that lowering stays about decisions.

use crate::error::{Collector, Diagnostic, pointer_segment};
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response,
    Schema, SchemaKind,
};
use serde_json::Value;

/// The warnings for `document`; `untyped` is the same document before typing, when the
/// caller has it (it shows keys that typing drops, such as those next to a `$ref`).
pub fn lint(document: &OpenAPI, untyped: Option<&Value>, file: &str) -> Vec<Diagnostic> {
    let mut lint = Lint {
        out: Collector::new(file),
    };
    lint.servers(document);
    for (path, item) in &document.paths.paths {
        if let ReferenceOr::Item(item) = item {
            lint.path_item(item, &join("#/paths", path));
        }
    }
    if let Some(components) = &document.components {
        let base = "#/components";
        for (key, schema) in &components.schemas {
            lint.schema_ref(schema, &join(&join(base, "schemas"), key), 0);
        }
        for (key, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                lint.response(response, &join(&join(base, "responses"), key));
            }
        }
        for (key, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                lint.parameter(parameter, &join(&join(base, "parameters"), key));
            }
        }
        for (key, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                let pointer = join(&join(base, "requestBodies"), key);
                lint.content(&body.content, &pointer);
            }
        }
        for (key, scheme) in &components.security_schemes {
            let pointer = join(&join(base, "securitySchemes"), key);
            lint.security_scheme(scheme, &pointer);
        }
    }
    if let Some(untyped) = untyped {
        lint.beside_refs(untyped, "#", 0);
    }
    lint.out.into_items()
}

/// The warnings only the untyped tree shows (what stands beside a `$ref`, which the typed
/// one drops): [`lint`] with no document.
pub fn untyped(value: &Value, file: &str) -> Vec<Diagnostic> {
    let mut lint = Lint {
        out: Collector::new(file),
    };
    lint.beside_refs(value, "#", 0);
    lint.out.into_items()
}

fn join(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", pointer_segment(key))
}

/// Nesting deeper than this is not followed (the parsers already stop at 128).
const MAX_DEPTH: usize = 160;

struct Lint {
    out: Collector,
}

impl Lint {
    fn servers(&mut self, document: &OpenAPI) {
        let Some(server) = document.servers.first() else {
            self.out.warning(
                "#",
                "the spec lists no `servers`: the client has no default base URL",
                Some("add `servers: [{url: https://...}]`, or set the URL with `base_url` on the client builder"),
            );
            return;
        };
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            self.out.warning(
                "#/servers/0/url",
                format!("the first server URL `{}` is not absolute: the client has no default base URL", server.url),
                Some("write it with `https://`, or set the URL with `base_url` on the client builder"),
            );
        }
    }

    fn path_item(&mut self, item: &PathItem, pointer: &str) {
        if !item.servers.is_empty() {
            self.out.warning(
                &join(pointer, "servers"),
                "`servers` of a path are ignored: every request goes to the client's base URL",
                Some("move the URL to the document's `servers`, or use a client for each base URL"),
            );
        }
        for (i, parameter) in item.parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                self.parameter(parameter, &format!("{pointer}/parameters/{i}"));
            }
        }
        for (method, operation) in item.iter() {
            self.operation(operation, &join(pointer, method));
        }
    }

    fn operation(&mut self, operation: &Operation, pointer: &str) {
        if !operation.servers.is_empty() {
            self.out.warning(
                &join(pointer, "servers"),
                "`servers` of an operation are ignored: every request goes to the client's base URL",
                Some("move the URL to the document's `servers`, or use a client for each base URL"),
            );
        }
        if !operation.callbacks.is_empty() {
            self.out.warning(
                &join(pointer, "callbacks"),
                "`callbacks` are not generated: the client sends requests, it does not receive them",
                Some("implement the callback receiver in your server"),
            );
        }
        for (i, parameter) in operation.parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                self.parameter(parameter, &format!("{pointer}/parameters/{i}"));
            }
        }
        if let Some(ReferenceOr::Item(body)) = &operation.request_body {
            self.content(&body.content, &join(pointer, "requestBody"));
        }
        let responses = join(pointer, "responses");
        for (status, response) in &operation.responses.responses {
            if let ReferenceOr::Item(response) = response {
                self.response(response, &join(&responses, &status.to_string()));
            }
        }
        if let Some(ReferenceOr::Item(response)) = &operation.responses.default {
            self.response(response, &join(&responses, "default"));
        }
    }

    fn parameter(&mut self, parameter: &Parameter, pointer: &str) {
        if let Parameter::Path { style, .. } = parameter
            && !matches!(style, openapiv3::PathStyle::Simple)
        {
            let name = match style {
                openapiv3::PathStyle::Matrix => "matrix",
                _ => "label",
            };
            self.out.warning(
                &join(pointer, "style"),
                format!("path parameter style `{name}` is not supported: the value is written as `simple`"),
                Some("use the default style, `simple`"),
            );
        }
        match &parameter.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_ref(schema, &join(pointer, "schema"), 0)
            }
            ParameterSchemaOrContent::Content(content) => {
                self.out.warning(
                    &join(pointer, "content"),
                    "a parameter described by `content` is sent as a plain string",
                    Some("describe it with `schema` to get a typed argument"),
                );
                self.content(content, pointer);
            }
        }
    }

    fn response(&mut self, response: &Response, pointer: &str) {
        if !response.links.is_empty() {
            self.out.warning(
                &join(pointer, "links"),
                "response `links` are not generated: follow them by calling the linked operation",
                None,
            );
        }
        self.content(&response.content, pointer);
    }

    fn content(&mut self, content: &openapiv3::Content, pointer: &str) {
        let base = join(pointer, "content");
        for (media_type, body) in content {
            if let Some(schema) = &body.schema {
                self.schema_ref(schema, &join(&join(&base, media_type), "schema"), 0);
            }
        }
    }

    fn security_scheme(&mut self, scheme: &ReferenceOr<openapiv3::SecurityScheme>, pointer: &str) {
        use openapiv3::SecurityScheme as S;
        let kind = match scheme {
            ReferenceOr::Item(S::OAuth2 { .. }) => "OAuth 2",
            ReferenceOr::Item(S::OpenIDConnect { .. }) => "OpenID Connect",
            _ => return,
        };
        self.out.warning(
            pointer,
            format!("the client does not run {kind} flows: it sends the access token it is given as a bearer token"),
            Some("get the token with an OAuth 2 library and pass it to the client builder"),
        );
    }

    fn schema_ref(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, depth: usize) {
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, pointer, depth);
        }
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str, depth: usize) {
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, pointer, depth);
        }
    }

    fn schema(&mut self, schema: &Schema, pointer: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let depth = depth + 1;
        match &schema.schema_kind {
            // What is inside a `not` is ignored with it, so it is not looked into.
            SchemaKind::Not { .. } => {
                self.out.warning(
                    &join(pointer, "not"),
                    "a `not` schema is not checked: the value is any JSON",
                    Some("describe what the value is rather than what it is not"),
                );
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                for (key, property) in &object.properties {
                    self.boxed(property, &join(&join(pointer, "properties"), key), depth);
                }
                if let Some(openapiv3::AdditionalProperties::Schema(inner)) =
                    &object.additional_properties
                {
                    self.schema_ref(inner, &join(pointer, "additionalProperties"), depth);
                }
            }
            SchemaKind::Type(openapiv3::Type::Array(array)) => {
                if let Some(items) = &array.items {
                    self.boxed(items, &join(pointer, "items"), depth);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::AllOf { all_of: parts } => self.parts(parts, pointer, "allOf", depth),
            SchemaKind::OneOf { one_of: parts } => self.parts(parts, pointer, "oneOf", depth),
            SchemaKind::AnyOf { any_of: parts } => self.parts(parts, pointer, "anyOf", depth),
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ
                    && !matches!(
                        typ.as_str(),
                        "string" | "number" | "integer" | "boolean" | "array" | "object"
                    )
                {
                    self.out.warning(
                        &join(pointer, "type"),
                        format!("unknown schema type `{typ}`: the value is any JSON"),
                        Some("the types are `string`, `number`, `integer`, `boolean`, `array` and `object`"),
                    );
                }
                if any.not.is_some() {
                    self.out.warning(
                        &join(pointer, "not"),
                        "`not` is ignored: the client does not check what a value must not be",
                        None,
                    );
                }
                for (key, property) in &any.properties {
                    self.boxed(property, &join(&join(pointer, "properties"), key), depth);
                }
                if let Some(items) = &any.items {
                    self.boxed(items, &join(pointer, "items"), depth);
                }
                if let Some(openapiv3::AdditionalProperties::Schema(inner)) =
                    &any.additional_properties
                {
                    self.schema_ref(inner, &join(pointer, "additionalProperties"), depth);
                }
                self.parts(&any.all_of, pointer, "allOf", depth);
                self.parts(&any.one_of, pointer, "oneOf", depth);
                self.parts(&any.any_of, pointer, "anyOf", depth);
            }
        }
    }

    fn parts(&mut self, parts: &[ReferenceOr<Schema>], pointer: &str, key: &str, depth: usize) {
        for (i, part) in parts.iter().enumerate() {
            self.schema_ref(part, &format!("{pointer}/{key}/{i}"), depth);
        }
    }

    /// Keys next to a `$ref`, which OpenAPI 3.0 ignores (and `openapiv3` drops). Only
    /// nodes where a `$ref` can stand are looked at: not examples, defaults, enums or
    /// extensions, whose content is data, nor maps of names (`properties`, `schemas`, ...)
    /// in which `$ref` would be a name.
    fn beside_refs(&mut self, value: &Value, pointer: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(_)) = map.get("$ref") {
                    let ignored: Vec<&String> = map
                        .keys()
                        .filter(|k| {
                            !k.starts_with("x-")
                                && !matches!(
                                    k.as_str(),
                                    "$ref" | "description" | "summary" | "title" | "example"
                                )
                        })
                        .collect();
                    if let Some(first) = ignored.first() {
                        let names: Vec<String> = ignored.iter().map(|k| format!("`{k}`")).collect();
                        self.out.warning(
                            &join(pointer, first),
                            format!("{} next to `$ref` {} ignored", names.join(", "), if ignored.len() == 1 { "is" } else { "are" }),
                            Some("in OpenAPI 3.0 a `$ref` replaces its whole node; to add to it, write `allOf: [{$ref: ...}]` beside the other keys"),
                        );
                    }
                    return;
                }
                for (key, inner) in map {
                    if key.starts_with("x-")
                        || matches!(key.as_str(), "example" | "default" | "enum" | "mapping")
                    {
                        continue;
                    }
                    // The values of `examples` may be `$ref`s; what is inside them is data.
                    if key == "examples" && inner.is_object() {
                        continue;
                    }
                    self.beside_refs(inner, &join(pointer, key), depth + 1);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    self.beside_refs(inner, &format!("{pointer}/{i}"), depth + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(yaml: &str) -> Vec<(String, String)> {
        let value = crate::load::parse_value(yaml, "spec.yaml").unwrap();
        let document = crate::load::document(&value, "spec.yaml").unwrap();
        lint(&document, Some(&value), "spec.yaml")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x'}]\n";

    #[test]
    fn each_ignored_construct_is_named_at_its_place() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "paths: {/a: {get: {responses: {'200': {description: ok}}, callbacks: {cb: {'{$request.body#/url}': {post: {responses: {'200': {description: ok}}}}}}}}}",
                "#/paths/~1a/get/callbacks",
                "`callbacks` are not generated",
            ),
            (
                "paths: {/a: {get: {responses: {'200': {description: ok, links: {next: {operationId: b}}}}}}}",
                "#/paths/~1a/get/responses/200/links",
                "`links` are not generated",
            ),
            (
                "paths: {/a: {servers: [{url: 'https://y'}], get: {responses: {}}}}",
                "#/paths/~1a/servers",
                "`servers` of a path are ignored",
            ),
            (
                "paths: {/a: {get: {servers: [{url: 'https://y'}], responses: {}}}}",
                "#/paths/~1a/get/servers",
                "`servers` of an operation are ignored",
            ),
            (
                "paths: {}\ncomponents: {schemas: {A: {not: {type: string}}}}",
                "#/components/schemas/A/not",
                "`not` schema is not checked",
            ),
            (
                "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {b: {type: integer, not: {enum: [1]}}}}}}",
                "#/components/schemas/A/properties/b/not",
                "`not` is ignored",
            ),
            (
                "paths: {'/a/{id}': {get: {parameters: [{name: id, in: path, required: true, style: matrix, schema: {type: string}}], responses: {}}}}",
                "#/paths/~1a~1{id}/get/parameters/0/style",
                "style `matrix` is not supported",
            ),
            (
                "paths: {/a: {get: {parameters: [{name: q, in: query, content: {application/json: {schema: {type: object}}}}], responses: {}}}}",
                "#/paths/~1a/get/parameters/0/content",
                "sent as a plain string",
            ),
            (
                "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {b: {$ref: '#/components/schemas/B', nullable: true}}}, B: {type: string}}}",
                "#/components/schemas/A/properties/b/nullable",
                "`nullable` next to `$ref` is ignored",
            ),
            (
                "paths: {}\ncomponents: {schemas: {A: {type: objct, properties: {a: {type: string}}}}}",
                "#/components/schemas/A/type",
                "unknown schema type `objct`",
            ),
            (
                "paths: {}\ncomponents: {securitySchemes: {o: {type: oauth2, flows: {}}}}",
                "#/components/securitySchemes/o",
                "does not run OAuth 2 flows",
            ),
        ];
        for (body, pointer, message) in cases {
            let found = warnings(&format!("{HEAD}{body}\n"));
            assert_eq!(found.len(), 1, "{body}: {found:?}");
            assert_eq!(found[0].0, *pointer, "{body}: {found:?}");
            assert!(found[0].1.contains(message), "{body}: {found:?}");
        }
    }

    #[test]
    fn servers_that_give_no_base_url() {
        let found = warnings("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!(found[0].0, "#");
        assert!(found[0].1.contains("no `servers`"));
        let found = warnings(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: /v1}]\npaths: {}\n",
        );
        assert_eq!(found[0].0, "#/servers/0/url");
        let found = warnings(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: '{s}://x', variables: {s: {default: https}}}]\npaths: {}\n",
        );
        assert_eq!(found, []);
    }

    #[test]
    fn data_and_names_are_not_taken_for_refs() {
        let found = warnings(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {{$ref: x, other: 1}}\n      properties:\n        $ref: {{type: string}}\n        b: {{$ref: '#/components/schemas/A', description: fine}}\n"
        ));
        assert_eq!(found, []);
    }

    #[test]
    fn the_real_spec_has_no_warning() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/recepta.yaml"))
                .unwrap();
        let value = crate::load::parse_value(&text, "spec.yaml").unwrap();
        let document = crate::load::document(&value, "spec.yaml").unwrap();
        assert_eq!(lint(&document, Some(&value), "spec.yaml"), []);
    }
}
