//! Tests of the sources crate: the search index against hand-computed BM25 scores, the
//! ingest extractors against the hand-labelled articles in tests/ingest, and ingest of
//! the shared source texts against the figures the built-in model cites from them.

mod ingest_labels;
mod ingest_seeds;
mod search;

use std::path::PathBuf;

pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}
