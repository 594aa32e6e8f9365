//! The runtime that every generated crate carries (`codegen/templates/`), built as a crate of
//! its own: its unit tests run here rather than in every generated crate, and clippy sees it
//! with no generated code around it, so whatever an API may leave unused is known to be
//! allowed to be.
//!
//! The modules sit where a generated crate's `lib.rs` declares them, and the crate root holds
//! what they expect of it. `codegen`'s tests check this file against `codegen::runtime::FILES`.

#![deny(missing_docs)]

#[path = "../../templates/client/mod.rs"]
mod client;
#[path = "../../templates/error.rs"]
mod error;
#[cfg(feature = "mock")]
#[path = "../../templates/mock.rs"]
pub mod mock;
#[path = "../../templates/nullable.rs"]
mod nullable;
#[cfg(test)]
#[path = "../../templates/round_trip.rs"]
mod round_trip;
#[path = "../../templates/tagged.rs"]
mod tagged;
#[path = "../../templates/untagged.rs"]
mod untagged;
#[path = "../../templates/wire.rs"]
mod wire;

pub use client::{
    ApiResponse, ByteStream, Client, ClientBuilder, Event, EventStream, FilePart, LineStream,
    Multipart, Paginated, Secret, Upload, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY, DEFAULT_TIMEOUT, MAX_ERROR_BODY,
};
#[cfg(feature = "blocking")]
pub use client::{BlockingClient, BlockingStream};
pub use error::{ApiError, DecodeError, Error, Undocumented};
pub use nullable::Nullable;

/// The API's default base URL: none here, as for a spec without servers.
pub const DEFAULT_BASE_URL: Option<&str> = None;

/// The first server's URL template and its variables: none here.
const SERVER: Option<client::ServerTemplate> = None;
