//! The round trip of every component schema in the conformance run: JSON samples made from
//! each schema itself (absent optional fields, `null` where nullable, empty and filled arrays
//! and maps, each variant of a union, each enum value, recursive shapes to a bounded depth,
//! values that fit the format and the bounds), each decoded into the generated type and
//! encoded back by the harness, then compared with the sample and checked against the schema
//! by the `jsonschema` crate, on the schema translated from OpenAPI's dialect.

use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// How deep samples nest before only what is required is filled in.
const FULL_DEPTH: usize = 3;
/// How deep a sample may go at all: only a recursion through required properties goes this
/// far (where it is cut off with `null`), so it is well past what specs nest.
const MAX_DEPTH: usize = 32;

/// What a sample fills in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fill {
    /// Only what is required: optional fields absent, arrays and maps as short as allowed.
    Minimal,
    /// Every property set, arrays and maps with an item, each nullable value a value.
    Full,
    /// Every property set, each nullable one `null`.
    Nulls,
}

/// The component schemas of a loaded (3.0-dialect) document, by name.
pub fn component_schemas(document: &Value) -> Vec<(String, &Value)> {
    document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.clone(), schema))
        .collect()
}

/// The samples of one component schema, none twice: the three fills, then each of its
/// variants (a `oneOf`/`anyOf`'s, an enum's values), each way filled.
pub fn samples(document: &Value, schema: &Value) -> Vec<Value> {
    let resolved = resolve(document, schema);
    let choices = resolved["oneOf"]
        .as_array()
        .or(resolved["anyOf"].as_array())
        .or(resolved["enum"].as_array())
        .map_or(1, Vec::len)
        .clamp(1, 16);
    let mut out: Vec<Value> = Vec::new();
    for pick in 0..choices {
        for fill in [Fill::Minimal, Fill::Full, Fill::Nulls] {
            let value = sample(document, schema, fill, pick, 0);
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

/// A value that fits `schema`: `fill` says what is filled in, `pick` which variant of a union
/// or which enum value is taken at the top (nested ones take their first).
pub fn sample(document: &Value, schema: &Value, fill: Fill, pick: usize, depth: usize) -> Value {
    let schema = resolve(document, schema);
    let fill = if depth > FULL_DEPTH && fill == Fill::Full {
        Fill::Minimal
    } else {
        fill
    };
    let nested = |s: &Value, f: Fill| sample(document, s, f, 0, depth + 1);
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    if fill == Fill::Nulls && depth > 0 && nullable(schema) {
        return Value::Null;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(values) = schema["enum"].as_array().filter(|v| !v.is_empty()) {
        return values[pick % values.len()].clone();
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let merged = merge_all_of(
            document,
            schema,
            parts,
            |part| sample(document, part, fill, pick, depth + 1),
            |property| sample(document, property, Fill::Minimal, 0, depth + 2),
        );
        let mut merged = match merged {
            Ok(merged) => merged,
            Err(other) => return other,
        };
        // Properties beside the `allOf` belong to the same object; a name required beside
        // it that a part describes keeps that part's value.
        if let Value::Object(own) = object(document, schema, fill, depth) {
            for (name, value) in own {
                if schema["properties"].get(&name).is_some() || !merged.contains_key(&name) {
                    merged.insert(name, value);
                }
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = schema[key].as_array().filter(|v| !v.is_empty()) {
            let variant = &variants[pick % variants.len()];
            let mut value = sample(document, variant, fill, 0, depth + 1);
            // Properties beside the union belong to the same object, and a variant that only
            // requires some of them (no type of its own) says which.
            if schema.get("properties").is_some() {
                let resolved = resolve(document, variant);
                let mut own = schema.clone();
                if let (Some(Value::Array(required)), Some(own)) =
                    (resolved.get("required").cloned(), own.as_object_mut())
                {
                    let all = own
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(all) = all {
                        all.extend(required);
                    }
                }
                let mut merged = object(document, &own, fill, depth);
                // What only the other variants require is left out, or they would match too.
                let required = |v: &Value| -> Vec<String> {
                    resolve(document, v)["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                };
                let mine = required(variant);
                if let Value::Object(merged) = &mut merged {
                    for other in variants.iter().flat_map(required) {
                        if !mine.contains(&other) {
                            merged.remove(&other);
                        }
                    }
                }
                if let (Value::Object(merged), Value::Object(fields)) = (&mut merged, &value) {
                    merged.extend(fields.clone());
                }
                value = merged;
            }
            // A variant whose own schema fixes the tag's value (an enum, a `const`) says it.
            let fixed = |tag: &str| {
                let property = &resolve(document, variant)["properties"][tag];
                property.get("enum").is_some() || property.get("const").is_some()
            };
            if let (Some(tag), Value::Object(fields)) =
                (schema["discriminator"]["propertyName"].as_str(), &mut value)
                && !fixed(tag)
            {
                fields.insert(tag.to_string(), Value::String(tag_value(schema, variant)));
            }
            return value;
        }
    }
    // A pattern takes the spec's own value when it gives one, else a simple value it matches.
    if let Some(pattern) = schema["pattern"].as_str() {
        for key in ["example", "default"] {
            if let Some(value) = schema.get(key).filter(|v| v.is_string()) {
                return value.clone();
            }
        }
        let least = schema["minLength"].as_u64().unwrap_or(0) as usize;
        let most = schema["maxLength"]
            .as_u64()
            .map_or(usize::MAX, |m| m as usize);
        if let Some(text) = pattern_text(pattern, least, most) {
            return Value::String(text);
        }
    }
    // A schema that says only that it may be `null` (3.1's `type: null`, which loading turns
    // into 3.0's `nullable` and nothing else) takes `null`, the one value sure to fit.
    if type_of(schema).is_empty() && nullable(schema) {
        return Value::Null;
    }
    let format = schema["format"].as_str().unwrap_or("");
    match type_of(schema) {
        "string" => Value::String(string(schema, format, fill)),
        "integer" => integer(schema, format, fill),
        "number" => number(schema, fill),
        "boolean" => Value::Bool(fill != Fill::Minimal),
        "array" => {
            let least = schema["minItems"].as_u64().unwrap_or(0);
            let count = if fill == Fill::Minimal || depth >= MAX_DEPTH {
                least
            } else {
                least.max(1)
            };
            let count = count.min(schema["maxItems"].as_u64().unwrap_or(u64::MAX));
            Value::Array((0..count).map(|_| nested(&schema["items"], fill)).collect())
        }
        "object" => object(document, schema, fill, depth),
        // A schema that says nothing takes anything; a string is what most fields hold.
        _ => Value::String("any".to_string()),
    }
}

/// The samples of an `allOf`'s parts (`sample_part`) merged into one object: a property a
/// part does not describe (one it only requires, say) keeps the value of a part that
/// describes it, and one that a part requires and no part's sample gave is sampled from the
/// part that describes it (`sample_property`). The one part's own sample (`Err`) when the
/// `allOf` has one part that is not an object.
///
/// A part that is a union listing the `allOf`'s own schema (`whole`: a `BotActor` that is an
/// `allOf` of the `PublicActor` union of `BotActor` and its siblings, and of its own
/// properties) is met by the value itself, and is left out: a sibling's sample would bring
/// properties the schema does not have.
pub fn merge_all_of(
    document: &Value,
    whole: &Value,
    parts: &[Value],
    mut sample_part: impl FnMut(&Value) -> Value,
    mut sample_property: impl FnMut(&Value) -> Value,
) -> Result<Map<String, Value>, Value> {
    let mut merged = Map::new();
    // The properties set by a part that describes them.
    let mut described = std::collections::BTreeSet::new();
    let lists_whole = |part: &Value| {
        let part = resolve(document, part);
        ["oneOf", "anyOf"].iter().any(|key| {
            part[*key].as_array().is_some_and(|variants| {
                variants
                    .iter()
                    .any(|variant| std::ptr::eq(resolve(document, variant), whole))
            })
        })
    };
    // The first part's sample that is not an object: what an `allOf` of no object is.
    let mut scalar = None;
    let mut objects = 0;
    for part in parts {
        if parts.len() > 1 && lists_whole(part) {
            continue;
        }
        let properties = &resolve(document, part)["properties"];
        match sample_part(part) {
            Value::Object(object) => {
                objects += 1;
                for (name, value) in object {
                    if properties.get(&name).is_some() {
                        described.insert(name.clone());
                        merged.insert(name, value);
                    } else if !merged.contains_key(&name) {
                        merged.insert(name, value);
                    }
                }
            }
            other => {
                scalar.get_or_insert(other);
            }
        }
    }
    if let Some(scalar) = scalar.filter(|_| objects == 0) {
        return Err(scalar);
    }
    // What a part requires, or the schema beside the parts.
    let required = parts
        .iter()
        .chain(std::iter::once(whole))
        .flat_map(|part| {
            resolve(document, part)["required"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .filter_map(Value::as_str);
    for name in required {
        if described.contains(name) {
            continue;
        }
        let property = parts
            .iter()
            .map(|part| &resolve(document, part)["properties"][name])
            .find(|property| !property.is_null());
        if let Some(property) = property {
            merged.insert(name.to_string(), sample_property(property));
            described.insert(name.to_string());
        }
    }
    Ok(merged)
}

/// An object with the required properties, or all of them, and for a map one entry unless
/// only what is required is filled in.
fn object(document: &Value, schema: &Value, fill: Fill, depth: usize) -> Value {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = Map::new();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let wanted = required.contains(&name.as_str());
        // Past the depth where everything is filled in, an optional property is left out,
        // which is what ends a recursion.
        if wanted || (fill != Fill::Minimal && depth <= FULL_DEPTH) {
            let property_fill = if wanted && depth > FULL_DEPTH {
                Fill::Minimal
            } else {
                fill
            };
            out.insert(
                name.clone(),
                sample(document, property, property_fill, 0, depth + 1),
            );
        }
    }
    // A required property that no `properties` describes can hold anything.
    for name in required {
        out.entry(name.to_string())
            .or_insert_with(|| Value::String("any".to_string()));
    }
    let least = schema["minProperties"].as_u64().unwrap_or(0) as usize;
    match &schema["additionalProperties"] {
        Value::Bool(false) | Value::Null => {}
        extra if fill != Fill::Minimal || out.len() < least => {
            let values = if extra.is_object() {
                extra
            } else {
                &Value::Null
            };
            let mut key = 0;
            while out.len() < least.max(1) || key == 0 {
                let name = format!("extra{key}");
                let value = if values.is_null() {
                    Value::String("any".to_string())
                } else {
                    sample(document, values, fill, 0, depth + 1)
                };
                out.insert(name, value);
                key += 1;
            }
        }
        _ => {}
    }
    Value::Object(out)
}

/// The schema's type, read from `type` or else from the keywords it has.
fn type_of(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(t) => t,
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
            "object"
        }
        _ if schema.get("items").is_some() => "array",
        _ => "",
    }
}

fn nullable(schema: &Value) -> bool {
    schema["nullable"] == Value::Bool(true)
        || schema["type"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("null")))
}

/// A string of a format, valid as JSON Schema and OpenAPI define it; `None` for a format
/// that says nothing of the text (`password`...) or is unknown.
pub fn format_text(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "uuid" => "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "email" | "idn-email" => "jane@example.com",
        "uri" | "url" | "iri" => "https://example.com/a",
        "uri-reference" | "iri-reference" => "/a",
        "uri-template" => "https://example.com/{a}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "json-pointer" => "/a",
        "relative-json-pointer" => "0/a",
        "regex" => "a+",
        "byte" => "aGVsbG8=",
        _ => return None,
    })
}

/// A simple string of `least` to `most` characters that matches `pattern`, judged by the JSON
/// Schema validator itself: the regular expression walked, its open repetitions (`+`, `*`,
/// `{n,}`) stretched until the text is long enough (`^[0-9a-f]+$` with `minLength: 40`), else
/// one of a few common texts.
pub fn pattern_text(pattern: &str, least: usize, most: usize) -> Option<String> {
    let mut schema = json!({"type": "string", "pattern": pattern, "minLength": least});
    if most != usize::MAX {
        schema["maxLength"] = json!(most);
    }
    let validator = validator(&schema).ok()?;
    let stretches = [
        0,
        least,
        least.div_ceil(2),
        least.div_ceil(4),
        least.div_ceil(8),
    ];
    for stretch in stretches {
        if let Some(text) = Matching::text(pattern, stretch)
            && validator.is_valid(&json!(text))
        {
            return Some(text);
        }
    }
    let literal: String = pattern
        .trim_start_matches('^')
        .trim_end_matches('$')
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    [
        literal.as_str(),
        "a",
        "abc",
        "A",
        "ABC",
        "1",
        "123",
        "12345",
        "a1",
        "abc123",
        "aaa-aaa",
        "2024-01-02",
        "+15551234567",
        "jane@example.com",
        "https://example.com/a",
    ]
    .into_iter()
    .find(|candidate| validator.is_valid(&json!(candidate)))
    .map(str::to_string)
}

/// A short text a regular expression matches, made by walking it: the first alternative,
/// the fewest repetitions, the first character of a class (or one outside a negated class).
/// `None` for what it cannot follow (lookarounds, backreferences); the caller checks the text
/// with a real regular-expression engine either way.
struct Matching {
    chars: Vec<char>,
    at: usize,
    /// How many times, at least, an open repetition repeats.
    stretch: usize,
}

impl Matching {
    fn text(pattern: &str, stretch: usize) -> Option<String> {
        let mut walk = Matching {
            chars: pattern.chars().collect(),
            at: 0,
            stretch,
        };
        let text = walk.alternation()?;
        (walk.at == walk.chars.len()).then_some(text)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// Alternatives up to a `)` or the end: the first one's text.
    fn alternation(&mut self) -> Option<String> {
        let first = self.sequence()?;
        while self.peek() == Some('|') {
            self.at += 1;
            self.sequence()?;
        }
        Some(first)
    }

    /// Atoms, each repeated as its quantifier allows the fewest times.
    fn sequence(&mut self) -> Option<String> {
        let mut text = String::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let times = self.quantifier()?;
            text.push_str(&atom.repeat(times));
        }
        Some(text)
    }

    /// How many times the atom before is repeated: the least its quantifier allows (once
    /// for `+`), or the stretch for an open one if more, the quantifier read.
    fn quantifier(&mut self) -> Option<usize> {
        let times = match self.peek() {
            Some('?') => {
                self.at += 1;
                0
            }
            Some('*') => {
                self.at += 1;
                self.stretch
            }
            Some('+') => {
                self.at += 1;
                self.stretch.max(1)
            }
            Some('{') if self.chars[self.at..].contains(&'}') => {
                let close = self.at + self.chars[self.at..].iter().position(|c| *c == '}')?;
                let inside: String = self.chars[self.at + 1..close].iter().collect();
                let mut bounds = inside.split(',');
                let least: usize = bounds.next()?.trim().parse().ok()?;
                let open = bounds.next().is_some_and(|most| most.trim().is_empty());
                self.at = close + 1;
                if open { least.max(self.stretch) } else { least }
            }
            _ => return Some(1),
        };
        // A lazy or possessive quantifier repeats as often.
        if matches!(self.peek(), Some('?' | '+')) {
            self.at += 1;
        }
        Some(times)
    }

    fn atom(&mut self) -> Option<String> {
        match self.next()? {
            '^' | '$' => Some(String::new()),
            '.' => Some("a".to_string()),
            '(' => {
                if self.peek() == Some('?') {
                    self.at += 1;
                    match self.next()? {
                        ':' => {}
                        // A named group.
                        '<' if !matches!(self.peek(), Some('=' | '!')) => self.skip_name('>')?,
                        'P' if self.peek() == Some('<') => {
                            self.at += 1;
                            self.skip_name('>')?
                        }
                        _ => return None,
                    }
                }
                let text = self.alternation()?;
                (self.next()? == ')').then_some(text)
            }
            '[' => self.class(),
            '\\' => self.escape(false),
            c => Some(c.to_string()),
        }
    }

    fn skip_name(&mut self, end: char) -> Option<()> {
        while self.next()? != end {}
        Some(())
    }

    /// An escape: a class (`\d`), a character written (`\u0041`, `\n`) or itself (`\.`).
    fn escape(&mut self, in_class: bool) -> Option<String> {
        let c = self.next()?;
        Some(match c {
            'd' => "1".to_string(),
            'w' | 'D' | 'S' => "a".to_string(),
            's' => " ".to_string(),
            'W' => "-".to_string(),
            'b' if !in_class => String::new(),
            'B' => return None,
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            'r' => "\r".to_string(),
            'u' => {
                let hex: String = (0..4).map(|_| self.next()).collect::<Option<_>>()?;
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?.to_string()
            }
            'x' => {
                let hex: String = (0..2).map(|_| self.next()).collect::<Option<_>>()?;
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?.to_string()
            }
            c if c.is_ascii_digit() => return None,
            c => c.to_string(),
        })
    }

    /// A character class: its first character, or for a negated class one it leaves out.
    fn class(&mut self) -> Option<String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut members: Vec<String> = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let member = if c == '\\' {
                self.escape(true)?
            } else {
                c.to_string()
            };
            // A range is its first character.
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let end = self.next()?;
                if end == '\\' {
                    self.escape(true)?;
                }
            }
            members.push(member);
        }
        if !negated {
            return members.into_iter().next();
        }
        ["a", "A", "1", "-", "_", " ", "x"]
            .into_iter()
            .find(|candidate| !members.iter().any(|m| m == candidate))
            .map(str::to_string)
    }
}

fn string(schema: &Value, format: &str, fill: Fill) -> String {
    let text = match format_text(format) {
        Some(text) => text,
        None if fill == Fill::Minimal => "",
        None => "text",
    };
    let least = schema["minLength"].as_u64().unwrap_or(0) as usize;
    let most = schema["maxLength"].as_u64().unwrap_or(u64::MAX) as usize;
    let mut text = text.to_string();
    if text.chars().count() < least {
        text.push_str(&"a".repeat(least - text.chars().count()));
    }
    if text.chars().count() > most {
        text = text.chars().take(most).collect();
    }
    text
}

/// An integer within the bounds: the least allowed when only what is required is filled in,
/// else the greatest (the edge of `int32`, or past it for `int64`).
fn integer(schema: &Value, format: &str, fill: Fill) -> Value {
    let exclusive = |key: &str| schema[key] == Value::Bool(true);
    let low = schema["minimum"]
        .as_f64()
        .map(|m| m.ceil() as i64 + i64::from(exclusive("exclusiveMinimum")));
    let high = schema["maximum"]
        .as_f64()
        .map(|m| m.floor() as i64 - i64::from(exclusive("exclusiveMaximum")));
    let value = match fill {
        Fill::Minimal => low.unwrap_or(0),
        _ => high.unwrap_or(match format {
            "int32" => i64::from(i32::MAX),
            "int64" => 1 << 40,
            _ => 42,
        }),
    };
    let value = match (low, high) {
        (Some(low), _) if value < low => low,
        (_, Some(high)) if value > high => high,
        _ => value,
    };
    Value::from(value)
}

/// A number with a fraction, so that one read as an integer shows.
fn number(schema: &Value, fill: Fill) -> Value {
    let low = schema["minimum"].as_f64();
    let high = schema["maximum"].as_f64();
    let value = match (fill, low, high) {
        (Fill::Minimal, Some(low), Some(high)) => low + (high - low) / 4.0,
        (_, Some(low), Some(high)) => low + (high - low) / 2.0,
        (_, Some(low), None) => low + 1.5,
        (_, None, Some(high)) => high - 1.5,
        (Fill::Minimal, None, None) => 0.5,
        _ => 1234.5,
    };
    Value::from(value)
}

/// The discriminator value that selects `variant`: its key in the mapping, else the name of
/// the schema it refers to.
fn tag_value(schema: &Value, variant: &Value) -> String {
    let reference = variant["$ref"].as_str().unwrap_or("");
    let mapped = schema["discriminator"]["mapping"]
        .as_object()
        .into_iter()
        .flatten()
        .find(|(_, target)| target.as_str() == Some(reference))
        .map(|(key, _)| key.clone());
    mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or("").to_string())
}

/// The node a local `$ref` points at, or the node itself.
pub fn resolve<'v>(document: &'v Value, node: &'v Value) -> &'v Value {
    let mut node = node;
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference.strip_prefix('#') {
                Some(pointer) => node = document.pointer(pointer).unwrap_or(&Value::Null),
                None => return &Value::Null,
            },
            None => return node,
        }
    }
    node
}

