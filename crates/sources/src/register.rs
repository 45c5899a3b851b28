//! Registering a new source text: the `[[source]]` record a model gains when a text is
//! added, and the TOML that appends it to a model file.
//!
//! Pure functions: the caller reads the file, writes the result and re-validates the
//! model. This module decides the record's fields (hash, paragraph count, an id derived
//! from the file name) and refuses a text or an id the model already has.

use statecraft_model::{Date, Model, Source, SourceId};

use crate::error::SourcesError;
use crate::text::{check_text, paragraphs, sha256_hex};

/// What the user says about a new source; fields left out are derived from the text.
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
}

/// True when `id` is a valid model id (lower-case letters, digits, '-', '_', '.').
pub fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// An id derived from a file name: the name without its extension, lower-cased, with
/// every run of other characters turned into one '-'. `None` when nothing is left.
pub fn derive_id(file_name: &str) -> Option<String> {
    let base = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut id = String::new();
    for c in base.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(|c| c == '-' || c == '.').to_string();
    (!id.is_empty()).then_some(id)
}

/// A title taken from the text: its first paragraph without Markdown heading marks,
/// cut at 160 characters.
pub fn title_from_text(text: &str) -> String {
    let first = paragraphs(text).first().copied().unwrap_or("");
    let title = first.trim_start_matches('#').trim();
    let mut out: String = title.chars().take(160).collect();
    if title.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// The source already registered with this SHA-256, if any.
pub fn registered<'m>(model: &'m Model, sha256: &str) -> Option<&'m Source> {
    model.sources.iter().find(|s| s.sha256 == sha256)
}

/// Builds the `[[source]]` record for a text, refusing binary, non-UTF-8 or empty
/// texts, a text already registered, and an id already used or invalid. `published`
/// must be given (in `meta`) or inferred by the caller and passed with its note.
pub fn new_source(
    model: &Model,
    file_name: &str,
    bytes: &[u8],
    meta: &SourceMeta,
    published: (Date, Option<String>),
) -> Result<Source, SourcesError> {
    let text = check_text(file_name, bytes)?;
    let sha256 = sha256_hex(bytes);
    if let Some(existing) = registered(model, &sha256) {
        return Err(SourcesError::AlreadyRegistered {
            name: file_name.to_string(),
            id: existing.id.0.clone(),
            sha256,
        });
    }
    let id = match &meta.id {
        Some(id) => id.clone(),
        None => derive_id(file_name).unwrap_or_default(),
    };
    if !id_ok(&id) {
        return Err(SourcesError::BadId { id });
    }
    if model.source(&id).is_some() {
        return Err(SourcesError::IdTaken { id });
    }
    let count = paragraphs(text).len();
    Ok(Source {
        id: SourceId(id),
        title: meta.title.clone().unwrap_or_else(|| title_from_text(text)),
        publisher: meta
            .publisher
            .clone()
            .unwrap_or_else(|| "not stated".to_string()),
        author: meta.author.clone(),
        published: published.0,
        published_note: published.1,
        url: meta.url.clone(),
        sha256,
        paragraphs: u32::try_from(count).unwrap_or(u32::MAX),
        note: None,
        location: Default::default(),
    })
}

/// A `[[source]]` record as TOML.
pub fn source_toml(source: &Source) -> Result<String, SourcesError> {
    #[derive(serde::Serialize)]
    struct File<'a> {
        source: [&'a Source; 1],
    }
    toml::to_string(&File { source: [source] }).map_err(|e| SourcesError::Toml(e.to_string()))
}

/// Appends a block of TOML to a file's text, separated by one blank line.
pub fn append_block(existing: &str, block: &str) -> String {
    let mut out = existing.to_string();
    if !out.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(block);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
