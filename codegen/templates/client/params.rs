//! Parameters written as text in their OpenAPI style (`form`, `simple`, `deepObject`, ...).

use crate::error::Error;
use serde::Serialize;

/// How a query parameter's arrays and objects are written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "generated query parameters use it; an API may have none"
)]
pub(crate) enum QueryStyle {
    /// `name=a&name=b` (exploded) or `name=a,b`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name=a%09b`: items separated by tabs (Swagger 2.0's `collectionFormat: tsv`).
    TabDelimited,
    /// `name[key]=value`.
    DeepObject,
}

/// A parameter value as text: a scalar, a list of scalars, or an object's key-value pairs.
pub(super) enum ParamText {
    Scalar(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// Writes a parameter value as text through its JSON form, so every type that serializes
/// (strings, numbers, enums, date-times, arrays, flat objects) can be a parameter.
pub(super) fn param_text<E>(
    name: &str,
    value: &(impl Serialize + ?Sized),
) -> Result<ParamText, Error<E>> {
    let value = serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("parameter `{name}` cannot be written: {e}")))?;
    Ok(match value {
        serde_json::Value::Array(items) => ParamText::List(
            items
                .into_iter()
                .map(|item| scalar_text(name, item))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(fields) => ParamText::Pairs(
            fields
                .into_iter()
                .map(|(key, value)| Ok((key, scalar_text(name, value)?)))
                .collect::<Result<_, _>>()?,
        ),
        other => ParamText::Scalar(scalar_text(name, other)?),
    })
}

fn scalar_text<E>(name: &str, value: serde_json::Value) -> Result<String, Error<E>> {
    match value {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Null => Ok(String::new()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(Error::InvalidRequest(format!(
            "parameter `{name}` nests arrays or objects, which a URL or header cannot carry"
        ))),
    }
}

/// The `simple` style of paths and headers: `a,b`, and `k,v` (or `k=v` exploded) for objects.
pub(super) fn simple(text: ParamText, explode: bool) -> String {
    match text {
        ParamText::Scalar(text) => text,
        ParamText::List(items) => items.join(","),
        ParamText::Pairs(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    if explode {
                        format!("{k}={v}")
                    } else {
                        format!("{k},{v}")
                    }
                })
                .collect();
            parts.join(",")
        }
    }
}

/// The name-value pairs a value is written as in a query string, a form body or (one part
/// each) a multipart body, in its `style`: a scalar is one pair; an array is a pair per item
/// (exploded, and always for `deepObject`) or one pair of the items joined; an object is a
/// pair per key (exploded `form`), a pair per `name[key]` (`deepObject`), or one pair of keys
/// and values joined.
pub(super) fn styled_pairs(
    name: &str,
    text: ParamText,
    style: QueryStyle,
    explode: bool,
) -> Vec<(String, String)> {
    let delimiter = match style {
        QueryStyle::Form | QueryStyle::DeepObject => ",",
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::TabDelimited => "\t",
    };
    match text {
        ParamText::Scalar(text) => vec![(name.to_string(), text)],
        ParamText::List(items) if explode || style == QueryStyle::DeepObject => items
            .into_iter()
            .map(|item| (name.to_string(), item))
            .collect(),
        ParamText::List(items) => vec![(name.to_string(), items.join(delimiter))],
        ParamText::Pairs(fields) if style == QueryStyle::DeepObject => fields
            .into_iter()
            .map(|(key, value)| (format!("{name}[{key}]"), value))
            .collect(),
        ParamText::Pairs(fields) if explode => fields,
        ParamText::Pairs(fields) => {
            let flat: Vec<&str> = fields
                .iter()
                .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                .collect();
            vec![(name.to_string(), flat.join(delimiter))]
        }
    }
}

/// A cookie value with every byte outside RFC 6265's `cookie-octet`, and `%`, percent-encoded.
pub(super) fn cookie_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            0x21 | 0x23 | 0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// How a path parameter is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "generated path parameters use it; an API may have none"
)]
pub(crate) enum PathStyle {
    /// `a,b`; objects as `key,value` (or `key=value` exploded).
    Simple,
    /// `.a,b` (or `.a.b` exploded); objects as `.key,value` (or `.key=value`).
    Label,
    /// `;name=a,b` (or `;name=a;name=b` exploded); objects as `;name=key,value` (or
    /// `;key=value`).
    Matrix,
}

