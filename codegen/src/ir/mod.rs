//! The intermediate representation: everything the emitter needs, decided in advance.
//!
//! Plain data only: no tokens and no `openapiv3` types. Lowering builds it (names, types,
//! references, parameters, responses are all settled there); emitting only spells it in Rust.
//!
//! Here the API and what it holds besides: features, servers, docs. `types` holds the named
//! types and the type expressions, `operations` the operations; both are re-exported, so
//! `crate::ir::Name` names any of them.

mod operations;
mod types;

pub use operations::*;
pub use types::*;

use std::collections::{BTreeMap, BTreeSet};

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers[0].url` with its variables at their defaults; `None` when the spec has none
    /// or it is relative.
    pub default_base_url: Option<String>,
    /// `servers[0]` as written: its URL template and variables.
    pub server: Option<Server>,
    /// Named types by Rust name, so output order never depends on the spec's order.
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
    /// Security schemes that operations use, sorted by Rust name.
    pub security_schemes: Vec<SecurityScheme>,
    /// The Cargo features that select parts of the API, and what each compiles.
    pub features: Features,
}

/// Cargo features that select parts of the API: one per tag, each compiling its operations
/// and exactly the types they need (`crate::features` decides them from the rest of the IR).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// The tags' features, sorted by feature name; empty when the crate has none (a spec
    /// with fewer than `features::MIN_TAGS` tags).
    pub tags: Vec<TagFeature>,
    /// Which features compile each operation, by method name; an operation not listed is
    /// always compiled.
    pub operations: BTreeMap<String, Gate>,
    /// Which features compile each named type, by Rust name; a type not listed is always
    /// compiled.
    pub types: BTreeMap<String, Gate>,
}

/// The feature of one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct TagFeature {
    /// The Cargo feature's name (kebab-case, unique, none of the crate's other features).
    pub name: String,
    /// The tag as the spec writes it.
    pub tag: String,
    /// The tag's description in the spec's `tags`, when it has one.
    pub description: Option<String>,
    /// How many operations have the tag.
    pub operations: usize,
}

/// When an item of the generated crate is compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    #[default]
    Always,
    /// When any of these features (by name, never empty) is on.
    Any(BTreeSet<String>),
}

impl TagFeature {
    /// How many operations the feature compiles, in words: `1 operation`, `3 operations`.
    pub fn operations_text(&self) -> String {
        match self.operations {
            1 => "1 operation".to_string(),
            n => format!("{n} operations"),
        }
    }
}

impl Gate {
    /// Compiles the item when `self` or `other` would.
    pub fn union(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (Gate::Any(mine), Gate::Any(theirs)) => mine.extend(theirs.iter().cloned()),
        }
    }

    /// Whether the item is always compiled.
    pub fn is_always(&self) -> bool {
        matches!(self, Gate::Always)
    }
}

impl Features {
    /// When an operation is compiled.
    pub fn operation(&self, op: &Operation) -> &Gate {
        self.operations.get(&op.name).unwrap_or(&Gate::Always)
    }

    /// When a named type is compiled.
    pub fn of_type(&self, name: &str) -> &Gate {
        self.types.get(name).unwrap_or(&Gate::Always)
    }
}

/// A server URL template and its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL with `{variable}` placeholders.
    pub url: String,
    /// The variables, sorted by name.
    pub variables: Vec<ServerVariable>,
}

/// One variable of a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name.
    pub name: String,
    /// Its default value.
    pub default: String,
    /// The values it may take; empty when any is allowed.
    pub allowed: Vec<String>,
}

/// Documentation gathered from the spec for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title` or `summary`: the first line.
    pub summary: Option<String>,
    /// `description`: the body.
    pub description: Option<String>,
    /// Further lines (examples, constraints, formats), each a paragraph of its own.
    pub notes: Vec<String>,
}

