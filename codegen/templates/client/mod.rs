//! The HTTP client: configuration, credentials, retries, and the request/response cycle that
//! every operation method goes through.

// The same runtime serves every API; a given one uses only part of it (no query
// parameters, no basic auth, ...), and the rest must not warn.
#![allow(dead_code, unused_imports)]

mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod builder;
mod multipart;
mod pagination;
mod params;
mod request;
mod response;
mod retry;
mod send;
mod upload;

pub use auth::Secret;
pub(crate) use auth::{Credential, Scheme, SchemeKind};
#[cfg(feature = "blocking")]
pub use blocking::BlockingClient;
pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_DELAY, DEFAULT_TIMEOUT,
};
pub(crate) use builder::{ServerTemplate, ServerVariable};
pub use multipart::{FilePart, Multipart};
pub use pagination::Paginated;
pub(crate) use pagination::{count, paginate, Page};
pub(crate) use params::{path_param, QueryStyle};
pub(crate) use request::{Extras, Operation, PathPiece, Request};
pub(crate) use response::Response;
pub use response::{ApiResponse, ByteStream, MAX_ERROR_BODY};
pub(crate) use retry::is_retryable_status;
pub use send::Client;
pub use upload::Upload;
