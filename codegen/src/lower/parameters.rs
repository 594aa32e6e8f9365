//! Parameters, and the path template they fill in.

use super::Lower;
use super::operations::Site;
use crate::ir::*;
use crate::names::{self, Scope};
use crate::pointer::Pointer;
use crate::spec::refs::Kind;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Lower<'a> {
    /// The parameters of an operation: its own, then the path item's that it does not
    /// override (same name and place), each named in `arg_scope`.
    pub(super) fn parameters(
        &mut self,
        site: &Site<'a>,
        type_hint: &str,
        arg_scope: &mut Scope,
    ) -> Vec<Param> {
        let Site {
            path,
            item,
            op,
            pointer,
            ..
        } = site;
        let mut params: Vec<Param> = Vec::new();
        let mut seen = BTreeSet::new();
        let own = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer.join("parameters").join(i)));
        let shared = item.parameters.iter().enumerate().map(|(i, p)| {
            (
                p,
                Pointer::root()
                    .join("paths")
                    .join(path)
                    .join("parameters")
                    .join(i),
            )
        });
        for (parameter, param_pointer) in own.chain(shared) {
            let Some(parameter) = self.resolve_parameter(parameter, &param_pointer) else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            if !seen.insert((data.name.clone(), location as u8)) {
                continue;
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.lower_ref_or(
                    schema,
                    &format!("{type_hint}{}", names::camel(&data.name)),
                    &param_pointer.join("schema"),
                ),
                ParameterSchemaOrContent::Content(_) => Type::String,
            };
            let wire_name = match location {
                ParamLocation::Header => match header_name(&data.name) {
                    Some(name) => name,
                    None => {
                        self.diags.error(
                            &param_pointer.join("name"),
                            format!("`{}` is not a valid HTTP header name", data.name),
                            Some("header names are letters, digits and `!#$%&'*+-.^_`|~`"),
                        );
                        continue;
                    }
                },
                // A cookie's name is a token, like a header's, but keeps its case.
                ParamLocation::Cookie if header_name(&data.name).is_none() => {
                    self.diags.error(
                        &param_pointer.join("name"),
                        format!("`{}` is not a valid cookie name", data.name),
                        Some("cookie names are letters, digits and `!#$%&'*+-.^_`|~`"),
                    );
                    continue;
                }
                _ => data.name.clone(),
            };
            let tabs = data.extensions.get(crate::load::v20::COLLECTION_FORMAT)
                == Some(&serde_json::Value::from("tsv"));
            let style = match parameter {
                Parameter::Query { .. } if tabs => ParamStyle::TabDelimited,
                Parameter::Query { style, .. } => query_style(style),
                Parameter::Path {
                    style: openapiv3::PathStyle::Label,
                    ..
                } => ParamStyle::Label,
                Parameter::Path {
                    style: openapiv3::PathStyle::Matrix,
                    ..
                } => ParamStyle::Matrix,
                _ => ParamStyle::Simple,
            };
            // `form` (the style of queries and of cookies) explodes by default, every other
            // style does not.
            let explode = data
                .explode
                .unwrap_or(style == ParamStyle::Form || location == ParamLocation::Cookie);
            params.push(Param {
                name: arg_scope.claim(names::snake(&data.name)),
                wire_name,
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                style,
                explode,
                docs: Docs {
                    summary: None,
                    description: data.description.clone(),
                    notes: Vec::new(),
                },
            });
        }

        params
    }

    /// The path template, checked against the path parameters in both directions (either
    /// mistake leaves a client that sends what the server expects, so both are warnings),
    /// and the parameters in the order the method takes them: path parameters first (in
    /// template order, once each even where the template repeats one), then required, then
    /// optional ones. `None` when the template cannot be read.
    pub(super) fn bind_path(
        &mut self,
        site: &Site<'a>,
        mut params: Vec<Param>,
        arg_scope: &mut Scope,
    ) -> Option<(Vec<Param>, Vec<PathPart>)> {
        let path = site.path;
        let pointer = site.pointer.as_str();
        let parsed = match crate::spec::template::parse(path) {
            Ok(parts) => parts,
            Err(message) => {
                self.diags
                    .error(&Pointer::root().join("paths").join(path), message, None);
                return None;
            }
        };
        let in_template: BTreeSet<&str> = parsed
            .iter()
            .filter_map(|part| match part {
                crate::spec::template::Part::Param(name) => Some(name.as_str()),
                crate::spec::template::Part::Literal(_) => None,
            })
            .collect();
        params.retain(|param| {
            let keep = param.location != ParamLocation::Path
                || in_template.contains(param.wire_name.as_str());
            if !keep {
                self.diags.warning(
                    pointer,
                    format!(
                        "path parameter `{}` is declared but `{path}` has no `{{{}}}`: it is not sent",
                        param.wire_name, param.wire_name
                    ),
                    Some("remove the parameter or add it to the path template"),
                );
            }
            keep
        });
        let mut path_parts = Vec::new();
        for part in parsed {
            match part {
                crate::spec::template::Part::Literal(text) => {
                    path_parts.push(PathPart::Literal(text))
                }
                crate::spec::template::Part::Param(param_name) => {
                    let declared = params.iter().position(|p| {
                        p.location == ParamLocation::Path && p.wire_name == param_name
                    });
                    let index = declared.unwrap_or_else(|| {
                        self.diags.warning(
                            pointer,
                            format!(
                                "path parameter `{{{param_name}}}` of `{path}` is not declared: it is taken as a string"
                            ),
                            Some("add it to `parameters` with `in: path` and `required: true`"),
                        );
                        params.push(Param {
                            name: arg_scope.claim(names::snake(&param_name)),
                            wire_name: param_name.clone(),
                            location: ParamLocation::Path,
                            ty: Type::String,
                            required: true,
                            style: ParamStyle::Simple,
                            explode: false,
                            docs: Docs::default(),
                        });
                        params.len() - 1
                    });
                    path_parts.push(PathPart::Param(index));
                }
            }
        }
        // Path parameters first (in template order, once each even where the template
        // repeats one), then required, then optional ones.
        let mut order: Vec<usize> = Vec::new();
        for part in &path_parts {
            if let PathPart::Param(i) = part
                && !order.contains(i)
            {
                order.push(*i);
            }
        }
        order.extend(
            (0..params.len())
                .filter(|i| params[*i].location != ParamLocation::Path && params[*i].required),
        );
        order.extend(
            (0..params.len())
                .filter(|i| params[*i].location != ParamLocation::Path && !params[*i].required),
        );
        let remap: BTreeMap<usize, usize> = order
            .iter()
            .enumerate()
            .map(|(new, old)| (*old, new))
            .collect();
        let params: Vec<Param> = order.iter().map(|i| params[*i].clone()).collect();
        for part in &mut path_parts {
            if let PathPart::Param(i) = part {
                *i = remap[i];
            }
        }
        Some((params, path_parts))
    }

    /// The parameter `parameter` stands for, reporting a `$ref` that leads nowhere.
    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Option<&'a Parameter> {
        match parameter {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => match self.refs.parameter(reference) {
                Ok((parameter, _)) => Some(parameter),
                Err(error) => {
                    let (message, hint) = error.describe(reference, Kind::Parameter);
                    self.diags.error(pointer, message, Some(hint));
                    None
                }
            },
        }
    }
}

