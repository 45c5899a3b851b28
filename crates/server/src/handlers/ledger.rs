//! The forecast ledger: read the records and the scores; ask, forecast and resolve
//! with the bearer token.
//!
//! The ledger is an SQLite file opened once at start; writes go through one lock, each a
//! durable transaction of the ledger crate. A rejected write leaves the ledger as it was.
//! This module does not import the model's forecasts (`statecraft ledger` does).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use statecraft_ledger::scorecard::{Filter, score_card};
use statecraft_ledger::{
    ForecastInput, LedgerError, Locator, Outcome, Question, QuestionKind, Resolution,
};

use crate::http::{Ctx, json, parse_date, to_json};
use crate::problem::Problem;
use crate::state::{LedgerConfig, lock};

fn ledger(ctx: &Ctx) -> Result<&LedgerConfig, Problem> {
    ctx.state
        .ledger
        .as_ref()
        .ok_or_else(|| Problem::not_configured("this server was started without --ledger PATH"))
}

/// Maps a ledger error to a problem; `reference` is the field a wrong option or date
/// belongs to in this request.
fn problem(error: LedgerError, option_field: &str, date_field: &str) -> Problem {
    let detail = error.to_string();
    match error {
        LedgerError::Invalid { field, message } => {
            let field = match field.as_str() {
                "by" => "forecaster".to_string(),
                _ => field,
            };
            Problem::invalid(field, message)
        }
        LedgerError::UnknownQuestion(_) => Problem::invalid("question", detail),
        LedgerError::UnknownOption { .. } | LedgerError::NotNormalised { .. } => {
            Problem::invalid(option_field, detail)
        }
        LedgerError::DateOrder(_) => Problem::invalid(date_field, detail),
        LedgerError::QuestionExists(_) => Problem::conflict("id", detail),
        LedgerError::AlreadyResolved { .. }
        | LedgerError::Annulled { .. }
        | LedgerError::ForecastAfterResolution { .. }
        | LedgerError::ImportConflicts(_) => Problem::conflict("question", detail),
        _ => Problem::internal(detail),
    }
}

pub fn read(ctx: &Ctx) -> Result<Response, Problem> {
    let config = ledger(ctx)?;
    let records = lock(&config.ledger)
        .records()
        .map_err(|e| problem(e, "body", "body"))?;
    Ok(json(to_json(&records)?))
}

pub fn scores(ctx: &Ctx) -> Result<Response, Problem> {
    let config = ledger(ctx)?;
    let since = match ctx.query("since").filter(|s| !s.is_empty()) {
        Some(text) => Some(parse_date("since", text)?),
        None => None,
    };
    let bins = match ctx.query("bins").filter(|s| !s.is_empty()) {
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n <= 100 => n,
            _ => {
                return Err(Problem::invalid(
                    "bins",
                    format!("{text:?} is not a number of bins from 0 to 100"),
                ));
            }
        },
        None => 10,
    };
    let filter = Filter {
        forecaster: ctx
            .query("forecaster")
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        since,
        bins,
    };
    let records = lock(&config.ledger)
        .records()
        .map_err(|e| problem(e, "body", "body"))?;
    Ok(json(to_json(&score_card(&records, &filter))?))
}

#[derive(Serialize)]
struct Written<'a> {
    written: &'static str,
    question: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast: Option<i64>,
}

fn created(body: &Written<'_>) -> Result<Response, Problem> {
    let mut response = json(to_json(body)?).into_response();
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// A new question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionBody {
    pub id: String,
    pub text: String,
    /// `binary`, `multiple` or `ordered`; default binary for two options, else multiple.
    #[serde(default)]
    pub kind: Option<String>,
    pub options: Vec<String>,
    /// What counts as each outcome.
    pub resolution: String,
    pub opens: String,
    pub resolves_by: String,
    #[serde(default)]
    pub evidence: Vec<Locator>,
}

pub fn ask(ctx: &Ctx) -> Result<Response, Problem> {
    ctx.require_token()?;
    let config = ledger(ctx)?;
    let body: QuestionBody = ctx.json_body()?;
    let kind = match body.kind.as_deref() {
        Some(text) => QuestionKind::parse(text).ok_or_else(|| {
            Problem::invalid(
                "kind",
                format!("{text:?} is not a kind of question (binary, multiple, ordered)"),
            )
        })?,
        None if body.options.len() == 2 => QuestionKind::Binary,
        None => QuestionKind::Multiple,
    };
    let question = Question {
        id: body.id,
        text: body.text,
        kind,
        options: body.options,
        resolution_criterion: body.resolution,
        opens: parse_date("opens", &body.opens)?,
        resolves_by: parse_date("resolves_by", &body.resolves_by)?,
        evidence: body.evidence,
    };
    question
        .check()
        .map_err(|e| problem(e, "options", "resolves_by"))?;
    lock(&config.ledger)
        .ask(&question)
        .map_err(|e| problem(e, "options", "resolves_by"))?;
    created(&Written {
        written: "question",
        question: &question.id,
        forecast: None,
    })
}

/// A forecast on a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastBody {
    pub question: String,
    pub forecaster: String,
    pub made_at: String,
    /// Option → probability; options left out share the remainder.
    pub p: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub evidence: Vec<Locator>,
}

pub fn forecast(ctx: &Ctx) -> Result<Response, Problem> {
    ctx.require_token()?;
    let config = ledger(ctx)?;
    let body: ForecastBody = ctx.json_body()?;
    let mut given = Vec::new();
    for (option, value) in &body.p {
        let p = value.as_f64().ok_or_else(|| {
            Problem::invalid(
                format!("p.{option}"),
                format!("the probability of {option:?} must be a number from 0 to 1"),
            )
        })?;
        given.push((option.clone(), p));
    }
    let input = ForecastInput {
        question: body.question.clone(),
        forecaster: body.forecaster,
        made_at: parse_date("made_at", &body.made_at)?,
        given,
        rationale: body.rationale,
        evidence: body.evidence,
    };
    let id = lock(&config.ledger)
        .forecast(input)
        .map_err(|e| problem(e, "p", "made_at"))?;
    created(&Written {
        written: "forecast",
        question: &body.question,
        forecast: Some(id),
    })
}

/// The resolution of a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionBody {
    pub question: String,
    /// The option that occurred, or `annulled`.
    pub outcome: String,
    pub resolved_at: String,
    /// Where the outcome is established.
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

pub fn resolve(ctx: &Ctx) -> Result<Response, Problem> {
    ctx.require_token()?;
    let config = ledger(ctx)?;
    let body: ResolutionBody = ctx.json_body()?;
    if body.source.trim().is_empty() {
        return Err(Problem::invalid(
            "source",
            "say where the outcome is established (a reference or URL)",
        ));
    }
    let resolution = Resolution {
        question: body.question.clone(),
        outcome: if body.outcome == statecraft_ledger::record::ANNULLED {
            Outcome::Annulled
        } else {
            Outcome::Option(body.outcome)
        },
        resolved_at: parse_date("resolved_at", &body.resolved_at)?,
        source: body.source,
        note: body.note,
    };
    lock(&config.ledger)
        .resolve(&resolution)
        .map_err(|e| problem(e, "outcome", "resolved_at"))?;
    created(&Written {
        written: "resolution",
        question: &body.question,
        forecast: None,
    })
}
