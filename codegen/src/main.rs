//! `codegen`: writes a client crate for an OpenAPI 3.0 spec, or checks that one is current.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates a typed Rust client crate from an OpenAPI 3.0 document.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The OpenAPI 3.0 document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The directory of the crate to write (Cargo.toml and src/).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The package name (default: from the spec's `info.title`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Compare instead of writing; exit 1 when the directory differs.
    #[arg(long)]
    check: bool,
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
    if let Some(name) = &args.name
        && !is_package_name(name)
    {
        eprintln!("error: `{name}` is not a valid package name (letters, digits, `-` and `_`)");
        return ExitCode::from(1);
    }
    let result = codegen::generate(&args.spec, args.name.as_deref()).and_then(|files| {
        if args.check {
            codegen::write::check(&args.out, &files).map(|()| None)
        } else {
            codegen::write::write(&args.out, &files).map(Some)
        }
    });
    match result {
        Ok(Some(outcome)) => {
            for path in &outcome.written {
                eprintln!("wrote {}", args.out.join(path).display());
            }
            for path in &outcome.removed {
                eprintln!("removed {}", args.out.join(path).display());
            }
            if outcome.written.is_empty() && outcome.removed.is_empty() {
                eprintln!("{} is up to date", args.out.display());
            }
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("{} is up to date", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
