//! Valid specs made at random, from fixed seeds, each give a crate that compiles with no
//! warnings and passes clippy: the shapes and names no hand-written fixture thought of
//! (keywords and digits as names, every format, nesting, references in every direction,
//! every parameter place, body and response kind, security scheme). All crates are compiled
//! in one scratch workspace. Slow (a minute or two), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test random_specs -- --ignored`. `RANDOM_SPECS=N` makes N specs.

use serde_json::{Map, Value, json};
use std::path::Path;
use tests::Scratch;

/// A small deterministic generator (xorshift64*), so every run makes the same specs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

/// Names that trip code generators: keywords, digits first, punctuation, case collisions.
const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "match",
    "async",
    "gen",
    "ref",
    "$ref",
    "2fa",
    "user-name",
    "user_name",
    "userName",
    "UserName",
    "Display Name",
    "a.b",
    "x",
    "value",
    "default",
    "fn",
    "Error",
    "Client",
    "Result",
    "Option",
    "body",
    "request",
    "_",
    "é",
];

const ENUM_VALUES: &[&str] = &[
    "a", "A", "a-b", "A B", "1", "", "type", "Other", "self", "ü",
];

const DESCRIPTIONS: &[Option<&str>] = &[
    None,
    Some(""),
    Some("   "),
    Some("A value."),
    Some("Has `code`, *emphasis*, <b>html</b> and [a link](https://example.com)."),
    Some("Line one.\n\nLine two with \"quotes\" and a trailing backslash \\"),
];

struct Maker {
    rng: Rng,
    components: Vec<String>,
    /// The component schema being made: an `allOf` part or a whole schema that is a `$ref`
    /// refers only to the ones before it, since a schema that is (or merges) itself is no
    /// valid schema.
    current: usize,
}

impl Maker {
    fn describe(&mut self, schema: &mut Map<String, Value>) {
        if let Some(text) = *self.rng.pick(DESCRIPTIONS) {
            schema.insert("description".into(), json!(text));
        }
        if self.rng.chance(15) {
            schema.insert("nullable".into(), json!(true));
        }
    }

    fn leaf(&mut self) -> Value {
        let mut schema = match self.rng.below(12) {
            0 => json!({"type": "string"}),
            1 => {
                json!({"type": "string", "format": *self.rng.pick(&["date-time", "date", "uuid", "byte", "binary", "email", "uri", "password"])})
            }
            2 => json!({"type": "integer"}),
            3 => json!({"type": "integer", "format": *self.rng.pick(&["int32", "int64"])}),
            4 => json!({"type": "number", "format": *self.rng.pick(&["float", "double"])}),
            5 => json!({"type": "number"}),
            6 => json!({"type": "boolean"}),
            7 => {
                let count = 1 + self.rng.below(4);
                let values: Vec<&str> = (0..count).map(|_| *self.rng.pick(ENUM_VALUES)).collect();
                json!({"type": "string", "enum": values})
            }
            8 => json!({"type": "integer", "enum": [1, 2, 30]}),
            9 => json!({"type": "object"}),
            10 => json!({}),
            _ => json!({"type": "string", "default": "x", "example": "y"}),
        };
        if let Value::Object(map) = &mut schema {
            self.describe(map);
        }
        schema
    }

