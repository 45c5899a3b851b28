//! The request plumbing every route shares: the context a handler reads (path and query
//! parameters checked against the route's documentation, the body read up to the limit,
//! the as-of view), JSON responses, and the middleware that applies the security
//! headers, the host check, the body limit and the timeout to every request.
//!
//! Handlers see only a [`Ctx`]; they never touch axum's extractors, whose rejections
//! are plain text. So every malformed request gets a problem+json answer here.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawPathParams, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use statecraft_model::Date;

use crate::problem::Problem;
use crate::routes::{In, Route};
use crate::state::{AppState, Cached, View};
use crate::{BODY_LIMIT, REQUEST_TIMEOUT};

/// The Content-Security-Policy of every response: only this origin's scripts, styles,
/// images and API; no inline script or style, no plugins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What a handler gets: the shared state and the request's checked parts.
#[derive(Debug)]
pub struct Ctx {
    pub state: Arc<AppState>,
    pub route: &'static Route,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When the request's time limit ([`REQUEST_TIMEOUT`]) runs out: long
    /// computations stop there, since the answer has already been given up.
    pub deadline: std::time::Instant,
}

impl Ctx {
    /// True once the request's time limit has run out.
    pub fn past_deadline(&self) -> bool {
        std::time::Instant::now() >= self.deadline
    }
}

impl Ctx {
    /// A query parameter (each is documented on the route; unknown ones were refused).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A path parameter (always present: the router matched it).
    pub fn path(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The `as_of` query parameter, parsed.
    pub fn as_of(&self) -> Result<Option<Date>, Problem> {
        match self.query("as_of") {
            None | Some("") => Ok(None),
            Some(text) => parse_date("as_of", text).map(Some),
        }
    }

    /// The view of the model at `as_of` (or the whole model).
    pub fn view(&self) -> Result<Arc<View>, Problem> {
        let as_of = self.as_of()?;
        Ok(self.state.view(as_of.as_ref()))
    }

    /// The JSON body as `T`; a problem names the JSON path at fault.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        parse_json(&self.body)
    }

    /// Checks the bearer token of a write.
    pub fn require_token(&self) -> Result<(), Problem> {
        let Some(ledger) = &self.state.ledger else {
            return Err(Problem::not_configured(
                "this server was started without --ledger, so it takes no writes",
            ));
        };
        let presented = self
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        match presented {
            None => Err(Problem::unauthorized(
                "writes need the header Authorization: Bearer <token>; the token was printed when the server first started and is stored beside the ledger",
            )),
            Some(token) if crate::token::matches(&ledger.token, token) => Ok(()),
            Some(_) => Err(Problem::unauthorized(
                "the bearer token is not this server's",
            )),
        }
    }
}

/// Parses a date parameter or field.
pub fn parse_date(field: &str, text: &str) -> Result<Date, Problem> {
    Date::parse(text).map_err(|e| Problem::invalid(field, e.to_string()))
}

/// Parses a JSON body; the problem names the path of the first wrong field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::malformed_json(
            "body",
            "the body is empty; send a JSON object",
        ));
    }
    // Every body the API takes is an object (serde would also read a struct from an array).
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Problem::malformed_json(
            "body",
            "the body must be a JSON object",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // The path ends in `?` where the parser stopped inside a value it could not read.
        let full = error.path().to_string();
        let path = full
            .split('?')
            .next()
            .unwrap_or("")
            .trim_end_matches('.')
            .to_string();
        let inner = error.into_inner();
        // A syntax error is the body's; a value of the wrong shape is its member's (an
        // unknown member's path ends with its name).
        let syntax = inner.is_syntax() || inner.is_eof();
        let field = if syntax || path.is_empty() || path == "." {
            "body".to_string()
        } else {
            path
        };
        let what = if syntax {
            "not valid JSON"
        } else {
            "JSON of the wrong shape"
        };
        Problem::malformed_json(field, format!("{what}: {inner}"))
    })?;
    deserializer
        .end()
        .map_err(|e| Problem::malformed_json("body", format!("not valid JSON: {e}")))?;
    Ok(value)
}

/// Serialises a value for a JSON response.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Problem> {
    serde_json::to_vec(value).map_err(|e| Problem::internal(format!("cannot serialise: {e}")))
}

/// A JSON body: bytes made for this response, or a body kept in a cache.
#[derive(Debug)]
pub enum Payload {
    Fresh(Bytes),
    Cached(Cached),
}

impl From<Bytes> for Payload {
    fn from(bytes: Bytes) -> Self {
        Payload::Fresh(bytes)
    }
}

impl From<Vec<u8>> for Payload {
    fn from(bytes: Vec<u8>) -> Self {
        Payload::Fresh(Bytes::from(bytes))
    }
}

impl From<Cached> for Payload {
    fn from(cached: Cached) -> Self {
        Payload::Cached(cached)
    }
}

/// A 200 response with a JSON body. A cached body rides along as an extension, so that
/// [`dispatch`], which sees the request's headers, can answer `If-None-Match` with 304
/// and `Accept-Encoding: gzip` with the body's kept gzip form.
pub fn json(body: impl Into<Payload>) -> Response {
    match body.into() {
        Payload::Fresh(bytes) => with_type(bytes, "application/json"),
        Payload::Cached(cached) => {
            let mut response = with_type(cached.raw().clone(), "application/json");
            response.extensions_mut().insert(cached);
            response
        }
    }
}

/// Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*`, with a weight above 0).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let zero = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !zero
        })
}

