//! KTAB's Spatial Model of Politics (SMP), reimplemented.
//!
//! Actors hold positions in a multi-dimensional space. Each round:
//! 1. utilities: actor i values actor j's position by the salience-weighted
//!    distance from i's ideal, shaped by a risk attitude inferred from how
//!    likely i's own position is to win a Condorcet-style contest;
//! 2. challenges: each actor finds the target whose challenge it expects to
//!    gain most from, with third parties joining the side they prefer;
//! 3. bargains: a challenge becomes a bargain interpolated between the two
//!    positions by salience and probability of victory;
//! 4. resolution: each actor's candidate bargains (including keeping its
//!    position) are put to a probabilistic vote of all actors, and the actor
//!    adopts the winner.
//!
//! The run stops when a round moves positions by less than 2% of the first
//! round's move (after at least 2 rounds) or at the round limit, which is
//! reported as non-convergence. The parameter names and defaults are KTAB's
//! (commit 3b5b063 of lsyaseen/KTAB); every formula was rewritten from its
//! description and checked against KTAB's logs, including two quirks that
//! affect results (rounding of bargains to 1e-4, and the receiver weight in the
//! power-weighted compromise, see docs/bargaining.md).
//!
//! Deliberately not reproduced: KTAB's SQLite logging and, for stochastic
//! state transitions, KTAB's random stream (KTAB draws from threads in no fixed
//! order, so its own stochastic runs are not repeatable). Stochastic runs here
//! use statecraft's seeded generator and are repeatable.

use rayon::prelude::*;

use crate::error::{BargainError, Location, Problem, check};
use crate::rng::Rng;
use crate::scenario::{Point, Scenario};

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// KTAB's name for this value.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses KTAB's name for a value.
            pub fn from_name(text: &str) -> Option<Self> {
                match text.trim() { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Every accepted name, for error messages.
            pub fn names() -> &'static [&'static str] {
                &[$($text),+]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum!(
    /// How coalition strengths turn into a probability of victory.
    VictoryProbModel { Linear => "Linear", Square => "Square", Quartic => "Quartic", Octic => "Octic", Binary => "Binary" }
);
named_enum!(
    /// How pairwise victory probabilities give each option's probability.
    PceModel { Conditional => "Conditional", MarkovIncentive => "MarkovIncentive", MarkovUniform => "MarkovUniform" }
);
named_enum!(
    /// Whether each actor adopts the most likely bargain or draws one.
    StateTransitions { Deterministic => "Deterministic", Stochastic => "Stochastic" }
);
named_enum!(
    /// How a difference in utility becomes a vote.
    VotingRule { Binary => "Binary", PropBin => "PropBin", Proportional => "Prop", PropCbc => "PropCbc", Cubic => "Cubic", AsymProsp => "ASymProsp" }
);
named_enum!(
    /// The range of inferred risk attitudes.
    BigRRange { Min => "Min", Mid => "Mid", Max => "Max" }
);
named_enum!(
    /// How far one actor's estimate of another's risk attitude follows the truth.
    BigRAdjust { None => "None", OneThird => "OneThird", Half => "Half", TwoThirds => "TwoThirds", Full => "Full" }
);
named_enum!(
    /// How committed a third party is to the side it joins.
    ThirdPartyCommit { NoCommit => "NoCommit", SemiCommit => "SemiCommit", FullCommit => "FullCommit" }
);
named_enum!(
    /// How a bargain is interpolated between two positions.
    InterVecBargain { S1P1 => "S1P1", S2P2 => "S2P2", S2PMax => "S2PMax" }
);
named_enum!(
    /// Which interpolation becomes the bargain.
    BargainModel { InitOnlyInterp => "InitOnlyInterp", InitRcvrInterp => "InitRcvrInterp", PwCompInterp => "PWCompInterp" }
);

/// The model's parameters; the defaults are KTAB's.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SmpParameters {
    pub victory_prob_model: VictoryProbModel,
    pub pce_model: PceModel,
    pub state_transitions: StateTransitions,
    pub voting_rule: VotingRule,
    pub big_r_adjust: BigRAdjust,
    pub big_r_range: BigRRange,
    pub third_party_commit: ThirdPartyCommit,
    pub inter_vec_bargain: InterVecBargain,
    pub bargain_model: BargainModel,
    /// Seed for stochastic state transitions.
    pub seed: u64,
}

impl Default for SmpParameters {
    fn default() -> Self {
        SmpParameters {
            victory_prob_model: VictoryProbModel::Linear,
            pce_model: PceModel::Conditional,
            state_transitions: StateTransitions::Deterministic,
            voting_rule: VotingRule::Proportional,
            big_r_adjust: BigRAdjust::OneThird,
            big_r_range: BigRRange::Mid,
            third_party_commit: ThirdPartyCommit::SemiCommit,
            inter_vec_bargain: InterVecBargain::S2P2,
            bargain_model: BargainModel::InitOnlyInterp,
            seed: 0,
        }
    }
}

/// KTAB's stopping rule.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StoppingRule {
    pub min_rounds: usize,
    pub max_rounds: usize,
    /// Stop when a round's move is below this fraction of the first round's.
    pub min_delta_ratio: f64,
    /// Added to the first round's move so a first round without moves does not divide by zero.
    pub min_significant_delta: f64,
}

impl Default for StoppingRule {
    fn default() -> Self {
        StoppingRule {
            min_rounds: 2,
            max_rounds: 100,
            min_delta_ratio: 0.02,
            min_significant_delta: 1e-4,
        }
    }
}

/// One actor's challenge in one round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Challenge {
    pub initiator: usize,
    pub target: usize,
    /// The initiator's estimate that it would win.
    pub probability: f64,
    /// The initiator's expected gain over the status quo.
    pub expected_gain: f64,
}

