//! `cargo xtask conformance [SPEC|DIR ...]`: generates each spec's crate and a harness that
//! calls every operation twice, with what it requires and with everything set, with values
//! made from the spec (examples first, then defaults, the first enum value, then values that
//! fit the type, format and pattern), against Stoplight Prism, which
//! checks every request against the spec and answers from its examples (then, with
//! `--dynamic`, with random data that fits the schemas). A report per spec is written to
//! `target/conformance/NAME.txt`, Prism's log of each mode beside it
//! (`NAME.static.prism.log`), with its validation report of each request it refused. The
//! run fails on a failure outside the classes `EXCLUDED` lists as Prism's or the spec's.
//!
//! Prism is installed by `xtask/conformance/prism.sh` under `target/prism`.

use crate::roundtrip;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

/// An operation method of the generated `Client`, as its source declares it.
struct Call {
    /// The method name, also `Operation::name`.
    name: String,
    /// The HTTP method, lower case.
    method: String,
    /// The path template.
    path: String,
    /// The method's arguments after `self`: name and Rust type.
    args: Vec<(String, String)>,
    /// The request's setters of what is optional: method, and the Rust type it takes.
    setters: Vec<(String, String)>,
}

/// The suffix of the name of the call with every optional parameter and field set.
const FULL: &str = ":full";

