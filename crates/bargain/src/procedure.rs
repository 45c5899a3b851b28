//! Decision procedures: majority, qualified majority and veto players, each
//! voting a forecast outcome against the status quo.
//!
//! An actor prefers the outcome when it lies closer to the actor's own
//! position (its starting position, which stands for its preference) than the
//! status quo does, distance being weighted by the actor's salience on each
//! dimension. A veto player that likes the outcome less than the status quo
//! blocks it, whatever the count; this is how the Security Council's permanent
//! members are modelled. The module does not model agenda setting, amendments
//! or abstention as a strategy: an actor indifferent between the two is
//! counted as not in favour and never blocks.

use crate::scenario::{Point, Procedure};

/// One actor's vote on outcome versus status quo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    InFavour,
    Against,
    Indifferent,
}

/// The result of voting the outcome against the status quo.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Decision {
    pub procedure: Procedure,
    /// The forecast outcome that was put to the vote.
    pub proposal: Vec<f64>,
    pub status_quo: Vec<f64>,
    /// One vote per actor, in actor order.
    pub votes: Vec<Vote>,
    pub in_favour: usize,
    /// Votes needed in favour (0 when only veto players decide).
    pub required: usize,
    /// Veto players who prefer the status quo, in actor order.
    pub blocked_by: Vec<usize>,
    /// Whether the proposal is adopted.
    pub adopted: bool,
    /// The proposal if adopted, otherwise the status quo.
    pub result: Vec<f64>,
}

/// Salience-weighted squared distance between an actor's position and a point.
fn distance_squared(point: &Point, actor: usize, to: &[f64]) -> f64 {
    (0..point.dimensions)
        .map(|k| {
            let d = (point.position(actor, k) - to[k]) * point.salience(actor, k);
            d * d
        })
        .sum()
}

/// Votes `proposal` against `status_quo` under `procedure`. `preferences`
/// gives each actor's own position and saliences; `veto[i]` marks veto players.
pub fn decide(
    procedure: Procedure,
    preferences: &Point,
    veto: &[bool],
    proposal: &[f64],
    status_quo: &[f64],
) -> Decision {
    let n = preferences.actors();
    // Differences smaller than this are rounding, not preference.
    let tolerance = 1e-12;
    let votes: Vec<Vote> = (0..n)
        .map(|i| {
            let to_proposal = distance_squared(preferences, i, proposal);
            let to_status_quo = distance_squared(preferences, i, status_quo);
            if to_proposal + tolerance < to_status_quo {
                Vote::InFavour
            } else if to_status_quo + tolerance < to_proposal {
                Vote::Against
            } else {
                Vote::Indifferent
            }
        })
        .collect();
    let in_favour = votes.iter().filter(|v| **v == Vote::InFavour).count();
    let required = match procedure {
        Procedure::Majority => n / 2 + 1,
        Procedure::Qualified { required } => required,
        Procedure::VetoPlayers => 0,
    };
    let blocked_by: Vec<usize> = (0..n)
        .filter(|&i| veto.get(i).copied().unwrap_or(false) && votes[i] == Vote::Against)
        .collect();
    let adopted = in_favour >= required && blocked_by.is_empty();
    Decision {
        procedure,
        proposal: proposal.to_vec(),
        status_quo: status_quo.to_vec(),
        votes,
        in_favour,
        required,
        blocked_by,
        adopted,
        result: if adopted {
            proposal.to_vec()
        } else {
            status_quo.to_vec()
        },
    }
}
