//! Loading: spec text (YAML or JSON) into an `openapiv3::OpenAPI`, with errors that say where.
//!
//! The text is first read into an untyped `serde_json::Value`, with limits on nesting (the
//! parsers' own, 128 levels) and on size once YAML aliases are expanded, so that no input
//! can take unbounded time or memory. The files its `$ref`s name are then bundled in
//! ([`bundle`]), and mistakes whose intent is plain are repaired, each with a warning
//! (`repair`). The version is checked next (Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2 are read; a
//! 2.0 document is rewritten in 3.0 form by `v20`, a 3.1 one by `v31`, a 3.2 one by `v32` then
//! `v31`, each recording its moves in `moves`), then every typed node innermost first (`validate`; `prune` leaves out what does
//! not fit, so that lowering still reports its own problems), then the whole document is
//! deserialized. [`load`] is the one function that runs these steps, in that order
//! (`pipeline`); [`parse`] is it with the default settings, for a document alone.

pub mod bundle;
mod duplicates;
mod encodings;
pub(crate) mod moves;
mod pipeline;
mod prune;
pub mod repair;
pub(crate) mod v20;
pub(crate) mod v31;
pub(crate) mod v32;
mod validate;

pub use moves::Upgraded;
pub use pipeline::{Load, Loaded, load};
/// The extension that holds the method of an operation 3.0 has no field for (3.2's `query`
/// and `additionalOperations`), for tools that read the loaded document.
pub use v32::METHOD;

use crate::diagnostics::{Diagnostic, Error, Result};
use crate::pointer::Pointer;
use openapiv3::OpenAPI;
use prune::check_pruned;
use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::path::Path;

/// A spec's text and the name it is shown under in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file name shown in diagnostics; also the path, from the working directory, that
    /// the files its `$ref`s name are found beside (see [`bundle`]).
    pub file: String,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// Reads the file at `path`; diagnostics will name it as `path` is written.
    pub fn read(path: &Path) -> Result<Source> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Source {
            file: path.display().to_string(),
            text,
        })
    }
}

/// The typed document of spec text, [`load`]ed with the default settings; `file` names it in
/// diagnostics, which have pointers but no line and column yet
/// ([`crate::diagnostics::placed`] finds them in `text`). The warnings are dropped on success
/// and follow the errors on failure; a node that does not fit its type is an error.
pub fn parse(text: &str, file: &str) -> Result<OpenAPI> {
    let source = Source {
        file: file.to_string(),
        text: text.to_string(),
    };
    let loaded = load(&source, repair::Allow::default(), |_| Vec::new()).loaded?;
    if loaded.errors.is_empty() {
        Ok(loaded.document)
    } else {
        Err(loaded.fail(Error::Spec(loaded.errors.clone())))
    }
}

/// Checks the document's version and rewrites a Swagger 2.0 or OpenAPI 3.1 or 3.2 document in
/// 3.0 form, in place: each input version has its own upgrade to the 3.0 model (`v20`, `v31`,
/// `v32`); `bundled` says whether its `$ref`s named other files. The warnings are about the
/// user's text, and the moves turn pointers into the rewritten tree back into pointers of that
/// text.
fn upgrade(value: &mut Value, file: &str, bundled: bool) -> Result<Upgraded> {
    check_version(file, value)?;
    match version_of(value) {
        // `swagger: 2.0` unquoted is a number in YAML, and still plainly the version.
        Some(("swagger", version, _)) if v20::is_20(&version) => Ok(v20::upgrade(value, file)),
        Some(("openapi", version, true)) if v31::is_31(&version) => Ok(v31::upgrade(value, file)),
        Some(("openapi", version, true)) if v32::is_32(&version) => {
            Ok(v32::upgrade(value, file, bundled))
        }
        _ => Ok(Upgraded::default()),
    }
}

/// Parses spec text into an untyped value. JSON is recognised by its leading `{`, anything
/// else is read as YAML (of which JSON is nearly a subset).
pub fn parse_value(text: &str, file: &str) -> Result<Value> {
    parse_value_warned(text, file).map(|(value, _)| value)
}

