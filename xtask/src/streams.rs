//! `cargo xtask bench --specs streams`: how fast the generated crate decodes a streamed
//! answer, next to serde_json reading the same events as JSON Lines.
//!
//! The crate codegen writes for the `chat` fixture (`tests/fixtures/chat.yaml`) and a program
//! (`xtask/streams/main.rs`) go to `target/bench/streams/`, a workspace of their own, built
//! with `--release`. The program checks that every way gives the same events, times each and
//! prints the medians, which [`Figures`] turns into a table with two ratios: to serde_json
//! reading the JSON Lines as they arrive (what an app streaming the answer without the
//! generated crate would write), and to serde_json reading them whole from memory (a bound no
//! stream reaches, since it needs the whole body first).

use crate::measure;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Its name among the bench's `--specs`.
pub const KEY: &str = "streams";

const SPEC: &str = include_str!("../../tests/fixtures/chat.yaml");
const SPEC_SHOWN: &str = "tests/fixtures/chat.yaml";
const PROGRAM: &str = include_str!("../streams/main.rs");
const CRATE: &str = "fixture-chat";

const WORKSPACE_MANIFEST: &str = "\
# Written by `cargo xtask bench`: the generated crate and the program that times it.
[workspace]
resolver = \"2\"
members = [\"chat\", \"program\"]
";

const PROGRAM_MANIFEST: &str = "\
# Written by `cargo xtask bench`.
[package]
name = \"streams\"
version = \"0.0.0\"
edition = \"2021\"
publish = false

[dependencies]
fixture-chat = { path = \"../chat\" }
bytes = \"1\"
futures-core = \"0.3\"
serde_json = { version = \"1\", features = [\"preserve_order\"] }

[target.'cfg(unix)'.dependencies]
libc = \"0.2\"
";

const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);
const RUN_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// What the rows measure, printed under the table.
const LEGEND: &str = "\
sse: the server-sent events (`id:` and `data:` lines, a comment, `[DONE]`) through the
  generated EventStream, the body in 16 KiB chunks; lines: the same events as JSON Lines
  through the generated LineStream, in the same chunks; serde_json (reader): those JSON Lines
  read by serde_json's StreamDeserializer from a reader giving 16 KiB a read, through a
  BufReader; serde_json (whole): the same from the whole body in memory. Each decodes every
  event into the fixture's CompletionEvent union; all four give the same events, checked
  first. Times are the CPU time of the program's thread, the order rotated every iteration.
  vs reader, vs whole: that baseline's time / this row's (above 1: faster than it).
";

/// The program's medians.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub events: u64,
    pub iterations: u64,
    pub sse_bytes: u64,
    pub lines_bytes: u64,
    pub sse: Duration,
    pub lines: Duration,
    pub serde_json_reader: Duration,
    pub serde_json: Duration,
}

impl Figures {
    /// Reads the program's `key=value` lines.
    pub fn parse(stdout: &str) -> Result<Figures, String> {
        let value = |key: &str| {
            stdout
                .lines()
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| *k == key)
                .and_then(|(_, v)| v.trim().parse::<u64>().ok())
                .ok_or(format!("the program printed no `{key}`"))
        };
        let time = |key: &str| value(key).map(Duration::from_nanos);
        Ok(Figures {
            events: value("events")?,
            iterations: value("iterations")?,
            sse_bytes: value("sse_bytes")?,
            lines_bytes: value("lines_bytes")?,
            sse: time("sse_ns")?,
            lines: time("lines_ns")?,
            serde_json_reader: time("serde_json_reader_ns")?,
            serde_json: time("serde_json_ns")?,
        })
    }

    /// The table: one row per way.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n== streams: {} chat-completion events ({:.1} MB as server-sent events, {:.1} MB \
             as JSON Lines), medians of {} iterations",
            crate::bench::thousands(self.events as usize),
            self.sse_bytes as f64 / 1e6,
            self.lines_bytes as f64 / 1e6,
            self.iterations,
        );
        let head = ["", "time", "events/s", "vs reader", "vs whole"].map(String::from);
        let ratio = |baseline: Duration, time: Duration| {
            format!(
                "{:.2}",
                baseline.as_secs_f64() / time.as_secs_f64().max(1e-9)
            )
        };
        let row = |label: &str, time: Duration| {
            [
                label.to_string(),
                format!("{:.1} ms", time.as_secs_f64() * 1e3),
                format!(
                    "{:.2} M",
                    self.events as f64 / time.as_secs_f64().max(1e-9) / 1e6
                ),
                ratio(self.serde_json_reader, time),
                ratio(self.serde_json, time),
            ]
        };
        let rows = [
            row("sse (EventStream)", self.sse),
            row("lines (LineStream)", self.lines),
            row("serde_json (reader)", self.serde_json_reader),
            row("serde_json (whole)", self.serde_json),
        ];
        out.push_str(&crate::bench::layout(&head, &rows));
        out.push_str(LEGEND);
        out
    }
}

