//! `codegen diff --old OLD --new NEW`: the report of what an edit of a spec does to the
//! generated crate's users, as text or JSON, with an exit code for CI.

use clap::{Args, ValueEnum};
use codegen::Source;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit code of a report that has what `--fail-on` names (1 is for a wrong spec).
const FAILED_ON: u8 = 2;

/// `codegen diff`'s arguments.
#[derive(Args)]
#[command(
    after_help = "Exit status: 0 when the report is written (and has nothing `--fail-on` names); \
                  1 when a spec or the arguments are wrong; 2 when the report has what \
                  `--fail-on` names.\n\n\
                  Example: codegen diff --old old.yaml --new spec.yaml --fail-on breaking"
)]
pub struct DiffArgs {
    /// The spec before the edit.
    #[arg(long, value_name = "FILE")]
    old: PathBuf,
    /// The spec after it.
    #[arg(long, value_name = "FILE")]
    new: PathBuf,
    /// Text for people, or JSON for tools.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit 2 when a change breaks the Rust API or a client on the wire (`breaking`), or
    /// on any change (`any`).
    #[arg(long, value_enum, value_name = "WHEN")]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Any,
}

/// Runs `codegen diff`: the report on stdout, problems with the specs on stderr.
pub fn run(args: &DiffArgs) -> ExitCode {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let read = |path: &PathBuf| {
        Source::read(path).map(|mut source| {
            source.file = crate::shown(path);
            source
        })
    };
    let settings = codegen::Settings {
        example_mismatches_are_warnings: true,
        ..Default::default()
    };
    let report = read(&args.old).and_then(|old| {
        let new = read(&args.new)?;
        codegen::diff::between(&old, &new, &settings)
    });
    let report = match report {
        Ok(report) => report,
        Err(error) => return crate::fail(&error, color, false),
    };
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
    }
    let failed = match args.fail_on {
        None => false,
        Some(FailOn::Breaking) => report.breaks(),
        Some(FailOn::Any) => !report.changes.is_empty(),
    };
    if failed {
        ExitCode::from(FAILED_ON)
    } else {
        ExitCode::SUCCESS
    }
}