/// [`parse_value`], with the warnings of what it read as most YAML readers do: a key written
/// twice in a mapping is read once, the two values merged when both are mappings, else the
/// last one; a warning at each of the two.
fn parse_value_warned(text: &str, file: &str) -> Result<(Value, Vec<Diagnostic>)> {
    let reader = Reader {
        left: Cell::new(node_budget(text)),
        path: RefCell::new(Vec::new()),
        duplicates: RefCell::new(Vec::new()),
    };
    let parsed = if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        Node(&reader)
            .deserialize(&mut deserializer)
            .and_then(|value| deserializer.end().map(|()| value))
            .map_err(|e| {
                let position = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
                (position, e.to_string())
            })
    } else if let Some(position) = too_deep(text) {
        let mut diagnostic = Diagnostic::error(
            file,
            "",
            "the spec is not valid YAML or JSON: recursion limit exceeded",
        )
        .with_hint("the document nests more than 128 levels deep");
        diagnostic.position = Some(position);
        return Err(Error::Syntax(Box::new(diagnostic)));
    } else {
        let deserializer = serde_yaml::Deserializer::from_str(text);
        Node(&reader).deserialize(deserializer).map_err(|e| {
            let position = e.location().map(|l| (l.line(), l.column()));
            (position, e.to_string())
        })
    };
    match parsed {
        Ok(mut value) => {
            merge_keys(&mut value);
            Ok((value, duplicates::warnings(reader.duplicates.take(), file)))
        }
        Err((position, message)) => {
            // YAML errors raised below the top start with the path of the node (`a.b[0]: `),
            // which the position shows better.
            let message = match message.split_once(": ") {
                Some((path, rest)) if !path.contains(' ') && !reader.path.borrow().is_empty() => {
                    rest.to_string()
                }
                _ => message,
            };
            Err(syntax(file, position, &strip_position(&message)))
        }
    }
}

/// Where the text opens more than a thousand `[` and `{` that it has not closed, if it does.
///
/// The YAML parser stops at 128 levels, but only after scanning the whole text, and its
/// scanner takes time in the square of the depth of flow collections: a file of 100 000 `[`
/// would take minutes. Counting brackets overestimates the depth (brackets in strings count
/// too), so the limit is far above what a parser accepts.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    const LIMIT: usize = 1000;
    let (mut depth, mut line, mut column) = (0usize, 1, 0);
    for c in text.chars() {
        column += 1;
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > LIMIT {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => {
                line += 1;
                column = 0;
            }
            _ => {}
        }
    }
    None
}

/// Applies YAML merge keys (`<<: *base`, or `<<: [*a, *b]`): the merged mappings' entries
/// are added where the mapping does not have them, the first merged mapping first.
fn merge_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for inner in map.values_mut() {
                merge_keys(inner);
            }
            let sources = match map.remove("<<") {
                Some(Value::Object(source)) => vec![source],
                Some(Value::Array(items)) => items
                    .into_iter()
                    .filter_map(|item| match item {
                        Value::Object(source) => Some(source),
                        _ => None,
                    })
                    .collect(),
                Some(other) => {
                    // Not a mapping to merge: keep it as the plain key it then is.
                    map.insert("<<".to_string(), other);
                    Vec::new()
                }
                None => Vec::new(),
            };
            for source in sources {
                for (key, inner) in source {
                    map.entry(key).or_insert(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(merge_keys),
        _ => {}
    }
}

/// The typed document from a parsed value: the version first, then every node.
pub fn document(value: &Value, file: &str) -> Result<OpenAPI> {
    check_version(file, value)?;
    // The checks come first: reading a typed document with a node that does not fit takes
    // time that doubles with each level of nesting above it (see `validate`), so it is only
    // read once every node is known to fit.
    let errors = validate::validate(value, file);
    if !errors.is_empty() {
        return Err(Error::Spec(errors));
    }
    validate::typed::<OpenAPI>(value, &Pointer::root(), file).map_err(|d| Error::Spec(vec![*d]))
}

/// Checks that a parsed value is an OpenAPI 3.0 document (or an [`upgrade`]d 3.1 one) whose
/// every node fits its type: after this, its typed document can be read from it by value.
pub fn check(value: &Value, file: &str) -> Result<()> {
    check_version(file, value)?;
    let errors = validate::validate(value, file);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Spec(errors))
    }
}

/// How many nodes a document of this size may have once its aliases are expanded: generous
/// for any real spec (which has fewer nodes than characters), small enough that a document
/// made of aliases to aliases ("billion laughs") stops early.
fn node_budget(text: &str) -> usize {
    text.len().saturating_mul(4).saturating_add(100_000)
}

