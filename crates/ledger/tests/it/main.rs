//! Tests of the ledger crate: scoring rules and their laws, the store and its
//! migrations, compatibility fixtures of every schema version, the model import and the
//! score card.

mod fixtures;
mod import;
mod score;
mod scorecard;
mod store;

use std::path::PathBuf;

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "statecraft-ledger-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

pub fn date(text: &str) -> statecraft_model::Date {
    statecraft_model::Date::parse(text).expect("a valid date")
}
