//! "Was this activity permitted on date D?" — the sanctions rules engine over HTTP, as
//! `statecraft permitted --json` answers it.
//!
//! The rules are those of the measures in force at the date as the whole model records
//! them (not only what had been published by then), as in the CLI. The activity's
//! fields are query parameters; every problem the engine finds with them is reported,
//! the first one's field named.

use axum::response::Response;
use statecraft_rules::{ActivityQuery, RulesError};

use crate::http::{Ctx, json, parse_date, to_json};
use crate::problem::Problem;

pub fn permitted(ctx: &Ctx) -> Result<Response, Problem> {
    let date = match ctx.query("as_of") {
        Some(text) if !text.is_empty() => parse_date("as_of", text)?,
        _ => {
            return Err(Problem::invalid(
                "as_of",
                "give the date asked about (YYYY-MM-DD, or YYYY-MM / YYYY)",
            ));
        }
    };
    let field = |name: &str| {
        ctx.query(name)
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string)
    };
    let query = ActivityQuery {
        channel: field("channel"),
        goods: field("goods"),
        origin: field("origin"),
        exporter: field("exporter"),
        importer: field("importer"),
        via: field("via"),
        purpose: field("purpose"),
    };
    let model = ctx.state.model();
    let activity = statecraft_rules::resolve_activity(model, &query).map_err(|e| match e {
        RulesError::InvalidActivity(problems) => {
            let first = problems.first().map_or("query", |p| p.field.as_str());
            let detail = problems
                .iter()
                .map(|p| format!("{}: {}", p.field.as_str(), p.message))
                .collect::<Vec<_>>()
                .join("; ");
            Problem::invalid(first, detail)
        }
    })?;
    let answer = statecraft_rules::evaluate(model, &date, &activity);
    Ok(json(to_json(&answer)?))
}

pub fn vocabulary(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.state.view(None);
    Ok(json(view.body("vocabulary", |v| {
        to_json(&statecraft_rules::vocabulary(&v.model))
    })?))
}
