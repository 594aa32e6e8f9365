//! Finds where a JSON pointer's node stands in the spec text (YAML or JSON), as line:column.
//!
//! The spec has already been parsed when a diagnostic needs a place, so this is not a
//! validating parser: it is a small scanner that recovers the shape of the document (block
//! and flow mappings and sequences, quoted and plain keys, anchors and aliases) with the
//! position of every key and item. Anything it does not understand ends the node it is in,
//! and a pointer it cannot follow to the end gives its deepest ancestor that it found.

use std::collections::BTreeMap;

/// Where a node stands: 1-based line and column (in characters) of its key (for a mapping
/// entry) or of its first character (for a sequence item or the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// How many characters the key (or scalar item) spans on that line, at least 1.
    pub width: usize,
    /// Whether the whole pointer was found; `false` when this is an ancestor of the node.
    pub exact: bool,
}

/// The place of the node at `pointer` (`#/paths/~1pets/get`, `#` for the document) in `text`,
/// or of its deepest ancestor present in the text; `None` when the text has no node at all.
pub fn locate(text: &str, pointer: &str) -> Option<Location> {
    let tree = Tree::parse(text);
    tree.find(pointer)
}

/// The lines of a text, to look many up by number.
pub struct Lines<'t> {
    text: &'t str,
    /// The byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Finds where every line of `text` starts.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines { text, starts }
    }

    /// The text of line `line` (1-based), without its line break.
    pub fn get(&self, line: usize) -> Option<&'t str> {
        let index = line.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The parsed shape of one document, to look several pointers up in.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
    anchors: BTreeMap<String, usize>,
    root: Option<usize>,
    root_span: Option<Span>,
    /// Character offset of the start of each line.
    line_starts: Vec<usize>,
}

#[derive(Debug)]
enum Node {
    Map(Vec<Entry>),
    Seq(Vec<Item>),
    Scalar,
    Alias(String),
}

#[derive(Debug)]
struct Entry {
    key: String,
    at: Span,
    value: usize,
}

#[derive(Debug)]
struct Item {
    at: Span,
    value: usize,
}

/// A place in the text: character offset and width.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    width: usize,
}

/// Nesting deeper than this is skipped rather than followed (the parsers stop at 128).
const MAX_DEPTH: usize = 256;
/// How many aliases a lookup follows before giving up (they cannot form a loop in valid
/// YAML, but the text was not necessarily valid).
const MAX_ALIAS_HOPS: usize = 64;

impl Tree {
    /// Scans `text`; never fails, at worst the tree is partial.
    pub fn parse(text: &str) -> Tree {
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

    /// See [`locate`].
    pub fn find(&self, pointer: &str) -> Option<Location> {
        self.lookup(pointer, false)
    }

    /// Like [`Tree::find`], but where a mapping has the pointer's last key more than once
    /// (which a parser rejects), the place of the last one.
    pub fn find_last(&self, pointer: &str) -> Option<Location> {
        self.lookup(pointer, true)
    }

    fn lookup(&self, pointer: &str, last: bool) -> Option<Location> {
        let root = self.root?;
        let mut span = self.root_span?;
        let mut node = root;
        // What is not a pointer is looked up as the document.
        let segments = crate::pointer::segments(pointer).unwrap_or_default();
        let mut exact = true;
        for (i, segment) in segments.iter().enumerate() {
            node = self.resolve(node);
            let next = match self.nodes.get(node) {
                Some(Node::Map(entries)) if last && i + 1 == segments.len() => entries
                    .iter()
                    .rfind(|e| &e.key == segment)
                    .map(|e| (e.at, e.value)),
                Some(Node::Map(entries)) => entries
                    .iter()
                    .find(|e| &e.key == segment)
                    .map(|e| (e.at, e.value)),
                Some(Node::Seq(items)) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|item| (item.at, item.value)),
                _ => None,
            };
            match next {
                Some((at, value)) => {
                    span = at;
                    node = value;
                }
                None => {
                    exact = false;
                    break;
                }
            }
        }
        let (line, column) = self.line_column(span.start);
        Some(Location {
            line,
            column,
            width: span.width.max(1),
            exact,
        })
    }

