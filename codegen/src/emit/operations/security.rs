//! The security schemes: a constant per scheme an operation sends, a `ClientBuilder` setter
//! per scheme, and the alternatives each request is sent with.

use crate::emit::gates::{cfg_outer, gate_of};
use crate::emit::spell::{doc_attrs, ident, says_nothing};
use crate::ir::{Api, Operation, SecurityKind, SecurityScheme};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// A constant per security scheme that some operation sends, compiled with those operations.
pub(super) fn scheme_constants(api: &Api) -> TokenStream {
    // A scheme's constant is spelled only where an operation sends it: a scheme that no
    // operation names keeps its builder setter, but a constant nobody reads is dead code.
    let sent: BTreeSet<usize> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten().copied())
        .collect();
    let constants = sent.iter().filter_map(|&index| {
        let scheme = api.security_schemes.get(index)?;
        // Read by the operations that send it: compiled with them.
        let gate = gate_of(
            api.operations
                .iter()
                .filter(|op| op.security.iter().flatten().any(|&i| i == index))
                .map(|op| api.features.operation(op)),
        );
        let cfg = gate.as_ref().and_then(cfg_outer);
        let constant = scheme_const(scheme);
        let key = &scheme.key;
        let kind = match &scheme.kind {
            SecurityKind::ApiKeyHeader(h) => quote!(SchemeKind::Header(#h)),
            SecurityKind::ApiKeyQuery(q) => quote!(SchemeKind::Query(#q)),
            SecurityKind::ApiKeyCookie(c) => quote!(SchemeKind::Cookie(#c)),
            SecurityKind::Bearer => quote!(SchemeKind::Bearer),
            SecurityKind::Basic => quote!(SchemeKind::Basic),
        };
        let doc = format!(" The `{key}` security scheme.");
        Some(quote! {
            #[doc = #doc]
            #cfg
            const #constant: Scheme = Scheme { key: #key, kind: #kind };
        })
    });
    quote!(#(#constants)*)
}

/// `impl ClientBuilder` with a setter per security scheme.
pub(super) fn builder_impl(api: &Api) -> TokenStream {
    let setters = api.security_schemes.iter().map(scheme_setter);
    quote! {
        impl ClientBuilder {
            #(#setters)*
        }
    }
}

/// The security alternatives an operation's request is sent with, each a slice of the
/// constants of its schemes (all of which it sends).
pub(super) fn alternatives(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.security
        .iter()
        .map(|alternative| {
            let schemes = alternative
                .iter()
                .filter_map(|i| api.security_schemes.get(*i))
                .map(scheme_const);
            quote!(&[#(#schemes),*])
        })
        .collect()
}

/// The name of a scheme's constant: its setter's name in capitals.
fn scheme_const(s: &SecurityScheme) -> Ident {
    format_ident!("{}", s.method.trim_start_matches("r#").to_uppercase())
}

/// The `ClientBuilder` method that sets a scheme's credential.
fn scheme_setter(s: &SecurityScheme) -> TokenStream {
    let method = ident(&s.method);
    let key = &s.key;
    let how = match &s.kind {
        SecurityKind::ApiKeyHeader(h) => format!("Sent in the `{h}` header."),
        SecurityKind::ApiKeyQuery(q) => format!("Sent as the `{q}` query parameter."),
        SecurityKind::ApiKeyCookie(c) => format!("Sent as the `{c}` cookie."),
        SecurityKind::Bearer => "Sent as `Authorization: Bearer <token>`.".to_string(),
        SecurityKind::Basic => "Sent as `Authorization: Basic ...`.".to_string(),
    };
    let mut docs = s.docs.clone();
    if says_nothing(&docs) {
        docs.summary = Some(format!(
            "Sets the credential of the `{key}` security scheme."
        ));
    }
    docs.notes.push(how);
    docs.notes
        .push("It never appears in `Debug` output or in errors.".to_string());
    let docs = doc_attrs(&docs);
    let docs = match s.deprecated {
        true => quote!(#docs #[deprecated]),
        false => docs,
    };
    match s.kind {
        SecurityKind::Basic => quote! {
            #docs
            pub fn #method(self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
                self.credential(#key, Credential::Basic { username: username.into(), password: password.into() })
            }
        },
        _ => quote! {
            #docs
            pub fn #method(self, credential: impl Into<Secret>) -> Self {
                self.credential(#key, Credential::Token(credential.into()))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{ORDERS, api, text};

    #[test]
    fn a_schemes_constant_is_spelled_only_where_an_operation_sends_it() {
        let sent = api(ORDERS);
        assert!(text(scheme_constants(&sent)).contains("const KEY: Scheme"));
        let unsent = api(&ORDERS.replace("      security: [{key: []}]\n", ""));
        assert_eq!(text(scheme_constants(&unsent)), "");
        // Its setter stays: the credential may be set all the same.
        assert!(
            text(builder_impl(&unsent)).contains("pub fn key(self, credential: impl Into<Secret>)")
        );
    }
}
