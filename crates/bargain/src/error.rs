//! The one error type of the bargaining engine.
//!
//! Input problems are collected, not reported one at a time: a reader or the
//! scenario validator gathers every problem it finds, each with its location
//! (row and column of a file, or the field of a scenario built in code), and
//! returns them together so a user can fix a file in one pass.

use std::fmt;

/// Where an input problem was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A cell of a delimited file; row and column count from 1.
    Cell {
        row: usize,
        column: usize,
        /// The column's header, when the file has one.
        header: Option<String>,
    },
    /// A line and column of a text file (XML, exchange-model text); both count from 1.
    Line { line: usize, column: usize },
    /// A whole row of a delimited file.
    Row { row: usize },
    /// A field of a scenario built in code, e.g. `actors[2].salience`.
    Field(String),
    /// The input as a whole.
    Input,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Cell {
                row,
                column,
                header: Some(header),
            } => write!(f, "row {row}, column {column} ({header})"),
            Location::Cell {
                row,
                column,
                header: None,
            } => write!(f, "row {row}, column {column}"),
            Location::Line { line, column } => write!(f, "line {line}, column {column}"),
            Location::Row { row } => write!(f, "row {row}"),
            Location::Field(field) => write!(f, "{field}"),
            Location::Input => write!(f, "input"),
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub location: Location,
    pub message: String,
}

impl Problem {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Problem {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in one input, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BargainError {
    /// The input is invalid; every problem found is listed.
    #[error("{0}")]
    InvalidInput(Problems),
    /// An iterative model did not meet its stopping rule within the round limit.
    /// This is not a forecast: the positions were still moving.
    #[error(
        "no convergence within {rounds} rounds: the last round still changed positions by {last_ratio:.4} of the first round's change (the stopping rule needs less than {target:.4})"
    )]
    NonConvergence {
        rounds: usize,
        last_ratio: f64,
        target: f64,
    },
    /// A numerical step (an iterative probability solution) failed to settle.
    #[error("numerical failure: {0}")]
    Numerical(String),
    /// The caller asked the run to stop (see [`crate::uncertainty::simulate_until`])
    /// before every sample was done.
    #[error("the run was stopped before every sample was done")]
    Stopped,
}

impl BargainError {
    /// One problem at one location.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        BargainError::InvalidInput(Problems(vec![Problem::new(location, message)]))
    }

    /// The problems, when this is an input error.
    pub fn problems(&self) -> Option<&[Problem]> {
        match self {
            BargainError::InvalidInput(Problems(problems)) => Some(problems),
            _ => None,
        }
    }
}

/// Turns a list of collected problems into a result.
pub(crate) fn check(problems: Vec<Problem>) -> Result<(), BargainError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BargainError::InvalidInput(Problems(problems)))
    }
}
