//! The OpenAPI 3.1 document, generated from the route table and the schemas.
//!
//! Nothing here is written by hand per route: paths, methods, parameters, request and
//! response bodies, error statuses and the security requirement all come from
//! [`crate::routes::ROUTES`], so the document describes exactly what the router serves.

use serde_json::{Map, Value, json};

use crate::routes::{Body, In, Kind, ROUTES, Route};
use crate::schema;

fn status_text(status: u16) -> &'static str {
    match status {
        400 => "Invalid input: the problem names the field.",
        401 => "No valid bearer token.",
        403 => "The Host header names no loopback address while the server listens on one.",
        404 => "Not found, or not configured on this server.",
        405 => "The path does not take this method.",
        409 => "Contradicts what is already recorded.",
        413 => "The body is over 64 KiB.",
        415 => "The body is not application/json.",
        503 => "The request took longer than the server allows.",
        _ => "An error.",
    }
}

fn body_content(body: Body) -> Value {
    match body {
        Body::Schema(name) => json!({
            "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } }
        }),
        Body::ArrayOf(name) => json!({
            "application/json": { "schema": { "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } } }
        }),
        Body::Html => json!({ "text/html": { "schema": { "type": "string" } } }),
        Body::Asset => json!({
            "text/javascript": { "schema": { "type": "string" } },
            "text/css": { "schema": { "type": "string" } },
            "image/svg+xml": { "schema": { "type": "string" } }
        }),
        Body::OpenApi => json!({
            "application/json": { "schema": { "type": "object", "description": "An OpenAPI 3.1 document." } }
        }),
    }
}

fn parameter_schema(kind: Kind) -> Value {
    match kind {
        Kind::String => json!({ "type": "string" }),
        Kind::Date => json!({ "$ref": "#/components/schemas/Date" }),
        Kind::Integer => json!({ "type": "integer", "minimum": 0 }),
        Kind::OneOf(values) => json!({ "type": "string", "enum": values }),
    }
}

fn operation(route: &Route) -> Value {
    let doc = &route.doc;
    let parameters: Vec<Value> = doc
        .params
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "in": if p.location == In::Path { "path" } else { "query" },
                "required": p.required || p.location == In::Path,
                "description": p.description,
                "schema": parameter_schema(p.kind),
            })
        })
        .collect();
    let mut responses = Map::new();
    let (status, what) = if doc.auth {
        ("201", "Recorded.")
    } else {
        ("200", "OK.")
    };
    responses.insert(
        status.to_string(),
        json!({ "description": what, "content": body_content(doc.response) }),
    );
    for status in doc.errors {
        responses.insert(
            status.to_string(),
            json!({
                "description": status_text(*status),
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
            }),
        );
    }
    let mut op = json!({
        "operationId": route.operation_id(),
        "tags": [doc.tag],
        "summary": doc.summary,
        "description": doc.description,
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(request) = doc.request {
        op["requestBody"] = json!({ "required": true, "content": body_content(request) });
    }
    if doc.auth {
        op["security"] = json!([{ "bearer": [] }]);
    }
    op
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let entry = paths
            .entry(route.openapi_path())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[route.method.as_str().to_ascii_lowercase()] = operation(route);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "statecraft",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The HTTP API of `statecraft serve`: the model as of any date, the brief, what-if queries on the scenario network, bargaining forecasts on the issues, the sources behind every figure, and the forecast ledger. Every error is an RFC 9457 problem (application/problem+json) whose `field` member names the part of the request at fault. Reads need no token; writes need the bearer token printed at the first start.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": "/" }],
        "tags": [
            { "name": "page", "description": "The web page and its assets." },
            { "name": "meta", "description": "About this server." },
            { "name": "model", "description": "The model's records as of a date." },
            { "name": "report", "description": "The brief." },
            { "name": "scenario", "description": "What-if queries on the scenario network." },
            { "name": "bargain", "description": "How the actors settle an issue: bargaining forecasts." },
            { "name": "leverage", "description": "Who can hurt whom through which channel." },
            { "name": "rules", "description": "The sanctions rules: was an activity permitted on a date?" },
            { "name": "sources", "description": "The sources and the evidence behind every figure." },
            { "name": "ledger", "description": "The forecast ledger." }
        ],
        "paths": paths,
        "components": {
            "schemas": schema::components(),
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "The token printed when the server first started with --ledger; stored beside the ledger with mode 0600." }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` in the document points at a defined component.
    #[test]
    fn every_component_is_defined() {
        let doc = document();
        let defined = doc["components"]["schemas"]
            .as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        let mut missing = Vec::new();
        fn walk(value: &Value, defined: &[String], missing: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        let name = r.trim_start_matches("#/components/schemas/");
                        if !defined.iter().any(|d| d == name) {
                            missing.push(name.to_string());
                        }
                    }
                    for v in map.values() {
                        walk(v, defined, missing);
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, defined, missing)),
                _ => {}
            }
        }
        walk(&doc, &defined, &mut missing);
        assert!(missing.is_empty(), "undefined schemas: {missing:?}");
    }

    #[test]
    fn operation_ids_are_unique() {
        let mut ids: Vec<String> = ROUTES.iter().map(Route::operation_id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
