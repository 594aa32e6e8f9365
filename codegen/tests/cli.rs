//! The `codegen` command: exit codes, messages, and what it writes (or refuses to).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "openapi: 3.0.3
info: {title: Tiny, version: 1.0.0}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
";

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn codegen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn run(spec: &Path, out: &Path, check: bool) -> Output {
    let mut args = vec![Path::new("--spec"), spec, Path::new("--out"), out];
    if check {
        args.push(Path::new("--check"));
    }
    codegen(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write_spec(dir: &Path, text: &str) -> PathBuf {
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, text).unwrap();
    spec
}

/// Every file under `dir`, with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn writes_a_crate_then_finds_it_up_to_date() {
    let dir = scratch("writes");
    let spec = write_spec(&dir, SPEC);
    let out = dir.join("out");

    let first = run(&spec, &out, false);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/types.rs",
        "src/operations.rs",
        "src/client/mod.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("name = \"tiny\""), "{toml}");

    let second = run(&spec, &out, false);
    assert_eq!(second.status.code(), Some(0));
    assert!(
        stderr(&second).contains("up to date"),
        "{}",
        stderr(&second)
    );
    let check = run(&spec, &out, true);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn check_reports_each_difference_and_writes_nothing() {
    let dir = scratch("check");
    let spec = write_spec(&dir, SPEC);
    let out = dir.join("out");
    assert_eq!(run(&spec, &out, false).status.code(), Some(0));
    let types = out.join("src/types.rs");
    let edited = std::fs::read_to_string(&types).unwrap() + "// edited\n";
    std::fs::write(&types, &edited).unwrap();
    std::fs::remove_file(out.join("src/error.rs")).unwrap();
    let before = snapshot(&out);

    let check = run(&spec, &out, true);

    assert_eq!(check.status.code(), Some(1));
    let message = stderr(&check);
    assert!(message.contains("src/types.rs differs"), "{message}");
    assert!(message.contains("src/error.rs is missing"), "{message}");
    assert!(message.contains("cargo xtask codegen"), "{message}");
    assert_eq!(snapshot(&out), before, "check mode writes nothing");
}

#[test]
fn never_overwrites_a_file_it_did_not_write() {
    let dir = scratch("foreign");
    let spec = write_spec(&dir, SPEC);
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/types.rs"), "// my own types\n").unwrap();
    let before = snapshot(&out);

    let output = run(&spec, &out, false);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("refusing to overwrite"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("types.rs"), "{}", stderr(&output));
    assert_eq!(snapshot(&out), before, "nothing is written");
}

#[test]
fn removes_stale_generated_files_and_keeps_others() {
    let dir = scratch("stale");
    let spec = write_spec(&dir, SPEC);
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(
        out.join("src/old.rs"),
        format!("{}\npub struct Old;\n", codegen::render::HEADER),
    )
    .unwrap();
    std::fs::write(out.join("src/mine.rs"), "pub struct Mine;\n").unwrap();
    std::fs::write(out.join("NOTES.md"), "mine\n").unwrap();

    let output = run(&spec, &out, false);

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !out.join("src/old.rs").exists(),
        "the stale generated file is removed"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/mine.rs")).unwrap(),
        "pub struct Mine;\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn a_broken_spec_exits_1_with_its_place_and_writes_nothing() {
    let dir = scratch("broken");
    let out = dir.join("out");
    let cases: &[(&str, &[&str])] = &[
        (
            "openapi: 3.0.3\ninfo: [oops\n",
            &["spec.yaml:", "not valid YAML or JSON"],
        ),
        (
            "swagger: '1.2'\ninfo: {title: T, version: '1'}\npaths: {}\n",
            &["Swagger 1.2 is not supported"],
        ),
        (
            &SPEC.replace("#/components/schemas/Thing'", "#/components/schemas/Thng'"),
            &[
                "unresolved `$ref`",
                "#/components/schemas/Thng",
                "#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema",
            ],
        ),
        (
            &SPEC.replace("#/components/schemas/Thing'", "things.yaml#/Thing'"),
            &[
                "cannot read `",
                "things.yaml`, which `$ref` `things.yaml#/Thing` names",
                "#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/$ref",
            ],
        ),
    ];
    for (text, expected) in cases {
        let spec = write_spec(&dir, text);
        let output = run(&spec, &out, false);
        assert_eq!(output.status.code(), Some(1), "{text}");
        let message = stderr(&output);
        for part in *expected {
            assert!(message.contains(part), "{part:?} not in:\n{message}");
        }
        assert!(!out.exists(), "nothing is written for a broken spec");
    }
}

