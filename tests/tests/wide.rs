//! Breadth: every spec of `../shared/corpus/wide/` (public specs of many shapes: HubSpot's
//! APIs, ReadMe's feature specs) generates a crate that compiles with no warnings and passes
//! clippy, all targets and the `blocking` and `mock` features on, in one scratch workspace
//! that shares one target directory; a crate with tag features passes with the largest alone
//! too. Slow (minutes), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test wide -- --ignored`.

use std::path::{Path, PathBuf};
use tests::{Scratch, root};

/// The folders of specs, by OpenAPI version.
const FOLDERS: &[&str] = &["3.0", "3.1"];

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
    let mut failures: Vec<String> = Vec::new();
    // `-p NAME` and `NAME/FEATURE` for each crate with tag features, the largest.
    let (mut packages, mut alone) = (Vec::new(), Vec::new());
    for spec in &specs {
        let name = package(spec);
        let source = codegen::Source::read(spec).unwrap();
        let settings = codegen::Settings {
            name: Some(&name),
            // Specs one does not own: their examples do not all match their schemas.
            example_mismatches_are_warnings: true,
            ..codegen::Settings::default()
        };
        match codegen::generate_source_with(&source, &settings) {
            Ok(generated) => {
                scratch.add(&name, &generated.files);
                if let Some((feature, _)) = tests::tag_features(&generated.files).first() {
                    packages.extend(["-p".to_string(), name.clone()]);
                    alone.push(format!("{name}/{feature}"));
                }
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
    let mut alone_stderr = String::new();
    if !alone.is_empty() {
        let features = format!("rustls,{},{}", tests::FEATURES, alone.join(","));
        let mut args: Vec<&str> = packages.iter().map(String::as_str).collect();
        args.extend(["--no-default-features", "--features", &features]);
        let alone_checked = scratch.clippy_each_with(&args);
        for (name, errors) in &alone_checked.failed {
            failures.push(format!(
                "{name} does not compile cleanly with one tag's feature alone:\n{}",
                errors.join("\n")
            ));
        }
        if !alone_checked.success {
            alone_stderr = alone_checked.stderr;
        }
    }
    eprintln!(
        "wide corpus: {} crates with tag features checked with one alone",
        alone.len()
    );
    let passed = specs.len() - failures.len();
    eprintln!(
        "wide corpus: {passed} of {} specs generate a clean crate",
        specs.len()
    );
    assert!(
        failures.is_empty() && checked.success && alone_stderr.is_empty(),
        "{passed} of {} specs pass:\n{}\n{}\n{alone_stderr}",
        specs.len(),
        failures.join("\n\n"),
        checked.stderr
    );
}
