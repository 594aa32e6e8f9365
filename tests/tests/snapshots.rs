//! Snapshots of the generated crates: `spec/recepta.yaml` and every fixture.
//!
//! Snapshots prove the output is stable; `compile.rs` proves it compiles and the end-to-end
//! tests prove it works.

use codegen::OutputFile;
use std::path::Path;
use tests::root;

fn generate(spec: &Path) -> Vec<OutputFile> {
    codegen::generate(spec, None).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// The files worth a snapshot: those spelled from the spec, not the runtime copied verbatim.
fn spelled(files: &[OutputFile]) -> impl Iterator<Item = &OutputFile> {
    files
        .iter()
        .filter(|f| !codegen::runtime::is_runtime(&f.path))
}

#[test]
fn recepta() {
    let files = generate(&root().join("spec/recepta.yaml"));
    for file in spelled(&files) {
        insta::assert_snapshot!(
            format!("recepta-{}", file.path.replace('/', "-")),
            file.contents
        );
    }
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.yaml", |spec| {
        let files = generate(spec);
        for file in spelled(&files) {
            insta::assert_snapshot!(file.path.replace('/', "-"), file.contents);
        }
    });
}

/// The spec split over files (`tests/fixtures/multi/`): its entry is not at the top of the
/// fixtures, so the glob above does not take it.
#[test]
fn multi_file_fixture() {
    let files = generate(&root().join(MULTI));
    for file in spelled(&files) {
        insta::assert_snapshot!(
            format!("multi-{}", file.path.replace('/', "-")),
            file.contents
        );
    }
}

/// The entry of the fixture split over files.
const MULTI: &str = "tests/fixtures/multi/shop.yaml";

#[test]
fn runtime_files_are_the_templates_without_their_tests() {
    let files = generate(&root().join("spec/recepta.yaml"));
    for runtime in codegen::runtime::FILES {
        let template =
            std::fs::read_to_string(root().join("codegen/templates").join(runtime.path)).unwrap();
        let code = match template.find("\n#[cfg(test)]\nmod tests {") {
            Some(end) => &template[..end],
            None => &template,
        };
        let file = files
            .iter()
            .find(|f| f.path == runtime.output_path())
            .unwrap_or_else(|| panic!("{} is not written", runtime.path));
        assert!(!file.contents.contains("#[test]"), "{}", runtime.path);
        assert_eq!(
            file.contents,
            format!("{}\n{code}", codegen::render::HEADER),
            "{}",
            runtime.path
        );
    }
}

#[test]
fn generated_is_what_the_spec_gives() {
    let files = generate(&root().join("spec/recepta.yaml"));
    if let Err(e) = codegen::write::check(&root().join("generated"), &files) {
        panic!("{e}");
    }
}

#[test]
fn generation_is_deterministic() {
    for spec in [
        "spec/recepta.yaml",
        "tests/fixtures/grown.yaml",
        "tests/fixtures/names.yaml",
        MULTI,
    ] {
        let first = generate(&root().join(spec));
        for _ in 0..3 {
            assert_eq!(generate(&root().join(spec)), first, "{spec}");
        }
    }
}

#[test]
fn no_snapshot_is_orphaned() {
    let spelled = [
        "Cargo.toml",
        "README.md",
        "src-lib.rs",
        "src-operations.rs",
        "src-types.rs",
    ];
    let mut expected: Vec<String> = spelled
        .iter()
        .chain(&["src-spec_examples.rs"])
        .map(|f| format!("snapshots__recepta-{f}.snap"))
        .collect();
    expected.extend(spelled.iter().map(|f| format!("snapshots__multi-{f}.snap")));
    for entry in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".yaml") {
            expected.extend(
                spelled
                    .iter()
                    .map(|f| format!("snapshots__{f}@{name}.snap")),
            );
            // A fixture with JSON examples has their tests too.
            let files = generate(&entry_path(&name));
            if files.iter().any(|f| f.path == "src/spec_examples.rs") {
                expected.push(format!("snapshots__src-spec_examples.rs@{name}.snap"));
            }
        }
    }
    let mut found: Vec<String> = std::fs::read_dir(root().join("tests/tests/snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".snap"))
        .collect();
    expected.sort();
    found.sort();
    assert_eq!(
        found, expected,
        "snapshots without a test, or tests without a snapshot"
    );
}

/// `tests/fixtures/README.md` says what each fixture exercises: every fixture has a row, and
/// every keyword a row quotes as code (`allOf`, `x-pagination`, `4XX`) is in that fixture, so
/// the table cannot claim what a fixture does not have.
#[test]
fn the_fixtures_readme_is_true() {
    let dir = root().join("tests/fixtures");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let mut listed = Vec::new();
    for row in readme.lines().filter(|l| l.starts_with("| `")) {
        let mut cells = row.split(" | ");
        let name = cells
            .next()
            .unwrap()
            .trim_start_matches("| ")
            .trim_matches('`');
        let what = cells.next().unwrap_or_default();
        let text = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("the README lists `{name}`, which cannot be read: {e}"));
        // Keywords and values start with a lowercase letter, a digit, `$` or `x-`; Rust and
        // Python names (`Annotated`), files and commands are not looked for.
        let keywords = what.split('`').skip(1).step_by(2).filter(|code| {
            code.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '$')
                && !code.contains(['/', '.', ' '])
        });
        for keyword in keywords {
            assert!(
                text.contains(keyword),
                "the README says `{name}` has `{keyword}`, which it does not"
            );
        }
        listed.push(name.to_string());
    }
    let mut fixtures = Vec::new();
    for (folder, prefix) in [
        (dir.clone(), ""),
        (dir.join("v31"), "v31/"),
        (dir.join("multi"), "multi/"),
    ] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".yaml") || name.ends_with(".json") {
                fixtures.push(format!("{prefix}{name}"));
            }
        }
    }
    fixtures.sort();
    listed.sort();
    assert_eq!(listed, fixtures, "every fixture has one row in the README");
}

/// The path of a fixture by its file name.
fn entry_path(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures").join(name)
}