/// The bargain an actor adopted in one round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Adoption {
    pub actor: usize,
    pub initiator: usize,
    pub receiver: usize,
    /// Whether the actor's position changed.
    pub moved: bool,
}

/// One round: the challenges made and the bargains adopted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SmpTurn {
    pub challenges: Vec<Challenge>,
    /// Actors that adopted a bargain other than keeping their position.
    pub adoptions: Vec<Adoption>,
}

/// A complete run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SmpRun {
    pub parameters: SmpParameters,
    /// Positions in each state, on the dimensions' own scales:
    /// `states[t][i * dimensions + k]`. State 0 is the start.
    pub states: Vec<Vec<f64>>,
    /// Each actor's probability that its position wins, per state (KTAB's
    /// "winning probabilities"; actors sharing a position share its probability).
    pub win_probability: Vec<Vec<f64>>,
    pub turns: Vec<SmpTurn>,
    /// Fraction of the first round's move made by the last round.
    pub last_ratio: f64,
    pub converged: bool,
    /// The final state's distinct positions and their probabilities.
    pub final_distribution: Vec<(Vec<f64>, f64)>,
    /// Per state, the distinct positions weighted by their probability of winning.
    pub expected: Vec<Vec<f64>>,
}

impl SmpRun {
    /// The expected outcome: distinct final positions weighted by their
    /// probability of winning.
    pub fn expected_outcome(&self) -> Vec<f64> {
        self.expected.last().cloned().unwrap_or_default()
    }

