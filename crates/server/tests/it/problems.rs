//! Bad requests of every kind get an RFC 9457 problem with the right status and the
//! offending field named — never a 500, never a panic — and every response carries the
//! security headers.

use axum::body::Body;
use axum::http::Request;

use crate::{Setup, app, app_with, get, post, send};

#[test]
fn malformed_json_names_the_body() {
    let app = app();
    let reply = post(&app, "/api/scenario", "{\"given\": ");
    let body = reply.problem(400, Some("body"));
    assert_eq!(body["type"], "urn:statecraft:problem:malformed-json");
    post(&app, "/api/scenario", "").problem(400, Some("body"));
    post(&app, "/api/scenario", "[1, 2]").problem(400, Some("body"));
    post(&app, "/api/scenario", "{} trailing").problem(400, Some("body"));
    post(&app, "/api/scenario", "\u{feff}{}").problem(400, Some("body"));
}

#[test]
fn json_of_the_wrong_shape_names_the_field() {
    let app = app();
    post(&app, "/api/scenario", r#"{"samples": "many"}"#).problem(400, Some("samples"));
    post(&app, "/api/scenario", r#"{"samples": -1}"#).problem(400, Some("samples"));
    post(&app, "/api/scenario", r#"{"given": {"rocket-test": 1}}"#)
        .problem(400, Some("given.rocket-test"));
    post(&app, "/api/scenario", r#"{"targets": "rocket-test"}"#).problem(400, Some("targets"));
    post(
        &app,
        "/api/scenario",
        r#"{"sensitivity": {"variable": "rocket-test"}}"#,
    )
    .problem(400, Some("sensitivity"));
    // A misspelt member is named, not ignored.
    let body = post(&app, "/api/scenario", r#"{"givn": {}}"#).problem(400, Some("givn"));
    assert!(body["detail"].as_str().unwrap_or("").contains("givn"));
    post(
        &app,
        "/api/scenario",
        r#"{"sensitivity": {"variable": "rocket-test", "state": "yes", "x": 1}}"#,
    )
    .problem(400, Some("sensitivity.x"));
}

#[test]
fn unknown_variables_and_states_name_the_field() {
    let app = app();
    let body = post(&app, "/api/scenario", r#"{"given": {"rocket": "yes"}}"#)
        .problem(400, Some("given.rocket"));
    let detail = body["detail"].as_str().unwrap_or("");
    assert!(
        detail.contains("rocket-test") && detail.contains("ban-tightened"),
        "{detail}"
    );
    post(
        &app,
        "/api/scenario",
        r#"{"given": {"rocket-test": "maybe"}}"#,
    )
    .problem(400, Some("given.rocket-test"));
    post(&app, "/api/scenario", r#"{"do": {"ban": "yes"}}"#).problem(400, Some("do.ban"));
    post(
        &app,
        "/api/scenario",
        r#"{"targets": ["rocket-test", "nope"]}"#,
    )
    .problem(400, Some("targets[1]"));
    post(
        &app,
        "/api/scenario",
        r#"{"sensitivity": {"variable": "nope", "state": "yes"}}"#,
    )
    .problem(400, Some("sensitivity.variable"));
    post(
        &app,
        "/api/scenario",
        r#"{"sensitivity": {"variable": "rocket-test", "state": "nope"}}"#,
    )
    .problem(400, Some("sensitivity.state"));
    post(
        &app,
        "/api/scenario",
        r#"{"given": {"rocket-test": "yes"}, "do": {"rocket-test": "no"}}"#,
    )
    .problem(400, Some("do.rocket-test"));
}

#[test]
fn sampling_limits_name_the_field() {
    let app = app();
    post(&app, "/api/scenario", r#"{"samples": 0}"#).problem(400, Some("samples"));
    post(&app, "/api/scenario", r#"{"samples": 1000000}"#).problem(400, Some("samples"));
    post(&app, "/api/scenario", r#"{"seed": 3}"#).problem(400, Some("seed"));
}

#[test]
fn bad_dates_name_the_field() {
    let app = app();
    for uri in [
        "/api/model?as_of=2016-13",
        "/api/actors?as_of=yesterday",
        "/api/channels?as_of=2016-02-30",
        "/api/report?as_of=16",
        "/api/scenario/network?as_of=2016-1",
        "/api/events?as_of=%E2%80%93",
    ] {
        let body = get(&app, uri).problem(400, Some("as_of"));
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or("")
                .contains("invalid date"),
            "{uri}: {body}"
        );
    }
    post(&app, "/api/scenario", r#"{"as_of": "2016-00"}"#).problem(400, Some("as_of"));
}

#[test]
fn unknown_or_repeated_query_parameters_are_refused() {
    let app = app();
    let body = get(&app, "/api/actors?asof=2016").problem(400, Some("asof"));
    assert!(body["detail"].as_str().unwrap_or("").contains("as_of"));
    get(&app, "/api/actors?as_of=2016&as_of=2015").problem(400, Some("as_of"));
    get(&app, "/api/info?x=1").problem(400, Some("x"));
    get(&app, "/api/events?actor=Atlantis").problem(400, Some("actor"));
    get(&app, "/api/events?category=HUG").problem(400, Some("category"));
    get(&app, "/api/actors?as_of=%ff").problem(400, Some("as_of"));
}

#[test]
fn unknown_things_are_404() {
    let app = app();
    let body = get(&app, "/api/nothing").problem(404, None);
    assert_eq!(body["type"], "urn:statecraft:problem:no-such-route");
    get(&app, "/nothing/at/all").problem(404, None);
    get(&app, "/api/sources/nope").problem(404, Some("id"));
    get(&app, "/api/sources/nope/paragraphs/1").problem(404, Some("id"));
    get(&app, "/api/sources/harbour-2015/paragraphs/0").problem(404, Some("n"));
    get(&app, "/api/sources/harbour-2015/paragraphs/9").problem(404, Some("n"));
    get(&app, "/api/sources/harbour-2015/paragraphs/seven").problem(400, Some("n"));
    get(&app, "/api/sources/harbour-2015/paragraphs/99999999999999").problem(400, Some("n"));
    get(&app, "/static/nope.js").problem(404, Some("file"));
    // The ledger routes exist but this server has no ledger.
    let body = get(&app, "/api/ledger").problem(404, None);
    assert_eq!(body["type"], "urn:statecraft:problem:not-configured");
}

#[test]
fn a_wrong_method_is_405() {
    let app = app();
    let reply = send(
        &app,
        Request::delete("/api/actors")
            .body(Body::empty())
            .expect("a request"),
    );
    reply.problem(405, None);
    let reply = send(
        &app,
        Request::get("/api/scenario")
            .body(Body::empty())
            .expect("a request"),
    );
    reply.problem(405, None);
}

#[test]
fn no_path_traversal_in_static_routes() {
    let app = app();
    for uri in [
        "/static/../../etc/passwd",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/....//....//etc/passwd",
        "/static/%252e%252e%252fetc%252fpasswd",
        "/static//etc/passwd",
        "/static/..\\..\\etc\\passwd",
        "/static/app.js/../../../etc/passwd",
        "/static/./app.js",
        "/../../etc/passwd",
        "/static/%00",
    ] {
        let reply = send(
            &app,
            Request::get(uri).body(Body::empty()).expect("a request"),
        );
        assert_eq!(reply.status, 404, "{uri}");
        assert_eq!(reply.content_type(), "application/problem+json", "{uri}");
        assert!(
            !String::from_utf8_lossy(&reply.body).contains("root:"),
            "{uri} leaked a file"
        );
    }
}

#[test]
fn every_response_has_the_security_headers() {
    let app = app();
    for reply in [
        get(&app, "/"),
        get(&app, "/api/actors"),
        get(&app, "/static/app.js"),
        get(&app, "/nothing"),
        post(&app, "/api/scenario", "not json"),
    ] {
        let csp = reply.headers["content-security-policy"]
            .to_str()
            .unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
        assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    }
    // Kept bodies may be kept by the client too, but must be asked for again (their
    // ETag makes that a 304); answers made per request are not kept at all.
    assert_eq!(
        get(&app, "/api/actors").headers["cache-control"],
        "no-cache"
    );
    assert_eq!(
        get(&app, "/api/search?q=arms").headers["cache-control"],
        "no-store"
    );
}

#[test]
fn bodies_over_the_limit_are_413() {
    let app = app();
    let big = format!("{{\"targets\": [\"{}\"]}}", "x".repeat(70 * 1024));
    // With a Content-Length the server refuses before reading.
    post(&app, "/api/scenario", &big).problem(413, Some("body"));
    // Without one (a stream), it stops reading at the limit.
    let chunks: Vec<Result<String, std::io::Error>> =
        (0..80).map(|_| Ok("x".repeat(1024))).collect();
    let reply = send(
        &app,
        Request::post("/api/scenario")
            .header("content-type", "application/json")
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .expect("a request"),
    );
    reply.problem(413, Some("body"));
}

#[test]
fn a_body_of_another_type_is_415() {
    let app = app();
    let reply = send(
        &app,
        Request::post("/api/scenario")
            .header("content-type", "text/plain")
            .body(Body::from("{}"))
            .expect("a request"),
    );
    reply.problem(415, Some("Content-Type"));
    let reply = send(
        &app,
        Request::post("/api/scenario")
            .body(Body::from("{}"))
            .expect("a request"),
    );
    reply.problem(415, Some("Content-Type"));
}

#[test]
fn a_foreign_host_is_refused_on_loopback() {
    let app = app();
    let reply = send(
        &app,
        Request::get("/api/actors")
            .header("host", "attacker.example:8080")
            .body(Body::empty())
            .expect("a request"),
    );
    reply.problem(403, Some("Host"));
    // A server bound to another address answers any host.
    let open = app_with(Setup {
        loopback_only: false,
        ..Setup::default()
    });
    let reply = send(
        &open,
        Request::get("/api/actors")
            .header("host", "statecraft.example")
            .body(Body::empty())
            .expect("a request"),
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn impossible_evidence_is_a_problem_not_a_failure() {
    // A model whose network gives a state probability zero.
    let dir = crate::temp_dir("impossible");
    std::fs::write(
        dir.join("model.toml"),
        r#"
[[variable]]
id = "a"
name = "A"
states = ["x", "y"]
[[variable.row]]
p = { x = 1.0, y = 0.0 }
assumption = true
reason = "test"
"#,
    )
    .expect("written");
    let model = statecraft_model::store::open(Some(&dir)).expect("loads");
    let state = statecraft_server::AppState::new(model, None, None, true).expect("state");
    let app = statecraft_server::router(std::sync::Arc::new(state));
    post(&app, "/api/scenario", r#"{"given": {"a": "y"}}"#).problem(400, Some("given"));
    // A model without variables has no network to query.
    std::fs::write(
        dir.join("model.toml"),
        "[[source]]\nid = \"s\"\ntitle = \"S\"\npublisher = \"P\"\npublished = \"2020\"\nsha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\nparagraphs = 1\n",
    )
    .expect("written");
    let model = statecraft_model::store::open(Some(&dir)).expect("loads");
    let state = statecraft_server::AppState::new(model, None, None, true).expect("state");
    let app = statecraft_server::router(std::sync::Arc::new(state));
    get(&app, "/api/scenario/network").problem(404, None);
    post(&app, "/api/scenario", "{}").problem(404, None);
    let _ = std::fs::remove_dir_all(&dir);
}
