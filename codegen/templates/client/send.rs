//! The client and the request cycle every operation goes through: credentials, attempts,
//! retries, and the response read.

use super::auth::{base64, Credential, Scheme, SchemeKind};
#[cfg(feature = "blocking")]
use super::blocking::BlockingRuntime;
use super::builder::ClientBuilder;
use super::events::{Decode, EventStream, Framing};
use super::request::{
    add_cookie, header_pair, sensitive, Extras, Operation, PathPiece, Request, RequestBody,
};
use super::response::transport;
use super::response::{read_response, ApiResponse, ByteStream, Response, MAX_ERROR_BODY};
use super::retry::{backoff, is_retryable_status, retry_after};
use crate::error::Error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The API client. Cheap to clone: clones share one connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    /// A client like `http` that follows no redirect, for the operations that document a
    /// `3XX` answer; made on first use. `None` when the app gave its own `reqwest::Client`,
    /// which is then used as it is.
    pub(super) no_redirects: Option<NoRedirects>,
    pub(super) base_url: Url,
    pub(super) user_agent: HeaderValue,
    pub(super) timeout: Duration,
    pub(super) max_retries: u32,
    pub(super) max_retry_delay: Duration,
    pub(super) deadline: Option<Duration>,
    pub(super) max_body_size: usize,
    pub(super) default_headers: HeaderMap,
    pub(super) credentials: BTreeMap<&'static str, Credential>,
    /// The runtime of a [`BlockingClient`]: it drives the client's connections on a thread
    /// of its own. `None` for an async client.
    ///
    /// [`BlockingClient`]: crate::BlockingClient
    #[cfg(feature = "blocking")]
    pub(super) runtime: Option<BlockingRuntime>,
}

/// The client that follows no redirect, built on first use with the connect timeout of the
/// one that does.
pub(super) struct NoRedirects {
    pub(super) connect_timeout: Duration,
    pub(super) client: std::sync::OnceLock<reqwest::Client>,
}

