//! `recepta-cli FIRST_NAME LAST_NAME EMAIL [--tag TAG]...`: creates a Recepta contact
//! (`--help` says more).
//!
//! The API key is read from `RECEPTA_API_KEY`; `RECEPTA_BASE_URL` overrides the server.

use recepta_api::Client;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Help and version go to stdout with success; a mistake, with the usage, to stderr with
    // status 2.
    let contact = recepta_cli::parse_args(&args).unwrap_or_else(|e| e.exit());
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
            eprintln!("{}", recepta_cli::report(&e));
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
