//! A model's issue, as of a date, becomes a bargaining scenario; and its forecast, in
//! the one shape every view shows (`statecraft bargain --issue ID --json` and
//! `POST /api/bargain`).
//!
//! The bargaining engine (`statecraft-bargain`) knows nothing of the model, and the
//! model knows nothing of bargaining; this crate is the adapter between them. It picks
//! the positions valid at the date, turns ranges into estimates, marks the veto players
//! the issue's procedure names (directly or by a role in the deciding body), and says in
//! notes what it had to assume: a missing capability, or a vote quota that cannot be
//! checked because the model does not hold every member of the body.
//!
//! It does no I/O and reads no clock: the caller views the model as of the date
//! (`statecraft_model::view::as_of`) and hands the view in. It does not parse command
//! lines or requests; [`Settings`] is the question already in typed form.

pub mod error;

use serde::Serialize;
use statecraft_bargain::eum::EumOptions;
use statecraft_bargain::forecast::{Forecast, ModelSpec, forecast};
use statecraft_bargain::smp::{SmpParameters, StoppingRule};
use statecraft_bargain::{
    Actor, Estimate, OutcomeDistribution, Procedure, Sampling, Scenario, simulate_until,
};
use statecraft_model::{Anchor, Date, Model, Quantity, Rule};

pub use error::Error;
pub use statecraft_bargain::forecast::MAX_ROUNDS;
pub use statecraft_bargain::forecast::Statistic;

/// Capability given to an actor whose position records none: the middle of the 0–100
/// capability scale, so that it neither dominates nor vanishes. Reported in the notes.
pub const DEFAULT_CAPABILITY: f64 = 50.0;

/// The seed of sampling when none is given (and the spatial model's default).
pub const DEFAULT_SEED: u64 = 20_111_004;

/// Histogram bins across the issue's 0–100 scale when sampling.
pub const HISTOGRAM_BINS: usize = 10;

/// Where one actor's inputs come from.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorSource {
    /// The position's locators (`source ¶n`); empty when the position is an assumption.
    pub locators: Vec<String>,
    /// The capability was not recorded and [`DEFAULT_CAPABILITY`] stands in for it.
    pub capability_assumed: bool,
}

/// A scenario built from a model issue, with what it rests on.
#[derive(Debug, Clone)]
pub struct IssueScenario {
    pub scenario: Scenario,
    /// The issue as the model states it.
    pub issue: IssueSummary,
    /// What the adapter assumed, in plain words.
    pub notes: Vec<String>,
    /// `actor: locators` for every position used, in actor order.
    pub evidence: Vec<String>,
    /// Where each actor's inputs come from, in actor order.
    pub sources: Vec<ActorSource>,
}

/// The issue as the model states it: the question and its scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueSummary {
    pub id: String,
    pub question: String,
    /// Labelled points of the 0–100 scale.
    pub anchors: Vec<Anchor>,
    pub status_quo: Option<f64>,
    /// The deciding body, when one is named.
    pub body: Option<String>,
}

fn estimate(q: &Quantity) -> Estimate {
    Estimate::range(q.low(), q.high())
}

/// The date a forecast without one uses: the publication of the model's latest source,
/// so that every position the model holds is in view.
pub fn latest_date(model: &Model) -> Result<Date, Error> {
    model
        .sources
        .iter()
        .map(|s| s.published)
        .max_by_key(|d| d.end)
        .ok_or(Error::NoDate)
}

