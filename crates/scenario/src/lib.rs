//! The model's scenario network: what-if questions answered exactly, with the
//! uncertainty of the authors' words carried through.
//!
//! [`build`] turns a model's scenario variables into a `statecraft_net::Network`: each
//! probability (a number, an interval, or an ICD 203 phrase) becomes an interval; the
//! point value of a row is its midpoints brought to total 1. [`query`] answers a what-if:
//! posteriors given observed states and interventions, optionally with their 5–95%
//! intervals from sampling the intervals, and a ranked sensitivity. Every answer names
//! the table rows (and their locators) it rests on. This crate reads no files.

pub mod backtest;
mod error;

use std::collections::BTreeSet;

use serde::Serialize;
use statecraft_model::validate::parent_combinations;
use statecraft_model::{Model, Variable};
use statecraft_net::{CptSpec, Engine, Evidence, Interval, Network, NetworkBuilder};

pub use error::ScenarioError;

/// Where one row of a variable's table came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowSource {
    /// The parent states of the row, as `parent=state`.
    pub given: Vec<String>,
    /// `source ¶n` locators of the row.
    pub locators: Vec<String>,
    /// The row is a modeller's assumption (possibly together with cited text).
    pub assumption: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// No row was visible (as of the date): the row is uniform with [0, 1] intervals.
    pub uninformed: bool,
}

/// A model's scenario network with the provenance of every table row.
#[derive(Debug, Clone)]
pub struct ScenarioNetwork {
    pub network: Network,
    /// Per variable (network order), per row (parent configuration, last parent fastest).
    pub rows: Vec<Vec<RowSource>>,
    /// Display names of the variables.
    pub names: Vec<String>,
}

/// The probability intervals of one row, with states the row leaves out sharing what
/// the given states leave over (equally among them).
fn row_intervals(variable: &Variable, row: &statecraft_model::CptRow) -> Vec<Interval> {
    let mut given: Vec<Option<Interval>> = vec![None; variable.states.len()];
    for (state, spec) in row.p.iter() {
        if let (Some(i), Ok(interval)) = (
            variable.states.iter().position(|s| s == state),
            spec.interval(),
        ) {
            given[i] = Some(Interval::new(interval.low, interval.high));
        }
    }
    let missing = given.iter().filter(|g| g.is_none()).count();
    let low_sum: f64 = given.iter().flatten().map(|i| i.low).sum();
    let high_sum: f64 = given.iter().flatten().map(|i| i.high).sum();
    let share_low = ((1.0 - high_sum).max(0.0)) / missing.max(1) as f64;
    let share_high = ((1.0 - low_sum).clamp(0.0, 1.0)) / missing.max(1) as f64;
    given
        .into_iter()
        .map(|g| g.unwrap_or_else(|| Interval::new(share_low, share_high.max(share_low))))
        .collect()
}

/// Builds the scenario network of a model (or of a view of it as of a date).
pub fn build(model: &Model) -> Result<ScenarioNetwork, ScenarioError> {
    if model.variables.is_empty() {
        return Err(ScenarioError::Empty);
    }
    let mut builder = NetworkBuilder::new(if model.model.id.is_empty() {
        "scenarios"
    } else {
        model.model.id.as_str()
    });
    for variable in &model.variables {
        builder.variable(variable.id.as_str(), variable.states.iter().cloned());
    }
    let mut rows = Vec::with_capacity(model.variables.len());
    for variable in &model.variables {
        let parents: Vec<&Variable> = variable
            .parents
            .iter()
            .filter_map(|p| model.variables.iter().find(|v| v.id == *p))
            .collect();
        let parent_states: Vec<&[String]> = parents.iter().map(|p| p.states.as_slice()).collect();
        let mut intervals = Vec::new();
        let mut sources = Vec::new();
        for combo in parent_combinations(&parent_states) {
            let given: Vec<String> = combo
                .iter()
                .zip(&parents)
                .map(|(s, p)| format!("{}={}", p.id, p.states[*s]))
                .collect();
            let row = variable.rows.iter().find(|r| {
                parents
                    .iter()
                    .zip(&combo)
                    .all(|(p, s)| r.given.get(p.id.as_str()) == Some(&p.states[*s]))
            });
            match row {
                Some(row) => {
                    intervals.extend(row_intervals(variable, row));
                    sources.push(RowSource {
                        given,
                        locators: row
                            .evidence
                            .iter()
                            .map(|e| format!("{} ¶{}", e.source, e.paragraph))
                            .collect(),
                        assumption: row.assumption,
                        reason: row.reason.clone(),
                        uninformed: false,
                    });
                }
                None => {
                    intervals.extend(std::iter::repeat_n(
                        Interval::new(0.0, 1.0),
                        variable.states.len(),
                    ));
                    sources.push(RowSource {
                        given,
                        locators: Vec::new(),
                        assumption: true,
                        reason: Some(
                            "no row visible as of the date: uniform, with [0, 1] intervals".into(),
                        ),
                        uninformed: true,
                    });
                }
            }
        }
        let parent_names: Vec<&str> = variable.parents.iter().map(|p| p.as_str()).collect();
        builder.cpt_spec(
            variable.id.as_str(),
            &parent_names,
            CptSpec::Intervals(intervals),
        );
        rows.push(sources);
    }
    let network = builder.build()?;
    // The builder keeps declaration order; check so that `rows` stays aligned.
    let names = model.variables.iter().map(|v| v.name.clone()).collect();
    for (i, v) in model.variables.iter().enumerate() {
        if network.variable(i).name() != v.id.as_str() {
            return Err(ScenarioError::Net(
                statecraft_net::NetError::InvalidArgument(
                    "variable order changed while building the network".into(),
                ),
            ));
        }
    }
    Ok(ScenarioNetwork {
        network,
        rows,
        names,
    })
}

