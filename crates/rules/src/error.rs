//! The one error type of the rules engine: an activity that cannot be evaluated as
//! written (an unknown actor, channel kind or purpose, an empty value).
//!
//! Every problem with an activity is collected and reported at once, each naming the
//! field it is about. A field the activity leaves out is not an error: it makes the
//! answer undetermined when a rule needs it (see [`crate::Verdict::Undetermined`]).

use std::fmt;

use crate::activity::ActivityField;

/// One problem with one field of an activity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActivityProblem {
    pub field: ActivityField,
    pub message: String,
}

impl fmt::Display for ActivityProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.flag(), self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The activity is invalid; every problem found is listed.
    #[error("{}", join(.0))]
    InvalidActivity(Vec<ActivityProblem>),
}

fn join(problems: &[ActivityProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
