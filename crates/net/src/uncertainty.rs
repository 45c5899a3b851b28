//! Parameter uncertainty: CPT entries known only to lie in intervals.
//!
//! Sampling scheme, one CPT row at a time: draw each entry uniformly inside
//! its interval, then restore a total of 1 by moving the excess (or the
//! shortfall) onto the entries in proportion to how far each can move —
//! towards its lower bound when the draw sums above 1, towards its upper
//! bound when below. Plain proportional rescaling could push an entry outside
//! the interval the analyst stated; this adjustment never does, and a row
//! whose draw already sums to 1 is left unchanged. Rows without intervals
//! keep their point values.
//!
//! Each of the N networks draws from its own xoshiro256** stream seeded by
//! splitmix64 from (seed, sample index), so results depend on the seed and N
//! only, not on the number of threads. The method (junction tree or pruned
//! elimination, see [`crate::relevance`]) is planned once for all samples.
//! Samples run in parallel (rayon), each thread reusing one calibration
//! workspace when the tree is used.

use rayon::prelude::*;

use crate::error::NetError;
use crate::evidence::{Evidence, surgery};
use crate::jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, Mode, Workspace};
use crate::network::{Interval, Network};
use crate::relevance::{self, Method};

/// splitmix64: seeds the generators and spreads nearby seeds apart.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256**, a small, fast generator with a 256-bit state.
#[derive(Debug, Clone)]
pub struct Xoshiro256 {
    state: [u64; 4],
}

impl Xoshiro256 {
    pub fn seed_from(seed: u64) -> Self {
        let mut sm = SplitMix64(seed);
        Self {
            state: [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()],
        }
    }

