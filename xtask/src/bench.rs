//! `cargo xtask bench`: how fast codegen is, and what its output costs, next to progenitor.
//!
//! For each spec it measures, as medians of `--runs` runs: parsing (text into `openapiv3`,
//! in memory), generation (text into files, in memory, nothing written) and its phases
//! (parse, lower, emit, render), the `codegen` binary as a process (wall time and peak
//! memory, writing the crate), the lines of the generated crate and its clean debug build
//! with dependencies already built. progenitor (the `bench/` crate, its own workspace) is
//! measured the same way on the same specs; where it panics or fails, the table says so
//! instead of a number. [`LEGEND`] says what each row covers.
//!
//! Everything it writes is under `target/bench/`: the synthetic spec, the generated crates
//! in two scratch workspaces (one per generator, each with a target directory that keeps
//! dependencies between runs), and `report.txt`, a copy of what it prints.

use crate::measure::{self, Finished};
use crate::streams;
use crate::synth;
use crate::throughput;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask bench [--runs N] [--specs LIST] [--skip-compile] [--skip-progenitor]

  --runs N           runs per measure; the table shows medians (default 3)
  --specs LIST       comma-separated, from: recepta, synthetic, nexus, github, plaid,
                     throughput, streams (default: all; corpus specs missing from
                     ../shared/corpus are skipped; throughput times decoding and encoding
                     50,000 contacts with the generated types and with derived ones;
                     streams times decoding 100,000 chat events as server-sent events
                     and JSON Lines, next to serde_json)
  --skip-compile     do not build the generated crates
  --skip-progenitor  measure codegen alone

Prints a table per spec and saves it to target/bench/report.txt.";

const SPECS: &[&str] = &[
    "recepta",
    "synthetic",
    "nexus",
    "github",
    "plaid",
    throughput::KEY,
    streams::KEY,
];

/// What the rows measure, printed once at the top of the report.
const LEGEND: &str = "\
parse: spec text into openapiv3 (codegen: load::parse, with checks and positions for
  diagnostics; progenitor: serde_json / serde_yaml straight into openapiv3).
generation: text into files in memory (codegen: generate_source_with, which also lints and
  checks examples; progenitor: parse, Generator::generate_tokens, prettyplease), with its
  phases timed apart: spec -> tokens is lower + emit / generate_tokens, tokens -> text is
  render / syn + prettyplease. codegen's render spells each item's tokens again where it
  formats it, on every core; its emit is that spelling alone, on one thread.
generator process: the release binary writing the crate: wall time, peak resident memory.
lines: of the crate's .rs files; codegen's include its runtime (client, errors, retries),
  progenitor's runtime is the progenitor-client crate.
clean debug build: `cargo build` of the crate after `cargo clean -p` of it alone, its
  dependencies built; its peak memory is that of cargo and rustc.
";

/// The synthetic spec: its seed and size.
const SYNTHETIC_SEED: u64 = 20_240_601;
const SYNTHETIC_SIZE: synth::Size = synth::Size {
    operations: 2_000,
    schemas: 3_000,
};

const GENERATION_TIMEOUT: Duration = Duration::from_secs(20 * 60);
const BUILD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

