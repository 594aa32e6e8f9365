//! Operations: one method each, named, with its parameters, body, responses, pagination and
//! security decided.

use super::Lower;
use super::reserved::{self, REQUEST_BUILDER_NAMES};
use crate::ir::*;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use openapiv3::ReferenceOr;
use std::collections::BTreeMap;

/// Where an operation is written, and the method name it was given.
pub(super) struct Site<'a> {
    /// The path template, as written in `paths`.
    pub(super) path: &'a str,
    /// The HTTP method: in lower case when a path item has a field for it (`query` too), else
    /// as it is sent.
    pub(super) method: String,
    /// The path item, whose parameters the operation shares.
    pub(super) item: &'a openapiv3::PathItem,
    /// The operation itself.
    pub(super) op: &'a openapiv3::Operation,
    /// The operation's JSON pointer (`#/paths/~1items/get`).
    pub(super) pointer: Pointer,
    /// The Rust name of its method.
    pub(super) name: String,
}

impl<'a> Lower<'a> {
    /// Every operation of `paths`, sorted by method name.
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        self.check_document_security();
        let spec = self.spec;
        let method_names = self.method_names();
        let mut out = Vec::new();
        let mut operation_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        for (path, item) in &spec.paths.paths {
            let path_pointer = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.error(
                        &path_pointer,
                        "a path item cannot be a `$ref` here",
                        Some("write the path item inline"),
                    );
                    continue;
                }
            };
            for (field, op) in item.iter() {
                let pointer = path_pointer.join(field);
                let method = method_of(field, op);
                if let Some(id) = &op.operation_id
                    && let Some(first) = operation_ids.insert(id.clone(), pointer.clone())
                {
                    self.diags.error(
                        &pointer.join("operationId"),
                        format!("duplicate operationId `{id}`, first used at {first}"),
                        Some("every operationId must be unique in the document"),
                    );
                    continue;
                }
                let site = Site {
                    name: method_names[&pointer].clone(),
                    path,
                    method,
                    item,
                    op,
                    pointer,
                };
                if let Some(operation) = self.operation(site, schemes) {
                    out.push(operation);
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The Rust name of each operation's method, by the operation's pointer: every explicit
    /// `operationId` first, in document order, then the names derived from a method and path,
    /// so that adding an operation without an id never renames an existing method.
    fn method_names(&self) -> BTreeMap<Pointer, String> {
        let mut scope = Scope::with_reserved(&reserved::client_methods());
        let mut method_names = BTreeMap::new();
        for explicit in [true, false] {
            for (path, item) in &self.spec.paths.paths {
                let ReferenceOr::Item(item) = item else {
                    continue;
                };
                for (field, op) in item.iter() {
                    let method = method_of(field, op);
                    let base = match (&op.operation_id, explicit) {
                        (Some(id), true) => names::snake(id),
                        (None, false) => {
                            names::snake(&format!("{method} {}", path.replace(['{', '}'], " ")))
                        }
                        _ => continue,
                    };
                    let pointer = Pointer::root().join("paths").join(path).join(field);
                    method_names.insert(pointer, scope.claim(base));
                }
            }
        }
        method_names
    }

    /// One operation, or `None` when its path template cannot be read.
    fn operation(&mut self, site: Site<'a>, schemes: &[SecurityScheme]) -> Option<Operation> {
        let type_hint = names::camel(&site.name);
        let builder = self.builder_names.claim(type_hint.clone());
        let mut arg_scope = Scope::with_reserved(REQUEST_BUILDER_NAMES);
        let params = self.parameters(&site, &type_hint, &mut arg_scope);
        let (params, path_parts) = self.bind_path(&site, params, &mut arg_scope)?;
        let Site {
            path,
            method,
            op,
            pointer,
            name,
            ..
        } = site;
        let pointer = &pointer;
        let body = match &op.request_body {
            Some(body) => self.request_body(body, &type_hint, &pointer.join("requestBody")),
            None => None,
        };
        let (success, error, error_statuses, streams) =
            self.responses(&op.responses, &type_hint, &pointer.join("responses"));
        let security = self.operation_security(op, pointer, schemes);
        let pagination = self.pagination(op, &params, &success, pointer);
        let examples = std::mem::take(&mut self.examples);
        let http_method = match HttpMethod::from_key(&method) {
            Some(known) => known,
            None => HttpMethod::Other(method),
        };
        Some(Operation {
            name,
            builder,
            examples,
            origin: pointer.to_string(),
            http_method,
            path_template: path.to_string(),
            path: path_parts,
            docs: Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
                notes: Vec::new(),
            },
            deprecated: op.deprecated,
            tags: op.tags.iter().fold(Vec::new(), |mut tags, tag| {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
                tags
            }),
            params,
            body,
            success,
            error,
            error_statuses,
            pagination,
            streams,
            security,
        })
    }
}