/// A what-if question.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Observed states: `(variable, state)`.
    pub given: Vec<(String, String)>,
    /// Interventions (`do`): `(variable, state)`.
    pub interventions: Vec<(String, String)>,
    /// Variables to report; all when empty.
    pub targets: Vec<String>,
    /// Sample the probability intervals this many times with this seed.
    pub samples: Option<(usize, u64)>,
    /// Rank the parameters by how much they move P(variable = state).
    pub sensitivity: Option<(String, String)>,
}

/// One state's probability, with its 5–95% interval when sampled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateProbability {
    pub state: String,
    pub p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p05: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95: Option<f64>,
}

/// A variable's posterior and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableAnswer {
    pub id: String,
    pub name: String,
    pub states: Vec<StateProbability>,
    /// `given`, `do` or `free`.
    pub role: &'static str,
    /// Locators of the table rows of this variable and its ancestors.
    pub evidence: Vec<String>,
    /// How many of those rows are assumptions, and how many are uninformed.
    pub assumption_rows: usize,
    pub uninformed_rows: usize,
    pub rows: usize,
}

/// One bar of a tornado chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    pub variable: String,
    pub given: Vec<String>,
    pub state: String,
    pub value: f64,
    pub derivative: f64,
    pub span: [f64; 2],
    pub target_at_low: Option<f64>,
    pub target_at_high: Option<f64>,
    pub locators: Vec<String>,
    pub assumption: bool,
}

/// The sensitivity of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub target: String,
    pub state: String,
    pub value: f64,
    pub bars: Vec<TornadoBar>,
}

/// The answer to a what-if.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub marginals: Vec<VariableAnswer>,
    pub log10_evidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
}

/// How many parameters the tornado chart keeps.
pub const TORNADO_BARS: usize = 15;

