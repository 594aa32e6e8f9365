//! Checks every `example` and `examples` of the spec against the schema it illustrates, so
//! an example that the generated types could not decode is an error at generation time.

use crate::diagnostics::{Collector, Diagnostic};
use crate::ir::BodyEncoding;
use crate::pointer::Pointer;
use crate::spec::media::body_encoding;
use crate::spec::refs::Refs;
use crate::spec::walk::{self, Visitor};
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, IntegerType, MediaType, ObjectType, OpenAPI,
    Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// How every example mismatch's message starts.
pub const MISMATCH: &str = "the example does not match its schema";

/// How deep an example is followed into its schema; deeper parts are not checked.
const MAX_DEPTH: usize = 64;

/// One diagnostic per example that does not match its schema.
pub fn check(document: &OpenAPI, file: &str) -> Vec<Diagnostic> {
    let mut checker = Checker {
        document,
        found: Collector::new(file),
    };
    walk::walk(document, &mut checker);
    checker.found.into_items()
}

struct Checker<'a> {
    document: &'a OpenAPI,
    found: Collector,
}

/// Where an example stops matching its schema.
struct Mismatch {
    /// The path inside the example (`data.client.createdAt`), `.` for the whole of it.
    at: String,
    /// The JSON pointer of the schema it fails.
    schema: Pointer,
    /// What is wrong.
    message: String,
}

impl<'a> Visitor<'a> for Checker<'a> {
    fn parameter(&mut self, parameter: &'a Parameter, at: &Pointer) -> bool {
        let data = parameter.parameter_data_ref();
        if let ParameterSchemaOrContent::Schema(schema) = &data.format {
            self.examples_of(schema, data.example.as_ref(), &data.examples, at);
        }
        true
    }

    /// The examples of a JSON media type: they are what the generated types decode. The
    /// schemas of other media types are not looked into.
    fn media_type(&mut self, name: &'a str, media: &'a MediaType, at: &Pointer) -> bool {
        if body_encoding(name) != BodyEncoding::Json {
            return false;
        }
        let Some(schema) = &media.schema else {
            return false;
        };
        self.examples_of(schema, media.example.as_ref(), &media.examples, at);
        true
    }

    /// The `example` of a schema, and the other values of a 3.1 `examples` list.
    fn schema(&mut self, schema: &'a Schema, at: &Pointer) {
        let mut examples: Vec<(&Value, Pointer)> = Vec::new();
        if let Some(example) = &schema.schema_data.example {
            examples.push((example, at.join("example")));
        }
        // The other values of a 3.1 `examples` list, by their index in it.
        if let Some(Value::Object(more)) = schema
            .schema_data
            .extensions
            .get(crate::load::v31::MORE_EXAMPLES)
        {
            for (index, example) in more {
                examples.push((example, at.join("examples").join(index)));
            }
        }
        if examples.is_empty() {
            return;
        }
        let as_ref = ReferenceOr::Item(schema.clone());
        for (example, example_at) in examples {
            self.example(example, &as_ref, &example_at, at);
        }
    }
}