struct Options {
    runs: usize,
    specs: Vec<&'static str>,
    compile: bool,
    progenitor: bool,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        runs: 3,
        specs: SPECS.to_vec(),
        compile: true,
        progenitor: true,
    };
    let mut args = args.iter();
    while let Some(&arg) = args.next() {
        match arg {
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("`--runs` needs a number above 0")?;
            }
            "--specs" => {
                let list = args.next().ok_or("`--specs` needs a list")?;
                options.specs = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|name| {
                        SPECS
                            .iter()
                            .find(|s| **s == name)
                            .copied()
                            .ok_or(format!("unknown spec `{name}`"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--skip-compile" => options.compile = false,
            "--skip-progenitor" => options.progenitor = false,
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(options)
}

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    if args.iter().any(|a| matches!(*a, "--help" | "-h")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match options(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(1);
        }
    };
    let target = target_dir(root);
    // The library is timed in this process, so this process must be optimized: a debug
    // xtask builds its release self (and the release codegen binary) and hands over.
    if cfg!(debug_assertions) {
        note("building codegen and xtask with --release");
        let built = cargo()
            .current_dir(root)
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "codegen",
                "-p",
                "xtask",
            ])
            .status();
        if !built.is_ok_and(|s| s.success()) {
            eprintln!("error: `cargo build --release -p codegen -p xtask` failed");
            return ExitCode::from(1);
        }
        let release = target.join("release").join(exe("xtask"));
        let status = Command::new(&release).arg("bench").args(args).status();
        return match status {
            Ok(status) if status.success() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                eprintln!("error: cannot run {}: {e}", release.display());
                ExitCode::from(1)
            }
        };
    }
    let codegen_bin = target.join("release").join(exe("codegen"));
    if !codegen_bin.exists() {
        note("building the codegen binary with --release");
        let built = cargo()
            .current_dir(root)
            .args(["build", "--release", "--quiet", "-p", "codegen"])
            .status();
        if !built.is_ok_and(|s| s.success()) {
            eprintln!("error: `cargo build --release -p codegen` failed");
            return ExitCode::from(1);
        }
    }
    let work = target.join("bench");
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("error: cannot create {}: {e}", work.display());
        return ExitCode::from(1);
    }
    let bench = Bench {
        root: root.to_path_buf(),
        work: work.clone(),
        codegen_bin,
        progenitor_bin: None,
        runs: options.runs,
    };
    match run(bench, &options, args) {
        Ok(report) => {
            let path = work.join("report.txt");
            match std::fs::write(&path, &report) {
                Ok(()) => note(&format!("saved {}", shown(root, &path))),
                Err(e) => eprintln!("warning: cannot write {}: {e}", path.display()),
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

struct Bench {
    root: PathBuf,
    work: PathBuf,
    codegen_bin: PathBuf,
    /// The progenitor generator, or why there is none.
    progenitor_bin: Option<Result<PathBuf, String>>,
    runs: usize,
}

/// Runs every measure and prints the report as it goes; returns the whole report.
fn run(mut bench: Bench, options: &Options, args: &[&str]) -> Result<String, String> {
    let mut report = String::new();
    let header = format!("{}{LEGEND}", header(&bench, args));
    print!("{header}");
    report.push_str(&header);

    let own = |key: &str| key == throughput::KEY || key == streams::KEY;
    if options.progenitor && options.specs.iter().any(|&key| !own(key)) {
        bench.progenitor_bin = Some(build_progenitor(&bench.root, &bench.work));
    }
    let mut summary = Vec::new();
    for &key in &options.specs {
        if key == throughput::KEY {
            let text = throughput::measure(&bench.work)
                .unwrap_or_else(|why| format!("\n== throughput: {why}\n"));
            print!("{text}");
            report.push_str(&text);
            continue;
        }
        if key == streams::KEY {
            let text = streams::measure(&bench.work)
                .unwrap_or_else(|why| format!("\n== streams: {why}\n"));
            print!("{text}");
            report.push_str(&text);
            continue;
        }
        let spec = match bench.spec(key)? {
            Ok(spec) => spec,
            Err(skipped) => {
                note(&skipped);
                let text = format!("\n== {skipped}\n");
                print!("{text}");
                report.push_str(&text);
                continue;
            }
        };
        note(&format!("{key}: measuring"));
        let table = bench.measure(&spec, options);
        let mut text = table.render(&spec, bench.runs);
        if let (Some(Ok(time)), Some(peak)) = (&table.compile.ours, &table.compile_peak.ours) {
            text.push_str(&bench.feature_builds(&spec, (Ok(*time), peak.clone())));
        }
        print!("{text}");
        report.push_str(&text);
        summary.push((spec.key, table));
    }
    if summary.len() > 1 {
        let text = render_summary(&summary);
        print!("{text}");
        report.push_str(&text);
    }
    Ok(report)
}

fn header(bench: &Bench, args: &[&str]) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let rustc = output(Command::new("rustc").arg("-V")).unwrap_or_default();
    let commit =
        output(
            Command::new("git")
                .current_dir(&bench.root)
                .args(["rev-parse", "--short", "HEAD"]),
        )
        .unwrap_or_else(|| "unknown".to_string());
    let dirty = output(Command::new("git").current_dir(&bench.root).args([
        "status",
        "--porcelain",
        "--",
        "codegen",
    ]))
    .is_some_and(|s| !s.is_empty());
    let mut out = String::new();
    let _ = writeln!(out, "cargo xtask bench {}", args.join(" "));
    let _ = writeln!(out, "machine: {cpus} CPUs, {model}; {rustc}");
    let _ = writeln!(
        out,
        "codegen at {commit}{}; progenitor 0.15.1 (bench/); medians of {} run{}",
        if dirty {
            " with uncommitted changes"
        } else {
            ""
        },
        bench.runs,
        if bench.runs == 1 { "" } else { "s" }
    );
    out
}

struct Spec {
    key: &'static str,
    /// A spec of someone else's (from the corpus): its examples may not match its schemas,
    /// which codegen then reports as warnings rather than errors.
    foreign: bool,
    path: PathBuf,
    shown: String,
    text: String,
}

impl Bench {
    /// The spec named `key`, read; or why it is skipped (it is not there).
    fn spec(&self, key: &'static str) -> Result<Result<Spec, String>, String> {
        let corpus = self.root.join("../shared/corpus");
        let path = match key {
            "recepta" => self.root.join("spec/recepta.yaml"),
            "synthetic" => {
                let path = self.work.join("synthetic.yaml");
                let text = synth::spec(SYNTHETIC_SEED, SYNTHETIC_SIZE);
                // Written only when it changed, so its time stamp means something.
                if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                    std::fs::write(&path, &text)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                }
                path
            }
            "nexus" => corpus.join("nexus.json"),
            "github" => corpus.join("api.github.com.json"),
            "plaid" => corpus.join("plaid-2020-09-14.yml"),
            _ => unreachable!("spec names are checked with the options"),
        };
        let shown = shown(&self.root, &path);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Ok(Spec {
                key,
                foreign: path.starts_with(&corpus),
                path,
                shown,
                text,
            })),
            Err(e) => Ok(Err(format!("{key}: skipped, cannot read {shown}: {e}"))),
        }
    }

    fn measure(&self, spec: &Spec, options: &Options) -> Table {
        let mut table = Table::default();
        self.measure_library(spec, &mut table);
        // The binary fails where the library does, and says so at more length.
        let ours = match table.generation.ours {
            Some(Err(_)) => None,
            _ => self.measure_codegen_process(spec, &mut table),
        };
        let theirs = match &self.progenitor_bin {
            Some(Ok(bin)) => self.measure_progenitor(spec, bin, &mut table),
            Some(Err(why)) => {
                table.generation.theirs = Some(fail("not built", why.clone()));
                None
            }
            None => None,
        };
        let lines = |dir: &Option<PathBuf>| {
            dir.as_ref()
                .map(|dir| Ok(Value::Count(rust_lines(&dir.join("src")))))
        };
        table.lines = Row::new(lines(&ours), lines(&theirs));
        if options.compile {
            if let Some(dir) = &ours {
                let (time, peak) = self.compile(spec, "codegen", dir);
                table.compile.ours = Some(time);
                table.compile_peak.ours = Some(peak);
            }
            if let Some(dir) = &theirs {
                let (time, peak) = self.compile(spec, "progenitor", dir);
                table.compile.theirs = Some(time);
                table.compile_peak.theirs = Some(peak);
            }
        }
        table
    }

    /// Parse and generation in this process, from text in memory to files in memory.
    fn measure_library(&self, spec: &Spec, table: &mut Table) {
        let file = spec.shown.as_str();
        let name = crate_name(spec.key);
        let document = match codegen::load::parse(&spec.text, file) {
            Ok(document) => document,
            Err(e) => {
                let why = format!("does not parse: {}", first_line(&e.to_string()));
                table.parse.ours = Some(fail("error", &why));
                table.generation.ours = Some(fail("error", why));
                return;
            }
        };
        table.operations = Some(document.operations().count());
        table.schemas = Some(document.components.as_ref().map_or(0, |c| c.schemas.len()));

        let mut parse = Vec::new();
        for _ in 0..self.runs {
            let start = Instant::now();
            let parsed = codegen::load::parse(&spec.text, file);
            parse.push(start.elapsed());
            drop(parsed);
        }
        table.parse.ours = Some(Ok(Value::Time(median(&mut parse))));

        drop(document);
        let source = codegen::Source {
            file: file.to_string(),
            text: spec.text.clone(),
        };
        let settings = codegen::Settings {
            name: Some(&name),
            example_mismatches_are_warnings: spec.foreign,
            ..codegen::Settings::default()
        };
        // Once untimed: the first run pays for page faults the others do not.
        if let Err(e) = codegen::generate_source_with(&source, &settings) {
            let why = format!("does not generate: {}", first_line(&e.to_string()));
            table.generation.ours = Some(fail("error", why));
            return;
        }
        let mut total = Vec::new();
        for _ in 0..self.runs {
            let start = Instant::now();
            let generated = codegen::generate_source_with(&source, &settings);
            total.push(start.elapsed());
            drop(generated);
        }
        table.generation.ours = Some(Ok(Value::Time(median(&mut total))));

        // The same work phase by phase, through the library's stages.
        let (mut parse, mut lower, mut emit, mut render) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let options = codegen::CrateOptions { name: name.clone() };
        for _ in 0..self.runs {
            let t0 = Instant::now();
            let Ok(document) = codegen::load::parse(&spec.text, file) else {
                return;
            };
            let t1 = Instant::now();
            let Ok(api) = codegen::lower::lower(&document, file) else {
                return;
            };
            let t2 = Instant::now();
            // Emitting is lazy (each item is spelled where it is rendered), so it is timed
            // apart: every piece spelled once, on this thread.
            for file in codegen::emit::emit(&api, &options) {
                drop((file.head)());
                for item in &file.items {
                    drop(item());
                }
            }
            let t3 = Instant::now();
            let files =
                codegen::render::render(&api, codegen::emit::emit(&api, &options), &options);
            let t4 = Instant::now();
            drop((files, api, document));
            parse.push(t1 - t0);
            lower.push(t2 - t1);
            emit.push(t3 - t2);
            render.push(t4 - t3);
        }
        let (lower, emit) = (median(&mut lower), median(&mut emit));
        table.phase_parse.ours = Some(Ok(Value::Time(median(&mut parse))));
        table.phase_tokens.ours = Some(Ok(Value::Time(lower + emit)));
        table.phase_lower.ours = Some(Ok(Value::Time(lower)));
        table.phase_emit.ours = Some(Ok(Value::Time(emit)));
        table.phase_text.ours = Some(Ok(Value::Time(median(&mut render))));
    }

    /// The release `codegen` binary writing the crate: wall time and peak memory. Returns
    /// the crate's directory when it was written.
    fn measure_codegen_process(&self, spec: &Spec, table: &mut Table) -> Option<PathBuf> {
        let dir = self.work.join("codegen").join(spec.key);
        let mut walls = Vec::new();
        let mut peaks = Vec::new();
        for _ in 0..self.runs {
            let _ = std::fs::remove_dir_all(&dir);
            let finished = measure::run_alone(
                Command::new(&self.codegen_bin)
                    .current_dir(&self.root)
                    .arg("--spec")
                    .arg(&spec.path)
                    .arg("--out")
                    .arg(&dir)
                    .arg("--name")
                    .arg(crate_name(spec.key))
                    .args(spec.foreign.then_some("--allow-example-mismatches")),
                GENERATION_TIMEOUT,
            );
            match finished {
                Ok(f) if f.success() => {
                    walls.push(f.wall);
                    peaks.extend(f.peak_kib);
                }
                Ok(f) => {
                    // The binary reports like rustc: the first error line says what failed.
                    let why = f
                        .stderr
                        .lines()
                        .find(|l| l.starts_with("error"))
                        .map_or_else(|| f.failure(), first_line);
                    let why = format!("the codegen binary failed: {why}");
                    table.wall.ours = Some(fail("error", &why));
                    table.peak.ours = Some(fail("error", why));
                    return None;
                }
                Err(e) => {
                    table.wall.ours = Some(fail("error", format!("cannot run codegen: {e}")));
                    return None;
                }
            }
        }
        table.wall.ours = Some(Ok(Value::Time(median(&mut walls))));
        table.peak.ours = Some(peak(&mut peaks));
        Some(dir)
    }

    /// progenitor writing its crate, `--runs` times: its own timings, wall time and peak.
    fn measure_progenitor(&self, spec: &Spec, bin: &Path, table: &mut Table) -> Option<PathBuf> {
        let dir = self.work.join("progenitor").join(spec.key);
        let mut walls = Vec::new();
        let mut peaks = Vec::new();
        let mut reported: [Vec<Duration>; 4] = Default::default();
        const KEYS: [&str; 4] = ["parse_ns", "generate_ns", "format_ns", "total_ns"];
        for _ in 0..self.runs {
            let _ = std::fs::remove_dir_all(&dir);
            let finished = measure::run_alone(
                Command::new(bin)
                    .arg("--spec")
                    .arg(&spec.path)
                    .arg("--out")
                    .arg(&dir)
                    .arg("--name")
                    .arg(crate_name(spec.key)),
                GENERATION_TIMEOUT,
            );
            let f = match finished {
                Ok(f) if f.success() => f,
                Ok(f) => {
                    // It says how long parsing took before it failed, when it got that far.
                    if let Some(ns) = reported_value(&f, "parse_ns") {
                        table.parse.theirs = Some(Ok(Value::Time(Duration::from_nanos(ns))));
                    }
                    let short = if f.code == Some(2) { "panic" } else { "error" };
                    let why = f.failure();
                    for row in [&mut table.generation, &mut table.wall, &mut table.peak] {
                        row.theirs = Some(fail(short, &why));
                    }
                    let _ = std::fs::remove_dir_all(&dir);
                    return None;
                }
                Err(e) => {
                    let why = format!("cannot run progenitor-bench: {e}");
                    table.generation.theirs = Some(fail("error", why));
                    return None;
                }
            };
            walls.push(f.wall);
            peaks.extend(f.peak_kib);
            for (key, times) in KEYS.iter().zip(reported.iter_mut()) {
                if let Some(ns) = reported_value(&f, key) {
                    times.push(Duration::from_nanos(ns));
                }
            }
        }
        let time =
            |times: &mut Vec<Duration>| (!times.is_empty()).then(|| Ok(Value::Time(median(times))));
        let [parse, generate, format, total] = &mut reported;
        table.parse.theirs = time(parse);
        table.phase_parse.theirs = time(parse);
        table.phase_tokens.theirs = time(generate);
        table.phase_text.theirs = time(format);
        table.generation.theirs = time(total);
        table.wall.theirs = Some(Ok(Value::Time(median(&mut walls))));
        table.peak.theirs = Some(peak(&mut peaks));
        Some(dir)
    }

    /// A clean debug build of the crate in `dir`, dependencies built beforehand: its median
    /// time and peak memory.
    fn compile(&self, spec: &Spec, side: &str, dir: &Path) -> (Cell, Cell) {
        note(&format!("{}: building the {side} crate", spec.key));
        self.compile_package(side, dir, &crate_name(spec.key), &[])
    }

    /// A clean debug build of `package` (in `dir`, a member of `side`'s scratch workspace)
    /// with the cargo arguments `features`: its median time and peak memory.
    fn compile_package(
        &self,
        side: &str,
        dir: &Path,
        package: &str,
        features: &[&str],
    ) -> (Cell, Cell) {
        let workspace = self.work.join(side);
        let package = package.to_string();
        if let Err(why) = self.scratch_workspace(&workspace) {
            return (fail("error", &why), fail("error", why));
        }
        let run_build = || {
            let mut command = cargo();
            command
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", workspace.join("target"))
                .args(["build", "--message-format", "short", "-p", &package])
                .args(features);
            measure::run_alone(&command, BUILD_TIMEOUT)
        };
        // A build that ran and succeeded, or why not.
        let build = || match run_build() {
            Ok(f) if f.success() => Ok(f),
            Ok(f) => Err(compile_error(&f)),
            Err(e) => Err(format!("cannot run cargo: {e}")),
        };
        // Dependencies first, untimed; a crate that does not compile stops here.
        if let Err(why) = build() {
            return (fail("error", &why), fail("error", why));
        }
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        for _ in 0..self.runs {
            let cleaned = cargo()
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", workspace.join("target"))
                .args(["clean", "--quiet", "-p", &package])
                .stderr(Stdio::null())
                .status();
            if !cleaned.is_ok_and(|s| s.success()) {
                let why = "`cargo clean -p` failed";
                return (fail("error", why), fail("error", why));
            }
            match build() {
                Ok(f) => {
                    times.push(f.wall);
                    peaks.extend(f.peak_kib);
                }
                Err(why) => return (fail("error", &why), fail("error", why)),
            }
        }
        (Ok(Value::Time(median(&mut times))), peak(&mut peaks))
    }

    /// Makes `dir` the root of a workspace of the crates in it, so that cargo does not take
    /// them for members of the repository's workspace, and so that every crate of a
    /// generator shares one target directory (and one build of the dependencies).
    fn scratch_workspace(&self, dir: &Path) -> Result<(), String> {
        let mut members: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("Cargo.toml").is_file())
            .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
            .collect();
        members.sort();
        let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
        let manifest = format!(
            "# Written by `cargo xtask bench`: the crates it generated, built with one target dir.\n\
             [workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        );
        let path = dir.join("Cargo.toml");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
            std::fs::write(&path, manifest)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        // Our crates start from the repository's lock file: the same dependency versions as
        // `generated/`, and no index update.
        let lock = dir.join("Cargo.lock");
        if dir.ends_with("codegen") && !lock.exists() {
            let _ = std::fs::copy(self.root.join("Cargo.lock"), &lock);
        }
        Ok(())
    }
}

