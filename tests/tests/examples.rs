//! The spec's examples are checked at generation time: a broken example in a copy of
//! `spec/recepta.yaml` fails generation with a diagnostic that names the example and the
//! schema, and the crate generated from the real spec tests its examples (`spec_examples.rs`).

use std::path::Path;
use tests::root;

/// The error message of generating the Recepta spec with `from` replaced by `to`.
fn error_with(test: &str, from: &str, to: &str) -> String {
    let spec = std::fs::read_to_string(root().join("spec/recepta.yaml")).unwrap();
    assert!(spec.contains(from), "the spec no longer has {from:?}");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{test}.yaml"));
    std::fs::write(&path, spec.replacen(from, to, 1)).unwrap();
    match codegen::generate(&path, None) {
        Ok(_) => panic!("a broken example must fail generation"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_response_example_of_the_wrong_type_fails_generation() {
    let message = error_with(
        "wrong-type",
        "createdAt: \"2023-11-07T05:31:56Z\"",
        "createdAt: 1699334716",
    );
    assert!(
        message.contains("the example does not match its schema at `data.client.createdAt`: expected a string, found a number"),
        "{message}"
    );
    assert!(
        message.contains("#/components/responses/ContactCreated/content/application~1json/example"),
        "{message}"
    );
    assert!(
        message.contains("the schema is at #/components/schemas/Contact/properties/createdAt"),
        "{message}"
    );
}

#[test]
fn a_response_example_without_a_required_field_fails_generation() {
    let message = error_with(
        "missing-required",
        "\n                id: 697929d5ebccbcca5cdaf13b",
        "",
    );
    assert!(
        message.contains("at `data.client`: the required property `id` is missing"),
        "{message}"
    );
    assert!(
        message.contains("the schema is at #/components/schemas/Contact"),
        "{message}"
    );
}

#[test]
fn a_request_example_of_the_wrong_shape_fails_generation() {
    let message = error_with("request-shape", "tags: [lead]\n", "tags: lead\n");
    assert!(
        message.contains("at `tags`: expected an array, found a string"),
        "{message}"
    );
    assert!(
        message
            .contains("#/paths/~1api~1contacts/post/requestBody/content/application~1json/example"),
        "{message}"
    );
}

#[test]
fn a_bad_enum_value_in_a_property_example_fails_generation() {
    let message = error_with("enum", "source: API\n", "source: WEB\n");
    assert!(
        message.contains("\"WEB\" is not one of the enum's values"),
        "{message}"
    );
    assert!(
        message.contains("the schema is at #/components/schemas/ContactSource"),
        "{message}"
    );
}

#[test]
fn the_generated_crate_tests_each_example() {
    let tests = std::fs::read_to_string(root().join("generated/src/spec_examples.rs")).unwrap();
    assert!(tests.contains("fn create_contact_request_example()"));
    assert!(tests.contains("assert_round_trip::<types::CreateContactResponse>(example, &[]);"));
}
