//! Names of the runtime (`codegen/templates/`) that names lowered from the spec must not take.

use crate::runtime;

/// Names the operations module uses besides the runtime's: no request builder type may take
/// one.
const BUILDER_TYPES: &[&str] = &[
    "Box",
    "Future",
    "IntoFuture",
    "Method",
    "Option",
    "Pin",
    "Result",
    "Send",
    "String",
    "Vec",
];

/// Names a security scheme's setter must not take besides the runtime's `ClientBuilder`
/// methods.
const BUILDER_METHODS: &[&str] = &["new", "retry", "header"];

/// Names an operation's method must not take besides the runtime's `Client` methods: those of
/// the traits it implements.
const CLIENT_METHODS: &[&str] = &["new", "clone", "fmt"];

/// Names no request builder type may take: [`BUILDER_TYPES`] and the types the operations
/// module uses from the runtime ([`runtime::operation_names`]).
pub(super) fn builder_types() -> Vec<&'static str> {
    with_runtime(BUILDER_TYPES, runtime::operation_names())
}

/// Names no security scheme's setter may take: [`BUILDER_METHODS`] and the runtime's
/// `ClientBuilder` methods ([`runtime::builder_methods`]).
pub(super) fn builder_methods() -> Vec<&'static str> {
    with_runtime(BUILDER_METHODS, runtime::builder_methods())
}

/// Names no operation's method may take: [`CLIENT_METHODS`] and the runtime's `Client`
/// methods ([`runtime::client_methods`]).
pub(super) fn client_methods() -> Vec<&'static str> {
    with_runtime(CLIENT_METHODS, runtime::client_methods())
}

fn with_runtime(names: &[&'static str], runtime: Vec<&'static str>) -> Vec<&'static str> {
    names.iter().copied().chain(runtime).collect()
}

/// Names a parameter (an argument, a field and a setter of the request builder) must not
/// take: the builder's own fields and methods.
pub(super) const REQUEST_BUILDER_NAMES: &[&str] = &[
    "self",
    "body",
    "client",
    "request",
    "response",
    "url",
    "send",
    "send_with_response",
    "send_blocking",
    "send_stream",
    "send_stream_blocking",
    "send_events",
    "send_events_blocking",
    "send_lines",
    "send_lines_blocking",
    "prepare",
    "decode",
    "error",
    "header",
    "extras",
    "items",
    "items_blocking",
];
