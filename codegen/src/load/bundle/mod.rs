//! Specs split over files: every `$ref` to another file made local, before the version
//! upgrade, so that the rest of the generator reads one document.
//!
//! A schema, a parameter, a response (any node with a section of `components`) reached in
//! another file is put in `components` under the name a person would give it (its key in
//! that file, else the file's name: `files::component_name`) and the `$ref` points there;
//! a path item, an operation or anything else is copied where its `$ref` stands, which is
//! what bundlers do with a whole path item in a file. `$ref`s inside a file are resolved
//! relative to it, each file is read once, and [`Origins`] keeps where each placed node came
//! from, so that diagnostics name the file, line and column the user wrote.

mod files;
mod kind;
mod origins;

pub use origins::Origins;

use crate::diagnostics::Diagnostic;
use crate::load::Source;
use crate::names::Scope;
use crate::pointer::Pointer;
use files::{LoadError, Loaded, Target};
use kind::{Kind, Node};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, VecDeque};

/// How many copies may nest inside each other (a path item in a file whose operation is in a
/// file, ...): far more than any spec has, few enough that the walk cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// A document with every `$ref` to another file made local.
#[derive(Debug, Default)]
pub struct Bundled {
    /// The document.
    pub value: Value,
    /// Every file read besides the entry, in the order first reached.
    pub files: Vec<Source>,
    /// Where the nodes taken from other files came from.
    pub origins: Origins,
    /// What made a `$ref` impossible to follow, each at the place of its `$ref` (or, for a
    /// file that is not YAML or JSON, at the place in that file).
    pub errors: Vec<Diagnostic>,
}

/// Bundles the parsed document `value` of `entry`: the files its `$ref`s name are read
/// relative to `entry.file`, as its other files are to theirs.
pub fn bundle(value: Value, entry: &Source) -> Bundled {
    if !needs_bundling(&value, Kind::One(Node::Document)) {
        return Bundled {
            value,
            ..Bundled::default()
        };
    }
    let swagger2 = value.get("swagger").is_some();
    let mut bundler = Bundler {
        swagger2,
        files: vec![Loaded {
            source: Source {
                file: entry.file.clone(),
                text: String::new(),
            },
            value: value.clone(),
        }],
        // Under the name its other files would reach it by.
        by_name: BTreeMap::from([(files::beside("", &entry.file), Ok(0))]),
        placed: BTreeMap::new(),
        scopes: BTreeMap::new(),
        pending: VecDeque::new(),
        inlining: Vec::new(),
        origins: Origins::new(&entry.file),
        errors: Vec::new(),
        left: allowance(&entry.text).saturating_add(100_000),
        too_large: false,
    };
    let mut value = value;
    let root = Pointer::root();
    bundler.walk(&mut value, Kind::One(Node::Document), 0, &root, &root);
    bundler.place_pending(&mut value);
    let Bundler {
        files,
        mut origins,
        errors,
        ..
    } = bundler;
    let files: Vec<Source> = files.into_iter().skip(1).map(|f| f.source).collect();
    origins.name_files(files.iter().map(|f| f.file.clone()));
    Bundled {
        value,
        files,
        origins,
        errors,
    }
}

/// Whether the document has anything to bundle: a `$ref` that names another file, or a path
/// item or an operation that is a `$ref`, where the walk would follow it (not in an example's
/// value). Most specs have neither, and are not copied.
fn needs_bundling(value: &Value, kind: Kind) -> bool {
    match value {
        _ if kind == Kind::Data => false,
        Value::Object(map) => match map.get("$ref") {
            Some(Value::String(reference)) => {
                let copied = matches!(kind, Kind::One(Node::PathItem | Node::Operation));
                !reference.starts_with('#')
                    || copied && !reference.starts_with("#/components/pathItems/")
                    || map
                        .iter()
                        .any(|(key, inner)| needs_bundling(inner, kind.child(key)))
            }
            _ => map
                .iter()
                .any(|(key, inner)| needs_bundling(inner, kind.child(key))),
        },
        Value::Array(items) => {
            let kind = match kind {
                Kind::One(node) => Kind::Many(node),
                other => other,
            };
            let mut items = items.iter().enumerate();
            items.any(|(index, item)| needs_bundling(item, kind.child(&index.to_string())))
        }
        _ => false,
    }
}

/// A node reached in another file, to be put in `components` once the walk is over.
struct Pending {
    node: Node,
    section: &'static [&'static str],
    name: String,
    file: usize,
    pointer: Pointer,
}

