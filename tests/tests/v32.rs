//! An OpenAPI 3.2 document is read as a 3.1 one: the 3.1 spelling of Recepta, labelled 3.2,
//! gives the same crate and the same warnings.

use tests::root;

#[test]
fn recepta_in_31_spelling_labelled_32_gives_the_same_crate() {
    let v31 = codegen::Source::read(&root().join("tests/fixtures/v31/recepta.yaml")).unwrap();
    let v32 = codegen::Source {
        file: v31.file.clone(),
        text: v31
            .text
            .replacen("\nopenapi: 3.1.0\n", "\nopenapi: 3.2.0\n", 1),
    };
    assert!(
        v32.text.contains("\nopenapi: 3.2.0\n"),
        "the version is replaced"
    );
    let generate = |source: &codegen::Source| {
        codegen::generate_source(source, None).unwrap_or_else(|e| panic!("{}: {e}", source.file))
    };
    let (a, b) = (generate(&v31), generate(&v32));
    assert_eq!(a.files.len(), b.files.len());
    for (a, b) in a.files.iter().zip(&b.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs", a.path);
    }
    let places = |w: &[codegen::Diagnostic]| -> Vec<(String, Option<(usize, usize)>)> {
        w.iter().map(|d| (d.pointer.clone(), d.position)).collect()
    };
    assert_eq!(places(&a.warnings), places(&b.warnings));
}
