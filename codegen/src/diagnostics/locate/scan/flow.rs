//! Flow collections (`[...]` and `{...}`, and so all of JSON): their entries and items
//! and where each stands.

use super::keys::unquote;
use super::{MAX_DEPTH, Scanner};
use crate::diagnostics::locate::{Entry, Item, Node, Span};

impl Scanner {
    /// A flow collection (`[...]` or `{...}`) at the current position.
    pub(super) fn flow(&mut self) -> usize {
        if self.depth >= MAX_DEPTH {
            self.skip_flow();
            return self.push(Node::Scalar);
        }
        self.depth += 1;
        let node = if self.peek() == Some('{') {
            self.flow_mapping()
        } else {
            self.flow_sequence()
        };
        self.depth -= 1;
        node
    }

    /// Skips a flow collection by counting brackets, for nesting too deep to follow.
    fn skip_flow(&mut self) {
        let mut open = 0usize;
        while let Some(c) = self.peek() {
            if !self.burn() {
                return;
            }
            match c {
                '[' | '{' => open += 1,
                ']' | '}' => {
                    open = open.saturating_sub(1);
                    if open == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                q @ ('"' | '\'') => {
                    self.pos = self.quoted_end(self.pos, q).unwrap_or(self.chars.len());
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn flow_mapping(&mut self) -> usize {
        self.pos += 1; // `{`
        let mut entries = Vec::new();
        loop {
            if !self.burn() {
                break;
            }
            self.skip_space();
            match self.peek() {
                None => break,
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            // An anchor on a key names nothing a pointer can reach.
            let _ = self.skip_properties();
            let start = self.pos;
            let key = match self.peek() {
                Some(q @ ('"' | '\'')) => {
                    let end = self.quoted_end(self.pos, q).unwrap_or(self.chars.len());
                    let key = unquote(&self.chars[self.pos..end], q);
                    self.pos = end;
                    key
                }
                Some('[' | '{') => {
                    self.flow();
                    String::new()
                }
                _ => self.flow_plain(true),
            };
            let width = self.pos - start;
            self.skip_space();
            let value = if self.peek() == Some(':') {
                self.pos += 1;
                self.flow_value()
            } else {
                self.push(Node::Scalar)
            };
            entries.push(Entry {
                key,
                at: Span {
                    start,
                    width: width.max(1),
                },
                value,
            });
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                None => break,
                // Something unexpected: step over it so the scan always moves on.
                Some(_) => self.pos += 1,
            }
        }
        self.push(Node::Map(entries))
    }

    fn flow_sequence(&mut self) -> usize {
        self.pos += 1; // `[`
        let mut items = Vec::new();
        loop {
            if !self.burn() {
                break;
            }
            self.skip_space();
            match self.peek() {
                None => break,
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let start = self.pos;
            let value = self.flow_value();
            let width = match self.nodes.get(value) {
                Some(Node::Scalar | Node::Alias(_)) => {
                    let text: String = self.chars[start..self.pos].iter().collect();
                    text.trim_end().chars().count()
                }
                _ => 1,
            };
            items.push(Item {
                at: Span {
                    start,
                    width: width.max(1),
                },
                value,
            });
            self.skip_space();
            match self.peek() {
                // A single-pair mapping (`[a: b]`): its value is skipped.
                Some(':') => {
                    self.pos += 1;
                    self.flow_value();
                }
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                None => break,
                Some(_) => self.pos += 1,
            }
        }
        self.push(Node::Seq(items))
    }

    /// Skips an anchor and a tag; returns the anchor's name.
    fn skip_properties(&mut self) -> Option<String> {
        let mut anchor = None;
        while let Some(c @ ('&' | '!')) = self.peek() {
            let start = self.pos + 1;
            while !Self::is_blank(self.peek()) && !matches!(self.peek(), Some(',' | ']' | '}')) {
                self.pos += 1;
            }
            if c == '&' {
                anchor = Some(self.chars[start..self.pos].iter().collect());
            }
            self.skip_space();
        }
        anchor
    }

    fn flow_value(&mut self) -> usize {
        self.skip_space();
        let anchor = self.skip_properties();
        let node = match self.peek() {
            Some('[' | '{') => self.flow(),
            Some(q @ ('"' | '\'')) => {
                self.pos = self.quoted_end(self.pos, q).unwrap_or(self.chars.len());
                self.push(Node::Scalar)
            }
            Some('*') => {
                let start = self.pos + 1;
                while !Self::is_blank(self.peek()) && !matches!(self.peek(), Some(',' | ']' | '}'))
                {
                    self.pos += 1;
                }
                let name = self.chars[start..self.pos].iter().collect();
                self.push(Node::Alias(name))
            }
            _ => {
                self.flow_plain(false);
                self.push(Node::Scalar)
            }
        };
        self.name(anchor, node);
        node
    }

    /// A plain scalar in flow context; stops before `,`, a closing bracket, or (for a key)
    /// a `:` that ends it.
    fn flow_plain(&mut self, key: bool) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !self.burn() {
                break;
            }
            match c {
                ',' | ']' | '}' | '[' | '{' => break,
                ':' if Self::is_blank(self.peek_at(1))
                    || matches!(self.peek_at(1), Some(',' | ']' | '}'))
                    || key =>
                {
                    break;
                }
                '#' if self.pos > start && matches!(self.chars[self.pos - 1], ' ' | '\t') => {
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let trimmed = text.trim_end();
        // Leave the scan just after the text, so the key's width is its own.
        self.pos = start + trimmed.chars().count();
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
