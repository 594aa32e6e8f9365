//! The HTTP client: configuration, credentials, retries, and the request/response cycle that
//! every operation method goes through.

// The same runtime serves every API; a given one uses only part of it (no query
// parameters, no basic auth, ...), and the rest must not warn.
#![allow(dead_code)]

use crate::error::{ApiError, DecodeError, Error};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Total time allowed for one attempt of a request, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed to establish a connection, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest the client waits before a retry; a `Retry-After` asking for more ends the
/// retries instead.
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(30);
/// The most bytes of an error response body that are read and kept.
pub const MAX_ERROR_BODY: usize = 64 * 1024;
/// The largest success body read into memory (32 MiB), unless configured otherwise;
/// `send_stream()` reads downloads of any size.
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;
/// The first delay of the exponential backoff.
const BASE_RETRY_DELAY: Duration = Duration::from_millis(200);

/// A credential: it can be used, but never shows itself in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself; keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// A configured credential for one security scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A key or token, sent as the scheme says.
    Token(Secret),
    /// A user name and password for HTTP basic authentication.
    Basic { username: String, password: Secret },
}

/// How a security scheme sends its credential.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemeKind {
    /// In the named header.
    Header(&'static str),
    /// In the named query parameter.
    Query(&'static str),
    /// In the named cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// A security scheme of the API, as operations refer to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scheme {
    /// The scheme's key in the spec.
    pub key: &'static str,
    /// How it is sent.
    pub kind: SchemeKind,
}

/// A server URL with `{variable}` placeholders, as the spec gives it.
pub(crate) struct ServerTemplate {
    /// The URL template.
    pub url: &'static str,
    /// Its variables.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server URL template.
pub(crate) struct ServerVariable {
    /// Its name.
    pub name: &'static str,
    /// Its value unless another is set.
    pub default: &'static str,
    /// The values it may take; empty when any is allowed.
    pub allowed: &'static [&'static str],
}

/// Configures and builds a [`Client`].
///
/// Methods that set the API's credentials are named after its security schemes.
#[must_use]
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    server_variables: BTreeMap<String, String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    max_retries: u32,
    max_retry_delay: Duration,
    deadline: Option<Duration>,
    max_body_size: usize,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    credentials: BTreeMap<&'static str, Credential>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_variables", &self.server_variables)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.max_retries)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("deadline", &self.deadline)
            .field("max_body_size", &self.max_body_size)
            .field(
                "default_headers",
                &self
                    .default_headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            server_variables: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            max_retries: DEFAULT_MAX_RETRIES,
            max_retry_delay: DEFAULT_MAX_RETRY_DELAY,
            deadline: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            default_headers: Vec::new(),
            http_client: None,
            credentials: BTreeMap::new(),
        }
    }
}

impl ClientBuilder {
    /// Sends requests to `url` instead of the API's default server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a variable of the API's server URL template (such as a region), where the
    /// default server has some; checked when the client is built.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server_variables.insert(name.into(), value.into());
        self
    }

    /// The base URL: the one set, or the server template with its variables filled in.
    fn resolve_base_url(&self) -> Result<String, Error> {
        if let Some(url) = &self.base_url {
            return Ok(url.clone());
        }
        let Some(crate::client::ServerTemplate {
            url: template,
            variables,
        }) = crate::SERVER
        else {
            return Err(Error::InvalidRequest(
                "no base URL: the API names no server; set one with `ClientBuilder::base_url`"
                    .to_string(),
            ));
        };
        let mut url = template.to_string();
        for name in self.server_variables.keys() {
            if !variables.iter().any(|v| v.name == name) {
                return Err(Error::InvalidRequest(format!(
                    "the server has no variable `{name}`"
                )));
            }
        }
        for ServerVariable {
            name,
            default,
            allowed,
        } in variables
        {
            let value = self
                .server_variables
                .get(*name)
                .map(String::as_str)
                .unwrap_or(default);
            if !allowed.is_empty() && !allowed.contains(&value) {
                return Err(Error::InvalidRequest(format!(
                    "server variable `{name}` cannot be `{value}`; it is one of {}",
                    allowed.join(", ")
                )));
            }
            url = url.replace(&format!("{{{name}}}"), value);
        }
        Ok(url)
    }

    /// Total time allowed for each attempt of a request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect (default 10 s); ignored with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `crate-name/version`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How many times a failed request may be retried (default 2; 0 disables retries).
    ///
    /// Requests that are not idempotent (POST, PATCH) are retried only when the server
    /// cannot have processed them: the connection was refused, or the server answered 429,
    /// or 503 with `Retry-After`.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest wait before a retry (default 30 s). When `Retry-After` asks for longer,
    /// the error is returned instead.
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// The most time a call may take in all, its retries and the waits between them
    /// included (default: no limit but the per-attempt timeout and the retries'). Each
    /// attempt gets what is left, at most [`ClientBuilder::timeout`]; a retry whose wait
    /// would end past the deadline is not made, and the error that called for it is
    /// returned at once; an attempt cut short by the deadline is [`Error::Timeout`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body read into memory, in bytes (default 32 MiB): a larger
    /// one is [`Error::BodyTooLarge`], found from its `Content-Length` before anything is
    /// read, or as soon as it grows past the limit. A download read with `send_stream()`
    /// has no limit.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Adds a header to every request of the client (a tenant, an app version, ...); a
    /// request's own header of the same name wins. Values are not shown in `Debug` output
    /// or logs. A name or value a header cannot carry (such as one with CR or LF) makes
    /// [`ClientBuilder::build`] fail.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Uses this `reqwest::Client` (its proxy, TLS and pool settings) to send requests.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Builds the client.
    ///
    /// Fails when no base URL is known, or it is not an absolute `http(s)` URL, or the
    /// user agent is not a valid header value.
    pub fn build(self) -> Result<Client, Error> {
        self.build_with(
            #[cfg(feature = "blocking")]
            None,
        )
    }

    /// Builds a client for programs without an async runtime: its requests are sent with
    /// `send_blocking()`.
    ///
    /// It has its own connection pool, driven by its own thread, so it never shares a
    /// connection with async code; it can be dropped anywhere, async code included. It
    /// cannot use a `reqwest::Client` set with [`ClientBuilder::http_client`], whose pool
    /// belongs to the app's runtime.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<BlockingClient, Error> {
        if self.http_client.is_some() {
            return Err(Error::InvalidRequest(
                "a blocking client keeps its own connection pool, so it cannot use the `reqwest::Client` set with `http_client`".to_string(),
            ));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(concat!(env!("CARGO_PKG_NAME"), "-blocking"))
            .enable_all()
            .build()
            .map_err(|e| Error::InvalidRequest(format!("cannot start a runtime: {e}")))?;
        let client = self.build_with(Some(BlockingRuntime(Some(runtime))))?;
        Ok(BlockingClient { client })
    }

    fn build_with(
        self,
        #[cfg(feature = "blocking")] runtime: Option<BlockingRuntime>,
    ) -> Result<Client, Error> {
        let base = self.resolve_base_url()?;
        let base_url = Url::parse(&base)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
            .ok_or_else(|| {
                Error::InvalidRequest(format!("base URL `{base}` is not an absolute http(s) URL"))
            })?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            Error::InvalidRequest("the user agent is not a valid header value".to_string())
        })?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let (name, value) = header_pair(name, value)?;
            default_headers.insert(name, value);
        }
        let http = match self.http_client {
            Some(client) => client,
            None => {
                // The `rustls` feature leaves reqwest without a crypto provider: ring becomes
                // the process's default, unless the app installed one first.
                #[cfg(all(
                    feature = "rustls",
                    not(any(feature = "rustls-aws-lc", feature = "native-tls"))
                ))]
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| {
                        Error::InvalidRequest(format!("cannot build the HTTP client: {e}"))
                    })?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                user_agent,
                timeout: self.timeout,
                max_retries: self.max_retries,
                max_retry_delay: self.max_retry_delay,
                deadline: self.deadline,
                max_body_size: self.max_body_size,
                default_headers,
                credentials: self.credentials,
                #[cfg(feature = "blocking")]
                runtime,
            }),
        })
    }
}

