//! Cargo features that select parts of the API: one per tag, and the types each needs.
//!
//! A pass over the lowered IR. An operation is compiled when any of its tags' features is
//! on (always, when it has no tag); a named type when any operation that needs it, through
//! any chain of references, is. The closure is computed once here, so that emitting only
//! spells each item's `#[cfg]`.

use crate::ir::*;
use crate::names::{self, Scope};
use std::collections::{BTreeMap, BTreeSet};

/// The fewest tags that give a crate tag features. With one tag (Plaid's `plaid` holds all
/// 329 operations) a feature selects nothing; with two, it saves at most half a build, while
/// every app would have to name features to get the rest: below three, the crate stays whole.
pub const MIN_TAGS: usize = 3;

/// The feature that turns every tag's feature on; it also compiles the types that no
/// operation needs.
pub const FULL: &str = "full";

/// Names a tag's feature cannot take besides the crate's own features and dependencies
/// ([`crate::runtime::feature_names_taken`]): Cargo refuses a feature named after an optional
/// dependency, and a reader would confuse the others.
const RESERVED: &[&str] = &["default", FULL];

/// What the spec's `tags` say of each tag, by its name.
#[derive(Debug, Default)]
pub struct TagDocs {
    /// Its description.
    pub descriptions: BTreeMap<String, String>,
    /// The tag it is under (OpenAPI 3.2's `parent`): that tag's feature compiles its
    /// operations too.
    pub parents: BTreeMap<String, String>,
}

impl TagDocs {
    /// `tag` and the tags it is under, nearest first, each once.
    fn lineage<'t>(&'t self, tag: &'t str) -> Vec<&'t str> {
        let mut lineage = vec![tag];
        while let Some(parent) = lineage.last().and_then(|t| self.parents.get(*t)) {
            if lineage.contains(&parent.as_str()) {
                break;
            }
            lineage.push(parent);
        }
        lineage
    }
}

/// The features of `api`, from its operations' tags and what the spec's `tags` say of them.
pub fn plan(api: &Api, docs: &TagDocs) -> Features {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &api.operations {
        for tag in &op.tags {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    if counts.len() < MIN_TAGS {
        return Features::default();
    }
    // Claimed in the tags' order, so that a collision renames the same tag on every run.
    let mut reserved = RESERVED.to_vec();
    reserved.extend(crate::runtime::feature_names_taken());
    let mut scope = Scope::with_reserved(&reserved);
    let feature_of: BTreeMap<&str, String> = counts
        .keys()
        .map(|&tag| (tag, scope.claim(names::feature(tag))))
        .collect();
    let mut tags: Vec<TagFeature> = counts
        .iter()
        .map(|(&tag, &operations)| TagFeature {
            name: feature_of[tag].clone(),
            tag: tag.to_string(),
            description: described(tag, docs, &counts),
            operations,
        })
        .collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name));

    let operations: BTreeMap<String, Gate> = api
        .operations
        .iter()
        .filter(|op| !op.tags.is_empty())
        .map(|op| {
            let features = op
                .tags
                .iter()
                .flat_map(|tag| docs.lineage(tag))
                .filter_map(|tag| feature_of.get(tag).cloned());
            (op.name.clone(), Gate::Any(features.collect()))
        })
        .collect();

    let mut closure = Closure::new(api);
    for op in &api.operations {
        let gate = operations.get(&op.name).unwrap_or(&Gate::Always);
        let examples = op.examples.iter().map(|e| &e.ty);
        let items = op.pagination.iter().map(|p| &p.item);
        for ty in op.slots().into_iter().chain(examples).chain(items) {
            closure.reach(ty, gate);
        }
    }
    // A type that no operation needs is compiled with every feature: it costs a build only
    // to those who asked for the whole API.
    let full = Gate::Any(BTreeSet::from([FULL.to_string()]));
    let unneeded: Vec<&str> = api
        .types
        .keys()
        .map(String::as_str)
        .filter(|name| !closure.gates.contains_key(name))
        .collect();
    for name in unneeded {
        closure.spread(name, &full);
    }
    let types = closure
        .gates
        .into_iter()
        .filter_map(|(name, gate)| match gate {
            Gate::Always => None,
            Gate::Any(mut features) => {
                // `full` turns every tag's feature on: beside one of them it adds nothing.
                if features.len() > 1 {
                    features.remove(FULL);
                }
                Some((name.to_string(), Gate::Any(features)))
            }
        })
        .collect();
    Features {
        tags,
        operations,
        types,
    }
}