impl<'a> Checker<'a> {
    /// The `example` and `examples` of the parameter or media type at `at`, against its
    /// `schema`.
    fn examples_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        example: Option<&Value>,
        examples: &'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
        at: &Pointer,
    ) {
        let schema_pointer = at.join("schema");
        if let Some(example) = example {
            self.example(example, schema, &at.join("example"), &schema_pointer);
        }
        for (name, example) in examples {
            let example_at = at.join("examples").join(name);
            if let Some((value, example_at)) = self.example_value(example, example_at) {
                self.example(value, schema, &example_at, &schema_pointer);
            }
        }
    }

    /// The value of an example written at `at` (itself or the one its `$ref` points at), with
    /// the pointer of that value; `None` for an external value or a reference to nothing
    /// (lowering reports that).
    fn example_value(
        &self,
        example: &'a ReferenceOr<openapiv3::Example>,
        at: Pointer,
    ) -> Option<(&'a Value, Pointer)> {
        let (example, at) = match example {
            ReferenceOr::Item(example) => (example, at),
            ReferenceOr::Reference { reference } => {
                let (example, at) = Refs::new(self.document).example(reference).ok()?;
                (example, Pointer::from_written(&at))
            }
        };
        Some((example.value.as_ref()?, at.join("value")))
    }

    fn example(
        &mut self,
        example: &Value,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
        schema_pointer: &Pointer,
    ) {
        if let Err(mismatch) = self.matches(example, schema, ".", schema_pointer, 0) {
            let place = if mismatch.at == "." {
                String::new()
            } else {
                format!(" at `{}`", mismatch.at)
            };
            self.found.error(
                at,
                format!("{MISMATCH}{place}: {}", mismatch.message),
                Some(&format!("the schema is at {}", mismatch.schema)),
            );
        }
    }

    /// Whether `value` is an instance of `schema`; `at` is the path inside the example.
    fn matches(
        &self,
        value: &Value,
        schema: &ReferenceOr<Schema>,
        at: &str,
        pointer: &Pointer,
        depth: usize,
    ) -> Result<(), Mismatch> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let (schema, pointer) = match schema {
            ReferenceOr::Item(schema) => (schema, pointer.clone()),
            ReferenceOr::Reference { reference } => match self.resolve(reference) {
                Some(found) => found,
                // An unresolved reference is lowering's error to report.
                None => return Ok(()),
            },
        };
        let here = Here {
            at,
            pointer: &pointer,
            depth,
        };
        if value.is_null() {
            return if schema.schema_data.nullable || is_any(schema) {
                Ok(())
            } else {
                Err(here.mismatch("null, but the schema is not `nullable`".to_string()))
            };
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => string(value, s).map_err(|m| here.mismatch(m)),
            SchemaKind::Type(Type::Integer(i)) => integer(value, i).map_err(|m| here.mismatch(m)),
            SchemaKind::Type(Type::Number(_)) if !value.is_number() => {
                Err(here.mismatch(format!("expected a number, found {}", kind(value))))
            }
            SchemaKind::Type(Type::Boolean(_)) if !value.is_boolean() => {
                Err(here.mismatch(format!("expected a boolean, found {}", kind(value))))
            }
            SchemaKind::Type(Type::Array(array)) => self.array(value, array, &here),
            SchemaKind::Type(Type::Object(object)) => self.object(value, object, &here),
            SchemaKind::AllOf { all_of } => {
                for (i, part) in all_of.iter().enumerate() {
                    self.matches_part(value, part, at, &pointer.join("allOf").join(i), depth)?;
                }
                Ok(())
            }
            SchemaKind::OneOf { one_of: parts } => self.any_of(value, parts, "oneOf", &here),
            SchemaKind::AnyOf { any_of: parts } => self.any_of(value, parts, "anyOf", &here),
            SchemaKind::Type(Type::Number(_) | Type::Boolean(_))
            | SchemaKind::Not { .. }
            | SchemaKind::Any(_) => Ok(()),
        }
    }

    /// An array: each item against the `items` schema.
    fn array(&self, value: &Value, array: &ArrayType, here: &Here<'_>) -> Result<(), Mismatch> {
        let Some(items) = value.as_array() else {
            return Err(here.mismatch(format!("expected an array, found {}", kind(value))));
        };
        if let Some(schema) = &array.items {
            let schema = schema.clone().unbox();
            let pointer = here.pointer.join("items");
            for (i, item) in items.iter().enumerate() {
                self.matches(item, &schema, &here.item(i), &pointer, here.depth + 1)?;
            }
        }
        Ok(())
    }

    /// An object: its required properties present (but for one-way ones), each property
    /// against its schema, and the others against `additionalProperties`.
    fn object(&self, value: &Value, object: &ObjectType, here: &Here<'_>) -> Result<(), Mismatch> {
        let Some(fields) = value.as_object() else {
            return Err(here.mismatch(format!("expected an object, found {}", kind(value))));
        };
        for required in &object.required {
            if !self.one_way(object.properties.get(required)) && !fields.contains_key(required) {
                return Err(here.mismatch(format!("the required property `{required}` is missing")));
            }
        }
        for (key, field) in fields {
            let depth = here.depth + 1;
            match (object.properties.get(key), &object.additional_properties) {
                (Some(property), _) => self.matches(
                    field,
                    &property.clone().unbox(),
                    &here.child(key),
                    &here.pointer.join("properties").join(key),
                    depth,
                )?,
                (None, Some(AdditionalProperties::Any(false))) => {
                    return Err(here.mismatch(format!(
                        "`{key}` is not a property of the schema, which allows no others"
                    )));
                }
                (None, Some(AdditionalProperties::Schema(extra))) => self.matches(
                    field,
                    extra,
                    &here.child(key),
                    &here.pointer.join("additionalProperties"),
                    depth,
                )?,
                (None, _) => {}
            }
        }
        Ok(())
    }

    /// Whether a property is read-only or write-only: the types never demand one, as a
    /// request leaves out the first and a response the second.
    fn one_way(&self, property: Option<&ReferenceOr<Box<Schema>>>) -> bool {
        let one_way =
            |schema: &Schema| schema.schema_data.read_only || schema.schema_data.write_only;
        match property {
            Some(ReferenceOr::Item(property)) => one_way(property),
            Some(ReferenceOr::Reference { reference }) => self
                .resolve(reference)
                .is_some_and(|(property, _)| one_way(property)),
            None => false,
        }
    }

    /// `oneOf` or `anyOf` (`keyword`): the value matches one of `parts`.
    fn any_of(
        &self,
        value: &Value,
        parts: &[ReferenceOr<Schema>],
        keyword: &str,
        here: &Here<'_>,
    ) -> Result<(), Mismatch> {
        let mut first_error = None;
        for (i, part) in parts.iter().enumerate() {
            let pointer = here.pointer.join(keyword).join(i);
            match self.matches(value, part, here.at, &pointer, here.depth + 1) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            None => Ok(()),
            Some(first) => Err(here.mismatch(format!(
                "it matches none of the `{keyword}` alternatives (the first says: {})",
                first.message
            ))),
        }
    }

    fn matches_part(
        &self,
        value: &Value,
        part: &ReferenceOr<Schema>,
        at: &str,
        pointer: &Pointer,
        depth: usize,
    ) -> Result<(), Mismatch> {
        let resolved = match part {
            ReferenceOr::Item(schema) => Some((schema, pointer.clone())),
            ReferenceOr::Reference { reference } => self.resolve(reference),
        };
        match resolved {
            Some((schema, pointer)) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    let mut lenient = object.clone();
                    lenient.additional_properties = None;
                    let schema = Schema {
                        schema_data: schema.schema_data.clone(),
                        schema_kind: SchemaKind::Type(Type::Object(lenient)),
                    };
                    self.matches(value, &ReferenceOr::Item(schema), at, &pointer, depth + 1)
                }
                _ => self.matches(
                    value,
                    &ReferenceOr::Item(schema.clone()),
                    at,
                    &pointer,
                    depth + 1,
                ),
            },
            None => Ok(()),
        }
    }

    /// The schema a `$ref` points at, following chains, and its pointer.
    fn resolve(&self, reference: &str) -> Option<(&'a Schema, Pointer)> {
        let (schema, at) = Refs::new(self.document).schema(reference).ok()?;
        Some((schema, Pointer::from_written(&at)))
    }
}

