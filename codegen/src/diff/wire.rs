//! The wire side of a change: which named types travel in requests and which in responses,
//! what a sender may leave out or send as null, and which JSON shapes can stand for another.

use super::WireEffect;
use crate::ir::{Api, Operation, Payload, Presence, Responses, Type, TypeKind};
use std::collections::BTreeSet;

/// The named types that travel in requests (`sent`) and in responses (`received`), in either
/// spec, through any chain of references.
pub(super) struct Usage {
    sent: BTreeSet<String>,
    received: BTreeSet<String>,
}

impl Usage {
    /// The usage of the types of both specs.
    pub(super) fn of(old: &Api, new: &Api) -> Usage {
        let mut usage = Usage {
            sent: BTreeSet::new(),
            received: BTreeSet::new(),
        };
        for api in [old, new] {
            for op in &api.operations {
                let sent = request_types(op);
                reach(api, sent, &mut usage.sent);
                let received = [&op.success, &op.error]
                    .into_iter()
                    .flat_map(response_types)
                    .collect();
                reach(api, received, &mut usage.received);
            }
        }
        usage
    }

    /// How a change of what a value may be (`old` allows, then `new` allows) fares on the
    /// wire for the values of the type `owner`: a receiver fails on what the sender's spec
    /// allows and its own does not.
    pub(super) fn judge(&self, owner: &str, old: Allowed, new: Allowed) -> WireEffect {
        let mut effect = WireEffect::SAFE;
        if self.received.contains(owner) {
            // The client receives: an old client meets what the new server sends.
            effect = effect.or(WireEffect {
                old_client_breaks: !old.accepts(new),
                new_client_breaks: !new.accepts(old),
            });
        }
        if self.sent.contains(owner) {
            // The server receives: a new server meets what an old client sends.
            effect = effect.or(WireEffect {
                old_client_breaks: !new.accepts(old),
                new_client_breaks: !old.accepts(new),
            });
        }
        effect
    }

    /// Whether values of `name` are sent in requests.
    pub(super) fn is_sent(&self, name: &str) -> bool {
        self.sent.contains(name)
    }
}

/// What a side's spec lets a property (or a parameter, or a body) be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Allowed {
    /// Left out.
    pub(super) absent: bool,
    /// `null`.
    pub(super) null: bool,
    /// A value. A side whose spec does not know the property at all ignores it when it
    /// receives it, and never sends it.
    pub(super) value: bool,
}

impl Allowed {
    /// A property the spec does not have: never sent, and ignored when received.
    pub(super) const UNKNOWN: Allowed = Allowed {
        absent: true,
        null: false,
        value: false,
    };

    /// What a field's presence allows.
    pub(super) fn of(presence: Presence) -> Allowed {
        let (absent, null) = match presence {
            Presence::Required => (false, false),
            Presence::RequiredNullable => (false, true),
            Presence::Optional | Presence::Defaulted => (true, false),
            Presence::OptionalNullable => (true, true),
        };
        Allowed {
            absent,
            null,
            value: true,
        }
    }

    /// What a parameter or a body allows: left out only when optional.
    pub(super) fn given(required: bool) -> Allowed {
        Allowed {
            absent: !required,
            null: false,
            value: true,
        }
    }

    /// Whether a receiver with this spec takes everything a sender with `sender` sends;
    /// a receiver that does not know the property ignores it.
    fn accepts(self, sender: Allowed) -> bool {
        if !self.value {
            return true;
        }
        (self.absent || !sender.absent) && (self.null || !sender.null)
    }
}

/// Which way the values of a type travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Flow {
    /// In requests: the server reads them.
    pub(super) sent: bool,
    /// In responses: the client reads them.
    pub(super) received: bool,
}

impl Flow {
    /// Parameters and bodies.
    pub(super) const SENT: Flow = Flow {
        sent: true,
        received: false,
    };
    /// Responses.
    pub(super) const RECEIVED: Flow = Flow {
        sent: false,
        received: true,
    };
}

impl Usage {
    /// Which way the values of the named type `name` travel.
    pub(super) fn flow(&self, name: &str) -> Flow {
        Flow {
            sent: self.sent.contains(name),
            received: self.received.contains(name),
        }
    }
}

/// The kind of JSON a type is written as; `None` where it cannot be told (a union, any JSON).
fn json_kind(api: &Api, ty: &Type, depth: usize) -> Option<&'static str> {
    Some(match resolved(api, ty, depth)? {
        Type::Bool => "boolean",
        Type::I32 | Type::I64 | Type::U32 | Type::U64 => "integer",
        Type::F32 | Type::F64 => "number",
        Type::String | Type::DateTime | Type::Date | Type::Uuid => "string",
        Type::Vec(_) | Type::Set(_) => "array",
        Type::Map(_) | Type::JsonObject => "object",
        Type::Bytes => "bytes",
        Type::Unit => "nothing",
        Type::Named(name) => match &api.types.get(name)?.kind {
            TypeKind::Struct(_) => "object",
            TypeKind::StringEnum(_) => "string",
            TypeKind::IntEnum(_) => "integer",
            _ => return None,
        },
        _ => return None,
    })
}

