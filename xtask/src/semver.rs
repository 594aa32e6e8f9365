//! `cargo xtask semver [DIR...]`: for each step of each version history (a folder of specs
//! whose names sort in order; default: every folder of `../shared/corpus/versions/`), the
//! bump `codegen diff` says the crate needs, next to the verdict of cargo-semver-checks on
//! the two generated crates' public APIs.
//!
//! Both crates are generated under the same package name and version (1.0.0, so that the
//! verdict is in plain SemVer terms), one at a time in one scratch workspace whose target
//! directory is shared, so dependencies are built once; each version's rustdoc JSON is made
//! once and compared with cargo-semver-checks' rustdoc mode. The scratch crate and the JSON
//! are removed at the end; the reports stay in `target/semver/report/`.

use codegen::diff::Bump;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The package name both crates of a step get.
const PACKAGE: &str = "semver-subject";

/// One step's verdicts.
struct Step {
    name: String,
    ours: Bump,
    theirs: Result<Bump, String>,
}

impl Step {
    /// The report agrees when both call for a major release or both do not, and the report
    /// asks for at least the minor release that cargo-semver-checks asks for (it has no lint
    /// for an addition, which the report counts as minor).
    fn agrees(&self) -> Option<bool> {
        let theirs = *self.theirs.as_ref().ok()?;
        Some((self.ours == Bump::Major) == (theirs == Bump::Major) && self.ours >= theirs)
    }
}

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let dirs: Vec<PathBuf> = if args.is_empty() {
        let versions = root.join("../shared/corpus/versions");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&versions)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.retain(|d| d.is_dir());
        dirs.sort();
        dirs
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    if dirs.is_empty() {
        eprintln!("semver: no version history found (give folders of specs)");
        return ExitCode::from(1);
    }
    let tool = match install(root) {
        Ok(tool) => tool,
        Err(e) => {
            eprintln!("semver: {e}");
            return ExitCode::from(1);
        }
    };
    let work = root.join("target/semver");
    let mut run = Run {
        root,
        work: &work,
        tool: &tool,
        json: BTreeMap::new(),
    };
    let mut steps = Vec::new();
    let mut skipped = 0;
    for dir in &dirs {
        for pair in specs(dir).windows(2) {
            match run.step(dir, &pair[0], &pair[1]) {
                Ok(step) => {
                    print_step(&step);
                    steps.push(step);
                }
                Err(e) => {
                    skipped += 1;
                    println!("{}: skipped: {e}", step_name(dir, &pair[0], &pair[1]));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(work.join("crate"));
    let _ = std::fs::remove_dir_all(work.join("json"));
    summary(&steps, skipped)
}

fn print_step(step: &Step) {
    let theirs = match &step.theirs {
        Ok(bump) => bump.as_str().to_string(),
        Err(e) => format!("no verdict ({e})"),
    };
    let agreement = match step.agrees() {
        Some(true) => "agree",
        Some(false) => "DISAGREE",
        None => "not compared",
    };
    println!(
        "{}: report {}, cargo-semver-checks {theirs}: {agreement}",
        step.name,
        step.ours.as_str()
    );
}

fn summary(steps: &[Step], skipped: usize) -> ExitCode {
    let compared: Vec<&Step> = steps.iter().filter(|s| s.agrees().is_some()).collect();
    let agree = compared.iter().filter(|s| s.agrees() == Some(true)).count();
    let major_ours = steps.iter().filter(|s| s.ours == Bump::Major).count();
    let major_theirs = steps
        .iter()
        .filter(|s| matches!(s.theirs, Ok(Bump::Major)))
        .count();
    println!(
        "breaking steps: {major_ours} of {} per the report, {major_theirs} of {} per cargo-semver-checks",
        steps.len(),
        compared.len()
    );
    let skipped = match skipped {
        0 => String::new(),
        n => format!(" ({n} skipped: a spec of the step gives no crate)"),
    };
    println!("semver: {agree} of {} steps agree{skipped}", compared.len());
    if compared.is_empty() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The specs of a history, in order.
fn specs(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    specs.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
    });
    specs.sort();
    specs
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn step_name(dir: &Path, old: &Path, new: &Path) -> String {
    let history = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{history} {} -> {}", stem(old), stem(new))
}

/// Installs cargo-semver-checks with its script (once) and gives its path.
fn install(root: &Path) -> Result<PathBuf, String> {
    let script = root.join("xtask/semver/install.sh");
    let output = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed:\n{}",
            script.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
    ))
}

/// What the steps of one run share.
struct Run<'a> {
    root: &'a Path,
    work: &'a Path,
    tool: &'a Path,
    /// Each spec's rustdoc JSON, made once.
    json: BTreeMap<PathBuf, Result<PathBuf, String>>,
}

