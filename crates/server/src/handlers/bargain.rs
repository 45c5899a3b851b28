//! Bargaining on a model issue: the issue's positions as of a date become a scenario
//! (`statecraft_bargain_model`, the adapter `statecraft bargain --issue` uses) and the
//! bargaining engine forecasts it. The answer is the body of
//! `statecraft bargain --issue ID --json`.
//!
//! Every setting is checked before the engine runs, so an unknown issue, a bad date, an
//! unknown method or a malformed procedure is a 400 naming the field. `procedure` and
//! `status_quo` replace the issue's own for a what-if, as `--procedure` and
//! `--status-quo` do on the command line. Recent answers are kept per as-of view,
//! keyed by the canonical form of the question.

use axum::response::Response;
use serde::{Deserialize, Serialize};
use statecraft_bargain_model::{Method, Overrides, Settings, Statistic};

use crate::handlers::model::MAX_SAMPLES;
use crate::http::{Ctx, json, parse_date, to_json};
use crate::problem::Problem;

/// A bargaining question, as the API takes it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BargainQuery {
    /// The issue's id.
    #[serde(default)]
    pub issue: String,
    /// Use the positions valid at, and published by, this date (default: the latest
    /// source's publication, as on the command line).
    #[serde(default)]
    pub as_of: Option<String>,
    /// compromise (default), eum or smp.
    #[serde(default)]
    pub method: Option<String>,
    /// The compromise model's statistic: mean (default) or median.
    #[serde(default)]
    pub statistic: Option<String>,
    /// Rounds (eum) or the round limit (smp).
    #[serde(default)]
    pub rounds: Option<usize>,
    /// Sample every range this many times.
    #[serde(default)]
    pub samples: Option<usize>,
    /// Seed of the sampling and of the spatial model.
    #[serde(default)]
    pub seed: Option<u64>,
    /// A what-if decision rule in place of the issue's: `majority`, `qualified:K`,
    /// `veto:A,B,...` or `qualified:K+veto:A,B,...`.
    #[serde(default)]
    pub procedure: Option<String>,
    /// A what-if status quo in place of the issue's, one value per dimension.
    #[serde(default)]
    pub status_quo: Option<Vec<f64>>,
}

/// The settings of a question, or the field at fault.
fn settings(request: &BargainQuery) -> Result<Settings, Problem> {
    let method = match request.method.as_deref() {
        None | Some("") => Method::Compromise,
        Some(name) => Method::parse(name).ok_or_else(|| {
            Problem::invalid(
                "method",
                format!(
                    "unknown method {name:?} (methods: {})",
                    Method::NAMES.join(", ")
                ),
            )
        })?,
    };
    let statistic = match request.statistic.as_deref() {
        None | Some("") | Some("mean") => Statistic::Mean,
        Some("median") => Statistic::Median,
        Some(other) => {
            return Err(Problem::invalid(
                "statistic",
                format!("unknown statistic {other:?} (statistics: mean, median)"),
            ));
        }
    };
    if request.statistic.is_some() && method != Method::Compromise {
        return Err(Problem::invalid(
            "statistic",
            "the statistic applies to the compromise method only",
        ));
    }
    match request.samples {
        Some(n) if n > MAX_SAMPLES => {
            return Err(Problem::invalid(
                "samples",
                format!("at most {MAX_SAMPLES} samples per request, not {n}"),
            ));
        }
        None if request.seed.is_some() && method != Method::Smp => {
            return Err(Problem::invalid(
                "seed",
                "a seed needs samples (or the smp method): give \"samples\" too",
            ));
        }
        _ => {}
    }
    Ok(Settings {
        method,
        statistic,
        rounds: request.rounds,
        seed: request.seed,
        samples: request.samples,
    })
}

pub fn bargain(ctx: &Ctx) -> Result<Response, Problem> {
    let request: BargainQuery = ctx.json_body()?;
    if request.issue.trim().is_empty() {
        return Err(Problem::invalid(
            "issue",
            "name the issue to forecast: \"issue\" is required (GET /api/issues lists them)",
        ));
    }
    let settings = settings(&request)?;
    let field = |e: statecraft_bargain_model::Error| Problem::invalid(e.field(), e.to_string());
    settings.plan().map_err(field)?;
    let overrides = Overrides {
        procedure: request.procedure.clone(),
        status_quo: request.status_quo.clone(),
    };
    if let Some(text) = &overrides.procedure {
        statecraft_bargain_model::parse_procedure(text).map_err(field)?;
    }
    let date = match request.as_of.as_deref() {
        None | Some("") => {
            statecraft_bargain_model::latest_date(ctx.state.model()).map_err(field)?
        }
        Some(text) => parse_date("as_of", text)?,
    };
    let view = ctx.state.view(Some(&date));
    let key = format!(
        "bargain:{}",
        String::from_utf8_lossy(&to_json(&(
            &request.issue,
            &request.method,
            &request.statistic,
            request.rounds,
            request.samples,
            request.seed,
            &request.procedure,
            &request.status_quo
        ))?)
    );
    if let Some(hit) = view.answer(&key) {
        return Ok(json(hit));
    }
    let answer = statecraft_bargain_model::run_with(
        &view.model,
        &request.issue,
        &date,
        &settings,
        &overrides,
        &|| ctx.past_deadline(),
    )
    .map_err(|e| {
        if e.stopped() {
            Problem::timeout(crate::REQUEST_TIMEOUT.as_secs())
        } else {
            field(e)
        }
    })?;
    let body = axum::body::Bytes::from(to_json(&answer)?);
    Ok(json(view.remember_answer(key, body)))
}
