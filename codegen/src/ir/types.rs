//! The named types of the generated crate and the type expressions that refer to them.

use super::Docs;

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
    /// Whether the schema admits `null`: the type holds the other values, and every place
    /// that uses it holds an `Option` of it.
    pub nullable: bool,
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
    /// The spec's `default`, what the server takes when the property is absent
    /// (`Presence::Defaulted`).
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
    /// Optional with a `default`: `Option<T>`, left out of the JSON when `None`, which the
    /// server takes as the default.
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
    /// Whether an object whose tag is missing or selects no variant is this one (OpenAPI
    /// 3.2's `defaultMapping`) rather than kept as it is.
    pub fallback: bool,
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
