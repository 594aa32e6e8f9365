//! What the Recepta client tells an app about its requests: a `tracing` span per call and
//! an event per attempt, with no credential in them; and the headers an app adds, per
//! client and per request.

use recepta_api::types::CreateContactRequest;
use recepta_api::{Client, Error};
use serde_json::json;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Dispatch, Event, Metadata, Subscriber};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "rcp_test_0123456789";

/// A subscriber that writes each span and event of the client as a line of text.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<Mutex<u64>>,
}

/// Writes fields as ` name=value`.
struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("recepta_api")
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        let mut next = self.next_id.lock().unwrap();
        *next += 1;
        Id::from_u64(*next)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record:".to_string();
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = format!("{}:", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Keeps a second dispatcher registered for the whole run. While only one is, tracing asks
/// the subscriber of whichever thread reaches a callsite first whether it is wanted: a test
/// without a recorder, reaching the client's `response` event first, would silence it for the
/// test with one.
fn keep_two_dispatchers() {
    static OTHER: OnceLock<Dispatch> = OnceLock::new();
    OTHER.get_or_init(|| Dispatch::new(tracing::subscriber::NoSubscriber::default()));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn each_call_is_a_span_and_each_attempt_an_event_without_the_key() {
    let runtime = runtime();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/contacts"))
            .respond_with(
                ResponseTemplate::new(201)
                    .set_body_json(json!({"success": true, "data": {"client": {"id": "c1"}}})),
            )
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .build()
        .unwrap();
    let recorder = Recorder::default();

    keep_two_dispatchers();
    tracing::subscriber::with_default(recorder.clone(), || {
        runtime
            .block_on(
                client
                    .create_contact(&CreateContactRequest::default())
                    .header("x-request-id", "req-secret-looking-value")
                    .send(),
            )
            .unwrap();
    });

    let lines = recorder.lines.lock().unwrap().clone();
    let text = lines.join("\n");
    assert_eq!(
        lines[0],
        "span request: operation=create_contact method=POST path=/api/contacts"
    );
    let at = |needle: &str| {
        lines
            .iter()
            .position(|line| line.starts_with(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in:\n{text}"))
    };
    let first = at("DEBUG: message=response attempt=0 status=429 latency_ms=");
    let retry = at("INFO: message=retrying attempt=0 status=429 delay_ms=0");
    let second = at("DEBUG: message=response attempt=1 status=201 latency_ms=");
    assert!(first < retry && retry < second, "{text}");
    assert!(text.contains("record: attempts=2"), "{text}");
    assert!(text.contains("record: status=201"), "{text}");
    assert!(text.contains("record: latency_ms="), "{text}");
    assert!(!text.contains(KEY), "the key leaks in:\n{text}");
    assert!(!text.contains("req-secret-looking-value"), "{text}");
}

#[test]
fn a_failed_connection_is_a_warning_without_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(KEY)
        .max_retries(0)
        .build()
        .unwrap();
    let recorder = Recorder::default();
    let runtime = runtime();
    keep_two_dispatchers();
    let error = tracing::subscriber::with_default(recorder.clone(), || {
        runtime
            .block_on(
                client
                    .create_contact(&CreateContactRequest::default())
                    .send(),
            )
            .unwrap_err()
    });
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let text = recorder.lines.lock().unwrap().join("\n");
    assert!(
        text.contains("WARN: message=request failed attempt=0 latency_ms="),
        "{text}"
    );
    assert!(
        !text.contains(&port.to_string()),
        "the URL shows in:\n{text}"
    );
}

#[tokio::test]
async fn headers_the_app_adds_go_with_each_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-tenant", "acme"))
        .and(header("x-request-id", "req-1"))
        .and(header("x-app", "cli"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"success": true, "data": {"client": {"id": "c1"}}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .default_header("x-tenant", "default")
        .default_header("x-app", "cli")
        .build()
        .unwrap();

    // The request's own header wins over the client's default of the same name.
    client
        .create_contact(&CreateContactRequest::default())
        .header("x-tenant", "acme")
        .header("x-request-id", "req-1")
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers.get_all("x-tenant").iter().count(), 1);
    assert_eq!(requests[0].headers["x-api-key"], KEY);

    // Values never show in `Debug` output.
    let body = CreateContactRequest::default();
    let pending = client
        .create_contact(&body)
        .header("x-request-id", "req-hidden");
    assert!(!format!("{pending:?}").contains("req-hidden"));
    assert!(!format!("{client:?}").contains("cli\""));
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_is_an_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .build()
        .unwrap();
    let error = client
        .create_contact(&CreateContactRequest::default())
        .header("x-request-id", "a\r\nx-evil: 1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error = client
        .create_contact(&CreateContactRequest::default())
        .header("bad name", "x")
        .send()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("`bad name`"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());

    let error = Client::builder()
        .default_header("x-app", "a\nb")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("`x-app`"), "{error}");
}
