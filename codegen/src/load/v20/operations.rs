//! Swagger 2.0 paths and operations in 3.0 form: `body` and `formData` parameters become the
//! request body, `consumes` its media types.

use super::{At, Convert, JSON, MULTIPART, Split, Taken, URLENCODED, is_form, renamed};
use crate::pointer::{self, Pointer};
use serde_json::{Map, Value};

impl Convert {
    pub(super) fn paths(&mut self, value: Value, at: &At) -> Value {
        let Value::Object(paths) = value else {
            return value;
        };
        let mut new = Map::new();
        for (path, item) in paths {
            let item = match item {
                Value::Object(item) if !path.starts_with("x-") => {
                    Value::Object(self.path_item(item, &at.join(&path)))
                }
                other => other,
            };
            new.insert(path, item);
        }
        Value::Object(new)
    }

    pub(super) fn path_item(&mut self, item: Map<String, Value>, at: &At) -> Map<String, Value> {
        let mut shared = Split::default();
        if let Some(Value::Array(parameters)) = item.get("parameters") {
            shared = self.split(parameters.clone(), &at.join("parameters"));
        }
        let mut new = Map::new();
        for (key, value) in item {
            match (key.as_str(), value) {
                ("parameters", _) => {
                    if !shared.kept.is_empty() {
                        new.insert(key, Value::Array(std::mem::take(&mut shared.kept)));
                    }
                }
                (
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch",
                    Value::Object(operation),
                ) => {
                    let operation = self.operation(operation, &at.join(&key), &shared);
                    new.insert(key, Value::Object(operation));
                }
                (_, value) => {
                    new.insert(key, value);
                }
            }
        }
        new
    }

