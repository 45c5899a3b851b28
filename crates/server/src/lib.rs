//! `statecraft serve`: the HTTP JSON API over the model and its engines, its OpenAPI
//! document, and the web page, all from one binary.
//!
//! [`router`] builds the axum router from one table of routes ([`routes::ROUTES`]), so
//! the OpenAPI document ([`openapi::document`]) and the router cannot drift apart.
//! Every error is an RFC 9457 `application/problem+json` body naming the offending
//! field ([`problem`]). The page's scripts, styles and images are compiled into the
//! binary ([`assets`]) and served from a fixed map, so the server needs no files and no
//! network at run time.
//!
//! The engines stay pure: this crate does the I/O (the socket, the ledger file, the
//! token file) and caches what the engines compute per as-of date ([`state`]). It does
//! not load the model or read source texts itself: the caller hands them in
//! [`Config`], so the CLI's messages for a bad model directory apply unchanged.

pub mod assets;
pub mod error;
mod handlers;
mod http;
pub mod openapi;
pub mod problem;
pub mod routes;
mod schema;
pub mod state;
pub mod token;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use statecraft_model::Model;
use statecraft_sources::SourceTexts;

pub use error::ServerError;
pub use problem::Problem;
pub use state::AppState;

/// The largest request body the server reads (64 KiB).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How long one request may take before the server answers 503.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// What `statecraft serve` was asked to serve.
#[derive(Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port (the bound address is printed).
    pub addr: SocketAddr,
    /// The model (already loaded and validated by the caller).
    pub model: Model,
    /// The source texts, when a sources directory was given.
    pub texts: Option<SourceTexts>,
    /// The forecast ledger file, when one was given; writes to it need the token.
    pub ledger: Option<PathBuf>,
}

/// Builds the router over shared state: every API route, the OpenAPI document, the page
/// and its assets, with the security headers, body limit and timeout applied.
pub fn router(state: Arc<AppState>) -> axum::Router {
    routes::build(state)
}

/// Binds, prints the URL (and a newly generated token), and serves until interrupted.
pub async fn serve(config: Config) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Bind {
        addr: config.addr,
        source,
    })?;
    let (ledger, token_note) = match &config.ledger {
        Some(path) => {
            let token = token::load_or_create(&token::path_beside(path))?;
            let note = token.created.then(|| {
                format!(
                    "write token (stored in {}; shown once): {}",
                    token.path.display(),
                    token.value
                )
            });
            (Some((path.clone(), token.value)), note)
        }
        None => (None, None),
    };
    let state = AppState::new(config.model, config.texts, ledger, addr.ip().is_loopback())?;
    let app = router(Arc::new(state));
    println!("statecraft serve: listening on http://{addr}/");
    if let Some(note) = token_note {
        println!("{note}");
    }
    if !addr.ip().is_loopback() {
        println!(
            "warning: {addr} is reachable from other machines; reads need no token, writes do"
        );
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Io)
}

/// Starts a multi-threaded runtime and runs [`serve`] on it until interrupted.
pub fn run(config: Config) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Io)?;
    runtime.block_on(serve(config))
}
