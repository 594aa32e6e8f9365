//! Blocking and async requests of the Recepta client cannot break each other: a blocking
//! client and an async client are separate types with separate connection pools, each
//! refuses the other's way of sending, and either can be dropped anywhere.

use recepta_api::types::{CreateContactRequest, CreateContactResponse};
use recepta_api::{BlockingClient, Client, Error};
use serde_json::json;
use std::time::Duration;
use tokio::runtime::Runtime;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "rcp_test_0123456789";

/// A runtime of the test's own, driven only while the test blocks on it, as in an app that
/// runs async code now and then.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A mock server (it runs on a thread of its own) that creates contacts.
fn server(runtime: &Runtime) -> MockServer {
    runtime.block_on(async {
        let server = MockServer::start().await;
        let body = json!({"success": true, "data": {"client": {"id": "c1"}}});
        Mock::given(method("POST"))
            .and(path("/api/contacts"))
            .respond_with(ResponseTemplate::new(201).set_body_json(body))
            .mount(&server)
            .await;
        server
    })
}

fn builder(server: &MockServer) -> recepta_api::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .timeout(Duration::from_secs(5))
}

fn requests(runtime: &Runtime, server: &MockServer) -> usize {
    runtime.block_on(server.received_requests()).unwrap().len()
}

/// Awaits a request, failing the test rather than hanging when it does not complete.
fn await_on<T>(runtime: &Runtime, future: impl Future<Output = T>) -> T {
    runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(10), future).await })
        .expect("the request completes instead of hanging")
}

#[test]
fn a_blocking_client_sends_again_and_again_on_its_own_pool() {
    let runtime = runtime();
    let server = server(&runtime);
    let client: BlockingClient = builder(&server).build_blocking().unwrap();
    let body = CreateContactRequest::default();
    for _ in 0..3 {
        let created: CreateContactResponse = client.create_contact(&body).send_blocking().unwrap();
        assert_eq!(created.data.client.id, "c1");
        // Idle between requests: the pooled connection is still served by the client's
        // own thread when the next request takes it.
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(requests(&runtime, &server), 3);
}

#[test]
fn an_async_client_refuses_to_block_and_still_awaits() {
    let runtime = runtime();
    let server = server(&runtime);
    let client = builder(&server).build().unwrap();
    let body = CreateContactRequest::default();

    // What used to tie the pool to a runtime nobody drove afterwards is refused, unsent.
    let error = client.create_contact(&body).send_blocking().unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("build_blocking"), "{error}");
    assert_eq!(requests(&runtime, &server), 0);

    let created = await_on(&runtime, client.create_contact(&body).send()).unwrap();
    assert_eq!(created.data.client.id, "c1");
    // And again, on a pooled connection of the app's runtime.
    await_on(&runtime, client.create_contact(&body).send()).unwrap();
    assert_eq!(requests(&runtime, &server), 2);
}

#[test]
fn blocking_then_async_then_blocking_never_hangs() {
    let runtime = runtime();
    let server = server(&runtime);
    let blocking = builder(&server).build_blocking().unwrap();
    let async_client = builder(&server).build().unwrap();
    let body = CreateContactRequest::default();

    blocking.create_contact(&body).send_blocking().unwrap();
    // Awaiting a blocking client's request is refused at once, not left hanging...
    let error = await_on(&runtime, blocking.create_contact(&body).send()).unwrap_err();
    assert!(error.to_string().contains("send_blocking"), "{error}");
    // ...and the async client beside it is not disturbed by the blocking one.
    await_on(&runtime, async_client.create_contact(&body).send()).unwrap();
    blocking.create_contact(&body).send_blocking().unwrap();
    await_on(&runtime, async_client.create_contact(&body).send()).unwrap();
    assert_eq!(requests(&runtime, &server), 4);
}

#[test]
fn a_blocking_client_can_be_dropped_inside_async_code() {
    let runtime = runtime();
    let server = server(&runtime);
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let body = CreateContactRequest::default();
    let first = builder(&server).build_blocking().unwrap();
    let second = builder(&server).build_blocking().unwrap();
    let copy = second.clone();
    first.create_contact(&body).send_blocking().unwrap();
    copy.create_contact(&body).send_blocking().unwrap();
    drop(second);
    // Dropping the last copy shuts its runtime down without waiting, which is allowed
    // where blocking is not: on a current-thread runtime and in a task of a
    // multi-threaded one.
    runtime.block_on(async move { drop(first) });
    multi.block_on(async move {
        tokio::spawn(async move { drop(copy) }).await.unwrap();
    });
    assert_eq!(requests(&runtime, &server), 2);
}

#[test]
fn a_blocking_send_works_inside_spawn_blocking() {
    let runtime = runtime();
    let server = server(&runtime);
    let blocking = builder(&server).build_blocking().unwrap();
    let app = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    // Where a mixed app runs its blocking calls: a thread of the app's runtime's pool, which
    // tokio forbids to block on a runtime.
    let id = app.block_on(async move {
        let task = tokio::task::spawn_blocking(move || {
            blocking
                .create_contact(&CreateContactRequest::default())
                .send_blocking()
                .map(|created| created.data.client.id)
        });
        tokio::time::timeout(Duration::from_secs(10), task).await
    });
    assert_eq!(id.expect("no hang").unwrap().unwrap(), "c1");
    assert_eq!(requests(&runtime, &server), 1);
}

#[test]
fn a_blocking_send_inside_async_code_blocks_its_thread_but_works() {
    let runtime = runtime();
    let server = server(&runtime);
    let blocking = builder(&server).build_blocking().unwrap();
    // Not where it belongs (it holds up the app's thread), but the request needs nothing of
    // the app's runtime: it neither panics nor hangs.
    let created = runtime.block_on(async {
        blocking
            .create_contact(&CreateContactRequest::default())
            .send_blocking()
            .unwrap()
    });
    assert_eq!(created.data.client.id, "c1");
    assert_eq!(requests(&runtime, &server), 1);
}