impl Api {
    /// Whether any type of the API, at any depth, is one that `test` accepts.
    pub fn mentions(&self, test: impl Fn(&Type) -> bool) -> bool {
        let mut found = false;
        let slots = self
            .types
            .values()
            .flat_map(|def| def.kind.slots())
            .chain(self.operations.iter().flat_map(Operation::slots));
        for ty in slots {
            ty.walk(&mut |inner| found |= test(inner));
            if found {
                return true;
            }
        }
        false
    }

    /// Whether any operation has an example, which the generated crate tests.
    pub fn has_examples(&self) -> bool {
        self.operations.iter().any(|op| !op.examples.is_empty())
    }

    /// Whether any type of the API is a UUID, which needs the `uuid` crate.
    pub fn uses_uuid(&self) -> bool {
        self.mentions(|ty| *ty == Type::Uuid)
    }
}

impl Api {
    /// The places in `example`, a JSON value of type `ty`, that hold a set (`uniqueItems`,
    /// whose items encode sorted and once each), written as the example tests' runtime
    /// writes them: `""` for the whole, `.key` for a property, `[2]` for an item, `[]` for
    /// any item of a set. A union's value is looked at as each of its variants.
    pub fn sets_in(&self, ty: &Type, example: &serde_json::Value) -> Vec<String> {
        let mut found = std::collections::BTreeSet::new();
        self.collect_sets(ty, example, "", &mut found, 0);
        found.into_iter().collect()
    }

