//! The 3.2 upgrade, keyword by keyword: what each becomes, and where its diagnostics point.

use super::*;
use serde_json::json;

const HEAD: &str = "openapi: 3.2.0\ninfo: {title: T, version: '1'}\n";

/// The document of `yaml` (after `HEAD`) rewritten, and its warnings as (pointer, message).
fn upgraded(yaml: &str) -> (Value, Vec<(String, String)>, Moves) {
    let mut value = crate::load::parse_value(&format!("{HEAD}{yaml}"), "s.yaml").unwrap();
    let upgraded = upgrade(&mut value, "s.yaml", false);
    let warnings = upgraded
        .warnings
        .into_iter()
        .map(|w| (w.pointer, w.message))
        .collect();
    (value, warnings, upgraded.moves)
}

fn pointers(warnings: &[(String, String)]) -> Vec<&str> {
    warnings.iter().map(|w| w.0.as_str()).collect()
}

#[test]
fn query_and_additional_operations_take_free_fields_marked_with_their_method() {
    let (value, warnings, moves) = upgraded(concat!(
        "paths:\n",
        "  /a:\n",
        "    get: {}\n",
        "    query: {operationId: search}\n",
        "    additionalOperations:\n",
        "      COPY: {operationId: copy, parameters: [{name: q, in: query, schema: {type: [string, 'null']}}]}\n",
        "      Post: {operationId: post}\n",
        "      GET: {operationId: again}\n",
        "      'BAD METHOD': {}\n",
    ));
    let item = &value["paths"]["/a"];
    assert_eq!(item["trace"]["x-codegen-method"], json!("QUERY"));
    assert_eq!(item["trace"]["operationId"], json!("search"));
    assert_eq!(item["patch"]["x-codegen-method"], json!("COPY"));
    // The 3.1 rules read the moved operation's schemas.
    assert_eq!(
        item["patch"]["parameters"][0]["schema"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(item["post"]["operationId"], json!("post"));
    assert_eq!(item.get("additionalOperations"), None);
    assert_eq!(item.get("query"), None);
    assert_eq!(
        moves.original("#/paths/~1a/patch/parameters/0/schema"),
        "#/paths/~1a/additionalOperations/COPY/parameters/0/schema"
    );
    assert_eq!(
        moves.original("#/paths/~1a/trace/operationId"),
        "#/paths/~1a/query/operationId"
    );
    assert_eq!(
        pointers(&warnings),
        [
            "#/paths/~1a/additionalOperations/Post",
            "#/paths/~1a/additionalOperations/GET",
            "#/paths/~1a/additionalOperations/BAD METHOD",
        ]
    );
    assert!(warnings[1].1.contains("written twice"), "{warnings:?}");
}

#[test]
fn a_path_with_every_field_taken_leaves_the_other_method_out_with_a_warning() {
    let every: String = FIXED.iter().map(|m| format!("    {m}: {{}}\n")).collect();
    let (value, warnings, _) = upgraded(&format!("paths:\n  /a:\n{every}    query: {{}}\n"));
    assert_eq!(value["paths"]["/a"].as_object().unwrap().len(), 8);
    assert_eq!(pointers(&warnings), ["#/paths/~1a/query"]);
}

#[test]
fn item_schema_is_the_schema_of_a_sequential_media_type() {
    let (value, warnings, moves) = upgraded(concat!(
        "paths:\n",
        "  /a:\n",
        "    get:\n",
        "      responses:\n",
        "        '200':\n",
        "          content:\n",
        "            application/jsonl: {itemSchema: {type: [string, 'null']}}\n",
        "            text/event-stream: {schema: {type: array}, itemSchema: {type: string}}\n",
        "            application/json: {itemSchema: {type: string}}\n",
        "            application/x-ndjson: {$ref: '#/components/mediaTypes/Lines'}\n",
        "components: {mediaTypes: {Lines: {itemSchema: {type: integer}}}}\n",
    ));
    assert_eq!(value["components"], json!({}));
    let content = &value["paths"]["/a"]["get"]["responses"]["200"]["content"];
    assert_eq!(
        content["application/jsonl"],
        json!({"schema": {"type": "string", "nullable": true}})
    );
    assert_eq!(
        content["text/event-stream"],
        json!({"schema": {"type": "string"}})
    );
    assert_eq!(content["application/json"], json!({}));
    assert_eq!(
        content["application/x-ndjson"],
        json!({"schema": {"type": "integer"}})
    );
    let at = "#/paths/~1a/get/responses/200/content";
    assert_eq!(
        moves.original(&format!("{at}/application~1jsonl/schema/type")),
        format!("{at}/application~1jsonl/itemSchema/type/0")
    );
    assert_eq!(
        moves.original(&format!("{at}/application~1x-ndjson/schema")),
        "#/components/mediaTypes/Lines/itemSchema"
    );
    assert_eq!(
        pointers(&warnings),
        [
            format!("{at}/text~1event-stream/itemSchema"),
            format!("{at}/application~1json/itemSchema"),
        ]
    );
}

#[test]
fn summaries_open_descriptions_which_responses_may_leave_out() {
    let (value, warnings, moves) = upgraded(concat!(
        "tags: [{name: a, summary: Short, description: Long., kind: nav}, {name: b, summary: B, parent: a}]\n",
        "paths:\n",
        "  /a:\n",
        "    get:\n",
        "      responses:\n",
        "        '200': {summary: Found}\n",
        "        '204': {}\n",
    ));
    assert_eq!(warnings, []);
    assert_eq!(
        value["tags"],
        json!([
            {"name": "a", "description": "Short.\n\nLong."},
            {"name": "b", "description": "B.\n\nUnder `a`.", PARENT: "a"},
        ])
    );
    let responses = &value["paths"]["/a"]["get"]["responses"];
    assert_eq!(responses["200"], json!({"description": "Found"}));
    assert_eq!(responses["204"], json!({"description": ""}));
    assert_eq!(
        moves.original("#/paths/~1a/get/responses/200/description"),
        "#/paths/~1a/get/responses/200/summary"
    );
}

#[test]
fn a_querystring_form_becomes_its_query_parameters() {
    let (value, warnings, moves) = upgraded(concat!(
        "paths:\n",
        "  /a:\n",
        "    get:\n",
        "      parameters:\n",
        "        - {name: h, in: header, schema: {type: string}}\n",
        "        - name: all\n",
        "          in: querystring\n",
        "          required: true\n",
        "          content:\n",
        "            application/x-www-form-urlencoded:\n",
        "              schema: {$ref: '#/components/schemas/Form'}\n",
        "              encoding: {tags: {explode: false}}\n",
        "        - {$ref: '#/components/parameters/Json'}\n",
        "components:\n",
        "  parameters:\n",
        "    Json: {name: j, in: querystring, content: {application/json: {schema: {type: object}}}}\n",
        "  schemas:\n",
        "    Form:\n",
        "      type: object\n",
        "      required: [q]\n",
        "      properties: {q: {type: string}, tags: {type: array, items: {type: string}}}\n",
    ));
    let at = "#/paths/~1a/get/parameters";
    assert_eq!(
        value["paths"]["/a"]["get"]["parameters"],
        json!([
            {"name": "h", "in": "header", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "tags", "in": "query", "required": false, "explode": false,
             "schema": {"type": "array", "items": {"type": "string"}}},
        ])
    );
    assert_eq!(value["components"]["parameters"], json!({}));
    assert_eq!(
        moves.original(&format!("{at}/2/schema/items")),
        "#/components/schemas/Form/properties/tags/items"
    );
    assert_eq!(
        moves.original(&format!("{at}/1/name")),
        format!("{at}/1/name")
    );
    assert_eq!(
        pointers(&warnings),
        ["#/components/parameters/Json/content/application~1json"]
    );
}

#[test]
fn examples_schemes_and_discriminators_keep_what_the_client_uses() {
    let (value, warnings, moves) = upgraded(concat!(
        "$self: https://example.com/api.yaml\n",
        "components:\n",
        "  examples:\n",
        "    Data: {dataValue: {a: 1}, serializedValue: '{\"a\":1}'}\n",
        "    Text: {serializedValue: 'a=1'}\n",
        "  schemas:\n",
        "    U:\n",
        "      oneOf: [{$ref: '#/components/schemas/A'}]\n",
        "      discriminator: {propertyName: k, defaultMapping: A}\n",
        "  securitySchemes:\n",
        "    old: {type: http, scheme: basic, deprecated: true}\n",
        "    device:\n",
        "      type: oauth2\n",
        "      oauth2MetadataUrl: https://a.example/meta\n",
        "      flows: {deviceAuthorization: {deviceAuthorizationUrl: https://a.example/d, tokenUrl: https://a.example/t, scopes: {}}}\n",
    ));
    assert_eq!(value.get("$self"), None);
    let components = &value["components"];
    assert_eq!(components["examples"]["Data"], json!({"value": {"a": 1}}));
    assert_eq!(
        components["schemas"]["U"]["discriminator"],
        json!({"propertyName": "k", DEFAULT_MAPPING: "A"})
    );
    let schemes = &components["securitySchemes"];
    assert_eq!(schemes["old"][DEPRECATED], json!(true));
    assert_eq!(schemes["device"]["flows"], json!({}));
    let description = schemes["device"]["description"].as_str().unwrap();
    assert!(
        description.contains("<https://a.example/d>"),
        "{description}"
    );
    assert!(
        description.contains("<https://a.example/meta>"),
        "{description}"
    );
    assert_eq!(
        moves.original("#/components/examples/Data/value/a"),
        "#/components/examples/Data/dataValue/a"
    );
    assert_eq!(
        moves.original(&format!(
            "#/components/schemas/U/discriminator/{DEFAULT_MAPPING}"
        )),
        "#/components/schemas/U/discriminator/defaultMapping"
    );
    // `$self` is accepted: with no other file read, it changes no reference.
    assert_eq!(
        pointers(&warnings),
        ["#/components/examples/Text/serializedValue"]
    );
    let mut value = crate::load::parse_value(
        &format!("{HEAD}$self: https://example.com/api.yaml\npaths: {{}}\n"),
        "s.yaml",
    )
    .unwrap();
    let bundled = upgrade(&mut value, "s.yaml", true);
    assert_eq!(bundled.warnings[0].pointer, "#/$self");
}

#[test]
fn diagnostics_of_a_32_document_point_at_its_text() {
    let text = concat!(
        "openapi: 3.2.0\n",
        "info: {title: T, version: '1'}\n",
        "servers: [{url: 'https://x'}]\n",
        "paths:\n",
        "  /a:\n",
        "    query:\n",
        "      operationId: [search]\n",
        "      responses: {'200': {description: ok}}\n",
        "    additionalOperations:\n",
        "      COPY:\n",
        "        responses:\n",
        "          '200':\n",
        "            content:\n",
        "              application/jsonl:\n",
        "                itemSchema: {type: string, maxLength: long}\n",
    );
    let source = crate::Source {
        file: "s.yaml".to_string(),
        text: text.to_string(),
    };
    let error = crate::generate_source(&source, None).unwrap_err();
    let found: Vec<(String, Option<(usize, usize)>)> = error
        .diagnostics()
        .iter()
        .filter(|d| d.severity == crate::Severity::Error)
        .map(|d| (d.pointer.clone(), d.position))
        .collect();
    assert_eq!(
        found,
        [
            ("#/paths/~1a/query/operationId".to_string(), Some((7, 7))),
            (
                "#/paths/~1a/additionalOperations/COPY/responses/200/content/application~1jsonl/itemSchema/maxLength".to_string(),
                Some((15, 44))
            ),
        ],
        "{error}"
    );
}

#[test]
fn a_cookie_style_is_read_as_form() {
    let (value, warnings, _) = upgraded(concat!(
        "paths:\n",
        "  /a:\n",
        "    get:\n",
        "      parameters:\n",
        "        - {name: s, in: cookie, style: cookie, schema: {type: string}}\n",
        "        - {name: l, in: cookie, style: cookie, schema: {type: array, items: {type: string}}}\n",
    ));
    let parameters = &value["paths"]["/a"]["get"]["parameters"];
    assert_eq!(parameters[0].get("style"), None);
    assert_eq!(parameters[1].get("style"), None);
    assert_eq!(pointers(&warnings), ["#/paths/~1a/get/parameters/1/style"]);
}