/// Builds the progenitor generator (`bench/`) with `--release` into its own target dir under
/// `work`.
pub fn build_progenitor(root: &Path, work: &Path) -> Result<PathBuf, String> {
    note("building bench/ (progenitor) with --release; the first time takes minutes");
    let target = work.join("progenitor-target");
    let status = cargo()
        .current_dir(root)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("bench/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status();
    match status {
        Ok(s) if s.success() => Ok(target.join("release").join(exe("progenitor-bench"))),
        Ok(_) => Err("bench/ (progenitor) did not build".to_string()),
        Err(e) => Err(format!("cannot run cargo: {e}")),
    }
}

fn compile_error(f: &Finished) -> String {
    let error = f
        .stderr
        .lines()
        .find(|l| l.contains("error"))
        .map(str::trim)
        .map(first_line);
    format!("does not compile: {}", error.unwrap_or_else(|| f.failure()))
}

/// A value `progenitor-bench` printed as `key=value`.
fn reported_value(f: &Finished, key: &str) -> Option<u64> {
    f.stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// The name of the generated crate for a spec.
fn crate_name(key: &str) -> String {
    format!("bench-{key}")
}

/// Lines of the `.rs` files under `dir`, every line counted.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&path).map_or(0, |t| t.lines().count())
            } else {
                0
            }
        })
        .sum()
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    match values.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

