//! Responses: read whole and decoded, or streamed as they arrive.

use crate::error::{ApiError, DecodeError, Error};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;

/// The most bytes of an error response body that are read and kept.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Reads a response: a success body up to `limit` bytes (past it, the error says so), at
/// most [`MAX_ERROR_BODY`] bytes of another.
pub(super) async fn read_response(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Response, Error> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let too_large = || Error::BodyTooLarge { status, limit };
    let limit = if status.is_success() {
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        limit
    } else {
        MAX_ERROR_BODY
    };
    let mut body = Kept::new(limit, status.is_success());
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if !body.push(&chunk).map_err(|TooLarge| too_large())? {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => return Err(transport(e)),
        }
    }
    let body = body.bytes;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// A success body that goes past the limit.
#[derive(Debug, PartialEq)]
struct TooLarge;

/// What is kept of a body read chunk by chunk: a whole success body of at most `limit` bytes,
/// or the first `limit` bytes of another (an error body is only shown, so its start is enough).
struct Kept {
    bytes: Vec<u8>,
    limit: usize,
    whole: bool,
}

impl Kept {
    fn new(limit: usize, whole: bool) -> Self {
        Kept {
            bytes: Vec::new(),
            limit,
            whole,
        }
    }

    /// Takes the next chunk, and says whether to read on. A body that must be whole is read to
    /// its end, even once it holds `limit` bytes: only the end of the body tells a body of
    /// exactly `limit` bytes from a longer one, which must never be taken, cut, for whole.
    fn push(&mut self, chunk: &[u8]) -> Result<bool, TooLarge> {
        let room = self.limit - self.bytes.len();
        if self.whole {
            if chunk.len() > room {
                return Err(TooLarge);
            }
            self.bytes.extend_from_slice(chunk);
            Ok(true)
        } else {
            self.bytes
                .extend_from_slice(&chunk[..chunk.len().min(room)]);
            Ok(self.bytes.len() < self.limit)
        }
    }
}

/// A decoded response body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers (a request id, rate limit counters, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A response body read as it arrives, chunk by chunk, from `send_stream()`: a download of
/// any size, never held whole in memory. A `futures_core::Stream` of chunks; or call
/// [`ByteStream::chunk`] until it returns `None`.
///
/// The per-attempt timeout ([`ClientBuilder::timeout`]) covers the whole download.
///
/// [`ClientBuilder::timeout`]: crate::ClientBuilder::timeout
pub struct ByteStream {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) response: reqwest::Response,
}

impl ByteStream {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers (`Content-Length`, `Content-Type`, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk of the body; `None` at its end. A connection that breaks before the
    /// end is an [`Error::Transport`], never a short body taken for a whole one.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        self.response.chunk().await.map_err(transport)
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = self.get_mut();
        use std::future::Future as _;
        // `chunk` keeps no state of its own between polls: the body does.
        let next = std::pin::pin!(this.response.chunk());
        next.poll(cx)
            .map(|chunk| chunk.map_err(transport).transpose())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// A whole response, read.
pub(crate) struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[allow(
    dead_code,
    reason = "each API's operations call only the methods they need"
)]
impl Response {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes a JSON body, naming the place where it does not fit.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        self.decode().map_err(|e| Error::Decode(Box::new(e)))
    }

    /// Decodes a JSON body into `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let error = |path: String, message: String| DecodeError {
            status: self.status,
            path,
            message,
            snippet: crate::error::snippet(&self.body),
        };
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let value = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| error(e.path().to_string(), e.inner().to_string()))?;
        deserializer
            .end()
            .map_err(|e| error(".".to_string(), e.to_string()))?;
        Ok(value)
    }

    /// The body as text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.clone()).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                status: self.status,
                path: ".".to_string(),
                message: format!("the body is not UTF-8 text: {e}"),
                snippet: crate::error::snippet(&self.body),
            }))
        })
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// The error for a status that is not a success, with the body decoded by `decode` when
    /// it documents one for this status.
    pub fn error<E>(&self, decode: impl FnOnce(&Response) -> Option<E>) -> Error<E> {
        Error::Status(Box::new(ApiError {
            status: self.status,
            headers: self.headers.clone(),
            body: decode(self),
            raw: self.body.clone(),
        }))
    }

    /// The decoded body with the status and headers.
    pub fn with_body<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        }
    }
}

/// The error for a failure of `reqwest`: a timeout, or a transport error without the URL
/// (whose query may carry a credential).
pub(super) fn transport(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(e.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `chunks` as `read_response` does: the bytes kept, or `TooLarge`.
    fn read(limit: usize, whole: bool, chunks: &[usize]) -> Result<Vec<u8>, TooLarge> {
        let mut kept = Kept::new(limit, whole);
        let mut next = 0u8;
        for &length in chunks {
            let chunk: Vec<u8> = (0..length)
                .map(|_| {
                    next = next.wrapping_add(1);
                    next
                })
                .collect();
            if !kept.push(&chunk)? {
                break;
            }
        }
        Ok(kept.bytes)
    }

    #[test]
    fn success_bodies_are_whole_up_to_the_limit_and_refused_past_it() {
        let limit = 10;
        // One chunk each side of the limit and on it.
        assert_eq!(read(limit, true, &[9]).map(|b| b.len()), Ok(9));
        assert_eq!(read(limit, true, &[10]).map(|b| b.len()), Ok(10));
        assert_eq!(read(limit, true, &[11]), Err(TooLarge));
        // Chunks that end exactly on the limit: whole if the body ends there, refused if
        // anything follows, however small, and however many empty chunks come between.
        assert_eq!(read(limit, true, &[4, 6]).map(|b| b.len()), Ok(10));
        assert_eq!(read(limit, true, &[4, 6, 0]).map(|b| b.len()), Ok(10));
        assert_eq!(read(limit, true, &[4, 6, 1]), Err(TooLarge));
        assert_eq!(read(limit, true, &[4, 6, 0, 1]), Err(TooLarge));
        assert_eq!(read(limit, true, &[5, 5, 5, 5]), Err(TooLarge));
        // Chunks that cross the limit.
        assert_eq!(read(limit, true, &[4, 5]).map(|b| b.len()), Ok(9));
        assert_eq!(read(limit, true, &[4, 7]), Err(TooLarge));
        assert_eq!(read(limit, true, &[9, 1, 1]), Err(TooLarge));
        // What is kept is the body, in order.
        assert_eq!(read(limit, true, &[3, 2]), Ok(vec![1, 2, 3, 4, 5]));
    }

    #[test]
    fn error_bodies_keep_their_start() {
        let limit = 10;
        assert_eq!(read(limit, false, &[9]).map(|b| b.len()), Ok(9));
        assert_eq!(read(limit, false, &[4, 6]).map(|b| b.len()), Ok(10));
        assert_eq!(read(limit, false, &[4, 6, 1]).map(|b| b.len()), Ok(10));
        assert_eq!(
            read(limit, false, &[8, 8]),
            Ok((1..=10).collect::<Vec<u8>>())
        );
    }
}
