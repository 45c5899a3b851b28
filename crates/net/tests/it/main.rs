//! Integration tests of statecraft-net: reference answers on the bnlearn
//! networks, format round trips, malformed input, and laws checked by
//! proptest against brute-force enumeration.

mod bad_input;
mod brute;
mod laws;
mod mutation;
mod planner;
mod reference;
mod roundtrip;

use std::path::PathBuf;

/// The shared folder of benchmark networks, or `None` (with the reason
/// printed) when this checkout has none beside it.
pub fn shared_bn() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bn"));
    if dir.join("asia.bif").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: the bnlearn networks are not at {} (they live beside the repository)",
            dir.display()
        );
        None
    }
}

/// The names of the networks in the shared folder, smallest file first.
pub fn network_names(dir: &std::path::Path) -> Vec<String> {
    let mut found: Vec<(u64, String)> = std::fs::read_dir(dir)
        .expect("read shared/bn")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".bif")?.to_owned();
            Some((e.metadata().ok()?.len(), stem))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}