/// A spec split over files: `--check` regenerates from every file the spec's `$ref`s name, so
/// an edit to any of them is drift.
#[test]
fn check_covers_every_file_the_spec_refers_to() {
    let dir = scratch("check-multi");
    let spec = write_spec(
        &dir,
        &SPEC.replace("'#/components/schemas/Thing'", "schemas/Thing.yaml"),
    );
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    let thing = dir.join("schemas/Thing.yaml");
    std::fs::write(
        &thing,
        "type: object\nproperties:\n  name: {type: string}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let written = run(&spec, &out, false);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let check = run(&spec, &out, true);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("is up to date with the spec and the 1 file it refers to"),
        "{}",
        stderr(&check)
    );
    std::fs::write(
        &thing,
        "type: object\nproperties:\n  title: {type: string}\n",
    )
    .unwrap();
    let check = run(&spec, &out, true);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("src/types.rs differs"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn bad_arguments_exit_1() {
    let dir = scratch("args");
    let missing = dir.join("missing.yaml");
    let output = run(&missing, &dir.join("out"), false);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );

    let output = codegen(&[Path::new("--spec")]);
    assert_eq!(output.status.code(), Some(1));

    let spec = write_spec(&dir, SPEC);
    let output = codegen(&[
        Path::new("--spec"),
        &spec,
        Path::new("--out"),
        &dir.join("out"),
        Path::new("--name"),
        Path::new("bad name!"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not a valid package name"));
}

#[test]
fn example_mismatches_are_warnings_unless_strict() {
    let dir = scratch("examples");
    let spec = write_spec(
        &dir,
        &SPEC.replace(
            "        name: {type: string}\n",
            "        name: {type: string, example: 42}\n",
        ),
    );
    let out = dir.join("out");

    let refused = codegen(&[
        Path::new("--spec"),
        &spec,
        Path::new("--out"),
        &out,
        Path::new("--strict-examples"),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains(
            "error: the example does not match its schema: expected a string, found a number"
        ),
        "{message}"
    );
    assert!(
        message.contains("#/components/schemas/Thing/properties/name"),
        "{message}"
    );
    assert!(!out.exists(), "nothing is written");

    for extra in [None, Some("--allow-example-mismatches")] {
        let _ = std::fs::remove_dir_all(&out);
        let mut args = vec![Path::new("--spec"), &spec, Path::new("--out"), &out];
        args.extend(extra.map(Path::new));
        let allowed = codegen(&args);
        assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
        assert!(
            stderr(&allowed).contains(
                "warning: the example does not match its schema: expected a string, found a number"
            ),
            "{}",
            stderr(&allowed)
        );
        assert!(out.join("src/types.rs").is_file());
    }
}

#[test]
fn many_warnings_of_a_kind_are_grouped_unless_verbose() {
    let dir = scratch("grouped");
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Many, version: 1.0.0}\nservers: [{url: 'https://api.example.com'}]\npaths:\n",
    );
    for i in 0..30 {
        text.push_str(&format!(
            "  /things{i}/{{id}}:\n    get:\n      operationId: getThing{i}\n      responses: {{'204': {{description: done}}}}\n"
        ));
    }
    let spec = write_spec(&dir, &text);
    let out = dir.join("out");
    let grouped = stderr(&run(&spec, &out, false));
    let undeclared = "warning: path parameter `{id}` of";
    assert_eq!(grouped.matches(undeclared).count(), 1, "{grouped}");
    assert!(
        grouped.contains("= note: 29 more like it (30 in all), the next ones at:"),
        "{grouped}"
    );
    assert!(
        grouped.contains("warning: 30 warnings in the spec"),
        "{grouped}"
    );
    assert!(grouped.contains("`--verbose` shows every one"), "{grouped}");
    let verbose = codegen(&[
        Path::new("--spec"),
        &spec,
        Path::new("--out"),
        &out,
        Path::new("--verbose"),
    ]);
    let verbose = stderr(&verbose);
    assert_eq!(verbose.matches(undeclared).count(), 30, "{verbose}");
    assert!(!verbose.contains("more like it"), "{verbose}");
}

#[test]
fn the_readme_shows_the_help_text_with_every_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--spec",
        "--out",
        "--name",
        "--check",
        "--deny-warnings",
        "--strict-examples",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} is missing from:\n{help}");
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    assert!(
        readme.contains(&format!("```text\n{help}```")),
        "README.md does not show `codegen --help` as it is now:\n{help}"
    );
}

#[test]
fn diff_names_each_change_and_fails_on_a_break_only_when_asked() {
    let dir = scratch("diff");
    let old = write_spec(&dir, SPEC);
    let new = dir.join("new.yaml");
    std::fs::write(
        &new,
        SPEC.replace("version: 1.0.0", "version: 1.1.0")
            .replace("name: {type: string}", "label: {type: string}"),
    )
    .unwrap();
    let diff = |extra: &[&str]| {
        let mut args = vec![
            Path::new("diff"),
            Path::new("--old"),
            &old,
            Path::new("--new"),
            &new,
        ];
        args.extend(extra.iter().map(Path::new));
        codegen(&args)
    };
    let output = diff(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("field `Thing::name` removed"), "{text}");
    assert!(text.contains("field `Thing::label` added"), "{text}");
    assert!(
        text.ends_with("Needed: a major release (1.0.0 -> 2.0.0 at least).\n"),
        "{text}"
    );

    assert_eq!(diff(&["--fail-on", "breaking"]).status.code(), Some(2));
    let json = diff(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["version_too_low"], true);

    // The same spec on both sides: nothing to report, nothing to fail on.
    let same = codegen(&[
        Path::new("diff"),
        Path::new("--old"),
        &old,
        Path::new("--new"),
        &old,
        Path::new("--fail-on"),
        Path::new("any"),
    ]);
    assert_eq!(same.status.code(), Some(0));
    // A spec that cannot be read is an error, as for generation.
    let missing = codegen(&[
        Path::new("diff"),
        Path::new("--old"),
        &dir.join("missing.yaml"),
        Path::new("--new"),
        &new,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );
}
