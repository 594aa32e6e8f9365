//! End-to-end tests of the generated Recepta client against a local mock server.

use recepta_api::types::{Contact, ContactSource, CreateContactRequest};
use recepta_api::{Client, Error};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "rcp_test_0123456789";

/// The response example of the public documentation, as it is.
fn documented_response() -> Value {
    json!({
      "success": true,
      "message": "Client created successfully",
      "data": {
        "client": {
          "id": "697929d5ebccbcca5cdaf13b",
          "firstName": "Jane",
          "lastName": "Doe",
          "fullName": "Jane Doe",
          "email": "jane@example.com",
          "phone": "+15551234567",
          "source": "API",
          "tags": ["lead", "website"],
          "status": "active",
          "notes": "Interested in premium plan",
          "company_name": "Acme Corp",
          "address": "<string>",
          "city": "<string>",
          "state": "<string>",
          "zipCode": "<string>",
          "country": "<string>",
          "customFields": {"referralSource": "google"},
          "isActive": true,
          "createdAt": "2023-11-07T05:31:56Z",
          "updatedAt": "2023-11-07T05:31:56Z"
        }
      }
    })
}

/// A client for the mock server, with the path prefix of the real server.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(KEY)
        .max_retries(2)
        .build()
        .expect("valid configuration")
}

async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/api/v1/api/contacts"))
        .respond_with(response)
        .mount(server)
        .await;
}

fn jane() -> CreateContactRequest {
    CreateContactRequest {
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        email: Some("jane@example.com".into()),
        source: Some(ContactSource::Api),
        tags: Some(vec!["lead".into()]),
        company_name: Some("Acme Corp".into()),
        zip_code: Some("94107".into()),
        custom_fields: Some(serde_json::Map::from_iter([(
            "referralSource".to_string(),
            json!("google"),
        )])),
        ..Default::default()
    }
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    requests.remove(0)
}

#[tokio::test]
async fn create_contact_sends_the_documented_request() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(201).set_body_json(documented_response()),
    )
    .await;

    client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v1/api/contacts");
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers.get("x-api-key").unwrap(), KEY);
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/json"
    );
    // JSON first, so a server that also offers XML answers with what the client decodes.
    assert_eq!(
        request.headers.get("accept").unwrap(),
        "application/json, */*;q=0.8"
    );
    let user_agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(user_agent.starts_with("recepta-api/"), "{user_agent}");
    // The wire names are the documented ones, camelCase beside `company_name`, and unset
    // fields are not sent at all.
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "firstName": "Jane",
            "lastName": "Doe",
            "email": "jane@example.com",
            "source": "API",
            "tags": ["lead"],
            "company_name": "Acme Corp",
            "zipCode": "94107",
            "customFields": {"referralSource": "google"}
        })
    );
}

#[tokio::test]
async fn an_empty_request_sends_an_empty_object() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(201).set_body_json(documented_response()),
    )
    .await;
    client(&server)
        .create_contact(&CreateContactRequest::default())
        .send()
        .await
        .unwrap();
    assert_eq!(only_request(&server).await.body, b"{}");
}

#[tokio::test]
async fn the_documented_response_decodes() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(201).set_body_json(documented_response()),
    )
    .await;

    let created = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();

    assert!(created.success);
    assert_eq!(
        created.message.as_deref(),
        Some("Client created successfully")
    );
    let Contact {
        id,
        full_name,
        source,
        tags,
        company_name,
        zip_code,
        custom_fields,
        is_active,
        created_at,
        updated_at,
        ..
    } = created.data.client;
    assert_eq!(id, "697929d5ebccbcca5cdaf13b");
    assert_eq!(full_name.as_deref(), Some("Jane Doe"));
    assert_eq!(source, Some(ContactSource::Api));
    assert_eq!(tags, Some(vec!["lead".to_string(), "website".to_string()]));
    assert_eq!(company_name.as_deref(), Some("Acme Corp"));
    assert_eq!(zip_code.as_deref(), Some("<string>"));
    assert_eq!(
        custom_fields.unwrap().get("referralSource"),
        Some(&json!("google"))
    );
    assert_eq!(is_active, Some(true));
    let expected = "2023-11-07T05:31:56Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap();
    assert_eq!(created_at, Some(expected));
    assert_eq!(updated_at, Some(expected));
}

