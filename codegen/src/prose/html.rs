//! The HTML in spec prose: which tags rustdoc would take for HTML, and which of them stay.

use super::{code_span_end, run_length};
use std::collections::BTreeSet;

/// HTML elements kept as HTML when balanced; any other tag-like text is escaped.
pub(super) const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements that have no closing tag.
pub(super) const VOID_ELEMENTS: &[&str] = &["br", "hr", "img", "wbr"];

/// An HTML tag in prose: where it starts, its length, its lowercased name, and whether it
/// closes (`</a>`) or closes itself (`<br/>`).
pub(super) struct Tag {
    pub(super) at: usize,
    pub(super) len: usize,
    name: String,
    closing: bool,
    self_closing: bool,
}

/// For each prose text, the offsets of the tags kept as HTML: known elements, void or closed
/// in order (a `<details>` may close paragraphs later).
pub(super) fn kept_tags(prose: &[&str]) -> Vec<BTreeSet<usize>> {
    let mut kept = vec![BTreeSet::new(); prose.len()];
    let mut open: Vec<(usize, Tag)> = Vec::new();
    for (index, text) in prose.iter().enumerate() {
        for tag in tags(text) {
            if !HTML_ELEMENTS.contains(&tag.name.as_str()) {
                continue;
            }
            if tag.self_closing || (!tag.closing && VOID_ELEMENTS.contains(&tag.name.as_str())) {
                kept[index].insert(tag.at);
            } else if !tag.closing {
                open.push((index, tag));
            } else if let Some(depth) = open.iter().rposition(|(_, o)| o.name == tag.name) {
                // Tags opened after the one this closes stay unclosed: they are escaped.
                open.truncate(depth + 1);
                let (opened_in, opening) = open.pop().expect("the matched tag is open");
                kept[opened_in].insert(opening.at);
                kept[index].insert(tag.at);
            }
        }
    }
    kept
}

/// The tag-like spans of `text` outside code spans.
pub(super) fn tags(text: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => i = code_span_end(text, i).unwrap_or(i + run_length(text, i, b'`')),
            b'<' => {
                if let Some(tag) = tag_at(text, i) {
                    i += tag.len;
                    found.push(tag);
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The tag that starts at `at` (a `<`), if the text there has a tag's shape.
pub(super) fn tag_at(text: &str, at: usize) -> Option<Tag> {
    let rest = &text[at + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = &rest[name_len..];
    if !after.starts_with(['>', ' ', '/', '\n', '\t']) {
        return None;
    }
    let close = after.find('>')?;
    // An attribute value may not hold `<`; a `<` before the `>` means this is not a tag.
    if after[..close].contains('<') {
        return None;
    }
    let len = 1 + usize::from(closing) + name_len + close + 1;
    Some(Tag {
        at,
        len,
        name: rest[..name_len].to_ascii_lowercase(),
        closing,
        self_closing: after[..close].trim_end().ends_with('/'),
    })
}
