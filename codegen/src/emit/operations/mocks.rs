//! The `MockApi` methods: a typed mock of each operation, for apps' tests.

use crate::emit::gates::{cfg_outer, cfg_predicate};
use crate::emit::spell::{ident, rust_type};
use crate::ir::{Api, BodyEncoding, Gate, Operation, Payload, Responses};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl MockApi` with a method per operation, compiled with the `mock` feature and, when
/// only tags' features compile operations, with one of those (`any_op`).
pub(super) fn mock_impl(api: &Api, any_op: Option<&Gate>) -> TokenStream {
    let mocks = api
        .operations
        .iter()
        .map(|op| mock_method(op, cfg_outer(api.features.operation(op))));
    let cfg = match any_op.and_then(cfg_predicate) {
        Some(features) => quote!(#[cfg(all(feature = "mock", #features))]),
        None => quote!(#[cfg(feature = "mock")]),
    };
    quote! {
        #cfg
        impl crate::mock::MockApi {
            #(#mocks)*
        }
    }
}

/// The `MockApi` method that mocks one operation, compiled under `cfg`.
fn mock_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&op.name);
    let builder = ident(&op.builder);
    let request = match &op.body {
        Some(body) if body.encoding == BodyEncoding::Json => rust_type(&body.ty, true),
        _ => quote!(()),
    };
    let json_or_unit = |responses: &Responses| match responses {
        Responses::One(Payload::Json(ty)) => rust_type(ty, true),
        Responses::ByStatus { .. } => quote!(serde_json::Value),
        _ => quote!(()),
    };
    let ok = json_or_unit(&op.success);
    let err = json_or_unit(&op.error);
    let doc = format!(
        " Mocks [`Client::{}`](crate::Client::{}): `{} {}`.",
        op.name, op.name, op.http_method, op.path_template
    );
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #name(&self) -> crate::mock::MockOperation<'_, #request, #ok, #err> {
            self.operation(&#builder::OPERATION)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{ORDERS, api, text};

    #[test]
    fn a_mock_matches_its_operation_by_the_builders_operation() {
        let api = api(ORDERS);
        let mocks = text(mock_impl(&api, Some(&Gate::Always)));
        assert!(
            mocks.contains("self.operation(&CreateOrder::OPERATION)"),
            "{mocks}"
        );
        assert!(mocks.contains("#[cfg(feature = \"mock\")]"), "{mocks}");
    }
}
