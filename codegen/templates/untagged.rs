//! Support for unions told apart by their shape (`oneOf`/`anyOf` without a discriminator).
//!
//! Several variants may decode the same value: a variant whose required but nullable field
//! is absent decodes it as `None`, and one without a field keeps none of it. The variant
//! chosen is the first that keeps the whole value, encoding it back to the same JSON; only
//! when none does is it the first that decodes it at all.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `value` into the first of `variants` that keeps it whole, else the first that
/// decodes it; `name` is the union's, for the error when none does.
#[allow(
    dead_code,
    reason = "generated untagged unions use it; an API may have none"
)]
pub(crate) fn decode<U: Serialize, E: serde::de::Error>(
    value: &Value,
    variants: &[fn(&Value) -> Option<U>],
    name: &str,
) -> Result<U, E> {
    let mut first = None;
    for decode in variants {
        let Some(decoded) = decode(value) else {
            continue;
        };
        if serde_json::to_value(&decoded).is_ok_and(|back| back == *value) {
            return Ok(decoded);
        }
        first.get_or_insert(decoded);
    }
    first.ok_or_else(|| {
        E::custom(format!(
            "data did not match any variant of untagged enum {name}"
        ))
    })
}

/// `value` decoded as one variant's type, if it fits.
#[allow(
    dead_code,
    reason = "generated untagged unions use it; an API may have none"
)]
pub(crate) fn variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Locked {
        id: u32,
        lock_reason: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Labeled {
        id: u32,
        label: String,
    }

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Event {
        Locked(Locked),
        Labeled(Labeled),
        Number(f64),
        Count(i64),
    }

    fn event(value: Value) -> Result<Event, serde_json::Error> {
        decode(
            &value,
            &[
                |v| variant(v).map(Event::Locked),
                |v| variant(v).map(Event::Labeled),
                |v| variant(v).map(Event::Number),
                |v| variant(v).map(Event::Count),
            ],
            "Event",
        )
    }

    #[test]
    fn the_variant_that_keeps_the_whole_value_wins_over_an_earlier_one_that_decodes_it() {
        // `Locked` decodes it too (its `lock_reason` absent is `None`), but would add `null`.
        let labeled = event(serde_json::json!({"id": 1, "label": "bug"})).unwrap();
        assert_eq!(
            labeled,
            Event::Labeled(Labeled {
                id: 1,
                label: "bug".into()
            })
        );
        let locked = event(serde_json::json!({"id": 2, "lock_reason": null})).unwrap();
        assert!(matches!(locked, Event::Locked(_)), "{locked:?}");
        // An integer is kept whole by `i64`, not by `f64`, which writes it `3.0`.
        assert_eq!(event(serde_json::json!(3)).unwrap(), Event::Count(3));
        assert_eq!(event(serde_json::json!(2.5)).unwrap(), Event::Number(2.5));
    }

    #[test]
    fn without_a_variant_that_keeps_it_whole_the_first_that_decodes_it_is_taken() {
        // An unknown property is kept by none: the first that decodes it.
        let extra = event(serde_json::json!({"id": 3, "label": "x", "new": true})).unwrap();
        assert!(matches!(extra, Event::Locked(_)), "{extra:?}");
        let error = event(serde_json::json!("text")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "data did not match any variant of untagged enum Event"
        );
    }
}
