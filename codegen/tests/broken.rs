//! Broken specs, one per kind of mistake (`broken/*.yaml`, each saying what is wrong in its
//! first line; a spec split over files is a folder, `broken/multi/NAME/openapi.yaml`): the
//! `codegen` command exits 1, writes nothing, and shows what and where.

use std::path::Path;
use std::process::Command;

#[test]
fn diagnostics() {
    let scratch = scratch("broken");
    let mut count = 0;
    insta::glob!("broken/*.{yaml,json}", |path| {
        count += 1;
        let stderr = refused(path, &scratch);
        insta::assert_snapshot!(stderr);
    });
    assert!(count >= 15, "only {count} broken specs");
}

/// Specs split over files, each with a mistake in a file other than the entry, or in a
/// `$ref` between files: the diagnostic names that file, its line and column.
#[test]
fn multi_file_diagnostics() {
    let scratch = scratch("broken-multi");
    let mut count = 0;
    insta::glob!("broken/multi/*/openapi.yaml", |path| {
        count += 1;
        let stderr = refused(path, &scratch);
        insta::assert_snapshot!(stderr);
    });
    assert!(count >= 4, "only {count} broken specs split over files");
}

/// An empty folder for the outputs that must not be written.
fn scratch(name: &str) -> std::path::PathBuf {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    scratch
}

/// Runs `codegen` on the broken spec at `path`, which must fail quickly and write nothing;
/// its stderr.
fn refused(path: &Path, scratch: &Path) -> String {
    let name = path.file_name().unwrap();
    let folder = path.parent().unwrap();
    let out = scratch
        .join(folder.file_name().unwrap())
        .join(name)
        .with_extension("out");
    let started = std::time::Instant::now();
    // Run from the spec's folder, so diagnostics name it as `NAME.yaml` (and the files it
    // refers to from there).
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .current_dir(folder)
        .arg("--spec")
        .arg(name)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}:\n{stderr}",
        path.display()
    );
    assert!(!out.exists(), "{}: nothing is written", path.display());
    assert!(
        started.elapsed().as_secs() < 10,
        "{}: took {:?}",
        path.display(),
        started.elapsed()
    );
    assert!(
        !stderr.contains('\x1b'),
        "no colour when stderr is not a terminal"
    );
    stderr
}
