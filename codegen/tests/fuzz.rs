//! No input makes codegen panic: arbitrary bytes, token soup, and mutations of the real
//! specs go through loading, linting, lowering, emitting and the rendering of diagnostics,
//! which must each end in `Ok` or `Err`.
//!
//! A few hundred cases run with `cargo test`, the same ones on every run (a fixed seed), so a
//! failure is never a matter of luck; `CODEGEN_FUZZ_CASES=100000 PROPTEST_RNG_SEED=7 cargo test
//! -p codegen --release --test fuzz` runs as many cases as asked, from another seed.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::path::Path;

/// The seed of the cases when `PROPTEST_RNG_SEED` does not name one.
const SEED: u64 = 0x5eed_c0de;

/// Cases per property: `CODEGEN_FUZZ_CASES`, or a number that takes a few seconds; from
/// `PROPTEST_RNG_SEED`, or from [`SEED`].
fn config(default: u32) -> Config {
    let cases = std::env::var("CODEGEN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    let config = Config::default();
    let rng_seed = match config.rng_seed {
        RngSeed::Random => RngSeed::Fixed(SEED),
        fixed => fixed,
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        ..config
    }
}

/// The specs the mutations start from: the real one, the fixtures, the broken ones.
fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = vec![root.join("spec/recepta.yaml")];
    for dir in [
        root.join("tests/fixtures"),
        root.join("codegen/tests/broken"),
    ] {
        let mut found: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            })
            .collect();
        found.sort();
        paths.extend(found);
    }
    let mut seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    seeds.push(deep_spec());
    seeds
}

/// A valid spec whose schemas nest as deep as the parser allows, one kind of nesting a line.
fn deep_spec() -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\nservers: [{url: 'https://x'}]\npaths:\n  /a:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Properties'}}}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Items'}}}}}\ncomponents:\n  schemas:\n",
    );
    let nest = |open: &str, close: &str, leaf: &str, depth: usize| {
        format!("{}{leaf}{}", open.repeat(depth), close.repeat(depth))
    };
    let kinds = [
        (
            "Properties",
            "{type: object, properties: {a: ",
            "}}",
            55,
            "{type: string}",
        ),
        ("Items", "{type: array, items: ", "}", 110, "{type: string}"),
        // Lowering merges at most 32 levels of `allOf`.
        (
            "AllOf",
            "{allOf: [{type: object, properties: {b: {type: string}}}, ",
            "]}",
            30,
            "{type: object}",
        ),
        (
            "OneOf",
            "{oneOf: [{type: string}, ",
            "]}",
            55,
            "{type: string}",
        ),
        (
            "Maps",
            "{type: object, additionalProperties: ",
            "}",
            110,
            "{type: string}",
        ),
        ("Not", "{not: ", "}", 110, "{type: string}"),
    ];
    for (name, open, close, depth, leaf) in kinds {
        text.push_str(&format!("    {name}: {}\n", nest(open, close, leaf, depth)));
    }
    text
}

/// Runs the whole library on `text`; any panic fails the property.
fn exercise(text: &str) {
    let file = "fuzz.yaml";
    match codegen::load::parse(text, file) {
        Ok(document) => {
            let warnings = codegen::check::lint::lint(&document, None, file);
            let _ = codegen::diagnostics::render(&warnings, false);
            if let Err(error) = codegen::lower::lower(&document, file) {
                let error = codegen::diagnostics::placed(error, text);
                let _ = codegen::diagnostics::render(error.diagnostics(), true);
            }
        }
        Err(error) => {
            let _ = codegen::diagnostics::placed(error, text).to_string();
        }
    }
    let source = codegen::Source {
        file: file.to_string(),
        text: text.to_string(),
    };
    match codegen::generate_source(&source, None) {
        Ok(generated) => {
            let _ = codegen::diagnostics::render(&generated.warnings, false);
        }
        // Emitting code that does not parse is a bug whatever the spec says.
        Err(codegen::Error::Internal(message)) => panic!("internal error: {message}"),
        Err(error) => {
            let _ = codegen::diagnostics::render(error.diagnostics(), false);
            let _ = error.to_string();
        }
    }
}

