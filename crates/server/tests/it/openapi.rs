//! The OpenAPI document lists exactly the routes the router serves, each with its
//! parameters and response schemas.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use statecraft_server::routes::ROUTES;

use crate::{Setup, app_with, get, send};

/// Every (method, path) the server serves, written out independently of the route table.
const EXPECTED: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/static/{file}"),
    ("get", "/openapi.json"),
    ("get", "/api/info"),
    ("get", "/api/model"),
    ("get", "/api/actors"),
    ("get", "/api/channels"),
    ("get", "/api/events"),
    ("get", "/api/measures"),
    ("get", "/api/goals"),
    ("get", "/api/issues"),
    ("get", "/api/forecasts"),
    ("get", "/api/report"),
    ("get", "/api/scenario/network"),
    ("post", "/api/scenario"),
    ("post", "/api/bargain"),
    ("get", "/api/leverage"),
    ("get", "/api/permitted"),
    ("get", "/api/permitted/vocabulary"),
    ("get", "/api/sources"),
    ("get", "/api/sources/{id}"),
    ("get", "/api/sources/{id}/paragraphs/{n}"),
    ("get", "/api/search"),
    ("get", "/api/coverage"),
    ("get", "/api/ledger"),
    ("get", "/api/ledger/scores"),
    ("post", "/api/ledger/questions"),
    ("post", "/api/ledger/forecasts"),
    ("post", "/api/ledger/resolutions"),
];

fn document() -> Value {
    get(&crate::app(), "/openapi.json").json()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().cloned().unwrap_or_default() {
        for method in item
            .as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            out.insert((method, path.clone()));
        }
    }
    out
}

#[test]
fn the_document_is_openapi_3_1() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[test]
fn the_document_lists_every_route_and_only_those() {
    let doc = document();
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let table: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.as_str().to_ascii_lowercase(), r.openapi_path()))
        .collect();
    assert_eq!(documented(&doc), expected);
    assert_eq!(table, expected);
}

/// A concrete request path for a route's template.
fn concrete(path: &str) -> String {
    if path == "/api/permitted" {
        return "/api/permitted?as_of=2016".to_string();
    }
    if path == "/api/search" {
        return "/api/search?q=arms".to_string();
    }
    if path == "/api/leverage" {
        return "/api/leverage?over=XBB".to_string();
    }
    path.replace("{*file}", "app.js")
        .replace("{id}", "harbour-2015")
        .replace("{n}", "2")
}

#[test]
fn every_route_in_the_table_is_served() {
    let dir = crate::temp_dir("routes");
    let app = app_with(Setup {
        ledger: Some(dir.join("ledger.sqlite3")),
        ..Setup::default()
    });
    for route in ROUTES {
        let uri = concrete(route.path);
        let request = Request::builder()
            .method(route.method.clone())
            .uri(&uri)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {}", crate::TOKEN))
            .body(Body::from("{}"))
            .expect("a request");
        let reply = send(&app, request);
        assert_ne!(reply.status, 405, "{} {uri}", route.method);
        if reply.status == 404 {
            let body = reply.json();
            assert_ne!(
                body["type"], "urn:statecraft:problem:no-such-route",
                "{} {uri} is in the table but not served",
                route.method
            );
        }
        assert!(
            reply.status.as_u16() < 500,
            "{} {uri}: {}",
            route.method,
            reply.status
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_operation_documents_its_parameters_and_responses() {
    let doc = document();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (path, item) in doc["paths"].as_object().cloned().unwrap_or_default() {
        // Each {param} of the path is a documented path parameter.
        let params_in_path: Vec<String> = path
            .split('/')
            .filter(|s| s.starts_with('{'))
            .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_string())
            .collect();
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
            for name in &params_in_path {
                assert!(
                    parameters.iter().any(|p| p["name"] == name.as_str()
                        && p["in"] == "path"
                        && p["required"] == true),
                    "{method} {path}: path parameter {name} undocumented"
                );
            }
            for p in &parameters {
                assert!(p["schema"].is_object(), "{method} {path}: {p}");
                assert!(p["description"].is_string(), "{method} {path}: {p}");
            }
            let responses = op["responses"].as_object().cloned().unwrap_or_default();
            let ok = responses
                .get("200")
                .or_else(|| responses.get("201"))
                .unwrap_or_else(|| panic!("{method} {path}: no success response"));
            assert!(ok["content"].is_object(), "{method} {path}");
            for (status, response) in &responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{method} {path} {status}"
                    );
                }
            }
            if method == "post" {
                let request = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
                let name = request
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("#/components/schemas/");
                assert!(
                    schemas.contains_key(name),
                    "{method} {path}: request schema {request}"
                );
            }
            let auth = op.get("security").is_some();
            assert_eq!(
                auth,
                path.starts_with("/api/ledger/") && method == "post",
                "{method} {path}"
            );
        }
    }
}

#[test]
fn as_of_is_documented_wherever_it_is_taken() {
    let doc = document();
    for path in [
        "/api/model",
        "/api/actors",
        "/api/channels",
        "/api/events",
        "/api/report",
        "/api/scenario/network",
    ] {
        let params = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let as_of = params
            .iter()
            .find(|p| p["name"] == "as_of")
            .cloned()
            .unwrap_or_default();
        assert_eq!(as_of["in"], "query", "{path}");
        assert_eq!(
            as_of["schema"]["$ref"], "#/components/schemas/Date",
            "{path}"
        );
    }
}
