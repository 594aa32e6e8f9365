//! Creates a contact in Recepta with the generated client.
//!
//! ```text
//! RECEPTA_API_KEY=rcp_... cargo run -p tests --example create_contact -- Jane Doe jane@example.com
//! ```

use recepta_api::types::{ContactSource, CreateContactRequest};
use recepta_api::{Client, Error};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [first_name, last_name, email] = args.as_slice() else {
        eprintln!("usage: create_contact FIRST_NAME LAST_NAME EMAIL");
        return ExitCode::from(2);
    };
    let Ok(key) = std::env::var("RECEPTA_API_KEY") else {
        eprintln!("set RECEPTA_API_KEY to your API key (it starts with rcp_)");
        return ExitCode::from(2);
    };

    let client = match Client::builder().api_key(key).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let contact = CreateContactRequest {
        first_name: Some(first_name.clone()),
        last_name: Some(last_name.clone()),
        email: Some(email.clone()),
        source: Some(ContactSource::Api),
        tags: Some(vec!["lead".to_string()]),
        ..Default::default()
    };

    match client.create_contact(&contact).await {
        Ok(created) => {
            println!("created contact {}", created.data.client.id);
            ExitCode::SUCCESS
        }
        Err(Error::Status(e)) if e.status.as_u16() == 401 => {
            eprintln!("the API key was refused");
            ExitCode::FAILURE
        }
        Err(e) => {
            let detail = e.body().and_then(|body| body.message.as_deref());
            eprintln!(
                "{e}{}",
                detail.map(|m| format!(" ({m})")).unwrap_or_default()
            );
            ExitCode::FAILURE
        }
    }
}
