//! The expected-utility model of Bueno de Mesquita, as reformulated by
//! Scholz, Calbert & Smith (2011, Journal of Theoretical Politics 23(4)).
//!
//! Each round: every actor's risk exponent is inferred from how attractive it
//! is as a target (its "danger"); every actor then weighs, from its own
//! perspective, each other actor's challenge against its own; offers of
//! confrontation, compromise or capitulation are collected and each actor
//! accepts the one that moves it least (with the choice rules below); all
//! actors move at once; the capability × salience weighted median of the new
//! positions is the round's forecast.
//!
//! The published equations leave several choices open. Each is an explicit,
//! named option ([`EumOptions`]); [`EumOptions::scholz_2011`] is the set that
//! reproduces Scholz et al.'s Table 1 (see docs/bargaining.md for which round
//! matches and which does not). The model works on one dimension; a
//! multi-dimensional scenario is run one dimension at a time.

/// How the probability that i beats j is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// The sum of |vote| over every actor and every ordered pair of positions,
    /// as in the replication code: probabilities are small and p(i,j) + p(j,i) < 1.
    AllTriples,
    /// The sum of |vote| over actors for this pair only, so p(i,j) + p(j,i) = 1
    /// (the reading of the paper's equation taken by most re-implementations).
    Pairwise,
}

/// Which of several compromise offers an actor accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompromiseChoice {
    /// The replication code's rule: the offer whose |EU|-weighted mean of the
    /// two positions is lowest on the scale.
    ScholzCode,
    /// The paper's stated rule: the offer that moves the actor least.
    Nearest,
}

/// The named choices the published equations leave open.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EumOptions {
    pub denominator: Denominator,
    pub compromise_choice: CompromiseChoice,
    /// Whether an actor that cannot resist gives in fully (capitulation). The
    /// replication code never does, through a slip in a comparison; on the EU
    /// emissions case this makes no difference.
    pub capitulation: bool,
    /// Probability Q that the status quo persists when nobody challenges;
    /// the replication code uses 1, which removes the T-terms of eq. 25.
    pub q: f64,
    /// Number of rounds to run (the published table has 8).
    pub rounds: usize,
}

impl EumOptions {
    /// The choices that reproduce Scholz et al. (2011), Table 1.
    pub fn scholz_2011() -> Self {
        EumOptions {
            denominator: Denominator::AllTriples,
            compromise_choice: CompromiseChoice::ScholzCode,
            capitulation: true,
            q: 1.0,
            rounds: 8,
        }
    }
}

impl Default for EumOptions {
    fn default() -> Self {
        EumOptions::scholz_2011()
    }
}

/// The kind of offer an actor accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    /// The actor expects to lose a confrontation and adopts the other's position.
    Confrontation,
    /// The actor moves part of the way towards the other.
    Compromise,
    /// The actor gives in fully.
    Capitulation,
}

/// One actor's move in one round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EumMove {
    pub actor: usize,
    /// The actor whose offer was accepted.
    pub with: usize,
    pub kind: OfferKind,
    pub from: f64,
    pub to: f64,
}

/// The state after one round (round 0 is the start).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EumRound {
    pub round: usize,
    pub positions: Vec<f64>,
    /// Risk exponents used in this round (all 1 at the start).
    pub risk: Vec<f64>,
    pub median: f64,
    pub mean: f64,
    pub moves: Vec<EumMove>,
}

/// A complete run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EumRun {
    pub options: EumOptions,
    pub rounds: Vec<EumRound>,
    /// True when a round passed with no move, so later rounds would repeat it.
    pub settled: bool,
}

impl EumRun {
    /// The forecast: the median of the last round.
    pub fn outcome(&self) -> f64 {
        self.rounds.last().map_or(f64::NAN, |r| r.median)
    }
}

struct Model<'a> {
    c: &'a [f64],
    s: &'a [f64],
    x: Vec<f64>,
    r: Vec<f64>,
    range: f64,
    options: EumOptions,
    /// The all-triples denominator for the current positions and risk exponents.
    all_triples: f64,
}

