//! Defaults: a property's `default` as a Rust value of its type.

use super::Lower;
use crate::ir::*;
use std::collections::BTreeMap;

impl<'a> Lower<'a> {
    /// Turns string and integer defaults of enum-typed fields into variants, now that every
    /// type is known; a default that matches no variant is dropped (the field is then plainly
    /// optional).
    pub(super) fn resolve_defaults(&mut self) {
        let kinds: BTreeMap<String, TypeKind> = self
            .types
            .iter()
            .filter(|(_, d)| {
                matches!(
                    d.kind,
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_)
                )
            })
            .map(|(n, d)| (n.clone(), d.kind.clone()))
            .collect();
        for def in self.types.values_mut() {
            let TypeKind::Struct(s) = &mut def.kind else {
                continue;
            };
            for field in &mut s.fields {
                let (Some(default), Type::Option(held)) = (&field.default, &field.ty) else {
                    continue;
                };
                let Type::Named(type_name) = &**held else {
                    continue;
                };
                let resolved = match (kinds.get(type_name), default) {
                    (Some(TypeKind::StringEnum(e)), DefaultValue::Str(value)) => e
                        .variants
                        .iter()
                        .find(|v| &v.wire == value)
                        .map(|v| DefaultValue::Variant(type_name.clone(), v.name.clone())),
                    (Some(TypeKind::IntEnum(e)), DefaultValue::Int(value)) => e
                        .variants
                        .iter()
                        .find(|(_, v)| v == value)
                        .map(|(n, _)| DefaultValue::Variant(type_name.clone(), n.clone())),
                    (Some(TypeKind::Alias(inner)), value) => coerce_default(inner, value),
                    _ => None,
                };
                match resolved {
                    Some(value) => field.default = Some(value),
                    None => {
                        field.default = None;
                        field.presence = Presence::Optional;
                    }
                }
            }
        }
    }
}

/// A property's `default` as a value of its type, when it can be written in Rust; values of
/// named types are checked against the type later (`resolve_defaults`).
pub(super) fn default_value(ty: &Type, value: &serde_json::Value) -> Option<DefaultValue> {
    use serde_json::Value as V;
    let candidate = match value {
        V::Bool(b) => DefaultValue::Bool(*b),
        V::Number(n) if n.is_i64() => DefaultValue::Int(n.as_i64()?),
        V::Number(n) => DefaultValue::Float(n.as_f64()?),
        V::String(s) => DefaultValue::Str(s.clone()),
        _ => return None,
    };
    match ty {
        Type::Named(_) => Some(candidate),
        _ => coerce_default(ty, &candidate),
    }
}

/// The default as a value of `ty` (an integer default of a float field becomes a float), or
/// `None` when it cannot initialise a field of that type.
fn coerce_default(ty: &Type, value: &DefaultValue) -> Option<DefaultValue> {
    match (ty, value) {
        (Type::Bool, DefaultValue::Bool(_)) | (Type::String, DefaultValue::Str(_)) => {
            Some(value.clone())
        }
        (Type::I64, DefaultValue::Int(_)) => Some(value.clone()),
        (Type::I32, DefaultValue::Int(n)) => i32::try_from(*n).is_ok().then(|| value.clone()),
        (Type::U32, DefaultValue::Int(n)) => u32::try_from(*n).is_ok().then(|| value.clone()),
        (Type::U64, DefaultValue::Int(n)) => u64::try_from(*n).is_ok().then(|| value.clone()),
        (Type::F32 | Type::F64, DefaultValue::Float(_)) => Some(value.clone()),
        (Type::F32 | Type::F64, DefaultValue::Int(n)) => Some(DefaultValue::Float(*n as f64)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    /// The defaults of the fields of struct `A`.
    fn defaults(types: &std::collections::BTreeMap<String, TypeDef>) -> Vec<Option<DefaultValue>> {
        let TypeKind::Struct(s) = &types["A"].kind else {
            panic!("{:?}", types["A"])
        };
        s.fields.iter().map(|f| f.default.clone()).collect()
    }

    #[test]
    fn a_default_that_fits_the_field_fills_it_in() {
        let types = types(
            r#"
            A:
              type: object
              properties:
                count: {type: integer, default: 5}
                small: {type: integer, format: int32, default: 10000000000}
                ratio: {type: number, default: 1}
                name: {type: string, default: x}
                flag: {type: boolean, default: 3}
            "#,
        );
        assert_eq!(
            defaults(&types),
            [
                Some(DefaultValue::Int(5)),
                None,
                Some(DefaultValue::Float(1.0)),
                Some(DefaultValue::Str("x".into())),
                None,
            ]
        );
        let presences: Vec<Presence> = fields(&types, "A").iter().map(|f| f.2).collect();
        assert_eq!(
            presences,
            [
                Presence::Defaulted,
                Presence::Optional,
                Presence::Defaulted,
                Presence::Defaulted,
                Presence::Optional,
            ]
        );
    }

    #[test]
    fn a_default_of_an_enum_field_is_a_variant_or_nothing() {
        let types = types(
            r#"
            A:
              type: object
              properties:
                known: {allOf: [{$ref: '#/components/schemas/Color'}], default: dark-red}
                unknown: {allOf: [{$ref: '#/components/schemas/Color'}], default: blue}
            Color: {type: string, enum: [dark-red, green]}
            "#,
        );
        assert_eq!(
            defaults(&types),
            [
                Some(DefaultValue::Variant("Color".into(), "DarkRed".into())),
                None
            ]
        );
        assert_eq!(
            fields(&types, "A"),
            [
                ("known", &option(named("Color")), Presence::Defaulted),
                ("unknown", &option(named("Color")), Presence::Optional),
            ]
        );
    }

    #[test]
    fn a_defaulted_property_may_be_absent_so_absence_survives_a_round_trip() {
        // Absent and the default written out are different JSON, and a request that sent
        // the default where the caller set nothing would override the server's own.
        let types = types(
            "A: {type: object, properties: {n: {type: integer, default: 3}, s: {type: string, default: x}}}",
        );
        assert_eq!(
            fields(&types, "A"),
            [
                ("n", &option(Type::I64), Presence::Defaulted),
                ("s", &option(Type::String), Presence::Defaulted),
            ]
        );
        assert!(matches!(&types["A"].kind, TypeKind::Struct(s) if s.default));
    }

    #[test]
    fn a_default_on_a_referenced_schema_is_not_the_field_s() {
        let types = types(
            "A: {type: object, properties: {n: {$ref: '#/components/schemas/N'}}}\nN: {type: integer, default: 3}",
        );
        assert_eq!(defaults(&types), [None]);
    }
}
