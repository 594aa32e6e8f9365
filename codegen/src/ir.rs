//! The intermediate representation: everything the emitter needs, decided in advance.
//!
//! Plain data only: no tokens and no `openapiv3` types. Lowering builds it (names, types,
//! references, parameters, responses are all settled there); emitting only spells it in Rust.

use std::collections::{BTreeMap, BTreeSet};

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers[0].url` with its variables at their defaults; `None` when the spec has none
    /// or it is relative.
    pub default_base_url: Option<String>,
    /// `servers[0]` as written: its URL template and variables.
    pub server: Option<Server>,
    /// Named types by Rust name, so output order never depends on the spec's order.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
    /// Security schemes that operations use, sorted by Rust name.
    pub security_schemes: Vec<SecurityScheme>,
    /// The Cargo features that select parts of the API, and what each compiles.
    pub features: Features,
}

/// Cargo features that select parts of the API: one per tag, each compiling its operations
/// and exactly the types they need (`crate::features` decides them from the rest of the IR).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// The tags' features, sorted by feature name; empty when the crate has none (a spec
    /// with fewer than `features::MIN_TAGS` tags).
    pub tags: Vec<TagFeature>,
    /// Which features compile each operation, by method name; an operation not listed is
    /// always compiled.
    pub operations: BTreeMap<String, Gate>,
    /// Which features compile each named type, by Rust name; a type not listed is always
    /// compiled.
    pub types: BTreeMap<String, Gate>,
}

/// The feature of one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct TagFeature {
    /// The Cargo feature's name (kebab-case, unique, none of the crate's other features).
    pub name: String,
    /// The tag as the spec writes it.
    pub tag: String,
    /// The tag's description in the spec's `tags`, when it has one.
    pub description: Option<String>,
    /// How many operations have the tag.
    pub operations: usize,
}

/// When an item of the generated crate is compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    #[default]
    Always,
    /// When any of these features (by name, never empty) is on.
    Any(BTreeSet<String>),
}

impl TagFeature {
    /// How many operations the feature compiles, in words: `1 operation`, `3 operations`.
    pub fn operations_text(&self) -> String {
        match self.operations {
            1 => "1 operation".to_string(),
            n => format!("{n} operations"),
        }
    }
}

impl Gate {
    /// Compiles the item when `self` or `other` would.
    pub fn union(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (Gate::Any(mine), Gate::Any(theirs)) => mine.extend(theirs.iter().cloned()),
        }
    }

    /// Whether the item is always compiled.
    pub fn is_always(&self) -> bool {
        matches!(self, Gate::Always)
    }
}

impl Features {
    /// When an operation is compiled.
    pub fn operation(&self, op: &Operation) -> &Gate {
        self.operations.get(&op.name).unwrap_or(&Gate::Always)
    }

    /// When a named type is compiled.
    pub fn of_type(&self, name: &str) -> &Gate {
        self.types.get(name).unwrap_or(&Gate::Always)
    }
}

/// A server URL template and its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL with `{variable}` placeholders.
    pub url: String,
    /// The variables, sorted by name.
    pub variables: Vec<ServerVariable>,
}

/// One variable of a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name.
    pub name: String,
    /// Its default value.
    pub default: String,
    /// The values it may take; empty when any is allowed.
    pub allowed: Vec<String>,
}

/// Documentation gathered from the spec for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title` or `summary`: the first line.
    pub summary: Option<String>,
    /// `description`: the body.
    pub description: Option<String>,
    /// Further lines (examples, constraints, formats), each a paragraph of its own.
    pub notes: Vec<String>,
}

/// A named type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (UpperCamelCase, unique in the crate).
    pub name: String,
    /// Where the type comes from, as a JSON pointer into the spec.
    pub origin: String,
    /// Its documentation.
    pub docs: Docs,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum; it keeps values it does not know in an `Other(String)` variant.
    StringEnum(StringEnum),
    /// An integer enum; it keeps values it does not know in an `Other(i64)` variant.
    IntEnum(IntEnum),
    /// Another name for a type (`type Name = ...;`).
    Alias(Type),
    /// A wrapper struct around a type (`struct Name(pub ...);`), used instead of an alias
    /// where the type refers to itself, which an alias cannot.
    Newtype(Type),
    /// One of several shapes, told apart by trying each in turn (`oneOf`/`anyOf` without a
    /// discriminator).
    Untagged(Vec<Variant>),
    /// One of several objects, told apart by a property (`oneOf` with a `discriminator`).
    Tagged {
        /// The wire name of the discriminating property.
        tag: String,
        /// The variants, each with the tag value that selects it.
        variants: Vec<TaggedVariant>,
    },
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in the spec's order.
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema (or `true`): the name of the flattened map field
    /// that collects them, and the type of its values.
    pub additional: Option<(String, Type)>,
    /// Whether every field can be left unset, so the struct implements `Default`.
    pub default: bool,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name (snake_case, unique in the struct).
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The field's type, with `Option` already applied where the property may be absent.
    pub ty: Type,
    /// How an absent or null value is handled.
    pub presence: Presence,
    /// The spec's `default`, used when the property is absent (`Presence::Defaulted`).
    pub default: Option<DefaultValue>,
    /// Its documentation.
    pub docs: Docs,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
}

