//! Tests of the `statecraft` binary: exit codes, output shapes, and the built-in model.

mod backtest;
mod bargain;
mod bargain_issue;
mod evidence;
mod ledger;
mod leverage;
mod model_cmds;
mod net;
mod net_plan;
mod permitted;
mod scenario;
mod serve;
mod serve_bargain;

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the binary with arguments from the repository root.
pub fn statecraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The shared source texts, if present beside the repository.
pub fn shared_seeds() -> Option<PathBuf> {
    let dir = repo().join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the source texts live beside the repository in CI)",
            dir.display()
        );
        None
    }
}
