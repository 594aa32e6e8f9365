//! The HTTP client: configuration, credentials, retries, and the request/response cycle that
//! every operation method goes through.

mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod builder;
mod events;
mod multipart;
mod pagination;
mod params;
mod request;
mod response;
mod retry;
mod send;
mod upload;

pub use auth::Secret;
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use auth::{Credential, Scheme, SchemeKind};
#[cfg(feature = "blocking")]
pub use blocking::{BlockingClient, BlockingStream};
pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_DELAY, DEFAULT_TIMEOUT,
};
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use builder::{ServerTemplate, ServerVariable};
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use events::{json_item, text_item, Framing};
pub use events::{Event, EventStream, LineStream};
pub use multipart::{FilePart, Multipart};
pub use pagination::Paginated;
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use pagination::{count, paginate, Page};
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use params::{path_param, PathStyle, QueryStyle};
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use request::{Extras, Operation, PathPiece, Request};
#[allow(
    unused_imports,
    reason = "generated code uses these; an API may not need each"
)]
pub(crate) use response::Response;
pub use response::{ApiResponse, ByteStream, MAX_ERROR_BODY};
pub(crate) use retry::is_retryable_status;
pub use send::Client;
pub use upload::Upload;
