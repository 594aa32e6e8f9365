//! Loading: spec text (YAML or JSON) into an `openapiv3::OpenAPI`, with errors that say where.

use crate::error::{Diagnostic, Error, Result};
use openapiv3::OpenAPI;
use std::path::Path;

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses spec text; `file` names it in diagnostics. JSON is recognised by its leading `{`,
/// anything else is read as YAML (of which JSON is nearly a subset).
pub fn parse(text: &str, file: &str) -> Result<OpenAPI> {
    if text.trim_start().starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            syntax(
                file,
                text,
                Some((e.line(), e.column())),
                strip_position(&e.to_string()),
            )
        })?;
        check_version(file, version_of_json(&value))?;
        typed(file, value)
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let position = e.location().map(|l| (l.line(), l.column()));
            syntax(file, text, position, strip_position(&e.to_string()))
        })?;
        check_version(file, version_of_yaml(&value))?;
        typed(file, value)
    }
}

/// Deserializes the document into `OpenAPI`, naming the path of the node that does not fit.
fn typed<'de, D>(file: &str, document: D) -> Result<OpenAPI>
where
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(document).map_err(|e| {
        let pointer = pointer_of(e.path());
        let message = e.inner().to_string();
        Error::Spec(vec![Diagnostic {
            file: file.to_string(),
            pointer,
            position: None,
            message: format!("this is not a valid OpenAPI 3.0 document: {message}"),
            hint: Some("compare the node with the OpenAPI 3.0.3 specification".to_string()),
        }])
    })
}

/// Turns a serde path (`paths./pets.get.responses`) into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&crate::error::pointer_segment(key))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// The document's declared version: (`openapi` or `swagger`, its value).
type Version = Option<(&'static str, String)>;

fn version_of_json(value: &serde_json::Value) -> Version {
    for key in ["openapi", "swagger"] {
        if let Some(v) = value.get(key) {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            return Some((key, text));
        }
    }
    None
}

fn version_of_yaml(value: &serde_yaml::Value) -> Version {
    for key in ["openapi", "swagger"] {
        if let Some(v) = value.get(key) {
            let text = match v {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                _ => "?".to_string(),
            };
            return Some((key, text));
        }
    }
    None
}

/// Accepts 3.0.x; names anything else precisely, before any inner node is looked at.
fn check_version(file: &str, version: Version) -> Result<()> {
    let diagnostic = |pointer: &str, message: String, hint: &str| {
        Err(Error::Spec(vec![Diagnostic {
            file: file.to_string(),
            pointer: pointer.to_string(),
            position: None,
            message,
            hint: Some(hint.to_string()),
        }]))
    };
    match version {
        Some(("openapi", v)) if v == "3.0" || v.starts_with("3.0.") => Ok(()),
        Some(("openapi", v)) if v.starts_with("3.") => diagnostic(
            "#/openapi",
            format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
            "OpenAPI 3.1 changed the schema vocabulary (type arrays, `null` type); \
             write the document as 3.0.3",
        ),
        Some(("swagger", v)) => diagnostic(
            "#/swagger",
            format!("this is a Swagger {v} document; this generator reads OpenAPI 3.0.x"),
            "convert it to OpenAPI 3.0 first (for example with swagger2openapi)",
        ),
        Some((_, v)) => diagnostic(
            "#/openapi",
            format!("unknown OpenAPI version `{v}`; this generator reads OpenAPI 3.0.x"),
            "set `openapi: 3.0.3`",
        ),
        None => diagnostic(
            "#",
            "this is not an OpenAPI document: it has no `openapi` field".to_string(),
            "an OpenAPI 3.0 document starts with `openapi: 3.0.3`",
        ),
    }
}

/// Removes the " at line L column C" that parsers append, since the diagnostic shows it.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn syntax(file: &str, text: &str, position: Option<(usize, usize)>, message: String) -> Error {
    let mut hint = None;
    if let Some((line, _)) = position
        && let Some(source_line) = text.lines().nth(line.saturating_sub(1))
    {
        hint = Some(format!("the line reads: {}", source_line.trim_end()));
    }
    Error::Syntax(Box::new(Diagnostic {
        file: file.to_string(),
        pointer: String::new(),
        position,
        message: format!("the spec is not valid YAML or JSON: {message}"),
        hint,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        match parse(text, "spec.yaml") {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(e) => e.to_string(),
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
    fn yaml_syntax_error_has_line_and_column() {
        let message = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(message.contains("spec.yaml:"), "{message}");
        assert!(message.contains("not valid YAML or JSON"), "{message}");
    }

    #[test]
    fn other_versions_are_named() {
        assert!(error_of("swagger: '2.0'\n").contains("Swagger 2.0 document"));
        assert!(error_of("openapi: 3.1.0\n").contains("OpenAPI 3.1.0 is not supported"));
        assert!(error_of("info: {}\n").contains("no `openapi` field"));
    }

    #[test]
    fn wrong_node_type_gives_its_pointer() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: [1]\n      responses: {}\n";
        let message = error_of(yaml);
        // `openapiv3` buffers `$ref`-or-item nodes, so the path ends at the nearest one.
        assert!(message.contains("at #/paths"), "{message}");
        assert!(message.contains("expected a string"), "{message}");
    }
}