/// A path parameter's value as the text of its segment, in its style: each name, value and
/// item percent-encoded (`/` included, so a value cannot change the route), the style's
/// `,`, `=`, `.` and `;` as they are.
#[allow(
    dead_code,
    reason = "generated path parameters use it; an API may have none"
)]
pub(crate) fn path_param<E>(
    name: &'static str,
    value: &(impl Serialize + ?Sized),
    style: PathStyle,
    explode: bool,
) -> Result<String, Error<E>> {
    let encoded = |text: &str| {
        let mut out = String::with_capacity(text.len());
        encode_path_segment(text, &mut out);
        out
    };
    let join = |items: &[String], by: &str| -> String {
        items
            .iter()
            .map(|item| encoded(item))
            .collect::<Vec<_>>()
            .join(by)
    };
    // Pairs as `key=value` (exploded) or `key,value`, joined by `by`.
    let pairs = |fields: &[(String, String)], by: &str| -> String {
        let glue = if explode { "=" } else { "," };
        let written: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("{}{glue}{}", encoded(key), encoded(value)))
            .collect();
        written.join(by)
    };
    let text = param_text(name, value)?;
    Ok(match style {
        PathStyle::Simple => match text {
            ParamText::Scalar(text) => encoded(&text),
            ParamText::List(items) => join(&items, ","),
            ParamText::Pairs(fields) => pairs(&fields, ","),
        },
        PathStyle::Label => {
            let by = if explode { "." } else { "," };
            match text {
                ParamText::Scalar(text) => format!(".{}", encoded(&text)),
                ParamText::List(items) => format!(".{}", join(&items, by)),
                ParamText::Pairs(fields) => format!(".{}", pairs(&fields, by)),
            }
        }
        PathStyle::Matrix => {
            let name = encoded(name);
            // `;name` for an empty value, `;name=value` else.
            let named = |value: String| match value.is_empty() {
                true => format!(";{name}"),
                false => format!(";{name}={value}"),
            };
            match text {
                ParamText::Scalar(text) => named(encoded(&text)),
                ParamText::List(items) if explode && !items.is_empty() => {
                    items.iter().map(|item| named(encoded(item))).collect()
                }
                ParamText::List(items) => named(join(&items, ",")),
                ParamText::Pairs(fields) if explode && !fields.is_empty() => {
                    format!(";{}", pairs(&fields, ";"))
                }
                ParamText::Pairs(fields) => named(pairs(&fields, ",")),
            }
        }
    })
}

/// Appends `value` to `out` as one path segment: everything but RFC 3986's unreserved
/// characters is percent-encoded, `/` included, so a value cannot change the route.
pub(super) fn encode_path_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_change_the_route() {
        let mut out = String::new();
        encode_path_segment("../x", &mut out);
        assert_eq!(out, "..%2Fx");
        let mut out = String::new();
        encode_path_segment("a b?c#d%é", &mut out);
        assert_eq!(out, "a%20b%3Fc%23d%25%C3%A9");
    }

    #[test]
    fn path_parameters_are_written_in_their_style() {
        let write = |value: serde_json::Value, style: PathStyle, explode: bool| {
            path_param::<()>("id", &value, style, explode).unwrap()
        };
        let scalar = serde_json::json!("a/b");
        let list = serde_json::json!(["x", "y,z"]);
        let object = serde_json::json!({"role": "admin", "first": "Al ex"});
        // The table of OpenAPI's `style` examples, values percent-encoded.
        let cases = [
            (scalar.clone(), PathStyle::Simple, false, "a%2Fb"),
            (list.clone(), PathStyle::Simple, false, "x,y%2Cz"),
            (
                object.clone(),
                PathStyle::Simple,
                false,
                "role,admin,first,Al%20ex",
            ),
            (
                object.clone(),
                PathStyle::Simple,
                true,
                "role=admin,first=Al%20ex",
            ),
            (scalar.clone(), PathStyle::Label, false, ".a%2Fb"),
            (list.clone(), PathStyle::Label, false, ".x,y%2Cz"),
            (list.clone(), PathStyle::Label, true, ".x.y%2Cz"),
            (
                object.clone(),
                PathStyle::Label,
                false,
                ".role,admin,first,Al%20ex",
            ),
            (
                object.clone(),
                PathStyle::Label,
                true,
                ".role=admin.first=Al%20ex",
            ),
            (scalar, PathStyle::Matrix, false, ";id=a%2Fb"),
            (serde_json::json!(""), PathStyle::Matrix, false, ";id"),
            (list.clone(), PathStyle::Matrix, false, ";id=x,y%2Cz"),
            (list, PathStyle::Matrix, true, ";id=x;id=y%2Cz"),
            (
                object.clone(),
                PathStyle::Matrix,
                false,
                ";id=role,admin,first,Al%20ex",
            ),
            (object, PathStyle::Matrix, true, ";role=admin;first=Al%20ex"),
        ];
        for (value, style, explode, expected) in cases {
            assert_eq!(
                write(value.clone(), style, explode),
                expected,
                "{value} {style:?} {explode}"
            );
        }
    }
}