#[tokio::test]
async fn a_200_answer_is_accepted_too() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(documented_response()),
    )
    .await;
    let created = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.client.id, "697929d5ebccbcca5cdaf13b");
}

#[tokio::test]
async fn a_source_the_client_does_not_know_is_kept() {
    let server = MockServer::start().await;
    let mut response = documented_response();
    response["data"]["client"]["source"] = json!("WEBHOOK");
    answer(&server, ResponseTemplate::new(201).set_body_json(response)).await;

    let created = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();
    let source = created.data.client.source.unwrap();
    assert_eq!(source, ContactSource::Other("WEBHOOK".into()));
    assert_eq!(serde_json::to_value(&source).unwrap(), json!("WEBHOOK"));
}

#[tokio::test]
async fn a_401_is_a_status_error_with_the_decoded_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(401).set_body_raw(
            r#"{"success":false,"message":"Invalid API key"}"#,
            "application/json",
        ),
    )
    .await;

    let error = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        error.body().and_then(|b| b.message.as_deref()),
        Some("Invalid API key")
    );
    let Error::Status(status) = &error else {
        panic!("expected a status error, got {error:?}");
    };
    assert_eq!(
        status.text(),
        r#"{"success":false,"message":"Invalid API key"}"#
    );
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        r#"server answered 401 Unauthorized: {"success":false,"message":"Invalid API key"}"#
    );
    let _ = only_request(&server).await;
}

#[tokio::test]
async fn a_500_is_a_status_error_and_the_create_is_not_retried() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(500).set_body_string("upstream exploded"),
    )
    .await;

    let error = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    // The documented error body did not decode, so only the raw text is there.
    assert!(error.body().is_none());
    let Error::Status(status) = &error else {
        panic!("expected a status error, got {error:?}");
    };
    assert_eq!(status.text(), "upstream exploded");
    // A 500 may come after the contact was stored: a retry could create it twice.
    let _ = only_request(&server).await;
}

#[tokio::test]
async fn a_429_is_retried_after_the_time_retry_after_asks_for() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        ResponseTemplate::new(201).set_body_json(documented_response()),
    )
    .await;

    let started = Instant::now();
    let created = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();

    assert_eq!(created.data.client.id, "697929d5ebccbcca5cdaf13b");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut response = documented_response();
    response["data"]["client"]["createdAt"] = json!("last tuesday");
    answer(&server, ResponseTemplate::new(201).set_body_json(response)).await;

    let error = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status.as_u16(), 201);
    assert_eq!(decode.path, "data.client.createdAt");
    // The body is longer than the snippet, which is cut to 200 characters and marked.
    assert!(decode.snippet.starts_with('{'));
    assert_eq!(decode.snippet.chars().count(), 201);
    assert!(decode.snippet.ends_with('…'));
    let message = error.to_string();
    assert!(message.contains("at `data.client.createdAt`"), "{message}");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(201).set_body_string("<html>maintenance</html>"),
    )
    .await;
    let error = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.snippet, "<html>maintenance</html>");
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(401).set_body_json(json!({"message": "no"})),
    )
    .await;
    let client = client(&server);
    let builder = Client::builder().api_key(KEY);

    let error = client.create_contact(&jane()).send().await.unwrap_err();

    for text in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!text.contains(KEY), "the key leaks in {text}");
    }
    assert!(format!("{client:?}").contains("apiKey"));
}

