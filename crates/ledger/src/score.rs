//! Proper scoring rules for probability forecasts, and calibration.
//!
//! This is the ledger's engine: pure functions over probability vectors and outcomes. It
//! reads no files, prints nothing and never looks at the clock; days are plain integers
//! (ordinals) passed in by the caller. A backtest scores its own forecasts by building
//! [`Item`]s and calling [`summarise`] and [`calibration`]; the ledger's score card
//! ([`crate::scorecard`]) does the same with the forecasts it has stored.
//!
//! Conventions (see `docs/ledger.md` for the formulas):
//! - **Brier** ([`brier`]): Brier's original multi-category form, the sum over options
//!   of (p − o)², in [0, 2]; lower is better. [`binary_brier`] is the one-number form
//!   (p − o)² for a yes/no event, in [0, 1]; for a two-option question it is half of
//!   [`brier`].
//! - **Log score** ([`log_score`]): the natural log of the probability given to the
//!   outcome, clamped below at [`LOG_FLOOR`]; it is ≤ 0 and *higher is better* (0 for a
//!   certain, correct forecast).
//! - **Ranked probability score** ([`ranked_probability_score`]): for ordered bins, the
//!   squared distance between cumulative forecast and cumulative outcome, averaged over
//!   the K − 1 thresholds, in [0, 1]; lower is better. With two bins it equals
//!   [`binary_brier`], which is half of [`brier`].
//! - **Time-averaged** ([`time_averaged`]): a forecast stands until the forecaster
//!   updates it; every day from the forecaster's first forecast through the day of
//!   resolution (both included) is scored with the forecast standing that day, and the
//!   scores are averaged. Days before the first forecast are left out.
//!
//! What it does not do: decide which forecasts are scored (annulled or conditional
//! questions are the caller's business) or turn words into numbers.

use serde::Serialize;

/// Probabilities below this are raised to it before taking the log, so a confident
/// wrong forecast costs ln(1e-15) ≈ −34.5 rather than −∞.
pub const LOG_FLOOR: f64 = 1e-15;

/// How far from 1 a probability vector's sum may be.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// Why a probability vector and outcome cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("a forecast needs at least two options, got {0}")]
    TooFewOptions(usize),
    #[error("probability {value} of option {index} is not in [0, 1]")]
    OutOfRange { index: usize, value: f64 },
    #[error("probabilities sum to {0}, not 1 (within 1e-9)")]
    NotNormalised(f64),
    #[error("outcome {outcome} is not one of the {options} options")]
    OutcomeOutOfRange { outcome: usize, options: usize },
}

/// A forecast (a probability per option, in the question's order) and the index of the
/// option that occurred, checked: at least two options, each probability in [0, 1], the
/// sum 1 within [`SUM_TOLERANCE`], the outcome one of the options.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    probabilities: Vec<f64>,
    outcome: usize,
}

impl Item {
    pub fn new(probabilities: Vec<f64>, outcome: usize) -> Result<Item, ScoreError> {
        if probabilities.len() < 2 {
            return Err(ScoreError::TooFewOptions(probabilities.len()));
        }
        for (index, &value) in probabilities.iter().enumerate() {
            if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
                return Err(ScoreError::OutOfRange { index, value });
            }
        }
        let sum: f64 = probabilities.iter().sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(ScoreError::NotNormalised(sum));
        }
        if outcome >= probabilities.len() {
            return Err(ScoreError::OutcomeOutOfRange {
                outcome,
                options: probabilities.len(),
            });
        }
        Ok(Item {
            probabilities,
            outcome,
        })
    }

    pub fn probabilities(&self) -> &[f64] {
        &self.probabilities
    }

    pub fn outcome(&self) -> usize {
        self.outcome
    }

    /// The probability the forecast gave to what happened.
    pub fn probability_of_outcome(&self) -> f64 {
        self.probabilities[self.outcome]
    }
}

/// Brier's multi-category score: Σᵢ (pᵢ − oᵢ)², where oᵢ is 1 for the outcome and 0
/// otherwise. In [0, 2]; 0 for a certain, correct forecast.
pub fn brier(item: &Item) -> f64 {
    item.probabilities
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let o = if i == item.outcome { 1.0 } else { 0.0 };
            (p - o) * (p - o)
        })
        .sum()
}

/// The binary Brier score of one event: (p − o)², with o = 1 if it happened. In [0, 1].
pub fn binary_brier(probability: f64, happened: bool) -> f64 {
    let o = if happened { 1.0 } else { 0.0 };
    (probability - o) * (probability - o)
}

