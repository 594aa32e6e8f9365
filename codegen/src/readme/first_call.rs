//! The first call of one of the API's operations, which the generated crate's README and its
//! crate-level example both show, and which the crate's doctests compile, so the README cannot
//! go stale.

use crate::ir::*;
use crate::names;
use heck::ToShoutySnakeCase;
use std::fmt::Write as _;

/// What the first call needs: the crate's Rust name and the statements of the example.
pub struct FirstCall {
    /// The crate's name in Rust (`recepta_api`).
    pub krate: String,
    /// The `use` line and the statements, one a line, without the async function around them.
    pub lines: Vec<String>,
    /// The operation called, if one could be written with literal arguments.
    pub operation: Option<String>,
    /// The environment variables the example reads credentials from.
    pub env_vars: Vec<String>,
    /// The features that compile the operation called (always compiled when it is one
    /// without tags, or when the crate has no tag features).
    pub gate: Gate,
}

/// The example: a client built with the credentials of the chosen operation's first security
/// alternative (read from environment variables), and one call of it.
pub fn first_call(api: &Api, crate_name: &str) -> FirstCall {
    let krate = crate_name.replace('-', "_");
    let chosen = api
        .operations
        .iter()
        .filter_map(|op| call(api, op).map(|call| (op, call)))
        .min_by_key(|(op, call)| {
            (
                // One that every set of features compiles, when there is one.
                !api.features.operation(op).is_always(),
                op.deprecated,
                call.fields,
                op.http_method != HttpMethod::Get,
                call.args.len(),
            )
        });
    let prefix = env_prefix(crate_name);
    let mut env_vars = Vec::new();
    let mut builder = vec!["let client = Client::builder()".to_string()];
    if api.default_base_url.is_none() {
        builder.push(
            "    .base_url(\"https://api.example.com\") // the API names no server".to_string(),
        );
    }
    let schemes = chosen
        .as_ref()
        .and_then(|(op, _)| op.security.first())
        .map(|first| first.as_slice())
        .unwrap_or(&[]);
    for &index in schemes {
        let Some(scheme) = api.security_schemes.get(index) else {
            continue;
        };
        let var = |suffix: &str| format!("{prefix}_{}", suffix.to_shouty_snake_case());
        let line = match scheme.kind {
            SecurityKind::Basic => {
                let (user, password) = (var("username"), var("password"));
                let line = format!(
                    "    .{}(std::env::var({user:?})?, std::env::var({password:?})?)",
                    scheme.method
                );
                env_vars.extend([user, password]);
                line
            }
            _ => {
                let name = var(&scheme.method);
                let line = format!("    .{}(std::env::var({name:?})?)", scheme.method);
                env_vars.push(name);
                line
            }
        };
        builder.push(line);
    }
    if builder.len() == 1 {
        builder = vec!["let client = Client::builder().build()?;".to_string()];
    } else {
        builder.push("    .build()?;".to_string());
    }
    let uses_types = chosen.as_ref().is_some_and(|(_, call)| call.uses_types);
    let mut lines = vec![if uses_types {
        format!("use {krate}::{{types, Client}};")
    } else {
        format!("use {krate}::Client;")
    }];
    lines.push(String::new());
    lines.extend(builder);
    if let Some((op, call)) = &chosen {
        lines.push("let response = client".to_string());
        lines.push(format!(
            "    .{}({})",
            field_name(&op.name),
            call.args.join(", ")
        ));
        lines.push("    .send()".to_string());
        lines.push("    .await?;".to_string());
        lines.push("println!(\"{response:?}\");".to_string());
    } else {
        lines.push("println!(\"{client:?}\");".to_string());
    }
    FirstCall {
        krate,
        lines,
        gate: chosen
            .as_ref()
            .map(|(op, _)| api.features.operation(op).clone())
            .unwrap_or_default(),
        operation: chosen.map(|(op, _)| op.name.clone()),
        env_vars,
    }
}

/// The crate-level example, as rustdoc lines: compiled (not run) by the crate's doctests.
pub fn doc_example(call: &FirstCall) -> String {
    let mut text = String::from("# Example\n\n```no_run\n");
    text.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    for line in &call.lines {
        let _ = writeln!(text, "{line}");
    }
    text.push_str("# Ok(())\n# }\n```");
    text
}

