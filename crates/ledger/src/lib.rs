//! The forecast ledger: questions, forecasts and resolutions kept in an SQLite file, and
//! the proper scoring rules that say how good the forecasts were.
//!
//! - [`score`] is the engine: pure scoring rules (Brier, log, ranked probability,
//!   time-averaged) and calibration with the Murphy decomposition. A backtest calls it
//!   directly with (probability vector, outcome) items.
//! - [`record`] holds the records and the checks each must pass on its own;
//!   [`import`] turns a model's forecasts into records; [`scorecard`] scores the
//!   ledger's resolved questions. All three are pure.
//! - [`store`] is the SQLite file. It is, besides the CLI, the one place in statecraft
//!   that does I/O: it opens and migrates the file and reads and writes records, each
//!   write one durable transaction. Nothing in this crate reads the clock; dates are
//!   passed in.

pub mod error;
pub mod import;
pub mod record;
pub mod score;
pub mod scorecard;
pub mod store;

pub use error::LedgerError;
pub use record::{
    Forecast, ForecastInput, ForecastRecord, Locator, OptionProbability, Outcome, Question,
    QuestionKind, QuestionRecord, Resolution,
};
pub use store::Ledger;
