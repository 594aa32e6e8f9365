//! The last touches on formatted Rust text, where prettyplease stops: blank lines where a
//! person puts them, `use` declarations grouped, doc comments wrapped to the line width.

/// The widest a doc comment line gets, indentation and `///` included (rustfmt's width).
pub(crate) const WIDTH: usize = 100;

/// `code`, as prettyplease printed it, with blank lines between items and between groups of
/// `use` declarations, and its doc comments wrapped to [`WIDTH`].
pub(crate) fn finish(code: &str) -> String {
    wrap_docs(&space_items(&fill_use_lists(code)))
}

/// `code` with each `use` list that prettyplease broke over lines filled as rustfmt fills it:
/// on one line when it fits in [`WIDTH`], else as many names a line as fit, so that
/// `cargo fmt` leaves the files it formats (`lib.rs`) as codegen wrote them.
fn fill_use_lists(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let opens_list = (trimmed.starts_with("use ") || trimmed.starts_with("pub use "))
            && trimmed.ends_with("::{");
        if !opens_list {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut inner = Vec::new();
        let mut closed = false;
        for next in lines.by_ref() {
            if next.trim() == "};" {
                closed = true;
                break;
            }
            inner.push(next);
        }
        let names: Vec<&str> = inner
            .iter()
            .flat_map(|l| l.split(','))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        if !closed || names.iter().any(|name| name.contains(['{', '}'])) {
            // Not a plain list: as prettyplease printed it.
            out.push_str(line);
            out.push('\n');
            for l in &inner {
                out.push_str(l);
                out.push('\n');
            }
            if closed {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("};\n");
            }
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let one_line = format!("{line}{}}};", names.join(", "));
        if one_line.len() <= WIDTH {
            out.push_str(&one_line);
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
        let mut current = String::new();
        for name in names {
            let item = format!("{name},");
            let width = indent.len() + 4 + current.len() + 1 + item.len();
            if !current.is_empty() && width > WIDTH {
                out.push_str(&format!("{indent}    {current}\n"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&item);
        }
        out.push_str(&format!("{indent}    {current}\n{indent}}};\n"));
    }
    if !code.ends_with('\n') {
        out.pop();
    }
    out
}

/// The groups `use` declarations are sorted into, in order, a blank line between two: the
/// standard library, other crates, then this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum UseGroup {
    Std,
    External,
    Local,
}

impl UseGroup {
    /// The group of a path, from its first segment.
    pub(crate) fn of(path: &str) -> UseGroup {
        let first = path
            .trim_start_matches("::")
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        match first {
            "std" | "core" | "alloc" => UseGroup::Std,
            "crate" | "self" | "super" => UseGroup::Local,
            _ => UseGroup::External,
        }
    }
}

/// `use` declarations for `paths` (each `a::b::Name`) as rustfmt orders them with
/// `imports_granularity = "Module"`: one per module, the names of a module merged in braces, in
/// the groups of [`UseGroup`].
pub(crate) fn use_declarations<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut modules: Vec<(&str, Vec<&str>)> = Vec::new();
    for path in paths {
        let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
        match modules.iter_mut().find(|(m, _)| *m == module) {
            Some((_, names)) => names.push(name),
            None => modules.push((module, vec![name])),
        }
    }
    let mut uses: Vec<(UseGroup, SortKey<'_>, String)> = modules
        .into_iter()
        .map(|(module, mut names)| {
            names.sort_by_key(|name| (case_rank(name), *name));
            names.dedup();
            let prefix = if module.is_empty() {
                String::new()
            } else {
                format!("{module}::")
            };
            let text = match names.as_slice() {
                [one] => format!("{prefix}{one}"),
                many => format!("{prefix}{{{}}}", many.join(", ")),
            };
            let key: Vec<(u8, &str)> = module
                .split("::")
                .filter(|s| !s.is_empty())
                .map(|s| (case_rank(s), s))
                .chain(match names.as_slice() {
                    [one] => Some((case_rank(one), *one)),
                    // Braces come after the single names of the same module.
                    _ => Some((u8::MAX, "")),
                })
                .collect();
            (UseGroup::of(module), key, text)
        })
        .collect();
    uses.sort();
    uses.into_iter().map(|(_, _, text)| text).collect()
}

/// How rustfmt sorts a path: each segment's [`case_rank`] and text.
type SortKey<'a> = Vec<(u8, &'a str)>;

/// Where rustfmt sorts a name: `self`, `super` and `crate` first, then snake_case,
/// UpperCamelCase and SCREAMING_CASE names.
fn case_rank(name: &str) -> u8 {
    match name {
        "self" => 0,
        "super" => 1,
        "crate" => 2,
        _ if !name.starts_with(|c: char| c.is_ascii_uppercase()) => 3,
        _ if name.chars().any(|c| c.is_ascii_lowercase()) => 4,
        _ => 5,
    }
}

/// The path of a top-level `use` declaration that starts on `line`, if one does.
fn use_path(line: &str) -> Option<&str> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = line
        .strip_prefix("pub(crate) ")
        .or_else(|| line.strip_prefix("pub "))
        .unwrap_or(line);
    rest.strip_prefix("use ")
}

/// Puts a blank line between items, which prettyplease does not: between two items at the
/// top level or in an `impl`, `trait` or `mod` block (but not between `mod` declarations), after
/// the inner doc comment and attributes, after the `use` declarations and between their groups.
fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    // The group of the `use` declaration being read or just read, and whether it has ended.
    let mut last_use: Option<(UseGroup, bool)> = None;
    // Whether the lines indented once are items: the top-level item is an `impl`, `trait` or
    // `mod` block.
    let mut holds_items = false;
    // Whether the previous line ended an inner attribute, and whether the lines read are one
    // spread over several lines (an outer one, such as a long `#[cfg(any(..))]`, also ends
    // with `)]`, and its item follows it with no blank line).
    let (mut inner_attr_closed, mut in_inner_attr) = (false, false);
    for (index, &line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // What the item this line starts is, looking past its outer attributes.
        let item_line = lines[index..]
            .iter()
            .find(|l| {
                let l = l.trim_start();
                !(l.starts_with("#[") && l.ends_with(']'))
            })
            .copied()
            .unwrap_or(line);
        let starts_use = use_path(item_line).map(UseGroup::of);
        if indent == 0
            && let Some(word) = item_keyword(trimmed)
        {
            holds_items = matches!(word, "impl" | "trait" | "mod");
        }
        if index > 0 {
            let prev = lines[index - 1];
            let prev_trimmed = prev.trim_start();
            let prev_indent = prev.len() - prev_trimmed.len();
            let blank = match last_use {
                // Right after a `use` declaration: a blank line unless another of its group
                // follows.
                Some((group, true)) => starts_use != Some(group) && !trimmed.is_empty(),
                // Inside a `use` declaration spread over several lines.
                Some((_, false)) => false,
                None => {
                    let at_item_level = indent == 0 || (indent == 4 && holds_items);
                    let closes = matches!(trimmed.chars().next(), Some('}' | ')' | ']'));
                    let item_end = prev_indent == indent
                        && !prev_trimmed.starts_with("//")
                        && !prev_trimmed.starts_with('#')
                        && (prev_trimmed.ends_with('}') || prev_trimmed.ends_with(';'));
                    let mods = is_mod_declaration(prev_trimmed)
                        && is_mod_declaration(item_line.trim_start());
                    let docs_end = prev_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
                    // The end of the inner attributes, one-line or spread over several lines.
                    let attrs_end = inner_attr_closed && !trimmed.starts_with("#![");
                    !trimmed.is_empty()
                        && !closes
                        && !trimmed.starts_with("else")
                        && !trimmed.starts_with("where")
                        && ((at_item_level && item_end && !mods) || docs_end || attrs_end)
                }
            };
            if blank {
                out.push('\n');
            }
        }
        inner_attr_closed = if line.starts_with("#![") {
            in_inner_attr = !line.ends_with(']');
            !in_inner_attr
        } else if in_inner_attr && line == ")]" {
            in_inner_attr = false;
            true
        } else {
            false
        };
        out.push_str(line);
        out.push('\n');
        last_use = match (use_path(line), last_use) {
            (Some(path), _) => Some((UseGroup::of(path), line.ends_with(';'))),
            (None, Some((group, false))) => Some((group, line.ends_with(';'))),
            // The attributes of the next `use` declaration are in its group (the blank line
            // between groups goes before them).
            (None, Some((_, true))) if starts_use.is_some() => {
                starts_use.map(|group| (group, true))
            }
            _ => None,
        };
    }
    out
}

