//! `allOf`, `oneOf` and `anyOf`: merged objects, tagged and untagged unions.

use super::Lower;
use super::enums::string_enum;
use super::schemas::ObjectParts;
use crate::ir::*;
use crate::load::v32::DEFAULT_MAPPING;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use crate::spec::refs::Refs;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};

impl<'a> Lower<'a> {
    /// A `oneOf` or `anyOf` of several parts: one string enum, or a union of the parts.
    pub(super) fn union(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        // A `oneOf` of string values, each described apart, is one enum.
        if let Some(values) = string_values(self.spec, parts) {
            return string_enum(schema, values.into_iter());
        }
        self.object_union(schema, parts, name, pointer)
    }

    /// The discriminator's `defaultMapping` (OpenAPI 3.2), with a warning when no part of the
    /// union (at `pointer`, its `oneOf`) can be it.
    fn default_mapping<'s>(
        &mut self,
        schema: &'s Schema,
        parts: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Option<&'s str> {
        let fallback = schema
            .schema_data
            .discriminator
            .as_ref()
            .and_then(|d| d.extensions.get(DEFAULT_MAPPING))
            .and_then(|default| default.as_str());
        if let Some(default) = fallback {
            // The pointer is the union's `oneOf`; the discriminator is beside it.
            let (schema_at, _) = pointer.as_str().rsplit_once('/').unwrap_or(("#", ""));
            let at = Pointer::from_written(schema_at)
                .join("discriminator")
                .join(DEFAULT_MAPPING);
            let named = |part: &ReferenceOr<Schema>| match part {
                ReferenceOr::Reference { reference } => {
                    reference == default || crate::pointer::last_segment(reference) == default
                }
                ReferenceOr::Item(_) => false,
            };
            let tagged = parts
                .iter()
                .all(|p| matches!(p, ReferenceOr::Reference { .. }));
            if !tagged || !parts.iter().any(named) {
                self.diags.warning(
                    &at,
                    format!("`defaultMapping` `{default}` is not used: an object without a known tag is kept as JSON"),
                    Some("name one of the union's schemas, each a `$ref`"),
                );
            }
        }
        fallback
    }

    /// A union told apart by a `discriminator`, by a property with one value per part, or
    /// else by trying each part in turn.
    fn object_union(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Other"]);
        let fallback = self.default_mapping(schema, parts, pointer);
        if let Some(discriminator) = &schema.schema_data.discriminator {
            let all_refs: Option<Vec<&str>> = parts
                .iter()
                .map(|p| match p {
                    ReferenceOr::Reference { reference } => Some(reference.as_str()),
                    ReferenceOr::Item(_) => None,
                })
                .collect();
            if let Some(refs) = all_refs {
                let mut variants = Vec::new();
                for (i, reference) in refs.iter().enumerate() {
                    let ty = self.schema_ref(reference, &pointer.join(i));
                    let short = crate::pointer::last_segment(reference);
                    let mut tag_values: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| target.as_str() == *reference || **target == short)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tag_values.is_empty() {
                        tag_values.push(short.clone());
                    }
                    variants.push(TaggedVariant {
                        name: scope.claim(names::camel(&short)),
                        tag_values,
                        ty,
                        fallback: fallback.is_some_and(|f| f == *reference || f == short),
                    });
                }
                return TypeKind::Tagged {
                    tag: discriminator.property_name.clone(),
                    variants,
                };
            }
        }
        if let Some((tag, values)) = implicit_tag(self.spec, parts) {
            let mut variants = Vec::new();
            for (i, (part, value)) in parts.iter().zip(values).enumerate() {
                let part_pointer = pointer.join(i);
                let variant = names::camel(value);
                let ty = match part {
                    ReferenceOr::Reference { reference } => {
                        self.schema_ref(reference, &part_pointer)
                    }
                    ReferenceOr::Item(item) => {
                        self.schema_type(item, &format!("{name}{variant}"), &part_pointer)
                    }
                };
                variants.push(TaggedVariant {
                    name: scope.claim(variant),
                    tag_values: vec![value.to_string()],
                    ty,
                    fallback: false,
                });
            }
            return TypeKind::Tagged {
                tag: tag.to_string(),
                variants,
            };
        }
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = pointer.join(i);
            let (hint, ty) = match part {
                ReferenceOr::Reference { reference } => {
                    let short = crate::pointer::last_segment(reference);
                    (
                        names::camel(&short),
                        self.schema_ref(reference, &part_pointer),
                    )
                }
                ReferenceOr::Item(item) => {
                    let ty =
                        self.schema_type(item, &format!("{name}Variant{}", i + 1), &part_pointer);
                    (shape_name(&ty), ty)
                }
            };
            variants.push(Variant {
                name: scope.claim(hint),
                ty,
            });
        }
        TypeKind::Untagged(variants)
    }

    /// The struct of a merged `allOf`, or, where a part could not be merged (it is not an
    /// object), any JSON value: nothing of the value is lost, only its type.
    pub(super) fn merged_or_json(
        &mut self,
        merged: bool,
        object: ObjectParts,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        if merged {
            TypeKind::Struct(self.object(object, name, pointer))
        } else {
            TypeKind::Alias(Type::Json)
        }
    }

    /// Adds the properties of one `allOf` part to `object`, following `$ref`s; `false` when a
    /// part is not an object (warned).
    pub(super) fn merge_into(
        &mut self,
        object: &mut ObjectParts,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
        depth: usize,
    ) -> bool {
        if self.all_of_too_deep(depth, pointer) {
            return true;
        }
        let (schema, pointer) = match part {
            ReferenceOr::Reference { reference } => match self.resolve_schema(reference, pointer) {
                Some(found) => found,
                None => return true,
            },
            ReferenceOr::Item(schema) if is_annotation(schema) => return true,
            ReferenceOr::Item(schema) => (schema, pointer.clone()),
        };
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                object.add(&o.properties, &o.required, &pointer);
                if object.additional.is_none() {
                    object.additional = o.additional_properties.clone();
                }
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = true;
                for (i, inner) in all_of.iter().enumerate() {
                    let inner_pointer = pointer.join("allOf").join(i);
                    merged &= self.merge_into(object, inner, &inner_pointer, depth + 1);
                }
                return merged;
            }
            SchemaKind::Any(any) => {
                object.add(&any.properties, &any.required, &pointer);
                let mut merged = true;
                for (i, inner) in any.all_of.iter().enumerate() {
                    let inner_pointer = pointer.join("allOf").join(i);
                    merged &= self.merge_into(object, inner, &inner_pointer, depth + 1);
                }
                return merged;
            }
            _ => {
                self.diags.warning(
                    &pointer,
                    "this `allOf` part is not an object, so the parts cannot be merged into one struct: the value is any JSON",
                    Some("make every part of the `allOf` an object schema"),
                );
                return false;
            }
        }
        true
    }

    /// Whether a part of a composition, or the schema its `$ref` points at, is an object.
    pub(super) fn is_object_part(&self, part: &ReferenceOr<Schema>) -> bool {
        match part {
            ReferenceOr::Item(schema) => is_object_like(schema),
            ReferenceOr::Reference { reference } => {
                self.peek_schema(reference).is_some_and(is_object_like)
            }
        }
    }

    /// The one part an `allOf` amounts to, when it is not a merge of objects: its only
    /// significant part, or, when no part is an object (`allOf: [$ref: Id, {type: string,
    /// description: ...}]`), the first `$ref` (which keeps the named type), else the first.
    pub(super) fn all_of_one_type<'p>(
        &self,
        parts: &'p [ReferenceOr<Schema>],
    ) -> Option<(usize, &'p ReferenceOr<Schema>)> {
        let parts = significant(parts);
        if parts.len() <= 1 {
            return parts.first().copied();
        }
        let objects = parts.iter().any(|(_, part)| {
            let schema = match part {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => self.peek_schema(reference),
            };
            schema.is_none_or(is_object_like)
        });
        if objects {
            return None;
        }
        parts
            .iter()
            .find(|(_, part)| matches!(part, ReferenceOr::Reference { .. }))
            .or(parts.first())
            .copied()
    }
}