/// The outcome of one operation in one mode, as the harness prints it.
struct Outcome {
    name: String,
    mode: &'static str,
    /// `ok`, or the category of the failure.
    category: String,
    detail: String,
}

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let mut specs = Vec::new();
    let inputs: Vec<PathBuf> = if args.is_empty() {
        vec![root.join("spec/recepta.yaml"), root.join("tests/fixtures")]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&input)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml" | "yml" | "json")
                    )
                })
                .collect();
            found.sort();
            specs.extend(found);
        } else {
            specs.push(input);
        }
    }
    // Without Prism the operations are not called, but the schemas, which need no server,
    // still make their round trip.
    let prism = match Command::new(root.join("xtask/conformance/prism.sh")).output() {
        Ok(out) if out.status.success() => Some(PathBuf::from(
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )),
        Ok(out) => {
            eprintln!(
                "installing Prism failed, so no operation is called: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("cannot run xtask/conformance/prism.sh, so no operation is called: {e}");
            None
        }
    };
    let out = crate::bench::target_dir(root).join("conformance");
    let build = crate::bench::scratch_target(root);
    let (mut passed, mut total, mut schemas_passed, mut schemas) = (0, 0, 0, 0);
    let mut unexcused = 0;
    let mut failed = prism.is_none();
    for spec in &specs {
        let started = Instant::now();
        match run_spec(prism.as_deref(), spec, &out, &build) {
            Ok(Counts {
                operations: (p, t),
                schemas: (sp, st),
                unexcused: u,
            }) => {
                println!(
                    "{}: {p} of {t} operation calls passed, {sp} of {st} schemas round-trip ({:.0?})",
                    spec.display(),
                    started.elapsed()
                );
                passed += p;
                total += t;
                schemas_passed += sp;
                schemas += st;
                unexcused += u;
            }
            Err(e) => {
                let first = e.lines().next().unwrap_or_default();
                println!("{}: not run: {first}", spec.display());
                failed = true;
            }
        }
    }
    println!("conformance: {passed} of {total} operations, {schemas_passed} of {schemas} schemas");
    println!(
        "conformance: {unexcused} operation calls failed outside the excluded classes (Prism's and the specs'), {} schemas did not round-trip",
        schemas - schemas_passed
    );
    // The run fails on what may be the client's: a spec that was not run, a call that failed
    // in a class not listed in `EXCLUDED`, or a schema that did not round-trip.
    if !failed && unexcused == 0 && schemas_passed == schemas {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What passed of one spec, and out of how many.
struct Counts {
    /// Operation calls.
    operations: (usize, usize),
    /// Component schemas.
    schemas: (usize, usize),
    /// Operation calls that failed in a class not in `EXCLUDED`.
    unexcused: usize,
}

/// The classes of failure that are Prism's or the spec's, not the client's, each with its
/// reason: reported with the others, they do not fail the run. README's "On the wire" gives
/// the evidence of each.
const EXCLUDED: &[(&str, &str)] = &[
    (
        "Prism cannot answer",
        "Prism answers 500 with an error of its own (it cannot render an object under `*/*`, \
         finds no response it can build, or overflows its stack faking a recursive schema) to \
         a request it accepted",
    ),
    (
        PRISM_CRASHED,
        "Prism exited on a request, throwing an error of its own as it read it (`TypeError: \
         Cannot read properties of undefined (reading 'split')` for an optional `style: simple` \
         array header left out; `delimited style is only applicable to array parameter` for a \
         spec's `spaceDelimited` or `pipeDelimited` object or primitive; `value.split is not a \
         function` or `parameters[name].startsWith is not a function` for an object path \
         parameter written as its own examples write it); a new Prism takes the calls after it \
         (any other error it throws is a failure)",
    ),
    (
        PRISM_MULTIPART_TEXT,
        "Prism reads each part of a multipart body as text, whatever its `Content-Type`, so \
         a JSON part is not the object and a file sent once is not the array the schema \
         says (its only complaints are of a part's type)",
    ),
    (
        PRISM_MULTIPART_RESERVED,
        "Prism refuses reserved characters (`,`, `{`, `&`, ...) in the text of a multipart part \
         written in a style, which OpenAPI 3.1.2 says is not percent-encoded \"regardless of the \
         value of `allowReserved`\"; the `,` that joins a non-exploded value's items is one",
    ),
    (
        PRISM_ABSENT_DELIMITED,
        "Prism reads an optional form field written `spaceDelimited` or `pipeDelimited` that the \
         request leaves out as a value that is not an array, and refuses it (\"must be array\")",
    ),
    (
        PRISM_ANY_OF_ARRAY,
        "Prism reads an exploded query array of one item (`?tag=a`) as a string when its \
         schema is in an `anyOf` (3.1's `[array, null]`), and refuses it as not an array",
    ),
    (
        PRISM_NOT_STARTED,
        "Prism exited, or did not listen within a minute (and 30 s a megabyte of spec), when \
         started on the spec: each call of the mode is listed as not made",
    ),
    (
        PRISM_EMPTY_OBJECT,
        "Prism's example of a recursive schema stops at `{}`, which lacks the properties the \
         schema requires",
    ),
    (
        PRISM_NEGATIVE_UNSIGNED,
        "Prism's random data ignores `format: uint32`/`uint64` (not a JSON Schema format) and \
         sends negative numbers",
    ),
    (
        SPEC_TWO_AUTHORIZATIONS,
        "every security requirement of the operation asks for two schemes that each take the \
         whole `Authorization` header (HTTP basic and an OAuth2 bearer token together), which \
         no request can carry; Prism answers 401",
    ),
    (
        SPEC_INVALID_EXAMPLE,
        "Prism answered with the spec's example of the response, which the response's own \
         schema finds invalid (a required property missing, a value of another type)",
    ),
    (
        PRISM_NEW_METHOD,
        "Prism routes only the methods of OpenAPI 3.0 and 3.1, not 3.2's `query` and \
         `additionalOperations` (`COPY`): it answers 405 \"Route resolved, but no method \
         matched\"",
    ),
    (
        SPEC_ONE_OF_OVERLAP,
        "the body fits more than one variant of the spec's `oneOf` (variants that overlap, \
         told apart only by the discriminator's tag), which JSON Schema finds invalid whatever \
         the tag says; Prism judges as JSON Schema does",
    ),
    (
        SPEC_NO_VALUE,
        "no value fits the schema of what the operation requires: an `allOf` of types that \
         exclude each other (a string and an integer), so no request can be valid",
    ),
    (
        SPEC_NULL_EXAMPLE,
        "the spec's example of an object response is `null`, and Prism sends it as it is",
    ),
];

const PRISM_CRASHED: &str = "Prism crashed";
const PRISM_MULTIPART_RESERVED: &str =
    "request rejected: Prism's reserved characters in a multipart part";
const PRISM_ABSENT_DELIMITED: &str = "request rejected: Prism's absent delimited form field";
const PRISM_ANY_OF_ARRAY: &str = "request rejected: Prism's one-item query array in anyOf";
const PRISM_MULTIPART_TEXT: &str = "request rejected: Prism reads multipart parts as text";
const PRISM_EMPTY_OBJECT: &str = "response not decoded: Prism's example cut off at {}";
const PRISM_NEGATIVE_UNSIGNED: &str =
    "response not decoded: Prism's negative number for an unsigned format";
const SPEC_NULL_EXAMPLE: &str = "response not decoded: the spec's example is null";
const SPEC_TWO_AUTHORIZATIONS: &str =
    "request rejected: the spec asks for two Authorization headers at once";
const PRISM_NOT_STARTED: &str = "Prism did not start";
const SPEC_INVALID_EXAMPLE: &str = "response not decoded: the spec's example is not valid";
const PRISM_NEW_METHOD: &str = "no route: Prism knows no method of OpenAPI 3.2";
/// The methods a path item of OpenAPI 3.0 and 3.1 has a field for.
const OPENAPI_30_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const SPEC_ONE_OF_OVERLAP: &str = "request rejected: the spec's oneOf variants overlap";
const SPEC_NO_VALUE: &str = "sample not made: the spec's schema admits no value";

/// Whether the operation's body or one of its parameters has a schema that admits no value,
/// so that no request can be valid.
fn asks_what_admits_no_value(document: &Value, call: &Call) -> bool {
    let parameters = operation(document, call)["parameters"].as_array();
    call_body(document, call)
        .map(|media| &media["schema"])
        .into_iter()
        .chain(
            parameters
                .into_iter()
                .flatten()
                .map(|parameter| &resolve(document, parameter)["schema"]),
        )
        .any(|schema| admits_no_value(document, schema, 0))
}

/// Whether `schema` admits no value at all: an `allOf` of parts whose types exclude each
/// other (a string and an integer), in the schema, in a part of it, or in a property it
/// requires.
fn admits_no_value(document: &Value, schema: &Value, depth: usize) -> bool {
    let schema = resolve(document, schema);
    if depth > 8 {
        return false;
    }
    let types = |schema: &Value| -> Option<Vec<String>> {
        let mut types: Vec<String> = match &schema["type"] {
            Value::String(one) => vec![one.clone()],
            Value::Array(many) => many
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => return None,
        };
        // A number may be an integer.
        if types.iter().any(|t| t == "number") {
            types.push("integer".to_string());
        }
        Some(types)
    };
    let parts = schema["allOf"].as_array().into_iter().flatten();
    let mut allowed: Option<Vec<String>> = None;
    for part in parts.clone() {
        if let Some(types) = types(resolve(document, part)) {
            allowed = Some(match allowed {
                None => types,
                Some(before) => before.into_iter().filter(|t| types.contains(t)).collect(),
            });
        }
    }
    if allowed.is_some_and(|allowed| allowed.is_empty()) {
        return true;
    }
    let required = schema["required"].as_array().into_iter().flatten();
    parts
        .clone()
        .any(|part| admits_no_value(document, part, depth + 1))
        || required.filter_map(Value::as_str).any(|name| {
            let property = &schema["properties"][name];
            !property.is_null() && admits_no_value(document, property, depth + 1)
        })
}

/// The class of Prism's or the spec's (one of `EXCLUDED`) that a failed call belongs to, told
/// by the evidence each class names; `None` leaves the failure the client's.
fn class_of(document: &Value, call: Option<&Call>, outcome: &Outcome) -> Option<&'static str> {
    match outcome.category.as_str() {
        "response not decoded" => excused_decode(&outcome.detail).or_else(|| {
            let call = call?;
            (outcome.mode == "static" && sent_an_invalid_example(document, call, &outcome.detail))
                .then_some(SPEC_INVALID_EXAMPLE)
        }),
        "request rejected" => {
            let call = call?;
            let multipart = call_body_media(document, call)
                .is_some_and(|media| media.starts_with("multipart/form-data"));
            let full = outcome.name.ends_with(FULL);
            let overlapping = || {
                call_body(document, call).is_some_and(|media| {
                    let body = arg_sample(document, call, "body", full);
                    fits_several_variants(document, &media["schema"], &body)
                })
            };
            let form = call_body(document, call).filter(|_| {
                call_body_media(document, call) == Some("application/x-www-form-urlencoded")
            });
            if multipart && multipart_parts_read_as_text(&outcome.detail) {
                Some(PRISM_MULTIPART_TEXT)
            } else if multipart && multipart_reserved_characters(&outcome.detail) {
                Some(PRISM_MULTIPART_RESERVED)
            } else if form.is_some_and(|media| {
                let body = arg_sample(document, call, "body", full);
                absent_delimited_fields(media, &body, &outcome.detail)
            }) {
                Some(PRISM_ABSENT_DELIMITED)
            } else if outcome.detail.starts_with("401") && no_request_can_meet(document, call) {
                Some(SPEC_TWO_AUTHORIZATIONS)
            } else if overlapping() {
                Some(SPEC_ONE_OF_OVERLAP)
            } else if asks_what_admits_no_value(document, call) {
                Some(SPEC_NO_VALUE)
            } else {
                None
            }
        }
        "no route" => call
            .filter(|call| unknown_to_prism(&call.method, &outcome.detail))
            .map(|_| PRISM_NEW_METHOD),
        "sample not made" => {
            let call = call?;
            asks_what_admits_no_value(document, call).then_some(SPEC_NO_VALUE)
        }
        _ => None,
    }
}

/// Whether the body of an answer that did not decode is one of the operation's response
/// examples, or holds a component schema's example (Prism answers with them when it is not
/// `--dynamic`, building a body from the examples of its parts), that its own schema finds
/// invalid: the spec's mistake, not the client's.
fn sent_an_invalid_example(document: &Value, call: &Call, detail: &str) -> bool {
    let Some((_, start)) = detail.split_once("; the body starts with: ") else {
        return false;
    };
    if holds_an_invalid_property_example(document, detail) {
        return true;
    }
    // The error shows the body's first bytes, cut with an ellipsis.
    let start = start.trim_end_matches('…');
    let part_of_body = roundtrip::component_schemas(document)
        .into_iter()
        .any(|(_, schema)| {
            let Some(example) = schema.get("example").filter(|e| e.is_object()) else {
                return false;
            };
            let Ok(text) = serde_json::to_string(example) else {
                return false;
            };
            // Enough of the example to tell it, as far as the body is shown.
            let head: String = text.chars().take(40).collect();
            start.contains(&head) && !valid_against(document, schema, example)
        });
    if part_of_body {
        return true;
    }
    let responses = operation(document, call)["responses"].as_object();
    responses
        .into_iter()
        .flat_map(|responses| responses.values())
        .flat_map(|response| {
            resolve(document, response)["content"]
                .as_object()
                .into_iter()
                .flat_map(|content| content.values())
        })
        .any(|media| {
            let named = media["examples"]
                .as_object()
                .into_iter()
                .flat_map(|examples| examples.values())
                .filter_map(|example| resolve(document, example).get("value"));
            media
                .get("example")
                .into_iter()
                .chain(named)
                .any(|example| {
                    !example.is_null()
                        && serde_json::to_string(example).is_ok_and(|text| text.starts_with(start))
                        && !valid_against(document, &media["schema"], example)
                })
        })
}

/// Whether the value the client could not decode is what a component schema's example gives
/// the property of that name (the last of the error's path), and that example is invalid
/// against its schema, or the property's own example is invalid against the property's
/// schema: Prism builds an answer from the examples of its parts, deep in the body where the
/// error's start of it does not reach (HubSpot's `PublicEmail` example has
/// `createdById: 3739732`, where the schema says a string).
fn holds_an_invalid_property_example(document: &Value, detail: &str) -> bool {
    let Some((_, path)) = detail.split_once(" at `") else {
        return false;
    };
    let path = path.split('`').next().unwrap_or_default();
    let name = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .split('[')
        .next()
        .unwrap_or_default();
    if name.is_empty() {
        return false;
    }
    // A property's own example that its schema refuses (Plaid's `created_at: "2020-01-01"`
    // for a `date-time`), whatever the client's error says of it.
    let own_example_invalid =
        roundtrip::component_schemas(document)
            .into_iter()
            .any(|(_, schema)| {
                let property = resolve(document, &schema["properties"][name]);
                property
                    .get("example")
                    .is_some_and(|example| !valid_against(document, property, example))
            });
    if own_example_invalid {
        return true;
    }
    // serde's "invalid type: integer `3739732`" or "invalid type: string \"x\"".
    let Some((_, found)) = detail.split_once("invalid type: ") else {
        return false;
    };
    let found = found.split(", expected").next().unwrap_or_default();
    let matches = |value: &Value| match value {
        Value::Number(n) => {
            found == format!("integer `{n}`") || found == format!("floating point `{n}`")
        }
        Value::String(text) => found == format!("string {text:?}"),
        Value::Bool(b) => found == format!("boolean `{b}`"),
        Value::Null => found == "null",
        _ => false,
    };
    roundtrip::component_schemas(document)
        .into_iter()
        .any(|(_, schema)| {
            schema
                .get("example")
                .and_then(|example| example.get(name))
                .is_some_and(matches)
                && !valid_against(document, schema, &schema["example"])
        })
}

/// Whether every security requirement of the operation needs two schemes that each take
/// the whole `Authorization` header (HTTP `basic` and a bearer token, say), which one request
/// cannot carry.
fn no_request_can_meet(document: &Value, call: &Call) -> bool {
    let operation = operation(document, call);
    let requirements = operation
        .get("security")
        .unwrap_or(&document["security"])
        .as_array();
    let schemes = &document["components"]["securitySchemes"];
    let authorization = |name: &str| {
        let scheme = resolve(document, &schemes[name]);
        matches!(
            scheme["type"].as_str(),
            Some("http" | "oauth2" | "openIdConnect")
        )
    };
    requirements.is_some_and(|requirements| {
        !requirements.is_empty()
            && requirements.iter().all(|requirement| {
                requirement.as_object().is_some_and(|names| {
                    names.keys().filter(|name| authorization(name)).count() > 1
                })
            })
    })
}

/// Whether Prism's 405 to a call is of a method it does not route: one of OpenAPI 3.2's.
fn unknown_to_prism(method: &str, detail: &str) -> bool {
    detail.contains("NO_METHOD_MATCHED_ERROR") && !OPENAPI_30_METHODS.contains(&method)
}

/// Whether Prism's validation report of a refused multipart body complains only of the type
/// of top-level parts.
fn multipart_parts_read_as_text(detail: &str) -> bool {
    let errors = validation_errors(detail);
    !errors.is_empty()
        && errors.iter().all(|e| {
            e["code"] == "type"
                && e["location"]
                    .as_array()
                    .is_some_and(|l| l.len() == 2 && l[0] == "body")
        })
}

/// The validation errors of Prism's report in a refused call's detail (none when it has no
/// report).
fn validation_errors(detail: &str) -> Vec<Value> {
    let report = detail
        .find('{')
        .and_then(|at| serde_json::from_str::<Value>(&detail[at..]).ok());
    match report {
        Some(mut report) => match report["validation"].take() {
            Value::Array(errors) => errors,
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// Whether Prism's only complaint of a multipart body is of reserved characters in a part's
/// text: OpenAPI 3.1.2 says a multipart part written in a style is not percent-encoded,
/// "regardless of the value of `allowReserved`".
fn multipart_reserved_characters(detail: &str) -> bool {
    let errors = validation_errors(detail);
    !errors.is_empty()
        && errors
            .iter()
            .all(|e| e["message"] == "Reserved characters used in request body")
}

/// Whether Prism's only complaint of a form body is that fields written `spaceDelimited` or
/// `pipeDelimited` are not arrays, when the request did not send them.
fn absent_delimited_fields(media: &Value, body: &Value, detail: &str) -> bool {
    let errors = validation_errors(detail);
    !errors.is_empty()
        && errors.iter().all(|e| {
            let location = e["location"].as_array();
            let Some(name) = location
                .filter(|l| l.len() == 2 && l[0] == "body")
                .and_then(|l| l[1].as_str())
            else {
                return false;
            };
            let style = media["encoding"][name]["style"].as_str();
            e["code"] == "type"
                && matches!(style, Some("spaceDelimited" | "pipeDelimited"))
                && body.get(name).is_none()
        })
}

/// The media type of an operation's request body, the first the spec lists.
fn call_body_media<'v>(document: &'v Value, call: &Call) -> Option<&'v str> {
    let body = resolve(document, &operation(document, call)["requestBody"]);
    body["content"]
        .as_object()?
        .keys()
        .next()
        .map(String::as_str)
}

/// The class of a response that did not decode, when the decode error shows it is one of
/// Prism's (or the spec's) known ones: the error's message, path and the body's start say so.
fn excused_decode(detail: &str) -> Option<&'static str> {
    let (head, body) = detail.split_once("; the body starts with: ")?;
    let (path, message) = head.split_once("`: ")?;
    let path = path.rsplit_once(" at `").map_or("", |(_, p)| p);
    // `a.b[0]` ends with a key or an index; the object there is empty in the body.
    let cut_off = match path.rsplit_once(['.', '[']) {
        Some((_, last)) if last.ends_with(']') => body.contains("[{}"),
        Some((_, last)) => body.contains(&format!("\"{last}\":{{}}")),
        None => body.contains(&format!("\"{path}\":{{}}")),
    };
    if message.starts_with("missing field") && cut_off {
        return Some(PRISM_EMPTY_OBJECT);
    }
    if message.starts_with("invalid value: integer `-")
        && (message.contains("expected u32") || message.contains("expected u64"))
    {
        return Some(PRISM_NEGATIVE_UNSIGNED);
    }
    if path == "." && message.starts_with("invalid type: null") && body.trim() == "null" {
        return Some(SPEC_NULL_EXAMPLE);
    }
    None
}

/// Generates and builds the harness of one spec, makes the round trip of its schemas and,
/// with Prism, runs it against Prism in both modes.
/// `build` is the target directory the harness is built in.
fn run_spec(prism: Option<&Path>, spec: &Path, out: &Path, build: &Path) -> Result<Counts, String> {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let dir = out.join(&stem);
    let subject = dir.join("subject");
    // The examples of a spec one does not control are often wrong; they are its defects, not
    // the client's, so they do not stop the run (a wrong example Prism answers with shows as
    // a response not decoded).
    // A package name of its own per spec: crates of one name from several paths in one
    // target folder get mixed up.
    let package = format!("subject-{}", stem.to_lowercase());
    let settings = codegen::Settings {
        name: Some(&package),
        example_mismatches_are_warnings: true,
        ..codegen::Settings::default()
    };
    let files = codegen::Source::read(spec)
        .and_then(|source| codegen::generate_source_with(&source, &settings))
        .map_err(|e| e.to_string())?
        .files;
    codegen::write::write(&subject, &files).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let document =
        codegen::load::parse(&text, &spec.display().to_string()).map_err(|e| e.to_string())?;
    let document = serde_json::to_value(&document).map_err(|e| e.to_string())?;
    let operations =
        std::fs::read_to_string(subject.join("src/operations.rs")).map_err(|e| e.to_string())?;
    let (calls, credentials, uncalled) = parse_operations(&operations);
    let types = schema_types(&text, spec)?;
    let main = harness(&document, &operations, &calls, &credentials, &types);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), main).map_err(|e| e.to_string())?;
    // A name of its own per spec: runs that share the target directory never run each
    // other's harness.
    let harness = format!("harness-{}", stem.to_lowercase());
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{harness}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nconformance-subject = {{ path = \"subject\", package = \"{package}\" }}\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n\
             serde = \"1\"\nserde_json = \"1\"\n\
             uuid = {{ version = \"1\", features = [\"serde\"] }}\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\n\
             [workspace]\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let built = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", build)
        .output()
        .map_err(|e| e.to_string())?;
    if !built.status.success() {
        let log = String::from_utf8_lossy(&built.stderr).into_owned();
        std::fs::write(out.join(format!("{stem}.txt")), &log).map_err(|e| e.to_string())?;
        return Err(format!(
            "the harness does not build (see target/conformance/{stem}.txt)"
        ));
    }
    let binary = build.join("debug").join(&harness);
    let schemas = round_trip(&binary, &document, &dir)?;
    // Prism gets the spec, or a copy without the examples it cannot start with.
    let original = codegen::load::parse_value(&text, &spec.display().to_string())
        .map_err(|e| e.to_string())?;
    let (for_prism, left_out) = without_ref_examples(original);
    let prism_spec = if left_out.is_empty() {
        spec.to_path_buf()
    } else {
        let copy = dir.join("prism-spec.json");
        let text = serde_json::to_string(&for_prism).map_err(|e| e.to_string())?;
        std::fs::write(&copy, text).map_err(|e| e.to_string())?;
        copy
    };
    let mut outcomes = Vec::new();
    let modes: &[(&str, &[&str])] = if prism.is_some() {
        &[("static", &[]), ("dynamic", &["--dynamic"])]
    } else {
        &[]
    };
    for &(mode, flags) in modes {
        let Some(prism) = prism else { break };
        for what in &uncalled {
            let (name, why) = what.split_once(": ").unwrap_or((what, ""));
            outcomes.push(Outcome {
                name: name.to_string(),
                mode,
                category: "operation not called".to_string(),
                detail: why.to_string(),
            });
        }
        // Prism's log holds its validation report of each request it refuses; a Prism
        // started again after a crash adds to it.
        let log_path = out.join(format!("{stem}.{mode}.prism.log"));
        let _ = std::fs::remove_file(&log_path);
        // The calls that have an outcome, in the harness's order: after a crash, a new Prism
        // takes the calls after the one it crashed on.
        let mut done = 0;
        for start in 0..=MAX_RESTARTS {
            // Where this Prism's part of the log begins.
            let offset = std::fs::metadata(&log_path).map_or(0, |m| m.len() as usize);
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log_path)
                .map_err(|e| e.to_string())?;
            let port = free_port()?;
            let mut server = Server(
                Command::new(prism)
                    .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
                    .args(flags)
                    .arg(&prism_spec)
                    .stdout(log.try_clone().map_err(|e| e.to_string())?)
                    .stderr(log)
                    .spawn()
                    .map_err(|e| format!("cannot start Prism: {e}"))?,
            );
            // The schemas' round trip is done: a Prism that does not start fails the calls
            // of this mode that are left, each named, not the whole spec.
            if let Err(e) = wait_for(port, start_limit(text.len() as u64), &mut server.0) {
                let log = std::fs::read(&log_path).unwrap_or_default();
                let log = String::from_utf8_lossy(log.get(offset..).unwrap_or(&[]));
                let tail: Vec<&str> = log.lines().rev().take(3).collect();
                let detail = format!(
                    "{e}; its log ends: {}",
                    tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
                );
                let names = calls
                    .iter()
                    .flat_map(|c| [c.name.clone(), format!("{}{FULL}", c.name)]);
                for name in names.skip(done) {
                    outcomes.push(Outcome {
                        name,
                        mode,
                        category: PRISM_NOT_STARTED.to_string(),
                        detail: detail.clone(),
                    });
                }
                break;
            }
            let run = Command::new(&binary)
                .arg(format!("http://127.0.0.1:{port}"))
                .arg(done.to_string())
                .output()
                .map_err(|e| e.to_string())?;
            // Prism that exited on its own crashed on a request (its log has the stack).
            let crashed = matches!(server.0.try_wait(), Ok(Some(_)));
            drop(server);
            if !run.status.success() {
                outcomes.push(Outcome {
                    name: "(harness)".to_string(),
                    mode,
                    category: "harness failed".to_string(),
                    detail: String::from_utf8_lossy(&run.stderr).into_owned(),
                });
            }
            let stdout = String::from_utf8_lossy(&run.stdout);
            let lines = harness_lines(&stdout);
            // The call Prism crashed on is the first it could not answer; the calls after it
            // are made again with a new Prism, unless it has crashed too often.
            let victim = crashed
                .then(|| lines.iter().position(|line| line.unanswered()))
                .flatten();
            let again = victim.is_some() && start < MAX_RESTARTS;
            // What Prism threw, from its part of the log.
            let thrown = crashed
                .then(|| {
                    let log = std::fs::read(&log_path).unwrap_or_default();
                    thrown_error(&String::from_utf8_lossy(log.get(offset..).unwrap_or(&[])))
                })
                .flatten();
            // When a new Prism takes the calls after the victim, this run's outcomes end there.
            let kept = match victim {
                Some(victim) if again => victim + 1,
                _ => lines.len(),
            };
            for (i, line) in lines.iter().enumerate().take(kept) {
                // The call Prism crashed on is its class only when what it threw is one of the
                // errors it throws on requests it cannot read; the calls after it, when it
                // crashed too often to take them, found no server.
                let (category, detail) = match (victim, &thrown) {
                    (Some(v), Some(thrown)) if i == v => {
                        let category = match prism_crash_known(thrown) {
                            true => PRISM_CRASHED,
                            false => "Prism crashed on the request",
                        };
                        (category, format!("Prism exited: {thrown}"))
                    }
                    (Some(v), _) if i >= v && line.unanswered() => {
                        (PRISM_CRASHED, line.detail.to_string())
                    }
                    _ => (line.category, line.detail.to_string()),
                };
                outcomes.push(Outcome {
                    name: line.name.to_string(),
                    mode,
                    category: category.to_string(),
                    detail,
                });
            }
            if !again {
                break;
            }
            done += kept;
        }
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let refused = refused_requests(&log);
        settle_by_log(
            &document,
            &calls,
            &refused,
            outcomes.iter_mut().filter(|o| o.mode == mode),
        );
    }
    for outcome in &mut outcomes {
        let call = calls
            .iter()
            .find(|c| c.name == outcome.name.trim_end_matches(FULL));
        if let Some(class) = class_of(&document, call, outcome) {
            outcome.category = class.to_string();
        }
    }
    let passed = outcomes.iter().filter(|o| o.category == "ok").count();
    let unexcused = outcomes
        .iter()
        .filter(|o| o.category != "ok" && !EXCLUDED.iter().any(|(c, _)| *c == o.category))
        .count();
    let mut report_notes = String::new();
    if !left_out.is_empty() {
        let _ = writeln!(
            report_notes,
            "Prism was given the spec without the {} examples that hold a `$ref` as data \
             (Prism resolves it and does not start): {}",
            left_out.len(),
            left_out.join(", ")
        );
    }
    let mut report = format!(
        "{}: {passed} of {} operation calls passed (static and dynamic{})\n",
        spec.display(),
        outcomes.len(),
        if prism.is_none() {
            "; not called: Prism could not be installed"
        } else {
            ""
        }
    );
    let mut categories: Vec<&str> = outcomes
        .iter()
        .map(|o| o.category.as_str())
        .filter(|c| *c != "ok")
        .collect();
    categories.sort();
    categories.dedup();
    for category in categories {
        let of: Vec<&Outcome> = outcomes.iter().filter(|o| o.category == category).collect();
        let _ = writeln!(report, "\n{category}: {}", of.len());
        if let Some((_, reason)) = EXCLUDED.iter().find(|(c, _)| *c == category) {
            let _ = writeln!(report, "excluded, not the client's: {reason}");
        }
        for o in &of {
            let _ = writeln!(report, "  {} ({})", o.name, o.mode);
        }
        let _ = writeln!(report, "first in full:\n{}", of[0].detail);
    }
    if !report_notes.is_empty() {
        report.push('\n');
        report.push_str(&report_notes);
    }
    report.push('\n');
    report.push_str(&schemas.report());
    std::fs::write(out.join(format!("{stem}.txt")), report).map_err(|e| e.to_string())?;
    // The summary gives the first failure of a category in full; this file gives each.
    let mut details = String::new();
    for o in outcomes.iter().filter(|o| o.category != "ok") {
        let _ = writeln!(
            details,
            "{} ({}): {}:\n{}\n",
            o.name, o.mode, o.category, o.detail
        );
    }
    details.push_str(&schemas.details());
    std::fs::write(out.join(format!("{stem}.details.txt")), details).map_err(|e| e.to_string())?;
    Ok(Counts {
        operations: (passed, outcomes.len()),
        schemas: (schemas.passed, schemas.total),
        unexcused,
    })
}

