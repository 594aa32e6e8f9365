//! Spec prose (the CommonMark of `description`s and `summary`s) made into rustdoc that renders
//! as the spec meant and that `cargo doc` accepts with `-D warnings`.
//!
//! Headings, lists, emphasis, links and balanced HTML are kept. What rustdoc would read
//! differently is changed: code blocks without a language (and indented ones) are marked
//! `text` (rustdoc compiles unmarked blocks as Rust), bare URLs become autolinks, brackets that
//! are not links are escaped (rustdoc takes `[Policy]` for a link to a Rust item), and a `<`
//! that does not open a balanced, known HTML tag (`Vec<String>`, `<num>`) is written `&lt;`.
//! Which tags are kept is `html`'s to say.

mod html;

use html::{kept_tags, tag_at};
use std::collections::BTreeSet;

/// Multi-line prose as rustdoc.
pub fn markdown(text: &str) -> String {
    let blocks = blocks(text);
    let definitions = link_definitions(&blocks);
    let prose: Vec<&str> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Prose(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let kept = kept_tags(&prose);
    let mut out = String::with_capacity(text.len() + 16);
    let mut index = 0;
    for block in &blocks {
        match block {
            Block::Prose(text) => {
                out.push_str(&inline_text(text, &kept[index], &definitions));
                index += 1;
            }
            Block::Verbatim(text) => out.push_str(text),
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// Prose on one line (a parameter's or an enum value's description), as rustdoc; no block
/// (a code block, a heading) starts in it.
pub fn inline(text: &str) -> String {
    let kept = kept_tags(&[text]);
    inline_text(text, &kept[0], &BTreeSet::new())
}

/// Spec prose joined on one line (its whitespace runs made one space), as rustdoc.
pub fn line(text: &str) -> String {
    inline(&one_line(text))
}

/// Text with its whitespace runs, line breaks included, made one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` wrapped at 92 columns, at spaces, its lines after the first starting with `indent`.
pub fn wrap(text: &str, indent: &str) -> String {
    const WIDTH: usize = 92;
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

/// A piece of the text: prose to escape, or lines to copy (code blocks, link definitions).
enum Block {
    Prose(String),
    Verbatim(String),
}

/// The text cut into prose and verbatim lines, with code blocks' fences labelled.
fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let flush = |prose: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !prose.is_empty() {
            blocks.push(Block::Prose(prose.join("\n")));
            prose.clear();
        }
    };
    let mut previous_blank = true;
    let mut in_list = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = indentation(line);
        if trimmed.is_empty() {
            prose.push("");
            previous_blank = true;
            i += 1;
            continue;
        }
        if let Some((marker, info)) = fence(trimmed).filter(|_| indent <= 3 || in_list) {
            flush(&mut prose, &mut blocks);
            let lead = &line[..line.len() - trimmed.len()];
            let mut code = vec![format!("{lead}{marker}{}", fence_language(info))];
            let mut closed = false;
            i += 1;
            while i < lines.len() && !closed {
                let closing = lines[i].trim();
                code.push(lines[i].to_string());
                i += 1;
                closed =
                    closing.len() >= marker.len() && closing.chars().all(|c| marker.starts_with(c));
            }
            // Closed here, so that what follows the prose (the crate's example) is not taken
            // into the block.
            if !closed {
                code.push(format!("{lead}{marker}"));
            }
            blocks.push(Block::Verbatim(code.join("\n")));
            previous_blank = false;
            continue;
        }
        if indent >= 4 && previous_blank && !in_list {
            // An indented code block, which rustdoc would compile: fenced as text instead.
            flush(&mut prose, &mut blocks);
            let mut end = i;
            let mut j = i;
            while j < lines.len() && (lines[j].trim().is_empty() || indentation(lines[j]) >= 4) {
                if !lines[j].trim().is_empty() {
                    end = j + 1;
                }
                j += 1;
            }
            let mut code = vec!["```text".to_string()];
            code.extend(lines[i..end].iter().map(|l| dedent(l, 4).to_string()));
            code.push("```".to_string());
            blocks.push(Block::Verbatim(code.join("\n")));
            i = end;
            previous_blank = false;
            continue;
        }
        if indent <= 3 && is_link_definition(trimmed) {
            flush(&mut prose, &mut blocks);
            blocks.push(Block::Verbatim(line.to_string()));
        } else {
            if indent <= 3 && is_list_item(trimmed) {
                in_list = true;
            } else if indent == 0 && previous_blank {
                in_list = false;
            }
            prose.push(line);
        }
        previous_blank = false;
        i += 1;
    }
    flush(&mut prose, &mut blocks);
    blocks
}

/// The width of a line's leading whitespace, a tab counting 4.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `line` without up to `width` columns of leading whitespace.
fn dedent(line: &str, width: usize) -> &str {
    let mut column = 0;
    for (at, c) in line.char_indices() {
        if column >= width || !(c == ' ' || c == '\t') {
            return &line[at..];
        }
        column += if c == '\t' { 4 } else { 1 };
    }
    ""
}

/// The fence (three or more backticks or tildes) that opens a code block, and its info string.
fn fence(trimmed: &str) -> Option<(&str, &str)> {
    let first = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = trimmed.len() - trimmed.trim_start_matches(first).len();
    let (marker, info) = trimmed.split_at(length);
    (length >= 3 && !(first == '`' && info.contains('`'))).then_some((marker, info.trim()))
}

/// The language a code block is marked with: its own when it names one that is not Rust,
/// else `text`. rustdoc compiles blocks marked Rust or with its own attributes, and the spec's
/// are not written for that.
fn fence_language(info: &str) -> String {
    let first = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("");
    let language: String = first
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_' | '.' | '#'))
        .collect();
    let normalized = language.to_ascii_lowercase().replace('-', "_");
    let rustdoc_attribute = normalized.is_empty()
        || normalized == "rust"
        || normalized.starts_with("ignore")
        || normalized.starts_with("edition")
        || [
            "should_panic",
            "no_run",
            "compile_fail",
            "test_harness",
            "allow_fail",
            "standalone_crate",
            "standalone",
        ]
        .contains(&normalized.as_str());
    if rustdoc_attribute {
        "text".to_string()
    } else {
        language
    }
}

/// `- item`, `* item`, `+ item`, `1. item` or `1) item`.
fn is_list_item(trimmed: &str) -> bool {
    let bullet = ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b));
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    bullet
        || (digits > 0
            && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") ")))
}

