//! Keywords of the specification written in another case (`style: FORM`, `in: QUERY`,
//! `type: OAUTH2`), as some exporters write them: each is read as the specification spells
//! it, with a warning, since the intent is plain and the value would otherwise be refused.

use super::Repairs;
use crate::pointer::Pointer;
use serde_json::Value;

/// The keywords of a parameter and the values the specification spells.
pub(super) const PARAMETER: &[(&str, &[&str])] = &[
    ("in", &["query", "header", "path", "cookie"]),
    (
        "style",
        &[
            "matrix",
            "label",
            "form",
            "simple",
            "spaceDelimited",
            "pipeDelimited",
            "deepObject",
        ],
    ),
];

/// The keywords of a security scheme and the values the specification spells.
pub(super) const SCHEME: &[(&str, &[&str])] = &[
    (
        "type",
        &["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"],
    ),
    ("in", &["query", "header", "cookie"]),
];

impl Repairs {
    /// Respells the values of `keywords` in `node` (at `at`) that match a value of the
    /// specification in all but case.
    pub(super) fn keyword_case(
        &mut self,
        node: &mut Value,
        keywords: &[(&str, &[&str])],
        at: &Pointer,
    ) {
        let Value::Object(map) = node else {
            return;
        };
        for (key, spelled) in keywords {
            let Some(Value::String(value)) = map.get_mut(*key) else {
                continue;
            };
            if spelled.contains(&value.as_str()) {
                continue;
            }
            let Some(right) = spelled.iter().find(|s| s.eq_ignore_ascii_case(value)) else {
                continue;
            };
            let message =
                format!("`{key}: {value}` is written `{right}` in OpenAPI: read as `{right}`");
            *value = right.to_string();
            self.warn(&at.join(*key), message, &format!("write `{key}: {right}`"));
        }
    }
}
