//! Support for unions told apart by a property (`oneOf` with a `discriminator`).
//!
//! The whole object, tag included, is handed to the variant's type, so a variant struct that
//! declares the tag property decodes as well as one that does not.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The value of the `tag` property of an object, if it is a string.
#[allow(
    dead_code,
    reason = "generated tagged unions use it; an API may have none"
)]
pub(crate) fn tag<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag)?.as_str()
}

/// Decodes a variant from the whole object.
#[allow(
    dead_code,
    reason = "generated tagged unions use it; an API may have none"
)]
pub(crate) fn variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Decodes the variant an object without a known tag stands for (OpenAPI 3.2's
/// `defaultMapping`), or gives the object back, as sent, when it does not fit that variant.
#[allow(
    dead_code,
    reason = "generated tagged unions with a default mapping use it; an API may have none"
)]
pub(crate) fn fallback<T: DeserializeOwned>(value: Value) -> Result<T, Value> {
    T::deserialize(&value).map_err(|_| value)
}

/// Encodes a variant as an object with its tag set.
#[allow(
    dead_code,
    reason = "generated tagged unions use it; an API may have none"
)]
pub(crate) fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut object = serde_json::to_value(value).map_err(S::Error::custom)?;
    match &mut object {
        Value::Object(fields) => {
            fields.insert(tag.to_string(), Value::String(tag_value.to_string()));
        }
        _ => {
            return Err(S::Error::custom(format!(
                "a `{tag}` variant must be an object"
            )))
        }
    }
    object.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Cat {
        lives: u8,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dog {
        kind: String,
        good: bool,
    }

    #[test]
    fn the_tag_is_added_and_read_whether_or_not_the_variant_declares_it() {
        let cat = serde_json::to_value(Wrapper(&Cat { lives: 9 }, "cat")).unwrap();
        assert_eq!(cat, serde_json::json!({"kind": "cat", "lives": 9}));
        assert_eq!(tag(&cat, "kind"), Some("cat"));
        let back: Cat = variant::<_, serde_json::Error>(cat).unwrap();
        assert_eq!(back, Cat { lives: 9 });

        let dog = serde_json::json!({"kind": "dog", "good": true});
        let back: Dog = variant::<_, serde_json::Error>(dog).unwrap();
        assert_eq!(back.kind, "dog");
    }

    struct Wrapper<'a, T>(&'a T, &'static str);

    impl<T: Serialize> Serialize for Wrapper<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(serializer, "kind", self.1, self.0)
        }
    }
}
