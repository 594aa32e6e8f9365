//! A request being prepared: its operation, path, headers, cookies and body.

use super::multipart::Multipart;
use super::params::{cookie_text, param_text, simple, styled_pairs, ParamText, QueryStyle};
use super::upload::{Upload, UploadKind};
use crate::error::Error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use std::fmt;

/// Adds `name=value` to the one `Cookie` header a request may have (RFC 6265); the header is
/// sensitive once a sensitive cookie is in it. `None` when the text cannot be a header.
pub(super) fn add_cookie(headers: &mut HeaderMap, pair: &str, secret: bool) -> Option<()> {
    let cookie = reqwest::header::COOKIE;
    let (text, was_secret) = match headers.get(&cookie) {
        Some(existing) => (
            format!("{}; {pair}", existing.to_str().ok()?),
            existing.is_sensitive(),
        ),
        None => (pair.to_string(), false),
    };
    let mut value = HeaderValue::from_str(&text).ok()?;
    value.set_sensitive(secret || was_secret);
    headers.insert(cookie, value);
    Some(())
}

/// A header value marked sensitive, so `reqwest` and `http` never print it.
pub(super) fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// An operation as requests and logs name it.
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "generated operations use it; an API may have none"
)]
pub(crate) struct Operation {
    /// The client's method for it (the `operationId` in snake case).
    pub name: &'static str,
    /// The HTTP method, as it is sent (`GET`, `QUERY`, or another the API defines).
    pub method: &'static str,
    /// The path template, as the spec writes it (`/contacts/{id}`): no values, so no
    /// personal data or credentials in logs.
    pub path: &'static str,
    /// Whether a redirect is followed: not when the operation documents a `3XX` answer,
    /// which is then the answer (its `Location` is in the error's headers).
    pub follow_redirects: bool,
}

/// What an app adds to one request besides its parameters: headers (a request id, ...).
#[derive(Default)]
#[allow(
    dead_code,
    reason = "generated operations use it; an API may have none"
)]
pub(crate) struct Extras {
    pub(super) headers: Vec<(String, String)>,
}

#[allow(
    dead_code,
    reason = "generated operations use it; an API may have none"
)]
impl Extras {
    /// Adds a header; its value is never shown.
    pub fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }
}

impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Extras").field("headers", &names).finish()
    }
}

/// A header name and value set by the app, checked: a name or value a header cannot carry
/// (CR, LF, ...) is an error, never sent. Values are marked sensitive, so `http` and
/// `reqwest` never print them.
pub(super) fn header_pair<E>(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), Error<E>> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
    let value = sensitive(value).ok_or_else(|| {
        Error::InvalidRequest(format!(
            "header `{name}` has a value with characters a header cannot carry (such as CR or LF)"
        ))
    })?;
    Ok((header_name, value))
}

/// A request being prepared by an operation method.
pub(crate) struct Request {
    pub(super) operation: &'static Operation,
    pub(super) method: Method,
    pub(super) url: Url,
    pub(super) headers: HeaderMap,
    pub(super) body: Option<RequestBody>,
}

/// The body of a request.
pub(super) enum RequestBody {
    /// Bytes in memory, sent again by a retry.
    Bytes(bytes::Bytes),
    /// A stream (a file, ...), sent as it is read, once: a request with one is not retried.
    Once(std::sync::Mutex<Option<reqwest::Body>>),
}

