//! Backtest: score what the scenario network would have said as of a past date against
//! what happened.
//!
//! The model is viewed as of the date (evidence published later is left out), the
//! network gives P(variable = state) for each outcome row, and the table scores it beside
//! two baselines: uniform over the variable's states, and the authors' own forecast of
//! the question where the model records one (the forecasts `ledger import-model` puts in
//! the ledger). Rows resolved on or before the date are history the model may already
//! reflect; they are listed but not scored. Parsing the outcomes file is here too, so
//! its errors name the line; reading the file is the caller's job.

use serde::Serialize;
use statecraft_ledger::score::binary_brier;
use statecraft_model::probability::ProbabilitySpec;
use statecraft_model::{Date, Model};

use crate::{Query, ScenarioError, build, query};

/// One row of an outcomes file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub line: usize,
    pub question_id: String,
    pub question: String,
    pub variable: String,
    pub state: String,
    pub outcome: bool,
    pub resolved_at: Date,
    pub source: String,
}

/// The columns an outcomes file must have, in order.
pub const COLUMNS: [&str; 7] = [
    "question_id",
    "question",
    "variable",
    "state",
    "outcome",
    "resolved_at",
    "source",
];

/// Splits one CSV line (RFC 4180 quoting; no line breaks inside fields).
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_start => {
                quoted = true;
                at_start = false;
            }
            (true, '"') => {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',')) {
                        return Err("text after a closing quote".into());
                    }
                }
            }
            (false, ',') => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            (_, c) => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

/// Parses an outcomes file; every bad row is reported with its line number.
pub fn parse_outcomes(text: &str) -> Result<Vec<Outcome>, Vec<String>> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        None => {
            return Err(vec![
                "line 1: the file is empty; expected the header ".to_string() + &COLUMNS.join(","),
            ]);
        }
        Some((i, header)) => {
            let names: Vec<String> = csv_fields(header)
                .unwrap_or_default()
                .iter()
                .map(|h| h.trim().to_string())
                .collect();
            if names != COLUMNS {
                return Err(vec![format!(
                    "line {}: the header must be {}",
                    i + 1,
                    COLUMNS.join(",")
                )]);
            }
        }
    }
    for (i, line) in lines {
        let n = i + 1;
        let fields = match csv_fields(line) {
            Ok(f) => f,
            Err(why) => {
                problems.push(format!("line {n}: {why}"));
                continue;
            }
        };
        if fields.len() != COLUMNS.len() {
            problems.push(format!(
                "line {n}: {} fields, expected {}",
                fields.len(),
                COLUMNS.len()
            ));
            continue;
        }
        let f: Vec<&str> = fields.iter().map(|s| s.trim()).collect();
        let outcome = match f[4] {
            "1" => true,
            "0" => false,
            other => {
                problems.push(format!("line {n}, column outcome: {other:?} is not 1 or 0"));
                continue;
            }
        };
        let resolved_at = match Date::parse(f[5]) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("line {n}, column resolved_at: {e}"));
                continue;
            }
        };
        for (k, name) in [(0, "question_id"), (2, "variable"), (3, "state")] {
            if f[k].is_empty() {
                problems.push(format!("line {n}, column {name}: empty"));
            }
        }
        rows.push(Outcome {
            line: n,
            question_id: f[0].to_string(),
            question: f[1].to_string(),
            variable: f[2].to_string(),
            state: f[3].to_string(),
            outcome,
            resolved_at,
            source: f[6].to_string(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// One scored row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRow {
    pub line: usize,
    pub question_id: String,
    pub variable: String,
    pub state: String,
    pub outcome: bool,
    pub model_p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_p05: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_p95: Option<f64>,
    pub uniform_p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub brier_model: f64,
    pub brier_uniform: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brier_author: Option<f64>,
}

/// A forecaster's mean scores over the rows it covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecasterScore {
    pub forecaster: String,
    pub rows: usize,
    pub mean_brier: f64,
    /// Mean natural log of the probability given to what happened (higher is better).
    pub mean_log: f64,
}

/// The whole backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub as_of: String,
    pub rows: Vec<BacktestRow>,
    /// Rows resolved on or before the date, not scored.
    pub excluded: Vec<String>,
    pub scores: Vec<ForecasterScore>,
    /// The scores restricted to the rows the authors forecast, for a like-for-like comparison.
    pub scores_on_author_rows: Vec<ForecasterScore>,
}

fn log_of(p: f64, happened: bool) -> f64 {
    (if happened { p } else { 1.0 - p }).max(1e-15).ln()
}