/// The API client. Cheap to clone: clones share one connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    user_agent: HeaderValue,
    timeout: Duration,
    max_retries: u32,
    max_retry_delay: Duration,
    deadline: Option<Duration>,
    max_body_size: usize,
    default_headers: HeaderMap,
    credentials: BTreeMap<&'static str, Credential>,
    /// The runtime of a [`BlockingClient`]: it drives the client's connections on a thread
    /// of its own. `None` for an async client.
    #[cfg(feature = "blocking")]
    runtime: Option<BlockingRuntime>,
}

/// A runtime that shuts down without waiting when dropped, so a blocking client can be
/// dropped anywhere, inside async code too (where dropping a runtime otherwise panics).
#[cfg(feature = "blocking")]
struct BlockingRuntime(Option<tokio::runtime::Runtime>);

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
#[cfg(feature = "blocking")]
#[derive(Clone)]
pub struct BlockingClient {
    client: Client,
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("max_retry_delay", &inner.max_retry_delay)
            .field("deadline", &inner.deadline)
            .field("credentials", &inner.credentials.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: the API's first server, 30 s timeout, 2 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The underlying `reqwest::Client`.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Starts a request to `base URL + path`; `path` is the operation's path template with
    /// its parameters filled in and percent-encoded.
    pub(crate) fn request<E>(
        &self,
        operation: &'static Operation,
        path: &[PathPiece<'_>],
        extras: &Extras,
    ) -> Result<Request, Error<E>> {
        let mut url = self.inner.base_url.clone();
        let mut full = url.path().trim_end_matches('/').to_string();
        for piece in path {
            match piece {
                PathPiece::Literal(text) => full.push_str(text),
                PathPiece::Param(name, value) => {
                    if matches!(*value, "" | "." | "..") {
                        return Err(Error::InvalidRequest(format!(
                            "path parameter `{name}` is `{value}`, which would change the route"
                        )));
                    }
                    encode_path_segment(value, &mut full);
                }
            }
        }
        url.set_path(&full);
        let mut headers = HeaderMap::new();
        for (name, value) in &extras.headers {
            let (name, value) = header_pair(name, value)?;
            headers.insert(name, value);
        }
        Ok(Request {
            operation,
            method: operation.method.clone(),
            url,
            headers,
            body: None,
        })
    }

    /// Sends a request, with credentials and retries, and reads the response.
    ///
    /// `security` lists alternatives; the first whose credentials are all configured is
    /// used. An empty list means the operation needs no credentials.
    async fn execute(&self, request: Request, security: &[&[Scheme]]) -> Result<Response, Error> {
        let response = self.execute_raw(request, security).await?;
        read_response(response, self.inner.max_body_size).await
    }

    /// Sends a request, with credentials and retries, and returns the response unread; in
    /// a `tracing` span of its own, with an event per attempt.
    async fn execute_raw(
        &self,
        request: Request,
        security: &[&[Scheme]],
    ) -> Result<reqwest::Response, Error> {
        use tracing::Instrument as _;
        let operation = request.operation;
        let span = tracing::info_span!(
            "request",
            operation = operation.name,
            method = operation.method.as_str(),
            path = operation.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .attempts(request, security, &span)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", millis(started.elapsed()));
        if let Ok(response) = &result {
            span.record("status", response.status().as_u16());
        }
        result
    }

    /// The attempts of a request: retries, their waits, and the deadline.
    async fn attempts(
        &self,
        request: Request,
        security: &[&[Scheme]],
        span: &tracing::Span,
    ) -> Result<reqwest::Response, Error> {
        let inner = &self.inner;
        let chosen = if security.is_empty() {
            None
        } else {
            let found = security.iter().find(|alternative| {
                alternative
                    .iter()
                    .all(|s| inner.credentials.contains_key(s.key))
            });
            match found {
                Some(alternative) => Some(*alternative),
                None => {
                    let options: Vec<String> = security
                        .iter()
                        .map(|a| a.iter().map(|s| s.key).collect::<Vec<_>>().join(" + "))
                        .collect();
                    return Err(Error::InvalidRequest(format!(
                        "no credentials configured for this operation; it needs {}",
                        options.join(" or ")
                    )));
                }
            }
        };
        let idempotent = !matches!(request.method, Method::POST | Method::PATCH);
        let deadline = inner.deadline.map(|total| Instant::now() + total);
        // Whether waiting `delay` before a retry still leaves time before the deadline.
        let may_wait = |delay: Duration| deadline.is_none_or(|end| Instant::now() + delay < end);
        let mut attempt: u32 = 0;
        loop {
            let mut outgoing = self.build(&request, chosen)?;
            if let Some(end) = deadline {
                let left = end.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(Error::Timeout);
                }
                *outgoing.timeout_mut() = Some(inner.timeout.min(left));
            }
            let sent = Instant::now();
            let result = inner.http.execute(outgoing).await;
            let latency_ms = millis(sent.elapsed());
            span.record("attempts", attempt + 1);
            // A streamed body is sent once: there is nothing to send again.
            let retries_left = attempt < inner.max_retries && request.replayable();
            match result {
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(attempt, status = status.as_u16(), latency_ms, "response");
                    if retries_left && is_retryable_status(status) {
                        let retry_after = retry_after(response.headers(), SystemTime::now());
                        // A 429 is never processed; a 503 with Retry-After says "come back",
                        // which servers send before doing any work.
                        let unprocessed = status == StatusCode::TOO_MANY_REQUESTS
                            || (status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some());
                        if idempotent || unprocessed {
                            let delay = retry_after.unwrap_or_else(|| backoff(attempt));
                            if delay <= inner.max_retry_delay && may_wait(delay) {
                                tracing::info!(
                                    attempt,
                                    status = status.as_u16(),
                                    delay_ms = millis(delay),
                                    "retrying"
                                );
                                tokio::time::sleep(delay).await;
                                attempt += 1;
                                continue;
                            }
                        }
                    }
                    return Ok(response);
                }
                Err(e) => {
                    // Without its URL, whose query may carry a credential.
                    let e = e.without_url();
                    tracing::warn!(attempt, latency_ms, error = %e, "request failed");
                    // A failed connect never reached the server; anything later may have.
                    let unprocessed = e.is_connect();
                    let delay = backoff(attempt);
                    if retries_left && (idempotent || unprocessed) && may_wait(delay) {
                        tracing::info!(attempt, delay_ms = millis(delay), "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(transport(e));
                }
            }
        }
    }

    /// Prepares, sends and decodes one request.
    async fn run<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        let request = prepare(&builder)?;
        drop(builder);
        let response = self
            .execute(request, security)
            .await
            .map_err(|e| e.map_body(|never| match never {}))?;
        decode(response)
    }

    /// What every operation's `send_with_response` runs. Generic, so that it is compiled
    /// only for the operations an app calls.
    ///
    /// A [`BlockingClient`]'s requests are refused: its connections belong to its own
    /// runtime, and an app runtime that opened one for it might not be running when the
    /// next blocking request wants it.
    pub(crate) async fn send<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.async_only()?;
        self.run(builder, prepare, security, decode).await
    }

    /// Refuses an async request on a [`BlockingClient`] (see [`Client::send`]).
    fn async_only<E>(&self) -> Result<(), Error<E>> {
        #[cfg(feature = "blocking")]
        if self.inner.runtime.is_some() {
            return Err(Error::InvalidRequest(
                "this client is from `ClientBuilder::build_blocking`: send its requests with `send_blocking()`, or await them on a client from `build()`".to_string(),
            ));
        }
        Ok(())
    }

    /// What the `send_stream` of an operation with a download runs: a success's body comes
    /// back unread, as a [`ByteStream`]; another status is read (at most
    /// [`MAX_ERROR_BODY`] bytes) and becomes its error through `error`.
    pub(crate) async fn send_stream<B, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        error: impl FnOnce(Response) -> Error<E>,
    ) -> Result<ByteStream, Error<E>> {
        self.async_only()?;
        let request = prepare(&builder)?;
        drop(builder);
        let never = |e: Error| e.map_body(|never| match never {});
        let response = self.execute_raw(request, security).await.map_err(never)?;
        let status = response.status();
        if !status.is_success() {
            let response = read_response(response, MAX_ERROR_BODY)
                .await
                .map_err(never)?;
            return Err(error(response));
        }
        Ok(ByteStream {
            status,
            headers: response.headers().clone(),
            response,
        })
    }

