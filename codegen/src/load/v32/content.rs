//! 3.2's media types, examples and parameters: `itemSchema` read as the `schema` of one item
//! of a stream, `dataValue` as the example's `value`, and an `in: querystring` parameter as the
//! query parameters its form names.

use super::Upgrade;
use crate::pointer::{self, Pointer};
use serde_json::{Map, Value};

/// The media types whose body is a sequence of items, each of which `schema` describes.
const SEQUENTIAL: [&str; 5] = [
    "text/event-stream",
    "application/jsonl",
    "application/x-ndjson",
    "application/json-seq",
    "multipart/mixed",
];

/// The media type of a query string that names its values.
const FORM: &str = "application/x-www-form-urlencoded";

/// Whether `parameter` is an `in: querystring` one.
pub(super) fn is_querystring(parameter: &Value) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("querystring")
}

/// Whether any node of `value` is an `in: querystring` parameter.
pub(super) fn has_querystring(root: &Map<String, Value>) -> bool {
    fn any(value: &Value) -> bool {
        match value {
            Value::Object(map) => is_querystring(value) || map.values().any(any),
            Value::Array(items) => items.iter().any(any),
            _ => false,
        }
    }
    root.values().any(any)
}

/// A media type without its parameters, in lower case.
fn essence(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or(media_type);
    essence.trim().to_ascii_lowercase()
}

