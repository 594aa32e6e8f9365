//! The runtime: Rust that every generated crate carries as it is, kept in `codegen/templates/`.
//!
//! [`FILES`] lists its files, and everything else follows from that one table: which files
//! are written, the crate root's module declarations and re-exports, and the names lowering
//! keeps free because generated code would clash with the runtime's.

/// One file of the runtime.
#[derive(Debug)]
pub struct RuntimeFile {
    /// Its path under `codegen/templates/`, and under the generated crate's `src/`.
    pub path: &'static str,
    /// Its text, as the template holds it.
    pub text: &'static str,
    /// When the generated crate has the module.
    pub when: When,
    /// Whether the module is public (declared `pub mod` by its parent).
    pub public: bool,
    /// What the crate root re-exports from it: the runtime's public API.
    pub exports: &'static [&'static str],
    /// Types and traits the operations module uses from it: no request builder may be named
    /// after one.
    pub operation_names: &'static [&'static str],
    /// Methods it gives `ClientBuilder`: no security scheme's setter may take one.
    pub builder_methods: &'static [&'static str],
    /// Methods it gives `Client`: no operation's method may take one.
    pub client_methods: &'static [&'static str],
}

/// When a generated crate has a runtime module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always.
    Always,
    /// With a Cargo feature of the generated crate (the file is written all the same).
    Feature(&'static str),
    /// In its tests, when the API has examples (the file is written only then).
    Examples,
}

impl RuntimeFile {
    /// Its path in the generated crate.
    pub fn output_path(&self) -> String {
        format!("src/{}", self.path)
    }

    /// Its module's path from the crate root: `client::send` for `client/send.rs`, `client`
    /// for `client/mod.rs`.
    pub fn module(&self) -> String {
        let path = self.path.strip_suffix(".rs").unwrap_or(self.path);
        let path = path.strip_suffix("/mod").unwrap_or(path);
        path.replace('/', "::")
    }

    /// Its text as the generated crate gets it: without its unit tests (its last item,
    /// `#[cfg(test)] mod tests`), which run in this repository, in `codegen/runtime`.
    pub fn shipped(&self) -> &'static str {
        match self.text.find(TESTS) {
            Some(start) => &self.text[..start],
            None => self.text,
        }
    }

    /// Whether the crate root declares its module (it is not a submodule of another).
    pub fn top_level(&self) -> bool {
        !self.module().contains("::")
    }
}

/// How a template's unit tests start; they are its last item.
const TESTS: &str = "\n#[cfg(test)]\nmod tests {\n";

/// A file with no names to re-export or reserve.
const PLAIN: RuntimeFile = RuntimeFile {
    path: "",
    text: "",
    when: When::Always,
    public: false,
    exports: &[],
    operation_names: &[],
    builder_methods: &[],
    client_methods: &[],
};

