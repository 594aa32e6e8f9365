//! The named types of the crate compared: types added, removed, renamed or reshaped; fields
//! added, removed, retyped, made required or optional; enum values and union variants.
//!
//! Every struct of the crate has public fields and no `#[non_exhaustive]`, so apps (and the
//! mocks of their tests) build them with struct literals: a field added is a break, as is a
//! variant added to an enum an app may `match` exhaustively.

use super::wire::{Allowed, Flow, Usage, retyped};
use super::{Change, RustEffect, WireEffect, change};
use crate::ir::Type;
use crate::ir::{Api, Field, Presence, Struct, TypeDef, TypeKind};

/// The changes of the named types from `old` to `new`.
pub(super) fn compare(old: &Api, new: &Api, usage: &Usage, out: &mut Vec<Change>) {
    let removed: Vec<&TypeDef> = old
        .types
        .values()
        .filter(|def| !new.types.contains_key(&def.name))
        .collect();
    let added: Vec<&TypeDef> = new
        .types
        .values()
        .filter(|def| !old.types.contains_key(&def.name))
        .collect();
    for def in &removed {
        // The same schema under another name: a rename, which the wire does not see.
        if let Some(renamed) = added.iter().find(|d| d.origin == def.origin) {
            out.push(change(
                "type-renamed",
                format!("type `{}` renamed to `{}`", def.name, renamed.name),
                &renamed.origin,
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
            compare_type(old, def, new, renamed, usage, out);
        } else {
            out.push(change(
                "type-removed",
                format!("type `{}` removed", def.name),
                &def.origin,
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
        }
    }
    for def in &added {
        if !removed.iter().any(|d| d.origin == def.origin) {
            out.push(change(
                "type-added",
                format!("type `{}` added", def.name),
                &def.origin,
                RustEffect::Additive,
                WireEffect::SAFE,
            ));
        }
    }
    for def in old.types.values() {
        if let Some(new_def) = new.types.get(&def.name) {
            compare_type(old, def, new, new_def, usage, out);
        }
    }
}

/// The changes of one type that both specs have (under the new spec's name).
fn compare_type(
    old: &Api,
    old_def: &TypeDef,
    new: &Api,
    new_def: &TypeDef,
    usage: &Usage,
    out: &mut Vec<Change>,
) {
    let name = &new_def.name;
    let place = new_def.origin.as_str();
    if !old_def.deprecated && new_def.deprecated {
        out.push(change(
            "type-deprecated",
            format!("type `{name}` deprecated"),
            place,
            RustEffect::Additive,
            WireEffect::SAFE,
        ));
    }
    match (&old_def.kind, &new_def.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            structs(old, a, new, b, name, place, usage, out);
        }
        (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
            let values = |e: &crate::ir::StringEnum| -> Vec<(String, String)> {
                e.variants
                    .iter()
                    .map(|v| (v.name.clone(), v.wire.clone()))
                    .collect()
            };
            enum_values(&values(a), &values(b), name, place, usage, out);
            defaults(a.default.is_some(), b.default.is_some(), name, place, out);
        }
        (TypeKind::IntEnum(a), TypeKind::IntEnum(b)) => {
            let values = |e: &crate::ir::IntEnum| -> Vec<(String, String)> {
                e.variants
                    .iter()
                    .map(|(n, v)| (n.clone(), v.to_string()))
                    .collect()
            };
            enum_values(&values(a), &values(b), name, place, usage, out);
            defaults(a.default.is_some(), b.default.is_some(), name, place, out);
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) | (TypeKind::Newtype(a), TypeKind::Newtype(b)) => {
            if a != b {
                out.push(change(
                    "type-retyped",
                    format!("type `{name}` now stands for another type"),
                    place,
                    RustEffect::Breaking,
                    retyped(old, a, new, b, usage.flow(name)),
                ));
            }
        }
        (TypeKind::Untagged(a), TypeKind::Untagged(b)) => {
            let shapes = |v: &[crate::ir::Variant]| -> Vec<(String, String)> {
                v.iter()
                    .map(|v| (v.name.clone(), format!("{:?}", v.ty)))
                    .collect()
            };
            variants(&shapes(a), &shapes(b), name, place, usage.flow(name), out);
        }
        (TypeKind::Tagged { variants: a, .. }, TypeKind::Tagged { variants: b, .. }) => {
            let shapes = |v: &[crate::ir::TaggedVariant]| -> Vec<(String, String)> {
                v.iter()
                    .map(|v| (v.name.clone(), format!("{:?} {:?}", v.ty, v.tag_values)))
                    .collect()
            };
            variants(&shapes(a), &shapes(b), name, place, usage.flow(name), out);
        }
        (a, b) => out.push(change(
            "type-reshaped",
            format!(
                "type `{name}` changed from {} to {}",
                kind_word(a),
                kind_word(b)
            ),
            place,
            RustEffect::Breaking,
            retyped(
                old,
                &Type::Named(old_def.name.clone()),
                new,
                &Type::Named(name.clone()),
                usage.flow(name),
            ),
        )),
    }
}

/// The fields of a struct that both specs have, matched by wire name.
#[allow(clippy::too_many_arguments)]
fn structs(
    old: &Api,
    a: &Struct,
    new: &Api,
    b: &Struct,
    name: &str,
    place: &str,
    usage: &Usage,
    out: &mut Vec<Change>,
) {
    let find = |fields: &'_ [Field], wire: &str| -> Option<usize> {
        fields.iter().position(|f| f.wire_name == wire)
    };
    for field in &a.fields {
        if find(&b.fields, &field.wire_name).is_none() {
            out.push(change(
                "field-removed",
                format!("field `{name}::{}` removed", field.name),
                &format!("{place}/properties/{}", escape(&field.wire_name)),
                RustEffect::Breaking,
                usage.judge(name, Allowed::of(field.presence), Allowed::UNKNOWN),
            ));
        }
    }
    for field in &b.fields {
        let at = format!("{place}/properties/{}", escape(&field.wire_name));
        let Some(i) = find(&a.fields, &field.wire_name) else {
            let required = matches!(
                field.presence,
                crate::ir::Presence::Required | crate::ir::Presence::RequiredNullable
            );
            let what = if required { "required" } else { "optional" };
            out.push(change(
                "field-added",
                format!("{what} field `{name}::{}` added", field.name),
                &at,
                RustEffect::Breaking,
                usage.judge(name, Allowed::UNKNOWN, Allowed::of(field.presence)),
            ));
            continue;
        };
        let before = &a.fields[i];
        field_changes(old, before, new, field, name, &at, usage, out);
    }
    match (&a.additional, &b.additional) {
        (None, Some((field, _))) => out.push(change(
            "field-added",
            format!("field `{name}::{field}` (the other properties) added"),
            place,
            RustEffect::Breaking,
            WireEffect::SAFE,
        )),
        (Some((field, _)), None) => out.push(change(
            "field-removed",
            format!("field `{name}::{field}` (the other properties) removed"),
            place,
            RustEffect::Breaking,
            WireEffect::SAFE,
        )),
        (Some((f, x)), Some((g, y))) if f != g || x != y => out.push(change(
            "field-retyped",
            format!("field `{name}::{g}` (the other properties) retyped"),
            place,
            RustEffect::Breaking,
            retyped(old, x, new, y, usage.flow(name)),
        )),
        _ => {}
    }
    defaults(a.default, b.default, name, place, out);
}

/// How one field that both specs have changed: its Rust name, its type, its presence.
#[allow(clippy::too_many_arguments)]
fn field_changes(
    old: &Api,
    before: &Field,
    new: &Api,
    after: &Field,
    owner: &str,
    at: &str,
    usage: &Usage,
    out: &mut Vec<Change>,
) {
    let field = format!("`{owner}::{}`", after.name);
    if before.name != after.name {
        out.push(change(
            "field-renamed",
            format!("field `{owner}::{}` renamed to {field}", before.name),
            at,
            RustEffect::Breaking,
            WireEffect::SAFE,
        ));
    }
    let wire = usage.judge(
        owner,
        Allowed::of(before.presence),
        Allowed::of(after.presence),
    );
    // Optional with or without a default is one shape; the default's change says the rest.
    let optional = |p| matches!(p, Presence::Optional | Presence::Defaulted);
    if before.presence != after.presence && !(optional(before.presence) && optional(after.presence))
    {
        let rust = if before.ty == after.ty {
            RustEffect::None
        } else {
            RustEffect::Breaking
        };
        out.push(change(
            "field-presence",
            format!(
                "field {field} changed from {} to {}",
                presence_word(before.presence),
                presence_word(after.presence)
            ),
            at,
            rust,
            wire,
        ));
    } else if before.ty != after.ty {
        out.push(change(
            "field-retyped",
            format!("field {field} retyped"),
            at,
            RustEffect::Breaking,
            retyped(old, &before.ty, new, &after.ty, usage.flow(owner)),
        ));
    }
    field_default(before, after, &field, at, out);
    if !before.deprecated && after.deprecated {
        out.push(change(
            "field-deprecated",
            format!("field {field} deprecated"),
            at,
            RustEffect::Additive,
            WireEffect::SAFE,
        ));
    }
}

/// A field's spec `default`: the struct's `default_<field>()` gives it, so one added is a
/// function more, one removed a function gone. The field is an `Option` either way, and the
/// value that goes on the wire is the app's, so both builds of the client keep working; but
/// an app that leaves the field out now gets another behaviour from the server.
fn field_default(before: &Field, after: &Field, field: &str, at: &str, out: &mut Vec<Change>) {
    let (kind, what, rust) = match (&before.default, &after.default) {
        (None, Some(_)) => (
            "field-default-added",
            format!("field {field} has a default now, given by a new `default_` function"),
            RustEffect::Additive,
        ),
        (Some(_), None) => (
            "field-default-removed",
            format!("field {field} has no default now: its `default_` function is gone"),
            RustEffect::Breaking,
        ),
        (Some(a), Some(b)) if a != b => (
            "field-default-changed",
            format!(
                "field {field}'s default changed: the server takes another value when it is absent"
            ),
            RustEffect::None,
        ),
        _ => return,
    };
    out.push(change(kind, what, at, rust, WireEffect::SAFE));
}

/// The values of an enum, as (Rust name, wire value): a value added is a variant an
/// exhaustive `match` lacks; an old client reads a value it does not know as `Other`, and
/// a server refuses one its spec does not list.
fn enum_values(
    a: &[(String, String)],
    b: &[(String, String)],
    name: &str,
    place: &str,
    usage: &Usage,
    out: &mut Vec<Change>,
) {
    for (variant, wire) in a.iter().filter(|v| !b.iter().any(|w| w.1 == v.1)) {
        out.push(change(
            "enum-value-removed",
            format!("value `{wire}` (variant `{name}::{variant}`) removed"),
            place,
            RustEffect::Breaking,
            if usage.is_sent(name) {
                WireEffect::OLD
            } else {
                WireEffect::SAFE
            },
        ));
    }
    for (variant, wire) in b.iter().filter(|v| !a.iter().any(|w| w.1 == v.1)) {
        out.push(change(
            "enum-value-added",
            format!("value `{wire}` (variant `{name}::{variant}`) added"),
            place,
            RustEffect::Breaking,
            if usage.is_sent(name) {
                WireEffect::NEW
            } else {
                WireEffect::SAFE
            },
        ));
    }
    for (variant, wire) in b {
        if let Some((before, _)) = a.iter().find(|v| v.1 == *wire && v.0 != *variant) {
            out.push(change(
                "enum-variant-renamed",
                format!("variant `{name}::{before}` renamed to `{name}::{variant}`"),
                place,
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
        }
    }
}

/// The variants of a union, as (Rust name, what it holds): a reader fails on a shape its
/// spec does not have.
fn variants(
    a: &[(String, String)],
    b: &[(String, String)],
    name: &str,
    place: &str,
    flow: Flow,
    out: &mut Vec<Change>,
) {
    // A shape only the new spec has: an old client cannot read it in a response, an old
    // server in a request.
    let gained = WireEffect {
        old_client_breaks: flow.received,
        new_client_breaks: flow.sent,
    };
    let lost = WireEffect {
        old_client_breaks: flow.sent,
        new_client_breaks: flow.received,
    };
    for (variant, _) in a.iter().filter(|v| !b.iter().any(|w| w.0 == v.0)) {
        out.push(change(
            "variant-removed",
            format!("variant `{name}::{variant}` removed"),
            place,
            RustEffect::Breaking,
            lost,
        ));
    }
    for (variant, _) in b.iter().filter(|v| !a.iter().any(|w| w.0 == v.0)) {
        out.push(change(
            "variant-added",
            format!("variant `{name}::{variant}` added"),
            place,
            RustEffect::Breaking,
            gained,
        ));
    }
    for (variant, shape) in b {
        if a.iter().any(|(v, s)| v == variant && s != shape) {
            out.push(change(
                "variant-retyped",
                format!("variant `{name}::{variant}` holds another type"),
                place,
                RustEffect::Breaking,
                gained.or(lost),
            ));
        }
    }
}

/// `Default` implemented or not.
fn defaults(old: bool, new: bool, name: &str, place: &str, out: &mut Vec<Change>) {
    let (kind, what, rust) = match (old, new) {
        (false, true) => ("default-added", "now implements", RustEffect::Additive),
        (true, false) => (
            "default-removed",
            "no longer implements",
            RustEffect::Breaking,
        ),
        _ => return,
    };
    out.push(change(
        kind,
        format!("type `{name}` {what} `Default`"),
        place,
        rust,
        WireEffect::SAFE,
    ));
}

fn presence_word(presence: crate::ir::Presence) -> &'static str {
    match presence {
        crate::ir::Presence::Required => "required",
        crate::ir::Presence::RequiredNullable => "required and nullable",
        crate::ir::Presence::Optional => "optional",
        crate::ir::Presence::OptionalNullable => "optional and nullable",
        crate::ir::Presence::Defaulted => "optional with a default",
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::StringEnum(_) => "a string enum",
        TypeKind::IntEnum(_) => "an integer enum",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a newtype",
        TypeKind::Untagged(_) => "an untagged union",
        TypeKind::Tagged { .. } => "a tagged union",
    }
}

/// A JSON pointer segment.
pub(super) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lines;

    const OLD: &str = r#"
        paths:
          /contacts:
            post:
              operationId: createContact
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/NewContact'}}}
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: '#/components/schemas/Contact'}}}
        components:
          schemas:
            NewContact:
              type: object
              properties:
                name: {type: string}
                source: {$ref: '#/components/schemas/Source'}
            Contact:
              type: object
              required: [id]
              properties:
                id: {type: string}
                email: {type: string}
            Source: {type: string, enum: [API, CSV]}
    "#;

    fn edited(from: &str, to: &str) -> String {
        assert!(OLD.contains(from), "{from}");
        OLD.replacen(from, to, 1)
    }

    #[test]
    fn an_optional_field_added_to_a_response_breaks_struct_literals_but_no_client() {
        let new = edited(
            "email: {type: string}",
            "email: {type: string}\n                phone: {type: string}",
        );
        assert_eq!(
            lines(OLD, &new),
            ["field-added optional field `Contact::phone` added: breaking ok ok"]
        );
    }

    #[test]
    fn a_required_field_added_to_a_response_fails_a_new_client_on_an_old_server() {
        let new = edited("required: [id]", "required: [id, email]");
        assert_eq!(
            lines(OLD, &new),
            [
                "field-presence field `Contact::email` changed from optional to required: breaking ok breaks"
            ]
        );
    }

    #[test]
    fn a_field_made_required_in_a_request_fails_an_old_client_that_leaves_it_out() {
        let new = edited(
            "NewContact:\n              type: object",
            "NewContact:\n              type: object\n              required: [name]",
        );
        assert_eq!(
            lines(OLD, &new),
            [
                "default-removed type `NewContact` no longer implements `Default`: breaking ok ok",
                "field-presence field `NewContact::name` changed from optional to required: breaking breaks ok",
            ]
        );
    }

    #[test]
    fn a_required_response_field_removed_fails_an_old_client() {
        let new = edited("required: [id]", "required: []");
        let new = new.replacen("id: {type: string}\n", "", 1);
        assert_eq!(
            lines(OLD, &new),
            [
                "default-added type `Contact` now implements `Default`: additive ok ok",
                "field-removed field `Contact::id` removed: breaking breaks ok",
            ]
        );
    }

    #[test]
    fn a_default_added_is_a_function_more_and_one_removed_a_function_gone() {
        let with = edited(
            "email: {type: string}",
            "email: {type: string, default: none}",
        );
        assert_eq!(
            lines(OLD, &with),
            [
                "field-default-added field `Contact::email` has a default now, given by a new `default_` function: additive ok ok"
            ]
        );
        assert_eq!(
            lines(&with, OLD),
            [
                "field-default-removed field `Contact::email` has no default now: its `default_` function is gone: breaking ok ok"
            ]
        );
        let other = with.replace("default: none", "default: unknown");
        assert_eq!(
            lines(&with, &other),
            [
                "field-default-changed field `Contact::email`'s default changed: the server takes another value when it is absent: none ok ok"
            ]
        );
    }

    #[test]
    fn an_enum_value_added_to_a_request_breaks_matches_and_a_new_client_on_an_old_server() {
        let new = edited("enum: [API, CSV]", "enum: [API, CSV, CALL]");
        assert_eq!(
            lines(OLD, &new),
            ["enum-value-added value `CALL` (variant `Source::Call`) added: breaking ok breaks"]
        );
        let removed = edited("enum: [API, CSV]", "enum: [API]");
        assert_eq!(
            lines(OLD, &removed),
            ["enum-value-removed value `CSV` (variant `Source::Csv`) removed: breaking breaks ok"]
        );
    }

    #[test]
    fn a_field_retyped_to_another_kind_of_json_breaks_both_ways() {
        let new = edited("email: {type: string}", "email: {type: integer}");
        assert_eq!(
            lines(OLD, &new),
            ["field-retyped field `Contact::email` retyped: breaking breaks breaks"]
        );
    }

    #[test]
    fn a_narrower_type_fails_the_reader_that_gets_the_wider_values() {
        // A response: a new client may get a string that is no UUID from an old server.
        let format = edited(
            "email: {type: string}",
            "email: {type: string, format: uuid}",
        );
        assert_eq!(
            lines(OLD, &format),
            ["field-retyped field `Contact::email` retyped: breaking ok breaks"]
        );
        // A request widened: an old server may not take what a new client sends.
        let old = edited(
            "name: {type: string}",
            "name: {type: integer, format: int32}",
        );
        let new = edited(
            "name: {type: string}",
            "name: {type: integer, format: int64}",
        );
        assert_eq!(
            lines(&old, &new),
            ["field-retyped field `NewContact::name` retyped: breaking ok breaks"]
        );
        assert_eq!(
            lines(&new, &old),
            ["field-retyped field `NewContact::name` retyped: breaking breaks ok"]
        );
    }

    #[test]
    fn a_schema_renamed_is_a_type_renamed_that_the_wire_does_not_see() {
        let new = OLD.replace("Source", "ContactSource");
        assert_eq!(
            lines(OLD, &new),
            [
                "type-added type `ContactSource` added: additive ok ok",
                "field-retyped field `NewContact::source` retyped: breaking ok ok",
                "type-removed type `Source` removed: breaking ok ok",
            ]
        );
    }

    #[test]
    fn a_shape_added_to_a_union_is_a_variant_an_old_client_cannot_read() {
        let union = |shapes: &str| {
            format!(
                r#"
                paths:
                  /e:
                    get:
                      responses:
                        '200':
                          description: ok
                          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Either'}}}}}}
                components:
                  schemas:
                    Either: {{oneOf: [{shapes}]}}
                    A: {{type: object, required: [a], properties: {{a: {{type: string}}}}}}
                    B: {{type: object, required: [b], properties: {{b: {{type: integer}}}}}}
                    C: {{type: object, required: [c], properties: {{c: {{type: boolean}}}}}}
                "#
            )
        };
        let a_b = "{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}";
        let a_b_c = format!("{a_b}, {{$ref: '#/components/schemas/C'}}");
        assert_eq!(
            lines(&union(a_b), &union(&a_b_c)),
            ["variant-added variant `Either::C` added: breaking breaks ok"]
        );
    }

    #[test]
    fn a_spec_compared_with_itself_has_no_change() {
        assert!(lines(OLD, OLD).is_empty());
    }
}