fn peak(values: &mut [u64]) -> Cell {
    if values.is_empty() {
        return fail("n/a", "peak memory is measured on Linux only");
    }
    values.sort_unstable();
    Ok(Value::Kib(values[values.len() / 2]))
}

/// A measured value.
#[derive(Debug, Clone, Copy)]
enum Value {
    Time(Duration),
    Kib(u64),
    Count(usize),
}

impl Value {
    fn number(self) -> f64 {
        match self {
            Value::Time(d) => d.as_secs_f64(),
            Value::Kib(k) => k as f64,
            Value::Count(n) => n as f64,
        }
    }

    fn show(self) -> String {
        match self {
            Value::Time(d) if d < Duration::from_millis(10) => {
                format!("{:.2} ms", d.as_secs_f64() * 1e3)
            }
            Value::Time(d) if d < Duration::from_secs(1) => {
                format!("{:.1} ms", d.as_secs_f64() * 1e3)
            }
            Value::Time(d) => format!("{:.2} s", d.as_secs_f64()),
            Value::Kib(k) => format!("{:.1} MiB", k as f64 / 1024.0),
            Value::Count(n) => thousands(n),
        }
    }
}

/// Why a measure has no value: a word for the table and the reason for the notes under it.
#[derive(Debug, Clone)]
struct Failure {
    short: &'static str,
    why: String,
}

