//! Lowering: `openapiv3::OpenAPI` into the IR. Every decision is made here: names, types,
//! `$ref` resolution, cycle breaking, parameters, bodies, responses and security.
//!
//! This module holds the entry points and the context (`Lower`) every pass shares; each
//! concern has a file of its own:
//!
//! - schemas: `schemas` (component schemas, objects, fields), `types` (type expressions and
//!   `$ref`s), `composition` (`allOf`, `oneOf`, `anyOf`), `enums`, `inline` (names of inline
//!   schemas), `defaults`, `docs`, `cycles` (every cycle check and how cycles are broken);
//! - operations: `operations` (method names, one operation), `parameters` (and the path
//!   template), `bodies`, `responses`, `examples`, `pagination`, `security`;
//! - `reserved`: names of the runtime that lowered names must not take.

use crate::diagnostics::{Collector, Diagnostic, Error, Result, Severity};
use crate::ir::*;
use crate::names::{self, Scope};
use crate::spec::refs::Refs;
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet};

mod bodies;
mod composition;
mod cycles;
mod defaults;
mod docs;
mod enums;
mod examples;
mod inline;
mod operations;
mod pagination;
mod parameters;
mod reserved;
mod responses;
mod schemas;
mod security;
mod types;

/// Lowers a parsed spec; `file` names it in diagnostics. Every problem is reported at once.
pub fn lower(spec: &OpenAPI, file: &str) -> Result<Api> {
    lower_with_warnings(spec, file).map(|(api, _)| api)
}

/// [`lower`], with the warnings of a run that succeeds: what the spec gets wrong in a way
/// the client can still serve faithfully.
pub fn lower_with_warnings(spec: &OpenAPI, file: &str) -> Result<(Api, Vec<Diagnostic>)> {
    let mut cx = Lower {
        spec,
        refs: Refs::new(spec),
        pointed: BTreeMap::new(),
        pointing: BTreeSet::new(),
        diags: Collector::new(file),
        types: BTreeMap::new(),
        type_names: Scope::with_reserved(names::RESERVED_TYPE_NAMES),
        components: BTreeMap::new(),
        inline: BTreeMap::new(),
        builder_names: Scope::with_reserved(&reserved::builder_types()),
        example_names: Scope::default(),
        examples: Vec::new(),
        examples_seen: BTreeSet::new(),
        left_out: BTreeSet::new(),
    };
    cx.name_components();
    cx.lower_components();
    cx.settle_sets();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.resolve_defaults();
    cx.break_cycles();
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        default_base_url: default_base_url(spec),
        server: spec.servers.first().map(|server| Server {
            url: server.url.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| {
                    let variable = ServerVariable {
                        name: name.clone(),
                        default: variable.default.clone(),
                        allowed: variable.enumeration.clone(),
                    };
                    (name.clone(), variable)
                })
                .collect::<BTreeMap<_, _>>()
                .into_values()
                .collect(),
        }),
        types: cx.types,
        operations,
        security_schemes,
        features: Default::default(),
    };
    let docs = crate::features::TagDocs {
        descriptions: spec
            .tags
            .iter()
            .filter_map(|tag| Some((tag.name.clone(), tag.description.clone()?)))
            .collect(),
        parents: spec
            .tags
            .iter()
            .filter_map(|tag| {
                let parent = tag.extensions.get(crate::load::v32::PARENT)?.as_str()?;
                Some((tag.name.clone(), parent.to_string()))
            })
            .collect(),
    };
    api.features = crate::features::plan(&api, &docs);
    let mut diagnostics = cx.diags.into_items();
    // A schema lowered from several places reports its problem once.
    let mut seen = BTreeSet::new();
    diagnostics.retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Spec(diagnostics));
    }
    Ok((api, diagnostics))
}

/// What lowering has decided so far, shared by every pass.
struct Lower<'a> {
    spec: &'a OpenAPI,
    refs: Refs<'a>,
    /// The types of schemas reached by a `$ref` to a node that is not a component schema,
    /// by the pointer of that node.
    pointed: BTreeMap<String, Type>,
    /// Those schemas being lowered now, to catch a reference back to itself.
    pointing: BTreeSet<String>,
    diags: Collector,
    /// Named types, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Rust type names handed out so far.
    type_names: Scope,
    /// Rust name of each component schema, by its key in `components.schemas`.
    components: BTreeMap<String, String>,
    /// Named inline schemas by their canonical JSON text, so one shape is emitted once.
    inline: BTreeMap<String, Type>,
    /// Names of the request builder types handed out so far.
    builder_names: Scope,
    /// Names of the example tests handed out so far.
    example_names: Scope,
    /// Examples found while lowering the current operation.
    examples: Vec<ExampleCase>,
    /// Examples already made tests of, by place and type.
    examples_seen: BTreeSet<(String, String)>,
    /// Media types already warned of as left out, by pointer: a response that several
    /// operations share is warned of once.
    left_out: BTreeSet<String>,
}

