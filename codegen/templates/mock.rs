//! Typed mocks of the API, for the tests of apps that use this client (the `mock` feature).
//!
//! [`MockApi`] is a local HTTP server with one method per operation, named like the
//! [`Client`](crate::Client) method it stands in for; requests are matched and responses
//! given with the API's own types, so a test never spells a URL or a JSON body.
//!
//! ```ignore
//! let api = MockApi::start().await;
//! let created = api
//!     .create_contact()
//!     .expect(1)
//!     .respond(201, &envelope)
//!     .await;
//! let client = api.client().api_key("test").build()?;
//! // ... run the code under test with `client` ...
//! assert_eq!(created.calls().await, 1);
//! ```

use crate::client::Operation;
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;
use wiremock::matchers::{body_json, header, method, path_regex, query_param};
use wiremock::{Mock, MockBuilder, MockGuard, MockServer, ResponseTemplate};

/// A local server that answers like the API, as the test tells it to.
pub struct MockApi {
    server: MockServer,
    /// The path of the API's base URL (`/api/v1`), which the routes start with.
    base_path: String,
}

impl fmt::Debug for MockApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockApi").field("uri", &self.uri()).finish()
    }
}

impl MockApi {
    /// Starts a mock server on a free local port.
    pub async fn start() -> MockApi {
        let base_path = crate::DEFAULT_BASE_URL
            .and_then(|url| reqwest::Url::parse(url).ok())
            .map(|url| url.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        MockApi {
            server: MockServer::start().await,
            base_path,
        }
    }

    /// The base URL that points a client at this mock.
    pub fn uri(&self) -> String {
        format!("{}{}", self.server.uri(), self.base_path)
    }

    /// A client builder pointed at this mock, without retries; set credentials as usual.
    pub fn client(&self) -> crate::ClientBuilder {
        crate::Client::builder().base_url(self.uri()).max_retries(0)
    }

    /// The underlying `wiremock` server, for what the typed methods do not cover.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Every request the mock has received, matched or not.
    pub async fn received(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// A mock of `operation`: requests with its method, to its path (each `{parameter}` of
    /// its template matches one segment).
    #[allow(
        dead_code,
        reason = "generated mocks use it; an API may have no operation"
    )]
    pub(crate) fn operation<Req, Ok, Err>(
        &self,
        operation: &Operation,
    ) -> MockOperation<'_, Req, Ok, Err> {
        let mut pattern = format!("^{}", escape(&self.base_path));
        let mut rest = operation.path;
        while let Some(start) = rest.find('{') {
            pattern.push_str(&escape(&rest[..start]));
            pattern.push_str("[^/]+");
            rest = rest[start..]
                .find('}')
                .map_or("", |end| &rest[start + end + 1..]);
        }
        pattern.push_str(&escape(rest));
        pattern.push('$');
        MockOperation {
            api: self,
            mock: Mock::given(method(operation.method)).and(path_regex(pattern)),
            expected: None,
            types: PhantomData,
        }
    }
}

/// A mocked operation being set up: what the request must look like, then its response.
///
/// `Req` is the operation's request body type, `Ok` its success body type and `Err` its
/// documented error body type (`()` where there is none).
#[must_use = "a mock answers nothing until `respond` is awaited"]
pub struct MockOperation<'a, Req, Ok, Err> {
    api: &'a MockApi,
    mock: MockBuilder,
    expected: Option<u64>,
    types: PhantomData<fn(Req) -> (Ok, Err)>,
}

impl<Req: Serialize, Ok: Serialize, Err: Serialize> MockOperation<'_, Req, Ok, Err> {
    /// Matches only requests whose JSON body equals `body`.
    pub fn with_body(mut self, body: &Req) -> Self {
        let body = serde_json::to_value(body).unwrap_or_default();
        self.mock = self.mock.and(body_json(body));
        self
    }

    /// Matches only requests with this query parameter.
    pub fn with_query(mut self, name: &str, value: &str) -> Self {
        self.mock = self.mock.and(query_param(name, value));
        self
    }

    /// Matches only requests with this header.
    pub fn with_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.mock = self.mock.and(header(name, value));
        self
    }

    /// Checks, when the returned [`MockedOperation`] is dropped, that exactly `times` requests
    /// matched.
    pub fn expect(mut self, times: u64) -> Self {
        self.expected = Some(times);
        self
    }

    /// Answers with `status` and a success body.
    pub async fn respond(self, status: u16, body: &Ok) -> MockedOperation {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.mount(template).await
    }

    /// Answers with `status` and a documented error body.
    pub async fn respond_error(self, status: u16, body: &Err) -> MockedOperation {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.mount(template).await
    }

    /// Answers with `status` and a stream of server-sent events, one per item of `events`,
    /// each item's JSON its `data` (for a mock of an operation's `send_events()`).
    pub async fn respond_events<T: Serialize>(self, status: u16, events: &[T]) -> MockedOperation {
        let mut body = String::new();
        for event in events {
            let data = serde_json::to_string(event).unwrap_or_default();
            body.push_str(&format!("data: {data}\n\n"));
        }
        let template = ResponseTemplate::new(status).set_body_raw(body, "text/event-stream");
        self.mount(template).await
    }

    /// Answers with `status` and JSON Lines, one per item of `items` (for a mock of an
    /// operation's `send_lines()`).
    pub async fn respond_lines<T: Serialize>(self, status: u16, items: &[T]) -> MockedOperation {
        let mut body = String::new();
        for item in items {
            body.push_str(&serde_json::to_string(item).unwrap_or_default());
            body.push('\n');
        }
        let template = ResponseTemplate::new(status).set_body_raw(body, "application/jsonl");
        self.mount(template).await
    }

    /// Answers with `status` and no body.
    pub async fn respond_empty(self, status: u16) -> MockedOperation {
        self.mount(ResponseTemplate::new(status)).await
    }

    /// Answers with any `wiremock` response, for what the typed methods do not cover.
    pub async fn respond_with(self, response: ResponseTemplate) -> MockedOperation {
        self.mount(response).await
    }

    async fn mount(self, response: ResponseTemplate) -> MockedOperation {
        let mut mock = self.mock.respond_with(response);
        if let Some(times) = self.expected {
            mock = mock.expect(times);
        }
        MockedOperation {
            guard: mock.mount_as_scoped(&self.api.server).await,
        }
    }
}

/// A mocked operation in place; it stops answering (and checks `expect`) when dropped.
pub struct MockedOperation {
    guard: MockGuard,
}

impl fmt::Debug for MockedOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockedOperation").finish_non_exhaustive()
    }
}

impl MockedOperation {
    /// How many requests this mock has answered.
    pub async fn calls(&self) -> usize {
        self.guard.received_requests().await.len()
    }

    /// The requests this mock has answered.
    pub async fn requests(&self) -> Vec<wiremock::Request> {
        self.guard.received_requests().await
    }
}

/// Escapes the characters a regular expression gives a meaning to.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
