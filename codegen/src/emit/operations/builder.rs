//! An operation's request builder: its fields, its setters, how it is sent and how its
//! response is decoded.

use super::client::{body_type, borrowed_type, param_doc};
use super::forms::form_struct;
use super::pagination::items_method;
use super::prepare::prepare_body;
use super::security::alternatives;
use crate::emit::responses::{error, success};
use crate::emit::spell::{ident, rust_type};
use crate::ir::{
    Api, Body, BodyEncoding, Framing, Operation, Param, Payload, Responses, Stream, Type,
};
use proc_macro2::TokenStream;
use quote::quote;

/// What the methods of a builder that send it share.
struct Sending {
    /// The security alternatives the request is sent with.
    security: Vec<TokenStream>,
    /// The success body type.
    ok_type: TokenStream,
    /// The documented error body type.
    error_type: TokenStream,
}

/// The request builder of an operation: its fields, setters, and how it is sent and decoded.
pub(super) fn request_builder(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let (ok_type, decode) = success(&op.success);
    let (error_type, on_error) = error(&op.error, &op.error_statuses);
    let sending = Sending {
        security: alternatives(api, op),
        ok_type,
        error_type,
    };
    let setters = setters(op);
    let declaration = builder_struct(op, !setters.is_empty());
    let operation = operation_const(op);
    let sends = send_methods(&sending);
    // A download (any body but JSON) can also be read as it arrives, and a streamed answer
    // only so; the error is then built by a method of its own, which every way of sending
    // calls.
    let download = matches!(op.success, Responses::One(Payload::Text | Payload::Binary));
    let own_error = download || !op.streams.is_empty();
    let error_method = own_error.then(|| error_method(&sending, &on_error));
    let on_error = if own_error {
        quote!(Self::error(response))
    } else {
        on_error
    };
    let download_methods = download.then(|| download_methods(&sending));
    let stream_methods: Vec<TokenStream> = op
        .streams
        .iter()
        .map(|stream| stream_methods(stream, &sending))
        .collect();
    let items_method = op
        .pagination
        .as_ref()
        .map(|p| items_method(op, p, &sending.security, &sending.error_type));
    let header = header_method();
    let prepare = prepare_method(op, &sending.error_type);
    let decode = decode_method(op, &sending, &decode, &on_error);
    let form = op
        .body
        .as_ref()
        .and_then(|b| b.form.as_ref())
        .map(|form| form_struct(op, form));
    quote! {
        #form

        #declaration

        impl<'a> #builder<'a> {
            #operation

            #(#setters)*

            #header

            #sends

            #download_methods

            #(#stream_methods)*

            #items_method

            #prepare

            #error_method

            #decode
        }
    }
}

/// The builder's struct, with its doc: what to set before sending is said only of a builder
/// that has setters.
fn builder_struct(op: &Operation, has_setters: bool) -> TokenStream {
    let builder = ident(&op.builder);
    let fields = fields(op);
    let then = if has_setters {
        "set what it needs, then `.send().await` it"
    } else {
        "`.send().await` it"
    };
    let doc = format!(
        " A `{}` request, from [`Client::{}`](crate::Client::{}): {then}.",
        op.name, op.name, op.name
    );
    quote! {
        #[doc = #doc]
        #[must_use = "a request does nothing until it is sent"]
        #[derive(Debug)]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
            extras: Extras,
        }
    }
}

/// `header`, which every builder has.
fn header_method() -> TokenStream {
    quote! {
        /// Adds a header to this request (a request id, ...); it wins over a client's
        /// default header of the same name. Its value is never shown in `Debug` output or
        /// logs; a name or value a header cannot carry is an error when the request is
        /// sent, and nothing is sent.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.extras.header(name.into(), value.into());
            self
        }
    }
}

/// `prepare`: the request, with its parameters and body.
fn prepare_method(op: &Operation, error_type: &TokenStream) -> TokenStream {
    let prepare = prepare_body(op);
    quote! {
        /// The request, with its parameters and body. Inline, like every method of a
        /// request, so that it is compiled only where an app sends this request.
        #[inline]
        fn prepare(&self) -> Result<Request, Error<#error_type>> {
            #prepare
        }
    }
}