/// Builds the scenario of `issue` from a model view as of `date`.
pub fn issue_scenario(model: &Model, issue_id: &str, date: &Date) -> Result<IssueScenario, Error> {
    let Some(issue) = model.issues.iter().find(|i| i.id.as_str() == issue_id) else {
        let known: Vec<&str> = model.issues.iter().map(|i| i.id.as_str()).collect();
        return Err(Error::UnknownIssue {
            issue: issue_id.to_string(),
            date: date.to_string(),
            known: known.join(", "),
        });
    };
    let mut notes = Vec::new();
    let mut evidence = Vec::new();
    let mut sources = Vec::new();
    // One position per actor: the one that started most recently among those valid now.
    let mut chosen: Vec<&statecraft_model::Position> = Vec::new();
    for position in model.positions.iter().filter(|p| p.issue == issue.id) {
        match chosen.iter_mut().find(|c| c.actor == position.actor) {
            Some(slot) => {
                let newer = position.valid_from.map(|d| d.start) > slot.valid_from.map(|d| d.start);
                if newer {
                    *slot = position;
                }
            }
            None => chosen.push(position),
        }
    }
    if chosen.len() < 2 {
        return Err(Error::TooFewPositions {
            issue: issue_id.to_string(),
            positions: chosen.len(),
            date: date.to_string(),
        });
    }
    let veto_ids: Vec<String> = match &issue.procedure {
        Some(procedure) => {
            let mut ids: Vec<String> = procedure.veto.iter().map(|a| a.0.clone()).collect();
            if let (Some(role), Some(body)) = (&procedure.veto_role, &issue.body) {
                ids.extend(
                    model
                        .role_holders(body.as_str(), role, date)
                        .iter()
                        .map(|a| a.id.0.clone()),
                );
            }
            ids.sort();
            ids.dedup();
            ids
        }
        None => Vec::new(),
    };
    let mut actors = Vec::new();
    for position in &chosen {
        let capability = match &position.capability {
            Some(c) => estimate(c),
            None => {
                notes.push(format!(
                    "{} has no recorded capability on this issue; {DEFAULT_CAPABILITY} is assumed",
                    position.actor
                ));
                Estimate::exact(DEFAULT_CAPABILITY)
            }
        };
        let mut actor = Actor::new(
            position.actor.as_str(),
            capability,
            estimate(&position.position),
            estimate(&position.salience),
        )
        .with_veto(veto_ids.contains(&position.actor.0));
        actor.description = model
            .actor(position.actor.as_str())
            .map(|a| a.name.clone())
            .unwrap_or_default();
        actors.push(actor);
        let locators: Vec<String> = position
            .evidence
            .iter()
            .map(|e| format!("{} ¶{}", e.source, e.paragraph))
            .collect();
        evidence.push(format!(
            "{}: {}",
            position.actor,
            if locators.is_empty() {
                "assumption".to_string()
            } else {
                locators.join(", ")
            }
        ));
        sources.push(ActorSource {
            locators,
            capability_assumed: position.capability.is_none(),
        });
    }
    for id in &veto_ids {
        if !chosen.iter().any(|p| p.actor.0 == *id) {
            notes.push(format!("{id} holds a veto but has no position on this issue as of {date}; its veto is not modelled"));
        }
    }
    let vetoes = actors.iter().filter(|a| a.veto).count();
    let procedure = issue.procedure.as_ref().map(|procedure| {
        let voters = actors.len();
        let members = procedure.members.len();
        match procedure.rule {
            Rule::Unanimity => Procedure::VetoPlayers,
            Rule::Majority if members == 0 || members == voters => Procedure::Majority,
            Rule::Qualified if procedure.votes.is_some_and(|v| (v as usize) <= voters) && (members == 0 || members == voters) => {
                Procedure::Qualified { required: procedure.votes.unwrap_or(0) as usize }
            }
            _ => {
                notes.push(format!(
                    "the vote quota ({}) cannot be checked: the model holds positions for {voters} actors, not every member of {}; only vetoes are evaluated",
                    match procedure.votes {
                        Some(v) => format!("{v} votes"),
                        None => "a majority".to_string(),
                    },
                    issue.body.as_ref().map_or("the body", |b| b.as_str())
                ));
                Procedure::VetoPlayers
            }
        }
    });
    if matches!(procedure, Some(Procedure::VetoPlayers)) && vetoes == 0 {
        notes.push("no veto player holds a position, so nothing can block the outcome".to_string());
    }
    let mut scenario = Scenario::issue(issue.id.as_str(), actors);
    scenario.description = issue.question.clone();
    if let Some(sq) = issue.status_quo {
        scenario = scenario.with_status_quo(vec![sq]);
    }
    if let Some(procedure) = procedure {
        scenario = scenario.with_procedure(procedure);
    }
    Ok(IssueScenario {
        scenario,
        issue: IssueSummary {
            id: issue.id.as_str().to_string(),
            question: issue.question.clone(),
            anchors: issue.anchors.clone(),
            status_quo: issue.status_quo,
            body: issue.body.as_ref().map(|b| b.as_str().to_string()),
        },
        notes,
        evidence,
        sources,
    })
}