/// The component schemas of the spec and the names of their generated types, from the IR the
/// generator lowers the spec into: each named type says which schema it comes from. A
/// `nullable` schema's type is `Option` of it, as at every place the crate uses it.
fn schema_types(text: &str, spec: &Path) -> Result<Vec<(String, String)>, String> {
    let file = spec.display().to_string();
    let document = codegen::load::parse(text, &file).map_err(|e| e.to_string())?;
    let api = codegen::lower::lower(&document, &file).map_err(|e| e.to_string())?;
    let mut types: Vec<(String, String)> = api
        .types
        .values()
        .filter_map(|t| {
            let name = t.origin.strip_prefix("#/components/schemas/")?;
            if name.contains('/') {
                return None;
            }
            let name = name.replace("~1", "/").replace("~0", "~");
            let ty = if t.nullable {
                format!("Option<conformance_subject::types::{}>", t.name)
            } else {
                format!("conformance_subject::types::{}", t.name)
            };
            Some((name, ty))
        })
        .collect();
    types.sort();
    Ok(types)
}

/// Makes the samples of every component schema, has the harness decode and encode each, and
/// judges what came back.
fn round_trip(binary: &Path, document: &Value, dir: &Path) -> Result<roundtrip::Outcome, String> {
    let mut names = Vec::new();
    let mut pairs = Vec::new();
    for (name, schema) in roundtrip::component_schemas(document) {
        for sample in roundtrip::samples(document, schema) {
            pairs.push((name.clone(), sample));
        }
        names.push(name);
    }
    let file = dir.join("samples.json");
    let text = serde_json::to_string(&pairs).map_err(|e| e.to_string())?;
    std::fs::write(&file, text).map_err(|e| e.to_string())?;
    let run = Command::new(binary)
        .arg("round-trip")
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let mut outcome = roundtrip::judge(document, &names, &pairs, &lines);
    if !run.status.success() {
        outcome.fail(
            "harness failed",
            "(harness)",
            String::from_utf8_lossy(&run.stderr).into_owned(),
        );
    }
    Ok(outcome)
}

/// Settles the calls Prism answered with a status of the spec's own, or with its 500 for an
/// operation that documents no response, by what its log says of the request (`refused`).
fn settle_by_log<'o>(
    document: &Value,
    calls: &[Call],
    refused: &[Refusal],
    outcomes: impl Iterator<Item = &'o mut Outcome>,
) {
    for outcome in outcomes {
        let name = outcome.name.trim_end_matches(FULL);
        let Some(call) = calls.iter().find(|c| c.name == name) else {
            continue;
        };
        // An operation that documents no response (3.1 makes `responses` optional) has
        // nothing to decode: Prism says so with a 500 of its own after judging the
        // request, and the call passes when the request passed.
        let no_response = outcome.category == "Prism cannot answer"
            && outcome
                .detail
                .contains("errors#NO_RESPONSE_RESPONSE_DEFINED")
            && operation(document, call)["responses"]
                .as_object()
                .is_none_or(Map::is_empty);
        if outcome.category != "documented status" && !no_response {
            continue;
        }
        // The spec's own answer to a request Prism found valid is a pass: the client sent
        // what the spec asks and read what came back. Prism answers an invalid request
        // with a documented 400 or 422 when there is one: that is a rejection.
        let errors: Vec<&str> = refused
            .iter()
            .filter(|r| r.method == call.method && fits(&call.path, &r.path))
            .flat_map(|r| r.errors.iter().map(String::as_str))
            .collect();
        outcome.category = if refused
            .iter()
            .all(|r| r.method != call.method || !fits(&call.path, &r.path))
        {
            "ok"
        } else if one_item_array_in_any_of(&errors) {
            PRISM_ANY_OF_ARRAY
        } else {
            "request rejected"
        }
        .to_string();
    }
}

