//! Inputs beyond single-file OpenAPI 3: every spec of `../shared/corpus/swagger2/` and
//! `../shared/corpus/longtail/` (ordinary projects' specs, 2.0 and 3.x, mistakes included) and
//! the entry files of `../shared/corpus/multi/` generates a crate that compiles with no
//! warnings and passes clippy, all targets and the `blocking` and `mock` features on, in one
//! scratch workspace that shares one target directory. Slow (minutes), so ignored by default;
//! `.ci/run` runs it: `cargo test -p tests --test beyond -- --ignored`.
//!
//! The specs of `codegen/tests/warned/`, whose mistakes the generator reads with a warning,
//! are checked the same way.
//!
//! `BEYOND=longtail-3` (or a comma-separated list of `swagger2`, `longtail-2`, `longtail-3`,
//! `multi` and `warned`) checks only those groups.

use std::path::{Path, PathBuf};
use tests::{Scratch, root};

/// The groups of specs, each with the specs it holds.
const GROUPS: &[&str] = &["swagger2", "longtail-2", "longtail-3", "multi", "warned"];

/// The entry files of the specs split over files, under `multi/`.
const MULTI: &[&str] = &[
    "redocly-starter/openapi.yaml",
    "oai-petstore-separate-v2/spec/swagger.yaml",
];

/// A package name for a spec of `group` named `stem`: `0x00405A00_rocm-smi` in
/// `longtail-3` → `beyond-longtail-3-0x00405a00-rocm-smi`.
fn package(group: &str, stem: &str) -> String {
    let stem = stem.to_ascii_lowercase();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    format!("beyond-{group}-{}", words.join("-"))
}

/// The .json, .yaml and .yml files of `dir`, in order.
fn specs_in(dir: &Path) -> Vec<PathBuf> {
    assert!(dir.is_dir(), "{} is missing", dir.display());
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    found.sort();
    found
}

/// Whether a spec's text declares Swagger 2.0 (`swagger: '2.0'`, `"swagger": "2.0"`).
fn is_swagger(spec: &Path) -> bool {
    let text = std::fs::read_to_string(spec).unwrap();
    text.lines().any(|line| {
        let line = line.trim_start_matches(['{', ' ', '\t']);
        line.starts_with("swagger:") || line.starts_with("\"swagger\"")
    })
}

/// The specs of `group`, each with the package name it is generated under.
fn group(group: &str) -> Vec<(String, PathBuf)> {
    let corpus = root().join("../shared/corpus");
    let specs = match group {
        "swagger2" => specs_in(&corpus.join("swagger2")),
        "longtail-2" | "longtail-3" => specs_in(&corpus.join("longtail"))
            .into_iter()
            .filter(|spec| is_swagger(spec) == (group == "longtail-2"))
            .collect(),
        "multi" => MULTI
            .iter()
            .map(|entry| corpus.join("multi").join(entry))
            .collect(),
        "warned" => specs_in(&root().join("codegen/tests/warned")),
        other => panic!("unknown group `{other}`; the groups are {GROUPS:?}"),
    };
    specs
        .into_iter()
        .map(|spec| {
            // A split spec is named after its folder under `multi/`: its entry file's name
            // says little.
            let named = match group {
                "multi" => spec
                    .ancestors()
                    .find(|dir| dir.parent().is_some_and(|p| p.ends_with("multi")))
                    .and_then(Path::file_name),
                _ => spec.file_stem(),
            };
            let stem = named.unwrap().to_string_lossy().into_owned();
            (package(group, &stem), spec)
        })
        .collect()
}

/// The groups this run checks: those `BEYOND` names, else all.
fn chosen() -> Vec<String> {
    match std::env::var("BEYOND") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|name| name.trim().to_string())
            .collect(),
        _ => GROUPS.iter().map(|name| name.to_string()).collect(),
    }
}

#[test]
#[ignore = "compiles about a hundred and thirty generated crates; run by .ci/run"]
fn every_spec_beyond_openapi_3_compiles_without_warnings() {
    let specs: Vec<(String, PathBuf)> = chosen().iter().flat_map(|name| group(name)).collect();
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("beyond"));
    let mut failures: Vec<String> = Vec::new();
    for (name, spec) in &specs {
        let source = codegen::Source::read(spec).unwrap();
        let settings = codegen::Settings {
            name: Some(name),
            // Specs one does not own: their examples do not all match their schemas.
            example_mismatches_are_warnings: true,
            // Nor do all their `$ref`s lead somewhere.
            allow_missing_refs: true,
        };
        match codegen::generate_source_with(&source, &settings) {
            Ok(generated) => {
                scratch.add(name, &generated.files);
            }
            Err(error) => failures.push(format!("{}: does not generate:\n{error}", spec.display())),
        }
    }
    let checked = scratch.clippy_each();
    for (name, errors) in &checked.failed {
        failures.push(format!(
            "{name} does not compile cleanly:\n{}",
            errors.join("\n")
        ));
    }
    let passed = specs.len() - failures.len();
    eprintln!(
        "beyond OpenAPI 3 ({}): {passed} of {} specs generate a clean crate",
        chosen().join(", "),
        specs.len()
    );
    assert!(
        failures.is_empty() && checked.success,
        "{passed} of {} specs pass:\n{}\n{}",
        specs.len(),
        failures.join("\n\n"),
        checked.stderr
    );
}

#[test]
fn package_names_are_valid_and_distinct() {
    assert_eq!(
        package("longtail-3", "0x00405A00_rocm-smi"),
        "beyond-longtail-3-0x00405a00-rocm-smi"
    );
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        return;
    }
    let mut names: Vec<String> = GROUPS
        .iter()
        .flat_map(|name| group(name))
        .map(|(name, _)| name)
        .collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "two specs share a package name");
}
