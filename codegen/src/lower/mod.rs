//! Lowering: `openapiv3::OpenAPI` into the IR. Every decision is made here: names, types,
//! `$ref` resolution, cycle breaking, parameters, bodies, responses and security.
//!
//! This module holds the entry points and the context ([`Lower`]) every pass shares; each
//! concern has a file of its own:
//!
//! - schemas: `schemas` (component schemas, objects, fields), `types` (type expressions and
//!   `$ref`s), `composition` (`allOf`, `oneOf`, `anyOf`), `enums`, `inline` (names of inline
//!   schemas), `defaults`, `docs`, `cycles` (every cycle check and how cycles are broken);
//! - operations: `operations` (method names, one operation), `parameters` (and the path
//!   template), `bodies`, `responses`, `examples`, `pagination`, `security`;
//! - `reserved`: names of the runtime that lowered names must not take.

use crate::error::{Collector, Diagnostic, Error, Result, Severity};
use crate::ir::*;
use crate::names::{self, Scope};
use crate::refs::Refs;
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

pub(crate) use bodies::body_encoding;
use reserved::BUILDER_RESERVED;

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
        builder_names: Scope::with_reserved(BUILDER_RESERVED),
        example_names: Scope::default(),
        examples: Vec::new(),
        examples_seen: BTreeSet::new(),
    };
    cx.name_components();
    cx.lower_components();
    let security_schemes = cx.security_schemes();
    let operations = cx.operations(&security_schemes);
    cx.resolve_defaults();
    cx.break_cycles();
    let api = Api {
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
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(yaml: &str) -> (Api, Vec<Diagnostic>) {
        let spec: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        lower_with_warnings(&spec, "spec.yaml").unwrap()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    #[test]
    fn an_explicit_operation_id_keeps_its_name_before_derived_ones() {
        let (api, _) = lowered(&format!(
            "{HEAD}paths:\n  /items:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n  /things:\n    get: {{operationId: getItems, responses: {{'200': {{description: ok}}}}}}\n"
        ));
        let names: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|op| (op.name.as_str(), op.path_template.as_str()))
            .collect();
        assert_eq!(names, [("get_items", "/things"), ("get_items2", "/items")]);
    }

    #[test]
    fn path_parameters_are_bound_once_and_overridden_by_the_operation() {
        let (api, warnings) = lowered(&format!(
            "{HEAD}paths:\n  /a/{{id}}/b/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      - {{name: gone, in: path, required: true, schema: {{type: string}}}}\n    get:\n      operationId: op\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n      responses: {{'200': {{description: ok}}}}\n"
        ));
        let op = &api.operations[0];
        assert_eq!(op.params.len(), 1, "{:?}", op.params);
        assert_eq!(op.params[0].ty, Type::I64);
        assert_eq!(
            op.path,
            [
                PathPart::Literal("/a/".into()),
                PathPart::Param(0),
                PathPart::Literal("/b/".into()),
                PathPart::Param(0)
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("`gone` is declared"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_schema_inside_another_node_shares_its_type_or_is_named_after_its_place() {
        let (api, _) = lowered(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: op\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/responses/R/content/application~1json/schema'}}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A/properties/b'}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: object, properties: {{c: {{type: string}}}}}}}}}}\n  responses:\n    R:\n      description: r\n      content:\n        application/json:\n          schema: {{type: object, properties: {{d: {{type: integer}}}}}}\n"
        ));
        let names: Vec<&String> = api.types.keys().collect();
        assert_eq!(names, ["A", "Ab", "R"]);
        let Responses::ByStatus { variants, .. } = &api.operations[0].success else {
            panic!("two bodies: {:?}", api.operations[0].success);
        };
        assert_eq!(variants[0].payload, Payload::Json(Type::Named("R".into())));
        assert_eq!(variants[1].payload, Payload::Json(Type::Named("Ab".into())));
    }
}