/// The keyword that says what an item is (`fn`, `impl`, `mod`...), past its visibility and
/// qualifiers; `None` for a line that does not start an item.
fn item_keyword(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let mut word = words.next()?;
    while word == "pub" || word.starts_with("pub(") || word == "unsafe" || word == "async" {
        word = words.next()?;
    }
    let word = word.split(['<', '{', '(']).next().unwrap_or(word);
    [
        "fn",
        "impl",
        "trait",
        "mod",
        "struct",
        "enum",
        "union",
        "const",
        "static",
        "type",
        "use",
        "macro_rules!",
    ]
    .contains(&word)
    .then_some(word)
    .or_else(|| word.ends_with('!').then_some("macro"))
}

/// Whether `line` declares a module kept in another file (`mod client;`).
fn is_mod_declaration(line: &str) -> bool {
    item_keyword(line) == Some("mod") && line.ends_with(';')
}

/// Doc comment lines longer than [`WIDTH`] broken at spaces, paragraph and list text only:
/// code blocks, tables, headings and lines without a space to break at stay as they are.
fn wrap_docs(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 32);
    let mut fenced = false;
    for line in code.lines() {
        let trimmed = line.trim_start();
        let marker = ["/// ", "//! "]
            .into_iter()
            .find(|m| trimmed.starts_with(m));
        let Some(marker) = marker else {
            // A doc comment ends here (or never started): so does any code block in it.
            if !(trimmed == "///" || trimmed == "//!") {
                fenced = false;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let text = &trimmed[marker.len()..];
        if text.starts_with("```") || text.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced || line.chars().count() <= WIDTH || !wrappable(text) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let prefix = format!("{}{marker}", &line[..line.len() - trimmed.len()]);
        let hang = " ".repeat(list_marker_width(text));
        wrap_into(&mut out, &prefix, &hang, text);
    }
    out
}

/// Whether a doc line is running text that may be broken: not a heading, a table row, a
/// block quote or an indented code block.
fn wrappable(text: &str) -> bool {
    !(text.starts_with('#')
        || text.starts_with('|')
        || text.starts_with('>')
        || text.starts_with("    ")
        || text.starts_with('<'))
}

/// The width of a list item's marker (`- `, `* `, `1. `), which its continuation lines are
/// indented by to stay in the item; 0 for other text.
fn list_marker_width(text: &str) -> usize {
    let indent = text.len() - text.trim_start().len();
    let text = &text[indent..];
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return indent + 2;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        return indent + digits + 2;
    }
    indent
}

