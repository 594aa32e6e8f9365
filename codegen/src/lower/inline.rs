//! Names for inline schemas: after where they stand, one name per shape.

use super::Lower;
use super::docs::schema_docs;
use crate::ir::*;
use crate::names;
use crate::refs;
use openapiv3::Schema;

impl<'a> Lower<'a> {
    /// Names an inline schema after where it stands, or reuses the name of the same shape.
    pub(super) fn inline_named(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Type {
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
}

/// A name for a schema reached by a `$ref` into another node, from where it stands:
/// `#/components/responses/Conflict/content/application~1json/schema` → `Conflict`.
pub(super) fn pointer_hint(at: &str) -> String {
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
