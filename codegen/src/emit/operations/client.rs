//! The `Client` method that starts an operation, and the types it takes its arguments as.

use crate::emit::gates::cfg_outer;
use crate::emit::spell::{doc_attrs, ident, rust_type, says_nothing};
use crate::ir::{Api, Body, BodyEncoding, Gate, Operation, Param, ParamLocation, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Client` with a method per operation, compiled with any operation (`any_op`):
/// without one, `Client` is not imported.
pub(super) fn client_impl(api: &Api, any_op: Option<&Gate>) -> TokenStream {
    let methods = api
        .operations
        .iter()
        .map(|op| client_method(op, cfg_outer(api.features.operation(op))));
    let cfg = any_op.and_then(cfg_outer);
    quote!(#cfg impl Client { #(#methods)* })
}

/// The `Client` method that starts an operation, compiled under `cfg`: it returns the
/// operation's request builder.
fn client_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
    let method_name = ident(&op.name);
    let builder = ident(&op.builder);
    let mut docs = op.docs.clone();
    let route = format!("`{} {}`", op.http_method, op.path_template);
    if says_nothing(&docs) {
        docs.summary = Some(route);
    } else {
        docs.notes.insert(0, route);
    }
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    for p in &required {
        docs.notes.push(format!("- `{}`: {}", p.name, param_doc(p)));
    }
    if !optional.is_empty() {
        let setters: Vec<String> = optional
            .iter()
            .map(|p| format!("[`{}`]({}::{})", p.name, op.builder, p.name))
            .collect();
        docs.notes.push(format!(
            "Optional parameters are set on the returned [`{}`]: {}.",
            op.builder,
            setters.join(", ")
        ));
    }
    docs.notes.push(format!(
        "Send the returned [`{}`] with `.send().await` (or `.send_with_response().await` for the status and headers too).",
        op.builder
    ));
    for stream in &op.streams {
        let (method, what) = if stream.framing.has_events() {
            ("send_events", "its events")
        } else {
            ("send_lines", "its items")
        };
        docs.notes.push(format!(
            "Its `{}` answer: [`.{method}().await`]({}::{method}) returns {what} as they arrive.",
            stream.media_type, op.builder
        ));
    }
    let method_docs = doc_attrs(&docs);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    // The method takes the required parameters (and a required body), borrowed.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        let ty = borrowed_type(&p.ty);
        args.push(quote!(#name: #ty));
        inits.push(quote!(#name,));
    }
    if let Some(body) = &op.body {
        if !body.required {
            inits.push(quote!(body: None,));
        } else if body.encoding == BodyEncoding::Binary {
            args.push(quote!(body: impl Into<crate::Upload>));
            inits.push(quote!(body: body.into(),));
        } else {
            let ty = body_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body,));
        }
    }
    for p in &optional {
        let name = ident(&p.name);
        inits.push(quote!(#name: None,));
    }
    let lifetime_args = (!args.is_empty()).then(|| quote!(<'a>));
    let self_ref = if args.is_empty() {
        quote!(&self)
    } else {
        quote!(&'a self)
    };
    let returned = if args.is_empty() {
        quote!(#builder<'_>)
    } else {
        quote!(#builder<'a>)
    };
    // The required parameters are the operation's: a spec may have more than clippy's limit
    // of seven arguments (with `self`), and each is one the caller must give.
    let many = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #method_docs
        #cfg
        #deprecated
        #many
        #[inline]
        pub fn #method_name #lifetime_args (#self_ref, #(#args),*) -> #returned {
            #builder {
                client: self,
                #(#inits)*
                extras: Default::default(),
            }
        }
    }
}

/// How a parameter is described: its description and where it goes.
pub(super) fn param_doc(p: &Param) -> String {
    let place = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let text = crate::prose::line(p.docs.description.as_deref().unwrap_or("").trim());
    if text.is_empty() {
        format!("The `{}` {place} parameter.", p.wire_name)
    } else {
        format!("{text} (the `{}` {place} parameter)", p.wire_name)
    }
}

/// The type a required parameter is taken as: strings and compound values borrowed.
pub(super) fn borrowed_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(&'a str),
        Type::Vec(inner) => {
            let inner = rust_type(inner, true);
            quote!(&'a [#inner])
        }
        _ if is_copied(ty) => rust_type(ty, true),
        other => {
            let ty = rust_type(other, true);
            quote!(&'a #ty)
        }
    }
}

/// Whether a parameter or body of type `ty` is taken by value (a number or a boolean) rather
/// than borrowed.
pub(super) fn is_copied(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Bool | Type::I32 | Type::I64 | Type::U32 | Type::U64 | Type::F32 | Type::F64
    )
}

/// The type a body is held as in the request builder: borrowed, except an upload or a
/// multipart body, which the builder owns.
pub(super) fn body_type(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => borrowed_type(&body.ty),
        BodyEncoding::Form => {
            let ty = rust_type(&body.ty, true);
            quote!(&'a #ty)
        }
        BodyEncoding::Multipart => match &body.form {
            Some(form) => {
                let name = ident(&form.name);
                quote!(&'a #name)
            }
            None => quote!(crate::Multipart),
        },
        BodyEncoding::Text => quote!(&'a str),
        BodyEncoding::Binary => quote!(crate::Upload),
    }
}
