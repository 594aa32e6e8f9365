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
