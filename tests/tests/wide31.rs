//! Every OpenAPI 3.1 spec of `../shared/corpus/wide/3.1/` generates a crate, and the crates
//! compile with no warnings and pass clippy, all features on, in one scratch workspace.
//! Slow, so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test wide31 -- --ignored`.

use std::path::Path;
use tests::{Scratch, root};

#[test]
#[ignore = "compiles a crate per spec; run by .ci/run"]
fn wide_31_specs_compile_without_warnings() {
    let folder = root().join("../shared/corpus/wide/3.1");
    assert!(folder.is_dir(), "{} is missing", folder.display());
    let mut specs: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no spec in {}", folder.display());
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("wide31"));
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_str().unwrap().to_string();
        let source = codegen::Source::read(spec).unwrap();
        let settings = codegen::Settings {
            name: Some(&format!("wide31-{name}")),
            // Their published examples do not all match their schemas (`"23456"` for an
            // integer).
            example_mismatches_are_warnings: true,
        };
        let generated = codegen::generate_source_with(&source, &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        scratch.add(&name, &generated.files);
    }
    let output = scratch.cargo(&[
        "clippy",
        "--quiet",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        output.status.success(),
        "a 3.1 crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
