//! The crate's one error type.
//!
//! Readers report every problem they find with the line and column where it
//! sits; network construction in code reports every problem with the variable
//! (and CPT row) it concerns. Nothing in this crate panics on bad input.

use std::fmt;

/// A position in a text file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem found in a file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub position: Position,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

/// One problem found while building a network in code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The variable concerned, by name, when there is one.
    pub variable: Option<String>,
    /// The CPT row concerned (parent configuration index), when there is one.
    pub row: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.variable, self.row) {
            (Some(variable), Some(row)) => {
                write!(f, "variable '{variable}', row {row}: {}", self.message)
            }
            (Some(variable), None) => write!(f, "variable '{variable}': {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn join_lines<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// A BIF or XMLBIF text that cannot be read; every problem found, in file order.
    #[error("{}", join_lines(.diagnostics))]
    Format {
        format: &'static str,
        diagnostics: Vec<Diagnostic>,
    },
    /// A network built in code that is not a valid Bayesian network.
    #[error("{}", join_lines(.problems))]
    InvalidNetwork { problems: Vec<Problem> },
    #[error("unknown variable '{name}'")]
    UnknownVariable { name: String },
    #[error("variable '{variable}' has no state '{state}' (states: {})", .states.join(", "))]
    UnknownState {
        variable: String,
        state: String,
        states: Vec<String>,
    },
    /// Evidence that is malformed (not impossible: see `ZeroProbabilityEvidence`).
    #[error("invalid evidence on '{variable}': {message}")]
    InvalidEvidence { variable: String, message: String },
    #[error("the evidence has probability zero in this network")]
    ZeroProbabilityEvidence,
    /// The junction tree would need more table entries than the limit allows.
    #[error(
        "exact inference needs {entries:.3e} clique-table entries (largest clique {largest:.3e}); the limit is {limit:.3e}"
    )]
    TooLarge {
        entries: f64,
        largest: f64,
        limit: f64,
    },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The caller asked sampling to stop (see
    /// [`crate::uncertainty::sample_posteriors_until`]) before every sample was
    /// done.
    #[error("sampling was stopped before every sample was done")]
    Stopped,
}