/// A bargaining method (the CLI's `--method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Capability × salience weighted mean (or median).
    Compromise,
    /// Expected-utility model (Scholz, Calbert & Smith 2011).
    Eum,
    /// KTAB's spatial model of politics, run to convergence.
    Smp,
}

impl Method {
    /// Every method, by name.
    pub const NAMES: [&'static str; 3] = ["compromise", "eum", "smp"];

    pub fn parse(text: &str) -> Option<Method> {
        match text {
            "compromise" => Some(Method::Compromise),
            "eum" => Some(Method::Eum),
            "smp" => Some(Method::Smp),
            _ => None,
        }
    }
}

/// What to run on the issue's scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub method: Method,
    /// The compromise model's statistic.
    pub statistic: Statistic,
    /// Rounds to run (eum, default 8) or the most before the spatial model counts as
    /// not converged (smp, default 100). Not for the compromise model.
    pub rounds: Option<usize>,
    /// Seed of sampling and of the spatial model.
    pub seed: Option<u64>,
    /// Sample every range this many times and give the outcome distribution.
    pub samples: Option<usize>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            method: Method::Compromise,
            statistic: Statistic::Mean,
            rounds: None,
            seed: None,
            samples: None,
        }
    }
}

fn setting(field: &'static str, message: impl Into<String>) -> Error {
    Error::Setting {
        field,
        message: message.into(),
    }
}

impl Settings {
    /// The engine's model choice and sampling, or which setting is out of place.
    pub fn plan(&self) -> Result<(ModelSpec, Option<Sampling>), Error> {
        if self.rounds == Some(0) {
            return Err(setting("rounds", "rounds must be at least 1"));
        }
        if let Some(rounds) = self.rounds.filter(|&r| r > MAX_ROUNDS) {
            return Err(setting(
                "rounds",
                format!("{rounds} rounds is too many: at most {MAX_ROUNDS}"),
            ));
        }
        let spec = match self.method {
            Method::Compromise => {
                if self.rounds.is_some() {
                    return Err(setting(
                        "rounds",
                        "rounds apply to the eum and smp methods; the compromise model has no rounds",
                    ));
                }
                ModelSpec::Compromise {
                    statistic: self.statistic,
                }
            }
            Method::Eum => {
                let mut options = EumOptions::scholz_2011();
                if let Some(rounds) = self.rounds {
                    options.rounds = rounds;
                }
                ModelSpec::Eum { options }
            }
            Method::Smp => {
                let mut stopping = StoppingRule::default();
                if let Some(rounds) = self.rounds {
                    if rounds < stopping.min_rounds {
                        return Err(setting(
                            "rounds",
                            format!(
                                "{rounds} rounds: the spatial model needs at least {} rounds to test convergence",
                                stopping.min_rounds
                            ),
                        ));
                    }
                    stopping.max_rounds = rounds;
                }
                let mut parameters = SmpParameters::default();
                if let Some(seed) = self.seed {
                    parameters.seed = seed;
                }
                ModelSpec::Smp {
                    parameters,
                    stopping,
                }
            }
        };
        let sampling = match self.samples {
            None => None,
            Some(0) => return Err(setting("samples", "samples must be at least 1")),
            Some(samples) => Some(Sampling {
                samples,
                seed: self.seed.unwrap_or(DEFAULT_SEED),
                bins: HISTOGRAM_BINS,
            }),
        };
        Ok((spec, sampling))
    }
}

