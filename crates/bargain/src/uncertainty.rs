//! Uncertainty: sample every range in a scenario N times with an explicit
//! seed, run the model on each sample, and summarise the outcomes (mean,
//! 5–95% interval, histogram) and how often each veto player blocks.
//!
//! Sample k always uses the random stream derived from (seed, k), and results
//! are collected in sample order, so the summary is identical for a given
//! seed and N whatever the number of threads. Ranges are sampled uniformly and
//! independently; correlations between actors are not modelled.

use rayon::prelude::*;

use crate::error::{BargainError, Location};
use crate::forecast::{ModelSpec, decision_for, outcome_only};
use crate::rng::Rng;
use crate::scenario::Scenario;

/// How to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Sampling {
    pub samples: usize,
    pub seed: u64,
    /// Histogram bins across each dimension's scale.
    pub bins: usize,
}

/// One histogram bin; `high` is inclusive for the last bin only.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
}

/// The outcome distribution on one dimension.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DimensionSummary {
    pub dimension: String,
    pub mean: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
    pub histogram: Vec<Bin>,
}

/// How often one veto player blocked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Blocking {
    pub actor: String,
    pub count: usize,
    pub share: f64,
}

/// The summary of a sampled run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutcomeDistribution {
    pub model: &'static str,
    pub samples: usize,
    pub seed: u64,
    /// Samples for which the model gave no forecast (e.g. no convergence).
    pub failed: usize,
    pub dimensions: Vec<DimensionSummary>,
    /// Share of successful samples in which the outcome was adopted, when a procedure is given.
    pub adoption_rate: Option<f64>,
    /// Veto players, in actor order, with how often each blocked.
    pub blocking: Vec<Blocking>,
}

/// Linear-interpolation quantile (Hyndman & Fan type 7) of sorted values.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

struct SampleResult {
    outcome: Vec<f64>,
    adopted: Option<bool>,
    blocked_by: Vec<usize>,
}

/// The most words (8 bytes each) [`simulate`] keeps for its samples until
/// they are summarised: about 1 GiB. A request past it is refused up front
/// rather than running out of memory part way.
pub const MAX_SAMPLED_WORDS: usize = 1 << 27;

/// Per sample, in words, beside one outcome per dimension and one possible
/// blocker per actor: the record and its two vectors' headers and
/// allocations.
const PER_SAMPLE_WORDS: usize = 12;

/// The most samples [`simulate`] takes for a scenario of this size (see
/// [`MAX_SAMPLED_WORDS`]).
pub fn max_samples(dimensions: usize, actors: usize) -> usize {
    MAX_SAMPLED_WORDS / (dimensions + actors + PER_SAMPLE_WORDS)
}

/// Sample counts from which sampling runs on the thread pool.
const PARALLEL_FROM_SAMPLES: usize = 1_000;

/// Samples the scenario and summarises the model's outcomes.
pub fn simulate(
    scenario: &Scenario,
    spec: &ModelSpec,
    sampling: Sampling,
) -> Result<OutcomeDistribution, BargainError> {
    simulate_until(scenario, spec, sampling, &|| false)
}

/// Like [`simulate`], asking `stop` before each sample: once it says yes, the
/// samples not yet begun are skipped and the run ends with
/// [`BargainError::Stopped`] (a server uses this to give up a request past its
/// time limit instead of computing an answer no one will read).
pub fn simulate_until(
    scenario: &Scenario,
    spec: &ModelSpec,
    sampling: Sampling,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<OutcomeDistribution, BargainError> {
    scenario.validate()?;
    if sampling.samples == 0 {
        return Err(BargainError::at(
            Location::Field("samples".into()),
            "the number of samples must be at least 1",
        ));
    }
    let limit = max_samples(scenario.dimensions.len(), scenario.actors.len());
    if sampling.samples > limit {
        return Err(BargainError::at(
            Location::Field("samples".into()),
            format!(
                "{} samples is too many: each keeps its outcome and blockers until the \
                 summary, and at most {limit} samples of this scenario fit the {} MiB \
                 this allows",
                sampling.samples,
                (MAX_SAMPLED_WORDS * 8) >> 20
            ),
        ));
    }
    let bins = sampling.bins.max(1);
    let one = |index: usize| -> Result<SampleResult, BargainError> {
        if stop() {
            return Err(BargainError::Stopped);
        }
        let mut rng = Rng::for_stream(sampling.seed, index as u64);
        let point = scenario.sample(&mut rng);
        let outcome = outcome_only(scenario, &point, spec)?;
        let decision = decision_for(scenario, &point, &outcome);
        Ok(SampleResult {
            adopted: decision.as_ref().map(|d| d.adopted),
            blocked_by: decision.map(|d| d.blocked_by).unwrap_or_default(),
            outcome,
        })
    };
    // Each sample draws from its own stream, so the order of work does not change the
    // answer. A few hundred samples take well under a millisecond: handing them to the
    // thread pool would cost more than it saves, and under concurrent requests (the
    // server) it queues them behind each other.
    let results: Vec<Result<SampleResult, BargainError>> =
        if sampling.samples < PARALLEL_FROM_SAMPLES {
            (0..sampling.samples).map(one).collect()
        } else {
            (0..sampling.samples).into_par_iter().map(one).collect()
        };
    let mut ok = Vec::with_capacity(results.len());
    let mut failed = 0;
    let mut first_input_error = None;
    for result in results {
        match result {
            Ok(r) => ok.push(r),
            Err(BargainError::Stopped) => return Err(BargainError::Stopped),
            Err(e @ BargainError::InvalidInput(_)) => {
                failed += 1;
                first_input_error.get_or_insert(e);
            }
            Err(_) => failed += 1,
        }
    }
    if ok.is_empty() {
        // Every sample failed: report why rather than an empty summary.
        return Err(first_input_error.unwrap_or(BargainError::Numerical(format!(
            "none of the {} samples gave a forecast",
            sampling.samples
        ))));
    }
    let dimensions = scenario
        .dimensions
        .iter()
        .enumerate()
        .map(|(k, dim)| {
            let mut values: Vec<f64> = ok.iter().map(|r| r.outcome[k]).collect();
            values.sort_by(f64::total_cmp);
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let width = dim.scale.width() / bins as f64;
            let mut histogram: Vec<Bin> = (0..bins)
                .map(|b| Bin {
                    low: dim.scale.min + b as f64 * width,
                    high: dim.scale.min + (b + 1) as f64 * width,
                    count: 0,
                })
                .collect();
            for &v in &values {
                let b = (((v - dim.scale.min) / width).floor().max(0.0) as usize).min(bins - 1);
                histogram[b].count += 1;
            }
            DimensionSummary {
                dimension: dim.name.clone(),
                mean,
                p05: quantile(&values, 0.05),
                p50: quantile(&values, 0.50),
                p95: quantile(&values, 0.95),
                histogram,
            }
        })
        .collect();
    let decided = ok.iter().filter(|r| r.adopted.is_some()).count();
    let adoption_rate = (decided > 0)
        .then(|| ok.iter().filter(|r| r.adopted == Some(true)).count() as f64 / decided as f64);
    let blocking = scenario
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.veto && scenario.procedure.is_some())
        .map(|(i, a)| {
            let count = ok.iter().filter(|r| r.blocked_by.contains(&i)).count();
            Blocking {
                actor: a.name.clone(),
                count,
                share: count as f64 / ok.len() as f64,
            }
        })
        .collect();
    Ok(OutcomeDistribution {
        model: spec.name(),
        samples: sampling.samples,
        seed: sampling.seed,
        failed,
        dimensions,
        adoption_rate,
        blocking,
    })
}
