//! Tests of bundling: specs written to a temporary folder, bundled, and the document,
//! the files read, the origins and the errors looked at.

use super::*;
use serde_json::json;
use std::path::{Path, PathBuf};

/// A folder of its own under the system's temporary folder, with files written in it;
/// removed when dropped.
struct Folder(PathBuf);

impl std::ops::Deref for Folder {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A [`Folder`] named after the test, with `files` (path and text) in it.
fn folder(name: &str, files: &[(&str, &str)]) -> Folder {
    let dir = std::env::temp_dir().join(format!("codegen-bundle-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Folder(dir)
}

/// Bundles the spec at `entry` in `dir`.
fn bundled(dir: &Path, entry: &str) -> Bundled {
    let file = dir.join(entry).display().to_string();
    let text = std::fs::read_to_string(&file).unwrap();
    let source = Source { file, text };
    let value = crate::load::parse_value(&source.text, &source.file).unwrap();
    bundle(value, &source)
}

/// The names of the files read, relative to `dir`.
fn read(bundled: &Bundled, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    let names = bundled
        .files
        .iter()
        .map(|f| f.file.strip_prefix(&prefix).unwrap_or(&f.file));
    names.map(str::to_string).collect()
}

/// The errors, each as `file pointer: message`, the file relative to `dir`.
fn errors(bundled: &Bundled, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    let errors = bundled.errors.iter();
    errors
        .map(|d| {
            format!(
                "{} {}: {}",
                d.file.strip_prefix(&prefix).unwrap_or(&d.file),
                d.pointer,
                d.message
            )
        })
        .collect()
}

const ENTRY: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /pets:
    $ref: paths/pets.yaml
  /pets/{id}:
    get:
      $ref: 'ops.json#/getPet'
components:
  schemas:
    Pet: {type: string}
";

const PETS: &str = "get:
  operationId: listPets
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema: {type: array, items: {$ref: ../schemas/Pet.yaml}}
    default: {$ref: '../common.yaml#/responses/Problem'}
";

const OPS: &str = r#"{"getPet": {"operationId": "getPet", "responses": {"200": {"description": "ok",
  "content": {"application/json": {"schema": {"$ref": "schemas/Pet.yaml"}}}}}}}"#;

const PET: &str = "type: object
properties:
  owner: {$ref: ./Owner.yaml}
  kind: {$ref: '../api.yaml#/components/schemas/Pet'}
";

const OWNER: &str = "type: object
properties:
  pets: {type: array, items: {$ref: Pet.yaml}}
";

const COMMON: &str = "responses:
  Problem:
    description: a problem
    content:
      application/json:
        schema: {$ref: '#/schemas/Problem'}
schemas:
  Problem: {type: object}
";

fn pets_folder(name: &str) -> Folder {
    folder(
        name,
        &[
            ("api.yaml", ENTRY),
            ("paths/pets.yaml", PETS),
            ("ops.json", OPS),
            ("schemas/Pet.yaml", PET),
            ("schemas/Owner.yaml", OWNER),
            ("common.yaml", COMMON),
        ],
    )
}

#[test]
fn path_items_and_operations_are_copied_and_schemas_become_components() {
    let dir = pets_folder("split");
    let bundled = bundled(&dir, "api.yaml");
    assert_eq!(errors(&bundled, &dir), Vec::<String>::new());
    let value = &bundled.value;
    let list = &value["paths"]["/pets"]["get"];
    assert_eq!(list["operationId"], "listPets");
    // The entry has a `Pet` of its own, so the file's `Pet` gets the next free name.
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"]["items"],
        json!({"$ref": "#/components/schemas/Pet2"})
    );
    assert_eq!(
        list["responses"]["default"],
        json!({"$ref": "#/components/responses/Problem"})
    );
    assert_eq!(value["paths"]["/pets/{id}"]["get"]["operationId"], "getPet");
    let schemas = &value["components"]["schemas"];
    assert_eq!(schemas["Pet"], json!({"type": "string"}));
    // Across files, in a cycle (Pet → Owner → Pet), and back into the entry.
    assert_eq!(
        schemas["Pet2"]["properties"],
        json!({"owner": {"$ref": "#/components/schemas/Owner"}, "kind": {"$ref": "#/components/schemas/Pet"}})
    );
    assert_eq!(
        schemas["Owner"]["properties"]["pets"]["items"],
        json!({"$ref": "#/components/schemas/Pet2"})
    );
    // A `$ref` inside a file that is local to it.
    let problem = &value["components"]["responses"]["Problem"];
    assert_eq!(
        problem["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Problem"})
    );
    assert_eq!(schemas["Problem"], json!({"type": "object"}));
}

