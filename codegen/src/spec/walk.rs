//! One walk over the document's components and paths that carries the pointer of every node
//! it visits: the passes that look at each parameter, body, response or schema (lint, the
//! examples' checks) say what they do at a node, not how to reach it.

use crate::pointer::Pointer;
use openapiv3::{
    AdditionalProperties, Content, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, Response, Schema, SchemaKind, SecurityScheme,
    Type,
};

/// Nesting of schemas deeper than this is not followed (the parsers already stop at 128).
const MAX_DEPTH: usize = 160;

/// What a pass does at each kind of node; every method does nothing unless the pass says
/// otherwise. Only nodes written in place are visited: a `$ref` is visited where it points.
pub(crate) trait Visitor<'a> {
    /// A path item, before its parameters and operations.
    fn path_item(&mut self, _item: &'a PathItem, _at: &Pointer) {}

    /// An operation, before its parameters, body and responses.
    fn operation(&mut self, _operation: &'a Operation, _at: &Pointer) {}

    /// A parameter; its schema or content is walked when this says `true`.
    fn parameter(&mut self, _parameter: &'a Parameter, _at: &Pointer) -> bool {
        true
    }

    /// A response, before its content.
    fn response(&mut self, _response: &'a Response, _at: &Pointer) {}

    /// A media type of a body, response or parameter (`.../content/application~1json`),
    /// named `name`; its schema is walked when this says `true`.
    fn media_type(&mut self, _name: &'a str, _media: &'a MediaType, _at: &Pointer) -> bool {
        true
    }

    /// A schema, before the schemas inside it (but for those inside a `not`, which no
    /// pass looks into).
    fn schema(&mut self, _schema: &'a Schema, _at: &Pointer) {}

    /// A security scheme of `components`.
    fn security_scheme(&mut self, _scheme: &'a ReferenceOr<SecurityScheme>, _at: &Pointer) {}
}

/// Visits the components of `document` (schemas, parameters, request bodies, responses,
/// security schemes), then its paths, each with everything written inside it.
pub(crate) fn walk<'a>(document: &'a OpenAPI, visitor: &mut impl Visitor<'a>) {
    let mut walk = Walk { visitor };
    if let Some(components) = &document.components {
        let base = Pointer::root().join("components");
        let section = base.join("schemas");
        for (name, schema) in &components.schemas {
            walk.schema_ref(schema, &section.join(name), 0);
        }
        let section = base.join("parameters");
        for (name, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                walk.parameter(parameter, &section.join(name));
            }
        }
        let section = base.join("requestBodies");
        for (name, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                walk.content(&body.content, &section.join(name));
            }
        }
        let section = base.join("responses");
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                walk.response(response, &section.join(name));
            }
        }
        let section = base.join("securitySchemes");
        for (name, scheme) in &components.security_schemes {
            walk.visitor.security_scheme(scheme, &section.join(name));
        }
    }
    let paths = Pointer::root().join("paths");
    for (path, item) in &document.paths.paths {
        if let ReferenceOr::Item(item) = item {
            walk.path_item(item, &paths.join(path));
        }
    }
}

struct Walk<'v, V> {
    visitor: &'v mut V,
}

