//! What a request's response decodes into: the success type, the error type, and the match
//! on the status that picks one.

use super::spell::{ident, rust_type};
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The success type of a method and the expression that produces it from `response`.
pub(super) fn success(responses: &Responses) -> (TokenStream, TokenStream) {
    match responses {
        Responses::None => (quote!(()), quote!(Ok(()))),
        Responses::One(payload) => (
            payload_type(payload, true).unwrap_or_else(|| quote!(())),
            decode_payload(payload),
        ),
        Responses::ByStatus { name, variants } => {
            let ty = ident(name);
            let mut arms: Vec<TokenStream> = Vec::new();
            let mut sorted: Vec<&StatusVariant> = variants.iter().collect();
            sorted.sort_by_key(|v| v.status);
            let statuses: Vec<StatusMatch> = sorted.iter().map(|v| v.status).collect();
            for v in sorted {
                let variant = ident(&v.name);
                let pattern = status_pattern(v.status, &statuses);
                let value = match v.payload {
                    Payload::Empty => quote!(Ok(types::#ty::#variant)),
                    Payload::Binary => quote!(Ok(types::#ty::#variant(response.bytes()))),
                    _ => {
                        let decode = decode_payload(&v.payload);
                        quote!(#decode.map(types::#ty::#variant))
                    }
                };
                arms.push(quote!(#pattern => #value,));
            }
            if !variants
                .iter()
                .any(|v| matches!(v.status, StatusMatch::Default))
            {
                arms.push(quote!(_ => Err(response.error(|_| None)),));
            }
            (
                quote!(types::#ty),
                quote! {
                    match response.status() {
                        #(#arms)*
                    }
                },
            )
        }
    }
}

/// The error body type of a method and the expression that builds its `Error`: the body is
/// decoded only with the type documented for the status it matches (a code before a range,
/// a range before `default`), and kept raw for statuses documented without a JSON body or
/// not documented at all.
pub(super) fn error(
    responses: &Responses,
    statuses: &[(StatusMatch, bool)],
) -> (TokenStream, TokenStream) {
    let all: Vec<StatusMatch> = statuses.iter().map(|(status, _)| *status).collect();
    // The arms for statuses whose body is not decoded; sorted with the decoded ones, so that
    // the most specific match wins.
    let raw_arms = |arms: &mut Vec<(StatusMatch, TokenStream)>| {
        for (status, decoded) in statuses {
            if !decoded {
                let pattern = status_pattern(*status, &all);
                arms.push((*status, quote!(#pattern => None,)));
            }
        }
        arms.sort_by_key(|(status, _)| *status);
        if !arms
            .iter()
            .any(|(status, _)| *status == StatusMatch::Default)
        {
            arms.push((StatusMatch::Default, quote!(_ => None,)));
        }
        arms.iter().map(|(_, arm)| arm.clone()).collect::<Vec<_>>()
    };
    match responses {
        Responses::None | Responses::One(Payload::Empty | Payload::Text | Payload::Binary) => (
            quote!(crate::Undocumented),
            quote!(response.error(|_| None)),
        ),
        Responses::One(Payload::Json(ty)) => {
            let ty = rust_type(ty, true);
            // With `default`, and every documented status decoded alike, every error is.
            if statuses.iter().all(|(_, decoded)| *decoded)
                && statuses.iter().any(|(s, _)| *s == StatusMatch::Default)
            {
                return (ty, quote!(response.error(|r| r.decode().ok())));
            }
            let mut arms: Vec<(StatusMatch, TokenStream)> = statuses
                .iter()
                .filter(|(_, decoded)| *decoded)
                .map(|(status, _)| {
                    let pattern = status_pattern(*status, &all);
                    (*status, quote!(#pattern => r.decode().ok(),))
                })
                .collect();
            let arms = raw_arms(&mut arms);
            (
                ty,
                quote! {
                    response.error(|r| match r.status() {
                        #(#arms)*
                    })
                },
            )
        }
        Responses::ByStatus { name, variants } => {
            let ty = ident(name);
            let mut arms: Vec<(StatusMatch, TokenStream)> = variants
                .iter()
                .map(|v| {
                    let variant = ident(&v.name);
                    let pattern = status_pattern(v.status, &all);
                    (
                        v.status,
                        quote!(#pattern => r.decode().ok().map(types::#ty::#variant),),
                    )
                })
                .collect();
            let arms = raw_arms(&mut arms);
            (
                quote!(types::#ty),
                quote! {
                    response.error(|r| match r.status() {
                        #(#arms)*
                    })
                },
            )
        }
    }
}

fn decode_payload(payload: &Payload) -> TokenStream {
    match payload {
        Payload::Empty => quote!(Ok(())),
        Payload::Json(_) => quote!(response.json()),
        Payload::Text => quote!(response.text()),
        Payload::Binary => quote!(Ok(response.bytes())),
    }
}

pub(super) fn payload_type(payload: &Payload, qualified: bool) -> Option<TokenStream> {
    match payload {
        Payload::Empty => None,
        Payload::Json(ty) => Some(rust_type(ty, qualified)),
        Payload::Text => Some(quote!(String)),
        Payload::Binary => Some(quote!(Vec<u8>)),
    }
}

/// The match pattern of a status among `all` the statuses of its match; the arms come in
/// the order of `StatusMatch` (codes before ranges), so a code wins over its range.
fn status_pattern(status: StatusMatch, all: &[StatusMatch]) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(hundreds) => {
            let low = Literal::u16_unsuffixed(hundreds * 100);
            let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
            let overlapped = all
                .iter()
                .any(|other| matches!(other, StatusMatch::Code(code) if code / 100 == hundreds));
            if overlapped {
                // A range pattern that overlaps a code's arm reads as a mistake to clippy;
                // a guard says the same without the overlap.
                quote!(status if (#low..=#high).contains(&status))
            } else {
                quote!(#low..=#high)
            }
        }
        StatusMatch::Default => quote!(_),
    }
}

pub(super) fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
        StatusMatch::Default => "default".to_string(),
    }
}
