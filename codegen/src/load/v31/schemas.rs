//! 3.1 schemas in 3.0 form: the keywords that change a schema's shape (`type` lists, `null`
//! members, `$ref` beside other keywords, `$defs`), and the walk over a schema's children.

use super::Upgrade;
use super::keywords::integral_bounds;
use crate::pointer::Pointer;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Keywords that only annotate or identify a schema, dropped with no effect on the types.
const IDENTIFIERS: [&str; 6] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
];

/// Keywords 3.0 cannot say and the generated types cannot check, with what is lost.
const UNCHECKED: [(&str, &str); 10] = [
    (
        "dependentRequired",
        "the fields it makes required are optional fields",
    ),
    (
        "dependentSchemas",
        "what it requires when a field is present is not checked",
    ),
    (
        "unevaluatedProperties",
        "fields that no other keyword describes are skipped",
    ),
    (
        "unevaluatedItems",
        "items that no other keyword describes are not checked",
    ),
    ("contains", "the list is not checked for such an item"),
    ("minContains", "the list is not checked for such items"),
    ("maxContains", "the list is not checked for such items"),
    ("propertyNames", "the names of fields are not checked"),
    ("$dynamicRef", "the value is any JSON"),
    ("contentSchema", "the string's content is not decoded"),
];

/// Keywords that say what kind of value a schema is, by the `type` they belong to.
pub(super) fn belongs_to(keyword: &str, typ: &str) -> bool {
    let keywords: &[&str] = match typ {
        "string" => &[
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "contentEncoding",
            "contentMediaType",
        ],
        "number" | "integer" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    };
    keywords.contains(&keyword)
}

/// The JSON Schema type of a value, for `const` and `enum` values.
pub(super) fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a schema only says "the value is null" (with annotations at most).
pub(super) fn is_null_schema(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let null = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        None => {
            matches!(map.get("const"), Some(Value::Null))
                || matches!(map.get("enum"), Some(Value::Array(v)) if v.len() == 1 && v[0].is_null())
        }
        _ => false,
    };
    null && map.keys().all(|k| {
        is_annotation_key(k) || matches!(k.as_str(), "type" | "const" | "enum" | "nullable")
    })
}

pub(super) fn is_annotation_key(key: &str) -> bool {
    key.starts_with("x-")
        || IDENTIFIERS.contains(&key)
        || matches!(
            key,
            "title"
                | "description"
                | "example"
                | "examples"
                | "default"
                | "deprecated"
                | "readOnly"
                | "writeOnly"
        )
}

impl Upgrade {
    pub(super) fn schema(&mut self, schema: &mut Value, pointer: &Pointer) {
        if let Value::Bool(allowed) = schema {
            if !*allowed {
                self.warn(
                    pointer,
                    "a `false` schema (no value matches it) is typed as any JSON".to_string(),
                    None,
                );
            }
            *schema = Value::Object(Map::new());
            return;
        }
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        for key in IDENTIFIERS {
            map.remove(key);
        }
        self.defs(map, pointer);
        if self.reference_with_siblings(map, pointer) {
            return;
        }
        self.null_members(map, pointer);
        self.type_list(map, pointer);
        self.constant(map, pointer);
        self.examples(map, pointer);
        self.exclusive_bounds(map, pointer);
        integral_bounds(map);
        self.content_keywords(map, pointer);
        self.prefix_items(map, pointer);
        self.pattern_properties(map, pointer);
        // A condition is one construct: one warning, at its first keyword.
        let condition: Vec<&str> = ["if", "then", "else"]
            .into_iter()
            .filter(|k| map.remove(*k).is_some())
            .collect();
        if let Some(first) = condition.first() {
            let names: Vec<String> = condition.iter().map(|k| format!("`{k}`")).collect();
            self.warn(
                &pointer.join(first),
                format!(
                    "{} {} not expressed by the generated types: the conditional schema is not checked",
                    names.join("/"),
                    if names.len() == 1 { "is" } else { "are" }
                ),
                None,
            );
        }
        for (keyword, lost) in UNCHECKED {
            if map.remove(keyword).is_some() {
                self.warn(
                    &pointer.join(keyword),
                    format!("`{keyword}` is not expressed by the generated types: {lost}"),
                    None,
                );
            }
        }
        self.children(map, pointer);
    }

