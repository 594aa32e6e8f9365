//! Warnings: what a spec says that the generated client ignores or approximates. None of
//! them stops generation; `codegen --deny-warnings` makes them errors.
//!
//! This is a pass of its own over the parsed document (and, for what `openapiv3` drops
//! while parsing, over the untyped one), so that lowering stays about decisions.

use crate::diagnostics::{Collector, Diagnostic};
use crate::pointer::Pointer;
use crate::spec::walk::{self, Visitor};
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response,
    Schema, SchemaKind, SecurityScheme,
};
use serde_json::Value;

/// The warnings for `document`; `untyped` is the same document before typing, when the
/// caller has it (it shows keys that typing drops, such as those next to a `$ref`).
pub fn lint(document: &OpenAPI, untyped: Option<&Value>, file: &str) -> Vec<Diagnostic> {
    let mut lint = Lint {
        out: Collector::new(file),
    };
    lint.servers(document);
    walk::walk(document, &mut lint);
    if let Some(untyped) = untyped {
        lint.beside_refs(untyped, &Pointer::root(), 0);
    }
    lint.out.into_items()
}

/// The warnings only the untyped tree shows (what stands beside a `$ref`, which the typed
/// one drops): [`lint`] with no document.
pub fn untyped(value: &Value, file: &str) -> Vec<Diagnostic> {
    let mut lint = Lint {
        out: Collector::new(file),
    };
    lint.beside_refs(value, &Pointer::root(), 0);
    lint.out.into_items()
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

    /// Keys next to a `$ref`, which OpenAPI 3.0 ignores (and `openapiv3` drops). Only
    /// nodes where a `$ref` can stand are looked at: not examples, defaults, enums or
    /// extensions, whose content is data, nor maps of names (`properties`, `schemas`, ...)
    /// in which `$ref` would be a name.
    fn beside_refs(&mut self, value: &Value, pointer: &Pointer, depth: usize) {
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
                            &pointer.join(first),
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
                    self.beside_refs(inner, &pointer.join(key), depth + 1);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    self.beside_refs(inner, &pointer.join(i), depth + 1);
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Lint {
    fn path_item(&mut self, item: &'a PathItem, at: &Pointer) {
        if !item.servers.is_empty() {
            self.out.warning(
                &at.join("servers"),
                "`servers` of a path are ignored: every request goes to the client's base URL",
                Some("move the URL to the document's `servers`, or use a client for each base URL"),
            );
        }
    }

    fn operation(&mut self, operation: &'a Operation, at: &Pointer) {
        if !operation.servers.is_empty() {
            self.out.warning(
                &at.join("servers"),
                "`servers` of an operation are ignored: every request goes to the client's base URL",
                Some("move the URL to the document's `servers`, or use a client for each base URL"),
            );
        }
        if !operation.callbacks.is_empty() {
            self.out.warning(
                &at.join("callbacks"),
                "`callbacks` are not generated: the client sends requests, it does not receive them",
                Some("implement the callback receiver in your server"),
            );
        }
    }

    fn parameter(&mut self, parameter: &'a Parameter, at: &Pointer) -> bool {
        if let ParameterSchemaOrContent::Content(_) = &parameter.parameter_data_ref().format {
            self.out.warning(
                &at.join("content"),
                "a parameter described by `content` is sent as a plain string",
                Some("describe it with `schema` to get a typed argument"),
            );
        }
        true
    }

    fn response(&mut self, response: &'a Response, at: &Pointer) {
        if !response.links.is_empty() {
            self.out.warning(
                &at.join("links"),
                "response `links` are not generated: follow them by calling the linked operation",
                None,
            );
        }
    }

    fn security_scheme(&mut self, scheme: &'a ReferenceOr<SecurityScheme>, at: &Pointer) {
        use openapiv3::SecurityScheme as S;
        let kind = match scheme {
            ReferenceOr::Item(S::OAuth2 { .. }) => "OAuth 2",
            ReferenceOr::Item(S::OpenIDConnect { .. }) => "OpenID Connect",
            _ => return,
        };
        self.out.warning(
            at,
            format!("the client does not run {kind} flows: it sends the access token it is given as a bearer token"),
            Some("get the token with an OAuth 2 library and pass it to the client builder"),
        );
    }

    fn schema(&mut self, schema: &'a Schema, at: &Pointer) {
        match &schema.schema_kind {
            // What is inside a `not` is ignored with it (the walk does not go into it).
            SchemaKind::Not { .. } => {
                self.out.warning(
                    &at.join("not"),
                    "a `not` schema is not checked: the value is any JSON",
                    Some("describe what the value is rather than what it is not"),
                );
            }
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ
                    && !matches!(
                        typ.as_str(),
                        "string" | "number" | "integer" | "boolean" | "array" | "object"
                    )
                {
                    self.out.warning(
                        &at.join("type"),
                        format!("unknown schema type `{typ}`: the value is any JSON"),
                        Some("the types are `string`, `number`, `integer`, `boolean`, `array` and `object`"),
                    );
                }
                if any.not.is_some() {
                    self.out.warning(
                        &at.join("not"),
                        "`not` is ignored: the client does not check what a value must not be",
                        None,
                    );
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
