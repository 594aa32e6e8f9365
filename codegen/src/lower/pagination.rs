//! Pagination: how a list operation pages, declared with `x-pagination`
//! ([`declared_pagination`]) or recognised from its shape ([`recognised`]).

use super::Lower;
use crate::ir::*;
use crate::pointer::Pointer;

impl<'a> Lower<'a> {
    /// How an operation pages, from its `x-pagination` extension:
    /// `{items: FIELD, cursor: PARAM, next: FIELD}` for a cursor, or
    /// `{items: FIELD, page: PARAM, total: FIELD}` for page numbers (`total` optional); or,
    /// without it, from its shape when only one reading fits: an optional `cursor`,
    /// `page_token` or `pageToken` query parameter and a JSON response with one array and a
    /// `next_cursor`, `nextCursor`, `next_page_token` or `nextPageToken` string.
    pub(super) fn pagination(
        &mut self,
        op: &openapiv3::Operation,
        params: &[Param],
        success: &Responses,
        pointer: &Pointer,
    ) -> Option<Pagination> {
        let declared = op.extensions.get("x-pagination");
        let at = pointer.join("x-pagination");
        let response = match success {
            Responses::One(Payload::Json(Type::Named(name))) => match self.types.get(name) {
                Some(TypeDef {
                    kind: TypeKind::Struct(st),
                    ..
                }) => Some(st.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(response) = response else {
            if declared.is_some() {
                self.diags.warning(
                    &at,
                    "`x-pagination` needs a JSON object response: it is ignored",
                    None,
                );
            }
            return None;
        };
        let Some(declared) = declared else {
            return recognised(&response, params);
        };
        match declared_pagination(declared, &response, params) {
            Ok(pagination) => Some(pagination),
            Err(message) => {
                self.diags.warning(
                    &at,
                    format!("{message}: `x-pagination` is ignored"),
                    Some(
                        "write `{items: FIELD, cursor: PARAM, next: FIELD}` or `{items: FIELD, page: PARAM, total: FIELD}`",
                    ),
                );
                None
            }
        }
    }
}

/// A cursor recognised from the operation's shape, only when nothing else fits.
fn recognised(response: &Struct, params: &[Param]) -> Option<Pagination> {
    let cursors: Vec<usize> = ["cursor", "page_token", "pageToken"]
        .iter()
        .filter_map(|name| query(params, name))
        .collect();
    let nexts: Vec<&Field> = [
        "next_cursor",
        "nextCursor",
        "next_page_token",
        "nextPageToken",
    ]
    .iter()
    .filter_map(|name| field(response, name))
    .filter(|f| is_text(&f.ty))
    .collect();
    let arrays: Vec<((String, Type), Type)> = response.fields.iter().filter_map(item_of).collect();
    let ([param], [next], [(items, item)]) = (&cursors[..], &nexts[..], &arrays[..]) else {
        return None;
    };
    Some(Pagination {
        param: *param,
        kind: PageKind::Cursor {
            next: (next.name.clone(), next.ty.clone()),
        },
        items: items.clone(),
        item: item.clone(),
        total: None,
    })
}

/// The pagination `x-pagination` declares, or what is wrong with it.
fn declared_pagination(
    declared: &serde_json::Value,
    response: &Struct,
    params: &[Param],
) -> Result<Pagination, String> {
    let text = |key: &str| declared.get(key).and_then(|v| v.as_str());
    let items_name = text("items").ok_or("no `items`")?;
    let (items, item) = field(response, items_name)
        .and_then(item_of)
        .ok_or_else(|| format!("the response has no array `{items_name}`"))?;
    let total = match text("total") {
        None => None,
        Some(name) => {
            let f = field(response, name)
                .filter(|f| is_count(&f.ty))
                .ok_or_else(|| format!("the response has no integer `{name}`"))?;
            Some((f.name.clone(), f.ty.clone()))
        }
    };
    let (param_name, kind) = match (text("cursor"), text("page")) {
        (Some(cursor), None) => {
            let next = text("next").ok_or("a cursor needs `next`")?;
            let next = field(response, next)
                .filter(|f| is_text(&f.ty))
                .ok_or_else(|| format!("the response has no string `{next}`"))?;
            let next = (next.name.clone(), next.ty.clone());
            (cursor, PageKind::Cursor { next })
        }
        (None, Some(page)) => (page, PageKind::Page),
        _ => return Err("name one of `cursor` and `page`".to_string()),
    };
    let param = query(params, param_name).ok_or_else(|| {
        format!("`{param_name}` is not an optional query parameter of the operation")
    })?;
    let param_ok = match kind {
        PageKind::Cursor { .. } => params[param].ty == Type::String,
        PageKind::Page => is_count(&params[param].ty),
    };
    if !param_ok {
        return Err(format!(
            "`{param_name}` is not a string cursor or an integer page"
        ));
    }
    Ok(Pagination {
        param,
        kind,
        items,
        item,
        total,
    })
}

/// The response's field named `wire` on the wire.
fn field<'r>(response: &'r Struct, wire: &str) -> Option<&'r Field> {
    response.fields.iter().find(|f| f.wire_name == wire)
}

/// The index of the optional query parameter named `wire`.
fn query(params: &[Param], wire: &str) -> Option<usize> {
    params
        .iter()
        .position(|p| p.location == ParamLocation::Query && p.wire_name == wire && !p.required)
}

/// An array field's name and type, and its item's type.
fn item_of(f: &Field) -> Option<((String, Type), Type)> {
    let array = match &f.ty {
        Type::Option(inner) | Type::Nullable(inner) => &**inner,
        other => other,
    };
    match array {
        Type::Vec(item) => Some(((f.name.clone(), f.ty.clone()), (**item).clone())),
        _ => None,
    }
}

/// Whether a field holds a string (a cursor), present or not.
fn is_text(ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Option(inner) | Type::Nullable(inner) => **inner == Type::String,
        _ => false,
    }
}

