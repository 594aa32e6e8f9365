//! A request builder's `prepare`: the request, with its path, parameters and body filled in.

use super::client::is_copied;
use crate::emit::spell::ident;
use crate::ir::{
    Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPart, Payload, Responses,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `prepare`: the path parameters encoded, the request started, then the query,
/// header and cookie parameters and the body added to it.
pub(super) fn prepare_body(op: &Operation) -> TokenStream {
    let mut encode_path = Vec::new();
    let mut fill = Vec::new();
    for p in &op.params {
        match p.location {
            ParamLocation::Path => {
                let name = ident(&p.name);
                let (wire, explode) = (&p.wire_name, p.explode);
                let style = match p.style {
                    ParamStyle::Label => quote!(PathStyle::Label),
                    ParamStyle::Matrix => quote!(PathStyle::Matrix),
                    _ => quote!(PathStyle::Simple),
                };
                encode_path
                    .push(quote!(let #name = path_param(#wire, &self.#name, #style, #explode)?;));
            }
            _ => fill.extend(add_param(p)),
        }
    }
    fill.extend(op.body.as_ref().map(add_body));
    // With a stream on offer, `send` says it wants the JSON body (`send_events` and
    // `send_lines` ask for their stream).
    if !op.streams.is_empty() && matches!(op.success, Responses::One(Payload::Json(_))) {
        fill.push(quote!(request.accept("application/json");));
    }
    let path = op.path.iter().filter_map(|part| match part {
        PathPart::Literal(text) => Some(quote!(PathPiece::Literal(#text))),
        PathPart::Param(index) => {
            let p = op.params.get(*index)?;
            let name = ident(&p.name);
            let wire = &p.wire_name;
            Some(quote!(PathPiece::Param(#wire, &#name)))
        }
    });
    let start = quote!(self.client.request(&Self::OPERATION, &[#(#path),*], &self.extras));
    if fill.is_empty() {
        quote!(#(#encode_path)* #start)
    } else {
        quote! {
            #(#encode_path)*
            let mut request = #start?;
            #(#fill)*
            Ok(request)
        }
    }
}

/// The statement that adds a query, header or cookie parameter (when it is set); `None` for
/// a path parameter, which the path holds.
fn add_param(p: &Param) -> Option<TokenStream> {
    let name = ident(&p.name);
    let wire = &p.wire_name;
    let explode = p.explode;
    let value = if p.required {
        quote!(self.#name)
    } else {
        quote!(value)
    };
    let add = match p.location {
        ParamLocation::Query => {
            let style = query_style(p.style);
            quote!(request.query(#wire, &#value, #style, #explode)?;)
        }
        ParamLocation::Header => quote!(request.header(#wire, &#value, #explode)?;),
        ParamLocation::Cookie => quote!(request.cookie(#wire, &#value, #explode)?;),
        ParamLocation::Path => return None,
    };
    Some(if p.required {
        add
    } else {
        quote!(if let Some(value) = &self.#name { #add })
    })
}

/// The runtime's `QueryStyle` of a query parameter's, a form field's or a part's style.
pub(super) fn query_style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
        ParamStyle::TabDelimited => quote!(QueryStyle::TabDelimited),
        ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
        ParamStyle::Form | ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => {
            quote!(QueryStyle::Form)
        }
    }
}

/// The statement that adds the body (when it is set), in its encoding.
fn add_body(body: &Body) -> TokenStream {
    let media = &body.media_type;
    let set = |value: TokenStream| match body.encoding {
        // A number or boolean body is held by value, and serialized through a reference.
        BodyEncoding::Json if is_copied(&body.ty) => quote!(request.json(&#value)?;),
        BodyEncoding::Json => quote!(request.json(#value)?;),
        BodyEncoding::Form => {
            let styles = body.form_styles.iter().map(|(wire, field)| {
                let style = query_style(field.style);
                let explode = field.explode;
                quote!((#wire, #style, #explode))
            });
            quote!(request.form(#value, &[#(#styles),*])?;)
        }
        BodyEncoding::Multipart if body.form.is_some() => {
            quote!(request.multipart(&#value.multipart()?);)
        }
        BodyEncoding::Multipart => quote!(request.multipart(&#value);),
        BodyEncoding::Text => quote!(request.raw(#media, #value.as_bytes().to_vec());),
        BodyEncoding::Binary => quote!(request.upload(#media, &#value)?;),
    };
    if body.required {
        set(quote!(self.body))
    } else if body.encoding == BodyEncoding::Multipart && body.form.is_none() {
        quote!(if let Some(body) = &self.body {
            request.multipart(body);
        })
    } else if body.encoding == BodyEncoding::Binary {
        quote!(if let Some(body) = &self.body {
            request.upload(#media, body)?;
        })
    } else {
        // The other optional bodies are held as references, which copy.
        let add = set(quote!(body));
        quote!(if let Some(body) = self.body { #add })
    }
}