/// Whether a continuation line that starts with `word` would be read as Markdown syntax (a
/// list item, heading, quote, table, rule or fence) rather than as more of the paragraph.
fn starts_block(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    matches!(word, "-" | "+" | "*" | "=" | "|")
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with('|')
        || word.starts_with("```")
        || word.starts_with("~~~")
        || word.starts_with("---")
        || word.starts_with("===")
        || (digits > 0 && digits + 1 == word.len() && word.ends_with(['.', ')']))
}

/// Writes `text` as lines of `prefix` + words, at most [`WIDTH`] wide where the words allow;
/// lines after the first get `hang` after the prefix.
fn wrap_into(out: &mut String, prefix: &str, hang: &str, text: &str) {
    let lead = &text[..text.len() - text.trim_start().len()];
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut line = format!("{prefix}{lead}");
    let mut width = line.chars().count();
    let mut empty = true;
    for word in words {
        let word_width = word.chars().count();
        let fits = width + 1 + word_width <= WIDTH;
        // Never start a line with a word that would make it a block of its own.
        if !empty && !fits && !starts_block(word) {
            out.push_str(&line);
            out.push('\n');
            line = format!("{prefix}{hang}");
            width = line.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += word_width;
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_doc_lines_wrap_at_the_width_with_their_prefix() {
        let words = "word ".repeat(40);
        let code = format!("    /// {}\n    pub id: String,\n", words.trim_end());
        let out = finish(&code);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2, "{out}");
        for line in &lines[..lines.len() - 1] {
            assert!(line.starts_with("    /// word"), "{line:?}");
            assert!(line.chars().count() <= WIDTH, "{line:?}");
        }
        // Nothing is lost or added but the breaks.
        let joined: Vec<&str> = lines[..lines.len() - 1]
            .iter()
            .map(|l| l.trim_start_matches("    /// "))
            .collect();
        assert_eq!(joined.join(" "), words.trim_end());
        assert_eq!(lines.last(), Some(&"    pub id: String,"));
    }

    #[test]
    fn list_items_keep_their_continuation_indent() {
        let code = format!("//! - {}\n", "item ".repeat(30).trim_end());
        let out = wrap_docs(&code);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("//! - item"));
        assert!(lines[1].starts_with("//!   item"), "{out}");
        let code = format!("/// 12. {}\n", "item ".repeat(30).trim_end());
        let out = wrap_docs(&code);
        assert!(
            out.lines().nth(1).unwrap().starts_with("///     item"),
            "{out}"
        );
    }

    #[test]
    fn code_blocks_tables_headings_and_long_words_stay_as_written() {
        let long = "x ".repeat(60);
        let code = format!(
            "/// ```text\n/// {long}\n/// ```\n/// | {long} |\n/// # {long}\n/// {}\n",
            "y".repeat(120)
        );
        assert_eq!(wrap_docs(&code), code);
    }

    #[test]
    fn no_continuation_line_starts_a_markdown_block() {
        // At the width, the next word is `-`: it stays on the line rather than begin a list.
        let text = format!("{} - b", "a".repeat(WIDTH - 6));
        let out = wrap_docs(&format!("/// {text}\n"));
        for line in out.lines().skip(1) {
            let first = line.trim_start_matches("/// ").split(' ').next().unwrap();
            assert!(!starts_block(first), "{out}");
        }
        assert!(starts_block("1."));
        assert!(starts_block("---"));
        assert!(!starts_block("1.5"));
        assert!(!starts_block("well-known"));
    }

    #[test]
    fn use_groups_are_separated_and_followed_by_a_blank_line() {
        let code = "\
//! Docs.
use std::fmt;
use std::future::Future;
use reqwest::Method;
use crate::client::{
    Extras, Operation,
};
#[cfg(feature = \"blocking\")]
use crate::Client;
use crate::Error;
const A: u8 = 1;
";
        let expected = "\
//! Docs.

use std::fmt;
use std::future::Future;

use reqwest::Method;

use crate::client::{
    Extras, Operation,
};
#[cfg(feature = \"blocking\")]
use crate::Client;
use crate::Error;

const A: u8 = 1;
";
        assert_eq!(space_items(code), expected);
    }

    #[test]
    fn an_outer_attribute_over_several_lines_stays_on_its_item() {
        // A long `#[cfg(any(..))]` ends with `)]` as a long inner attribute does.
        let code = "\
#![allow(
    dead_code,
)]
#[cfg(
    any(
        feature = \"a\",
    )
)]
pub struct A;
#[cfg(
    any(
        feature = \"b\",
    )
)]
pub struct B;
";
        let expected = "\
#![allow(
    dead_code,
)]

