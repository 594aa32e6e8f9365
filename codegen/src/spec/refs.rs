//! `$ref`s: the node of the document that a reference points at, found by walking the typed
//! document along the JSON pointer, through any chain of references on the way.
//!
//! A reference may point at any node of its kind, not only at a component:
//! `#/components/responses/Conflict/content/application~1json/schema` is a schema,
//! `#/paths/~1users/get/parameters/0` a parameter. Lowering and the examples' checks both
//! resolve through here, so they agree on what every reference means.

use crate::pointer::{self, Pointer};
use openapiv3::{
    AdditionalProperties, Components, Example, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    SchemaKind, StatusCode,
};

/// How many references a chain may follow before it is taken for a cycle.
const MAX_HOPS: usize = 32;

/// Why a reference does not lead to a node of the kind wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefError {
    /// The reference names another document (`things.yaml#/Thing`).
    External { file: String },
    /// Nothing is at `pointer`: along the reference itself, or, when `followed`, along one
    /// that it led to.
    Missing { pointer: String, followed: bool },
    /// The node at `pointer` is a `found`, where a `wanted` is needed.
    WrongKind {
        pointer: String,
        found: &'static str,
        wanted: &'static str,
    },
    /// The chain of references does not end.
    Cycle,
}

impl RefError {
    /// The message and hint of a diagnostic for `reference`, which should be a `wanted`.
    pub(crate) fn describe(&self, reference: &str, wanted: Kind) -> (String, &'static str) {
        match self {
            RefError::External { file } => (
                format!(
                    "`$ref` `{reference}` points into another file, `{file}`, which a parsed document cannot follow"
                ),
                "generate from the spec's file (`codegen --spec FILE`), which reads the files its `$ref`s name",
            ),
            RefError::Missing { pointer, followed } => {
                let component = match followed {
                    false => component_key(reference).map(|key| (key, reference)),
                    true => component_key(pointer).map(|key| (key, pointer.as_str())),
                };
                match component.filter(|((kind, _), _)| *kind == wanted) {
                    // The common mistake: a misspelt component name.
                    Some((_, missing)) => (
                        format!(
                            "unresolved `$ref`: `{missing}` is not in `components.{}`",
                            wanted.section()
                        ),
                        wanted.spelling_hint(),
                    ),
                    None => (
                        format!("unresolved `$ref`: nothing is at `{pointer}`"),
                        "check the pointer: each segment must name a key or an index of the node before it",
                    ),
                }
            }
            RefError::WrongKind { pointer, found, .. } => (
                match pointer == reference {
                    true => format!(
                        "`$ref` `{reference}` points at {found}, where {} is needed",
                        wanted.article()
                    ),
                    false => format!(
                        "`$ref` `{reference}` points at {found} (`{pointer}`), where {} is needed",
                        wanted.article()
                    ),
                },
                "point the reference at a node of the right kind",
            ),
            RefError::Cycle => (
                format!("`$ref` chain from `{reference}` does not end"),
                "one reference of the chain must point at a node that is not a reference",
            ),
        }
    }
}

/// The kinds of node a reference can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
}

impl Kind {
    fn article(self) -> &'static str {
        match self {
            Kind::Schema => "a schema",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::Header => "a header",
            Kind::Example => "an example",
        }
    }

    /// The kind of the nodes under a key of `components` (`schemas`, `responses`, ...).
    fn from_section(section: &str) -> Option<Kind> {
        [
            Kind::Schema,
            Kind::Parameter,
            Kind::RequestBody,
            Kind::Response,
            Kind::Header,
            Kind::Example,
        ]
        .into_iter()
        .find(|kind| kind.section() == section)
    }

    /// The key of `components` that holds nodes of this kind.
    fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
            Kind::Example => "examples",
        }
    }

    fn spelling_hint(self) -> &'static str {
        match self {
            Kind::Schema => {
                "check the spelling of the schema name, or pass `--allow-missing-refs` to read it as any JSON"
            }
            Kind::Parameter => {
                "check the spelling of the parameter name, or pass `--allow-missing-refs` to leave the parameter out"
            }
            Kind::RequestBody => {
                "check the spelling of the request body name, or pass `--allow-missing-refs` to read it as any JSON"
            }
            Kind::Response => {
                "check the spelling of the response name, or pass `--allow-missing-refs` to read it as any JSON"
            }
            Kind::Header => {
                "check the spelling of the header name, or pass `--allow-missing-refs` to read it as any value"
            }
            Kind::Example => "check the spelling of the example name",
        }
    }
}

