//! JSON pointers (RFC 6901) in the URI-fragment form that diagnostics and `$ref`s write:
//! `#`, then `/segment` for each step, with `~` written `~0` and `/` written `~1`
//! (`#/paths/~1pets~1{id}/get`). Every pointer of the generator is joined, escaped and
//! unescaped here.

use serde_json::Value;
use std::fmt;
use std::ops::Deref;

/// A JSON pointer to a node of the spec, `#` for the whole document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document: `#`.
    pub fn root() -> Pointer {
        Pointer("#".to_string())
    }

    /// A pointer already written out, such as a diagnostic's or one a resolved `$ref` gave.
    pub fn from_written(pointer: &str) -> Pointer {
        Pointer(pointer.to_string())
    }

    /// The pointer to the child `segment` (a key or an index) of this node, escaped.
    pub fn join(&self, segment: impl fmt::Display) -> Pointer {
        let segment = segment.to_string();
        let mut joined = String::with_capacity(self.0.len() + 1 + segment.len());
        joined.push_str(&self.0);
        joined.push('/');
        joined.push_str(&escape(&segment));
        Pointer(joined)
    }

    /// The pointer as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Pointer {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

/// `text` with each pointer it names (`#/...`, up to white space, a backquote or a comma)
/// replaced by what `map` makes of it: the messages and hints of diagnostics name pointers,
/// which follow their node when it moves.
pub fn map_named(text: &str, mut map: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#/") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '`' || c == ',')
            .unwrap_or(tail.len());
        out.push_str(&map(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Escapes one segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one segment: `~1` → `/`, `~0` → `~` (in that order, so `~01` is `~1`).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The unescaped segments of a written pointer (`#/a/b~1c` → `a`, `b/c`; `#` → none), or
/// `None` when it is not a pointer (a fragment that does not start with `/`).
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    if rest.is_empty() {
        return Some(Vec::new());
    }
    Some(rest.strip_prefix('/')?.split('/').map(unescape).collect())
}

/// The node of an untyped document at the unescaped `segments`, if there is one.
pub fn node_at<'v>(value: &'v Value, segments: &[String]) -> Option<&'v Value> {
    segments.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The unescaped segments of the pointer in a `$ref`'s fragment (what follows its `#`),
/// which a URI may also percent-encode (`%7B` for `{`); `None` when it is not a pointer.
pub fn fragment_segments(fragment: &str) -> Option<Vec<String>> {
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|segment| unescape(&percent_decode(segment)))
            .collect(),
    )
}

/// The last segment of a `$ref`, unescaped: the name of the component it points at
/// (`#/components/schemas/a~1b` → `a/b`).
pub fn last_segment(reference: &str) -> String {
    let fragment = reference.rsplit_once('#').map_or(reference, |(_, f)| f);
    let last = fragment.rsplit('/').next().unwrap_or(fragment);
    unescape(&percent_decode(last))
}

/// `text` with its `%XX` escapes decoded (a `%` that starts none stays as it is).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_segment_of_a_ref_is_unescaped() {
        assert_eq!(last_segment("#/components/schemas/Pet"), "Pet");
        assert_eq!(last_segment("#/components/schemas/a~1b~0c"), "a/b~c");
        assert_eq!(last_segment("#/components/schemas/a%20b"), "a b");
        assert_eq!(last_segment("other.yaml#/components/schemas/Pet"), "Pet");
    }

    #[test]
    fn joins_escape_and_segments_unescape() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/pets/{id}")
            .join("get")
            .join(0)
            .join("a~b");
        assert_eq!(pointer.as_str(), "#/paths/~1pets~1{id}/get/0/a~0b");
        assert_eq!(
            segments(&pointer).unwrap(),
            ["paths", "/pets/{id}", "get", "0", "a~b"]
        );
        assert_eq!(segments("#").unwrap(), Vec::<String>::new());
        assert_eq!(segments("#x"), None);
        // `~01` is an escaped `~` followed by `1`, not an escaped `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(escape(&unescape("a~0~1b")), "a~0~1b");
    }

    #[test]
    fn fragments_may_be_percent_encoded() {
        assert_eq!(
            fragment_segments("/paths/~1users~1%7Bid%7D/get").unwrap(),
            ["paths", "/users/{id}", "get"]
        );
        assert_eq!(fragment_segments("").unwrap(), Vec::<String>::new());
        assert_eq!(fragment_segments("Thing"), None);
        // A `%` that starts no escape stays as it is.
        assert_eq!(fragment_segments("/a%zz").unwrap(), ["a%zz"]);
    }

    #[test]
    fn pointers_named_in_text_are_mapped_up_to_their_end() {
        let mapped = map_named("at `#/a/b`, see #/c and #/d,e", |p| p.to_uppercase());
        assert_eq!(mapped, "at `#/A/B`, see #/C and #/D,e");
        assert_eq!(map_named("no pointer", |_| unreachable!()), "no pointer");
    }
}