    /// Splits a parameter list into 3.0 parameters and the parts of the request body.
    pub(super) fn split(&mut self, parameters: Vec<Value>, at: &At) -> Split {
        let mut split = Split::default();
        for (i, parameter) in parameters.into_iter().enumerate() {
            let was = at.was.join(i);
            let (resolved, was) = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference.strip_prefix("#/parameters/") {
                    Some(name) => match self.parameters.get(&pointer::unescape(name)) {
                        Some(target)
                            if matches!(
                                target.get("in").and_then(Value::as_str),
                                Some("body" | "formData")
                            ) =>
                        {
                            let was = Pointer::root()
                                .join("parameters")
                                .join(pointer::unescape(name));
                            (target.clone(), was)
                        }
                        _ => (parameter, was),
                    },
                    None => (parameter, was),
                },
                None => (parameter, was),
            };
            let location = resolved
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            match (location.as_str(), resolved) {
                ("body", Value::Object(parameter)) => {
                    if let Some(first) = &split.body {
                        self.warn(
                            &was,
                            "a second `in: body` parameter: an operation has one body, the first is sent".to_string(),
                            Some(&format!("the first is at {}", first.was)),
                        );
                    } else {
                        split.body = Some(Taken { parameter, was });
                    }
                }
                ("formData", Value::Object(parameter)) => {
                    split.form.push(Taken { parameter, was });
                }
                (_, resolved) => {
                    let now = at.now.join(split.kept.len());
                    let converted = match resolved {
                        Value::Object(mut reference) if reference.contains_key("$ref") => {
                            renamed(&mut reference);
                            Value::Object(reference)
                        }
                        other => self.parameter(
                            other,
                            &At {
                                now: now.clone(),
                                was: was.clone(),
                            },
                        ),
                    };
                    self.moved(&now, &was);
                    split.kept.push(converted);
                }
            }
        }
        split
    }

    pub(super) fn operation(
        &mut self,
        operation: Map<String, Value>,
        at: &At,
        shared: &Split,
    ) -> Map<String, Value> {
        let consumes = match operation.get("consumes") {
            Some(value) => self.media_list(Some(value), &at.was.join("consumes")),
            None => self.consumes.clone(),
        };
        let produces = match operation.get("produces") {
            Some(value) => self.media_list(Some(value), &at.was.join("produces")),
            None => self.produces.clone(),
        };
        let mut own = Split::default();
        if let Some(Value::Array(parameters)) = operation.get("parameters") {
            own = self.split(parameters.clone(), &at.join("parameters"));
        }
        let body = own.body.or_else(|| shared.body.clone());
        // The operation's form fields override the path's of the same name.
        let mut form: Vec<Taken> = shared
            .form
            .iter()
            .filter(|shared| {
                let name = shared.parameter.get("name");
                !own.form.iter().any(|own| own.parameter.get("name") == name)
            })
            .cloned()
            .collect();
        form.extend(own.form);
        let request_body = at.now.join("requestBody");
        let request_body = match (body, form.is_empty()) {
            (Some(body), form_is_empty) => {
                if !form_is_empty {
                    self.warn(
                        &form[0].was,
                        "`in: formData` beside `in: body`: an operation has one body, the `in: body` one is sent".to_string(),
                        None,
                    );
                }
                Some(self.body(body, &request_body, &consumes))
            }
            (None, false) => Some(self.form(form, &request_body, &consumes)),
            (None, true) => None,
        };
        let mut new = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "consumes" | "produces" => {}
                "parameters" => {
                    if !own.kept.is_empty() {
                        new.insert(key, Value::Array(std::mem::take(&mut own.kept)));
                    }
                }
                "responses" => {
                    let responses = self.responses(value, &at.join("responses"), &produces);
                    new.insert(key, responses);
                }
                "schemes" => self.warn(
                    &at.was.join("schemes"),
                    "an operation's own `schemes` are not used: it is sent to the document's servers".to_string(),
                    None,
                ),
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if let Some(request_body) = request_body {
            new.insert("requestBody".to_string(), request_body);
        }
        new
    }

    /// The request body of an `in: body` parameter: its schema under each media type the
    /// operation consumes (JSON when it says none).
    pub(super) fn body(&mut self, body: Taken, now: &Pointer, consumes: &[String]) -> Value {
        let Taken { parameter, was } = body;
        self.moved(now, &was);
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| !is_form(m))
            .collect();
        if media.is_empty() {
            media.push(JSON);
        }
        let mut content = Map::new();
        for media_type in media {
            let at = At {
                now: now.join("content").join(media_type),
                was: was.clone(),
            };
            self.moved(&at.now, &at.was);
            let mut entry = Map::new();
            if let Some(schema) = parameter.get("schema") {
                let mut schema = schema.clone();
                self.schema(&mut schema, &at.join("schema"));
                self.moved(&at.now.join("schema"), &at.was.join("schema"));
                entry.insert("schema".to_string(), schema);
            }
            content.insert(media_type.to_string(), Value::Object(entry));
        }
        let mut new = Map::new();
        if let Some(description) = parameter.get("description") {
            new.insert("description".to_string(), description.clone());
        }
        new.insert("content".to_string(), Value::Object(content));
        if parameter.get("required") == Some(&Value::Bool(true)) {
            new.insert("required".to_string(), Value::Bool(true));
        }
        Value::Object(new)
    }

    /// The request body of `in: formData` parameters: an object with a property per field,
    /// sent as `multipart/form-data` when a field is a file (or the operation consumes only
    /// that), URL-encoded otherwise.
    pub(super) fn form(&mut self, fields: Vec<Taken>, now: &Pointer, consumes: &[String]) -> Value {
        self.moved(now, &fields[0].was);
        let has_file = fields
            .iter()
            .any(|f| f.parameter.get("type").and_then(Value::as_str) == Some("file"));
        let consumes_multipart = consumes.iter().any(|m| m == MULTIPART);
        let consumes_urlencoded = consumes.iter().any(|m| m == URLENCODED);
        let media_type = if has_file || (consumes_multipart && !consumes_urlencoded) {
            MULTIPART
        } else {
            URLENCODED
        };
        let schema_at = now.join("content").join(media_type).join("schema");
        self.moved(&schema_at, &fields[0].was);
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for Taken { parameter, was } in fields {
            let name = match parameter.get("name").and_then(Value::as_str) {
                Some(name) => name.to_string(),
                None => continue,
            };
            let at = At {
                now: schema_at.join("properties").join(&name),
                was: was.clone(),
            };
            self.moved(&at.now, &at.was);
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(name.clone()));
            }
            // An array's `collectionFormat` (`csv` unless given) is its field's style.
            let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
            let format = parameter.get("collectionFormat").and_then(Value::as_str);
            let style = match format.unwrap_or("csv") {
                "multi" => Some(("form", true)),
                "csv" => Some(("form", false)),
                "ssv" => Some(("spaceDelimited", false)),
                "pipes" => Some(("pipeDelimited", false)),
                other => {
                    self.warn(
                        &was.join("collectionFormat"),
                        format!("a form field's `collectionFormat: {other}` is not kept: its items are sent as repeated fields"),
                        None,
                    );
                    None
                }
            };
            if let (true, Some((style, explode))) = (is_array, style) {
                encoding.insert(
                    name.clone(),
                    serde_json::json!({"style": style, "explode": explode}),
                );
            }
            let mut schema = self.schema_of(&parameter, &at);
            if let (Some(description), Value::Object(schema)) =
                (parameter.get("description"), &mut schema)
            {
                schema.insert("description".to_string(), description.clone());
            }
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".to_string(), Value::from("object"));
        schema.insert("properties".to_string(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".to_string(), Value::Array(required));
        }
        let mut entry = Map::new();
        entry.insert("schema".to_string(), Value::Object(schema));
        if !encoding.is_empty() {
            entry.insert("encoding".to_string(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media_type.to_string(), Value::Object(entry));
        let mut new = Map::new();
        new.insert("content".to_string(), Value::Object(content));
        if any_required {
            new.insert("required".to_string(), Value::Bool(true));
        }
        Value::Object(new)
    }
}