/// The description of `tag`'s feature: the spec's, and the tags under it whose operations it
/// compiles too.
fn described(tag: &str, docs: &TagDocs, counts: &BTreeMap<&str, usize>) -> Option<String> {
    let under: Vec<String> = counts
        .keys()
        .filter(|other| **other != tag && docs.lineage(other).contains(&tag))
        .map(|other| format!("`{other}`"))
        .collect();
    let description = docs.descriptions.get(tag).cloned();
    if under.is_empty() {
        return description;
    }
    let also = format!(
        "It compiles the operations tagged {} too.",
        under.join(", ")
    );
    Some(match description {
        Some(description) => format!("{description} {also}"),
        None => also,
    })
}

/// The gates of the named types, grown as operations reach them.
struct Closure<'a> {
    /// The named types each type holds directly, by name.
    children: BTreeMap<&'a str, Vec<&'a str>>,
    /// When each type reached so far is compiled.
    gates: BTreeMap<&'a str, Gate>,
}

impl<'a> Closure<'a> {
    fn new(api: &'a Api) -> Self {
        let children = api
            .types
            .iter()
            .map(|(name, def)| {
                let mut named = BTreeSet::new();
                for ty in def.kind.slots() {
                    named.extend(named_in(ty));
                }
                (name.as_str(), named.into_iter().collect())
            })
            .collect();
        Closure {
            children,
            gates: BTreeMap::new(),
        }
    }

    /// Compiles every type that `ty` names, at any depth, when `gate` is on.
    fn reach(&mut self, ty: &'a Type, gate: &Gate) {
        for name in named_in(ty) {
            self.spread(name, gate);
        }
    }

    /// Compiles `name` and what it holds, at any depth, when `gate` is on.
    fn spread(&mut self, name: &'a str, gate: &Gate) {
        let mut work = vec![name];
        while let Some(name) = work.pop() {
            match self.gates.get_mut(name) {
                // Reached under this gate before, and so was everything it holds.
                Some(current) if covers(current, gate) => continue,
                Some(current) => current.union(gate),
                None => {
                    self.gates.insert(name, gate.clone());
                }
            }
            if let Some(children) = self.children.get(name) {
                work.extend(children.iter().copied());
            }
        }
    }
}

/// Whether an item compiled under `wider` is compiled whenever `narrower` is on.
fn covers(wider: &Gate, narrower: &Gate) -> bool {
    match (wider, narrower) {
        (Gate::Always, _) => true,
        (Gate::Any(_), Gate::Always) => false,
        (Gate::Any(wider), Gate::Any(narrower)) => narrower.is_subset(wider),
    }
}

/// The names of the named types in `ty`, at any depth.
fn named_in(ty: &Type) -> Vec<&str> {
    let mut names = Vec::new();
    ty.walk(&mut |inner| {
        if let Type::Named(name) = inner {
            names.push(name.as_str());
        }
    });
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let document = crate::load::parse(yaml, "spec.yaml").expect("the spec parses");
        crate::lower::lower(&document, "spec.yaml").expect("the spec lowers")
    }

    fn any(features: &[&str]) -> Gate {
        Gate::Any(features.iter().map(|f| f.to_string()).collect())
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
tags:
  - name: Pet Store
    description: Pets for sale.
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pet Store]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /orders:
    post:
      operationId: createOrder
      tags: [orders, Pet Store]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "201": {description: created}
  /users:
    get:
      operationId: listUsers
      tags: [users]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /health:
    get:
      operationId: health
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Owner"}
components:
  schemas:
    Pet:
      type: object
      properties:
        kind: {$ref: "#/components/schemas/Kind"}
        owner: {$ref: "#/components/schemas/Owner"}
    Kind: {type: string, enum: [cat, dog]}
    Owner: {type: object, properties: {name: {type: string}}}
    Order:
      type: object
      properties:
        pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    User:
      type: object
      properties:
        friends: {type: array, items: {$ref: "#/components/schemas/User"}}
        kind: {$ref: "#/components/schemas/Kind"}
    Unused:
      type: object
      properties:
        user: {$ref: "#/components/schemas/User"}
        note: {$ref: "#/components/schemas/Note"}
    Note: {type: object, properties: {text: {type: string}}}