/// The environment variables' prefix: the crate's name without a trailing `api` or `client`,
/// in capitals (`recepta-api` → `RECEPTA`).
fn env_prefix(crate_name: &str) -> String {
    let mut words: Vec<&str> = crate_name
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && matches!(*words.last().expect("not empty"), "api" | "client") {
        words.pop();
    }
    words.join("_").to_shouty_snake_case()
}

/// A call of one operation with literal arguments.
struct Call {
    /// The arguments, spelled.
    args: Vec<String>,
    /// Struct fields spelled out in them (fewer reads better).
    fields: usize,
    /// Whether they name a generated type.
    uses_types: bool,
}

/// The operation's call, if every argument it requires can be spelled as a literal.
fn call(api: &Api, op: &Operation) -> Option<Call> {
    let mut spelled = Spelled::default();
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let arg = match &param.ty {
            Type::String => format!("{:?}", param.wire_name),
            Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64 => {
                spelled.value(api, &param.ty, 0)?
            }
            other => format!("&{}", spelled.value(api, other, 0)?),
        };
        args.push(arg);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let arg = match body.encoding {
            BodyEncoding::Json | BodyEncoding::Form => match &body.ty {
                Type::String => "\"text\"".to_string(),
                Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64 => {
                    spelled.value(api, &body.ty, 0)?
                }
                other => format!("&{}", spelled.value(api, other, 0)?),
            },
            BodyEncoding::Text => "\"text\"".to_string(),
            BodyEncoding::Binary => "b\"bytes\"".to_string(),
            BodyEncoding::Multipart => return None,
        };
        args.push(arg);
    }
    Some(Call {
        args,
        fields: spelled.fields,
        uses_types: spelled.uses_types,
    })
}

/// How many named types deep a value is spelled.
const MAX_DEPTH: usize = 4;

/// How many structs deep a value is spelled field by field.
const MAX_STRUCT_DEPTH: usize = 2;

/// Counts what spelling values took.
#[derive(Default)]
struct Spelled {
    fields: usize,
    uses_types: bool,
}

impl Spelled {
    /// A value of `ty` as a Rust expression, or `None` where one would take more than a literal
    /// (dates, unions, structs nested deeper than [`MAX_STRUCT_DEPTH`]).
    fn value(&mut self, api: &Api, ty: &Type, depth: usize) -> Option<String> {
        Some(match ty {
            Type::Bool => "true".to_string(),
            Type::I32 | Type::I64 | Type::U32 | Type::U64 => "1".to_string(),
            Type::F32 | Type::F64 => "1.0".to_string(),
            Type::String => "String::from(\"text\")".to_string(),
            Type::Json => "serde_json::Value::Null".to_string(),
            Type::Vec(_) => "Vec::new()".to_string(),
            Type::JsonObject | Type::Set(_) | Type::Map(_) | Type::Nullable(_) => {
                "Default::default()".to_string()
            }
            Type::Option(_) => "None".to_string(),
            Type::Box(inner) => format!("Box::new({})", self.value(api, inner, depth)?),
            Type::Named(name) => self.named(api, name, depth)?,
            Type::DateTime | Type::Date | Type::Uuid | Type::Bytes | Type::Unit => return None,
        })
    }

    fn named(&mut self, api: &Api, name: &str, depth: usize) -> Option<String> {
        // Types that contain themselves (through a newtype or a box) end here.
        if depth > MAX_DEPTH {
            return None;
        }
        let def = api.types.get(name)?;
        self.uses_types = true;
        let path = format!("types::{name}");
        Some(match &def.kind {
            TypeKind::Struct(s) if s.default => format!("{path}::default()"),
            TypeKind::Struct(s) if depth < MAX_STRUCT_DEPTH => {
                let mut fields = Vec::new();
                for field in &s.fields {
                    let value = match field.presence {
                        Presence::Optional | Presence::Defaulted | Presence::RequiredNullable => {
                            "None".to_string()
                        }
                        Presence::OptionalNullable => "Default::default()".to_string(),
                        Presence::Required => self.value(api, &field.ty, depth + 1)?,
                    };
                    self.fields += 1;
                    fields.push(format!("{}: {value}", field_name(&field.name)));
                }
                if let Some((additional, _)) = &s.additional {
                    fields.push(format!("{}: Default::default()", field_name(additional)));
                }
                format!("{path} {{ {} }}", fields.join(", "))
            }
            TypeKind::StringEnum(e) => format!("{path}::{}", e.variants.first()?.name),
            TypeKind::Alias(inner) => self.value(api, inner, depth + 1)?,
            TypeKind::Newtype(inner) => format!("{path}({})", self.value(api, inner, depth + 1)?),
            _ => return None,
        })
    }
}