/// The parts of an `allOf` that say something about the type, with their indices: parts that
/// only annotate (a `description`, `nullable`...) are left out.
pub(super) fn significant(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !matches!(part, ReferenceOr::Item(schema) if is_annotation(schema)))
        .collect()
}

/// Whether a schema describes an object that `allOf` can merge.
fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || any.typ.as_deref() == Some("object")
        }
        _ => false,
    }
}

/// Whether a schema allows anything and only carries annotations.
fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

/// The schema a part of a composition or a property stands for: itself, or the component
/// schema its `$ref` points at.
fn schema_of<'s, S: std::borrow::Borrow<Schema>>(
    spec: &'s OpenAPI,
    part: &'s ReferenceOr<S>,
) -> Option<&'s Schema> {
    match part {
        ReferenceOr::Item(schema) => Some(schema.borrow()),
        ReferenceOr::Reference { reference } => Some(Refs::new(spec).schema(reference).ok()?.0),
    }
}

/// The values of a `oneOf` whose every part is a string enum, each with its part's
/// description.
fn string_values<'s>(
    spec: &'s OpenAPI,
    parts: &'s [ReferenceOr<Schema>],
) -> Option<Vec<(&'s str, Option<&'s String>)>> {
    let mut values = Vec::new();
    for part in parts {
        let schema = schema_of(spec, part)?;
        let SchemaKind::Type(openapiv3::Type::String(string)) = &schema.schema_kind else {
            return None;
        };
        if string.enumeration.is_empty() || schema.schema_data.nullable {
            return None;
        }
        let description = schema.schema_data.description.as_ref();
        for value in string.enumeration.iter().flatten() {
            values.push((value.as_str(), description));
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The property that tells the objects of a `oneOf` apart when it has no `discriminator`:
/// one that each of them requires and declares as a string with a single allowed value, a
/// different one in each (`{"type": "blank"}`, `{"type": "image", ...}`). A part that is an
/// `allOf` (a subtype written as the union and its own properties) is read through the
/// objects it combines. Without it the union could only try its variants in turn, and a
/// variant whose tag is an open enum would take every object.
fn implicit_tag<'s>(
    spec: &'s OpenAPI,
    parts: &'s [ReferenceOr<Schema>],
) -> Option<(&'s str, Vec<&'s str>)> {
    let objects: Vec<Vec<Declared<'s>>> = parts
        .iter()
        .map(|part| {
            let found = objects_of(spec, schema_of(spec, part)?, 2);
            (!found.is_empty()).then_some(found)
        })
        .collect::<Option<_>>()?;
    let single_value = |objects: &[Declared<'s>], property: &str| -> Option<&'s str> {
        if !objects
            .iter()
            .any(|object| object.required.iter().any(|r| r == property))
        {
            return None;
        }
        let declared = objects
            .iter()
            .find_map(|object| object.properties.get(property))?;
        match &schema_of(spec, declared)?.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) => {
                match string.enumeration.as_slice() {
                    [Some(value)] => Some(value.as_str()),
                    _ => None,
                }
            }
            _ => None,
        }
    };
    let first = objects.first()?;
    first
        .iter()
        .flat_map(|object| object.properties.keys())
        .find_map(|property| {
            let values: Vec<&str> = objects
                .iter()
                .map(|objects| single_value(objects, property))
                .collect::<Option<_>>()?;
            let distinct = values
                .iter()
                .enumerate()
                .all(|(i, value)| !values[..i].contains(value));
            (objects.len() > 1 && distinct).then_some((property.as_str(), values))
        })
}

/// The properties an object schema declares and those it requires.
struct Declared<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
}

