//! Bodies sent as they are: bytes in memory, a file or a stream.

use std::fmt;

/// A body sent as it is (`application/octet-stream`, `image/png`, ...): bytes in memory, or
/// a file or a stream, which is sent as it is read and never loaded whole.
///
/// A request whose body is a file or a stream is not retried: its body is sent once.
pub struct Upload {
    pub(super) kind: UploadKind,
}

pub(super) enum UploadKind {
    Bytes(bytes::Bytes),
    Once {
        body: std::sync::Mutex<Option<reqwest::Body>>,
        length: Option<u64>,
    },
}

impl Upload {
    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<bytes::Bytes>) -> Self {
        Upload {
            kind: UploadKind::Bytes(bytes.into()),
        }
    }

    /// A file, read as it is sent; its size is sent as `Content-Length`.
    pub fn file(file: std::fs::File) -> std::io::Result<Self> {
        let length = file.metadata()?.len();
        let body = reqwest::Body::from(tokio::fs::File::from_std(file));
        Ok(Upload::once(body, Some(length)))
    }

    /// A stream of chunks (`Bytes`, `Vec<u8>`, `String`, ...), sent as they come, with
    /// chunked transfer encoding; an error of the stream aborts the request.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        Upload::once(reqwest::Body::wrap_stream(stream), None)
    }

    /// [`Upload::stream`] of a known total size, sent as `Content-Length`.
    pub fn stream_with_length<S>(stream: S, length: u64) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        Upload::once(reqwest::Body::wrap_stream(stream), Some(length))
    }

    fn once(body: reqwest::Body, length: Option<u64>) -> Self {
        Upload {
            kind: UploadKind::Once {
                body: std::sync::Mutex::new(Some(body)),
                length,
            },
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload::bytes(bytes::Bytes::copy_from_slice(bytes))
    }
}

impl From<bytes::Bytes> for Upload {
    fn from(bytes: bytes::Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            UploadKind::Bytes(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            UploadKind::Once {
                length: Some(length),
                ..
            } => write!(f, "Upload(stream of {length} bytes)"),
            UploadKind::Once { length: None, .. } => f.write_str("Upload(stream)"),
        }
    }
}