    /// The most probable final position (the first, on a tie).
    pub fn modal_outcome(&self) -> Vec<f64> {
        let mut best: Option<&(Vec<f64>, f64)> = None;
        for entry in &self.final_distribution {
            if best.is_none_or(|b| entry.1 > b.1) {
                best = Some(entry);
            }
        }
        best.map(|b| b.0.clone()).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------
// Small formulas, each named as in KTAB.

#[inline(always)]
fn vote(rule: VotingRule, weight: f64, u_a: f64, u_b: f64) -> f64 {
    let du = u_a - u_b;
    match rule {
        VotingRule::Binary => weight * (du / 1e-8).clamp(-1.0, 1.0),
        VotingRule::PropBin => weight * ((1.0 - 0.2) * du + 0.2 * (du / 1e-8).clamp(-1.0, 1.0)),
        VotingRule::Proportional => weight * du,
        VotingRule::PropCbc => weight * ((1.0 - 0.5) * du + 0.5 * (du * du * du)),
        VotingRule::Cubic => weight * (du * du * du),
        VotingRule::AsymProsp => {
            if du < 0.0 {
                weight * du
            } else if du > 0.0 {
                (2.0 * weight * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

fn victory_probability(model: VictoryProbModel, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match model {
        VictoryProbModel::Linear => (s1, s2),
        VictoryProbModel::Square => (s1 * s1, s2 * s2),
        VictoryProbModel::Quartic => {
            let (a, b) = (s1 * s1, s2 * s2);
            (a * a, b * b)
        }
        VictoryProbModel::Octic => {
            let (a, b) = (s1 * s1, s2 * s2);
            let (a, b) = (a * a, b * b);
            (a * a, b * b)
        }
        VictoryProbModel::Binary => {
            let threshold = 1.10;
            if s1 >= threshold * s2 {
                (1.0, 1e-6)
            } else if s2 >= threshold * s1 {
                (1e-6, 1.0)
            } else {
                let r12 = s1 / (s1 + s2);
                let p12 = (r12 * (threshold + 1.0) - 1.0) / (threshold - 1.0);
                (p12, 1.0 - p12)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// Utility of a scalar distance `sd` (0–1) under risk attitude `r` (−1 to +1).
#[inline(always)]
fn bs_util(sd: f64, r: f64) -> f64 {
    if sd <= 1.0 {
        (1.0 - sd) * (1.0 + sd * r)
    } else {
        (1.0 - sd) * (1.0 + r)
    }
}

fn est_nra(rh: f64, ri: f64, adjust: BigRAdjust) -> f64 {
    match adjust {
        BigRAdjust::Full => ri,
        BigRAdjust::TwoThirds => (rh + (2.0 * ri)) / 3.0,
        BigRAdjust::Half => (rh + ri) / 2.0,
        BigRAdjust::OneThird => ((2.0 * rh) + ri) / 3.0,
        BigRAdjust::None => rh,
    }
}

/// Square matrix, row-major.
struct Square {
    n: usize,
    v: Vec<f64>,
}

impl Square {
    fn at(&self, i: usize, j: usize) -> f64 {
        self.v[i * self.n + j]
    }
}

/// Coalition strengths c(i, j) for option i against j. `utility_by_option`
/// holds, option-major, each actor's utility for each option
/// (`utility_by_option[option * actors + k]`), so the inner loop over actors
/// reads contiguous memory; `weight[k]` is actor k's voting weight.
fn coalitions(
    rule: VotingRule,
    weight: &[f64],
    utility_by_option: &[f64],
    options: usize,
) -> Square {
    let actors = weight.len();
    let min_c = 1e-8;
    let rows: Vec<Vec<(f64, f64)>> = (0..options)
        .into_par_iter()
        .map(|i| {
            let ui = &utility_by_option[i * actors..(i + 1) * actors];
            (0..i)
                .map(|j| {
                    let uj = &utility_by_option[j * actors..(j + 1) * actors];
                    let mut cij = min_c;
                    let mut cji = min_c;
                    // The common rule gets its own loop so the vote is not a
                    // branch per actor.
                    if rule == VotingRule::Proportional {
                        // Branch-free: adding zero to a positive sum changes nothing.
                        for k in 0..actors {
                            let v = weight[k] * (ui[k] - uj[k]);
                            cij += v.max(0.0);
                            cji += (-v).max(0.0);
                        }
                    } else {
                        for k in 0..actors {
                            let v = vote(rule, weight[k], ui[k], uj[k]);
                            if v > 0.0 {
                                cij += v;
                            }
                            if v < 0.0 {
                                cji -= v;
                            }
                        }
                    }
                    (cij, cji)
                })
                .collect()
        })
        .collect();
    let mut c = Square {
        n: options,
        v: vec![0.0; options * options],
    };
    for (i, row) in rows.into_iter().enumerate() {
        for (j, (cij, cji)) in row.into_iter().enumerate() {
            c.v[i * options + j] = cij;
            c.v[j * options + i] = cji;
        }
        c.v[i * options + i] = min_c;
    }
    c
}

fn victory_matrix(model: VictoryProbModel, c: &Square) -> Square {
    let n = c.n;
    let mut p = Square {
        n,
        v: vec![0.0; n * n],
    };
    for i in 0..n {
        for j in 0..i {
            let (pij, pji) = victory_probability(model, c.at(i, j), c.at(j, i));
            p.v[i * n + j] = pij;
            p.v[j * n + i] = pji;
        }
        p.v[i * n + i] = 0.5;
    }
    p
}

/// Probability of each option from coalition strengths.
fn option_probabilities(
    pce: PceModel,
    vpm: VictoryProbModel,
    c: &Square,
) -> Result<Vec<f64>, BargainError> {
    let n = c.n;
    let pv = victory_matrix(vpm, c);
    match pce {
        PceModel::Conditional => {
            let mut p: Vec<f64> = (0..n)
                .map(|i| (0..n).fold(1.0, |acc, j| acc * pv.at(i, j)))
                .collect();
            let total: f64 = p.iter().sum();
            for pi in &mut p {
                *pi /= total;
            }
            Ok(p)
        }
        PceModel::MarkovUniform => {
            let tolerance = 1e-6;
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let mut change: f64 = 0.0;
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        let s: f64 = (0..n).map(|j| pv.at(i, j) * (p[i] + p[j])).sum();
                        s / n as f64
                    })
                    .collect();
                for i in 0..n {
                    change = change.max((q[i] - p[i]).abs());
                }
                for i in 0..n {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                if change <= tolerance {
                    return Ok(p);
                }
            }
            Err(BargainError::Numerical(
                "the uniform Markov probability did not settle within 1000 iterations".into(),
            ))
        }
        PceModel::MarkovIncentive => {
            let tolerance = 1e-8;
            let incentive = |i: usize, j: usize| {
                let v = c.at(i, j) * pv.at(i, j);
                if i == j { v + 1e-10 } else { v }
            };
            let column_sums: Vec<f64> = (0..n)
                .map(|j| (0..n).map(|k| incentive(k, j)).sum())
                .collect();
            let challenge = |i: usize, j: usize| incentive(i, j) / column_sums[j];
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let ct = |i: usize, j: usize, p: &[f64]| p[i] * challenge(j, i);
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        (0..n)
                            .map(|j| pv.at(i, j) * (ct(i, j, &p) + ct(j, i, &p)))
                            .sum()
                    })
                    .collect();
                let mut change: f64 = 0.0;
                for i in 0..n {
                    change = change.max((q[i] - p[i]).abs());
                }
                for i in 0..n {
                    p[i] = (p[i] + q[i]) / 2.0;
                }
                if change <= tolerance {
                    return Ok(p);
                }
            }
            Err(BargainError::Numerical(
                "the incentive Markov probability did not settle within 1000 iterations".into(),
            ))
        }
    }
}

fn big_r_from_probability(p: &[f64], range: BigRRange) -> Vec<f64> {
    let (p_min, p_max) = crate::compromise::min_max(p);
    if p_max.partial_cmp(&p_min) != Some(std::cmp::Ordering::Greater) {
        // KTAB divides by zero here; with no spread there is no evidence of
        // risk attitude, so every actor is treated as risk neutral.
        return vec![0.0; p.len()];
    }
    p.iter()
        .map(|&pi| match range {
            BigRRange::Min => (pi - p_min) / (p_max - p_min),
            BigRRange::Mid => (3.0 * pi - (p_max + 2.0 * p_min)) / (2.0 * (p_max - p_min)),
            BigRRange::Max => (2.0 * pi - (p_max + p_min)) / (p_max - p_min),
        })
        .collect()
}

/// A third party's vote in the contest i:j: it first sees the little contest
/// of the two principals plus itself, then compares the expected utility of
/// joining i with that of joining j (KTAB's vProbLittle and thirdPartyVoteSU).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn third_party_vote(
    rule: VotingRule,
    commit: ThirdPartyCommit,
    wn: f64,
    principal_i: f64,
    principal_j: f64,
    uni: f64,
    unj: f64,
    unn: f64,
) -> f64 {
    let contrib_n = vote(rule, wn, uni, unj);
    let cni = if contrib_n > 0.0 {
        principal_i + contrib_n
    } else {
        principal_i
    };
    let cnj = if contrib_n < 0.0 {
        principal_j - contrib_n
    } else {
        principal_j
    };
    let pin = cni / (cni + cnj);
    let pjn = 1.0 - pin;
    let (ik_def_j, j_def_ik, i_def_jk, jk_def_i) = match commit {
        ThirdPartyCommit::FullCommit => (
            uni + uni + uni,
            unj + unj + unj,
            uni + uni + uni,
            unj + unj + unj,
        ),
        ThirdPartyCommit::SemiCommit => (
            uni + uni + unn,
            unj + unj + unj,
            uni + uni + uni,
            unj + unj + unn,
        ),
        ThirdPartyCommit::NoCommit => (
            uni + uni + unn,
            unj + unj + unn,
            uni + uni + unn,
            unj + unj + unn,
        ),
    };
    let u_ik_j = (pin * ik_def_j) + (pjn * j_def_ik);
    let u_i_jk = (pin * i_def_jk) + (pjn * jk_def_i);
    vote(rule, wn, u_ik_j, u_i_jk)
}

/// What the third parties bring to a challenge of i against j.
struct ThirdParties<'a> {
    weight: &'a [f64],
    /// Each third party's utility for i's position.
    uni: &'a [f64],
    /// Each third party's utility for its own position.
    unn: &'a [f64],
    /// The initiator's estimate of each third party's risk attitude.
    rhn: &'a [f64],
    /// vdiff(m, j) for every m.
    column_j: &'a [f64],
}

/// Every third party's vote in the contest i:j, into `out`.
fn third_party_votes(
    rule: VotingRule,
    commit: ThirdPartyCommit,
    parties: &ThirdParties,
    principal_i: f64,
    principal_j: f64,
    out: &mut [f64],
) {
    #[inline(always)]
    fn fill(
        rule: VotingRule,
        commit: ThirdPartyCommit,
        p: &ThirdParties,
        principal_i: f64,
        principal_j: f64,
        out: &mut [f64],
    ) {
        let n = out.len();
        let (w, uni, unn, rhn, col) = (
            &p.weight[..n],
            &p.uni[..n],
            &p.unn[..n],
            &p.rhn[..n],
            &p.column_j[..n],
        );
        for m in 0..n {
            let unj = bs_util(col[m], rhn[m]);
            out[m] = third_party_vote(
                rule,
                commit,
                w[m],
                principal_i,
                principal_j,
                uni[m],
                unj,
                unn[m],
            );
        }
    }
    // KTAB's defaults get a loop of their own, with the rule known at compile time.
    match (rule, commit) {
        (VotingRule::Proportional, ThirdPartyCommit::SemiCommit) => fill(
            VotingRule::Proportional,
            ThirdPartyCommit::SemiCommit,
            parties,
            principal_i,
            principal_j,
            out,
        ),
        _ => fill(rule, commit, parties, principal_i, principal_j, out),
    }
}

fn round4(x: f64) -> f64 {
    // KTAB truncates toward zero after adding one half; positions are in
    // [0, 1], where this is round-half-up.
    let s = 10000.0;
    ((0.5 + x * s) as i64) as f64 / s
}

// ---------------------------------------------------------------------------
// The model.

struct Fixed<'a> {
    n: usize,
    d: usize,
    capability: &'a [f64],
    /// Saliences, actor-major, 0–1.
    salience: &'a [f64],
    salience_sum: Vec<f64>,
    accommodation: Option<Vec<f64>>,
    parameters: SmpParameters,
}

#[derive(Clone)]
struct State {
    /// Positions on [0, 1], actor-major.
    position: Vec<f64>,
    ideal: Vec<f64>,
}

struct Utilities {
    /// vdiff(i, j): salience-weighted distance from i's ideal to j's position.
    vdiff: Square,
    /// The transpose: `vdiff_t[j * n + i] = vdiff(i, j)`, so a column is contiguous.
    vdiff_t: Vec<f64>,
    /// Inferred risk attitude per actor.
    nra: Vec<f64>,
    /// Each actor's utility, in its own view, summed over every actor's position.
    own_sum: Vec<f64>,
}

/// Per-actor win probabilities, and each distinct position (by the first
/// actor holding it) with its probability.
type WinProbabilities = (Vec<f64>, Vec<(usize, f64)>);

struct Bargain {
    initiator: usize,
    receiver: usize,
    position_initiator: Vec<f64>,
    position_receiver: Vec<f64>,
}

impl Fixed<'_> {
    fn bv_diff(&self, i: usize, from: &[f64], to: &[f64]) -> f64 {
        let mut ds_sqr = 0.0;
        let mut ss_sqr = 0.0;
        for k in 0..self.d {
            let s = self.salience[i * self.d + k];
            let ds = (from[k] - to[k]) * s;
            ds_sqr += ds * ds;
            ss_sqr += s * s;
        }
        (ds_sqr / ss_sqr).sqrt()
    }

    fn utilities(&self, state: &State) -> Result<Utilities, BargainError> {
        let (n, d) = (self.n, self.d);
        let v: Vec<f64> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let ideal = &state.ideal[i * d..(i + 1) * d];
                (0..n).map(move |j| self.bv_diff(i, ideal, &state.position[j * d..(j + 1) * d]))
            })
            .collect();
        let vdiff = Square { n, v };
        let mut by_option = vec![0.0; n * n];
        for k in 0..n {
            for i in 0..n {
                by_option[i * n + k] = bs_util(vdiff.at(k, i), 0.0);
            }
        }
        let c = coalitions(self.parameters.voting_rule, self.capability, &by_option, n);
        let p = option_probabilities(
            self.parameters.pce_model,
            self.parameters.victory_prob_model,
            &c,
        )?;
        let nra = big_r_from_probability(&p, self.parameters.big_r_range);
        let mut vdiff_t = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                vdiff_t[j * n + i] = vdiff.at(i, j);
            }
        }
        let mut utilities = Utilities {
            vdiff,
            vdiff_t,
            nra,
            own_sum: Vec::new(),
        };
        utilities.own_sum = (0..n)
            .map(|a| {
                let mut total = 0.0;
                for other in 0..n {
                    total += self.a_util(&utilities, a, a, other);
                }
                total
            })
            .collect();
        Ok(utilities)
    }

    /// h's estimate of the utility to i of j's position.
    fn a_util(&self, u: &Utilities, h: usize, i: usize, j: usize) -> f64 {
        bs_util(
            u.vdiff.at(i, j),
            est_nra(u.nra[h], u.nra[i], self.parameters.big_r_adjust),
        )
    }

    /// h's estimate of the probability that i beats j, and of the change in
    /// k's utility if i challenges j (KTAB's probEduChlg).
    fn prob_edu_challenge(
        &self,
        u: &Utilities,
        h: usize,
        k: usize,
        i: usize,
        j: usize,
    ) -> (f64, f64) {
        let rule = self.parameters.voting_rule;
        let au = |a: usize, b: usize| self.a_util(u, h, a, b);
        let (uii, uij, uji, ujj) = (au(i, i), au(i, j), au(j, i), au(j, j));
        let eu_sq = au(k, i) + au(k, j);
        let uhkij = au(k, i) + au(k, i);
        let uhkji = au(k, j) + au(k, j);
        let si = self.salience_sum[i];
        let ci = self.capability[i];
        let sj = self.salience_sum[j];
        let cj = self.capability[j];
        let min_coalition = 1e-10;
        let contrib_i = vote(rule, si * ci, uii, uij);
        let contrib_j = vote(rule, sj * cj, uji, ujj);
        let mut chij = min_coalition;
        let mut chji = min_coalition;
        if contrib_i > 0.0 {
            chij += contrib_i;
        }
        if contrib_i < 0.0 {
            chji -= contrib_i;
        }
        if contrib_j > 0.0 {
            chij += contrib_j;
        }
        if contrib_j < 0.0 {
            chji -= contrib_j;
        }
        let (principal_i, principal_j) = (chij, chji);
        let est = |n: usize| est_nra(u.nra[h], u.nra[n], self.parameters.big_r_adjust);
        for n in 0..self.n {
            if n == i || n == j {
                continue;
            }
            let rhn = est(n);
            let uni = bs_util(u.vdiff.at(n, i), rhn);
            let unj = bs_util(u.vdiff.at(n, j), rhn);
            let unn = bs_util(u.vdiff.at(n, n), rhn);
            let wn = self.salience_sum[n] * self.capability[n];
            let commit = self.parameters.third_party_commit;
            let vnij = third_party_vote(rule, commit, wn, principal_i, principal_j, uni, unj, unn);
            if vnij > 0.0 {
                chij += vnij;
            }
            if vnij < 0.0 {
                chji -= vnij;
            }
        }
        let phij = chij / (chij + chji);
        let phji = chji / (chij + chji);
        let eu_victory = uhkij;
        let eu_contest = phij * uhkij + phji * uhkji;
        let eu_challenge = (1.0 - sj) * eu_victory + sj * eu_contest;
        (phij, eu_challenge - eu_sq)
    }

    /// Actor i's most advantageous challenge, in i's own view: the same
    /// arithmetic as `prob_edu_challenge(i, i, i, j)` for every j, with what
    /// does not depend on j computed once.
    fn best_challenge(&self, u: &Utilities, i: usize) -> Option<Challenge> {
        let n = self.n;
        let rule = self.parameters.voting_rule;
        let adjust = self.parameters.big_r_adjust;
        let rh = u.nra[i];
        let rhn: Vec<f64> = (0..n).map(|m| est_nra(rh, u.nra[m], adjust)).collect();
        let column_i = &u.vdiff_t[i * n..(i + 1) * n];
        let uni: Vec<f64> = (0..n).map(|m| bs_util(column_i[m], rhn[m])).collect();
        let unn: Vec<f64> = (0..n).map(|m| bs_util(u.vdiff.at(m, m), rhn[m])).collect();
        let weight: Vec<f64> = (0..n)
            .map(|m| self.salience_sum[m] * self.capability[m])
            .collect();
        let commit = self.parameters.third_party_commit;
        let mut votes = vec![0.0; n];
        let min_significant = 1e-5;
        let mut best: Option<Challenge> = None;
        let mut best_eu = -1.0;
        for j in 0..n {
            if j == i {
                continue;
            }
            let column_j = &u.vdiff_t[j * n..(j + 1) * n];
            let uii = unn[i];
            let uij = bs_util(column_j[i], rhn[i]);
            let uji = uni[j];
            let ujj = unn[j];
            let eu_sq = uii + uij;
            let uhkij = uii + uii;
            let uhkji = uij + uij;
            let sj = self.salience_sum[j];
            let contrib_i = vote(rule, self.salience_sum[i] * self.capability[i], uii, uij);
            let contrib_j = vote(rule, sj * self.capability[j], uji, ujj);
            let mut chij = 1e-10;
            let mut chji = 1e-10;
            if contrib_i > 0.0 {
                chij += contrib_i;
            }
            if contrib_i < 0.0 {
                chji -= contrib_i;
            }
            if contrib_j > 0.0 {
                chij += contrib_j;
            }
            if contrib_j < 0.0 {
                chji -= contrib_j;
            }
            let (principal_i, principal_j) = (chij, chji);
            // Every third party's vote first (independent, so the compiler can
            // vectorise it), then the sums in actor order, as KTAB adds them.
            third_party_votes(
                rule,
                commit,
                &ThirdParties {
                    weight: &weight,
                    uni: &uni,
                    unn: &unn,
                    rhn: &rhn,
                    column_j,
                },
                principal_i,
                principal_j,
                &mut votes,
            );
            // The principals are not third parties. Adding a zero leaves a
            // positive sum unchanged, so these branch-free sums are exactly
            // KTAB's conditional ones.
            votes[i] = 0.0;
            votes[j] = 0.0;
            for &v in &votes {
                chij += v.max(0.0);
                chji += (-v).max(0.0);
            }
            let phij = chij / (chij + chji);
            let phji = chji / (chij + chji);
            let eu_contest = phij * uhkij + phji * uhkji;
            let edu = ((1.0 - sj) * uhkij + sj * eu_contest) - eu_sq;
            if min_significant < edu && best_eu < edu {
                best_eu = edu;
                best = Some(Challenge {
                    initiator: i,
                    target: j,
                    probability: phij,
                    expected_gain: edu,
                });
            }
        }
        best
    }

    fn interpolate(
        &self,
        i: usize,
        j: usize,
        pos_i: &[f64],
        pos_j: &[f64],
        prob_i: f64,
    ) -> Bargain {
        let prob_j = 1.0 - prob_i;
        let d = self.d;
        let mut bi = vec![0.0; d];
        let mut bj = vec![0.0; d];
        for k in 0..d {
            let (tik, sik) = (pos_i[k], self.salience[i * d + k]);
            let (tjk, sjk) = (pos_j[k], self.salience[j * d + k]);
            match self.parameters.inter_vec_bargain {
                InterVecBargain::S1P1 | InterVecBargain::S2P2 => {
                    let (wik, wjk) = if self.parameters.inter_vec_bargain == InterVecBargain::S1P1 {
                        (sik * prob_i, sjk * prob_j)
                    } else {
                        (
                            (sik * sik) * (prob_i * prob_i),
                            (sjk * sjk) * (prob_j * prob_j),
                        )
                    };
                    // The tiny weight keeps 0/0 away when neither side cares or
                    // can coerce; KTAB then rounds to 4 decimals (0.01 on 0–100)
                    // to avoid spurious precision, and so do we.
                    let min_w = 1e-6;
                    bi[k] = round4(((wik + min_w) * tik + wjk * tjk) / (wik + min_w + wjk));
                    bj[k] = round4((wik * tik + (min_w + wjk) * tjk) / (wik + min_w + wjk));
                }
                InterVecBargain::S2PMax => {
                    let di = if prob_j > prob_i {
                        prob_j - prob_i
                    } else {
                        0.0
                    };
                    let dj = if prob_i > prob_j {
                        prob_i - prob_j
                    } else {
                        0.0
                    };
                    let (sik2, sjk2) = (sik * sik, sjk * sjk);
                    let min_w = 1e-6;
                    let dik = (di * sjk2) / ((di * sjk2) + min_w + ((1.0 - di) * sik2));
                    let djk = (dj * sik2) / ((dj * sik2) + min_w + ((1.0 - dj) * sjk2));
                    bi[k] = tik + dik * (tjk - tik);
                    bj[k] = tjk + djk * (tik - tjk);
                }
            }
        }
        Bargain {
            initiator: i,
            receiver: j,
            position_initiator: bi,
            position_receiver: bj,
        }
    }

    /// The bargain that the challenge of i against j produces.
    fn bargain(&self, state: &State, u: &Utilities, challenge: &Challenge) -> Bargain {
        let (i, j) = (challenge.initiator, challenge.target);
        let d = self.d;
        let pos_i = &state.position[i * d..(i + 1) * d];
        let pos_j = &state.position[j * d..(j + 1) * d];
        let iij = self.interpolate(i, j, pos_i, pos_j, challenge.probability);
        match self.parameters.bargain_model {
            BargainModel::InitOnlyInterp => iij,
            // With the receiver's own interpolation the initiator's copy is
            // kept as the bargain; KTAB lists both, and the receiver's copy
            // is added by `bargains_for` below.
            BargainModel::InitRcvrInterp => iij,
            BargainModel::PwCompInterp => {
                let (pji, _) = self.prob_edu_challenge(u, j, i, i, j);
                let jij = self.interpolate(i, j, pos_i, pos_j, pji);
                let wi = self.capability[i] * self.salience_sum[i];
                // KTAB takes the receiver's weight as the initiator's capability
                // times the receiver's salience; kept to match its results.
                let wj = self.capability[i] * self.salience_sum[j];
                let mix = |a: &[f64], b: &[f64]| -> Vec<f64> {
                    a.iter()
                        .zip(b)
                        .map(|(x, y)| (wi * x + wj * y) / (wi + wj))
                        .collect()
                };
                Bargain {
                    initiator: i,
                    receiver: j,
                    position_initiator: mix(&iij.position_initiator, &jij.position_initiator),
                    position_receiver: mix(&iij.position_receiver, &jij.position_receiver),
                }
            }
        }
    }

    fn pos_util(&self, u: &Utilities, n: usize, ideal: &[f64], position: &[f64]) -> f64 {
        bs_util(self.bv_diff(n, ideal, position), u.nra[n])
    }

    /// Option probabilities of actor k's candidate bargains.
    fn resolve(
        &self,
        state: &State,
        u: &Utilities,
        candidates: &[&Bargain],
    ) -> Result<Vec<f64>, BargainError> {
        let (n, d) = (self.n, self.d);
        let nb = candidates.len();
        let mut u_im = vec![0.0; n * nb];
        for actor in 0..n {
            let ideal = &state.ideal[actor * d..(actor + 1) * d];
            for (m, b) in candidates.iter().enumerate() {
                // Everyone else keeps their position, so the actor's utility is
                // its sum over all positions with the two principals' replaced.
                let total = if b.initiator == b.receiver {
                    u.own_sum[actor]
                } else {
                    u.own_sum[actor]
                        - self.a_util(u, actor, actor, b.initiator)
                        - self.a_util(u, actor, actor, b.receiver)
                        + self.pos_util(u, actor, ideal, &b.position_initiator)
                        + self.pos_util(u, actor, ideal, &b.position_receiver)
                };
                u_im[actor * nb + m] = total / n as f64;
            }
        }
        let mut by_option = vec![0.0; n * nb];
        for k in 0..n {
            for m in 0..nb {
                by_option[m * n + k] = u_im[k * nb + m];
            }
        }
        let c = coalitions(self.parameters.voting_rule, self.capability, &by_option, nb);
        option_probabilities(
            self.parameters.pce_model,
            self.parameters.victory_prob_model,
            &c,
        )
    }

    fn win_probabilities(
        &self,
        state: &State,
        u: &Utilities,
    ) -> Result<WinProbabilities, BargainError> {
        let (n, d) = (self.n, self.d);
        let tolerance = 1e-3;
        let equivalent = |a: usize, b: usize| {
            let mut s = 0.0;
            for k in 0..d {
                let x = state.position[a * d + k] - state.position[b * d + k];
                s += x * x;
            }
            s.sqrt() < tolerance
        };
        let mut unique: Vec<usize> = Vec::new();
        for i in 0..n {
            if !unique.iter().any(|&k| equivalent(i, k)) {
                unique.push(i);
            }
        }
        let nu = unique.len();
        let mut by_option = vec![0.0; n * nu];
        for (slot, &rep) in unique.iter().enumerate() {
            for k in 0..n {
                by_option[slot * n + k] = self.a_util(u, k, k, rep);
            }
        }
        let c = coalitions(self.parameters.voting_rule, self.capability, &by_option, nu);
        let p = option_probabilities(
            self.parameters.pce_model,
            self.parameters.victory_prob_model,
            &c,
        )?;
        let per_actor = (0..n)
            .map(|i| {
                // The last equivalent unique position, as KTAB's scan leaves it.
                let mut found = 0;
                for (slot, &rep) in unique.iter().enumerate() {
                    if equivalent(i, rep) {
                        found = slot;
                    }
                }
                p[found]
            })
            .collect();
        Ok((per_actor, unique.into_iter().zip(p).collect()))
    }

    fn new_ideals(&self, old_ideal: &[f64], new_position: &[f64]) -> Vec<f64> {
        let (n, d) = (self.n, self.d);
        match &self.accommodation {
            None => new_position.to_vec(),
            Some(a) => {
                let mut ideal = vec![0.0; n * d];
                for i in 0..n {
                    let mut s = 0.0;
                    for j in 0..n {
                        let aij = a[i * n + j];
                        s += aij;
                        for k in 0..d {
                            ideal[i * d + k] += aij * new_position[j * d + k];
                        }
                    }
                    let lag = 1.0 - s.min(1.0);
                    for k in 0..d {
                        ideal[i * d + k] += lag * old_ideal[i * d + k];
                    }
                }
                ideal
            }
        }
    }

    fn step(
        &self,
        state: &State,
        u: &Utilities,
        rng: &mut Rng,
    ) -> Result<(State, SmpTurn), BargainError> {
        let (n, d) = (self.n, self.d);
        let challenges: Vec<Option<Challenge>> = (0..n)
            .into_par_iter()
            .map(|i| self.best_challenge(u, i))
            .collect();
        let mut bargains: Vec<Bargain> = Vec::with_capacity(2 * n);
        for i in 0..n {
            bargains.push(Bargain {
                initiator: i,
                receiver: i,
                position_initiator: state.position[i * d..(i + 1) * d].to_vec(),
                position_receiver: state.position[i * d..(i + 1) * d].to_vec(),
            });
        }
        let made: Vec<Vec<Bargain>> = challenges
            .par_iter()
            .map(|c| match c {
                None => Vec::new(),
                Some(c) => {
                    let mut out = vec![self.bargain(state, u, c)];
                    if self.parameters.bargain_model == BargainModel::InitRcvrInterp {
                        let (pji, _) = self.prob_edu_challenge(
                            u,
                            c.target,
                            c.initiator,
                            c.initiator,
                            c.target,
                        );
                        let pos_i = &state.position[c.initiator * d..(c.initiator + 1) * d];
                        let pos_j = &state.position[c.target * d..(c.target + 1) * d];
                        out.push(self.interpolate(c.initiator, c.target, pos_i, pos_j, pji));
                    }
                    out
                }
            })
            .collect();
        bargains.extend(made.into_iter().flatten());
        // Each actor's candidates: keeping its position first, then every
        // bargain it takes part in, in order of initiator.
        let candidates: Vec<Vec<usize>> = (0..n)
            .map(|k| {
                let mut list = vec![k];
                list.extend(
                    (n..bargains.len())
                        .filter(|&b| bargains[b].initiator == k || bargains[b].receiver == k),
                );
                list
            })
            .collect();
        let probabilities: Vec<Vec<f64>> = candidates
            .par_iter()
            .map(|list| {
                let refs: Vec<&Bargain> = list.iter().map(|&b| &bargains[b]).collect();
                self.resolve(state, u, &refs)
            })
            .collect::<Result<_, _>>()?;
        let mut position = state.position.clone();
        let mut adoptions = Vec::new();
        for k in 0..n {
            let p = &probabilities[k];
            let chosen = match self.parameters.state_transitions {
                StateTransitions::Deterministic => {
                    let mut best = 0;
                    let mut best_p = -1.0;
                    for (m, &pm) in p.iter().enumerate() {
                        if best_p < pm.abs() {
                            best = m;
                            best_p = pm.abs();
                        }
                    }
                    best
                }
                StateTransitions::Stochastic => {
                    let draw = rng.next_f64();
                    let mut sum = 0.0;
                    let mut chosen = p.len() - 1;
                    for (m, &pm) in p.iter().enumerate() {
                        sum += pm;
                        if draw <= sum {
                            chosen = m;
                            break;
                        }
                    }
                    chosen
                }
            };
            let b = &bargains[candidates[k][chosen]];
            if b.initiator != b.receiver {
                let new = if b.initiator == k {
                    &b.position_initiator
                } else {
                    &b.position_receiver
                };
                let old = &state.position[k * d..(k + 1) * d];
                let moved = new.iter().zip(old).any(|(a, b)| a != b);
                position[k * d..(k + 1) * d].copy_from_slice(new);
                adoptions.push(Adoption {
                    actor: k,
                    initiator: b.initiator,
                    receiver: b.receiver,
                    moved,
                });
            }
        }
        let ideal = self.new_ideals(&state.ideal, &position);
        Ok((
            State { position, ideal },
            SmpTurn {
                challenges: challenges.into_iter().flatten().collect(),
                adoptions,
            },
        ))
    }
}

