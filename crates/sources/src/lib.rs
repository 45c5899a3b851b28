//! Source texts and the evidence that cites them.
//!
//! A paragraph is a non-empty line, numbered from 1; a locator stores the first 16 hex
//! digits of the SHA-256 of the trimmed paragraph. This crate turns texts into
//! paragraphs, verifies a model's locators against them (hash and stated numbers), and
//! reports which paragraphs no datum cites. It reads no files: the caller hands it the
//! texts.

pub mod numbers;
pub mod text;
pub mod verify;

pub use text::{SourceText, SourceTexts, paragraph_hash, paragraphs, sha256_hex};
pub use verify::{Coverage, coverage, verify};
