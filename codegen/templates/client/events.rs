//! Streamed answers read item by item as they arrive: server-sent events
//! (`text/event-stream`), JSON Lines and NDJSON, and JSON text sequences
//! (`application/json-seq`), each item decoded into the API's type.

use crate::error::{DecodeError, Error};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The `data` of the event that ends a stream of server-sent events in OpenAI-style APIs.
const DONE: &[u8] = b"[DONE]";

/// The record separator that starts each record of a JSON text sequence (RFC 7464).
const RS: u8 = 0x1e;

/// The byte order mark a stream may start with, which is not part of its first line.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// One server-sent event, its `data` decoded, with the fields that came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's `data` (its `data:` lines joined with `\n`), decoded.
    pub data: T,
    /// Its type (`event:`); `None` for the default type, `message`.
    pub event: Option<String>,
    /// The last event id the stream set (`id:`), by this event or an earlier one: what a
    /// client resuming the stream sends as `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the server asked for (`retry:`), in milliseconds, when it did
    /// since the previous event.
    pub retry: Option<u64>,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "generated operations use these; an API may have no stream of each kind"
)]
pub(crate) enum Framing {
    /// Server-sent events, parsed as the WHATWG HTML standard says.
    Sse,
    /// One JSON text per line (JSON Lines, NDJSON); blank lines are skipped.
    Lines,
    /// JSON text sequences (RFC 7464): each record starts with RS and ends with LF.
    JsonSeq,
}

impl Framing {
    /// What one item is called in messages.
    fn item(self) -> &'static str {
        match self {
            Framing::Sse => "event",
            Framing::Lines => "line",
            Framing::JsonSeq => "record",
        }
    }
}

/// An item cut from the body, not yet decoded.
#[derive(Debug, PartialEq)]
struct Raw {
    /// Where its bytes are in [`Frames::items`].
    data: std::ops::Range<usize>,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
    /// Its number in the stream, from 1.
    number: u64,
}

/// What is wrong with a stream's framing.
#[derive(Debug, PartialEq)]
enum Broken {
    /// One item is larger than the limit; the stream ends there.
    TooLarge,
    /// The body ended inside an item (its number); the stream ends there.
    Cut(u64),
    /// A JSON text sequence's record (its number) does not end with LF, so it may be cut.
    Truncated(u64),
}

/// The incremental parser: takes the body chunk by chunk, cut anywhere (inside a line, a
/// CRLF or a UTF-8 sequence), and gives the items whose last byte has arrived.
struct Frames {
    framing: Framing,
    /// The most bytes one item may hold.
    limit: usize,
    /// The line (or record) whose end has not arrived yet.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF that starts the next one ends no other line.
    after_cr: bool,
    /// No line has ended yet: the first may start with a BOM.
    first: bool,
    /// The event being read: its data lines, each followed by LF.
    data: Vec<u8>,
    event: Option<String>,
    retry: Option<u64>,
    /// The last event id set, which every later event carries.
    last_id: Option<String>,
    /// A field of an event not yet dispatched has been read.
    started: bool,
    /// The bytes of the event being read so far.
    size: usize,
    /// Items found so far.
    count: u64,
    ready: VecDeque<Result<Raw, Broken>>,
    /// The bytes of the items in `ready`, one after the other: a buffer used again and again
    /// rather than one allocation per item.
    items: Vec<u8>,
    /// The stream ended (`[DONE]`, or a framing error that ends it): nothing more is read.
    over: bool,
}

impl Frames {
    fn new(framing: Framing, limit: usize) -> Self {
        Frames {
            framing,
            limit,
            line: Vec::new(),
            after_cr: false,
            first: true,
            data: Vec::new(),
            event: None,
            retry: None,
            last_id: None,
            started: false,
            size: 0,
            count: 0,
            ready: VecDeque::new(),
            items: Vec::new(),
            over: false,
        }
    }

    /// The next item found, in order; its bytes are [`Frames::bytes`] until the next call.
    fn next(&mut self) -> Option<Result<Raw, Broken>> {
        if self.ready.is_empty() {
            self.items.clear();
        }
        self.ready.pop_front()
    }

    /// The bytes of an item [`Frames::next`] gave.
    fn bytes(&self, raw: &Raw) -> &[u8] {
        &self.items[raw.data.clone()]
    }