impl Model<'_> {
    /// Actor k's vote for x_j over x_k2 (positive: prefers x_j), with k's risk exponent.
    fn compare(&self, k: usize, xj: f64, xk: f64) -> f64 {
        let r = self.r[k];
        let dk = ((self.x[k] - xk).abs() / self.range).powf(r);
        let dj = ((self.x[k] - xj).abs() / self.range).powf(r);
        self.c[k] * self.s[k] * (dk - dj)
    }

    fn refresh_denominator(&mut self) {
        if self.options.denominator == Denominator::AllTriples {
            let n = self.x.len();
            let mut total = 0.0;
            for k in 0..n {
                for a in 0..n {
                    for b in 0..n {
                        total += self.compare(k, self.x[a], self.x[b]).abs();
                    }
                }
            }
            self.all_triples = total;
        }
    }

    fn probability(&self, i: usize, j: usize) -> f64 {
        let (xi, xj) = (self.x[i], self.x[j]);
        if xi == xj {
            return 0.0;
        }
        let n = self.x.len();
        let numerator: f64 = (0..n).map(|k| self.compare(k, xi, xj).max(0.0)).sum();
        let denominator = match self.options.denominator {
            Denominator::AllTriples => self.all_triples,
            Denominator::Pairwise => (0..n).map(|k| self.compare(k, xi, xj).abs()).sum(),
        };
        if denominator > 0.0 {
            numerator / denominator
        } else {
            0.0
        }
    }

    /// Expected utility to i of challenging j, seen from h (h's risk exponent).
    fn expected_utility(&self, h: usize, i: usize, j: usize, median: f64) -> f64 {
        let r = self.r[h];
        let p = self.probability(i, j);
        let d = (self.x[i] - self.x[j]).abs() / self.range;
        let success = 2.0 - 4.0 * (0.5 - 0.5 * d).powf(r);
        let failure = 2.0 - 4.0 * (0.5 + 0.5 * d).powf(r);
        let status_quo = 2.0 - 4.0 * 0.5f64.powf(r);
        let sj = self.s[j];
        let mut eu = sj * (p * success + (1.0 - p) * failure) + (1.0 - sj) * success
            - self.options.q * status_quo;
        if self.options.q < 1.0 {
            // Eq. 25's no-challenge branch: things get better (T = 1) when i is
            // closer to the median than to j, worse otherwise.
            let spread = ((self.x[i] - median).abs() + (self.x[i] - self.x[j]).abs()) / self.range;
            let better = 2.0 - 4.0 * (0.5 - 0.25 * spread).max(0.0).powf(r);
            let worse = 2.0 - 4.0 * (0.5 + 0.25 * spread).powf(r);
            let t = if (self.x[i] - median).abs() < (self.x[i] - self.x[j]).abs() {
                1.0
            } else {
                0.0
            };
            eu -= (1.0 - self.options.q) * (t * better + (1.0 - t) * worse);
        }
        eu
    }

    fn median(&self) -> f64 {
        let weights: Vec<f64> = self.c.iter().zip(self.s).map(|(c, s)| c * s).collect();
        crate::compromise::weighted_median(&self.x, &weights).unwrap_or(f64::NAN)
    }

    fn mean(&self) -> f64 {
        let weights: Vec<f64> = self.c.iter().zip(self.s).map(|(c, s)| c * s).collect();
        crate::compromise::weighted_mean(&self.x, &weights).unwrap_or(f64::NAN)
    }

    fn update_risk(&mut self, median: f64) {
        let n = self.x.len();
        self.r = vec![1.0; n];
        self.refresh_denominator();
        let danger: Vec<f64> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&o| o != a)
                    .map(|o| self.expected_utility(a, o, a, median))
                    .sum()
            })
            .collect();
        let (lo, hi) = crate::compromise::min_max(&danger);
        self.r = danger
            .iter()
            .map(|&d| {
                // Equal danger everywhere leaves nothing to compare: risk neutral.
                let big_r = if hi > lo {
                    (2.0 * d - hi - lo) / (hi - lo)
                } else {
                    0.0
                };
                (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
            })
            .collect();
        self.refresh_denominator();
    }

    fn best_offer(&self, i: usize, median: f64) -> Option<EumMove> {
        let n = self.x.len();
        let xi = self.x[i];
        let mut confrontation: Option<(f64, usize)> = None;
        let mut compromise: Option<(f64, f64, usize)> = None; // (key, position, j)
        let mut capitulation: Option<(f64, usize)> = None;
        let nearer = |best: &Option<(f64, usize)>, to: f64| {
            best.is_none_or(|(p, _)| (xi - to).abs() < (xi - p).abs())
        };
        for j in 0..n {
            let xj = self.x[j];
            if j == i || xj == xi {
                continue;
            }
            let eij = self.expected_utility(i, i, j, median);
            let eji = self.expected_utility(i, j, i, median);
            if eji > eij && eij > 0.0 {
                if nearer(&confrontation, xj) {
                    confrontation = Some((xj, j));
                }
            } else if eji > 0.0 && 0.0 > eij && eji > eij.abs() {
                let position = xi + (xj - xi) * (eij / eji).abs();
                let key = match self.options.compromise_choice {
                    CompromiseChoice::ScholzCode => {
                        (eij.abs() * xi + eji.abs() * xj) / (eij.abs() + eji.abs())
                    }
                    CompromiseChoice::Nearest => (xi - position).abs(),
                };
                if compromise.is_none_or(|(k, _, _)| key < k) {
                    compromise = Some((key, position, j));
                }
            } else if self.options.capitulation
                && eji > 0.0
                && 0.0 > eij
                && eji < eij.abs()
                && nearer(&capitulation, xj)
            {
                capitulation = Some((xj, j));
            }
        }
        let (to, with, kind) = if let Some((to, j)) = confrontation {
            (to, j, OfferKind::Confrontation)
        } else if let Some((_, to, j)) = compromise {
            (to, j, OfferKind::Compromise)
        } else if let Some((to, j)) = capitulation {
            (to, j, OfferKind::Capitulation)
        } else {
            return None;
        };
        Some(EumMove {
            actor: i,
            with,
            kind,
            from: xi,
            to,
        })
    }
}

