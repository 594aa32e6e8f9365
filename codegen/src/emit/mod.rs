//! Emitting: the IR spelled as Rust tokens. Nothing is decided here that lowering did not.
//!
//! A file per generated file (`root` for `lib.rs`, `types`, `operations`, `examples`), and
//! what they share: `responses` (what a response decodes into), `spell` (types, names, docs)
//! and `gates` (the `#[cfg]`s of tag features).

use crate::ir::Api;
use proc_macro2::TokenStream;

mod gates;
mod operations;
mod responses;
mod root;
mod spec_examples;
mod spell;
mod types;

/// The Rust files of the generated crate, as tokens, by path relative to the crate root.
pub fn emit<'a>(api: &'a Api, options: &crate::CrateOptions) -> Vec<RustFile<'a>> {
    fn whole<'a>(path: &'static str, head: Piece<'a>) -> RustFile<'a> {
        RustFile {
            path,
            head,
            items: Vec::new(),
            large: Vec::new(),
        }
    }
    let mut files = vec![
        whole("src/lib.rs", {
            let call = crate::readme::first_call(api, &options.name);
            let example = crate::readme::doc_example(&call);
            Box::new(move || root::lib(api, &example, &call.gate))
        }),
        types::types(api),
        operations::operations(api),
    ];
    if api.has_examples() {
        files.push(whole(
            "src/spec_examples.rs",
            Box::new(move || spec_examples::spec_examples(api)),
        ));
    }
    files
}

/// One Rust file: its head (inner docs and attributes, `use`s) and its items. Each is spelled
/// only when rendering asks for it, so that a large API never has all its tokens in memory
/// at once; the pieces are independent of each other, so they may be spelled on any thread.
pub struct RustFile<'a> {
    /// The path relative to the crate root.
    pub path: &'static str,
    /// Inner docs and attributes, `use` declarations.
    pub head: Piece<'a>,
    /// The items, in order.
    pub items: Vec<Piece<'a>>,
    /// The indexes of the items that grow with the whole API (one `impl` for every
    /// operation), which rendering starts first so that no thread is left with one at the end.
    pub large: Vec<usize>,
}

/// Spells one piece of a file (its head, or one item) from the IR.
pub type Piece<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// What the unit tests of emitting share: an API from YAML, and tokens as text.
#[cfg(test)]
mod test_support {
    use crate::ir::Api;
    use proc_macro2::TokenStream;

    /// The IR of a document, written as YAML from its `paths` on.
    pub(super) fn api(body: &str) -> Api {
        let yaml = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}");
        let document = crate::load::parse(&yaml, "spec.yaml").expect("the test's spec parses");
        crate::lower::lower(&document, "spec.yaml").expect("the test's spec lowers")
    }

    /// Tokens as prettyplease prints them, whitespace runs made one space, so that a test
    /// reads the code as written on one line.
    pub(super) fn text(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("emitted tokens parse");
        crate::prose::one_line(&prettyplease::unparse(&file))
    }

    /// An operation that creates an order from a JSON body, with an API key.
    pub(super) const ORDERS: &str = "
paths:
  /orders/{id}:
    post:
      operationId: createOrder
      security: [{key: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {sku: {type: string}}}
      responses: {'201': {description: created}}
  /health:
    get:
      operationId: health
      responses: {'204': {description: up}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: x-key}
";
}
