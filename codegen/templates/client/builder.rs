//! The client's configuration: base URL, timeouts, retries, headers and credentials.

use super::auth::Credential;
#[cfg(feature = "blocking")]
use super::blocking::{BlockingClient, BlockingRuntime};
use super::request::header_pair;
use super::send::{Client, Inner, NoRedirects};
use crate::error::Error;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Url;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Total time allowed for one attempt of a request, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed to establish a connection, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest the client waits before a retry; a `Retry-After` asking for more ends the
/// retries instead.
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(30);
/// The largest success body read into memory (32 MiB), unless configured otherwise;
/// `send_stream()` reads downloads of any size.
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

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

    /// Uses this `reqwest::Client` (its proxy, TLS and pool settings) to send requests. It
    /// is used as it is, redirect policy included: an operation that documents a `3XX`
    /// answer gets that answer only if the client does not follow redirects.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    #[allow(
        dead_code,
        reason = "generated credential setters use it; an API may have none"
    )]
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
        let no_redirects = self.http_client.is_none().then(|| NoRedirects {
            connect_timeout: self.connect_timeout,
            client: std::sync::OnceLock::new(),
        });
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
                no_redirects,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Secret;

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
