//! One entry point for every model: a scenario and a model choice in, a
//! forecast out — the outcome, the path by round, who moved, and the vote
//! against the status quo.
//!
//! The CLI and any other view format a [`Forecast`]; they do not look inside
//! the models. A range in the scenario is replaced by its midpoint here; the
//! uncertainty engine (`uncertainty`) samples ranges instead.

use crate::compromise;
use crate::error::BargainError;
use crate::eum::{self, EumOptions, EumRun, OfferKind};
use crate::procedure::{Decision, decide};
use crate::scenario::{Point, Scenario};
use crate::smp::{self, SmpParameters, SmpRun, StoppingRule};

/// The most rounds a run may be given (the expected-utility model runs exactly
/// that many and keeps every round's path; the spatial model stops at it). The
/// published expected-utility table has 8 rounds and the spatial model's
/// default limit is 100.
pub const MAX_ROUNDS: usize = 1_000;

/// Which statistic of the compromise model is the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    Mean,
    Median,
}

/// The model to run and its settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum ModelSpec {
    Compromise {
        statistic: Statistic,
    },
    Eum {
        options: EumOptions,
    },
    Smp {
        parameters: SmpParameters,
        stopping: StoppingRule,
    },
}

impl ModelSpec {
    pub fn name(&self) -> &'static str {
        match self {
            ModelSpec::Compromise { .. } => "compromise",
            ModelSpec::Eum { .. } => "eum",
            ModelSpec::Smp { .. } => "smp",
        }
    }
}

/// One actor's move in one round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Move {
    pub actor: usize,
    pub from: Vec<f64>,
    pub to: Vec<f64>,
    /// How the move came about, in words, e.g. "compromise with France".
    pub how: String,
}

/// The state after one round (round 0 is the start).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Round {
    pub round: usize,
    /// The model's forecast at this round, one value per dimension.
    pub outcome: Vec<f64>,
    /// `positions[actor][dimension]`.
    pub positions: Vec<Vec<f64>>,
    pub moves: Vec<Move>,
}

/// Model-specific results kept for callers that want them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Detail {
    Compromise {
        mean: Vec<f64>,
        median: Vec<f64>,
    },
    /// One run per dimension.
    Eum {
        runs: Vec<EumRun>,
    },
    Smp {
        modal_outcome: Vec<f64>,
        run: Box<SmpRun>,
    },
}

/// A forecast with everything a report needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Forecast {
    pub model: &'static str,
    pub scenario: String,
    pub dimensions: Vec<String>,
    pub actors: Vec<String>,
    /// The forecast outcome, one value per dimension.
    pub outcome: Vec<f64>,
    pub rounds: Vec<Round>,
    /// Whether the model reached its own end (compromise: always; EUM: a
    /// round without moves; SMP: its stopping rule). An SMP run that does not
    /// converge is an error, not a forecast.
    pub settled: bool,
    /// The vote against the status quo, when a procedure is given.
    pub decision: Option<Decision>,
    pub detail: Detail,
}

/// Runs `spec` on the scenario with every range at its midpoint.
pub fn forecast(scenario: &Scenario, spec: &ModelSpec) -> Result<Forecast, BargainError> {
    scenario.validate()?;
    let point = scenario.midpoint();
    forecast_point(scenario, &point, spec)
}

/// The forecast outcome alone (one value per dimension), for sampling.
pub(crate) fn outcome_only(
    scenario: &Scenario,
    point: &Point,
    spec: &ModelSpec,
) -> Result<Vec<f64>, BargainError> {
    let nd = point.dimensions;
    match spec {
        ModelSpec::Compromise { statistic } => Ok((0..nd)
            .map(|k| {
                let x = point.positions_on(k);
                let w = point.weights_on(k);
                match statistic {
                    Statistic::Mean => compromise::weighted_mean(&x, &w),
                    Statistic::Median => compromise::weighted_median(&x, &w),
                }
                .unwrap_or(f64::NAN)
            })
            .collect()),
        ModelSpec::Eum { options } => Ok((0..nd)
            .map(|k| {
                let s: Vec<f64> = (0..point.actors()).map(|i| point.salience(i, k)).collect();
                eum::run(&point.capability, &s, &point.positions_on(k), *options).outcome()
            })
            .collect()),
        ModelSpec::Smp {
            parameters,
            stopping,
        } => {
            let run = smp::run(scenario, point, *parameters, *stopping)?;
            if !run.converged {
                return Err(non_convergence(&run, stopping));
            }
            Ok(run.expected_outcome())
        }
    }
}

fn non_convergence(run: &SmpRun, stopping: &StoppingRule) -> BargainError {
    BargainError::NonConvergence {
        rounds: run.turns.len(),
        last_ratio: run.last_ratio,
        target: stopping.min_delta_ratio,
    }
}

/// The vote of `outcome` against the scenario's status quo, if it has a procedure.
pub(crate) fn decision_for(
    scenario: &Scenario,
    preferences: &Point,
    outcome: &[f64],
) -> Option<Decision> {
    let procedure = scenario.procedure?;
    let status_quo = scenario.status_quo.as_ref()?;
    let veto: Vec<bool> = scenario.actors.iter().map(|a| a.veto).collect();
    Some(decide(procedure, preferences, &veto, outcome, status_quo))
}

fn by_actor(flat: &[f64], n: usize, d: usize) -> Vec<Vec<f64>> {
    (0..n).map(|i| flat[i * d..(i + 1) * d].to_vec()).collect()
}

