//! `cargo xtask bench --specs throughput`: how fast the generated types decode and encode a
//! large JSON response, next to the same structs with `#[derive(Serialize, Deserialize)]`.
//!
//! `wire_struct!` (codegen's `templates/wire.rs`) is there to make generated crates quicker
//! to compile; this measure keeps its run-time cost in view. The crate codegen writes for
//! `xtask/throughput/contacts.yaml` and a program (`xtask/throughput/main.rs`, with the
//! derived mirror of its types) go to `target/bench/throughput/`, a workspace of their own,
//! built with `--release`. The program checks that both sides give the same JSON, times
//! decoding and encoding a page of 50,000 contacts on each side in turn and prints the
//! medians, which [`measure`] turns into a table.

use crate::measure;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Its name among the bench's `--specs`.
pub const KEY: &str = "throughput";

const SPEC: &str = include_str!("../throughput/contacts.yaml");
const SPEC_SHOWN: &str = "xtask/throughput/contacts.yaml";
const PROGRAM: &str = include_str!("../throughput/main.rs");
const CRATE: &str = "throughput-contacts";

const WORKSPACE_MANIFEST: &str = "\
# Written by `cargo xtask bench`: the generated crate and the program that times it.
[workspace]
resolver = \"2\"
members = [\"contacts\", \"program\"]
";

const PROGRAM_MANIFEST: &str = "\
# Written by `cargo xtask bench`.
[package]
name = \"throughput\"
version = \"0.0.0\"
edition = \"2021\"
publish = false

[dependencies]
throughput-contacts = { path = \"../contacts\", default-features = false }
serde = { version = \"1\", features = [\"derive\"] }
serde_json = { version = \"1\", features = [\"preserve_order\"] }
chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }

[target.'cfg(unix)'.dependencies]
libc = \"0.2\"
";

const BUILD_TIMEOUT: Duration = Duration::from_secs(30 * 60);
const RUN_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// What the rows measure, printed under the table.
const LEGEND: &str = "\
generated: the types codegen writes (wire_struct!); derive: the same structs, fields and
  field types with #[derive(Serialize, Deserialize)] and serde's rename, default and
  skip_serializing_if (xtask/throughput/main.rs); both give the same JSON, checked first.
decode: serde_json::from_str of the whole page; encode: serde_json::to_writer into a
  reused buffer; encode to Value: serde_json::to_value (dropping the value is not timed).
  Times are the CPU time of the program's thread, each side in turn, the order swapped
  every iteration. MB/s are of the JSON text; ratio: generated MB/s / derive MB/s (above 1: the generated
  types are faster).
";

/// The program's medians.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub contacts: u64,
    pub iterations: u64,
    pub decoded_bytes: u64,
    pub encoded_bytes: u64,
    pub decode_generated: Duration,
    pub decode_derive: Duration,
    pub encode_generated: Duration,
    pub encode_derive: Duration,
    pub encode_value_generated: Duration,
    pub encode_value_derive: Duration,
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
            contacts: value("contacts")?,
            iterations: value("iterations")?,
            decoded_bytes: value("decoded_bytes")?,
            encoded_bytes: value("encoded_bytes")?,
            decode_generated: time("decode_generated_ns")?,
            decode_derive: time("decode_derive_ns")?,
            encode_generated: time("encode_generated_ns")?,
            encode_derive: time("encode_derive_ns")?,
            encode_value_generated: time("encode_value_generated_ns")?,
            encode_value_derive: time("encode_value_derive_ns")?,
        })
    }

    /// The table: one row for decoding, one for encoding.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\n== throughput: a page of {} contacts ({:.1} MB of JSON; encoded {:.1} MB), \
             medians of {} iterations",
            crate::bench::thousands(self.contacts as usize),
            self.decoded_bytes as f64 / 1e6,
            self.encoded_bytes as f64 / 1e6,
            self.iterations,
        );
        let head = ["", "generated", "derive", "generated/derive"].map(String::from);
        let row = |label: &str, bytes: u64, ours: Duration, theirs: Duration| {
            let (a, b) = (rate(bytes, ours), rate(bytes, theirs));
            [
                label.to_string(),
                format!("{a:.0} MB/s ({})", millis(ours)),
                format!("{b:.0} MB/s ({})", millis(theirs)),
                format!("{:.2}", a / b),
            ]
        };
        let rows = [
            row(
                "decode",
                self.decoded_bytes,
                self.decode_generated,
                self.decode_derive,
            ),
            row(
                "encode",
                self.encoded_bytes,
                self.encode_generated,
                self.encode_derive,
            ),
            row(
                "encode to Value",
                self.encoded_bytes,
                self.encode_value_generated,
                self.encode_value_derive,
            ),
        ];
        out.push_str(&crate::bench::layout(&head, &rows));
        out.push_str(LEGEND);
        out
    }
}

/// MB per second.
fn rate(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

fn millis(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1e3)
}

