//! Source texts and the evidence that cites them.
//!
//! A paragraph is a non-empty line, numbered from 1; a locator stores the first 16 hex
//! digits of the SHA-256 of the trimmed paragraph. This crate turns texts into
//! paragraphs, verifies a model's locators against them (hash and stated numbers),
//! reports which paragraphs no datum cites, registers new texts ([`register`]), searches
//! paragraphs and data ([`search`]) and reads new articles into proposals ([`ingest`]).
//! It reads no files: the caller hands it the texts.

pub mod error;
pub mod ingest;
pub mod numbers;
pub mod register;
pub mod search;
pub mod text;
pub mod verify;

pub use error::SourcesError;
pub use text::{SourceText, SourceTexts, check_text, paragraph_hash, paragraphs, sha256_hex};
pub use verify::{Coverage, coverage, verify};
