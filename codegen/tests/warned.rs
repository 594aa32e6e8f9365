//! Specs with mistakes whose intent is clear (`warned/*.yaml`, each saying what in its first
//! line; a line `# args: ...` gives more arguments): the `codegen` command writes the crate,
//! exits 0, and warns with what and where.

use std::path::Path;
use std::process::Command;

#[test]
fn warnings() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("warned");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let mut count = 0;
    insta::glob!("warned/*.yaml", |path| {
        count += 1;
        let name = path.file_name().unwrap();
        let out = scratch.join(name).with_extension("out");
        // A line `# args: ...` gives the command's other arguments.
        let text = std::fs::read_to_string(path).unwrap();
        let args: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("# args: "))
            .flat_map(str::split_whitespace)
            .collect();
        // Run from the spec's folder, so diagnostics name it as `NAME.yaml`.
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .current_dir(path.parent().unwrap())
            .arg("--spec")
            .arg(name)
            .arg("--out")
            .arg(&out)
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}:\n{stderr}",
            path.display()
        );
        assert!(
            out.join("src/lib.rs").is_file(),
            "{}: the crate is written",
            path.display()
        );
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|line| !line.starts_with("wrote "))
            .collect();
        assert!(
            warnings.iter().any(|line| line.starts_with("warning: ")),
            "{}: warns",
            path.display()
        );
        insta::assert_snapshot!(warnings.join("\n"));
    });
    assert!(count >= 4, "only {count} warned specs");
}
