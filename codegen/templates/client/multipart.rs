//! `multipart/form-data` bodies: text fields and files.

use super::params::{param_text, styled_pairs, ParamText, QueryStyle};
use super::retry::random;
use crate::error::Error;
use serde::Serialize;
use std::fmt;

/// A `multipart/form-data` request body: text fields and files, in order.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    /// The `Content-Type` of a part that is not a file, when it has one.
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file: its field name, file name, media type and contents.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: Some((file_name.into(), content_type.into())),
            content_type: None,
            data: data.into(),
        });
        self
    }

    /// Adds a value as text (a part per item of an array), with its `Content-Type` when the
    /// spec's `encoding` names one.
    #[allow(
        dead_code,
        reason = "generated multipart bodies use it; an API may have none"
    )]
    pub(crate) fn push_text<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        let items = match param_text(name, value)? {
            ParamText::Scalar(text) => vec![text],
            ParamText::List(items) => items,
            ParamText::Pairs(_) => return self.push_json(name, value, content_type),
        };
        for text in items {
            self.parts.push(Part {
                name: name.to_string(),
                file: None,
                content_type: content_type.map(str::to_string),
                data: text.into_bytes(),
            });
        }
        Ok(())
    }

    /// Adds a value written in its `style` (its Encoding Object's), a part per name-value
    /// pair the style gives, as text: no percent-encoding, no `Content-Type`.
    #[allow(
        dead_code,
        reason = "generated multipart bodies use it; an API may have none"
    )]
    pub(crate) fn push_styled<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error<E>> {
        for (name, text) in styled_pairs(name, param_text(name, value)?, style, explode) {
            self.parts.push(Part {
                name,
                file: None,
                content_type: None,
                data: text.into_bytes(),
            });
        }
        Ok(())
    }

    /// Adds a value encoded as JSON (`application/json` unless the spec's `encoding` says
    /// otherwise).
    #[allow(
        dead_code,
        reason = "generated multipart bodies use it; an API may have none"
    )]
    pub(crate) fn push_json<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        let data = serde_json::to_vec(value).map_err(|e| {
            Error::InvalidRequest(format!("part `{name}` cannot be encoded as JSON: {e}"))
        })?;
        self.parts.push(Part {
            name: name.to_string(),
            file: None,
            content_type: Some(content_type.unwrap_or("application/json").to_string()),
            data,
        });
        Ok(())
    }

    /// Adds a file; its own media type wins over the spec's `encoding`, and
    /// `application/octet-stream` is used when neither says one.
    #[allow(
        dead_code,
        reason = "generated multipart bodies use it; an API may have none"
    )]
    pub(crate) fn push_file(&mut self, name: &str, file: &FilePart, content_type: Option<&str>) {
        let content_type = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        self.parts.push(Part {
            name: name.to_string(),
            file: Some((file.file_name.clone(), content_type.to_string())),
            content_type: None,
            data: file.data.to_vec(),
        });
    }

    /// The body and the boundary that separates its parts.
    pub(super) fn encode(&self) -> (Vec<u8>, String) {
        let boundary = format!("----boundary{:016x}", random());
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote_field(&part.name);
            match &part.file {
                None => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
                    );
                    if let Some(content_type) = &part.content_type {
                        let content_type: String =
                            content_type.chars().filter(|c| !c.is_control()).collect();
                        out.extend_from_slice(
                            format!("Content-Type: {content_type}\r\n").as_bytes(),
                        );
                    }
                    out.extend_from_slice(b"\r\n");
                }
                Some((file_name, content_type)) => {
                    let file_name = quote_field(file_name);
                    let content_type: String =
                        content_type.chars().filter(|c| !c.is_control()).collect();
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                }
            }
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (out, boundary)
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("Multipart").field("parts", &names).finish()
    }
}

/// A file in a typed `multipart/form-data` body: its name, its media type, and its bytes.
#[derive(Clone)]
pub struct FilePart {
    file_name: String,
    content_type: Option<String>,
    data: bytes::Bytes,
}

impl FilePart {
    /// A file of this name and contents; its media type is the one the spec gives the part,
    /// or `application/octet-stream`, unless set with [`FilePart::content_type`].
    pub fn new(file_name: impl Into<String>, data: impl Into<bytes::Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Reads a file from disk; the part's file name is the file's own name.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FilePart::new(file_name, std::fs::read(path)?))
    }

    /// Sets the file's media type (`image/png`, ...).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// A field or file name as a quoted-string may carry it (as browsers write them).
fn quote_field(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_are_encoded_part_by_part() {
        let body = Multipart::new().text("title", "A \"quoted\" name").file(
            "file",
            "a.txt",
            "text/plain",
            b"hello".to_vec(),
        );
        let (bytes, boundary) = body.encode();
        let text = String::from_utf8(bytes).unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA \"quoted\" name\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(text, expected);
        assert!(boundary
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }

    #[test]
    fn a_styled_value_is_a_text_part_per_pair_of_its_style() {
        let parts = |value: serde_json::Value, style: QueryStyle, explode: bool| {
            let mut form = Multipart::new();
            form.push_styled::<()>("v", &value, style, explode).unwrap();
            form.parts
                .into_iter()
                .map(|part| {
                    assert_eq!((part.file, part.content_type), (None, None));
                    (part.name, String::from_utf8(part.data).unwrap())
                })
                .collect::<Vec<_>>()
        };
        let pair = |name: &str, value: &str| (name.to_string(), value.to_string());
        let object = serde_json::json!({"foo": "a&b", "bar": "{c}"});
        // No percent-encoding: the text is the part's body.
        assert_eq!(
            parts(object.clone(), QueryStyle::Form, true),
            [pair("foo", "a&b"), pair("bar", "{c}")]
        );
        assert_eq!(
            parts(object.clone(), QueryStyle::Form, false),
            [pair("v", "foo,a&b,bar,{c}")]
        );
        assert_eq!(
            parts(object, QueryStyle::DeepObject, true),
            [pair("v[foo]", "a&b"), pair("v[bar]", "{c}")]
        );
        let array = serde_json::json!(["x", "y"]);
        assert_eq!(
            parts(array.clone(), QueryStyle::Form, true),
            [pair("v", "x"), pair("v", "y")]
        );
        assert_eq!(
            parts(array.clone(), QueryStyle::PipeDelimited, false),
            [pair("v", "x|y")]
        );
        assert_eq!(
            parts(array, QueryStyle::SpaceDelimited, false),
            [pair("v", "x y")]
        );
        assert_eq!(
            parts(serde_json::json!(3), QueryStyle::Form, false),
            [pair("v", "3")]
        );
    }
}
