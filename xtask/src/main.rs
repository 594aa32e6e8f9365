//! Project tasks: `cargo xtask codegen [--check]` regenerates `generated/` from `spec/`;
//! `cargo xtask bench` measures the generator against progenitor; `cargo xtask breadth`
//! counts the specs of a folder that give a compiling crate, with both; `cargo xtask
//! conformance` calls every operation of a spec's crate against Prism and makes the round trip
//! of every component schema through its types; `cargo xtask semver` checks `codegen diff`'s
//! bumps against cargo-semver-checks on version histories.

mod bench;
mod breadth;
mod conformance;
mod measure;
mod roundtrip;
mod semver;
mod spec_diff;
mod streams;
mod synth;
mod throughput;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask bench [--runs N] [--specs LIST] [--skip-compile] [--skip-progenitor]
       cargo xtask breadth [DIR|FILE ...]
       cargo xtask conformance [SPEC|DIR ...]
       cargo xtask semver [DIR ...]

  codegen          regenerate generated/ from spec/recepta.yaml
  codegen --check  fail if generated/ is not what the spec gives
  bench            time generation and the generated crates' builds, next to progenitor
                   (`cargo xtask bench --help` for the options)
  breadth          how many specs of a folder give a crate that compiles, with codegen and
                   with progenitor, side by side (default: ../shared/corpus/'s wide/,
                   swagger2/, longtail/ and multi/)
  conformance      call every operation of each spec's crate against Prism (installed under
                   target/prism) and make the round trip of every component schema through
                   its types; report to target/conformance/ (default: spec/recepta.yaml and
                   tests/fixtures/)
  semver           for each step of each version history (default: the folders of
                   ../shared/corpus/versions/), the bump `codegen diff` reports next to
                   cargo-semver-checks' verdict on the two generated crates (installed under
                   target/semver-checks); reports in target/semver/report/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["bench", rest @ ..] => bench::main(&root(), rest),
        ["breadth", rest @ ..] => breadth::main(&root(), rest),
        ["conformance", rest @ ..] => conformance::main(&root(), rest),
        ["semver", rest @ ..] => semver::main(&root(), rest),
        [measure::SUBCOMMAND, rest @ ..] => measure::subcommand(rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(1)
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn codegen(check: bool) -> ExitCode {
    let root = root();
    let spec = root.join("spec/recepta.yaml");
    let out = root.join("generated");
    // Paths relative to the workspace root keep messages short and the same on every machine;
    // the files a split spec refers to are found from there too.
    let spec_shown = Path::new("spec/recepta.yaml");
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("cannot work in {}: {e}", root.display());
        return ExitCode::from(1);
    }
    let mut sources = 0;
    let result = codegen::Source::read(&spec)
        .and_then(|mut source| {
            source.file = spec_shown.display().to_string();
            codegen::generate_source(&source, None)
        })
        .inspect(|generated| sources = generated.sources.len())
        .and_then(|generated| {
            if !generated.warnings.is_empty() {
                eprint!(
                    "{}",
                    codegen::diagnostics::render(&generated.warnings, false)
                );
            }
            let files = generated.files;
            if check {
                codegen::write::check(&out, &files).map(|()| Vec::new())
            } else {
                codegen::write::write(&out, &files).map(|o| {
                    let mut lines: Vec<String> = o
                        .written
                        .iter()
                        .map(|p| format!("wrote generated/{p}"))
                        .collect();
                    lines.extend(o.removed.iter().map(|p| format!("removed generated/{p}")));
                    lines
                })
            }
        });
    match result {
        Ok(lines) => {
            for line in lines.iter().chain(&spec_diff::since_commit(&root)) {
                eprintln!("{line}");
            }
            if lines.is_empty() {
                // Every file the spec was read from was compared, not only the first.
                match sources.saturating_sub(1) {
                    0 => eprintln!("generated/ is up to date"),
                    1 => eprintln!(
                        "generated/ is up to date with the spec and the file it refers to"
                    ),
                    n => eprintln!(
                        "generated/ is up to date with the spec and the {n} files it refers to"
                    ),
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
