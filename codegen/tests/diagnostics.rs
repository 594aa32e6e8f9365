//! Warnings from the `codegen` command, `--deny-warnings`, and how the spec's path is shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A spec that generates, with two things the client ignores.
const SPEC: &str = "openapi: 3.0.3
info: {title: Warned, version: 1.0.0}
servers: [{url: 'https://api.example.com'}]
paths:
  /things:
    get:
      operationId: listThings
      servers: [{url: 'https://other.example.com'}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Thing', nullable: true}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
";

fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("diagnostics")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn warnings_are_shown_and_generation_goes_on() {
    let dir = scratch("warn");
    std::fs::write(dir.join("spec.yaml"), SPEC).unwrap();

    let output = codegen(&dir, &["--spec", "spec.yaml", "--out", "out"]);

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("out/src/lib.rs").is_file());
    let text = stderr(&output);
    let warnings = text
        .lines()
        .filter(|line| !line.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(warnings);
}

#[test]
fn deny_warnings_makes_them_errors_and_writes_nothing() {
    let dir = scratch("deny");
    std::fs::write(dir.join("spec.yaml"), SPEC).unwrap();

    let output = codegen(
        &dir,
        &["--spec", "spec.yaml", "--out", "out", "--deny-warnings"],
    );

    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.join("out").exists(), "nothing is written");
    let text = stderr(&output);
    assert!(
        text.contains("error: `servers` of an operation are ignored"),
        "{text}"
    );
    assert!(text.contains("error: 2 errors in the spec"), "{text}");
    assert!(
        text.contains("= note: warnings are errors because of `--deny-warnings`"),
        "{text}"
    );
    assert!(!text.contains("warning:"), "{text}");
}

#[test]
fn deny_warnings_with_errors_shows_both_as_errors() {
    let dir = scratch("deny-errors");
    let broken = SPEC.replace(
        "'#/components/schemas/Thing'",
        "'#/components/schemas/Thng'",
    );
    std::fs::write(dir.join("spec.yaml"), broken).unwrap();

    let output = codegen(
        &dir,
        &["--spec", "spec.yaml", "--out", "out", "--deny-warnings"],
    );

    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error: unresolved `$ref`"), "{text}");
    assert!(text.contains("error: `servers` of an operation"), "{text}");
    assert!(text.contains("error: 3 errors in the spec"), "{text}");
}

#[test]
fn a_spec_inside_the_working_directory_is_named_relative_to_it() {
    let dir = scratch("relative");
    let spec = dir.join("specs/broken.yaml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    std::fs::write(&spec, "openapi: 3.1.0\ninfo: 7\n").unwrap();

    let absolute = codegen(&dir, &["--spec", spec.to_str().unwrap(), "--out", "out"]);

    assert_eq!(absolute.status.code(), Some(1));
    assert!(
        stderr(&absolute).contains(" --> specs/broken.yaml:2:1"),
        "{}",
        stderr(&absolute)
    );
}

#[test]
fn check_mode_reports_warnings_too() {
    let dir = scratch("check");
    std::fs::write(dir.join("spec.yaml"), SPEC).unwrap();
    assert_eq!(
        codegen(&dir, &["--spec", "spec.yaml", "--out", "out"])
            .status
            .code(),
        Some(0)
    );

    let output = codegen(&dir, &["--spec", "spec.yaml", "--out", "out", "--check"]);

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("warning: 2 warnings in the spec"), "{text}");
    assert!(text.contains("out is up to date"), "{text}");
}

#[test]
fn the_library_gives_warnings_with_their_place() {
    let source = codegen::Source {
        file: "spec.yaml".to_string(),
        text: SPEC.to_string(),
    };
    let generated = codegen::generate_source(&source, None).unwrap();
    let places: Vec<(String, Option<(usize, usize)>)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.position))
        .collect();
    assert_eq!(
        places,
        [
            ("#/paths/~1things/get/servers".to_string(), Some((8, 7))),
            (
                "#/paths/~1things/get/responses/200/content/application~1json/schema/items/nullable"
                    .to_string(),
                Some((16, 61))
            ),
        ]
    );
    assert!(!generated.files.is_empty());
}
