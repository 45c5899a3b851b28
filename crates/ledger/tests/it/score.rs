//! The scoring rules against hand-computed values, and their laws.

use proptest::prelude::*;
use statecraft_ledger::score::{
    self, Binning, Event, Item, LOG_FLOOR, ScoreError, binary_brier, brier, calibration, log_score,
    ranked_probability_score, summarise, time_averaged,
};

fn item(p: &[f64], outcome: usize) -> Item {
    Item::new(p.to_vec(), outcome).expect("a valid item")
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn brier_by_hand() {
    // [0.7, 0.3], outcome 0: (0.7 − 1)² + (0.3 − 0)² = 0.09 + 0.09 = 0.18.
    close(brier(&item(&[0.7, 0.3], 0)), 0.18);
    // Outcome 1: (0.7 − 0)² + (0.3 − 1)² = 0.49 + 0.49 = 0.98.
    close(brier(&item(&[0.7, 0.3], 1)), 0.98);
    // [0.2, 0.5, 0.3], outcome 1: 0.04 + 0.25 + 0.09 = 0.38.
    close(brier(&item(&[0.2, 0.5, 0.3], 1)), 0.38);
    // A certain, wrong forecast: (1 − 0)² + (0 − 1)² = 2, the maximum.
    close(brier(&item(&[1.0, 0.0], 1)), 2.0);
    // Binary form: (0.7 − 1)² = 0.09, half the multi-category score.
    close(binary_brier(0.7, true), 0.09);
    close(binary_brier(0.7, false), 0.49);
}

#[test]
fn log_score_by_hand() {
    // ln 0.5 = −0.693147180559945…
    close(
        log_score(&item(&[0.2, 0.5, 0.3], 1)),
        -std::f64::consts::LN_2,
    );
    // ln 0.8 = −0.22314355131420976.
    close(log_score(&item(&[0.8, 0.2], 0)), -0.223_143_551_314_209_76);
    // Zero on the outcome is clamped: ln 1e-15 = −15 ln 10 = −34.538776394910684.
    close(log_score(&item(&[1.0, 0.0], 1)), -34.538_776_394_910_684);
    close(log_score(&item(&[1.0, 0.0], 0)), 0.0);
}

#[test]
fn ranked_probability_score_by_hand() {
    // [0.2, 0.5, 0.3], outcome 2: cumulative forecast 0.2, 0.7; cumulative outcome 0, 0.
    // (0.2² + 0.7²) / 2 = (0.04 + 0.49) / 2 = 0.265.
    close(ranked_probability_score(&item(&[0.2, 0.5, 0.3], 2)), 0.265);
    // Outcome 0: cumulative outcome 1, 1: (0.8² + 0.3²) / 2 = (0.64 + 0.09) / 2 = 0.365.
    close(ranked_probability_score(&item(&[0.2, 0.5, 0.3], 0)), 0.365);
    // Outcome 1: cumulative outcome 0, 1: (0.2² + 0.3²) / 2 = (0.04 + 0.09) / 2 = 0.065.
    close(ranked_probability_score(&item(&[0.2, 0.5, 0.3], 1)), 0.065);
    // Distance matters: all mass one bin off costs less than two bins off.
    // [0, 1, 0] with outcome 0: ((0 − 1)² + (1 − 1)²) / 2 = 0.5;
    // [0, 0, 1] with outcome 0: ((0 − 1)² + (0 − 1)²) / 2 = 1.
    close(ranked_probability_score(&item(&[0.0, 1.0, 0.0], 0)), 0.5);
    close(ranked_probability_score(&item(&[0.0, 0.0, 1.0], 0)), 1.0);
}

#[test]
fn summary_by_hand() {
    let items = [item(&[0.7, 0.3], 0), item(&[0.2, 0.8], 0)];
    let summary = summarise(&items, true).expect("two items");
    // Brier: 0.18 and (0.8² + 0.8²) = 1.28, mean 0.73.
    close(summary.brier, 0.73);
    // Log: (ln 0.7 + ln 0.2) / 2.
    close(summary.log, (0.7f64.ln() + 0.2f64.ln()) / 2.0);
    // RPS for two bins is the binary Brier: 0.09 and 0.64, mean 0.365.
    close(summary.ranked_probability.expect("ordered"), 0.365);
    assert!(summarise(&[], false).is_none());
}

#[test]
fn time_averaged_by_hand() {
    let early = item(&[0.6, 0.4], 0);
    let late = item(&[0.9, 0.1], 0);
    // Day 0: [0.6, 0.4] (Brier 0.16 + 0.16 = 0.32) stands for days 0–9, ten days.
    // Day 10: [0.9, 0.1] (Brier 0.01 + 0.01 = 0.02) stands for days 10–19, ten days.
    // Resolution on day 19: mean (10 × 0.32 + 10 × 0.02) / 20 = 0.17.
    let result = time_averaged(&[(0, &early), (10, &late)], 19, brier).expect("scored");
    close(result.score, 0.17);
    assert_eq!(result.days, 20);
    // Days before the first forecast do not count: first forecast on day 15, resolution
    // on day 19: five days of 0.02.
    let result = time_averaged(&[(15, &late)], 19, brier).expect("scored");
    close(result.score, 0.02);
    assert_eq!(result.days, 5);
    // Two forecasts on one day: the later one stands.
    let result = time_averaged(&[(0, &early), (0, &late)], 9, brier).expect("scored");
    close(result.score, 0.02);
    // A forecast made on the resolution day counts for that one day.
    let result = time_averaged(&[(19, &early)], 19, brier).expect("scored");
    assert_eq!(result.days, 1);
    // Forecasts after resolution are ignored; none left means no score.
    assert!(time_averaged(&[(20, &early)], 19, brier).is_none());
}

#[test]
fn calibration_by_hand() {
    let events = [
        Event {
            probability: 0.2,
            happened: false,
        },
        Event {
            probability: 0.2,
            happened: true,
        },
        Event {
            probability: 0.8,
            happened: true,
        },
        Event {
            probability: 0.8,
            happened: true,
        },
    ];
    let c = calibration(&events, Binning::Equal(10)).expect("events");
    // Base rate ō = 3/4; UNC = 0.75 × 0.25 = 0.1875.
    close(c.base_rate, 0.75);
    close(c.uncertainty, 0.1875);
    // Bin [0.2, 0.3): p̄ = 0.2, ō = 0.5; bin [0.8, 0.9): p̄ = 0.8, ō = 1.
    // REL = (2 (0.2 − 0.5)² + 2 (0.8 − 1)²) / 4 = (0.18 + 0.08) / 4 = 0.065.
    close(c.reliability, 0.065);
    // RES = (2 (0.5 − 0.75)² + 2 (1 − 0.75)²) / 4 = (0.125 + 0.125) / 4 = 0.0625.
    close(c.resolution, 0.0625);
    // Brier = (0.04 + 0.64 + 0.04 + 0.04) / 4 = 0.19 = 0.065 − 0.0625 + 0.1875.
    close(c.brier, 0.19);
    close(c.decomposed(), 0.19);
    close(c.within_bin_variance, 0.0);
    close(c.within_bin_covariance, 0.0);
    assert_eq!(c.bins.len(), 10);
    assert_eq!(c.bins[2].count, 2);
    assert_eq!(c.bins[8].count, 2);
    assert_eq!(c.bins[5].count, 0);
    assert!(c.bins[5].mean_probability.is_none());
}

#[test]
fn calibration_with_spread_bins_needs_the_extra_terms() {
    // 0.1 and 0.19 share the bin [0.1, 0.2): the within-bin terms are not zero, and
    // only the five-term identity holds.
    let events = [
        Event {
            probability: 0.1,
            happened: false,
        },
        Event {
            probability: 0.19,
            happened: true,
        },
    ];
    let c = calibration(&events, Binning::Equal(10)).expect("events");
    // p̄ = 0.145; WBV = ((0.045)² + (0.045)²) / 2 = 0.002025.
    close(c.within_bin_variance, 0.002_025);
    // ō = 0.5; WBC = 2 ((0 − 0.5)(−0.045) + (1 − 0.5)(0.045)) / 2 = 0.045.
    close(c.within_bin_covariance, 0.045);
    // Brier = (0.01 + 0.6561) / 2 = 0.33305.
    close(c.brier, 0.33305);
    close(c.decomposed(), c.brier);
    assert!((c.reliability - c.resolution + c.uncertainty - c.brier).abs() > 1e-3);
}

#[test]
fn items_are_checked() {
    assert_eq!(Item::new(vec![0.5], 0), Err(ScoreError::TooFewOptions(1)));
    assert_eq!(
        Item::new(vec![0.7, 0.4], 0),
        Err(ScoreError::NotNormalised(0.7 + 0.4))
    );
    assert!(matches!(
        Item::new(vec![1.5, -0.5], 0),
        Err(ScoreError::OutOfRange { index: 0, .. })
    ));
    assert!(matches!(
        Item::new(vec![f64::NAN, 1.0], 0),
        Err(ScoreError::OutOfRange { .. })
    ));
    assert_eq!(
        Item::new(vec![0.5, 0.5], 2),
        Err(ScoreError::OutcomeOutOfRange {
            outcome: 2,
            options: 2
        })
    );
    // Within 1e-9 of 1 is accepted.
    assert!(Item::new(vec![0.5, 0.5 + 5e-10], 0).is_ok());
}

/// A random probability vector of 2 to 6 options.
fn distribution() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0f64..1.0, 2..=6).prop_map(|weights| {
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            let n = weights.len() as f64;
            weights.iter().map(|_| 1.0 / n).collect()
        } else {
            weights.iter().map(|w| w / total).collect()
        }
    })
}