fn state_distance(a: &[f64], b: &[f64], n: usize, d: usize) -> f64 {
    (0..n)
        .map(|i| {
            (0..d)
                .map(|k| {
                    let x = a[i * d + k] - b[i * d + k];
                    x * x
                })
                .sum::<f64>()
                .sqrt()
        })
        .sum()
}

/// Checks what the spatial model needs beyond a valid scenario: positive
/// capabilities and, per actor, saliences summing to more than 0 and at most 1.
pub fn check_point(point: &Point, names: &[String]) -> Result<(), BargainError> {
    let mut problems = Vec::new();
    let d = point.dimensions;
    for i in 0..point.actors() {
        let name = names.get(i).map_or("", String::as_str);
        if point.capability[i].partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            problems.push(Problem::new(
                Location::Field(format!("actors[{i}].capability")),
                format!("actor '{name}' has capability {}; the spatial model needs a positive capability", point.capability[i]),
            ));
        }
        let total: f64 = point.salience[i * d..(i + 1) * d].iter().sum();
        if !(total > 0.0 && total <= 1.0 + 1e-9) {
            problems.push(Problem::new(
                Location::Field(format!("actors[{i}].saliences")),
                format!("actor '{name}' has saliences summing to {total}; the spatial model needs a total above 0 and at most 1 (100 on a 0-100 scale)"),
            ));
        }
    }
    check(problems)
}