/// The JSON Schema (2020-12) of the component schema `name`: OpenAPI 3.0's dialect translated,
/// with every component schema under `$defs` so that its references resolve in the one
/// document.
pub fn json_schema(document: &Value, name: &str) -> Value {
    let mut root = Map::new();
    root.insert(
        "$schema".to_string(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert(
        "$ref".to_string(),
        Value::String(format!("#/$defs/{}", escape(name))),
    );
    add_defs(document, &mut root);
    Value::Object(root)
}

/// Puts under `$defs` of a translated schema the component schemas it refers to, and those
/// they refer to, translated: only those, so that judging a value against one schema of a
/// large spec does not translate and compile every component.
pub fn add_defs(document: &Value, root: &mut Map<String, Value>) {
    fn refs(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                {
                    found.push(name.replace("~1", "/").replace("~0", "~"));
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let mut wanted = Vec::new();
    refs(&Value::Object(root.clone()), &mut wanted);
    let schemas = &document["components"]["schemas"];
    let mut defs = Map::new();
    while let Some(name) = wanted.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let Some(schema) = schemas.get(&name) else {
            continue;
        };
        let translated = translate(document, schema);
        refs(&translated, &mut wanted);
        defs.insert(name, translated);
    }
    if !defs.is_empty() {
        root.insert("$defs".to_string(), Value::Object(defs));
    }
}

/// A name as a segment of a JSON pointer.
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// One schema of OpenAPI 3.0 in JSON Schema's words: `nullable` becomes `null` among the
/// types (or an `anyOf` with `null` where there is no type), the boolean `exclusiveMinimum`
/// and `exclusiveMaximum` become numbers, references to component schemas point into `$defs`,
/// and what only OpenAPI reads (`example`, `discriminator`, `xml`, `x-` extensions...) is
/// dropped.
pub fn translate(document: &Value, schema: &Value) -> Value {
    let Value::Object(schema) = schema else {
        return schema.clone();
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/components/schemas/")
            .map_or_else(|| reference.to_string(), |name| format!("#/$defs/{name}"));
        let node = json!({"$ref": target});
        // A 3.0 reference ignores what is beside it, but `nullable` there is widely meant.
        return if schema.get("nullable") == Some(&Value::Bool(true)) {
            json!({"anyOf": [node, {"type": "null"}]})
        } else {
            node
        };
    }
    let mut out = Map::new();
    for (key, value) in schema {
        let value = match key.as_str() {
            "example" | "examples" | "discriminator" | "xml" | "externalDocs" | "nullable" => {
                continue;
            }
            _ if key.starts_with("x-") => continue,
            "properties" | "patternProperties" | "$defs" | "definitions" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), translate(document, v)))
                    .collect(),
            ),
            // The discriminator, not "exactly one", picks the variant: each variant is
            // made to require the tag values that select it.
            "oneOf" | "anyOf" if schema.get("discriminator").is_some() => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|variant| tagged_variant(document, schema, variant))
                    .collect(),
            ),
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|s| translate(document, s))
                    .collect(),
            ),
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems" => translate(document, value),
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                match (value, schema.get(bound)) {
                    (Value::Bool(true), Some(limit)) => {
                        out.insert(key.clone(), limit.clone());
                    }
                    _ => {
                        if let Some(limit) = schema.get(bound) {
                            out.insert(bound.to_string(), limit.clone());
                        }
                    }
                }
                continue;
            }
            "minimum" | "maximum" => {
                let flag = if key == "minimum" {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                };
                // Written by the flag's arm when the flag is boolean.
                if schema.get(flag).is_some_and(Value::is_boolean) {
                    continue;
                }
                value.clone()
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        match out.get_mut("type") {
            Some(Value::String(t)) => {
                let t = t.clone();
                out.insert("type".to_string(), json!([t, "null"]));
            }
            Some(Value::Array(types)) if !types.contains(&json!("null")) => {
                types.push(json!("null"));
            }
            Some(_) => {}
            None => {
                let inner = Value::Object(std::mem::take(&mut out));
                return json!({"anyOf": [inner, {"type": "null"}]});
            }
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}

/// A variant of a union with a discriminator, translated, and required to carry one of the
/// tag values that select it (its keys in the mapping, and its schema's name).
fn tagged_variant(document: &Value, schema: &Map<String, Value>, variant: &Value) -> Value {
    let discriminator = &schema["discriminator"];
    let Some(tag) = discriminator["propertyName"].as_str() else {
        return translate(document, variant);
    };
    let reference = variant["$ref"].as_str().unwrap_or("");
    let mut values: Vec<Value> = discriminator["mapping"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, target)| target.as_str() == Some(reference))
        .map(|(key, _)| Value::String(key.clone()))
        .collect();
    // Without a mapping the schema's name is the tag value, unless the variant fixes its own.
    let own = &resolve(document, variant)["properties"][tag];
    if let Some(name) = reference.strip_prefix("#/components/schemas/")
        && own.get("enum").is_none()
        && own.get("const").is_none()
    {
        values.push(Value::String(name.to_string()));
    }
    if values.is_empty() {
        return translate(document, variant);
    }
    json!({"allOf": [translate(document, variant), {"required": [tag], "properties": {tag: {"enum": values}}}]})
}

