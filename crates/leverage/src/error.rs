//! The one error type of the leverage engine: a question it cannot answer as asked
//! (an unknown target, weights that do not make sense).

use statecraft_model::ChannelKind;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LeverageError {
    /// The target is not an actor of the model.
    #[error(
        "unknown actor {0:?} (give an actor id such as PRK, or a name or alias the model lists)"
    )]
    UnknownTarget(String),
    /// A channel weight is negative or not a number.
    #[error("the weight of channel kind {kind} must be a number ≥ 0 (got {weight})")]
    BadWeight { kind: ChannelKind, weight: f64 },
    /// A fixed substitutability lies outside 0–1.
    #[error("the substitutability of channel kind {kind} must lie between 0 and 1 (got {value})")]
    BadSubstitutability { kind: ChannelKind, value: f64 },
    /// A widening for approximate figures outside 0–1.
    #[error("the widening of approximate figures must lie between 0 and 1 (got {0})")]
    BadWidening(f64),
    /// Every channel kind with figures was given weight 0.
    #[error("every channel kind with figures has weight 0, so no index can be formed")]
    AllWeightsZero,
}