/// Whether an `If-None-Match` header names this entity tag (weak comparison) or `*`.
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = opaque(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

/// Applies a cached body's validators and encoding to its response: `ETag`,
/// `Cache-Control: no-cache` (keep, but ask again), 304 when the client has it, gzip when
/// the client accepts it.
fn negotiate(response: &mut Response, cached: &Cached, method: &Method, request: &HeaderMap) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(cached.etag()) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if *method == Method::GET {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if none_match(request, cached.etag()) {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.body_mut() = Body::empty();
            return;
        }
    }
    if accepts_gzip(request) {
        if let Some(gzip) = cached.gzip() {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            *response.body_mut() = Body::from(gzip);
        }
    }
}

/// A 200 response with a body of a given type.
pub fn with_type(body: impl Into<Body>, content_type: &'static str) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Decodes `%XX` escapes and `+` in a query string component.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Splits and decodes a query string, refusing parameters the route does not document
/// and parameters given twice.
fn parse_query(raw: Option<&str>, route: &Route) -> Result<Vec<(String, String)>, Problem> {
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k)
            .ok_or_else(|| Problem::invalid("query", "the query string is not valid UTF-8"))?;
        let value = percent_decode(v).ok_or_else(|| {
            Problem::invalid(key.clone(), "the value is not valid percent-encoded UTF-8")
        })?;
        let known: Vec<&str> = route
            .doc
            .params
            .iter()
            .filter(|p| p.location == In::Query)
            .map(|p| p.name)
            .collect();
        if !known.contains(&key.as_str()) {
            return Err(Problem::invalid(
                key.clone(),
                if known.is_empty() {
                    format!("unknown query parameter {key:?}: this route takes none")
                } else {
                    format!(
                        "unknown query parameter {key:?} (this route takes: {})",
                        known.join(", ")
                    )
                },
            ));
        }
        if out.iter().any(|(k, _)| *k == key) {
            return Err(Problem::invalid(
                key.clone(),
                format!("query parameter {key:?} is given twice"),
            ));
        }
        out.push((key, value));
    }
    for p in route.doc.params {
        if p.location == In::Query && p.required && !out.iter().any(|(k, _)| k == p.name) {
            return Err(Problem::invalid(
                p.name,
                format!("the query parameter {:?} is required", p.name),
            ));
        }
    }
    Ok(out)
}

/// Reads a body up to the limit.
async fn read_body(body: Body) -> Result<Bytes, Problem> {
    axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| Problem::too_large(BODY_LIMIT))
}

/// Runs one route's handler on a request: checks the parameters, reads the body, calls
/// the handler (on the blocking pool when the route computes), and turns every failure
/// into a problem.
pub async fn dispatch(
    route: &'static Route,
    State(state): State<Arc<AppState>>,
    path: Result<RawPathParams, axum::extract::rejection::RawPathParamsRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // The guard's timeout began a moment ago: a computation stopping here stops
    // just after the client was told.
    let deadline = std::time::Instant::now() + REQUEST_TIMEOUT;
    let request_headers = headers.clone();
    let result = async {
        let path = path
            .map_err(|e| Problem::invalid("path", e.body_text()))?
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let query = parse_query(query.as_deref(), route)?;
        let body = if route.method == Method::POST {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let essence = content_type
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if essence != "application/json" {
                return Err(Problem::unsupported_media_type(content_type));
            }
            read_body(body).await?
        } else {
            Bytes::new()
        };
        let ctx = Ctx {
            state,
            route,
            path,
            query,
            headers,
            body,
            deadline,
        };
        if route.blocking {
            tokio::task::spawn_blocking(move || call(route, &ctx))
                .await
                .map_err(|e| Problem::internal(format!("the computation failed: {e}")))?
        } else {
            call(route, &ctx)
        }
    }
    .await;
    let mut response = result.unwrap_or_else(IntoResponse::into_response);
    if let Some(cached) = response.extensions_mut().remove::<Cached>() {
        negotiate(&mut response, &cached, &route.method, &request_headers);
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Calls a handler; a panic becomes a 500 problem instead of a dropped connection.
fn call(route: &'static Route, ctx: &Ctx) -> Result<Response, Problem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (route.handler)(ctx))).unwrap_or_else(
        |_| {
            Err(Problem::internal(
                "the server failed while answering; the request was not applied",
            ))
        },
    )
}

/// True when a Host header names a loopback address (with or without a port).
fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The middleware of every request: host check, declared body size, timeout, and the
/// security headers on whatever comes back.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let early = (|| {
        if state.loopback_only {
            if let Some(host) = request.headers().get(header::HOST) {
                let host = host.to_str().unwrap_or("");
                if !loopback_host(host) {
                    return Some(Problem::forbidden_host(host));
                }
            }
        }
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Some(Problem::too_large(BODY_LIMIT));
        }
        None
    })();
    let mut response = match early {
        Some(problem) => problem.into_response(),
        None => match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
            Ok(response) => response,
            Err(_) => Problem::timeout(REQUEST_TIMEOUT.as_secs()).into_response(),
        },
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The answer to a path no route has.
pub async fn no_route(request: Request) -> Response {
    Problem::no_route(request.uri().path()).into_response()
}

/// The answer to a known path with a method it does not take.
pub async fn wrong_method(request: Request) -> Response {
    let mut response = Problem::method_not_allowed(request.method().as_str(), request.uri().path())
        .into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes_and_plus() {
        assert_eq!(percent_decode("a%20b+c").as_deref(), Some("a b c"));
        assert_eq!(percent_decode("%e2%80%93").as_deref(), Some("–"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None, "not UTF-8");
    }

    #[test]
    fn recognises_loopback_hosts() {
        for host in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:80",
            "[::1]",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "example.org",
            "10.0.0.1:80",
            "evil.com:8080",
            "127.0.0.1.evil.com",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }
}
