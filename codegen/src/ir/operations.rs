//! The operations: their parameters, bodies, responses, pagination and security.

use super::Docs;
use super::types::Type;

/// One API operation, which becomes one method of `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name (snake_case, unique).
    pub name: String,
    /// The name of its request builder type (UpperCamelCase, unique).
    pub builder: String,
    /// Where it comes from, as a JSON pointer.
    pub origin: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as written in the spec.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Its documentation.
    pub docs: Docs,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// Its tags, in the spec's order, each once.
    pub tags: Vec<String>,
    /// Parameters in the order the method takes them: path parameters in template order,
    /// then required ones, then optional ones.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success answers.
    pub success: Responses,
    /// What an error status answers, when the spec documents it.
    pub error: Responses,
    /// Every error status the spec documents (a code, a range such as `4XX`, or `default`),
    /// sorted from the most to the least specific, with whether its body is decoded into
    /// `error`. A response's body is decoded only with the type of the status it matches;
    /// one that matches none, or one without a JSON body, keeps its raw body only.
    pub error_statuses: Vec<(StatusMatch, bool)>,
    /// The spec's JSON request and response examples, to test the types against.
    pub examples: Vec<ExampleCase>,
    /// How the operation pages through a list, when it does (`x-pagination`, or a shape
    /// that cannot be read another way).
    pub pagination: Option<Pagination>,
    /// The streamed answers a success offers besides its body (server-sent events first,
    /// then lines), at most one of each kind.
    pub streams: Vec<Stream>,
    /// Alternatives of security requirements; each inner list names schemes (by index into
    /// `Api::security_schemes`) that must all be applied. Empty: no authentication.
    pub security: Vec<Vec<usize>>,
}

/// How a list operation pages: the request builder then offers a stream of every item,
/// fetching page after page as it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Which optional query parameter moves to the next page (an index into
    /// `Operation::params`), and how.
    pub param: usize,
    /// Cursor or page number.
    pub kind: PageKind,
    /// The field of the response struct that holds the page's items, and its type (a
    /// `Vec`, optional or nullable).
    pub items: (String, Type),
    /// The type of one item.
    pub item: Type,
    /// A field of the response struct with the total number of items, when there is one.
    pub total: Option<(String, Type)>,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    /// The parameter takes the cursor the response gives in this field (a string, optional
    /// or nullable); paging ends when it is absent, null or empty.
    Cursor {
        /// The field of the response struct, and its type.
        next: (String, Type),
    },
    /// The parameter is a page number, one more for each page; paging ends at an empty
    /// page, or when the items seen reach the total.
    Page,
}