    /// A `$ref` to any component: behind a property or an item, a cycle is fine.
    fn reference(&mut self) -> Value {
        let name = self.rng.pick(&self.components).clone();
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    /// A `$ref` to a component made before this one, or a leaf when there is none.
    fn earlier(&mut self) -> Value {
        if self.current == 0 {
            return self.leaf();
        }
        let name = self.components[self.rng.below(self.current)].clone();
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    fn object(&mut self, depth: usize) -> Value {
        let mut properties = Map::new();
        let count = self.rng.below(5);
        for _ in 0..count {
            let name = *self.rng.pick(NAMES);
            let schema = self.schema(depth + 1);
            properties.insert(name.to_string(), schema);
        }
        let required: Vec<&String> = properties.keys().filter(|_| self.rng.chance(40)).collect();
        let mut object = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            object["required"] = json!(required);
        }
        match self.rng.below(6) {
            0 => object["additionalProperties"] = json!(false),
            1 => object["additionalProperties"] = json!(true),
            2 => object["additionalProperties"] = self.schema(depth + 1),
            _ => {}
        }
        if let Value::Object(map) = &mut object {
            self.describe(map);
        }
        object
    }

    fn schema(&mut self, depth: usize) -> Value {
        if depth > 3 {
            return if self.rng.chance(50) {
                self.reference()
            } else {
                self.leaf()
            };
        }
        match self.rng.below(10) {
            0 | 1 => self.leaf(),
            2 if depth == 0 => self.earlier(),
            2 => self.reference(),
            3 | 4 => self.object(depth),
            5 => {
                json!({"type": "array", "items": self.schema(depth + 1), "uniqueItems": self.rng.chance(20)})
            }
            6 => json!({"allOf": [self.earlier(), self.object(depth)]}),
            7 => json!({"oneOf": [self.object(depth), self.reference()]}),
            8 => json!({"anyOf": [self.leaf(), self.schema(depth + 1)]}),
            _ => json!({"type": "object", "additionalProperties": self.schema(depth + 1)}),
        }
    }

    fn parameter(&mut self, place: &str, name: &str) -> Value {
        let schema = match self.rng.below(6) {
            0 => json!({"type": "integer", "format": "int64"}),
            1 => json!({"type": "array", "items": {"type": "string"}}),
            2 => json!({"type": "string", "enum": ["on", "off"]}),
            3 => json!({"type": "boolean"}),
            4 => json!({"type": "string", "format": "date-time"}),
            _ => json!({"type": "string"}),
        };
        let mut parameter = json!({"name": name, "in": place, "schema": schema});
        if place == "path" || self.rng.chance(30) {
            parameter["required"] = json!(true);
        }
        if self.rng.chance(20) {
            parameter["explode"] = json!(self.rng.chance(50));
        }
        if let Some(text) = *self.rng.pick(DESCRIPTIONS) {
            parameter["description"] = json!(text);
        }
        parameter
    }

    fn content(&mut self) -> Value {
        match self.rng.below(7) {
            0 => json!({"text/plain": {"schema": {"type": "string"}}}),
            1 => {
                json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
            }
            2 => json!({"application/problem+json": {"schema": self.schema(1)}}),
            _ => json!({"application/json": {"schema": self.schema(0)}}),
        }
    }

    fn operation(&mut self, path_params: &[String]) -> Value {
        let mut parameters: Vec<Value> = path_params
            .iter()
            .map(|name| self.parameter("path", name))
            .collect();
        for _ in 0..self.rng.below(4) {
            let place = *self.rng.pick(&["query", "header", "cookie"]);
            let name = match place {
                "header" => *self.rng.pick(&["X-Request-Id", "x-trace", "If-Match"]),
                _ => *self.rng.pick(NAMES),
            };
            let duplicate = parameters
                .iter()
                .any(|p| p["name"] == json!(name) && p["in"] == json!(place));
            if !duplicate && !name.contains(['$', ' ', 'é']) {
                parameters.push(self.parameter(place, name));
            }
        }
        let mut operation = json!({"parameters": parameters, "responses": {}});
        if self.rng.chance(70) {
            operation["operationId"] =
                json!(format!("{}{}", self.rng.pick(NAMES), self.rng.below(1000)));
        }
        if let Some(text) = *self.rng.pick(DESCRIPTIONS) {
            operation["summary"] = json!(text);
        }
        if self.rng.chance(50) {
            let content = match self.rng.below(6) {
                0 => json!({"application/x-www-form-urlencoded": {"schema": self.object(1)}}),
                1 => {
                    json!({"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}}})
                }
                _ => self.content(),
            };
            operation["requestBody"] = json!({"content": content, "required": self.rng.chance(60)});
        }
        let statuses = [
            "200", "201", "202", "204", "400", "404", "4XX", "5XX", "default",
        ];
        for _ in 0..1 + self.rng.below(4) {
            let status = *self.rng.pick(&statuses);
            let mut response = json!({"description": "A response."});
            if status != "204" && self.rng.chance(75) {
                response["content"] = self.content();
            }
            operation["responses"][status] = response;
        }
        match self.rng.below(5) {
            0 => operation["security"] = json!([]),
            1 => operation["security"] = json!([{"key": []}, {"token": []}]),
            2 => operation["deprecated"] = json!(true),
            _ => {}
        }
        operation
    }

    fn spec(&mut self, index: u64) -> Value {
        let count = 1 + self.rng.below(6);
        self.components = (0..count)
            .map(|i| {
                format!(
                    "{}{i}",
                    self.rng
                        .pick(&["Thing", "type", "Error", "self", "a_b", "2x"])
                )
            })
            .collect();
        let mut schemas = Map::new();
        for (index, name) in self.components.clone().into_iter().enumerate() {
            self.current = index;
            let schema = self.schema(0);
            schemas.insert(name, schema);
        }
        let mut paths = Map::new();
        for i in 0..1 + self.rng.below(5) {
            let params: Vec<String> = (0..self.rng.below(3)).map(|j| format!("p{j}")).collect();
            let template: String = params.iter().map(|p| format!("/{{{p}}}")).collect();
            let mut item = Map::new();
            for method in ["get", "post", "put", "patch", "delete"] {
                if self.rng.chance(40) || (method == "get" && item.is_empty()) {
                    item.insert(method.to_string(), self.operation(&params));
                }
            }
            paths.insert(format!("/r{i}{template}"), Value::Object(item));
        }
        let mut security_schemes = Map::new();
        security_schemes.insert(
            "key".into(),
            match self.rng.below(3) {
                0 => json!({"type": "apiKey", "in": "header", "name": "X-Key"}),
                1 => json!({"type": "apiKey", "in": "query", "name": "key"}),
                _ => json!({"type": "apiKey", "in": "cookie", "name": "key"}),
            },
        );
        security_schemes.insert("token".into(), match self.rng.below(3) {
            0 => json!({"type": "http", "scheme": "bearer"}),
            1 => json!({"type": "http", "scheme": "basic"}),
            _ => json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://x/token", "scopes": {}}}}),
        });
        let mut spec = json!({
            "openapi": "3.0.3",
            "info": {"title": format!("Random {index}"), "version": "1.0.0"},
            "servers": [{"url": "https://api.example.com/v1"}],
            "paths": paths,
            "components": {"schemas": schemas, "securitySchemes": security_schemes},
        });
        if self.rng.chance(50) {
            spec["security"] = json!([{"key": []}]);
        }
        spec
    }
}

#[test]
#[ignore = "compiles dozens of generated crates; run by .ci/run"]
fn random_valid_specs_compile_without_warnings() {
    let count: u64 = std::env::var("RANDOM_SPECS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("random"));
    let mut failures = Vec::new();
    for seed in 1..=count {
        let mut maker = Maker {
            rng: Rng::new(seed),
            components: Vec::new(),
            current: 0,
        };
        let text = serde_json::to_string_pretty(&maker.spec(seed)).unwrap();
        let name = format!("random-{seed}");
        let source = codegen::Source {
            file: format!("{name}.json"),
            text: text.clone(),
        };
        let settings = codegen::Settings {
            name: Some(&name),
            ..codegen::Settings::default()
        };
        match codegen::generate_source_with(&source, &settings) {
            Ok(generated) => {
                let dir = scratch.add(&name, &generated.files);
                std::fs::write(dir.join("spec.json"), &text).unwrap();
            }
            Err(error) => {
                failures.push(format!("{name}: a valid spec is refused:\n{error}\n{text}"))
            }
        }
    }
    let checked = scratch.clippy_each();
    for (name, errors) in &checked.failed {
        failures.push(format!(
            "{name} (spec.json beside it) does not compile:\n{}",
            errors.join("\n")
        ));
    }
    eprintln!(
        "random specs: {} of {count} give a clean crate",
        count as usize - failures.len()
    );
    assert!(
        failures.is_empty() && checked.success,
        "{}\n{}",
        failures.join("\n\n"),
        checked.stderr
    );
}
