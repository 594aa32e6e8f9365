//! `codegen`: writes a client crate for an OpenAPI 3.0, 3.1, 3.2 or Swagger 2.0 spec, or checks
//! that one is current; `codegen diff` tells what an edit of a spec does to the crate's users.

mod diff_command;

use clap::{Parser, Subcommand};
use codegen::{Error, Severity, Source};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generates a typed Rust client crate from an OpenAPI 3.0, 3.1, 3.2 or Swagger 2.0 document.
#[derive(Parser)]
#[command(
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Exit status: 0 on success; 1 when the spec or the arguments are wrong, with every \
                  problem on stderr (line, column, JSON pointer and a hint).\n\n\
                  Example: codegen --spec openapi.yaml --out clients/acme --name acme-client"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The OpenAPI 3.0, 3.1, 3.2 or Swagger 2.0 document (YAML or JSON).
    #[arg(long, value_name = "FILE", required = true)]
    spec: Option<PathBuf>,
    /// The directory of the crate to write (Cargo.toml, README.md and src/).
    #[arg(long, value_name = "DIR", required = true)]
    out: Option<PathBuf>,
    /// The package name (default: from the spec's `info.title`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Compare instead of writing; exit 1 when the directory differs.
    #[arg(long)]
    check: bool,
    /// Treat warnings (what the client ignores or approximates) as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Report examples that do not match their schemas as errors, not warnings (as `cargo
    /// xtask codegen` does for the project's own spec).
    #[arg(long)]
    strict_examples: bool,
    /// Read a `$ref` to a component that does not exist as any JSON (a parameter is left
    /// out), with a warning, instead of reporting an error.
    #[arg(long)]
    allow_missing_refs: bool,
    /// Show every warning; past 20, they are grouped by kind otherwise.
    #[arg(long, short)]
    verbose: bool,
    /// Examples that do not match are warnings by default now; the flag that made them so is
    /// still accepted, so that scripts which pass it keep working.
    #[arg(long, hide = true)]
    allow_example_mismatches: bool,
}

/// What `codegen` can do besides writing a crate.
#[derive(Subcommand)]
enum Command {
    /// Compare two versions of a spec: each change, its effect on apps and the version bump
    ///
    /// Every change the generated crate or the wire sees, judged for the Rust API (does code
    /// that compiled against the old crate still compile?) and on the wire (old client, new
    /// server and the other way round), then the version bump the crate needs.
    Diff(diff_command::DiffArgs),
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            // Help and version are successes; anything else is a bad argument.
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let (spec, out) = match (&args.command, &args.spec, &args.out) {
        (Some(Command::Diff(diff)), ..) => return diff_command::run(diff),
        (None, Some(spec), Some(out)) => (spec.as_path(), out.as_path()),
        // Clap requires both without a subcommand.
        _ => return ExitCode::from(1),
    };
    if let Some(name) = &args.name
        && !is_package_name(name)
    {
        eprintln!("error: `{name}` is not a valid package name (letters, digits, `-` and `_`)");
        return ExitCode::from(1);
    }
    // Colour on a terminal, unless NO_COLOR asks for none (https://no-color.org).
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let generated = Source::read(spec).and_then(|mut source| {
        source.file = shown(spec);
        let settings = codegen::Settings {
            name: args.name.as_deref(),
            // A spec one does not control often has examples that do not fit its schemas;
            // they illustrate, so they stop generation only when asked to.
            example_mismatches_are_warnings: !args.strict_examples,
            allow_missing_refs: args.allow_missing_refs,
        };
        codegen::generate_source_with(&source, &settings)
    });
    let generated = match generated {
        Ok(generated) if args.deny_warnings && !generated.warnings.is_empty() => {
            return fail(&Error::Spec(deny(generated.warnings)), color, args.verbose);
        }
        Err(Error::Spec(diagnostics)) if args.deny_warnings => {
            return fail(&Error::Spec(deny(diagnostics)), color, args.verbose);
        }
        Ok(generated) => generated,
        Err(error) => return fail(&error, color, args.verbose),
    };
    if !generated.warnings.is_empty() {
        eprint!(
            "{}",
            codegen::diagnostics::render_grouped(&generated.warnings, color, args.verbose)
        );
    }
    let files = generated.files;
    if args.check {
        return match codegen::write::check(out, &files) {
            Ok(()) => {
                // A spec split over files was read whole, so every file of it was compared.
                let with = match generated.sources.len().saturating_sub(1) {
                    0 => String::new(),
                    1 => " with the spec and the 1 file it refers to".to_string(),
                    n => format!(" with the spec and the {n} files it refers to"),
                };
                eprintln!("{} is up to date{with}", out.display());
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error, color, args.verbose),
        };
    }
    match codegen::write::write(out, &files) {
        Ok(outcome) => {
            for path in &outcome.written {
                eprintln!("wrote {}", out.join(path).display());
            }
            for path in &outcome.removed {
                eprintln!("removed {}", out.join(path).display());
            }
            if outcome.written.is_empty() && outcome.removed.is_empty() {
                eprintln!("{} is up to date", out.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, color, args.verbose),
    }
}

/// Warnings made errors by `--deny-warnings`, with a note on the first one that says so.
fn deny(diagnostics: Vec<codegen::Diagnostic>) -> Vec<codegen::Diagnostic> {
    let mut noted = false;
    diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            if diagnostic.severity == Severity::Warning {
                diagnostic.severity = Severity::Error;
                if !noted {
                    noted = true;
                    diagnostic
                        .notes
                        .push("warnings are errors because of `--deny-warnings`".to_string());
                }
            }
            diagnostic
        })
        .collect()
}

/// Reports an error on stderr; exit code 1.
pub(crate) fn fail(error: &Error, color: bool, verbose: bool) -> ExitCode {
    if error.diagnostics().is_empty() {
        let label = if color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        eprintln!("{label}: {error}");
    } else {
        eprint!(
            "{}",
            codegen::diagnostics::render_grouped(error.diagnostics(), color, verbose)
        );
    }
    ExitCode::from(1)
}

/// The spec's path as diagnostics show it: relative to the working directory when it is
/// inside it, so messages are short and the same on every machine.
pub(crate) fn shown(spec: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|dir| spec.strip_prefix(dir).ok().map(Path::to_path_buf));
    relative
        .unwrap_or_else(|| spec.to_path_buf())
        .display()
        .to_string()
}

fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