/// A request Prism's log says did not pass its validation.
#[derive(Debug, PartialEq)]
struct Refusal {
    /// Lower case.
    method: String,
    path: String,
    /// Its validation errors, as the log words them.
    errors: Vec<String>,
}

/// The requests Prism's log says did not pass its validation, with their errors.
fn refused_requests(log: &str) -> Vec<Refusal> {
    let mut refused: Vec<Refusal> = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut collecting = false;
    for line in log.lines() {
        if let Some(at) = line.find("[HTTP SERVER] ")
            && line.contains("Request received")
        {
            let mut words = line[at + "[HTTP SERVER] ".len()..].split_whitespace();
            current = match (words.next(), words.next()) {
                (Some(method), Some(path)) => Some((method.to_lowercase(), path.to_string())),
                _ => None,
            };
            collecting = false;
        } else if line.contains("did not pass the validation rules")
            && let Some((method, path)) = current.take()
        {
            refused.push(Refusal {
                method,
                path,
                errors: Vec::new(),
            });
            collecting = true;
        } else if collecting && line.contains("[NEGOTIATOR]") {
            collecting = false;
        } else if collecting
            && let Some(at) = line.find("error ")
            && let Some(last) = refused.last_mut()
        {
            last.errors
                .push(line[at + "error ".len()..].trim().to_string());
        }
    }
    refused
}

/// Whether Prism refused a query array only because the schema puts it in an `anyOf` (3.1's
/// `[array, null]`): it then reads one item (`?tag=a`) as a string, not as an array.
fn one_item_array_in_any_of(errors: &[&str]) -> bool {
    errors.iter().any(|e| e.ends_with("must be array"))
        && errors.iter().all(|e| {
            e.starts_with("Request query parameter ")
                && (e.ends_with("must be array")
                    || e.ends_with("must be null")
                    || e.ends_with("must match a schema in anyOf"))
        })
}

/// Whether a path (without its query) is one of the path template's.
fn fits(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (template, path): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| t == p || t.contains('{'))
}

/// A mock server, stopped when dropped.
/// How many times Prism is started again on one spec in one mode after it crashed.
const MAX_RESTARTS: usize = 24;

/// The errors Prism throws, and exits on, reading a request it cannot handle: an optional
/// `style: simple` array header left out; a spec's `spaceDelimited` or `pipeDelimited` on a
/// value that is not an array; an object path parameter in any style but exploded `label`
/// and `matrix` (its deserializers meet the value already split).
const PRISM_CRASHES: &[&str] = &[
    "TypeError: Cannot read properties of undefined (reading 'split')",
    "Error: Space/pipe/comma.. delimited style is only applicable to array parameter",
    "TypeError: value.split is not a function",
    "TypeError: parameters[name].startsWith is not a function",
];

/// Whether what Prism threw is one of [`PRISM_CRASHES`].
fn prism_crash_known(thrown: &str) -> bool {
    PRISM_CRASHES.contains(&thrown)
}

/// The error a crashed Prism threw, from its log: the first line that names one.
fn thrown_error(log: &str) -> Option<String> {
    log.lines()
        .map(str::trim)
        .find(|line| line.starts_with("Error: ") || line.starts_with("TypeError: "))
        .map(str::to_string)
}

/// One line of the harness's output: a call's name, its category (`ok` or a failure's), and
/// the failure's detail.
struct HarnessLine<'a> {
    name: &'a str,
    category: &'a str,
    detail: &'a str,
}

impl HarnessLine<'_> {
    /// Whether the call found no server to answer it.
    fn unanswered(&self) -> bool {
        self.category == "other error" && self.detail.contains("error sending request")
    }
}

/// The lines of the harness's output, in the order of its calls.
fn harness_lines(stdout: &str) -> Vec<HarnessLine<'_>> {
    stdout
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            Some(HarnessLine {
                name: parts.next()?,
                category: parts.next()?,
                detail: parts.next().unwrap_or(""),
            })
        })
        .collect()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Waits until something listens on the port.
fn wait_for(port: u16, limit: Duration, server: &mut Child) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!("Prism exited ({status}) before it listened"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("Prism did not listen within {} s", limit.as_secs()))
}

/// The spec without the examples whose data holds a `$ref` (SCIM's group members in GitHub's
/// description carry `"$ref": "https://..."` as data), and the pointers of those left out:
/// Prism resolves every `$ref` of the spec, data included, and exits when one names a URL it
/// cannot fetch. An example that refers to a component example left out goes too.
fn without_ref_examples(mut spec: Value) -> (Value, Vec<String>) {
    use roundtrip::escape;
    fn holds_ref(value: &Value) -> bool {
        match value {
            Value::Object(map) => {
                map.get("$ref").is_some_and(Value::is_string) || map.values().any(holds_ref)
            }
            Value::Array(items) => items.iter().any(holds_ref),
            _ => false,
        }
    }
    fn walk(value: &mut Value, at: &str, gone: &[String], left_out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if map.get("example").is_some_and(holds_ref) {
                    map.remove("example");
                    left_out.push(format!("{at}/example"));
                }
                if let Some(Value::Object(examples)) = map.get_mut("examples") {
                    examples.retain(|name, example| {
                        let target = example["$ref"].as_str().unwrap_or_default();
                        let keep =
                            !holds_ref(&example["value"]) && !gone.iter().any(|g| g == target);
                        if !keep {
                            left_out.push(format!("{at}/examples/{}", escape(name)));
                        }
                        keep
                    });
                }
                for (key, inner) in map.iter_mut() {
                    if key != "example" {
                        walk(inner, &format!("{at}/{}", escape(key)), gone, left_out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    walk(item, &format!("{at}/{i}"), gone, left_out);
                }
            }
            _ => {}
        }
    }
    let gone: Vec<String> = spec
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, example)| holds_ref(&example["value"]))
        .map(|(name, _)| format!("#/components/examples/{}", escape(name)))
        .collect();
    let mut left_out = Vec::new();
    walk(&mut spec, "#", &gone, &mut left_out);
    (spec, left_out)
}

/// How long Prism may take to start on a spec of `bytes`: a minute, and 30 s more a megabyte
/// (it reads and dereferences the whole spec first; GitHub's 3.7 MB take over a minute).
fn start_limit(bytes: u64) -> Duration {
    Duration::from_secs(60 + bytes * 30 / 1_000_000)
}

/// The operation methods of the generated `Client` and the calls of the credential methods
/// of its builder (a token, or a user name and password), read from the generated `operations.rs` (formatted by prettyplease, so each
/// signature reads the same way).
/// The third list names the operations the generated code declares that the harness found
/// no way to call (an `OPERATION` it could not read, or no method for it): each is a failure
/// of the run, never a silent gap.
fn parse_operations(source: &str) -> (Vec<Call>, Vec<String>, Vec<String>) {
    let mut signatures = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("pub fn ") {
        let tail = &rest[at + "pub fn ".len()..];
        let end = tail.find('{').unwrap_or(tail.len());
        let signature: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        signatures.push(signature);
        rest = &tail[end..];
    }
    let mut operations = Vec::new();
    let mut uncalled = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("const OPERATION: Operation = Operation {") {
        let tail = &rest[at..];
        // The operation's own fields, up to the end of the constant.
        let fields = &tail[..tail.find("};").unwrap_or(tail.len())];
        let quoted = |key: &str| {
            let start = fields.find(key)? + key.len();
            let value = &fields[start..];
            let end = value.find(['"', ','])?;
            Some(value[..end].to_string())
        };
        match (quoted("name: \""), quoted("method: \""), quoted("path: \"")) {
            (Some(name), Some(method), Some(path)) => {
                // The request's setters follow, up to the next item.
                let block = &tail[..tail[1..].find("\nimpl").map_or(tail.len(), |at| at + 1)];
                operations.push((name, method.to_lowercase(), path, setters(block)));
            }
            (name, ..) => uncalled.push(format!(
                "{}: its `OPERATION` constant could not be read",
                name.as_deref().unwrap_or("an operation")
            )),
        }
        rest = &tail[1..];
    }
    let mut calls = Vec::new();
    let mut credentials = Vec::new();
    for signature in &signatures {
        let Some(open) = signature.find('(') else {
            continue;
        };
        let name = signature[..open]
            .split('<')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let params = signature[open + 1..signature.rfind(')').unwrap_or(signature.len())].trim();
        match split_top(params).as_slice() {
            [s, c] if s == "self" && c == " credential: impl Into<Secret>" => {
                credentials.push(format!("{name}(\"conformance-credential\")"));
                continue;
            }
            [s, u, p]
                if s == "self"
                    && u == " username: impl Into<String>"
                    && p == " password: impl Into<Secret>" =>
            {
                credentials.push(format!("{name}(\"conformance\", \"credential\")"));
                continue;
            }
            _ => {}
        }
        // The typed mock's methods have the operations' names too.
        if !(params.starts_with("&'a self") || params.starts_with("&self"))
            || signature.contains("mock::")
            || calls.iter().any(|c: &Call| c.name == name)
        {
            continue;
        }
        // A method named after a keyword is a raw identifier (`r#type`); its operation is not.
        let bare = name.trim_start_matches("r#");
        let Some((_, method, path, setters)) = operations.iter().find(|(n, ..)| n == bare) else {
            continue;
        };
        let args = split_top(params)
            .into_iter()
            .skip(1)
            .filter_map(|arg| {
                let (name, ty) = arg.split_once(':')?;
                Some((name.trim().to_string(), ty.trim().to_string()))
            })
            .collect();
        calls.push(Call {
            name,
            method: method.clone(),
            path: path.clone(),
            args,
            setters: setters.clone(),
        });
    }
    for (name, ..) in &operations {
        if !calls
            .iter()
            .any(|c| c.name.trim_start_matches("r#") == name)
        {
            uncalled.push(format!("{name}: no method of the client calls it"));
        }
    }
    (calls, credentials, uncalled)
}

/// The setters of a request's `impl` block, `pub fn name(mut self, value: Type) -> Self`,
/// but `header`, which adds an app's own header.
fn setters(block: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = block;
    while let Some(at) = rest.find("pub fn ") {
        // The setter's doc names the parameter it sets, "(the `url` query parameter)", which
        // its Rust name may not (`url2`, beside a method `url`).
        let doc: Vec<&str> = rest[..at]
            .lines()
            .rev()
            .skip_while(|line| line.trim().is_empty())
            .take_while(|line| line.trim_start().starts_with("///"))
            .collect();
        let wire = doc.iter().rev().find_map(|line| {
            let named = &line[line.find("(the `")? + "(the `".len()..];
            let name = &named[..named.find('`')?];
            named[name.len()..]
                .contains("parameter)")
                .then(|| name.to_string())
        });
        let tail = &rest[at + "pub fn ".len()..];
        let end = tail.find('{').unwrap_or(tail.len());
        let signature: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        rest = &tail[end..];
        let Some((name, params)) = signature.split_once('(') else {
            continue;
        };
        let Some(params) = params.strip_suffix(") -> Self") else {
            continue;
        };
        if let [this, arg] = split_top(params).as_slice()
            && this == "mut self"
            && name != "header"
            && let Some((_, ty)) = arg.split_once(':')
        {
            let name = match wire {
                Some(wire) if wire != name.trim_start_matches("r#") => format!("{name}={wire}"),
                _ => name.to_string(),
            };
            found.push((name, ty.trim().to_string()));
        }
    }
    found
}