/// A streamed answer: a success body of a sequential media type, read item by item as it
/// arrives. Its schema describes one item (an event's `data`, a line).
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// The media type, asked for in `Accept`.
    pub media_type: String,
    /// How the body is cut into items.
    pub framing: Framing,
    /// The type of one item.
    pub item: Type,
    /// Whether an item is taken as text as it is (an event whose schema is a string)
    /// rather than decoded as JSON.
    pub text: bool,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`: server-sent events, each `data` one item.
    Sse,
    /// `application/jsonl`, `application/x-ndjson`: one JSON text per line.
    Lines,
    /// `application/json-seq` (RFC 7464): JSON texts each after a record separator.
    JsonSeq,
}

impl Framing {
    /// Whether its items are events (with a type, an id and a reconnection time) rather than
    /// bare items.
    pub fn has_events(self) -> bool {
        self == Framing::Sse
    }
}

/// A request or response example of the spec, as a test of the generated types.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCase {
    /// The test's name (snake_case, unique in the crate).
    pub name: String,
    /// Where the example is, as a JSON pointer.
    pub origin: String,
    /// The type it must decode into (and encode back from).
    pub ty: Type,
    /// The example as compact JSON.
    pub json: String,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text copied as it is.
    Literal(String),
    /// The value of a path parameter, percent-encoded; the index is into `Operation::params`.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// A cookie of the request's one `Cookie` header (`form` style).
    Cookie,
}

/// How a parameter's arrays and objects are written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query `form`: `name=a&name=b` or `name=a,b`; objects as `key=value` pairs.
    Form,
    /// Query `spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// Query `pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// Query items separated by tabs, `name=a%09b` (Swagger 2.0's `collectionFormat: tsv`,
    /// which 3.0 has no style for).
    TabDelimited,
    /// Query `deepObject`: `name[key]=value`.
    DeepObject,
    /// Path and header `simple`: `a,b`; objects as `key,value` pairs (or `key=value`
    /// exploded).
    Simple,
    /// Path `label`: `.a,b` (or `.a.b` exploded); objects as `.key,value` (or `.key=value`).
    Label,
    /// Path `matrix`: `;name=a,b` (or `;name=a;name=b` exploded); objects as
    /// `;name=key,value` (or `;key=value`).
    Matrix,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name of the argument.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type, without the `Option` an optional parameter gets.
    pub ty: Type,
    /// Whether it must be given.
    pub required: bool,
    /// How arrays and objects are written.
    pub style: ParamStyle,
    /// Whether arrays and objects are exploded (`tag=a&tag=b`) rather than joined
    /// (`tag=a,b`).
    pub explode: bool,
    /// Its documentation.
    pub docs: Docs,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How the body is encoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: Type,
    /// Whether it must be given.
    pub required: bool,
    /// Its documentation.
    pub docs: Docs,
    /// A `multipart/form-data` body whose schema is an object with properties: a struct
    /// with a field per part. `None` for other bodies, and for multipart bodies the schema
    /// does not describe (they take the runtime's untyped `Multipart`).
    pub form: Option<Form>,
    /// The fields of an `application/x-www-form-urlencoded` body whose Encoding Object gives
    /// a style, by wire name; the others are `form` style, exploded.
    pub form_styles: Vec<(String, FieldStyle)>,
}

/// A typed `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The Rust name of its struct (UpperCamelCase, unique in the operations module).
    pub name: String,
    /// The parts, in the schema's order.
    pub parts: Vec<FormPart>,
}

/// One part of a typed multipart body: a property of its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The Rust name of the field (snake_case, unique in the struct).
    pub name: String,
    /// The part's name on the wire.
    pub wire_name: String,
    /// How the part is written.
    pub kind: PartKind,
    /// Whether the schema requires it.
    pub required: bool,
    /// The part's `Content-Type` from the media type's `encoding`, when it names one.
    pub content_type: Option<String>,
    /// Its documentation.
    pub docs: Docs,
}

/// How a part of a multipart body is written.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A value as text (strings, numbers, enums, ...); an array of them is one part per item.
    Text(Type),
    /// A value encoded as JSON (objects, arrays of objects).
    Json(Type),
    /// A value written in the `style` its Encoding Object gives, as a query string writes
    /// it: a part per name-value pair, with no percent-encoding.
    Styled(Type, FieldStyle),
    /// A file (`format: binary`).
    File,
    /// Several files under one name (an array of `format: binary`).
    Files,
}

impl PartKind {
    /// The type of a part's value; `None` for files.
    pub fn ty(&self) -> Option<&Type> {
        match self {
            PartKind::Text(ty) | PartKind::Json(ty) | PartKind::Styled(ty, _) => Some(ty),
            PartKind::File | PartKind::Files => None,
        }
    }
}

/// How a form field or a multipart part writes arrays and objects: the `style` and
/// `explode` of its Encoding Object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldStyle {
    /// `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
    pub style: ParamStyle,
    /// Whether arrays and objects are a pair each (`tag=a&tag=b`) rather than joined.
    pub explode: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, from a type that implements `Serialize`.
    Json,
    /// Text (`text/plain` and other `text/*`), from a `String`.
    Text,
    /// Bytes as they are (`application/octet-stream` and other media types), from `Vec<u8>`.
    Binary,
    /// `application/x-www-form-urlencoded`, from a type that implements `Serialize`.
    Form,
    /// `multipart/form-data`, from the runtime's `Multipart`.
    Multipart,
}