/// Where a value is checked: its path in the example, its schema's pointer, how deep.
struct Here<'h> {
    at: &'h str,
    pointer: &'h Pointer,
    depth: usize,
}

impl Here<'_> {
    fn mismatch(&self, message: String) -> Mismatch {
        Mismatch {
            at: self.at.to_string(),
            schema: self.pointer.clone(),
            message,
        }
    }

    /// The path of the property `key`.
    fn child(&self, key: &str) -> String {
        if self.at == "." {
            key.to_string()
        } else {
            format!("{}.{key}", self.at)
        }
    }

    /// The path of the item at `index`.
    fn item(&self, index: usize) -> String {
        if self.at == "." {
            format!("[{index}]")
        } else {
            format!("{}[{index}]", self.at)
        }
    }
}

/// A string: one of the enum's values, in its format (dates, date-times, UUIDs).
fn string(value: &Value, s: &StringType) -> Result<(), String> {
    let Some(text) = value.as_str() else {
        return Err(format!("expected a string, found {}", kind(value)));
    };
    if !s.enumeration.is_empty() && !s.enumeration.iter().flatten().any(|e| e == text) {
        return Err(format!("{value} is not one of the enum's values"));
    }
    match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) if !is_date_time(text) => {
            Err(format!("{value} is not an RFC 3339 date-time"))
        }
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) if !is_date(text) => {
            Err(format!("{value} is not a date (YYYY-MM-DD)"))
        }
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" && !is_uuid(text) => {
            Err(format!("{value} is not a UUID"))
        }
        _ => Ok(()),
    }
}

