//! The model of a geopolitical system: typed records, loading with diagnostics,
//! validation, and views as of a date.
//!
//! This crate holds data and the rules of its shape; it has no engine logic. Engines
//! take a [`Model`] (usually a view from [`view::as_of`]) and return values. Only
//! [`store`] touches the file system.

pub mod citations;
pub mod date;
pub mod load;
pub mod probability;
pub mod store;
pub mod types;
pub mod units;
pub mod validate;
pub mod view;

pub use date::{Date, Day, Precision};
pub use load::{Diagnostic, Diagnostics, InputFile, Model, load};
pub use types::*;