#[cfg(
    any(
        feature = \"a\",
    )
)]
pub struct A;

#[cfg(
    any(
        feature = \"b\",
    )
)]
pub struct B;
";
        assert_eq!(space_items(code), expected);
    }

    #[test]
    fn a_use_behind_an_attribute_in_another_group_gets_one_blank_line_before_it() {
        let code = "\
use crate::ClientBuilder;
#[cfg(feature = \"a\")]
use std::future::Future;
#[cfg(feature = \"a\")]
use crate::Client;
";
        let expected = "\
use crate::ClientBuilder;

#[cfg(feature = \"a\")]
use std::future::Future;

#[cfg(feature = \"a\")]
use crate::Client;
";
        assert_eq!(space_items(code), expected);
    }

    #[test]
    fn items_get_a_blank_line_and_statements_do_not() {
        let code = "\
#[rustfmt::skip]
mod client;
#[cfg(test)]
mod examples;
pub use client::Client;
pub const A: u8 = 1;
/// B.
const B: u8 = 2;
fn a() {
    let x = 1;
    if x == 1 {
    }
    let y = 2;
}
fn b() {}
impl A {
    const C: u8 = 3;
    fn c() {
    }
    fn d()
    where
        T: Sized,
    {
    }
}
pub struct S {
    a: u8,
}
";
        let expected = "\
#[rustfmt::skip]
mod client;
#[cfg(test)]
mod examples;

pub use client::Client;

pub const A: u8 = 1;

/// B.
const B: u8 = 2;

fn a() {
    let x = 1;
    if x == 1 {
    }
    let y = 2;
}

fn b() {}

impl A {
    const C: u8 = 3;

    fn c() {
    }

    fn d()
    where
        T: Sized,
    {
    }
}

pub struct S {
    a: u8,
}
";
        assert_eq!(space_items(code), expected);
    }

    #[test]
    fn a_use_list_is_filled_as_rustfmt_fills_it() {
        let code = "pub use client::{\n    Alpha, Beta,\n    Gamma,\n};\n";
        assert_eq!(
            fill_use_lists(code),
            "pub use client::{Alpha, Beta, Gamma};\n"
        );
        let names: Vec<String> = (0..12).map(|i| format!("NameNumber{i:02}")).collect();
        let code = format!("pub use client::{{\n    {},\n}};\n", names.join(",\n    "));
        let filled = fill_use_lists(&code);
        assert!(filled.lines().all(|line| line.len() <= WIDTH), "{filled}");
        assert_eq!(
            filled.lines().nth(1),
            Some(
                "    NameNumber00, NameNumber01, NameNumber02, NameNumber03, NameNumber04, NameNumber05,"
            )
        );
        assert!(filled.ends_with("NameNumber11,\n};\n"), "{filled}");
    }

    #[test]
    fn use_declarations_are_merged_and_ordered_as_rustfmt_orders_them() {
        let uses = use_declarations([
            "reqwest::Method",
            "crate::client::Request",
            "crate::Client",
            "std::future::Future",
            "crate::types",
            "crate::client::path_param",
            "crate::ApiResponse",
            "crate::client::Extras",
            "crate::DEFAULT_TIMEOUT",
            "crate::error::Error",
        ]);
        assert_eq!(
            uses,
            [
                "std::future::Future",
                "reqwest::Method",
                "crate::client::{path_param, Extras, Request}",
                "crate::error::Error",
                "crate::{types, ApiResponse, Client, DEFAULT_TIMEOUT}",
            ]
        );
    }

    #[test]
    fn paths_fall_in_their_groups() {
        assert_eq!(UseGroup::of("std::fmt"), UseGroup::Std);
        assert_eq!(UseGroup::of("core::fmt::{self, Debug}"), UseGroup::Std);
        assert_eq!(UseGroup::of("serde::Serialize"), UseGroup::External);
        assert_eq!(UseGroup::of("crate::types;"), UseGroup::Local);
        assert_eq!(UseGroup::of("super::*"), UseGroup::Local);
    }
}