/// Whether a field or parameter holds an integer (a count, a page), present or not.
fn is_count(ty: &Type) -> bool {
    let ty = match ty {
        Type::Option(inner) | Type::Nullable(inner) => &**inner,
        other => other,
    };
    matches!(ty, Type::I32 | Type::I64 | Type::U32 | Type::U64)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The one operation of a document: a GET with `parameters` and `extra` (YAML), whose
    /// response is an object with `properties`.
    fn operation(parameters: &str, properties: &str, extra: &str) -> (Operation, Vec<String>) {
        let (api, warnings) = lowered(&format!(
            "paths:\n  /items:\n    get: {{operationId: list, parameters: {parameters}, {extra}responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {properties}}}}}}}}}}}}}"
        ));
        let warnings = warnings.into_iter().map(|d| d.message).collect();
        (api.operations[0].clone(), warnings)
    }

    const QUERY: &str = "[{name: limit, in: query, schema: {type: integer}}, {name: cursor, in: query, schema: {type: string}}, {name: page, in: query, schema: {type: integer}}]";

    #[test]
    fn a_cursor_is_recognised_when_only_one_reading_fits() {
        let (op, warnings) = operation(
            QUERY,
            "{data: {type: array, items: {type: string}}, next_cursor: {type: string}}",
            "",
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            op.pagination,
            Some(Pagination {
                param: 1,
                kind: PageKind::Cursor {
                    next: ("next_cursor".into(), option(Type::String))
                },
                items: ("data".into(), option(Type::Vec(Box::new(Type::String)))),
                item: Type::String,
                total: None,
            })
        );
    }

    #[test]
    fn two_arrays_are_not_recognised() {
        let (op, _) = operation(
            QUERY,
            "{data: {type: array, items: {type: string}}, more: {type: array, items: {type: string}}, next_cursor: {type: string}}",
            "",
        );
        assert_eq!(op.pagination, None);
    }

    #[test]
    fn declared_page_numbers_name_their_parameter_and_total() {
        let (op, warnings) = operation(
            QUERY,
            "{rows: {type: array, items: {type: integer}}, total: {type: integer}}",
            "x-pagination: {items: rows, page: page, total: total}, ",
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            op.pagination,
            Some(Pagination {
                param: 2,
                kind: PageKind::Page,
                items: ("rows".into(), option(Type::Vec(Box::new(Type::I64)))),
                item: Type::I64,
                total: Some(("total".into(), option(Type::I64))),
            })
        );
    }

    #[test]
    fn a_declaration_that_does_not_fit_is_a_warning_and_ignored() {
        let (op, warnings) = operation(
            QUERY,
            "{rows: {type: array, items: {type: integer}}}",
            "x-pagination: {items: rows, cursor: limit, next: rows}, ",
        );
        assert_eq!(op.pagination, None);
        assert_eq!(
            warnings,
            ["the response has no string `rows`: `x-pagination` is ignored"]
        );
    }
}
