//! The wire form of the generated structs: `wire_struct!` writes their `Serialize` and
//! `Deserialize` from a table of their fields.
//!
//! It does what `#[derive(Serialize, Deserialize)]` with `rename`, `default`,
//! `skip_serializing_if` and `flatten` would for these structs (absent optional fields left
//! out, unknown fields skipped or kept in the flattened map, "missing field" and "duplicate
//! field" errors), with a fraction of the code: the field names are looked up here, once,
//! instead of in visitors written out for every struct, so the crate compiles faster.
//! Structs are decoded from JSON objects only. They are encoded as derive encodes them: a
//! struct of static field names and the exact number of fields sent (a map when it has a
//! flattened map), each field's presence tested once.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Implements `Serialize` and `Deserialize` for a struct from its fields, each written
/// `field: "wire name" => presence`, and its flattened map of other properties, `..field`.
///
/// `presence` says when a field is sent and what an absent one becomes: `required` (always
/// sent; absent is an error), `optional` (an `Option` left out when `None`; absent is
/// `None`), `required_nullable` (an `Option` sent as `null` when `None`; absent is `None`),
/// or `nullable` (a `Nullable` left out when `Absent`; absent is `Absent`).
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! wire_struct {
    ($name:ident { $($field:ident: $wire:literal => $presence:ident,)* $(..$rest:ident)? }) => {
        impl serde::Serialize for $name {
            #[allow(unused_mut, reason = "a struct may have no fields")]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let len = 0 $(+ $crate::wire::sent!($presence, self.$field))*;
                let mut fields = $crate::wire::begin!(serializer, $name, len $(, self.$rest)?);
                $($crate::wire::put!($presence, fields, $wire, self.$field);)*
                $(
                    for (key, value) in &self.$rest {
                        serde::ser::SerializeMap::serialize_entry(&mut fields.0, key, value)?;
                    }
                )?
                fields.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::deserialize(deserializer)
            }
        }

        impl $crate::wire::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);

            #[allow(clippy::match_single_binding, reason = "a struct may have no fields")]
            #[allow(
                clippy::disallowed_names,
                reason = "the locals take the fields' names, which the spec chose (`foo`, ...)"
            )]
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut other = $crate::wire::other_properties!($($rest)?);
                let fields = $crate::wire::Fields {
                    names: &[$($wire),*],
                    keep_others: $crate::wire::Others::keeps(&other),
                };
                while let Some(key) = map.next_key_seed(fields)? {
                    match key {
                        $($crate::wire::Key::Known($wire) => $crate::wire::field(&mut map, &mut $field, $wire)?,)*
                        key => $crate::wire::Others::take(&mut other, key, &mut map)?,
                    }
                }
                Ok(Self {
                    $($field: $crate::wire::finish!($presence, $field, $wire),)*
                    $($rest: other.0,)?
                })
            }
        }
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use wire_struct;

