//! The command as a user runs it: help, version, usage on a mistake, and the cause of a
//! failed connection, without the API key.

use std::process::{Command, Output};

fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recepta-cli"))
        .args(args)
        .env_remove("RECEPTA_API_KEY")
        .env_remove("RECEPTA_BASE_URL")
        .envs(envs.iter().copied())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_and_version_answer_on_stdout() {
    let help = run(&["--help"], &[]);
    assert!(help.status.success());
    let out = text(&help.stdout);
    assert!(out.contains("Usage: recepta-cli"), "{out}");
    assert!(out.contains("--tag <TAG>"), "{out}");
    assert!(out.contains("RECEPTA_API_KEY"), "{out}");

    let version = run(&["--version"], &[]);
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout).trim(),
        concat!("recepta-cli ", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_mistake_says_what_it_is_and_where_to_look() {
    let cases = [
        (
            &["--what", "a", "b", "c"][..],
            "unexpected argument '--what'",
        ),
        (&["a", "b"][..], "<EMAIL>"),
        (
            &["a", "b", "c", "--tag"][..],
            "a value is required for '--tag <TAG>'",
        ),
    ];
    for (args, what) in cases {
        let output = run(args, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = text(&output.stderr);
        assert!(
            err.starts_with("error: ") && err.contains(what),
            "{args:?}: {err}"
        );
        assert!(err.contains("try '--help'"), "{args:?}: {err}");
    }
    let err = text(&run(&["a", "b"], &[]).stderr);
    assert!(
        err.contains("Usage: recepta-cli <FIRST_NAME> <LAST_NAME> <EMAIL>"),
        "{err}"
    );
}

#[test]
fn a_refused_connection_says_so_without_the_key() {
    // A loopback port that nothing listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let output = run(
        &["Jane", "Doe", "jane@example.com"],
        &[
            ("RECEPTA_API_KEY", "rcp_sekrit"),
            ("RECEPTA_BASE_URL", &url),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(err.to_lowercase().contains("connection refused"), "{err}");
    assert!(!err.contains("sekrit"), "{err}");
}