/// A validator of the translated schema, or why the schema is not one.
pub fn validator(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("the translated schema is not valid: {e}"))
}

/// The first errors of `value` against a translated schema's validator.
pub fn invalid(validator: &jsonschema::Validator, value: &Value) -> Option<String> {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(3)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

/// Whether two JSON values say the same, as JSON Schema compares them: key order aside, and
/// numbers by value (`1` and `1.0` are one number).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Whether `encoded` is `sample` with properties added that the sample left out, each one
/// the `default` of its property, at any depth the schema describes.
fn defaults_added(document: &Value, name: &str, sample: &Value, encoded: &Value) -> bool {
    let schema = &document["components"]["schemas"][name];
    !same(sample, encoded) && only_defaults_added(document, schema, sample, encoded)
}

fn only_defaults_added(document: &Value, schema: &Value, sample: &Value, encoded: &Value) -> bool {
    let schema = resolve(document, schema);
    let parts: Vec<&Value> = std::iter::once(schema)
        .chain(schema["allOf"].as_array().into_iter().flatten())
        .map(|part| resolve(document, part))
        .collect();
    let property = |key: &str| {
        parts
            .iter()
            .map(|part| &part["properties"][key])
            .find(|p| !p.is_null())
            .unwrap_or(&Value::Null)
    };
    match (sample, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            a.keys().all(|k| b.contains_key(k))
                && b.iter().all(|(k, w)| match a.get(k) {
                    Some(v) => only_defaults_added(document, property(k), v, w),
                    // Any part of an `allOf` may give the default.
                    None => parts.iter().any(|part| {
                        let default = &resolve(document, &part["properties"][k])["default"];
                        !default.is_null() && same(default, w)
                    }),
                })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(v, w)| only_defaults_added(document, &schema["items"], v, w))
        }
        _ => same(sample, encoded),
    }
}