"##;

    #[test]
    fn a_feature_per_tag_named_in_kebab_case() {
        let features = api(SPEC).features;
        let names: Vec<(&str, &str, usize)> = features
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.tag.as_str(), t.operations))
            .collect();
        assert_eq!(
            names,
            [
                ("orders", "orders", 1),
                ("pet-store", "Pet Store", 2),
                ("users", "users", 1)
            ]
        );
        let pets = features.tags.iter().find(|t| t.tag == "Pet Store");
        assert_eq!(
            pets.and_then(|t| t.description.as_deref()),
            Some("Pets for sale.")
        );
    }

    #[test]
    fn a_tags_parent_compiles_its_operations_too() {
        let op = |id: &str| {
            format!(
                "  /{id}: {{get: {{operationId: {id}, tags: [{id}], responses: {{'204': {{description: ok}}}}}}}}\n"
            )
        };
        let yaml = format!(
            "openapi: 3.2.0\ninfo: {{title: T, version: '1'}}\ntags: [{{name: a}}, {{name: b, parent: a}}, {{name: c, parent: b}}, {{name: d, parent: d}}]\npaths:\n{}{}{}{}",
            op("a"),
            op("b"),
            op("c"),
            op("d")
        );
        let features = api(&yaml).features;
        assert_eq!(features.operations["c"], any(&["a", "b", "c"]));
        assert_eq!(features.operations["b"], any(&["a", "b"]));
        assert_eq!(features.operations["d"], any(&["d"]));
        let a = features.tags.iter().find(|t| t.tag == "a");
        assert_eq!(
            a.and_then(|t| t.description.as_deref()),
            Some("It compiles the operations tagged `b`, `c` too.")
        );
    }

    #[test]
    fn operations_are_compiled_by_any_of_their_tags() {
        let features = api(SPEC).features;
        assert_eq!(features.operations["list_pets"], any(&["pet-store"]));
        assert_eq!(
            features.operations["create_order"],
            any(&["orders", "pet-store"])
        );
        assert!(!features.operations.contains_key("health"));
    }

    #[test]
    fn types_are_compiled_by_the_features_that_reach_them() {
        let features = api(SPEC).features;
        // Reached through a field of a type the operation names.
        assert_eq!(*features.of_type("Pet"), any(&["orders", "pet-store"]));
        // By two features' closures: once, when either is on.
        assert_eq!(
            *features.of_type("Kind"),
            any(&["orders", "pet-store", "users"])
        );
        // A type that refers to itself ends the walk.
        assert_eq!(*features.of_type("User"), any(&["users"]));
        // An operation without tags needs it: always compiled.
        assert_eq!(*features.of_type("Owner"), Gate::Always);
        assert!(!features.types.contains_key("Owner"));
        // Needed by no operation: only with `full`; what it holds keeps its own features.
        assert_eq!(*features.of_type("Unused"), any(&["full"]));
        assert_eq!(*features.of_type("Note"), any(&["full"]));
    }

    #[test]
    fn specs_with_fewer_than_three_tags_have_no_tag_features() {
        let two = SPEC.replace("tags: [users]", "tags: [orders]");
        let features = api(&two).features;
        assert_eq!(features, Features::default());
        assert_eq!(*features.of_type("Pet"), Gate::Always);
    }

    #[test]
    fn a_tag_whose_name_is_taken_gets_a_number() {
        let spec = SPEC
            .replace("tags: [users]", "tags: [Mock]")
            .replace("tags: [orders, Pet Store]", "tags: [pet_store, mock]");
        let names: Vec<(String, String)> = api(&spec)
            .features
            .tags
            .into_iter()
            .map(|t| (t.tag, t.name))
            .collect();
        assert_eq!(
            names,
            [
                ("Mock".to_string(), "mock2".to_string()),
                ("mock".to_string(), "mock3".to_string()),
                ("Pet Store".to_string(), "pet-store".to_string()),
                ("pet_store".to_string(), "pet-store2".to_string()),
            ]
        );
    }

    #[test]
    fn a_first_call_of_a_tagged_operation_is_shown_with_its_feature() {
        // Every operation has a tag: the example is compiled only with its feature.
        let spec = SPEC.replace(
            "      operationId: health\n",
            "      operationId: health\n      tags: [users]\n",
        );
        let source = crate::Source {
            file: "spec.yaml".to_string(),
            text: spec,
        };
        let files = crate::generate_source(&source, Some("shop"))
            .expect("the spec generates")
            .files;
        let text = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.clone())
                .unwrap_or_default()
        };
        let lib = text("src/lib.rs");
        assert!(
            lib.contains("#![cfg_attr(feature = \"users\", doc = \" ```no_run\")]"),
            "{lib}"
        );
        assert!(lib.contains("//! - `pet-store` (tag `Pet Store`, 2 operations): Pets for sale."));
        // Without a feature no operation is compiled, nor `Client`'s import: the module docs
        // link it by its path then.
        let operations = text("src/operations.rs");
        assert!(
            operations.contains(
                "not(any(feature = \"orders\", feature = \"pet-store\", feature = \"users\")),"
            ),
            "{operations}"
        );
        assert!(operations.contains("one method of [`Client`](crate::Client) each"));
        let readme = text("README.md");
        assert!(
            readme.contains("The call needs the `users` feature"),
            "{readme}"
        );
        let toml = text("Cargo.toml");
        assert!(toml.contains("default = [\"rustls\", \"full\"]"), "{toml}");
        assert!(toml.contains("full = [\n    \"orders\",\n    \"pet-store\",\n    \"users\",\n]"));
        assert!(toml.contains(
            "# The operations tagged \"Pet Store\" (2 operations): Pets for sale.\npet-store = []"
        ));
    }
}
