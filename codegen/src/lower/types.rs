//! Type expressions: the Rust type a schema or a `$ref` stands for.

use super::Lower;
use super::inline::pointer_hint;
use crate::ir::*;
use crate::pointer::Pointer;
use crate::spec::refs::{self, Kind};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use std::collections::BTreeSet;

impl<'a> Lower<'a> {
    /// The type of a schema or of the one its `$ref` points at.
    pub(super) fn lower_ref_or(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
    ) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.schema_type(schema, hint, pointer),
        }
    }

    /// The type a schema `$ref` stands for: a component's named type, or the type of the node
    /// it points at, named after where that node stands.
    pub(super) fn schema_ref(&mut self, reference: &str, pointer: &Pointer) -> Type {
        if let Some((Kind::Schema, key)) = refs::component_key(reference)
            && let Some(name) = self.components.get(&key)
        {
            return Type::Named(name.clone());
        }
        match self.refs.schema(reference) {
            Ok((schema, at)) => match refs::component_key(&at) {
                // A chain that ends at a component (`#/components/schemas/A/properties/b`
                // where `b` is a `$ref` itself).
                Some((Kind::Schema, key)) if self.components.contains_key(&key) => {
                    Type::Named(self.components[&key].clone())
                }
                _ => self.pointed_type(schema, &Pointer::from_written(&at)),
            },
            Err(error) => {
                let (message, hint) = error.describe(reference, Kind::Schema);
                self.diags.error(pointer, message, Some(hint));
                Type::Json
            }
        }
    }

    /// The type of a schema that a `$ref` reaches inside another node (`at`): the same type
    /// as where it stands when that is named (one shape is one type), else its expression.
    fn pointed_type(&mut self, schema: &'a Schema, at: &Pointer) -> Type {
        if let Some(ty) = self.pointed.get(at.as_str()) {
            return ty.clone();
        }
        let hint = pointer_hint(at);
        if self.needs_name(schema) {
            // Named before its body is lowered, so a reference back to it is its name.
            let ty = self.inline_named(schema, &hint, at);
            self.pointed.insert(at.to_string(), ty.clone());
            return ty;
        }
        let Some(ty) = self.unless_self_containing(at, |cx| cx.schema_type(schema, &hint, at))
        else {
            return Type::Json;
        };
        self.pointed.insert(at.to_string(), ty.clone());
        ty
    }

    /// The type expression of an inline schema; named types it needs are created under
    /// `hint` (or reused, when the same shape was named before).
    pub(super) fn schema_type(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> Type {
        use openapiv3::{
            IntegerFormat as IF, NumberFormat as NF, StringFormat as SF,
            VariantOrUnknownOrEmpty as V,
        };
        if self.needs_name(schema) {
            return self.inline_named(schema, hint, pointer);
        }
        match &schema.schema_kind {
            SchemaKind::Type(t) => match t {
                openapiv3::Type::Boolean(_) => Type::Bool,
                openapiv3::Type::Integer(i) => match &i.format {
                    V::Item(IF::Int32) => Type::I32,
                    V::Unknown(format) if format == "uint32" => Type::U32,
                    V::Unknown(format) if format == "uint64" => Type::U64,
                    _ => Type::I64,
                },
                openapiv3::Type::Number(n) => match &n.format {
                    V::Item(NF::Float) => Type::F32,
                    _ => Type::F64,
                },
                openapiv3::Type::String(s) => match &s.format {
                    V::Item(SF::DateTime) => Type::DateTime,
                    V::Item(SF::Date) => Type::Date,
                    V::Unknown(format) if format == "uuid" => Type::Uuid,
                    _ => Type::String,
                },
                openapiv3::Type::Array(a) => {
                    let items = match &a.items {
                        Some(items) => {
                            let items = items.clone().unbox();
                            self.element_type(
                                &items,
                                &format!("{hint}Item"),
                                &pointer.join("items"),
                            )
                        }
                        None => Type::Json,
                    };
                    // A component not lowered yet may be an enum: it is a set until
                    // `settle_sets` knows.
                    if a.unique_items && (self.orderable(&items) || self.undecided(&items)) {
                        Type::Set(Box::new(items))
                    } else {
                        Type::Vec(Box::new(items))
                    }
                }
                openapiv3::Type::Object(o) => {
                    self.unnamed_object(&o.additional_properties, hint, pointer)
                }
            },
            SchemaKind::AllOf { all_of } => match self.all_of_one_type(all_of) {
                Some((i, part)) => self.lower_ref_or(part, hint, &pointer.join("allOf").join(i)),
                // Otherwise the parts are merged into a named struct (`needs_name`).
                None => Type::Json,
            },
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if parts.len() == 1 =>
            {
                let keyword = match schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                self.lower_ref_or(&parts[0], hint, &pointer.join(keyword).join("0"))
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let items = items.clone().unbox();
                    return Type::Vec(Box::new(self.element_type(
                        &items,
                        &format!("{hint}Item"),
                        &pointer.join("items"),
                    )));
                }
                if let Some((i, part)) = self.all_of_one_type(&any.all_of) {
                    return self.lower_ref_or(part, hint, &pointer.join("allOf").join(i));
                }
                for (keyword, parts) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
                    if let [single] = parts.as_slice() {
                        return self.lower_ref_or(single, hint, &pointer.join(keyword).join("0"));
                    }
                }
                match any.typ.as_deref() {
                    Some("boolean") => Type::Bool,
                    Some("integer") => match any.format.as_deref() {
                        Some("int32") => Type::I32,
                        Some("uint32") => Type::U32,
                        Some("uint64") => Type::U64,
                        _ => Type::I64,
                    },
                    Some("number") => match any.format.as_deref() {
                        Some("float") => Type::F32,
                        _ => Type::F64,
                    },
                    Some("string") => match any.format.as_deref() {
                        Some("date-time") => Type::DateTime,
                        Some("date") => Type::Date,
                        Some("uuid") => Type::Uuid,
                        _ => Type::String,
                    },
                    Some("array") => Type::Vec(Box::new(Type::Json)),
                    Some("object") => {
                        self.unnamed_object(&any.additional_properties, hint, pointer)
                    }
                    _ => Type::Json,
                }
            }
            SchemaKind::Not { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Type::Json
            }
        }
    }

    /// The type of an array's items or a map's values: an `Option` when the schema is
    /// `nullable` (3.1's `[T, "null"]` included), so that a `null` among them decodes.
    pub(super) fn element_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
    ) -> Type {
        let ty = self.lower_ref_or(schema, hint, pointer);
        // Any JSON value holds `null` already.
        if self.is_nullable(schema) && ty != Type::Json {
            Type::Option(Box::new(ty))
        } else {
            ty
        }
    }

    /// An object with no properties: a map when `additionalProperties` has a schema, else
    /// any JSON object.
    fn unnamed_object(
        &mut self,
        additional: &Option<AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
    ) -> Type {
        match additional {
            Some(AdditionalProperties::Schema(value)) => Type::Map(Box::new(self.element_type(
                value,
                &format!("{hint}Value"),
                &pointer.join("additionalProperties"),
            ))),
            _ => Type::JsonObject,
        }
    }

    /// Whether an inline schema defines a type that must be named (see `named_kind`).
    fn needs_name(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(s)) => !s.enumeration.is_empty(),
            SchemaKind::Type(openapiv3::Type::Integer(i)) => !i.enumeration.is_empty(),
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                !o.properties.is_empty()
                    || matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    )
            }
            SchemaKind::AllOf { all_of: p } => self.all_of_one_type(p).is_none(),
            SchemaKind::OneOf { one_of: p } | SchemaKind::AnyOf { any_of: p } => p.len() > 1,
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || (!any.all_of.is_empty() && self.all_of_one_type(&any.all_of).is_none())
                    || any.one_of.len() > 1
                    || any.any_of.len() > 1
                    || (!any.enumeration.is_empty()
                        && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
                        && matches!(any.typ.as_deref(), None | Some("string")))
            }
            _ => false,
        }
    }

    /// Whether `ty` names a type not lowered yet.
    fn undecided(&self, ty: &Type) -> bool {
        matches!(ty, Type::Named(name) if !self.types.contains_key(name))
    }

    /// Sets of a component that was not lowered yet when the set was (a `$ref` to a schema
    /// declared further down), made lists where their items turn out not to be ordered; so a
    /// set does not depend on the order of the spec's schemas.
    pub(super) fn settle_sets(&mut self) {
        let enums: BTreeSet<String> = self
            .types
            .iter()
            .filter(|(_, def)| matches!(def.kind, TypeKind::StringEnum(_) | TypeKind::IntEnum(_)))
            .map(|(name, _)| name.clone())
            .collect();
        for def in self.types.values_mut() {
            for slot in def.kind.slots_mut() {
                slot.walk_mut(&mut |ty| {
                    if let Type::Set(items) = ty
                        && !orderable(items, &|name| enums.contains(name))
                    {
                        *ty = Type::Vec(items.clone());
                    }
                });
            }
        }
    }

    /// Whether values of `ty` have a total order, so a set of them can be a `BTreeSet`.
    fn orderable(&self, ty: &Type) -> bool {
        orderable(ty, &|name| {
            matches!(
                self.types.get(name).map(|d| &d.kind),
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            )
        })
    }

    /// The schema a `$ref` points at and where it stands, reporting an error when there is
    /// none.
    pub(super) fn resolve_schema(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<(&'a Schema, Pointer)> {
        match self.refs.schema(reference) {
            Ok((schema, at)) => Some((schema, Pointer::from_written(&at))),
            Err(error) => {
                let (message, hint) = error.describe(reference, Kind::Schema);
                self.diags.error(pointer, message, Some(hint));
                None
            }
        }
    }

    /// The schema a `$ref` points at, following chains, without reporting anything.
    pub(super) fn peek_schema(&self, reference: &str) -> Option<&'a Schema> {
        self.refs.schema(reference).ok().map(|(schema, _)| schema)
    }
}