/// An integer: within its format's range, one of the enum's values.
fn integer(value: &Value, i: &IntegerType) -> Result<(), String> {
    let Some(n) = value.as_i64().or_else(|| value.as_u64().map(|_| i64::MAX)) else {
        return Err(format!("expected an integer, found {}", kind(value)));
    };
    let fits = match &i.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => i32::try_from(n).is_ok(),
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint32" => {
            value.as_u64().is_some_and(|n| u32::try_from(n).is_ok())
        }
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint64" => value.as_u64().is_some(),
        _ => true,
    };
    if !fits {
        return Err(match &i.format {
            VariantOrUnknownOrEmpty::Unknown(format) => {
                format!("{value} does not fit in a {format}")
            }
            _ => format!("{value} does not fit in an int32"),
        });
    }
    if !i.enumeration.is_empty() && !i.enumeration.iter().flatten().any(|e| *e == n) {
        return Err(format!("{value} is not one of the enum's values"));
    }
    Ok(())
}

fn is_any(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.is_none())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` with a month and day in range.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && digits(y)
                && digits(m)
                && digits(d) =>
        {
            let (m, d): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
            (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => false,
    }
}

/// An RFC 3339 date-time: a date, `T`, `HH:MM:SS`, optional fraction, and `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return false;
    };
    if !is_date(date) || time.len() < 9 {
        return false;
    }
    let (clock, rest) = time.split_at(8);
    let clock_ok = clock.as_bytes()[2] == b':'
        && clock.as_bytes()[5] == b':'
        && digits(&clock[0..2])
        && digits(&clock[3..5])
        && digits(&clock[6..8]);
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => {
            let end = fraction
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(fraction.len());
            if end == 0 {
                return false;
            }
            &fraction[end..]
        }
        None => rest,
    };
    let zone_ok = matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && digits(&rest[1..3])
            && &rest[3..4] == ":"
            && digits(&rest[4..6]));
    clock_ok && zone_ok
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_yaml(text: &str) -> Vec<String> {
        let document: OpenAPI = serde_yaml::from_str(text).unwrap();
        check(&document, "spec.yaml")
            .into_iter()
            .map(|d| {
                format!(
                    "{} | {} | {}",
                    d.pointer,
                    d.message,
                    d.hint.unwrap_or_default()
                )
            })
            .collect()
    }

    const SPEC: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    post:
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}, example: EXAMPLE_LIMIT}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            example: EXAMPLE_BODY
      responses:
        '200': {description: ok}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        at: {type: string, format: date-time, example: EXAMPLE_AT}
        tags: {type: array, items: {type: string, enum: [a, b]}}