#[allow(
    dead_code,
    reason = "each API's operations call only the methods they need"
)]
impl Request {
    /// Adds a query parameter, written as its `style` says.
    pub fn query<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let text = param_text(name, value)?;
        let mut pairs = self.url.query_pairs_mut();
        for (name, value) in styled_pairs(name, text, style, explode) {
            pairs.append_pair(&name, &value);
        }
        Ok(())
    }

    /// Asks for `media_type` in `Accept`, unless a header set on the request asks already.
    pub fn accept(&mut self, media_type: &'static str) {
        self.headers
            .entry(reqwest::header::ACCEPT)
            .or_insert(HeaderValue::from_static(media_type));
    }

    /// Adds a header (`simple` style); a value with characters a header cannot carry (CR, LF,
    /// ...) is an error, never sent.
    pub fn header<E>(
        &mut self,
        name: &'static str,
        value: &(impl Serialize + ?Sized),
        explode: bool,
    ) -> Result<(), Error<E>> {
        let text = simple(param_text(name, value)?, explode);
        let value = HeaderValue::from_str(&text).map_err(|_| {
            Error::InvalidRequest(format!(
                "header `{name}` has a value with characters a header cannot carry (such as CR or LF)"
            ))
        })?;
        let name = HeaderName::from_static(name);
        // A spec's own `Accept` replaces the client's default one.
        if name == reqwest::header::ACCEPT {
            self.headers.insert(name, value);
        } else {
            self.headers.append(name, value);
        }
        Ok(())
    }

    /// Adds a cookie parameter (`form` style) to the request's one `Cookie` header. What a
    /// cookie value cannot carry (space, `;`, `,`, `"`, `\\`, `%`, control and non-ASCII
    /// characters) is percent-encoded, except the `,` that joins a list.
    pub fn cookie<E>(
        &mut self,
        name: &'static str,
        value: &(impl Serialize + ?Sized),
        explode: bool,
    ) -> Result<(), Error<E>> {
        let joined = |texts: Vec<String>| texts.join(",");
        let pairs: Vec<(String, String)> = match param_text(name, value)? {
            ParamText::Scalar(text) => vec![(name.to_string(), cookie_text(&text))],
            ParamText::List(items) if explode => items
                .iter()
                .map(|item| (name.to_string(), cookie_text(item)))
                .collect(),
            ParamText::List(items) => vec![(
                name.to_string(),
                joined(items.iter().map(|item| cookie_text(item)).collect()),
            )],
            ParamText::Pairs(fields) if explode => fields
                .iter()
                .map(|(key, value)| (cookie_text(key), cookie_text(value)))
                .collect(),
            ParamText::Pairs(fields) => vec![(
                name.to_string(),
                joined(
                    fields
                        .iter()
                        .flat_map(|(key, value)| [cookie_text(key), cookie_text(value)])
                        .collect(),
                ),
            )],
        };
        for (key, value) in pairs {
            add_cookie(&mut self.headers, &format!("{key}={value}"), false).ok_or_else(|| {
                Error::InvalidRequest(format!("cookie `{name}` cannot be sent in a header"))
            })?;
        }
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<E>(&mut self, body: &(impl Serialize + ?Sized)) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!("cannot encode the request body as JSON: {e}"))
        })?;
        self.set_body(HeaderValue::from_static("application/json"), bytes);
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from the fields of `body`, each in
    /// the style `styles` gives it by name, else `form` exploded (an array repeats its
    /// field, an object gives a field per key).
    pub fn form<E>(
        &mut self,
        body: &(impl Serialize + ?Sized),
        styles: &[(&str, QueryStyle, bool)],
    ) -> Result<(), Error<E>> {
        let fields = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => {
                return Err(Error::InvalidRequest(
                    "a form body must be an object".to_string(),
                ))
            }
        };
        // `Url` holds the standard form encoder; a scratch URL lends it.
        let mut scratch = Url::parse("http://form/").expect("a valid URL");
        {
            let mut pairs = scratch.query_pairs_mut();
            for (name, value) in fields {
                let (style, explode) = styles
                    .iter()
                    .find(|(field, _, _)| *field == name)
                    .map_or((QueryStyle::Form, true), |&(_, style, explode)| {
                        (style, explode)
                    });
                let text = param_text(&name, &value)?;
                for (name, value) in styled_pairs(&name, text, style, explode) {
                    pairs.append_pair(&name, &value);
                }
            }
        }
        let encoded = scratch.query().unwrap_or("").as_bytes().to_vec();
        self.set_body(
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            encoded,
        );
        Ok(())
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, body: &Multipart) {
        let (bytes, boundary) = body.encode();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let content_type =
            HeaderValue::from_str(&content_type).expect("the boundary is ASCII letters and digits");
        self.set_body(content_type, bytes);
    }

    /// Sets a body of the given media type as it is.
    pub fn raw(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.set_body(HeaderValue::from_static(content_type), body);
    }

    /// Sets a body of the given media type from an [`Upload`]: bytes, a file or a stream.
    pub fn upload<E>(&mut self, content_type: &'static str, body: &Upload) -> Result<(), Error<E>> {
        match &body.kind {
            UploadKind::Bytes(bytes) => {
                self.set_body(HeaderValue::from_static(content_type), bytes.clone());
            }
            UploadKind::Once { body, length } => {
                let body = body.lock().ok().and_then(|mut body| body.take());
                let body = body.ok_or_else(|| {
                    Error::InvalidRequest("a streamed body can be sent only once".to_string())
                })?;
                self.headers.insert(
                    reqwest::header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type),
                );
                if let Some(length) = length {
                    self.headers
                        .insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(*length));
                }
                self.body = Some(RequestBody::Once(std::sync::Mutex::new(Some(body))));
            }
        }
        Ok(())
    }

    fn set_body(&mut self, content_type: HeaderValue, body: impl Into<bytes::Bytes>) {
        self.headers
            .insert(reqwest::header::CONTENT_TYPE, content_type);
        self.body = Some(RequestBody::Bytes(body.into()));
    }

    /// Whether the request can be sent again: its body, if any, is in memory.
    pub(super) fn replayable(&self) -> bool {
        !matches!(self.body, Some(RequestBody::Once(_)))
    }
}

