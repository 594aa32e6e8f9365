//! `operations.rs`: a method of `Client` per operation, its request builder, its mock, and the
//! security schemes' setters.

use super::*;

pub(super) fn operations(api: &Api) -> RustFile<'_> {
    // A scheme's constant is spelled only where an operation sends it: a scheme that no
    // operation names keeps its builder setter, but a constant nobody reads is dead code.
    let sent: BTreeSet<usize> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten().copied())
        .collect();
    let schemes = move || {
        let schemes = sent
            .iter()
            .map(|&index| (index, &api.security_schemes[index]))
            .map(|(index, s)| {
                // Read by the operations that send it: compiled with them.
                let gate = gate_of(
                    api.operations
                        .iter()
                        .filter(|op| op.security.iter().flatten().any(|&i| i == index))
                        .map(|op| api.features.operation(op)),
                );
                let cfg = gate.as_ref().and_then(cfg_outer);
                let constant = scheme_const(s);
                let key = &s.key;
                let kind = match &s.kind {
                    SecurityKind::ApiKeyHeader(h) => quote!(SchemeKind::Header(#h)),
                    SecurityKind::ApiKeyQuery(q) => quote!(SchemeKind::Query(#q)),
                    SecurityKind::ApiKeyCookie(c) => quote!(SchemeKind::Cookie(#c)),
                    SecurityKind::Bearer => quote!(SchemeKind::Bearer),
                    SecurityKind::Basic => quote!(SchemeKind::Basic),
                };
                let doc = format!(" The `{key}` security scheme.");
                quote! {
                    #[doc = #doc]
                    #cfg
                    const #constant: Scheme = Scheme { key: #key, kind: #kind };
                }
            });
        quote!(#(#schemes)*)
    };
    let builder_impl = move || {
        let setters = api.security_schemes.iter().map(scheme_setter);
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    };
    // The methods are small and go in one `impl Client`; each builder is an item of its own.
    let any_op = gate_of(api.operations.iter().map(|op| api.features.operation(op)));
    let client_gate = any_op.clone();
    let client_impl = move || {
        let methods = api
            .operations
            .iter()
            .map(|op| client_method(op, cfg_outer(api.features.operation(op))));
        // Without any operation, `Client` is not imported.
        let cfg = client_gate.as_ref().and_then(cfg_outer);
        quote!(#cfg impl Client { #(#methods)* })
    };
    let mock_impl = move || {
        let mocks = api
            .operations
            .iter()
            .map(|op| mock_method(op, cfg_outer(api.features.operation(op))));
        let cfg = match any_op.as_ref().and_then(cfg_predicate) {
            Some(features) => quote!(#[cfg(all(feature = "mock", #features))]),
            None => quote!(#[cfg(feature = "mock")]),
        };
        quote! {
            #cfg
            impl crate::mock::MockApi {
                #(#mocks)*
            }
        }
    };
    let has_ops = !api.operations.is_empty();
    let schemes_used = !api.security_schemes.is_empty();
    let schemes_sent = api.operations.iter().any(|op| {
        op.security
            .iter()
            .any(|alternative| !alternative.is_empty())
    });
    let head = move || {
        // Each import is compiled with the operations that use it (the builder's setters,
        // with the crate).
        let ops_where = |used: &dyn Fn(&Operation) -> bool| {
            gate_of(
                api.operations
                    .iter()
                    .filter(|op| used(op))
                    .map(|op| api.features.operation(op)),
            )
        };
        let uses_types = ops_where(&mentions_types);
        let path_params = ops_where(&|op| op.path.iter().any(|p| matches!(p, PathPart::Param(_))));
        let query_params =
            ops_where(&|op| op.params.iter().any(|p| p.location == ParamLocation::Query));
        let any_op = ops_where(&|_| true);
        let sends_schemes = ops_where(&|op| {
            op.security
                .iter()
                .any(|alternative| !alternative.is_empty())
        });
        let always = schemes_used.then_some(Gate::Always);
        let imports = [
            (&path_params, "crate::client::path_param"),
            (&query_params, "crate::client::QueryStyle"),
            (&any_op, "crate::client::Extras"),
            (&any_op, "crate::client::Operation"),
            (&any_op, "crate::client::PathPiece"),
            (&any_op, "crate::client::Request"),
            (&any_op, "crate::client::Response"),
            (&any_op, "std::future::Future"),
            (&any_op, "crate::ApiResponse"),
            (&always, "crate::client::Credential"),
            (&sends_schemes, "crate::client::Scheme"),
            (&sends_schemes, "crate::client::SchemeKind"),
            (&uses_types, "crate::types"),
            (&any_op, "crate::Client"),
            (&always, "crate::ClientBuilder"),
            (&any_op, "crate::Error"),
            (&always, "crate::Secret"),
            (&any_op, "reqwest::Method"),
        ];
        // Grouped by the features that compile them, as rustfmt merges them in each group.
        let mut gates: Vec<&Gate> = Vec::new();
        for (gate, _) in &imports {
            if let Some(gate) = gate
                && !gates.contains(&gate)
            {
                gates.push(gate);
            }
        }
        gates.sort_by_key(|gate| !gate.is_always());
        let imports = gates.into_iter().flat_map(|gate| {
            let cfg = cfg_outer(gate);
            crate::layout::use_declarations(
                imports
                    .iter()
                    .filter(|(used, _)| used.as_ref() == Some(gate))
                    .map(|(_, path)| *path),
            )
            .into_iter()
            .map(move |tree| {
                let tree: syn::UseTree =
                    syn::parse_str(&tree).expect("imports are valid use trees");
                quote!(#cfg use #tree;)
            })
        });
        // `Client` is in scope where an operation is compiled; rustdoc rejects a link target
        // that repeats what the label resolves to.
        let doc = |client: &str| {
            format!(
                " The operations of the API: one method of {client} each, which returns a request"
            )
        };
        let (in_scope, qualified) = (doc("[`Client`]"), doc("[`Client`](crate::Client)"));
        let first_line = match any_op.as_ref().map(cfg_predicate) {
            Some(None) => quote!(#![doc = #in_scope]),
            None => quote!(#![doc = #qualified]),
            Some(Some(features)) => quote! {
                #![cfg_attr(#features, doc = #in_scope)]
                #![cfg_attr(not(#features), doc = #qualified)]
            },
        };
        quote! {
            #first_line
            //! builder to `.send().await`.

            #![allow(
                clippy::type_complexity,
                reason = "a method returns the spec's schemas as they are nested, maps of arrays of maps included"
            )]

            #(#imports)*
        }
    };
    // Without schemes or operations, the items that would hold them are left out.
    let mut items: Vec<Piece<'_>> = Vec::new();
    let mut large = Vec::new();
    if schemes_sent {
        items.push(Box::new(schemes));
    }
    if schemes_used {
        items.push(Box::new(builder_impl));
    }
    if has_ops {
        large.push(items.len());
        items.push(Box::new(client_impl));
    }
    items.extend(api.operations.iter().map(|op| -> Piece<'_> {
        Box::new(move || {
            let cfg = cfg_inner(api.features.operation(op));
            let builder = request_builder(api, op);
            quote!(#cfg #builder)
        })
    }));
    if has_ops {
        large.push(items.len());
        items.push(Box::new(mock_impl));
    }
    RustFile {
        path: "src/operations.rs",
        head: Box::new(head),
        items,
        large,
    }
}

/// The `MockApi` method that mocks one operation, compiled under `cfg`.
pub(super) fn mock_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&op.name);
    let http_method = &op.http_method;
    let route = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(Some(#text)),
        PathPart::Param(_) => quote!(None),
    });
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
            self.operation(#http_method, &[#(#route),*])
        }
    }
}

/// Whether a type names anything in the `types` module.
pub(super) fn mentions_named(ty: &Type) -> bool {
    let mut found = false;
    ty.walk(&mut |inner| found |= matches!(inner, Type::Named(_)));
    found
}

/// Whether an operation's code names anything in the `types` module.
pub(super) fn mentions_types(op: &Operation) -> bool {
    let named = mentions_named;
    let in_responses = |r: &Responses| match r {
        Responses::None => false,
        Responses::One(Payload::Json(ty)) => named(ty),
        Responses::One(_) => false,
        Responses::ByStatus { .. } => true,
    };
    op.params.iter().any(|p| named(&p.ty))
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.encoding != BodyEncoding::Multipart && named(&b.ty))
        || op
            .body
            .as_ref()
            .and_then(|b| b.form.as_ref())
            .is_some_and(|form| {
                form.parts.iter().any(|part| match &part.kind {
                    PartKind::Text(ty) | PartKind::Json(ty) => named(ty),
                    PartKind::File | PartKind::Files => false,
                })
            })
        || in_responses(&op.success)
        || in_responses(&op.error)
}

pub(super) fn scheme_const(s: &SecurityScheme) -> Ident {
    format_ident!("{}", s.method.trim_start_matches("r#").to_uppercase())
}

pub(super) fn scheme_setter(s: &SecurityScheme) -> TokenStream {
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

/// The `Client` method that starts an operation, compiled under `cfg`: it returns the
/// operation's request builder.
pub(super) fn client_method(op: &Operation, cfg: Option<TokenStream>) -> TokenStream {
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

/// The request builder of an operation: its fields, setters, and how it is sent and decoded.
pub(super) fn request_builder(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();

    // The builder holds the required parameters (and a required body), borrowed.
    let mut fields = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        let ty = borrowed_type(&p.ty);
        fields.push(quote!(#name: #ty,));
    }
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if let Some(body) = &op.body {
        let ty = body_type(body);
        if body.required {
            fields.push(quote!(body: #ty,));
        } else {
            fields.push(quote!(body: Option<#ty>,));
        }
    }
    let mut setters = Vec::new();
    for p in &optional {
        let name = ident(&p.name);
        let ty = rust_type(&p.ty, true);
        fields.push(quote!(#name: Option<#ty>,));
        let doc = format!(" {}", param_doc(p));
        let setter = match &p.ty {
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
        };
        setters.push(setter);
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = body_type(body);
        let doc = body
            .docs
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .unwrap_or("The request body.");
        let doc = format!(" {}", crate::prose::line(doc));
        setters.push(if body.encoding == BodyEncoding::Binary {
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
        });
    }

    // Filling in the request.
    let mut prepare = Vec::new();
    let mut fill = Vec::new();
    for p in &op.params {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let value = if p.required {
            quote!(self.#name)
        } else {
            quote!(value)
        };
        let add = match p.location {
            ParamLocation::Path => {
                prepare.push(quote!(let #name = path_param(#wire, &self.#name, #explode)?;));
                continue;
            }
            ParamLocation::Query => {
                let style = match p.style {
                    ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
                    ParamStyle::TabDelimited => quote!(QueryStyle::TabDelimited),
                    ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
                    ParamStyle::Form | ParamStyle::Simple => quote!(QueryStyle::Form),
                };
                quote!(request.query(#wire, &#value, #style, #explode)?;)
            }
            ParamLocation::Header => quote!(request.header(#wire, &#value, #explode)?;),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &#value, #explode)?;),
        };
        fill.push(if p.required {
            add
        } else {
            quote!(if let Some(value) = &self.#name { #add })
        });
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let set = |value: TokenStream| match body.encoding {
            // A number or boolean body is held by value, and serialized through a reference.
            BodyEncoding::Json if is_copied(&body.ty) => quote!(request.json(&#value)?;),
            BodyEncoding::Json => quote!(request.json(#value)?;),
            BodyEncoding::Form => quote!(request.form(#value)?;),
            BodyEncoding::Multipart if body.form.is_some() => {
                quote!(request.multipart(&#value.multipart()?);)
            }
            BodyEncoding::Multipart => quote!(request.multipart(&#value);),
            BodyEncoding::Text => quote!(request.raw(#media, #value.as_bytes().to_vec());),
            BodyEncoding::Binary => quote!(request.upload(#media, &#value)?;),
        };
        fill.push(if body_required {
            set(quote!(self.body))
        } else {
            if body.encoding == BodyEncoding::Multipart && body.form.is_none() {
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
        });
    }
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(PathPiece::Literal(#text)),
        PathPart::Param(index) => {
            let p = &op.params[*index];
            let name = ident(&p.name);
            let wire = &p.wire_name;
            quote!(PathPiece::Param(#wire, &#name))
        }
    });
    let http_method = format_ident!("{}", op.http_method);
    let security: Vec<TokenStream> = op
        .security
        .iter()
        .map(|alternative| {
            let schemes = alternative
                .iter()
                .map(|i| scheme_const(&api.security_schemes[*i]));
            quote!(&[#(#schemes),*])
        })
        .collect();
    let security2 = &security;
    let (ok_type, decode) = success(&op.success);
    let on_success = if matches!(op.success, Responses::None | Responses::One(Payload::Empty)) {
        quote!(Ok(response.with_body(())))
    } else {
        quote! {
            let body = #decode?;
            Ok(response.with_body(body))
        }
    };
    let (error_type, on_error) = error(&op.error, &op.error_statuses);
    // A download (any body but JSON) can also be read as it arrives.
    let streams = matches!(op.success, Responses::One(Payload::Text | Payload::Binary));
    let items_method = op
        .pagination
        .as_ref()
        .map(|p| items_method(op, p, &security, &error_type));
    let (stream_methods, on_error) = if streams {
        let security3 = &security;
        (
            quote! {
                /// Sends the request and returns the body unread, as a stream of bytes: for
                /// downloads of any size, never held whole in memory.
                #[inline]
                pub fn send_stream(self) -> impl Future<Output = Result<crate::ByteStream, Error<#error_type>>> + 'a {
                    let client = self.client;
                    client.send_stream(self, Self::prepare, &[#(#security3),*], Self::error)
                }

                /// The error for a status that is not a success.
                #[inline]
                fn error(response: Response) -> Error<#error_type> {
                    #on_error
                }
            },
            quote!(Self::error(response)),
        )
    } else {
        (TokenStream::new(), on_error)
    };
    let start = quote!(self.client.request(&Self::OPERATION, &[#(#path),*], &self.extras));
    let operation_name = &op.name;
    let path_template = &op.path_template;
    let prepare_body = if fill.is_empty() {
        quote!(#(#prepare)* #start)
    } else {
        quote! {
            #(#prepare)*
            let mut request = #start?;
            #(#fill)*
            Ok(request)
        }
    };

    let struct_doc = format!(
        " A `{}` request, from [`Client::{}`](crate::Client::{}): set what it needs, then `.send().await` it.",
        op.name, op.name, op.name
    );
    let form = op
        .body
        .as_ref()
        .and_then(|b| b.form.as_ref())
        .map(|form| form_struct(op, form));
    quote! {
        #form

        #[doc = #struct_doc]
        #[must_use = "a request does nothing until it is sent"]
        #[derive(Debug)]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields)*
            extras: Extras,
        }

        impl<'a> #builder<'a> {
            /// The operation, as requests and logs name it.
            const OPERATION: Operation = Operation {
                name: #operation_name,
                method: Method::#http_method,
                path: #path_template,
            };

            #(#setters)*

            /// Adds a header to this request (a request id, ...); it wins over a client's
            /// default header of the same name. Its value is never shown in `Debug` output or
            /// logs; a name or value a header cannot carry is an error when the request is
            /// sent, and nothing is sent.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extras.header(name.into(), value.into());
                self
            }

            /// Sends the request and decodes the response body.
            #[inline]
            pub fn send(self) -> impl Future<Output = Result<#ok_type, Error<#error_type>>> + 'a {
                let client = self.client;
                client.send_body(self, Self::prepare, &[#(#security),*], Self::decode)
            }

            /// Sends the request; the decoded body comes with the status and headers.
            #[inline]
            pub fn send_with_response(self) -> impl Future<Output = Result<ApiResponse<#ok_type>, Error<#error_type>>> + 'a {
                let client = self.client;
                client.send(self, Self::prepare, &[#(#security2),*], Self::decode)
            }

            /// Sends the request and waits for the response, without an async runtime; the
            /// request must come from a [`BlockingClient`](crate::BlockingClient).
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_blocking(self) -> Result<#ok_type, Error<#error_type>> {
                let client = self.client;
                client.send_blocking(self, Self::prepare, &[#(#security2),*], Self::decode)
            }

            #stream_methods

            #items_method

            /// The request, with its parameters and body. Inline, like every method of a
            /// request, so that it is compiled only where an app sends this request.
            #[inline]
            fn prepare(&self) -> Result<Request, Error<#error_type>> {
                #prepare_body
            }

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
}

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
    }
}

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
        };
        let place = match &part.content_type {
            Some(content_type) => format!("{what} (the `{wire}` part, `{content_type}`)."),
            None => format!("{what} (the `{wire}` part)."),
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
