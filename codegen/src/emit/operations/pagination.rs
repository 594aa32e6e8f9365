//! The `items()` method of an operation that pages: a stream of every item of every page.

use crate::emit::spell::{ident, rust_type};
use crate::ir::{Operation, PageKind, Pagination, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The `items()` method of a list operation that pages: a stream of every item.
pub(super) fn items_method(
    op: &Operation,
    pagination: &Pagination,
    security: &[TokenStream],
    error_type: &TokenStream,
) -> TokenStream {
    let item = rust_type(&pagination.item, true);
    let param = &op.params[pagination.param];
    let param_field = ident(&param.name);
    let (items_name, items_type) = &pagination.items;
    let items = ident(items_name);
    let items_expr = match items_type {
        Type::Option(_) => quote!(page.#items.unwrap_or_default()),
        Type::Nullable(_) => quote!(page.#items.into_option().unwrap_or_default()),
        _ => quote!(page.#items),
    };
    let total = match &pagination.total {
        None => quote!(None),
        Some((name, ty)) => {
            let field = ident(name);
            match ty {
                Type::Option(_) => quote!(page.#field.and_then(crate::client::count)),
                Type::Nullable(_) => {
                    quote!(page.#field.into_option().and_then(crate::client::count))
                }
                _ => quote!(crate::client::count(page.#field)),
            }
        }
    };
    let (how, first, key_setup, next) = match &pagination.kind {
        PageKind::Cursor { next: (name, ty) } => {
            let field = ident(name);
            let next = match ty {
                Type::Option(_) => quote!(page.#field),
                Type::Nullable(_) => quote!(page.#field.into_option()),
                _ => quote!(Some(page.#field)),
            };
            (
                format!(
                    "each page's `{name}` is sent back as `{}` for the next",
                    param.wire_name
                ),
                quote!(builder.#param_field.take()),
                quote!(builder.#param_field = key;),
                quote!(#next.filter(|cursor| !cursor.is_empty())),
            )
        }
        PageKind::Page => (
            format!(
                "`{}` counts the pages, from the one set on the request (else 1)",
                param.wire_name
            ),
            quote!(Some(builder.#param_field.take().unwrap_or(1))),
            quote! {
                let current = key.unwrap_or(1);
                builder.#param_field = Some(current);
            },
            quote!(current.checked_add(1)),
        ),
    };
    let doc = format!(
        " Every item of every page, as a stream that fetches the next page when the last one is used up: {how}."
    );
    quote! {
        #[doc = #doc]
        ///
        /// The request's parameters and headers go with every page.
        pub fn items(self) -> crate::Paginated<'a, #item, Error<#error_type>> {
            let mut builder = self;
            let first = #first;
            crate::client::paginate(first, move |key| {
                #key_setup
                let request = builder.prepare();
                let client = builder.client;
                async move {
                    let page = client
                        .send_prepared(request, &[#(#security),*], Self::decode)
                        .await?
                        .into_body();
                    Ok(crate::client::Page {
                        next: #next,
                        total: #total,
                        items: #items_expr,
                    })
                }
            })
        }

        /// [`items`](Self::items) without an async runtime: every item as an iterator; the
        /// request must come from a [`BlockingClient`](crate::BlockingClient).
        #[cfg(feature = "blocking")]
        pub fn items_blocking(self) -> crate::BlockingStream<crate::Paginated<'a, #item, Error<#error_type>>> {
            let client = self.client;
            crate::BlockingStream::new(client, self.items())
        }
    }
}
