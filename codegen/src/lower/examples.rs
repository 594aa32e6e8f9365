//! The examples of bodies and responses, recorded as tests of the types they decode into.

use super::Lower;
use crate::ir::*;
use crate::names;
use crate::pointer::Pointer;
use crate::spec::refs::Kind;
use openapiv3::ReferenceOr;

impl<'a> Lower<'a> {
    /// Records the examples of a JSON media type as tests of `ty`.
    pub(super) fn collect_examples(
        &mut self,
        content: &openapiv3::MediaType,
        ty: &Type,
        name: &str,
        pointer: &Pointer,
    ) {
        let mut found: Vec<(String, String, &serde_json::Value)> = Vec::new();
        if let Some(example) = &content.example {
            found.push((
                name.to_string(),
                pointer.join("example").to_string(),
                example,
            ));
        }
        for (key, example) in &content.examples {
            let at = pointer.join("examples").join(key);
            let (example, at) = match example {
                ReferenceOr::Item(example) => (example, at),
                ReferenceOr::Reference { reference } => match self.refs.example(reference) {
                    Ok((example, at)) => (example, Pointer::from_written(&at)),
                    Err(error) => {
                        // An example only illustrates: the client is the same without it.
                        let (message, hint) = error.describe(reference, Kind::Example);
                        self.diags.warning(&at, message, Some(hint));
                        continue;
                    }
                },
            };
            if let Some(value) = &example.value {
                found.push((format!("{name} {key}"), at.join("value").to_string(), value));
            }
        }
        for (test_name, origin, value) in found {
            // A shared response or body is tested once per type it decodes into.
            if !self
                .examples_seen
                .insert((origin.clone(), format!("{ty:?}")))
            {
                continue;
            }
            let Ok(json) = serde_json::to_string(value) else {
                continue;
            };
            self.examples.push(ExampleCase {
                name: self
                    .example_names
                    .claim(names::snake(&format!("{test_name} example"))),
                origin,
                ty: ty.clone(),
                json,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::ir::*;

    #[test]
    fn examples_of_bodies_and_responses_are_tests_of_their_types() {
        let (api, warnings) = lowered(
            r#"
            paths:
              /a:
                post:
                  operationId: make
                  requestBody:
                    content:
                      application/json:
                        schema: {type: string}
                        example: hi
                  responses:
                    '200': {$ref: '#/components/responses/Count'}
              /b:
                get:
                  operationId: read
                  responses:
                    '200': {$ref: '#/components/responses/Count'}
            components:
              responses:
                Count:
                  description: a count
                  content:
                    application/json:
                      schema: {type: integer}
                      examples:
                        one: {value: 1}
                        gone: {$ref: '#/components/examples/Gone'}
            "#,
        );
        let cases: Vec<Vec<(&str, &str, &Type, &str)>> = api
            .operations
            .iter()
            .map(|op| {
                op.examples
                    .iter()
                    .map(|e| (e.name.as_str(), e.origin.as_str(), &e.ty, e.json.as_str()))
                    .collect()
            })
            .collect();
        // The shared response is tested once, with the first operation that uses it.
        assert_eq!(
            cases,
            [
                vec![
                    (
                        "make_request_example",
                        "#/paths/~1a/post/requestBody/content/application~1json/example",
                        &Type::String,
                        "\"hi\""
                    ),
                    (
                        "make_200_one_example",
                        "#/components/responses/Count/content/application~1json/examples/one/value",
                        &Type::I64,
                        "1"
                    ),
                ],
                vec![],
            ]
        );
        // An example that cannot be found only illustrates: a warning.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].pointer,
            "#/components/responses/Count/content/application~1json/examples/gone"
        );
    }
}
