//! The operations compared: `Client` methods added, removed or renamed; their routes,
//! parameters (arguments and setters), bodies, responses, paging and security requirements.

use super::wire::{Allowed, Flow, retyped};
use super::{Change, RustEffect, WireEffect, change};
use crate::ir::{Api, Body, Framing, Operation, Param, Payload, Responses, Stream};
use std::collections::BTreeSet;

/// The changes of the operations from `old` to `new`.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let named = |api: &Api, name: &str| api.operations.iter().any(|op| op.name == name);
    let route = |op: &Operation| (op.http_method.clone(), op.path_template.clone());
    let removed: Vec<&Operation> = old
        .operations
        .iter()
        .filter(|op| !named(new, &op.name))
        .collect();
    let added: Vec<&Operation> = new
        .operations
        .iter()
        .filter(|op| !named(old, &op.name))
        .collect();
    for op in &removed {
        if let Some(renamed) = added.iter().find(|n| route(n) == route(op)) {
            out.push(change(
                "method-renamed",
                format!(
                    "method `Client::{}` renamed to `Client::{}`",
                    op.name, renamed.name
                ),
                &renamed.origin,
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
            operation(old, op, new, renamed, out);
        } else {
            out.push(change(
                "method-removed",
                format!(
                    "method `Client::{}` removed ({} {})",
                    op.name, op.http_method, op.path_template
                ),
                &op.origin,
                RustEffect::Breaking,
                WireEffect::OLD,
            ));
        }
    }
    for op in &added {
        if !removed.iter().any(|o| route(o) == route(op)) {
            out.push(change(
                "method-added",
                format!(
                    "method `Client::{}` added ({} {})",
                    op.name, op.http_method, op.path_template
                ),
                &op.origin,
                RustEffect::Additive,
                WireEffect::NEW,
            ));
        }
    }
    for op in &old.operations {
        if let Some(after) = new.operations.iter().find(|n| n.name == op.name) {
            operation(old, op, new, after, out);
        }
    }
}

/// The changes of one operation that both specs have.
fn operation(old: &Api, a: &Operation, new: &Api, b: &Operation, out: &mut Vec<Change>) {
    let method = format!("`Client::{}`", b.name);
    let place = b.origin.as_str();
    if (&a.http_method, &a.path_template) != (&b.http_method, &b.path_template) {
        out.push(change(
            "route-changed",
            format!(
                "method {method} moved from {} {} to {} {}",
                a.http_method, a.path_template, b.http_method, b.path_template
            ),
            place,
            RustEffect::None,
            WireEffect::BOTH,
        ));
    }
    if !a.deprecated && b.deprecated {
        out.push(change(
            "method-deprecated",
            format!("method {method} deprecated"),
            place,
            RustEffect::Additive,
            WireEffect::SAFE,
        ));
    }
    params(old, a, new, b, out);
    body(
        old,
        a.body.as_ref(),
        new,
        b.body.as_ref(),
        &b.name,
        place,
        out,
    );
    responses(
        old, &a.success, new, &b.success, &method, "success", place, out,
    );
    responses(old, &a.error, new, &b.error, &method, "error", place, out);
    if a.pagination.is_some() != b.pagination.is_some()
        || a.pagination.as_ref().map(|p| &p.item) != b.pagination.as_ref().map(|p| &p.item)
    {
        let (kind, rust) = match (&a.pagination, &b.pagination) {
            (None, Some(_)) => ("paging-added", RustEffect::Additive),
            _ => ("paging-changed", RustEffect::Breaking),
        };
        out.push(change(
            kind,
            format!(
                "`{}::items` (every item, page after page) changed",
                b.builder
            ),
            place,
            rust,
            WireEffect::SAFE,
        ));
    }
    streams(old, a, new, b, place, out);
    security(a, old, b, new, &method, place, out);
}

/// The streamed answers (`send_events`, `send_lines`), matched by the method that reads them.
fn streams(old: &Api, a: &Operation, new: &Api, b: &Operation, place: &str, out: &mut Vec<Change>) {
    let method = |s: &Stream| match s.framing {
        Framing::Sse => "send_events",
        Framing::Lines | Framing::JsonSeq => "send_lines",
    };
    let of = |ops: &Operation, name: &str| -> Option<Stream> {
        ops.streams.iter().find(|s| method(s) == name).cloned()
    };
    for name in ["send_events", "send_lines"] {
        let this = format!("`{}::{name}`", b.builder);
        match (of(a, name), of(b, name)) {
            (None, None) => {}
            (Some(before), None) => out.push(change(
                "stream-removed",
                format!("{this} ({}) removed", before.media_type),
                place,
                RustEffect::Breaking,
                WireEffect::OLD,
            )),
            (None, Some(after)) => out.push(change(
                "stream-added",
                format!("{this} ({}) added", after.media_type),
                place,
                RustEffect::Additive,
                WireEffect::NEW,
            )),
            (Some(before), Some(after)) => {
                if before.media_type != after.media_type || before.text != after.text {
                    out.push(change(
                        "stream-media-type",
                        format!(
                            "{this} asks for {} instead of {}",
                            after.media_type, before.media_type
                        ),
                        place,
                        RustEffect::None,
                        WireEffect::BOTH,
                    ));
                }
                if before.item != after.item {
                    out.push(change(
                        "stream-retyped",
                        format!("the items of {this} retyped"),
                        place,
                        RustEffect::Breaking,
                        retyped(old, &before.item, new, &after.item, Flow::RECEIVED),
                    ));
                }
            }
        }
    }
}

/// The parameters, matched by where they go and their wire name: required ones are the
/// method's arguments, in order; optional ones are setters of the request builder.
fn params(old: &Api, a: &Operation, new: &Api, b: &Operation, out: &mut Vec<Change>) {
    let key = |p: &Param| (p.location, p.wire_name.clone());
    let place = |p: &Param| format!("{} parameter `{}`", location(p), p.wire_name);
    for p in a
        .params
        .iter()
        .filter(|p| !b.params.iter().any(|q| key(q) == key(p)))
    {
        let what = if p.required {
            format!("argument `{}` of `Client::{}` removed", p.name, b.name)
        } else {
            format!("setter `{}::{}` removed", b.builder, p.name)
        };
        out.push(change(
            "parameter-removed",
            format!("{what} ({})", place(p)),
            &b.origin,
            RustEffect::Breaking,
            judge_given(Some(p.required), None),
        ));
    }
    for p in &b.params {
        let before = a.params.iter().find(|q| key(q) == key(p));
        let Some(before) = before else {
            let (what, rust) = if p.required {
                let what = format!("argument `{}` of `Client::{}` added", p.name, b.name);
                (what, RustEffect::Breaking)
            } else {
                let what = format!("setter `{}::{}` added", b.builder, p.name);
                (what, RustEffect::Additive)
            };
            out.push(change(
                "parameter-added",
                format!("{what} ({})", place(p)),
                &b.origin,
                rust,
                judge_given(None, Some(p.required)),
            ));
            continue;
        };
        let this = format!("parameter `{}` of `Client::{}`", p.wire_name, b.name);
        if before.required != p.required || (!p.required && before.name != p.name) {
            let now = if p.required {
                "a required argument"
            } else {
                "an optional setter"
            };
            out.push(change(
                "parameter-presence",
                format!("{this} is now {now} `{}`", p.name),
                &b.origin,
                RustEffect::Breaking,
                judge_given(Some(before.required), Some(p.required)),
            ));
        }
        if before.ty != p.ty {
            out.push(change(
                "parameter-retyped",
                format!("{this} retyped"),
                &b.origin,
                RustEffect::Breaking,
                retyped(old, &before.ty, new, &p.ty, Flow::SENT),
            ));
        }
        if (before.style, before.explode) != (p.style, p.explode) {
            out.push(change(
                "parameter-style",
                format!("{this} is written another way (style or explode)"),
                &b.origin,
                RustEffect::None,
                WireEffect::BOTH,
            ));
        }
    }
    // Required parameters are positional: the same ones in another order swap arguments.
    type Key = (crate::ir::ParamLocation, String);
    let order =
        |op: &Operation| -> Vec<Key> { op.params.iter().filter(|p| p.required).map(key).collect() };
    let (before, after) = (order(a), order(b));
    let common = |list: &[Key], other: &[Key]| -> Vec<Key> {
        list.iter().filter(|k| other.contains(k)).cloned().collect()
    };
    if common(&before, &after) != common(&after, &before) {
        out.push(change(
            "arguments-reordered",
            format!("arguments of `Client::{}` reordered", b.name),
            &b.origin,
            RustEffect::Breaking,
            WireEffect::SAFE,
        ));
    }
}

/// The wire effect of a parameter or body whose presence changed: `None` when a side does
/// not have it. A server ignores what its spec does not know.
fn judge_given(old: Option<bool>, new: Option<bool>) -> WireEffect {
    let allowed = |required: Option<bool>| match required {
        Some(required) => Allowed::given(required),
        None => Allowed::UNKNOWN,
    };
    // The server receives: a new server meets what an old client sends, and back.
    let (old, new) = (allowed(old), allowed(new));
    let accepts =
        |receiver: Allowed, sender: Allowed| !receiver.value || receiver.absent || !sender.absent;
    WireEffect {
        old_client_breaks: !accepts(new, old),
        new_client_breaks: !accepts(old, new),
    }
}

/// The request body: required ones are an argument, optional ones the builder's `body`.
fn body(
    old: &Api,
    a: Option<&Body>,
    new: &Api,
    b: Option<&Body>,
    method: &str,
    place: &str,
    out: &mut Vec<Change>,
) {
    let this = format!("request body of `Client::{method}`");
    let (kind, what, rust) = match (a, b) {
        (None, None) => return,
        (Some(_), None) => ("body-removed", "removed", RustEffect::Breaking),
        (None, Some(b)) if !b.required => ("body-added", "added (optional)", RustEffect::Additive),
        (None, Some(_)) => ("body-added", "added (required)", RustEffect::Breaking),
        (Some(a), Some(b)) => {
            if a.ty != b.ty || a.encoding != b.encoding || a.form != b.form {
                out.push(change(
                    "body-retyped",
                    format!("{this} retyped"),
                    place,
                    RustEffect::Breaking,
                    retyped(old, &a.ty, new, &b.ty, Flow::SENT),
                ));
            }
            if a.media_type != b.media_type {
                out.push(change(
                    "body-media-type",
                    format!(
                        "{this} sent as `{}` instead of `{}`",
                        b.media_type, a.media_type
                    ),
                    place,
                    RustEffect::None,
                    WireEffect::BOTH,
                ));
            }
            if a.required == b.required {
                return;
            }
            let what = if b.required {
                "made required"
            } else {
                "made optional"
            };
            ("body-presence", what, RustEffect::Breaking)
        }
    };
    out.push(change(
        kind,
        format!("{this} {what}"),
        place,
        rust,
        judge_given(a.map(|a| a.required), b.map(|b| b.required)),
    ));
}

/// What a success or an error answers: the type `send` returns, or that `Error` holds.
#[allow(clippy::too_many_arguments)]
fn responses(
    old: &Api,
    a: &Responses,
    new: &Api,
    b: &Responses,
    method: &str,
    which: &str,
    place: &str,
    out: &mut Vec<Change>,
) {
    if a == b {
        return;
    }
    let wire = match (a, b) {
        (Responses::One(Payload::Json(x)), Responses::One(Payload::Json(y))) => {
            retyped(old, x, new, y, Flow::RECEIVED)
        }
        // A by-status enum whose variants changed: an old client cannot decode a status's
        // body it does not expect, a new one does not meet the statuses it gained.
        (Responses::ByStatus { variants: x, .. }, Responses::ByStatus { variants: y, .. }) => {
            let statuses = |v: &[crate::ir::StatusVariant]| -> BTreeSet<_> {
                v.iter().map(|v| v.status).collect()
            };
            WireEffect {
                old_client_breaks: !statuses(y).is_subset(&statuses(x)),
                new_client_breaks: false,
            }
        }
        _ => WireEffect::BOTH,
    };
    let rust = if which == "success" {
        format!("{method} returns another type")
    } else {
        format!("{method} fails with another error body type")
    };
    out.push(change(
        "response-retyped",
        rust,
        place,
        RustEffect::Breaking,
        wire,
    ));
}

/// The security requirements: each alternative is a set of schemes to apply together.
fn security(
    a: &Operation,
    old: &Api,
    b: &Operation,
    new: &Api,
    method: &str,
    place: &str,
    out: &mut Vec<Change>,
) {
    let alternatives = |op: &Operation, api: &Api| -> BTreeSet<BTreeSet<String>> {
        let keys = |alt: &Vec<usize>| -> BTreeSet<String> {
            alt.iter()
                .filter_map(|&i| api.security_schemes.get(i).map(|s| s.key.clone()))
                .collect()
        };
        if op.security.is_empty() {
            return [BTreeSet::new()].into();
        }
        op.security.iter().map(keys).collect()
    };
    let (before, after) = (alternatives(a, old), alternatives(b, new));
    if before == after {
        return;
    }
    // A client set up for an alternative of its spec works when the other spec accepts a
    // subset of what it sends.
    let covered = |from: &BTreeSet<BTreeSet<String>>, to: &BTreeSet<BTreeSet<String>>| {
        from.iter()
            .all(|have| to.iter().any(|need| need.is_subset(have)))
    };
    out.push(change(
        "security-changed",
        format!("credentials that {method} is sent with changed"),
        place,
        RustEffect::None,
        WireEffect {
            old_client_breaks: !covered(&before, &after),
            new_client_breaks: !covered(&after, &before),
        },
    ));
}

fn location(p: &Param) -> &'static str {
    match p.location {
        crate::ir::ParamLocation::Path => "path",
        crate::ir::ParamLocation::Query => "query",
        crate::ir::ParamLocation::Header => "header",
        crate::ir::ParamLocation::Cookie => "cookie",
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lines;

    const OLD: &str = r#"
        paths:
          /contacts/{id}:
            get:
              operationId: getContact
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: fields, in: query, schema: {type: string}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
    "#;

    fn edited(from: &str, to: &str) -> String {
        assert!(OLD.contains(from), "{from}");
        OLD.replacen(from, to, 1)
    }

    #[test]
    fn an_optional_query_parameter_added_is_a_new_setter_that_both_clients_survive() {
        let new = edited(
            "      responses:",
            "        - {name: limit, in: query, schema: {type: integer}}\n              responses:",
        );
        assert_eq!(
            lines(OLD, &new),
            [
                "parameter-added setter `GetContact::limit` added (query parameter `limit`): additive ok ok"
            ]
        );
    }

    #[test]
    fn a_parameter_made_required_is_a_new_argument_that_old_clients_leave_out() {
        let new = edited(
            "{name: fields, in: query, schema",
            "{name: fields, in: query, required: true, schema",
        );
        assert_eq!(
            lines(OLD, &new),
            [
                "parameter-presence parameter `fields` of `Client::get_contact` is now a required argument `fields`: breaking breaks ok"
            ]
        );
    }

    #[test]
    fn a_stream_offered_beside_json_is_a_new_method_and_one_withdrawn_fails_old_clients() {
        let new = edited(
            "{application/json: {schema: {type: object, properties: {id: {type: string}}}}}",
            "{application/json: {schema: {type: object, properties: {id: {type: string}}}}, \
             text/event-stream: {schema: {type: object, properties: {id: {type: string}}}}}",
        );
        assert_eq!(
            lines(OLD, &new),
            [
                "stream-added `GetContact::send_events` (text/event-stream) added: additive ok breaks"
            ]
        );
        assert_eq!(
            lines(&new, OLD),
            [
                "stream-removed `GetContact::send_events` (text/event-stream) removed: breaking breaks ok"
            ]
        );
    }

    #[test]
    fn an_operation_id_changed_on_the_same_route_is_a_rename() {
        let new = edited("operationId: getContact", "operationId: readContact");
        let lines = lines(OLD, &new);
        assert!(
            lines.contains(
                &"method-renamed method `Client::get_contact` renamed to `Client::read_contact`: breaking ok ok"
                    .to_string()
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn an_operation_removed_fails_old_clients_that_call_it() {
        let new = "paths: {}";
        assert_eq!(
            lines(OLD, new)
                .into_iter()
                .filter(|l| l.starts_with("method"))
                .collect::<Vec<_>>(),
            [
                "method-removed method `Client::get_contact` removed (GET /contacts/{id}): breaking breaks ok"
            ]
        );
    }

    #[test]
    fn a_response_retyped_changes_what_send_returns() {
        let new = edited(
            "{schema: {type: object, properties: {id: {type: string}}}}",
            "{schema: {type: array, items: {type: string}}}",
        );
        let lines = lines(OLD, &new);
        assert!(
            lines.contains(
                &"response-retyped `Client::get_contact` returns another type: breaking breaks breaks"
                    .to_string()
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn a_required_body_added_is_a_new_argument_that_old_clients_do_not_send() {
        let body = "requestBody:\n                required: REQ\n                content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n              responses:";
        let with = |required: &str| edited("responses:", &body.replace("REQ", required));
        assert_eq!(
            lines(OLD, &with("true"))
                .into_iter()
                .filter(|l| l.starts_with("body"))
                .collect::<Vec<_>>(),
            [
                "body-added request body of `Client::get_contact` added (required): breaking breaks ok"
            ]
        );
        assert_eq!(
            lines(&with("false"), &with("true"))
                .into_iter()
                .filter(|l| l.starts_with("body"))
                .collect::<Vec<_>>(),
            [
                "body-presence request body of `Client::get_contact` made required: breaking breaks ok"
            ]
        );
    }

    #[test]
    fn security_added_to_an_operation_fails_old_clients_without_credentials() {
        let new = format!(
            "{OLD}\n        security: [{{key: []}}]\n        components:\n          securitySchemes:\n            key: {{type: apiKey, in: header, name: X-Key}}"
        );
        assert_eq!(
            lines(OLD, &new),
            [
                "scheme-added builder method `ClientBuilder::key` added (security scheme `key`): additive ok ok",
                "security-changed credentials that `Client::get_contact` is sent with changed: none breaks ok",
            ]
        );
    }
}