/// `[label]: destination`.
fn is_link_definition(trimmed: &str) -> bool {
    link_definition(trimmed).is_some()
}

fn link_definition(trimmed: &str) -> Option<String> {
    let rest = trimmed.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    (!label.is_empty()
        && !label.contains(['[', ']'])
        && !rest[close + 2..].trim().is_empty()
        && rest[close + 2..].starts_with([' ', '\t']))
    .then(|| label.to_lowercase())
}

/// The labels of the text's link definitions, lowercased.
fn link_definitions(blocks: &[Block]) -> BTreeSet<String> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Verbatim(line) => link_definition(line.trim_start()),
            Block::Prose(_) => None,
        })
        .collect()
}

/// How many `byte`s repeat from `at`.
pub(super) fn run_length(text: &str, at: usize, byte: u8) -> usize {
    text.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b == byte)
        .count()
}

/// The end of the code span that opens at `at` (a run of backticks closed by a run of the same
/// length), or `None` when it is not closed.
pub(super) fn code_span_end(text: &str, at: usize) -> Option<usize> {
    let open = run_length(text, at, b'`');
    let mut i = at + open;
    while let Some(next) = text[i..].find('`') {
        let start = i + next;
        let run = run_length(text, start, b'`');
        if crosses_paragraph(&text[at..start]) {
            return None;
        }
        if run == open {
            return Some(start + run);
        }
        i = start + run;
    }
    None
}

/// One prose text with its brackets, bare URLs and stray `<` escaped; `kept` are the offsets of
/// the tags kept as HTML, `definitions` the link labels defined in the text.
fn inline_text(text: &str, kept: &BTreeSet<usize>, definitions: &BTreeSet<String>) -> String {
    escape(text, kept, definitions, true)
}

