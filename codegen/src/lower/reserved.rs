//! Names of the runtime (`codegen/templates/`) that names lowered from the spec must not take.

/// Names the operations module uses, which a request builder type must not take.
pub(super) const BUILDER_RESERVED: &[&str] = &[
    "ApiResponse",
    "Box",
    "Client",
    "ClientBuilder",
    "Credential",
    "Error",
    "Future",
    "IntoFuture",
    "Method",
    "Multipart",
    "Option",
    "PathPiece",
    "Pin",
    "QueryStyle",
    "Result",
    "Scheme",
    "SchemeKind",
    "Secret",
    "Send",
    "String",
    "Vec",
];

/// Builder methods of the runtime that a security scheme's setter must not shadow.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "timeout",
    "connect_timeout",
    "user_agent",
    "max_retries",
    "max_retry_delay",
    "deadline",
    "server_variable",
    "build_blocking",
    "retry",
    "http_client",
    "build",
    "header",
];

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
    "prepare",
    "decode",
    "error",
    "header",
    "extras",
    "items",
];

/// Methods of the runtime's `Client` that an operation's method must not shadow.
pub(super) const CLIENT_METHODS: &[&str] =
    &["new", "builder", "base_url", "http_client", "clone", "fmt"];