    /// [`Client::send`] without the status and headers: what every operation's `send` runs.
    pub(crate) async fn send_body<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<T, Error<E>> {
        self.send(builder, prepare, security, decode)
            .await
            .map(ApiResponse::into_body)
    }

    /// Sends a request already prepared and decodes its response: what each page of a
    /// [`Paginated`] list runs.
    pub(crate) async fn send_prepared<T, E>(
        &self,
        request: Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.async_only()?;
        let response = self
            .execute(request?, security)
            .await
            .map_err(|e| e.map_body(|never| match never {}))?;
        decode(response)
    }

    /// What every operation's `send_blocking` runs (the `blocking` feature): the request,
    /// run to completion on the runtime of a [`BlockingClient`].
    ///
    /// An async client has no such runtime, and its requests are refused rather than
    /// tying its connections to a runtime that nothing drives afterwards.
    #[cfg(feature = "blocking")]
    pub(crate) fn send_blocking<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<T, Error<E>> {
        let Some(runtime) = self.inner.runtime.as_ref().and_then(|r| r.0.as_ref()) else {
            return Err(Error::InvalidRequest(
                "`send_blocking` needs a client from `ClientBuilder::build_blocking`; with this async client, `.send().await` the request".to_string(),
            ));
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "a blocking request cannot be made inside an async runtime; `.await` it on a client from `build()` instead"
                    .to_string(),
            ));
        }
        runtime
            .block_on(self.run(builder, prepare, security, decode))
            .map(ApiResponse::into_body)
    }

    /// The `reqwest::Request` for one attempt: the request plus credentials and user agent.
    fn build(
        &self,
        request: &Request,
        security: Option<&[Scheme]>,
    ) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let mut url = request.url.clone();
        let mut headers = request.headers.clone();
        headers.insert(reqwest::header::USER_AGENT, inner.user_agent.clone());
        for scheme in security.into_iter().flatten() {
            let Some(credential) = inner.credentials.get(scheme.key) else {
                continue;
            };
            let invalid = || {
                Error::InvalidRequest(format!(
                    "the credential for `{}` is not a valid header value",
                    scheme.key
                ))
            };
            match (scheme.kind, credential) {
                (SchemeKind::Header(name), Credential::Token(secret)) => {
                    headers.insert(
                        HeaderName::from_static(name),
                        sensitive(secret.expose()).ok_or_else(invalid)?,
                    );
                }
                (SchemeKind::Query(name), Credential::Token(secret)) => {
                    url.query_pairs_mut().append_pair(name, secret.expose());
                }
                (SchemeKind::Cookie(name), Credential::Token(secret)) => {
                    let cookie = format!("{name}={}", secret.expose());
                    add_cookie(&mut headers, &cookie, true).ok_or_else(invalid)?;
                }
                (SchemeKind::Bearer, Credential::Token(secret)) => {
                    let value = format!("Bearer {}", secret.expose());
                    headers.insert(
                        reqwest::header::AUTHORIZATION,
                        sensitive(&value).ok_or_else(invalid)?,
                    );
                }
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    let value = format!(
                        "Basic {}",
                        base64(format!("{username}:{}", password.expose()).as_bytes())
                    );
                    headers.insert(
                        reqwest::header::AUTHORIZATION,
                        sensitive(&value).ok_or_else(invalid)?,
                    );
                }
                _ => {
                    return Err(Error::InvalidRequest(format!(
                        "the credential for `{}` has the wrong form",
                        scheme.key
                    )))
                }
            }
        }
        for (name, value) in &inner.default_headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        let mut outgoing = reqwest::Request::new(request.method.clone(), url);
        *outgoing.headers_mut() = headers;
        *outgoing.timeout_mut() = Some(inner.timeout);
        match &request.body {
            None => {}
            Some(RequestBody::Bytes(bytes)) => {
                *outgoing.body_mut() = Some(reqwest::Body::from(bytes.clone()));
            }
            Some(RequestBody::Once(body)) => {
                let body = body.lock().ok().and_then(|mut body| body.take());
                let body = body.ok_or_else(|| {
                    Error::InvalidRequest("a streamed body can be sent only once".to_string())
                })?;
                *outgoing.body_mut() = Some(body);
            }
        }
        Ok(outgoing)
    }
}

