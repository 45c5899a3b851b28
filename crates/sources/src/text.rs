//! Texts, paragraphs and hashes.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::error::SourcesError;

/// The paragraphs of a text: its non-empty lines, trimmed, in order.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The locator hash of a paragraph: the first 16 hex digits of the SHA-256 of its
/// trimmed text.
pub fn paragraph_hash(paragraph: &str) -> String {
    let mut hex = sha256_hex(paragraph.trim().as_bytes());
    hex.truncate(16);
    hex
}

/// Checks that bytes can be a source text: no control bytes a text never has (NUL and
/// the other C0 controls except tab, line feed, form feed and carriage return), valid
/// UTF-8, and at least one paragraph. `name` is used in the message.
pub fn check_text<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, SourcesError> {
    if let Some(offset) = bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
    {
        return Err(SourcesError::Binary {
            name: name.to_string(),
            byte: bytes[offset],
            offset,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| SourcesError::NotUtf8 {
        name: name.to_string(),
        offset: e.valid_up_to(),
    })?;
    if paragraphs(text).is_empty() {
        return Err(SourcesError::Empty {
            name: name.to_string(),
        });
    }
    Ok(text)
}

/// One source text, split into paragraphs.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Where it was found (a file name), for messages.
    pub name: String,
    pub sha256: String,
    pub paragraphs: Vec<String>,
}

impl SourceText {
    /// Splits a text. Fails if it is not UTF-8.
    pub fn new(name: &str, bytes: &[u8]) -> Result<SourceText, std::str::Utf8Error> {
        let text = std::str::from_utf8(bytes)?;
        Ok(SourceText {
            name: name.to_string(),
            sha256: sha256_hex(bytes),
            paragraphs: paragraphs(text).into_iter().map(str::to_string).collect(),
        })
    }

    /// Paragraph `n` (1-based).
    pub fn paragraph(&self, n: u32) -> Option<&str> {
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        self.paragraphs.get(i).map(String::as_str)
    }
}

/// Texts found by their SHA-256, whatever their file names.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts {
    by_sha: HashMap<String, SourceText>,
}

impl SourceTexts {
    pub fn new(texts: impl IntoIterator<Item = SourceText>) -> SourceTexts {
        SourceTexts {
            by_sha: texts.into_iter().map(|t| (t.sha256.clone(), t)).collect(),
        }
    }

    pub fn get(&self, sha256: &str) -> Option<&SourceText> {
        self.by_sha.get(sha256)
    }

    pub fn len(&self) -> usize {
        self.by_sha.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_sha.is_empty()
    }
}