/// The objects a schema is: itself, or those its `allOf` combines (to `depth` levels), with
/// properties written beside an `allOf`.
fn objects_of<'s>(spec: &'s OpenAPI, schema: &'s Schema, depth: usize) -> Vec<Declared<'s>> {
    let all_of = |parts: &'s [ReferenceOr<Schema>]| -> Vec<Declared<'s>> {
        if depth == 0 {
            return Vec::new();
        }
        parts
            .iter()
            .filter_map(|part| schema_of(spec, part))
            .flat_map(|part| objects_of(spec, part, depth - 1))
            .collect()
    };
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(object)) => vec![Declared {
            properties: &object.properties,
            required: &object.required,
        }],
        SchemaKind::AllOf { all_of: parts } => all_of(parts),
        SchemaKind::Any(any) if is_object_like(schema) => {
            let mut found = vec![Declared {
                properties: &any.properties,
                required: &any.required,
            }];
            found.extend(all_of(&any.all_of));
            found
        }
        _ => Vec::new(),
    }
}

/// A readable variant name for an inline union member, from its type.
fn shape_name(ty: &Type) -> String {
    // The first type that is not a wrapper names the shape; each list around it adds `List`.
    let mut lists = 0;
    let mut shape: Option<String> = None;
    ty.walk(&mut |inner| {
        if shape.is_some() {
            return;
        }
        let name = match inner {
            Type::Vec(_) | Type::Set(_) => {
                lists += 1;
                return;
            }
            Type::Option(_) | Type::Nullable(_) | Type::Box(_) => return,
            Type::Bool => "Boolean",
            Type::I32 | Type::I64 | Type::U32 | Type::U64 => "Integer",
            Type::F32 | Type::F64 => "Number",
            Type::String => "String",
            Type::DateTime => "DateTime",
            Type::Date => "Date",
            Type::Json => "Value",
            Type::JsonObject | Type::Map(_) => "Object",
            Type::Uuid => "Uuid",
            Type::Named(name) => name,
            Type::Bytes => "Bytes",
            Type::Unit => "Empty",
        };
        shape = Some(name.to_string());
    });
    shape.unwrap_or_default() + &"List".repeat(lists)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::shape_name;
    use crate::ir::*;

    /// A variant of a tagged union: name, tag values, type.
    type Summary<'t> = (&'t str, Vec<&'t str>, &'t Type);

    /// The tag and the variants of a tagged union.
    fn tagged(kind: &TypeKind) -> (&str, Vec<Summary<'_>>) {
        let TypeKind::Tagged { tag, variants } = kind else {
            panic!("not tagged: {kind:?}")
        };
        let variants = variants
            .iter()
            .map(|v| {
                let values = v.tag_values.iter().map(String::as_str).collect();
                (v.name.as_str(), values, &v.ty)
            })
            .collect();
        (tag, variants)
    }

    #[test]
    fn a_default_mapping_is_the_variant_of_an_unknown_tag_or_a_warning() {
        let (types, warnings) = types_and_warnings(
            r#"
            Pet:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator: {propertyName: kind, x-codegen-default-mapping: '#/components/schemas/Dog'}
            Cat: {type: object, properties: {kind: {type: string}}}
            Dog: {type: object, properties: {kind: {type: string}}}
            Odd:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {type: object, properties: {kind: {type: string}}}]
              discriminator: {propertyName: kind, x-codegen-default-mapping: Cat}
            "#,
        );
        let TypeKind::Tagged { variants, .. } = &types["Pet"].kind else {
            panic!("not tagged: {:?}", types["Pet"].kind)
        };
        let fallbacks: Vec<(&str, bool)> = variants
            .iter()
            .map(|v| (v.name.as_str(), v.fallback))
            .collect();
        assert_eq!(fallbacks, [("Cat", false), ("Dog", true)]);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["#/components/schemas/Odd/discriminator/x-codegen-default-mapping"]
        );
    }

    #[test]
    fn all_of_objects_merge_into_one_struct() {
        let types = types(
            r#"
            Base: {type: object, required: [id], properties: {id: {type: string}, note: {type: string}}}
            Full:
              allOf:
                - $ref: '#/components/schemas/Base'
                - type: object
                  required: [size]
                  properties: {size: {type: integer}, note: {type: integer}}
            "#,
        );
        // A repeated property keeps its place and takes the later part's type.
        assert_eq!(
            fields(&types, "Full"),
            [
                ("id", &Type::String, Presence::Required),
                ("note", &option(Type::I64), Presence::Optional),
                ("size", &Type::I64, Presence::Required),
            ]
        );
    }

    #[test]
    fn what_is_written_beside_a_single_object_part_makes_a_struct_of_its_own() {
        let types = types(
            r#"
            Base: {type: object, properties: {id: {type: string}}}
            Open: {type: object, additionalProperties: true, allOf: [{$ref: '#/components/schemas/Base'}]}
            Strict: {required: [id], allOf: [{$ref: '#/components/schemas/Base'}]}
            Same: {description: d, allOf: [{$ref: '#/components/schemas/Base'}]}
            "#,
        );
        let TypeKind::Struct(open) = &types["Open"].kind else {
            panic!("{:?}", types["Open"].kind)
        };
        assert_eq!(
            open.additional.as_ref().map(|(_, ty)| ty),
            Some(&Type::Json)
        );
        assert_eq!(
            fields(&types, "Strict"),
            [("id", &Type::String, Presence::Required)]
        );
        // Only annotations beside it: the part's own type.
        assert_eq!(types["Same"].kind, TypeKind::Alias(named("Base")));
    }

    #[test]
    fn an_all_of_part_that_is_not_an_object_makes_the_value_any_json() {
        let (types, warnings) = types_and_warnings(
            "A: {allOf: [{type: object, properties: {x: {type: string}}}, {type: object, properties: {y: {type: string}}}, {type: string}]}",
        );
        assert_eq!(types["A"].kind, TypeKind::Alias(Type::Json));
        assert_eq!(
            messages(&warnings),
            [(
                "#/components/schemas/A/allOf/2",
                "this `allOf` part is not an object, so the parts cannot be merged into one struct: the value is any JSON"
            )]
        );
    }

    #[test]
    fn a_discriminator_tags_the_union_with_its_mapping() {
        let types = types(
            r#"
            Pet:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', kitty: Cat}}
            Cat: {type: object, properties: {kind: {type: string}}}
            Dog: {type: object, properties: {kind: {type: string}}}
            "#,
        );
        assert_eq!(
            tagged(&types["Pet"].kind),
            (
                "kind",
                vec![
                    ("Cat", vec!["cat", "kitty"], &named("Cat")),
                    ("Dog", vec!["Dog"], &named("Dog")),
                ]
            )
        );
    }

    #[test]
    fn a_property_with_one_value_in_each_object_tags_the_union() {
        let types = types(
            r#"
            Block:
              oneOf:
                - {type: object, required: [type], properties: {type: {type: string, enum: [text]}, body: {type: string}}}
                - {type: object, required: [type], properties: {type: {type: string, enum: [image]}, url: {type: string}}}
            "#,
        );
        assert_eq!(
            tagged(&types["Block"].kind),
            (
                "type",
                vec![
                    ("Text", vec!["text"], &named("BlockText")),
                    ("Image", vec!["image"], &named("BlockImage")),
                ]
            )
        );
    }

    #[test]
    fn subtypes_that_are_an_all_of_of_their_union_are_tagged_by_their_own_property() {
        // Each subtype is the union and its own properties: the union lists its subtypes.
        let types = types(
            r#"
            Actor:
              oneOf: [{$ref: '#/components/schemas/Agent'}, {$ref: '#/components/schemas/Bot'}]
            Agent:
              properties: {}
              allOf:
                - {$ref: '#/components/schemas/Actor'}
                - {type: object, required: [type, email], properties: {type: {type: string, enum: [AGENT]}, email: {type: string}}}
            Bot:
              allOf:
                - {$ref: '#/components/schemas/Actor'}
                - {type: object, required: [type], properties: {type: {type: string, enum: [BOT]}, name: {type: string}}}
            "#,
        );
        assert_eq!(
            tagged(&types["Actor"].kind),
            (
                "type",
                vec![
                    ("Agent", vec!["AGENT"], &named("Agent")),
                    ("Bot", vec!["BOT"], &named("Bot")),
                ]
            )
        );
    }

    #[test]
    fn a_one_of_of_string_values_is_one_enum_with_their_descriptions() {
        let types = types(
            "Mode: {oneOf: [{type: string, enum: [fast], description: Quick.}, {type: string, enum: [slow]}]}",
        );
        let TypeKind::StringEnum(e) = &types["Mode"].kind else {
            panic!("{:?}", types["Mode"])
        };
        let variants: Vec<(&str, Option<&str>)> = e
            .variants
            .iter()
            .map(|v| (v.wire.as_str(), v.description.as_deref()))
            .collect();
        assert_eq!(variants, [("fast", Some("Quick.")), ("slow", None)]);
    }

    #[test]
    fn untagged_variants_are_named_after_their_shapes() {
        let types = types(
            "U: {anyOf: [{type: string}, {type: array, items: {type: integer}}, {$ref: '#/components/schemas/B'}]}\nB: {type: object, properties: {x: {type: string}}}",
        );
        let TypeKind::Untagged(variants) = &types["U"].kind else {
            panic!("{:?}", types["U"])
        };
        let names: Vec<(&str, &Type)> = variants.iter().map(|v| (v.name.as_str(), &v.ty)).collect();
        assert_eq!(
            names,
            [
                ("String", &Type::String),
                ("IntegerList", &Type::Vec(Box::new(Type::I64))),
                ("B", &named("B")),
            ]
        );
    }

    #[test]
    fn a_shape_name_counts_the_lists_around_the_shape() {
        let list = |ty| Type::Vec(Box::new(ty));
        let cases = [
            (list(Type::Set(Box::new(Type::String))), "StringListList"),
            (option(Type::Box(Box::new(named("Pet")))), "Pet"),
            (Type::Map(Box::new(list(Type::I32))), "Object"),
            (list(Type::Nullable(Box::new(Type::Unit))), "EmptyList"),
        ];
        for (ty, expected) in cases {
            assert_eq!(shape_name(&ty), expected, "{ty:?}");
        }
    }
}