/// Whether a property must be present and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: `T`.
    Required,
    /// Required but nullable: `Option<T>`, always sent (as `null` when `None`).
    RequiredNullable,
    /// Optional: `Option<T>`, left out of the JSON when `None`.
    Optional,
    /// Optional and nullable: `Nullable<T>`, which tells absent, null and a value apart.
    OptionalNullable,
    /// Optional with a `default`: `T`, which takes the default when the property is absent.
    Defaulted,
}

/// A `default` value that can be written as a Rust expression.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A variant of a named string or integer enum: (type name, variant name).
    Variant(String, String),
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// The known values.
    pub variants: Vec<EnumVariant>,
    /// Index into `variants` of the spec's `default`, if any.
    pub default: Option<usize>,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    /// The known values, with their Rust names.
    pub variants: Vec<(String, i64)>,
    /// Index into `variants` of the spec's `default`, if any.
    pub default: Option<usize>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The Rust name (UpperCamelCase, unique in the enum).
    pub name: String,
    /// The value on the wire.
    pub wire: String,
    /// What the spec says of it (a `oneOf` of single values describes each).
    pub description: Option<String>,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust name of the variant.
    pub name: String,
    /// The type it holds.
    pub ty: Type,
}

/// One alternative of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The Rust name of the variant.
    pub name: String,
    /// The discriminator values that select it; the first is the one sent.
    pub tag_values: Vec<String>,
    /// The named struct it holds.
    pub ty: Type,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `uuid::Uuid`.
    Uuid,
    /// Any JSON value: `serde_json::Value`.
    Json,
    /// A free-form object: `serde_json::Map<String, serde_json::Value>`.
    JsonObject,
    /// `Vec<T>`.
    Vec(Box<Type>),
    /// `BTreeSet<T>`: an array with `uniqueItems` whose items can be ordered.
    Set(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
    /// `Option<T>`.
    Option(Box<Type>),
    /// `Nullable<T>` (absent, null or a value).
    Nullable(Box<Type>),
    /// `Box<T>`, where a type contains itself.
    Box(Box<Type>),
    /// A named type of the crate.
    Named(String),
    /// `Vec<u8>`: bytes sent as they are.
    Bytes,
    /// `()`: no body.
    Unit,
}

/// One API operation, which becomes one method of `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name (snake_case, unique).
    pub name: String,
    /// The name of its request builder type (UpperCamelCase, unique).
    pub builder: String,
    /// Where it comes from, as a JSON pointer.
    pub origin: String,
    /// The HTTP method, upper case.
    pub http_method: String,
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
    /// A file (`format: binary`).
    File,
    /// Several files under one name (an array of `format: binary`).
    Files,
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

// ----- traversal -------------------------------------------------------------------------

impl Type {
    /// The type this one wraps: the item of a `Vec` or a set, the value of a map, the `T` of
    /// an `Option`, a `Nullable` or a `Box`.
    pub fn inner(&self) -> Option<&Type> {
        match self {
            Type::Vec(inner)
            | Type::Set(inner)
            | Type::Map(inner)
            | Type::Option(inner)
            | Type::Nullable(inner)
            | Type::Box(inner) => Some(inner),
            _ => None,
        }
    }

    /// [`Type::inner`], to change it.
    pub fn inner_mut(&mut self) -> Option<&mut Type> {
        match self {
            Type::Vec(inner)
            | Type::Set(inner)
            | Type::Map(inner)
            | Type::Option(inner)
            | Type::Nullable(inner)
            | Type::Box(inner) => Some(inner),
            _ => None,
        }
    }

    /// Whether this type holds its inner type behind a pointer (a `Vec`, a set, a map, a
    /// `Box`), so that a type that contains itself through it still has a finite size.
    pub fn is_indirect(&self) -> bool {
        matches!(
            self,
            Type::Vec(_) | Type::Set(_) | Type::Map(_) | Type::Box(_)
        )
    }

    /// Calls `visit` on this type and on every type inside it, outermost first.
    pub fn walk<'t>(&'t self, visit: &mut impl FnMut(&'t Type)) {
        visit(self);
        if let Some(inner) = self.inner() {
            inner.walk(visit);
        }
    }

