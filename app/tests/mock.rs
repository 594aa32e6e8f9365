//! The app against the generated crate's typed mock of the API: no URL spelled here, and the
//! JSON the app must send written out as the API documents it.

use recepta_api::mock::MockApi;
use recepta_api::types::{
    Contact, CreateContactResponse, CreateContactResponseData, ErrorResponse,
};
use recepta_cli::{NewContact, create, parse_args, request};

fn jane() -> NewContact {
    parse_args(&[
        "Jane".into(),
        "Doe".into(),
        "jane@example.com".into(),
        "--tag".into(),
        "lead".into(),
    ])
    .unwrap()
}

fn created(id: &str) -> CreateContactResponse {
    CreateContactResponse {
        success: true,
        message: Some("Client created successfully".into()),
        data: CreateContactResponseData {
            client: Contact {
                id: id.into(),
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
                full_name: None,
                email: Some("jane@example.com".into()),
                phone: None,
                source: None,
                tags: Some(vec!["lead".into()]),
                status: None,
                notes: None,
                company_name: None,
                address: None,
                city: None,
                state: None,
                zip_code: None,
                country: None,
                custom_fields: None,
                is_active: Some(true),
                created_at: None,
                updated_at: None,
            },
        },
    }
}

#[tokio::test]
async fn creates_the_contact_it_was_given() {
    let api = MockApi::start().await;
    let contact = jane();
    let mocked = api
        .create_contact()
        .with_header("x-api-key", "rcp_test")
        .expect(1)
        .respond(201, &created("c-42"))
        .await;
    let client = api.client().api_key("rcp_test").build().unwrap();

    let line = create(&client, &contact).await.unwrap();

    assert_eq!(line, "created contact c-42");
    assert_eq!(mocked.calls().await, 1);
    // Spelled out as the API documents it, so that a mistake in the app's mapping (a field
    // left out, a wrong source) fails here rather than being built into the expectation.
    let sent = api.received().await;
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "firstName": "Jane",
            "lastName": "Doe",
            "email": "jane@example.com",
            "source": "API",
            "tags": ["lead"]
        })
    );
}

#[tokio::test]
async fn says_when_the_key_is_refused() {
    let api = MockApi::start().await;
    let _mocked = api
        .create_contact()
        .expect(1)
        .respond_error(
            401,
            &ErrorResponse {
                success: Some(false),
                message: Some("Invalid API key".into()),
            },
        )
        .await;
    let client = api.client().api_key("rcp_wrong").build().unwrap();

    let error = create(&client, &jane()).await.unwrap_err();

    assert_eq!(error, "the API key was refused");
}

#[tokio::test]
async fn shows_the_server_message_of_other_errors() {
    let api = MockApi::start().await;
    let _mocked = api
        .create_contact()
        .respond_error(
            400,
            &ErrorResponse {
                success: Some(false),
                message: Some("email is invalid".into()),
            },
        )
        .await;
    let client = api.client().api_key("rcp_test").build().unwrap();

    let error = create(&client, &jane()).await.unwrap_err();

    assert!(error.ends_with("(email is invalid)"), "{error}");
    assert!(
        error.starts_with("server answered 400 Bad Request"),
        "{error}"
    );
}

#[test]
fn arguments_are_checked() {
    assert_eq!(jane().tags, vec!["lead".to_string()]);
    assert!(parse_args(&["only-one".into()]).is_err());
    assert!(parse_args(&["a".into(), "b".into(), "c".into(), "--tag".into()]).is_err());
    assert!(parse_args(&["a".into(), "b".into(), "c".into(), "--what".into()]).is_err());
    let tagged = parse_args(&[
        "a".into(),
        "--tag".into(),
        "x".into(),
        "b".into(),
        "c".into(),
        "--tag".into(),
        "y".into(),
    ])
    .unwrap();
    assert_eq!(tagged.tags, ["x", "y"]);
    let untagged = parse_args(&["a".into(), "b".into(), "c".into()]).unwrap();
    assert_eq!(request(&untagged).tags, None);
}
