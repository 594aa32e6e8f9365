//! Security schemes, and the requirements that say which of them each operation sends.

use super::Lower;
use super::parameters::header_name;
use super::reserved;
use crate::ir::*;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use openapiv3::ReferenceOr;

impl<'a> Lower<'a> {
    /// The usable schemes of `components.securitySchemes`, sorted by builder method name.
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let Some(components) = &self.spec.components else {
            return out;
        };
        let mut scope = Scope::with_reserved(&reserved::builder_methods());
        for (key, scheme) in &components.security_schemes {
            let pointer = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(key);
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.diags.error(
                        &pointer,
                        "a security scheme cannot be a `$ref` here",
                        Some("define the scheme inline"),
                    );
                    continue;
                }
            };
            use openapiv3::{APIKeyLocation, SecurityScheme as S};
            let (kind, description) = match scheme {
                S::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    match location {
                        APIKeyLocation::Header => match header_name(name) {
                            Some(name) => SecurityKind::ApiKeyHeader(name),
                            None => {
                                self.diags.error(
                                    &pointer.join("name"),
                                    format!("`{name}` is not a valid HTTP header name"),
                                    Some("header names are letters, digits and `!#$%&'*+-.^_`|~`"),
                                );
                                continue;
                            }
                        },
                        APIKeyLocation::Query => SecurityKind::ApiKeyQuery(name.clone()),
                        APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(name.clone()),
                    },
                    description,
                ),
                S::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SecurityKind::Bearer, description),
                    "basic" => (SecurityKind::Basic, description),
                    other => {
                        self.diags.error(
                            &pointer.join("scheme"),
                            format!("unsupported HTTP authentication scheme `{other}`"),
                            Some("`bearer` and `basic` are supported"),
                        );
                        continue;
                    }
                },
                // OAuth 2 and OpenID Connect end in a bearer token; getting one is up to the
                // application, sending it is the client's job.
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer, description)
                }
            };
            let extensions = match scheme {
                S::APIKey { extensions, .. }
                | S::HTTP { extensions, .. }
                | S::OAuth2 { extensions, .. }
                | S::OpenIDConnect { extensions, .. } => extensions,
            };
            let deprecated = extensions.get(crate::load::v32::DEPRECATED)
                == Some(&serde_json::Value::Bool(true));
            out.push(SecurityScheme {
                key: key.clone(),
                method: scope.claim(names::snake(key)),
                kind,
                docs: Docs {
                    summary: None,
                    description: description.clone(),
                    notes: Vec::new(),
                },
                deprecated,
            });
        }
        out.sort_by(|a, b| a.method.cmp(&b.method));
        out
    }

    /// Whether `components.securitySchemes` defines `key` (usable or not).
    fn scheme_defined(&self, key: &str) -> bool {
        self.spec
            .components
            .as_ref()
            .is_some_and(|c| c.security_schemes.contains_key(key))
    }
}

