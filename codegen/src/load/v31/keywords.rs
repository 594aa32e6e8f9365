//! 3.1 schema keywords spelled the 3.0 way one by one: `const`, `examples`, numeric bounds,
//! content keywords, `prefixItems` and `patternProperties`.

use super::schemas::type_of;
use super::{MORE_EXAMPLES, Upgrade};
use crate::pointer::Pointer;
use serde_json::{Map, Value};

impl Upgrade {
    /// `const`: a single-value `enum`, with the type of its value when the schema has none.
    pub(super) fn constant(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(value) = map.remove("const") else {
            return;
        };
        if value.is_null() {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
        if !map.contains_key("type") && !value.is_null() {
            let typ = type_of(&value);
            map.insert("type".to_string(), Value::String(typ.to_string()));
            self.moved(vec![(pointer.join("type"), pointer.join("const"))]);
        }
        map.insert("enum".to_string(), Value::Array(vec![value]));
        let was = pointer.join("const");
        self.moved(vec![
            (pointer.join("enum").join(0), was.clone()),
            (pointer.join("enum"), was),
        ]);
    }

    /// An `examples` list: its first value is the `example` (when there is none), the others
    /// are kept to be checked too.
    pub(super) fn examples(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        if !matches!(map.get("examples"), Some(Value::Array(_))) {
            return;
        }
        let Some(Value::Array(values)) = map.remove("examples") else {
            return;
        };
        let mut values = values.into_iter().enumerate();
        if !map.contains_key("example")
            && let Some((_, first)) = values.next()
        {
            map.insert("example".to_string(), first);
            self.moved(vec![(
                pointer.join("example"),
                pointer.join("examples").join(0),
            )]);
        }
        let more: Map<String, Value> = values.map(|(i, v)| (i.to_string(), v)).collect();
        if !more.is_empty() {
            map.insert(MORE_EXAMPLES.to_string(), Value::Object(more));
        }
    }

    /// Numeric `exclusiveMinimum`/`exclusiveMaximum`: 3.0's bound with its boolean flag.
    pub(super) fn exclusive_bounds(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(limit)) = map.get(exclusive) else {
                continue;
            };
            let limit = limit.clone();
            let inclusive_is_stricter = map
                .get(bound)
                .and_then(Value::as_f64)
                .is_some_and(|b| b.partial_cmp(&limit.as_f64().unwrap_or(b)) == Some(stricter));
            if inclusive_is_stricter {
                map.remove(exclusive);
                continue;
            }
            map.insert(bound.to_string(), Value::Number(limit));
            map.insert(exclusive.to_string(), Value::Bool(true));
            self.moved(vec![(pointer.join(bound), pointer.join(exclusive))]);
        }
    }

    /// `contentEncoding` and `contentMediaType`: base64 is 3.0's `format: byte`, other
    /// content is `format: binary` (bytes).
    pub(super) fn content_keywords(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let encoding = map.remove("contentEncoding");
        let media_type = map.remove("contentMediaType");
        if map.contains_key("format") {
            return;
        }
        let (format, from) = match (&encoding, &media_type) {
            (Some(Value::String(e)), _) if e == "base64" || e == "base64url" => {
                ("byte", "contentEncoding")
            }
            (Some(Value::String(e)), _) => {
                self.warn(
                    &pointer.join("contentEncoding"),
                    format!(
                        "content encoding `{e}` is not decoded: the value is the string as sent"
                    ),
                    None,
                );
                return;
            }
            (None, Some(Value::String(m)))
                if !(m.starts_with("text/") || m.ends_with("json") || m.ends_with("+xml")) =>
            {
                ("binary", "contentMediaType")
            }
            _ => return,
        };
        map.insert("format".to_string(), Value::String(format.to_string()));
        self.moved(vec![(pointer.join("format"), pointer.join(from))]);
    }

    /// `prefixItems`: a tuple. Items all of one schema are a list of it; otherwise a list of
    /// any JSON, with a warning.
    pub(super) fn prefix_items(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
            return;
        };
        let rest = map.get("items");
        let rest_agrees = match rest {
            None | Some(Value::Bool(false)) => true,
            Some(rest) => prefix.first() == Some(rest),
        };
        let same = prefix.windows(2).all(|pair| pair[0] == pair[1]);
        match prefix.into_iter().next() {
            Some(first) if same && rest_agrees => {
                map.insert("items".to_string(), first);
                self.moved(vec![(
                    pointer.join("items"),
                    pointer.join("prefixItems").join(0),
                )]);
            }
            _ => {
                self.warn(
                    &pointer.join("prefixItems"),
                    "a tuple (`prefixItems`) is typed as a list of any JSON".to_string(),
                    Some("describe the items with one `items` schema to get a typed list"),
                );
                map.insert("items".to_string(), Value::Object(Map::new()));
            }
        }
        if !map.contains_key("type") {
            map.insert("type".to_string(), Value::String("array".to_string()));
        }
    }

    /// `patternProperties`: on an object with no other fields, a map of the pattern's schema
    /// (the keys are not checked); beside fields, the matching fields are kept as JSON.
    pub(super) fn pattern_properties(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let Some(Value::Object(patterns)) = map.remove("patternProperties") else {
            return;
        };
        let at = pointer.join("patternProperties");
        let no_fields = map
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty);
        let free = !map.contains_key("additionalProperties");
        let schemas: Vec<&Value> = patterns.values().collect();
        let one_schema = schemas.windows(2).all(|pair| pair[0] == pair[1]);
        if no_fields
            && free
            && one_schema
            && let Some((pattern, schema)) = patterns.iter().next()
        {
            map.insert("additionalProperties".to_string(), schema.clone());
            self.moved(vec![(
                pointer.join("additionalProperties"),
                at.join(pattern),
            )]);
            self.warn(
                &at,
                "`patternProperties` is read as `additionalProperties`: the keys are not checked against the pattern".to_string(),
                None,
            );
            return;
        }
        if free {
            map.insert("additionalProperties".to_string(), Value::Bool(true));
        }
        self.warn(
            &at,
            "`patternProperties` is not expressed by the generated types: the fields it describes are kept as JSON".to_string(),
            None,
        );
    }
}

/// The bounds of an integer schema written as whole floats (`maximum: 1000.0`, as Pydantic
/// writes them) as integers, which is what 3.0's integer schema holds.
pub(super) fn integral_bounds(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(Value::Number(n)) = map.get(key)
            && n.is_f64()
            && let Some(f) = n.as_f64()
            && f.fract() == 0.0
            && f.abs() < 9.0e15
        {
            map.insert(key.to_string(), Value::from(f as i64));
        }
    }
}