impl<'a, V: Visitor<'a>> Walk<'_, V> {
    fn path_item(&mut self, item: &'a PathItem, at: &Pointer) {
        self.visitor.path_item(item, at);
        self.parameters(&item.parameters, at);
        for (method, operation) in item.iter() {
            self.operation(operation, &at.join(method));
        }
    }

    fn operation(&mut self, operation: &'a Operation, at: &Pointer) {
        self.visitor.operation(operation, at);
        self.parameters(&operation.parameters, at);
        if let Some(ReferenceOr::Item(body)) = &operation.request_body {
            self.content(&body.content, &at.join("requestBody"));
        }
        let responses = at.join("responses");
        for (status, response) in &operation.responses.responses {
            if let ReferenceOr::Item(response) = response {
                self.response(response, &responses.join(status));
            }
        }
        if let Some(ReferenceOr::Item(response)) = &operation.responses.default {
            self.response(response, &responses.join("default"));
        }
    }

    fn parameters(&mut self, parameters: &'a [ReferenceOr<Parameter>], at: &Pointer) {
        let at = at.join("parameters");
        for (i, parameter) in parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                self.parameter(parameter, &at.join(i));
            }
        }
    }

    fn parameter(&mut self, parameter: &'a Parameter, at: &Pointer) {
        if !self.visitor.parameter(parameter, at) {
            return;
        }
        match &parameter.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_ref(schema, &at.join("schema"), 0)
            }
            ParameterSchemaOrContent::Content(content) => self.content(content, at),
        }
    }

    fn response(&mut self, response: &'a Response, at: &Pointer) {
        self.visitor.response(response, at);
        self.content(&response.content, at);
    }

    /// The media types of the `content` of the node at `at`.
    fn content(&mut self, content: &'a Content, at: &Pointer) {
        let at = at.join("content");
        for (name, media) in content {
            let at = at.join(name);
            if self.visitor.media_type(name, media, &at)
                && let Some(schema) = &media.schema
            {
                self.schema_ref(schema, &at.join("schema"), 0);
            }
        }
    }

    fn schema_ref(&mut self, schema: &'a ReferenceOr<Schema>, at: &Pointer, depth: usize) {
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, at, depth);
        }
    }

    fn boxed(&mut self, schema: &'a ReferenceOr<Box<Schema>>, at: &Pointer, depth: usize) {
        if let ReferenceOr::Item(schema) = schema {
            self.schema(schema, at, depth);
        }
    }

    fn schema(&mut self, schema: &'a Schema, at: &Pointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.visitor.schema(schema, at);
        let depth = depth + 1;
        let (properties, additional, items) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                Some(&object.properties),
                object.additional_properties.as_ref(),
                None,
            ),
            SchemaKind::Type(Type::Array(array)) => (None, None, array.items.as_ref()),
            SchemaKind::Any(any) => (
                Some(&any.properties),
                any.additional_properties.as_ref(),
                any.items.as_ref(),
            ),
            _ => (None, None, None),
        };
        if let Some(properties) = properties {
            let base = at.join("properties");
            for (name, property) in properties {
                self.boxed(property, &base.join(name), depth);
            }
        }
        if let Some(AdditionalProperties::Schema(inner)) = additional {
            self.schema_ref(inner, &at.join("additionalProperties"), depth);
        }
        if let Some(items) = items {
            self.boxed(items, &at.join("items"), depth);
        }
        let parts: [(&str, &'a [ReferenceOr<Schema>]); 3] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => [("allOf", all_of), ("oneOf", &[]), ("anyOf", &[])],
            SchemaKind::OneOf { one_of } => [("allOf", &[]), ("oneOf", one_of), ("anyOf", &[])],
            SchemaKind::AnyOf { any_of } => [("allOf", &[]), ("oneOf", &[]), ("anyOf", any_of)],
            SchemaKind::Any(any) => [
                ("allOf", &any.all_of),
                ("oneOf", &any.one_of),
                ("anyOf", &any.any_of),
            ],
            _ => [("allOf", &[]), ("oneOf", &[]), ("anyOf", &[])],
        };
        for (keyword, parts) in parts {
            let base = at.join(keyword);
            for (i, part) in parts.iter().enumerate() {
                self.schema_ref(part, &base.join(i), depth);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the pointer of every node visited, by kind.
    #[derive(Default)]
    struct Seen(Vec<String>);

    impl<'a> Visitor<'a> for Seen {
        fn path_item(&mut self, _: &'a PathItem, at: &Pointer) {
            self.0.push(format!("path {at}"));
        }
        fn operation(&mut self, _: &'a Operation, at: &Pointer) {
            self.0.push(format!("operation {at}"));
        }
        fn parameter(&mut self, _: &'a Parameter, at: &Pointer) -> bool {
            self.0.push(format!("parameter {at}"));
            true
        }
        fn response(&mut self, _: &'a Response, at: &Pointer) {
            self.0.push(format!("response {at}"));
        }
        fn media_type(&mut self, name: &'a str, _: &'a MediaType, at: &Pointer) -> bool {
            self.0.push(format!("media {at}"));
            // Leaves out what is under a media type that is not JSON.
            name == "application/json"
        }
        fn schema(&mut self, _: &'a Schema, at: &Pointer) {
            self.0.push(format!("schema {at}"));
        }
        fn security_scheme(&mut self, _: &'a ReferenceOr<SecurityScheme>, at: &Pointer) {
            self.0.push(format!("scheme {at}"));
        }
    }

    #[test]
    fn visits_every_node_written_in_place_with_its_pointer() {
        let document: OpenAPI = serde_yaml::from_str(
            "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post:
      parameters: [{$ref: '#/components/parameters/P'}]
      requestBody:
        content:
          application/json: {schema: {type: array, items: {not: {type: string}}}}
          text/plain: {schema: {type: string}}
      responses:
        '200': {$ref: '#/components/responses/R'}
        default: {description: d}
components:
  schemas:
    S:
      allOf:
        - {$ref: '#/components/schemas/S'}
        - type: object
          properties: {a~b: {type: string}}
          additionalProperties: {type: integer}
  parameters:
    P: {name: q, in: query, content: {application/json: {schema: {type: integer}}}}
  responses:
    R: {description: r}
  securitySchemes:
    k: {type: apiKey, in: header, name: K}
",
        )
        .unwrap();
        let mut seen = Seen::default();
        walk(&document, &mut seen);
        assert_eq!(
            seen.0,
            [
                "schema #/components/schemas/S",
                "schema #/components/schemas/S/allOf/1",
                "schema #/components/schemas/S/allOf/1/properties/a~0b",
                "schema #/components/schemas/S/allOf/1/additionalProperties",
                "parameter #/components/parameters/P",
                "media #/components/parameters/P/content/application~1json",
                "schema #/components/parameters/P/content/application~1json/schema",
                "response #/components/responses/R",
                "scheme #/components/securitySchemes/k",
                "path #/paths/~1a~1{id}",
                "parameter #/paths/~1a~1{id}/parameters/0",
                "schema #/paths/~1a~1{id}/parameters/0/schema",
                "operation #/paths/~1a~1{id}/post",
                "media #/paths/~1a~1{id}/post/requestBody/content/application~1json",
                "schema #/paths/~1a~1{id}/post/requestBody/content/application~1json/schema",
                "schema #/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/items",
                "media #/paths/~1a~1{id}/post/requestBody/content/text~1plain",
                "response #/paths/~1a~1{id}/post/responses/default",
            ]
        );
    }
}
