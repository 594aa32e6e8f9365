//! Lowering: `openapiv3::OpenAPI` into the IR. Every decision is made here: names, types,
//! `$ref` resolution, cycle breaking, parameters, bodies, responses and security.

use crate::error::{Collector, Diagnostic, Error, Result, Severity, pointer_segment};
use crate::ir::*;
use crate::names::{self, Scope};
use crate::refs::{self, Kind, Refs};
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind};
use std::collections::{BTreeMap, BTreeSet};

mod bodies;
mod docs;
mod examples;
mod operations;
mod pagination;
mod parameters;
mod reserved;
mod responses;
mod security;

pub(crate) use bodies::body_encoding;
use docs::schema_docs;
use parameters::header_name;

use reserved::BUILDER_RESERVED;

/// Lowers a parsed spec; `file` names it in diagnostics. Every problem is reported at once.
pub fn lower(spec: &OpenAPI, file: &str) -> Result<Api> {
    lower_with_warnings(spec, file).map(|(api, _)| api)
}

/// [`lower`], with the warnings of a run that succeeds: what the spec gets wrong in a way
/// the client can still serve faithfully.
pub fn lower_with_warnings(spec: &OpenAPI, file: &str) -> Result<(Api, Vec<Diagnostic>)> {
    let mut cx = Lower {
        spec,
        refs: Refs::new(spec),
        pointed: BTreeMap::new(),
        pointing: BTreeSet::new(),
        diags: Collector::new(file),
        types: BTreeMap::new(),
        type_names: Scope::with_reserved(names::RESERVED_TYPE_NAMES),
        components: BTreeMap::new(),
        inline: BTreeMap::new(),
        builder_names: Scope::with_reserved(BUILDER_RESERVED),
        example_names: Scope::default(),
        examples: Vec::new(),
        examples_seen: BTreeSet::new(),
    };
    cx.name_components();
    cx.lower_components();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.resolve_defaults();
    cx.break_cycles();
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        default_base_url: default_base_url(spec),
        server: spec.servers.first().map(|server| Server {
            url: server.url.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| {
                    let variable = ServerVariable {
                        name: name.clone(),
                        default: variable.default.clone(),
                        allowed: variable.enumeration.clone(),
                    };
                    (name.clone(), variable)
                })
                .collect::<BTreeMap<_, _>>()
                .into_values()
                .collect(),
        }),
        types: cx.types,
        operations,
        security_schemes,
    };
    let mut diagnostics = cx.diags.into_items();
    // A schema lowered from several places reports its problem once.
    let mut seen = BTreeSet::new();
    diagnostics.retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Spec(diagnostics));
    }
    Ok((api, diagnostics))
}

