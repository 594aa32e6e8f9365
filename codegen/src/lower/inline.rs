//! Names for inline schemas: after where they stand, one name per shape.

use super::Lower;
use super::docs::schema_docs;
use crate::ir::*;
use crate::names;
use crate::pointer;
use crate::pointer::Pointer;
use openapiv3::Schema;

impl<'a> Lower<'a> {
    /// Names an inline schema after where it stands, or reuses the name of the same shape.
    pub(super) fn inline_named(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> Type {
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
                nullable: self.admits_null(schema),
                kind,
            },
        );
        ty
    }
}

/// A name for a schema reached by a `$ref` into another node, from where it stands:
/// `#/components/responses/Conflict/content/application~1json/schema` → `Conflict`.
pub(super) fn pointer_hint(at: &Pointer) -> String {
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
        .map(pointer::unescape)
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
    use super::super::test_support::*;
    use super::pointer_hint;
    use crate::ir::*;

    #[test]
    fn an_inline_schema_is_named_after_where_it_stands_and_one_shape_once() {
        let types = types(
            r#"
            Pet:
              type: object
              properties:
                owner: {type: object, properties: {name: {type: string}}}
                previous_owner: {type: object, properties: {name: {type: string}}}
                status: {type: string, enum: [a, b]}
            "#,
        );
        assert_eq!(
            types.keys().collect::<Vec<_>>(),
            ["Pet", "PetOwner", "PetStatus"]
        );
        assert_eq!(
            fields(&types, "Pet"),
            [
                ("owner", &option(named("PetOwner")), Presence::Optional),
                (
                    "previous_owner",
                    &option(named("PetOwner")),
                    Presence::Optional
                ),
                ("status", &option(named("PetStatus")), Presence::Optional),
            ]
        );
        assert_eq!(
            types["PetOwner"].origin,
            "#/components/schemas/Pet/properties/owner"
        );
    }

    #[test]
    fn an_inline_name_does_not_take_a_component_s() {
        let types = types(
            "A: {type: object, properties: {b: {type: object, properties: {x: {type: string}}}}}\nAb: {type: string}",
        );
        assert_eq!(types.keys().collect::<Vec<_>>(), ["A", "Ab", "Ab2"]);
    }

    #[test]
    fn a_pointer_hint_keeps_the_words_that_say_where() {
        let cases = [
            (
                "#/components/responses/Conflict/content/application~1json/schema",
                "Conflict",
            ),
            ("#/components/schemas/A/properties/b", "A b"),
            (
                "#/paths/~1items/get/responses/200/content/application~1json/schema",
                "/items get 200",
            ),
            ("#/components/schemas", "Schema"),
        ];
        for (pointer, expected) in cases {
            assert_eq!(
                pointer_hint(&crate::pointer::Pointer::from_written(pointer)),
                expected,
                "{pointer}"
            );
        }
    }
}
