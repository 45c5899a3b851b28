//! The compromise model against hand-computed values.

use statecraft_bargain::compromise::{weighted_mean, weighted_median};
use statecraft_bargain::forecast::{ModelSpec, Statistic, forecast};
use statecraft_bargain::{Actor, Estimate, Scenario};

fn check_mean(positions: &[f64], weights: &[f64], expect: f64) {
    let got = weighted_mean(positions, weights).expect("non-empty");
    assert!(
        (got - expect).abs() < 1e-12,
        "mean {got}, expected {expect}"
    );
}

fn check_median(positions: &[f64], weights: &[f64], expect: f64) {
    let got = weighted_median(positions, weights).expect("non-empty");
    assert_eq!(got, expect, "median");
}

#[test]
fn weighted_mean_by_hand() {
    // (2·10 + 1·40) / 3 = 20
    check_mean(&[10.0, 40.0], &[2.0, 1.0], 20.0);
    // 0.3·0 + 0.2·50 + 0.5·100 = 60
    check_mean(&[0.0, 50.0, 100.0], &[0.3, 0.2, 0.5], 60.0);
    // Nobody cares: plain mean.
    check_mean(&[10.0, 20.0, 60.0], &[0.0, 0.0, 0.0], 30.0);
}

#[test]
fn weighted_median_by_hand() {
    // Cumulative 0.3, 0.5, 1.0: half is reached exactly at 50. 50 and 100
    // tie on Σ w|x − m| (40 each); the lower is returned.
    check_median(&[0.0, 50.0, 100.0], &[0.3, 0.2, 0.5], 50.0);
    // Cumulative 0.2, 0.4, 1.0: only 100 reaches half.
    check_median(&[0.0, 50.0, 100.0], &[0.2, 0.2, 0.6], 100.0);
    check_median(&[0.0, 50.0, 100.0], &[0.3, 0.3, 0.4], 50.0);
    // Order of input does not matter.
    check_median(&[100.0, 0.0, 50.0], &[0.4, 0.3, 0.3], 50.0);
}

#[test]
fn eu_emissions_weighted_mean_matches_the_published_start() {
    // PUBLISHED.md: the weighted mean of the starting positions is about 7.4–7.6.
    let Some(text) = crate::read_shared("bdm-eum/jmckib_ExampleActors_EU_emissions.csv") else {
        return;
    };
    let scenario = statecraft_bargain::read::read_actor_table(&text).expect("reads");
    let f = forecast(
        &scenario,
        &ModelSpec::Compromise {
            statistic: Statistic::Mean,
        },
    )
    .expect("runs");
    // By hand: Σ c·s·x / Σ c·s = 4.96 / 0.677 = 7.3264…
    let by_hand = (0.064 * 4.0
        + 0.032 * 7.0
        + 0.006 * 4.0
        + 0.128 * 4.0
        + 0.096 * 10.0
        + 0.096 * 10.0
        + 0.144 * 10.0
        + 0.005 * 7.0
        + 0.05 * 4.0
        + 0.056 * 7.0)
        / 0.677;
    assert!(
        (f.outcome[0] - by_hand).abs() < 1e-9,
        "{} vs {by_hand}",
        f.outcome[0]
    );
}

#[test]
fn a_multi_dimensional_scenario_gets_one_mean_per_dimension() {
    let mut scenario = Scenario::issue(
        "two",
        vec![
            Actor::new(
                "A",
                Estimate::exact(1.0),
                Estimate::exact(0.0),
                Estimate::exact(0.5),
            ),
            Actor::new(
                "B",
                Estimate::exact(1.0),
                Estimate::exact(100.0),
                Estimate::exact(0.5),
            ),
        ],
    );
    scenario
        .dimensions
        .push(statecraft_bargain::Dimension::new("second"));
    scenario.actors[0].positions.push(Estimate::exact(20.0));
    scenario.actors[0].saliences.push(Estimate::exact(0.9));
    scenario.actors[1].positions.push(Estimate::exact(80.0));
    scenario.actors[1].saliences.push(Estimate::exact(0.1));
    let f = forecast(
        &scenario,
        &ModelSpec::Compromise {
            statistic: Statistic::Mean,
        },
    )
    .expect("runs");
    assert!((f.outcome[0] - 50.0).abs() < 1e-12);
    // (0.9·20 + 0.1·80) / 1.0 = 26
    assert!((f.outcome[1] - 26.0).abs() < 1e-12);
}