    /// Calls `visit` on every type inside this one and then on this one, innermost first, so
    /// that `visit` may replace a type (wrap it in a `Box`) without being called on the
    /// replacement.
    pub fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Type)) {
        if let Some(inner) = self.inner_mut() {
            inner.walk_mut(visit);
        }
        visit(self);
    }
}

impl TypeKind {
    /// The types a named type holds directly: its fields', its variants', its target.
    pub fn slots(&self) -> Vec<&Type> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter().map(|(_, ty)| ty))
                .collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Tagged { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        }
    }

    /// [`TypeKind::slots`], to change them.
    pub fn slots_mut(&mut self) -> Vec<&mut Type> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .map(|f| &mut f.ty)
                .chain(s.additional.iter_mut().map(|(_, ty)| ty))
                .collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Untagged(variants) => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Tagged { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        }
    }
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
    /// The types an operation holds directly: its parameters', its body's (a multipart
    /// form's parts included), its responses'.
    pub fn slots(&self) -> Vec<&Type> {
        let parts = self
            .body
            .iter()
            .filter_map(|b| b.form.as_ref())
            .flat_map(|form| &form.parts)
            .filter_map(|part| match &part.kind {
                PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            });
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.iter().map(|b| &b.ty))
            .chain(parts)
            .chain(self.success.slots())
            .chain(self.error.slots())
            .collect()
    }
}

impl Api {
    /// Whether any type of the API, at any depth, is one that `test` accepts.
    pub fn mentions(&self, test: impl Fn(&Type) -> bool) -> bool {
        let mut found = false;
        let slots = self
            .types
            .values()
            .flat_map(|def| def.kind.slots())
            .chain(self.operations.iter().flat_map(Operation::slots));
        for ty in slots {
            ty.walk(&mut |inner| found |= test(inner));
            if found {
                return true;
            }
        }
        false
    }

    /// Whether any type of the API is a UUID, which needs the `uuid` crate.
    pub fn uses_uuid(&self) -> bool {
        self.mentions(|ty| *ty == Type::Uuid)
    }
}

impl Api {
    /// The places in `example`, a JSON value of type `ty`, that hold a set (`uniqueItems`,
    /// whose items encode sorted and once each), written as the example tests' runtime
    /// writes them: `""` for the whole, `.key` for a property, `[2]` for an item, `[]` for
    /// any item of a set. A union's value is looked at as each of its variants.
    pub fn sets_in(&self, ty: &Type, example: &serde_json::Value) -> Vec<String> {
        let mut found = std::collections::BTreeSet::new();
        self.collect_sets(ty, example, "", &mut found, 0);
        found.into_iter().collect()
    }

