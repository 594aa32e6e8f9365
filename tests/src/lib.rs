//! Tests of the code generator and of the generated client; this library holds what the
//! test files share.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives one level below the workspace root")
}

/// The one target directory every scratch workspace is built in, so the generated crates'
/// dependencies are compiled once for all the tests (and for `cargo xtask conformance`,
/// whose `scratch_target` is the same directory): `scratch/` in `CARGO_TARGET_DIR` when it is
/// set, else in the workspace's `target/`. Cargo locks it, so tests that build at the same
/// time take turns.
pub fn scratch_target() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    };
    target.join("scratch")
}

/// The features generated crates are built with in these tests: all but the alternative TLS
/// backends, which need aws-lc's or the system's C libraries (the default, `rustls` with ring,
/// is on).
pub const FEATURES: &str = "blocking,mock";

/// A scratch Cargo workspace of generated crates, built in [`scratch_target`] and pinned to the versions this workspace tests with.
pub struct Scratch {
    dir: PathBuf,
    members: Vec<String>,
}

impl Scratch {
    /// An empty scratch workspace in `dir`.
    pub fn new(dir: PathBuf) -> Scratch {
        Scratch {
            dir,
            members: Vec::new(),
        }
    }

    /// Writes a generated crate as member `name`; returns its folder.
    pub fn add(&mut self, name: &str, files: &[codegen::OutputFile]) -> PathBuf {
        let crate_dir = self.dir.join(name);
        codegen::write::write(&crate_dir, files).expect("the scratch crate is written");
        self.members.push(format!("{name:?}"));
        crate_dir
    }

    /// Writes the workspace manifest and lock file, then runs `cargo ARGS` in it.
    pub fn cargo(&self, args: &[&str]) -> Output {
        self.cargo_with(args, &[])
    }

    /// [`Scratch::cargo`] with environment variables set (`RUSTDOCFLAGS`, for one).
    pub fn cargo_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let manifest = format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            self.members.join(", ")
        );
        std::fs::write(self.dir.join("Cargo.toml"), manifest).expect("the manifest is written");
        std::fs::copy(root().join("Cargo.lock"), self.dir.join("Cargo.lock"))
            .expect("the lock file is copied");
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", scratch_target())
            .envs(env.iter().copied())
            .output()
            .expect("cargo runs")
    }

    /// Runs clippy with `-D warnings` on every member, all targets and [`FEATURES`], going
    /// on past a member that fails: whether cargo succeeded, each member that does not
    /// compile cleanly with its error lines, and cargo's whole stderr.
    pub fn clippy_each(&self) -> Checked {
        self.clippy_each_with(&["--features", FEATURES])
    }

    /// [`Scratch::clippy_each`] with other arguments than `--features FEATURES`: the members
    /// (`-p NAME`) and the features to check them with.
    pub fn clippy_each_with(&self, args: &[&str]) -> Checked {
        let output = self.cargo(
            &[
                &["clippy", "--keep-going", "--all-targets"][..],
                args,
                &["--message-format", "short", "--", "-D", "warnings"],
            ]
            .concat(),
        );
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let failed = self
            .members
            .iter()
            .map(|quoted| quoted.trim_matches('"'))
            .filter(|name| stderr.contains(&format!("could not compile `{name}`")))
            .map(|name| {
                let errors = stderr
                    .lines()
                    .filter(|line| line.starts_with(&format!("{name}/")))
                    .map(str::to_string)
                    .collect();
                (name.to_string(), errors)
            })
            .collect();
        Checked {
            success: output.status.success(),
            failed,
            stderr,
        }
    }
}

/// What [`Scratch::clippy_each`] found.
pub struct Checked {
    /// Whether cargo succeeded.
    pub success: bool,
    /// The members that do not compile cleanly, each with its error lines.
    pub failed: Vec<(String, Vec<String>)>,
    /// Cargo's whole stderr.
    pub stderr: String,
}

/// The tag features of a generated crate, from its Cargo.toml, with how many operations
/// each compiles, largest first (by name among equals); empty when it has none.
pub fn tag_features(files: &[codegen::OutputFile]) -> Vec<(String, usize)> {
    let Some(toml) = files.iter().find(|f| f.path == "Cargo.toml") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut lines = toml.contents.lines();
    while let Some(line) = lines.next() {
        // `# The operations tagged "repos" (159 operations): ...` above `repos = []`.
        let Some(rest) = line.strip_prefix("# The operations tagged ") else {
            continue;
        };
        // The count follows the quoted tag, whatever the tag and the description hold.
        let count = rest.match_indices("\" (").find_map(|(at, _)| {
            let (count, unit) = rest[at + 3..].split_once(' ')?;
            unit.starts_with("operation")
                .then(|| count.parse::<usize>().ok())?
        });
        let name = lines
            .next()
            .and_then(|feature| feature.strip_suffix(" = []"));
        if let (Some(name), Some(count)) = (name, count) {
            found.push((name.to_string(), count));
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
}