#[test]
fn each_file_is_read_once_in_the_order_first_reached() {
    let dir = pets_folder("once");
    let bundled = bundled(&dir, "api.yaml");
    assert_eq!(
        read(&bundled, &dir),
        [
            "paths/pets.yaml",
            "schemas/Pet.yaml",
            "common.yaml",
            "ops.json",
            "schemas/Owner.yaml"
        ]
    );
}

#[test]
fn origins_point_into_the_file_each_node_came_from() {
    let dir = pets_folder("origins");
    let bundled = bundled(&dir, "api.yaml");
    let mut diagnostics = vec![
        Diagnostic::warning(&bundled_entry(&dir), "#/paths/~1pets/get/operationId", "w"),
        Diagnostic::warning(
            &bundled_entry(&dir),
            "#/paths/~1pets~1{id}/get/responses",
            "w",
        ),
        Diagnostic::warning(&bundled_entry(&dir), "#/components/schemas/Owner/type", "w"),
        Diagnostic::warning(&bundled_entry(&dir), "#/components/schemas/Pet", "w"),
    ];
    bundled.origins.restore(&mut diagnostics);
    let prefix = format!("{}/", dir.display());
    let places: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {}", d.file.strip_prefix(&prefix).unwrap(), d.pointer))
        .collect();
    assert_eq!(
        places,
        [
            "paths/pets.yaml #/get/operationId",
            "ops.json #/getPet/responses",
            "schemas/Owner.yaml #/type",
            "api.yaml #/components/schemas/Pet",
        ]
    );
}

fn bundled_entry(dir: &Path) -> String {
    dir.join("api.yaml").display().to_string()
}

#[test]
fn a_spec_in_one_file_is_left_as_it_is() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/R'}\n";
    let source = Source {
        file: "nowhere/spec.yaml".into(),
        text: text.into(),
    };
    let value = crate::load::parse_value(text, &source.file).unwrap();
    let bundled = bundle(value.clone(), &source);
    assert_eq!(bundled.value, value);
    assert!(bundled.files.is_empty() && bundled.errors.is_empty());
}

#[test]
fn a_path_item_ref_inside_the_entry_is_copied() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {operationId: a, responses: {}}\n  /b: {$ref: '#/paths/~1a', summary: b}\n";
    let source = Source {
        file: "spec.yaml".into(),
        text: text.into(),
    };
    let bundled = bundle(
        crate::load::parse_value(text, "spec.yaml").unwrap(),
        &source,
    );
    assert_eq!(
        bundled.value["paths"]["/b"],
        json!({"get": {"operationId": "a", "responses": {}}, "summary": "b"})
    );
}

#[test]
fn mistakes_are_errors_at_the_place_of_their_ref() {
    let dir = folder(
        "broken",
        &[
            (
                "api.yaml",
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: a.yaml}\n  /b: {$ref: missing.yaml}\n  /c: {$ref: 'https://example.com/c.yaml'}\n  /d: {$ref: 'a.yaml#/nothing'}\n  /e: {$ref: loop.yaml}\n  /f: {$ref: bad.yaml}\n  /g: {$ref: 'a.yaml#anchor'}\n",
            ),
            ("a.yaml", "get: {responses: {}}\n"),
            ("loop.yaml", "get: {$ref: 'loop.yaml'}\n"),
            ("bad.yaml", "get: [unclosed\n"),
        ],
    );
    let errors = errors(&bundled(&dir, "api.yaml"), &dir);
    let expected = [
        "api.yaml #/paths/~1b/$ref: cannot read `",
        "api.yaml #/paths/~1c/$ref: `$ref` `https://example.com/c.yaml` points at a document on the network",
        "api.yaml #/paths/~1d/$ref: unresolved `$ref` `a.yaml#/nothing`: `",
        "loop.yaml #/get/$ref: this `$ref` leads back to itself",
        "bad.yaml : the spec is not valid YAML or JSON",
        "api.yaml #/paths/~1g/$ref: `$ref` `a.yaml#anchor` names an anchor",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, expected) in errors.iter().zip(expected) {
        assert!(
            error.starts_with(expected),
            "{error}\nshould start with\n{expected}"
        );
    }
    assert!(errors[0].contains("missing.yaml"), "{}", errors[0]);
}

