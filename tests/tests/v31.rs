//! An OpenAPI 3.1 document gives the crate its 3.0 spelling gives.

use tests::root;

#[test]
fn recepta_in_31_spelling_gives_the_same_crate() {
    let generate = |spec: &str| {
        let source = codegen::Source::read(&root().join(spec)).unwrap();
        codegen::generate_source(&source, None).unwrap_or_else(|e| panic!("{spec}: {e}"))
    };
    let v30 = generate("spec/recepta.yaml");
    let v31 = generate("tests/fixtures/v31/recepta.yaml");
    assert_eq!(v31.files.len(), v30.files.len());
    for (a, b) in v31.files.iter().zip(&v30.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs", a.path);
    }
    // What 3.1 says that the client does not generate is a warning at its place.
    let warnings: Vec<_> = v31
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.position.map(|(line, _)| line)))
        .collect();
    assert_eq!(warnings, [("#/webhooks", Some(23))]);
}

#[test]
fn nullable_items_and_map_values_in_31_spelling_are_options() {
    let source = codegen::Source {
        file: "sparse.yaml".to_string(),
        text: r#"
openapi: 3.1.0
info: {title: Sparse, version: '1'}
paths: {}
components:
  schemas:
    Sparse:
      type: object
      properties:
        gaps: {type: array, items: {type: [string, "null"]}}
        readings: {type: object, additionalProperties: {type: [integer, "null"]}}
      examples: [{gaps: [a, null], readings: {x: 1, y: null}}]
"#
        .to_string(),
    };
    // Examples are errors by default, as with `--strict-examples`: this one fits.
    let generated = codegen::generate_source(&source, None).unwrap();
    let types = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .unwrap();
    assert!(
        types
            .contents
            .contains("pub gaps: Option<Vec<Option<String>>>"),
        "{}",
        types.contents
    );
    assert!(
        types
            .contents
            .contains("pub readings: Option<std::collections::BTreeMap<String, Option<i64>>>"),
        "{}",
        types.contents
    );
}