/// The harness's code for the round trip: `round_trip(SAMPLES)` reads a JSON array of
/// `[schema, sample]` pairs from a file and prints, per pair, a JSON line: `["ok", encoded]`
/// or `["not decoded", error]`. `types` pairs schema names with their Rust types.
pub fn harness_code(types: &[(String, String)]) -> String {
    let mut out = String::from(
        "fn encoded<T: serde::Serialize + serde::de::DeserializeOwned>(sample: serde_json::Value) -> serde_json::Value {\n\
         \x20   match serde_json::from_value::<T>(sample) {\n\
         \x20       Ok(decoded) => match serde_json::to_value(&decoded) {\n\
         \x20           Ok(value) => serde_json::json!([\"ok\", value]),\n\
         \x20           Err(e) => serde_json::json!([\"not encoded\", e.to_string()]),\n\
         \x20       },\n\
         \x20       Err(e) => serde_json::json!([\"not decoded\", e.to_string()]),\n\
         \x20   }\n\
         }\n\n\
         fn round_trip(file: &str) {\n\
         \x20   let text = std::fs::read_to_string(file).expect(\"the samples\");\n\
         \x20   let pairs: Vec<(String, serde_json::Value)> = serde_json::from_str(&text).expect(\"the samples are JSON\");\n\
         \x20   for (schema, sample) in pairs {\n\
         \x20       let line = match schema.as_str() {\n",
    );
    for (schema, ty) in types {
        let _ = writeln!(out, "            {schema:?} => encoded::<{ty}>(sample),");
    }
    out.push_str(
        "            _ => serde_json::json!([\"no type\", \"\"]),\n\
         \x20       };\n\
         \x20       println!(\"{line}\");\n\
         \x20   }\n\
         }\n",
    );
    out
}