/// A header name in the lower case `http` wants, or `None` when it is not a valid token.
pub(super) fn header_name(name: &str) -> Option<String> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
    valid.then(|| name.to_ascii_lowercase())
}

/// The style of a query parameter, or of a form field or part its Encoding Object gives one.
pub(super) fn query_style(style: &openapiv3::QueryStyle) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form => ParamStyle::Form,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The one operation of a document whose only path is `path`, with `operation` as the
    /// YAML of its GET.
    fn operation(path: &str, operation: &str) -> (Operation, Vec<String>) {
        let (api, warnings) = lowered(&format!(
            "paths:\n  {path}:\n    get: {{operationId: op, responses: {{'200': {{description: ok}}}}, {operation}}}"
        ));
        let warnings = warnings.into_iter().map(|d| d.message).collect();
        (api.operations[0].clone(), warnings)
    }

    #[test]
    fn path_parameters_are_bound_once_and_overridden_by_the_operation() {
        let (api, warnings) = lowered(
            r#"
            paths:
              /a/{id}/b/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: string}}
                  - {name: gone, in: path, required: true, schema: {type: string}}
                get:
                  operationId: op
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                  responses: {'200': {description: ok}}
            "#,
        );
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
    fn parameters_come_path_first_then_required_then_optional() {
        let (op, _) = operation(
            "/{b}/{a}",
            "parameters: [{name: q, in: query, schema: {type: string}}, {name: a, in: path, required: true, schema: {type: string}}, {name: X-Key, in: header, required: true, schema: {type: string}}, {name: b, in: path, required: true, schema: {type: string}}]",
        );
        let order: Vec<(&str, &str, ParamLocation, bool)> = op
            .params
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.wire_name.as_str(),
                    p.location,
                    p.required,
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                ("b", "b", ParamLocation::Path, true),
                ("a", "a", ParamLocation::Path, true),
                ("x_key", "x-key", ParamLocation::Header, true),
                ("q", "q", ParamLocation::Query, false),
            ]
        );
        assert_eq!(
            op.path,
            [
                PathPart::Literal("/".into()),
                PathPart::Param(0),
                PathPart::Literal("/".into()),
                PathPart::Param(1)
            ]
        );
    }

    #[test]
    fn an_undeclared_path_parameter_is_a_string_and_a_warning() {
        let (op, warnings) = operation("/items/{item_id}", "parameters: []");
        assert_eq!(op.params.len(), 1);
        assert_eq!(op.params[0].name, "item_id");
        assert_eq!(op.params[0].ty, Type::String);
        assert!(op.params[0].required);
        assert_eq!(
            warnings,
            [
                "path parameter `{item_id}` of `/items/{item_id}` is not declared: it is taken as a string"
            ]
        );
    }

    #[test]
    fn query_styles_explode_as_openapi_says() {
        let (op, _) = operation(
            "/a",
            "parameters: [{name: f, in: query, schema: {type: array, items: {type: string}}}, {name: p, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}, {name: d, in: query, style: deepObject, explode: true, schema: {type: object}}, {name: c, in: cookie, schema: {type: string}}, {name: t, in: query, style: form, explode: false, x-codegen-collection-format: tsv, schema: {type: array, items: {type: string}}}]",
        );
        let styles: Vec<(&str, ParamStyle, bool)> = op
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.style, p.explode))
            .collect();
        assert_eq!(
            styles,
            [
                ("f", ParamStyle::Form, true),
                ("p", ParamStyle::PipeDelimited, false),
                ("d", ParamStyle::DeepObject, true),
                ("c", ParamStyle::Simple, true),
                // Swagger 2.0's tab-separated lists, which 3.0 has no style for.
                ("t", ParamStyle::TabDelimited, false),
            ]
        );
    }

    #[test]
    fn path_styles_are_kept_and_explode_only_when_asked() {
        let (op, _) = operation(
            "/a/{s}/{l}/{m}",
            "parameters: [{name: s, in: path, required: true, schema: {type: string}}, {name: l, in: path, required: true, style: label, explode: true, schema: {type: array, items: {type: string}}}, {name: m, in: path, required: true, style: matrix, schema: {type: object}}]",
        );
        let styles: Vec<(&str, ParamStyle, bool)> = op
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.style, p.explode))
            .collect();
        assert_eq!(
            styles,
            [
                ("s", ParamStyle::Simple, false),
                ("l", ParamStyle::Label, true),
                ("m", ParamStyle::Matrix, false),
            ]
        );
    }

    #[test]
    fn a_parameter_does_not_take_a_name_of_the_request_builder() {
        let (op, _) = operation(
            "/a",
            "parameters: [{name: send, in: query, schema: {type: string}}, {name: body, in: query, schema: {type: string}}]",
        );
        let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["send2", "body2"]);
    }

    #[test]
    fn a_header_name_that_is_not_a_token_is_an_error() {
        let diagnostics = errors(
            "paths:\n  /a:\n    get: {operationId: op, parameters: [{name: 'bad name', in: header, schema: {type: string}}], responses: {'200': {description: ok}}}",
        );
        assert_eq!(
            messages(&diagnostics),
            [(
                "#/paths/~1a/get/parameters/0/name",
                "`bad name` is not a valid HTTP header name"
            )]
        );
    }

    #[test]
    fn a_parameter_ref_that_leads_nowhere_is_an_error_at_the_reference() {
        let diagnostics = errors(
            "paths:\n  /a:\n    get: {operationId: op, parameters: [{$ref: '#/components/parameters/Nope'}], responses: {'200': {description: ok}}}",
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].pointer, "#/paths/~1a/get/parameters/0");
    }
}