/// Values a mutation puts in place of a scalar.
const SCALARS: &[&str] = &[
    "0",
    "-1",
    "42",
    "3.5",
    "1e400",
    "true",
    "null",
    "~",
    "''",
    "\"\"",
    "[]",
    "{}",
    "[1, [2]]",
    "{a: {b: c}}",
    "string",
    "object",
    "array",
    "integer",
    "number",
    "boolean",
    "path",
    "query",
    "header",
    "cookie",
    "body",
    "form",
    "deepObject",
    "matrix",
    "bearer",
    "digest",
    "apiKey",
    "oauth2",
    "\"#/components/schemas/Thing\"",
    "\"#/components/schemas/\"",
    "\"#/components/parameters/X\"",
    "\"#/components/responses/X\"",
    "\"#\"",
    "\"other.yaml#/A\"",
    "\"/a/{id}\"",
    "\"/a/{\"",
    "\"{}\"",
    "\"}\"",
    "self",
    "Self",
    "crate",
    "type",
    "1abc",
    "\"a b-c\"",
    "\"\\u00e9t\\u00e9\"",
    "\"日本\"",
    "\"\\t\"",
    "&anchor x",
    "*anchor",
    "*missing",
    "|\n  block",
    ">-\n  folded",
    "!tag x",
    ".nan",
    ".inf",
    "0x1F",
    "2024-01-01T00:00:00Z",
    "\"application/json\"",
    "\"text/plain\"",
    "\"*/*\"",
    "\"200\"",
    "\"2XX\"",
    "default",
    "\"x-ext\"",
];

/// Lines a mutation inserts.
const LINES: &[&str] = &[
    "  $ref: '#/components/schemas/Thing'",
    "$ref: '#/components/schemas/A'",
    "      - $ref: '#/components/parameters/P'",
    "  allOf: [{$ref: '#/components/schemas/A'}, {type: object}]",
    "  oneOf: [{type: string}, {type: integer}]",
    "  anyOf: [{$ref: '#/components/schemas/A'}]",
    "  not: {type: string}",
    "  discriminator: {propertyName: kind}",
    "  nullable: true",
    "  readOnly: true",
    "  additionalProperties: false",
    "  additionalProperties: {type: string}",
    "  items: {$ref: '#/components/schemas/A'}",
    "  required: [a, b]",
    "  enum: [a, b, null]",
    "  enum: [1, 2]",
    "  type: [string, 'null']",
    "  format: date-time",
    "  format: uuid",
    "  default: x",
    "  uniqueItems: true",
    "components: {schemas: {A: {$ref: '#/components/schemas/A'}}}",
    "  parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
    "  parameters: {}",
    "  requestBody: {content: {}}",
    "  responses: {default: {description: d}}",
    "  security: [{missing: []}]",
    "  callbacks: {c: {'{$url}': {post: {responses: {}}}}}",
    "  servers: [{url: /relative}]",
    "  operationId: dup",
    "  /x/{y}: {get: {responses: {}}}",
    "  <<: *anchor",
    "x-ext: &anchor {a: 1}",
    "---",
    "...",
    "%YAML 1.2",
    "# comment",
    "",
    "\t",
    "  ? complex",
    "  : value",
];

