//! The bumps of `codegen diff` agree with cargo-semver-checks on a sample of
//! `../shared/corpus/versions/`: `cargo xtask semver` on three successive versions of
//! HubSpot's contacts description, one step that changes nothing an app sees and one that
//! adds fields and enum values. Slow the first time (cargo-semver-checks is compiled and
//! installed under `target/semver-checks`), so ignored by default:
//! `cargo test -p tests --test semver -- --ignored --nocapture`.

use std::path::Path;
use std::process::Command;
use tests::root;

/// The history the sample is taken from, and the versions taken.
const HISTORY: &str = "../shared/corpus/versions/hubspot-crm-contacts-v3-history";
const SAMPLE: &[&str] = &[
    "06-2025-11-06-81637f28.json",
    "07-2025-11-10-994e736e.json",
    "08-2025-11-13-76d163c3.json",
];

#[test]
#[ignore = "installs cargo-semver-checks and builds crates: minutes"]
fn the_reports_bumps_agree_with_cargo_semver_checks_on_a_sample() {
    let history = root().join(HISTORY);
    assert!(history.is_dir(), "{} is missing", history.display());
    let sample = Path::new(env!("CARGO_TARGET_TMPDIR")).join("semver-sample");
    let _ = std::fs::remove_dir_all(&sample);
    std::fs::create_dir_all(&sample).unwrap();
    for file in SAMPLE {
        std::fs::copy(history.join(file), sample.join(file)).unwrap();
    }
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
    assert!(
        stdout.contains("report patch, cargo-semver-checks patch: agree"),
        "{stdout}"
    );
    assert!(
        stdout.contains("report major, cargo-semver-checks major: agree"),
        "{stdout}"
    );
    let last = stdout.lines().last().unwrap_or("");
    assert_eq!(last, "semver: 2 of 2 steps agree", "{stdout}");
}