    fn collect_sets(
        &self,
        ty: &Type,
        value: &serde_json::Value,
        path: &str,
        found: &mut std::collections::BTreeSet<String>,
        depth: usize,
    ) {
        use serde_json::Value;
        // A type may hold itself at the same place (an alias of a union that has it as a
        // variant); the value gets no deeper, so a bound ends the walk.
        if depth > 64 {
            return;
        }
        match (ty, value) {
            (Type::Set(item), Value::Array(items)) => {
                found.insert(path.to_string());
                let at = format!("{path}[]");
                for value in items {
                    self.collect_sets(item, value, &at, found, depth + 1);
                }
            }
            (Type::Vec(item), Value::Array(items)) => {
                for (i, value) in items.iter().enumerate() {
                    self.collect_sets(item, value, &format!("{path}[{i}]"), found, depth + 1);
                }
            }
            (Type::Map(item), Value::Object(entries)) => {
                for (key, value) in entries {
                    self.collect_sets(item, value, &format!("{path}.{key}"), found, depth + 1);
                }
            }
            (Type::Option(inner) | Type::Nullable(inner) | Type::Box(inner), _) => {
                self.collect_sets(inner, value, path, found, depth + 1);
            }
            (Type::Named(name), _) => {
                let Some(def) = self.types.get(name) else {
                    return;
                };
                match (&def.kind, value) {
                    (TypeKind::Struct(s), Value::Object(entries)) => {
                        for (key, value) in entries {
                            let ty = match s.fields.iter().find(|f| f.wire_name == *key) {
                                Some(field) => &field.ty,
                                None => match &s.additional {
                                    Some((_, ty)) => ty,
                                    None => continue,
                                },
                            };
                            self.collect_sets(
                                ty,
                                value,
                                &format!("{path}.{key}"),
                                found,
                                depth + 1,
                            );
                        }
                    }
                    (TypeKind::Struct(_), _) => {}
                    (kind, _) => {
                        for ty in kind.slots() {
                            self.collect_sets(ty, value, path, found, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_visits_outermost_first_and_a_mutable_walk_innermost_first() {
        let mut ty = Type::Option(Box::new(Type::Vec(Box::new(Type::Named("A".into())))));
        let mut seen = Vec::new();
        ty.walk(&mut |inner| seen.push(format!("{inner:?}").chars().take(3).collect::<String>()));
        assert_eq!(seen, ["Opt", "Vec", "Nam"]);
        let mut order = Vec::new();
        ty.walk_mut(&mut |inner| {
            order.push(inner.is_indirect());
            // Replacing a type is safe: the replacement is not visited.
            if let Type::Named(_) = inner {
                let named = std::mem::replace(inner, Type::Unit);
                *inner = Type::Box(Box::new(named));
            }
        });
        assert_eq!(order, [false, true, false]);
        assert_eq!(
            ty,
            Type::Option(Box::new(Type::Vec(Box::new(Type::Box(Box::new(
                Type::Named("A".into())
            ))))))
        );
    }

    #[test]
    fn a_type_named_only_by_a_response_is_mentioned() {
        let operation = Operation {
            name: "get_thing".to_string(),
            builder: "GetThing".to_string(),
            examples: Vec::new(),
            origin: "#/paths/~1things/get".to_string(),
            http_method: "GET".to_string(),
            path_template: "/things".to_string(),
            path: Vec::new(),
            docs: Docs::default(),
            deprecated: false,
            tags: Vec::new(),
            params: Vec::new(),
            body: None,
            success: Responses::One(Payload::Json(Type::Vec(Box::new(Type::Uuid)))),
            error: Responses::None,
            error_statuses: Vec::new(),
            pagination: None,
            security: Vec::new(),
        };
        let mut api = Api {
            title: "T".to_string(),
            version: "1".to_string(),
            description: None,
            default_base_url: None,
            server: None,
            types: Default::default(),
            operations: vec![operation],
            security_schemes: Vec::new(),
            features: Features::default(),
        };
        assert!(api.mentions(|ty| *ty == Type::Uuid));
        assert!(!api.mentions(|ty| *ty == Type::Date));
        api.operations[0].success = Responses::None;
        assert!(!api.mentions(|ty| *ty == Type::Uuid));
    }

    #[test]
    fn sets_are_found_where_the_example_has_them() {
        let field = |wire: &str, ty: Type| Field {
            name: wire.to_string(),
            wire_name: wire.to_string(),
            ty,
            presence: Presence::Optional,
            default: None,
            docs: Docs::default(),
            deprecated: false,
        };
        let set = |ty: Type| Type::Option(Box::new(Type::Set(Box::new(ty))));
        let item = TypeDef {
            name: "Item".to_string(),
            origin: "#/components/schemas/Item".to_string(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields: vec![
                    field("tags", set(Type::String)),
                    field(
                        "list",
                        Type::Option(Box::new(Type::Vec(Box::new(Type::String)))),
                    ),
                    field(
                        "kids",
                        Type::Option(Box::new(Type::Vec(Box::new(Type::Named("Item".into()))))),
                    ),
                ],
                additional: Some(("extra".to_string(), Type::Set(Box::new(Type::I64)))),
                default: true,
            }),
        };
        let either = TypeDef {
            name: "Either".to_string(),
            origin: "#/components/schemas/Either".to_string(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Untagged(vec![
                Variant {
                    name: "Item".to_string(),
                    ty: Type::Named("Item".into()),
                },
                Variant {
                    name: "Either".to_string(),
                    ty: Type::Named("Either".into()),
                },
            ]),
        };
        let api = Api {
            title: "T".to_string(),
            version: "1".to_string(),
            description: None,
            default_base_url: None,
            server: None,
            types: [("Item".to_string(), item), ("Either".to_string(), either)].into(),
            operations: Vec::new(),
            security_schemes: Vec::new(),
            features: Features::default(),
        };
        let example = serde_json::json!({
            "tags": ["b", "a"],
            "list": ["b", "a"],
            "kids": [{"list": []}, {"tags": []}],
            "more": [3, 1],
        });
        let sets = api.sets_in(&Type::Named("Either".into()), &example);
        assert_eq!(sets, [".kids[1].tags", ".more", ".tags"]);
        assert_eq!(
            api.sets_in(
                &Type::Vec(Box::new(set(Type::I64))),
                &serde_json::json!([[1], null])
            ),
            ["[0]"]
        );
        assert!(
            api.sets_in(&Type::Named("Item".into()), &serde_json::json!([1]))
                .is_empty()
        );
    }
}
