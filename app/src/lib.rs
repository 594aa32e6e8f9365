//! `recepta-cli`: creates a Recepta contact from command-line arguments.
//!
//! The logic lives here, apart from `main`, so that tests can run it against the generated
//! crate's typed mock of the API.

use recepta_api::types::{ContactSource, CreateContactRequest};
use recepta_api::{Client, Error};

/// What the command was asked to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// Tags, from `--tag` (repeatable).
    pub tags: Vec<String>,
}

/// The usage line.
pub const USAGE: &str = "usage: recepta-cli FIRST_NAME LAST_NAME EMAIL [--tag TAG]...";

/// Reads the arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<NewContact, String> {
    let mut positional = Vec::new();
    let mut tags = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--tag" {
            match args.next() {
                Some(tag) => tags.push(tag.clone()),
                None => return Err("`--tag` needs a value".to_string()),
            }
        } else if arg.starts_with("--") {
            return Err(format!("unknown option `{arg}`"));
        } else {
            positional.push(arg.clone());
        }
    }
    match <[String; 3]>::try_from(positional) {
        Ok([first_name, last_name, email]) => Ok(NewContact {
            first_name,
            last_name,
            email,
            tags,
        }),
        Err(_) => Err(USAGE.to_string()),
    }
}

/// The request the command sends for `contact`.
pub fn request(contact: &NewContact) -> CreateContactRequest {
    CreateContactRequest {
        first_name: Some(contact.first_name.clone()),
        last_name: Some(contact.last_name.clone()),
        email: Some(contact.email.clone()),
        source: Some(ContactSource::Api),
        tags: (!contact.tags.is_empty()).then(|| contact.tags.clone()),
        ..Default::default()
    }
}

/// Creates the contact; returns the line to print, or the error to show.
pub async fn create(client: &Client, contact: &NewContact) -> Result<String, String> {
    match client.create_contact(&request(contact)).send().await {
        Ok(created) => Ok(format!("created contact {}", created.data.client.id)),
        Err(Error::Status(e)) if e.status.as_u16() == 401 => {
            Err("the API key was refused".to_string())
        }
        Err(e) => {
            let detail = e.body().and_then(|body| body.message.clone());
            Err(match detail {
                Some(message) => format!("{e} ({message})"),
                None => e.to_string(),
            })
        }
    }
}
