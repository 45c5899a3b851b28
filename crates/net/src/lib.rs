//! Discrete Bayesian networks for the scenario engine, usable on their own.
//!
//! - [`Network`] and [`NetworkBuilder`]: variables, states, parents and CPTs,
//!   validated as a whole; CPT entries may carry intervals.
//! - [`bif`] and [`xmlbif`]: readers (lenient, with line and column in every
//!   error) and writers for the two interchange formats.
//! - [`Engine`]: exact inference — all posterior marginals, probability of
//!   the evidence, most probable explanation — with hard, soft (likelihood)
//!   evidence and interventions. Each posterior is planned ([`relevance`]):
//!   one calibration of the whole junction tree, junction trees over the
//!   relevant sub-networks, or variable elimination pruned to each target's
//!   relevant sub-network, whichever is estimated cheapest.
//! - [`ve::marginal`]: variable elimination for a single query.
//! - [`sensitivity::sensitivity`]: one-way sensitivity of a posterior to every
//!   CPT entry, ranked for a tornado chart.
//! - [`uncertainty::sample_posteriors`]: posteriors under interval-valued CPTs
//!   by seeded, parallel, deterministic sampling.
//!
//! The crate reads no files and prints nothing: text comes in as `&str` and
//! goes out as `String`; callers do the I/O.

pub mod bif;
mod error;
mod evidence;
mod inference;
mod jtree;
mod network;
pub mod relevance;
pub mod sensitivity;
mod table;
mod triangulate;
pub mod uncertainty;
pub mod ve;
pub mod xmlbif;

pub use error::{Diagnostic, NetError, Position, Problem};
pub use evidence::Evidence;
pub use inference::{Engine, Mpe, Posterior};
pub use jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, TreeStats, Workspace};
pub use network::{CptSpec, Interval, Network, NetworkBuilder, SUM_TOLERANCE, Variable};
pub use relevance::{Method, Plan};
pub use triangulate::Heuristic;

/// The interchange formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bif,
    XmlBif,
}

impl Format {
    /// `.bif` → BIF; `.xml` or `.xmlbif` → XMLBIF (case-insensitive).
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "bif" => Some(Format::Bif),
            "xml" | "xmlbif" => Some(Format::XmlBif),
            _ => None,
        }
    }

    pub fn read(self, text: &str) -> Result<Network, NetError> {
        match self {
            Format::Bif => bif::read(text),
            Format::XmlBif => xmlbif::read(text),
        }
    }

    pub fn write(self, network: &Network) -> Result<String, NetError> {
        match self {
            Format::Bif => bif::write(network),
            Format::XmlBif => Ok(xmlbif::write(network)),
        }
    }
}