/// Runs `spec` on a fixed point of the scenario (ranges already resolved).
pub fn forecast_point(
    scenario: &Scenario,
    point: &Point,
    spec: &ModelSpec,
) -> Result<Forecast, BargainError> {
    let n = point.actors();
    let nd = point.dimensions;
    let names: Vec<String> = scenario.actors.iter().map(|a| a.name.clone()).collect();
    let start = by_actor(&point.position, n, nd);
    let (outcome, rounds, settled, detail) = match spec {
        ModelSpec::Compromise { statistic } => {
            let mean: Vec<f64> = (0..nd)
                .map(|k| {
                    compromise::weighted_mean(&point.positions_on(k), &point.weights_on(k))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let median: Vec<f64> = (0..nd)
                .map(|k| {
                    compromise::weighted_median(&point.positions_on(k), &point.weights_on(k))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let outcome = match statistic {
                Statistic::Mean => mean.clone(),
                Statistic::Median => median.clone(),
            };
            let rounds = vec![Round {
                round: 0,
                outcome: outcome.clone(),
                positions: start,
                moves: Vec::new(),
            }];
            (outcome, rounds, true, Detail::Compromise { mean, median })
        }
        ModelSpec::Eum { options } => {
            let runs: Vec<EumRun> = (0..nd)
                .map(|k| {
                    let s: Vec<f64> = (0..n).map(|i| point.salience(i, k)).collect();
                    eum::run(&point.capability, &s, &point.positions_on(k), *options)
                })
                .collect();
            let last = runs.iter().map(|r| r.rounds.len()).max().unwrap_or(1);
            let mut rounds = Vec::with_capacity(last);
            for t in 0..last {
                // A dimension that settled early keeps its last round.
                fn at(r: &EumRun, t: usize) -> &eum::EumRound {
                    &r.rounds[t.min(r.rounds.len() - 1)]
                }
                let positions: Vec<Vec<f64>> = (0..n)
                    .map(|i| runs.iter().map(|r| at(r, t).positions[i]).collect())
                    .collect();
                let mut moves = Vec::new();
                if t > 0 {
                    for (k, r) in runs.iter().enumerate() {
                        if t >= r.rounds.len() {
                            continue;
                        }
                        for m in &r.rounds[t].moves {
                            let mut from = rounds_positions(&rounds, t - 1, m.actor);
                            let mut to = from.clone();
                            from[k] = m.from;
                            to[k] = m.to;
                            let what = match m.kind {
                                OfferKind::Confrontation => "lost a confrontation to",
                                OfferKind::Compromise => "compromised with",
                                OfferKind::Capitulation => "capitulated to",
                            };
                            let on = if nd > 1 {
                                format!(" on {}", scenario.dimensions[k].name)
                            } else {
                                String::new()
                            };
                            moves.push(Move {
                                actor: m.actor,
                                from,
                                to,
                                how: format!("{what} {}{on}", names[m.with]),
                            });
                        }
                    }
                }
                rounds.push(Round {
                    round: t,
                    outcome: runs.iter().map(|r| at(r, t).median).collect(),
                    positions,
                    moves,
                });
            }
            let outcome: Vec<f64> = runs.iter().map(EumRun::outcome).collect();
            let settled = runs.iter().all(|r| r.settled);
            (outcome, rounds, settled, Detail::Eum { runs })
        }
        ModelSpec::Smp {
            parameters,
            stopping,
        } => {
            let run = smp::run(scenario, point, *parameters, *stopping)?;
            if !run.converged {
                return Err(non_convergence(&run, stopping));
            }
            let rounds = run
                .states
                .iter()
                .enumerate()
                .map(|(t, state)| {
                    let moves = if t == 0 {
                        Vec::new()
                    } else {
                        run.turns[t - 1]
                            .adoptions
                            .iter()
                            .filter(|a| a.moved)
                            .map(|a| {
                                let other = if a.initiator == a.actor {
                                    a.receiver
                                } else {
                                    a.initiator
                                };
                                let how = if a.initiator == a.actor {
                                    format!("bargain it proposed to {}", names[other])
                                } else {
                                    format!("bargain proposed by {}", names[other])
                                };
                                Move {
                                    actor: a.actor,
                                    from: run.states[t - 1][a.actor * nd..(a.actor + 1) * nd]
                                        .to_vec(),
                                    to: state[a.actor * nd..(a.actor + 1) * nd].to_vec(),
                                    how,
                                }
                            })
                            .collect()
                    };
                    Round {
                        round: t,
                        outcome: run.expected[t].clone(),
                        positions: by_actor(state, n, nd),
                        moves,
                    }
                })
                .collect();
            let outcome = run.expected_outcome();
            let modal_outcome = run.modal_outcome();
            (
                outcome,
                rounds,
                true,
                Detail::Smp {
                    modal_outcome,
                    run: Box::new(run),
                },
            )
        }
    };
    let decision = decision_for(scenario, point, &outcome);
    Ok(Forecast {
        model: spec.name(),
        scenario: scenario.name.clone(),
        dimensions: scenario.dimensions.iter().map(|d| d.name.clone()).collect(),
        actors: names,
        outcome,
        rounds,
        settled,
        decision,
        detail,
    })
}

fn rounds_positions(rounds: &[Round], t: usize, actor: usize) -> Vec<f64> {
    rounds[t].positions[actor].clone()
}