/// The builder's fields: the required parameters (and a required body), borrowed, then the
/// optional ones.
fn fields(op: &Operation) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let name = ident(&p.name);
        let ty = borrowed_type(&p.ty);
        fields.push(quote!(#name: #ty,));
    }
    if let Some(body) = &op.body {
        let ty = body_type(body);
        if body.required {
            fields.push(quote!(body: #ty,));
        } else {
            fields.push(quote!(body: Option<#ty>,));
        }
    }
    for p in op.params.iter().filter(|p| !p.required) {
        let name = ident(&p.name);
        let ty = rust_type(&p.ty, true);
        fields.push(quote!(#name: Option<#ty>,));
    }
    fields
}

/// The setters of the optional parameters and of an optional body.
fn setters(op: &Operation) -> Vec<TokenStream> {
    let mut setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(param_setter)
        .collect();
    setters.extend(op.body.as_ref().filter(|b| !b.required).map(body_setter));
    setters
}

fn param_setter(p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let ty = rust_type(&p.ty, true);
    let doc = format!(" {}", param_doc(p));
    match &p.ty {
        Type::String => quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        },
        _ => quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = Some(value);
                self
            }
        },
    }
}

fn body_setter(body: &Body) -> TokenStream {
    let ty = body_type(body);
    let doc = body
        .docs
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or("The request body.");
    let doc = format!(" {}", crate::prose::line(doc));
    if body.encoding == BodyEncoding::Binary {
        quote! {
            #[doc = #doc]
            pub fn body(mut self, body: impl Into<crate::Upload>) -> Self {
                self.body = Some(body.into());
                self
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    }
}

/// The builder's `OPERATION`: its name, method and path, as requests and logs name it.
fn operation_const(op: &Operation) -> TokenStream {
    let operation_name = &op.name;
    let path_template = &op.path_template;
    let http_method = op.http_method.as_str();
    let follow_redirects = !op.documents_redirect();
    quote! {
        /// The operation, as requests and logs name it.
        const OPERATION: Operation = Operation {
            name: #operation_name,
            method: #http_method,
            path: #path_template,
            follow_redirects: #follow_redirects,
        };
    }
}

/// `send`, `send_with_response` and `send_blocking`.
fn send_methods(sending: &Sending) -> TokenStream {
    let Sending {
        security,
        ok_type,
        error_type,
    } = sending;
    quote! {
        /// Sends the request and decodes the response body.
        #[inline]
        pub fn send(self) -> impl Future<Output = Result<#ok_type, Error<#error_type>>> + 'a {
            let client = self.client;
            client.send(self, Self::prepare, &[#(#security),*], Self::decode)
        }

        /// Sends the request; the decoded body comes with the status and headers.
        #[inline]
        pub fn send_with_response(self) -> impl Future<Output = Result<ApiResponse<#ok_type>, Error<#error_type>>> + 'a {
            let client = self.client;
            client.send_with_response(self, Self::prepare, &[#(#security),*], Self::decode)
        }

        /// Sends the request and waits for the response, without an async runtime; the
        /// request must come from a [`BlockingClient`](crate::BlockingClient).
        #[cfg(feature = "blocking")]
        #[inline]
        pub fn send_blocking(self) -> Result<#ok_type, Error<#error_type>> {
            let client = self.client;
            client.send_blocking(self, Self::prepare, &[#(#security),*], Self::decode)
        }
    }
}

/// `send_stream` of a download, and its blocking twin.
fn download_methods(sending: &Sending) -> TokenStream {
    let Sending {
        security,
        error_type,
        ..
    } = sending;
    quote! {
        /// Sends the request and returns the body unread, as a stream of bytes: for
        /// downloads of any size, never held whole in memory.
        #[inline]
        pub fn send_stream(self) -> impl Future<Output = Result<crate::ByteStream, Error<#error_type>>> + 'a {
            let client = self.client;
            client.send_stream(self, Self::prepare, &[#(#security),*], Self::error)
        }

        /// [`send_stream`](Self::send_stream) without an async runtime: the body's chunks
        /// as an iterator; the request must come from a
        /// [`BlockingClient`](crate::BlockingClient).
        #[cfg(feature = "blocking")]
        #[inline]
        pub fn send_stream_blocking(self) -> Result<crate::BlockingStream<crate::ByteStream>, Error<#error_type>> {
            let client = self.client;
            client
                .block_on(client.send_stream(self, Self::prepare, &[#(#security),*], Self::error))
                .map(|stream| crate::BlockingStream::new(client, stream))
        }
    }
}

/// `send_events` (server-sent events) or `send_lines` (JSON Lines and JSON text sequences)
/// of a streamed answer, and its blocking twin.
fn stream_methods(stream: &Stream, sending: &Sending) -> TokenStream {
    let Sending {
        security,
        error_type,
        ..
    } = sending;
    let item = rust_type(&stream.item, true);
    let media_type = &stream.media_type;
    let framing = match stream.framing {
        Framing::Sse => quote!(crate::client::Framing::Sse),
        Framing::Lines => quote!(crate::client::Framing::Lines),
        Framing::JsonSeq => quote!(crate::client::Framing::JsonSeq),
    };
    let decode = if stream.text {
        quote!(crate::client::text_item)
    } else {
        quote!(crate::client::json_item::<#item>)
    };
    let send = quote! {
        client.send_events(self, Self::prepare, &[#(#security),*], Self::error, #media_type, #framing, #decode)
    };
    if stream.framing.has_events() {
        let doc = format!(
            " Sends the request asking for `{media_type}`, and returns the server-sent events as they arrive, each `data` decoded."
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn send_events(self) -> impl Future<Output = Result<crate::EventStream<#item>, Error<#error_type>>> + 'a {
                let client = self.client;
                #send
            }

            /// [`send_events`](Self::send_events) without an async runtime: the events as an
            /// iterator; the request must come from a [`BlockingClient`](crate::BlockingClient).
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_events_blocking(self) -> Result<crate::BlockingStream<crate::EventStream<#item>>, Error<#error_type>> {
                let client = self.client;
                client.block_on(#send).map(|stream| crate::BlockingStream::new(client, stream))
            }
        }
    } else {
        let doc = format!(
            " Sends the request asking for `{media_type}`, and returns the items as they arrive, each decoded."
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn send_lines(self) -> impl Future<Output = Result<crate::LineStream<#item>, Error<#error_type>>> + 'a {
                let client = self.client;
                async move { #send.await.map(crate::LineStream::<#item>::from) }
            }

            /// [`send_lines`](Self::send_lines) without an async runtime: the items as an
            /// iterator; the request must come from a [`BlockingClient`](crate::BlockingClient).
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_lines_blocking(self) -> Result<crate::BlockingStream<crate::LineStream<#item>>, Error<#error_type>> {
                let client = self.client;
                client
                    .block_on(#send)
                    .map(|stream| crate::BlockingStream::new(client, crate::LineStream::<#item>::from(stream)))
            }
        }
    }
}

/// `error`, which `decode` and the methods that stream share: the error for a status that
/// is not a success.
fn error_method(sending: &Sending, on_error: &TokenStream) -> TokenStream {
    let error_type = &sending.error_type;
    quote! {
        /// The error for a status that is not a success.
        #[inline]
        fn error(response: Response) -> Error<#error_type> {
            #on_error
        }
    }
}

/// `decode`: the response checked, and its body decoded (`decode` the success body's
/// expression, `on_error` the error's).
fn decode_method(
    op: &Operation,
    sending: &Sending,
    decode: &TokenStream,
    on_error: &TokenStream,
) -> TokenStream {
    let Sending {
        ok_type,
        error_type,
        ..
    } = sending;
    let on_success = if matches!(op.success, Responses::None | Responses::One(Payload::Empty)) {
        quote!(Ok(response.with_body(())))
    } else {
        quote! {
            let body = #decode?;
            Ok(response.with_body(body))
        }
    };
    quote! {
        /// The response, checked and decoded.
        #[inline]
        fn decode(response: Response) -> Result<ApiResponse<#ok_type>, Error<#error_type>> {
            if !(200..300).contains(&response.status()) {
                return Err(#on_error);
            }
            #on_success
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_support::{ORDERS, api, text};

    fn builder_text(name: &str) -> String {
        let api = api(ORDERS);
        let op = api
            .operations
            .iter()
            .find(|op| op.name == name)
            .expect("the operation");
        text(request_builder(&api, op))
    }

    #[test]
    fn a_builder_without_setters_asks_only_to_be_sent() {
        let health = builder_text("health");
        assert!(
            health.contains("(crate::Client::health): `.send().await` it."),
            "{health}"
        );
        let order = builder_text("create_order");
        assert!(
            order.contains("set what it needs, then `.send().await` it."),
            "{order}"
        );
    }

    #[test]
    fn send_and_send_with_response_call_the_runtime_functions_of_their_names() {
        let order = builder_text("create_order");
        assert!(
            order.contains("client.send(self, Self::prepare, &[&[KEY]], Self::decode)"),
            "{order}"
        );
        assert!(
            order.contains(
                "client.send_with_response(self, Self::prepare, &[&[KEY]], Self::decode)"
            ),
            "{order}"
        );
    }

    #[test]
    fn a_path_parameter_is_encoded_before_the_request_starts_and_a_query_one_added_after() {
        let order = builder_text("create_order");
        let encode = order
            .find("let id = path_param(\"id\", &self.id, PathStyle::Simple, false)?;")
            .expect(&order);
        let start = order.find("let mut request = self").expect(&order);
        let query = order
            .find("request.query(\"dry_run\", &value, QueryStyle::Form, true)?;")
            .expect(&order);
        assert!(encode < start && start < query, "{order}");
    }
}