/// A piece of a path: literal text, or a parameter's name and value.
#[allow(
    dead_code,
    reason = "generated operations use it; an API may have none"
)]
pub(crate) enum PathPiece<'a> {
    /// Text copied as it is.
    Literal(&'static str),
    /// A value written in its style and percent-encoded (by `path_param`) as one segment;
    /// the name is for error messages.
    Param(&'static str, &'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_OPERATION: Operation = Operation {
        name: "test",
        method: "GET",
        path: "/p",
        follow_redirects: true,
    };

    /// A request of `method` to `url`, with no headers and no body.
    fn request(method: Method, url: &str) -> Request {
        Request {
            operation: &TEST_OPERATION,
            method,
            url: Url::parse(url).unwrap(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    #[test]
    fn parameters_are_written_in_their_style() {
        let mut request = request(Method::GET, "http://host/p");
        let tags = ["a", "b c"];
        let filter = serde_json::json!({"kind": "x", "n": 1});
        request
            .query::<()>("q", &"é&=", QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>("tag", &tags, QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>("tags", &tags, QueryStyle::Form, false)
            .unwrap();
        request
            .query::<()>("pipe", &tags, QueryStyle::PipeDelimited, false)
            .unwrap();
        request
            .query::<()>("tab", &tags, QueryStyle::TabDelimited, false)
            .unwrap();
        request
            .query::<()>("f", &filter, QueryStyle::DeepObject, true)
            .unwrap();
        request
            .query::<()>("o", &filter, QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>(
                "at",
                &chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
                QueryStyle::Form,
                true,
            )
            .unwrap();
        assert_eq!(
            request.url.query().unwrap(),
            "q=%C3%A9%26%3D&tag=a&tag=b+c&tags=a%2Cb+c&pipe=a%7Cb+c&tab=a%09b+c&f%5Bkind%5D=x&f%5Bn%5D=1&kind=x&n=1&at=1970-01-01T00%3A00%3A00Z"
        );
        let nested = serde_json::json!([[1]]);
        assert!(request
            .query::<()>("bad", &nested, QueryStyle::Form, true)
            .is_err());
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let mut request = request(Method::GET, "http://host/");
        let error = request
            .header::<()>("x-id", &"a\r\nx-evil: 1", false)
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)));
        assert!(request.headers.is_empty());
        request.header::<()>("x-ids", &[1, 2], false).unwrap();
        assert_eq!(request.headers["x-ids"], "1,2");
    }

    #[test]
    fn cookies_share_one_header_in_form_style() {
        let mut request = request(Method::GET, "http://host/");
        request.cookie::<()>("session", &"a b;c%", true).unwrap();
        request.cookie::<()>("ids", &[1, 2], false).unwrap();
        request.cookie::<()>("tag", &["x", "y"], true).unwrap();
        let object = serde_json::json!({"role": "admin", "team": "a,b"});
        request.cookie::<()>("filter", &object, false).unwrap();
        request.cookie::<()>("filter", &object, true).unwrap();
        assert_eq!(
            request
                .headers
                .get_all(reqwest::header::COOKIE)
                .iter()
                .count(),
            1
        );
        assert_eq!(
            request.headers[reqwest::header::COOKIE],
            "session=a%20b%3Bc%25; ids=1,2; tag=x; tag=y; filter=role,admin,team,a%2Cb; \
             role=admin; team=a%2Cb"
        );
        assert!(!request.headers[reqwest::header::COOKIE].is_sensitive());
        let mut headers = request.headers.clone();
        add_cookie(&mut headers, "key=secret", true).unwrap();
        assert!(headers[reqwest::header::COOKIE].is_sensitive());
        assert!(headers[reqwest::header::COOKIE]
            .to_str()
            .unwrap()
            .ends_with("; key=secret"));
    }

    #[test]
    fn form_bodies_are_url_encoded() {
        let mut request = request(Method::POST, "http://host/");
        #[derive(Serialize)]
        struct Search {
            name: &'static str,
            tags: [&'static str; 2],
            n: u32,
        }
        let body = Search {
            name: "a b&c",
            tags: ["x", "y"],
            n: 1,
        };
        request.form::<()>(&body, &[]).unwrap();
        let Some(RequestBody::Bytes(body)) = request.body else {
            panic!("a form is bytes in memory")
        };
        assert_eq!(body, &b"name=a+b%26c&tags=x&tags=y&n=1"[..]);
        assert_eq!(
            request.headers[reqwest::header::CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
    }

    #[test]
    fn form_fields_are_written_in_their_encodings_style() {
        let form = |styles: &[(&str, QueryStyle, bool)]| {
            let mut request = request(Method::POST, "http://host/");
            let body = serde_json::json!({
                "tags": ["x", "y z"],
                "object": {"foo": "a", "bar": "b,c"},
                "one": [],
            });
            request.form::<()>(&body, styles).unwrap();
            let Some(RequestBody::Bytes(body)) = request.body else {
                panic!("a form is bytes in memory")
            };
            String::from_utf8(body.to_vec()).unwrap()
        };
        // `form`, exploded, unless an Encoding Object says otherwise: an object is a field
        // per key, an empty array no field.
        assert_eq!(form(&[]), "tags=x&tags=y+z&foo=a&bar=b%2Cc");
        assert_eq!(
            form(&[
                ("tags", QueryStyle::PipeDelimited, false),
                ("object", QueryStyle::DeepObject, true),
                ("one", QueryStyle::Form, false),
            ]),
            "tags=x%7Cy+z&object%5Bfoo%5D=a&object%5Bbar%5D=b%2Cc&one="
        );
        assert_eq!(
            form(&[
                ("tags", QueryStyle::SpaceDelimited, false),
                ("object", QueryStyle::Form, false),
            ]),
            "tags=x+y+z&object=foo%2Ca%2Cbar%2Cb%2Cc"
        );
    }
}