/// A measure, or why there is none.
type Cell = Result<Value, Failure>;

fn fail(short: &'static str, why: impl Into<String>) -> Cell {
    Err(Failure {
        short,
        why: why.into(),
    })
}

/// One measure for both generators; `None` when not measured.
#[derive(Default)]
struct Row {
    ours: Option<Cell>,
    theirs: Option<Cell>,
}

impl Row {
    fn new(ours: Option<Cell>, theirs: Option<Cell>) -> Row {
        Row { ours, theirs }
    }

    fn ratio(&self) -> Option<f64> {
        match (&self.ours, &self.theirs) {
            (Some(Ok(a)), Some(Ok(b))) if b.number() > 0.0 => Some(a.number() / b.number()),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Table {
    operations: Option<usize>,
    schemas: Option<usize>,
    parse: Row,
    generation: Row,
    phase_parse: Row,
    phase_tokens: Row,
    phase_lower: Row,
    phase_emit: Row,
    phase_text: Row,
    wall: Row,
    peak: Row,
    lines: Row,
    compile: Row,
    compile_peak: Row,
}

impl Table {
    fn rows(&self) -> Vec<(&'static str, &Row)> {
        vec![
            ("parse (text -> openapiv3)", &self.parse),
            ("generation, text -> files in memory", &self.generation),
            ("  parse", &self.phase_parse),
            ("  spec -> tokens", &self.phase_tokens),
            ("    lower", &self.phase_lower),
            ("    emit", &self.phase_emit),
            ("  tokens -> text", &self.phase_text),
            ("generator process, wall", &self.wall),
            ("generator process, peak memory", &self.peak),
            ("lines of generated Rust", &self.lines),
            ("clean debug build of the crate", &self.compile),
            ("  peak memory of that build", &self.compile_peak),
        ]
    }

    fn render(&self, spec: &Spec, runs: usize) -> String {
        let mut out = String::new();
        let size = spec.text.len() as f64 / 1e6;
        let count = |n: Option<usize>| n.map_or("?".to_string(), thousands);
        let _ = writeln!(
            out,
            "\n== {}: {} ({size:.1} MB, {} operations, {} schemas), medians of {runs}",
            spec.key,
            spec.shown,
            count(self.operations),
            count(self.schemas),
        );
        let cell = |c: &Option<Cell>| match c {
            None => String::new(),
            Some(Ok(v)) => v.show(),
            Some(Err(f)) => f.short.to_string(),
        };
        let rows: Vec<[String; 4]> = self
            .rows()
            .into_iter()
            .filter(|(_, row)| row.ours.is_some() || row.theirs.is_some())
            .map(|(label, row)| {
                [
                    label.to_string(),
                    cell(&row.ours),
                    cell(&row.theirs),
                    row.ratio().map_or(String::new(), |r| format!("{r:.2}")),
                ]
            })
            .collect();
        let head = [
            String::new(),
            "codegen".to_string(),
            "progenitor".to_string(),
            "codegen/progenitor".to_string(),
        ];
        out.push_str(&layout(&head, &rows));
        let mut notes: Vec<String> = Vec::new();
        for (who, side) in [("codegen", true), ("progenitor", false)] {
            for (_, row) in self.rows() {
                let cell = if side { &row.ours } else { &row.theirs };
                if let Some(Err(f)) = cell {
                    let note = format!("{who}: {}", f.why);
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
            }
        }
        for note in notes {
            let _ = writeln!(out, "{note}");
        }
        out
    }
}

fn render_summary(tables: &[(&str, Table)]) -> String {
    let mut out = String::from("\n== summary (codegen / progenitor)\n");
    let head = [
        "spec".to_string(),
        "generation".to_string(),
        "ratio".to_string(),
        "peak memory".to_string(),
        "ratio".to_string(),
        "lines".to_string(),
        "clean build".to_string(),
        "ratio".to_string(),
    ];
    let pair = |row: &Row| {
        let side = |c: &Option<Cell>| match c {
            None => "-".to_string(),
            Some(Ok(v)) => v.show(),
            Some(Err(f)) => f.short.to_string(),
        };
        (
            format!("{} / {}", side(&row.ours), side(&row.theirs)),
            row.ratio().map_or("-".to_string(), |r| format!("{r:.2}")),
        )
    };
    let rows: Vec<[String; 8]> = tables
        .iter()
        .map(|(key, t)| {
            let (generation, g) = pair(&t.generation);
            let (peak, p) = pair(&t.peak);
            let (lines, _) = pair(&t.lines);
            let (build, b) = pair(&t.compile);
            [key.to_string(), generation, g, peak, p, lines, build, b]
        })
        .collect();
    out.push_str(&layout(&head, &rows));
    out
}

/// A text table: the first column left-aligned, the others right-aligned.
pub(crate) fn layout<const N: usize>(head: &[String; N], rows: &[[String; N]]) -> String {
    let mut widths = [0; N];
    for row in std::iter::once(head).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(head).chain(rows) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i == 0 {
                let _ = write!(line, "{cell:<width$}");
            } else {
                let _ = write!(line, "  {cell:>width$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 3).collect();
        format!("{}...", cut.trim_end())
    }
}

fn first_line(text: &str) -> String {
    shorten(text.lines().next().unwrap_or("").trim(), 200)
}

pub(crate) fn note(message: &str) {
    eprintln!("bench: {message}");
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub(crate) fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/`.
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// The one target directory that scratch workspaces of generated crates (the conformance
/// harnesses, the tests' scratch crates) are built in, so their dependencies are compiled
/// once: `scratch/` in [`target_dir`]. `tests::scratch_target` is the same directory.
pub fn scratch_target(root: &Path) -> PathBuf {
    target_dir(root).join("scratch")
}

/// `path` relative to the workspace root when it is inside it, for short messages.
pub fn shown(root: &Path, path: &Path) -> String {
    let shared = root.join("..");
    if let Ok(rest) = path.strip_prefix(root) {
        rest.display().to_string()
    } else if let Ok(rest) = path.strip_prefix(&shared) {
        format!("../{}", rest.display())
    } else {
        path.display().to_string()
    }
}

// ----- tag features ---------------------------------------------------------------------------

/// The tag features whose crates are built apart, by spec: for GitHub, `issues` (39 of its
/// 767 operations: what an app that files and reads issues needs) and `repos` (159, the
/// largest); for nexus, `instances` (35 of 193). Plaid's 329 operations have one tag, which
/// gives no feature.
const FEATURE_BUILDS: &[(&str, &[&str])] = &[
    ("nexus", &["instances"]),
    ("github", &["issues", "repos"]),
    ("plaid", &[]),
];

impl Bench {
    /// What the tag features of the spec's crate cost to build: the clean debug build with
    /// every feature (the default, `full`: measured with the spec), with each feature of
    /// [`FEATURE_BUILDS`] alone, with none of them, and of the same crate without tag
    /// features (every item always compiled, as before they existed), with each one's ratio
    /// to the full build.
    fn feature_builds(&self, spec: &Spec, full: (Cell, Cell)) -> String {
        let Some((_, features)) = FEATURE_BUILDS.iter().find(|(key, _)| *key == spec.key) else {
            return String::new();
        };
        let dir = self.work.join("codegen").join(spec.key);
        let package = crate_name(spec.key);
        let toml = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if !toml.contains("\nfull = [") {
            return "tag features: none (fewer than three tags; the crate is built whole)\n"
                .to_string();
        }
        let mut rows: Vec<(String, (Cell, Cell))> =
            vec![("all features (`full`, the default)".to_string(), full)];
        for feature in *features {
            note(&format!(
                "{}: building the crate with `{feature}` alone",
                spec.key
            ));
            let list = format!("rustls,{feature}");
            let args = ["--no-default-features", "--features", list.as_str()];
            rows.push((
                format!("`{feature}` alone"),
                self.compile_package("codegen", &dir, &package, &args),
            ));
        }
        // What every build pays: the runtime, and the operations and types without a tag.
        note(&format!(
            "{}: building the crate with no tag feature",
            spec.key
        ));
        let args = ["--no-default-features", "--features", "rustls"];
        rows.push((
            "no tag feature".to_string(),
            self.compile_package("codegen", &dir, &package, &args),
        ));
        note(&format!(
            "{}: building the crate without tag features",
            spec.key
        ));
        let whole = match self.write_without_features(spec) {
            Ok((dir, package)) => self.compile_package("codegen", &dir, &package, &[]),
            Err(why) => (fail("error", &why), fail("error", why)),
        };
        rows.push(("without tag features (as before them)".to_string(), whole));
        render_feature_builds(spec, self.runs, &rows)
    }

    /// Writes the spec's crate with its tag features taken out of the IR, as a member of
    /// codegen's scratch workspace; returns its folder and package name.
    fn write_without_features(&self, spec: &Spec) -> Result<(PathBuf, String), String> {
        let file = spec.shown.as_str();
        let document = codegen::load::parse(&spec.text, file).map_err(|e| e.to_string())?;
        let mut api = codegen::lower::lower(&document, file).map_err(|e| e.to_string())?;
        api.features = Default::default();
        let package = format!("{}-whole", crate_name(spec.key));
        let options = codegen::CrateOptions {
            name: package.clone(),
        };
        let files = codegen::render::render(&api, codegen::emit::emit(&api, &options), &options)
            .map_err(|e| e.to_string())?;
        let dir = self
            .work
            .join("codegen")
            .join(format!("{}-whole", spec.key));
        codegen::write::write(&dir, &files).map_err(|e| e.to_string())?;
        Ok((dir, package))
    }
}

/// The table of [`Bench::feature_builds`]: each build's time and peak memory, and their
/// ratios to the first row's.
fn render_feature_builds(spec: &Spec, runs: usize, rows: &[(String, (Cell, Cell))]) -> String {
    let mut out = format!(
        "tag features of {}: clean debug build of the crate, medians of {runs}\n",
        spec.key
    );
    let show = |cell: &Cell| match cell {
        Ok(value) => value.show(),
        Err(f) => f.short.to_string(),
    };
    let ratio = |cell: &Cell, full: &Cell| match (cell, full) {
        (Ok(a), Ok(b)) if b.number() > 0.0 => format!("{:.2}", a.number() / b.number()),
        _ => "-".to_string(),
    };
    let (full_time, full_peak) = &rows[0].1;
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|(label, (time, peak))| {
            [
                label.clone(),
                show(time),
                ratio(time, full_time),
                show(peak),
                ratio(peak, full_peak),
            ]
        })
        .collect();
    let head = [
        String::new(),
        "build".to_string(),
        "/ all".to_string(),
        "peak memory".to_string(),
        "/ all".to_string(),
    ];
    out.push_str(&layout(&head, &table));
    for (label, (time, peak)) in rows {
        for cell in [time, peak] {
            if let Err(f) = cell {
                let _ = writeln!(out, "{label}: {}", f.why);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(3), ms(1), ms(2)]), ms(2));
        assert_eq!(
            median(&mut [ms(4), ms(1), ms(2), ms(3)]),
            Duration::from_micros(2500)
        );
    }

    #[test]
    fn options_parse() {
        let o = options(&[
            "--runs",
            "1",
            "--specs",
            "nexus,synthetic",
            "--skip-compile",
        ])
        .expect("valid");
        assert_eq!(o.runs, 1);
        assert_eq!(o.specs, ["nexus", "synthetic"]);
        assert!(!o.compile && o.progenitor);
        assert!(options(&["--specs", "nope"]).is_err());
        let alone = options(&["--specs", "throughput"]).expect("valid");
        assert_eq!(alone.specs, [throughput::KEY]);
        assert!(
            options(&[])
                .expect("valid")
                .specs
                .contains(&throughput::KEY)
        );
        assert!(options(&["--runs", "0"]).is_err());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(17203), "17,203");
        assert_eq!(thousands(999), "999");
        assert_eq!(Value::Time(Duration::from_millis(1500)).show(), "1.50 s");
        assert_eq!(Value::Kib(2048).show(), "2.0 MiB");
    }

    #[test]
    fn ratio_needs_two_numbers() {
        let ms = |n| Some(Ok(Value::Time(Duration::from_millis(n))));
        assert_eq!(Row::new(ms(50), ms(200)).ratio(), Some(0.25));
        assert_eq!(Row::new(ms(50), Some(fail("panic", "why"))).ratio(), None);
    }
}
