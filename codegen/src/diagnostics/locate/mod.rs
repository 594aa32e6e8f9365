//! Finds where a JSON pointer's node stands in the spec text (YAML or JSON), as line:column.
//!
//! The spec has already been parsed when a diagnostic needs a place, so this is not a
//! validating parser: it is a small scanner that recovers the shape of the document (block
//! and flow mappings and sequences, quoted and plain keys, anchors and aliases) with the
//! position of every key and item. Anything it does not understand ends the node it is in,
//! and a pointer it cannot follow to the end gives its deepest ancestor that it found.

mod scan;

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

/// How many aliases a lookup follows before giving up (they cannot form a loop in valid
/// YAML, but the text was not necessarily valid).
const MAX_ALIAS_HOPS: usize = 64;
impl Tree {
    /// Scans `text`; never fails, at worst the tree is partial.
    pub fn parse(text: &str) -> Tree {
        scan::tree(text)
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
}
