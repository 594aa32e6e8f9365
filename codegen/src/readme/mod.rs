//! The generated crate's README: the prose of `template.md`, filled with what the API and the
//! runtime say of themselves (its security schemes, the first call, the `Error` variants, the
//! runtime's defaults, features and dependencies), so that it states each fact where the code
//! states it.

mod first_call;

pub use first_call::{FirstCall, doc_example, first_call};

use crate::ir::{Api, Gate, SecurityKind};
use crate::runtime::{self, Constant, DEPENDENCIES, FEATURES, Needed};
use std::time::Duration;

/// The README's prose: sections, each after a line `@@ name`, holding `{{placeholders}}`.
const TEMPLATE: &str = include_str!("template.md");

/// The generated crate's README.md.
pub fn readme(api: &Api, crate_name: &str, call: &FirstCall) -> String {
    let description = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(crate::prose::markdown)
        .unwrap_or_default();
    let text = fill(
        section("readme"),
        &[
            ("crate_name", crate_name.to_string()),
            ("title", api.title.clone()),
            ("version", api.version.clone()),
            ("description", description),
            ("rust_version", runtime::RUST_VERSION.to_string()),
            ("authentication", authentication(api)),
            ("first_call", first_call_text(call)),
            ("env_vars", env_vars(call)),
            ("base_url", base_url(api)),
            ("streams", streams(api)),
            ("error_variants", error_variants()),
            ("max_error_body", constant("MAX_ERROR_BODY")),
            ("max_retries", constant("DEFAULT_MAX_RETRIES")),
            ("timeout", constant("DEFAULT_TIMEOUT")),
            ("connect_timeout", constant("DEFAULT_CONNECT_TIMEOUT")),
            ("max_body_size", constant("DEFAULT_MAX_BODY_SIZE")),
            ("reqwest", version_of("reqwest")),
            ("mock_example", mock_example(call)),
            ("features", features_table(api)),
            ("tags", tag_features(api, crate_name)),
            ("dependencies", dependencies(api)),
        ],
    );
    collapse_blank_lines(&text)
}

/// The template's section `name`, without its trailing line break.
fn section(name: &str) -> &'static str {
    let header = format!("@@ {name}\n");
    let Some(start) = TEMPLATE
        .find(&header)
        .filter(|&at| at == 0 || TEMPLATE[..at].ends_with('\n'))
    else {
        return "";
    };
    let body = &TEMPLATE[start + header.len()..];
    let end = body.find("\n@@ ").map_or(body.len(), |end| end + 1);
    body[..end].trim_end_matches('\n')
}

