//! `Nullable<T>`: an optional field that may also be null, with the three states kept apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that may be absent, null, or hold a value; each state is sent as itself.
///
/// In a request this is how to say "leave it unchanged" ([`Nullable::Absent`], the field is
/// left out), "clear it" ([`Nullable::Null`], sent as `null`) and "set it"
/// ([`Nullable::Value`]). A struct leaves such a field out when it is absent (`nullable` in
/// its `wire_struct!` table; with derives, `#[serde(default, skip_serializing_if =
/// "Nullable::is_absent")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field is not in the JSON.
    #[default]
    Absent,
    /// The field is `null`.
    Null,
    /// The field has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (and so is left out when serializing).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one, dropping the difference between absent and null.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`: an explicit `Option` says "no value", not "unchanged".
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            // An absent field is left out by the struct; serialized anyway (as an array
            // element, say) it can only be null.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the field is present; an absent one gets `Default`, `Absent`.
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
    }

    #[test]
    fn three_states_round_trip() {
        let cases = [
            (Nullable::Absent, "{}"),
            (Nullable::Null, r#"{"note":null}"#),
            (Nullable::Value("x".to_string()), r#"{"note":"x"}"#),
        ];
        for (note, json) in cases {
            let patch = Patch { note };
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
        }
    }
}