impl Run<'_> {
    /// One step: the report's bump and cargo-semver-checks' verdict, both written to
    /// `target/semver/report/`. An error when a spec gives no crate.
    fn step(&mut self, dir: &Path, old: &Path, new: &Path) -> Result<Step, String> {
        let name = step_name(dir, old, new);
        let report = codegen::diff::between(&source(old)?, &source(new)?, &settings())
            .map_err(|e| format!("a spec does not lower ({})", first_line(&e.to_string())))?;
        let old_json = self.rustdoc(old)?;
        let new_json = self.rustdoc(new)?;
        let output = Command::new(self.tool)
            .arg("semver-checks")
            .arg("--baseline-rustdoc")
            .arg(&old_json)
            .arg("--current-rustdoc")
            .arg(&new_json)
            .output()
            .map_err(|e| format!("cannot run cargo-semver-checks: {e}"))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let theirs = verdict(&text);
        let out = self.work.join("report").join(name.replace(' ', "_"));
        let _ = std::fs::create_dir_all(out.parent().unwrap_or(self.work));
        let _ = std::fs::write(
            out.with_extension("txt"),
            format!(
                "# codegen diff\n{}\n# cargo-semver-checks\n{text}",
                report.to_text()
            ),
        );
        Ok(Step {
            name,
            ours: report.bump(),
            theirs,
        })
    }

    /// The rustdoc JSON of the crate of `spec`.
    fn rustdoc(&mut self, spec: &Path) -> Result<PathBuf, String> {
        if let Some(done) = self.json.get(spec) {
            return done.clone();
        }
        let made = self.make_rustdoc(spec);
        self.json.insert(spec.to_path_buf(), made.clone());
        made
    }

    fn make_rustdoc(&self, spec: &Path) -> Result<PathBuf, String> {
        let krate = self.work.join("crate");
        let _ = std::fs::remove_dir_all(&krate);
        let mut settings = settings();
        settings.name = Some(PACKAGE);
        let generated = codegen::generate_source_with(&source(spec)?, &settings)
            .map_err(|e| format!("no crate ({})", first_line(&e.to_string())))?;
        codegen::write::write(&krate, &generated.files).map_err(|e| e.to_string())?;
        same_version(&krate.join("Cargo.toml"))?;
        std::fs::write(
            self.work.join("Cargo.toml"),
            "# Written by `cargo xtask semver`.\n[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n",
        )
        .map_err(|e| e.to_string())?;
        // The same dependency versions as `generated/`, and no index update.
        if !self.work.join("Cargo.lock").exists() {
            let _ = std::fs::copy(self.root.join("Cargo.lock"), self.work.join("Cargo.lock"));
        }
        let target = self.work.join("target");
        let output = Command::new(env!("CARGO"))
            .current_dir(self.work)
            .env("CARGO_TARGET_DIR", &target)
            // Rustdoc's JSON output is unstable; the stable toolchain writes it when asked so.
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["rustdoc", "--quiet", "--lib", "-p", PACKAGE])
            .args(["--features", "blocking,mock", "--"])
            .args(["-Z", "unstable-options", "--output-format", "json"])
            .output()
            .map_err(|e| format!("cannot run cargo rustdoc: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "cargo rustdoc failed: {}",
                first_line(&String::from_utf8_lossy(&output.stderr))
            ));
        }
        let json_dir = self.work.join("json");
        std::fs::create_dir_all(&json_dir).map_err(|e| e.to_string())?;
        let kept = json_dir.join(format!("{}.json", self.json.len()));
        let made = target.join(format!("doc/{}.json", PACKAGE.replace('-', "_")));
        std::fs::rename(&made, &kept).map_err(|e| format!("no rustdoc JSON: {e}"))?;
        Ok(kept)
    }
}

/// Sets the crate's version to 1.0.0, so that both crates of a step have the same and the
/// verdict is in SemVer's terms, not Cargo's for 0.x.
fn same_version(manifest: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| e.to_string())?;
    let mut done = false;
    let text: Vec<String> = text
        .lines()
        .map(|line| {
            if !done && line.starts_with("version = ") {
                done = true;
                "version = \"1.0.0\"".to_string()
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(manifest, text.join("\n") + "\n").map_err(|e| e.to_string())
}

/// cargo-semver-checks' verdict from its output: the update its summary says is required.
fn verdict(output: &str) -> Result<Bump, String> {
    let summary = output
        .lines()
        .find(|l| l.trim_start().starts_with("Summary"))
        .ok_or_else(|| format!("no summary: {}", first_line(output)))?;
    if summary.contains("new major version") {
        Ok(Bump::Major)
    } else if summary.contains("new minor version") {
        Ok(Bump::Minor)
    } else if summary.contains("no semver update required") {
        Ok(Bump::Patch)
    } else {
        Err(format!("unknown summary: {}", summary.trim()))
    }
}

fn source(path: &Path) -> Result<codegen::Source, String> {
    codegen::Source::read(path).map_err(|e| e.to_string())
}

/// Generation's settings for specs one does not control, as `cargo xtask breadth` has them.
fn settings() -> codegen::Settings<'static> {
    codegen::Settings {
        name: None,
        example_mismatches_are_warnings: true,
        allow_missing_refs: true,
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_is_the_update_the_summary_requires() {
        let major =
            "     Summary semver requires new major version: 2 major and 0 minor checks failed";
        assert_eq!(verdict(major), Ok(Bump::Major));
        let minor =
            "     Summary semver requires new minor version: 0 major and 1 minor checks failed";
        assert_eq!(verdict(minor), Ok(Bump::Minor));
        let none = "     Summary no semver update required";
        assert_eq!(verdict(none), Ok(Bump::Patch));
        assert!(verdict("error: unsupported rustdoc format").is_err());
    }

    #[test]
    fn a_step_agrees_on_a_major_release_and_on_at_least_their_minor_one() {
        let step = |ours, theirs| Step {
            name: String::new(),
            ours,
            theirs: Ok(theirs),
        };
        assert_eq!(step(Bump::Major, Bump::Major).agrees(), Some(true));
        assert_eq!(step(Bump::Minor, Bump::Patch).agrees(), Some(true));
        assert_eq!(step(Bump::Patch, Bump::Minor).agrees(), Some(false));
        assert_eq!(step(Bump::Major, Bump::Patch).agrees(), Some(false));
        assert_eq!(step(Bump::Minor, Bump::Major).agrees(), Some(false));
    }
}