/// Generates, builds and runs the program under `work` (the bench's directory); returns the
/// report's section, or why there is none.
pub fn measure(work: &Path) -> Result<String, String> {
    let dir = work.join(KEY);
    write_workspace(&dir)?;
    crate::bench::note("streams: building the generated crate and the program with --release");
    let target = dir.join("target");
    let mut build = crate::bench::cargo();
    build
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "build",
            "--release",
            "--message-format",
            "short",
            "-p",
            "streams",
        ]);
    match measure::run(&mut build, BUILD_TIMEOUT) {
        Ok(f) if f.success() => {}
        Ok(f) => return Err(format!("the program does not build: {}", f.failure())),
        Err(e) => return Err(format!("cannot run cargo: {e}")),
    }
    crate::bench::note("streams: measuring");
    let program = target.join("release").join(crate::bench::exe("streams"));
    match measure::run(&mut Command::new(&program), RUN_TIMEOUT) {
        Ok(f) if f.success() => Figures::parse(&f.stdout).map(|f| f.render()),
        Ok(f) => Err(format!("the program failed: {}", f.failure())),
        Err(e) => Err(format!("cannot run {}: {e}", program.display())),
    }
}

/// Writes the generated crate, the program and their workspace into `dir`, each file only
/// when it changed (so cargo rebuilds only what did).
fn write_workspace(dir: &Path) -> Result<(), String> {
    let source = codegen::Source {
        file: SPEC_SHOWN.to_string(),
        text: SPEC.to_string(),
    };
    let generated =
        codegen::generate_source(&source, Some(CRATE)).map_err(|e| format!("codegen: {e}"))?;
    codegen::write::write(&dir.join("chat"), &generated.files)
        .map_err(|e| format!("cannot write the generated crate: {e}"))?;
    let files: [(PathBuf, &str); 3] = [
        (dir.join("Cargo.toml"), WORKSPACE_MANIFEST),
        (dir.join("program/Cargo.toml"), PROGRAM_MANIFEST),
        (dir.join("program/src/main.rs"), PROGRAM),
    ];
    for (path, text) in files {
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // The repository's lock file: the versions `generated/` is tested with, no index update.
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        let root = dir.ancestors().nth(3).unwrap_or(dir);
        let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_medians_are_read_and_shown_with_their_ratios_to_serde_json() {
        let printed = "events=1000\niterations=3\nsse_bytes=2000000\nlines_bytes=1000000\n\
            sse_ns=50000000\nlines_ns=40000000\nserde_json_reader_ns=60000000\n\
            serde_json_ns=40000000\n";
        let figures = Figures::parse(printed).unwrap();
        assert_eq!(figures.sse, Duration::from_millis(50));
        let table = figures.render();
        let sse = table.lines().find(|l| l.contains("EventStream")).unwrap();
        assert!(sse.contains("1.20") && sse.contains("0.80"), "{table}");
        let lines = table.lines().find(|l| l.contains("LineStream")).unwrap();
        assert!(lines.contains("1.50") && lines.contains("1.00"), "{table}");
        assert_eq!(
            Figures::parse("events=1").unwrap_err(),
            "the program printed no `iterations`"
        );
    }
}