/// What a response body decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body (or one that is ignored): `()`.
    Empty,
    /// JSON, decoded into the type.
    Json(Type),
    /// Text of any other media type: `String`.
    Text,
    /// Bytes (`application/octet-stream` and the like): `Vec<u8>`.
    Binary,
}

/// The responses of one kind (success or error) of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Responses {
    /// No body is documented.
    None,
    /// Every documented response of this kind has the same payload.
    One(Payload),
    /// Bodies differ by status: a generated enum with one variant per status.
    ByStatus {
        /// The Rust name of the enum.
        name: String,
        /// The variants, by status.
        variants: Vec<StatusVariant>,
    },
}

/// One variant of a by-status response enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// The Rust name.
    pub name: String,
    /// Which statuses select it.
    pub status: StatusMatch,
    /// What the body decodes into.
    pub payload: Payload,
    /// The response's description.
    pub docs: Docs,
}

/// The statuses a documented response applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A range such as `4XX` (the hundreds digit).
    Range(u16),
    /// `default`: every status not otherwise documented.
    Default,
}

/// A security scheme the client can be configured with.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes`.
    pub key: String,
    /// The Rust name of the builder method that sets its credential (snake_case).
    pub method: String,
    /// How it is sent.
    pub kind: SecurityKind,
    /// Its documentation.
    pub docs: Docs,
    /// Whether the API deprecates it (OpenAPI 3.2).
    pub deprecated: bool,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// An API key in the named header.
    ApiKeyHeader(String),
    /// An API key in the named query parameter.
    ApiKeyQuery(String),
    /// `Authorization: Bearer ...`.
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key in the named cookie.
    ApiKeyCookie(String),
}

impl Responses {
    /// The types of the JSON payloads.
    pub fn slots(&self) -> Vec<&Type> {
        let payloads: Vec<&Payload> = match self {
            Responses::None => Vec::new(),
            Responses::One(payload) => vec![payload],
            Responses::ByStatus { variants, .. } => variants.iter().map(|v| &v.payload).collect(),
        };
        payloads
            .into_iter()
            .filter_map(|payload| match payload {
                Payload::Json(ty) => Some(ty),
                _ => None,
            })
            .collect()
    }
}

impl Operation {
    /// Whether the spec documents a `3XX` answer: then it is the answer, not a redirect to
    /// follow.
    pub fn documents_redirect(&self) -> bool {
        self.error_statuses.iter().any(|(status, _)| match status {
            StatusMatch::Code(code) => (300..400).contains(code),
            StatusMatch::Range(hundreds) => *hundreds == 3,
            StatusMatch::Default => false,
        })
    }

    /// The types an operation holds directly: its parameters', its body's (a multipart
    /// form's parts included), its responses'.
    pub fn slots(&self) -> Vec<&Type> {
        let parts = self
            .body
            .iter()
            .filter_map(|b| b.form.as_ref())
            .flat_map(|form| &form.parts)
            .filter_map(|part| part.kind.ty());
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.iter().map(|b| &b.ty))
            .chain(parts)
            .chain(self.success.slots())
            .chain(self.error.slots())
            .chain(self.streams.iter().map(|stream| &stream.item))
            .collect()
    }
}

/// An HTTP method an operation can have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
    /// `QUERY`: a safe, idempotent request whose body is the query (OpenAPI 3.2's `query`).
    Query,
    /// Another method, as it is sent (OpenAPI 3.2's `additionalOperations`).
    Other(String),
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, ...), `None` for another key.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            "query" => HttpMethod::Query,
            _ => return None,
        })
    }

    /// The method as HTTP spells it (`GET`).
    pub fn as_str(&self) -> &str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Query => "QUERY",
            HttpMethod::Other(method) => method,
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_items_keys_are_the_methods_http_spells_in_capitals() {
        for key in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
        ] {
            let method = HttpMethod::from_key(key).expect("a method");
            assert_eq!(method.as_str(), key.to_ascii_uppercase());
        }
        assert_eq!(HttpMethod::from_key("parameters"), None);
    }
}
