//! Broken specs, one per kind of mistake (`broken/*.yaml`, each saying what is wrong in its
//! first line): the `codegen` command exits 1, writes nothing, and shows what and where.

use std::path::Path;
use std::process::Command;

#[test]
fn diagnostics() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let mut count = 0;
    insta::glob!("broken/*.{yaml,json}", |path| {
        count += 1;
        let name = path.file_name().unwrap();
        let out = scratch.join(name).with_extension("out");
        let started = std::time::Instant::now();
        // Run from the spec's folder, so diagnostics name it as `NAME.yaml`.
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .current_dir(path.parent().unwrap())
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
        insta::assert_snapshot!(stderr);
    });
    assert!(count >= 15, "only {count} broken specs");
}
