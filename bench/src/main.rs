//! Writes a client crate for an OpenAPI document with progenitor, timing each step.
//!
//! `progenitor-bench --spec FILE --out DIR --name NAME` parses the spec into `openapiv3`,
//! runs `Generator::default().generate_tokens`, formats the tokens with prettyplease and
//! writes `DIR/Cargo.toml` and `DIR/src/lib.rs`, with the dependencies progenitor's output
//! needs (as `cargo progenitor` chooses them). It prints one `key=value` line per measure
//! (nanoseconds) on stdout. Exit code 1: progenitor returned an error; 2: it panicked; the
//! reason is the last line on stderr.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The version of progenitor-client the generated code is written against.
const CLIENT_VERSION: &str = "0.15.1";

/// Where and why the generator panicked, kept by the panic hook for the report.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: String,
}

fn args() -> Result<Args, String> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--name" => name = Some(value),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    match (spec, out, name) {
        (Some(spec), Some(out), Some(name)) => Ok(Args { spec, out, name }),
        _ => Err("usage: progenitor-bench --spec FILE --out DIR --name NAME".to_string()),
    }
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(64);
        }
    };
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", registry_relative(l.file()), l.line()))
            .unwrap_or_default();
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{message}{place}"));
    }));
    match panic::catch_unwind(AssertUnwindSafe(|| run(&args))) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            eprintln!("error: {}", one_line(&message));
            ExitCode::from(1)
        }
        Err(_) => {
            let message = PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
            eprintln!(
                "panic: {}",
                one_line(&message.unwrap_or_else(|| "(no message)".to_string()))
            );
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.spec)
        .map_err(|e| format!("cannot read {}: {e}", args.spec.display()))?;

    let start = Instant::now();
    let spec: openapiv3::OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| format!("parse: {e}"))?
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("parse: {e}"))?
    };
    let parsed = start.elapsed();
    // Printed now, so that the time is known even when generation fails.
    println!("parse_ns={}", parsed.as_nanos());

    let start = Instant::now();
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("generate: {e}"))?;
    let generated = start.elapsed();

    let start = Instant::now();
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("output does not parse: {e}"))?;
    let code = progenitor_impl::space_out_items(prettyplease::unparse(&file))
        .map_err(|e| format!("format: {e}"))?;
    let formatted = start.elapsed();

    let cargo_toml = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}\n",
        args.name,
        dependencies(&generator).join("\n")
    );
    let src = args.out.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    for (path, contents) in [
        (args.out.join("Cargo.toml"), cargo_toml),
        (src.join("lib.rs"), code),
    ] {
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    let nanos = |d: Duration| d.as_nanos();
    println!("generate_ns={}", nanos(generated));
    println!("format_ns={}", nanos(formatted));
    println!("total_ns={}", nanos(parsed + generated + formatted));
    Ok(())
}

/// The dependencies of the generated code: what `cargo progenitor` writes when the client
/// runtime comes from the progenitor-client crate.
fn dependencies(generator: &progenitor::Generator) -> Vec<String> {
    let mut deps = vec![
        "bytes = \"1.9\"".to_string(),
        "futures-core = \"0.3\"".to_string(),
        format!("progenitor-client = \"{CLIENT_VERSION}\""),
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }".to_string(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_string(),
        "serde_urlencoded = \"0.7\"".to_string(),
    ];
    let types = generator.get_type_space();
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".to_string());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".to_string());
    }
    if types.uses_chrono() {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }"
                .to_string(),
        );
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".to_string());
    }
    if generator.uses_websockets() {
        deps.push("base64 = \"0.22\"".to_string());
        deps.push("rand = \"0.8\"".to_string());
    }
    if types.uses_serde_json() {
        deps.push("serde_json = \"1.0\"".to_string());
    }
    deps.sort_unstable();
    deps
}

/// A source path with the registry's directory left out: `progenitor-impl-0.15.1/src/...`.
fn registry_relative(file: &str) -> &str {
    const REGISTRY: &str = "/registry/src/";
    match file.find(REGISTRY) {
        Some(at) => {
            let rest = &file[at + REGISTRY.len()..];
            rest.split_once('/').map_or(rest, |(_, path)| path)
        }
        None => file,
    }
}

/// The first line of a message, so that the report stays one line per failure.
fn one_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    if line.chars().count() > 160 {
        format!("{}...", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}