/// Runs the spatial model on a fixed point of a scenario.
pub fn run(
    scenario: &Scenario,
    point: &Point,
    parameters: SmpParameters,
    stopping: StoppingRule,
) -> Result<SmpRun, BargainError> {
    let names: Vec<String> = scenario.actors.iter().map(|a| a.name.clone()).collect();
    check_point(point, &names)?;
    let n = point.actors();
    let d = point.dimensions;
    let mins: Vec<f64> = scenario.dimensions.iter().map(|x| x.scale.min).collect();
    let widths: Vec<f64> = scenario
        .dimensions
        .iter()
        .map(|x| x.scale.width())
        .collect();
    let to_unit = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .enumerate()
            .map(|(index, x)| (x - mins[index % d]) / widths[index % d])
            .collect()
    };
    let to_scale = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .enumerate()
            .map(|(index, x)| mins[index % d] + x * widths[index % d])
            .collect()
    };
    let accommodation = if scenario.ideal_adjustments.is_empty() {
        None
    } else {
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            a[i * n + i] = 1.0;
        }
        for adj in &scenario.ideal_adjustments {
            a[adj.adjusting * n + adj.reference] = adj.rate;
        }
        Some(a)
    };
    let fixed = Fixed {
        n,
        d,
        capability: &point.capability,
        salience: &point.salience,
        salience_sum: (0..n)
            .map(|i| point.salience[i * d..(i + 1) * d].iter().sum())
            .collect(),
        accommodation,
        parameters,
    };
    let start = to_unit(&point.position);
    let mut state = State {
        position: start.clone(),
        ideal: start,
    };
    let mut rng = Rng::new(parameters.seed);
    let mut utilities = fixed.utilities(&state)?;
    let mut states = vec![to_scale(&state.position)];
    let mut unit_states = vec![state.position.clone()];
    let expected_of = |state: &State, dist: &[(usize, f64)]| -> Vec<f64> {
        let mut out = vec![0.0; d];
        for &(rep, p) in dist {
            for k in 0..d {
                out[k] += p * (mins[k] + state.position[rep * d + k] * widths[k]);
            }
        }
        out
    };
    let (first_probs, mut distribution) = fixed.win_probabilities(&state, &utilities)?;
    let mut expected = vec![expected_of(&state, &distribution)];
    let mut win_probability = vec![first_probs];
    let mut turns = Vec::new();
    let mut first_move = 0.0;
    let (last_ratio, converged) = loop {
        let (next, turn) = fixed.step(&state, &utilities, &mut rng)?;
        state = next;
        utilities = fixed.utilities(&state)?;
        turns.push(turn);
        let iteration = turns.len();
        unit_states.push(state.position.clone());
        states.push(to_scale(&state.position));
        let (probs, dist) = fixed.win_probabilities(&state, &utilities)?;
        win_probability.push(probs);
        expected.push(expected_of(&state, &dist));
        distribution = dist;
        if iteration == 1 {
            first_move = state_distance(&unit_states[0], &unit_states[1], n, d)
                + stopping.min_significant_delta;
        }
        let last_move = state_distance(&unit_states[iteration], &unit_states[iteration - 1], n, d);
        let ratio = last_move / first_move;
        let quiet = ratio < stopping.min_delta_ratio;
        if iteration >= stopping.min_rounds && quiet {
            break (ratio, true);
        }
        if iteration >= stopping.max_rounds {
            break (ratio, false);
        }
    };
    let final_distribution = distribution
        .into_iter()
        .map(|(rep, p)| (to_scale(&state.position[rep * d..(rep + 1) * d]), p))
        .collect();
    Ok(SmpRun {
        parameters,
        states,
        win_probability,
        turns,
        last_ratio,
        converged,
        final_distribution,
        expected,
    })
}
