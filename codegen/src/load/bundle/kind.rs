//! What kind of node each place of a document holds, known from the way down to it: a `$ref`
//! is followed according to the kind of node it stands for (a schema becomes a component, a
//! path item is copied where it stands).

/// A kind of OpenAPI (or Swagger 2.0) object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Node {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    Discriminator,
}

/// What a place of the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// One object of a kind.
    One(Node),
    /// A map or a list whose every entry is an object of a kind.
    Many(Node),
    /// Something that is not an OpenAPI object (`info`, an extension's value): a `$ref` to
    /// another file is replaced by what it points at.
    Other,
    /// Literal data (an example's value, a default, an enum): a `$ref` key in it is data.
    Data,
}

impl Kind {
    /// The kind of the entry `key` of a node of this kind.
    pub(super) fn child(self, key: &str) -> Kind {
        match self {
            // An extension among paths or responses; a property may be called `x-...`.
            Kind::Many(node) if key.starts_with("x-") && node != Node::Schema => Kind::Other,
            Kind::Many(node) => Kind::One(node),
            Kind::Data => Kind::Data,
            Kind::Other => Kind::Other,
            Kind::One(_) if key.starts_with("x-") => Kind::Other,
            Kind::One(node) => child(node, key),
        }
    }
}

/// The kind of the entry `key` (not an extension) of a `node`.
fn child(node: Node, key: &str) -> Kind {
    use Kind::{Data, Many, One, Other};
    match (node, key) {
        (Node::Document, "paths" | "webhooks") => Many(Node::PathItem),
        (Node::Document, "components") => One(Node::Components),
        // Swagger 2.0 keeps its components at the top.
        (Node::Document, "definitions") => Many(Node::Schema),
        (Node::Document, "parameters") => Many(Node::Parameter),
        (Node::Document, "responses") => Many(Node::Response),
        (Node::Document, "securityDefinitions") => Many(Node::SecurityScheme),
        (Node::Components, _) => match section_node(key) {
            Some(node) => Many(node),
            None => Other,
        },
        (Node::PathItem, "parameters") => Many(Node::Parameter),
        (Node::PathItem, method) if is_method(method) => One(Node::Operation),
        // OpenAPI 3.2's operations of other methods, by the method.
        (Node::PathItem, "additionalOperations") => Many(Node::Operation),
        (Node::Operation, "parameters") => Many(Node::Parameter),
        (Node::Operation, "requestBody") => One(Node::RequestBody),
        (Node::Operation, "responses") => Many(Node::Response),
        (Node::Operation, "callbacks") => Many(Node::Callback),
        (Node::Parameter | Node::Header | Node::MediaType | Node::Response, "schema")
        | (Node::MediaType, "itemSchema") => One(Node::Schema),
        (Node::Parameter | Node::Header | Node::RequestBody | Node::Response, "content") => {
            Many(Node::MediaType)
        }
        (Node::Parameter | Node::Header | Node::MediaType, "examples") => Many(Node::Example),
        (Node::Response | Node::Encoding, "headers") => Many(Node::Header),
        (Node::Response, "links") => Many(Node::Link),
        (Node::MediaType, "encoding") => Many(Node::Encoding),
        (Node::Callback, _) => One(Node::PathItem),
        (Node::Schema, _) => schema_child(key),
        (Node::Discriminator, "mapping") => Data,
        (_, "example" | "examples" | "default" | "enum" | "const" | "value" | "dataValue") => Data,
        (Node::Link, "parameters" | "requestBody") => Data,
        _ => Other,
    }
}

/// The kind of the entry `key` of a schema.
fn schema_child(key: &str) -> Kind {
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Kind::Many(Node::Schema)
        }
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Kind::Many(Node::Schema),
        "items"
        | "additionalProperties"
        | "not"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "additionalItems"
        | "contentSchema" => Kind::One(Node::Schema),
        "discriminator" => Kind::One(Node::Discriminator),
        "example" | "examples" | "default" | "enum" | "const" => Kind::Data,
        _ => Kind::Other,
    }
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query"
    )
}

/// The kind of the components in `section` of `components`.
fn section_node(section: &str) -> Option<Node> {
    Some(match section {
        "schemas" => Node::Schema,
        "responses" => Node::Response,
        "parameters" => Node::Parameter,
        "examples" => Node::Example,
        "requestBodies" => Node::RequestBody,
        "headers" => Node::Header,
        "securitySchemes" => Node::SecurityScheme,
        "links" => Node::Link,
        "callbacks" => Node::Callback,
        "pathItems" => Node::PathItem,
        _ => return None,
    })
}

/// Where a node of kind `node` reached by a `$ref` to another file is put: the section
/// of the components (`components/schemas`, or `definitions` in Swagger 2.0), or `None`
/// when it is copied where the `$ref` stands (a path item, an operation, a media type).
pub(super) fn section(node: Node, swagger2: bool) -> Option<&'static [&'static str]> {
    if swagger2 {
        return match node {
            Node::Schema => Some(&["definitions"]),
            Node::Parameter => Some(&["parameters"]),
            Node::Response => Some(&["responses"]),
            _ => None,
        };
    }
    Some(match node {
        Node::Schema => &["components", "schemas"],
        Node::Response => &["components", "responses"],
        Node::Parameter => &["components", "parameters"],
        Node::Example => &["components", "examples"],
        Node::RequestBody => &["components", "requestBodies"],
        Node::Header => &["components", "headers"],
        Node::SecurityScheme => &["components", "securitySchemes"],
        Node::Link => &["components", "links"],
        Node::Callback => &["components", "callbacks"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind at the end of `keys`, from the document.
    fn at(keys: &[&str]) -> Kind {
        keys.iter()
            .fold(Kind::One(Node::Document), |kind, key| kind.child(key))
    }

    #[test]
    fn kinds_follow_the_way_down() {
        let cases: &[(&[&str], Kind)] = &[
            (&["paths", "/a"], Kind::One(Node::PathItem)),
            (&["paths", "/a", "get"], Kind::One(Node::Operation)),
            (
                &["paths", "/a", "get", "parameters", "0"],
                Kind::One(Node::Parameter),
            ),
            (
                &[
                    "paths",
                    "/a",
                    "get",
                    "responses",
                    "200",
                    "content",
                    "a/b",
                    "schema",
                ],
                Kind::One(Node::Schema),
            ),
            (
                &["components", "schemas", "A", "properties", "b", "items"],
                Kind::One(Node::Schema),
            ),
            (&["components", "schemas", "A", "example"], Kind::Data),
            (&["components", "examples", "A", "value", "x"], Kind::Data),
            (&["paths", "/a", "x-samples", "0"], Kind::Other),
            (&["definitions", "A", "allOf", "1"], Kind::One(Node::Schema)),
            (&["webhooks", "hook", "post"], Kind::One(Node::Operation)),
            (
                &["paths", "/a", "get", "callbacks", "c", "{$url}", "post"],
                Kind::One(Node::Operation),
            ),
        ];
        for (keys, kind) in cases {
            assert_eq!(at(keys), *kind, "{keys:?}");
        }
    }

    #[test]
    fn components_go_to_their_section_of_the_version() {
        assert_eq!(
            section(Node::Schema, false),
            Some(&["components", "schemas"][..])
        );
        assert_eq!(section(Node::Schema, true), Some(&["definitions"][..]));
        assert_eq!(section(Node::Header, true), None);
        assert_eq!(section(Node::PathItem, false), None);
        assert_eq!(section(Node::Operation, false), None);
    }
}
