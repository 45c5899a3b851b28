//! The brief as of a date, as `statecraft report --json` gives it: the report's own
//! sections, with the leverage engine's after the channels and the rules engine's after
//! the measures in force.

use axum::response::Response;
use statecraft_model::{Date, Model};
use statecraft_report::Report;

use crate::http::{Ctx, json, to_json};
use crate::problem::Problem;

/// The brief of a view, built as the CLI builds it.
pub fn brief(model: &Model, as_of: Option<&Date>) -> Report {
    let mut report = statecraft_report::build(model, as_of);
    statecraft_report::insert_sections(
        &mut report,
        "channels",
        vec![statecraft_leverage::leverage_section(model, as_of)],
    );
    statecraft_report::insert_sections(
        &mut report,
        "measures",
        vec![statecraft_rules::rules_section(model, as_of)],
    );
    report
}

pub fn report(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("report", |v| {
        to_json(&brief(&v.model, v.as_of.as_ref()))
    })?))
}