/// Adds `name=value` to the one `Cookie` header a request may have (RFC 6265); the header is
/// sensitive once a sensitive cookie is in it. `None` when the text cannot be a header.
fn add_cookie(headers: &mut HeaderMap, pair: &str, secret: bool) -> Option<()> {
    let cookie = reqwest::header::COOKIE;
    let (text, was_secret) = match headers.get(&cookie) {
        Some(existing) => (
            format!("{}; {pair}", existing.to_str().ok()?),
            existing.is_sensitive(),
        ),
        None => (pair.to_string(), false),
    };
    let mut value = HeaderValue::from_str(&text).ok()?;
    value.set_sensitive(secret || was_secret);
    headers.insert(cookie, value);
    Some(())
}

/// A header value marked sensitive, so `reqwest` and `http` never print it.
fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Reads a response: a success body up to `limit` bytes (past it, the error says so), at
/// most [`MAX_ERROR_BODY`] bytes of another.
async fn read_response(mut response: reqwest::Response, limit: usize) -> Result<Response, Error> {
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
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                if chunk.len() > room && status.is_success() {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() >= limit {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => return Err(transport(e)),
        }
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// The error for a failure of `reqwest`: a timeout, or a transport error without the URL
/// (whose query may carry a credential).
fn transport(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(e.without_url())
    }
}

/// An operation as requests and logs name it.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The client's method for it (the `operationId` in snake case).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, as the spec writes it (`/contacts/{id}`): no values, so no
    /// personal data or credentials in logs.
    pub path: &'static str,
}

/// What an app adds to one request besides its parameters: headers (a request id, ...).
#[derive(Default)]
pub(crate) struct Extras {
    headers: Vec<(String, String)>,
}

impl Extras {
    /// Adds a header; its value is never shown.
    pub fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }
}

impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Extras").field("headers", &names).finish()
    }
}

/// A header name and value set by the app, checked: a name or value a header cannot carry
/// (CR, LF, ...) is an error, never sent. Values are marked sensitive, so `http` and
/// `reqwest` never print them.
fn header_pair<E>(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error<E>> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
    let value = sensitive(value).ok_or_else(|| {
        Error::InvalidRequest(format!(
            "header `{name}` has a value with characters a header cannot carry (such as CR or LF)"
        ))
    })?;
    Ok((header_name, value))
}

/// A duration in whole milliseconds, for logs.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A request being prepared by an operation method.
pub(crate) struct Request {
    operation: &'static Operation,
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<RequestBody>,
}

