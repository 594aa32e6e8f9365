//! Every fixture's generated crate compiles with no warnings, passes clippy, and passes the
//! round-trip tests written for it (`tests/fixtures/NAME.rs`), in one build, and its
//! crate-level example compiles. The crate with tag features (`tagged.yaml`) also compiles
//! cleanly, its tests and example included, with none of them and with each one alone.

use std::path::Path;
use tests::{Scratch, root};

/// What the fixtures' tests need besides the crate: a runtime and a mock server.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
futures-core = "0.3"
tokio = { version = "1", features = ["macros", "rt", "rt-multi-thread"] }
wiremock = "0.6"
"#;

#[test]
fn every_fixture_compiles_without_warnings() {
    let mut scratch = Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures"));
    let mut specs: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    // The spec split over files, whose other files are not fixtures of their own.
    specs.push(root().join("tests/fixtures/multi/shop.yaml"));
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_str().unwrap().to_string();
        let files = codegen::generate(spec, Some(&format!("fixture-{name}"))).unwrap();
        let crate_dir = scratch.add(&name, &files);
        let tests = spec.with_extension("rs");
        if tests.exists() {
            std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
            std::fs::copy(&tests, crate_dir.join("tests/roundtrip.rs")).unwrap();
            let manifest = crate_dir.join("Cargo.toml");
            let toml = std::fs::read_to_string(&manifest).unwrap() + DEV_DEPENDENCIES;
            std::fs::write(&manifest, toml).unwrap();
        }
    }
    let clippy = scratch.cargo(&[
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
        clippy.status.success(),
        "generated crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    // The runtime's own unit tests run in `generated/`; here only the fixtures' tests.
    let test = scratch.cargo(&[
        "test",
        "--quiet",
        "--features",
        tests::FEATURES,
        "--test",
        "roundtrip",
    ]);
    assert!(
        test.status.success(),
        "round-trip tests of generated crates fail:\n{}\n{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    // The crate-level example (the README's first call) compiles against each crate.
    let doc = scratch.cargo(&["test", "--quiet", "--features", tests::FEATURES, "--doc"]);
    assert!(
        doc.status.success(),
        "the examples of generated crates do not compile:\n{}\n{}",
        String::from_utf8_lossy(&doc.stdout),
        String::from_utf8_lossy(&doc.stderr)
    );
    tagged_crate_compiles_with_any_feature(&scratch);
}

/// The tagged fixture's crate with no tag feature, then with each alone, with and without
/// `mock` and `blocking`: every item an operation needs is compiled with it, and nothing is
/// left unused (clippy `-D warnings` on the library, its example tests and its doctest).
fn tagged_crate_compiles_with_any_feature(scratch: &Scratch) {
    let spec = root().join("tests/fixtures/tagged.yaml");
    let files = codegen::generate(&spec, Some("fixture-tagged")).unwrap();
    let toml = &files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .unwrap()
        .contents;
    assert!(toml.contains("default = [\"rustls\", \"full\"]"), "{toml}");
    let sets = [
        "rustls",
        "rustls,blocking,mock",
        "rustls,orders",
        "rustls,pet-store,blocking,mock",
        "rustls,users,mock",
    ];
    for features in sets {
        let args = ["--no-default-features", "--features", features];
        let clippy = scratch.cargo(
            &[
                &["clippy", "--quiet", "-p", "fixture-tagged", "--all-targets"][..],
                &args,
                &["--", "-D", "warnings"],
            ]
            .concat(),
        );
        assert!(
            clippy.status.success(),
            "the tagged crate does not compile cleanly with `{features}`:\n{}",
            String::from_utf8_lossy(&clippy.stderr)
        );
        let doc = scratch.cargo(
            &[
                &["test", "--quiet", "-p", "fixture-tagged", "--doc"][..],
                &args,
            ]
            .concat(),
        );
        assert!(
            doc.status.success(),
            "the tagged crate's example does not compile with `{features}`:\n{}",
            String::from_utf8_lossy(&doc.stderr)
        );
    }
}
