//! Swagger 2.0 responses in 3.0 form: a `schema` becomes the content of each produced media
//! type, `examples` the example of each, headers' type keywords their `schema`.

use super::{At, Convert, JSON, is_json, renamed};
use serde_json::{Map, Value};

impl Convert {
    pub(super) fn responses(&mut self, value: Value, at: &At, produces: &[String]) -> Value {
        let Value::Object(responses) = value else {
            return value;
        };
        let mut new = Map::new();
        for (status, response) in responses {
            let response = if status.starts_with("x-") {
                response
            } else {
                self.response(response, &at.join(&status), produces)
            };
            new.insert(status, response);
        }
        Value::Object(new)
    }

    /// A 3.0 response from a 2.0 one: its `schema` is the content of each media type the
    /// operation produces (JSON when it says none), its `examples` are by media type.
    pub(super) fn response(&mut self, response: Value, at: &At, produces: &[String]) -> Value {
        let Value::Object(response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            let mut response = response;
            renamed(&mut response);
            return Value::Object(response);
        }
        let mut media: Vec<&str> = produces.iter().map(String::as_str).collect();
        if media.is_empty() {
            media.push(JSON);
        }
        let mut content = Map::new();
        if let Some(schema) = response.get("schema") {
            for media_type in &media {
                let entry_at = At {
                    now: at.now.join("content").join(media_type),
                    was: at.was.clone(),
                };
                let schema_at = entry_at.to("schema", "schema");
                self.moved(&entry_at.now, &entry_at.was);
                self.moved(&schema_at.now, &schema_at.was);
                let mut schema = schema.clone();
                self.schema(&mut schema, &schema_at);
                let mut entry = Map::new();
                entry.insert("schema".to_string(), schema);
                content.insert(media_type.to_string(), Value::Object(entry));
            }
        }
        if let Some(Value::Object(examples)) = response.get("examples") {
            for (media_type, example) in examples {
                let was = at.was.join("examples").join(media_type);
                // An example of a JSON type the operation does not list is the JSON one's.
                let target = if content.contains_key(media_type) {
                    Some(media_type.clone())
                } else if is_json(media_type) {
                    content.keys().find(|m| is_json(m)).cloned()
                } else {
                    None
                };
                match target.and_then(|t| Some((content.get_mut(&t)?.as_object_mut()?, t))) {
                    Some((entry, target)) => {
                        entry.insert("example".to_string(), example.clone());
                        self.moved(
                            &at.now.join("content").join(&target).join("example"),
                            &was,
                        );
                    }
                    None => self.warn(
                        &was,
                        format!("an example of `{media_type}`, which the response does not have, is not used"),
                        Some("key the example by a media type of `produces`"),
                    ),
                }
            }
        }
        let mut new = Map::new();
        for (key, value) in response {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = self.headers(value, &at.join("headers"));
                    new.insert(key, headers);
                }
                _ => {
                    new.insert(key, value);
                }
            }
        }
        if !content.is_empty() {
            new.insert("content".to_string(), Value::Object(content));
        }
        Value::Object(new)
    }

    pub(super) fn headers(&mut self, value: Value, at: &At) -> Value {
        let Value::Object(headers) = value else {
            return value;
        };
        let mut new = Map::new();
        for (name, header) in headers {
            let header_at = at.join(&name);
            let header = match header {
                Value::Object(header) => {
                    let schema_at = At {
                        now: header_at.now.join("schema"),
                        was: header_at.was.clone(),
                    };
                    self.moved(&schema_at.now, &schema_at.was);
                    let schema = self.schema_of(&header, &schema_at);
                    let mut converted = Map::new();
                    for (key, value) in &header {
                        if key == "description" || key.starts_with("x-") && key != "x-nullable" {
                            converted.insert(key.clone(), value.clone());
                        }
                    }
                    converted.insert("schema".to_string(), schema);
                    Value::Object(converted)
                }
                other => other,
            };
            new.insert(name, header);
        }
        Value::Object(new)
    }
}