impl Lower<'_> {
    /// Warns of the document's requirements that name a scheme not defined.
    pub(super) fn check_document_security(&mut self) {
        for (i, requirement) in self.spec.security.iter().flatten().enumerate() {
            for key in requirement.keys() {
                if !self.scheme_defined(key) {
                    self.undefined_scheme(&Pointer::root().join("security").join(i), key);
                }
            }
        }
    }

    /// The alternatives of security schemes an operation may send, each a list of indices
    /// into `schemes`: its own requirements, else the document's.
    pub(super) fn operation_security(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &Pointer,
        schemes: &[SecurityScheme],
    ) -> Vec<Vec<usize>> {
        let requirements = op.security.as_ref().or(self.spec.security.as_ref());
        let mut security = Vec::new();
        let requirements_pointer = pointer.join("security");
        for (i, requirement) in requirements.into_iter().flatten().enumerate() {
            let mut alternative = Vec::new();
            let mut undefined = false;
            for key in requirement.keys() {
                match schemes.iter().position(|s| &s.key == key) {
                    Some(index) => alternative.push(index),
                    None => {
                        undefined = true;
                        // The document's requirements are reported once, not per operation;
                        // a scheme that is defined but could not be used has its error.
                        if op.security.is_none() || self.scheme_defined(key) {
                            continue;
                        }
                        self.undefined_scheme(&requirements_pointer.join(i), key);
                    }
                }
            }
            // An alternative left with no scheme would send no credentials at all, which the
            // spec did not ask for: it is dropped with its unknown scheme.
            if undefined && alternative.is_empty() {
                continue;
            }
            alternative.sort();
            security.push(alternative);
        }
        security
    }

    /// Warns of a requirement that names a scheme not defined.
    fn undefined_scheme(&mut self, pointer: &Pointer, key: &str) {
        self.diags.warning(
            pointer,
            format!(
                "security scheme `{key}` is not defined in `components.securitySchemes`: it is ignored"
            ),
            Some("define it, or fix the name"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    const SCHEMES: &str = "
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-API-Key, description: The key.}
    timeout: {type: apiKey, in: query, name: t}
    bearer: {type: http, scheme: Bearer}
    basic: {type: http, scheme: basic}
    oauth: {type: oauth2, flows: {}}
    session: {type: apiKey, in: cookie, name: sid}";

    #[test]
    fn schemes_are_sorted_by_their_builder_method() {
        let (api, _) = lowered(&format!("paths: {{}}{SCHEMES}"));
        let schemes: Vec<(&str, &str, &SecurityKind)> = api
            .security_schemes
            .iter()
            .map(|s| (s.key.as_str(), s.method.as_str(), &s.kind))
            .collect();
        // `timeout` is a method of the client builder already.
        assert_eq!(
            schemes,
            [
                ("basic", "basic", &SecurityKind::Basic),
                ("bearer", "bearer", &SecurityKind::Bearer),
                (
                    "key",
                    "key",
                    &SecurityKind::ApiKeyHeader("x-api-key".into())
                ),
                ("oauth", "oauth", &SecurityKind::Bearer),
                (
                    "session",
                    "session",
                    &SecurityKind::ApiKeyCookie("sid".into())
                ),
                (
                    "timeout",
                    "timeout2",
                    &SecurityKind::ApiKeyQuery("t".into())
                ),
            ]
        );
        assert_eq!(
            api.security_schemes[2].docs.description.as_deref(),
            Some("The key.")
        );
    }

    #[test]
    fn a_deprecated_scheme_says_so() {
        let (api, _) = lowered(concat!(
            "paths: {}\n",
            "components:\n",
            "  securitySchemes:\n",
            "    old: {type: http, scheme: basic, x-codegen-deprecated: true}\n",
            "    new: {type: http, scheme: bearer}\n",
        ));
        let deprecated: Vec<(&str, bool)> = api
            .security_schemes
            .iter()
            .map(|s| (s.key.as_str(), s.deprecated))
            .collect();
        assert_eq!(deprecated, [("new", false), ("old", true)]);
    }

    #[test]
    fn an_operation_sends_its_own_requirements_or_the_document_s() {
        let ok = "responses: {'200': {description: ok}}";
        let (api, warnings) = lowered(&format!(
            "security: [{{key: []}}, {{nowhere: []}}]
paths:
  /a:
    get: {{operationId: a, {ok}}}
    put: {{operationId: b, security: [], {ok}}}
    post: {{operationId: c, security: [{{bearer: [], basic: []}}, {{missing: []}}], {ok}}}{SCHEMES}"
        ));
        let security: Vec<(&str, &Vec<Vec<usize>>)> = api
            .operations
            .iter()
            .map(|op| (op.name.as_str(), &op.security))
            .collect();
        // Indices into the sorted schemes: basic 0, bearer 1, key 2. An alternative whose
        // only scheme is not defined is dropped.
        assert_eq!(
            security,
            [
                ("a", &vec![vec![2]]),
                ("b", &vec![]),
                ("c", &vec![vec![0, 1]])
            ]
        );
        assert_eq!(
            messages(&warnings),
            [
                (
                    "#/security/1",
                    "security scheme `nowhere` is not defined in `components.securitySchemes`: it is ignored"
                ),
                (
                    "#/paths/~1a/post/security/1",
                    "security scheme `missing` is not defined in `components.securitySchemes`: it is ignored"
                ),
            ]
        );
    }

    #[test]
    fn an_http_scheme_other_than_bearer_or_basic_is_an_error() {
        let diagnostics = errors(
            "paths: {}\ncomponents:\n  securitySchemes:\n    digest: {type: http, scheme: digest}",
        );
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/components/securitySchemes/digest/scheme",
                "unsupported HTTP authentication scheme `digest`"
            )]
        );
    }
}
