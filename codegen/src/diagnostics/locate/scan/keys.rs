//! Keys and quoted scalars: where a mapping key stands, how wide it is, and its value once
//! unquoted.

use super::Scanner;

impl Scanner {
    /// A key at the current position: its text, width, and the offset after its `:`.
    pub(super) fn key_here(&self) -> Option<(String, usize, usize)> {
        let start = self.pos;
        let mut i = start;
        let key = match self.chars.get(i)? {
            q @ ('"' | '\'') => {
                let end = self.quoted_end(i, *q)?;
                let text = unquote(&self.chars[i..end], *q);
                i = end;
                while matches!(self.chars.get(i), Some(' ' | '\t')) {
                    i += 1;
                }
                if self.chars.get(i) != Some(&':') {
                    return None;
                }
                text
            }
            '?' | '-' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@'
            | '`' | ',' => {
                // `-` may start a plain scalar (`-1`), but not a key worth finding.
                if self.chars[i] != '-' || Self::is_blank(self.chars.get(i + 1).copied()) {
                    return None;
                }
                self.plain_key(&mut i)?
            }
            _ => self.plain_key(&mut i)?,
        };
        // `i` is at the `:`; a key's colon is followed by a blank.
        if !Self::is_blank(self.chars.get(i + 1).copied()) {
            return None;
        }
        let width = self.key_width(start, i);
        Some((key, width, i + 1))
    }

    fn key_width(&self, start: usize, colon: usize) -> usize {
        let mut end = colon;
        while end > start && matches!(self.chars[end - 1], ' ' | '\t') {
            end -= 1;
        }
        (end - start).max(1)
    }

    /// Scans a plain key up to its `: `; leaves `i` at the colon.
    fn plain_key(&self, i: &mut usize) -> Option<String> {
        let start = *i;
        loop {
            match self.chars.get(*i) {
                None | Some('\n') => return None,
                Some(':') if Self::is_blank(self.chars.get(*i + 1).copied()) => break,
                Some('#') if *i > start && matches!(self.chars[*i - 1], ' ' | '\t') => {
                    return None;
                }
                Some(_) => *i += 1,
            }
        }
        let text: String = self.chars[start..*i].iter().collect();
        Some(text.trim_end().to_string())
    }

    /// The offset just after the closing quote of a quoted scalar starting at `start`.
    pub(super) fn quoted_end(&self, start: usize, quote: char) -> Option<usize> {
        let mut i = start + 1;
        loop {
            match self.chars.get(i)? {
                '\\' if quote == '"' => i += 2,
                c if *c == quote => {
                    if quote == '\'' && self.chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                    } else {
                        return Some(i + 1);
                    }
                }
                _ => i += 1,
            }
        }
    }
}

/// The value of a quoted scalar, from its characters including the quotes.
pub(super) fn unquote(chars: &[char], quote: char) -> String {
    let inner = match chars {
        [_, inner @ .., last] if *last == quote => inner,
        [_, inner @ ..] => inner,
        [] => &[],
    };
    let mut out = String::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if quote == '\'' {
            if c == '\'' && inner.get(i + 1) == Some(&'\'') {
                i += 1;
            }
            out.push(c);
        } else if c == '\\' {
            i += 1;
            match inner.get(i) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('u') | Some('x') | Some('U') => {
                    let len = match inner[i] {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = inner.iter().skip(i + 1).take(len).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(decoded) => {
                            out.push(decoded);
                            i += len;
                        }
                        None => out.push(inner[i]),
                    }
                }
                Some(other) => out.push(*other),
                None => {}
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}
