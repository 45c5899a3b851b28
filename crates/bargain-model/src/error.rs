//! The one error type of the adapter: what is wrong with the question asked of a model
//! issue, each naming the part of the question at fault.

use statecraft_bargain::BargainError;

/// Why an issue could not be forecast.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The issue is not in the model (or not in the view as of the date).
    #[error("unknown issue {issue:?} as of {date} (issues: {known})")]
    UnknownIssue {
        issue: String,
        date: String,
        known: String,
    },
    /// Fewer than two actors hold a position on the issue at the date.
    #[error(
        "issue {issue:?} has {positions} position(s) valid as of {date}; bargaining needs at least two actors"
    )]
    TooFewPositions {
        issue: String,
        positions: usize,
        date: String,
    },
    /// The model has no sources, so there is no latest date to default to.
    #[error("the model has no sources, so there is no latest date; give a date")]
    NoDate,
    /// A setting of the forecast is out of range or does not apply to the method.
    #[error("{field}: {message}")]
    Setting {
        field: &'static str,
        message: String,
    },
    /// The bargaining engine refused the scenario or gave no forecast.
    #[error("{0}")]
    Bargain(#[from] BargainError),
}

impl Error {
    /// True when the run was stopped by its caller (see
    /// [`crate::forecast_issue`]'s `stop`), not refused.
    pub fn stopped(&self) -> bool {
        matches!(self, Error::Bargain(BargainError::Stopped))
    }

    /// The part of the question at fault: `issue`, `as_of`, or a setting's name.
    pub fn field(&self) -> &'static str {
        match self {
            Error::UnknownIssue { .. } | Error::TooFewPositions { .. } => "issue",
            Error::NoDate => "as_of",
            Error::Setting { field, .. } => field,
            Error::Bargain(BargainError::NonConvergence { .. }) => "rounds",
            Error::Bargain(BargainError::InvalidInput(_)) => "issue",
            Error::Bargain(BargainError::Numerical(_)) => "method",
            Error::Bargain(BargainError::Stopped) => "samples",
        }
    }
}
