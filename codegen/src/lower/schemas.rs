//! Named types from schemas: component schemas, objects and their fields.

use super::Lower;
use super::composition::significant;
use super::defaults::default_value;
use super::docs::schema_docs;
use super::enums::{int_enum, string_enum, undescribed};
use crate::ir::*;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use std::collections::BTreeSet;

impl<'a> Lower<'a> {
    /// Claims a Rust name for every component schema first, in spec order, so references
    /// resolve to names before (or while) their targets are lowered.
    pub(super) fn name_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for key in components.schemas.keys() {
            let name = self.type_names.claim(names::camel(key));
            self.components.insert(key.clone(), name);
        }
    }

    /// Lowers every component schema into a named type.
    pub(super) fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.components[key].clone();
            let pointer = Pointer::root().join("components").join("schemas").join(key);
            let nullable = self.is_nullable(schema);
            let (kind, docs, deprecated) = match schema {
                ReferenceOr::Reference { reference } => {
                    let ty = self.schema_ref(reference, &pointer);
                    (TypeKind::Alias(ty), Docs::default(), false)
                }
                ReferenceOr::Item(schema) => {
                    let docs = schema_docs(schema);
                    let kind = match self.named_kind(schema, &name, &pointer) {
                        Some(kind) => kind,
                        None => TypeKind::Alias(self.schema_type(schema, &name, &pointer)),
                    };
                    (kind, docs, schema.schema_data.deprecated)
                }
            };
            self.types.insert(
                name.clone(),
                TypeDef {
                    name,
                    origin: pointer.to_string(),
                    docs,
                    deprecated,
                    nullable,
                    kind,
                },
            );
        }
        self.check_alias_cycles();
    }

    /// The named type a schema defines, when it is one that needs a name (an object with
    /// properties, an enum, a union); `None` for schemas that are just a type expression.
    pub(super) fn named_kind(
        &mut self,
        schema: &Schema,
        name: &str,
        pointer: &Pointer,
    ) -> Option<TypeKind> {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(s)) if !s.enumeration.is_empty() => {
                Some(string_enum(schema, undescribed(&s.enumeration)))
            }
            SchemaKind::Type(openapiv3::Type::Integer(i)) if !i.enumeration.is_empty() => {
                Some(int_enum(schema, &i.enumeration))
            }
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                if o.properties.is_empty()
                    && !matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    )
                {
                    return None;
                }
                let mut object = ObjectParts {
                    additional: o.additional_properties.clone(),
                    ..ObjectParts::default()
                };
                object.add(&o.properties, &o.required, pointer);
                Some(TypeKind::Struct(self.object(object, name, pointer)))
            }
            SchemaKind::AllOf { all_of } => {
                if self.all_of_one_type(all_of).is_some() {
                    return None;
                }
                let parts = significant(all_of);
                let mut object = ObjectParts::default();
                let mut merged = true;
                for (i, part) in parts {
                    let part_pointer = pointer.join("allOf").join(i);
                    merged &= self.merge_into(&mut object, part, &part_pointer, 0);
                }
                Some(self.merged_or_json(merged, object, name, pointer))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                if parts.len() == 1 {
                    return None;
                }
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                Some(self.union(schema, parts, name, &pointer.join(keyword)))
            }
            SchemaKind::Any(any) => {
                // What is written beside a single object part (extra properties allowed,
                // names required) belongs to the same object: a merge too.
                let beside = any.additional_properties.is_some() || !any.required.is_empty();
                let merge_all_of = !any.all_of.is_empty()
                    && match self.all_of_one_type(&any.all_of) {
                        None => true,
                        Some((_, part)) => beside && self.is_object_part(part),
                    };
                if !any.properties.is_empty() || merge_all_of {
                    let mut object = ObjectParts {
                        additional: any.additional_properties.clone(),
                        ..ObjectParts::default()
                    };
                    object.add(&any.properties, &any.required, pointer);
                    let mut merged = true;
                    for (i, part) in any.all_of.iter().enumerate() {
                        let part_pointer = pointer.join("allOf").join(i);
                        merged &= self.merge_into(&mut object, part, &part_pointer, 0);
                    }
                    return Some(self.merged_or_json(merged, object, name, pointer));
                }
                let (parts, keyword) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                if parts.len() > 1 {
                    return Some(self.union(schema, parts, name, &pointer.join(keyword)));
                }
                let strings: Option<Vec<Option<String>>> = any
                    .enumeration
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => Some(Some(s.clone())),
                        serde_json::Value::Null => Some(None),
                        _ => None,
                    })
                    .collect();
                match strings {
                    Some(values)
                        if !values.is_empty()
                            && matches!(any.typ.as_deref(), None | Some("string")) =>
                    {
                        Some(string_enum(schema, undescribed(&values)))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A struct of `object`'s properties: names, types, presence and defaults decided.
    pub(super) fn object(&mut self, object: ObjectParts, name: &str, pointer: &Pointer) -> Struct {
        let mut scope = Scope::default();
        let mut fields: Vec<Field> = Vec::new();
        for (wire_name, schema, property_pointer) in object.properties {
            // One type serves requests and responses: a `readOnly` property is never
            // demanded of a request, nor a `writeOnly` one of a response, so neither is
            // required, whatever `required` says.
            let one_way = match &schema {
                ReferenceOr::Item(s) => s.schema_data.read_only || s.schema_data.write_only,
                ReferenceOr::Reference { reference } => self
                    .peek_schema(reference)
                    .is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only),
            };
            let required = object.required.contains(&wire_name) && !one_way;
            let hint = format!("{name}{}", names::camel(&wire_name));
            let (ty, presence, default) =
                self.field_type(&schema, &hint, &property_pointer, required);
            if let Some(existing) = fields.iter_mut().find(|f| f.wire_name == wire_name) {
                // `allOf` parts may repeat a property; the later (more specific) one decides
                // its type, but it keeps its place and name.
                existing.ty = ty;
                existing.presence = presence;
                existing.default = default;
                continue;
            }
            let (docs, deprecated) = match &schema {
                ReferenceOr::Item(s) => (schema_docs(s), s.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (Docs::default(), false),
            };
            fields.push(Field {
                name: scope.claim(names::snake(&wire_name)),
                wire_name,
                ty,
                presence,
                default,
                docs,
                deprecated,
            });
        }
        let additional = match object.additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(Type::Json),
            Some(AdditionalProperties::Schema(schema)) => Some(self.element_type(
                &schema,
                &format!("{name}Value"),
                &pointer.join("additionalProperties"),
            )),
        };
        // A name `required` lists that no property describes (often a misspelt property) is
        // a field of what the additional properties may be (any JSON unless said), so its
        // value is decoded, kept and sent; optional, since what the schema demands of it
        // is unclear, and a server that leaves it out must not fail the whole answer.
        for wire_name in &object.required {
            if fields.iter().any(|f| &f.wire_name == wire_name) {
                continue;
            }
            fields.push(Field {
                name: scope.claim(names::snake(wire_name)),
                wire_name: wire_name.clone(),
                ty: Type::Option(Box::new(additional.clone().unwrap_or(Type::Json))),
                presence: Presence::Optional,
                default: None,
                docs: Docs {
                    summary: Some(
                        "Listed as required by the schema, which does not describe it.".into(),
                    ),
                    ..Docs::default()
                },
                deprecated: false,
            });
        }
        // The flattened map takes a name no property took.
        let additional =
            additional.map(|ty| (scope.claim("additional_properties".to_string()), ty));
        let default = fields.iter().all(|f| f.presence != Presence::Required);
        Struct {
            fields,
            additional,
            default,
        }
    }

    /// The type of a property, how its absence or nullness is represented, and its default.
    fn field_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
        required: bool,
    ) -> (Type, Presence, Option<DefaultValue>) {
        let ty = self.lower_ref_or(schema, hint, pointer);
        let nullable = self.is_nullable(schema);
        // Only a default written on the property itself fills in an absent value; a default
        // on a referenced schema describes that type (its `Default`), not this field.
        let default = match schema {
            ReferenceOr::Item(s) if !required && !nullable => s
                .schema_data
                .default
                .as_ref()
                .and_then(|d| default_value(&ty, d)),
            _ => None,
        };
        let presence = match (required, nullable, &default) {
            (true, false, _) => Presence::Required,
            (true, true, _) => Presence::RequiredNullable,
            (false, false, Some(_)) => Presence::Defaulted,
            (false, false, None) => Presence::Optional,
            (false, true, _) => Presence::OptionalNullable,
        };
        // A defaulted property is an `Option` too: absent is not the same JSON as the default
        // written out, and a request that sends the default where the caller set nothing
        // overrides a server whose default has changed.
        let ty = match presence {
            Presence::Required => ty,
            Presence::RequiredNullable | Presence::Optional | Presence::Defaulted => {
                Type::Option(Box::new(ty))
            }
            Presence::OptionalNullable => Type::Nullable(Box::new(ty)),
        };
        (ty, presence, default)
    }

    /// Whether a schema admits `null`: it, or the one its `$ref` points at, is `nullable`, or
    /// it is an `allOf` of such schemas (`allOf: [$ref]`, the way to give a reference a
    /// description of its own).
    pub(super) fn is_nullable(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.nullable_within(schema, 0)
    }

    /// [`Lower::is_nullable`] of a schema written in place.
    pub(super) fn admits_null(&self, schema: &Schema) -> bool {
        self.schema_admits_null(schema, 0)
    }

    fn nullable_within(&self, schema: &ReferenceOr<Schema>, depth: usize) -> bool {
        match schema {
            ReferenceOr::Item(s) => self.schema_admits_null(s, depth),
            ReferenceOr::Reference { reference } => self
                .peek_schema(reference)
                .is_some_and(|s| self.schema_admits_null(s, depth)),
        }
    }

    fn schema_admits_null(&self, schema: &Schema, depth: usize) -> bool {
        // An `allOf` that contains itself admits nothing more for being looked into again.
        const DEPTH: usize = 16;
        if schema.schema_data.nullable {
            return true;
        }
        match &schema.schema_kind {
            // Parts that only annotate (a description) admit `null` as they admit anything.
            SchemaKind::AllOf { all_of } if depth < DEPTH => {
                let parts = significant(all_of);
                !parts.is_empty()
                    && parts
                        .iter()
                        .all(|(_, part)| self.nullable_within(part, depth + 1))
            }
            _ => false,
        }
    }
}