/// The body of a request.
enum RequestBody {
    /// Bytes in memory, sent again by a retry.
    Bytes(bytes::Bytes),
    /// A stream (a file, ...), sent as it is read, once: a request with one is not retried.
    Once(std::sync::Mutex<Option<reqwest::Body>>),
}

impl Request {
    /// Adds a query parameter, written as its `style` says.
    pub fn query<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error<E>> {
        let delimiter = match style {
            QueryStyle::Form | QueryStyle::DeepObject => ",",
            QueryStyle::SpaceDelimited => " ",
            QueryStyle::PipeDelimited => "|",
        };
        let mut pairs = self.url.query_pairs_mut();
        match param_text(name, value)? {
            ParamText::Scalar(text) => {
                pairs.append_pair(name, &text);
            }
            ParamText::List(items) if explode || style == QueryStyle::DeepObject => {
                for item in &items {
                    pairs.append_pair(name, item);
                }
            }
            ParamText::List(items) => {
                pairs.append_pair(name, &items.join(delimiter));
            }
            ParamText::Pairs(fields) if style == QueryStyle::DeepObject => {
                for (key, value) in &fields {
                    pairs.append_pair(&format!("{name}[{key}]"), value);
                }
            }
            ParamText::Pairs(fields) if explode => {
                for (key, value) in &fields {
                    pairs.append_pair(key, value);
                }
            }
            ParamText::Pairs(fields) => {
                let flat: Vec<&str> = fields
                    .iter()
                    .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                    .collect();
                pairs.append_pair(name, &flat.join(delimiter));
            }
        }
        Ok(())
    }

    /// Adds a header (`simple` style); a value with characters a header cannot carry (CR, LF,
    /// ...) is an error, never sent.
    pub fn header<E>(
        &mut self,
        name: &'static str,
        value: &(impl Serialize + ?Sized),
        explode: bool,
    ) -> Result<(), Error<E>> {
        let text = simple(param_text(name, value)?, explode);
        let value = HeaderValue::from_str(&text).map_err(|_| {
            Error::InvalidRequest(format!(
                "header `{name}` has a value with characters a header cannot carry (such as CR or LF)"
            ))
        })?;
        self.headers.append(HeaderName::from_static(name), value);
        Ok(())
    }

    /// Adds a cookie parameter (`form` style) to the request's one `Cookie` header. What a
    /// cookie value cannot carry (space, `;`, `,`, `"`, `\\`, `%`, control and non-ASCII
    /// characters) is percent-encoded, except the `,` that joins a list.
    pub fn cookie<E>(
        &mut self,
        name: &'static str,
        value: &(impl Serialize + ?Sized),
        explode: bool,
    ) -> Result<(), Error<E>> {
        let joined = |texts: Vec<String>| texts.join(",");
        let pairs: Vec<(String, String)> = match param_text(name, value)? {
            ParamText::Scalar(text) => vec![(name.to_string(), cookie_text(&text))],
            ParamText::List(items) if explode => items
                .iter()
                .map(|item| (name.to_string(), cookie_text(item)))
                .collect(),
            ParamText::List(items) => vec![(
                name.to_string(),
                joined(items.iter().map(|item| cookie_text(item)).collect()),
            )],
            ParamText::Pairs(fields) if explode => fields
                .iter()
                .map(|(key, value)| (cookie_text(key), cookie_text(value)))
                .collect(),
            ParamText::Pairs(fields) => vec![(
                name.to_string(),
                joined(
                    fields
                        .iter()
                        .flat_map(|(key, value)| [cookie_text(key), cookie_text(value)])
                        .collect(),
                ),
            )],
        };
        for (key, value) in pairs {
            add_cookie(&mut self.headers, &format!("{key}={value}"), false).ok_or_else(|| {
                Error::InvalidRequest(format!("cookie `{name}` cannot be sent in a header"))
            })?;
        }
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<E>(&mut self, body: &(impl Serialize + ?Sized)) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!("cannot encode the request body as JSON: {e}"))
        })?;
        self.set_body(HeaderValue::from_static("application/json"), bytes);
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from the fields of `body`; arrays
    /// repeat their field.
    pub fn form<E>(&mut self, body: &(impl Serialize + ?Sized)) -> Result<(), Error<E>> {
        let fields = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => {
                return Err(Error::InvalidRequest(
                    "a form body must be an object".to_string(),
                ))
            }
        };
        // `Url` holds the standard form encoder; a scratch URL lends it.
        let mut scratch = Url::parse("http://form/").expect("a valid URL");
        {
            let mut pairs = scratch.query_pairs_mut();
            for (name, value) in fields {
                match param_text(&name, &value)? {
                    ParamText::Scalar(text) => {
                        pairs.append_pair(&name, &text);
                    }
                    ParamText::List(items) => {
                        for item in &items {
                            pairs.append_pair(&name, item);
                        }
                    }
                    ParamText::Pairs(_) => {
                        return Err(Error::InvalidRequest(format!(
                            "form field `{name}` is an object, which a form cannot carry"
                        )))
                    }
                }
            }
        }
        let encoded = scratch.query().unwrap_or("").as_bytes().to_vec();
        self.set_body(
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            encoded,
        );
        Ok(())
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, body: &Multipart) {
        let (bytes, boundary) = body.encode();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let content_type =
            HeaderValue::from_str(&content_type).expect("the boundary is ASCII letters and digits");
        self.set_body(content_type, bytes);
    }

    /// Sets a body of the given media type as it is.
    pub fn raw(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.set_body(HeaderValue::from_static(content_type), body);
    }

    /// Sets a body of the given media type from an [`Upload`]: bytes, a file or a stream.
    pub fn upload<E>(&mut self, content_type: &'static str, body: &Upload) -> Result<(), Error<E>> {
        match &body.kind {
            UploadKind::Bytes(bytes) => {
                self.set_body(HeaderValue::from_static(content_type), bytes.clone());
            }
            UploadKind::Once { body, length } => {
                let body = body.lock().ok().and_then(|mut body| body.take());
                let body = body.ok_or_else(|| {
                    Error::InvalidRequest("a streamed body can be sent only once".to_string())
                })?;
                self.headers.insert(
                    reqwest::header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type),
                );
                if let Some(length) = length {
                    self.headers
                        .insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(*length));
                }
                self.body = Some(RequestBody::Once(std::sync::Mutex::new(Some(body))));
            }
        }
        Ok(())
    }

    fn set_body(&mut self, content_type: HeaderValue, body: impl Into<bytes::Bytes>) {
        self.headers
            .insert(reqwest::header::CONTENT_TYPE, content_type);
        self.body = Some(RequestBody::Bytes(body.into()));
    }

    /// Whether the request can be sent again: its body, if any, is in memory.
    fn replayable(&self) -> bool {
        !matches!(self.body, Some(RequestBody::Once(_)))
    }
}