/// [`inline_text`]; bare URLs are made links only with `autolink` (not in a link's label).
fn escape(
    text: &str,
    kept: &BTreeSet<usize>,
    definitions: &BTreeSet<String>,
    autolink: bool,
) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        match bytes[i] {
            b'\\' => {
                let escaped = rest[1..].chars().next().filter(char::is_ascii_punctuation);
                let len = 1 + escaped.map_or(0, char::len_utf8);
                out.push_str(&rest[..len]);
                i += len;
            }
            b'`' => {
                let end = code_span_end(text, i).unwrap_or(i + run_length(text, i, b'`'));
                out.push_str(&text[i..end]);
                i = end;
            }
            b'<' => {
                if let Some(end) = autolink_end(rest) {
                    out.push_str(&rest[..end]);
                    i += end;
                } else if let Some(tag) = tag_at(text, i).filter(|_| kept.contains(&i)) {
                    out.push_str(&rest[..tag.len]);
                    i += tag.len;
                } else if rest.starts_with("<!--") && rest.contains("-->") {
                    let end = rest.find("-->").expect("checked") + 3;
                    out.push_str(&rest[..end]);
                    i += end;
                } else if rest[1..].starts_with(|c: char| c.is_alphabetic() || "/!?".contains(c)) {
                    out.push_str("&lt;");
                    i += 1;
                } else {
                    out.push('<');
                    i += 1;
                }
            }
            b'[' => {
                if let Some(end) = link_end(rest, definitions) {
                    // The label may hold text to escape; the destination is copied.
                    let label_end = matching_bracket(rest).expect("a link has a label");
                    let label = escape(
                        &rest[1..label_end],
                        &shift(kept, i + 1, label_end - 1),
                        definitions,
                        false,
                    );
                    let destination = &rest[label_end + 1..end];
                    let rust_path = destination
                        .strip_prefix('(')
                        .and_then(|d| d.strip_suffix(')'))
                        .is_some_and(is_rust_path);
                    if rust_path {
                        out.push_str(&label);
                    } else {
                        out.push('[');
                        out.push_str(&label);
                        out.push_str(&rest[label_end..end]);
                    }
                    i += end;
                } else {
                    out.push_str("\\[");
                    i += 1;
                }
            }
            b']' => {
                out.push_str("\\]");
                i += 1;
            }
            b'h' if autolink && is_url_start(text, i) => {
                let end = url_end(rest);
                out.push('<');
                out.push_str(&rest[..end]);
                out.push('>');
                i += end;
            }
            _ => {
                let c = rest.chars().next().expect("not at the end");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Whether `text` holds a blank line, which ends a paragraph and so a code span.
fn crosses_paragraph(text: &str) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Whether a link's destination is a Rust path (`omicron_common::api::Disk`), which rustdoc
/// would resolve in the generated crate, where the spec's author's items are not.
fn is_rust_path(destination: &str) -> bool {
    let path = destination.trim();
    let path = path
        .strip_suffix("()")
        .or(path.strip_suffix('!'))
        .unwrap_or(path);
    let path = path.split_once('@').map_or(path, |(_, path)| path);
    !path.is_empty()
        && path.split("::").all(|segment| {
            segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// `kept` offsets inside `from..from + len`, made relative to `from`.
fn shift(kept: &BTreeSet<usize>, from: usize, len: usize) -> BTreeSet<usize> {
    kept.range(from..from + len).map(|at| at - from).collect()
}

/// The length of an autolink (`<https://..>`, `<mailto:..>`) at the start of `rest`.
fn autolink_end(rest: &str) -> Option<usize> {
    let inner = &rest[1..];
    let scheme = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| inner.starts_with(s));
    let close = inner.find('>')?;
    (scheme && !inner[..close].contains(|c: char| c.is_whitespace() || c == '<'))
        .then_some(close + 2)
}

/// The offset of the `]` that closes the `[` at the start of `rest`, brackets nested.
fn matching_bracket(rest: &str) -> Option<usize> {
    let mut depth = 0;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => {
                i = code_span_end(rest, i).unwrap_or(i + run_length(rest, i, b'`'));
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The end of a Markdown link at the start of `rest`: `[label](destination)`, or
/// `[label][ref]` / `[label]` with a definition of its reference in the text.
fn link_end(rest: &str, definitions: &BTreeSet<String>) -> Option<usize> {
    let label_end = matching_bracket(rest)?;
    let after = &rest[label_end + 1..];
    if after.starts_with('(') {
        let mut depth = 0;
        for (at, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(label_end + 1 + at + 1);
                    }
                }
                '\n' => return None,
                _ => {}
            }
        }
        return None;
    }
    if let Some(reference) = after.strip_prefix('[') {
        let close = reference.find(']')?;
        let label = if close == 0 {
            &rest[1..label_end]
        } else {
            &reference[..close]
        };
        return definitions
            .contains(&label.to_lowercase())
            .then_some(label_end + 1 + close + 2);
    }
    definitions
        .contains(&rest[1..label_end].to_lowercase())
        .then_some(label_end + 1)
}

/// Whether a bare `http://` or `https://` URL starts at `at`.
fn is_url_start(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let scheme = rest.starts_with("https://") || rest.starts_with("http://");
    let after_word = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '/' | '=' | '"' | '\'' | '<')));
    scheme && after_word && url_end(rest) > "https://".len()
}