/// `text` split at its commas outside brackets.
fn split_top(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().expect("never empty").push(c);
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// The harness's `main.rs`: a function per operation, each one call with only what is
/// required, and a line per outcome on stdout (`name`, tab, `ok` or the category, tab, the
/// detail).
fn harness(
    document: &Value,
    operations: &str,
    calls: &[Call],
    credentials: &[String],
    types: &[(String, String)],
) -> String {
    let mut out = String::from(
        "//! Calls every operation of the crate once, with what it requires.\n\n\
         #![allow(unused_imports, clippy::all)]\n\
         use conformance_subject::operations::*;\n\
         use conformance_subject::*;\n\n\
         type Outcome = Result<(), (&'static str, String)>;\n\n\
         fn value<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, (&'static str, String)> {\n\
         \x20   serde_json::from_str(json).map_err(|e| (\"sample not made\", format!(\"{json}: {e}\")))\n\
         }\n\n\
         fn outcome<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Outcome {\n\
         \x20   match result {\n\
         \x20       Ok(_) => Ok(()),\n\
         \x20       Err(Error::Status(e)) => {\n\
         \x20           let text = e.text();\n\
         \x20           let prism = |kind: &str| text.contains(&format!(\"stoplight.io/prism/errors#{kind}\"));\n\
         \x20           let category = if prism(\"UNPROCESSABLE_ENTITY\") {\n\
         \x20               \"request rejected\"\n\
         \x20           } else if prism(\"UNAUTHORIZED\") {\n\
         \x20               \"credential missing\"\n\
         \x20           } else if prism(\"NO_PATH_MATCHED_ERROR\") || prism(\"NO_METHOD_MATCHED_ERROR\") {\n\
         \x20               \"no route\"\n\
         \x20           } else if text.contains(\"stoplight.io/prism/errors#\") {\n\
         \x20               \"Prism cannot answer\"\n\
         \x20           } else {\n\
         \x20               \"documented status\"\n\
         \x20           };\n\
         \x20           Err((category, format!(\"{}: {text}\", e.status)))\n\
         \x20       }\n\
         \x20       Err(Error::Decode(e)) => Err((\"response not decoded\", e.to_string())),\n\
         \x20       Err(e) => Err((\"other error\", e.to_string())),\n\
         \x20   }\n\
         }\n\n",
    );
    for call in calls {
        call_fn(&mut out, document, operations, call, false);
        call_fn(&mut out, document, operations, call, true);
    }
    out.push_str(&roundtrip::harness_code(types));
    // The round trip needs no runtime. Each call's future is boxed: awaited in place, every
    // call's state would be part of one future, megabytes in a debug build of a large spec,
    // which overflowed the main thread's stack (GitHub's).
    out.push_str(
        "\nfn main() {\n\
         \x20   let base = std::env::args().nth(1).expect(\"the base URL\");\n\
         \x20   if base == \"round-trip\" {\n\
         \x20       return round_trip(&std::env::args().nth(2).expect(\"the samples' file\"));\n\
         \x20   }\n\
         \x20   tokio::runtime::Builder::new_current_thread()\n\
         \x20       .enable_all()\n\
         \x20       .build()\n\
         \x20       .expect(\"the runtime\")\n\
         \x20       .block_on(Box::pin(calls(base)));\n\
         }\n\n\
         async fn calls(base: String) {\n\
         \x20   let client = Client::builder().base_url(base).max_retries(0)",
    );
    for credential in credentials {
        let _ = write!(out, ".{credential}");
    }
    out.push_str(".build().expect(\"the client builds\");\n");
    // The calls to skip (made already, before Prism crashed).
    out.push_str(
        "    let skip: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);\n",
    );
    let mut index = 0;
    for call in calls {
        for (function, name) in [
            (call.name.clone(), call.name.clone()),
            (
                format!("{}_full", call.name),
                format!("{}{FULL}", call.name),
            ),
        ] {
            let _ = writeln!(
                out,
                "    if skip <= {index} {{\n\
                 \x20       match Box::pin({function}(&client)).await {{\n\
                 \x20           Ok(()) => println!(\"{name}\\tok\"),\n\
                 \x20           Err((category, detail)) => println!(\"{name}\\t{{category}}\\t{{}}\", detail.replace('\\n', \" \")),\n\
                 \x20       }}\n\
                 \x20   }}"
            );
            index += 1;
        }
    }
    out.push_str("}\n");
    out
}

/// The function of one call: with only what the operation requires, or with `full`, with
/// every optional parameter and body field set too (its function's name ends in `_full`).
fn call_fn(out: &mut String, document: &Value, operations: &str, call: &Call, full: bool) {
    let function = if full {
        format!("{}_full", call.name)
    } else {
        call.name.clone()
    };
    let _ = writeln!(out, "async fn {function}(client: &Client) -> Outcome {{");
    let setters: &[(String, String)] = if full { &call.setters } else { &[] };
    let mut values = Vec::new();
    for (i, (name, ty)) in call.args.iter().chain(setters).enumerate() {
        // A setter whose name is not its parameter's is `name=wire`.
        let wire = name.split_once('=').map_or(name.as_str(), |(_, wire)| wire);
        let json = arg_sample(document, call, wire, full);
        // Files, multipart bodies and their forms are not JSON: they are built.
        let passed = match built_arg(document, operations, call, ty, &json) {
            Some(built) => {
                let _ = writeln!(out, "    let a{i} = {built};");
                ty.starts_with("&'a ")
            }
            None => {
                let ty = ty.replace("crate::", "conformance_subject::");
                let (owned, by_ref) = match ty.strip_prefix("&'a ") {
                    Some("str") => ("String".to_string(), true),
                    Some(inner) if inner.starts_with('[') => {
                        (format!("Vec<{}>", &inner[1..inner.len() - 1]), true)
                    }
                    Some(inner) => (inner.to_string(), true),
                    None if ty == "impl Into<String>" => ("String".to_string(), false),
                    None => (ty.clone(), false),
                };
                let _ = writeln!(out, "    let a{i}: {owned} = value(r####\"{json}\"####)?;");
                by_ref
            }
        };
        values.push(if passed {
            format!("&a{i}")
        } else {
            format!("a{i}")
        });
    }
    let required = values[..call.args.len()].join(", ");
    let set: String = setters
        .iter()
        .zip(&values[call.args.len()..])
        .map(|((setter, _), value)| {
            let setter = setter
                .split_once('=')
                .map_or(setter.as_str(), |(rust, _)| rust);
            format!(".{setter}({value})")
        })
        .collect();
    let _ = writeln!(
        out,
        "    outcome(client.{}({required}){set}.send().await)\n}}\n",
        call.name
    );
}

/// A file's contents, the same in every call.
const FILE: &str = "b\"conformance\".to_vec()";

/// The Rust expression of an argument that is not made from JSON: an upload, a multipart
/// body, or a form (a struct of parts, its file parts built and the others decoded from the
/// body's sample); `None` for the others.
fn built_arg(
    document: &Value,
    operations: &str,
    call: &Call,
    ty: &str,
    sample: &Value,
) -> Option<String> {
    if ty.starts_with("impl ") && ty.contains("Upload") {
        return Some(FILE.to_string());
    }
    if ty == "crate::Multipart" {
        let body = resolve(document, &call_body(document, call)?["schema"]);
        let mut parts = String::from("conformance_subject::Multipart::new()");
        for name in body["required"].as_array().into_iter().flatten() {
            let Some(name) = name.as_str() else { continue };
            let property = resolve(document, &body["properties"][name]);
            if property["format"] == "binary" || property.get("contentMediaType").is_some() {
                let _ = write!(
                    parts,
                    ".file({name:?}, \"conformance.bin\", \"application/octet-stream\", {FILE})"
                );
            } else {
                let text = match &sample[name] {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                let _ = write!(parts, ".text({name:?}, {text:?})");
            }
        }
        return Some(parts);
    }
    let form = ty.strip_prefix("&'a ")?;
    if !form.ends_with("Form") {
        return None;
    }
    let fields = struct_fields(operations, form)?;
    let file = format!("conformance_subject::FilePart::new(\"conformance.bin\", {FILE})");
    let key = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let mut literal = format!("{form} {{");
    for (name, field_ty) in fields {
        let value = match field_ty.as_str() {
            "crate::FilePart" => file.clone(),
            "Vec<crate::FilePart>" => format!("vec![{file}]"),
            "Option<crate::FilePart>" => "None".to_string(),
            "Option<Vec<crate::FilePart>>" => "None".to_string(),
            _ => {
                let json = sample
                    .as_object()
                    .and_then(|o| o.iter().find(|(k, _)| key(k) == key(&name)))
                    .map_or(Value::Null, |(_, v)| v.clone());
                let field_ty = field_ty.replace("crate::", "conformance_subject::");
                format!("value::<{field_ty}>(r####\"{json}\"####)?")
            }
        };
        let _ = write!(literal, " {name}: {value},");
    }
    literal.push_str(" }");
    Some(literal)
}

/// The spec's operation a call makes: the one that names its method in the extension the
/// loader gives an operation of a method 3.0 has no field for (OpenAPI 3.2's `query` and
/// `additionalOperations`, moved to a free field), else the one under its method.
fn operation<'v>(document: &'v Value, call: &Call) -> &'v Value {
    let item = &document["paths"][&call.path];
    let moved = item.as_object().and_then(|fields| {
        fields.values().find(|operation| {
            operation[codegen::load::METHOD]
                .as_str()
                .is_some_and(|method| method.eq_ignore_ascii_case(&call.method))
        })
    });
    moved.unwrap_or(&item[&call.method])
}

/// The request body of an operation, its `$ref` resolved: the media type's node.
fn call_body<'v>(document: &'v Value, call: &Call) -> Option<&'v Value> {
    let body = resolve(document, &operation(document, call)["requestBody"]);
    body["content"].as_object()?.values().next()
}

/// The fields of a struct of the generated source, name and type, as prettyplease writes
/// them (`pub name: Type,` a line).
fn struct_fields(source: &str, name: &str) -> Option<Vec<(String, String)>> {
    let start = source.find(&format!("pub struct {name} {{"))?;
    let body = &source[start..];
    let end = body.find("\n}")?;
    Some(
        body[..end]
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (field, ty) = line.trim().strip_prefix("pub ")?.split_once(": ")?;
                Some((field.to_string(), ty.trim_end_matches(',').to_string()))
            })
            .collect(),
    )
}

/// The JSON value of an argument: the body's, or the parameter's of the same name.
fn arg_sample(document: &Value, call: &Call, arg: &str, full: bool) -> Value {
    let item = &document["paths"][&call.path];
    let operation = operation(document, call);
    if arg == "body" {
        let body = resolve(document, &operation["requestBody"]);
        let content = body["content"].as_object();
        let media = content.and_then(|c| {
            c.iter()
                .find(|(k, _)| k.contains("json"))
                .or_else(|| c.iter().next())
        });
        return match media {
            Some((_, media)) => media_sample(document, media, full),
            None => Value::Null,
        };
    }
    let key = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    // A parameter named after a keyword is a raw identifier (`r#async`) in Rust.
    let wanted = key(arg.trim_start_matches("r#"));
    for list in [&operation["parameters"], &item["parameters"]] {
        for parameter in list.as_array().into_iter().flatten() {
            let parameter = resolve(document, parameter);
            if parameter["name"].as_str().map(key) == Some(wanted.clone()) {
                let mut value = media_sample(document, parameter, full);
                // A parameter travels as text: `1` for a `oneOf` of an integer and a string
                // fits both, which JSON Schema refuses, so a value that fits one is sent.
                let schema = resolve(document, &parameter["schema"]);
                if let Some(variants) = schema["oneOf"].as_array()
                    && variants_fitting_text(document, variants, &value) > 1
                    && let Some(single) = variants
                        .iter()
                        .map(|variant| sample(document, variant, 0))
                        .find(|v| variants_fitting_text(document, variants, v) == 1)
                {
                    value = single;
                }
                // An object parameter with nothing required would be sent as nothing at all.
                if value.as_object().is_some_and(Map::is_empty) {
                    let schema = resolve(document, &parameter["schema"]);
                    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                        value[name] = sample(document, property, 1);
                    }
                }
                return value;
            }
        }
    }
    Value::Null
}

