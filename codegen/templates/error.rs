//! The one error type of the client: what went wrong with a request, and what is known of it.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;

/// The most bytes of a response body shown in an error message.
const SNIPPET_LEN: usize = 200;

/// Everything that can go wrong with a request.
///
/// `E` is the type of the error bodies the API documents for the operation;
/// [`Undocumented`] when it documents none.
#[non_exhaustive]
pub enum Error<E = Undocumented> {
    /// The request could not be built, so it was not sent: a parameter that cannot be
    /// written in a URL or header, a missing credential, a bad base URL.
    InvalidRequest(String),
    /// The connection failed, or broke before a whole response arrived.
    Transport(reqwest::Error),
    /// No response came within the configured timeout.
    Timeout,
    /// The server answered with a status that is not a success.
    Status(Box<ApiError<E>>),
    /// The response is a success, but its body is not what the API documents.
    Decode(Box<DecodeError>),
    /// A streamed response broke off inside an item, or an item's framing is wrong; the
    /// message names the item.
    Stream(String),
    /// The response body is larger than the client reads into memory
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)); it was not
    /// read further. `send_stream()` reads a download of any size.
    BodyTooLarge {
        /// The status of the response.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The documented error body, when the server sent one that decoded.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Status(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// Whether trying the same request again later may succeed: timeouts, connection
    /// failures, 408, 429 and 5xx other than 501. (The client already retries where that is
    /// safe; this is for callers with their own policy.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Transport(_) => true,
            Error::Status(e) => crate::client::is_retryable_status(e.status),
            _ => false,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }

    /// Turns the error body type into another one, keeping everything else.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout => Error::Timeout,
            Error::Status(e) => {
                let ApiError {
                    status,
                    headers,
                    body,
                    raw,
                } = *e;
                Error::Status(Box::new(ApiError {
                    status,
                    headers,
                    body: body.map(f),
                    raw,
                }))
            }
            Error::Decode(e) => Error::Decode(e),
            Error::Stream(m) => Error::Stream(m),
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(e) => {
                write!(f, "request failed: {e}")?;
                causes(e, f)
            }
            Error::Timeout => write!(f, "request timed out"),
            Error::Status(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Stream(message) => write!(f, "broken stream: {message}"),
            Error::BodyTooLarge { status, limit } => write!(
                f,
                "the response body (status {status}) is larger than the limit of {limit} bytes; raise it with `ClientBuilder::max_body_size`"
            ),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Status(e) => f.debug_tuple("Status").field(e).finish(),
            Error::Decode(e) => f.debug_tuple("Decode").field(e).finish(),
            Error::Stream(m) => f.debug_tuple("Stream").field(m).finish(),
            Error::BodyTooLarge { status, limit } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Writes the causes of a transport error after it, each as `: cause`: reqwest's own message
/// is general ("error sending request"), and what went wrong (connection refused, a DNS
/// error, a certificate refused) is in them. They hold no URL, no header and no body, so no
/// credential. A cause whose text is already written (layers that repeat the one below
/// them) is not written again.
fn causes(error: &reqwest::Error, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut written = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        let text = current.to_string();
        if !written.contains(&text) {
            write!(f, ": {text}")?;
            written.push_str(&text);
        }
        cause = current.source();
    }
    Ok(())
}

/// A response whose status is not a success.
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The response headers (a request id, `Retry-After`, ...).
    pub headers: HeaderMap,
    /// The body decoded as the API documents it for this status, when it did decode.
    pub body: Option<E>,
    /// The body as received, at most [`crate::client::MAX_ERROR_BODY`] bytes.
    pub raw: Vec<u8>,
}

impl<E> ApiError<E> {
    /// The raw body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server answered {}", self.status)?;
        if !self.raw.is_empty() {
            write!(f, ": {}", snippet(&self.raw))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("raw", &snippet(&self.raw))
            .finish()
    }
}

/// A success response whose body does not decode into the documented type.
#[derive(Debug)]
pub struct DecodeError {
    /// The status of the response.
    pub status: StatusCode,
    /// Where in the body decoding failed, as a path (`data.client.createdAt`); `.` for the
    /// top level.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The start of the body, at most 200 characters.
    pub snippet: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the response body (status {}) at `{}`: {}; the body starts with: {}",
            self.status, self.path, self.message, self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}

/// The error body type of operations whose errors the API does not document; it has no
/// values, so [`Error::body`] is always `None` and the raw body is in [`ApiError::raw`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented {}

/// The first characters of a body, on one line, for messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .take(SNIPPET_LEN)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > SNIPPET_LEN {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_bounded_and_on_one_line() {
        let long = "x".repeat(1000);
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_LEN + 1);
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"a\nb"), "a b");
    }

    /// The message of the transport error of a GET of `url` with a credential in its query
    /// and in a header, neither of which may show.
    #[cfg(feature = "blocking")]
    fn transport_message(url: &str) -> String {
        #[cfg(feature = "rustls")]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let error = runtime.block_on(async {
            reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap()
                .get(format!("{url}?api_key=sekrit-query"))
                .header("x-api-key", "sekrit-header")
                .send()
                .await
                .unwrap_err()
        });
        let message = Error::<Undocumented>::Transport(error.without_url()).to_string();
        assert!(!message.contains("sekrit"), "{message}");
        message
    }

    #[test]
    #[cfg(feature = "blocking")]
    fn transport_errors_name_their_cause() {
        // A loopback port that nothing listens on any more.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let message = transport_message(&format!("http://127.0.0.1:{port}/contacts"));
        assert!(message.starts_with("request failed: "), "{message}");
        assert!(
            message.to_lowercase().contains("connection refused"),
            "{message}"
        );
        // `.invalid` never resolves (RFC 2606).
        let message = transport_message("http://recepta.invalid/contacts");
        assert!(message.contains("dns error"), "{message}");
    }

    #[test]
    fn status_error_shows_status_and_body_start() {
        let error: Error = Error::Status(Box::new(ApiError {
            status: StatusCode::UNAUTHORIZED,
            headers: HeaderMap::new(),
            body: None,
            raw: b"{\"message\":\"Invalid API key\"}".to_vec(),
        }));
        assert_eq!(
            error.to_string(),
            "server answered 401 Unauthorized: {\"message\":\"Invalid API key\"}"
        );
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
        assert!(!error.is_retryable());
    }
}