/// What reading the untyped value keeps track of.
struct Reader {
    /// Nodes left to read.
    left: Cell<usize>,
    /// Keys and indexes from the root to the node being read.
    path: RefCell<Vec<String>>,
    /// The keys written twice: the mapping's path, the key and whether both values were
    /// mappings (and were merged).
    duplicates: RefCell<Vec<(Vec<String>, String, bool)>>,
}

impl Reader {
    fn spend<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document is too large once its aliases are expanded",
            )),
        }
    }
}

/// Reads one node into a `serde_json::Value`, counting it against the budget, merging
/// duplicate keys, and dropping YAML tags.
struct Node<'b>(&'b Reader);

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML or JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.spend()?;
        // `.inf` and `.nan` have no JSON form.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::String(v))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::String(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.spend()?;
        let mut items = Vec::new();
        loop {
            self.0.path.borrow_mut().push(items.len().to_string());
            let item = seq.next_element_seed(Node(self.0));
            match item {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(e) => return Err(e),
            }
            self.0.path.borrow_mut().pop();
        }
        self.0.path.borrow_mut().pop();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.spend()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            self.0.path.borrow_mut().push(key.clone());
            let value = map.next_value_seed(Node(self.0))?;
            self.0.path.borrow_mut().pop();
            match out.get_mut(&key) {
                Some(earlier) => {
                    let merged = earlier.is_object() && value.is_object();
                    duplicates::merge(earlier, value);
                    let path = self.0.path.borrow().clone();
                    self.0.duplicates.borrow_mut().push((path, key, merged));
                }
                None => {
                    out.insert(key, value);
                }
            }
        }
        Ok(Value::Object(out))
    }

    /// A YAML value with a tag (`!name value`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant) = data.variant_seed(Key)?;
        variant.newtype_variant_seed(self)
    }
}

/// Reads a mapping key (or a YAML tag) as a string.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl serde::de::Visitor<'_> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number as a mapping key")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Ok(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
    }
}

/// The document's declared version: (`openapi` or `swagger`, its value as text, whether it
/// is written as a string).
fn version_of(value: &Value) -> Option<(&'static str, String, bool)> {
    for key in ["openapi", "swagger"] {
        if let Some(v) = value.get(key) {
            return Some(match v {
                Value::String(s) => (key, s.clone(), true),
                other => (key, other.to_string(), false),
            });
        }
    }
    None
}

/// The versions the generator reads, as messages name them.
const READ: &str = "Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x";

/// Accepts Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x; names anything else precisely, before any
/// inner node is looked at.
fn check_version(file: &str, value: &Value) -> Result<()> {
    let diagnostic = |pointer: &str, message: String, hint: &str| {
        Err(Error::Spec(vec![
            Diagnostic::error(file, pointer, message).with_hint(hint),
        ]))
    };
    if !value.is_object() {
        return diagnostic(
            "#",
            "this is not an OpenAPI document: it is not a mapping of fields".to_string(),
            "an OpenAPI document starts with `openapi: 3.1.0` (or `3.0.3`)",
        );
    }
    match version_of(value) {
        Some(("openapi", v, true))
            if v == "3.0" || v.starts_with("3.0.") || v31::is_31(&v) || v32::is_32(&v) =>
        {
            Ok(())
        }
        Some(("swagger", v, _)) if v20::is_20(&v) => Ok(()),
        Some(("openapi", v, false)) => diagnostic(
            "#/openapi",
            format!("the OpenAPI version must be a string, not `{v}`"),
            "write the full version, `openapi: 3.1.0`, or quote it",
        ),
        Some(("openapi", v, _)) if v.starts_with("3.") => diagnostic(
            "#/openapi",
            format!("OpenAPI {v} is not supported; this generator reads {READ}"),
            "write the document as OpenAPI 3.2.0 (or 3.1.1, or 3.0.3)",
        ),
        Some(("swagger", v, _)) => diagnostic(
            "#/swagger",
            format!("Swagger {v} is not supported; this generator reads {READ}"),
            "write `swagger: '2.0'`, or the document as OpenAPI 3.2.0",
        ),
        Some((_, v, _)) => diagnostic(
            "#/openapi",
            format!("unknown OpenAPI version `{v}`; this generator reads {READ}"),
            "set `openapi: 3.1.0` (or `3.0.3`)",
        ),
        None => diagnostic(
            "#",
            "this is not an OpenAPI document: it has no `openapi` field".to_string(),
            "an OpenAPI document starts with `openapi: 3.1.0` (or `3.0.3`)",
        ),
    }
}