impl ScenarioNetwork {
    fn resolve(&self, variable: &str) -> Result<usize, ScenarioError> {
        self.network
            .id(variable)
            .ok_or_else(|| ScenarioError::UnknownVariable {
                name: variable.to_string(),
                known: self
                    .network
                    .variables()
                    .iter()
                    .map(|v| v.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    fn resolve_state(&self, id: usize, state: &str) -> Result<usize, ScenarioError> {
        let variable = self.network.variable(id);
        variable
            .state_index(state)
            .ok_or_else(|| ScenarioError::UnknownState {
                variable: variable.name().to_string(),
                state: state.to_string(),
                known: variable.states().join(", "),
            })
    }

    /// The ancestors of a variable, itself included.
    fn ancestry(&self, id: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![id];
        while let Some(v) = stack.pop() {
            if seen.insert(v) {
                stack.extend_from_slice(self.network.parents(v));
            }
        }
        seen
    }
}

/// Parses `VAR=STATE`.
pub fn parse_assignment(text: &str) -> Result<(String, String), ScenarioError> {
    match text.split_once('=') {
        Some((v, s)) if !v.trim().is_empty() && !s.trim().is_empty() => {
            Ok((v.trim().to_string(), s.trim().to_string()))
        }
        _ => Err(ScenarioError::BadAssignment(text.to_string())),
    }
}

/// Answers a what-if question on a scenario network.
pub fn query(scenario: &ScenarioNetwork, question: &Query) -> Result<Answer, ScenarioError> {
    query_until(scenario, question, &|| false)
}

/// Like [`query`], with `stop` asked before each parameter sample (see
/// [`statecraft_net::uncertainty::sample_posteriors_until`]).
pub fn query_until(
    scenario: &ScenarioNetwork,
    question: &Query,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Answer, ScenarioError> {
    let network = &scenario.network;
    let mut evidence = Evidence::new();
    let mut seen = BTreeSet::new();
    let mut roles = vec!["free"; network.len()];
    for (list, role) in [(&question.given, "given"), (&question.interventions, "do")] {
        for (variable, state) in list {
            let id = scenario.resolve(variable)?;
            let s = scenario.resolve_state(id, state)?;
            if !seen.insert(id) {
                return Err(ScenarioError::Duplicate(variable.clone()));
            }
            roles[id] = role;
            if role == "given" {
                evidence.observe_id(network, id, s)?;
            } else {
                evidence.intervene_id(network, id, s)?;
            }
        }
    }
    let targets: Vec<usize> = if question.targets.is_empty() {
        (0..network.len()).collect()
    } else {
        question
            .targets
            .iter()
            .map(|t| scenario.resolve(t))
            .collect::<Result<_, _>>()?
    };
    let mut engine = Engine::new(network)?;
    let posterior = match engine.posterior(&evidence) {
        Ok(p) => p,
        Err(statecraft_net::NetError::ZeroProbabilityEvidence) => {
            return Err(ScenarioError::ImpossibleEvidence);
        }
        Err(e) => return Err(e.into()),
    };
    let spreads = match question.samples {
        Some((0, _)) => return Err(ScenarioError::NoSamples),
        Some((n, seed)) => Some(statecraft_net::uncertainty::sample_posteriors_until(
            network, &evidence, &targets, n, seed, stop,
        )?),
        None => None,
    };
    let mut marginals = Vec::new();
    for (k, &id) in targets.iter().enumerate() {
        let variable = network.variable(id);
        let states = variable
            .states()
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let spread = spreads.as_ref().map(|u| u.spreads[k][s]);
                StateProbability {
                    state: name.clone(),
                    p: posterior.marginals[id][s],
                    mean: spread.map(|x| x.mean),
                    p05: spread.map(|x| x.p05),
                    p95: spread.map(|x| x.p95),
                }
            })
            .collect();
        let mut locators = BTreeSet::new();
        let (mut assumption_rows, mut uninformed_rows, mut rows) = (0, 0, 0);
        for v in scenario.ancestry(id) {
            for row in &scenario.rows[v] {
                rows += 1;
                assumption_rows += usize::from(row.assumption);
                uninformed_rows += usize::from(row.uninformed);
                locators.extend(row.locators.iter().cloned());
            }
        }
        marginals.push(VariableAnswer {
            id: variable.name().to_string(),
            name: scenario.names[id].clone(),
            states,
            role: roles[id],
            evidence: locators.into_iter().collect(),
            assumption_rows,
            uninformed_rows,
            rows,
        });
    }
    let sensitivity = match &question.sensitivity {
        None => None,
        Some((variable, state)) => {
            let id = scenario.resolve(variable)?;
            let s = scenario.resolve_state(id, state)?;
            let report = statecraft_net::sensitivity::sensitivity(network, &evidence, id, s)?;
            let bars = report
                .parameters
                .iter()
                .take(TORNADO_BARS)
                .map(|p| {
                    let source = &scenario.rows[p.variable][p.row];
                    TornadoBar {
                        variable: network.variable(p.variable).name().to_string(),
                        given: source.given.clone(),
                        state: network.variable(p.variable).states()[p.state].clone(),
                        value: p.value,
                        derivative: p.derivative,
                        span: [p.span.low, p.span.high],
                        target_at_low: p.target_at_low,
                        target_at_high: p.target_at_high,
                        locators: source.locators.clone(),
                        assumption: source.assumption,
                    }
                })
                .collect();
            Some(Sensitivity {
                target: variable.clone(),
                state: state.clone(),
                value: report.value,
                bars,
            })
        }
    };
    Ok(Answer {
        marginals,
        log10_evidence: posterior.log10_evidence,
        samples: question.samples.map(|(n, _)| n),
        seed: question.samples.map(|(_, s)| s),
        sensitivity,
    })
}