/// A forecast, or with sampling the distribution of outcomes.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Forecast(Box<Forecast>),
    Distribution(OutcomeDistribution),
}

/// A number or a range, always written `{ low, high }` (equal for a number).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Span {
    pub low: f64,
    pub high: f64,
}

impl From<&Estimate> for Span {
    fn from(e: &Estimate) -> Self {
        match *e {
            Estimate::Exact(v) => Span { low: v, high: v },
            Estimate::Range { low, high } => Span { low, high },
        }
    }
}

/// One actor's inputs to the forecast, with their evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub actor: String,
    pub name: String,
    pub capability: Span,
    pub capability_assumed: bool,
    /// On the issue's 0–100 scale.
    pub position: Span,
    /// On 0–1.
    pub salience: Span,
    pub veto: bool,
    /// The position's locators; empty when it is an assumption.
    pub evidence: Vec<String>,
}

/// The forecast of a model issue with what it rests on: the body of
/// `statecraft bargain --issue ID --json` and of `POST /api/bargain`.
#[derive(Debug, Clone, Serialize)]
pub struct IssueForecast {
    /// `issue ID as of DATE`.
    pub source: String,
    pub as_of: String,
    /// The scenario's name (the issue id); a forecast carries it itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    #[serde(flatten)]
    pub output: Outcome,
    pub issue: IssueSummary,
    /// Each actor's inputs, in the forecast's actor order.
    pub inputs: Vec<Input>,
    /// What the adapter assumed.
    pub notes: Vec<String>,
}

