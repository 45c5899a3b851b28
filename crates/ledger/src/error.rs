//! The ledger's one error type.
//!
//! Errors say which question, option or field is wrong, so the CLI can print them as they
//! are. [`LedgerError::is_invalid_input`] separates bad input (the caller's mistake,
//! nothing was written) from trouble with the database file itself.

use std::path::PathBuf;

/// Everything that can go wrong in the ledger.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A value given by the caller is malformed; `field` names it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("unknown question {0:?}")]
    UnknownQuestion(String),
    #[error("question {question:?} has no option {option:?} (options: {options})")]
    UnknownOption {
        question: String,
        option: String,
        options: String,
    },
    #[error("question {0:?} already exists")]
    QuestionExists(String),
    #[error(
        "probabilities of the forecast on {question:?} sum to {sum}, not 1 (within 1e-9): {detail}"
    )]
    NotNormalised {
        question: String,
        sum: f64,
        detail: String,
    },
    #[error(
        "question {question:?} was already resolved on {resolved_at} ({outcome}); a resolution cannot be changed"
    )]
    AlreadyResolved {
        question: String,
        resolved_at: String,
        outcome: String,
    },
    #[error("question {question:?} was annulled on {resolved_at}; it takes no more forecasts")]
    Annulled {
        question: String,
        resolved_at: String,
    },
    #[error(
        "question {question:?} was resolved on {resolved_at}; it takes no forecasts after resolution"
    )]
    ForecastAfterResolution {
        question: String,
        resolved_at: String,
    },
    /// A date is out of order with another (a resolution before the question opened, a
    /// forecast before it opened, …).
    #[error("{0}")]
    DateOrder(String),
    /// `import-model` found records that differ from what the ledger already holds.
    #[error("the model disagrees with the ledger; nothing was imported:\n{}", .0.join("\n"))]
    ImportConflicts(Vec<String>),
    #[error(
        "{path}: the ledger has schema version {found}, newer than this build reads (up to {supported}); use a newer statecraft"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// A stored value cannot be read back (a hand-edited or damaged file).
    #[error("{path}: damaged ledger: {message}")]
    Corrupt { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl LedgerError {
    /// True when the caller gave bad input and the ledger was left unchanged; false for
    /// trouble with the file or the database engine.
    pub fn is_invalid_input(&self) -> bool {
        !matches!(
            self,
            LedgerError::Sqlite { .. }
                | LedgerError::Io { .. }
                | LedgerError::Corrupt { .. }
                | LedgerError::NewerSchema { .. }
        )
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> LedgerError {
        LedgerError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