/// Runs the model on one dimension. `capability`, `salience` (0–1) and
/// `position` have one entry per actor and the same length.
pub fn run(capability: &[f64], salience: &[f64], position: &[f64], options: EumOptions) -> EumRun {
    let n = position.len();
    let (lo, hi) = crate::compromise::min_max(position);
    let mut model = Model {
        c: capability,
        s: salience,
        x: position.to_vec(),
        r: vec![1.0; n],
        range: hi - lo,
        options,
        all_triples: 0.0,
    };
    let mut rounds = vec![EumRound {
        round: 0,
        positions: model.x.clone(),
        risk: model.r.clone(),
        median: model.median(),
        mean: model.mean(),
        moves: Vec::new(),
    }];
    // Everyone already agrees (or there is at most one actor): nothing to bargain.
    if model.range.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) || n < 2 {
        return EumRun {
            options,
            rounds,
            settled: true,
        };
    }
    let mut settled = false;
    for round in 1..=options.rounds {
        let median = model.median();
        model.update_risk(median);
        let moves: Vec<EumMove> = (0..n).filter_map(|i| model.best_offer(i, median)).collect();
        for m in &moves {
            model.x[m.actor] = m.to;
        }
        let moved = moves.iter().any(|m| m.to != m.from);
        rounds.push(EumRound {
            round,
            positions: model.x.clone(),
            risk: model.r.clone(),
            median: model.median(),
            mean: model.mean(),
            moves,
        });
        if !moved {
            settled = true;
            break;
        }
    }
    EumRun {
        options,
        rounds,
        settled,
    }
}
