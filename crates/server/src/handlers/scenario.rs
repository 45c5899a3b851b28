//! What-if queries on the scenario network, and the network itself for a diagram.
//!
//! A query is checked against the network before the engine sees it, so every unknown
//! variable or state is a 400 naming the exact field (`given.china-enforces`,
//! `targets[2]`, `sensitivity.state`). The network is built once per as-of view, and
//! recent answers are kept per view, keyed by the canonical form of the question.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::response::Response;
use serde::{Deserialize, Serialize};
use statecraft_scenario::{Query, RowSource, ScenarioError, ScenarioNetwork};

use crate::handlers::model::MAX_SAMPLES;
use crate::http::{Ctx, json, parse_date, to_json};
use crate::problem::Problem;
use crate::state::View;

/// A what-if, as the API takes it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioQuery {
    /// View the network as of this date.
    #[serde(default, skip_serializing)]
    pub as_of: Option<String>,
    /// Observed states, variable → state.
    #[serde(default)]
    pub given: BTreeMap<String, String>,
    /// Interventions, variable → state.
    #[serde(default, rename = "do")]
    pub interventions: BTreeMap<String, String>,
    /// Variables to report (all when empty).
    #[serde(default)]
    pub targets: Vec<String>,
    /// Sample the probability intervals this many times.
    #[serde(default)]
    pub samples: Option<usize>,
    /// The seed of the sampling (default 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Rank the parameters by how much they move P(variable = state).
    #[serde(default)]
    pub sensitivity: Option<Assignment>,
}

/// `variable = state`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub variable: String,
    pub state: String,
}

fn scenario_of(view: &View) -> Result<Arc<ScenarioNetwork>, Problem> {
    view.scenario()
        .map_err(|why| Problem::not_configured(format!("no scenario network to query: {why}")))
}

/// Checks one `variable = state` against the network; the problem names `field`.
fn check_assignment(
    scenario: &ScenarioNetwork,
    field: &str,
    variable: &str,
    state: Option<&str>,
) -> Result<(), Problem> {
    let network = &scenario.network;
    let Some(id) = network.id(variable) else {
        let known: Vec<&str> = network.variables().iter().map(|v| v.name()).collect();
        return Err(Problem::invalid(
            field,
            format!(
                "unknown scenario variable {variable:?} (variables: {})",
                known.join(", ")
            ),
        ));
    };
    if let Some(state) = state {
        let v = network.variable(id);
        if v.state_index(state).is_none() {
            return Err(Problem::invalid(
                field,
                format!(
                    "variable {variable:?} has no state {state:?} (states: {})",
                    v.states().join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Turns a checked request into the engine's question.
fn plan(scenario: &ScenarioNetwork, request: &ScenarioQuery) -> Result<Query, Problem> {
    for (variable, state) in &request.given {
        check_assignment(
            scenario,
            &format!("given.{variable}"),
            variable,
            Some(state),
        )?;
    }
    for (variable, state) in &request.interventions {
        check_assignment(scenario, &format!("do.{variable}"), variable, Some(state))?;
        if request.given.contains_key(variable) {
            return Err(Problem::invalid(
                format!("do.{variable}"),
                format!("variable {variable:?} is both given and set by an intervention"),
            ));
        }
    }
    for (i, target) in request.targets.iter().enumerate() {
        check_assignment(scenario, &format!("targets[{i}]"), target, None)?;
    }
    if let Some(s) = &request.sensitivity {
        check_assignment(scenario, "sensitivity.variable", &s.variable, None)?;
        check_assignment(scenario, "sensitivity.state", &s.variable, Some(&s.state))?;
    }
    match request.samples {
        Some(0) => return Err(Problem::invalid("samples", "samples must be at least 1")),
        Some(n) if n > MAX_SAMPLES => {
            return Err(Problem::invalid(
                "samples",
                format!("at most {MAX_SAMPLES} samples per request, not {n}"),
            ));
        }
        None if request.seed.is_some() => {
            return Err(Problem::invalid(
                "seed",
                "a seed needs samples: give \"samples\" too",
            ));
        }
        _ => {}
    }
    let pairs = |map: &BTreeMap<String, String>| {
        map.iter()
            .map(|(v, s)| (v.clone(), s.clone()))
            .collect::<Vec<_>>()
    };
    Ok(Query {
        given: pairs(&request.given),
        interventions: pairs(&request.interventions),
        targets: request.targets.clone(),
        samples: request.samples.map(|n| (n, request.seed.unwrap_or(1))),
        sensitivity: request
            .sensitivity
            .as_ref()
            .map(|s| (s.variable.clone(), s.state.clone())),
    })
}

pub fn query(ctx: &Ctx) -> Result<Response, Problem> {
    let request: ScenarioQuery = ctx.json_body()?;
    let as_of = match request.as_of.as_deref() {
        None | Some("") => None,
        Some(text) => Some(parse_date("as_of", text)?),
    };
    let view = ctx.state.view(as_of.as_ref());
    let scenario = scenario_of(&view)?;
    let question = plan(&scenario, &request)?;
    // The canonical form: maps are sorted, `as_of` is the view's own key.
    let key = to_json(&request).map(|b| String::from_utf8_lossy(&b).into_owned())?;
    if let Some(hit) = view.answer(&key) {
        return Ok(json(hit));
    }
    let answer = statecraft_scenario::query_until(&scenario, &question, &|| ctx.past_deadline())
        .map_err(|e| match e {
            e if e.stopped() => Problem::timeout(crate::REQUEST_TIMEOUT.as_secs()),
            ScenarioError::ImpossibleEvidence => Problem::invalid("given", e.to_string()),
            ScenarioError::NoSamples => Problem::invalid("samples", e.to_string()),
            other => Problem::invalid("body", other.to_string()),
        })?;
    let body = axum::body::Bytes::from(to_json(&answer)?);
    Ok(json(view.remember_answer(key, body)))
}

#[derive(Serialize)]
struct Diagram<'a> {
    as_of: Option<String>,
    variables: Vec<DiagramVariable<'a>>,
}

#[derive(Serialize)]
struct DiagramVariable<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    states: &'a [String],
    parents: Vec<&'a str>,
    /// The provenance of each row of the variable's table.
    rows: &'a [RowSource],
}

pub fn network(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    let scenario = scenario_of(&view)?;
    Ok(json(view.body("scenario-network", |v| {
        let variables = v
            .model
            .variables
            .iter()
            .zip(&scenario.rows)
            .map(|(variable, rows)| DiagramVariable {
                id: variable.id.as_str(),
                name: &variable.name,
                description: variable.description.as_deref(),
                states: &variable.states,
                parents: variable.parents.iter().map(|p| p.as_str()).collect(),
                rows,
            })
            .collect();
        to_json(&Diagram {
            as_of: v.as_of.map(|d| d.to_string()),
            variables,
        })
    })?))
}
