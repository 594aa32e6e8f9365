//! Request bodies: the media type sent, its type, and the parts of a multipart form.

use super::Lower;
use super::docs::schema_docs;
use crate::ir::*;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use crate::spec::media::{body_encoding, pick_media_type};
use crate::spec::refs::Kind;
use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind};

impl<'a> Lower<'a> {
    /// An operation's request body: the media type chosen, how it is encoded, its type.
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        hint: &str,
        pointer: &Pointer,
    ) -> Option<Body> {
        let (body, pointer) = match body {
            ReferenceOr::Item(b) => (b, pointer.clone()),
            ReferenceOr::Reference { reference } => match self.refs.request_body(reference) {
                Ok((body, at)) => (body, Pointer::from_written(&at)),
                Err(error) => {
                    let (message, hint) = error.describe(reference, Kind::RequestBody);
                    self.diags.error(pointer, message, Some(hint));
                    return None;
                }
            },
        };
        let Some((media_type, content)) = pick_media_type(&body.content) else {
            self.diags.error(
                &pointer,
                "request body has no content",
                Some("add `content` with a media type"),
            );
            return None;
        };
        let content_pointer = pointer.join("content").join(media_type);
        let encoding = body_encoding(media_type);
        let mut notes = Vec::new();
        let mut form = None;
        // A urlencoded body's fields that say a style (the others are `form`, exploded).
        let form_styles = match encoding {
            BodyEncoding::Form => content
                .encoding
                .iter()
                .filter_map(|(name, encoding)| Some((name.clone(), field_style(encoding)?)))
                .collect(),
            _ => Vec::new(),
        };
        let ty = match encoding {
            BodyEncoding::Json if content.schema.is_some() => {
                let ty = self.lower_ref_or(
                    content.schema.as_ref().expect("checked by the guard"),
                    &format!("{hint}Request"),
                    &content_pointer.join("schema"),
                );
                self.collect_examples(content, &ty, &format!("{hint} request"), &content_pointer);
                ty
            }
            BodyEncoding::Json | BodyEncoding::Form => match &content.schema {
                Some(schema) => self.lower_ref_or(
                    schema,
                    &format!("{hint}Request"),
                    &content_pointer.join("schema"),
                ),
                None if encoding == BodyEncoding::Form => Type::JsonObject,
                None => Type::Json,
            },
            BodyEncoding::Multipart => {
                form = self.form(content, hint, &content_pointer);
                if form.is_none() {
                    notes.push(
                        "Its schema describes no parts: build it with `Multipart`.".to_string(),
                    );
                }
                Type::Unit
            }
            BodyEncoding::Text => Type::String,
            BodyEncoding::Binary => Type::Bytes,
        };
        Some(Body {
            media_type: media_type.to_string(),
            encoding,
            ty,
            required: body.required,
            docs: Docs {
                summary: None,
                description: body.description.clone(),
                notes,
            },
            form,
            form_styles,
        })
    }

    /// The parts of a `multipart/form-data` body whose schema is an object with properties:
    /// files (`format: binary`, or arrays of them), values written as text, and objects
    /// written as JSON; a part's `encoding.contentType` is sent as its `Content-Type`.
    fn form(
        &mut self,
        content: &'a openapiv3::MediaType,
        hint: &str,
        content_pointer: &Pointer,
    ) -> Option<Form> {
        let schema = match content.schema.as_ref()? {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.peek_schema(reference)?,
        };
        let SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
            return None;
        };
        if object.properties.is_empty() {
            return None;
        }
        let schema_pointer = match content.schema.as_ref()? {
            ReferenceOr::Item(_) => content_pointer.join("schema"),
            ReferenceOr::Reference { reference } => Pointer::from_written(reference),
        };
        let name = self.builder_names.claim(format!("{hint}Form"));
        let mut scope = Scope::default();
        let mut parts = Vec::new();
        for (wire_name, property) in &object.properties {
            let property = property.clone().unbox();
            let pointer = schema_pointer.join("properties").join(wire_name);
            let resolved = match &property {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => self.peek_schema(reference),
            };
            let content_type = content
                .encoding
                .get(wire_name)
                .and_then(|e| e.content_type.clone());
            let is_binary = |s: &Schema| {
                matches!(
                    &s.schema_kind,
                    SchemaKind::Type(openapiv3::Type::String(t))
                        if t.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                )
            };
            let items = resolved.and_then(|s| match &s.schema_kind {
                SchemaKind::Type(openapiv3::Type::Array(a)) => a.items.clone().map(|i| i.unbox()),
                _ => None,
            });
            let items = items.as_ref().and_then(|i| match i {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => self.peek_schema(reference),
            });
            let style = content.encoding.get(wire_name).and_then(field_style);
            let kind = if resolved.is_some_and(is_binary) {
                PartKind::File
            } else if items.is_some_and(is_binary) {
                PartKind::Files
            } else {
                let ty = self.lower_ref_or(
                    &property,
                    &format!("{name}{}", names::camel(wire_name)),
                    &pointer,
                );
                let structured = |s: &Schema| {
                    !matches!(
                        &s.schema_kind,
                        SchemaKind::Type(
                            openapiv3::Type::String(_)
                                | openapiv3::Type::Number(_)
                                | openapiv3::Type::Integer(_)
                                | openapiv3::Type::Boolean(_)
                        )
                    )
                };
                let json_type = content_type
                    .as_deref()
                    .is_some_and(|t| body_encoding(t) == BodyEncoding::Json);
                let as_json = json_type
                    || match resolved.map(|s| &s.schema_kind) {
                        Some(SchemaKind::Type(openapiv3::Type::Array(_))) => {
                            items.is_none_or(structured)
                        }
                        Some(_) => resolved.is_some_and(structured),
                        None => true,
                    };
                // A style given wins over the part's content type (OpenAPI 3.1 and later say
                // so; 3.0 says a multipart part's style is ignored, but a spec that writes
                // one means it, and servers and validators read it so).
                match style {
                    Some(style) => PartKind::Styled(ty, style),
                    None if as_json => PartKind::Json(ty),
                    None => PartKind::Text(ty),
                }
            };
            let docs = resolved.map(schema_docs).unwrap_or_default();
            parts.push(FormPart {
                name: scope.claim(names::snake(wire_name)),
                wire_name: wire_name.clone(),
                kind,
                required: object.required.contains(wire_name),
                content_type,
                docs,
            });
        }
        Some(Form { name, parts })
    }
}

