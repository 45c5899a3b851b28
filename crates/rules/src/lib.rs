//! The sanctions rules engine: was an activity permitted on a date?
//!
//! An [`Activity`] (channel kind, goods, origin, exporter, importer, route, purpose) is
//! evaluated against every measure of a model on a date. The answer is one of four
//! [`Verdict`]s — permitted, prohibited, permitted by exemption, undetermined — and names
//! the measures and rules that decide it with their evidence, lists every measure
//! considered, and says what is missing when the rules cannot decide. The measures are
//! data in the model: a new resolution is a TOML table, not code. docs/rules.md gives
//! the semantics (matching, precedence, exemptions, deadlines, undetermined).
//!
//! The engine is a pure function of a model: no I/O, no printing, no clock. It does not
//! judge enforcement (a rule that is flouted is still a rule) nor read legal texts; it
//! applies the rules as the model encodes them. [`rules_section`] adds what the engine
//! knows to the brief of `statecraft report`.

pub mod activity;
pub mod error;
pub mod evaluate;
pub mod section;
pub mod truth;

pub use activity::{
    Activity, ActivityField, ActivityQuery, Stated, Vocabulary, resolve_activity, vocabulary,
};
pub use error::{ActivityProblem, RulesError};
pub use evaluate::{
    Answer, CriterionOutcome, MeasureEffect, MeasureOutcome, Missing, Need, RuleKind, RuleOutcome,
    Verdict, covers, evaluate,
};
pub use section::rules_section;
pub use truth::Truth;