/// The outcome of the round trip of one spec's schemas.
#[derive(Default)]
pub struct Outcome {
    /// Schemas whose every sample came back the same and valid.
    pub passed: usize,
    /// Schemas checked.
    pub total: usize,
    /// Failures by category: each schema with its first failure in full.
    pub failures: Vec<(String, Vec<(String, String)>)>,
}

impl Outcome {
    pub fn fail(&mut self, category: &str, schema: &str, detail: String) {
        match self.failures.iter_mut().find(|(c, _)| c == category) {
            Some((_, schemas)) => {
                if !schemas.iter().any(|(s, _)| s == schema) {
                    schemas.push((schema.to_string(), detail));
                }
            }
            None => self
                .failures
                .push((category.to_string(), vec![(schema.to_string(), detail)])),
        }
    }

    /// The summary: each category with its schemas and its first failure in full.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{} of {} component schemas round-trip\n",
            self.passed, self.total
        );
        for (category, schemas) in &self.failures {
            let names: Vec<&str> = schemas.iter().map(|(s, _)| s.as_str()).collect();
            let _ = writeln!(
                out,
                "\n{category} ({}): {}\nfirst: {}",
                schemas.len(),
                names.join(", "),
                schemas[0].1
            );
        }
        out
    }

    /// Every failure in full, a paragraph each.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for (category, schemas) in &self.failures {
            for (_, detail) in schemas {
                let _ = writeln!(out, "{category}:\n{detail}\n");
            }
        }
        out
    }
}