/// Runs the engine on an issue's scenario (as built, or as a caller changed it).
/// With sampling, `stop` is asked before each sample (see
/// [`statecraft_bargain::simulate_until`]); pass `&|| false` to run to the end.
pub fn forecast_issue(
    built: &IssueScenario,
    date: &Date,
    spec: &ModelSpec,
    sampling: Option<Sampling>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<IssueForecast, Error> {
    let scenario = &built.scenario;
    let (output, name) = match sampling {
        Some(sampling) => (
            Outcome::Distribution(simulate_until(scenario, spec, sampling, stop)?),
            Some(scenario.name.clone()),
        ),
        None => (Outcome::Forecast(Box::new(forecast(scenario, spec)?)), None),
    };
    let inputs = scenario
        .actors
        .iter()
        .enumerate()
        .map(|(i, actor)| {
            let source = built.sources.get(i);
            Input {
                actor: actor.name.clone(),
                name: actor.description.clone(),
                capability: Span::from(&actor.capability),
                capability_assumed: source.is_some_and(|s| s.capability_assumed),
                position: actor.positions.first().map_or(
                    Span {
                        low: f64::NAN,
                        high: f64::NAN,
                    },
                    Span::from,
                ),
                salience: actor.saliences.first().map_or(
                    Span {
                        low: f64::NAN,
                        high: f64::NAN,
                    },
                    Span::from,
                ),
                veto: actor.veto,
                evidence: source.map(|s| s.locators.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(IssueForecast {
        source: format!("issue {} as of {date}", built.issue.id),
        as_of: date.to_string(),
        scenario: name,
        output,
        issue: built.issue.clone(),
        inputs,
        notes: built.notes.clone(),
    })
}

/// The whole question: the issue of a model view as of `date`, forecast with `settings`.
pub fn run(
    model: &Model,
    issue: &str,
    date: &Date,
    settings: &Settings,
) -> Result<IssueForecast, Error> {
    let (spec, sampling) = settings.plan()?;
    let built = issue_scenario(model, issue, date)?;
    forecast_issue(&built, date, &spec, sampling, &|| false)
}

/// A what-if on an issue's decision: its own rule and status quo replaced (the API's
/// `procedure` and `status_quo`, the command line's `--procedure` and `--status-quo`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `majority`, `qualified:K`, `veto:A,B,...` or `qualified:K+veto:A,B,...`; the
    /// named actors become veto players beside those the model already gives a veto.
    pub procedure: Option<String>,
    /// One value per dimension, on the issue's scale.
    pub status_quo: Option<Vec<f64>>,
}

/// Reads a decision rule: `majority`, `qualified:K`, `veto:A,B,...` or
/// `qualified:K+veto:A,B,...` (veto players alone: only they decide).
pub fn parse_procedure(text: &str) -> Result<(Procedure, Vec<String>), Error> {
    let mut procedure = None;
    let mut veto_players = Vec::new();
    for part in text.split('+') {
        let part = part.trim();
        let (head, tail) = part.split_once(':').unwrap_or((part, ""));
        match head {
            "majority" if tail.is_empty() => procedure = Some(Procedure::Majority),
            "qualified" => {
                let required: usize = tail.trim().parse().map_err(|_| {
                    setting(
                        "procedure",
                        format!("'{part}' needs a whole number, e.g. qualified:9"),
                    )
                })?;
                procedure = Some(Procedure::Qualified { required });
            }
            "veto" => {
                veto_players = tail
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                if veto_players.is_empty() {
                    return Err(setting(
                        "procedure",
                        "veto: needs actor names, e.g. veto:RUS,USA",
                    ));
                }
            }
            _ => {
                return Err(setting(
                    "procedure",
                    format!("'{part}' is not majority, qualified:K or veto:A,B,..."),
                ));
            }
        }
    }
    Ok((procedure.unwrap_or(Procedure::VetoPlayers), veto_players))
}

/// Replaces the scenario's status quo and decision rule as `overrides` say.
pub fn apply_overrides(scenario: &mut Scenario, overrides: &Overrides) -> Result<(), Error> {
    if let Some(status_quo) = &overrides.status_quo {
        let nd = scenario.dimensions.len();
        if status_quo.len() != nd {
            return Err(setting(
                "status_quo",
                format!(
                    "{} value(s) given; '{}' has {nd} dimension(s)",
                    status_quo.len(),
                    scenario.name
                ),
            ));
        }
        if let Some(bad) = status_quo.iter().find(|x| !x.is_finite()) {
            return Err(setting("status_quo", format!("{bad} is not a number")));
        }
        scenario.status_quo = Some(status_quo.clone());
    }
    if let Some(text) = &overrides.procedure {
        let (procedure, veto_players) = parse_procedure(text)?;
        if scenario.status_quo.is_none() {
            return Err(setting(
                "status_quo",
                "a procedure needs a status quo to vote against: give status_quo",
            ));
        }
        for name in &veto_players {
            let Some(index) = scenario.actor_index(name) else {
                let names: Vec<&str> = scenario.actors.iter().map(|a| a.name.as_str()).collect();
                return Err(setting(
                    "procedure",
                    format!(
                        "no actor '{name}' in '{}' (actors: {})",
                        scenario.name,
                        names.join(", ")
                    ),
                ));
            };
            scenario.actors[index].veto = true;
        }
        scenario.procedure = Some(procedure);
    }
    Ok(())
}

/// Like [`run`], with the issue's decision rule or status quo replaced, and `stop`
/// asked before each sample (as in [`forecast_issue`]).
pub fn run_with(
    model: &Model,
    issue: &str,
    date: &Date,
    settings: &Settings,
    overrides: &Overrides,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<IssueForecast, Error> {
    let (spec, sampling) = settings.plan()?;
    let mut built = issue_scenario(model, issue, date)?;
    apply_overrides(&mut built.scenario, overrides)?;
    forecast_issue(&built, date, &spec, sampling, stop)
}
