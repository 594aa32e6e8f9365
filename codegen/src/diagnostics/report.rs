//! Shows diagnostics the way rustc does: the message, the place, the source line with the
//! node underlined, and a hint; in colour when the caller says the terminal takes it.

use super::diagnostic::{Diagnostic, Severity};
use std::fmt::{self, Write};

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(render_one(self, false).trim_end())
    }
}

/// Every diagnostic, then a line that counts errors and warnings.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, color));
        out.push('\n');
    }
    out.push_str(&summary_line(diagnostics, color));
    out
}

/// The line that counts errors and warnings, or nothing when there are none.
fn summary_line(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let summary = summary(errors, warnings);
    if !summary.is_empty() {
        let paint = Paint(color);
        let level = if errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint.level(level),
            paint.bold(&format!("{summary} in the spec"))
        );
    }
    out
}

/// How many warnings a run shows one by one; past it, warnings of one kind are grouped.
const GROUP_PAST: usize = 20;

/// How many places a group of warnings shows.
const PLACES_SHOWN: usize = 3;

/// [`render`], but past [`GROUP_PAST`] warnings, unless `verbose`, the warnings of a kind
/// seen more than [`PLACES_SHOWN`] times are shown once, with their first places and their
/// count; errors are always shown one by one.
pub fn render_grouped(diagnostics: &[Diagnostic], color: bool, verbose: bool) -> String {
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if verbose || warnings <= GROUP_PAST {
        return render(diagnostics, color);
    }
    let mut kinds: std::collections::BTreeMap<String, Vec<&Diagnostic>> = Default::default();
    for diagnostic in diagnostics {
        if diagnostic.severity == Severity::Warning {
            kinds
                .entry(kind(&diagnostic.message))
                .or_default()
                .push(diagnostic);
        }
    }
    let paint = Paint(color);
    let mut out = String::new();
    let mut grouped = 0;
    for diagnostic in diagnostics {
        let members = match diagnostic.severity {
            Severity::Error => None,
            Severity::Warning => kinds.get(&kind(&diagnostic.message)),
        };
        let Some(members) = members.filter(|members| members.len() > PLACES_SHOWN) else {
            out.push_str(&render_one(diagnostic, color));
            out.push('\n');
            continue;
        };
        if !std::ptr::eq(members[0], diagnostic) {
            continue;
        }
        grouped += 1;
        out.push_str(&render_one(diagnostic, color));
        let _ = writeln!(
            out,
            "  {} {}: {} more like it ({} in all), the next ones at:",
            paint.blue("="),
            paint.bold("note"),
            members.len() - 1,
            members.len()
        );
        for other in &members[1..PLACES_SHOWN] {
            let _ = writeln!(out, "    {} {}", paint.blue("-->"), place(other));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(diagnostics, color));
    if grouped > 0 {
        let _ = writeln!(
            out,
            "{}: warnings that recur are grouped by kind; `--verbose` shows every one",
            paint.bold("note"),
        );
    }
    out
}

/// What a message says with the names and values it quotes left out: warnings of one kind
/// say the same but for those.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = None;
    for c in message.chars() {
        match (quoted, c) {
            (None, '`' | '"') => {
                quoted = Some(c);
                out.push(c);
            }
            (Some(open), c) if c == open => {
                quoted = None;
                out.push('…');
                out.push(c);
            }
            (Some(_), _) => {}
            (None, c) if c.is_ascii_digit() => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// `spec.yaml:3:5 at #/pointer`, or as much of it as is known.
fn place(diagnostic: &Diagnostic) -> String {
    let mut place = diagnostic.file.clone();
    if let Some((line, column)) = diagnostic.position {
        let _ = write!(place, ":{line}:{column}");
    }
    if !diagnostic.pointer.is_empty() && diagnostic.pointer != "#" {
        let _ = write!(place, " at {}", diagnostic.pointer);
    }
    place
}

/// `2 errors and 1 warning`, or nothing when there are none.
pub fn summary(errors: usize, warnings: usize) -> String {
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    match (errors, warnings) {
        (0, 0) => String::new(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    }
}

/// One diagnostic, ending with a line break.
pub fn render_one(diagnostic: &Diagnostic, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        paint.level(diagnostic.severity),
        paint.bold(&diagnostic.message)
    );
    let line_number = diagnostic.position.map(|(line, _)| line.to_string());
    let gutter = line_number.as_ref().map_or(1, String::len);
    let pad = " ".repeat(gutter);
    let mut place = diagnostic.file.clone();
    if let Some((line, column)) = diagnostic.position {
        let _ = write!(place, ":{line}:{column}");
    }
    let snippet = match (&diagnostic.snippet, diagnostic.position) {
        (Some(snippet), Some((_, column))) => Some((snippet, column)),
        _ => None,
    };
    if snippet.is_none() && !diagnostic.pointer.is_empty() {
        let _ = write!(place, " at {}", diagnostic.pointer);
    }
    let _ = writeln!(out, "{pad}{} {place}", paint.blue("-->"));
    if let (Some((snippet, column)), Some(number)) = (snippet, &line_number) {
        let (text, offset, width) = excerpt(&snippet.line, column, snippet.width);
        let bar = paint.blue("|");
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {}", paint.blue(number), text.trim_end());
        let carets = paint.caret(diagnostic.severity, &"^".repeat(width));
        let label = if diagnostic.pointer.is_empty() || diagnostic.pointer == "#" {
            String::new()
        } else {
            format!(" {}", paint.caret(diagnostic.severity, &diagnostic.pointer))
        };
        let _ = writeln!(out, "{pad} {bar} {}{carets}{label}", " ".repeat(offset));
        if diagnostic.hint.is_some() || !diagnostic.notes.is_empty() {
            let _ = writeln!(out, "{pad} {bar}");
        }
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = writeln!(
            out,
            "{pad} {} {}: {hint}",
            paint.blue("="),
            paint.bold("help")
        );
    }
    for note in &diagnostic.notes {
        let _ = writeln!(
            out,
            "{pad} {} {}: {note}",
            paint.blue("="),
            paint.bold("note")
        );
    }
    out
}

/// How much of a long line to show around the column.
const WINDOW: usize = 100;

/// The line to print (tabs expanded, long lines cut around the column), the offset of the
/// underline in it and the underline's width.
fn excerpt(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let mut chars: Vec<char> = Vec::new();
    let mut offset = None;
    for (i, c) in line.chars().enumerate() {
        if i + 1 == column {
            offset = Some(chars.len());
        }
        if c == '\t' {
            chars.extend([' '; 4]);
        } else if c.is_control() {
            chars.push(' ');
        } else {
            chars.push(c);
        }
    }
    let mut offset = offset.unwrap_or(chars.len());
    let mut width = width.max(1);
    let mut start = 0;
    let mut end = chars.len();
    if chars.len() > WINDOW {
        start = offset.saturating_sub(WINDOW / 2).min(chars.len() - WINDOW);
        end = start + WINDOW;
    }
    let mut text = String::new();
    if start > 0 {
        text.push_str("...");
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push_str("...");
    }
    offset = offset - start + if start > 0 { 3 } else { 0 };
    let room = (end - start + if start > 0 { 3 } else { 0 }).saturating_sub(offset);
    width = width.min(room.max(1));
    (text, offset, width)
}

/// ANSI colours, or nothing.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn level(self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.wrap("1;31", "error"),
            Severity::Warning => self.wrap("1;33", "warning"),
        }
    }

    fn caret(self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.wrap("1;31", text),
            Severity::Warning => self.wrap("1;33", text),
        }
    }

    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn blue(self, text: &str) -> String {
        self.wrap("1;34", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::diagnostic::Snippet;

    #[test]
    fn renders_without_a_place() {
        let mut diagnostic = Diagnostic::warning("spec.yaml", "#/x", "odd").with_hint("look");
        diagnostic.notes.push("also this".to_string());
        assert_eq!(
            render_one(&diagnostic, false),
            "warning: odd\n --> spec.yaml at #/x\n  = help: look\n  = note: also this\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let mut diagnostic = Diagnostic::error("spec.yaml", "#/info/title", "wrong");
        diagnostic.position = Some((2, 8));
        diagnostic.snippet = Some(Snippet {
            line: "info: {title: T}".to_string(),
            width: 5,
        });
        let plain = render_one(&diagnostic, false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains("2 | info: {title: T}"), "{plain}");
        let coloured = render_one(&diagnostic, true);
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
    }

    #[test]
    fn counts() {
        let list = [
            Diagnostic::error("s", "#/z", "no place"),
            Diagnostic::error("s", "#/y", "no place"),
            Diagnostic::error("s", "#/x", "no place"),
            Diagnostic::warning("s", "#/w", "w"),
        ];
        assert!(render(&list, false).ends_with("error: 3 errors and 1 warning in the spec\n"));
        assert_eq!(summary(1, 0), "1 error");
        assert_eq!(summary(0, 2), "2 warnings");
    }

    #[test]
    fn past_twenty_warnings_those_of_a_kind_are_grouped_unless_verbose() {
        let mut list = vec![Diagnostic::error("s", "#/e", "broken")];
        for i in 0..25 {
            let message = format!("the first server URL `/api{i}` is not absolute");
            list.push(Diagnostic::warning("s", &format!("#/w{i}"), message));
        }
        list.push(Diagnostic::warning("s", "#/x", "odd `a`"));
        list.push(Diagnostic::warning("s", "#/y", "odd `b`"));
        let grouped = render_grouped(&list, false, false);
        assert_eq!(
            grouped,
            "\
error: broken
 --> s at #/e

warning: the first server URL `/api0` is not absolute
 --> s at #/w0
  = note: 24 more like it (25 in all), the next ones at:
    --> s at #/w1
    --> s at #/w2

warning: odd `a`
 --> s at #/x

warning: odd `b`
 --> s at #/y

error: 1 error and 27 warnings in the spec
note: warnings that recur are grouped by kind; `--verbose` shows every one
"
        );
        assert_eq!(render_grouped(&list, false, true), render(&list, false));
        assert_eq!(
            render_grouped(&list[..21], false, false),
            render(&list[..21], false)
        );
        assert_eq!(
            kind("at `x.y[0]`: \"12\" is not a date, 3 times"),
            "at `…`: \"…\" is not a date,  times"
        );
    }

    #[test]
    fn long_lines_and_tabs_are_cut_and_expanded() {
        let line = format!("{}key{}", "x".repeat(300), "y".repeat(300));
        let (text, offset, width) = excerpt(&line, 301, 3);
        assert_eq!(&text[offset..offset + width], "key");
        assert!(text.starts_with("...") && text.ends_with("..."));
        assert!(text.chars().count() <= WINDOW + 6);
        let (text, offset, width) = excerpt("\tkey: 1", 2, 3);
        assert_eq!((text.as_str(), offset, width), ("    key: 1", 4, 3));
        let (_, offset, width) = excerpt("short", 40, 9);
        assert_eq!((offset, width), (5, 1));
    }
}
