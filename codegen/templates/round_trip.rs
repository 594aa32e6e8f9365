//! Support for the tests of the spec's examples: an example must decode into its type and
//! encode back to what it says.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `example` into `T`, encodes it again, and panics where the two disagree; `sets`
/// are the places in the example that hold a set (`uniqueItems`), whose items may come back
/// in another order and once each.
#[allow(
    dead_code,
    reason = "generated example tests use it; an API may have no example"
)]
pub(crate) fn assert_round_trip<T: Serialize + DeserializeOwned>(example: &str, sets: &[&str]) {
    let original: Value = serde_json::from_str(example).expect("the example is JSON");
    let decoded: T = match serde_path_to_error::deserialize(&original) {
        Ok(decoded) => decoded,
        Err(e) => panic!(
            "the example does not decode at `{}`: {}",
            e.path(),
            e.inner()
        ),
    };
    let encoded = serde_json::to_value(&decoded).expect("a decoded value encodes");
    if let Some(difference) = difference(&original, &encoded, "", sets) {
        panic!("the example does not survive a round trip: {difference}");
    }
}

/// Where `encoded` fails to say what `original` says: a property lost or changed, an item
/// lost, changed, added or moved. Extra properties in `encoded` (filled-in defaults) are
/// fine, and so are `null` for absent, a number within float precision, a date-time written
/// another way, and, at the places in `sets`, items in another order and once each.
fn difference(original: &Value, encoded: &Value, path: &str, sets: &[&str]) -> Option<String> {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(key, value)| {
            let at = format!("{path}.{key}");
            match b.get(key) {
                None if value.is_null() => None,
                None => Some(format!("`{at}` is lost")),
                Some(other) => difference(value, other, &at, sets),
            }
        }),
        (Value::Array(a), Value::Array(b)) if sets.contains(&path) => {
            let at = format!("{path}[]");
            let within = |x: &Value, list: &[Value]| {
                list.iter().any(|y| difference(x, y, &at, sets).is_none())
            };
            let same = a.iter().all(|x| within(x, b)) && b.iter().all(|y| within(y, a));
            (!same).then(|| format!("the set `{path}` changes from {original} to {encoded}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "`{path}` changes from {} items to {}: {original} to {encoded}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| difference(x, y, &format!("{path}[{i}]"), sets))
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            let close = (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
            (!close).then(|| format!("`{path}` changes from {a} to {b}"))
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (instant(a), instant(b)) {
                (Some(x), Some(y)) if x == y => None,
                _ => Some(format!("`{path}` changes from {a:?} to {b:?}")),
            }
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("`{path}` changes from {a} to {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_forgive_form_but_not_content() {
        let original = serde_json::json!({"at": "2024-01-01T01:00:00+01:00", "x": 0.1, "n": null, "s": [2, 1, 2]});
        let encoded = serde_json::json!({"at": "2024-01-01T00:00:00Z", "x": 0.10000000149011612, "s": [1, 2], "extra": 1});
        assert_eq!(difference(&original, &encoded, "", &[".s"]), None);
        let lost = serde_json::json!({"at": "2024-01-01T00:00:00Z"});
        assert_eq!(
            difference(&original, &lost, "", &[".s"]),
            Some("`.x` is lost".to_string())
        );
    }

    #[test]
    fn only_sets_forgive_order_and_repeats() {
        let list = serde_json::json!({"s": [2, 1, 2]});
        for (encoded, set_ok) in [
            (serde_json::json!({"s": [1, 2, 2]}), true),
            (serde_json::json!({"s": [2, 1]}), true),
            (serde_json::json!({"s": [2, 1, 2, 3]}), false),
            (serde_json::json!({"s": [2, 2]}), false),
        ] {
            // A list keeps its order and length: reordered, dropped and added items all differ.
            assert!(difference(&list, &encoded, "", &[]).is_some(), "{encoded}");
            assert_eq!(
                difference(&list, &encoded, "", &[".s"]).is_none(),
                set_ok,
                "{encoded}"
            );
        }
        assert_eq!(difference(&list, &list, "", &[]), None);
        assert_eq!(
            difference(&list, &serde_json::json!({"s": [2, 1, 3]}), "", &[]),
            Some("`.s[2]` changes from 2 to 3".to_string())
        );
    }
}
