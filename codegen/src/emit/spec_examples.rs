//! `spec_examples.rs`: a test per example of the spec, decoded into its type and encoded back.

use super::gates::{cfg_outer, gate_of};
use super::spell::{ident, mentions_named, raw_string, rust_type};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// One test per request or response example of the spec.
pub(super) fn spec_examples(api: &Api) -> TokenStream {
    // An example tests its operation's types: it is compiled with the operation.
    let examples = || {
        api.operations.iter().flat_map(|op| {
            let gate = api.features.operation(op);
            op.examples.iter().map(move |example| (gate, example))
        })
    };
    let tests = examples().map(|(gate, example)| {
        let name = ident(&example.name);
        let ty = rust_type(&example.ty, true);
        let value: Option<serde_json::Value> = serde_json::from_str(&example.json).ok();
        // The example as a person writes JSON, a value a line, rather than all on one.
        let json = value
            .as_ref()
            .and_then(|value| serde_json::to_string_pretty(value).ok())
            .unwrap_or_else(|| example.json.clone());
        // Indented as the statement that holds it, so that it reads as part of the test.
        let json: String = json
            .lines()
            .map(|line| format!("\n        {line}"))
            .collect();
        let json = raw_string(&format!("{json}\n    "));
        let sets = value
            .map(|value| api.sets_in(&example.ty, &value))
            .unwrap_or_default();
        let doc = format!(" The example at `{}`.", example.origin);
        let cfg = cfg_outer(gate);
        quote! {
            #[doc = #doc]
            #cfg
            #[test]
            fn #name() {
                let example = #json;
                assert_round_trip::<#ty>(example, &[#(#sets),*]);
            }
        }
    });
    let uses_types = gate_of(
        examples()
            .filter(|(_, example)| mentions_named(&example.ty))
            .map(|(gate, _)| gate),
    );
    let types_import = uses_types.map(|gate| {
        let cfg = cfg_outer(&gate);
        quote!(
            #cfg
            use crate::types;
        )
    });
    quote! {
        //! The spec's request and response examples, decoded into the generated types and
        //! encoded back.

        use crate::round_trip::assert_round_trip;
        #types_import

        #(#tests)*
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{api, text};

    #[test]
    fn an_examples_json_is_written_a_value_a_line_inside_its_test() {
        let api = api("
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
              example: {name: Rex}
");
        let tests = text(spec_examples(&api));
        assert!(
            tests.contains("let example = r#\" { \"name\": \"Rex\" } \"#;"),
            "{tests}"
        );
        assert!(
            tests.contains("assert_round_trip::<types::ListPetsResponse>(example, &[]);"),
            "{tests}"
        );
    }
}
