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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    #[test]
    fn a_string_enum_names_each_value_once_and_keeps_its_default() {
        let types = types(
            "E: {type: string, enum: [active, in-review, active, other], default: in-review}",
        );
        let TypeKind::StringEnum(e) = &types["E"].kind else {
            panic!("{:?}", types["E"])
        };
        let variants: Vec<(&str, &str)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.wire.as_str()))
            .collect();
        // `Other` is the variant that keeps unknown values.
        assert_eq!(
            variants,
            [
                ("Active", "active"),
                ("InReview", "in-review"),
                ("Other2", "other")
            ]
        );
        assert_eq!(e.default, Some(1));
    }

    #[test]
    fn an_integer_enum_names_variants_after_their_values() {
        let types = types("E: {type: integer, enum: [1, -1, 1], default: -1}");
        assert_eq!(
            types["E"].kind,
            TypeKind::IntEnum(IntEnum {
                variants: vec![("Value1".into(), 1), ("ValueMinus1".into(), -1)],
                default: Some(1),
            })
        );
    }
}
