//! The large public specs of `../shared/corpus/` generate crates that compile with no
//! warnings and pass clippy, all features on. Slow (minutes), so ignored by default;
//! `.ci/run` runs it: `cargo test -p tests --test corpus -- --ignored`.

use std::path::Path;
use std::process::Command;

const SPECS: &[(&str, &str)] = &[
    ("nexus", "nexus.json"),
    ("github", "api.github.com.json"),
    ("plaid", "plaid-2020-09-14.yml"),
];

#[test]
#[ignore = "compiles three large generated crates; run by .ci/run"]
fn corpus_specs_compile_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let corpus = root.join("../shared/corpus");
    assert!(corpus.is_dir(), "{} is missing", corpus.display());
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let mut members = Vec::new();
    for (name, file) in SPECS {
        let source = codegen::Source::read(&corpus.join(file)).unwrap();
        let settings = codegen::Settings {
            name: Some(&format!("corpus-{name}")),
            // Their published examples do not all match their schemas.
            example_mismatches_are_warnings: true,
        };
        let generated = codegen::generate_source_with(&source, &settings)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        codegen::write::write(&scratch.join(name), &generated.files).unwrap();
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "a corpus crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