/// The method of the operation in the path item's `field`: the field's, or the one an OpenAPI
/// 3.2 document gave it ([`crate::load::v32::METHOD`]), in lower case when HTTP has a field for
/// it (`query`), else as it is sent.
fn method_of(field: &str, op: &openapiv3::Operation) -> String {
    match op
        .extensions
        .get(crate::load::v32::METHOD)
        .and_then(|m| m.as_str())
    {
        Some(method) => match HttpMethod::from_key(&method.to_ascii_lowercase()) {
            Some(_) => method.to_ascii_lowercase(),
            None => method.to_string(),
        },
        None => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    const OK: &str = "responses: {'200': {description: ok}}";

    fn names(api: &Api) -> Vec<(&str, &str, &str)> {
        api.operations
            .iter()
            .map(|op| {
                (
                    op.name.as_str(),
                    op.http_method.as_str(),
                    op.path_template.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn an_operation_of_another_method_is_sent_with_it_and_named_after_it() {
        let (api, _) = lowered(&format!(
            "paths:\n  /items:\n    trace: {{x-codegen-method: QUERY, {OK}}}\n    patch: {{x-codegen-method: COPY, {OK}}}\n    get: {{{OK}}}"
        ));
        assert_eq!(
            names(&api),
            [
                ("copy_items", "COPY", "/items"),
                ("get_items", "GET", "/items"),
                ("query_items", "QUERY", "/items")
            ]
        );
        assert_eq!(api.operations[2].http_method, HttpMethod::Query);
    }

    #[test]
    fn an_explicit_operation_id_keeps_its_name_before_derived_ones() {
        let (api, _) = lowered(&format!(
            "paths:\n  /items:\n    get: {{{OK}}}\n  /things:\n    get: {{operationId: getItems, {OK}}}"
        ));
        assert_eq!(
            names(&api),
            [
                ("get_items", "GET", "/things"),
                ("get_items2", "GET", "/items")
            ]
        );
    }

    #[test]
    fn a_method_without_an_operation_id_is_named_after_its_method_and_path() {
        let (api, _) = lowered(&format!(
            "paths:\n  /items/{{id}}:\n    parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n    delete: {{{OK}}}\n    get: {{operationId: builder, {OK}}}"
        ));
        // `builder` is the client's own method, so the operation takes another name; the
        // operations come sorted by name.
        assert_eq!(
            names(&api),
            [
                ("builder2", "GET", "/items/{id}"),
                ("delete_items_id", "DELETE", "/items/{id}")
            ]
        );
        assert_eq!(api.operations[0].builder, "Builder2");
        assert_eq!(api.operations[0].origin, "#/paths/~1items~1{id}/get");
    }

    #[test]
    fn a_duplicate_operation_id_is_an_error_at_the_second_use() {
        let diagnostics = errors(&format!(
            "paths:\n  /a:\n    get: {{operationId: same, {OK}}}\n  /b:\n    get: {{operationId: same, {OK}}}"
        ));
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/paths/~1b/get/operationId",
                "duplicate operationId `same`, first used at #/paths/~1a/get"
            )]
        );
    }

    #[test]
    fn an_operation_keeps_its_summary_description_and_deprecation() {
        let (api, _) = lowered(&format!(
            "paths:\n  /a:\n    post: {{operationId: a, summary: Make one, description: Long., deprecated: true, {OK}}}"
        ));
        let op = &api.operations[0];
        assert_eq!(op.docs.summary.as_deref(), Some("Make one"));
        assert_eq!(op.docs.description.as_deref(), Some("Long."));
        assert!(op.deprecated);
        assert_eq!(op.http_method, HttpMethod::Post);
    }
}
