//! The client for programs without an async runtime (the `blocking` feature).

use super::send::Client;
use crate::error::Error;
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

thread_local! {
    /// Whether this thread is driving a future on a blocking client's runtime: its requests
    /// are then the blocking client's own, not async ones.
    static DRIVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is driving a future on a blocking client's runtime.
pub(super) fn driving() -> bool {
    DRIVING.with(std::cell::Cell::get)
}

impl Client {
    /// Runs `future` to its end on the runtime of a [`BlockingClient`]; `None` for an async
    /// client, which has none.
    ///
    /// Inside an app's runtime (in a `spawn_blocking` task, say), where tokio lets no
    /// runtime be blocked on, the future is driven from a thread of its own while this one
    /// waits.
    fn drive<F>(&self, future: F) -> Option<F::Output>
    where
        F: std::future::Future + Send,
        F::Output: Send,
    {
        let runtime = self.inner.runtime.as_ref().and_then(|r| r.0.as_ref())?;
        let run = || {
            DRIVING.with(|driving| driving.set(true));
            let output = runtime.block_on(future);
            DRIVING.with(|driving| driving.set(false));
            output
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return Some(run());
        }
        Some(std::thread::scope(|scope| {
            scope
                .spawn(run)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }))
    }

    /// What the `_blocking` methods that open a stream run: `future` to its end on the
    /// runtime of a [`BlockingClient`]. An async client's requests are refused.
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    pub(crate) fn block_on<T: Send, E: Send>(
        &self,
        future: impl std::future::Future<Output = Result<T, Error<E>>> + Send,
    ) -> Result<T, Error<E>> {
        self.drive(future).unwrap_or_else(|| Err(not_blocking()))
    }
}

/// The error for a blocking method called on an async client.
fn not_blocking<E>() -> Error<E> {
    Error::InvalidRequest(
        "`_blocking` methods need a client from `ClientBuilder::build_blocking`; with this async client, await the async method".to_string(),
    )
}

/// A stream read as an iterator, without an async runtime: what the `_blocking` methods of
/// requests return for `send_stream()`, `items()`, `send_events()` and `send_lines()`.
/// Each `next()` waits for the next item on the [`BlockingClient`]'s runtime.
pub struct BlockingStream<S> {
    client: Client,
    stream: S,
    /// An error ended it: nothing more comes.
    over: bool,
}

impl<S> BlockingStream<S> {
    /// `stream`, read on `client`'s runtime.
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    pub(crate) fn new(client: &Client, stream: S) -> Self {
        BlockingStream {
            client: client.clone(),
            stream,
            over: false,
        }
    }

    /// The stream, to read the rest of it asynchronously or to ask it for its status and
    /// headers.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }
}

impl<S, T, E> Iterator for BlockingStream<S>
where
    S: futures_core::Stream<Item = Result<T, Error<E>>> + Unpin + Send,
    T: Send,
    E: Send,
{
    type Item = Result<T, Error<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.over {
            return None;
        }
        let stream = &mut self.stream;
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx));
        match self.client.drive(next) {
            Some(item) => item,
            None => {
                self.over = true;
                Some(Err(not_blocking()))
            }
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for BlockingStream<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BlockingStream").field(&self.stream).finish()
    }
}
