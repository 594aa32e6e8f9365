//! Responses: what each status decodes into, grouped into one type per operation where the
//! bodies differ.

use super::Lower;
use crate::ir::*;
use crate::names::Scope;
use crate::pointer::Pointer;
use crate::spec::media::{body_encoding, framing, pick_media_type};
use crate::spec::refs::Kind;
use openapiv3::{ReferenceOr, Response, Schema, SchemaKind, StatusCode};

impl<'a> Lower<'a> {
    /// What an operation's successes and errors decode into, which error statuses have a
    /// JSON body, and the streams its successes offer.
    pub(super) fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        hint: &str,
        pointer: &Pointer,
    ) -> (Responses, Responses, Vec<(StatusMatch, bool)>, Vec<Stream>) {
        let mut streams = Vec::new();
        let mut success = Vec::new();
        let mut error = Vec::new();
        // Where several statuses of a kind are documented, an inline body is named after its
        // status, so that `{hint}Response` and `{hint}Error` stay free for the enum by status.
        let successes = responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .count();
        let errors =
            responses.responses.len() - successes + usize::from(responses.default.is_some());
        for (status, response) in &responses.responses {
            let status_match = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(range) => StatusMatch::Range(*range),
            };
            let response_pointer = pointer.join(status);
            let Some((response, origin)) = self.resolve_response(response, &response_pointer)
            else {
                continue;
            };
            let is_success = is_success(status);
            let name_hint = match (is_success, status) {
                (true, _) if successes == 1 => format!("{hint}Response"),
                (false, _) if errors == 1 => format!("{hint}Error"),
                (_, StatusCode::Code(code)) => format!("{hint}{}", status_name(*code)),
                (_, StatusCode::Range(range)) => format!("{hint}Status{range}xx"),
            };
            let test_name = format!("{hint} {status}");
            let payload = self.payload(response, &name_hint, &origin, &test_name);
            self.media_types(response, hint, &origin, is_success, &mut streams);
            let variant = (status_match, payload, response);
            if is_success {
                success.push(variant);
            } else {
                error.push(variant);
            }
        }
        if let Some(default) = &responses.default {
            let response_pointer = pointer.join("default");
            if let Some((response, origin)) = self.resolve_response(default, &response_pointer) {
                let test_name = format!("{hint} default");
                let name_hint = if errors == 1 && successes == 0 {
                    format!("{hint}Response")
                } else if errors == 1 {
                    format!("{hint}Error")
                } else {
                    format!("{hint}Default")
                };
                let payload = self.payload(response, &name_hint, &origin, &test_name);
                self.media_types(response, hint, &origin, success.is_empty(), &mut streams);
                if success.is_empty() {
                    // Only `default` is documented: it describes successes too.
                    success.push((StatusMatch::Default, payload.clone(), response));
                }
                error.push((StatusMatch::Default, payload, response));
            }
        }
        let success = self.group(success, &format!("{hint}Response"));
        // Error bodies are only decoded from JSON; other bodies stay available as raw text.
        // Each status remembers whether it has one, so that a status documented without
        // a JSON body is never decoded as a range's or `default`'s.
        let mut error_statuses: Vec<(StatusMatch, bool)> = error
            .iter()
            .map(|(status, payload, _)| (*status, matches!(payload, Payload::Json(_))))
            .collect();
        error_statuses.sort();
        let error: Vec<_> = error
            .into_iter()
            .filter(|(_, p, _)| matches!(p, Payload::Json(_)))
            .collect();
        let error = self.group(error, &format!("{hint}Error"));
        (success, error, error_statuses, streams)
    }

    /// The media types of a response besides the one its body is read as: a sequential one
    /// of a success becomes a stream (`hint` names its item type); any other is left out,
    /// with a warning that names it.
    fn media_types(
        &mut self,
        response: &'a Response,
        hint: &str,
        pointer: &Pointer,
        success: bool,
        streams: &mut Vec<Stream>,
    ) {
        let Some((picked, _)) = pick_media_type(&response.content) else {
            return;
        };
        let picked_json = body_encoding(picked) == BodyEncoding::Json;
        for (media_type, content) in &response.content {
            let at = pointer.join("content").join(media_type);
            let framing = framing(media_type);
            if let (true, Some(framing)) = (success, framing) {
                self.stream(media_type, content, framing, hint, &at, streams);
                continue;
            }
            // Another JSON media type is read as the one picked.
            if media_type == picked
                || (picked_json && body_encoding(media_type) == BodyEncoding::Json)
            {
                continue;
            }
            let hint = if framing.is_some() {
                "the client reads a stream only from a success response"
            } else {
                "the client reads one media type per response: JSON when there is one, else the first listed"
            };
            self.leave_out(
                &at,
                format!("the `{media_type}` answer is left out: the client reads this response as `{picked}`"),
                hint,
            );
        }
    }

    /// A success's sequential media type, as a stream: the first of each kind (events, or
    /// lines) is kept, and another of the same kind only when its items are the same.
    fn stream(
        &mut self,
        media_type: &str,
        content: &'a openapiv3::MediaType,
        framing: Framing,
        hint: &str,
        at: &Pointer,
        streams: &mut Vec<Stream>,
    ) {
        let item_hint = if framing.has_events() {
            format!("{hint}Event")
        } else {
            format!("{hint}Item")
        };
        let schema_at = at.join("schema");
        let event_data = match &content.schema {
            Some(schema) if framing.has_events() => self.event_data(schema, &schema_at),
            _ => None,
        };
        let item = match (&content.schema, event_data) {
            (_, Some((ReferenceOr::Reference { reference }, data_at))) => {
                self.schema_ref(reference, &data_at)
            }
            (_, Some((ReferenceOr::Item(data), data_at))) => {
                self.schema_type(data, &item_hint, &data_at)
            }
            (Some(schema), None) => self.lower_ref_or(schema, &item_hint, &schema_at),
            (None, None) => Type::Json,
        };
        // An event's `data` is text; only a schema that asks for more decodes it as JSON.
        let text = framing.has_events() && item == Type::String;
        // The media type is sent as `Accept`: one a header cannot carry is asked for by its
        // kind's usual name.
        let sendable = media_type
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        let asked = match framing {
            _ if sendable => media_type,
            Framing::Sse => "text/event-stream",
            Framing::Lines => "application/jsonl",
            Framing::JsonSeq => "application/json-seq",
        };
        let stream = Stream {
            media_type: asked.to_string(),
            framing,
            item,
            text,
        };
        match streams
            .iter()
            .find(|s| s.framing.has_events() == framing.has_events())
        {
            None => streams.push(stream),
            Some(kept) if kept.item == stream.item && kept.text == stream.text => {}
            Some(kept) => {
                let message = format!(
                    "the `{media_type}` stream is left out: the operation already streams `{}`, whose items are of another type",
                    kept.media_type
                );
                self.leave_out(at, message, "give the streams of one kind the same schema");
            }
        }
        streams.sort_by_key(|s| !s.framing.has_events());
    }

    /// The schema of an event's `data`, when an event stream's schema describes the whole
    /// event rather than its data: an object whose properties are `data` and some of
    /// `event`, `id` and `retry`, the fields of the HTML standard (as OpenAPI 3.2's
    /// `itemSchema` describes events).
    fn event_data(
        &self,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Option<(&'a ReferenceOr<Box<Schema>>, Pointer)> {
        let (schema, at) = match schema {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => {
                let (schema, at) = self.refs.schema(reference).ok()?;
                (schema, Pointer::from_written(&at))
            }
        };
        let SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
            return None;
        };
        let fields = &object.properties;
        let only_event_fields = fields
            .keys()
            .all(|key| matches!(key.as_str(), "data" | "event" | "id" | "retry"));
        let data = fields.get("data")?;
        (only_event_fields && fields.len() >= 2).then(|| (data, at.join("properties").join("data")))
    }

    /// Warns that a media type is left out, once for its place.
    fn leave_out(&mut self, at: &Pointer, message: String, hint: &str) {
        if self.left_out.insert(at.to_string()) {
            self.diags.warning(at, message, Some(hint));
        }
    }

    /// One payload when every status has the same, else an enum with a variant per status.
    fn group(&mut self, variants: Vec<(StatusMatch, Payload, &Response)>, name: &str) -> Responses {
        let Some(first) = variants.first() else {
            return Responses::None;
        };
        if variants.iter().all(|(_, p, _)| *p == first.1) {
            return Responses::One(first.1.clone());
        }
        let name = self.type_names.claim(name.to_string());
        let mut scope = Scope::default();
        let mut sorted = variants;
        sorted.sort_by_key(|(status, _, _)| *status);
        let variants = sorted
            .into_iter()
            .map(|(status, payload, response)| StatusVariant {
                name: scope.claim(match status {
                    StatusMatch::Code(code) => status_name(code),
                    StatusMatch::Range(range) => format!("Status{range}xx"),
                    StatusMatch::Default => "Other".to_string(),
                }),
                status,
                payload,
                docs: Docs {
                    summary: Some(response.description.clone()),
                    description: None,
                    notes: Vec::new(),
                },
            })
            .collect();
        Responses::ByStatus { name, variants }
    }

    /// The response `response` stands for, with the pointer where it is written.
    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        pointer: &Pointer,
    ) -> Option<(&'a Response, Pointer)> {
        match response {
            ReferenceOr::Item(r) => Some((r, pointer.clone())),
            ReferenceOr::Reference { reference } => match self.refs.response(reference) {
                Ok((response, at)) => Some((response, Pointer::from_written(&at))),
                Err(error) => {
                    let (message, hint) = error.describe(reference, Kind::Response);
                    self.diags.error(pointer, message, Some(hint));
                    None
                }
            },
        }
    }

    /// What a response decodes into; `pointer` is where the response object is written (for
    /// its examples), `test_name` names the tests of its examples.
    fn payload(
        &mut self,
        response: &Response,
        hint: &str,
        pointer: &Pointer,
        test_name: &str,
    ) -> Payload {
        let Some((media_type, content)) = pick_media_type(&response.content) else {
            return Payload::Empty;
        };
        match body_encoding(media_type) {
            BodyEncoding::Json => match &content.schema {
                Some(schema) => {
                    let content_pointer = pointer.join("content").join(media_type);
                    // A body whose schema is `nullable` may be `null`: the same `Option` an
                    // array's items get.
                    let ty = self.element_type(schema, hint, &content_pointer.join("schema"));
                    self.collect_examples(content, &ty, test_name, &content_pointer);
                    Payload::Json(ty)
                }
                None => Payload::Json(Type::Json),
            },
            BodyEncoding::Text | BodyEncoding::Form => Payload::Text,
            BodyEncoding::Binary | BodyEncoding::Multipart => Payload::Binary,
        }
    }
}