/// `servers[0].url` with variables replaced by their defaults; `None` when relative or absent.
fn default_base_url(spec: &OpenAPI) -> Option<String> {
    let server = spec.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Some(url)
    } else {
        None
    }
}

/// Helpers for the unit tests of lowering: a spec written in YAML in, `ir` values out.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// Removes the indentation every line of `text` shares, so specs can be written indented
    /// in the tests.
    fn dedent(text: &str) -> String {
        let margin = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.len() - line.trim_start().len())
            .min()
            .unwrap_or(0);
        text.lines()
            .map(|line| line.get(margin..).unwrap_or("").trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A document from the YAML of its top-level keys after `openapi` and `info`.
    pub(crate) fn spec(body: &str) -> OpenAPI {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{}\n",
            dedent(body)
        );
        serde_yaml::from_str(&yaml).expect("the test's document parses")
    }

    /// The IR of a document that lowers, and its warnings.
    pub(super) fn lowered(body: &str) -> (Api, Vec<Diagnostic>) {
        lower_with_warnings(&spec(body), "spec.yaml").expect("the test's document lowers")
    }

    /// The diagnostics of a document that does not lower.
    pub(super) fn errors(body: &str) -> Vec<Diagnostic> {
        match lower_with_warnings(&spec(body), "spec.yaml") {
            Err(Error::Spec(diagnostics)) => diagnostics,
            other => panic!("the document lowered: {other:?}"),
        }
    }

    /// The named types of a document with no paths, from the YAML under
    /// `components.schemas`.
    pub(super) fn types(schemas: &str) -> BTreeMap<String, TypeDef> {
        types_and_warnings(schemas).0
    }

    /// [`types`], with the warnings.
    pub(super) fn types_and_warnings(
        schemas: &str,
    ) -> (BTreeMap<String, TypeDef>, Vec<Diagnostic>) {
        let schemas: String = dedent(schemas)
            .lines()
            .map(|line| format!("    {line}\n"))
            .collect();
        let (api, warnings) = lowered(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        (api.types, warnings)
    }

    /// The fields of the struct `name`: (Rust name, type, presence).
    pub(super) fn fields<'t>(
        types: &'t BTreeMap<String, TypeDef>,
        name: &str,
    ) -> Vec<(&'t str, &'t Type, Presence)> {
        match &types[name].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.name.as_str(), &f.ty, f.presence))
                .collect(),
            other => panic!("`{name}` is not a struct: {other:?}"),
        }
    }

    /// A named type.
    pub(super) fn named(name: &str) -> Type {
        Type::Named(name.to_string())
    }

    /// `Option<ty>`.
    pub(super) fn option(ty: Type) -> Type {
        Type::Option(Box::new(ty))
    }

    /// The messages of `diagnostics`, with their pointers.
    pub(super) fn messages(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
        diagnostics
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn the_first_server_gives_the_base_url_with_its_variables_at_their_defaults() {
        let (api, _) = lowered(
            r#"
            servers:
              - url: https://{region}.example.com/v1
                variables:
                  region: {default: eu, enum: [eu, us]}
              - url: https://other.example.com
            paths: {}
            "#,
        );
        assert_eq!(
            api.default_base_url.as_deref(),
            Some("https://eu.example.com/v1")
        );
        let server = api.server.expect("a server");
        assert_eq!(server.url, "https://{region}.example.com/v1");
        assert_eq!(
            server.variables,
            [ServerVariable {
                name: "region".into(),
                default: "eu".into(),
                allowed: vec!["eu".into(), "us".into()],
            }]
        );
    }

    #[test]
    fn a_relative_server_gives_no_base_url() {
        let (api, _) = lowered("servers: [{url: /api}]\npaths: {}");
        assert_eq!(api.default_base_url, None);
        assert_eq!(api.server.map(|s| s.url).as_deref(), Some("/api"));
    }

    #[test]
    fn every_error_of_a_document_is_reported_once() {
        // The response is lowered for each operation that uses it: its error is one.
        let diagnostics = errors(
            r#"
            paths:
              /a:
                get: {operationId: a, responses: {'200': {$ref: '#/components/responses/R'}}}
              /b:
                get: {operationId: b, responses: {'200': {$ref: '#/components/responses/R'}}}
            components:
              schemas:
                C: {$ref: '#/components/schemas/Nowhere'}
              responses:
                R:
                  description: r
                  content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}
            "#,
        );
        let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/C",
                "#/components/responses/R/content/application~1json/schema"
            ]
        );
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
    }
}
