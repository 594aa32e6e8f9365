//! Path templates (`/contacts/{id}/notes`): split into literal text and parameter names.

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text copied as it is.
    Literal(String),
    /// The name of a parameter, between braces.
    Param(String),
}

/// Splits a path template, rejecting unbalanced or empty braces.
pub fn parse(template: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(format!("path template `{template}` has an unclosed `{{`"));
                        }
                        Some(c) => name.push(c),
                    }
                }
                if name.is_empty() {
                    return Err(format!("path template `{template}` has an empty `{{}}`"));
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(Part::Param(name));
            }
            '}' => {
                return Err(format!(
                    "path template `{template}` has a `}}` with no `{{`"
                ));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Literal(s.to_string())
    }
    fn param(s: &str) -> Part {
        Part::Param(s.to_string())
    }

    #[test]
    fn splits_literals_and_params() {
        assert_eq!(parse("/api/contacts").unwrap(), vec![lit("/api/contacts")]);
        assert_eq!(
            parse("/contacts/{id}/notes/{noteId}").unwrap(),
            vec![
                lit("/contacts/"),
                param("id"),
                lit("/notes/"),
                param("noteId")
            ]
        );
        assert_eq!(
            parse("/files/{name}.{ext}").unwrap(),
            vec![lit("/files/"), param("name"), lit("."), param("ext")]
        );
    }

    #[test]
    fn rejects_broken_braces() {
        assert!(parse("/a/{id").unwrap_err().contains("unclosed"));
        assert!(parse("/a/{}").unwrap_err().contains("empty"));
        assert!(parse("/a/id}").unwrap_err().contains("no `{`"));
        assert!(parse("/a/{{id}}").unwrap_err().contains("unclosed"));
    }
}