/// The length of the URL at the start of `rest`, without trailing punctuation or an unmatched
/// closing parenthesis.
fn url_end(rest: &str) -> usize {
    let mut end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .unwrap_or(rest.len());
    loop {
        let url = &rest[..end];
        let Some(last) = url.chars().next_back() else {
            return 0;
        };
        let unmatched_paren = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_') || unmatched_paren {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmarked_code_blocks_become_text_and_other_languages_stay() {
        let text = "Encrypt it:\n\n```\nconst sodium = require('tweetsodium');\n```\n\n```js\nx()\n```\n\n~~~rust\nfn main() {}\n~~~";
        assert_eq!(
            markdown(text),
            "Encrypt it:\n\n```text\nconst sodium = require('tweetsodium');\n```\n\n```js\nx()\n```\n\n~~~text\nfn main() {}\n~~~"
        );
        assert_eq!(markdown("```should-panic\nx\n```"), "```text\nx\n```");
        assert_eq!(markdown("```json title=\"a\"\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn an_unclosed_code_block_is_closed() {
        assert_eq!(markdown("a\n\n```\nx"), "a\n\n```text\nx\n```");
    }

    #[test]
    fn code_blocks_are_copied_verbatim() {
        let text = "```\n[0] <b> https://x.io\n```";
        assert_eq!(markdown(text), "```text\n[0] <b> https://x.io\n```");
    }

    #[test]
    fn indented_code_blocks_are_fenced_as_text_but_list_continuations_are_not() {
        assert_eq!(
            markdown("Run:\n\n    let x = 1;\n\n    x\n\nDone."),
            "Run:\n\n```text\nlet x = 1;\n\nx\n```\n\nDone."
        );
        let list = "- one\n\n    more about one\n- two";
        assert_eq!(markdown(list), list);
    }

    #[test]
    fn headings_lists_emphasis_and_links_are_kept() {
        let text = "# Title\n\n- *one*\n- **two** [docs](https://x.io/a_(b))\n1. three";
        assert_eq!(markdown(text), text);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            markdown("Please see https://plaid.com/docs/api for more details."),
            "Please see <https://plaid.com/docs/api> for more details."
        );
        assert_eq!(
            inline("(see http://a.io/x_(y)), or https://b.io."),
            "(see <http://a.io/x_(y)>), or <https://b.io>."
        );
        for kept in [
            "<https://a.io>",
            "[https://a.io](https://a.io)",
            "[a](https://a.io)",
            "`https://a.io`",
            "<a href=\"https://a.io\">a</a>",
        ] {
            assert_eq!(inline(kept), kept);
        }
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            inline("a [`Policy`] and data[0] [x]"),
            "a \\[`Policy`\\] and data\\[0\\] \\[x\\]"
        );
        assert_eq!(inline("[a [b]](https://x.io)"), "[a \\[b\\]](https://x.io)");
        let defined =
            "See [the docs] and [it][docs].\n\n[the docs]: https://a.io\n[docs]: https://b.io";
        assert_eq!(markdown(defined), defined);
        assert_eq!(inline("already \\[escaped\\]"), "already \\[escaped\\]");
    }

    #[test]
    fn html_is_kept_when_balanced_and_escaped_where_it_would_break() {
        assert_eq!(inline("a <b>bold</b> line<br>"), "a <b>bold</b> line<br>");
        assert_eq!(
            inline("a Vec<String> of <num> values, x < y"),
            "a Vec&lt;String> of &lt;num> values, x < y"
        );
        assert_eq!(inline("<em>unclosed"), "&lt;em>unclosed");
        assert_eq!(
            markdown("<details>\n\nhidden\n\n</details>"),
            "<details>\n\nhidden\n\n</details>"
        );
        assert_eq!(
            inline("`Vec<T>` <!-- a note -->"),
            "`Vec<T>` <!-- a note -->"
        );
    }

    #[test]
    fn an_unclosed_backtick_is_text() {
        assert_eq!(inline("a ` b [c]"), "a ` b \\[c\\]");
        assert_eq!(
            markdown("a ```rust x\n\nb[0] ``` c"),
            "a ```rust x\n\nb\\[0\\] ``` c"
        );
    }

    #[test]
    fn links_to_the_spec_authors_rust_items_keep_only_their_label() {
        assert_eq!(
            inline("a [`Disk`](omicron_common::api::external::Disk) and [v](crate::views::Vpc)"),
            "a `Disk` and v"
        );
        assert_eq!(inline("[x](Foo) [y](#anchor)"), "x [y](#anchor)");
    }
}