/// How many of a `oneOf`'s variants a parameter's value fits once written as text and read
/// back the way a server reads it: as the text, or as the number or boolean it spells.
fn variants_fitting_text(document: &Value, variants: &[Value], value: &Value) -> usize {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(_) | Value::Bool(_) => value.to_string(),
        _ => return 0,
    };
    let mut readings = vec![Value::String(text.clone())];
    if let Ok(number) = serde_json::from_str::<serde_json::Number>(&text) {
        readings.push(Value::Number(number));
    }
    if let Ok(flag) = text.parse::<bool>() {
        readings.push(Value::Bool(flag));
    }
    variants
        .iter()
        .filter(|variant| {
            readings
                .iter()
                .any(|reading| valid_against(document, variant, reading))
        })
        .count()
}

/// The sample of something with an `example`, `examples` or a `schema`.
fn media_sample(document: &Value, media: &Value, full: bool) -> Value {
    let example = media.get("example").or_else(|| {
        let first = media["examples"].as_object()?.values().next()?;
        resolve(document, first).get("value")
    });
    // An example the schema finds invalid (a spec's examples are often out of date) is not
    // sent: the request would be refused for the spec's mistake.
    if let Some(example) = example
        && valid_against(document, &media["schema"], example)
    {
        return example.clone();
    }
    if full && let Some(value) = valid_full_sample(document, &media["schema"]) {
        return value;
    }
    sample(document, &media["schema"], 0)
}

/// The schema's sample with everything set, when the schema finds it valid: with every
/// optional property set, a value can fit more than one variant of a `oneOf`, and then only
/// what is required is sent.
fn valid_full_sample(document: &Value, schema: &Value) -> Option<Value> {
    let value = roundtrip::sample(document, schema, roundtrip::Fill::Full, 0, 0);
    let Some(validator) = validator_of(document, schema) else {
        return Some(value);
    };
    let validator = validator.ok()?;
    roundtrip::invalid(&validator, &value)
        .is_none()
        .then_some(value)
}

/// A validator of `schema` (translated from OpenAPI's dialect, the components beside it
/// when it refers to them); `None` for a schema that is no object (`true`, `false`).
fn validator_of(document: &Value, schema: &Value) -> Option<Result<jsonschema::Validator, String>> {
    let Value::Object(mut root) = roundtrip::translate(document, schema) else {
        return None;
    };
    // Only the components it reaches: translating every component for each schema judged
    // would make a large spec's samples quadratic.
    roundtrip::add_defs(document, &mut root);
    root.insert(
        "$schema".to_string(),
        Value::from("https://json-schema.org/draft/2020-12/schema"),
    );
    Some(roundtrip::validator(&Value::Object(root)))
}

/// Whether `value` is valid against `schema`; `None` when the schema cannot be translated
/// into one a validator takes.
fn verdict(document: &Value, schema: &Value, value: &Value) -> Option<bool> {
    match validator_of(document, schema) {
        Some(Ok(validator)) => Some(roundtrip::invalid(&validator, value).is_none()),
        Some(Err(_)) => None,
        // `true` accepts anything, `false` nothing.
        None => Some(resolve(document, schema).as_bool() != Some(false)),
    }
}

/// Whether `value` is valid against `schema`; a schema that cannot be judged is taken to
/// accept it.
fn valid_against(document: &Value, schema: &Value, value: &Value) -> bool {
    verdict(document, schema, value).unwrap_or(true)
}

/// Whether `value` fits more than one variant of the `oneOf` that `schema` is: JSON Schema
/// then finds it invalid, whatever the `discriminator` says (it picks a variant for tools,
/// but "MUST NOT change the validation outcome", as OpenAPI 3.0.4 and 3.1.2 say).
fn fits_several_variants(document: &Value, schema: &Value, value: &Value) -> bool {
    let schema = resolve(document, schema);
    let Some(variants) = schema["oneOf"].as_array() else {
        return false;
    };
    // Only variants judged to accept it count: this excuses a failure, so it needs evidence.
    let fitting = variants
        .iter()
        .filter(|variant| verdict(document, variant, value) == Some(true))
        .count();
    fitting > 1
}

/// The node a `$ref` points at (local references only), or the node itself.
fn resolve<'v>(document: &'v Value, node: &'v Value) -> &'v Value {
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

/// How deep a request's sample gives each array an item; deeper, arrays are as short as
/// allowed.
const ARRAY_DEPTH: usize = 6;

/// A value that fits `schema`, with only its required properties.
fn sample(document: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(document, schema);
    if depth > 12 {
        return Value::Null;
    }
    // An example or default the schema itself finds invalid (`example: null` on a property
    // that takes no null, as on every property of HubSpot's; an object example that lacks a
    // required property; `"23456"` for an integer) is not a value to send.
    for key in ["example", "default"] {
        if let Some(value) = schema.get(key)
            && valid_against(document, schema, value)
        {
            return value.clone();
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(parts) = schema["allOf"].as_array() {
        return match roundtrip::merge_all_of(
            document,
            schema,
            parts,
            |part| sample(document, part, depth + 1),
            |property| sample(document, property, depth + 2),
        ) {
            Ok(merged) => Value::Object(merged),
            Err(other) => other,
        };
    }
    for key in ["oneOf", "anyOf"] {
        let Some(first) = schema[key].as_array().and_then(|p| p.first()) else {
            continue;
        };
        // Properties beside the union belong to the same object; a variant that only
        // requires some of them (ReadMe's "`category` or `categorySlug`") says which.
        if let Some(own) = schema.as_object().filter(|s| s.contains_key("properties")) {
            let variant = resolve(document, first);
            let mut merged = own.clone();
            merged.remove(key);
            let required = variant["required"].as_array().into_iter().flatten();
            if let Value::Array(all) = merged
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                all.extend(required.cloned());
            }
            if let (Some(Value::Object(all)), Some(theirs)) = (
                merged.get_mut("properties"),
                variant["properties"].as_object(),
            ) {
                for (name, property) in theirs {
                    all.entry(name.clone()).or_insert_with(|| property.clone());
                }
            }
            return sample(document, &Value::Object(merged), depth + 1);
        }
        return sample(document, first, depth + 1);
    }
    let format = schema["format"].as_str().unwrap_or("");
    // 3.1's list of types (`[string, "null"]`) is sampled as its first type but `null`.
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or(types.first().and_then(Value::as_str)),
        other => other.as_str(),
    };
    match ty {
        Some("null") => Value::Null,
        Some("string") => Value::String(
            match (
                roundtrip::format_text(format),
                schema["pattern"].as_str().and_then(|pattern| {
                    roundtrip::pattern_text(
                        pattern,
                        schema["minLength"].as_u64().unwrap_or(0) as usize,
                        schema["maxLength"]
                            .as_u64()
                            .map_or(usize::MAX, |m| m as usize),
                    )
                }),
            ) {
                (Some(text), _) => text.to_string(),
                (None, Some(text)) => text,
                (None, None) => {
                    "a".repeat(schema["minLength"].as_u64().unwrap_or(1).max(1) as usize)
                }
            },
        ),
        Some("integer") => {
            let exclusive = i64::from(schema["exclusiveMinimum"] == Value::Bool(true));
            let minimum = schema["minimum"]
                .as_i64()
                .map_or(1, |minimum| minimum + exclusive);
            Value::from(match schema["maximum"].as_i64() {
                Some(maximum) if maximum < minimum => maximum,
                _ => minimum,
            })
        }
        Some("number") => Value::from(match schema["minimum"].as_f64() {
            Some(minimum) if schema["exclusiveMinimum"] == Value::Bool(true) => minimum + 1.0,
            Some(minimum) => minimum,
            None => 1.5,
        }),
        Some("boolean") => Value::Bool(true),
        Some("array") => {
            // An item each, but as few as allowed deep down, which ends a recursion through
            // arrays.
            let count = match schema["minItems"].as_u64() {
                Some(least) if depth > ARRAY_DEPTH => least,
                None if depth > ARRAY_DEPTH => 0,
                least => least.unwrap_or(1).max(1),
            };
            Value::Array(
                (0..count)
                    .map(|_| sample(document, &schema["items"], depth + 1))
                    .collect(),
            )
        }
        _ => {
            let mut object = Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                if let Some(name) = name.as_str() {
                    let property = &schema["properties"][name];
                    object.insert(name.to_string(), sample(document, property, depth + 1));
                }
            }
            Value::Object(object)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation of the crates codegen writes, read from their own code (not an
    /// excerpt that could drift from it), with its method as sent, `QUERY` and `COPY` too.
    #[test]
    fn every_operation_of_a_generated_crate_is_called_with_its_method() {
        let specs = [
            ("spec/recepta.yaml", include_str!("../../spec/recepta.yaml")),
            (
                "tests/fixtures/v32.yaml",
                include_str!("../../tests/fixtures/v32.yaml"),
            ),
            // Operations named `type` and `gen`: raw identifiers.
            (
                "tests/fixtures/names.yaml",
                include_str!("../../tests/fixtures/names.yaml"),
            ),
        ];
        let mut methods = Vec::new();
        for (file, text) in specs {
            let source = codegen::Source {
                file: file.to_string(),
                text: text.to_string(),
            };
            let generated = codegen::generate_source(&source, None).unwrap();
            let operations = generated
                .files
                .iter()
                .find(|f| f.path == "src/operations.rs")
                .expect("operations.rs");
            let declared = operations.contents.matches("const OPERATION:").count();
            let (calls, _, uncalled) = parse_operations(&operations.contents);
            assert!(uncalled.is_empty(), "{file}: {uncalled:?}");
            assert_eq!(calls.len(), declared, "{file}");
            methods.extend(calls.into_iter().map(|c| c.method));
        }
        for method in ["post", "get", "query", "copy"] {
            assert!(
                methods.iter().any(|m| m == method),
                "{method} in {methods:?}"
            );
        }
    }

    #[test]
    fn samples_of_keyword_parameters_a_query_and_an_additional_operation_are_found() {
        let text = include_str!("../../tests/fixtures/v32.yaml");
        let document = codegen::load::parse(text, "v32.yaml").unwrap();
        let document = serde_json::to_value(&document).unwrap();
        let call = |method: &str, path: &str| Call {
            name: String::new(),
            method: method.to_string(),
            path: path.to_string(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let names = include_str!("../../tests/fixtures/names.yaml");
        let names =
            serde_json::to_value(codegen::load::parse(names, "names.yaml").unwrap()).unwrap();
        let of_type = call("get", "/type/{self}");
        assert!(arg_sample(&names, &of_type, "r#async", true).is_boolean());
        let copy = call("copy", "/books/{id}");
        assert!(arg_sample(&document, &copy, "destination", false).is_string());
        let search = call("query", "/books");
        assert!(arg_sample(&document, &search, "body", false)["text"].is_string());
    }

    #[test]
    fn a_body_that_fits_two_variants_of_a_one_of_is_told_from_one_that_fits_one() {
        let document = serde_json::json!({"components": {"schemas": {
            "Cat": {"type": "object", "properties": {"lives": {"type": "integer"}}},
            "Dog": {"type": "object", "properties": {"good": {"type": "boolean"}}},
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind"}
            },
        }}});
        let pet = serde_json::json!({"$ref": "#/components/schemas/Pet"});
        let both = serde_json::json!({"lives": 9, "kind": "Cat"});
        assert!(fits_several_variants(&document, &pet, &both));
        let cat = &document["components"]["schemas"]["Cat"];
        assert!(!fits_several_variants(&document, cat, &both));
        let strict = serde_json::json!({"oneOf": [
            {"type": "object", "required": ["lives"]},
            {"type": "object", "required": ["good"]}
        ]});
        assert!(!fits_several_variants(&document, &strict, &both));
    }

    #[test]
    fn a_request_sample_takes_what_an_all_of_requires_from_the_part_that_describes_it() {
        let document = serde_json::json!({"components": {"schemas": {"Category": {
            "type": "object",
            "properties": {"title": {"type": "string"}, "rank": {"type": "integer"}}
        }}}});
        let schema = serde_json::json!({"allOf": [
            {"$ref": "#/components/schemas/Category"},
            {"required": ["title"]}
        ]});
        assert_eq!(sample(&document, &schema, 0), json!({"title": "a"}));
    }

    #[test]
    fn a_request_sample_takes_the_properties_a_union_beside_them_requires() {
        let document = serde_json::json!({});
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"title": {"type": "string"}, "category": {"type": "string"}, "slug": {"type": "string"}},
            "oneOf": [{"required": ["title", "category"]}, {"required": ["title", "slug"]}]
        });
        assert_eq!(
            sample(&document, &schema, 0),
            json!({"title": "a", "category": "a"})
        );
    }

    #[test]
    fn a_schema_that_admits_no_value_is_told_from_one_that_admits_some() {
        let document = serde_json::json!({"components": {"schemas": {
            "Text": {"type": "string"},
            "Whole": {"type": "integer"},
        }}});
        let never = serde_json::json!({"allOf": [
            {"$ref": "#/components/schemas/Text"},
            {"$ref": "#/components/schemas/Whole"}
        ]});
        assert!(admits_no_value(&document, &never, 0));
        let deep =
            serde_json::json!({"type": "object", "required": ["a"], "properties": {"a": never}});
        assert!(admits_no_value(&document, &deep, 0));
        // An integer is a number; an optional property need not be sent.
        let whole = serde_json::json!({"allOf": [{"type": "number"}, {"type": "integer"}]});
        assert!(!admits_no_value(&document, &whole, 0));
        let optional = serde_json::json!({"type": "object", "properties": {"a": never}});
        assert!(!admits_no_value(&document, &optional, 0));
        // A request whose body admits no value is refused whatever is sent: the spec's.
        let mut document = document;
        document["paths"] = json!({"/poly": {"put": {"requestBody": {"content": {
            "application/json": {"schema": never}
        }}}}});
        let call = Call {
            name: "poly".to_string(),
            method: "put".to_string(),
            path: "/poly".to_string(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let rejected = Outcome {
            name: "poly".to_string(),
            mode: "static",
            category: "request rejected".to_string(),
            detail: "422 Unprocessable Entity: Request body must be integer".to_string(),
        };
        assert_eq!(
            class_of(&document, Some(&call), &rejected),
            Some(SPEC_NO_VALUE)
        );
        document["paths"]["/poly"]["put"]["requestBody"]["content"]["application/json"]["schema"] =
            whole;
        assert_eq!(class_of(&document, Some(&call), &rejected), None);
    }

    #[test]
    fn prisms_complaints_of_styled_form_fields_and_parts_need_their_evidence() {
        let reserved = r#"422 Unprocessable Entity: {"validation":[{"location":["body","object"],"severity":"Error","message":"Reserved characters used in request body"}]}"#;
        assert!(multipart_reserved_characters(reserved));
        let typed = r#"422 Unprocessable Entity: {"validation":[{"location":["body","tags"],"severity":"Error","code":"type","message":"Request body property tags must be array"}]}"#;
        assert!(!multipart_reserved_characters(typed));
        let media = json!({"encoding": {"tags": {"style": "pipeDelimited", "explode": false}}});
        assert!(absent_delimited_fields(&media, &json!({"q": "x"}), typed));
        // Sent, or not delimited: the client's.
        assert!(!absent_delimited_fields(
            &media,
            &json!({"tags": ["a"]}),
            typed
        ));
        let form = json!({"encoding": {"tags": {"style": "form", "explode": false}}});
        assert!(!absent_delimited_fields(&form, &json!({"q": "x"}), typed));
    }

    #[test]
    fn the_harness_output_tells_the_call_prism_crashed_on() {
        let stdout = "a\tok\nb\tother error\terror sending request for url (http://127.0.0.1:1/b)\nc\tother error\terror sending request\n";
        let lines = harness_lines(stdout);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines.iter().position(HarnessLine::unanswered), Some(1));
        assert_eq!(
            (lines[0].name, lines[0].category, lines[0].detail),
            ("a", "ok", "")
        );
        let log = "[4:01:30 PM] › [HTTP SERVER] get /a/b ℹ  info      Request received\n    at f (x.js:1)\n        throw new Error('Label serialization style requires parameter to be prefixed with \".\"');\nError: Label serialization style requires parameter to be prefixed with \".\"\n";
        let thrown = thrown_error(log).unwrap();
        assert_eq!(
            thrown,
            "Error: Label serialization style requires parameter to be prefixed with \".\""
        );
        // A request Prism could not read because the client wrote it wrong is not Prism's.
        assert!(!prism_crash_known(&thrown));
        assert!(prism_crash_known(
            "TypeError: Cannot read properties of undefined (reading 'split')"
        ));
    }

    #[test]
    fn only_a_method_of_openapi_3_2_that_prism_does_not_route_is_prisms() {
        let detail = "405 Method Not Allowed: {\"type\":\"https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR\"}";
        assert!(unknown_to_prism("copy", detail));
        assert!(unknown_to_prism("query", detail));
        assert!(!unknown_to_prism("get", detail));
        assert!(!unknown_to_prism(
            "query",
            "404 Not Found: NO_PATH_MATCHED_ERROR"
        ));
    }

    #[test]
    fn an_operation_the_harness_cannot_read_or_call_is_named() {
        let source = r#"
impl<'a> Lost<'a> {
    const OPERATION: Operation = Operation {
        name: "lost",
        method: Method::GET,
        path: "/lost",
    };
}
impl<'a> Orphan<'a> {
    const OPERATION: Operation = Operation {
        name: "orphan",
        method: "GET",
        path: "/orphan",
    };
}
"#;
        let (calls, _, uncalled) = parse_operations(source);
        assert!(calls.is_empty());
        assert_eq!(
            uncalled,
            [
                "lost: its `OPERATION` constant could not be read",
                "orphan: no method of the client calls it"
            ]
        );
    }
    use serde_json::json;

    #[test]
    fn operations_and_credentials_are_read_from_the_generated_source() {
        let source = r#"
impl ClientBuilder {
    pub fn api_key(self, credential: impl Into<Secret>) -> Self {
        self.credential("apiKey", Credential::Token(credential.into()))
    }
}
impl Client {
    pub fn get_note<'a>(
        &'a self,
        id: &'a str,
        note_id: i64,
        filter: &'a BTreeMap<String, Vec<i64>>,
    ) -> GetNote<'a> {
        GetNote { client: self }
    }
}
impl<'a> GetNote<'a> {
    const OPERATION: Operation = Operation {
        name: "get_note",
        method: "GET",
        path: "/contacts/{id}/notes/{noteId}",
    };
    pub fn limit(mut self, value: i32) -> Self {
        self
    }
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self
    }
    pub fn send(self) -> Result<(), Error> {}
}
impl crate::mock::MockApi {
    pub fn get_note(&self) -> crate::mock::MockOperation<'_> {}
}
"#;
        let (calls, credentials, uncalled) = parse_operations(source);
        assert_eq!(credentials, ["api_key(\"conformance-credential\")"]);
        assert!(uncalled.is_empty(), "{uncalled:?}");
        assert_eq!(calls.len(), 1);
        let call = &calls[0];
        assert_eq!(
            (call.name.as_str(), call.method.as_str(), call.path.as_str()),
            ("get_note", "get", "/contacts/{id}/notes/{noteId}")
        );
        let args: Vec<(&str, &str)> = call
            .args
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            args,
            [
                ("id", "&'a str"),
                ("note_id", "i64"),
                ("filter", "&'a BTreeMap<String, Vec<i64>>")
            ]
        );
        // What is optional is set by the request's setters, but `header`.
        assert_eq!(call.setters, [("limit".to_string(), "i32".to_string())]);
        // A setter named apart from its parameter says which it sets in its doc.
        let block = "
    /// Filter by URL. (the `url` query parameter)
    pub fn url2(mut self, value: impl Into<String>) -> Self {
        self
    }
    /// The page size. (the `limit` query parameter)
    pub fn limit(mut self, value: i32) -> Self {
        self
    }