/// How a query parameter's arrays and objects are written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `name=a&name=b` (exploded) or `name=a,b`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
}

/// A parameter value as text: a scalar, a list of scalars, or an object's key-value pairs.
enum ParamText {
    Scalar(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// Writes a parameter value as text through its JSON form, so every type that serializes
/// (strings, numbers, enums, date-times, arrays, flat objects) can be a parameter.
fn param_text<E>(name: &str, value: &(impl Serialize + ?Sized)) -> Result<ParamText, Error<E>> {
    let value = serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("parameter `{name}` cannot be written: {e}")))?;
    Ok(match value {
        serde_json::Value::Array(items) => ParamText::List(
            items
                .into_iter()
                .map(|item| scalar_text(name, item))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(fields) => ParamText::Pairs(
            fields
                .into_iter()
                .map(|(key, value)| Ok((key, scalar_text(name, value)?)))
                .collect::<Result<_, _>>()?,
        ),
        other => ParamText::Scalar(scalar_text(name, other)?),
    })
}

fn scalar_text<E>(name: &str, value: serde_json::Value) -> Result<String, Error<E>> {
    match value {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Null => Ok(String::new()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(Error::InvalidRequest(format!(
            "parameter `{name}` nests arrays or objects, which a URL or header cannot carry"
        ))),
    }
}

/// The `simple` style of paths and headers: `a,b`, and `k,v` (or `k=v` exploded) for objects.
fn simple(text: ParamText, explode: bool) -> String {
    match text {
        ParamText::Scalar(text) => text,
        ParamText::List(items) => items.join(","),
        ParamText::Pairs(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    if explode {
                        format!("{k}={v}")
                    } else {
                        format!("{k},{v}")
                    }
                })
                .collect();
            parts.join(",")
        }
    }
}

/// A cookie value with every byte outside RFC 6265's `cookie-octet`, and `%`, percent-encoded.
fn cookie_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            0x21 | 0x23 | 0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A path parameter's value as text (`simple` style), before percent-encoding.
pub(crate) fn path_param<E>(
    name: &'static str,
    value: &(impl Serialize + ?Sized),
    explode: bool,
) -> Result<String, Error<E>> {
    Ok(simple(param_text(name, value)?, explode))
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

/// A `multipart/form-data` request body: text fields and files, in order.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    /// The `Content-Type` of a part that is not a file, when it has one.
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file: its field name, file name, media type and contents.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: Some((file_name.into(), content_type.into())),
            content_type: None,
            data: data.into(),
        });
        self
    }

    /// Adds a value as text (a part per item of an array), with its `Content-Type` when the
    /// spec's `encoding` names one.
    pub(crate) fn push_text<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        let items = match param_text(name, value)? {
            ParamText::Scalar(text) => vec![text],
            ParamText::List(items) => items,
            ParamText::Pairs(_) => return self.push_json(name, value, content_type),
        };
        for text in items {
            self.parts.push(Part {
                name: name.to_string(),
                file: None,
                content_type: content_type.map(str::to_string),
                data: text.into_bytes(),
            });
        }
        Ok(())
    }

    /// Adds a value encoded as JSON (`application/json` unless the spec's `encoding` says
    /// otherwise).
    pub(crate) fn push_json<E>(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
        content_type: Option<&str>,
    ) -> Result<(), Error<E>> {
        let data = serde_json::to_vec(value).map_err(|e| {
            Error::InvalidRequest(format!("part `{name}` cannot be encoded as JSON: {e}"))
        })?;
        self.parts.push(Part {
            name: name.to_string(),
            file: None,
            content_type: Some(content_type.unwrap_or("application/json").to_string()),
            data,
        });
        Ok(())
    }

    /// Adds a file; its own media type wins over the spec's `encoding`, and
    /// `application/octet-stream` is used when neither says one.
    pub(crate) fn push_file(&mut self, name: &str, file: &FilePart, content_type: Option<&str>) {
        let content_type = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        self.parts.push(Part {
            name: name.to_string(),
            file: Some((file.file_name.clone(), content_type.to_string())),
            content_type: None,
            data: file.data.to_vec(),
        });
    }

    /// The body and the boundary that separates its parts.
    fn encode(&self) -> (Vec<u8>, String) {
        let boundary = format!("----boundary{:016x}", random());
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote_field(&part.name);
            match &part.file {
                None => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
                    );
                    if let Some(content_type) = &part.content_type {
                        let content_type: String =
                            content_type.chars().filter(|c| !c.is_control()).collect();
                        out.extend_from_slice(
                            format!("Content-Type: {content_type}\r\n").as_bytes(),
                        );
                    }
                    out.extend_from_slice(b"\r\n");
                }
                Some((file_name, content_type)) => {
                    let file_name = quote_field(file_name);
                    let content_type: String =
                        content_type.chars().filter(|c| !c.is_control()).collect();
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                }
            }
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (out, boundary)
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("Multipart").field("parts", &names).finish()
    }
}

