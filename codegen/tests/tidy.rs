//! Tidy: every module of the generator stays small enough to read. No file of `src/` holds more
//! than [`MAX_FILE_LINES`] lines outside its `#[cfg(test)]` items, no function more than
//! [`MAX_FN_LINES`], and every file opens with a `//!` line saying what it is for.
//!
//! `cargo test -p codegen --test tidy -- --nocapture` also prints the largest files and the
//! longest functions.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Lines a file may hold outside its tests.
const MAX_FILE_LINES: usize = 600;

/// Lines a function may span, from its signature to its closing brace.
const MAX_FN_LINES: usize = 120;

/// One function's length.
struct Function {
    file: String,
    name: String,
    lines: usize,
}

/// One file's measure.
struct File {
    path: String,
    lines: usize,
    functions: Vec<Function>,
    opens_with_doc: bool,
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

/// The lines from `start` to `end`, both counted.
fn span_lines(start: proc_macro2::Span, end: proc_macro2::Span) -> usize {
    end.end().line + 1 - start.start().line
}

/// The first line an item takes, its attributes included.
fn first_span(attrs: &[syn::Attribute], item: proc_macro2::Span) -> proc_macro2::Span {
    attrs.first().map_or(item, |attr| attr.pound_token.span)
}

/// Walks the items of a file: the lines its tests take, and the length of each function.
struct Walk<'a> {
    file: &'a str,
    test_lines: usize,
    functions: Vec<Function>,
}

impl Walk<'_> {
    fn items(&mut self, items: &[syn::Item], prefix: &str) {
        use syn::spanned::Spanned;
        for item in items {
            match item {
                syn::Item::Mod(m) if is_test(&m.attrs) => {
                    self.test_lines +=
                        span_lines(first_span(&m.attrs, m.mod_token.span), item.span());
                }
                syn::Item::Fn(f) if is_test(&f.attrs) => {
                    self.test_lines += span_lines(
                        first_span(&f.attrs, f.sig.fn_token.span),
                        f.block.brace_token.span.close(),
                    );
                }
                syn::Item::Impl(i) if is_test(&i.attrs) => {
                    self.test_lines += span_lines(
                        first_span(&i.attrs, i.impl_token.span),
                        i.brace_token.span.close(),
                    );
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.items(items, &format!("{prefix}{}::", m.ident));
                    }
                }
                syn::Item::Fn(f) => {
                    self.function(&format!("{prefix}{}", f.sig.ident), &f.sig, &f.block)
                }
                syn::Item::Impl(i) => {
                    let ty = &i.self_ty;
                    let ty = quote::quote!(#ty).to_string().replace(' ', "");
                    for member in &i.items {
                        if let syn::ImplItem::Fn(f) = member {
                            self.function(
                                &format!("{prefix}{ty}::{}", f.sig.ident),
                                &f.sig,
                                &f.block,
                            );
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for member in &t.items {
                        if let syn::TraitItem::Fn(f) = member
                            && let Some(block) = &f.default
                        {
                            self.function(
                                &format!("{prefix}{}::{}", t.ident, f.sig.ident),
                                &f.sig,
                                block,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn function(&mut self, name: &str, sig: &syn::Signature, block: &syn::Block) {
        use syn::spanned::Spanned;
        self.functions.push(Function {
            file: self.file.to_string(),
            name: name.to_string(),
            lines: span_lines(sig.span(), block.brace_token.span.close()),
        });
    }
}

fn measure() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    source_files(&src, &mut paths);
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a source file is readable");
            let name = path
                .strip_prefix(&src)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let syntax = syn::parse_file(&text)
                .unwrap_or_else(|error| panic!("{name} does not parse: {error}"));
            let mut walk = Walk {
                file: &name,
                test_lines: 0,
                functions: Vec::new(),
            };
            walk.items(&syntax.items, "");
            File {
                lines: text.lines().count() - walk.test_lines,
                functions: walk.functions,
                opens_with_doc: text.starts_with("//!"),
                path: name,
            }
        })
        .collect()
}

#[test]
fn every_file_and_function_is_short_enough_to_read() {
    let files = measure();
    let mut offences = String::new();
    for file in &files {
        if file.lines > MAX_FILE_LINES {
            let _ = writeln!(
                offences,
                "src/{}: {} lines outside its tests (at most {MAX_FILE_LINES})",
                file.path, file.lines
            );
        }
        for function in file.functions.iter().filter(|f| f.lines > MAX_FN_LINES) {
            let _ = writeln!(
                offences,
                "src/{}: `{}` is {} lines long (at most {MAX_FN_LINES})",
                function.file, function.name, function.lines
            );
        }
    }
    assert!(offences.is_empty(), "split these:\n{offences}");
}

#[test]
fn every_file_opens_with_a_line_saying_what_it_is_for() {
    let missing: Vec<String> = measure()
        .into_iter()
        .filter(|file| !file.opens_with_doc)
        .map(|file| file.path)
        .collect();
    assert!(missing.is_empty(), "no `//!` first line: {missing:?}");
}

/// Prints the largest files and the longest functions (seen with `--nocapture`).
#[test]
fn print_the_largest_files_and_the_longest_functions() {
    let mut files = measure();
    files.sort_by_key(|file| std::cmp::Reverse(file.lines));
    let mut functions: Vec<&Function> = files.iter().flat_map(|file| &file.functions).collect();
    functions.sort_by_key(|function| std::cmp::Reverse(function.lines));
    let mut out = String::from("lines outside tests, by file:\n");
    for file in files.iter().take(25) {
        let _ = writeln!(out, "{:6}  src/{}", file.lines, file.path);
    }
    out.push_str("longest functions:\n");
    for function in functions.iter().take(25) {
        let _ = writeln!(
            out,
            "{:6}  src/{}: {}",
            function.lines, function.file, function.name
        );
    }
    println!("{out}");
}
