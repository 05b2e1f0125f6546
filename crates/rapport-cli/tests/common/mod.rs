//! Shared by the CLI's integration tests: running the built `rapport` binary.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RAPPORT_DATA_DIR")
        // No locale region: numbers without a country code default to US.
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    c
}

/// Runs `rapport --data-dir DIR ARGS…` with no terminal and waits for it.
pub fn rapport(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

/// [`rapport`] under the locale `locale` (`LC_ALL`).
pub fn rapport_in_locale(dir: &Path, locale: &str, args: &[&str]) -> Output {
    command(dir, args).env("LC_ALL", locale).output().unwrap()
}

/// Starts `rapport --data-dir DIR ARGS…` in the background, output discarded.
pub fn spawn(dir: &Path, args: &[&str]) -> Child {
    command(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Starts `rapport --data-dir DIR ARGS…` with its stdout and stderr piped to the test.
pub fn spawn_piped(dir: &Path, args: &[&str]) -> Child {
    command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The JSON a successful command printed (fails the test with its stderr otherwise).
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
