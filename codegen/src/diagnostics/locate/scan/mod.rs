//! The scanner that recovers a document's shape from its text: its characters, lines and
//! blanks, the document and its block nodes; flow collections (`flow`) and keys and quoted
//! scalars (`keys`) are apart.

mod flow;
mod keys;

use super::{Entry, Item, Node, Span, Tree};
use std::collections::BTreeMap;

/// Nesting deeper than this is skipped rather than followed (the parsers stop at 128).
const MAX_DEPTH: usize = 256;

/// Scans `text` into a tree; never fails, at worst the tree is partial.
pub(super) fn tree(text: &str) -> Tree {
    let mut scanner = Scanner::new(text);
    let root = scanner.document();
    Tree {
        nodes: scanner.nodes,
        anchors: scanner.anchors,
        root,
        root_span: scanner.root_span,
        line_starts: scanner.line_starts,
    }
}

/// A hand-written scanner over the characters of the text.
struct Scanner {
    chars: Vec<char>,
    pos: usize,
    line_starts: Vec<usize>,
    nodes: Vec<Node>,
    anchors: BTreeMap<String, usize>,
    depth: usize,
    /// Steps left; every loop spends one, so a scanner bug cannot loop forever.
    fuel: usize,
    root_span: Option<Span>,
}

impl Scanner {
    fn new(text: &str) -> Scanner {
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                line_starts.push(i + 1);
            }
        }
        let fuel = chars.len().saturating_mul(8).saturating_add(1024);
        Scanner {
            chars,
            pos: 0,
            line_starts,
            nodes: Vec::new(),
            anchors: BTreeMap::new(),
            depth: 0,
            fuel,
            root_span: None,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn burn(&mut self) -> bool {
        if self.fuel == 0 {
            self.pos = self.chars.len();
            return false;
        }
        self.fuel -= 1;
        true
    }

    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Column (0-based, in characters) of an offset.
    fn column_of(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        offset.saturating_sub(start)
    }

    fn is_blank(c: Option<char>) -> bool {
        matches!(c, None | Some(' ' | '\t' | '\n' | '\r'))
    }

    /// Skips spaces and tabs on the current line, and a comment up to the line break.
    fn skip_inline(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' => self.pos += 1,
                '#' => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// Skips whitespace, line breaks and comments.
    fn skip_space(&mut self) {
        loop {
            self.skip_inline();
            if self.peek() == Some('\n') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn at_line_end(&self) -> bool {
        matches!(self.peek(), None | Some('\n'))
    }

    /// Skips to the start of the next line.
    fn skip_line(&mut self) {
        while !self.at_line_end() {
            self.pos += 1;
        }
        if self.peek() == Some('\n') {
            self.pos += 1;
        }
    }

    /// Skips the lines after the current one that are blank or indented more than `indent`
    /// (the continuation of a scalar, or a node too deep to follow).
    fn skip_deeper_lines(&mut self, indent: isize) {
        self.skip_line();
        loop {
            if !self.burn() {
                return;
            }
            let start = self.pos;
            let mut spaces = 0;
            while self.peek_at(spaces) == Some(' ') {
                spaces += 1;
            }
            let next = self.peek_at(spaces);
            let blank = matches!(next, None | Some('\n' | '\r'));
            if next.is_none() {
                self.pos = self.chars.len();
                return;
            }
            if blank || (spaces as isize) > indent {
                self.pos = start;
                self.skip_line();
            } else {
                self.pos = start;
                return;
            }
        }
    }

    fn document(&mut self) -> Option<usize> {
        if self.peek() == Some('\u{feff}') {
            self.pos += 1;
        }
        // Directives and the document start marker.
        loop {
            self.skip_space();
            if self.column_of(self.pos) == 0 && self.peek() == Some('%') {
                self.skip_line();
                continue;
            }
            if self.column_of(self.pos) == 0
                && self.chars[self.pos..].starts_with(&['-', '-', '-'])
                && Self::is_blank(self.peek_at(3))
            {
                self.pos += 3;
                continue;
            }
            break;
        }
        self.peek()?;
        self.root_span = Some(Span {
            start: self.pos,
            width: 1,
        });
        Some(self.block(-1))
    }

    /// A node in block context whose content must be indented more than `parent`.
    fn block(&mut self, parent: isize) -> usize {
        if self.depth >= MAX_DEPTH || !self.burn() {
            self.skip_deeper_lines(parent);
            return self.push(Node::Scalar);
        }
        self.depth += 1;
        let node = self.block_inner(parent);
        self.depth -= 1;
        node
    }

    fn block_inner(&mut self, parent: isize) -> usize {
        let line_before = self.line_of(self.pos);
        self.skip_space();
        if self.peek().is_none() {
            return self.push(Node::Scalar);
        }
        if self.line_of(self.pos) != line_before && (self.column_of(self.pos) as isize) <= parent {
            return self.push(Node::Scalar);
        }
        // Node properties: an anchor and a tag, in either order.
        let mut anchor = None;
        while let Some(c @ ('&' | '!')) = self.peek() {
            let start = self.pos + 1;
            while !Self::is_blank(self.peek()) {
                self.pos += 1;
            }
            if c == '&' {
                anchor = Some(self.chars[start..self.pos].iter().collect::<String>());
            }
            self.skip_inline();
            if self.at_line_end() {
                self.skip_space();
                if self.peek().is_none() || (self.column_of(self.pos) as isize) <= parent {
                    let node = self.push(Node::Scalar);
                    self.name(anchor, node);
                    return node;
                }
            }
        }
        let node = match self.peek() {
            Some('*') => {
                let start = self.pos + 1;
                while !Self::is_blank(self.peek()) && self.peek() != Some(',') {
                    self.pos += 1;
                }
                let name = self.chars[start..self.pos].iter().collect();
                self.skip_inline();
                self.push(Node::Alias(name))
            }
            Some('[' | '{') => {
                let node = self.flow();
                self.skip_inline();
                node
            }
            Some('|' | '>') => {
                self.skip_deeper_lines(parent);
                self.push(Node::Scalar)
            }
            Some('-') if Self::is_blank(self.peek_at(1)) => self.block_sequence(),
            _ => {
                if self.key_here().is_some() {
                    self.block_mapping()
                } else {
                    self.block_scalar(parent)
                }
            }
        };
        self.name(anchor, node);
        node
    }

    fn name(&mut self, anchor: Option<String>, node: usize) {
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, node);
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn block_sequence(&mut self) -> usize {
        let column = self.column_of(self.pos);
        let mut items = Vec::new();
        loop {
            if !self.burn() {
                break;
            }
            // At a `-` in `column`.
            self.pos += 1;
            self.skip_inline();
            let start = if self.at_line_end() {
                self.pos - 1
            } else {
                self.pos
            };
            // Content on the dash's line may be a compact mapping, indented at its first key.
            let value = self.block(column as isize);
            let width = self.scalar_width(value, start);
            items.push(Item {
                at: Span { start, width },
                value,
            });
            self.skip_space();
            if self.peek() == Some('-')
                && Self::is_blank(self.peek_at(1))
                && self.column_of(self.pos) == column
            {
                continue;
            }
            break;
        }
        self.push(Node::Seq(items))
    }

    /// The width to underline for an item: its first line when it is a scalar, else 1.
    fn scalar_width(&self, node: usize, start: usize) -> usize {
        if !matches!(self.nodes.get(node), Some(Node::Scalar | Node::Alias(_))) {
            return 1;
        }
        let mut end = start;
        while end < self.chars.len() && end < self.pos && self.chars[end] != '\n' {
            end += 1;
        }
        let text: String = self.chars[start..end].iter().collect();
        let text = match text.find(" #") {
            Some(at) => &text[..at],
            None => &text,
        };
        text.trim_end().chars().count().max(1)
    }

    fn block_mapping(&mut self) -> usize {
        let column = self.column_of(self.pos);
        let mut entries = Vec::new();
        loop {
            if !self.burn() {
                break;
            }
            let Some((key, width, after)) = self.key_here() else {
                break;
            };
            let at = Span {
                start: self.pos,
                width,
            };
            self.pos = after;
            self.skip_inline();
            let value = if self.at_line_end() {
                // The value starts on a later line: deeper, or a sequence at this column.
                let here = self.pos;
                self.skip_space();
                let next_column = self.column_of(self.pos);
                let sequence_here = next_column == column
                    && self.peek() == Some('-')
                    && Self::is_blank(self.peek_at(1));
                self.pos = here;
                if sequence_here {
                    self.block(column as isize - 1)
                } else {
                    self.block(column as isize)
                }
            } else {
                self.block(column as isize)
            };
            entries.push(Entry { key, at, value });
            self.skip_space();
            if self.peek().is_some() && self.column_of(self.pos) == column {
                continue;
            }
            break;
        }
        self.push(Node::Map(entries))
    }

    fn block_scalar(&mut self, parent: isize) -> usize {
        if let Some(q @ ('"' | '\'')) = self.peek() {
            match self.quoted_end(self.pos, q) {
                Some(end) => {
                    self.pos = end;
                    self.skip_inline();
                }
                None => self.pos = self.chars.len(),
            }
            if !self.at_line_end() {
                self.skip_line();
            }
            return self.push(Node::Scalar);
        }
        // A plain scalar, possibly continued on lines indented more than its parent.
        self.skip_deeper_lines(parent);
        self.push(Node::Scalar)
    }
}