/// Starts encoding a struct of `len` fields: as a struct, or, with a flattened map, as a map
/// of its fields and the map's entries.
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! begin {
    ($serializer:ident, $name:ident, $len:ident) => {
        $serializer.serialize_struct(stringify!($name), $len)?
    };
    ($serializer:ident, $name:ident, $len:ident, $rest:expr) => {
        $crate::wire::Entries($serializer.serialize_map(Some($len + $rest.len()))?)
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use begin;

/// Whether a field is sent: 1 or 0, for the number of fields.
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! sent {
    (optional, $value:expr) => {
        $value.is_some() as usize
    };
    (nullable, $value:expr) => {
        !$value.is_absent() as usize
    };
    ($always:ident, $value:expr) => {
        1
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use sent;

/// Sends a field, or skips it when it is absent.
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! put {
    (optional, $fields:ident, $wire:literal, $value:expr) => {
        match &$value {
            Some(value) => $fields.serialize_field($wire, value)?,
            None => $fields.skip_field($wire)?,
        }
    };
    (nullable, $fields:ident, $wire:literal, $value:expr) => {
        if $value.is_absent() {
            $fields.skip_field($wire)?
        } else {
            $fields.serialize_field($wire, &$value)?
        }
    };
    ($always:ident, $fields:ident, $wire:literal, $value:expr) => {
        $fields.serialize_field($wire, &$value)?
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use put;

/// The entries of a map, written as the fields of a struct: a struct with a flattened map
/// is encoded as one map of both.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) struct Entries<M>(pub(crate) M);

impl<M: SerializeMap> SerializeStruct for Entries<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// What an absent field becomes, written out where it is decoded (cheaper to compile than
/// a call).
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! finish {
    (required, $slot:ident, $wire:literal) => {
        match $slot {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($wire)),
        }
    };
    (optional, $slot:ident, $wire:literal) => {
        $slot.flatten()
    };
    (required_nullable, $slot:ident, $wire:literal) => {
        $slot.flatten()
    };
    (nullable, $slot:ident, $wire:literal) => {
        $slot.unwrap_or_default()
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use finish;

/// A struct that `wire_struct!` decodes.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) trait DecodeStruct: Sized {
    /// Its name, for errors.
    const NAME: &'static str;

    /// Decodes it from the properties of an object.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a struct from an object.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: DecodeStruct>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// What a struct does with the properties it does not declare: [`Skip`] them, or
/// [`Keep`] them in its flattened map.
#[allow(
    unused_macros,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
macro_rules! other_properties {
    () => {
        $crate::wire::Skip
    };
    ($rest:ident) => {
        $crate::wire::Keep(Default::default())
    };
}
#[allow(
    unused_imports,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) use other_properties;

/// A property name: one of the struct's, by its `'static` name, or another.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) enum Key<'de> {
    Known(&'static str),
    Other(Cow<'de, str>),
    /// Another property, whose name is not needed.
    Skipped,
}

/// Reads a property name against the struct's field names.
#[derive(Clone, Copy)]
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) struct Fields {
    pub(crate) names: &'static [&'static str],
    pub(crate) keep_others: bool,
}

impl Fields {
    /// The key for `name`, or `None` when it is another property whose name is kept.
    fn find(self, name: &str) -> Option<Key<'static>> {
        match self.names.iter().find(|known| **known == name) {
            Some(known) => Some(Key::Known(known)),
            None if self.keep_others => None,
            None => Some(Key::Skipped),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Fields {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Fields {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(self
            .find(name)
            .unwrap_or_else(|| Key::Other(Cow::Owned(name.to_string()))))
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(self.find(name).unwrap_or(Key::Other(Cow::Borrowed(name))))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(self.find(&name).unwrap_or(Key::Other(Cow::Owned(name))))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
        self.visit_str(&String::from_utf8_lossy(name))
    }
}

/// Reads the value of a declared field; a second one is an error.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The properties a struct does not declare.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) trait Others {
    /// Whether their names are needed.
    fn keeps(&self) -> bool;

    /// Takes the value of one of them.
    fn take<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// Skips them: the struct has no flattened map.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) struct Skip;

impl Others for Skip {
    fn keeps(&self) -> bool {
        false
    }

    fn take<'de, A: MapAccess<'de>>(&mut self, _: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Keeps them in the struct's flattened map.
#[allow(
    dead_code,
    reason = "`wire_struct!` uses it; an API may have no object schema"
)]
pub(crate) struct Keep<T>(pub(crate) BTreeMap<String, T>);

impl<T: for<'a> Deserialize<'a>> Others for Keep<T> {
    fn keeps(&self) -> bool {
        true
    }

    fn take<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        match key {
            Key::Other(name) => {
                let value = map.next_value()?;
                self.0.insert(name.into_owned(), value);
                Ok(())
            }
            Key::Known(_) | Key::Skipped => map.next_value::<IgnoredAny>().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Nullable;
    use serde::ser::{Impossible, Serialize, SerializeMap, SerializeStruct};
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq)]
    struct Widget {
        id: i64,
        r#type: Option<String>,
        note: Nullable<String>,
        size: i64,
        done: Option<bool>,
    }

    wire_struct! {
        Widget {
            id: "id" => required,
            r#type: "type" => optional,
            note: "note" => nullable,
            size: "size" => required,
            done: "done" => required_nullable,
        }
    }

    #[derive(Debug, PartialEq)]
    struct Open {
        name: String,
        extra: BTreeMap<String, i64>,
    }

    wire_struct! {
        Open {
            name: "name" => required,
            ..extra
        }
    }

    #[derive(Debug, PartialEq)]
    struct Empty {}

    wire_struct! { Empty {} }

    // Named like the type parameters of the code the macro writes, as a spec's schema may be.
    #[derive(Debug, PartialEq)]
    struct A {
        d: Option<i64>,
    }

    wire_struct! {
        A {
            d: "d" => optional,
        }
    }

    #[test]
    fn a_struct_may_be_named_like_a_type_parameter() {
        let a: A = serde_json::from_str(r#"{"d":1}"#).unwrap();
        assert_eq!(a, A { d: Some(1) });
        assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"d":1}"#);
    }

    fn widget(json: &str) -> Result<Widget, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_take_their_values_and_absent_states() {
        let full = widget(r#"{"id":1,"type":"a","note":"n","size":2,"more":[1,{"x":null}]}"#);
        let expected = Widget {
            id: 1,
            r#type: Some("a".into()),
            note: Nullable::Value("n".into()),
            size: 2,
            done: None,
        };
        assert_eq!(full, Ok(expected));
        let bare = widget(r#"{"id":1,"type":null,"note":null,"size":7}"#);
        let expected = Widget {
            id: 1,
            r#type: None,
            note: Nullable::Null,
            size: 7,
            done: None,
        };
        assert_eq!(bare, Ok(expected));
        assert_eq!(
            widget(r#"{"id":1,"size":7}"#).unwrap().note,
            Nullable::Absent
        );
    }

    #[test]
    fn fields_are_sent_as_the_table_says() {
        let bare = Widget {
            id: 1,
            r#type: None,
            note: Nullable::Absent,
            size: 7,
            done: None,
        };
        let sent = serde_json::to_value(&bare).unwrap();
        assert_eq!(sent, serde_json::json!({"id": 1, "size": 7, "done": null}));
        let full = Widget {
            id: 1,
            r#type: Some("a".into()),
            note: Nullable::Null,
            size: 2,
            done: Some(true),
        };
        let text = serde_json::to_string(&full).unwrap();
        assert_eq!(
            text,
            r#"{"id":1,"type":"a","note":null,"size":2,"done":true}"#
        );
        assert_eq!(serde_json::from_str::<Widget>(&text).unwrap(), full);
        let open = Open {
            name: "n".into(),
            extra: BTreeMap::from([("a".to_string(), 1)]),
        };
        let text = serde_json::to_string(&open).unwrap();
        assert_eq!(text, r#"{"name":"n","a":1}"#);
        assert_eq!(serde_json::from_str::<Open>(&text).unwrap(), open);
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
    }

    /// What a struct's `Serialize` asks of a serializer, each value encoded as JSON.
    #[derive(Default)]
    struct Recorder(Vec<String>);

    macro_rules! not_a_struct {
        ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {
            $(fn $method(self, $(_: $arg),*) -> Result<$out, serde_json::Error> {
                Err(serde::ser::Error::custom(stringify!($method)))
            })*
        };
    }

    impl<'a> serde::Serializer for &'a mut Recorder {
        type Ok = ();
        type Error = serde_json::Error;
        type SerializeSeq = Impossible<(), serde_json::Error>;
        type SerializeTuple = Impossible<(), serde_json::Error>;
        type SerializeTupleStruct = Impossible<(), serde_json::Error>;
        type SerializeTupleVariant = Impossible<(), serde_json::Error>;
        type SerializeMap = &'a mut Recorder;
        type SerializeStruct = &'a mut Recorder;
        type SerializeStructVariant = Impossible<(), serde_json::Error>;

        fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self, Self::Error> {
            self.0.push(format!("struct {name} of {len}"));
            Ok(self)
        }

        fn serialize_map(self, len: Option<usize>) -> Result<Self, Self::Error> {
            self.0.push(format!("map of {len:?}"));
            Ok(self)
        }

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Self::Error> {
            Err(serde::ser::Error::custom("serialize_some"))
        }

        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<(), Self::Error> {
            Err(serde::ser::Error::custom("serialize_newtype_struct"))
        }

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Self::Error> {
            Err(serde::ser::Error::custom("serialize_newtype_variant"))
        }

        not_a_struct! {
            serialize_bool(bool) -> ();
            serialize_i8(i8) -> ();
            serialize_i16(i16) -> ();
            serialize_i32(i32) -> ();
            serialize_i64(i64) -> ();
            serialize_u8(u8) -> ();
            serialize_u16(u16) -> ();
            serialize_u32(u32) -> ();
            serialize_u64(u64) -> ();
            serialize_f32(f32) -> ();
            serialize_f64(f64) -> ();
            serialize_char(char) -> ();
            serialize_str(&str) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_none() -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }
    }

    impl SerializeStruct for &mut Recorder {
        type Ok = ();
        type Error = serde_json::Error;

        fn serialize_field<T: ?Sized + Serialize>(
            &mut self,
            key: &'static str,
            value: &T,
        ) -> Result<(), Self::Error> {
            let value = serde_json::to_string(value)?;
            self.0.push(format!("{key}: {value}"));
            Ok(())
        }

        fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
            self.0.push(format!("skip {key}"));
            Ok(())
        }

        fn end(self) -> Result<(), Self::Error> {
            self.0.push("end".to_string());
            Ok(())
        }
    }

    impl SerializeMap for &mut Recorder {
        type Ok = ();
        type Error = serde_json::Error;

        fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Self::Error> {
            let key = serde_json::to_string(key)?;
            self.0.push(format!("{key}:"));
            Ok(())
        }

        fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
            let value = serde_json::to_string(value)?;
            self.0
                .last_mut()
                .expect("a key first")
                .push_str(&format!(" {value}"));
            Ok(())
        }

        fn end(self) -> Result<(), Self::Error> {
            self.0.push("end".to_string());
            Ok(())
        }
    }

    fn recorded<T: Serialize>(value: &T) -> Vec<String> {
        let mut recorder = Recorder::default();
        value.serialize(&mut recorder).unwrap();
        recorder.0
    }

    #[test]
    fn structs_are_encoded_as_structs_of_the_fields_sent() {
        let bare = Widget {
            id: 1,
            r#type: None,
            note: Nullable::Absent,
            size: 7,
            done: None,
        };
        let expected = [
            "struct Widget of 3",
            "id: 1",
            "skip type",
            "skip note",
            "size: 7",
            "done: null",
            "end",
        ];
        assert_eq!(recorded(&bare), expected);
        let full = Widget {
            id: 1,
            r#type: Some("a".into()),
            note: Nullable::Null,
            size: 2,
            done: Some(true),
        };
        let expected = [
            "struct Widget of 5",
            "id: 1",
            "type: \"a\"",
            "note: null",
            "size: 2",
            "done: true",
            "end",
        ];
        assert_eq!(recorded(&full), expected);
        assert_eq!(recorded(&Empty {}), ["struct Empty of 0", "end"]);
        let open = Open {
            name: "n".into(),
            extra: BTreeMap::from([("a".to_string(), 1), ("b".to_string(), 2)]),
        };
        let expected = [
            "map of Some(3)",
            "\"name\": \"n\"",
            "\"a\": 1",
            "\"b\": 2",
            "end",
        ];
        assert_eq!(recorded(&open), expected);
    }

    #[test]
    fn structs_encode_to_values_as_to_text() {
        let full = Widget {
            id: 1,
            r#type: Some("a".into()),
            note: Nullable::Value("n".into()),
            size: 2,
            done: None,
        };
        let value = serde_json::to_value(&full).unwrap();
        let text = serde_json::to_string(&full).unwrap();
        assert_eq!(value.to_string(), text);
        let open = Open {
            name: "n".into(),
            extra: BTreeMap::from([("a".to_string(), 1)]),
        };
        let value = serde_json::to_value(&open).unwrap();
        assert_eq!(value, serde_json::json!({"name": "n", "a": 1}));
    }

    #[test]
    fn bad_objects_are_errors_that_name_the_field() {
        let missing = widget(r#"{"type":"a"}"#).unwrap_err();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let twice = widget(r#"{"id":1,"id":2}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `id`"), "{twice}");
        let wrong = widget(r#"{"id":"one"}"#).unwrap_err();
        assert!(wrong.starts_with("invalid type: string \"one\""), "{wrong}");
        let array = widget("[1]").unwrap_err();
        assert!(array.contains("expected a `Widget` object"), "{array}");
    }

    #[test]
    fn other_properties_are_kept_in_the_flattened_map() {
        let open: Open = serde_json::from_str(r#"{"a":1,"name":"n","b\n":2}"#).unwrap();
        let extra = BTreeMap::from([("a".to_string(), 1), ("b\n".to_string(), 2)]);
        let expected = Open {
            name: "n".into(),
            extra,
        };
        assert_eq!(open, expected);
        let wrong = serde_json::from_str::<Open>(r#"{"name":"n","a":"x"}"#).unwrap_err();
        assert!(wrong.to_string().starts_with("invalid type"), "{wrong}");
    }

    #[test]
    fn structs_decode_from_values_and_from_readers() {
        let value = serde_json::json!({"id": 3, "size": 7, "zzz": true});
        let from_value: Widget = serde_json::from_value(value).unwrap();
        assert_eq!(from_value.id, 3);
        let from_reader: Open = serde_json::from_reader(&br#"{"name":"n","k":1}"#[..]).unwrap();
        assert_eq!(from_reader.extra.get("k"), Some(&1));
        let empty: Empty = serde_json::from_str(r#"{"x":1}"#).unwrap();
        assert_eq!(empty, Empty {});
    }
}
