//! Integration tests of the bargaining engine: published results, KTAB's own
//! logs, hand-worked cases, laws, and the bad-input corpus.

mod bad_input;
mod compromise;
mod eum;
mod laws;
mod procedure;
mod readers;
mod smp_ktab;
mod uncertainty;

use std::path::PathBuf;

/// The shared bargaining data, or `None` (with the reason printed) when it is
/// not next to the repository.
pub fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bargaining"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: shared bargaining data not found at {}",
            dir.display()
        );
        None
    }
}

pub fn read_shared(relative: &str) -> Option<String> {
    let path = shared_data()?.join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}
