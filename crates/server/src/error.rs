//! Errors of starting the server. Errors of a request are [`crate::Problem`]s.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("token file {path}: {source}")]
    Token {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("token file {path}: {why}")]
    BadToken { path: PathBuf, why: String },
    #[error("ledger {path}: {why}")]
    Ledger { path: PathBuf, why: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
