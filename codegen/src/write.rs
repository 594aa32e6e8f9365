//! Writing: the rendered crate into a directory, atomically and without touching files that
//! codegen did not write; or, in check mode, comparing instead.

use crate::diagnostics::{Error, Result};
use crate::render::{HEADER, OutputFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folders (relative to the crate root) whose generated files codegen owns.
const OWNED_DIRS: &[&str] = &["", "src"];

/// What a write changed, for the caller to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files written because they were new or differed.
    pub written: Vec<String>,
    /// Stale generated files removed.
    pub removed: Vec<String>,
}

/// Makes `dir` hold exactly `files` (plus whatever codegen did not write).
///
/// Everything is checked before anything is written: a file in the way that codegen did not
/// write stops the run with nothing changed. Each file is written to a temporary name and
/// renamed over the old one, so a reader never sees half a file.
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<Outcome> {
    let plan = plan(dir, files)?;
    let mut outcome = Outcome::default();
    for file in &plan.changed {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let temporary = path.with_extension("codegen-tmp");
        std::fs::write(&temporary, &file.contents)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|source| {
                let _ = std::fs::remove_file(&temporary);
                Error::Write {
                    path: path.clone(),
                    source,
                }
            })?;
        outcome.written.push(file.path.clone());
    }
    for stale in &plan.stale {
        let path = dir.join(stale);
        std::fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
        outcome.removed.push(stale.clone());
    }
    Ok(outcome)
}

/// Compares `dir` with `files`; `Error::Drift` lists every difference.
pub fn check(dir: &Path, files: &[OutputFile]) -> Result<()> {
    let plan = plan(dir, files)?;
    let mut changes: Vec<String> = plan
        .changed
        .iter()
        .map(|f| {
            if dir.join(&f.path).exists() {
                format!("{} differs", f.path)
            } else {
                format!("{} is missing", f.path)
            }
        })
        .collect();
    changes.extend(
        plan.stale
            .iter()
            .map(|s| format!("{s} is no longer generated")),
    );
    if changes.is_empty() {
        Ok(())
    } else {
        Err(Error::Drift {
            dir: dir.to_path_buf(),
            changes,
        })
    }
}

struct Plan<'a> {
    /// Files that are missing or differ.
    changed: Vec<&'a OutputFile>,
    /// Generated files in owned folders that the spec no longer produces.
    stale: Vec<String>,
}

fn plan<'a>(dir: &Path, files: &'a [OutputFile]) -> Result<Plan<'a>> {
    let mut changed = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        match read_if_exists(&path)? {
            None => changed.push(file),
            Some(existing) if existing == file.contents => {}
            Some(existing) if is_generated(&existing) => changed.push(file),
            Some(_) => return Err(Error::NotGenerated { path }),
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut stale = Vec::new();
    for owned in OWNED_DIRS {
        let folder = dir.join(owned);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let relative = if owned.is_empty() {
                name.to_string()
            } else {
                format!("{owned}/{name}")
            };
            if !path.is_file() || wanted.contains(relative.as_str()) {
                continue;
            }
            if matches!(read_if_exists(&path), Ok(Some(text)) if is_generated(&text)) {
                stale.push(relative);
            }
        }
    }
    Ok(Plan { changed, stale })
}

fn read_if_exists(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Whether a file's first line is codegen's header (in Rust, TOML or Markdown comment syntax).
fn is_generated(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    let marker = HEADER.trim_start_matches("// ");
    first
        .strip_prefix("// ")
        .or_else(|| first.strip_prefix("# "))
        .or_else(|| first.strip_prefix("<!-- ")?.strip_suffix(" -->"))
        == Some(marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_recognised_in_rust_toml_and_markdown_comments() {
        let marker = HEADER.trim_start_matches("// ");
        for first in [
            format!("// {marker}"),
            format!("# {marker}"),
            format!("<!-- {marker} -->"),
        ] {
            assert!(is_generated(&format!("{first}\nrest")), "{first}");
        }
        for first in [
            marker.to_string(),
            format!("<!-- {marker}"),
            "# README".into(),
        ] {
            assert!(!is_generated(&format!("{first}\nrest")), "{first}");
        }
    }
}
