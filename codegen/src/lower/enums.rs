//! String and integer enums, and the names of their variants.

use crate::ir::*;
use crate::names::{self, Scope};
use openapiv3::Schema;

/// A string enum of `values`, each with what the spec says of it; repeated values count once.
pub(super) fn string_enum<'s>(
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

/// An integer enum; variants are named after their values (`Value1`, `ValueMinus1`).
pub(super) fn int_enum(schema: &Schema, values: &[Option<i64>]) -> TypeKind {
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

/// The values of an `enum`, none described apart.
pub(super) fn undescribed(
    values: &[Option<String>],
) -> impl Iterator<Item = (&str, Option<&String>)> {
    values.iter().flatten().map(|value| (value.as_str(), None))
}
