//! The struct of a typed `multipart/form-data` body: a field per part, and how it becomes the
//! parts of the request.

use crate::emit::spell::{doc_attrs, ident, rust_type};
use crate::ir::{FieldStyle, Form, Operation, ParamStyle, PartKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct of a typed `multipart/form-data` body, and how it becomes its parts.
pub(super) fn form_struct(op: &Operation, form: &Form) -> TokenStream {
    let name = ident(&form.name);
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{}`](crate::Client::{}): a field per part.",
        op.name, op.name
    );
    let default = form
        .parts
        .iter()
        .all(|p| !p.required || p.kind == PartKind::Files)
        .then(|| quote!(Default,));
    let mut fields = Vec::new();
    let mut pushes = Vec::new();
    for part in &form.parts {
        let field = ident(&part.name);
        let wire = &part.wire_name;
        let mut docs = part.docs.clone();
        let what = match &part.kind {
            PartKind::Text(_) => "Sent as text",
            PartKind::Json(_) => "Sent as JSON",
            PartKind::File => "A file",
            PartKind::Files => "Files, a part each",
            PartKind::Styled(_, field) => &styled_doc(wire, field),
        };
        let place = match (&part.kind, &part.content_type) {
            (PartKind::Styled(..), _) => what.to_string(),
            (_, Some(content_type)) => format!("{what} (the `{wire}` part, `{content_type}`)."),
            (_, None) => format!("{what} (the `{wire}` part)."),
        };
        if docs.summary.is_none() && docs.description.is_none() {
            docs.summary = Some(place);
        } else {
            docs.notes.insert(0, place);
        }
        let docs = doc_attrs(&docs);
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let (ty, push) = match &part.kind {
            PartKind::Text(ty) => (
                rust_type(ty, true),
                quote!(form.push_text(#wire, value, #content_type)?;),
            ),
            PartKind::Json(ty) => (
                rust_type(ty, true),
                quote!(form.push_json(#wire, value, #content_type)?;),
            ),
            PartKind::Styled(ty, field) => {
                let style = super::prepare::query_style(field.style);
                let explode = field.explode;
                (
                    rust_type(ty, true),
                    quote!(form.push_styled(#wire, value, #style, #explode)?;),
                )
            }
            PartKind::File => (
                quote!(crate::FilePart),
                quote!(form.push_file(#wire, value, #content_type);),
            ),
            PartKind::Files => (
                quote!(Vec<crate::FilePart>),
                quote! {
                    for file in value {
                        form.push_file(#wire, file, #content_type);
                    }
                },
            ),
        };
        if part.required || part.kind == PartKind::Files {
            fields.push(quote!(#docs pub #field: #ty,));
            pushes.push(quote! {
                let value = &self.#field;
                #push
            });
        } else {
            fields.push(quote!(#docs pub #field: Option<#ty>,));
            pushes.push(quote! {
                if let Some(value) = &self.#field {
                    #push
                }
            });
        }
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parts, in the schema's order.
            #[inline]
            fn multipart<E>(&self) -> Result<crate::Multipart, Error<E>> {
                let mut form = crate::Multipart::new();
                #(#pushes)*
                Ok(form)
            }
        }
    }
}

/// How a part written in a style is sent, for its field's documentation.
fn styled_doc(wire: &str, field: &FieldStyle) -> String {
    let joined = |by: &str| {
        format!(
            "Sent as text (the `{wire}` field): one part, its items (or keys and values) joined by {by}."
        )
    };
    match (field.style, field.explode) {
        (ParamStyle::DeepObject, _) => {
            format!("Sent as text in `deepObject` style: a part per key, named `{wire}[key]`.")
        }
        (_, true) => format!(
            "Sent as text (the `{wire}` field): a part per item, or per key named after it."
        ),
        (ParamStyle::SpaceDelimited, false) => joined("spaces"),
        (ParamStyle::PipeDelimited, false) => joined("`|`"),
        (_, false) => joined("commas"),
    }
}
