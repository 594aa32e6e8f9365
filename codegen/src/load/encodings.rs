//! The defaults of an Encoding Object's `style` and `explode` written out, on the untyped 3.0
//! document, before it is typed.
//!
//! A form field or a multipart part is written in a style only when its Encoding Object says
//! `style`, `explode` or `allowReserved`; then `style` is `form` unless given, and `explode` is
//! true for `form` unless given. The typed model cannot tell an `explode` left out from
//! `explode: false` (both are `false`), so `style: form` alone would read as not exploded:
//! here the two are written out wherever one of the three is, and lowering reads `style` as
//! "this field has a style" and `explode` as it is.

use serde_json::{Map, Value};

/// The fields of a 3.0 path item that hold an operation (operations of other methods are
/// in one of them by now, with their method in an extension).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Writes out `style` and `explode` in every Encoding Object of `document`'s request bodies
/// that says one of `style`, `explode` or `allowReserved`.
pub(super) fn explicit_styles(document: &mut Value) {
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for (_, item) in paths.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
            path_item(item);
        }
    }
    let Some(Value::Object(components)) = document.get_mut("components") else {
        return;
    };
    if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
        bodies.values_mut().for_each(request_body);
    }
    if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
        callbacks.values_mut().for_each(callback);
    }
}

fn path_item(item: &mut Value) {
    let Value::Object(item) = item else {
        return;
    };
    for method in METHODS {
        let Some(Value::Object(operation)) = item.get_mut(method) else {
            continue;
        };
        if let Some(body) = operation.get_mut("requestBody") {
            request_body(body);
        }
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            callbacks.values_mut().for_each(callback);
        }
    }
}

/// A callback: a path item per expression.
fn callback(callback: &mut Value) {
    if let Value::Object(expressions) = callback {
        for (_, item) in expressions
            .iter_mut()
            .filter(|(key, _)| !key.starts_with("x-"))
        {
            path_item(item);
        }
    }
}

fn request_body(body: &mut Value) {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return;
    };
    for media in content.values_mut() {
        let Some(Value::Object(encodings)) = media.get_mut("encoding") else {
            continue;
        };
        for encoding in encodings.values_mut() {
            if let Value::Object(encoding) = encoding {
                explicit(encoding);
            }
        }
    }
}

/// One Encoding Object. A value of the wrong type is left as it is, for the typing to report.
fn explicit(encoding: &mut Map<String, Value>) {
    if !["style", "explode", "allowReserved"]
        .iter()
        .any(|key| encoding.contains_key(*key))
    {
        return;
    }
    let style = encoding
        .entry("style")
        .or_insert_with(|| Value::from("form"));
    let exploded = style.as_str() == Some("form");
    encoding
        .entry("explode")
        .or_insert_with(|| Value::Bool(exploded));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The encodings of a document whose one operation's multipart body has `encoding`.
    fn explicit_of(encoding: Value) -> Value {
        let mut document = json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {
                "multipart/form-data": {"encoding": encoding}
            }}}}}
        });
        explicit_styles(&mut document);
        document["paths"]["/a"]["post"]["requestBody"]["content"]["multipart/form-data"]["encoding"]
            .clone()
    }

    #[test]
    fn a_style_alone_gets_its_default_explode() {
        assert_eq!(
            explicit_of(json!({
                "a": {"style": "form"},
                "b": {"style": "pipeDelimited"},
                "c": {"style": "form", "explode": false},
            })),
            json!({
                "a": {"style": "form", "explode": true},
                "b": {"style": "pipeDelimited", "explode": false},
                "c": {"style": "form", "explode": false},
            })
        );
    }

    #[test]
    fn an_explode_or_allow_reserved_alone_is_the_form_style() {
        assert_eq!(
            explicit_of(json!({
                "a": {"explode": false},
                "b": {"allowReserved": true},
            })),
            json!({
                "a": {"style": "form", "explode": false},
                "b": {"allowReserved": true, "style": "form", "explode": true},
            })
        );
    }

    #[test]
    fn an_encoding_that_says_no_style_is_left_to_its_content_type() {
        let encoding = json!({"a": {"contentType": "image/png"}, "b": {}});
        assert_eq!(explicit_of(encoding.clone()), encoding);
    }

    #[test]
    fn request_bodies_of_components_and_callbacks_are_read_too() {
        let body = json!({"content": {"application/x-www-form-urlencoded": {
            "encoding": {"a": {"style": "form"}}
        }}});
        let mut document = json!({
            "paths": {"/a": {"post": {"callbacks": {"c": {"{$url}": {"put": {"requestBody": body}}}}}}},
            "components": {
                "requestBodies": {"B": body},
                "callbacks": {"C": {"{$url}": {"patch": {"requestBody": body}}}},
            },
        });
        explicit_styles(&mut document);
        let exploded = json!({"style": "form", "explode": true});
        let at = "/content/application~1x-www-form-urlencoded/encoding/a";
        for body in [
            "/paths/~1a/post/callbacks/c/{$url}/put/requestBody",
            "/components/requestBodies/B",
            "/components/callbacks/C/{$url}/patch/requestBody",
        ] {
            assert_eq!(
                document.pointer(&format!("{body}{at}")),
                Some(&exploded),
                "{body}"
            );
        }
    }
}
