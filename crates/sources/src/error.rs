//! The errors of the sources crate: why a text cannot be taken as a source, and why a
//! record cannot be registered.

/// What is wrong with a text or a registration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourcesError {
    /// The bytes hold NUL or other control characters a text never has.
    #[error(
        "{name}: this is a binary file, not a text (control byte 0x{byte:02x} at byte {offset})"
    )]
    Binary {
        name: String,
        byte: u8,
        offset: usize,
    },
    /// The bytes are not valid UTF-8.
    #[error("{name}: not valid UTF-8 (first bad byte at offset {offset}); save the text as UTF-8")]
    NotUtf8 { name: String, offset: usize },
    /// The text has no paragraph (no non-empty line).
    #[error("{name}: the text is empty (it has no non-empty line, so no paragraph to cite)")]
    Empty { name: String },
    /// The same text (same SHA-256) is already a source of the model.
    #[error("{name}: this text is already registered as source {id:?} (same SHA-256 {sha256})")]
    AlreadyRegistered {
        name: String,
        id: String,
        sha256: String,
    },
    /// The id is taken by another source.
    #[error("source id {id:?} is already used by another source (pass a different --id)")]
    IdTaken { id: String },
    /// The id is not a valid model id.
    #[error(
        "source id {id:?} is not a valid id: use lower-case letters, digits, '-', '_' or '.' (pass --id)"
    )]
    BadId { id: String },
    /// A date could not be parsed or inferred.
    #[error("{0}")]
    Date(String),
    /// A record could not be written as TOML.
    #[error("cannot write the record as TOML: {0}")]
    Toml(String),
}