impl NoRedirects {
    /// The client; `http` if it cannot be built (it was built once the same way).
    fn client<'a>(&'a self, http: &'a reqwest::Client) -> &'a reqwest::Client {
        let built = self.client.get_or_init(|| {
            reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_else(|_| http.clone())
        });
        built
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
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
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
                    full.push_str(value);
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
            method: Method::from_bytes(operation.method.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{}` is not an HTTP method", operation.method))
            })?,
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
            method = operation.method,
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
        // `QUERY` is safe and idempotent (RFC 9110 leaves it out, being newer); a method the
        // API defines itself is not known to be.
        let idempotent = request.method.is_idempotent() || request.method.as_str() == "QUERY";
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
            let http = match &inner.no_redirects {
                Some(no_redirects) if !request.operation.follow_redirects => {
                    no_redirects.client(&inner.http)
                }
                _ => &inner.http,
            };
            let result = http.execute(outgoing).await;
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
    pub(super) async fn run<B, T, E>(
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
    ///
    /// [`BlockingClient`]: crate::BlockingClient
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    pub(crate) async fn send_with_response<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<ApiResponse<T>, Error<E>> {
        self.async_only()?;
        self.run(builder, prepare, security, decode).await
    }

    /// Refuses an async request on a [`BlockingClient`] (see [`Client::send_with_response`]).
    ///
    /// [`BlockingClient`]: crate::BlockingClient
    fn async_only<E>(&self) -> Result<(), Error<E>> {
        #[cfg(feature = "blocking")]
        if self.inner.runtime.is_some() && !super::blocking::driving() {
            return Err(Error::InvalidRequest(
                "this client is from `ClientBuilder::build_blocking`: send its requests with `send_blocking()`, or await them on a client from `build()`".to_string(),
            ));
        }
        Ok(())
    }

    /// What the `send_stream` of an operation with a download runs: a success's body comes
    /// back unread, as a [`ByteStream`]; another status is read (at most
    /// [`MAX_ERROR_BODY`] bytes) and becomes its error through `error`.
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
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

    /// What the `send_events` and `send_lines` of an operation with a streamed answer run:
    /// the request, asking for `accept` (the stream's media type), and a success's body read
    /// as it arrives, cut into items as `framing` says and each decoded by `decode`. Another
    /// status is read and becomes its error through `error`.
    ///
    /// A success whose body is JSON is not the stream asked for (a server that answers with
    /// one until the request asks for a stream, such as OpenAI's `stream: true`): it is a
    /// decode error that says so.
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    #[allow(
        clippy::too_many_arguments,
        reason = "what an operation's stream needs, spelled by generated code"
    )]
    pub(crate) async fn send_events<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        error: impl FnOnce(Response) -> Error<E>,
        accept: &'static str,
        framing: Framing,
        decode: Decode<T>,
    ) -> Result<EventStream<T>, Error<E>> {
        let prepare = |builder: &B| {
            let mut request = prepare(builder)?;
            request
                .headers
                .insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
            Ok(request)
        };
        let mut stream = self.send_stream(builder, prepare, security, error).await?;
        let is_json = stream
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"));
        if is_json {
            let status = stream.status;
            let mut start = Vec::new();
            while let Ok(Some(chunk)) = stream.chunk().await {
                start.extend_from_slice(&chunk[..chunk.len().min(MAX_ERROR_BODY - start.len())]);
                if start.len() == MAX_ERROR_BODY {
                    break;
                }
            }
            return Err(Error::Decode(Box::new(crate::error::DecodeError {
                status,
                path: ".".to_string(),
                message: format!(
                    "the server answered with JSON, not the `{accept}` stream asked for (does the request say it wants a stream?)"
                ),
                snippet: crate::error::snippet(&start),
            })));
        }
        Ok(EventStream::new(
            stream.status,
            stream.headers.clone(),
            Box::pin(stream),
            framing,
            decode,
            self.inner.max_body_size,
        ))
    }

    /// [`Client::send_with_response`] without the status and headers: what every operation's
    /// `send` runs.
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    pub(crate) async fn send<B, T, E>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>>,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>>,
    ) -> Result<T, Error<E>> {
        self.send_with_response(builder, prepare, security, decode)
            .await
            .map(ApiResponse::into_body)
    }

    /// Sends a request already prepared and decodes its response: what each page of a
    /// [`Paginated`] list runs.
    ///
    /// [`Paginated`]: crate::Paginated
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
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
    ///
    /// Inside an app's runtime (in a `spawn_blocking` task, say), where tokio lets no
    /// runtime be blocked on, the request is driven from a thread of its own while this one
    /// waits: it needs nothing of the app's runtime, so it cannot hang on it.
    ///
    /// [`BlockingClient`]: crate::BlockingClient
    #[cfg(feature = "blocking")]
    #[allow(
        dead_code,
        reason = "generated operations use it; an API may have none"
    )]
    pub(crate) fn send_blocking<B: Send, T: Send, E: Send>(
        &self,
        builder: B,
        prepare: impl FnOnce(&B) -> Result<Request, Error<E>> + Send,
        security: &[&[Scheme]],
        decode: impl FnOnce(Response) -> Result<ApiResponse<T>, Error<E>> + Send,
    ) -> Result<T, Error<E>> {
        let Some(runtime) = self.inner.runtime.as_ref().and_then(|r| r.0.as_ref()) else {
            return Err(Error::InvalidRequest(
                "`send_blocking` needs a client from `ClientBuilder::build_blocking`; with this async client, `.send().await` the request".to_string(),
            ));
        };
        let run = || {
            runtime
                .block_on(self.run(builder, prepare, security, decode))
                .map(ApiResponse::into_body)
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return run();
        }
        std::thread::scope(|scope| {
            scope
                .spawn(run)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
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
        // JSON first, unless the request or the app asks otherwise: the client decodes JSON
        // wherever the spec offers it, and a server that offers XML too would otherwise pick
        // whichever it lists first for `*/*`. Anything else after, for the operations whose
        // answers are text or bytes.
        if !headers.contains_key(reqwest::header::ACCEPT) {
            headers.insert(
                reqwest::header::ACCEPT,
                HeaderValue::from_static("application/json, */*;q=0.8"),
            );
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

/// A duration in whole milliseconds, for logs.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