";
        assert_eq!(
            setters(block),
            [
                ("url2=url".to_string(), "impl Into<String>".to_string()),
                ("limit".to_string(), "i32".to_string())
            ]
        );
    }

    #[test]
    fn decode_failures_of_prism_s_known_classes_are_told_apart() {
        let cut = "cannot decode the response body (status 200 OK) at `next.next`: missing field `value` at line 1 column 52; the body starts with: {\"value\":\"s\",\"next\":{\"value\":\"s\",\"next\":{}}}";
        assert_eq!(excused_decode(cut), Some(PRISM_EMPTY_OBJECT));
        let item = "cannot decode the response body (status 200 OK) at `a.friends[0]`: missing field `id` at line 1 column 9; the body starts with: {\"a\":{\"friends\":[{}]}}";
        assert_eq!(excused_decode(item), Some(PRISM_EMPTY_OBJECT));
        // A missing field where the body has it filled in is the client's.
        let filled = "cannot decode the response body (status 200 OK) at `next`: missing field `value` at line 1 column 9; the body starts with: {\"next\":{\"other\":1}}";
        assert_eq!(excused_decode(filled), None);
        let negative = "cannot decode the response body (status 200 OK) at `size`: invalid value: integer `-78620802`, expected u64 at line 1 column 986; the body starts with: {\"size\":-78620802}";
        assert_eq!(excused_decode(negative), Some(PRISM_NEGATIVE_UNSIGNED));
        let wide = "cannot decode the response body (status 200 OK) at `size`: invalid value: integer `-7`, expected i32 at line 1 column 9; the body starts with: {\"size\":-7}";
        assert_eq!(excused_decode(wide), None);
        let null = "cannot decode the response body (status 200 OK) at `.`: invalid type: null, expected a `Page` object at line 1 column 4; the body starts with: null";
        assert_eq!(excused_decode(null), Some(SPEC_NULL_EXAMPLE));
        let parts = r#"422 Unprocessable Entity: {"status":422,"validation":[{"location":["body","meta"],"severity":"Error","code":"type","message":"Request body property meta must be object"}]}"#;
        assert!(multipart_parts_read_as_text(parts));
        let missing = r#"422 Unprocessable Entity: {"status":422,"validation":[{"location":["body"],"severity":"Error","code":"required","message":"must have required property 'name'"}]}"#;
        assert!(!multipart_parts_read_as_text(missing));
    }

    #[test]
    fn files_multipart_bodies_and_forms_are_built_not_decoded() {
        let document = json!({"paths": {"/a": {"post": {"requestBody": {"content": {
            "multipart/form-data": {"schema": {
                "type": "object",
                "required": ["file", "note"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "note": {"type": "string"},
                    "size": {"type": "integer"}
                }
            }}
        }}}}}});
        let call = Call {
            name: "add".into(),
            method: "post".into(),
            path: "/a".into(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let sample = json!({"file": "a", "note": "hi"});
        let source = "pub struct AddForm {\n    /// The file.\n    pub file: crate::FilePart,\n    pub photos: Option<crate::FilePart>,\n    pub note: String,\n    pub size: Option<i64>,\n}\n";
        let form = built_arg(&document, source, &call, "&'a AddForm", &sample).unwrap();
        assert_eq!(
            form,
            format!(
                "AddForm {{ file: conformance_subject::FilePart::new(\"conformance.bin\", {FILE}), photos: None, note: value::<String>(r####\"\"hi\"\"####)?, size: value::<Option<i64>>(r####\"null\"####)?, }}"
            )
        );
        let multipart = built_arg(&document, "", &call, "crate::Multipart", &sample).unwrap();
        assert_eq!(
            multipart,
            format!(
                "conformance_subject::Multipart::new().file(\"file\", \"conformance.bin\", \"application/octet-stream\", {FILE}).text(\"note\", \"hi\")"
            )
        );
        let upload = built_arg(&document, "", &call, "impl Into<crate::Upload>", &sample);
        assert_eq!(upload.as_deref(), Some(FILE));
        assert_eq!(built_arg(&document, source, &call, "i64", &sample), None);
    }

    #[test]
    fn a_full_sample_that_fits_two_variants_of_a_one_of_is_not_sent() {
        let document = json!({"components": {"schemas": {}}});
        let overlapping = json!({"oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "string"}}}
        ]});
        assert_eq!(valid_full_sample(&document, &overlapping), None);
        let plain = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert!(valid_full_sample(&document, &plain).is_some_and(|v| v.get("a").is_some()));
    }

    #[test]
    fn a_call_of_an_operation_that_documents_no_response_passes_when_its_request_did() {
        let document = json!({"paths": {
            "/strings": {"post": {"responses": {}}},
            "/numbers": {"post": {"responses": {}}},
            "/answered": {"post": {"responses": {"200": {"description": "ok"}}}}
        }});
        let call = |name: &str| Call {
            name: name.to_string(),
            method: "post".to_string(),
            path: format!("/{name}"),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let calls = [call("strings"), call("numbers"), call("answered")];
        let no_response = "500 Internal Server Error: {\"type\":\"https://stoplight.io/prism/errors#NO_RESPONSE_RESPONSE_DEFINED\"}";
        let mut outcomes: Vec<Outcome> = calls
            .iter()
            .map(|c| Outcome {
                name: c.name.clone(),
                mode: "static",
                category: "Prism cannot answer".to_string(),
                detail: no_response.to_string(),
            })
            .collect();
        let refused = [Refusal {
            method: "post".to_string(),
            path: "/numbers".to_string(),
            errors: vec!["Request body must be object".to_string()],
        }];
        settle_by_log(&document, &calls, &refused, outcomes.iter_mut());
        let categories: Vec<&str> = outcomes.iter().map(|o| o.category.as_str()).collect();
        // A documented response Prism could not build stays Prism's.
        assert_eq!(
            categories,
            ["ok", "request rejected", "Prism cannot answer"]
        );
    }

    #[test]
    fn a_parameter_of_a_one_of_takes_a_value_that_fits_one_variant_as_text() {
        let document = json!({"paths": {"/workflows/{workflow_id}": {"get": {"parameters": [
            {"name": "workflow_id", "in": "path", "required": true,
                "schema": {"oneOf": [{"type": "integer"}, {"type": "string"}]}}
        ]}}}});
        let call = Call {
            name: "get_workflow".to_string(),
            method: "get".to_string(),
            path: "/workflows/{workflow_id}".to_string(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let value = arg_sample(&document, &call, "workflow_id", false);
        let variants = document
            .pointer("/paths/~1workflows~1{workflow_id}/get/parameters/0/schema/oneOf")
            .unwrap();
        let variants = variants.as_array().unwrap();
        // `1` would be read as the integer and as the text "1".
        assert_eq!(variants_fitting_text(&document, variants, &json!(1)), 2);
        assert!(value.is_string(), "{value}");
        assert_eq!(
            variants_fitting_text(&document, variants, &value),
            1,
            "{value}"
        );
    }

    #[test]
    fn prism_logs_tell_which_requests_it_refused() {
        let log = "\
[1] › [HTTP SERVER] get /pet/1 ℹ  info      Request received
[1] ›     [VALIDATOR] ✔  success   The request passed the validation rules.
[2] › [HTTP SERVER] put /pet/2 ℹ  info      Request received
[2] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[2] ›     [VALIDATOR] ✖  error     Request body must have required property 'name'
";
        let refused = refused_requests(log);
        assert_eq!(
            refused,
            [Refusal {
                method: "put".to_string(),
                path: "/pet/2".to_string(),
                errors: vec!["Request body must have required property 'name'".to_string()],
            }]
        );
        let any_of = [
            "Request query parameter tag must be array",
            "Request query parameter tag must be null",
            "Request query parameter tag must match a schema in anyOf",
        ];
        assert!(one_item_array_in_any_of(&any_of));
        assert!(!one_item_array_in_any_of(&[
            "Request body must have required property 'name'"
        ]));
        assert!(fits("/pet/{id}", "/pet/2"));
        assert!(fits("/pet/{id}", "/pet/2?x=1"));
        assert!(!fits("/pet/{id}/toys", "/pet/2"));
    }

    #[test]
    fn samples_take_examples_then_defaults_then_enums_then_what_fits() {
        let document = json!({"components": {"schemas": {
            "Contact": {
                "type": "object",
                "required": ["id", "tags", "since", "state"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "tags": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 3}},
                    "since": {"type": "string", "format": "date-time"},
                    "state": {"$ref": "#/components/schemas/State"},
                    "note": {"type": "string"}
                }
            },
            "State": {"type": "string", "enum": ["open", "closed"]}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Contact"});
        assert_eq!(
            sample(&document, &schema, 0),
            json!({
                "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
                "tags": ["aaa", "aaa"],
                "since": "2024-01-02T03:04:05Z",
                "state": "open"
            })
        );
        let schema = json!({"type": "integer", "default": 7, "example": 3});
        assert_eq!(sample(&document, &schema, 0), json!(3));
        let schema = json!({"type": "integer", "default": 7});
        assert_eq!(sample(&document, &schema, 0), json!(7));
        let schema = json!({"type": "integer", "example": null, "default": 7});
        assert_eq!(sample(&document, &schema, 0), json!(7));
        let schema = json!({"type": "string", "example": null});
        assert_eq!(sample(&document, &schema, 0), json!("a"));
        let schema = json!({"type": "string", "nullable": true, "example": null});
        assert_eq!(sample(&document, &schema, 0), json!(null));
        let schema = json!({"type": ["string", "null"], "minLength": 2});
        assert_eq!(sample(&document, &schema, 0), json!("aa"));
        let schema = json!({"type": "null"});
        assert_eq!(sample(&document, &schema, 0), json!(null));
        let schema = json!({"type": "integer", "example": "23456"});
        assert_eq!(sample(&document, &schema, 0), json!(1));
        let schema = json!({"type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}}, "example": {"name": "x"}});
        assert_eq!(sample(&document, &schema, 0), json!({"id": "a"}));
        let schema = json!({"type": "integer", "minimum": 10, "maximum": 20});
        assert_eq!(sample(&document, &schema, 0), json!(10));
        let schema = json!({"type": "number", "minimum": 0, "exclusiveMinimum": true});
        assert_eq!(sample(&document, &schema, 0), json!(1.0));
    }

    #[test]
    fn an_answer_that_is_the_specs_invalid_example_is_the_specs_class() {
        let document = json!({"paths": {"/payments": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {
                "schema": {"type": "object", "required": ["id", "createdAt"], "properties": {
                    "id": {"type": "string"}, "createdAt": {"type": "string"}
                }},
                "example": {"id": "p1", "amount": "50.00"}
            }}
        }}}}}});
        let call = Call {
            name: "get_payments".to_string(),
            method: "get".to_string(),
            path: "/payments".to_string(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        let detail = "cannot decode the response body (status 200 OK) at `.`: missing field \
            `createdAt`; the body starts with: {\"id\":\"p1\",\"amo…";
        assert!(sent_an_invalid_example(&document, &call, detail));
        // Another body (Prism's own data) is the client's to decode.
        let other = detail.replace("p1", "p2");
        assert!(!sent_an_invalid_example(&document, &call, &other));
        // A list whose items are a component's example, which lacks what it requires.
        let mut document = document;
        document["components"] = json!({"schemas": {"Payment": {
            "type": "object",
            "required": ["id", "createdAt"],
            "properties": {"id": {"type": "string"}, "createdAt": {"type": "string"}},
            "example": {"properties": {"createdate": "2019-10-30T03:30:17.883Z"}}
        }}});
        let detail = "cannot decode the response body (status 200 OK) at `results[0]`: missing \
            field `createdAt`; the body starts with: {\"results\":[{\"properties\":\
            {\"createdate\":\"2019-10-30T03:30:17.883Z\"}}]}";
        assert!(sent_an_invalid_example(&document, &call, detail));
        // A property's value deep in the body, given by a component's invalid example.
        document["components"]["schemas"]["Email"] = json!({
            "type": "object",
            "properties": {"createdById": {"type": "string"}},
            "example": {"createdById": 3739732}
        });
        let deep = "cannot decode the response body (status 200 OK) at `results[0].object.createdById`: \
            invalid type: integer `3739732`, expected a string at line 1 column 4526; the body \
            starts with: {\"total\":1,\"results\":[{\"id\":\"s\"…";
        assert!(sent_an_invalid_example(&document, &call, deep));
        let other = deep.replace("3739732`", "12`");
        assert!(!sent_an_invalid_example(&document, &call, &other));
        // A property's own example its format refuses: a date for a date-time.
        document["components"]["schemas"]["App"] = json!({
            "type": "object",
            "properties": {"linkedAt": {"type": "string", "format": "date-time", "example": "2020-01-01"}}
        });
        let own = "cannot decode the response body (status 200 OK) at `apps[0].linkedAt`: \
            premature end of input at line 1 column 207; the body starts with: {\"apps\"…";
        assert!(sent_an_invalid_example(&document, &call, own));
        document["components"]["schemas"]["App"]["properties"]["linkedAt"]["example"] =
            json!("2020-01-01T00:00:00Z");
        assert!(!sent_an_invalid_example(&document, &call, own));
    }

    #[test]
    fn examples_that_hold_a_ref_as_data_are_left_out_of_prism_s_copy() {
        let member = json!({"value": "u1", "$ref": "https://api.example.com/Users/u1"});
        let spec = json!({
            "paths": {"/groups": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Group"},
                "examples": {
                    "default": {"$ref": "#/components/examples/group"},
                    "plain": {"$ref": "#/components/examples/plain"},
                    "inline": {"value": {"members": [member]}}
                }
            }}}}}}},
            "components": {
                "schemas": {"Group": {"type": "object", "example": {"members": [member]},
                    "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}},
                "examples": {
                    "group": {"value": {"members": [member]}},
                    "plain": {"value": {"members": []}}
                }
            }
        });
        let (copy, left_out) = without_ref_examples(spec.clone());
        let media = "/paths/~1groups/get/responses/200/content/application~1json";
        assert_eq!(
            copy.pointer(&format!("{media}/examples")),
            Some(&json!({"plain": {"$ref": "#/components/examples/plain"}}))
        );
        assert_eq!(
            copy.pointer("/components/examples"),
            Some(&json!({"plain": {"value": {"members": []}}}))
        );
        // A schema's `$ref` is the spec's, and stays.
        assert_eq!(
            copy.pointer("/components/schemas/Group/properties/members/items"),
            Some(&json!({"$ref": "#/components/schemas/Member"}))
        );
        assert!(copy.pointer("/components/schemas/Group/example").is_none());
        assert_eq!(left_out.len(), 4, "{left_out:?}");
        // Nothing to leave out: the same spec.
        let (same, none) = without_ref_examples(copy.clone());
        assert_eq!((same, none.len()), (copy, 0));
    }

    #[test]
    fn a_requirement_of_two_authorization_headers_is_told_from_one_a_request_can_meet() {
        let document = json!({
            "components": {"securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "oauth2": {"type": "oauth2", "flows": {}},
                "key": {"type": "apiKey", "in": "header", "name": "X-API-KEY"}
            }},
            "paths": {
                "/and": {"post": {"security": [{"key": [], "basic": [], "oauth2": []}]}},
                "/or": {"post": {"security": [{"basic": [], "oauth2": []}, {"key": []}]}}
            }
        });
        let call = |path: &str| Call {
            name: String::new(),
            method: "post".to_string(),
            path: path.to_string(),
            args: Vec::new(),
            setters: Vec::new(),
        };
        assert!(no_request_can_meet(&document, &call("/and")));
        assert!(!no_request_can_meet(&document, &call("/or")));
    }

    #[test]
    fn a_media_types_example_is_sent_only_when_its_schema_finds_it_valid() {
        let document = json!({"components": {"schemas": {}}});
        let schema = json!({"type": "object", "required": ["name", "options"], "properties": {
            "name": {"type": "string"}, "options": {"type": "array", "items": {"type": "string"}}
        }});
        let good = json!({"name": "pets", "options": ["a"]});
        let media = json!({"schema": schema, "example": good});
        assert_eq!(media_sample(&document, &media, false), good);
        // The example lacks `options`, which the schema requires.
        let media = json!({"schema": schema, "examples": {"old": {"value": {"name": "pets"}}}});
        let sent = media_sample(&document, &media, false);
        assert!(sent["options"].is_array(), "{sent}");
    }
}
