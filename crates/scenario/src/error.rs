//! Errors of the scenario engine.

/// Why a scenario network could not be built or queried.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("the model has no scenario variables")]
    Empty,
    #[error("unknown scenario variable {name:?} (variables: {known})")]
    UnknownVariable { name: String, known: String },
    #[error("variable {variable:?} has no state {state:?} (states: {known})")]
    UnknownState {
        variable: String,
        state: String,
        known: String,
    },
    #[error("{0:?} is not VARIABLE=STATE")]
    BadAssignment(String),
    #[error("variable {0:?} is given twice")]
    Duplicate(String),
    #[error(
        "the evidence has probability zero in the scenario network: the given states cannot occur together"
    )]
    ImpossibleEvidence,
    #[error("at least one sample is needed")]
    NoSamples,
    #[error("scenario network: {0}")]
    Net(#[from] statecraft_net::NetError),
}

impl ScenarioError {
    /// True when sampling was stopped by the caller (see [`crate::query_until`]),
    /// not refused.
    pub fn stopped(&self) -> bool {
        matches!(self, ScenarioError::Net(statecraft_net::NetError::Stopped))
    }
}