/// A variant name for a status: its reason phrase, or `Status` and its code.
fn status_name(code: u16) -> String {
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_string()
}

/// Whether a status is a success (`2XX`).
fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The one operation of a document, from the YAML of its `responses`.
    fn operation(responses: &str) -> Operation {
        let (api, _) = lowered(&format!(
            "paths:\n  /a:\n    get: {{operationId: fetch, responses: {responses}}}\ncomponents:\n  schemas:\n    Thing: {{type: object, properties: {{x: {{type: string}}}}}}\n    Problem: {{type: object, properties: {{detail: {{type: string}}}}}}"
        ));
        api.operations[0].clone()
    }

    /// A response with a JSON body of the component schema `schema`.
    fn json(schema: &str, description: &str) -> String {
        format!(
            "{{description: {description}, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}"
        )
    }

    #[test]
    fn successes_with_one_body_are_that_body() {
        let op = operation(&format!(
            "{{'200': {}, '201': {}}}",
            json("Thing", "ok"),
            json("Thing", "made")
        ));
        assert_eq!(op.success, Responses::One(Payload::Json(named("Thing"))));
        assert_eq!(op.error, Responses::None);
        assert_eq!(op.error_statuses, []);
    }

    #[test]
    fn a_body_whose_schema_may_be_null_is_an_option() {
        let op = operation(
            "{'200': {description: ok, content: {application/json: {schema: {type: object, nullable: true, properties: {x: {type: string}}}}}}}",
        );
        let Responses::One(Payload::Json(Type::Option(inner))) = &op.success else {
            panic!("{:?}", op.success)
        };
        assert!(matches!(**inner, Type::Named(_)), "{inner:?}");
        // Any JSON holds `null` already.
        let op = operation(
            "{'200': {description: ok, content: {application/json: {schema: {nullable: true}}}}}",
        );
        assert_eq!(op.success, Responses::One(Payload::Json(Type::Json)));
    }

    #[test]
    fn inline_bodies_of_several_statuses_are_named_after_them_and_leave_the_enum_its_name() {
        let inline = |field: &str| {
            format!(
                "{{description: d, content: {{application/json: {{schema: {{type: object, properties: {{{field}: {{type: string}}}}}}}}}}}}"
            )
        };
        let op = operation(&format!(
            "{{'200': {}, '202': {}, '404': {}, '4XX': {}}}",
            inline("a"),
            inline("b"),
            inline("c"),
            inline("d")
        ));
        let names = |responses: &Responses| -> (String, Vec<Payload>) {
            let Responses::ByStatus { name, variants } = responses else {
                panic!("{responses:?}")
            };
            (
                name.clone(),
                variants.iter().map(|v| v.payload.clone()).collect(),
            )
        };
        let json = |name: &str| Payload::Json(named(name));
        assert_eq!(
            names(&op.success),
            (
                "FetchResponse".to_string(),
                vec![json("FetchOk"), json("FetchAccepted")]
            )
        );
        assert_eq!(
            names(&op.error),
            (
                "FetchError".to_string(),
                vec![json("FetchNotFound"), json("FetchStatus4xx")]
            )
        );
        // One status of a kind: its inline body has the kind's name.
        let op = operation(&format!(
            "{{'200': {}, '404': {}}}",
            inline("a"),
            inline("b")
        ));
        assert_eq!(op.success, Responses::One(json("FetchResponse")));
        assert_eq!(op.error, Responses::One(json("FetchError")));
    }

    #[test]
    fn successes_with_different_bodies_are_an_enum_by_status() {
        let op = operation(&format!(
            "{{'202': {{description: later}}, '200': {}}}",
            json("Thing", "now")
        ));
        let Responses::ByStatus { name, variants } = &op.success else {
            panic!("{:?}", op.success)
        };
        assert_eq!(name, "FetchResponse");
        let variants: Vec<(&str, StatusMatch, &Payload, Option<&str>)> = variants
            .iter()
            .map(|v| {
                (
                    v.name.as_str(),
                    v.status,
                    &v.payload,
                    v.docs.summary.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            variants,
            [
                (
                    "Ok",
                    StatusMatch::Code(200),
                    &Payload::Json(named("Thing")),
                    Some("now")
                ),
                (
                    "Accepted",
                    StatusMatch::Code(202),
                    &Payload::Empty,
                    Some("later")
                ),
            ]
        );
    }

    #[test]
    fn only_json_error_bodies_are_decoded_and_every_status_is_remembered() {
        let op = operation(&format!(
            "{{'204': {{description: done}}, '404': {{description: gone, content: {{text/html: {{}}}}}}, 4XX: {}}}",
            json("Problem", "bad")
        ));
        assert_eq!(op.success, Responses::One(Payload::Empty));
        assert_eq!(op.error, Responses::One(Payload::Json(named("Problem"))));
        assert_eq!(
            op.error_statuses,
            [
                (StatusMatch::Code(404), false),
                (StatusMatch::Range(4), true)
            ]
        );
    }

    #[test]
    fn a_lone_default_describes_successes_and_errors() {
        let op = operation(&format!("{{default: {}}}", json("Problem", "any")));
        assert_eq!(op.success, Responses::One(Payload::Json(named("Problem"))));
        assert_eq!(op.error, Responses::One(Payload::Json(named("Problem"))));
        assert_eq!(op.error_statuses, [(StatusMatch::Default, true)]);
    }

    #[test]
    fn a_sequential_media_type_of_a_success_is_a_stream_of_its_schema() {
        let op = operation(
            "{'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}, text/event-stream: {schema: {$ref: '#/components/schemas/Problem'}}, application/x-ndjson: {schema: {type: integer}}}}}",
        );
        assert_eq!(op.success, Responses::One(Payload::Json(named("Thing"))));
        let streams: Vec<(&str, Framing, &Type, bool)> = op
            .streams
            .iter()
            .map(|s| (s.media_type.as_str(), s.framing, &s.item, s.text))
            .collect();
        assert_eq!(
            streams,
            [
                ("text/event-stream", Framing::Sse, &named("Problem"), false),
                ("application/x-ndjson", Framing::Lines, &Type::I64, false),
            ]
        );
        // Events whose schema is a string are taken as text; without a schema, as any JSON.
        let op = operation(
            "{'200': {description: ok, content: {text/event-stream: {schema: {type: string}}, application/json-seq: {}}}}",
        );
        let kinds: Vec<(Framing, &Type, bool)> = op
            .streams
            .iter()
            .map(|s| (s.framing, &s.item, s.text))
            .collect();
        assert_eq!(
            kinds,
            [
                (Framing::Sse, &Type::String, true),
                (Framing::JsonSeq, &Type::Json, false)
            ]
        );
    }

    #[test]
    fn an_event_stream_schema_that_describes_the_whole_event_streams_its_data() {
        let op = operation(
            "{'200': {description: ok, content: {text/event-stream: {schema: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Thing'}, event: {type: string}, id: {type: string}}}}}}}",
        );
        assert_eq!(op.streams[0].item, named("Thing"));
        // A payload with a `data` field of its own and other fields is the data itself.
        let op = operation(
            "{'200': {description: ok, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Problem'}}}}}",
        );
        assert_eq!(op.streams[0].item, named("Problem"));
        let op = operation(
            "{'200': {description: ok, content: {text/event-stream: {schema: {type: object, properties: {data: {type: integer}, detail: {type: string}}}}}}}",
        );
        assert_eq!(op.streams[0].item, named("FetchEvent"));
    }

    #[test]
    fn a_media_type_the_client_does_not_read_is_a_warning_that_names_it() {
        let (api, warnings) = lowered(
            "paths:\n  /a:\n    get:\n      operationId: fetch\n      responses:\n        '200': {description: ok, content: {application/json: {}, application/problem+json: {}, application/xml: {}}}\n        '400': {description: bad, content: {application/json: {}, text/event-stream: {}}}\n        '201': {description: made, content: {application/jsonl: {schema: {type: string}}, application/x-ndjson: {schema: {type: integer}}}}",
        );
        assert_eq!(api.operations[0].streams.len(), 1);
        // In document order, each once.
        let warnings: Vec<(&str, &str)> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    "#/paths/~1a/get/responses/200/content/application~1xml",
                    "the `application/xml` answer is left out: the client reads this response as `application/json`"
                ),
                (
                    "#/paths/~1a/get/responses/400/content/text~1event-stream",
                    "the `text/event-stream` answer is left out: the client reads this response as `application/json`"
                ),
                (
                    "#/paths/~1a/get/responses/201/content/application~1x-ndjson",
                    "the `application/x-ndjson` stream is left out: the operation already streams `application/jsonl`, whose items are of another type"
                ),
            ]
        );
    }

    #[test]
    fn a_response_ref_that_leads_nowhere_is_an_error_at_the_reference() {
        let diagnostics = errors(
            "paths:\n  /a:\n    get: {operationId: fetch, responses: {'200': {$ref: '#/components/responses/Nope'}}}",
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].pointer, "#/paths/~1a/get/responses/200");
    }
}
