//! The rest of the crate's surface compared: the security schemes (a `ClientBuilder` method
//! each), the default server, and the tag features with what each compiles.

use super::{Change, RustEffect, WireEffect, change};
use crate::ir::{Api, Gate};
use std::collections::BTreeMap;

/// The changes of schemes, servers and features from `old` to `new`.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    schemes(old, new, out);
    servers(old, new, out);
    features(old, new, out);
}

fn schemes(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let by_key = |api: &Api| -> BTreeMap<String, (String, String)> {
        api.security_schemes
            .iter()
            .map(|s| (s.key.clone(), (s.method.clone(), format!("{:?}", s.kind))))
            .collect()
    };
    let (before, after) = (by_key(old), by_key(new));
    let place = |key: &str| format!("#/components/securitySchemes/{}", super::types::escape(key));
    for (key, (method, _)) in &before {
        if !after.contains_key(key) {
            out.push(change(
                "scheme-removed",
                format!(
                    "builder method `ClientBuilder::{method}` removed (security scheme `{key}`)"
                ),
                &place(key),
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
        }
    }
    for (key, (method, how)) in &after {
        match before.get(key) {
            None => out.push(change(
                "scheme-added",
                format!("builder method `ClientBuilder::{method}` added (security scheme `{key}`)"),
                &place(key),
                RustEffect::Additive,
                WireEffect::SAFE,
            )),
            Some((old_method, _)) if old_method != method => out.push(change(
                "scheme-renamed",
                format!("builder method `ClientBuilder::{old_method}` renamed to `{method}`"),
                &place(key),
                RustEffect::Breaking,
                WireEffect::SAFE,
            )),
            Some((_, old_how)) if old_how != how => out.push(change(
                "scheme-changed",
                format!("security scheme `{key}` sends its credential another way"),
                &place(key),
                RustEffect::None,
                WireEffect::BOTH,
            )),
            Some(_) => {}
        }
    }
}

/// The default base URL is a constant's value: its type stays, but an old client keeps
/// calling the old server unless the app sets another.
fn servers(old: &Api, new: &Api, out: &mut Vec<Change>) {
    if old.default_base_url != new.default_base_url {
        let shown = |url: &Option<String>| url.clone().unwrap_or_else(|| "none".to_string());
        out.push(change(
            "server-changed",
            format!(
                "`DEFAULT_BASE_URL` changed from {} to {}",
                shown(&old.default_base_url),
                shown(&new.default_base_url)
            ),
            "#/servers/0",
            RustEffect::None,
            WireEffect::OLD,
        ));
    }
    let variables = |api: &Api| -> Vec<String> {
        api.server
            .iter()
            .flat_map(|s| &s.variables)
            .map(|v| v.name.clone())
            .collect()
    };
    if variables(old) != variables(new) {
        out.push(change(
            "server-variables",
            "the variables `ClientBuilder::server_variable` takes changed".to_string(),
            "#/servers/0/variables",
            RustEffect::None,
            WireEffect::SAFE,
        ));
    }
}

/// Tag features: a feature removed breaks the apps that name it, and an item that a
/// feature no longer compiles breaks the apps that pick features and use it.
fn features(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let names = |api: &Api| -> BTreeMap<String, String> {
        api.features
            .tags
            .iter()
            .map(|t| (t.name.clone(), t.tag.clone()))
            .collect()
    };
    let (before, after) = (names(old), names(new));
    for (name, tag) in &before {
        if !after.contains_key(name) {
            out.push(change(
                "feature-removed",
                format!("feature `{name}` removed (tag `{tag}`)"),
                "#/tags",
                RustEffect::Breaking,
                WireEffect::SAFE,
            ));
        }
    }
    for (name, tag) in &after {
        if !before.contains_key(name) {
            out.push(change(
                "feature-added",
                format!("feature `{name}` added (tag `{tag}`)"),
                "#/tags",
                RustEffect::Additive,
                WireEffect::SAFE,
            ));
        }
    }
    for op in &new.operations {
        if let Some(was) = old.operations.iter().find(|o| o.name == op.name) {
            let (from, to) = (old.features.operation(was), new.features.operation(op));
            narrowed(
                from,
                to,
                &format!("method `Client::{}`", op.name),
                &op.origin,
                out,
            );
        }
    }
    for def in new.types.values() {
        if old.types.contains_key(&def.name) {
            let (from, to) = (
                old.features.of_type(&def.name),
                new.features.of_type(&def.name),
            );
            narrowed(from, to, &format!("type `{}`", def.name), &def.origin, out);
        }
    }
}

/// Reports an item that some feature compiled before and does not now.
fn narrowed(from: &Gate, to: &Gate, item: &str, place: &str, out: &mut Vec<Change>) {
    let lost: Vec<&String> = match (from, to) {
        (_, Gate::Always) => return,
        (Gate::Always, Gate::Any(_)) => Vec::new(),
        (Gate::Any(before), Gate::Any(after)) => before.difference(after).collect(),
    };
    if matches!(from, Gate::Any(_)) && lost.is_empty() {
        return;
    }
    let by = if lost.is_empty() {
        "now needs a tag feature".to_string()
    } else {
        let names: Vec<String> = lost.iter().map(|f| format!("`{f}`")).collect();
        format!("is no longer compiled by {}", names.join(", "))
    };
    out.push(change(
        "feature-narrowed",
        format!("{item} {by}"),
        place,
        RustEffect::Breaking,
        WireEffect::SAFE,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lines;

    /// Three tags, so the crate has tag features.
    fn spec(server: &str, tag_of_c: &str) -> String {
        let op = |id: &str, tag: &str| {
            format!(
                "  /{id}:\n    get:\n      operationId: {id}\n      tags: [{tag}]\n      responses: {{'204': {{description: ok}}}}\n"
            )
        };
        format!(
            "servers: [{{url: '{server}'}}]\npaths:\n{}{}{}",
            op("a", "one"),
            op("b", "two"),
            op("c", tag_of_c)
        )
    }

    #[test]
    fn an_operation_moved_to_another_tag_is_lost_to_apps_that_pick_the_old_tags_feature() {
        let old = spec("https://a.example", "three");
        let new = spec("https://a.example", "four");
        assert_eq!(
            lines(&old, &new),
            [
                "feature-narrowed method `Client::c` is no longer compiled by `three`: breaking ok ok",
                "feature-added feature `four` added (tag `four`): additive ok ok",
                "feature-removed feature `three` removed (tag `three`): breaking ok ok",
            ]
        );
    }

    #[test]
    fn a_new_default_server_leaves_old_clients_calling_the_old_one() {
        let old = spec("https://a.example", "three");
        let new = spec("https://b.example", "three");
        assert_eq!(
            lines(&old, &new),
            [
                "server-changed `DEFAULT_BASE_URL` changed from https://a.example to https://b.example: none breaks ok"
            ]
        );
    }
}