#[test]
fn discriminator_mappings_to_files_become_components() {
    let dir = folder(
        "mapping",
        &[
            (
                "api.yaml",
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: pets/Pet.yaml}\n",
            ),
            (
                "pets/Pet.yaml",
                "oneOf: [{$ref: Cat.yaml}, {$ref: Dog.yaml}]\ndiscriminator:\n  propertyName: kind\n  mapping: {cat: ./Cat.yaml, dog: Dog}\n",
            ),
            ("pets/Cat.yaml", "type: object\n"),
            ("pets/Dog.yaml", "type: object\n"),
        ],
    );
    let bundled = bundled(&dir, "api.yaml");
    let pet = &bundled.value["components"]["schemas"]["Pet2"];
    assert_eq!(
        pet["discriminator"]["mapping"],
        json!({"cat": "#/components/schemas/Cat", "dog": "Dog"})
    );
    assert_eq!(
        bundled.value["components"]["schemas"]["Pet"],
        json!({"$ref": "#/components/schemas/Pet2"})
    );
}

#[test]
fn files_other_than_yaml_or_json_stand_for_their_text() {
    let dir = folder(
        "text",
        &[
            (
                "api.yaml",
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n      x-samples: [{lang: sh, source: {$ref: samples/a.sh}}]\n      x-thing: {$ref: schemas/Thing}\n",
            ),
            ("samples/a.sh", "curl example.com\n"),
            ("schemas/Thing", "type: object\n"),
        ],
    );
    let bundled = bundled(&dir, "api.yaml");
    assert_eq!(
        bundled.value["paths"]["/a"]["get"]["x-samples"][0]["source"],
        "curl example.com\n"
    );
    // A name with no extension is read as YAML.
    assert_eq!(
        bundled.value["paths"]["/a"]["get"]["x-thing"],
        json!({"type": "object"})
    );
}

#[test]
fn swagger_2_components_go_where_swagger_2_keeps_them() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/multi/oai-petstore-separate-v2/spec/swagger.yaml");
    let Ok(text) = std::fs::read_to_string(&spec) else {
        // The corpus is beside the workspace only where it has been fetched.
        return;
    };
    let source = Source {
        file: spec.display().to_string(),
        text,
    };
    let bundled = bundle(
        crate::load::parse_value(&source.text, &source.file).unwrap(),
        &source,
    );
    assert!(bundled.errors.is_empty(), "{:?}", bundled.errors);
    let value = &bundled.value;
    let definitions: Vec<&String> = value["definitions"].as_object().unwrap().keys().collect();
    assert_eq!(definitions, ["Pet", "Error", "NewPet"]);
    let parameters: Vec<&String> = value["parameters"].as_object().unwrap().keys().collect();
    assert_eq!(parameters, ["tagsParam", "limitsParam"]);
    let get = &value["paths"]["/pets"]["get"];
    assert_eq!(
        get["parameters"][0],
        json!({"$ref": "#/parameters/tagsParam"})
    );
    assert_eq!(
        get["responses"]["200"]["schema"]["items"],
        json!({"$ref": "#/definitions/Pet"})
    );
    assert_eq!(
        value["definitions"]["NewPet"]["allOf"][0],
        json!({"$ref": "#/definitions/Pet"})
    );
}

#[test]
fn the_entrys_path_items_in_components_are_left_to_the_upgrade() {
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: '#/components/pathItems/A'}\n  /b: {$ref: 'b.yaml'}\ncomponents:\n  pathItems:\n    A: {get: {responses: {}}}\n";
    let dir = folder(
        "path-items",
        &[("api.yaml", text), ("b.yaml", "get: {responses: {}}\n")],
    );
    let bundled = bundled(&dir, "api.yaml");
    assert_eq!(
        bundled.value["paths"]["/a"],
        json!({"$ref": "#/components/pathItems/A"})
    );
    assert_eq!(
        bundled.value["paths"]["/b"],
        json!({"get": {"responses": {}}})
    );
}

