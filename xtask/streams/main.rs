//! Written by `cargo xtask bench --specs streams` into `target/bench/streams/program/` and run
//! there, built with `--release`.
//!
//! It decodes one stream of chat-completion events (the `chat` fixture's `CompletionEvent`
//! union) four ways: as server-sent events through the generated crate's `EventStream`, as
//! JSON Lines through its `LineStream`, and as JSON Lines read by serde_json's own
//! `StreamDeserializer` twice, the baselines: from a reader that gives the body in chunks as
//! a connection would (through a `BufReader`, as an app reading a response would), and from
//! the whole body in memory, which no stream can do. The generated streams read the body in
//! chunks of `CHUNK` bytes. All four must give the same events (checked before anything is
//! timed); then each is timed in turn, the order rotated every iteration, and the medians are
//! printed as `key=value` lines for the bench to read. Times are the CPU time of this thread,
//! so that other processes on the machine do not count.

use std::hint::black_box;
use std::pin::Pin;
use std::process::ExitCode;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use fixture_chat::types::CompletionEvent;
use fixture_chat::{Error, EventStream, LineStream};

/// Events in the stream.
const EVENTS: usize = 100_000;
/// Timed iterations of each way.
const ITERATIONS: usize = 11;
/// The size of the chunks the body arrives in.
const CHUNK: usize = 16 * 1024;
/// The most bytes one event may hold.
const LIMIT: usize = 1024 * 1024;

/// The JSON of each event: mostly deltas, with an error every thousand.
fn events() -> Vec<String> {
    (0..EVENTS)
        .map(|i| {
            if i % 1000 == 999 {
                format!(r#"{{"type":"error","message":"overloaded at {i}"}}"#)
            } else {
                format!(r#"{{"type":"delta","index":{i},"content":"token {i} ✓, and a few more words"}}"#)
            }
        })
        .collect()
}

/// The events as a server sends them: an id and the data, then `[DONE]`.
fn sse(events: &[String]) -> Bytes {
    let mut body = String::from(": a completion\n\n");
    for (i, event) in events.iter().enumerate() {
        body.push_str(&format!("id: {i}\ndata: {event}\n\n"));
    }
    body.push_str("data: [DONE]\n\n");
    Bytes::from(body)
}

/// The same events as JSON Lines.
fn lines(events: &[String]) -> Bytes {
    let mut body = String::new();
    for event in events {
        body.push_str(event);
        body.push('\n');
    }
    Bytes::from(body)
}

/// A body's chunks, as a stream that is always ready.
struct Chunks {
    body: Bytes,
}

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.body.is_empty() {
            return Poll::Ready(None);
        }
        let chunk = this.body.split_to(CHUNK.min(this.body.len()));
        Poll::Ready(Some(Ok(chunk)))
    }
}

/// Every item of a stream that is always ready, each taken by `take` as it comes (as the
/// baselines' iterators are).
fn drain<S: futures_core::Stream + Unpin, T>(mut stream: S, take: fn(S::Item) -> T) -> Vec<T> {
    let mut context = Context::from_waker(std::task::Waker::noop());
    let mut items = Vec::new();
    loop {
        match Pin::new(&mut stream).poll_next(&mut context) {
            Poll::Ready(Some(item)) => items.push(take(item)),
            Poll::Ready(None) => return items,
            Poll::Pending => unreachable!("the chunks are always ready"),
        }
    }
}

fn decode_sse(body: &Bytes) -> Vec<CompletionEvent> {
    let stream = EventStream::<CompletionEvent>::from_chunks(Chunks { body: body.clone() }, LIMIT);
    drain(stream, |event| event.expect("every event decodes").data)
}

fn decode_lines(body: &Bytes) -> Vec<CompletionEvent> {
    let stream = LineStream::<CompletionEvent>::from_chunks(Chunks { body: body.clone() }, LIMIT);
    drain(stream, |item| item.expect("every line decodes"))
}

/// A body read as a connection gives it: at most `CHUNK` bytes a read.
struct Reader {
    body: Bytes,
}

impl std::io::Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = CHUNK.min(buf.len()).min(self.body.len());
        buf[..n].copy_from_slice(&self.body.split_to(n));
        Ok(n)
    }
}

fn decode_serde_json_reader(body: &Bytes) -> Vec<CompletionEvent> {
    let reader = std::io::BufReader::with_capacity(CHUNK, Reader { body: body.clone() });
    serde_json::Deserializer::from_reader(reader)
        .into_iter::<CompletionEvent>()
        .map(|item| item.expect("every line decodes"))
        .collect()
}

fn decode_serde_json(body: &Bytes) -> Vec<CompletionEvent> {
    serde_json::Deserializer::from_slice(body)
        .into_iter::<CompletionEvent>()
        .map(|item| item.expect("every line decodes"))
        .collect()
}

/// A point in the CPU time of this thread.
struct Clock(Duration);

impl Clock {
    #[cfg(unix)]
    fn now() -> Clock {
        let mut time = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `clock_gettime` writes the clock's value into `time`, which it may.
        let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
        assert_eq!(done, 0, "the thread's CPU time is readable");
        Clock(Duration::new(time.tv_sec as u64, time.tv_nsec as u32))
    }

    #[cfg(not(unix))]
    fn now() -> Clock {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        Clock(START.get_or_init(std::time::Instant::now).elapsed())
    }

    fn elapsed(&self) -> Duration {
        Clock::now().0.saturating_sub(self.0)
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> ExitCode {
    let events = events();
    let (sse, lines) = (sse(&events), lines(&events));
    let expected = decode_serde_json(&lines);
    if decode_sse(&sse) != expected
        || decode_lines(&lines) != expected
        || decode_serde_json_reader(&lines) != expected
    {
        eprintln!("error: the four ways do not give the same events");
        return ExitCode::from(1);
    }
    let ways: [(&str, &Bytes, fn(&Bytes) -> Vec<CompletionEvent>); 4] = [
        ("sse", &sse, decode_sse),
        ("lines", &lines, decode_lines),
        ("serde_json_reader", &lines, decode_serde_json_reader),
        ("serde_json", &lines, decode_serde_json),
    ];
    let mut times: [Vec<Duration>; 4] = Default::default();
    for i in 0..ITERATIONS {
        for turn in 0..ways.len() {
            let way = (turn + i) % ways.len();
            let (_, body, decode) = ways[way];
            let clock = Clock::now();
            black_box(decode(black_box(body)));
            times[way].push(clock.elapsed());
        }
    }
    println!("events={EVENTS}");
    println!("iterations={ITERATIONS}");
    println!("sse_bytes={}", sse.len());
    println!("lines_bytes={}", lines.len());
    for ((name, _, _), times) in ways.iter().zip(times) {
        println!("{name}_ns={}", median(times).as_nanos());
    }
    ExitCode::SUCCESS
}