#[tokio::test]
async fn without_a_key_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.create_contact(&jane()).send().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("apiKey"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind and drop a listener to get a port nobody listens on.
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
    let error = client.create_contact(&jane()).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(!format!("{error:?}").contains(KEY));
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(201)
            .set_body_json(documented_response())
            .set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.create_contact(&jane()).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[test]
fn the_default_base_url_is_the_documented_server() {
    let client = Client::builder().api_key(KEY).build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.recepta.ai/api/v1");
    assert_eq!(
        recepta_api::DEFAULT_BASE_URL,
        Some("https://api.recepta.ai/api/v1")
    );
}

#[test]
fn source_defaults_to_api_as_documented() {
    assert_eq!(ContactSource::default(), ContactSource::Api);
    assert_eq!(ContactSource::Facebook.to_string(), "FACEBOOK");
    assert_eq!(
        "CALL".parse::<ContactSource>().unwrap(),
        ContactSource::Call
    );
}

#[tokio::test]
async fn a_deadline_ends_the_retries_instead_of_waiting_past_it() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(429)
            .insert_header("retry-after", "2")
            .set_body_json(json!({"success": false, "message": "slow down"})),
    )
    .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(KEY)
        .max_retries(5)
        .deadline(Duration::from_secs(1))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.create_contact(&jane()).send().await.unwrap_err();

    // Waiting 2 s for the retry would end past the deadline: the 429 comes back at once,
    // its documented body decoded, and no second request is made.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        error.body().and_then(|b| b.message.as_deref()),
        Some("slow down")
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_deadline_cuts_the_attempt_it_falls_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(
        &server,
        ResponseTemplate::new(201)
            .set_body_json(documented_response())
            .set_delay(Duration::from_secs(10)),
    )
    .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(KEY)
        .timeout(Duration::from_secs(30))
        .deadline(Duration::from_millis(700))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.create_contact(&jane()).send().await.unwrap_err();

    // The second attempt gets what is left of the deadline, not the 30 s timeout.
    assert!(error.is_timeout(), "{error:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_refused_before_it_is_read() {
    let server = MockServer::start().await;
    let mut response = documented_response();
    response["data"]["client"]["notes"] = json!("x".repeat(4096));
    answer(&server, ResponseTemplate::new(201).set_body_json(response)).await;
    let limited = Client::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(KEY)
        .max_body_size(1024)
        .build()
        .unwrap();
    let error = limited.create_contact(&jane()).send().await.unwrap_err();
    let Error::BodyTooLarge { status, limit } = &error else {
        panic!("expected BodyTooLarge, got {error:?}");
    };
    assert_eq!((status.as_u16(), *limit), (201, 1024));
    assert_eq!(
        error.to_string(),
        "the response body (status 201 Created) is larger than the limit of 1024 bytes; raise it with `ClientBuilder::max_body_size`"
    );
    // The default limit takes the same body.
    assert_eq!(recepta_api::DEFAULT_MAX_BODY_SIZE, 32 * 1024 * 1024);
    let created = client(&server)
        .create_contact(&jane())
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.client.notes.unwrap().len(), 4096);
}

/// A server that answers one request with a chunked body of `chunks` chunks of `size`
/// bytes, announcing no length; `cut` closes the connection before the last chunk.
fn chunked_server(chunks: usize, size: usize, cut: bool) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).unwrap();
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buffer[..n]);
        }
        let head = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        // Writes fail once the client has had enough and hung up; that is the point.
        let _ = socket.write_all(head.as_bytes());
        let _ = socket.write_all(b"1\r\n[\r\n");
        for i in 0..chunks {
            if cut && i + 1 == chunks {
                return;
            }
            let data = " ".repeat(size);
            let _ = socket.write_all(format!("{size:x}\r\n{data}\r\n").as_bytes());
        }
        let _ = socket.write_all(b"1\r\n]\r\n0\r\n\r\n");
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_body_of_no_announced_length_stops_at_the_limit() {
    let client = Client::builder()
        .base_url(chunked_server(64, 1024, false))
        .api_key(KEY)
        .max_body_size(8 * 1024)
        .max_retries(0)
        .build()
        .unwrap();
    let error = client.create_contact(&jane()).send().await.unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 8192, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_json_body_cut_mid_way_is_a_transport_error() {
    let client = Client::builder()
        .base_url(chunked_server(4, 16, true))
        .api_key(KEY)
        .max_retries(0)
        .build()
        .unwrap();
    let error = client.create_contact(&jane()).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}