/// The probability the model's forecast `question_id` (visible in the view) gives to
/// `variable = state`: the option of that name, or the first option of a binary question
/// linked to that variable and state. Options left out share the remainder equally.
fn author_probability(
    view: &Model,
    question_id: &str,
    variable: &str,
    state: &str,
) -> Option<(f64, String)> {
    let forecast = view
        .forecasts
        .iter()
        .find(|f| f.id.as_str() == question_id)?;
    let mut given: Vec<Option<f64>> = forecast
        .options
        .iter()
        .map(|o| {
            forecast
                .p
                .get(o)
                .and_then(|spec: &ProbabilitySpec| spec.interval().ok())
                .map(|i| i.midpoint())
        })
        .collect();
    let missing = given.iter().filter(|g| g.is_none()).count();
    let rest = (1.0 - given.iter().flatten().sum::<f64>()).max(0.0);
    for g in &mut given {
        if g.is_none() {
            *g = Some(rest / missing as f64);
        }
    }
    let values: Vec<f64> = given.into_iter().map(|g| g.unwrap_or(0.0)).collect();
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let index = match forecast.options.iter().position(|o| o == state) {
        Some(i) => i,
        None if forecast
            .variable
            .as_ref()
            .is_some_and(|v| v.as_str() == variable)
            && forecast.state.as_deref() == Some(state) =>
        {
            0
        }
        None => return None,
    };
    Some((values[index] / total, forecast.made_by.clone()))
}

fn summarise(
    name: &str,
    rows: &[&BacktestRow],
    pick: impl Fn(&BacktestRow) -> Option<f64>,
) -> Option<ForecasterScore> {
    let scored: Vec<(f64, bool)> = rows
        .iter()
        .filter_map(|r| pick(r).map(|p| (p, r.outcome)))
        .collect();
    if scored.is_empty() {
        return None;
    }
    let n = scored.len() as f64;
    Some(ForecasterScore {
        forecaster: name.to_string(),
        rows: scored.len(),
        mean_brier: scored
            .iter()
            .map(|(p, o)| binary_brier(*p, *o))
            .sum::<f64>()
            / n,
        mean_log: scored.iter().map(|(p, o)| log_of(*p, *o)).sum::<f64>() / n,
    })
}

/// Runs the backtest of `model` as of `as_of` on the outcome rows.
pub fn backtest(
    model: &Model,
    as_of: &Date,
    outcomes: &[Outcome],
    samples: Option<(usize, u64)>,
) -> Result<Backtest, ScenarioError> {
    let view = statecraft_model::view::as_of(model, as_of);
    let scenario = build(&view)?;
    // Every variable and state is checked before any scoring.
    for o in outcomes {
        let id =
            scenario
                .network
                .id(&o.variable)
                .ok_or_else(|| ScenarioError::UnknownVariable {
                    name: format!("{} (line {})", o.variable, o.line),
                    known: scenario
                        .network
                        .variables()
                        .iter()
                        .map(|v| v.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
        if scenario
            .network
            .variable(id)
            .state_index(&o.state)
            .is_none()
        {
            return Err(ScenarioError::UnknownState {
                variable: format!("{} (line {})", o.variable, o.line),
                state: o.state.clone(),
                known: scenario.network.variable(id).states().join(", "),
            });
        }
    }
    let answer = query(
        &scenario,
        &Query {
            samples,
            ..Query::default()
        },
    )?;
    let mut rows = Vec::new();
    let mut excluded = Vec::new();
    for o in outcomes {
        if o.resolved_at.end <= as_of.end {
            excluded.push(format!(
                "line {}: {} resolved {} , not after {as_of}",
                o.line, o.question_id, o.resolved_at
            ));
            continue;
        }
        let marginal = answer
            .marginals
            .iter()
            .find(|m| m.id == o.variable)
            .ok_or_else(|| ScenarioError::UnknownVariable {
                name: o.variable.clone(),
                known: String::new(),
            })?;
        let state = marginal
            .states
            .iter()
            .find(|s| s.state == o.state)
            .ok_or_else(|| ScenarioError::UnknownState {
                variable: o.variable.clone(),
                state: o.state.clone(),
                known: String::new(),
            })?;
        let uniform_p = 1.0 / marginal.states.len() as f64;
        let author = author_probability(&view, &o.question_id, &o.variable, &o.state);
        rows.push(BacktestRow {
            line: o.line,
            question_id: o.question_id.clone(),
            variable: o.variable.clone(),
            state: o.state.clone(),
            outcome: o.outcome,
            model_p: state.p,
            model_p05: state.p05,
            model_p95: state.p95,
            uniform_p,
            author_p: author.as_ref().map(|a| a.0),
            author: author.as_ref().map(|a| a.1.clone()),
            brier_model: binary_brier(state.p, o.outcome),
            brier_uniform: binary_brier(uniform_p, o.outcome),
            brier_author: author.as_ref().map(|a| binary_brier(a.0, o.outcome)),
        });
    }
    let all: Vec<&BacktestRow> = rows.iter().collect();
    let authored: Vec<&BacktestRow> = rows.iter().filter(|r| r.author_p.is_some()).collect();
    let table = |rows: &[&BacktestRow]| -> Vec<ForecasterScore> {
        [
            summarise("scenario network", rows, |r| Some(r.model_p)),
            summarise("uniform", rows, |r| Some(r.uniform_p)),
            summarise("authors", rows, |r| r.author_p),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    Ok(Backtest {
        as_of: as_of.to_string(),
        scores: table(&all),
        scores_on_author_rows: table(&authored),
        rows,
        excluded,
    })
}