/// `template` with each `{{name}}` replaced by the value given for `name`; a placeholder with
/// no value is left as it is, which the tests catch.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            let value = values.iter().find(|(key, _)| *key == name)?;
            Some((end, &value.1))
        });
        match value {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text with runs of blank lines (left by sections an API does not have) made one, and
/// one line break at its end.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.trim_end().lines() {
        if line.is_empty() && blank {
            continue;
        }
        blank = line.is_empty();
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The runtime's constant `name`, as a person reads it: `30 s`, `64 KiB`, `twice`.
fn constant(name: &str) -> String {
    match Constant::of(name) {
        Some(Constant::Duration(duration)) => duration_text(duration),
        Some(Constant::Number(n)) if name.ends_with("RETRIES") => times(n),
        Some(Constant::Number(n)) => size_text(n),
        None => format!("`{name}`"),
    }
}

fn duration_text(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn times(n: u64) -> String {
    match n {
        0 => "never".to_string(),
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// The version requirement of the dependency `name`.
fn version_of(name: &str) -> String {
    DEPENDENCIES
        .iter()
        .find(|dependency| dependency.name == name)
        .map(|dependency| dependency.version.to_string())
        .unwrap_or_default()
}

/// The section on streamed answers, for an API that has some: a line for each operation
/// with one, and how to read it.
fn streams(api: &Api) -> String {
    let lines: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| {
            op.streams.iter().map(move |stream| {
                let method = if stream.framing.has_events() {
                    "send_events"
                } else {
                    "send_lines"
                };
                format!("- `{}().{method}()`: `{}`", op.name, stream.media_type)
            })
        })
        .collect();
    let first_events = api
        .operations
        .iter()
        .find(|op| op.streams.iter().any(|s| s.framing.has_events()))
        .or_else(|| api.operations.iter().find(|op| !op.streams.is_empty()));
    let Some(first) = first_events else {
        return String::new();
    };
    let (method, next, fields) = if first.streams.iter().any(|s| s.framing.has_events()) {
        (
            "send_events",
            "next_event",
            " // `item.data`, and its `event`, `id` and `retry`",
        )
    } else {
        ("send_lines", "next_item", "")
    };
    fill(
        section("streams"),
        &[
            ("operations", lines.join("\n")),
            ("operation", first.name.clone()),
            ("method", method.to_string()),
            ("next", next.to_string()),
            ("fields", fields.to_string()),
        ],
    )
}

/// The section on credentials: one line for each security scheme.
fn authentication(api: &Api) -> String {
    if api.security_schemes.is_empty() {
        return section("no_security").to_string();
    }
    let schemes: Vec<String> = api
        .security_schemes
        .iter()
        .map(|scheme| {
            let (call, how) = match &scheme.kind {
                SecurityKind::ApiKeyHeader(name) => {
                    ("(key)", format!("an API key in the `{name}` header"))
                }
                SecurityKind::ApiKeyQuery(name) => (
                    "(key)",
                    format!("an API key in the `{name}` query parameter"),
                ),
                SecurityKind::ApiKeyCookie(name) => {
                    ("(key)", format!("an API key in the `{name}` cookie"))
                }
                SecurityKind::Bearer => ("(token)", "`Authorization: Bearer <token>`".to_string()),
                SecurityKind::Basic => (
                    "(user, password)",
                    "`Authorization: Basic`, HTTP basic authentication".to_string(),
                ),
            };
            let about = scheme
                .docs
                .description
                .as_deref()
                .or(scheme.docs.summary.as_deref())
                .map(|d| format!(". {}", crate::prose::line(d)))
                .unwrap_or_default();
            format!(
                "- `.{}{call}` (`{}`): {how}{about}",
                scheme.method, scheme.key
            )
        })
        .collect();
    fill(section("security"), &[("schemes", schemes.join("\n"))])
}

/// The section on the first call: the example, and what it needs.
fn first_call_text(call: &FirstCall) -> String {
    let lines = call.lines.join("\n");
    let Some(operation) = &call.operation else {
        return fill(section("no_call"), &[("lines", lines)]);
    };
    let gate = match &call.gate {
        Gate::Any(features) => {
            let features: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
            fill(
                section("call_gate"),
                &[
                    ("features", features.join(" or ")),
                    ("full", crate::features::FULL.to_string()),
                ],
            )
        }
        Gate::Always => String::new(),
    };
    fill(
        section("call"),
        &[
            ("lines", lines),
            ("gate", gate),
            ("operation", operation.clone()),
        ],
    )
}

fn env_vars(call: &FirstCall) -> String {
    if call.env_vars.is_empty() {
        return String::new();
    }
    let vars: Vec<String> = call.env_vars.iter().map(|v| format!("`{v}`")).collect();
    fill(section("env_vars"), &[("vars", vars.join(" and "))])
}

fn base_url(api: &Api) -> String {
    match &api.default_base_url {
        Some(url) => fill(section("base_url"), &[("url", url.clone())]),
        None => section("no_base_url").to_string(),
    }
}

/// The runtime's `Error` variants, each with its doc comment.
fn error_variants() -> String {
    let lines: Vec<String> = runtime::error_variants()
        .iter()
        .map(|variant| {
            let mut docs = variant.docs.chars();
            let docs: String = match docs.next() {
                Some(first) => first.to_lowercase().chain(docs).collect(),
                None => String::new(),
            };
            crate::prose::wrap(&format!("- `Error::{}`: {docs}", variant.name), "  ")
        })
        .collect();
    lines.join("\n")
}

fn mock_example(call: &FirstCall) -> String {
    match &call.operation {
        Some(operation) => fill(
            section("mock_example"),
            &[
                ("crate", call.krate.clone()),
                ("operation", operation.clone()),
            ],
        ),
        None => String::new(),
    }
}

/// The rows of the features table: the runtime's features ([`runtime::FEATURES`]), then
/// `full` and the tags'.
fn features_table(api: &Api) -> String {
    let mut rows: Vec<String> = FEATURES
        .iter()
        .map(|feature| {
            let default = if feature.default { " (default)" } else { "" };
            format!("| `{}`{default} | {} |", feature.name, feature.adds)
        })
        .collect();
    if !api.features.tags.is_empty() {
        rows.push(format!(
            "| `{}` (default) | every part of the API: each feature below, and the types no \
             operation needs |",
            crate::features::FULL
        ));
    }
    rows.extend(api.features.tags.iter().map(|tag| {
        let about = tag
            .description
            .as_deref()
            .map(|d| format!(": {}", crate::prose::line(d)))
            .unwrap_or_default();
        let count = tag.operations_text();
        format!(
            "| `{}` | the operations tagged `{}` ({count}){about} |",
            tag.name, tag.tag
        )
    }));
    rows.join("\n")
}

/// How an app picks the tags' features; nothing without them.
fn tag_features(api: &Api, crate_name: &str) -> String {
    let Some(largest) = api.features.tags.iter().max_by_key(|tag| tag.operations) else {
        return String::new();
    };
    fill(
        section("tags"),
        &[
            ("crate_name", crate_name.to_string()),
            ("largest", largest.name.clone()),
            ("full", crate::features::FULL.to_string()),
        ],
    )
}

/// The dependencies, each with its version and when the crate has it.
fn dependencies(api: &Api) -> String {
    let (always, optional): (Vec<_>, Vec<_>) = DEPENDENCIES
        .iter()
        .filter(|dependency| dependency.needed != Needed::Uuid || api.uses_uuid())
        .partition(|dependency| !matches!(dependency.needed, Needed::Feature(_)));
    let always: Vec<String> = always
        .iter()
        .map(|dependency| {
            let used_for = dependency
                .used_for
                .map(|used| format!(" ({used})"))
                .unwrap_or_default();
            format!("`{}` {}{used_for}", dependency.name, dependency.version)
        })
        .collect();
    let optional: Vec<String> = optional
        .iter()
        .filter_map(|dependency| match dependency.needed {
            Needed::Feature(feature) => Some(format!(
                "`{}` {} with `{feature}`",
                dependency.name, dependency.version
            )),
            Needed::Always | Needed::Uuid => None,
        })
        .collect();
    crate::prose::wrap(
        &format!("{}; {}", always.join(", "), optional.join(", ")),
        "",
    )
}

#[cfg(test)]
mod tests {
    use super::first_call::tests::{SPEC, api};
    use super::*;

    #[test]
    fn the_readme_shows_install_credentials_the_call_errors_retries_the_mock_and_features() {
        let api = api(SPEC);
        let call = first_call(&api, "shop-api");
        let text = readme(&api, "shop-api", &call);
        for part in [
            "<!-- @generated by cargo xtask codegen; do not edit by hand. -->\n# shop-api\n",
            "## Install",
            "shop-api = { path = ",
            "- `.token(token)` (`token`): `Authorization: Bearer <token>`",
            "- `.basic(user, password)` (`basic`)",
            ".get_order(\"id\")",
            "The example reads its credentials from `SHOP_TOKEN`.",
            "Requests go to `https://shop.example.com/v2`",
            "## Errors",
            "## Retries and timeouts",
            "    .get_order()\n    .expect(1)",
            "| `rustls` (default) |",
        ] {
            assert!(text.contains(part), "{part:?} is missing from:\n{text}");
        }
    }

    /// The README of `SPEC` with its operations under three tags, and the crate's Cargo.toml.
    fn readme_and_manifest() -> (String, String) {
        let spec = SPEC
            .replace(
                "operationId: createOrder",
                "operationId: createOrder\n      tags: [orders]",
            )
            .replace(
                "operationId: getOrder",
                "operationId: getOrder\n      tags: [reads]",
            )
            .replace(
                "operationId: upload",
                "operationId: upload\n      tags: [files]",
            );
        let api = api(&spec);
        let options = crate::render::CrateOptions {
            name: "shop-api".to_string(),
        };
        let files = crate::render::render(&api, Vec::new(), &options).expect("renders");
        let text = |path: &str| {
            files
                .iter()
                .find(|file| file.path == path)
                .map(|file| file.contents.clone())
                .unwrap_or_else(|| panic!("no {path}"))
        };
        (text("README.md"), text("Cargo.toml"))
    }

    #[test]
    fn the_readme_lists_every_variant_of_the_runtimes_error_and_no_other() {
        let (readme, _) = readme_and_manifest();
        let template = runtime::FILES
            .iter()
            .find(|file| file.path == "error.rs")
            .expect("the runtime has error.rs");
        let syntax = syn::parse_file(template.text).expect("error.rs parses");
        let variants: Vec<String> = syntax
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Enum(e) if e.ident == "Error" => Some(e),
                _ => None,
            })
            .flat_map(|e| e.variants.iter().map(|v| v.ident.to_string()))
            .collect();
        assert!(
            variants.contains(&"BodyTooLarge".to_string()),
            "{variants:?}"
        );
        let listed: Vec<&str> = readme
            .lines()
            .filter_map(|line| line.strip_prefix("- `Error::"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        assert_eq!(listed, variants, "{readme}");
        // Rustdoc's links into the crate read as their text outside it.
        assert!(
            readme.contains("(`ClientBuilder::max_body_size`)"),
            "{readme}"
        );
        assert!(!readme.contains("](crate::"), "{readme}");
    }

    #[test]
    fn the_readme_states_the_runtimes_defaults_as_its_constants_hold_them() {
        let (readme, _) = readme_and_manifest();
        for (name, text) in [
            ("DEFAULT_MAX_RETRIES", "retried twice by default"),
            ("DEFAULT_TIMEOUT", "times out after 30 s"),
            ("DEFAULT_CONNECT_TIMEOUT", "connecting after 10 s"),
            ("MAX_ERROR_BODY", "the raw body (up to 64 KiB)"),
            ("DEFAULT_MAX_BODY_SIZE", "larger than 32 MiB"),
        ] {
            assert!(
                Constant::of(name).is_some(),
                "the runtime defines no {name}"
            );
            assert!(
                readme.contains(&constant(name)),
                "{name} is not stated:\n{readme}"
            );
            assert!(readme.contains(text), "{text:?} is missing:\n{readme}");
        }
        assert!(!readme.contains("{{"), "a placeholder is left:\n{readme}");
    }

    #[test]
    fn the_readme_and_cargo_toml_name_the_same_features_dependencies_and_rust_version() {
        let (readme, manifest) = readme_and_manifest();
        let section = |name: &str| {
            let start = manifest.find(&format!("[{name}]\n")).expect("the section");
            let rest = &manifest[start + name.len() + 3..];
            rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
        };
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
                .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.to_string()))
                .collect()
        };
        let features = keys(&section("features"));
        assert!(features.len() > FEATURES.len(), "{manifest}");
        for feature in features.iter().filter(|f| *f != "default") {
            assert!(
                readme.contains(&format!("| `{feature}`")),
                "{feature}:\n{readme}"
            );
        }
        for dependency in keys(&section("dependencies")) {
            assert!(
                readme.contains(&format!("`{dependency}` ")),
                "{dependency}:\n{readme}"
            );
        }
        let rust_version = manifest
            .lines()
            .find_map(|line| line.strip_prefix("rust-version = "))
            .expect("a rust-version");
        let rust_version = rust_version.trim_matches('"');
        assert!(readme.contains(&format!("needs Rust {rust_version} or later")));
    }

    #[test]
    fn every_section_of_the_template_is_used_and_every_placeholder_filled() {
        let (readme, _) = readme_and_manifest();
        assert!(!readme.contains("{{"), "{readme}");
        for name in TEMPLATE.lines().filter_map(|line| line.strip_prefix("@@ ")) {
            let source = include_str!("mod.rs");
            assert!(
                source.contains(&format!("section(\"{name}\")")),
                "the section {name} is not used"
            );
        }
    }

    #[test]
    fn a_placeholder_without_a_value_is_left_to_be_seen() {
        let text = fill("{{a}} and {{b}}", &[("a", "one".to_string())]);
        assert_eq!(text, "one and {{b}}");
    }

    #[test]
    fn sizes_durations_and_counts_read_as_a_person_says_them() {
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(32 * 1024 * 1024), "32 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
        assert_eq!(duration_text(Duration::from_secs(30)), "30 s");
        assert_eq!(duration_text(Duration::from_millis(200)), "200 ms");
        assert_eq!(times(2), "twice");
        assert_eq!(times(5), "5 times");
    }
}
