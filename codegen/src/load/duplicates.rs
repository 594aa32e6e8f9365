//! A key written twice in one mapping, read as most YAML readers read it: the two values
//! merged when both are mappings, else the last one; a warning at each of the two places.

use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;
use serde_json::Value;

/// A warning at each of the two places of every key written twice (by the mapping's path
/// and the key), saying how the two were read.
pub(super) fn warnings(
    duplicates: Vec<(Vec<String>, String, bool)>,
    file: &str,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (path, key, merged) in duplicates {
        let pointer = path
            .iter()
            .chain([&key])
            .fold(Pointer::root(), |pointer, segment| pointer.join(segment));
        let read = match merged {
            true => "the two mappings are merged",
            false => "the last value is read",
        };
        let hint = "a key may appear only once in a mapping; merge the two entries";
        let first = Diagnostic::warning(
            file,
            &pointer,
            format!("key `{key}` is written twice in this mapping: {read}"),
        )
        .with_hint(hint);
        let second = Diagnostic::warning(
            file,
            &pointer,
            format!("key `{key}` is written again here: {read}"),
        )
        .with_hint(hint)
        .at_repeated_key();
        warnings.extend([first, second]);
    }
    warnings
}

/// Reads `later` into `earlier`, as a mapping written twice is read: the entries of both,
/// merged again where both hold a mapping under one key, else the later value.
pub(super) fn merge(earlier: &mut Value, later: Value) {
    match (earlier, later) {
        (Value::Object(earlier), Value::Object(later)) => {
            for (key, value) in later {
                match earlier.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        earlier.insert(key, value);
                    }
                }
            }
        }
        (earlier, later) => *earlier = later,
    }
}
