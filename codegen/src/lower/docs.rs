//! Documentation taken from schemas: title, description, and the constraints a reader needs.

use crate::ir::Docs;
use openapiv3::{Schema, SchemaKind};

/// The documentation of a schema: title, description, example and constraints.
pub(super) fn schema_docs(schema: &Schema) -> Docs {
    use openapiv3::VariantOrUnknownOrEmpty as V;
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    let range = |what: &str, min: Option<String>, max: Option<String>| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{what}: {min} to {max}.")),
        (Some(min), None) => Some(format!("Minimum {}: {min}.", what.to_lowercase())),
        (None, Some(max)) => Some(format!("Maximum {}: {max}.", what.to_lowercase())),
        (None, None) => None,
    };
    let bound = |value: Option<String>, exclusive: bool| {
        value.map(|v| {
            if exclusive {
                format!("{v} (exclusive)")
            } else {
                v
            }
        })
    };
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(s)) => {
            match &s.format {
                V::Unknown(format) => notes.push(format!("Format: `{format}`.")),
                V::Item(openapiv3::StringFormat::Byte) => {
                    notes.push("Format: `byte` (base64-encoded).".to_string())
                }
                V::Item(openapiv3::StringFormat::Binary) => {
                    notes.push("Format: `binary`.".to_string())
                }
                V::Item(openapiv3::StringFormat::Password) => {
                    notes.push("Format: `password`.".to_string())
                }
                _ => {}
            }
            if let Some(pattern) = &s.pattern {
                notes.push(format!("Pattern: `{pattern}`."));
            }
            notes.extend(range(
                "Length",
                s.min_length.map(|n| n.to_string()),
                s.max_length.map(|n| n.to_string()),
            ));
        }
        SchemaKind::Type(openapiv3::Type::Integer(i)) => notes.extend(range(
            "Range",
            bound(i.minimum.map(|n| n.to_string()), i.exclusive_minimum),
            bound(i.maximum.map(|n| n.to_string()), i.exclusive_maximum),
        )),
        SchemaKind::Type(openapiv3::Type::Number(n)) => notes.extend(range(
            "Range",
            bound(n.minimum.map(|n| n.to_string()), n.exclusive_minimum),
            bound(n.maximum.map(|n| n.to_string()), n.exclusive_maximum),
        )),
        SchemaKind::Type(openapiv3::Type::Array(a)) => {
            notes.extend(range(
                "Items",
                a.min_items.map(|n| n.to_string()),
                a.max_items.map(|n| n.to_string()),
            ));
            if a.unique_items {
                notes.push("Items are unique.".to_string());
            }
        }
        _ => {}
    }
    if data.read_only {
        notes.push(
            "Read-only: set by the server; a value sent in a request is ignored.".to_string(),
        );
    }
    if data.write_only {
        notes.push("Write-only: sent in requests, never returned by the server.".to_string());
    }
    if let Some(default) = &data.default {
        notes.push(format!(
            "Default: `{}`.",
            serde_json::to_string(default).unwrap_or_default()
        ));
    }
    if let Some(example) = &data.example {
        notes.push(format!(
            "Example: `{}`.",
            serde_json::to_string(example).unwrap_or_default()
        ));
    }
    Docs {
        summary: data.title.clone(),
        description: data.description.clone(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::schema_docs;
    use crate::ir::Docs;

    fn docs(yaml: &str) -> Docs {
        schema_docs(&serde_yaml::from_str(yaml).expect("a schema"))
    }

    #[test]
    fn a_string_says_its_format_pattern_length_and_more() {
        let docs = docs(
            "{type: string, title: Code, description: The code., format: slug, pattern: '^[a-z]+$', minLength: 2, maxLength: 8, readOnly: true, default: ab, example: cd}",
        );
        assert_eq!(docs.summary.as_deref(), Some("Code"));
        assert_eq!(docs.description.as_deref(), Some("The code."));
        assert_eq!(
            docs.notes,
            [
                "Format: `slug`.",
                "Pattern: `^[a-z]+$`.",
                "Length: 2 to 8.",
                "Read-only: set by the server; a value sent in a request is ignored.",
                "Default: `\"ab\"`.",
                "Example: `\"cd\"`.",
            ]
        );
    }

    #[test]
    fn numbers_and_arrays_say_their_bounds() {
        assert_eq!(
            docs("{type: integer, minimum: 0, exclusiveMinimum: true}").notes,
            ["Minimum range: 0 (exclusive)."]
        );
        assert_eq!(
            docs("{type: number, maximum: 1.5}").notes,
            ["Maximum range: 1.5."]
        );
        assert_eq!(
            docs("{type: array, items: {}, minItems: 1, uniqueItems: true, writeOnly: true}").notes,
            [
                "Minimum items: 1.",
                "Items are unique.",
                "Write-only: sent in requests, never returned by the server."
            ]
        );
        assert_eq!(docs("{type: boolean}"), Docs::default());
    }
}