    fn collect_sets(
        &self,
        ty: &Type,
        value: &serde_json::Value,
        path: &str,
        found: &mut std::collections::BTreeSet<String>,
        depth: usize,
    ) {
        use serde_json::Value;
        // A type may hold itself at the same place (an alias of a union that has it as a
        // variant); the value gets no deeper, so a bound ends the walk.
        if depth > 64 {
            return;
        }
        match (ty, value) {
            (Type::Set(item), Value::Array(items)) => {
                found.insert(path.to_string());
                let at = format!("{path}[]");
                for value in items {
                    self.collect_sets(item, value, &at, found, depth + 1);
                }
            }
            (Type::Vec(item), Value::Array(items)) => {
                for (i, value) in items.iter().enumerate() {
                    self.collect_sets(item, value, &format!("{path}[{i}]"), found, depth + 1);
                }
            }
            (Type::Map(item), Value::Object(entries)) => {
                for (key, value) in entries {
                    self.collect_sets(item, value, &format!("{path}.{key}"), found, depth + 1);
                }
            }
            (Type::Option(inner) | Type::Nullable(inner) | Type::Box(inner), _) => {
                self.collect_sets(inner, value, path, found, depth + 1);
            }
            (Type::Named(name), _) => {
                let Some(def) = self.types.get(name) else {
                    return;
                };
                match (&def.kind, value) {
                    (TypeKind::Struct(s), Value::Object(entries)) => {
                        for (key, value) in entries {
                            let ty = match s.fields.iter().find(|f| f.wire_name == *key) {
                                Some(field) => &field.ty,
                                None => match &s.additional {
                                    Some((_, ty)) => ty,
                                    None => continue,
                                },
                            };
                            self.collect_sets(
                                ty,
                                value,
                                &format!("{path}.{key}"),
                                found,
                                depth + 1,
                            );
                        }
                    }
                    (TypeKind::Struct(_), _) => {}
                    (kind, _) => {
                        for ty in kind.slots() {
                            self.collect_sets(ty, value, path, found, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_visits_outermost_first_and_a_mutable_walk_innermost_first() {
        let mut ty = Type::Option(Box::new(Type::Vec(Box::new(Type::Named("A".into())))));
        let mut seen = Vec::new();
        ty.walk(&mut |inner| seen.push(format!("{inner:?}").chars().take(3).collect::<String>()));
        assert_eq!(seen, ["Opt", "Vec", "Nam"]);
        let mut order = Vec::new();
        ty.walk_mut(&mut |inner| {
            order.push(inner.is_indirect());
            // Replacing a type is safe: the replacement is not visited.
            if let Type::Named(_) = inner {
                let named = std::mem::replace(inner, Type::Unit);
                *inner = Type::Box(Box::new(named));
            }
        });
        assert_eq!(order, [false, true, false]);
        assert_eq!(
            ty,
            Type::Option(Box::new(Type::Vec(Box::new(Type::Box(Box::new(
                Type::Named("A".into())
            ))))))
        );
    }

    #[test]
    fn a_type_named_only_by_a_response_is_mentioned() {
        let operation = Operation {
            name: "get_thing".to_string(),
            builder: "GetThing".to_string(),
            examples: Vec::new(),
            origin: "#/paths/~1things/get".to_string(),
            http_method: HttpMethod::Get,
            path_template: "/things".to_string(),
            path: Vec::new(),
            docs: Docs::default(),
            deprecated: false,
            tags: Vec::new(),
            params: Vec::new(),
            body: None,
            success: Responses::One(Payload::Json(Type::Vec(Box::new(Type::Uuid)))),
            error: Responses::None,
            error_statuses: Vec::new(),
            pagination: None,
            streams: Vec::new(),
            security: Vec::new(),
        };
        let mut api = Api {
            title: "T".to_string(),
            version: "1".to_string(),
            description: None,
            default_base_url: None,
            server: None,
            types: Default::default(),
            operations: vec![operation],
            security_schemes: Vec::new(),
            features: Features::default(),
        };
        assert!(api.mentions(|ty| *ty == Type::Uuid));
        assert!(!api.mentions(|ty| *ty == Type::Date));
        api.operations[0].success = Responses::None;
        assert!(!api.mentions(|ty| *ty == Type::Uuid));
    }

    #[test]
    fn sets_are_found_where_the_example_has_them() {
        let field = |wire: &str, ty: Type| Field {
            name: wire.to_string(),
            wire_name: wire.to_string(),
            ty,
            presence: Presence::Optional,
            default: None,
            docs: Docs::default(),
            deprecated: false,
        };
        let set = |ty: Type| Type::Option(Box::new(Type::Set(Box::new(ty))));
        let item = TypeDef {
            name: "Item".to_string(),
            origin: "#/components/schemas/Item".to_string(),
            docs: Docs::default(),
            deprecated: false,
            nullable: false,
            kind: TypeKind::Struct(Struct {
                fields: vec![
                    field("tags", set(Type::String)),
                    field(
                        "list",
                        Type::Option(Box::new(Type::Vec(Box::new(Type::String)))),
                    ),
                    field(
                        "kids",
                        Type::Option(Box::new(Type::Vec(Box::new(Type::Named("Item".into()))))),
                    ),
                ],
                additional: Some(("extra".to_string(), Type::Set(Box::new(Type::I64)))),
                default: true,
            }),
        };
        let either = TypeDef {
            name: "Either".to_string(),
            origin: "#/components/schemas/Either".to_string(),
            docs: Docs::default(),
            deprecated: false,
            nullable: false,
            kind: TypeKind::Untagged(vec![
                Variant {
                    name: "Item".to_string(),
                    ty: Type::Named("Item".into()),
                },
                Variant {
                    name: "Either".to_string(),
                    ty: Type::Named("Either".into()),
                },
            ]),
        };
        let api = Api {
            title: "T".to_string(),
            version: "1".to_string(),
            description: None,
            default_base_url: None,
            server: None,
            types: [("Item".to_string(), item), ("Either".to_string(), either)].into(),
            operations: Vec::new(),
            security_schemes: Vec::new(),
            features: Features::default(),
        };
        let example = serde_json::json!({
            "tags": ["b", "a"],
            "list": ["b", "a"],
            "kids": [{"list": []}, {"tags": []}],
            "more": [3, 1],
        });
        let sets = api.sets_in(&Type::Named("Either".into()), &example);
        assert_eq!(sets, [".kids[1].tags", ".more", ".tags"]);
        assert_eq!(
            api.sets_in(
                &Type::Vec(Box::new(set(Type::I64))),
                &serde_json::json!([[1], null])
            ),
            ["[0]"]
        );
        assert!(
            api.sets_in(&Type::Named("Item".into()), &serde_json::json!([1]))
                .is_empty()
        );
    }
}