    /// Keeps an item's bytes with the others; where they are.
    fn store(&mut self, data: &[u8]) -> std::ops::Range<usize> {
        let start = self.items.len();
        self.items.extend_from_slice(data);
        start..self.items.len()
    }

    /// Ends the stream with `broken` as its last item.
    fn break_off(&mut self, broken: Broken) {
        self.ready.push_back(Err(broken));
        self.over = true;
    }

    /// Takes the next chunk of the body.
    fn push(&mut self, chunk: &[u8]) {
        if self.over {
            return;
        }
        match self.framing {
            Framing::JsonSeq => self.push_records(chunk),
            Framing::Sse | Framing::Lines => self.push_lines(chunk),
        }
    }

    /// Lines end at CR, LF or CRLF; a CRLF may be split between two chunks.
    fn push_lines(&mut self, mut chunk: &[u8]) {
        if std::mem::take(&mut self.after_cr) && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        while let Some(end) = line_end(chunk) {
            let cr = chunk[end] == b'\r';
            if self.line.is_empty() {
                self.line_ended(&chunk[..end]);
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&chunk[..end]);
                self.line_ended(&line);
                line.clear();
                self.line = line;
            }
            chunk = &chunk[end + 1..];
            if cr {
                match chunk.first() {
                    Some(b'\n') => chunk = &chunk[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            if self.over {
                return;
            }
        }
        self.keep(chunk);
    }

    /// Keeps the start of a line or record whose end has not arrived, within the limit.
    fn keep(&mut self, part: &[u8]) {
        if self.size + self.line.len() + part.len() > self.limit {
            self.break_off(Broken::TooLarge);
        } else {
            self.line.extend_from_slice(part);
        }
    }

    /// A whole line, without its end.
    fn line_ended(&mut self, line: &[u8]) {
        let line = if std::mem::take(&mut self.first) {
            line.strip_prefix(BOM).unwrap_or(line)
        } else {
            line
        };
        match self.framing {
            Framing::Sse => self.sse_line(line),
            Framing::Lines | Framing::JsonSeq => {
                if !line.iter().all(u8::is_ascii_whitespace) {
                    self.found(line);
                }
            }
        }
    }

    /// A line of server-sent events: a field, a comment, or the blank line that dispatches
    /// the event.
    fn sse_line(&mut self, line: &[u8]) {
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line[0] == b':' {
            return;
        }
        self.size += line.len() + 1;
        if self.size > self.limit {
            self.break_off(Broken::TooLarge);
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" => {
                // An id with NUL is ignored, as the standard says; an empty one clears it.
                if value.is_empty() {
                    self.last_id = None;
                } else if !value.contains(&0) {
                    // The last id's buffer is used again: most streams give every event an id.
                    let id = self.last_id.get_or_insert_with(String::new);
                    id.clear();
                    id.push_str(&String::from_utf8_lossy(value));
                }
            }
            b"retry" => {
                if !value.is_empty() && value.iter().all(u8::is_ascii_digit) {
                    self.retry = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
                }
            }
            // Fields the standard does not define are ignored.
            _ => return,
        }
        self.started = true;
    }

    /// The blank line: the event read so far, when it has data, is found.
    fn dispatch(&mut self) {
        self.started = false;
        self.size = 0;
        let event = self.event.take().filter(|e| !e.is_empty());
        if self.data.is_empty() {
            return;
        }
        self.data.pop();
        if self.data == DONE {
            self.over = true;
            return;
        }
        let data = std::mem::take(&mut self.data);
        let range = self.store(&data);
        // The buffer, emptied, serves the next event.
        self.data = data;
        self.data.clear();
        let data = range;
        self.count += 1;
        self.ready.push_back(Ok(Raw {
            data,
            event,
            id: self.last_id.clone(),
            retry: self.retry.take(),
            number: self.count,
        }));
    }

    /// An item of JSON Lines or a JSON text sequence.
    fn found(&mut self, data: &[u8]) {
        if data.len() > self.limit {
            self.break_off(Broken::TooLarge);
            return;
        }
        let data = self.store(data);
        self.count += 1;
        self.ready.push_back(Ok(Raw {
            data,
            event: None,
            id: None,
            retry: None,
            number: self.count,
        }));
    }

    /// Records of a JSON text sequence start with RS.
    fn push_records(&mut self, mut chunk: &[u8]) {
        while let Some(rs) = chunk.iter().position(|&b| b == RS) {
            self.keep(&chunk[..rs]);
            if self.over {
                return;
            }
            let record = std::mem::take(&mut self.line);
            self.record_ended(record);
            chunk = &chunk[rs + 1..];
        }
        self.keep(chunk);
    }

    /// A record, from after its RS to the next RS or the end of the body.
    fn record_ended(&mut self, record: Vec<u8>) {
        if record.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        if record.ends_with(b"\n") {
            self.found(&record);
        } else {
            self.count += 1;
            self.ready.push_back(Err(Broken::Truncated(self.count)));
        }
    }

    /// The end of the body: what is left is the last item, or an item cut short.
    fn finish(&mut self) {
        if self.over {
            return;
        }
        let rest = std::mem::take(&mut self.line);
        match self.framing {
            Framing::Sse => {
                // An event not dispatched, or a field line not ended: the body was cut.
                let partial_field = !rest.is_empty() && rest[0] != b':';
                if self.started || partial_field {
                    self.break_off(Broken::Cut(self.count + 1));
                }
            }
            // The last line of JSON Lines may lack its LF; a cut one does not decode.
            Framing::Lines => self.line_ended(&rest),
            Framing::JsonSeq => self.record_ended(rest),
        }
        self.over = true;
    }
}

/// Where the first CR or LF of `bytes` is: eight bytes at a time, then one by one.
fn line_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `word` is zero exactly where this has its high bit set, or before such a byte.
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut start = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        if zero(word ^ (ONES * u64::from(b'\n'))) | zero(word ^ (ONES * u64::from(b'\r'))) != 0 {
            break;
        }
        start += 8;
    }
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|at| start + at)
}