/// Two distributions over the same number of options.
fn pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..=6).prop_flat_map(|k| {
        let one = prop::collection::vec(0.001f64..1.0, k);
        (one.clone(), one).prop_map(|(a, b)| (normalise(a), normalise(b)))
    })
}

fn normalise(weights: Vec<f64>) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

/// The expected score of forecasting `p` when the outcome is drawn from `q`.
fn expected(rule: fn(&Item) -> f64, p: &[f64], q: &[f64]) -> f64 {
    q.iter()
        .enumerate()
        .map(|(j, qj)| qj * rule(&Item::new(p.to_vec(), j).expect("valid")))
        .sum()
}

proptest! {
    #[test]
    fn brier_is_proper((q, p) in pair()) {
        // Σⱼ qⱼ BS(p, j) = Σᵢ (pᵢ − qᵢ)² + BS(q) under q: minimised at p = q.
        prop_assert!(expected(brier, &p, &q) >= expected(brier, &q, &q) - 1e-12);
    }

    #[test]
    fn log_score_is_proper((q, p) in pair()) {
        // Higher is better: the expected log score is maximised at p = q (Gibbs).
        prop_assert!(expected(log_score, &p, &q) <= expected(log_score, &q, &q) + 1e-12);
    }

    #[test]
    fn ranked_probability_score_is_proper((q, p) in pair()) {
        prop_assert!(
            expected(ranked_probability_score, &p, &q)
                >= expected(ranked_probability_score, &q, &q) - 1e-12
        );
    }

    #[test]
    fn scores_stay_in_bounds(p in distribution(), pick in 0usize..6) {
        let outcome = pick % p.len();
        let item = Item::new(p, outcome).expect("valid");
        let b = brier(&item);
        prop_assert!((0.0..=2.0 + 1e-12).contains(&b));
        let l = log_score(&item);
        prop_assert!(l <= 0.0 && l >= LOG_FLOOR.ln());
        let r = ranked_probability_score(&item);
        prop_assert!((0.0..=1.0 + 1e-12).contains(&r));
    }

    #[test]
    fn a_perfect_forecast_scores_zero(k in 2usize..8, pick in 0usize..8) {
        let outcome = pick % k;
        let mut p = vec![0.0; k];
        p[outcome] = 1.0;
        let item = Item::new(p, outcome).expect("valid");
        prop_assert_eq!(brier(&item), 0.0);
        prop_assert_eq!(log_score(&item), 0.0);
        prop_assert_eq!(ranked_probability_score(&item), 0.0);
    }

    #[test]
    fn two_bin_rps_is_the_binary_brier_and_half_the_brier(p in 0.0f64..=1.0, happened: bool) {
        let outcome = if happened { 0 } else { 1 };
        let item = Item::new(vec![p, 1.0 - p], outcome).expect("valid");
        let rps = ranked_probability_score(&item);
        prop_assert!((rps - binary_brier(p, happened)).abs() < 1e-12);
        prop_assert!((rps - brier(&item) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn decomposition_identity_holds(
        events in prop::collection::vec((0.0f64..=1.0, any::<bool>()), 1..200),
        bins in 1usize..20,
    ) {
        let events: Vec<Event> = events
            .into_iter()
            .map(|(probability, happened)| Event { probability, happened })
            .collect();
        let equal = calibration(&events, Binning::Equal(bins)).expect("events");
        prop_assert!((equal.decomposed() - equal.brier).abs() < 1e-12);
        prop_assert_eq!(equal.bins.iter().map(|b| b.count).sum::<usize>(), events.len());
        // Binned by distinct value, Murphy's three terms alone add up to the Brier score.
        let distinct = calibration(&events, Binning::Distinct).expect("events");
        prop_assert!(distinct.within_bin_variance.abs() < 1e-15);
        prop_assert!(distinct.within_bin_covariance.abs() < 1e-15);
        prop_assert!(
            (distinct.reliability - distinct.resolution + distinct.uncertainty - distinct.brier)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn a_standing_forecast_time_averages_to_its_own_score(
        p in distribution(),
        pick in 0usize..6,
        first in 0i64..1000,
        span in 0i64..1000,
    ) {
        let item = Item::new(p, pick % 2).expect("valid");
        let result = time_averaged(&[(first, &item)], first + span, brier).expect("scored");
        prop_assert!((result.score - brier(&item)).abs() < 1e-12);
        prop_assert_eq!(result.days, span + 1);
    }

    #[test]
    fn a_time_average_lies_between_its_forecasts_scores(
        a in distribution(),
        b_weights in prop::collection::vec(0.001f64..1.0, 6),
        gap in 1i64..100,
        tail in 0i64..100,
    ) {
        let b = normalise(b_weights[..a.len()].to_vec());
        let first = Item::new(a, 0).expect("valid");
        let second = Item::new(b, 0).expect("valid");
        let result = time_averaged(&[(0, &first), (gap, &second)], gap + tail, score::brier)
            .expect("scored");
        let (low, high) = {
            let (x, y) = (brier(&first), brier(&second));
            (x.min(y), x.max(y))
        };
        prop_assert!(result.score >= low - 1e-12 && result.score <= high + 1e-12);
        prop_assert_eq!(result.days, gap + tail + 1);
    }
}