/// A body sent as it is (`application/octet-stream`, `image/png`, ...): bytes in memory, or
/// a file or a stream, which is sent as it is read and never loaded whole.
///
/// A request whose body is a file or a stream is not retried: its body is sent once.
pub struct Upload {
    kind: UploadKind,
}

enum UploadKind {
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

/// A response body read as it arrives, chunk by chunk, from `send_stream()`: a download of
/// any size, never held whole in memory. A `futures_core::Stream` of chunks; or call
/// [`ByteStream::chunk`] until it returns `None`.
///
/// The per-attempt timeout ([`ClientBuilder::timeout`]) covers the whole download.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    response: reqwest::Response,
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

/// A file in a typed `multipart/form-data` body: its name, its media type, and its bytes.
#[derive(Clone)]
pub struct FilePart {
    file_name: String,
    content_type: Option<String>,
    data: bytes::Bytes,
}

impl FilePart {
    /// A file of this name and contents; its media type is the one the spec gives the part,
    /// or `application/octet-stream`, unless set with [`FilePart::content_type`].
    pub fn new(file_name: impl Into<String>, data: impl Into<bytes::Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Reads a file from disk; the part's file name is the file's own name.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FilePart::new(file_name, std::fs::read(path)?))
    }

    /// Sets the file's media type (`image/png`, ...).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// Every item of a list that the API returns page by page, from a request's `items()`: a
/// `futures_core::Stream` of items that fetches the next page only when the items of the
/// last one are used up. Or call [`Paginated::next_item`] until it returns `None`.
///
/// Paging ends at the last page (no next cursor, an empty page, or as many items as the
/// response's total), or after an error, which is the stream's last item.
pub struct Paginated<'a, T, E> {
    pages: std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<T, E>> + Send + 'a>>,
}

impl<T, E> Paginated<'_, T, E> {
    /// The next item, fetching the next page when needed; `None` after the last one.
    pub async fn next_item(&mut self) -> Option<Result<T, E>> {
        std::future::poll_fn(|cx| self.pages.as_mut().poll_next(cx)).await
    }
}

impl<T, E> futures_core::Stream for Paginated<'_, T, E> {
    type Item = Result<T, E>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().pages.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for Paginated<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated").finish_non_exhaustive()
    }
}

/// One page of a list: its items, the key of the next page, and the total number of items
/// when the response gives it.
pub(crate) struct Page<T, K> {
    pub items: Vec<T>,
    pub next: Option<K>,
    pub total: Option<u64>,
}

/// A count as `u64`, when it is one (not negative).
pub(crate) fn count(value: impl TryInto<u64>) -> Option<u64> {
    value.try_into().ok()
}

/// The pages of a list, fetched by `fetch` from the key of each (`first` for the first).
pub(crate) fn paginate<'a, T, K, E, F, Fut>(first: Option<K>, fetch: F) -> Paginated<'a, T, E>
where
    T: Send + 'a,
    K: PartialEq + Clone + Send + Unpin + 'a,
    E: Send + 'a,
    F: FnMut(Option<K>) -> Fut + Send + Unpin + 'a,
    Fut: std::future::Future<Output = Result<Page<T, K>, E>> + Send + 'a,
{
    Paginated {
        pages: Box::pin(PageStream {
            fetch,
            key: first,
            pending: None,
            items: std::collections::VecDeque::new(),
            seen: 0,
            done: false,
        }),
    }
}

/// The state of [`Paginated`]: the page being fetched, and the items of the last one.
struct PageStream<T, K, F, Fut> {
    fetch: F,
    /// The key of the next page to fetch.
    key: Option<K>,
    pending: Option<std::pin::Pin<Box<Fut>>>,
    items: std::collections::VecDeque<T>,
    seen: u64,
    done: bool,
}

// Nothing of it is pinned in place (the page being fetched is boxed), so it may move.
impl<T, K: Unpin, F: Unpin, Fut> Unpin for PageStream<T, K, F, Fut> {}

impl<T, K, E, F, Fut> futures_core::Stream for PageStream<T, K, F, Fut>
where
    K: PartialEq + Clone + Unpin,
    F: FnMut(Option<K>) -> Fut + Unpin,
    Fut: std::future::Future<Output = Result<Page<T, K>, E>>,
{
    type Item = Result<T, E>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let key = this.key.clone();
            let pending = this
                .pending
                .get_or_insert_with(|| Box::pin((this.fetch)(key.clone())));
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.pending = None;
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            };
            let count = page.items.len() as u64;
            this.seen += count;
            this.items.extend(page.items);
            // The end: no next page, an empty page, the total reached, or a next key that
            // is this page's again (a server that would loop forever).
            let end = count == 0
                || page.next.is_none()
                || page.next == key
                || page.total.is_some_and(|total| this.seen >= total);
            if end {
                this.done = true;
            } else {
                this.key = page.next;
            }
        }
    }
}

/// A field or file name as a quoted-string may carry it (as browsers write them).
fn quote_field(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A random number, without a dependency: std's hasher keys are random per process.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.finish()
}

/// A piece of a path: literal text, or a parameter's name and value.
pub(crate) enum PathPiece<'a> {
    /// Text copied as it is.
    Literal(&'static str),
    /// A value percent-encoded into one segment; the name is for error messages.
    Param(&'static str, &'a str),
}

/// A whole response, read.
pub(crate) struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

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

/// Appends `value` to `out` as one path segment: everything but RFC 3986's unreserved
/// characters is percent-encoded, `/` included, so a value cannot change the route.
fn encode_path_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Statuses worth retrying: timeouts, rate limits and server errors that may pass.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The delay a `Retry-After` header asks for: seconds, or an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff with full jitter: a random delay up to 200 ms × 2^attempt.
fn backoff(attempt: u32) -> Duration {
    let ceiling = BASE_RETRY_DELAY.saturating_mul(1 << attempt.min(10));
    let fraction = (random() % 1_000) as u32;
    ceiling * fraction / 1_000
}