/// Decodes one item's bytes; on failure, where and what went wrong.
pub(crate) type Decode<T> = fn(&[u8]) -> Result<T, (String, String)>;

/// Decodes an item as JSON, naming the place where it does not fit.
#[allow(
    dead_code,
    reason = "generated operations use it; an API may have no stream"
)]
pub(crate) fn json_item<T: DeserializeOwned>(data: &[u8]) -> Result<T, (String, String)> {
    // The plain decoder first, on text checked as UTF-8 at once (faster than string by
    // string); only a failure is decoded again to find where it went wrong.
    let decoded = match std::str::from_utf8(data) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(data),
    };
    decoded.map_err(|_| {
        let mut deserializer = serde_json::Deserializer::from_slice(data);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(e) => (e.path().to_string(), e.inner().to_string()),
            Ok(_) => match deserializer.end() {
                Err(e) => (".".to_string(), e.to_string()),
                Ok(()) => (".".to_string(), "the item does not decode".to_string()),
            },
        }
    })
}

/// Takes an item as text, as it is.
#[allow(
    dead_code,
    reason = "generated operations use it; an API may have no stream"
)]
pub(crate) fn text_item(data: &[u8]) -> Result<String, (String, String)> {
    String::from_utf8(data.to_vec()).map_err(|e| (".".to_string(), format!("not UTF-8 text: {e}")))
}

/// The chunks a stream reads.
type Chunks = Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Send>>;

/// Server-sent events as they arrive, each `data` decoded, from a request's
/// `send_events()`: a `futures_core::Stream` of events; or call [`EventStream::next_event`]
/// until it returns `None`.
///
/// Comments and keep-alives are skipped; the stream ends at the end of the body or at a
/// `data: [DONE]` event. A `data` that does not decode is an error item that names the event
/// (its number, type and id), and the events after it are read; an event larger than
/// [`ClientBuilder::max_body_size`], a connection that breaks, or a body that ends inside an
/// event is the stream's last item, an error. The per-attempt timeout
/// ([`ClientBuilder::timeout`]) covers the whole stream.
///
/// [`ClientBuilder::max_body_size`]: crate::ClientBuilder::max_body_size
/// [`ClientBuilder::timeout`]: crate::ClientBuilder::timeout
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    frames: Frames,
    decode: Decode<T>,
    /// The body has ended (or broken).
    ended: bool,
}

