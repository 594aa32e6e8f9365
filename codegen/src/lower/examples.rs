//! The examples of bodies and responses, recorded as tests of the types they decode into.

use super::Lower;
use crate::error::pointer_segment;
use crate::ir::*;
use crate::names;
use crate::refs::Kind;
use openapiv3::ReferenceOr;

impl<'a> Lower<'a> {
    /// Records the examples of a JSON media type as tests of `ty`.
    pub(super) fn collect_examples(
        &mut self,
        content: &openapiv3::MediaType,
        ty: &Type,
        name: &str,
        pointer: &str,
    ) {
        let mut found: Vec<(String, String, &serde_json::Value)> = Vec::new();
        if let Some(example) = &content.example {
            found.push((name.to_string(), format!("{pointer}/example"), example));
        }
        for (key, example) in &content.examples {
            let at = format!("{pointer}/examples/{}", pointer_segment(key));
            let (example, at) = match example {
                ReferenceOr::Item(example) => (example, at),
                ReferenceOr::Reference { reference } => match self.refs.example(reference) {
                    Ok(found) => found,
                    Err(error) => {
                        // An example only illustrates: the client is the same without it.
                        let (message, hint) = error.describe(reference, Kind::Example);
                        self.diags.warning(&at, message, Some(hint));
                        continue;
                    }
                },
            };
            if let Some(value) = &example.value {
                found.push((format!("{name} {key}"), format!("{at}/value"), value));
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
