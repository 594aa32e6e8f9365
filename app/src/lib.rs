//! `recepta-cli`: creates a Recepta contact from command-line arguments.
//!
//! The logic lives here, apart from `main`, so that tests can run it against the generated
//! crate's typed mock of the API.

use recepta_api::types::{ContactSource, CreateContactRequest};
use recepta_api::{Client, Error};

/// What the command was asked to create: its arguments.
#[derive(Debug, Clone, PartialEq, Eq, clap::Parser)]
#[command(
    name = "recepta-cli",
    version,
    about = "Creates a Recepta contact.",
    after_help = "The API key is read from RECEPTA_API_KEY; RECEPTA_BASE_URL overrides the server."
)]
pub struct NewContact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// A tag for the contact; give it again for more.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

/// Reads the arguments (without the program name). The error prints the usage, or the
/// help or version asked for, with `clap::Error::exit`.
pub fn parse_args(args: &[String]) -> Result<NewContact, clap::Error> {
    <NewContact as clap::Parser>::try_parse_from(
        std::iter::once("recepta-cli").chain(args.iter().map(String::as_str)),
    )
}

/// An error and its chain of causes, a cause to a line, each shown once: a cause whose
/// text the lines before already hold (the client's transport errors name theirs) is left
/// out.
pub fn report(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(current) = cause {
        let line = current.to_string();
        if !text.contains(&line) {
            text.push_str("\n  caused by: ");
            text.push_str(&line);
        }
        cause = current.source();
    }
    text
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
                None => report(&e),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    /// An error with a message and perhaps a cause.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|cause| cause as _)
        }
    }

    #[test]
    fn a_report_gives_each_cause_once() {
        let error = Layer(
            "request failed: tcp connect error",
            Some(Box::new(Layer(
                "tcp connect error",
                Some(Box::new(Layer("connection refused", None))),
            ))),
        );
        assert_eq!(
            report(&error),
            "request failed: tcp connect error\n  caused by: connection refused"
        );
    }
}