/// The type without what does not change its values: `Option`, `Nullable` and `Box` (their
/// absence and null are the presence's), aliases and newtypes; `None` past a depth that only
/// a type made of itself reaches.
fn resolved<'a>(api: &'a Api, ty: &'a Type, depth: usize) -> Option<&'a Type> {
    if depth > 16 {
        return None;
    }
    match ty {
        Type::Option(inner) | Type::Nullable(inner) | Type::Box(inner) => {
            resolved(api, inner, depth + 1)
        }
        Type::Named(name) => match &api.types.get(name)?.kind {
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => resolved(api, inner, depth + 1),
            _ => Some(ty),
        },
        _ => Some(ty),
    }
}

/// Whether every value of `a` (a type of `a_api`) is a value of `b` (of `b_api`): a string
/// takes a date, an `i64` an `i32`, a number an integer, any JSON anything. What cannot be
/// told (unions, two named types, which are compared as types) counts as taken.
fn within(a_api: &Api, a: &Type, b_api: &Api, b: &Type, depth: usize) -> bool {
    let (Some(a), Some(b)) = (resolved(a_api, a, depth), resolved(b_api, b, depth)) else {
        return true;
    };
    let (Some(ka), Some(kb)) = (json_kind(a_api, a, depth), json_kind(b_api, b, depth)) else {
        return true;
    };
    match (a, b) {
        (_, Type::Json) => true,
        (Type::Vec(x) | Type::Set(x), Type::Vec(y)) | (Type::Set(x), Type::Set(y)) => {
            within(a_api, x, b_api, y, depth + 1)
        }
        (Type::Vec(_), Type::Set(_)) => false,
        (Type::Map(x), Type::Map(y)) => within(a_api, x, b_api, y, depth + 1),
        (Type::Map(_) | Type::Named(_), Type::JsonObject) => ka == "object",
        (Type::Named(_), Type::Named(_)) => ka == kb,
        (_, Type::String) => ka == "string",
        (Type::I32 | Type::U32, Type::I64) | (Type::U32, Type::U64) => true,
        (_, Type::F64) => ka == "integer" || ka == "number",
        (Type::Named(_), Type::I64) => ka == "integer",
        (Type::Named(_), _) | (_, Type::Named(_)) => ka == kb && ka != "string" && ka != "integer",
        _ => a == b,
    }
}

/// The wire effect of a value's type changing from `old_ty` to `new_ty`, for values that
/// travel as `flow` says: a reader fails on a value its type does not take.
pub(super) fn retyped(
    old: &Api,
    old_ty: &Type,
    new: &Api,
    new_ty: &Type,
    flow: Flow,
) -> WireEffect {
    let old_in_new = within(old, old_ty, new, new_ty, 0);
    let new_in_old = within(new, new_ty, old, old_ty, 0);
    let mut effect = WireEffect::SAFE;
    if flow.received {
        effect = effect.or(WireEffect {
            old_client_breaks: !new_in_old,
            new_client_breaks: !old_in_new,
        });
    }
    if flow.sent {
        effect = effect.or(WireEffect {
            old_client_breaks: !old_in_new,
            new_client_breaks: !new_in_old,
        });
    }
    effect
}

fn request_types(op: &Operation) -> Vec<&Type> {
    let parts = op
        .body
        .iter()
        .filter_map(|b| b.form.as_ref())
        .flat_map(|f| &f.parts)
        .filter_map(|p| p.kind.ty());
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty))
        .chain(parts)
        .collect()
}

fn response_types(responses: &Responses) -> Vec<&Type> {
    match responses {
        Responses::None => Vec::new(),
        Responses::One(payload) => payload_type(payload).into_iter().collect(),
        Responses::ByStatus { variants, .. } => variants
            .iter()
            .filter_map(|v| payload_type(&v.payload))
            .collect(),
    }
}

fn payload_type(payload: &Payload) -> Option<&Type> {
    match payload {
        Payload::Json(ty) => Some(ty),
        _ => None,
    }
}

/// Adds to `found` every named type `roots` reach.
fn reach(api: &Api, roots: Vec<&Type>, found: &mut BTreeSet<String>) {
    let mut stack: Vec<&Type> = roots;
    while let Some(ty) = stack.pop() {
        ty.walk(&mut |inner| {
            if let Type::Named(name) = inner
                && found.insert(name.clone())
                && let Some(def) = api.types.get(name)
            {
                stack.extend(def.kind.slots());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_fails_on_what_only_the_senders_spec_allows() {
        let required = Allowed::of(Presence::Required);
        let optional = Allowed::of(Presence::Optional);
        let nullable = Allowed::of(Presence::RequiredNullable);
        assert!(optional.accepts(required));
        assert!(!required.accepts(optional));
        assert!(!required.accepts(nullable));
        assert!(Allowed::UNKNOWN.accepts(required));
        assert!(!required.accepts(Allowed::UNKNOWN));
        assert!(optional.accepts(Allowed::UNKNOWN));
    }
}
