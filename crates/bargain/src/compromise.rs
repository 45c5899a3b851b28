//! The compromise model: the capability × salience weighted mean of the
//! actors' positions, and the weighted median.
//!
//! This is the benchmark every bargaining model must beat (on the DEU III
//! data it misses by about 23 points on a 0–100 scale). It is a one-shot
//! formula: it has no rounds, no strategic moves and no notion of blocking;
//! the decision procedure is applied to its outcome separately.

/// The weighted mean Σ wᵢxᵢ / Σ wᵢ. With all weights zero (nobody cares) the
/// plain mean is returned, so the result always lies within the positions.
/// Returns `None` for an empty input.
pub fn weighted_mean(positions: &[f64], weights: &[f64]) -> Option<f64> {
    if positions.is_empty() || positions.len() != weights.len() {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        let sum: f64 = positions.iter().zip(weights).map(|(x, w)| x * w).sum();
        // Rounding can push the quotient a hair outside the positions; clamp
        // so the mean is never outside [min, max].
        let (lo, hi) = min_max(positions);
        Some((sum / total).clamp(lo, hi))
    } else {
        Some(positions.iter().sum::<f64>() / positions.len() as f64)
    }
}

/// The weighted median: the smallest position at which the cumulative weight
/// (positions sorted ascending) reaches half the total weight. It minimises
/// Σ wᵢ|xᵢ − m| over the actors' positions, so it is the position that beats
/// every other held position in a capability × salience weighted pairwise
/// vote; when two positions tie, the lower one is returned. With all weights
/// zero every actor counts equally. Returns `None` for an empty input.
pub fn weighted_median(positions: &[f64], weights: &[f64]) -> Option<f64> {
    if positions.is_empty() || positions.len() != weights.len() {
        return None;
    }
    let mut pairs: Vec<(f64, f64)> = positions
        .iter()
        .copied()
        .zip(weights.iter().copied())
        .collect();
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        for pair in &mut pairs {
            pair.1 = 1.0;
        }
    }
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = 0.5 * total;
    let mut cumulative = 0.0;
    for &(x, w) in &pairs {
        cumulative += w;
        // A relative tolerance keeps an exact half (e.g. 0.5 + 0.5) from being
        // missed through rounding.
        if cumulative >= half * (1.0 - 1e-12) {
            return Some(x);
        }
    }
    pairs.last().map(|p| p.0)
}

pub(crate) fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_equal_weights_is_plain_mean() {
        assert_eq!(weighted_mean(&[0.0, 10.0], &[1.0, 1.0]), Some(5.0));
    }

    #[test]
    fn median_takes_the_lower_of_a_tie() {
        assert_eq!(weighted_median(&[0.0, 10.0], &[1.0, 1.0]), Some(0.0));
        assert_eq!(
            weighted_median(&[0.0, 10.0, 20.0], &[1.0, 1.0, 3.0]),
            Some(20.0)
        );
    }
}
