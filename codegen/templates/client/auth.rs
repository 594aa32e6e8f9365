//! Credentials: secrets that never show themselves, and how each security scheme sends one.

use std::fmt;

/// A credential: it can be used, but never shows itself in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// A configured credential for one security scheme.
#[derive(Clone)]
#[allow(
    dead_code,
    reason = "generated credential setters use it; an API may have none"
)]
pub(crate) enum Credential {
    /// A key or token, sent as the scheme says.
    Token(Secret),
    /// A user name and password for HTTP basic authentication.
    Basic { username: String, password: Secret },
}

/// How a security scheme sends its credential.
#[derive(Debug, Clone, Copy)]
#[allow(
    dead_code,
    reason = "generated security schemes use it; an API may have none"
)]
pub(crate) enum SchemeKind {
    /// In the named header.
    Header(&'static str),
    /// In the named query parameter.
    Query(&'static str),
    /// In the named cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// A security scheme of the API, as operations refer to it.
#[derive(Debug, Clone, Copy)]
#[allow(
    dead_code,
    reason = "generated security schemes use it; an API may have none"
)]
pub(crate) struct Scheme {
    /// The scheme's key in the spec.
    pub key: &'static str,
    /// How it is sent.
    pub kind: SchemeKind,
}

/// Standard base64 with padding, for basic authentication.
pub(super) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