/// A place of a file: the file's index and the pointer in it.
type Place<'p> = (usize, &'p Pointer);

struct Bundler {
    swagger2: bool,
    /// The files read, the entry first (its value as it was parsed).
    files: Vec<Loaded>,
    /// Each file name reached, and its index or why it could not be read.
    by_name: BTreeMap<String, Result<usize, ()>>,
    /// Where each node put in the components went: (file, pointer, section) → local `$ref`.
    placed: BTreeMap<(usize, Pointer, &'static [&'static str]), String>,
    /// The names taken in each section.
    scopes: BTreeMap<&'static [&'static str], Scope>,
    pending: VecDeque<Pending>,
    /// The nodes being copied, innermost last: one met again is a cycle.
    inlining: Vec<(usize, Pointer)>,
    origins: Origins,
    errors: Vec<Diagnostic>,
    /// How many more nodes copies may add: more for each file read.
    left: usize,
    /// Whether a copy was too large for what was left (and reported).
    too_large: bool,
}

/// How many nodes a copy of `value` has.
fn nodes(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(nodes).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// How many nodes copies may add for a file of `text`: as generous as the limit on YAML
/// aliases (`load::node_budget`), whose base the entry's allowance adds once.
fn allowance(text: &str) -> usize {
    text.len().saturating_mul(4)
}

impl Bundler {
    /// Walks `node`, of kind `kind`, at `here` in file `file` and at `at` in the document.
    fn walk(&mut self, node: &mut Value, kind: Kind, file: usize, here: &Pointer, at: &Pointer) {
        if kind == Kind::Data {
            return;
        }
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    self.follow(node, &reference, kind, (file, here), at);
                    return;
                }
                if kind == Kind::One(Node::Discriminator) {
                    self.mapping(map, (file, here));
                }
                self.walk_entries(map, kind, file, here, at);
            }
            Value::Array(items) => {
                let kind = match kind {
                    Kind::One(node) => Kind::Many(node),
                    other => other,
                };
                for (index, item) in items.iter_mut().enumerate() {
                    let key = index.to_string();
                    let (here, at) = (here.join(&key), at.join(&key));
                    self.walk(item, kind.child(&key), file, &here, &at);
                }
            }
            _ => {}
        }
    }

    fn walk_entries(
        &mut self,
        map: &mut Map<String, Value>,
        kind: Kind,
        file: usize,
        here: &Pointer,
        at: &Pointer,
    ) {
        for (key, inner) in map.iter_mut() {
            let (here, at) = (here.join(key), at.join(key));
            self.walk(inner, kind.child(key), file, &here, &at);
        }
    }

    /// Follows the `$ref` of `node`, at `place`.
    fn follow(
        &mut self,
        node: &mut Value,
        reference: &str,
        kind: Kind,
        place: Place,
        at: &Pointer,
    ) {
        let (file, here) = place;
        let section = match kind {
            Kind::One(node) => kind::section(node, self.swagger2).map(|s| (node, s)),
            _ => None,
        };
        let copied = matches!(kind, Kind::One(Node::PathItem | Node::Operation));
        let target = files::target(reference);
        let local_to_entry = file == 0 && matches!(target, Target::Local(_));
        // The entry's own `$ref`s are resolved later, as in a spec of one file; the 3.1
        // upgrade copies its `components/pathItems` itself.
        if local_to_entry && (!copied || reference.starts_with("#/components/pathItems/")) {
            return;
        }
        let Some((target_file, pointer)) =
            self.resolve(reference, target, (file, &here.join("$ref")))
        else {
            return;
        };
        let Value::Object(map) = node else { return };
        match section {
            Some((_, _)) if target_file == 0 => {
                map.insert("$ref".to_string(), Value::String(pointer.to_string()));
            }
            Some((target_node, section)) => {
                let local = self.place(target_node, section, target_file, pointer);
                map.insert("$ref".to_string(), Value::String(local));
            }
            None => return self.copy(node, kind, place, (target_file, &pointer), at),
        }
        // Beside a `$ref` (OpenAPI 3.1 allows it), the other keys are the referring file's.
        for (key, inner) in map.iter_mut().filter(|(key, _)| *key != "$ref") {
            let (here, at) = (here.join(key), at.join(key));
            self.walk(inner, kind.child(key), file, &here, &at);
        }
    }

    /// The file and pointer that `reference`, written at `place`, names; `None` (with an error
    /// there) when it names nothing that can be read.
    fn resolve(
        &mut self,
        reference: &str,
        target: Target,
        place: Place,
    ) -> Option<(usize, Pointer)> {
        let (file, _) = place;
        let (target_file, fragment) = match target {
            Target::Local(fragment) => (file, fragment),
            Target::Remote => {
                let message = format!("`$ref` `{reference}` points at a document on the network");
                let hint = "download it next to the spec and refer to it by its relative path: builds have no network";
                self.error(place, message, hint);
                return None;
            }
            Target::File { path, fragment } => {
                let name = files::beside(&self.files[file].source.file, &path);
                (self.read(&name, reference, place)?, fragment)
            }
        };
        let Some(pointer) = files::fragment_pointer(&fragment) else {
            let message = format!("`$ref` `{reference}` names an anchor, not a JSON pointer");
            self.error(
                place,
                message,
                "write the place as a pointer: `file.yaml#/components/schemas/Name`",
            );
            return None;
        };
        if files::lookup(&self.files[target_file].value, &pointer).is_none() {
            let target_name = self.files[target_file].source.file.clone();
            let message = format!(
                "unresolved `$ref` `{reference}`: `{target_name}` has nothing at `{pointer}`"
            );
            self.error(
                place,
                message,
                "check the pointer after `#` against that file",
            );
            return None;
        }
        Some((target_file, pointer))
    }

    /// The index of the file `name`, read now if it was not yet; `None` (with an error at
    /// `place` the first time) when it cannot be read or parsed.
    fn read(&mut self, name: &str, reference: &str, place: Place) -> Option<usize> {
        if let Some(known) = self.by_name.get(name) {
            return known.ok();
        }
        match files::load(name) {
            Ok(loaded) => {
                self.left = self.left.saturating_add(allowance(&loaded.source.text));
                let index = self.files.len();
                self.files.push(loaded);
                self.by_name.insert(name.to_string(), Ok(index));
                Some(index)
            }
            Err(LoadError::Read(reason)) => {
                self.by_name.insert(name.to_string(), Err(()));
                let message =
                    format!("cannot read `{name}`, which `$ref` `{reference}` names: {reason}");
                self.error(
                    place,
                    message,
                    "the path of a `$ref` is relative to the file it is written in",
                );
                None
            }
            Err(LoadError::Parse(source, error)) => {
                // Read all the same, so that the error is shown in its text.
                self.files.push(Loaded {
                    source,
                    value: Value::Null,
                });
                self.by_name.insert(name.to_string(), Err(()));
                self.errors.extend(error.diagnostics().iter().cloned());
                None
            }
        }
    }

    /// Puts the node at `pointer` of `file` in `section` (once), and gives the local `$ref`
    /// to it.
    fn place(
        &mut self,
        node: Node,
        section: &'static [&'static str],
        file: usize,
        pointer: Pointer,
    ) -> String {
        let key = (file, pointer, section);
        if let Some(local) = self.placed.get(&key) {
            return local.clone();
        }
        let (file, pointer, section) = key;
        let scope = self.scopes.entry(section).or_insert_with(|| {
            let taken = self.files[0]
                .value
                .pointer(&format!("/{}", section.join("/")))
                .and_then(Value::as_object);
            let taken: Vec<&str> = taken
                .into_iter()
                .flat_map(|m| m.keys())
                .map(String::as_str)
                .collect();
            Scope::with_reserved(&taken)
        });
        let name = scope.claim(files::component_name(
            &self.files[file].source.file,
            &pointer,
        ));
        let local = section
            .iter()
            .chain([&name.as_str()])
            .fold(Pointer::root(), |p, segment| p.join(segment))
            .to_string();
        self.placed
            .insert((file, pointer.clone(), section), local.clone());
        self.pending.push_back(Pending {
            node,
            section,
            name,
            file,
            pointer,
        });
        local
    }

    /// Replaces the `$ref` `node` at `place` with a copy of what it points at, `target`; the
    /// keys beside the `$ref` are kept, and win.
    fn copy(&mut self, node: &mut Value, kind: Kind, place: Place, target: Place, at: &Pointer) {
        let (file, here) = place;
        let (target_file, pointer) = target;
        if self
            .inlining
            .iter()
            .any(|(f, p)| *f == target_file && p == pointer)
        {
            let message = "this `$ref` leads back to itself through the files it names";
            let hint = "a path item or an operation cannot contain itself";
            self.error((file, &here.join("$ref")), message.to_string(), hint);
            return;
        }
        if self.inlining.len() >= MAX_NESTING {
            let message = format!("`$ref`s nest more than {MAX_NESTING} levels deep here");
            self.error(
                (file, &here.join("$ref")),
                message,
                "refer to fewer files inside each other",
            );
            return;
        }
        let Some(target_node) = files::lookup(&self.files[target_file].value, pointer) else {
            return;
        };
        // Copies of copies can grow as a power of the files' nesting: they are counted.
        let size = nodes(target_node);
        let Some(left) = self.left.checked_sub(size) else {
            // Once is enough: every copy after this one is left out too.
            if std::mem::replace(&mut self.too_large, true) {
                return;
            }
            let message = "the copies that `$ref`s to path items, operations and other files make are too large";
            let hint = "refer to schemas, parameters and responses, which are not copied, rather than to what holds them";
            self.error((file, &here.join("$ref")), message.to_string(), hint);
            return;
        };
        self.left = left;
        let mut copy = target_node.clone();
        self.origins.record(at, target_file, pointer);
        self.inlining.push((target_file, pointer.clone()));
        self.walk(&mut copy, kind, target_file, pointer, at);
        self.inlining.pop();
        if let (Value::Object(copied), Value::Object(beside)) = (&mut copy, &mut *node) {
            for (key, mut inner) in std::mem::take(beside)
                .into_iter()
                .filter(|(k, _)| k != "$ref")
            {
                let (here, at) = (here.join(&key), at.join(&key));
                self.origins.record(&at, file, &here);
                self.walk(&mut inner, kind.child(&key), file, &here, &at);
                copied.insert(key, inner);
            }
        }
        *node = copy;
    }

    /// Makes each `$ref` of a discriminator's `mapping` that names another file local.
    fn mapping(&mut self, discriminator: &mut Map<String, Value>, place: Place) {
        let (file, here) = place;
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        let section = kind::section(Node::Schema, self.swagger2).unwrap_or(&[]);
        for (key, value) in mapping.iter_mut() {
            let Value::String(reference) = value else {
                continue;
            };
            // A value without `/`, `#` or `.` is a schema's name, not a `$ref`.
            let target = files::target(reference);
            let local = match &target {
                Target::File { .. } if reference.contains(['/', '.', '#']) => true,
                Target::Local(_) => file != 0,
                _ => false,
            };
            if !local {
                continue;
            }
            let reference = reference.clone();
            let at = here.join("mapping").join(key);
            if let Some((target_file, pointer)) = self.resolve(&reference, target, (file, &at)) {
                *value = Value::String(match target_file {
                    0 => pointer.to_string(),
                    _ => self.place(Node::Schema, section, target_file, pointer),
                });
            }
        }
    }

    /// Walks the nodes put in the components, and the ones they reach, then adds them to
    /// the document.
    fn place_pending(&mut self, document: &mut Value) {
        let mut placed = Vec::new();
        while let Some(pending) = self.pending.pop_front() {
            let Some(mut value) =
                files::lookup(&self.files[pending.file].value, &pending.pointer).cloned()
            else {
                continue;
            };
            let at = pending
                .section
                .iter()
                .chain([&pending.name.as_str()])
                .fold(Pointer::root(), |p, segment| p.join(segment));
            self.origins.record(&at, pending.file, &pending.pointer);
            self.walk(
                &mut value,
                Kind::One(pending.node),
                pending.file,
                &pending.pointer,
                &at,
            );
            placed.push((pending.section, pending.name, value));
        }
        for (section, name, value) in placed {
            let mut node = &mut *document;
            for key in section {
                let Value::Object(map) = node else { break };
                node = map
                    .entry(key.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
            }
            match node {
                Value::Object(map) => {
                    map.insert(name, value);
                }
                _ => {
                    let pointer = section.iter().fold(Pointer::root(), |p, s| p.join(s));
                    let message = format!(
                        "`{pointer}` is not a mapping, so the nodes of other files cannot be put in it"
                    );
                    self.errors.push(Diagnostic::error(
                        &self.files[0].source.file,
                        &pointer,
                        message,
                    ));
                    return;
                }
            }
        }
    }

    /// An error at `place`, where a `$ref` is written.
    fn error(&mut self, place: Place, message: String, hint: &str) {
        let (file, pointer) = place;
        let diagnostic =
            Diagnostic::error(&self.files[file].source.file, pointer, message).with_hint(hint);
        self.errors.push(diagnostic);
    }
}

#[cfg(test)]
mod tests;