/// The log score: ln max(p_outcome, [`LOG_FLOOR`]). ≤ 0; higher is better.
pub fn log_score(item: &Item) -> f64 {
    item.probability_of_outcome().max(LOG_FLOOR).ln()
}

/// The ranked probability score for ordered options:
/// (1 / (K − 1)) Σₖ₌₁^{K−1} (Pₖ − Oₖ)², with Pₖ and Oₖ the cumulative forecast and
/// outcome over the first k options. In [0, 1]; for K = 2 it equals the binary Brier
/// score of the first option.
pub fn ranked_probability_score(item: &Item) -> f64 {
    let k = item.probabilities.len();
    let mut cumulative_forecast = 0.0;
    let mut total = 0.0;
    for (i, &p) in item.probabilities.iter().take(k - 1).enumerate() {
        cumulative_forecast += p;
        let cumulative_outcome = if item.outcome <= i { 1.0 } else { 0.0 };
        total += (cumulative_forecast - cumulative_outcome).powi(2);
    }
    total / (k - 1) as f64
}

/// Mean scores over a list of items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub count: usize,
    /// Mean multi-category Brier score, in [0, 2].
    pub brier: f64,
    /// Mean log score (≤ 0, higher is better).
    pub log: f64,
    /// Mean ranked probability score, when the options are ordered.
    pub ranked_probability: Option<f64>,
}

/// Scores a list of (forecast, outcome) items: the entry point for a backtest. `ordered`
/// says whether the options are ordered bins (then the RPS is reported too). `None` for
/// an empty list.
pub fn summarise(items: &[Item], ordered: bool) -> Option<Summary> {
    if items.is_empty() {
        return None;
    }
    let n = items.len() as f64;
    let mean = |rule: fn(&Item) -> f64| items.iter().map(rule).sum::<f64>() / n;
    Some(Summary {
        count: items.len(),
        brier: mean(brier),
        log: mean(log_score),
        ranked_probability: ordered.then(|| mean(ranked_probability_score)),
    })
}

/// A time-averaged score and the number of days it averages over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeAveraged {
    pub score: f64,
    pub days: i64,
}

/// Time-averages a scoring rule over the days a forecaster's forecasts stood.
///
/// `forecasts` are (day, item) pairs for one forecaster on one question, in the order
/// they were made; a forecast stands from its day until the day before the next one.
/// Every day from the first forecast's day through `resolution_day` (both included)
/// counts once. Of several forecasts on one day the last counts for that day. Forecasts
/// after `resolution_day` are ignored. `None` when no forecast was made by then.
pub fn time_averaged(
    forecasts: &[(i64, &Item)],
    resolution_day: i64,
    rule: fn(&Item) -> f64,
) -> Option<TimeAveraged> {
    let mut standing: Vec<(i64, &Item)> = forecasts
        .iter()
        .copied()
        .filter(|(day, _)| *day <= resolution_day)
        .collect();
    // A stable sort keeps the input order among forecasts of the same day.
    standing.sort_by_key(|(day, _)| *day);
    let mut total = 0.0;
    let mut days = 0;
    for (i, (day, item)) in standing.iter().enumerate() {
        let until = match standing.get(i + 1) {
            Some((next, _)) => *next,
            None => resolution_day + 1,
        };
        let span = until - day;
        if span > 0 {
            total += span as f64 * rule(item);
            days += span;
        }
    }
    (days > 0).then(|| TimeAveraged {
        score: total / days as f64,
        days,
    })
}

/// One binary event for calibration: a stated probability and whether it happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Event {
    pub probability: f64,
    pub happened: bool,
}

/// How forecasts are grouped for the calibration table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binning {
    /// `n` equal bins [i/n, (i+1)/n), the last one closed at 1.
    Equal(usize),
    /// One bin per distinct probability value: Murphy's decomposition is then exact.
    Distinct,
}

/// One row of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationBin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
    /// Mean forecast probability in the bin (p̄ₖ); `None` for an empty bin.
    pub mean_probability: Option<f64>,
    /// Share of the bin's events that happened (ōₖ); `None` for an empty bin.
    pub observed_frequency: Option<f64>,
}