/// The kind and key of a pointer to a component (`#/components/schemas/Name`), unescaped.
pub(crate) fn component_key(pointer: &str) -> Option<(Kind, String)> {
    let segments = pointer::fragment_segments(pointer.strip_prefix('#')?)?;
    match <[String; 3]>::try_from(segments) {
        Ok([components, section, key]) if components == "components" => {
            Some((Kind::from_section(&section)?, key))
        }
        _ => None,
    }
}

/// A node of the typed document, as far as references can reach into it.
#[derive(Clone, Copy)]
enum Node<'a> {
    Document(&'a OpenAPI),
    Components(&'a Components),
    Paths(&'a OpenAPI),
    PathItem(&'a PathItem),
    Operation(&'a Operation),
    Parameters(&'a [ReferenceOr<Parameter>]),
    Parameter(&'a Parameter),
    RequestBody(&'a RequestBody),
    Responses(&'a Responses),
    Response(&'a Response),
    Content(&'a indexmap::IndexMap<String, MediaType>),
    MediaType(&'a MediaType),
    Header(&'a Header),
    Example(&'a Example),
    Schema(&'a Schema),
    /// One of the maps of `components`, named by its key.
    Section(&'a Components, Kind),
    /// The `headers` of a response.
    Headers(&'a indexmap::IndexMap<String, ReferenceOr<Header>>),
    /// The `examples` of a media type, parameter or header.
    Examples(&'a indexmap::IndexMap<String, ReferenceOr<Example>>),
    /// The `properties` of an object schema.
    Properties(&'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>),
    /// The parts of an `allOf`, `oneOf` or `anyOf`.
    Parts(&'a [ReferenceOr<Schema>]),
}

impl Node<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Node::Schema(_) => "a schema",
            Node::Parameter(_) => "a parameter",
            Node::RequestBody(_) => "a request body",
            Node::Response(_) => "a response",
            Node::Header(_) => "a header",
            Node::Example(_) => "an example",
            Node::Operation(_) => "an operation",
            Node::PathItem(_) => "a path item",
            Node::MediaType(_) => "a media type",
            Node::Document(_) => "the whole document",
            _ => "a collection",
        }
    }
}

/// Resolves references in one document.
#[derive(Clone, Copy)]
pub(crate) struct Refs<'a> {
    spec: &'a OpenAPI,
}

/// Where a step lands: a node, or a reference to follow first.
enum Step<'a> {
    Node(Node<'a>),
    Ref(&'a str),
}

impl<'a> Refs<'a> {
    pub(crate) fn new(spec: &'a OpenAPI) -> Self {
        Refs { spec }
    }

    /// The schema `reference` points at (through any chain) and the pointer it stands at.
    pub(crate) fn schema(&self, reference: &str) -> Result<(&'a Schema, String), RefError> {
        self.resolve(reference, Kind::Schema, |node| match node {
            Node::Schema(schema) => Some(schema),
            _ => None,
        })
    }

    /// The parameter `reference` points at, and where it stands.
    pub(crate) fn parameter(&self, reference: &str) -> Result<(&'a Parameter, String), RefError> {
        self.resolve(reference, Kind::Parameter, |node| match node {
            Node::Parameter(parameter) => Some(parameter),
            _ => None,
        })
    }

    /// The request body `reference` points at, and where it stands.
    pub(crate) fn request_body(
        &self,
        reference: &str,
    ) -> Result<(&'a RequestBody, String), RefError> {
        self.resolve(reference, Kind::RequestBody, |node| match node {
            Node::RequestBody(body) => Some(body),
            _ => None,
        })
    }

    /// The response `reference` points at, and where it stands.
    pub(crate) fn response(&self, reference: &str) -> Result<(&'a Response, String), RefError> {
        self.resolve(reference, Kind::Response, |node| match node {
            Node::Response(response) => Some(response),
            _ => None,
        })
    }

    /// The example `reference` points at, and where it stands.
    pub(crate) fn example(&self, reference: &str) -> Result<(&'a Example, String), RefError> {
        self.resolve(reference, Kind::Example, |node| match node {
            Node::Example(example) => Some(example),
            _ => None,
        })
    }

    /// Follows `reference` to the node that `pick` accepts (one of kind `wanted`), with the
    /// pointer of that node.
    fn resolve<T>(
        &self,
        reference: &str,
        wanted: Kind,
        pick: impl Fn(Node<'a>) -> Option<&'a T>,
    ) -> Result<(&'a T, String), RefError> {
        let (node, at) = self.walk(reference, 0)?;
        match pick(node) {
            Some(found) => Ok((found, at)),
            None => Err(RefError::WrongKind {
                pointer: at,
                found: node.describe(),
                wanted: wanted.article(),
            }),
        }
    }

    /// The node at `reference`, following every reference met on the way (and at the end).
    fn walk(&self, reference: &str, hops: usize) -> Result<(Node<'a>, String), RefError> {
        if hops > MAX_HOPS {
            return Err(RefError::Cycle);
        }
        let Some(fragment) = reference.strip_prefix('#') else {
            let file = reference.split('#').next().unwrap_or(reference);
            return Err(RefError::External {
                file: file.to_string(),
            });
        };
        let Some(segments) = pointer::fragment_segments(fragment) else {
            return Err(RefError::Missing {
                pointer: reference.to_string(),
                followed: hops > 0,
            });
        };
        let mut node = Node::Document(self.spec);
        let mut at = Pointer::root();
        for segment in &segments {
            at = at.join(segment);
            match step(node, segment) {
                Some(Step::Node(next)) => node = next,
                Some(Step::Ref(next)) => {
                    // The rest of the pointer continues from where the reference leads.
                    let (target, target_at) = self.walk(next, hops + 1)?;
                    node = target;
                    at = Pointer::from_written(&target_at);
                }
                None => {
                    return Err(RefError::Missing {
                        pointer: at.into(),
                        followed: hops > 0,
                    });
                }
            }
        }
        Ok((node, at.into()))
    }
}

/// One step down from `node` by the key or index `segment`.
fn step<'a>(node: Node<'a>, segment: &str) -> Option<Step<'a>> {
    use Node as N;
    let node = match node {
        N::Document(spec) => match segment {
            "paths" => N::Paths(spec),
            "components" => N::Components(spec.components.as_ref()?),
            _ => return None,
        },
        N::Components(components) => {
            let kind = Kind::from_section(segment)?;
            N::Section(components, kind)
        }
        N::Section(components, kind) => {
            return match kind {
                Kind::Schema => item(components.schemas.get(segment)?, N::Schema),
                Kind::Parameter => item(components.parameters.get(segment)?, N::Parameter),
                Kind::RequestBody => item(components.request_bodies.get(segment)?, N::RequestBody),
                Kind::Response => item(components.responses.get(segment)?, N::Response),
                Kind::Header => item(components.headers.get(segment)?, N::Header),
                Kind::Example => item(components.examples.get(segment)?, N::Example),
            };
        }
        N::Paths(spec) => match spec.paths.paths.get(segment)? {
            ReferenceOr::Item(item) => N::PathItem(item),
            ReferenceOr::Reference { reference } => return Some(Step::Ref(reference)),
        },
        N::PathItem(item) => match segment {
            "parameters" => N::Parameters(&item.parameters),
            method => N::Operation(item.iter().find(|(m, _)| *m == method)?.1),
        },
        N::Operation(operation) => match segment {
            "parameters" => N::Parameters(&operation.parameters),
            "requestBody" => return item(operation.request_body.as_ref()?, N::RequestBody),
            "responses" => N::Responses(&operation.responses),
            _ => return None,
        },
        N::Parameters(parameters) => {
            return item(
                parameters.get(segment.parse::<usize>().ok()?)?,
                N::Parameter,
            );
        }
        N::Parameter(parameter) => {
            let data = parameter.parameter_data_ref();
            match (segment, &data.format) {
                ("schema", ParameterSchemaOrContent::Schema(schema)) => {
                    return item(schema, N::Schema);
                }
                ("content", ParameterSchemaOrContent::Content(content)) => N::Content(content),
                ("examples", _) => N::Examples(&data.examples),
                _ => return None,
            }
        }
        N::Header(header) => match (segment, &header.format) {
            ("schema", ParameterSchemaOrContent::Schema(schema)) => {
                return item(schema, N::Schema);
            }
            ("content", ParameterSchemaOrContent::Content(content)) => N::Content(content),
            ("examples", _) => N::Examples(&header.examples),
            _ => return None,
        },
        N::RequestBody(body) => match segment {
            "content" => N::Content(&body.content),
            _ => return None,
        },
        N::Responses(responses) => {
            let response = if segment == "default" {
                responses.default.as_ref()?
            } else {
                responses
                    .responses
                    .iter()
                    .find(|(status, _)| status_matches(status, segment))?
                    .1
            };
            return item(response, N::Response);
        }
        N::Response(response) => match segment {
            "content" => N::Content(&response.content),
            "headers" => N::Headers(&response.headers),
            _ => return None,
        },
        N::Headers(headers) => return item(headers.get(segment)?, N::Header),
        N::Content(content) => N::MediaType(content.get(segment)?),
        N::MediaType(media_type) => match segment {
            "schema" => return item(media_type.schema.as_ref()?, N::Schema),
            "examples" => N::Examples(&media_type.examples),
            _ => return None,
        },
        N::Examples(examples) => return item(examples.get(segment)?, N::Example),
        N::Example(_) => return None,
        N::Schema(schema) => return schema_step(schema, segment),
        N::Properties(properties) => return boxed(properties.get(segment)?),
        N::Parts(parts) => return item(parts.get(segment.parse::<usize>().ok()?)?, N::Schema),
    };
    Some(Step::Node(node))
}

/// One step down into a schema.
fn schema_step<'a>(schema: &'a Schema, segment: &str) -> Option<Step<'a>> {
    use openapiv3::Type as T;
    let node = match (&schema.schema_kind, segment) {
        (SchemaKind::Type(T::Object(object)), "properties") => Node::Properties(&object.properties),
        (SchemaKind::Any(any), "properties") => Node::Properties(&any.properties),
        (SchemaKind::Type(T::Object(object)), "additionalProperties") => {
            return additional(object.additional_properties.as_ref()?);
        }
        (SchemaKind::Any(any), "additionalProperties") => {
            return additional(any.additional_properties.as_ref()?);
        }
        (SchemaKind::Type(T::Array(array)), "items") => return boxed(array.items.as_ref()?),
        (SchemaKind::Any(any), "items") => return boxed(any.items.as_ref()?),
        (SchemaKind::AllOf { all_of: parts }, "allOf")
        | (SchemaKind::OneOf { one_of: parts }, "oneOf")
        | (SchemaKind::AnyOf { any_of: parts }, "anyOf") => Node::Parts(parts),
        (SchemaKind::Any(any), "allOf") => Node::Parts(&any.all_of),
        (SchemaKind::Any(any), "oneOf") => Node::Parts(&any.one_of),
        (SchemaKind::Any(any), "anyOf") => Node::Parts(&any.any_of),
        (SchemaKind::Not { not }, "not") => return item(not, Node::Schema),
        (SchemaKind::Any(any), "not") => return item(any.not.as_ref()?, Node::Schema),
        _ => return None,
    };
    Some(Step::Node(node))
}

fn item<'a, T>(value: &'a ReferenceOr<T>, node: fn(&'a T) -> Node<'a>) -> Option<Step<'a>> {
    Some(match value {
        ReferenceOr::Item(value) => Step::Node(node(value)),
        ReferenceOr::Reference { reference } => Step::Ref(reference),
    })
}

fn boxed(value: &ReferenceOr<Box<Schema>>) -> Option<Step<'_>> {
    Some(match value {
        ReferenceOr::Item(schema) => Step::Node(Node::Schema(schema)),
        ReferenceOr::Reference { reference } => Step::Ref(reference),
    })
}

fn additional(value: &AdditionalProperties) -> Option<Step<'_>> {
    match value {
        AdditionalProperties::Schema(schema) => item(schema, Node::Schema),
        AdditionalProperties::Any(_) => None,
    }
}

/// Whether a status key of `responses` is spelt `segment` (`200`, `4XX`).
fn status_matches(status: &StatusCode, segment: &str) -> bool {
    match status {
        StatusCode::Code(code) => segment == code.to_string(),
        StatusCode::Range(range) => segment.eq_ignore_ascii_case(&format!("{range}XX")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).unwrap()
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tag/allOf/0"}
        4XX: {$ref: "#/components/responses/Conflict"}
components:
  schemas:
    Tag:
      allOf:
        - {type: object, properties: {name: {type: string}}}
        - {$ref: "#/components/schemas/Alias"}
    Alias: {$ref: "#/components/schemas/Real"}
    Real: {type: object, properties: {b: {type: integer}}}
    Loop: {$ref: "#/components/schemas/Loop"}
  responses:
    Conflict:
      description: conflict
      content:
        application/json:
          schema: {type: object, properties: {code: {type: string}}}
  parameters:
    p: {name: p, in: query, schema: {$ref: "#/components/schemas/Real/properties/b"}}
"##;

    #[test]
    fn resolves_any_node_through_chains() {
        let spec = spec(SPEC);
        let refs = Refs::new(&spec);
        let cases = [
            ("#/components/schemas/Real", "#/components/schemas/Real"),
            ("#/components/schemas/Alias", "#/components/schemas/Real"),
            (
                "#/components/schemas/Tag/allOf/0",
                "#/components/schemas/Tag/allOf/0",
            ),
            (
                "#/components/schemas/Tag/allOf/1",
                "#/components/schemas/Real",
            ),
            (
                "#/components/schemas/Tag/allOf/1/properties/b",
                "#/components/schemas/Real/properties/b",
            ),
            (
                "#/components/responses/Conflict/content/application~1json/schema",
                "#/components/responses/Conflict/content/application~1json/schema",
            ),
            (
                "#/paths/~1users~1{id}/get/parameters/0/schema",
                "#/paths/~1users~1{id}/get/parameters/0/schema",
            ),
            (
                "#/paths/~1users~1%7Bid%7D/get/responses/4XX/content/application~1json/schema",
                "#/components/responses/Conflict/content/application~1json/schema",
            ),
            (
                "#/components/parameters/p/schema",
                "#/components/schemas/Real/properties/b",
            ),
        ];
        for (reference, at) in cases {
            let (_, found) = refs
                .schema(reference)
                .unwrap_or_else(|e| panic!("{reference}: {e:?}"));
            assert_eq!(found, at, "{reference}");
        }
        let (response, at) = refs
            .response("#/paths/~1users~1{id}/get/responses/200")
            .unwrap();
        assert_eq!(response.description, "ok");
        assert_eq!(at, "#/paths/~1users~1{id}/get/responses/200");
        let (parameter, _) = refs
            .parameter("#/paths/~1users~1{id}/get/parameters/0")
            .unwrap();
        assert_eq!(parameter.parameter_data_ref().name, "id");
    }

    #[test]
    fn says_why_a_reference_does_not_resolve() {
        let spec = spec(SPEC);
        let refs = Refs::new(&spec);
        assert_eq!(
            refs.schema("things.yaml#/Thing").unwrap_err(),
            RefError::External {
                file: "things.yaml".to_string()
            }
        );
        assert_eq!(
            refs.schema("#/components/schemas/Tag/allOf/7/properties")
                .unwrap_err(),
            RefError::Missing {
                pointer: "#/components/schemas/Tag/allOf/7".to_string(),
                followed: false
            }
        );
        assert_eq!(
            refs.schema("#/components/schemas/Loop").unwrap_err(),
            RefError::Cycle
        );
        assert_eq!(
            refs.schema("#/components/responses/Conflict").unwrap_err(),
            RefError::WrongKind {
                pointer: "#/components/responses/Conflict".to_string(),
                found: "a response",
                wanted: "a schema"
            }
        );
        let (message, hint) = refs
            .schema("#/components/schemas/Thng")
            .unwrap_err()
            .describe("#/components/schemas/Thng", Kind::Schema);
        assert_eq!(
            message,
            "unresolved `$ref`: `#/components/schemas/Thng` is not in `components.schemas`"
        );
        assert_eq!(
            hint,
            "check the spelling of the schema name, or pass `--allow-missing-refs` to read it as any JSON"
        );
    }

    #[test]
    fn component_keys_are_unescaped() {
        assert_eq!(
            component_key("#/components/schemas/a~1b"),
            Some((Kind::Schema, "a/b".to_string()))
        );
        assert_eq!(component_key("#/components/schemas/A/properties/b"), None);
        assert_eq!(
            component_key("#/components/schemas/~01%20x"),
            Some((Kind::Schema, "~1 x".to_string()))
        );
    }
}