impl<T> EventStream<T> {
    /// Items cut from `chunks` as `framing` says and decoded by `decode`.
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        chunks: Chunks,
        framing: Framing,
        decode: Decode<T>,
        limit: usize,
    ) -> Self {
        EventStream {
            status,
            headers,
            chunks,
            frames: Frames::new(framing, limit),
            decode,
            ended: false,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event; `None` after the last one.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    /// The error for an item that does not decode, naming it.
    fn decode_error(&self, raw: &Raw, (path, message): (String, String)) -> Error {
        let data = self.frames.bytes(raw);
        let mut name = format!("{} {}", self.frames.framing.item(), raw.number);
        if let Some(event) = &raw.event {
            name.push_str(&format!(" (`{event}`)"));
        }
        if let Some(id) = &raw.id {
            name.push_str(&format!(" with id `{id}`"));
        }
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            path,
            message: format!("{message}, in {name}"),
            snippet: crate::error::snippet(data),
        }))
    }

    /// The error for a stream whose framing broke.
    fn broken_error(&self, broken: Broken) -> Error {
        let item = self.frames.framing.item();
        match broken {
            Broken::TooLarge => Error::BodyTooLarge {
                status: self.status,
                limit: self.frames.limit,
            },
            Broken::Cut(number) => Error::Stream(format!(
                "the response body ended inside {item} {number}, which is lost"
            )),
            Broken::Truncated(number) => Error::Stream(format!(
                "{item} {number} does not end with a line feed, so it may be cut short"
            )),
        }
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error>>> {
        loop {
            match self.frames.next() {
                Some(Ok(raw)) => {
                    let item = match (self.decode)(self.frames.bytes(&raw)) {
                        Ok(data) => Ok(Event {
                            data,
                            event: raw.event,
                            id: raw.id,
                            retry: raw.retry,
                        }),
                        Err(failure) => Err(self.decode_error(&raw, failure)),
                    };
                    return Poll::Ready(Some(item));
                }
                Some(Err(broken)) => return Poll::Ready(Some(Err(self.broken_error(broken)))),
                None => {}
            }
            if self.ended || self.frames.over {
                return Poll::Ready(None);
            }
            match self.chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.frames.push(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    self.frames.finish();
                }
            }
        }
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    /// Server-sent events read from `chunks`, any source of bytes (a body read another way,
    /// a file, a test's chunks), each `data` decoded as JSON; no event may be larger than
    /// `limit` bytes.
    pub fn from_chunks<S>(chunks: S, limit: usize) -> Self
    where
        S: futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Send + 'static,
    {
        EventStream::new(
            StatusCode::OK,
            HeaderMap::new(),
            Box::pin(chunks),
            Framing::Sse,
            json_item,
            limit,
        )
    }
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Items of JSON Lines, NDJSON or a JSON text sequence as they arrive, each decoded, from a
/// request's `send_lines()`: a `futures_core::Stream` of items; or call
/// [`LineStream::next_item`] until it returns `None`.
///
/// Blank lines are skipped, and the last line may lack its line feed. An item that does not
/// decode is an error item that names it (its number), and the items after it are read; an
/// item larger than [`ClientBuilder::max_body_size`], a connection that breaks, or a JSON
/// text sequence cut inside a record is the stream's last item, an error.
///
/// [`ClientBuilder::max_body_size`]: crate::ClientBuilder::max_body_size
pub struct LineStream<T> {
    events: EventStream<T>,
}

impl<T> LineStream<T> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.events.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.events.headers
    }

    /// The next item; `None` after the last one.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        self.events
            .poll_event(cx)
            .map(|item| item.map(|item| item.map(|event| event.data)))
    }
}

impl<T: DeserializeOwned> LineStream<T> {
    /// JSON Lines read from `chunks`, any source of bytes, each line decoded as JSON; no line
    /// may be larger than `limit` bytes.
    pub fn from_chunks<S>(chunks: S, limit: usize) -> Self
    where
        S: futures_core::Stream<Item = Result<bytes::Bytes, Error>> + Send + 'static,
    {
        LineStream {
            events: EventStream::new(
                StatusCode::OK,
                HeaderMap::new(),
                Box::pin(chunks),
                Framing::Lines,
                json_item,
                limit,
            ),
        }
    }
}

impl<T> From<EventStream<T>> for LineStream<T> {
    fn from(events: EventStream<T>) -> Self {
        LineStream { events }
    }
}