/// The calibration table and the decomposition of the binary Brier score.
///
/// With N events, bins k of nₖ events, mean forecast p̄ₖ, observed frequency ōₖ and
/// base rate ō:
/// - reliability REL = (1/N) Σₖ nₖ (p̄ₖ − ōₖ)² (lower is better);
/// - resolution RES = (1/N) Σₖ nₖ (ōₖ − ō)² (higher is better);
/// - uncertainty UNC = ō (1 − ō);
/// - within-bin variance WBV = (1/N) Σₖ Σⱼ (pⱼ − p̄ₖ)²;
/// - within-bin covariance WBC = (2/N) Σₖ Σⱼ (oⱼ − ōₖ)(pⱼ − p̄ₖ).
///
/// Then Brier = REL − RES + UNC + WBV − WBC exactly (Stephenson, Coelho and Jolliffe,
/// 2008). When every bin holds a single forecast value the last two terms vanish and
/// this is Murphy's (1973) Brier = REL − RES + UNC.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub count: usize,
    pub bins: Vec<CalibrationBin>,
    /// Mean binary Brier score of the events.
    pub brier: f64,
    pub base_rate: f64,
    pub reliability: f64,
    pub resolution: f64,
    pub uncertainty: f64,
    pub within_bin_variance: f64,
    pub within_bin_covariance: f64,
}

impl Calibration {
    /// REL − RES + UNC + WBV − WBC: equal to [`Calibration::brier`] up to rounding.
    pub fn decomposed(&self) -> f64 {
        self.reliability - self.resolution + self.uncertainty + self.within_bin_variance
            - self.within_bin_covariance
    }
}

/// Builds the calibration table of binary events. `None` when there are no events or
/// `Binning::Equal(0)`.
pub fn calibration(events: &[Event], binning: Binning) -> Option<Calibration> {
    if events.is_empty() {
        return None;
    }
    // Group event indices into bins, each with its bounds.
    let mut groups: Vec<(f64, f64, Vec<&Event>)> = match binning {
        Binning::Equal(0) => return None,
        Binning::Equal(n) => {
            let mut groups: Vec<(f64, f64, Vec<&Event>)> = (0..n)
                .map(|i| (i as f64 / n as f64, (i + 1) as f64 / n as f64, Vec::new()))
                .collect();
            for event in events {
                let index = ((event.probability * n as f64).floor().max(0.0) as usize).min(n - 1);
                groups[index].2.push(event);
            }
            groups
        }
        Binning::Distinct => {
            let mut sorted: Vec<&Event> = events.iter().collect();
            sorted.sort_by(|a, b| a.probability.total_cmp(&b.probability));
            let mut groups: Vec<(f64, f64, Vec<&Event>)> = Vec::new();
            for event in sorted {
                match groups.last_mut() {
                    Some((low, _, members)) if *low == event.probability => members.push(event),
                    _ => groups.push((event.probability, event.probability, vec![event])),
                }
            }
            groups
        }
    };
    let n = events.len() as f64;
    let outcome = |e: &Event| if e.happened { 1.0 } else { 0.0 };
    let base_rate = events.iter().map(outcome).sum::<f64>() / n;
    let brier = events
        .iter()
        .map(|e| binary_brier(e.probability, e.happened))
        .sum::<f64>()
        / n;
    let (mut reliability, mut resolution, mut variance, mut covariance) = (0.0, 0.0, 0.0, 0.0);
    let mut bins = Vec::with_capacity(groups.len());
    for (low, high, members) in groups.drain(..) {
        if members.is_empty() {
            bins.push(CalibrationBin {
                low,
                high,
                count: 0,
                mean_probability: None,
                observed_frequency: None,
            });
            continue;
        }
        let count = members.len() as f64;
        let mean_p = members.iter().map(|e| e.probability).sum::<f64>() / count;
        let mean_o = members.iter().map(|e| outcome(e)).sum::<f64>() / count;
        reliability += count * (mean_p - mean_o).powi(2);
        resolution += count * (mean_o - base_rate).powi(2);
        for e in &members {
            variance += (e.probability - mean_p).powi(2);
            covariance += (outcome(e) - mean_o) * (e.probability - mean_p);
        }
        bins.push(CalibrationBin {
            low,
            high,
            count: members.len(),
            mean_probability: Some(mean_p),
            observed_frequency: Some(mean_o),
        });
    }
    Some(Calibration {
        count: events.len(),
        bins,
        brier,
        base_rate,
        reliability: reliability / n,
        resolution: resolution / n,
        uncertainty: base_rate * (1.0 - base_rate),
        within_bin_variance: variance / n,
        within_bin_covariance: 2.0 * covariance / n,
    })
}