/// The properties of an object, gathered from a schema or from the parts of an `allOf`.
#[derive(Default)]
pub(super) struct ObjectParts {
    /// Each property's wire name, schema and pointer.
    pub(super) properties: Vec<(String, ReferenceOr<Schema>, Pointer)>,
    pub(super) required: BTreeSet<String>,
    pub(super) additional: Option<AdditionalProperties>,
}

impl ObjectParts {
    /// Adds the properties of the object schema at `pointer`, and the names it requires.
    pub(super) fn add(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
    ) {
        for (name, schema) in properties {
            self.properties.push((
                name.clone(),
                schema.clone().unbox(),
                pointer.join("properties").join(name),
            ));
        }
        self.required.extend(required.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    #[test]
    fn every_component_is_named_before_any_is_lowered() {
        // `A` refers to `B`, written after it, and `b-thing` takes its UpperCamelCase name.
        let types = types(
            "A: {type: object, required: [b], properties: {b: {$ref: '#/components/schemas/b-thing'}}}\nb-thing: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}",
        );
        assert_eq!(types.keys().collect::<Vec<_>>(), ["A", "BThing"]);
        assert_eq!(
            fields(&types, "A"),
            [("b", &named("BThing"), Presence::Required)]
        );
        assert_eq!(types["BThing"].origin, "#/components/schemas/b-thing");
    }

    #[test]
    fn required_and_nullable_decide_how_a_field_is_held() {
        let types = types(
            r#"
            A:
              type: object
              required: [req, req_null, read, write]
              properties:
                req: {type: string}
                req_null: {type: string, nullable: true}
                opt: {type: string}
                opt_null: {type: string, nullable: true}
                read: {type: string, readOnly: true}
                write: {type: string, writeOnly: true}
            "#,
        );
        let nullable = Type::Nullable(Box::new(Type::String));
        assert_eq!(
            fields(&types, "A"),
            [
                ("req", &Type::String, Presence::Required),
                (
                    "req_null",
                    &option(Type::String),
                    Presence::RequiredNullable
                ),
                ("opt", &option(Type::String), Presence::Optional),
                ("opt_null", &nullable, Presence::OptionalNullable),
                ("read", &option(Type::String), Presence::Optional),
                ("write", &option(Type::String), Presence::Optional),
            ]
        );
        let TypeKind::Struct(s) = &types["A"].kind else {
            unreachable!()
        };
        assert!(!s.default, "a required field: no `Default`");
    }

    #[test]
    fn a_reference_wrapped_in_an_all_of_is_as_nullable_as_what_it_refers_to() {
        let types = types(
            r#"
            A:
              type: object
              required: [kept]
              properties:
                kept: {allOf: [{$ref: '#/components/schemas/Mode'}, {description: d}]}
                optional: {deprecated: true, allOf: [{$ref: '#/components/schemas/Mode'}]}
                plain: {allOf: [{$ref: '#/components/schemas/Plain'}]}
                inline: {type: object, nullable: true, properties: {x: {type: string}}}
            Mode: {type: string, nullable: true, enum: [LIGHT, DARK, null]}
            Plain: {type: string, enum: [A]}
            "#,
        );
        let mode = || Box::new(named("Mode"));
        assert_eq!(
            fields(&types, "A"),
            [
                ("kept", &Type::Option(mode()), Presence::RequiredNullable),
                (
                    "optional",
                    &Type::Nullable(mode()),
                    Presence::OptionalNullable
                ),
                ("plain", &option(named("Plain")), Presence::Optional),
                (
                    "inline",
                    &Type::Nullable(Box::new(named("AInline"))),
                    Presence::OptionalNullable
                ),
            ]
        );
        // The type itself says so, a component's or an inline one's: every use of it is an
        // `Option`.
        assert!(types["Mode"].nullable && types["AInline"].nullable);
        assert!(!types["Plain"].nullable && !types["A"].nullable);
    }

    #[test]
    fn a_required_name_no_property_describes_is_an_optional_field() {
        let types = types(
            r#"
            A:
              type: object
              required: [ids, stream_ids]
              properties:
                ids: {type: array, items: {type: string}}
            B:
              type: object
              required: [count]
              properties:
                name: {type: string}
              additionalProperties: {type: integer}
            C:
              allOf:
                - {type: object, required: [id]}
                - {type: object, properties: {id: {type: string}}}
            "#,
        );
        assert_eq!(
            fields(&types, "A"),
            [
                (
                    "ids",
                    &Type::Vec(Box::new(Type::String)),
                    Presence::Required
                ),
                ("stream_ids", &option(Type::Json), Presence::Optional),
            ]
        );
        assert_eq!(
            fields(&types, "B"),
            [
                ("name", &option(Type::String), Presence::Optional),
                ("count", &option(Type::I64), Presence::Optional),
            ]
        );
        // Described by another part of the `allOf`: the property's own type.
        assert_eq!(
            fields(&types, "C"),
            [("id", &Type::String, Presence::Required)]
        );
    }

    #[test]
    fn additional_properties_are_a_map_field_named_apart_from_the_properties() {
        let types = types(
            "A: {type: object, properties: {additional_properties: {type: string}}, additionalProperties: {type: integer}}\nB: {type: object, additionalProperties: false}",
        );
        let TypeKind::Struct(a) = &types["A"].kind else {
            panic!("{:?}", types["A"])
        };
        assert_eq!(
            a.additional,
            Some(("additional_properties2".to_string(), Type::I64))
        );
        assert!(a.default);
        // `additionalProperties: false` with no properties is still a struct (an empty one).
        let TypeKind::Struct(b) = &types["B"].kind else {
            panic!("{:?}", types["B"])
        };
        assert!(b.fields.is_empty() && b.additional.is_none());
    }

    #[test]
    fn a_component_that_is_a_ref_is_an_alias_of_its_target() {
        let types = types("A: {$ref: '#/components/schemas/B'}\nB: {type: string}");
        assert_eq!(types["A"].kind, TypeKind::Alias(named("B")));
        assert_eq!(types["B"].kind, TypeKind::Alias(Type::String));
    }

    #[test]
    fn property_names_are_snake_case_and_unique() {
        let types = types(
            "A: {type: object, properties: {fooBar: {type: string}, foo_bar: {type: integer}, type: {type: boolean}}}",
        );
        let names: Vec<&str> = fields(&types, "A").iter().map(|f| f.0).collect();
        assert_eq!(names, ["foo_bar", "foo_bar2", "type"]);
    }
}