impl Upgrade {
    pub(super) fn content(&mut self, content: &mut Map<String, Value>, pointer: &Pointer) {
        for (media_type, entry) in content.iter_mut() {
            let at = pointer.join(media_type);
            self.inline_media_type(entry, &at);
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            self.item_schema(media_type, entry, &at);
            if let Some(Value::Object(examples)) = entry.get_mut("examples") {
                for (name, example) in examples.iter_mut() {
                    self.example(example, &at.join("examples").join(name));
                }
            }
            if let Some(Value::Object(encoding)) = entry.get_mut("encoding") {
                for (name, encoding) in encoding.iter_mut() {
                    if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                        let headers_at = at.join("encoding").join(name).join("headers");
                        for (header_name, header) in headers.iter_mut() {
                            self.parameter(header, &headers_at.join(header_name));
                        }
                    }
                }
            }
        }
    }

    /// Replaces a media type that refers to `components/mediaTypes` by a copy of it.
    fn inline_media_type(&mut self, entry: &mut Value, at: &Pointer) {
        let Some(reference) = entry.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let Some(name) = reference.strip_prefix("#/components/mediaTypes/") else {
            return;
        };
        let name = pointer::unescape(name);
        match self.media_types.get(&name) {
            Some(target) => {
                *entry = target.clone();
                let was = Pointer::root()
                    .join("components")
                    .join("mediaTypes")
                    .join(&name);
                self.moved(vec![(at.clone(), was)]);
            }
            None => self.warn(
                &at.join("$ref"),
                format!("unresolved `$ref`: `{reference}` is not in `components.mediaTypes`: the media type has no schema"),
                Some("check the spelling of the media type's name"),
            ),
        }
    }

    /// `itemSchema`: the `schema` of a sequential media type, which describes one item.
    fn item_schema(&mut self, media_type: &str, entry: &mut Map<String, Value>, at: &Pointer) {
        let Some(item_schema) = entry.remove("itemSchema") else {
            return;
        };
        let was = at.join("itemSchema");
        if !SEQUENTIAL.contains(&essence(media_type).as_str()) {
            self.warn(
                &was,
                format!("`itemSchema` describes the items of a stream, and `{media_type}` is not one: it is not used"),
                Some("describe the whole body with `schema`"),
            );
            return;
        }
        if entry.contains_key("schema") {
            self.warn(
                &was,
                "`schema` and `itemSchema` are both given: each item of the stream is read with `itemSchema`, and `schema` (the whole stream) is not used".to_string(),
                Some("leave out `schema`"),
            );
        }
        entry.insert("schema".to_string(), item_schema);
        self.moved(vec![(at.join("schema"), was)]);
    }

    /// An example: its `dataValue` is its `value`; a `serializedValue` alone is not checked.
    pub(super) fn example(&mut self, example: &mut Value, pointer: &Pointer) {
        let Some(example) = example.as_object_mut() else {
            return;
        };
        if let Some(data) = example.remove("dataValue") {
            if example.contains_key("value") {
                self.warn(
                    &pointer.join("dataValue"),
                    "`dataValue` and `value` are both given: `value` is checked".to_string(),
                    Some("leave out `value`, which 3.2 replaces with `dataValue`"),
                );
            } else {
                example.insert("value".to_string(), data);
                self.moved(vec![(pointer.join("value"), pointer.join("dataValue"))]);
            }
        }
        if example.remove("serializedValue").is_some()
            && !example.contains_key("value")
            && !example.contains_key("externalValue")
        {
            self.warn(
                &pointer.join("serializedValue"),
                "an example given only serialized (`serializedValue`) is not checked against its schema".to_string(),
                Some("give its `dataValue` too"),
            );
        }
    }

    /// A parameter or header: its examples and content.
    pub(super) fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) {
        let Some(parameter) = parameter.as_object_mut() else {
            return;
        };
        self.cookie_style(parameter, pointer);
        if let Some(Value::Object(examples)) = parameter.get_mut("examples") {
            for (name, example) in examples.iter_mut() {
                self.example(example, &pointer.join("examples").join(name));
            }
        }
        if let Some(Value::Object(content)) = parameter.get_mut("content") {
            self.content(content, &pointer.join("content"));
        }
    }

    /// `style: cookie`, 3.2's: a plain value is sent as the client sends every cookie (the
    /// bytes a cookie cannot hold percent-encoded), as `form` says; a list or an object is
    /// sent as `form` joins it, a warning.
    fn cookie_style(&mut self, parameter: &mut Map<String, Value>, pointer: &Pointer) {
        if parameter.get("style").and_then(Value::as_str) != Some("cookie") {
            return;
        }
        parameter.remove("style");
        let typ = parameter.get("schema").and_then(|s| s.get("type"));
        let plain = typ
            .and_then(Value::as_str)
            .is_some_and(|t| matches!(t, "string" | "integer" | "number" | "boolean"));
        if !plain {
            self.warn(
                &pointer.join("style"),
                "`style: cookie` of a value that may be a list or an object is sent as `form` joins it".to_string(),
                Some("send the cookie's parts as cookies of their own"),
            );
        }
    }

    /// A list of parameters, each `in: querystring` one (or `$ref` to one) replaced by the
    /// query parameters of its form.
    pub(super) fn parameters(&mut self, parameters: &mut Vec<Value>, pointer: &Pointer) {
        let expands = |p: &Value| is_querystring(p) || self.querystring_ref(p).is_some();
        if parameters.iter().any(expands) {
            let mut out = Vec::new();
            let mut batch = Vec::new();
            for (i, parameter) in std::mem::take(parameters).into_iter().enumerate() {
                let was = pointer.join(i);
                let (querystring, at) = match self.querystring_ref(&parameter) {
                    Some(name) => (
                        self.querystrings.get(&name).cloned(),
                        Pointer::root()
                            .join("components")
                            .join("parameters")
                            .join(&name),
                    ),
                    None if is_querystring(&parameter) => (Some(parameter.clone()), was.clone()),
                    None => (None, was.clone()),
                };
                let Some(querystring) = querystring else {
                    batch.push((pointer.join(out.len()), was));
                    out.push(parameter);
                    continue;
                };
                for (query, schema_was) in self.query_parameters(&querystring, &at) {
                    let now = pointer.join(out.len());
                    batch.push((now.join("schema"), schema_was));
                    batch.push((now, at.clone()));
                    out.push(query);
                }
            }
            *parameters = out;
            self.moved(batch);
        }
        for (i, parameter) in parameters.iter_mut().enumerate() {
            self.parameter(parameter, &pointer.join(i));
        }
    }

    /// The name of the `components/parameters` querystring parameter `parameter` refers to.
    fn querystring_ref(&self, parameter: &Value) -> Option<String> {
        let reference = parameter.get("$ref")?.as_str()?;
        let name = pointer::unescape(reference.strip_prefix("#/components/parameters/")?);
        self.querystrings.contains_key(&name).then_some(name)
    }

    /// The query parameters of the form `querystring` (at `at`) describes, each with the
    /// place of its schema; none, with a warning, when it is not a form of named values.
    fn query_parameters(&mut self, querystring: &Value, at: &Pointer) -> Vec<(Value, Pointer)> {
        let media = querystring
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.iter().next());
        let Some((media_type, media)) = media else {
            self.warn(
                at,
                "a `querystring` parameter without `content` is not sent".to_string(),
                Some("describe it with `content: {application/x-www-form-urlencoded: {schema: ...}}`"),
            );
            return Vec::new();
        };
        let media_at = at.join("content").join(media_type);
        if essence(media_type) != FORM {
            self.warn(
                &media_at,
                format!("the query string as one `{media_type}` value is not sent: only a form (`{FORM}`) is"),
                Some("describe the query string as a form of named values"),
            );
            return Vec::new();
        }
        let schema_at = media_at.join("schema");
        let (form, form_at) = self.resolved(media.get("schema"), schema_at.clone());
        let Some(Value::Object(properties)) = form.get("properties") else {
            self.warn(
                &schema_at,
                "the query string's schema names no `properties`: it is not sent".to_string(),
                Some("describe the form's values as the `properties` of an object"),
            );
            return Vec::new();
        };
        let required: Vec<&str> = match form.get("required") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let all_required = querystring.get("required") == Some(&Value::Bool(true));
        let encoding = media.get("encoding");
        properties
            .iter()
            .map(|(name, schema)| {
                let mut query = Map::new();
                query.insert("name".to_string(), Value::String(name.clone()));
                query.insert("in".to_string(), Value::String("query".to_string()));
                let required = all_required && required.contains(&name.as_str());
                query.insert("required".to_string(), Value::Bool(required));
                query.insert("schema".to_string(), schema.clone());
                if let Some(Value::Object(how)) = encoding.and_then(|e| e.get(name)) {
                    for key in ["style", "explode", "allowReserved"] {
                        if let Some(value) = how.get(key) {
                            query.insert(key.to_string(), value.clone());
                        }
                    }
                }
                let was = form_at.join("properties").join(name);
                (Value::Object(query), was)
            })
            .collect()
    }

    /// The schema `schema` (at `at`), or the component schema it refers to, with its place.
    fn resolved(&self, schema: Option<&Value>, at: Pointer) -> (Value, Pointer) {
        let reference = schema
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"));
        if let Some(name) = reference.map(pointer::unescape)
            && let Some(target) = self.schemas.as_ref().and_then(|s| s.get(&name))
        {
            let place = Pointer::root()
                .join("components")
                .join("schemas")
                .join(&name);
            return (target.clone(), place);
        }
        (schema.cloned().unwrap_or(Value::Null), at)
    }
}