struct Lower<'a> {
    spec: &'a OpenAPI,
    refs: Refs<'a>,
    /// The types of schemas reached by a `$ref` to a node that is not a component schema,
    /// by the pointer of that node.
    pointed: BTreeMap<String, Type>,
    /// Those schemas being lowered now, to catch a reference back to itself.
    pointing: BTreeSet<String>,
    diags: Collector,
    /// Named types, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Rust type names handed out so far.
    type_names: Scope,
    /// Rust name of each component schema, by its key in `components.schemas`.
    components: BTreeMap<String, String>,
    /// Named inline schemas by their canonical JSON text, so one shape is emitted once.
    inline: BTreeMap<String, Type>,
    /// Names of the request builder types handed out so far.
    builder_names: Scope,
    /// Names of the example tests handed out so far.
    example_names: Scope,
    /// Examples found while lowering the current operation.
    examples: Vec<ExampleCase>,
    /// Examples already made tests of, by place and type.
    examples_seen: BTreeSet<(String, String)>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lower<'a> {
    // ----- component schemas -------------------------------------------------------------

    /// Claims a Rust name for every component schema first, in spec order, so references
    /// resolve to names before (or while) their targets are lowered.
    fn name_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for key in components.schemas.keys() {
            let name = self.type_names.claim(names::camel(key));
            self.components.insert(key.clone(), name);
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.components[key].clone();
            let pointer = format!("{SCHEMA_PREFIX}{}", pointer_segment(key));
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
                    origin: pointer,
                    docs,
                    deprecated,
                    kind,
                },
            );
        }
        self.check_alias_cycles();
    }

    /// Reports chains of pure `$ref`s that lead back to where they started.
    fn check_alias_cycles(&mut self) {
        let mut reported = BTreeSet::new();
        for start in self.types.keys() {
            let mut seen = vec![start.clone()];
            let mut current = start.clone();
            while let Some(TypeDef {
                kind: TypeKind::Alias(Type::Named(next)),
                ..
            }) = self.types.get(&current)
            {
                if let Some(at) = seen.iter().position(|n| n == next) {
                    let cycle = &seen[at..];
                    let first = cycle.iter().min().cloned().unwrap_or_default();
                    if reported.insert(first.clone()) {
                        let origin = self.types[&first].origin.clone();
                        self.diags.error(
                            &origin,
                            format!(
                                "`$ref` cycle with no type in between: {} -> {}",
                                cycle.join(" -> "),
                                cycle[0]
                            ),
                            Some("one schema in the cycle must define a type (an object, array, ...)"),
                        );
                    }
                    break;
                }
                seen.push(next.clone());
                current = next.clone();
            }
        }
    }

    /// The named type a schema defines, when it is one that needs a name (an object with
    /// properties, an enum, a union); `None` for schemas that are just a type expression.
    fn named_kind(&mut self, schema: &Schema, name: &str, pointer: &str) -> Option<TypeKind> {
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
                let object = ObjectParts {
                    properties: o
                        .properties
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.clone().unbox(),
                                format!("{pointer}/properties/{}", pointer_segment(k)),
                            )
                        })
                        .collect(),
                    required: o.required.iter().cloned().collect(),
                    additional: o.additional_properties.clone(),
                };
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
                    let part_pointer = format!("{pointer}/allOf/{i}");
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
                Some(self.union(schema, parts, name, &format!("{pointer}/{keyword}")))
            }
            SchemaKind::Any(any) => {
                let merge_all_of =
                    !any.all_of.is_empty() && self.all_of_one_type(&any.all_of).is_none();
                if !any.properties.is_empty() || merge_all_of {
                    let mut object = ObjectParts {
                        properties: any
                            .properties
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    v.clone().unbox(),
                                    format!("{pointer}/properties/{}", pointer_segment(k)),
                                )
                            })
                            .collect(),
                        required: any.required.iter().cloned().collect(),
                        additional: any.additional_properties.clone(),
                    };
                    let mut merged = true;
                    for (i, part) in any.all_of.iter().enumerate() {
                        let part_pointer = format!("{pointer}/allOf/{i}");
                        merged &= self.merge_into(&mut object, part, &part_pointer, 0);
                    }
                    return Some(self.merged_or_json(merged, object, name, pointer));
                }
                let parts = if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                };
                if parts.len() > 1 {
                    return Some(self.union(schema, parts, name, &format!("{pointer}/oneOf")));
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

    fn union(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        // A `oneOf` of string values, each described apart, is one enum.
        if let Some(values) = string_values(self.spec, parts) {
            return string_enum(schema, values.into_iter());
        }
        self.object_union(schema, parts, name, pointer)
    }

    fn object_union(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Other"]);
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
                    let ty = self.schema_ref(reference, &format!("{pointer}/{i}"));
                    let short = reference.rsplit('/').next().unwrap_or(reference);
                    let mut tag_values: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            target.as_str() == *reference || target.as_str() == short
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tag_values.is_empty() {
                        tag_values.push(short.to_string());
                    }
                    variants.push(TaggedVariant {
                        name: scope.claim(names::camel(short)),
                        tag_values,
                        ty,
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
                let part_pointer = format!("{pointer}/{i}");
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
                });
            }
            return TypeKind::Tagged {
                tag: tag.to_string(),
                variants,
            };
        }
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/{i}");
            let (hint, ty) = match part {
                ReferenceOr::Reference { reference } => {
                    let short = reference
                        .rsplit('/')
                        .next()
                        .unwrap_or(reference)
                        .to_string();
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
    fn merged_or_json(
        &mut self,
        merged: bool,
        object: ObjectParts,
        name: &str,
        pointer: &str,
    ) -> TypeKind {
        if merged {
            TypeKind::Struct(self.object(object, name, pointer))
        } else {
            TypeKind::Alias(Type::Json)
        }
    }

    /// Adds the properties of one `allOf` part to `object`, following `$ref`s; `false` when a
    /// part is not an object (warned).
    fn merge_into(
        &mut self,
        object: &mut ObjectParts,
        part: &ReferenceOr<Schema>,
        pointer: &str,
        depth: usize,
    ) -> bool {
        if depth > 32 {
            self.diags.error(
                pointer,
                "`allOf` nests too deeply (or refers to itself)",
                None,
            );
            return true;
        }
        let (schema, pointer) = match part {
            ReferenceOr::Reference { reference } => match self.resolve_schema(reference, pointer) {
                Some(found) => found,
                None => return true,
            },
            ReferenceOr::Item(schema) if is_annotation(schema) => return true,
            ReferenceOr::Item(schema) => (schema, pointer.to_string()),
        };
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(o)) => {
                for (k, v) in &o.properties {
                    object.properties.push((
                        k.clone(),
                        v.clone().unbox(),
                        format!("{pointer}/properties/{}", pointer_segment(k)),
                    ));
                }
                object.required.extend(o.required.iter().cloned());
                if object.additional.is_none() {
                    object.additional = o.additional_properties.clone();
                }
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = true;
                for (i, inner) in all_of.iter().enumerate() {
                    let inner_pointer = format!("{pointer}/allOf/{i}");
                    merged &= self.merge_into(object, inner, &inner_pointer, depth + 1);
                }
                return merged;
            }
            SchemaKind::Any(any) => {
                for (k, v) in &any.properties {
                    object.properties.push((
                        k.clone(),
                        v.clone().unbox(),
                        format!("{pointer}/properties/{}", pointer_segment(k)),
                    ));
                }
                object.required.extend(any.required.iter().cloned());
                let mut merged = true;
                for (i, inner) in any.all_of.iter().enumerate() {
                    let inner_pointer = format!("{pointer}/allOf/{i}");
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

    fn object(&mut self, object: ObjectParts, name: &str, pointer: &str) -> Struct {
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
            Some(AdditionalProperties::Schema(schema)) => Some(self.lower_ref_or(
                &schema,
                &format!("{name}Value"),
                &format!("{pointer}/additionalProperties"),
            )),
        };
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
        pointer: &str,
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
        let ty = match presence {
            Presence::Required | Presence::Defaulted => ty,
            Presence::RequiredNullable | Presence::Optional => Type::Option(Box::new(ty)),
            Presence::OptionalNullable => Type::Nullable(Box::new(ty)),
        };
        (ty, presence, default)
    }

    /// Turns string and integer defaults of enum-typed fields into variants, now that every
    /// type is known; a default that matches no variant is dropped (the field stays `Option`).
    fn resolve_defaults(&mut self) {
        let kinds: BTreeMap<String, TypeKind> = self
            .types
            .iter()
            .filter(|(_, d)| {
                matches!(
                    d.kind,
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_)
                )
            })
            .map(|(n, d)| (n.clone(), d.kind.clone()))
            .collect();
        for def in self.types.values_mut() {
            let TypeKind::Struct(s) = &mut def.kind else {
                continue;
            };
            for field in &mut s.fields {
                let (Some(default), Type::Named(type_name)) = (&field.default, &field.ty) else {
                    continue;
                };
                let resolved = match (kinds.get(type_name), default) {
                    (Some(TypeKind::StringEnum(e)), DefaultValue::Str(value)) => e
                        .variants
                        .iter()
                        .find(|v| &v.wire == value)
                        .map(|v| DefaultValue::Variant(type_name.clone(), v.name.clone())),
                    (Some(TypeKind::IntEnum(e)), DefaultValue::Int(value)) => e
                        .variants
                        .iter()
                        .find(|(_, v)| v == value)
                        .map(|(n, _)| DefaultValue::Variant(type_name.clone(), n.clone())),
                    (Some(TypeKind::Alias(inner)), value) => coerce_default(inner, value),
                    _ => None,
                };
                match resolved {
                    Some(value) => field.default = Some(value),
                    None => {
                        field.default = None;
                        field.presence = Presence::Optional;
                        field.ty = Type::Option(Box::new(field.ty.clone()));
                    }
                }
            }
        }
    }

    fn is_nullable(&self, schema: &ReferenceOr<Schema>) -> bool {
        match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { reference } => self
                .peek_schema(reference)
                .is_some_and(|s| s.schema_data.nullable),
        }
    }

    // ----- type expressions --------------------------------------------------------------

    fn lower_ref_or(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.schema_type(schema, hint, pointer),
        }
    }

    /// The type a schema `$ref` stands for: a component's named type, or the type of the node
    /// it points at, named after where that node stands.
    fn schema_ref(&mut self, reference: &str, pointer: &str) -> Type {
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
                _ => self.pointed_type(schema, &at),
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
    fn pointed_type(&mut self, schema: &'a Schema, at: &str) -> Type {
        if let Some(ty) = self.pointed.get(at) {
            return ty.clone();
        }
        let hint = pointer_hint(at);
        if self.needs_name(schema) {
            // Named before its body is lowered, so a reference back to it is its name.
            let ty = self.inline_named(schema, &hint, at);
            self.pointed.insert(at.to_string(), ty.clone());
            return ty;
        }
        if !self.pointing.insert(at.to_string()) {
            self.diags.error(
                at,
                "`$ref` cycle with no type in between: this schema contains itself",
                Some("give the schema a name in `components.schemas` and refer to that"),
            );
            return Type::Json;
        }
        let ty = self.schema_type(schema, &hint, at);
        self.pointing.remove(at);
        self.pointed.insert(at.to_string(), ty.clone());
        ty
    }

    /// The type expression of an inline schema; named types it needs are created under
    /// `hint` (or reused, when the same shape was named before).
    fn schema_type(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Type {
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
                            self.lower_ref_or(
                                &items,
                                &format!("{hint}Item"),
                                &format!("{pointer}/items"),
                            )
                        }
                        None => Type::Json,
                    };
                    if a.unique_items && self.orderable(&items) {
                        Type::Set(Box::new(items))
                    } else {
                        Type::Vec(Box::new(items))
                    }
                }
                openapiv3::Type::Object(o) => match &o.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        Type::Map(Box::new(self.lower_ref_or(
                            value,
                            &format!("{hint}Value"),
                            &format!("{pointer}/additionalProperties"),
                        )))
                    }
                    _ => Type::JsonObject,
                },
            },
            SchemaKind::AllOf { all_of } => match self.all_of_one_type(all_of) {
                Some((i, part)) => self.lower_ref_or(part, hint, &format!("{pointer}/allOf/{i}")),
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
                self.lower_ref_or(&parts[0], hint, &format!("{pointer}/{keyword}/0"))
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let items = items.clone().unbox();
                    return Type::Vec(Box::new(self.lower_ref_or(
                        &items,
                        &format!("{hint}Item"),
                        &format!("{pointer}/items"),
                    )));
                }
                if let Some((i, part)) = self.all_of_one_type(&any.all_of) {
                    return self.lower_ref_or(part, hint, &format!("{pointer}/allOf/{i}"));
                }
                for (keyword, parts) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
                    if let [single] = parts.as_slice() {
                        return self.lower_ref_or(single, hint, &format!("{pointer}/{keyword}/0"));
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
                    Some("object") => match &any.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => {
                            Type::Map(Box::new(self.lower_ref_or(
                                value,
                                &format!("{hint}Value"),
                                &format!("{pointer}/additionalProperties"),
                            )))
                        }
                        _ => Type::JsonObject,
                    },
                    _ => Type::Json,
                }
            }
            SchemaKind::Not { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Type::Json
            }
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

    /// The one part an `allOf` amounts to, when it is not a merge of objects: its only
    /// significant part, or, when no part is an object (`allOf: [$ref: Id, {type: string,
    /// description: ...}]`), the first `$ref` (which keeps the named type), else the first.
    fn all_of_one_type<'p>(
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

    /// Whether values of `ty` have a total order, so a set of them can be a `BTreeSet`.
    fn orderable(&self, ty: &Type) -> bool {
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
            Type::Named(name) => matches!(
                self.types.get(name).map(|d| &d.kind),
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            ),
            _ => false,
        }
    }

    /// Names an inline schema after where it stands, or reuses the name of the same shape.
    fn inline_named(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Type {
        let key = serde_json::to_string(schema).unwrap_or_default();
        if let Some(ty) = self.inline.get(&key) {
            return ty.clone();
        }
        let name = self.type_names.claim(names::camel(hint));
        let ty = Type::Named(name.clone());
        // Registered before lowering the body, so an inline schema seen again inside itself
        // (impossible without `$ref`, but cheap to be safe) resolves to the same name.
        self.inline.insert(key, ty.clone());
        let kind = self
            .named_kind(schema, &name, pointer)
            .unwrap_or(TypeKind::Alias(Type::Json));
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                origin: pointer.to_string(),
                docs: schema_docs(schema),
                deprecated: schema.schema_data.deprecated,
                kind,
            },
        );
        ty
    }

    /// The schema a `$ref` points at and where it stands, reporting an error when there is
    /// none.
    fn resolve_schema(&mut self, reference: &str, pointer: &str) -> Option<(&'a Schema, String)> {
        match self.refs.schema(reference) {
            Ok(found) => Some(found),
            Err(error) => {
                let (message, hint) = error.describe(reference, Kind::Schema);
                self.diags.error(pointer, message, Some(hint));
                None
            }
        }
    }

    /// The schema a `$ref` points at, following chains, without reporting anything.
    fn peek_schema(&self, reference: &str) -> Option<&'a Schema> {
        self.refs.schema(reference).ok().map(|(schema, _)| schema)
    }

    // ----- cycles ------------------------------------------------------------------------

    /// Boxes the fields and variants that close a cycle of types containing each other by
    /// value (which would have infinite size), and turns aliases on a cycle into newtypes.
    fn break_cycles(&mut self) {
        // Edges by value: type -> (slot, named type held by value in that slot).
        let mut by_value: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (name, def) in &self.types {
            let mut edges = Vec::new();
            for (slot, ty) in def.kind.slots().into_iter().enumerate() {
                if let Some(target) = by_value_target(ty) {
                    edges.push((slot, target));
                }
            }
            by_value.insert(name.clone(), edges);
        }
        let mut to_box: BTreeSet<(String, usize)> = BTreeSet::new();
        let mut state: BTreeMap<String, u8> = BTreeMap::new(); // 1 = on stack, 2 = done
        for start in by_value.keys() {
            dfs(start, &by_value, &mut state, &mut to_box);
        }
        for (name, slot) in to_box {
            if let Some(def) = self.types.get_mut(&name)
                && let Some(ty) = slots_mut(&mut def.kind).into_iter().nth(slot)
            {
                box_by_value(ty);
            }
        }
        // An alias cannot refer to itself even through `Vec`; such aliases become newtypes.
        let mut any_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, def) in &self.types {
            let mut targets = BTreeSet::new();
            for ty in def.kind.slots() {
                collect_named(ty, &mut targets);
            }
            any_edges.insert(name.clone(), targets);
        }
        let recursive_aliases: Vec<String> = self
            .types
            .iter()
            .filter(|(name, def)| {
                matches!(def.kind, TypeKind::Alias(_)) && reaches(name, name, &any_edges)
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in recursive_aliases {
            if let Some(def) = self.types.get_mut(&name)
                && let TypeKind::Alias(ty) = &def.kind
            {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }

    // ----- operations --------------------------------------------------------------------
}

#[derive(Default)]
struct ObjectParts {
    properties: Vec<(String, ReferenceOr<Schema>, String)>,
    required: BTreeSet<String>,
    additional: Option<AdditionalProperties>,
}

/// The parts of an `allOf` that say something about the type, with their indices: parts that
/// only annotate (a `description`, `nullable`...) are left out.
fn significant(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
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

/// A property's `default` as a value of its type, when it can be written in Rust; values of
/// named types are checked against the type later (`resolve_defaults`).
fn default_value(ty: &Type, value: &serde_json::Value) -> Option<DefaultValue> {
    use serde_json::Value as V;
    let candidate = match value {
        V::Bool(b) => DefaultValue::Bool(*b),
        V::Number(n) if n.is_i64() => DefaultValue::Int(n.as_i64()?),
        V::Number(n) => DefaultValue::Float(n.as_f64()?),
        V::String(s) => DefaultValue::Str(s.clone()),
        _ => return None,
    };
    match ty {
        Type::Named(_) => Some(candidate),
        _ => coerce_default(ty, &candidate),
    }
}

/// The default as a value of `ty` (an integer default of a float field becomes a float), or
/// `None` when it cannot initialise a field of that type.
fn coerce_default(ty: &Type, value: &DefaultValue) -> Option<DefaultValue> {
    match (ty, value) {
        (Type::Bool, DefaultValue::Bool(_)) | (Type::String, DefaultValue::Str(_)) => {
            Some(value.clone())
        }
        (Type::I64, DefaultValue::Int(_)) => Some(value.clone()),
        (Type::I32, DefaultValue::Int(n)) => i32::try_from(*n).is_ok().then(|| value.clone()),
        (Type::U32, DefaultValue::Int(n)) => u32::try_from(*n).is_ok().then(|| value.clone()),
        (Type::U64, DefaultValue::Int(n)) => u64::try_from(*n).is_ok().then(|| value.clone()),
        (Type::F32 | Type::F64, DefaultValue::Float(_)) => Some(value.clone()),
        (Type::F32 | Type::F64, DefaultValue::Int(n)) => Some(DefaultValue::Float(*n as f64)),
        _ => None,
    }
}

/// An integer enum; variants are named after their values (`Value1`, `ValueMinus1`).
fn int_enum(schema: &Schema, values: &[Option<i64>]) -> TypeKind {
    let mut scope = Scope::with_reserved(&["Other"]);
    let mut variants: Vec<(String, i64)> = Vec::new();
    for value in values.iter().flatten() {
        if variants.iter().any(|(_, v)| v == value) {
            continue;
        }
        let name = if *value < 0 {
            format!("ValueMinus{}", value.unsigned_abs())
        } else {
            format!("Value{value}")
        };
        variants.push((scope.claim(name), *value));
    }
    let default = match &schema.schema_data.default {
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .and_then(|d| variants.iter().position(|(_, v)| *v == d)),
        _ => None,
    };
    TypeKind::IntEnum(IntEnum { variants, default })
}

/// A readable variant name for an inline union member, from its type.
fn shape_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "Boolean".into(),
        Type::I32 | Type::I64 | Type::U32 | Type::U64 => "Integer".into(),
        Type::F32 | Type::F64 => "Number".into(),
        Type::String => "String".into(),
        Type::DateTime => "DateTime".into(),
        Type::Date => "Date".into(),
        Type::Json => "Value".into(),
        Type::JsonObject | Type::Map(_) => "Object".into(),
        Type::Vec(inner) | Type::Set(inner) => format!("{}List", shape_name(inner)),
        Type::Uuid => "Uuid".into(),
        Type::Option(inner) | Type::Nullable(inner) | Type::Box(inner) => shape_name(inner),
        Type::Named(name) => name.clone(),
        Type::Bytes => "Bytes".into(),
        Type::Unit => "Empty".into(),
    }
}

/// The types held in each slot (field or variant) of a named type, in a fixed order.
fn slots_mut(kind: &mut TypeKind) -> Vec<&mut Type> {
    match kind {
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

/// The named type a slot holds by value (so that it counts towards the holder's size).
fn by_value_target(ty: &Type) -> Option<String> {
    match ty {
        Type::Named(name) => Some(name.clone()),
        Type::Option(inner) | Type::Nullable(inner) => by_value_target(inner),
        _ => None,
    }
}

fn box_by_value(ty: &mut Type) {
    match ty {
        Type::Option(inner) | Type::Nullable(inner) => box_by_value(inner),
        Type::Named(_) => {
            let named = std::mem::replace(ty, Type::Unit);
            *ty = Type::Box(Box::new(named));
        }
        _ => {}
    }
}

fn collect_named(ty: &Type, out: &mut BTreeSet<String>) {
    match ty {
        Type::Named(name) => {
            out.insert(name.clone());
        }
        Type::Vec(inner)
        | Type::Set(inner)
        | Type::Map(inner)
        | Type::Option(inner)
        | Type::Nullable(inner)
        | Type::Box(inner) => collect_named(inner, out),
        _ => {}
    }
}

fn reaches(from: &str, to: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> bool {
    let mut stack: Vec<&str> = edges
        .get(from)
        .map(|t| t.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    while let Some(next) = stack.pop() {
        if next == to {
            return true;
        }
        if seen.insert(next)
            && let Some(targets) = edges.get(next)
        {
            stack.extend(targets.iter().map(String::as_str));
        }
    }
    false
}

/// Depth-first search that records the edges closing a cycle (edges to a type on the stack).
fn dfs(
    node: &str,
    edges: &BTreeMap<String, Vec<(usize, String)>>,
    state: &mut BTreeMap<String, u8>,
    to_box: &mut BTreeSet<(String, usize)>,
) {
    if state.contains_key(node) {
        return;
    }
    // An explicit stack keeps deep type graphs from overflowing the call stack.
    state.insert(node.to_string(), 1);
    let mut stack: Vec<(String, usize)> = vec![(node.to_string(), 0)];
    while let Some((current, next_edge)) = stack.pop() {
        let outgoing = edges.get(&current).map(Vec::as_slice).unwrap_or(&[]);
        if let Some((slot, target)) = outgoing.get(next_edge) {
            stack.push((current.clone(), next_edge + 1));
            match state.get(target) {
                Some(1) => {
                    to_box.insert((current.clone(), *slot));
                }
                Some(_) => {}
                None => {
                    state.insert(target.clone(), 1);
                    stack.push((target.clone(), 0));
                }
            }
        } else {
            state.insert(current, 2);
        }
    }
}

/// `servers[0].url` with variables replaced by their defaults; `None` when relative or absent.
fn default_base_url(spec: &OpenAPI) -> Option<String> {
    let server = spec.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Some(url)
    } else {
        None
    }
}

/// A string enum of `values`, each with what the spec says of it; repeated values count once.
fn string_enum<'s>(
    schema: &Schema,
    values: impl Iterator<Item = (&'s str, Option<&'s String>)>,
) -> TypeKind {
    let mut scope = Scope::with_reserved(&["Other"]);
    let mut variants: Vec<EnumVariant> = Vec::new();
    for (value, description) in values {
        if variants.iter().any(|v| v.wire == value) {
            continue;
        }
        variants.push(EnumVariant {
            name: scope.claim(names::camel(value)),
            wire: value.to_string(),
            description: description.cloned(),
        });
    }
    let default = match &schema.schema_data.default {
        Some(serde_json::Value::String(d)) => variants.iter().position(|v| &v.wire == d),
        _ => None,
    };
    TypeKind::StringEnum(StringEnum { variants, default })
}

/// The values of an `enum`, none described apart.
fn undescribed(values: &[Option<String>]) -> impl Iterator<Item = (&str, Option<&String>)> {
    values.iter().flatten().map(|value| (value.as_str(), None))
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
/// different one in each (`{"type": "blank"}`, `{"type": "image", ...}`). Without it the
/// union could only try its variants in turn, and a variant whose tag is an open enum would
/// take every object.
fn implicit_tag<'s>(
    spec: &'s OpenAPI,
    parts: &'s [ReferenceOr<Schema>],
) -> Option<(&'s str, Vec<&'s str>)> {
    let objects: Vec<&openapiv3::ObjectType> = parts
        .iter()
        .map(|part| match &schema_of(spec, part)?.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(object)) => Some(object),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let single_value = |object: &'s openapiv3::ObjectType, property: &str| -> Option<&'s str> {
        if !object.required.iter().any(|r| r == property) {
            return None;
        }
        match &schema_of(spec, object.properties.get(property)?)?.schema_kind {
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
    first.properties.keys().find_map(|property| {
        let values: Vec<&str> = objects
            .iter()
            .map(|object| single_value(object, property))
            .collect::<Option<_>>()?;
        let distinct = values
            .iter()
            .enumerate()
            .all(|(i, value)| !values[..i].contains(value));
        (objects.len() > 1 && distinct).then_some((property.as_str(), values))
    })
}

/// A name for a schema reached by a `$ref` into another node, from where it stands:
/// `#/components/responses/Conflict/content/application~1json/schema` → `Conflict`.
fn pointer_hint(at: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "content",
        "schema",
        "paths",
        "responses",
        "requestBodies",
        "parameters",
        "headers",
    ];
    let words: Vec<String> = at
        .trim_start_matches('#')
        .split('/')
        .map(refs::unescape)
        .filter(|segment| !segment.is_empty() && !STRUCTURAL.contains(&segment.as_str()))
        // A media type says nothing of what the schema is; a path does.
        .filter(|segment| segment.starts_with('/') || !segment.contains('/'))
        .collect();
    if words.is_empty() {
        "Schema".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(yaml: &str) -> (Api, Vec<Diagnostic>) {
        let spec: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        lower_with_warnings(&spec, "spec.yaml").unwrap()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    #[test]
    fn an_explicit_operation_id_keeps_its_name_before_derived_ones() {
        let (api, _) = lowered(&format!(
            "{HEAD}paths:\n  /items:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n  /things:\n    get: {{operationId: getItems, responses: {{'200': {{description: ok}}}}}}\n"
        ));
        let names: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|op| (op.name.as_str(), op.path_template.as_str()))
            .collect();
        assert_eq!(names, [("get_items", "/things"), ("get_items2", "/items")]);
    }

    #[test]
    fn path_parameters_are_bound_once_and_overridden_by_the_operation() {
        let (api, warnings) = lowered(&format!(
            "{HEAD}paths:\n  /a/{{id}}/b/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      - {{name: gone, in: path, required: true, schema: {{type: string}}}}\n    get:\n      operationId: op\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n      responses: {{'200': {{description: ok}}}}\n"
        ));
        let op = &api.operations[0];
        assert_eq!(op.params.len(), 1, "{:?}", op.params);
        assert_eq!(op.params[0].ty, Type::I64);
        assert_eq!(
            op.path,
            [
                PathPart::Literal("/a/".into()),
                PathPart::Param(0),
                PathPart::Literal("/b/".into()),
                PathPart::Param(0)
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("`gone` is declared"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_schema_inside_another_node_shares_its_type_or_is_named_after_its_place() {
        let (api, _) = lowered(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/responses/R/content/application~1json/schema'}}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A/properties/b'}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: object, properties: {{c: {{type: string}}}}}}}}}}\n  responses:\n    R:\n      description: r\n      content:\n        application/json:\n          schema: {{type: object, properties: {{d: {{type: integer}}}}}}\n"
        ));
        let names: Vec<&String> = api.types.keys().collect();
        assert_eq!(names, ["A", "Ab", "R"]);
        let Responses::ByStatus { variants, .. } = &api.operations[0].success else {
            panic!("two bodies: {:?}", api.operations[0].success);
        };
        assert_eq!(variants[0].payload, Payload::Json(Type::Named("R".into())));
        assert_eq!(variants[1].payload, Payload::Json(Type::Named("Ab".into())));
    }
}
