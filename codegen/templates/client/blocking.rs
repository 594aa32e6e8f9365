//! The client for programs without an async runtime (the `blocking` feature).

use super::send::Client;
use std::fmt;

/// A runtime that shuts down without waiting when dropped, so a blocking client can be
/// dropped anywhere, inside async code too (where dropping a runtime otherwise panics).
#[cfg(feature = "blocking")]
pub(super) struct BlockingRuntime(pub(super) Option<tokio::runtime::Runtime>);

#[cfg(feature = "blocking")]
impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// The API client for programs without an async runtime (the `blocking` feature), from
/// [`ClientBuilder::build_blocking`]. Cheap to clone: clones share one connection pool.
///
/// It has every operation method of [`Client`]; send the requests it starts with
/// `send_blocking()`. Its connections belong to a runtime on a thread of its own, never to
/// the app's: blocking and async requests cannot get in each other's way, and it can be
/// dropped anywhere.
///
/// [`ClientBuilder::build_blocking`]: crate::ClientBuilder::build_blocking
#[cfg(feature = "blocking")]
#[derive(Clone)]
pub struct BlockingClient {
    pub(super) client: Client,
}

#[cfg(feature = "blocking")]
impl std::ops::Deref for BlockingClient {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

#[cfg(feature = "blocking")]
impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BlockingClient").field(&self.client).finish()
    }
}