/// Every file of the runtime, in path order.
pub const FILES: &[RuntimeFile] = &[
    RuntimeFile {
        path: "client/auth.rs",
        text: include_str!("../templates/client/auth.rs"),
        exports: &["Secret"],
        operation_names: &["Credential", "Scheme", "SchemeKind", "Secret"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/blocking.rs",
        text: include_str!("../templates/client/blocking.rs"),
        when: When::Feature("blocking"),
        exports: &["BlockingClient", "BlockingStream"],
        client_methods: &["block_on", "drive"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/builder.rs",
        text: include_str!("../templates/client/builder.rs"),
        exports: &[
            "ClientBuilder",
            "DEFAULT_CONNECT_TIMEOUT",
            "DEFAULT_MAX_BODY_SIZE",
            "DEFAULT_MAX_RETRIES",
            "DEFAULT_MAX_RETRY_DELAY",
            "DEFAULT_TIMEOUT",
        ],
        operation_names: &["ClientBuilder"],
        builder_methods: &[
            "base_url",
            "build",
            "build_blocking",
            "build_with",
            "connect_timeout",
            "credential",
            "deadline",
            "default_header",
            "http_client",
            "max_body_size",
            "max_retries",
            "max_retry_delay",
            "resolve_base_url",
            "server_variable",
            "timeout",
            "user_agent",
        ],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/events.rs",
        text: include_str!("../templates/client/events.rs"),
        exports: &["Event", "EventStream", "LineStream"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/mod.rs",
        text: include_str!("../templates/client/mod.rs"),
        ..PLAIN
    },
    RuntimeFile {
        path: "client/multipart.rs",
        text: include_str!("../templates/client/multipart.rs"),
        exports: &["FilePart", "Multipart"],
        operation_names: &["Multipart"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/pagination.rs",
        text: include_str!("../templates/client/pagination.rs"),
        exports: &["Paginated"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/params.rs",
        text: include_str!("../templates/client/params.rs"),
        operation_names: &["PathStyle", "QueryStyle"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/request.rs",
        text: include_str!("../templates/client/request.rs"),
        operation_names: &["Extras", "Operation", "PathPiece", "Request"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/response.rs",
        text: include_str!("../templates/client/response.rs"),
        exports: &["ApiResponse", "ByteStream", "MAX_ERROR_BODY"],
        operation_names: &["ApiResponse", "Response"],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/retry.rs",
        text: include_str!("../templates/client/retry.rs"),
        ..PLAIN
    },
    RuntimeFile {
        path: "client/send.rs",
        text: include_str!("../templates/client/send.rs"),
        exports: &["Client"],
        operation_names: &["Client"],
        client_methods: &[
            "async_only",
            "attempts",
            "base_url",
            "build",
            "builder",
            "execute",
            "execute_raw",
            "http_client",
            "request",
            "run",
            "send",
            "send_blocking",
            "send_events",
            "send_prepared",
            "send_stream",
            "send_with_response",
        ],
        ..PLAIN
    },
    RuntimeFile {
        path: "client/upload.rs",
        text: include_str!("../templates/client/upload.rs"),
        exports: &["Upload"],
        ..PLAIN
    },
    RuntimeFile {
        path: "error.rs",
        text: include_str!("../templates/error.rs"),
        exports: &["ApiError", "DecodeError", "Error", "Undocumented"],
        operation_names: &["Error"],
        ..PLAIN
    },
    RuntimeFile {
        path: "mock.rs",
        text: include_str!("../templates/mock.rs"),
        when: When::Feature("mock"),
        public: true,
        ..PLAIN
    },
    RuntimeFile {
        path: "nullable.rs",
        text: include_str!("../templates/nullable.rs"),
        exports: &["Nullable"],
        ..PLAIN
    },
    RuntimeFile {
        path: "round_trip.rs",
        text: include_str!("../templates/round_trip.rs"),
        when: When::Examples,
        ..PLAIN
    },
    RuntimeFile {
        path: "tagged.rs",
        text: include_str!("../templates/tagged.rs"),
        ..PLAIN
    },
    RuntimeFile {
        path: "untagged.rs",
        text: include_str!("../templates/untagged.rs"),
        ..PLAIN
    },
    RuntimeFile {
        path: "wire.rs",
        text: include_str!("../templates/wire.rs"),
        ..PLAIN
    },
];

/// Whether `path` (relative to a generated crate's root) is a runtime file.
pub fn is_runtime(path: &str) -> bool {
    FILES.iter().any(|file| file.output_path() == path)
}

/// Every name of the runtime that some file lists in `names`, sorted.
fn all(names: impl Fn(&RuntimeFile) -> &'static [&'static str]) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = FILES
        .iter()
        .flat_map(|file| names(file).iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Types and traits of the runtime that the operations module uses.
pub fn operation_names() -> Vec<&'static str> {
    all(|file| file.operation_names)
}

/// Methods of the runtime's `ClientBuilder`.
pub fn builder_methods() -> Vec<&'static str> {
    all(|file| file.builder_methods)
}

/// Methods of the runtime's `Client`.
pub fn client_methods() -> Vec<&'static str> {
    all(|file| file.client_methods)
}

/// The Rust version a generated crate needs at least: its `rust-version`.
pub const RUST_VERSION: &str = "1.85";

/// The edition a generated crate is written in.
pub const EDITION: &str = "2021";

/// A Cargo feature that every generated crate has (the tags' features come from the API).
#[derive(Debug)]
pub struct CrateFeature {
    /// Its name.
    pub name: &'static str,
    /// Whether it is on by default.
    pub default: bool,
    /// What it turns on, as `[features]` spells it.
    pub enables: &'static [&'static str],
    /// What it adds: the comment above it in Cargo.toml, its line in the README's table and in
    /// the crate docs.
    pub adds: &'static str,
}

/// The features of every generated crate, in the order Cargo.toml and the README list them.
pub const FEATURES: &[CrateFeature] = &[
    CrateFeature {
        name: "rustls",
        default: true,
        enables: &["reqwest/rustls-no-provider", "dep:rustls"],
        adds: "TLS by rustls with the ring provider: no system library, only a C compiler (`cc`)",
    },
    CrateFeature {
        name: "rustls-aws-lc",
        default: false,
        enables: &["reqwest/rustls"],
        adds: "TLS by rustls with aws-lc-rs, reqwest's own default provider (builds aws-lc's C code)",
    },
    CrateFeature {
        name: "native-tls",
        default: false,
        enables: &["reqwest/native-tls"],
        adds: "the platform's TLS: OpenSSL on Linux (its headers are needed), Security.framework \
               on macOS, SChannel on Windows; use it with `default-features = false`",
    },
    CrateFeature {
        name: "blocking",
        default: false,
        enables: &["tokio/rt-multi-thread"],
        adds: "`ClientBuilder::build_blocking()`: a `BlockingClient` whose requests have \
               `send_blocking()`, for programs without an async runtime",
    },
    CrateFeature {
        name: "mock",
        default: false,
        enables: &["dep:wiremock"],
        adds: "`mock::MockApi`: a local server with typed mocks of every operation, for apps' tests",
    },
];

/// When a generated crate depends on a crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// Always.
    Always,
    /// With one of its features, which names the dependency `dep:name`.
    Feature(&'static str),
    /// When the API has a `uuid` string.
    Uuid,
}

/// A dependency of every generated crate (or of those that need it).
#[derive(Debug)]
pub struct Dependency {
    /// Its name.
    pub name: &'static str,
    /// Its version requirement.
    pub version: &'static str,
    /// The rest of its Cargo.toml table, after `version`: features and the like.
    pub options: &'static str,
    /// When the crate needs it.
    pub needed: Needed,
    /// What the runtime uses of it, when that is not all of it.
    pub used_for: Option<&'static str>,
}

/// The dependencies of a generated crate, in name order.
pub const DEPENDENCIES: &[Dependency] = &[
    Dependency {
        name: "bytes",
        version: "1",
        options: "",
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "chrono",
        version: "0.4",
        options: r#"default-features = false, features = ["serde", "std"]"#,
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "futures-core",
        version: "0.3",
        options: "",
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "reqwest",
        version: "0.13",
        options: r#"default-features = false, features = ["stream"]"#,
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "rustls",
        version: "0.23",
        options: r#"default-features = false, features = ["ring", "std", "tls12"]"#,
        needed: Needed::Feature("rustls"),
        used_for: None,
    },
    Dependency {
        name: "serde",
        version: "1",
        options: r#"features = ["derive"]"#,
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "serde_json",
        version: "1",
        options: r#"features = ["preserve_order"]"#,
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "serde_path_to_error",
        version: "0.1",
        options: "",
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "tokio",
        version: "1",
        options: r#"features = ["fs", "time"]"#,
        needed: Needed::Always,
        used_for: Some("its timer and file reading"),
    },
    Dependency {
        name: "tracing",
        version: "0.1",
        options: r#"default-features = false, features = ["std"]"#,
        needed: Needed::Always,
        used_for: None,
    },
    Dependency {
        name: "uuid",
        version: "1",
        options: r#"default-features = false, features = ["serde", "std"]"#,
        needed: Needed::Uuid,
        used_for: None,
    },
    Dependency {
        name: "wiremock",
        version: "0.6",
        options: "",
        needed: Needed::Feature("mock"),
        used_for: None,
    },
];

impl Dependency {
    /// Its line in Cargo.toml's `[dependencies]`.
    pub fn toml(&self) -> String {
        let optional = matches!(self.needed, Needed::Feature(_));
        if self.options.is_empty() && !optional {
            return format!("{} = \"{}\"", self.name, self.version);
        }
        let mut table = format!("version = \"{}\"", self.version);
        if !self.options.is_empty() {
            table.push_str(", ");
            table.push_str(self.options);
        }
        if optional {
            table.push_str(", optional = true");
        }
        format!("{} = {{ {table} }}", self.name)
    }
}

/// The names a tag's feature cannot take: the crate's own features and its dependencies.
pub fn feature_names_taken() -> Vec<&'static str> {
    let features = FEATURES.iter().map(|feature| feature.name);
    let dependencies = DEPENDENCIES.iter().map(|dependency| dependency.name);
    features.chain(dependencies).collect()
}

/// A constant of the runtime, as its template defines it (`pub const NAME: T = VALUE;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constant {
    /// A count or a size: an integer, or a product of integers.
    Number(u64),
    /// A `Duration::from_secs(..)` or `Duration::from_millis(..)`.
    Duration(std::time::Duration),
}

impl Constant {
    /// The value of the runtime's public constant `name`, read from its template; `None` when
    /// no template defines one the way this reads.
    pub fn of(name: &str) -> Option<Constant> {
        let start = format!("pub const {name}: ");
        let line = FILES
            .iter()
            .flat_map(|file| file.text.lines())
            .find_map(|line| line.strip_prefix(&start))?;
        let value = line.split_once(" = ")?.1.strip_suffix(';')?.trim();
        if let Some(secs) = value
            .strip_prefix("Duration::from_secs(")
            .and_then(|v| v.strip_suffix(')'))
        {
            return Some(Constant::Duration(std::time::Duration::from_secs(
                secs.parse().ok()?,
            )));
        }
        if let Some(millis) = value
            .strip_prefix("Duration::from_millis(")
            .and_then(|v| v.strip_suffix(')'))
        {
            return Some(Constant::Duration(std::time::Duration::from_millis(
                millis.parse().ok()?,
            )));
        }
        let mut product: u64 = 1;
        for factor in value.split('*') {
            product = product.checked_mul(factor.trim().replace('_', "").parse().ok()?)?;
        }
        Some(Constant::Number(product))
    }
}

/// One variant of the runtime's `Error`, as its template documents it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorVariant {
    /// Its name.
    pub name: String,
    /// Its doc comment, one line, without intra-doc links.
    pub docs: String,
}