    pub(super) fn children(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            let at = pointer.join("properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &at.join(name));
            }
        }
        for keyword in ["items", "not"] {
            if let Some(inner) = map.get_mut(keyword) {
                self.schema(inner, &pointer.join(keyword));
            }
        }
        if let Some(inner @ Value::Object(_)) = map.get_mut("additionalProperties") {
            self.schema(inner, &pointer.join("additionalProperties"));
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(keyword) {
                for (i, part) in parts.iter_mut().enumerate() {
                    // A part that is a reference with only notes beside it stays a reference:
                    // a union's variants are its parts' types, and a discriminator needs them
                    // as references; the notes would document nothing.
                    if let Some(part) = part.as_object_mut()
                        && matches!(part.get("$ref"), Some(Value::String(_)))
                    {
                        part.retain(|key, _| key == "$ref" || !is_annotation_key(key));
                    }
                    self.schema(part, &pointer.join(keyword).join(i));
                }
            }
        }
    }

    /// Takes the `$defs` of a schema out into `components/schemas`, where a `$ref` can name
    /// them, under their own name when it is free.
    pub(super) fn defs(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for keyword in ["$defs", "definitions"] {
            let Some(Value::Object(defs)) = map.remove(keyword) else {
                continue;
            };
            for (name, mut def) in defs {
                let mut component = name.clone();
                let mut n = 2;
                while self.taken.contains(&component) {
                    component = format!("{name}{n}");
                    n += 1;
                }
                self.taken.insert(component.clone());
                let was = pointer.join(keyword).join(&name);
                let now = Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&component);
                self.renamed_refs.insert(was.to_string(), now.to_string());
                self.moved(vec![(now.clone(), was)]);
                self.schema(&mut def, &now);
                self.hoisted.push((component, def));
            }
        }
    }

    pub(super) fn place_hoisted(&mut self, root: &mut Map<String, Value>) {
        if self.hoisted.is_empty() {
            return;
        }
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, def) in std::mem::take(&mut self.hoisted) {
                schemas.insert(name, def);
            }
        }
    }

    /// A `$ref` beside keywords that say something: in 3.1 they apply too, so the reference
    /// becomes an `allOf` part beside them. Returns whether the node is a plain reference.
    pub(super) fn reference_with_siblings(
        &mut self,
        map: &mut Map<String, Value>,
        pointer: &Pointer,
    ) -> bool {
        if !matches!(map.get("$ref"), Some(Value::String(_))) {
            return false;
        }
        // A reference's own `summary` is not a schema keyword; it says nothing of the type.
        map.remove("summary");
        if map.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
            return true;
        }
        let Some(reference) = map.remove("$ref") else {
            return true;
        };
        let mut part = Map::new();
        part.insert("$ref".to_string(), reference);
        let parts = map
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(parts) = parts {
            let index = parts.len();
            parts.push(Value::Object(part));
            self.moved(vec![(
                pointer.join("allOf").join(index),
                pointer.to_string(),
            )]);
        }
        false
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member: the member goes, the schema becomes
    /// `nullable`, and a single member left is the schema itself.
    pub(super) fn null_members(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(parts)) = map.get(keyword) else {
                continue;
            };
            if !parts.iter().any(is_null_schema) {
                continue;
            }
            let Some(Value::Array(parts)) = map.remove(keyword) else {
                continue;
            };
            map.insert("nullable".to_string(), Value::Bool(true));
            let kept: Vec<(usize, Value)> = parts
                .into_iter()
                .enumerate()
                .filter(|(_, part)| !is_null_schema(part))
                .collect();
            let at = pointer.join(keyword);
            match kept.len() {
                0 => self.warn(
                    &at,
                    format!("every part of `{keyword}` is `null`: the value is any JSON"),
                    None,
                ),
                1 => {
                    let (i, part) = kept.into_iter().next().unwrap_or_default();
                    self.single_part(map, part, &at.join(i), keyword, pointer);
                }
                _ => {
                    let batch = kept
                        .iter()
                        .enumerate()
                        .filter(|(n, (i, _))| n != i)
                        .map(|(n, (i, _))| (at.join(n), at.join(i)))
                        .collect();
                    self.moved(batch);
                    let parts = kept.into_iter().map(|(_, part)| part).collect();
                    map.insert(keyword.to_string(), Value::Array(parts));
                }
            }
        }
    }

    /// What a composition of one part (once `null` is gone) becomes: a `$ref` an `allOf`
    /// part (3.0's nullable reference), an inline schema the schema itself when their
    /// keywords do not clash.
    pub(super) fn single_part(
        &mut self,
        map: &mut Map<String, Value>,
        part: Value,
        was: &Pointer,
        keyword: &str,
        pointer: &Pointer,
    ) {
        let Value::Object(mut part) = part else {
            map.insert(keyword.to_string(), Value::Array(vec![part]));
            self.moved(vec![(pointer.join(keyword).join(0), was.to_string())]);
            return;
        };
        let clashes = part
            .keys()
            .any(|k| map.contains_key(k) && !is_annotation_key(k));
        if part.contains_key("$ref") || clashes {
            // A reference is 3.0's nullable reference, an `allOf` part; a part whose keywords
            // clash with the schema's stays a composition of one.
            let into = if clashes { keyword } else { "allOf" };
            let parts = map.entry(into).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parts) = parts {
                let index = parts.len();
                parts.push(Value::Object(part));
                self.moved(vec![(pointer.join(into).join(index), was.to_string())]);
            }
            return;
        }
        // The schema's own annotations win over the part's.
        let mut batch = Vec::new();
        for (key, value) in std::mem::take(&mut part) {
            if map.contains_key(&key) {
                continue;
            }
            batch.push((pointer.join(&key), was.join(&key)));
            map.insert(key, value);
        }
        self.moved(batch);
    }

    /// A `type` list: `null` in it makes the schema `nullable`; several other types make
    /// it an `anyOf` of one schema per type, each with the keywords of its type.
    pub(super) fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let types: Vec<(usize, String)> = match map.get("type") {
            Some(Value::String(t)) if t == "null" => vec![(0, t.clone())],
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .filter_map(|(i, t)| Some((i, t.as_str()?.to_string())))
                .collect(),
            _ => return,
        };
        let scalar = matches!(map.get("type"), Some(Value::String(_)));
        let at = pointer.join("type");
        let mut types: Vec<(usize, String)> =
            types.into_iter().filter(|(_, t)| t != "null").collect();
        if matches!(map.get("type"), Some(Value::String(t)) if t == "null")
            || matches!(map.get("type"), Some(Value::Array(list)) if list.iter().any(|t| t == "null"))
        {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
        // Every integer is a number.
        if types.iter().any(|(_, t)| t == "number") {
            types.retain(|(_, t)| t != "integer");
        }
        let mut distinct = BTreeSet::new();
        types.retain(|(_, t)| distinct.insert(t.clone()));
        match types.as_slice() {
            [] => {
                map.remove("type");
                self.warn(
                    &at,
                    "a schema whose only type is `null` is typed as any JSON".to_string(),
                    None,
                );
            }
            [(i, typ)] => {
                map.insert("type".to_string(), Value::String(typ.clone()));
                if !scalar {
                    self.moved(vec![(at.to_string(), at.join(i))]);
                }
            }
            _ if ["anyOf", "oneOf", "allOf"]
                .iter()
                .any(|k| map.contains_key(*k)) =>
            {
                map.remove("type");
                self.warn(
                    &at,
                    "a list of types beside a composition is typed by the composition".to_string(),
                    None,
                );
            }
            _ => {
                map.remove("type");
                let mut parts = Vec::new();
                let mut batch = Vec::new();
                for (n, (i, typ)) in types.iter().enumerate() {
                    let part_pointer = pointer.join("anyOf").join(n);
                    let mut part = Map::new();
                    part.insert("type".to_string(), Value::String(typ.clone()));
                    batch.push((part_pointer.join("type"), at.join(i)));
                    for (key, value) in map.iter() {
                        if belongs_to(key, typ) {
                            part.insert(key.clone(), value.clone());
                            batch.push((part_pointer.join(key), pointer.join(key)));
                        }
                    }
                    if let Some(Value::Array(values)) = map.get("enum") {
                        let own: Vec<Value> = values
                            .iter()
                            .filter(|v| {
                                type_of(v) == typ.as_str()
                                    || (typ == "number" && type_of(v) == "integer")
                            })
                            .cloned()
                            .collect();
                        if !own.is_empty() {
                            part.insert("enum".to_string(), Value::Array(own));
                        }
                    }
                    parts.push(Value::Object(part));
                }
                map.retain(|key, _| {
                    key != "enum" && !types.iter().any(|(_, typ)| belongs_to(key, typ))
                });
                map.insert("anyOf".to_string(), Value::Array(parts));
                self.moved(batch);
            }
        }
    }
}
