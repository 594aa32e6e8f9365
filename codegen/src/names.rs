//! Rust names for OpenAPI names: case conversion, keyword escaping and collision handling.
//!
//! Every identifier in the generated crate is decided here, so that the rules are the same
//! for types, fields, variants, methods and parameters.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be raw identifiers, so they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Strict and reserved keywords of every edition up to 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names the types module uses unqualified (the prelude, serde's derives); a schema that
/// converts to one of them is renamed so the two cannot be confused. The crate's own
/// `Client` and `Error` are not among them: schemas live in `types`, and code outside it
/// names them `types::Error`.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Default",
    "Deserialize",
    "Err",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Serialize",
    "Some",
    "String",
    "Vec",
];

/// `snake_case` form of `name`, made into a valid identifier (for fields, methods, params).
pub fn snake(name: &str) -> String {
    sanitize(&words(name).to_snake_case(), "value")
}

/// `UpperCamelCase` form of `name`, made into a valid identifier (for types and variants).
pub fn camel(name: &str) -> String {
    sanitize(&words(name).to_upper_camel_case(), "Empty")
}

/// A Cargo feature name for a tag: its words in kebab-case, ASCII letters and digits only
/// (`Code Scanning` → `code-scanning`).
pub fn feature(name: &str) -> String {
    let kebab = words(name).to_kebab_case();
    if kebab.is_empty() {
        "tag".to_string()
    } else {
        kebab
    }
}

/// Turns characters that carry no word meaning into separators, and spells the signs that
/// do carry meaning when a name would otherwise be empty (`"+"` → `plus`).
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            // Only ASCII letters survive: non-ASCII identifiers are legal but hard to type,
            // and `non_ascii_idents` is a lint some crates deny.
            out.push(if c.is_ascii() { c } else { ' ' });
        } else {
            out.push(' ');
        }
    }
    if out.trim().is_empty() {
        // A name with no letters or digits at all: spell its signs.
        let spelled: Vec<&str> = name
            .chars()
            .filter_map(|c| match c {
                '+' => Some("plus"),
                '-' => Some("minus"),
                '*' => Some("star"),
                '/' => Some("slash"),
                '.' => Some("dot"),
                '<' => Some("lt"),
                '>' => Some("gt"),
                '=' => Some("eq"),
                '!' => Some("not"),
                '@' => Some("at"),
                '#' => Some("hash"),
                '$' => Some("dollar"),
                '%' => Some("percent"),
                '&' => Some("and"),
                '|' => Some("or"),
                '~' => Some("tilde"),
                '^' => Some("caret"),
                '?' => Some("question"),
                _ => None,
            })
            .collect();
        if spelled.is_empty() {
            return String::new();
        }
        return spelled.join(" ");
    }
    out
}

/// Makes a converted name a valid, non-keyword identifier.
fn sanitize(converted: &str, empty: &str) -> String {
    let mut name = if converted.is_empty() {
        empty.to_string()
    } else {
        converted.to_string()
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Whether `ident` must be written as a raw identifier (`r#type`).
pub fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident) && !NOT_RAW.contains(&ident)
}

/// Hands out names that are distinct from each other within one scope (the fields of a
/// struct, the variants of an enum, the types of the crate), deterministically: the first
/// claimant keeps the name, later ones get `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `name`, or the first free `name2`, `name3`, ...; returns what was claimed.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always has a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        let cases = [
            ("firstName", "first_name"),
            ("company_name", "company_name"),
            ("zipCode", "zip_code"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("2fa", "_2fa"),
            ("x-request-id", "x_request_id"),
            ("first name", "first_name"),
            ("", "value"),
            ("+1", "_1"),
            ("+", "plus"),
            ("-", "minus"),
            ("café", "caf"),
            ("日本", "value"),
            ("_private", "private"),
            ("createContact", "create_contact"),
            ("HTTPServer", "http_server"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake(input), expected, "snake({input:?})");
        }
    }

    #[test]
    fn upper_camel_case_names() {
        let cases = [
            ("contact", "Contact"),
            ("CreateContactRequest", "CreateContactRequest"),
            ("in-progress", "InProgress"),
            ("2fa", "_2fa"),
            ("", "Empty"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("API", "Api"),
            ("a.b.c", "ABC"),
            ("*", "Star"),
        ];
        for (input, expected) in cases {
            assert_eq!(camel(input), expected, "camel({input:?})");
        }
    }

    #[test]
    fn feature_names() {
        let cases = [
            ("repos", "repos"),
            ("Code Scanning", "code-scanning"),
            ("enterprise-admin", "enterprise-admin"),
            ("oauth_authorizations", "oauth-authorizations"),
            ("rateLimit", "rate-limit"),
            ("v2 API", "v2-api"),
            ("Café", "caf"),
            ("日本", "tag"),
            ("+", "plus"),
        ];
        for (input, expected) in cases {
            assert_eq!(feature(input), expected, "feature({input:?})");
        }
    }

    #[test]
    fn keywords_are_raw_except_path_roots() {
        assert!(is_keyword("type"));
        assert!(is_keyword("gen"));
        assert!(is_keyword("async"));
        assert!(!is_keyword("self_"));
        assert!(!is_keyword("Self"));
        assert!(!is_keyword("name"));
    }

    #[test]
    fn scope_makes_names_distinct_in_claim_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("first_name".into()), "first_name");
        assert_eq!(scope.claim("first_name".into()), "first_name2");
        assert_eq!(scope.claim("first_name".into()), "first_name3");
        assert_eq!(scope.claim("v1".into()), "v1");
        assert_eq!(scope.claim("v1".into()), "v1_2");
        let mut reserved = Scope::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(reserved.claim("Result".into()), "Result2");
        assert_eq!(reserved.claim("Error".into()), "Error");
    }
}
