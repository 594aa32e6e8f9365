//! The specs of `../shared/corpus/multi/` split over files (a 3.1 spec in 40 files) generate
//! crates that compile with no warnings and pass clippy, with the `blocking` and `mock`
//! features. Slow (minutes), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test split -- --ignored`.

use std::path::Path;
use tests::{Scratch, root};

/// Each spec's crate name and entry file, under `../shared/corpus/multi/`.
const SPECS: &[(&str, &str)] = &[("redocly", "redocly-starter/openapi.yaml")];

#[test]
#[ignore = "compiles generated crates; run by .ci/run"]
fn split_specs_compile_without_warnings() {
    let corpus = root().join("../shared/corpus/multi");
    assert!(corpus.is_dir(), "{} is missing", corpus.display());
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("split"));
    for (name, entry) in SPECS {
        let source = codegen::Source::read(&corpus.join(entry)).unwrap();
        let settings = codegen::Settings {
            name: Some(&format!("split-{name}")),
            example_mismatches_are_warnings: true,
        };
        let generated = codegen::generate_source_with(&source, &settings)
            .unwrap_or_else(|e| panic!("{entry}: {e}"));
        assert!(generated.sources.len() > 1, "{entry} is read from one file");
        scratch.add(name, &generated.files);
    }
    let output = scratch.cargo(&[
        "clippy",
        "--quiet",
        "--all-targets",
        "--features",
        tests::FEATURES,
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        output.status.success(),
        "a crate of a split spec does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