";

    fn spec(limit: &str, body: &str, at: &str) -> String {
        SPEC.replace("EXAMPLE_LIMIT", limit)
            .replace("EXAMPLE_BODY", body)
            .replace("EXAMPLE_AT", at)
    }

    #[test]
    fn matching_examples_pass() {
        let text = spec(
            "10",
            "{name: x, at: '2024-01-02T03:04:05.5+01:00', tags: [a]}",
            "'2024-01-02T03:04:05Z'",
        );
        assert_eq!(check_yaml(&text), Vec::<String>::new());
    }

    #[test]
    fn each_kind_of_mismatch_names_the_example_and_the_schema() {
        let text = spec("ten", "{at: x}", "'yesterday'");
        let found = check_yaml(&text);
        assert_eq!(
            found,
            vec![
                "#/components/schemas/Thing/properties/at/example | the example does not match its schema: \"yesterday\" is not an RFC 3339 date-time | the schema is at #/components/schemas/Thing/properties/at",
                "#/paths/~1things/post/parameters/0/example | the example does not match its schema: expected an integer, found a string | the schema is at #/paths/~1things/post/parameters/0/schema",
                "#/paths/~1things/post/requestBody/content/application~1json/example | the example does not match its schema: the required property `name` is missing | the schema is at #/components/schemas/Thing",
            ]
        );
        let found = check_yaml(&spec(
            "10",
            "{name: x, tags: [c]}",
            "'2024-01-02T03:04:05Z'",
        ));
        assert_eq!(
            found,
            vec![
                "#/paths/~1things/post/requestBody/content/application~1json/example | the example does not match its schema at `tags[0]`: \"c\" is not one of the enum's values | the schema is at #/components/schemas/Thing/properties/tags/items"
            ]
        );
    }

    #[test]
    fn read_only_properties_and_unsigned_formats() {
        let text = SPEC
            .replace("EXAMPLE_LIMIT", "10")
            .replace("EXAMPLE_BODY", "{name: x}")
            .replace("EXAMPLE_AT", "'2024-01-02T03:04:05Z'")
            .replace("required: [name]", "required: [name, id, n]")
            .replace(
                "name: {type: string}",
                "name: {type: string}\n        id: {type: string, readOnly: true}\n        n: {type: integer, format: uint32, example: -1}",
            );
        // `id` is required but read-only: the request example leaves it out rightly;
        // `n` is not read-only, and its example does not fit its unsigned format.
        assert_eq!(
            check_yaml(&text),
            vec![
                "#/components/schemas/Thing/properties/n/example | the example does not match its schema: -1 does not fit in a uint32 | the schema is at #/components/schemas/Thing/properties/n",
                "#/paths/~1things/post/requestBody/content/application~1json/example | the example does not match its schema: the required property `n` is missing | the schema is at #/components/schemas/Thing",
            ]
        );
    }

    #[test]
    fn examples_anywhere_in_a_schema_are_checked() {
        // A schema with no `type` holds its parts and its values' schema as a typed one does.
        let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Loose:
      additionalProperties: {type: integer, example: one}
      anyOf: [{type: string, example: 2}]
";
        assert_eq!(
            check_yaml(text),
            vec![
                "#/components/schemas/Loose/additionalProperties/example | the example does not match its schema: expected an integer, found a string | the schema is at #/components/schemas/Loose/additionalProperties",
                "#/components/schemas/Loose/anyOf/0/example | the example does not match its schema: expected a string, found a number | the schema is at #/components/schemas/Loose/anyOf/0",
            ]
        );
    }

    #[test]
    fn formats() {
        assert!(is_date_time("2023-11-07T05:31:56Z"));
        assert!(is_date_time("2023-11-07T05:31:56.123-08:00"));
        assert!(!is_date_time("2023-11-07"));
        assert!(!is_date_time("2023-11-07T05:31Z"));
        assert!(!is_date_time("last tuesday"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(!is_uuid("67e55044"));
    }
}
