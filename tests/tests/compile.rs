//! Every fixture's generated crate compiles with no warnings and passes clippy, in one build.

use std::path::Path;
use std::process::Command;

#[test]
fn every_fixture_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    let mut members = Vec::new();
    let mut specs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_str().unwrap().to_string();
        let files = codegen::generate(spec, Some(&format!("fixture-{name}"))).unwrap();
        codegen::write::write(&scratch.join(&name), &files).unwrap();
        members.push(format!("{name:?}"));
    }
    // A workspace of its own, pinned to the versions this workspace tested with.
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
        .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