    /// The generator for sample `index` of a run with `seed`.
    pub fn for_sample(seed: u64, index: u64) -> Self {
        let mut sm = SplitMix64(seed);
        let base = sm.next_u64();
        Self::seed_from(base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Moves a row's total to 1 within the intervals (see the module docs).
fn adjust_to_one(row: &mut [f64], bounds: &[Interval]) {
    let sum: f64 = row.iter().sum();
    if sum > 1.0 {
        let room: f64 = row.iter().zip(bounds).map(|(x, b)| x - b.low).sum();
        if room > 0.0 {
            let share = ((sum - 1.0) / room).min(1.0);
            for (x, b) in row.iter_mut().zip(bounds) {
                *x -= (*x - b.low) * share;
            }
        }
    } else if sum < 1.0 {
        let room: f64 = row.iter().zip(bounds).map(|(x, b)| b.high - x).sum();
        if room > 0.0 {
            let share = ((1.0 - sum) / room).min(1.0);
            for (x, b) in row.iter_mut().zip(bounds) {
                *x += (b.high - *x) * share;
            }
        }
    }
}

/// The point values used for a row given by intervals only: the midpoints,
/// brought to total 1 by the same adjustment as the samples.
pub fn representative_row(bounds: &[Interval]) -> Vec<f64> {
    let mut row: Vec<f64> = bounds.iter().map(|b| 0.5 * (b.low + b.high)).collect();
    adjust_to_one(&mut row, bounds);
    row
}

/// One sampled set of CPTs.
pub fn sample_cpts(network: &Network, rng: &mut Xoshiro256) -> Vec<Vec<f64>> {
    let mut cpts = network.cpts().to_vec();
    resample(network, rng, &mut cpts);
    cpts
}

/// Draws new values for every CPT row with intervals, in place (`cpts`
/// starts as the network's point values; rows without intervals are never
/// touched). Consumes the generator exactly as [`sample_cpts`] does.
fn resample(network: &Network, rng: &mut Xoshiro256, cpts: &mut [Vec<f64>]) {
    for (v, cpt) in cpts.iter_mut().enumerate() {
        if let Some(bounds) = network.intervals(v) {
            let card = network.cardinality(v);
            for (row, row_bounds) in cpt.chunks_exact_mut(card).zip(bounds.chunks_exact(card)) {
                for (x, b) in row.iter_mut().zip(row_bounds) {
                    *x = b.low + (b.high - b.low) * rng.next_f64();
                }
                adjust_to_one(row, row_bounds);
            }
        }
    }
}

/// Summary of one posterior probability over the sampled networks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub mean: f64,
    /// 5th percentile (linear interpolation between order statistics).
    pub p05: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Posterior marginals under parameter uncertainty.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainPosterior {
    /// The variables summarised, as asked.
    pub targets: Vec<usize>,
    /// For each target, one [`Spread`] per state.
    pub spreads: Vec<Vec<Spread>>,
    /// Samples drawn.
    pub samples: usize,
    /// Samples in which the evidence had probability zero; they are left out
    /// of the summaries.
    pub zero_evidence_samples: usize,
    /// How every sample was answered (planned once for all of them).
    pub method: Method,
}

/// Like [`quantile`] of the sorted values, by selection (reorders `values`).
fn quantile_unsorted(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let h = (values.len() - 1) as f64 * q;
    let low = h.floor() as usize;
    let (_, &mut at_low, above) = values.select_nth_unstable_by(low, f64::total_cmp);
    // Everything after the selected entry is at least as large: the next
    // order statistic is their minimum.
    let at_high = if h.ceil() as usize > low {
        above
            .iter()
            .copied()
            .min_by(f64::total_cmp)
            .unwrap_or(at_low)
    } else {
        at_low
    };
    at_low + (h - low as f64) * (at_high - at_low)
}

#[cfg(test)]
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let low = h.floor() as usize;
    let high = h.ceil() as usize;
    sorted[low] + (h - low as f64) * (sorted[high.min(sorted.len() - 1)] - sorted[low])
}

/// One sum-mode calibration of the whole tree with these CPT values.
fn calibrate_into(
    network: &Network,
    tree: &JunctionTree,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    workspace: &mut Workspace,
) -> Result<(), NetError> {
    let effective = surgery(network, cpts, evidence);
    tree.load(&effective, evidence.hard(), evidence.soft(), workspace);
    tree.collect(workspace, Mode::Sum)?;
    tree.distribute(workspace);
    Ok(())
}

/// The most probabilities [`sample_posteriors`] keeps at once (samples times
/// the targets' states, each with a few words of bookkeeping): about 1 GiB.
/// A request past it is refused up front, before any sampling, rather than
/// running out of memory part way.
pub const MAX_SAMPLED_VALUES: usize = 1 << 27;

/// Per sample, in f64 words, beside its probabilities: the vector that holds
/// them and its allocation.
const PER_SAMPLE_WORDS: usize = 6;

/// The most samples [`sample_posteriors`] takes for targets with `states`
/// states together (see [`MAX_SAMPLED_VALUES`]).
pub fn max_samples(states: usize) -> usize {
    MAX_SAMPLED_VALUES / (states + PER_SAMPLE_WORDS)
}

/// Samples `samples` networks from the CPT intervals, computes the targets'
/// posteriors in each, and summarises them. Refuses more than
/// [`max_samples`] samples for these targets.
pub fn sample_posteriors(
    network: &Network,
    evidence: &Evidence,
    targets: &[usize],
    samples: usize,
    seed: u64,
) -> Result<UncertainPosterior, NetError> {
    sample_posteriors_until(network, evidence, targets, samples, seed, &|| false)
}

/// Like [`sample_posteriors`], asking `stop` before each sample (a caller may
/// count the calls to show progress): once it says yes, the samples not yet
/// begun are skipped and the result is [`NetError::Stopped`].
pub fn sample_posteriors_until(
    network: &Network,
    evidence: &Evidence,
    targets: &[usize],
    samples: usize,
    seed: u64,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<UncertainPosterior, NetError> {
    if samples == 0 {
        return Err(NetError::InvalidArgument(
            "at least one sample is needed".to_owned(),
        ));
    }
    if let Some(&bad) = targets.iter().find(|&&t| t >= network.len()) {
        return Err(NetError::InvalidArgument(format!(
            "variable index {bad} out of range"
        )));
    }
    let states: usize = targets.iter().map(|&t| network.cardinality(t)).sum();
    let limit = max_samples(states);
    if samples > limit {
        return Err(NetError::InvalidArgument(format!(
            "{samples} samples is too many: every sample keeps {states} probabilities \
             (the targets' states) until the percentiles are taken, and at most {limit} \
             samples fit the {} MiB this allows (fewer targets allow more samples)",
            (MAX_SAMPLED_VALUES * 8) >> 20
        )));
    }
    let parents: Vec<Vec<usize>> = (0..network.len())
        .map(|v| network.parents(v).to_vec())
        .collect();
    let tree = JunctionTree::compile(&network.cardinalities(), &parents, DEFAULT_MAX_ENTRIES)?;
    // One plan for every sample: the structure and the evidence are fixed.
    let entries = tree.stats().total_clique_entries as f64;
    let cost = relevance::tree_cost(entries, network.len(), true);
    let planned = relevance::plan(
        network,
        evidence,
        targets,
        &mut |_| relevance::TreeEstimate {
            entries,
            cost,
            complete: true,
        },
        cost,
        None,
    )?;
    let by_tree = planned.plan.method == Method::JunctionTree;
    // Each sample's target marginals, flat: target after target, state
    // after state.
    let offsets: Vec<usize> = targets
        .iter()
        .scan(0, |at, &t| {
            let start = *at;
            *at += network.cardinality(t);
            Some(start)
        })
        .collect();
    let results: Vec<Result<Option<Vec<f64>>, NetError>> = (0..samples)
        .into_par_iter()
        .map_init(
            || (by_tree.then(|| tree.workspace()), network.cpts().to_vec()),
            |(workspace, cpts), index| {
                if stop() {
                    return Err(NetError::Stopped);
                }
                let mut rng = Xoshiro256::for_sample(seed, index as u64);
                resample(network, &mut rng, cpts);
                let mut flat = vec![0.0; states];
                let answered = match workspace {
                    Some(workspace) => calibrate_into(network, &tree, cpts, evidence, workspace)
                        .map(|()| {
                            for (&t, &at) in targets.iter().zip(&offsets) {
                                let out = &mut flat[at..at + network.cardinality(t)];
                                tree.marginal_into(workspace, t, out);
                            }
                        }),
                    None => {
                        let answer = match (planned.plan.method, &planned.forward) {
                            (Method::RelevantTrees, _) => relevance::calibrate_subtrees(
                                network,
                                cpts,
                                evidence,
                                &planned.subtrees,
                            ),
                            (Method::Forward, Some(forward)) => {
                                relevance::propagate_forward(network, cpts, evidence, forward)
                            }
                            _ => relevance::eliminate(network, cpts, evidence, &planned.orders),
                        };
                        answer.map(|e| {
                            for (&t, &at) in targets.iter().zip(&offsets) {
                                flat[at..at + network.cardinality(t)]
                                    .copy_from_slice(&e.marginals[t]);
                            }
                        })
                    }
                };
                match answered {
                    Ok(()) => Ok(Some(flat)),
                    Err(NetError::ZeroProbabilityEvidence) => Ok(None),
                    Err(other) => Err(other),
                }
            },
        )
        .collect();
    let mut kept = Vec::with_capacity(samples);
    let mut zero = 0;
    for result in results {
        match result? {
            Some(marginals) => kept.push(marginals),
            None => zero += 1,
        }
    }
    if kept.is_empty() {
        return Err(NetError::ZeroProbabilityEvidence);
    }
    let mut values: Vec<f64> = Vec::with_capacity(kept.len());
    let spreads = targets
        .iter()
        .zip(&offsets)
        .map(|(&target, &at)| {
            (0..network.cardinality(target))
                .map(|state| {
                    values.clear();
                    values.extend(kept.iter().map(|m| m[at + state]));
                    let mean = values.iter().sum::<f64>() / values.len() as f64;
                    Spread {
                        mean,
                        p05: quantile_unsorted(&mut values, 0.05),
                        p95: quantile_unsorted(&mut values, 0.95),
                    }
                })
                .collect()
        })
        .collect();
    Ok(UncertainPosterior {
        targets: targets.to_vec(),
        spreads,
        samples,
        zero_evidence_samples: zero,
        method: planned.plan.method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_gives_the_sorted_quantiles() {
        let mut rng = Xoshiro256::seed_from(7);
        for len in [1, 2, 3, 10, 101, 1000] {
            let values: Vec<f64> = (0..len).map(|_| rng.next_f64()).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
                let mut scratch = values.clone();
                assert_eq!(quantile_unsorted(&mut scratch, q), quantile(&sorted, q));
            }
        }
    }
}
