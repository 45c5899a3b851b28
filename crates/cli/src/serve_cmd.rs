//! `serve`: the web page and the HTTP API over the model, from this binary.
//!
//! This module only turns arguments into a [`statecraft_server::Config`]: it opens the
//! model and reads the source texts with the same helpers (and messages) as every other
//! command, then hands over to the server crate, which binds, prints the URL and serves.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::Global;
use crate::common::{self, invalid};

/// Serve the web page and the JSON API (with its OpenAPI document at /openapi.json).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  statecraft serve\n  statecraft serve --addr 127.0.0.1:9000 --sources ../shared/seeds\n  statecraft serve --model tests/models/example --ledger ledger.sqlite3\n  statecraft serve --addr 127.0.0.1:0      # any free port; the URL is printed\n\nThe server listens on 127.0.0.1 unless --addr says otherwise, needs no network, and\nprints its URL. Reads need no token. With --ledger, writes to the ledger need the\nbearer token printed at the first start (stored beside the ledger, mode 0600).\nThe routes are listed at /openapi.json; docs/server.md describes them."
)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Directory of source texts: paragraphs are then shown with their text.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Forecast ledger (SQLite) to read and, with the token, write.
    #[arg(long, value_name = "PATH")]
    pub ledger: Option<PathBuf>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        invalid(format!(
            "--addr {:?} is not an address and port such as 127.0.0.1:8080 or [::1]:8080",
            args.addr
        ))
    })?;
    let model = common::open_model(global)?;
    let texts = match &args.sources {
        Some(dir) => Some(common::read_source_texts(dir)?),
        None => None,
    };
    statecraft_server::run(statecraft_server::Config {
        addr,
        model,
        texts,
        ledger: args.ledger,
    })?;
    Ok(ExitCode::SUCCESS)
}