    fn resolve(&self, mut node: usize) -> usize {
        for _ in 0..MAX_ALIAS_HOPS {
            match self.nodes.get(node) {
                Some(Node::Alias(name)) => match self.anchors.get(name) {
                    Some(&target) => node = target,
                    None => return node,
                },
                _ => return node,
            }
        }
        node
    }

    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        (line.max(1), offset.saturating_sub(start) + 1)
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

    /// A key at the current position: its text, width, and the offset after its `:`.
    fn key_here(&self) -> Option<(String, usize, usize)> {
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
    fn quoted_end(&self, start: usize, quote: char) -> Option<usize> {
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

    /// A flow collection (`[...]` or `{...}`) at the current position.
    fn flow(&mut self) -> usize {
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

/// The value of a quoted scalar, from its characters including the quotes.
fn unquote(chars: &[char], quote: char) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, pointer, expected line, column, width, exact)
    type Case = (&'static str, &'static str, usize, usize, usize, bool);

    fn check(cases: &[Case]) {
        for &(text, pointer, line, column, width, exact) in cases {
            let found = locate(text, pointer);
            assert_eq!(
                found,
                Some(Location {
                    line,
                    column,
                    width,
                    exact
                }),
                "{pointer} in:\n{text}"
            );
        }
    }

    const BLOCK: &str = "\
# a comment: not a key
openapi: 3.0.3
info:
  title: T   # trailing: comment
  version: '1'
paths:
  /api/contacts:
    post:
      requestBody:
        content: {}
      parameters:
        - name: id
          in: path
        -   name: q
            in: query
        - plain item
tags:
- a
- b: 1
  c: 2
";

    #[test]
    fn block_mappings_and_sequences() {
        check(&[
            (BLOCK, "#", 2, 1, 1, true),
            (BLOCK, "#/openapi", 2, 1, 7, true),
            (BLOCK, "#/info/version", 5, 3, 7, true),
            (BLOCK, "#/paths/~1api~1contacts", 7, 3, 13, true),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/requestBody",
                9,
                7,
                11,
                true,
            ),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/requestBody/content",
                10,
                9,
                7,
                true,
            ),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/parameters/0",
                12,
                11,
                1,
                true,
            ),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/parameters/0/in",
                13,
                11,
                2,
                true,
            ),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/parameters/1/in",
                15,
                13,
                2,
                true,
            ),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/parameters/2",
                16,
                11,
                10,
                true,
            ),
            (BLOCK, "#/tags/0", 18, 3, 1, true),
            (BLOCK, "#/tags/1/c", 20, 3, 1, true),
        ]);
    }

    #[test]
    fn missing_nodes_give_their_deepest_ancestor() {
        check(&[
            (BLOCK, "#/paths/~1api~1contacts/get", 7, 3, 13, false),
            (
                BLOCK,
                "#/paths/~1api~1contacts/post/parameters/9",
                11,
                7,
                10,
                false,
            ),
            (BLOCK, "#/info/title/deeper", 4, 3, 5, false),
            (BLOCK, "#/nothing", 2, 1, 1, false),
            (BLOCK, "#/tags/x", 17, 1, 4, false),
        ]);
    }

    #[test]
    fn flow_yaml_and_quoted_keys() {
        let text = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  '/a/{id}':
    get:
      responses: {'200': {description: ok}, \"404\": {description: gone}}
      parameters: [{name: id, in: path}, {$ref: '#/components/parameters/Q'}]
\"quoted key\": {a: [1, [2, 3]], b: x}
'it''s': 1
";
        check(&[
            (text, "#/info/version", 2, 18, 7, true),
            (text, "#/paths/~1a~1{id}", 4, 3, 9, true),
            (text, "#/paths/~1a~1{id}/get/responses/200", 6, 19, 5, true),
            (
                text,
                "#/paths/~1a~1{id}/get/responses/404/description",
                6,
                53,
                11,
                true,
            ),
            (text, "#/paths/~1a~1{id}/get/parameters/1", 7, 42, 1, true),
            (
                text,
                "#/paths/~1a~1{id}/get/parameters/1/$ref",
                7,
                43,
                4,
                true,
            ),
            (text, "#/quoted key/a/1/0", 8, 24, 1, true),
            (text, "#/quoted key/b", 8, 32, 1, true),
            (text, "#/it's", 9, 1, 7, true),
        ]);
    }

    #[test]
    fn json() {
        let text = r#"{
  "openapi": "3.0.3",
  "info": {"title": "T", "version": "1"},
  "paths": {
    "/a": {
      "get": {"operationId": 5, "tags": ["x", "y"]}
    }
  },
  "esc\"aped": {"\u0041": 1}
}"#;
        check(&[
            (text, "#", 1, 1, 1, true),
            (text, "#/openapi", 2, 3, 9, true),
            (text, "#/info/version", 3, 26, 9, true),
            (text, "#/paths/~1a/get/operationId", 6, 15, 13, true),
            (text, "#/paths/~1a/get/tags/1", 6, 47, 3, true),
            (text, "#/esc\"aped/A", 9, 17, 8, true),
        ]);
        // Minified, on one line.
        let text = r#"{"a":{"b":[0,{"c":true}]}}"#;
        check(&[(text, "#/a/b/1/c", 1, 15, 3, true)]);
    }

    #[test]
    fn block_scalars_and_multiline_values_hide_their_text() {
        let text = "\
a:
  description: |
    b: not a key
    - not an item
  long: one
    two: three
  quoted: \"x
    c: 1\"
  c: |-

    still text
  d: 4
e: &anchor
  f: 5
g: *anchor
";
        check(&[
            (text, "#/a/b", 1, 1, 1, false),
            (text, "#/a/c", 9, 3, 1, true),
            (text, "#/a/d", 12, 3, 1, true),
            (text, "#/e/f", 14, 3, 1, true),
            // Through an alias, the node is where the anchored one is written.
            (text, "#/g/f", 14, 3, 1, true),
        ]);
    }

    #[test]
    fn documents_with_markers_and_crlf() {
        check(&[
            ("%YAML 1.2\n---\na: 1\n", "#/a", 3, 1, 1, true),
            ("--- {a: {b: 1}}\n", "#/a/b", 1, 10, 1, true),
            ("a:\r\n  b: 1\r\n", "#/a/b", 2, 3, 1, true),
            ("\u{feff}a: 1\n", "#/a", 1, 2, 1, true),
        ]);
        assert_eq!(locate("", "#"), None);
        assert_eq!(locate("# only a comment\n", "#/a"), None);
    }

    #[test]
    fn never_stalls_on_garbage() {
        let deep = "[".repeat(100_000);
        let inputs = [
            "{a: [}]",
            "[: x]",
            "{: 1}",
            "- - - - -",
            "a: b: c",
            "'unterminated",
            "\"unterminated\\",
            "{\"a\": ",
            deep.as_str(),
            "&a &b !t *c",
            "? complex\n: value\n",
        ];
        for text in inputs {
            let _ = locate(text, "#/a/0/b");
        }
        let nested = format!("a: {}1{}", "[".repeat(1000), "]".repeat(1000));
        assert!(locate(&nested, "#/a/0/0/0").is_some_and(|l| l.exact));
    }

    #[test]
    fn the_last_of_duplicate_keys() {
        let text = "a:\n  b: 1\n  b: 2\n";
        assert_eq!(locate(text, "#/a/b").map(|l| l.line), Some(2));
        let tree = Tree::parse(text);
        assert_eq!(tree.find_last("#/a/b").map(|l| l.line), Some(3));
    }

    #[test]
    fn lines_strip_the_line_break() {
        let lines = Lines::new("a\r\nb\n");
        assert_eq!(lines.get(1), Some("a"));
        assert_eq!(lines.get(2), Some("b"));
        assert_eq!(lines.get(0), None);
        assert_eq!(Lines::new("a\n").get(3), None);
    }

    /// The text of line `line` (1-based), without its line break, read from the start: what
    /// [`Lines`] gives faster.
    fn line_text(text: &str, line: usize) -> Option<&str> {
        let line = text.split('\n').nth(line.checked_sub(1)?)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    #[test]
    fn lines_are_line_text() {
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb\n",
            "\n\n",
            "a\nb\r\n\r\nc",
            "é\nü\r",
        ] {
            let lines = Lines::new(text);
            for line in 0..6 {
                assert_eq!(
                    lines.get(line),
                    line_text(text, line),
                    "{text:?} line {line}"
                );
            }
        }
    }
}
