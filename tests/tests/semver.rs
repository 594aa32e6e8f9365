//! The bumps of `codegen diff` agree with cargo-semver-checks on a sample of
//! `../shared/corpus/versions/` (two steps of one API's dated versions): `cargo xtask semver`
//! on one history. Slow the first time (cargo-semver-checks is compiled and installed under
//! `target/semver-checks`), so ignored by default:
//! `cargo test -p tests --test semver -- --ignored --nocapture`.

use std::process::Command;
use tests::root;

/// The history of the sample: the smallest of the corpus.
const SAMPLE: &str = "../shared/corpus/versions/hubspot-webhooks-webhooks";

#[test]
#[ignore = "installs cargo-semver-checks and builds crates: minutes"]
fn the_reports_bumps_agree_with_cargo_semver_checks_on_a_sample() {
    let sample = root().join(SAMPLE);
    assert!(sample.is_dir(), "{} is missing", sample.display());
    let output = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["xtask", "semver"])
        .arg(&sample)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let last = stdout.lines().last().unwrap_or("");
    assert_eq!(last, "semver: 2 of 2 steps agree", "{stdout}");
}