/// One change to the text of a spec. Indexes are taken modulo the number of lines.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Scalar(usize, usize),
    Insert(usize, usize),
    Indent(usize, bool),
    Truncate(usize),
    Char(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), 0..SCALARS.len()).prop_map(|(a, b)| Mutation::Scalar(a, b)),
        (any::<usize>(), 0..SCALARS.len()).prop_map(|(a, b)| Mutation::Scalar(a, b)),
        (any::<usize>(), 0..LINES.len()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Mutation::Indent(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop::sample::select(vec![
                '{', '}', '[', ']', ':', '-', '\'', '"', '#', '&', '*', '\n', ' ', ',', '~', '/',
                '\\', '\0', 'é'
            ])
        )
            .prop_map(|(a, c)| Mutation::Char(a, c)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for mutation in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match mutation {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Scalar(i, s) => {
                let line = &mut lines[i % n];
                // After the last `: ` (a value) or `- ` (an item), else the whole line.
                let at = line
                    .rfind(": ")
                    .map(|at| at + 2)
                    .or_else(|| line.find("- ").map(|at| at + 2))
                    .unwrap_or(0);
                line.truncate(at);
                line.push_str(SCALARS[*s]);
            }
            Mutation::Insert(i, l) => {
                let indent = lines[i % n].len() - lines[i % n].trim_start().len();
                lines.insert(i % n, format!("{}{}", " ".repeat(indent), LINES[*l]));
            }
            Mutation::Indent(i, deeper) => {
                let line = &mut lines[i % n];
                if *deeper {
                    line.insert_str(0, "  ");
                } else if line.starts_with("  ") {
                    line.replace_range(..2, "");
                }
            }
            Mutation::Truncate(i) => lines.truncate(i % n + 1),
            Mutation::Char(i, c) => {
                let line = &mut lines[i % n];
                let chars: Vec<char> = line.chars().collect();
                let at = if chars.is_empty() {
                    0
                } else {
                    i / n % (chars.len() + 1)
                };
                let mut out: String = chars[..at].iter().collect();
                out.push(*c);
                out.extend(&chars[at..]);
                *line = out;
            }
        }
    }
    lines.join("\n") + "\n"
}

/// A change to the parsed document; indexes pick nodes (in document order) modulo their
/// number.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, usize),
    Remove(usize),
    Copy(usize, usize),
    Rename(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Replace(a, b)),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Copy(a, b)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Rename(a, b)),
    ]
}

/// Values an edit puts in place of a node; `{ref}` becomes a `$ref` to a schema of the spec.
const VALUES: &[&str] = &[
    r##""x""##,
    r##""""##,
    "0",
    "-1",
    "1.5",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    r##"{"$ref": "{ref}"}"##,
    r##"{"$ref": "#/components/schemas/Missing"}"##,
    r##"{"$ref": "#/components/parameters/P"}"##,
    r##"{"$ref": "#/components/responses/R"}"##,
    r##"{"type": "string"}"##,
    r##"{"type": "string", "enum": ["a", "b", null], "default": "a"}"##,
    r##"{"type": "integer", "enum": [1, 2], "default": 3}"##,
    r##"{"type": "integer", "format": "int32", "minimum": 5, "maximum": 1}"##,
    r##"{"type": "number", "example": "nan"}"##,
    r##"{"type": "string", "format": "date-time", "example": "yesterday"}"##,
    r##"{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a", "b"]}"##,
    r##"{"type": "object", "additionalProperties": {"$ref": "{ref}"}}"##,
    r##"{"type": "object", "additionalProperties": false, "properties": {}}"##,
    r##"{"type": "array", "items": {"$ref": "{ref}"}, "uniqueItems": true}"##,
    r##"{"type": "array"}"##,
    r##"{"oneOf": [{"type": "string"}, {"type": "integer"}, {"$ref": "{ref}"}]}"##,
    r##"{"oneOf": [{"$ref": "{ref}"}, {"$ref": "{ref}"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "{ref}"}}}"##,
    r##"{"anyOf": [{"$ref": "{ref}"}, {"type": "null"}]}"##,
    r##"{"allOf": [{"$ref": "{ref}"}, {"type": "object", "properties": {"z": {"type": "boolean"}}}]}"##,
    r##"{"allOf": [{"type": "string"}, {"type": "integer"}]}"##,
    r##"{"allOf": []}"##,
    r##"{"not": {"type": "string"}}"##,
    r##"{"nullable": true}"##,
    r##"{"type": "string", "nullable": true, "readOnly": true, "writeOnly": true}"##,
    r##"{"name": "p", "in": "path", "required": true, "schema": {"type": "string"}}"##,
    r##"{"name": "q", "in": "query", "style": "deepObject", "schema": {"$ref": "{ref}"}}"##,
    r##"{"name": "h", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}}"##,
    r##"{"name": "c", "in": "cookie", "schema": {"type": "string"}}"##,
    r##"{"description": "d", "content": {"application/json": {"schema": {"$ref": "{ref}"}, "example": {"a": 1}}}}"##,
    r##"{"description": "d", "content": {"text/plain": {}}, "headers": {"X": {"schema": {"type": "string"}}}}"##,
    r##"{"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}"##,
    r##"{"content": {"multipart/form-data": {"schema": {"type": "object"}}}}"##,
    r##"{"get": {"responses": {"default": {"description": "d"}}}}"##,
    r##"{"type": "apiKey", "in": "query", "name": "k"}"##,
    r##"{"type": "http", "scheme": "Bearer"}"##,
    r##"[{"a": []}, {"b": ["x"]}]"##,
    r##""/a/{id}/b/{id}""##,
    r##""#/components/schemas/""##,
    "18446744073709551615",
    "-9223372036854775808",
    "1e308",
];