/// Removes the " at line L column C" that parsers put in their messages, since the
/// diagnostic shows the place.
fn strip_position(message: &str) -> String {
    let Some(at) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[at + " at line ".len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = match rest.strip_prefix(" column ") {
        Some(after) => after.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    format!("{}{rest}", &message[..at])
}

fn syntax(file: &str, position: Option<(usize, usize)>, message: &str) -> Error {
    let mut diagnostic = Diagnostic::error(
        file,
        "",
        format!("the spec is not valid YAML or JSON: {message}"),
    );
    diagnostic.position = position;
    if message.contains("recursion limit exceeded") {
        diagnostic.hint = Some("the document nests more than 128 levels deep".to_string());
    } else if message.contains("repetition limit exceeded") || message.contains("aliases") {
        diagnostic.hint = Some(
            "aliases (`*name`) repeat their anchor's node; this document repeats too much"
                .to_string(),
        );
    }
    Error::Syntax(Box::new(diagnostic))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error of `text`, placed as a run places it.
    fn error_of(text: &str) -> String {
        match parse(text, "spec.yaml") {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(e) => crate::diagnostics::placed(e, text).to_string(),
        }
    }

    #[test]
    fn minimal_yaml_and_json_load() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        assert_eq!(parse(yaml, "a.yaml").unwrap().info.title, "T");
        let json = r#"{"openapi": "3.0.0", "info": {"title": "J", "version": "1"}, "paths": {}}"#;
        assert_eq!(parse(json, "a.json").unwrap().info.title, "J");
    }

    #[test]
    fn the_real_spec_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/recepta.yaml");
        let source = Source::read(&path).unwrap();
        let document = parse(&source.text, &source.file).unwrap();
        assert_eq!(document.info.title, "Recepta API");
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let message = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(message.contains("spec.yaml:3:1"), "{message}");
        assert!(message.contains("not valid YAML or JSON"), "{message}");
        assert!(message.contains("while parsing a flow"), "{message}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let message = error_of("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,}\n}");
        assert!(message.contains("spec.yaml:3:12"), "{message}");
        assert!(message.contains("  \"info\": {,}"), "{message}");
    }

    #[test]
    fn versions_other_than_those_read_are_named() {
        let cases = [
            (
                "swagger: '1.2'\n",
                "Swagger 1.2 is not supported",
                "spec.yaml:1:1",
            ),
            (
                "openapi: 3.3.0\n",
                "OpenAPI 3.3.0 is not supported",
                "spec.yaml:1:1",
            ),
            ("info: {}\n", "no `openapi` field", "spec.yaml:1:1"),
            (
                "openapi: 3.0\n",
                "must be a string, not `3.0`",
                "spec.yaml:1:1",
            ),
            (
                "openapi: '2.5'\n",
                "unknown OpenAPI version `2.5`",
                "spec.yaml:1:1",
            ),
            ("- a\n", "it is not a mapping", "spec.yaml:1:1"),
            ("", "it is not a mapping", "spec.yaml at #"),
            ("{\"swagger\": \"1.2\"}", "Swagger 1.2", "spec.yaml:1:2"),
        ];
        for (text, message, place) in cases {
            let error = error_of(text);
            assert!(error.contains(message), "{text:?}: {error}");
            assert!(error.contains(place), "{text:?}: {error}");
        }
    }

    #[test]
    fn wrong_node_type_gives_its_pointer_and_place() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: [1]\n      responses: {}\n";
        let message = error_of(yaml);
        assert!(
            message.contains("at #/paths/~1a/get/operationId")
                || message.contains(" #/paths/~1a/get/operationId"),
            "{message}"
        );
        assert!(message.contains("spec.yaml:6:7"), "{message}");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn duplicate_keys_are_merged_with_a_warning_at_each() {
        let text = "openapi: 3.0.3\nc: {a: {x: 1}, b: 2}\nv: 1\nc: {a: {y: 3}, b: 4}\nv: 5\n";
        let (value, warnings) = parse_value_warned(text, "spec.yaml").unwrap();
        assert_eq!(
            value["c"],
            serde_json::json!({"a": {"x": 1, "y": 3}, "b": 4})
        );
        assert_eq!(value["v"], 5);
        let placed = crate::diagnostics::placed(Error::Spec(warnings), text);
        let placed: Vec<String> = placed
            .diagnostics()
            .iter()
            .map(|w| format!("{:?} {}", w.position, w.message))
            .collect();
        assert_eq!(
            placed,
            [
                "Some((2, 1)) key `c` is written twice in this mapping: the two mappings are merged",
                "Some((3, 1)) key `v` is written twice in this mapping: the last value is read",
                "Some((4, 1)) key `c` is written again here: the two mappings are merged",
                "Some((5, 1)) key `v` is written again here: the last value is read",
            ]
        );
        let json = r#"{"openapi": "3.0.3", "openapi": "3.1.0"}"#;
        let (value, warnings) = parse_value_warned(json, "spec.json").unwrap();
        assert_eq!(
            (value["openapi"].as_str(), warnings.len()),
            (Some("3.1.0"), 2)
        );
    }

    #[test]
    fn tags_are_dropped_and_keys_become_strings() {
        let value = parse_value("a: !custom {b: 1}\n200: x\ntrue: y\n1.5: z\n", "s").unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a": {"b": 1}, "200": "x", "true": "y", "1.5": "z"})
        );
    }

    /// Parses `text`, which must fail quickly with a message containing `expected`.
    fn fails_fast(text: &str, expected: &str) {
        let started = std::time::Instant::now();
        let error = parse(text, "spec.yaml")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{error}");
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn alias_bombs_stop_early() {
        // Nine levels of ten aliases: 10^9 nodes if expanded.
        let mut text = String::from(
            "openapi: 3.0.3\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        let mut previous = 'a';
        for name in 'b'..='j' {
            let aliases = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("x-{name}: &{name} [{aliases}]\n"));
            previous = name;
        }
        fails_fast(&text, "aliases");
        // One big anchor repeated many times: quadratic rather than exponential, and under
        // the parser's own limit on repetitions, so the node budget is what stops it.
        let items = vec!["x"; 5_000].join(", ");
        let aliases = vec!["*big"; 5_000].join(", ");
        fails_fast(
            &format!("openapi: 3.0.3\nx-big: &big [{items}]\nx-many: [{aliases}]\n"),
            "too large once its aliases are expanded",
        );
    }

    #[test]
    fn deep_nesting_stops_at_the_parsers_limit() {
        let depth = 100_000;
        fails_fast(
            &format!(
                "openapi: 3.0.3\nx: {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
            "recursion limit exceeded",
        );
        fails_fast(
            &format!(
                "{{\"openapi\": {}{}}}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
            "recursion limit exceeded",
        );
        fails_fast(
            &format!(
                "openapi: 3.0.3\nx: {}1{}\n",
                "{a: ".repeat(depth),
                "}".repeat(depth)
            ),
            "recursion limit exceeded",
        );
        let mut block = String::from("openapi: 3.0.3\nx:\n");
        for level in 1..200 {
            block.push_str(&format!("{}- \n", "  ".repeat(level)));
        }
        fails_fast(&block, "recursion limit exceeded");
    }

    #[test]
    fn merge_keys_are_applied() {
        let value = parse_value(
            "base: &base {type: object, description: base}\nmore: &more {nullable: true}\na:\n  <<: [*base, *more]\n  description: own\nb: {<<: 5}\n",
            "s",
        )
        .unwrap();
        assert_eq!(
            value["a"],
            serde_json::json!({"description": "own", "type": "object", "nullable": true})
        );
        assert_eq!(value["b"], serde_json::json!({"<<": 5}));
    }

    #[test]
    fn strip_position_keeps_the_rest_of_the_message() {
        assert_eq!(
            strip_position(
                "did not find expected node content at line 2 column 7, while parsing a flow node"
            ),
            "did not find expected node content, while parsing a flow node"
        );
        assert_eq!(
            strip_position("expected value at line 1 column 2"),
            "expected value"
        );
        assert_eq!(strip_position("plain"), "plain");
    }
}
