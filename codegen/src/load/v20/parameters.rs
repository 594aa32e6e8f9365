//! Swagger 2.0 parameters and schemas in 3.0 form: the type keywords of a parameter become its
//! `schema`, `collectionFormat` its `style` and `explode`.

use super::{At, COLLECTION_FORMAT, Convert, TYPE_KEYWORDS, renamed};
use serde_json::{Map, Value};

impl Convert {
    /// A 3.0 parameter from a 2.0 one (not `body` or `formData`): the type keywords go into
    /// its `schema`, `collectionFormat` becomes its `style` and `explode`.
    pub(super) fn parameter(&mut self, parameter: Value, at: &At) -> Value {
        let Value::Object(parameter) = parameter else {
            return parameter;
        };
        if parameter.contains_key("$ref") {
            return Value::Object(parameter);
        }
        let location = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
        let mut new = Map::new();
        for (key, value) in &parameter {
            let keep = matches!(
                key.as_str(),
                "name" | "in" | "description" | "required" | "allowEmptyValue"
            ) || (key.starts_with("x-") && key != "x-nullable");
            if keep {
                new.insert(key.clone(), value.clone());
            }
        }
        let schema = match parameter.get("schema") {
            // A 3.0 spelling in a 2.0 document: its schema is read as it is.
            Some(schema) => {
                let mut schema = schema.clone();
                self.schema(&mut schema, &at.join("schema"));
                schema
            }
            None => {
                let schema_at = At {
                    now: at.now.join("schema"),
                    was: at.was.clone(),
                };
                self.moved(&schema_at.now, &schema_at.was);
                self.schema_of(&parameter, &schema_at)
            }
        };
        new.insert("schema".to_string(), schema);
        if is_array {
            let format = parameter
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let was = at.was.join("collectionFormat");
            let style = match (location.as_str(), format) {
                ("query", "csv") => Some(("form", false)),
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("query", "tsv") => {
                    new.insert(COLLECTION_FORMAT.to_string(), Value::from("tsv"));
                    self.moved(&at.now.join(COLLECTION_FORMAT), &was);
                    Some(("form", false))
                }
                (_, "csv") => None,
                (_, other) => {
                    self.warn(
                        &was,
                        format!("`collectionFormat: {other}` is not available in the {location}: the items are sent separated by commas"),
                        Some("use `csv`, the only list format of paths and headers"),
                    );
                    None
                }
            };
            if let Some((style, explode)) = style {
                new.insert("style".to_string(), Value::from(style));
                new.insert("explode".to_string(), Value::Bool(explode));
                if parameter.contains_key("collectionFormat") {
                    self.moved(&at.now.join("style"), &was);
                    self.moved(&at.now.join("explode"), &was);
                }
            }
        }
        Value::Object(new)
    }

    /// The schema of a 2.0 parameter, header or items object: its type keywords.
    pub(super) fn schema_of(&mut self, object: &Map<String, Value>, at: &At) -> Value {
        let mut schema = Map::new();
        for key in TYPE_KEYWORDS {
            let Some(value) = object.get(key) else {
                continue;
            };
            let value = match key {
                "items" => {
                    let items_at = at.join("items");
                    match value {
                        Value::Object(items) => {
                            if let Some(Value::String(format)) = items.get("collectionFormat")
                                && format != "csv"
                            {
                                self.warn(
                                    &items_at.was.join("collectionFormat"),
                                    format!("a nested list's `collectionFormat: {format}` is not kept: its items are written as JSON values"),
                                    None,
                                );
                            }
                            self.schema_of(items, &items_at)
                        }
                        other => other.clone(),
                    }
                }
                _ => value.clone(),
            };
            schema.insert(key.to_string(), value);
        }
        if object.get("x-nullable") == Some(&Value::Bool(true)) {
            schema.insert("nullable".to_string(), Value::Bool(true));
            self.moved(&at.now.join("nullable"), &at.was.join("x-nullable"));
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".to_string(), Value::from("string"));
            schema.insert("format".to_string(), Value::from("binary"));
            self.moved(&at.now.join("format"), &at.was.join("type"));
        }
        Value::Object(schema)
    }

    /// A 2.0 schema in 3.0 form, in place: `x-nullable` is `nullable`, `type: file` is binary
    /// content, a `discriminator` names its property in an object.
    pub(super) fn schema(&mut self, schema: &mut Value, at: &At) {
        let Value::Object(map) = schema else {
            return;
        };
        renamed(map);
        if let Some(nullable) = map.remove("x-nullable") {
            map.insert("nullable".to_string(), nullable);
            self.moved(&at.now.join("nullable"), &at.was.join("x-nullable"));
        }
        if map.get("type").and_then(Value::as_str) == Some("file") {
            map.insert("type".to_string(), Value::from("string"));
            map.insert("format".to_string(), Value::from("binary"));
            self.moved(&at.now.join("format"), &at.was.join("type"));
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let property = property.clone();
            map.insert(
                "discriminator".to_string(),
                serde_json::json!({ "propertyName": property }),
            );
            self.moved(
                &at.now.join("discriminator").join("propertyName"),
                &at.was.join("discriminator"),
            );
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                self.schema(property, &at.join("properties").join(name));
            }
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if let Some(inner) = map.get_mut(keyword) {
                self.schema(inner, &at.join(keyword));
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(keyword) {
                for (i, part) in parts.iter_mut().enumerate() {
                    self.schema(part, &at.join(keyword).join(i));
                }
            }
        }
    }
}