/// Keys an edit renames a key to.
const KEYS: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "required",
    "enum",
    "default",
    "example",
    "nullable",
    "additionalProperties",
    "discriminator",
    "in",
    "name",
    "schema",
    "content",
    "responses",
    "parameters",
    "requestBody",
    "security",
    "default",
    "200",
    "2XX",
    "/a/{x}",
    "get",
    "post",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "1a",
    "a-b",
    "A b",
    "",
    "_",
    "é",
    "x-ext",
];

/// Every node of `value`, as paths from the root, in document order.
fn node_paths(value: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                path.push(key.clone());
                node_paths(inner, path, out);
                path.pop();
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                path.push(i.to_string());
                node_paths(inner, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(
    value: &'v mut serde_json::Value,
    path: &[String],
) -> Option<&'v mut serde_json::Value> {
    path.iter().try_fold(value, |node, key| match node {
        serde_json::Value::Object(map) => map.get_mut(key),
        serde_json::Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn apply_edits(mut document: serde_json::Value, edits: &[Edit]) -> serde_json::Value {
    let schema = document
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .and_then(|s| s.keys().next().cloned())
        .unwrap_or_else(|| "Thing".to_string());
    let reference = format!("#/components/schemas/{schema}");
    for edit in edits {
        let mut paths = Vec::new();
        node_paths(&document, &mut Vec::new(), &mut paths);
        if paths.len() > 20_000 {
            break;
        }
        let pick = |i: usize| paths[i % paths.len()].clone();
        match edit {
            Edit::Replace(at, v) => {
                let text = VALUES[v % VALUES.len()].replace("{ref}", &reference);
                let new: serde_json::Value = serde_json::from_str(&text).unwrap();
                if let Some(node) = node_mut(&mut document, &pick(*at)) {
                    *node = new;
                }
            }
            Edit::Remove(at) => {
                let path = pick(*at);
                if let Some((last, parent)) = path.split_last()
                    && let Some(parent) = node_mut(&mut document, parent)
                {
                    match parent {
                        serde_json::Value::Object(map) => {
                            map.shift_remove(last);
                        }
                        serde_json::Value::Array(items) => {
                            if let Ok(i) = last.parse::<usize>()
                                && i < items.len()
                            {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Edit::Copy(from, to) => {
                let copied = node_mut(&mut document, &pick(*from)).map(|n| n.clone());
                if let (Some(copied), Some(node)) = (copied, node_mut(&mut document, &pick(*to))) {
                    *node = copied;
                }
            }
            Edit::Rename(at, k) => {
                let path = pick(*at);
                if let Some((last, parent)) = path.split_last()
                    && let Some(serde_json::Value::Object(map)) = node_mut(&mut document, parent)
                    && let Some(inner) = map.shift_remove(last)
                {
                    map.insert(KEYS[k % KEYS.len()].to_string(), inner);
                }
            }
        }
    }
    document
}

/// Runs `property` in a thread with the stack of a main thread, as the binary has.
fn with_main_stack(property: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(property)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn mutated_specs_never_panic() {
    with_main_stack(|| {
        let seeds = seeds();
        let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..8));
        let mut runner = TestRunner::new(config(150));
        runner
            .run(&strategy, |(seed, mutations)| {
                let text = apply(&seeds[seed], &mutations);
                exercise(&text);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn edited_documents_never_panic() {
    with_main_stack(|| {
        let seeds: Vec<serde_json::Value> = seeds()
            .iter()
            .filter_map(|text| codegen::load::parse_value(text, "seed.yaml").ok())
            .collect();
        let strategy = (
            0..seeds.len(),
            prop::collection::vec(edit(), 1..6),
            any::<bool>(),
        );
        let mut runner = TestRunner::new(config(20));
        runner
            .run(&strategy, |(seed, edits, pretty)| {
                let document = apply_edits(seeds[seed].clone(), &edits);
                let text = if pretty {
                    serde_json::to_string_pretty(&document).unwrap()
                } else {
                    serde_yaml::to_string(&document).unwrap()
                };
                exercise(&text);
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn token_soup_never_panics() {
    with_main_stack(|| {
        let tokens = prop::sample::select(vec![
            "openapi: 3.0.3\n",
            "info: {title: T, version: '1'}\n",
            "paths:\n",
            "components:\n",
            "schemas:\n",
            "  ",
            "- ",
            "\n",
            "[",
            "]",
            "{",
            "}",
            ", ",
            ": ",
            "'",
            "\"",
            "#",
            "&a ",
            "*a",
            "|\n",
            ">\n",
            "? ",
            "$ref",
            "'#/components/schemas/A'",
            "A",
            "type",
            "object",
            "properties",
            "items",
            "get",
            "/a/{id}",
            "responses",
            "200",
            "\\",
            "\t",
            "---\n",
            "<<",
            "!t ",
            "x-",
            "~",
            "1",
            "é",
        ]);
        let strategy = prop::collection::vec(tokens, 0..200).prop_map(|t| t.concat());
        let mut runner = TestRunner::new(config(300));
        runner
            .run(&strategy, |text| {
                exercise(&text);
                for pointer in ["#", "#/paths/~1a~1{id}/get", "#/components/schemas/A/0"] {
                    let _ = codegen::diagnostics::locate(&text, pointer);
                }
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn arbitrary_bytes_never_panic() {
    with_main_stack(|| {
        let strategy = prop::collection::vec(any::<u8>(), 0..2000);
        let mut runner = TestRunner::new(config(300));
        runner
            .run(&strategy, |bytes| {
                let text = String::from_utf8_lossy(&bytes);
                exercise(&text);
                let _ = codegen::diagnostics::locate(&text, "#/a/0");
                Ok(())
            })
            .unwrap();
    });
}

#[test]
fn the_deepest_valid_spec_generates() {
    with_main_stack(|| {
        let source = codegen::Source {
            file: "deep.yaml".to_string(),
            text: deep_spec(),
        };
        if let Err(error) = codegen::generate_source(&source, None) {
            panic!("{error}");
        }
    });
}

/// A chain of aliases (`A0: {$ref: A1}`, `A1: {$ref: A2}`, ...) as long as generated specs
/// have: checking it for cycles takes time in proportion to its length, so it finishes.
#[test]
fn a_chain_of_twenty_thousand_aliases_generates() {
    let count = 20_000;
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Aliases, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/A0'}}}\ncomponents:\n  schemas:\n",
    );
    for i in 0..count {
        text.push_str(&format!(
            "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "    A{count}: {{type: object, properties: {{name: {{type: string}}}}}}\n"
    ));
    let source = codegen::Source {
        file: "aliases.yaml".to_string(),
        text,
    };
    if let Err(error) = codegen::generate_source(&source, None) {
        panic!("{error}");
    }
}

#[test]
fn every_run_tries_the_same_cases() {
    use proptest::strategy::ValueTree;
    let first = |_| {
        let mut runner = TestRunner::new(config(1));
        prop::collection::vec(any::<u64>(), 8)
            .new_tree(&mut runner)
            .unwrap()
            .current()
    };
    assert_eq!(first(()), first(()));
}