/// Standard base64 with padding, for basic authentication.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_OPERATION: Operation = Operation {
        name: "test",
        method: Method::GET,
        path: "/p",
    };

    #[test]
    fn path_segments_cannot_change_the_route() {
        let mut out = String::new();
        encode_path_segment("../x", &mut out);
        assert_eq!(out, "..%2Fx");
        let mut out = String::new();
        encode_path_segment("a b?c#d%é", &mut out);
        assert_eq!(out, "a%20b%3Fc%23d%25%C3%A9");
    }

    #[test]
    fn parameters_are_written_in_their_style() {
        let mut request = Request {
            operation: &TEST_OPERATION,
            method: Method::GET,
            url: Url::parse("http://host/p").unwrap(),
            headers: HeaderMap::new(),
            body: None,
        };
        let tags = ["a", "b c"];
        let filter = serde_json::json!({"kind": "x", "n": 1});
        request
            .query::<()>("q", &"é&=", QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>("tag", &tags, QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>("tags", &tags, QueryStyle::Form, false)
            .unwrap();
        request
            .query::<()>("pipe", &tags, QueryStyle::PipeDelimited, false)
            .unwrap();
        request
            .query::<()>("f", &filter, QueryStyle::DeepObject, true)
            .unwrap();
        request
            .query::<()>("o", &filter, QueryStyle::Form, true)
            .unwrap();
        request
            .query::<()>(
                "at",
                &chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
                QueryStyle::Form,
                true,
            )
            .unwrap();
        assert_eq!(
            request.url.query().unwrap(),
            "q=%C3%A9%26%3D&tag=a&tag=b+c&tags=a%2Cb+c&pipe=a%7Cb+c&f%5Bkind%5D=x&f%5Bn%5D=1&kind=x&n=1&at=1970-01-01T00%3A00%3A00Z"
        );
        let nested = serde_json::json!([[1]]);
        assert!(request
            .query::<()>("bad", &nested, QueryStyle::Form, true)
            .is_err());
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let mut request = Request {
            operation: &TEST_OPERATION,
            method: Method::GET,
            url: Url::parse("http://host/").unwrap(),
            headers: HeaderMap::new(),
            body: None,
        };
        let error = request
            .header::<()>("x-id", &"a\r\nx-evil: 1", false)
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)));
        assert!(request.headers.is_empty());
        request.header::<()>("x-ids", &[1, 2], false).unwrap();
        assert_eq!(request.headers["x-ids"], "1,2");
    }

    #[test]
    fn cookies_share_one_header_in_form_style() {
        let mut request = Request {
            operation: &TEST_OPERATION,
            method: Method::GET,
            url: Url::parse("http://host/").unwrap(),
            headers: HeaderMap::new(),
            body: None,
        };
        request.cookie::<()>("session", &"a b;c%", true).unwrap();
        request.cookie::<()>("ids", &[1, 2], false).unwrap();
        request.cookie::<()>("tag", &["x", "y"], true).unwrap();
        let object = serde_json::json!({"role": "admin", "team": "a,b"});
        request.cookie::<()>("filter", &object, false).unwrap();
        request.cookie::<()>("filter", &object, true).unwrap();
        assert_eq!(
            request
                .headers
                .get_all(reqwest::header::COOKIE)
                .iter()
                .count(),
            1
        );
        assert_eq!(
            request.headers[reqwest::header::COOKIE],
            "session=a%20b%3Bc%25; ids=1,2; tag=x; tag=y; filter=role,admin,team,a%2Cb; \
             role=admin; team=a%2Cb"
        );
        assert!(!request.headers[reqwest::header::COOKIE].is_sensitive());
        let mut headers = request.headers.clone();
        add_cookie(&mut headers, "key=secret", true).unwrap();
        assert!(headers[reqwest::header::COOKIE].is_sensitive());
        assert!(headers[reqwest::header::COOKIE]
            .to_str()
            .unwrap()
            .ends_with("; key=secret"));
    }

    #[test]
    fn multipart_bodies_are_encoded_part_by_part() {
        let body = Multipart::new().text("title", "A \"quoted\" name").file(
            "file",
            "a.txt",
            "text/plain",
            b"hello".to_vec(),
        );
        let (bytes, boundary) = body.encode();
        let text = String::from_utf8(bytes).unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA \"quoted\" name\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(text, expected);
        assert!(boundary
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }

    #[test]
    fn form_bodies_are_url_encoded() {
        let mut request = Request {
            operation: &TEST_OPERATION,
            method: Method::POST,
            url: Url::parse("http://host/").unwrap(),
            headers: HeaderMap::new(),
            body: None,
        };
        #[derive(Serialize)]
        struct Search {
            name: &'static str,
            tags: [&'static str; 2],
            n: u32,
        }
        let body = Search {
            name: "a b&c",
            tags: ["x", "y"],
            n: 1,
        };
        request.form::<()>(&body).unwrap();
        let Some(RequestBody::Bytes(body)) = request.body else {
            panic!("a form is bytes in memory")
        };
        assert_eq!(body, &b"name=a+b%26c&tags=x&tags=y&n=1"[..]);
        assert_eq!(
            request.headers[reqwest::header::CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:40 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn backoff_grows_and_stays_under_its_ceiling() {
        for attempt in 0..5 {
            assert!(backoff(attempt) <= BASE_RETRY_DELAY * (1 << attempt));
        }
    }

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let secret = Secret::new("rcp_top_secret");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        let builder = ClientBuilder::default()
            .base_url("http://localhost")
            .credential("apiKey", Credential::Token(secret));
        assert!(!format!("{builder:?}").contains("rcp_top_secret"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("rcp_top_secret"));
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        for url in ["not a url", "/relative", "ftp://host"] {
            let error = ClientBuilder::default().base_url(url).build().unwrap_err();
            assert!(matches!(error, Error::InvalidRequest(_)), "{url}");
        }
    }
}