/// The variants of the runtime's `Error`, in the order the template declares them.
pub fn error_variants() -> Vec<ErrorVariant> {
    let Some(file) = FILES.iter().find(|file| file.path == "error.rs") else {
        return Vec::new();
    };
    let Ok(syntax) = syn::parse_file(file.text) else {
        return Vec::new();
    };
    syntax
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "Error" => Some(e),
            _ => None,
        })
        .flat_map(|e| &e.variants)
        .map(|variant| ErrorVariant {
            name: variant.ident.to_string(),
            docs: unlink(&doc_text(&variant.attrs)),
        })
        .collect()
}

/// The text of `#[doc]` attributes, joined into one line.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines = attrs.iter().filter_map(|attr| match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value().trim().to_string()),
            _ => None,
        },
        _ => None,
    });
    lines.collect::<Vec<_>>().join(" ")
}

/// Rustdoc's intra-doc links `[text](crate::path)` as their text alone, which reads the same
/// outside the crate's docs.
fn unlink(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("](crate::") {
        let Some(open) = rest[..start].rfind('[') else {
            break;
        };
        let Some(close) = rest[start..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..start]);
        rest = &rest[start + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every `.rs` file under `dir`, relative to `root`, with `/` separators.
    fn rust_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    fn parse(file: &RuntimeFile) -> syn::File {
        syn::parse_file(file.text).unwrap_or_else(|e| panic!("{}: {e}", file.path))
    }

    /// The names a file defines at its top level, each with whether it is `pub`.
    fn items(file: &syn::File) -> Vec<(String, bool)> {
        let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Const(i) => Some((i.ident.to_string(), public(&i.vis))),
                syn::Item::Enum(i) => Some((i.ident.to_string(), public(&i.vis))),
                syn::Item::Fn(i) => Some((i.sig.ident.to_string(), public(&i.vis))),
                syn::Item::Static(i) => Some((i.ident.to_string(), public(&i.vis))),
                syn::Item::Struct(i) => Some((i.ident.to_string(), public(&i.vis))),
                syn::Item::Trait(i) => Some((i.ident.to_string(), public(&i.vis))),
                syn::Item::Type(i) => Some((i.ident.to_string(), public(&i.vis))),
                _ => None,
            })
            .collect()
    }

    /// The methods a file gives the type named `ty`, in its inherent `impl` blocks.
    fn methods(file: &syn::File, ty: &str) -> BTreeSet<String> {
        let mut methods = BTreeSet::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let self_ty = block.self_ty.to_token_stream().to_string();
            if block.trait_.is_some() || self_ty != ty {
                continue;
            }
            for item in &block.items {
                if let syn::ImplItem::Fn(f) = item {
                    methods.insert(f.sig.ident.to_string());
                }
            }
        }
        methods
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_table_lists_every_template_once_in_path_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk = Vec::new();
        rust_files(&root, &root, &mut on_disk);
        on_disk.sort();
        let listed: Vec<String> = FILES.iter().map(|f| f.path.to_string()).collect();
        assert_eq!(listed, on_disk);
        for file in FILES {
            let text = std::fs::read_to_string(root.join(file.path)).unwrap();
            assert_eq!(file.text, text, "{}", file.path);
        }
    }

    #[test]
    fn what_ships_is_each_template_up_to_its_tests() {
        let mut tested = 0;
        for file in FILES {
            let shipped = file.shipped();
            assert!(
                shipped.ends_with('\n') && !shipped.ends_with("\n\n"),
                "{}",
                file.path
            );
            assert!(!shipped.contains("cfg(test)"), "{}", file.path);
            syn::parse_file(shipped).unwrap_or_else(|e| panic!("{}: {e}", file.path));
            let Some(tests) = file.text.strip_prefix(shipped) else {
                panic!("{}", file.path);
            };
            if tests.is_empty() {
                continue;
            }
            tested += 1;
            // What is left out is one item, the tests, and nothing after it.
            let syntax: syn::File = syn::parse_str(tests).unwrap();
            let [syn::Item::Mod(module)] = &syntax.items[..] else {
                panic!("{}: more than the tests are left out", file.path);
            };
            assert_eq!(module.ident, "tests", "{}", file.path);
        }
        assert!(
            tested >= 10,
            "the templates' tests were not found ({tested})"
        );
    }

    #[test]
    fn every_listed_name_is_defined_in_its_file() {
        for file in FILES {
            let syntax = parse(file);
            let defined: BTreeSet<String> = items(&syntax).into_iter().map(|(n, _)| n).collect();
            for name in file.exports.iter().chain(file.operation_names) {
                assert!(
                    defined.contains(*name),
                    "{} does not define {name}",
                    file.path
                );
            }
            assert_eq!(
                methods(&syntax, "ClientBuilder"),
                set(file.builder_methods),
                "the methods {} gives ClientBuilder",
                file.path
            );
            assert_eq!(
                methods(&syntax, "Client"),
                set(file.client_methods),
                "the methods {} gives Client",
                file.path
            );
        }
    }

    #[test]
    fn every_public_item_of_a_private_module_is_exported() {
        for file in FILES.iter().filter(|f| !f.public) {
            for (name, public) in items(&parse(file)) {
                assert!(
                    !public || file.exports.contains(&name.as_str()),
                    "{} has `pub` {name}, which the table does not export",
                    file.path
                );
            }
        }
    }

    /// The names a `use` tree brings in, with the submodule they come from.
    fn used(tree: &syn::UseTree, module: Option<String>, out: &mut Vec<(String, String)>) {
        match tree {
            syn::UseTree::Path(path) => {
                let module = module.unwrap_or_else(|| path.ident.to_string());
                used(&path.tree, Some(module), out);
            }
            syn::UseTree::Name(name) => {
                out.push((module.unwrap_or_default(), name.ident.to_string()));
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    used(tree, module.clone(), out);
                }
            }
            _ => panic!("client/mod.rs re-exports names one by one"),
        }
    }

    #[test]
    fn the_client_module_declares_and_reexports_what_the_table_says() {
        let parent = FILES.iter().find(|f| f.path == "client/mod.rs").unwrap();
        let children: Vec<&RuntimeFile> = FILES
            .iter()
            .filter(|f| f.path.starts_with("client/") && f.path != parent.path)
            .collect();
        let syntax = parse(parent);
        let mut declared = Vec::new();
        let (mut public, mut internal) = (Vec::new(), Vec::new());
        for item in &syntax.items {
            match item {
                syn::Item::Mod(m) => {
                    let attrs: Vec<String> = m
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("cfg"))
                        .map(|a| a.to_token_stream().to_string())
                        .collect();
                    declared.push((m.ident.to_string(), attrs));
                }
                syn::Item::Use(u) => {
                    let out = match u.vis {
                        syn::Visibility::Public(_) => &mut public,
                        _ => &mut internal,
                    };
                    used(&u.tree, None, out);
                }
                _ => {}
            }
        }
        let expected: Vec<(String, Vec<String>)> = children
            .iter()
            .map(|f| {
                let name = f.module().trim_start_matches("client::").to_string();
                let cfg = match f.when {
                    When::Feature(feature) => {
                        vec![quote::quote!(#[cfg(feature = #feature)]).to_string()]
                    }
                    When::Always | When::Examples => Vec::new(),
                };
                (name, cfg)
            })
            .collect();
        assert_eq!(declared, expected);
        for file in &children {
            let module = file.module().trim_start_matches("client::").to_string();
            let exported: BTreeSet<String> = public
                .iter()
                .filter(|(m, _)| *m == module)
                .map(|(_, n)| n.clone())
                .collect();
            assert_eq!(exported, set(file.exports), "`pub use {module}`");
            for name in file.operation_names {
                let reexported = exported.contains(*name)
                    || internal.contains(&(module.clone(), name.to_string()));
                assert!(
                    reexported,
                    "client/mod.rs does not re-export {module}::{name}"
                );
            }
        }
    }

    #[test]
    fn the_test_crate_mounts_the_runtime_as_generated_crates_do() {
        let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/lib.rs");
        let syntax = syn::parse_file(&std::fs::read_to_string(lib).unwrap()).unwrap();
        let mut mounted = Vec::new();
        let mut exported = Vec::new();
        for item in &syntax.items {
            match item {
                syn::Item::Mod(m) => {
                    let path = m.attrs.iter().find_map(|a| match &a.meta {
                        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => {
                            Some(nv.value.to_token_stream().to_string())
                        }
                        _ => None,
                    });
                    let public = matches!(m.vis, syn::Visibility::Public(_));
                    mounted.push((m.ident.to_string(), path.unwrap_or_default(), public));
                }
                syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                    used(&u.tree, None, &mut exported);
                }
                _ => {}
            }
        }
        let expected: Vec<(String, String, bool)> = FILES
            .iter()
            .filter(|f| f.top_level())
            .map(|f| {
                let path = format!("\"../../templates/{}\"", f.path);
                (f.module(), path, f.public)
            })
            .collect();
        assert_eq!(mounted, expected);
        let mut exported: Vec<String> = exported.into_iter().map(|(_, name)| name).collect();
        exported.sort();
        let mut expected: Vec<String> = FILES
            .iter()
            .flat_map(|f| f.exports.iter().map(|n| n.to_string()))
            .collect();
        expected.sort();
        assert_eq!(exported, expected);
    }

    #[test]
    fn lowering_leaves_the_runtime_its_names() {
        let text = r#"
openapi: 3.0.3
info: {title: Names, version: 1.0.0}
paths:
  /send:
    get:
      operationId: send
      responses: {"204": {description: sent}}
  /request:
    get:
      operationId: request
      responses: {"204": {description: done}}
components:
  securitySchemes:
    credential: {type: http, scheme: bearer}
security: [{credential: []}]
"#;
        let spec = crate::load::parse(text, "names.yaml").unwrap();
        let (api, _) = crate::lower::lower_with_warnings(&spec, "names.yaml").unwrap();
        let named = |name: &str| api.operations.iter().find(|op| op.path_template == name);
        // `Client::send` and the operations module's `Request` are the runtime's.
        let send = named("/send").unwrap();
        assert!(client_methods().contains(&"send"));
        assert_eq!(send.name, "send2");
        let request = named("/request").unwrap();
        assert!(operation_names().contains(&"Request"));
        assert_eq!(request.builder, "Request2");
        // `ClientBuilder::credential` is the runtime's.
        assert!(builder_methods().contains(&"credential"));
        assert_eq!(api.security_schemes[0].method, "credential2");
    }
}