/// A field or method name as Rust spells it (raw where it is a keyword).
fn field_name(name: &str) -> String {
    if names::is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::readme) fn api(yaml: &str) -> Api {
        let document = crate::load::parse(yaml, "spec.yaml").expect("the spec parses");
        crate::lower::lower(&document, "spec.yaml").expect("the spec lowers")
    }

    pub(in crate::readme) const SPEC: &str = "
openapi: 3.0.3
info: {title: Shop API, version: 2.0.0}
servers: [{url: 'https://shop.example.com/v2'}]
security: [{token: []}]
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [sku, quantity]
              properties:
                sku: {type: string}
                quantity: {type: integer}
                note: {type: string}
      responses: {'201': {description: created}}
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /uploads:
    post:
      operationId: upload
      security: [{basic: []}]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
      responses: {'204': {description: done}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
";

    #[test]
    fn the_first_call_prefers_a_get_with_literal_arguments_and_sets_its_credentials() {
        let call = first_call(&api(SPEC), "shop-api");
        assert_eq!(call.operation.as_deref(), Some("get_order"));
        assert_eq!(call.env_vars, ["SHOP_TOKEN"]);
        assert_eq!(
            call.lines.join("\n"),
            "use shop_api::Client;\n\nlet client = Client::builder()\n    .token(std::env::var(\"SHOP_TOKEN\")?)\n    .build()?;\nlet response = client\n    .get_order(\"id\")\n    .send()\n    .await?;\nprintln!(\"{response:?}\");"
        );
    }

    #[test]
    fn a_body_without_default_is_spelled_field_by_field() {
        let spec = SPEC.replace(
            "    get:\n      operationId: getOrder",
            "    delete:\n      operationId: getOrder",
        );
        let mut api = api(&spec);
        api.operations.retain(|op| op.name != "get_order");
        let call = first_call(&api, "shop");
        assert_eq!(call.operation.as_deref(), Some("create_order"));
        let text = call.lines.join("\n");
        assert!(
            text.contains(".create_order(&types::CreateOrderRequest { sku: String::from(\"text\"), quantity: 1, note: None })"),
            "{text}"
        );
        assert!(text.starts_with("use shop::{types, Client};"), "{text}");
    }

    #[test]
    fn without_a_callable_operation_the_example_builds_the_client() {
        let mut api = api(SPEC);
        api.operations.retain(|op| op.name == "upload");
        let call = first_call(&api, "shop-api");
        assert_eq!(call.operation, None);
        assert_eq!(
            call.lines.last().map(String::as_str),
            Some("println!(\"{client:?}\");")
        );
    }

    #[test]
    fn the_doc_example_wraps_the_call_in_hidden_lines_and_is_compiled_not_run() {
        let example = doc_example(&first_call(&api(SPEC), "shop-api"));
        assert!(example.starts_with("# Example\n\n```no_run\n# async fn example()"));
        assert!(example.ends_with("# Ok(())\n# }\n```"));
    }

    #[test]
    fn a_type_that_contains_itself_is_not_spelled() {
        let mut api = api(SPEC);
        api.types.insert(
            "Tree".to_string(),
            TypeDef {
                name: "Tree".to_string(),
                origin: "#/components/schemas/Tree".to_string(),
                docs: Docs::default(),
                deprecated: false,
                nullable: false,
                kind: TypeKind::Newtype(Type::Box(Box::new(Type::Named("Tree".to_string())))),
            },
        );
        let value = Spelled::default().value(&api, &Type::Named("Tree".to_string()), 0);
        assert_eq!(value, None);
    }

    #[test]
    fn environment_variables_are_named_after_the_crate() {
        assert_eq!(env_prefix("recepta-api"), "RECEPTA");
        assert_eq!(env_prefix("acme-billing-client"), "ACME_BILLING");
        assert_eq!(env_prefix("api"), "API");
    }
}
