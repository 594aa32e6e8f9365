//! Breadth: every spec of `../shared/corpus/wide/` (public specs of many shapes: HubSpot's
//! APIs, ReadMe's feature specs) generates a crate that compiles with no warnings and passes
//! clippy, all features and all targets on, in one scratch workspace that shares one target
//! directory. Slow (minutes), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test wide -- --ignored`.

use std::path::{Path, PathBuf};
use tests::{Scratch, root};

/// The folders of specs, by OpenAPI version.
const FOLDERS: &[&str] = &["3.0"];

/// A package name for a spec's file name: `hubspot-crm-deals.json` → `wide-hubspot-crm-deals`.
fn package(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_ascii_lowercase();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    format!("wide-{}", words.join("-"))
}

fn specs() -> Vec<PathBuf> {
    let wide = root().join("../shared/corpus/wide");
    assert!(wide.is_dir(), "{} is missing", wide.display());
    let mut specs = Vec::new();
    for folder in FOLDERS {
        let mut found: Vec<PathBuf> = std::fs::read_dir(wide.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
            .collect();
        found.sort();
        specs.extend(found);
    }
    specs
}

#[test]
#[ignore = "compiles about eighty generated crates; run by .ci/run"]
fn every_wide_spec_compiles_without_warnings() {
    let specs = specs();
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("wide"));
    let mut failed: Vec<String> = Vec::new();
    let mut packages = Vec::new();
    for spec in &specs {
        let name = package(spec);
        let source = codegen::Source::read(spec).unwrap();
        let settings = codegen::Settings {
            name: Some(&name),
            // Specs one does not own: their examples do not all match their schemas.
            example_mismatches_are_warnings: true,
        };
        match codegen::generate_source_with(&source, &settings) {
            Ok(generated) => {
                scratch.add(&name, &generated.files);
                packages.push(name);
            }
            Err(error) => failed.push(format!("{}: does not generate:\n{error}", spec.display())),
        }
    }
    let output = scratch.cargo(&[
        "clippy",
        "--keep-going",
        "--all-targets",
        "--all-features",
        "--message-format",
        "short",
        "--",
        "-D",
        "warnings",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in &packages {
        if stderr.contains(&format!("could not compile `{name}`")) {
            let errors: Vec<&str> = stderr
                .lines()
                .filter(|line| line.starts_with(&format!("{name}/")))
                .collect();
            failed.push(format!(
                "{name}: does not compile cleanly:\n{}",
                errors.join("\n")
            ));
        }
    }
    let passed = specs.len() - failed.len();
    eprintln!(
        "wide corpus: {passed} of {} specs generate a clean crate",
        specs.len()
    );
    assert!(
        failed.is_empty() && output.status.success(),
        "{passed} of {} specs pass:\n{}\n{stderr}",
        specs.len(),
        failed.join("\n\n")
    );
}
