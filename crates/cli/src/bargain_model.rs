//! The model mode of `bargain`: a model's issue, as of a date, becomes a bargaining
//! scenario.
//!
//! The bargaining engine knows nothing of the model; this adapter picks the positions
//! valid at the date, turns ranges into estimates, marks the veto players the issue's
//! procedure names (directly or by a role in the deciding body), and says in notes what
//! it had to assume: a missing capability, or a vote quota that cannot be checked because
//! the model does not hold every member of the body.

use statecraft_bargain::{Actor, Estimate, Procedure, Scenario};
use statecraft_model::{Date, Model, Quantity, Rule};

/// Capability given to an actor whose position records none: the middle of the 0–100
/// capability scale, so that it neither dominates nor vanishes. Reported in the notes.
pub const DEFAULT_CAPABILITY: f64 = 50.0;

/// A scenario built from a model issue, with what it rests on.
#[derive(Debug, Clone)]
pub struct IssueScenario {
    pub scenario: Scenario,
    /// What the adapter assumed, in plain words.
    pub notes: Vec<String>,
    /// `actor: locators` for every position used.
    pub evidence: Vec<String>,
}

fn estimate(q: &Quantity) -> Estimate {
    Estimate::range(q.low(), q.high())
}

/// Builds the scenario of `issue` from a model view as of `date`.
pub fn issue_scenario(model: &Model, issue_id: &str, date: &Date) -> Result<IssueScenario, String> {
    let Some(issue) = model.issues.iter().find(|i| i.id.as_str() == issue_id) else {
        let known: Vec<&str> = model.issues.iter().map(|i| i.id.as_str()).collect();
        return Err(format!(
            "unknown issue {issue_id:?} as of {date} (issues: {})",
            known.join(", ")
        ));
    };
    let mut notes = Vec::new();
    let mut evidence = Vec::new();
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
        return Err(format!(
            "issue {issue_id:?} has {} position(s) valid as of {date}; bargaining needs at least two actors",
            chosen.len()
        ));
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
        notes,
        evidence,
    })
}