impl<T> futures_core::Stream for LineStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> fmt::Debug for LineStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineStream")
            .field("status", &self.events.status)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `framing` finds in `body` fed in `cuts` (chunk lengths, the rest in the last),
    /// as `(data, event, id, retry)` or the error, up to the end of the body.
    fn parse(framing: Framing, body: &[u8], cuts: &[usize]) -> Vec<String> {
        let mut frames = Frames::new(framing, 1024);
        let mut rest = body;
        for &cut in cuts {
            let (chunk, tail) = rest.split_at(cut.min(rest.len()));
            frames.push(chunk);
            rest = tail;
        }
        frames.push(rest);
        frames.finish();
        let mut out = Vec::new();
        while let Some(item) = frames.next() {
            out.push(match item {
                Ok(raw) => {
                    let mut text = String::from_utf8(frames.bytes(&raw).to_vec()).unwrap();
                    if let Some(event) = raw.event {
                        text.push_str(&format!(" event={event}"));
                    }
                    if let Some(id) = raw.id {
                        text.push_str(&format!(" id={id}"));
                    }
                    if let Some(retry) = raw.retry {
                        text.push_str(&format!(" retry={retry}"));
                    }
                    text
                }
                Err(broken) => format!("{broken:?}"),
            });
        }
        out
    }

    /// `parse`, with the body fed whole, then one byte at a time, then cut at every single
    /// place: each way finds the same.
    fn sse(body: &str) -> Vec<String> {
        let body = body.as_bytes();
        let whole = parse(Framing::Sse, body, &[]);
        assert_eq!(parse(Framing::Sse, body, &vec![1; body.len()]), whole);
        for cut in 0..=body.len() {
            assert_eq!(parse(Framing::Sse, body, &[cut]), whole, "cut at {cut}");
        }
        whole
    }

    #[test]
    fn fields_make_events_at_blank_lines() {
        assert_eq!(
            sse("event: delta\nid: 7\nretry: 1500\ndata: {\"a\":1}\n\ndata: 2\n\n"),
            ["{\"a\":1} event=delta id=7 retry=1500", "2 id=7"]
        );
    }

    #[test]
    fn data_lines_are_joined_with_line_feeds() {
        assert_eq!(sse("data: a\ndata:b\ndata\n\n"), ["a\nb\n"]);
        // One space after the colon is dropped, no more.
        assert_eq!(sse("data:  two\n\n"), [" two"]);
    }

    #[test]
    fn comments_keep_alives_and_unknown_fields_are_skipped() {
        assert_eq!(
            sse(": hello\n\n:\n\nfoo: bar\ndata: x\n: inside\n\n"),
            ["x"]
        );
        // An event without data is not dispatched, and its type does not carry over.
        assert_eq!(sse("event: ping\n\ndata: y\n\n"), ["y"]);
    }

    #[test]
    fn cr_lf_and_crlf_end_lines_even_split_between_chunks() {
        assert_eq!(
            sse("data: a\r\n\r\ndata: b\r\rdata: c\n\n"),
            ["a", "b", "c"]
        );
        // A CR at the end of a chunk, its LF at the start of the next: one line end.
        assert_eq!(parse(Framing::Sse, b"data: a\r\n\r\n", &[8, 1]), ["a"]);
    }

    #[test]
    fn a_bom_is_dropped_and_utf8_split_anywhere_survives() {
        assert_eq!(sse("\u{feff}data: héllo ✓\n\n"), ["héllo ✓"]);
        // A BOM later in the stream is data.
        assert_eq!(sse("data: a\n\n\u{feff}data: b\n\n"), ["a"]);
    }

    #[test]
    fn retry_must_be_digits_and_an_id_with_nul_is_ignored() {
        assert_eq!(sse("retry: 1s\nid: a\0b\ndata: x\n\n"), ["x"]);
        assert_eq!(sse("id: 1\ndata: x\n\nid\ndata: y\n\n"), ["x id=1", "y"]);
    }

    #[test]
    fn done_ends_the_stream() {
        assert_eq!(sse("data: 1\n\ndata: [DONE]\n\ndata: 2\n\n"), ["1"]);
    }

    #[test]
    fn a_body_cut_inside_an_event_is_an_error() {
        assert_eq!(sse("data: 1\n\ndata: 2\n"), ["1", "Cut(2)"]);
        assert_eq!(sse("data: 1\n\ndata: 2"), ["1", "Cut(2)"]);
        // After the last event, a blank line or a comment is no event.
        assert_eq!(sse("data: 1\n\n\n: bye"), ["1"]);
    }

    #[test]
    fn an_event_past_the_limit_ends_the_stream() {
        let mut frames = Frames::new(Framing::Sse, 16);
        frames.push(b"data: 1\n\ndata: 0123456789abcdef\n\ndata: 3\n\n");
        assert!(matches!(frames.next(), Some(Ok(_))));
        assert_eq!(frames.next(), Some(Err(Broken::TooLarge)));
        assert_eq!(frames.next(), None);
        // A line whose end never comes is not kept past the limit.
        let mut frames = Frames::new(Framing::Sse, 16);
        for _ in 0..100 {
            frames.push(b"data: xxxxxxxx");
        }
        assert_eq!(frames.next(), Some(Err(Broken::TooLarge)));
        assert!(frames.line.len() <= 16);
        // Many data lines of one event count together.
        let mut frames = Frames::new(Framing::Sse, 16);
        frames.push(b"data: 123456\ndata: 123456\n\n");
        assert_eq!(frames.next(), Some(Err(Broken::TooLarge)));
    }

    #[test]
    fn line_ends_are_found_in_any_place_of_a_word() {
        for length in 0..20 {
            for at in 0..length {
                for end in [b'\n', b'\r'] {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = end;
                    assert_eq!(line_end(&bytes), Some(at), "{length} {at}");
                }
            }
            // Bytes next to CR and LF, and a multi-byte character, are no line end.
            let bytes: Vec<u8> = "\u{b}\u{c}\u{e}é✓".bytes().cycle().take(length).collect();
            assert_eq!(line_end(&bytes), None);
        }
    }

    #[test]
    fn json_lines_skip_blank_lines_and_take_a_last_line_without_its_end() {
        for cut in 0..20 {
            assert_eq!(
                parse(Framing::Lines, b"{\"a\":1}\r\n\n  \n[2]\n3", &[cut]),
                ["{\"a\":1}", "[2]", "3"]
            );
        }
    }

    #[test]
    fn json_sequences_are_records_after_rs_ending_in_lf() {
        let body = b"\x1e{\"a\":1}\n\x1e[2]\n\x1e3";
        for cut in 0..body.len() {
            assert_eq!(
                parse(Framing::JsonSeq, body, &[cut]),
                ["{\"a\":1}\n", "[2]\n", "Truncated(3)"]
            );
        }
    }

    #[test]
    fn items_name_themselves_when_they_do_not_decode() {
        let chunks: Vec<Result<bytes::Bytes, Error>> = vec![Ok(bytes::Bytes::from_static(
            b"event: delta\nid: 9\ndata: {\"n\": \"x\"}\n\ndata: {\"n\": 2}\n\n",
        ))];
        #[derive(serde::Deserialize, Debug)]
        struct Item {
            #[allow(dead_code, reason = "only decoded")]
            n: u32,
        }
        let mut stream = EventStream::<Item>::from_chunks(Iter(chunks.into_iter()), 1024);
        let mut context = Context::from_waker(std::task::Waker::noop());
        let Poll::Ready(Some(Err(Error::Decode(error)))) = stream.poll_event(&mut context) else {
            panic!("a decode error first")
        };
        assert_eq!(error.path, "n");
        assert!(
            error
                .message
                .ends_with(", in event 1 (`delta`) with id `9`"),
            "{}",
            error.message
        );
        assert!(matches!(
            stream.poll_event(&mut context),
            Poll::Ready(Some(Ok(Event {
                data: Item { n: 2 },
                ..
            })))
        ));
        assert!(matches!(stream.poll_event(&mut context), Poll::Ready(None)));
    }

    #[test]
    fn items_decode_from_text_and_bytes_that_are_not_utf8_are_an_error_that_says_so() {
        assert_eq!(json_item::<String>("\"✓ é\"".as_bytes()).unwrap(), "✓ é");
        // A string cut inside a UTF-8 sequence; a bad byte in an array's second item, named.
        let (path, message) = json_item::<String>(b"\"\xe2\x9c\"").unwrap_err();
        assert_eq!(path, ".");
        assert!(message.contains("invalid unicode"), "{message}");
        let (path, message) = json_item::<Vec<String>>(b"[\"a\", \"\xff\"]").unwrap_err();
        assert_eq!(path, "[1]", "{message}");
        assert!(message.contains("invalid unicode"), "{message}");
    }

    /// A stream of the items of an iterator.
    struct Iter<I>(I);

    impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
        type Item = I::Item;

        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.get_mut().0.next())
        }
    }
}