/// Generates, builds and runs the program under `work` (the bench's directory); returns the
/// report's section, or why there is none.
pub fn measure(work: &Path) -> Result<String, String> {
    let dir = work.join(KEY);
    write_workspace(&dir)?;
    crate::bench::note("throughput: building the generated crate and the program with --release");
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
            "throughput",
        ]);
    match measure::run(&mut build, BUILD_TIMEOUT) {
        Ok(f) if f.success() => {}
        Ok(f) => return Err(format!("the program does not build: {}", f.failure())),
        Err(e) => return Err(format!("cannot run cargo: {e}")),
    }
    crate::bench::note("throughput: measuring");
    let program = target.join("release").join(crate::bench::exe("throughput"));
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
    codegen::write::write(&dir.join("contacts"), &generated.files)
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

    const PRINTED: &str = "contacts=50000\niterations=11\ndecoded_bytes=20000000\n\
        encoded_bytes=21000000\ndecode_generated_ns=100000000\ndecode_derive_ns=125000000\n\
        encode_generated_ns=42000000\nencode_derive_ns=40000000\n\
        encode_value_generated_ns=210000000\nencode_value_derive_ns=210000000\n";

    #[test]
    fn the_programs_medians_are_read_and_shown_as_rates_and_ratios() {
        let figures = Figures::parse(PRINTED).unwrap();
        assert_eq!(figures.contacts, 50_000);
        assert_eq!(figures.decode_derive, Duration::from_millis(125));
        let table = figures.render();
        assert!(
            table.contains("a page of 50,000 contacts (20.0 MB of JSON"),
            "{table}"
        );
        let decode = table.lines().find(|l| l.starts_with("decode")).unwrap();
        assert!(decode.contains("200 MB/s (100.0 ms)"), "{decode}");
        assert!(decode.contains("160 MB/s (125.0 ms)"), "{decode}");
        assert!(decode.ends_with("1.25"), "{decode}");
        let encode = table.lines().find(|l| l.starts_with("encode")).unwrap();
        assert!(encode.contains("500 MB/s (42.0 ms)"), "{encode}");
        assert!(encode.ends_with("0.95"), "{encode}");
        let value = table
            .lines()
            .find(|l| l.starts_with("encode to Value"))
            .unwrap();
        assert!(value.contains("100 MB/s (210.0 ms)"), "{value}");
        assert!(value.ends_with("1.00"), "{value}");
    }

    #[test]
    fn a_missing_figure_is_an_error_naming_it() {
        let cut = PRINTED.replace("encode_derive_ns", "other");
        let error = Figures::parse(&cut).unwrap_err();
        assert!(error.contains("`encode_derive_ns`"), "{error}");
    }

    #[test]
    fn the_spec_gives_every_kind_of_field_without_warnings() {
        let source = codegen::Source {
            file: SPEC_SHOWN.to_string(),
            text: SPEC.to_string(),
        };
        let generated = codegen::generate_source(&source, Some(CRATE)).unwrap();
        assert!(generated.warnings.is_empty());
        let types = generated
            .files
            .iter()
            .find(|f| f.path == "src/types.rs")
            .unwrap();
        for presence in ["required", "optional", "nullable", "required_nullable"] {
            assert!(
                types.contents.contains(&format!("=> {presence}")),
                "no `{presence}` field"
            );
        }
    }

    /// The mirror has the generated structs' fields, with the wire names they send.
    #[test]
    fn the_derived_mirror_has_the_generated_fields() {
        let source = codegen::Source {
            file: SPEC_SHOWN.to_string(),
            text: SPEC.to_string(),
        };
        let generated = codegen::generate_source(&source, Some(CRATE)).unwrap();
        let types = &generated
            .files
            .iter()
            .find(|f| f.path == "src/types.rs")
            .unwrap()
            .contents;
        let mut structs = 0;
        for table in types.split("wire_struct! {").skip(1) {
            let table = &table[..table.find("\n}").unwrap()];
            let name = table.split_whitespace().next().unwrap();
            let start = PROGRAM
                .find(&format!("pub struct {name} {{"))
                .unwrap_or_else(|| panic!("no mirror of `{name}`"));
            let mirror = &PROGRAM[start..start + PROGRAM[start..].find("\n    }").unwrap()];
            for line in table.lines().filter(|l| l.contains("=>")) {
                let (field, rest) = line.trim().split_once(": ").unwrap();
                let wire = rest.split('"').nth(1).unwrap();
                assert!(
                    mirror.contains(&format!("pub {field}: ")),
                    "`{name}.{field}` is not in the mirror"
                );
                if wire != field {
                    assert!(
                        mirror.contains(&format!("rename = \"{wire}\"")),
                        "`{name}.{field}` is not renamed to `{wire}` in the mirror"
                    );
                }
            }
            let fields = table.lines().filter(|l| l.contains("=>")).count();
            assert_eq!(
                mirror.matches("        pub ").count(),
                fields,
                "`{name}` has other fields in the mirror"
            );
            structs += 1;
        }
        assert_eq!(structs, 4);
    }
}