/// Judges the harness's answers: `samples` are the `[schema, sample]` pairs it was given, in
/// order, `lines` its answers. A schema passes when it has a sample the schema accepts, and
/// each such sample decoded, came back the same and is still valid.
pub fn judge(
    document: &Value,
    names: &[String],
    samples: &[(String, Value)],
    lines: &[&str],
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut failed: Vec<&str> = Vec::new();
    let mut judged: Vec<&str> = Vec::new();
    let mut validators = std::collections::BTreeMap::new();
    for (i, (schema, sample)) in samples.iter().enumerate() {
        let validator = validators
            .entry(schema.as_str())
            .or_insert_with(|| validator(&json_schema(document, schema)));
        let mut fail = |category: &str, detail: String| {
            outcome.fail(category, schema, detail);
            failed.push(schema.as_str());
        };
        let validator = match validator {
            Ok(validator) => validator,
            Err(e) => {
                fail("schema not translated", format!("{schema}: {e}"));
                continue;
            }
        };
        // A sample the schema refuses says nothing of the generator: it is listed, not judged.
        if let Some(errors) = invalid(validator, sample) {
            outcome.fail(
                "sample not valid against the schema (the sampler's or the spec's; not judged)",
                schema,
                format!("{schema}: {sample}: {errors}"),
            );
            continue;
        }
        judged.push(schema.as_str());
        let answer: Value = lines
            .get(i)
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or_else(|| json!(["no answer", ""]));
        match (answer[0].as_str(), &answer[1]) {
            (Some("ok"), encoded) => {
                if defaults_added(document, schema, sample, encoded) {
                    fail(
                        "a default written where the sample had nothing",
                        format!("{schema}: {sample} came back as {encoded}"),
                    );
                } else if !same(sample, encoded) {
                    fail(
                        "value changed by the round trip",
                        format!("{schema}: {sample} came back as {encoded}"),
                    );
                } else if let Some(errors) = invalid(validator, encoded) {
                    fail(
                        "encoded value not valid against the schema",
                        format!("{schema}: {encoded}: {errors}"),
                    );
                }
            }
            (Some(category), detail) => fail(
                category,
                format!("{schema}: {sample}: {}", detail.as_str().unwrap_or("")),
            ),
            (None, _) => fail("no answer", format!("{schema}: {sample}")),
        }
    }
    outcome.total = names.len();
    outcome.passed = names
        .iter()
        .filter(|n| !failed.contains(&n.as_str()))
        .filter(|n| judged.contains(&n.as_str()))
        .count();
    for name in names {
        if !judged.contains(&name.as_str()) {
            outcome.fail(
                "no sample valid against the schema",
                name,
                format!("{name}: see the samples not valid"),
            );
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        json!({"components": {"schemas": {
            "Node": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 2, "maxLength": 4},
                    "note": {"type": "string", "nullable": true},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "integer", "format": "int32"}}
                }
            },
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "Dog": {"type": "object", "required": ["kind", "bark"], "properties": {
                "kind": {"type": "string"}, "bark": {"type": "boolean"}}},
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}
            },
            "Mood": {"type": "string", "enum": ["calm", "wild"]},
            "Formats": {"type": "object", "required": ["at", "on", "id", "mail", "site", "blob", "small", "big"],
                "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "on": {"type": "string", "format": "date"},
                    "id": {"type": "string", "format": "uuid"},
                    "mail": {"type": "string", "format": "email"},
                    "site": {"type": "string", "format": "uri"},
                    "blob": {"type": "string", "format": "byte"},
                    "small": {"type": "integer", "format": "int32", "minimum": 3, "exclusiveMaximum": true, "maximum": 10},
                    "big": {"type": "integer", "format": "int64"}
                }}
        }}})
    }

    fn check(document: &Value, name: &str, value: &Value) -> Option<String> {
        let validator = validator(&json_schema(document, name)).expect("the schema translates");
        invalid(&validator, value)
    }

    #[test]
    fn a_subtype_that_is_an_all_of_of_its_own_union_is_sampled_from_its_own_part() {
        let document = json!({"components": {"schemas": {
            "Actor": {"oneOf": [
                {"$ref": "#/components/schemas/Agent"},
                {"$ref": "#/components/schemas/Bot"}
            ]},
            "Agent": {"allOf": [{"$ref": "#/components/schemas/Actor"}, {
                "type": "object", "required": ["type"],
                "properties": {"type": {"enum": ["AGENT"]}, "email": {"type": "string"}}
            }]},
            "Bot": {"allOf": [{"$ref": "#/components/schemas/Actor"}, {
                "type": "object", "required": ["type"],
                "properties": {"type": {"enum": ["BOT"]}, "name": {"type": "string"}}
            }]},
        }}});
        let bot = &document["components"]["schemas"]["Bot"];
        for value in samples(&document, bot) {
            assert_eq!(value["type"], "BOT", "{value}");
            assert!(value.get("email").is_none(), "an Agent's property: {value}");
        }
    }

    #[test]
    fn a_schema_that_only_may_be_null_is_sampled_as_null() {
        let document = json!({});
        for fill in [Fill::Minimal, Fill::Full, Fill::Nulls] {
            let value = sample(&document, &json!({"nullable": true}), fill, 0, 0);
            assert_eq!(value, Value::Null, "{fill:?}");
        }
        let any = sample(&document, &json!({}), Fill::Full, 0, 0);
        assert_eq!(any, json!("any"));
    }

    #[test]
    fn a_part_of_an_all_of_that_only_requires_a_property_keeps_its_value() {
        let document = json!({"components": {"schemas": {"Category": {
            "type": "object",
            "properties": {"title": {"type": "string"}}
        }}}});
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Category"},
            {"required": ["title"]}
        ]});
        for fill in [Fill::Minimal, Fill::Full] {
            let value = sample(&document, &schema, fill, 0, 0);
            assert!(value["title"].is_string(), "{value}");
        }
    }

    #[test]
    fn a_name_required_beside_an_all_of_and_an_all_of_of_strings_take_their_parts_values() {
        let document = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {
                "start": {"type": "string", "format": "date"},
                "every": {"type": "integer"}
            }},
            "Id": {"type": "string", "pattern": "^u-[0-9]+$"},
            "Request": {
                "allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object"}],
                "required": ["start", "every"],
                "properties": {"user": {"allOf": [
                    {"$ref": "#/components/schemas/Id"},
                    {"type": "string", "description": "The user."}
                ]}}
            }
        }}});
        for fill in [Fill::Minimal, Fill::Full] {
            let value = sample(
                &document,
                &json!({"$ref": "#/components/schemas/Request"}),
                fill,
                0,
                0,
            );
            assert_eq!(check(&document, "Request", &value), None, "{value}");
            assert_eq!(value["start"], "2024-01-02", "{value}");
        }
        let full = sample(
            &document,
            &json!({"$ref": "#/components/schemas/Request"}),
            Fill::Full,
            0,
            0,
        );
        assert_eq!(full["user"], "u-0");
    }

    #[test]
    fn a_pattern_takes_a_simple_value_it_matches_and_formats_a_valid_one() {
        // Walked: the first alternative, the fewest repetitions, a class's first character.
        assert_eq!(
            pattern_text("^[0-9]{5}$", 0, usize::MAX).as_deref(),
            Some("00000")
        );
        assert_eq!(
            pattern_text("^[a-z]+-[a-z]+$", 0, usize::MAX).as_deref(),
            Some("a-a")
        );
        assert_eq!(pattern_text("^v2$", 0, usize::MAX).as_deref(), Some("v2"));
        // Open repetitions stretch to the length asked for: a commit's 40 hex digits.
        assert_eq!(pattern_text("^[0-9a-fA-F]+$", 40, 40), Some("0".repeat(40)));
        assert!(
            pattern_text("^[a-z]{2,}-[0-9]*$", 7, 9).is_some_and(|t| (7..=9).contains(&t.len()))
        );
        assert_eq!(
            pattern_text("^[A-Z]{7}[0-9]{9}$", 0, usize::MAX).as_deref(),
            Some("AAAAAAA000000000")
        );
        let guid = r"^(?:\{[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}\}|[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7})$";
        assert_eq!(
            pattern_text(guid, 0, usize::MAX).as_deref(),
            Some("{00000000000000000000000000000000}")
        );
        assert_eq!(
            pattern_text(r"^[^\s@]+@[^\s@]+\.\w{2,}$", 0, usize::MAX).as_deref(),
            Some("a@a.aa")
        );
        assert_eq!(
            pattern_text(r"^(?<year>\d{4})-(?P<m>0[1-9]|1[0-2])$", 0, usize::MAX).as_deref(),
            Some("1111-01")
        );
        // What the walk cannot follow falls back on the simple values that match.
        assert_eq!(
            pattern_text(r"^(?=.*[0-9])[a-z0-9]+$", 0, usize::MAX).as_deref(),
            Some("1")
        );
        assert_eq!(pattern_text(r"^(a)\1$", 0, usize::MAX), None);
        let formats = validator(&json!({"type": "string", "format": "duration"})).unwrap();
        assert!(formats.is_valid(&json!(format_text("duration").unwrap())));
        for format in [
            "json-pointer",
            "relative-json-pointer",
            "time",
            "uri-reference",
        ] {
            let schema = json!({"type": "string", "format": format});
            let text = format_text(format).unwrap();
            assert!(
                validator(&schema).unwrap().is_valid(&json!(text)),
                "{format}"
            );
        }
    }

    #[test]
    fn objects_come_minimal_full_and_with_nulls() {
        let document = document();
        let node = &document["components"]["schemas"]["Node"];
        assert_eq!(
            sample(&document, node, Fill::Minimal, 0, 0),
            json!({"name": "aa"})
        );
        let full = sample(&document, node, Fill::Full, 0, 0);
        assert_eq!(full["name"], json!("text"));
        assert_eq!(full["note"], json!("text"));
        assert_eq!(full["labels"], json!({"extra0": i32::MAX}));
        // The recursion ends: deep enough, only what is required is filled in.
        let mut depth = 0;
        let mut at = &full;
        while let Some(child) = at["children"].get(0) {
            at = child;
            depth += 1;
        }
        assert!((1..=MAX_DEPTH).contains(&depth), "{depth}");
        let nulls = sample(&document, node, Fill::Nulls, 0, 0);
        assert_eq!(nulls["note"], Value::Null);
        for fill in [Fill::Minimal, Fill::Full, Fill::Nulls] {
            let value = sample(&document, node, fill, 0, 0);
            assert_eq!(check(&document, "Node", &value), None, "{value}");
        }
    }

    #[test]
    fn each_variant_and_enum_value_is_sampled_with_its_tag() {
        let document = document();
        let pet = json!({"$ref": "#/components/schemas/Pet"});
        let made = samples(&document, &pet);
        assert!(made.contains(&json!({"kind": "Cat"})), "{made:?}");
        assert!(
            made.contains(&json!({"kind": "dog", "bark": false})),
            "{made:?}"
        );
        let mood = &document["components"]["schemas"]["Mood"];
        assert_eq!(samples(&document, mood), [json!("calm"), json!("wild")]);
    }

    #[test]
    fn a_union_beside_properties_fills_the_properties_its_variant_requires() {
        let document = json!({"components": {"schemas": {"Doc": {
            "type": "object",
            "properties": {"title": {"type": "string"}, "slug": {"type": "string"}},
            "oneOf": [{"required": ["title"]}, {"required": ["slug"]}]
        }}}});
        let doc = &document["components"]["schemas"]["Doc"];
        assert_eq!(
            sample(&document, doc, Fill::Minimal, 1, 0),
            json!({"slug": ""})
        );
        for value in samples(&document, doc) {
            assert_eq!(check(&document, "Doc", &value), None, "{value}");
        }
    }

    #[test]
    fn formats_and_bounds_give_valid_values() {
        let document = document();
        let formats = &document["components"]["schemas"]["Formats"];
        let minimal = sample(&document, formats, Fill::Minimal, 0, 0);
        assert_eq!(minimal["small"], json!(3));
        assert_eq!(minimal["at"], json!("2024-01-02T03:04:05Z"));
        let full = sample(&document, formats, Fill::Full, 0, 0);
        assert_eq!(full["small"], json!(9));
        assert_eq!(full["big"], json!(1_i64 << 40));
        for value in [minimal, full] {
            assert_eq!(check(&document, "Formats", &value), None, "{value}");
        }
        // The validator does check formats.
        let wrong = json!({"at": "yesterday", "on": "2024-01-02", "id": "x", "mail": "jane@example.com",
            "site": "https://example.com/", "blob": "aGVsbG8=", "small": 3, "big": 1});
        assert!(check(&document, "Formats", &wrong).is_some());
    }

    #[test]
    fn openapi_dialect_is_translated_to_json_schema() {
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"type": "string", "nullable": true, "example": "a", "x-tag": 1})
            ),
            json!({"type": ["string", "null"]})
        );
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"type": "string", "enum": ["a"], "nullable": true})
            ),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
            ),
            json!({"anyOf": [{"allOf": [{"$ref": "#/$defs/A"}]}, {"type": "null"}]})
        );
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"$ref": "#/components/schemas/A", "nullable": true})
            ),
            json!({"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}]})
        );
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true,
                "maximum": 9, "exclusiveMaximum": false})
            ),
            json!({"type": "integer", "exclusiveMinimum": 1, "maximum": 9})
        );
        assert_eq!(
            translate(
                &Value::Null,
                &json!({"type": "object", "discriminator": {"propertyName": "k"},
                "properties": {"a": {"type": "array", "items": {"type": "number", "nullable": true}}},
                "additionalProperties": {"$ref": "#/components/schemas/B"}})
            ),
            json!({"type": "object",
                "properties": {"a": {"type": "array", "items": {"type": ["number", "null"]}}},
                "additionalProperties": {"$ref": "#/$defs/B"}})
        );
        let document = document();
        assert!(check(&document, "Pet", &json!({"kind": "dog", "bark": true})).is_none());
        assert!(check(&document, "Pet", &json!({"kind": "Dog", "bark": true})).is_none());
        assert!(check(&document, "Pet", &json!({"kind": "Cat"})).is_none());
        assert!(check(&document, "Pet", &json!({"kind": "cow"})).is_some());
        // A variant that fixes its tag's value is selected by it, not by its schema's name.
        let fixed = json!({"components": {"schemas": {
            "Review": {"oneOf": [{"$ref": "#/components/schemas/Queued"}],
                "discriminator": {"propertyName": "state"}},
            "Queued": {"type": "object", "required": ["state"],
                "properties": {"state": {"type": "string", "enum": ["queued"]}}}
        }}});
        assert!(check(&fixed, "Review", &json!({"state": "queued"})).is_none());
        assert!(check(&document, "Node", &json!({"name": "abc", "note": null})).is_none());
        assert!(check(&document, "Node", &json!({"name": null})).is_some());
    }

    #[test]
    fn values_are_the_same_with_keys_in_another_order_and_numbers_by_value() {
        assert!(same(
            &json!({"a": 1, "b": [1.0]}),
            &json!({"b": [1], "a": 1.0})
        ));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!same(&json!([1, 2]), &json!([2, 1])));
        assert!(!same(&json!("1"), &json!(1)));
    }

    #[test]
    fn a_default_written_back_is_told_from_a_changed_value() {
        let document = json!({"components": {"schemas": {
            "Envelope": {"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Address"}}}},
            "Address": {"allOf": [{"type": "object", "properties": {
                "country": {"type": "string", "default": "US"}, "city": {"type": "string"}}}]}
        }}});
        let sample = json!({"items": [{"city": "a"}]});
        let added = json!({"items": [{"city": "a", "country": "US"}]});
        assert!(defaults_added(&document, "Envelope", &sample, &added));
        let changed = json!({"items": [{"city": "b", "country": "US"}]});
        assert!(!defaults_added(&document, "Envelope", &sample, &changed));
        let other = json!({"items": [{"city": "a", "country": "FR"}]});
        assert!(!defaults_added(&document, "Envelope", &sample, &other));
        assert!(!defaults_added(&document, "Envelope", &sample, &sample));
    }

    #[test]
    fn the_judge_names_each_category_with_its_first_failure() {
        let document = document();
        let names = vec!["Mood".to_string(), "Node".to_string(), "Pet".to_string()];
        let samples = vec![
            ("Mood".to_string(), json!("calm")),
            ("Node".to_string(), json!({"name": "aa"})),
            ("Node".to_string(), json!({"name": "aa", "note": null})),
            ("Pet".to_string(), json!({"kind": "Cat"})),
            ("Mood".to_string(), json!("tired")),
        ];
        let lines = [
            r#"["ok", "calm"]"#,
            r#"["ok", {"name": "aa"}]"#,
            r#"["ok", {"name": "aa"}]"#,
            r#"["not decoded", "unknown variant"]"#,
            r#"["not decoded", "unknown variant"]"#,
        ];
        let outcome = judge(&document, &names, &samples, &lines);
        assert_eq!((outcome.passed, outcome.total), (1, 3));
        let report = outcome.report();
        assert!(
            report.starts_with("1 of 3 component schemas round-trip"),
            "{report}"
        );
        assert!(
            report.contains("value changed by the round trip (1): Node\nfirst: Node: {\"name\":\"aa\",\"note\":null} came back as {\"name\":\"aa\"}"),
            "{report}"
        );
        assert!(report.contains("not decoded (1): Pet"), "{report}");
        // The sample the schema refuses is listed but does not fail `Mood`.
        assert!(report.contains("not judged) (1): Mood"), "{report}");
    }
}
