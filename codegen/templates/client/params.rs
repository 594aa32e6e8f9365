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

/// A path parameter's value as text (`simple` style), before percent-encoding.
#[allow(
    dead_code,
    reason = "generated path parameters use it; an API may have none"
)]
pub(crate) fn path_param<E>(
    name: &'static str,
    value: &(impl Serialize + ?Sized),
    explode: bool,
) -> Result<String, Error<E>> {
    Ok(simple(param_text(name, value)?, explode))
}
