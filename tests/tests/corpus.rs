//! The large public specs of `../shared/corpus/` generate crates that compile with no
//! warnings, pass clippy and document with no rustdoc warning, with the `blocking` and `mock`
//! features, all their tags' features (the default), none of them, and the largest alone.
//! Slow (minutes), so ignored by default; `.ci/run` runs it:
//! `cargo test -p tests --test corpus -- --ignored`.

use std::path::Path;
use tests::{Scratch, root};

const SPECS: &[(&str, &str)] = &[
    ("nexus", "nexus.json"),
    ("github", "api.github.com.json"),
    ("plaid", "plaid-2020-09-14.yml"),
];

#[test]
#[ignore = "compiles three large generated crates; run by .ci/run"]
fn corpus_specs_compile_without_warnings() {
    let corpus = root().join("../shared/corpus");
    assert!(corpus.is_dir(), "{} is missing", corpus.display());
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus"));
    // Each crate with tag features is also checked with only its largest tag's feature.
    let mut alone: Vec<String> = Vec::new();
    for (name, file) in SPECS {
        let source = codegen::Source::read(&corpus.join(file)).unwrap();
        let settings = codegen::Settings {
            name: Some(&format!("corpus-{name}")),
            // Their published examples do not all match their schemas.
            example_mismatches_are_warnings: true,
            ..codegen::Settings::default()
        };
        let generated = codegen::generate_source_with(&source, &settings)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        scratch.add(name, &generated.files);
        if let Some((feature, _)) = tests::tag_features(&generated.files).first() {
            alone.push(format!("corpus-{name}/{feature}"));
        }
    }
    // Every feature (the default `full`), then every crate with none of its tags' features,
    // then each with one: an operation's types come with it, and nothing is left unused.
    let output = scratch.cargo(&[
        "clippy",
        "--quiet",
        "--features",
        tests::FEATURES,
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        output.status.success(),
        "a corpus crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // GitHub's and nexus's tags are features; Plaid's one tag is not (`features::MIN_TAGS`).
    assert_eq!(
        alone,
        ["corpus-nexus/system", "corpus-github/repos"],
        "the corpus's tag features"
    );
    let none = format!("rustls,{}", tests::FEATURES);
    let one = format!("{none},{}", alone.join(","));
    for features in [&none, &one] {
        let output = scratch.cargo(&[
            "clippy",
            "--quiet",
            "--no-default-features",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ]);
        assert!(
            output.status.success(),
            "a corpus crate does not compile cleanly with `{features}`:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Spec prose becomes rustdoc that renders as meant and that rustdoc does not warn about.
    let doc = scratch.cargo_with(
        &["doc", "--quiet", "--no-deps", "--features", tests::FEATURES],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(
        doc.status.success(),
        "a corpus crate's docs have warnings:\n{}",
        String::from_utf8_lossy(&doc.stderr)
    );
}
