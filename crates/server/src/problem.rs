//! RFC 9457 problem details: every error the API returns.
//!
//! A [`Problem`] has a `type` URI (`urn:statecraft:problem:<slug>`), a `title` that is
//! the same for every problem of that type, the HTTP `status`, a `detail` saying what
//! went wrong in this request, and — when one part of the request is to blame — a
//! `field` extension member naming it (`as_of`, `given.china-enforces`, `samples`,
//! `body`). Handlers return `Result<_, Problem>`; nothing in the server answers a bad
//! request with a panic or a 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The content type of a problem body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem, ready to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub status: StatusCode,
    /// The last part of the type URI, e.g. `invalid-input`.
    pub slug: &'static str,
    pub title: &'static str,
    pub detail: String,
    /// The request part at fault (a query parameter, a JSON path, `body`, a path segment).
    pub field: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    type_uri: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl Problem {
    fn new(status: StatusCode, slug: &'static str, title: &'static str, detail: String) -> Self {
        Problem {
            status,
            slug,
            title,
            detail,
            field: None,
        }
    }

    /// Names the part of the request at fault.
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// A value that parses but is not acceptable (400).
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid-input",
            "Invalid input",
            detail.into(),
        )
        .at(field)
    }

    /// A body that is not JSON, or JSON of the wrong shape (400).
    pub fn malformed_json(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            "Malformed JSON body",
            detail.into(),
        )
        .at(field)
    }

    /// A thing the request names does not exist (404).
    pub fn not_found(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            detail.into(),
        )
        .at(field)
    }

    /// No route has this path (404).
    pub fn no_route(path: &str) -> Self {
        Problem::new(
            StatusCode::NOT_FOUND,
            "no-such-route",
            "No such route",
            format!("nothing is served at {path:?}; /openapi.json lists every route"),
        )
    }

    /// The route exists but not with this method (405).
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!("{path} does not answer {method}; /openapi.json lists the methods"),
        )
    }

    /// A write without a valid bearer token (401).
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Token required",
            detail.into(),
        )
        .at("Authorization")
    }

    /// A request from a host name the server does not answer (403).
    pub fn forbidden_host(host: &str) -> Self {
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden-host",
            "Host not allowed",
            format!(
                "this server listens on a loopback address and answers only requests for localhost, 127.0.0.1 or [::1], not {host:?}"
            ),
        )
        .at("Host")
    }

    /// A body over the limit (413).
    pub fn too_large(limit: usize) -> Self {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "Request body too large",
            format!("the body is larger than the limit of {limit} bytes"),
        )
        .at("body")
    }

    /// A body of the wrong media type (415).
    pub fn unsupported_media_type(found: &str) -> Self {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            format!("the body must be application/json, not {found:?}"),
        )
        .at("Content-Type")
    }

    /// The request took longer than the server allows (503).
    pub fn timeout(seconds: u64) -> Self {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "Request timed out",
            format!("the request took longer than {seconds} s; ask for fewer samples"),
        )
    }

    /// The request contradicts what is already recorded (409).
    pub fn conflict(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::CONFLICT, "conflict", "Conflict", detail.into()).at(field)
    }

    /// The server was started without what this route needs (e.g. `--ledger`) (404).
    pub fn not_configured(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-configured",
            "Not configured",
            detail.into(),
        )
    }

    /// Something failed on the server's side (a file could not be written) (500).
    pub fn internal(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            detail.into(),
        )
    }

    /// The type URI.
    pub fn type_uri(&self) -> String {
        format!("urn:statecraft:problem:{}", self.slug)
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        let body = Body {
            type_uri: self.type_uri(),
            title: self.title,
            status: self.status.as_u16(),
            detail: &self.detail,
            field: self.field.as_deref(),
        };
        serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec())
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.title,
            self.detail
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.to_json()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"statecraft\""),
            );
        }
        response
    }
}