#[test]
fn warnings_are_placed_in_the_file_they_are_about() {
    let dir = folder(
        "placed",
        &[
            (
                "api.yaml",
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    $ref: paths/pets.yaml\n",
            ),
            (
                "paths/pets.yaml",
                "get:\n  operationId: listPets\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: ../Pet.json}\n",
            ),
            (
                "Pet.json",
                "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"name\": {\"type\": \"string\", \"not\": {\"enum\": [\"\"]}}\n  }\n}\n",
            ),
        ],
    );
    let file = dir.join("api.yaml").display().to_string();
    let text = std::fs::read_to_string(&file).unwrap();
    let generated = crate::generate_source(&Source { file, text }, None).unwrap();
    let prefix = format!("{}/", dir.display());
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.message.contains("`not`"))
        .unwrap_or_else(|| panic!("{:#?}", generated.warnings));
    assert_eq!(warning.file.strip_prefix(&prefix), Some("Pet.json"));
    assert_eq!(warning.pointer, "#/properties/name/not");
    // At the key `"not"` of line 4 of `Pet.json`.
    assert_eq!(warning.position, Some((4, 32)));
    let sources: Vec<&str> = generated
        .sources
        .iter()
        .map(|s| s.strip_prefix(&prefix).unwrap_or(s))
        .collect();
    assert_eq!(sources, ["api.yaml", "paths/pets.yaml", "Pet.json"]);
}

#[test]
fn an_operation_ref_inside_the_entry_is_copied() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {operationId: a, responses: {}}\n  /b:\n    get: {$ref: '#/paths/~1a/get'}\n";
    let source = Source {
        file: "spec.yaml".into(),
        text: text.into(),
    };
    let bundled = bundle(
        crate::load::parse_value(text, "spec.yaml").unwrap(),
        &source,
    );
    assert_eq!(
        bundled.value["paths"]["/b"]["get"],
        json!({"operationId": "a", "responses": {}})
    );
}

#[test]
fn a_file_that_refers_back_to_the_entry_finds_it_however_the_entry_is_named() {
    let dir = pets_folder("entry-name");
    let file = format!("{}/./api.yaml", dir.display());
    let text = std::fs::read_to_string(&file).unwrap();
    let source = Source { file, text };
    let bundled = bundle(
        crate::load::parse_value(&source.text, "api.yaml").unwrap(),
        &source,
    );
    assert!(bundled.errors.is_empty(), "{:?}", bundled.errors);
    assert!(!read(&bundled, &dir).contains(&"api.yaml".to_string()));
    assert_eq!(
        bundled.value["components"]["schemas"]["Pet2"]["properties"]["kind"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
}

#[test]
fn copies_of_copies_stop_before_they_grow_without_bound() {
    // Each file holds two copies of the next: 2^30 copies of the last one, unbounded.
    let mut files = vec![(
        "api.yaml".to_string(),
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: f0.yaml}\n"
            .to_string(),
    )];
    for level in 0..30 {
        let next = level + 1;
        files.push((
            format!("f{level}.yaml"),
            format!("x-a: {{$ref: f{next}.yaml}}\nx-b: {{$ref: f{next}.yaml}}\n"),
        ));
    }
    files.push(("f30.yaml".to_string(), "x-leaf: [1, 2, 3]\n".to_string()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = folder("laughs", &files);
    let started = std::time::Instant::now();
    let errors = errors(&bundled(&dir, "api.yaml"), &dir);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert!(
        errors.iter().any(|e| e.contains("are too large")),
        "{errors:#?}"
    );
}

#[test]
fn a_ref_in_an_examples_value_is_data_and_needs_no_bundling() {
    let value = json!({
        "openapi": "3.0.3",
        "components": {"examples": {"E": {"value": {"$ref": "https://example.com/x"}}}},
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}}
    });
    assert!(!needs_bundling(&value, Kind::One(Node::Document)));
    let path_item = json!({"paths": {"/a": {"$ref": "#/paths/~1b"}}});
    assert!(needs_bundling(&path_item, Kind::One(Node::Document)));
    let file = json!({"components": {"schemas": {"A": {"$ref": "a.yaml"}}}});
    assert!(needs_bundling(&file, Kind::One(Node::Document)));
}
