//! `recepta-cli FIRST_NAME LAST_NAME EMAIL [--tag TAG]...`: creates a Recepta contact.
//!
//! The API key is read from `RECEPTA_API_KEY`; `RECEPTA_BASE_URL` overrides the server.

use recepta_api::Client;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let contact = match recepta_cli::parse_args(&args) {
        Ok(contact) => contact,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let Ok(key) = std::env::var("RECEPTA_API_KEY") else {
        eprintln!("set RECEPTA_API_KEY to your API key (it starts with rcp_)");
        return ExitCode::from(2);
    };
    let mut builder = Client::builder().api_key(key);
    if let Ok(url) = std::env::var("RECEPTA_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match recepta_cli::create(&client, &contact).await {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
