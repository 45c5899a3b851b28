//! The page, its assets and the OpenAPI document.

use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::assets::{self, Asset};
use crate::http::{Ctx, json, to_json, with_type};
use crate::problem::Problem;

fn serve(ctx: &Ctx, asset: &'static Asset) -> Response {
    let etag = assets::etag(asset);
    let fresh = ctx
        .headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        let mut r = Response::new(axum::body::Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        with_type(Bytes::from_static(asset.bytes), asset.content_type)
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

pub fn index(ctx: &Ctx) -> Result<Response, Problem> {
    let asset = assets::find("index.html")
        .ok_or_else(|| Problem::internal("the page was not compiled in"))?;
    Ok(serve(ctx, asset))
}

pub fn asset(ctx: &Ctx) -> Result<Response, Problem> {
    let name = ctx.path("file");
    match assets::find(name).filter(|a| a.name != "index.html") {
        Some(asset) => Ok(serve(ctx, asset)),
        None => Err(Problem::not_found("file", format!("no asset {name:?}"))),
    }
}

pub fn openapi(_: &Ctx) -> Result<Response, Problem> {
    static DOCUMENT: OnceLock<Bytes> = OnceLock::new();
    let body = match DOCUMENT.get() {
        Some(body) => body.clone(),
        None => {
            let body = Bytes::from(to_json(&crate::openapi::document())?);
            DOCUMENT.get_or_init(|| body).clone()
        }
    };
    Ok(json(body))
}
