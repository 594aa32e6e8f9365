//! Repairs inside schemas: `required: true` written on a property (a Swagger-era habit),
//! keywords of objects or arrays on a schema of another type (which apply to no value of it),
//! an `enum` whose values are all of another type than the schema's or that lists `null` in a
//! schema that is not nullable, and, in a 3.0 document, a `type` written as a list (3.1's
//! spelling of a nullable type).

use super::{Repairs, is_data};
use crate::pointer::Pointer;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What a node of the walk is: a schema, a mapping of names to schemas, or anything else.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Other,
    Schema,
    Schemas,
}

impl Repairs {
    /// Repairs every schema of the document: those under `schema` keys and in
    /// `components.schemas`, and every schema inside them.
    pub(super) fn schemas(&mut self, document: &mut Value) {
        self.walk_schemas(document, &Pointer::root(), Context::Other);
    }

    fn walk_schemas(&mut self, value: &mut Value, pointer: &Pointer, context: Context) {
        match (value, context) {
            (Value::Array(items), Context::Other) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk_schemas(item, &pointer.join(index), Context::Other);
                }
            }
            (Value::Object(map), Context::Other) => {
                let is_components = pointer.as_str() == "#/components";
                for (key, inner) in map.iter_mut().filter(|(key, _)| !is_data(key)) {
                    let context = match key.as_str() {
                        "schema" => Context::Schema,
                        "schemas" if is_components => Context::Schemas,
                        _ => Context::Other,
                    };
                    self.walk_schemas(inner, &pointer.join(key), context);
                }
            }
            (Value::Object(map), Context::Schemas) => {
                for (key, inner) in map.iter_mut() {
                    self.walk_schemas(inner, &pointer.join(key), Context::Schema);
                }
            }
            (Value::Object(map), Context::Schema) => {
                self.schema(map, pointer);
                for (key, inner) in map.iter_mut() {
                    let at = pointer.join(key);
                    match key.as_str() {
                        "properties" | "$defs" | "definitions" | "patternProperties" => {
                            self.walk_schemas(inner, &at, Context::Schemas)
                        }
                        "items" | "additionalProperties" | "not" => {
                            self.walk_schemas(inner, &at, Context::Schema)
                        }
                        "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                            if let Value::Array(parts) = inner {
                                for (index, part) in parts.iter_mut().enumerate() {
                                    self.walk_schemas(part, &at.join(index), Context::Schema);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Repairs one schema (its properties' `required: true` first, then its own).
    fn schema(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        self.required_properties(map, pointer);
        if let Some(Value::Bool(flag)) = map.get("required") {
            let flag = *flag;
            map.remove("required");
            self.warn(
                &pointer.join("required"),
                format!("`required: {flag}` outside a property's schema is ignored"),
                "list required properties in the object's `required`: `required: [name]`",
            );
        }
        if self.is_30 {
            self.type_list(map, pointer);
        }
        self.keywords_of_another_type(map, pointer);
        self.enum_of_another_type(map, pointer);
        self.null_in_enum(map, pointer);
    }

    /// `type: string` with `enum: [true, false]`: no value is both, so the schema as written
    /// admits nothing; the values are the ones on the wire, and say the type.
    fn enum_of_another_type(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let (Some(Value::String(typ)), Some(Value::Array(values))) =
            (map.get("type"), map.get("enum"))
        else {
            return;
        };
        if !matches!(typ.as_str(), "string" | "integer" | "number" | "boolean") {
            return;
        }
        let of = |value: &Value| match value {
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::String(_) => Some("string"),
            _ => None,
        };
        let fits = |value: &Value| match of(value) {
            Some(found) => found == typ || (found == "integer" && typ == "number"),
            None => false,
        };
        let typed: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if typed.is_empty() || typed.iter().any(|v| fits(v)) {
            return;
        }
        let kinds: BTreeSet<&str> = typed.iter().filter_map(|v| of(v)).collect();
        let found = match kinds.iter().copied().collect::<Vec<_>>().as_slice() {
            [one] => *one,
            ["integer", "number"] => "number",
            _ => return,
        };
        let typ = typ.clone();
        map.insert("type".to_string(), Value::String(found.to_string()));
        self.warn(
            &pointer.join("type"),
            format!("`type: {typ}` with an `enum` of values of type {found} only: read as `type: {found}`"),
            "the values of an `enum` must be of the schema's type",
        );
    }

    /// `enum: [a, b, null]` in a schema that does not admit `null`: the author lists `null` as
    /// one of the values, so the schema is nullable (3.0's `nullable: true`, 3.1's `"null"`
    /// among the types).
    fn null_in_enum(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Array(values)) = map.get("enum") else {
            return;
        };
        if !values.iter().any(Value::is_null) {
            return;
        }
        let hint = "a schema admits `null` only when it is nullable, whatever its `enum` lists";
        if self.is_30 {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                return;
            }
            map.insert("nullable".to_string(), Value::Bool(true));
            self.warn(
                &pointer.join("enum"),
                "`null` among the values of a schema that is not `nullable`: read as `nullable: true`",
                hint,
            );
            return;
        }
        let mut types = match map.get("type") {
            Some(Value::String(one)) => vec![Value::String(one.clone())],
            Some(Value::Array(list)) => list.clone(),
            _ => return,
        };
        if types.iter().any(|t| t.as_str() == Some("null")) {
            return;
        }
        types.push(Value::String("null".to_string()));
        map.insert("type".to_string(), Value::Array(types));
        self.warn(
            &pointer.join("enum"),
            "`null` among the values of a schema whose types leave it out: `\"null\"` added to its types",
            hint,
        );
    }

    /// `type: string` with `properties` (a list of the values, documented as properties, say):
    /// JSON Schema applies `properties`, `required` and `additionalProperties` to objects only
    /// and `items` to arrays only, so they say nothing of a value of another type and are
    /// left out, where they would otherwise make the schema read as an object.
    fn keywords_of_another_type(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::String(typ)) = map.get("type") else {
            return;
        };
        let typ = typ.clone();
        let keywords: &[&str] = match typ.as_str() {
            "object" => &["items"],
            "array" => &["properties", "required", "additionalProperties"],
            "string" | "integer" | "number" | "boolean" => {
                &["properties", "required", "additionalProperties", "items"]
            }
            _ => return,
        };
        for keyword in keywords {
            // `required: true` on a property was read above; only a list is an object's.
            if *keyword == "required" && !map.get("required").is_some_and(Value::is_array) {
                continue;
            }
            if map.remove(*keyword).is_some() {
                self.warn(
                    &pointer.join(*keyword),
                    format!("`{keyword}` on a schema of `type: {typ}` applies to no value of it: ignored"),
                    "only objects have `properties`, `required` and `additionalProperties`, and only arrays `items`",
                );
            }
        }
    }

    /// `properties: {name: {required: true}}`: the property is required, as the author meant.
    fn required_properties(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let mut required = Vec::new();
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                let Some(Value::Bool(flag)) = property.get("required") else {
                    continue;
                };
                let flag = *flag;
                if let Value::Object(property) = property {
                    property.remove("required");
                }
                let at = pointer.join("properties").join(name).join("required");
                if flag {
                    required.push(name.clone());
                    self.warn(
                        &at,
                        format!("`required: true` on property `{name}`: it is read as required"),
                        "list required properties in the object's `required`: `required: [name]`",
                    );
                } else {
                    self.warn(
                        &at,
                        format!(
                            "`required: false` on property `{name}` is ignored: it is optional"
                        ),
                        "properties are optional unless the object's `required` lists them",
                    );
                }
            }
        }
        if required.is_empty() {
            return;
        }
        let list = map
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !list.is_array() {
            *list = Value::Array(Vec::new());
        }
        if let Value::Array(list) = list {
            for name in required {
                if !list.iter().any(|item| item.as_str() == Some(&name)) {
                    list.push(Value::String(name));
                }
            }
        }
    }

    /// `type: [T, "null"]` in a 3.0 document: `T`, nullable; several types: any JSON.
    fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Array(types)) = map.get("type") else {
            return;
        };
        let nullable = types.iter().any(|t| t.as_str() == Some("null"));
        let others: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        let at = pointer.join("type");
        let hint = "OpenAPI 3.0 writes one type and `nullable: true`; a list of types is 3.1's";
        match others.as_slice() {
            [one @ Value::String(name)] => {
                let assumed = match nullable {
                    true => format!("`{name}`, nullable"),
                    false => format!("`{name}`"),
                };
                let one = one.clone();
                map.insert("type".to_string(), one);
                if nullable {
                    map.insert("nullable".to_string(), Value::Bool(true));
                }
                self.warn(
                    &at,
                    format!("a list of types in an OpenAPI 3.0 document: read as {assumed}"),
                    hint,
                );
            }
            _ => {
                map.remove("type");
                if nullable {
                    map.insert("nullable".to_string(), Value::Bool(true));
                }
                self.warn(
                    &at,
                    "a list of types in an OpenAPI 3.0 document: read as any JSON",
                    hint,
                );
            }
        }
    }
}