/// Whether values of `ty` have a total order, given which named types are enums.
fn orderable(ty: &Type, is_enum: &dyn Fn(&str) -> bool) -> bool {
    match ty {
        Type::Bool
        | Type::I32
        | Type::I64
        | Type::U32
        | Type::U64
        | Type::String
        | Type::Date
        | Type::DateTime
        | Type::Uuid => true,
        Type::Named(name) => is_enum(name),
        Type::Option(inner) => orderable(inner, is_enum),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The type of the alias `A` that `schema` (YAML) lowers to.
    fn alias(schema: &str) -> Type {
        let types = types(&format!("A: {schema}"));
        match &types["A"].kind {
            TypeKind::Alias(ty) => ty.clone(),
            other => panic!("not an alias: {other:?}"),
        }
    }

    #[test]
    fn formats_choose_the_rust_type() {
        let cases = [
            ("{type: integer}", Type::I64),
            ("{type: integer, format: int32}", Type::I32),
            ("{type: integer, format: uint32}", Type::U32),
            ("{type: integer, format: uint64}", Type::U64),
            ("{type: number}", Type::F64),
            ("{type: number, format: float}", Type::F32),
            ("{type: string, format: date-time}", Type::DateTime),
            ("{type: string, format: date}", Type::Date),
            ("{type: string, format: uuid}", Type::Uuid),
            ("{type: string, format: email}", Type::String),
            ("{type: boolean}", Type::Bool),
            ("{}", Type::Json),
            ("{type: object}", Type::JsonObject),
            (
                "{type: object, additionalProperties: {type: integer}}",
                Type::Map(Box::new(Type::I64)),
            ),
            ("{type: array}", Type::Vec(Box::new(Type::Json))),
        ];
        for (schema, expected) in cases {
            assert_eq!(alias(schema), expected, "{schema}");
        }
    }

    #[test]
    fn unique_items_are_a_set_only_when_they_can_be_ordered() {
        assert_eq!(
            alias("{type: array, uniqueItems: true, items: {type: string}}"),
            Type::Set(Box::new(Type::String))
        );
        assert_eq!(
            alias("{type: array, uniqueItems: true, items: {type: number}}"),
            Type::Vec(Box::new(Type::F64))
        );
        // An enum is ordered, whether it is declared before or after the set; an object is not.
        for spec in [
            "E: {type: string, enum: [a, b]}\nA: {type: array, uniqueItems: true, items: {$ref: '#/components/schemas/E'}}",
            "A: {type: array, uniqueItems: true, items: {$ref: '#/components/schemas/E'}}\nE: {type: string, enum: [a, b]}",
        ] {
            let types = types(spec);
            assert_eq!(
                types["A"].kind,
                TypeKind::Alias(Type::Set(Box::new(named("E")))),
                "{spec}"
            );
        }
        for spec in [
            "O: {type: object, properties: {a: {type: string}}}\nA: {type: array, uniqueItems: true, items: {$ref: '#/components/schemas/O'}}",
            "A: {type: array, uniqueItems: true, items: {$ref: '#/components/schemas/O'}}\nO: {type: object, properties: {a: {type: string}}}",
            "A: {type: object, properties: {s: {type: array, uniqueItems: true, items: {$ref: '#/components/schemas/O'}}}}\nO: {type: object, properties: {a: {type: string}}}",
        ] {
            let types = types(spec);
            assert!(
                !types.values().any(|def| def
                    .kind
                    .slots()
                    .iter()
                    .any(|slot| matches!(slot, Type::Set(_)))),
                "{spec}: {types:?}"
            );
        }
    }

    #[test]
    fn nullable_items_and_map_values_are_options() {
        let optional = |ty| option(ty);
        let cases = [
            (
                "{type: array, items: {type: string, nullable: true}}",
                Type::Vec(Box::new(optional(Type::String))),
            ),
            (
                "{type: object, additionalProperties: {type: integer, nullable: true}}",
                Type::Map(Box::new(optional(Type::I64))),
            ),
            (
                "{type: array, uniqueItems: true, items: {type: string, nullable: true}}",
                Type::Set(Box::new(optional(Type::String))),
            ),
            (
                "{type: array, items: {$ref: '#/components/schemas/N'}}\nN: {type: string, nullable: true}",
                Type::Vec(Box::new(optional(named("N")))),
            ),
            // Any JSON value holds null already; items that are not nullable stay as they are.
            (
                "{type: array, items: {nullable: true}}",
                Type::Vec(Box::new(Type::Json)),
            ),
            (
                "{type: array, items: {type: string}}",
                Type::Vec(Box::new(Type::String)),
            ),
        ];
        for (schema, expected) in cases {
            assert_eq!(alias(schema), expected, "{schema}");
        }
        let types = types(
            "O: {type: object, properties: {a: {type: string}}, additionalProperties: {type: number, nullable: true}}",
        );
        let TypeKind::Struct(object) = &types["O"].kind else {
            panic!("{types:?}")
        };
        assert_eq!(
            object.additional.as_ref().map(|(_, ty)| ty),
            Some(&optional(Type::F64))
        );
    }

    #[test]
    fn a_single_composition_part_is_that_part() {
        assert_eq!(alias("{oneOf: [{type: string}]}"), Type::String);
        assert_eq!(
            alias(
                "{allOf: [{$ref: '#/components/schemas/B'}, {description: an annotation}]}\nB: {type: object, properties: {x: {type: string}}}"
            ),
            named("B")
        );
    }

    #[test]
    fn a_ref_that_leads_nowhere_is_an_error_and_any_json() {
        let diagnostics = errors(
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/Gone'}}}",
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].pointer,
            "#/components/schemas/A/properties/b"
        );
    }

    #[test]
    fn a_schema_inside_another_node_shares_its_type_or_is_named_after_its_place() {
        let (api, _) = lowered(
            r#"
            paths:
              /a:
                get:
                  operationId: op
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/responses/R/content/application~1json/schema'}
                    '201':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/A/properties/b'}
            components:
              schemas:
                A: {type: object, properties: {b: {type: object, properties: {c: {type: string}}}}}
              responses:
                R:
                  description: r
                  content:
                    application/json:
                      schema: {type: object, properties: {d: {type: integer}}}
            "#,
        );
        let names: Vec<&String> = api.types.keys().collect();
        assert_eq!(names, ["A", "Ab", "R"]);
        let Responses::ByStatus { variants, .. } = &api.operations[0].success else {
            panic!("two bodies: {:?}", api.operations[0].success);
        };
        assert_eq!(variants[0].payload, Payload::Json(named("R")));
        assert_eq!(variants[1].payload, Payload::Json(named("Ab")));
    }
}
