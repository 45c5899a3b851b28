//! Full-text search over the source paragraphs and the model's data, as
//! `statecraft search --json` answers it. The index is built once per as-of view.

use axum::response::Response;
use serde::Serialize;
use statecraft_sources::search::{SearchHit, Unit, parse_query};

use crate::http::{Ctx, json, to_json};
use crate::problem::Problem;

/// The most hits one search returns.
pub const MAX_HITS: usize = 100;

#[derive(Serialize)]
struct Report<'a> {
    query: &'a str,
    as_of: Option<String>,
    units: &'a [Unit],
    documents: usize,
    sources_searched: &'a [String],
    hits: Vec<SearchHit>,
}

pub fn search(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    let query = ctx.query("q").unwrap_or("").trim();
    let limit = match ctx.query("limit").filter(|l| !l.is_empty()) {
        None => 10,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_HITS).contains(&n) => n,
            _ => {
                return Err(Problem::invalid(
                    "limit",
                    format!("{text:?} is not a number of hits from 1 to {MAX_HITS}"),
                ));
            }
        },
    };
    let units = parse_query(query, Some(&view.model));
    if units.is_empty() {
        return Err(Problem::invalid(
            "q",
            format!("the query {query:?} has no word to search for"),
        ));
    }
    let index = view.search_index(ctx.state.texts.as_ref());
    let hits = index.search(&units, limit);
    let report = Report {
        query,
        as_of: view.as_of.map(|d| d.to_string()),
        units: &units,
        documents: index.index.len(),
        sources_searched: &index.sources_indexed,
        hits,
    };
    Ok(json(to_json(&report)?))
}
