//! Every fixture's generated crate compiles with no warnings, passes clippy, and passes the
//! round-trip tests written for it (`tests/fixtures/NAME.rs`), in one build.

use std::path::Path;

const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt", "rt-multi-thread"] }
wiremock = "0.6"
"#;
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
        let crate_dir = scratch.join(&name);
        codegen::write::write(&crate_dir, &files).unwrap();
        let tests = spec.with_extension("rs");
        if tests.exists() {
            std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
            std::fs::copy(&tests, crate_dir.join("tests/roundtrip.rs")).unwrap();
            // What the tests need besides the crate: a runtime and a mock server.
            let manifest = crate_dir.join("Cargo.toml");
            let mut toml = std::fs::read_to_string(&manifest).unwrap();
            toml.push_str(DEV_DEPENDENCIES);
            std::fs::write(&manifest, toml).unwrap();
        }
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
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .output()
            .unwrap()
    };
    let clippy = cargo(&[
        "clippy",
        "--quiet",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        clippy.status.success(),
        "generated crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    // The runtime's own unit tests run in `generated/`; here only the fixtures' tests.
    let test = cargo(&["test", "--quiet", "--all-features", "--test", "roundtrip"]);
    assert!(
        test.status.success(),
        "round-trip tests of generated crates fail:\n{}\n{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}