/// The style of a form field or part, when its Encoding Object gives one (loading has written
/// out `style` and `explode` wherever the object says one of `style`, `explode` and
/// `allowReserved`).
fn field_style(encoding: &openapiv3::Encoding) -> Option<FieldStyle> {
    Some(FieldStyle {
        style: super::parameters::query_style(encoding.style.as_ref()?),
        explode: encoding.explode,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The body of the one operation of a document, from the YAML of its `requestBody`.
    fn body(request_body: &str) -> Body {
        let (api, _) = lowered(&format!(
            "paths:\n  /a:\n    post: {{operationId: make, requestBody: {request_body}, responses: {{'204': {{description: ok}}}}}}"
        ));
        api.operations[0].body.clone().expect("a body")
    }

    #[test]
    fn json_is_chosen_first_and_its_schema_named_after_the_operation() {
        let body = body(
            "{required: true, description: The thing., content: {text/plain: {schema: {type: string}}, application/json: {schema: {type: object, properties: {x: {type: string}}}}}}",
        );
        assert_eq!(body.media_type, "application/json");
        assert_eq!(body.encoding, BodyEncoding::Json);
        assert_eq!(body.ty, named("MakeRequest"));
        assert!(body.required);
        assert_eq!(body.docs.description.as_deref(), Some("The thing."));
        assert_eq!(body.form, None);
    }

    #[test]
    fn text_binary_and_schemaless_form_bodies_have_fixed_types() {
        let cases = [
            ("text/plain", Type::String),
            ("application/octet-stream", Type::Bytes),
            ("application/x-www-form-urlencoded", Type::JsonObject),
        ];
        for (media_type, expected) in cases {
            let body = body(&format!("{{content: {{'{media_type}': {{}}}}}}"));
            assert_eq!(body.ty, expected, "{media_type}");
            assert!(!body.required);
        }
    }

    #[test]
    fn a_part_or_field_whose_encoding_gives_a_style_is_written_in_it() {
        // Loading writes out `style` and `explode` wherever an Encoding Object says one.
        let schema = "{type: object, properties: {tags: {type: array, items: {type: string}}, meta: {type: object, properties: {a: {type: string}}}, file: {type: string, format: binary}, plain: {type: object}}}";
        let encoding = "{tags: {style: pipeDelimited, explode: false}, meta: {style: deepObject, explode: true}, file: {style: form, explode: true}, plain: {contentType: application/json}}";
        let multipart = body(&format!(
            "{{content: {{multipart/form-data: {{schema: {schema}, encoding: {encoding}}}}}}}"
        ));
        let kinds: Vec<(&str, &PartKind)> = multipart
            .form
            .as_ref()
            .expect("a form")
            .parts
            .iter()
            .map(|p| (p.name.as_str(), &p.kind))
            .collect();
        let styled = |style, explode| FieldStyle { style, explode };
        assert_eq!(
            kinds,
            [
                (
                    "tags",
                    &PartKind::Styled(
                        Type::Vec(Box::new(Type::String)),
                        styled(ParamStyle::PipeDelimited, false)
                    )
                ),
                (
                    "meta",
                    &PartKind::Styled(named("MakeFormMeta"), styled(ParamStyle::DeepObject, true))
                ),
                // A file is a file whatever its encoding says.
                ("file", &PartKind::File),
                ("plain", &PartKind::Json(Type::JsonObject)),
            ]
        );
        assert_eq!(multipart.form_styles, []);
        let form = body(&format!(
            "{{content: {{application/x-www-form-urlencoded: {{schema: {schema}, encoding: {encoding}}}}}}}"
        ));
        assert_eq!(
            form.form_styles,
            [
                ("tags".to_string(), styled(ParamStyle::PipeDelimited, false)),
                ("meta".to_string(), styled(ParamStyle::DeepObject, true)),
                ("file".to_string(), styled(ParamStyle::Form, true)),
            ]
        );
    }

    #[test]
    fn a_multipart_body_is_a_form_of_typed_parts() {
        let body = body(
            r#"{content: {multipart/form-data: {schema: {type: object, required: [file], properties: {file: {type: string, format: binary}, pages: {type: array, items: {type: string, format: binary}}, title: {type: string}, meta: {type: object, properties: {a: {type: string}}}, count: {type: integer}}}, encoding: {count: {contentType: application/json}}}}}"#,
        );
        assert_eq!(body.ty, Type::Unit);
        let form = body.form.expect("a form");
        assert_eq!(form.name, "MakeForm");
        let parts: Vec<(&str, &PartKind, bool, Option<&str>)> = form
            .parts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    &p.kind,
                    p.required,
                    p.content_type.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("file", &PartKind::File, true, None),
                ("pages", &PartKind::Files, false, None),
                ("title", &PartKind::Text(Type::String), false, None),
                ("meta", &PartKind::Json(named("MakeFormMeta")), false, None),
                (
                    "count",
                    &PartKind::Json(Type::I64),
                    false,
                    Some("application/json")
                ),
            ]
        );
    }

    #[test]
    fn a_multipart_body_without_parts_says_how_to_build_it() {
        let body = body("{content: {multipart/form-data: {schema: {type: object}}}}");
        assert_eq!(body.form, None);
        assert_eq!(
            body.docs.notes,
            ["Its schema describes no parts: build it with `Multipart`."]
        );
    }

    #[test]
    fn a_body_without_content_is_an_error() {
        let diagnostics = errors(
            "paths:\n  /a:\n    post: {operationId: make, requestBody: {content: {}}, responses: {'204': {description: ok}}}",
        );
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/paths/~1a/post/requestBody",
                "request body has no content"
            )]
        );
    }
}
