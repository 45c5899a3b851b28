//! The bargaining engine: forecasts how a body or a set of powers settles an
//! issue.
//!
//! Three models, one input type ([`Scenario`]) and one output type
//! ([`Forecast`]):
//! - the compromise model (capability × salience weighted mean and median);
//! - the expected-utility model of Bueno de Mesquita as reformulated by
//!   Scholz, Calbert & Smith (2011), round by round;
//! - KTAB's Spatial Model of Politics, multi-dimensional, to convergence.
//!
//! Decision procedures (majority, qualified majority, veto players) vote the
//! forecast against a status quo and say who blocks. The uncertainty engine
//! samples ranges with an explicit seed. Readers parse the KTAB, EUM and
//! exchange-model file formats from text.
//!
//! The engine does no I/O: it never opens files, prints or reads the clock.
//! It does not depend on the model crate; a caller turns a model issue into a
//! [`Scenario`].

pub mod compromise;
pub mod error;
pub mod eum;
pub mod forecast;
pub mod procedure;
pub mod read;
pub mod rng;
pub mod scenario;
pub mod smp;
pub mod uncertainty;

pub use error::{BargainError, Location, Problem, Problems};
pub use forecast::{Forecast, MAX_ROUNDS, ModelSpec, Statistic, forecast, forecast_point};
pub use procedure::{Decision, Vote, decide};
pub use scenario::{
    Actor, Dimension, Estimate, IdealAdjustment, Point, Procedure, Scale, Scenario,
};
pub use uncertainty::{OutcomeDistribution, Sampling, simulate, simulate_until};
