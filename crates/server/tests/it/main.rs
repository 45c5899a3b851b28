//! Tests of the HTTP API through the router, without a socket: every route's answer on
//! the example model (checked against values computed by hand from its files), the
//! problems every kind of bad request gets, the security headers and limits, the
//! OpenAPI document against the router, and the ledger's writes behind the token.

mod api;
mod bargain;
mod ledger;
mod openapi;
mod problems;
mod rules;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use serde_json::Value;
use statecraft_server::{AppState, router};
use statecraft_sources::{SourceText, SourceTexts};
use tower::ServiceExt as _;

pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The example model's source texts.
pub fn texts() -> SourceTexts {
    let dir = repo().join("tests/texts");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/texts exists") {
        let path = entry.expect("an entry").path();
        let bytes = std::fs::read(&path).expect("a readable text");
        texts.push(SourceText::new(&path.display().to_string(), &bytes).expect("UTF-8"));
    }
    SourceTexts::new(texts)
}

pub fn example_model() -> statecraft_model::Model {
    statecraft_model::store::open(Some(&repo().join("tests/models/example")))
        .expect("the example model loads")
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "statecraft-server-{name}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// How a test app is set up.
#[derive(Debug)]
pub struct Setup {
    pub texts: bool,
    pub ledger: Option<PathBuf>,
    pub loopback_only: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            texts: true,
            ledger: None,
            loopback_only: true,
        }
    }
}

pub fn app_with(setup: Setup) -> axum::Router {
    let state = AppState::new(
        example_model(),
        setup.texts.then(texts),
        setup.ledger.map(|p| (p, TOKEN.to_string())),
        setup.loopback_only,
    )
    .expect("the state builds");
    router(Arc::new(state))
}

/// The example model with its texts, no ledger.
pub fn app() -> axum::Router {
    app_with(Setup::default())
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Checks that this is a problem with the status and field, and returns its body.
    pub fn problem(&self, status: u16, field: Option<&str>) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.content_type(), "application/problem+json");
        let body = self.json();
        for member in ["type", "title", "status", "detail"] {
            assert!(
                body.get(member).is_some(),
                "problem without {member}: {body}"
            );
        }
        assert_eq!(body["status"], status);
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("urn:statecraft:problem:")),
            "{body}"
        );
        assert_eq!(body["field"].as_str(), field, "{body}");
        body
    }
}

pub fn send(app: &axum::Router, request: Request<Body>) -> Reply {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        Reply {
            status,
            headers,
            body: body.to_vec(),
        }
    })
}

pub fn get(app: &axum::Router, uri: &str) -> Reply {
    send(
        app,
        Request::get(uri)
            .header("host", "127.0.0.1:8080")
            .body(Body::empty())
            .expect("a request"),
    )
}

pub fn post(app: &axum::Router, uri: &str, body: &str) -> Reply {
    send(
        app,
        Request::post(uri)
            .header("host", "localhost:8080")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("a request"),
    )
}

pub fn post_with_token(app: &axum::Router, uri: &str, body: &str, token: &str) -> Reply {
    send(
        app,
        Request::post(uri)
            .header("host", "localhost")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body.to_string()))
            .expect("a request"),
    )
}

/// Asserts that a reply's body is exactly the serialisation of `expected` (compared as
/// text: parsing JSON numbers back need not round-trip the last bit).
pub fn same_json<T: serde::Serialize>(reply: &Reply, expected: &T) {
    let expected = serde_json::to_string(expected).expect("serialises");
    assert_eq!(String::from_utf8_lossy(&reply.body), expected);
}

/// Asserts two probabilities agree to 1e-12.
pub fn close(actual: &Value, expected: f64) {
    let a = actual.as_f64().unwrap_or(f64::NAN);
    assert!(
        (a - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

/// The probability of one state in a scenario answer.
pub fn p(answer: &Value, variable: &str, state: &str) -> Value {
    answer["marginals"]
        .as_array()
        .and_then(|m| m.iter().find(|v| v["id"] == variable))
        .and_then(|v| v["states"].as_array())
        .and_then(|s| s.iter().find(|x| x["state"] == state))
        .map(|x| x["p"].clone())
        .unwrap_or(Value::Null)
}

pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
