//! The uncertainty engine: seeded, order-independent, and honest about blocking.

use statecraft_bargain::forecast::{ModelSpec, Statistic};
use statecraft_bargain::{Actor, Estimate, Procedure, Sampling, Scenario, simulate};

fn uncertain_council() -> Scenario {
    Scenario::issue(
        "relief",
        vec![
            Actor::new(
                "RUS",
                Estimate::exact(1.0),
                Estimate::range(70.0, 90.0),
                Estimate::exact(0.9),
            )
            .with_veto(true),
            Actor::new(
                "USA",
                Estimate::exact(1.0),
                Estimate::range(0.0, 40.0),
                Estimate::exact(0.9),
            )
            .with_veto(true),
            Actor::new(
                "E1",
                Estimate::range(0.5, 1.5),
                Estimate::exact(50.0),
                Estimate::range(0.2, 0.6),
            ),
            Actor::new(
                "E2",
                Estimate::exact(1.0),
                Estimate::range(30.0, 70.0),
                Estimate::exact(0.5),
            ),
        ],
    )
    .with_status_quo(vec![20.0])
    .with_procedure(Procedure::Majority)
}

const MEAN: ModelSpec = ModelSpec::Compromise {
    statistic: Statistic::Mean,
};

#[test]
fn the_same_seed_gives_the_same_distribution_on_any_number_of_threads() {
    let scenario = uncertain_council();
    let sampling = Sampling {
        samples: 2000,
        seed: 7,
        bins: 10,
    };
    let wide = simulate(&scenario, &MEAN, sampling).expect("runs");
    let narrow = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| simulate(&scenario, &MEAN, sampling).expect("runs"));
    assert_eq!(wide, narrow);
    let other = simulate(
        &scenario,
        &MEAN,
        Sampling {
            seed: 8,
            ..sampling
        },
    )
    .expect("runs");
    assert_ne!(wide.dimensions[0].mean, other.dimensions[0].mean);
}

#[test]
fn the_summary_is_consistent() {
    let d = simulate(
        &uncertain_council(),
        &MEAN,
        Sampling {
            samples: 5000,
            seed: 1,
            bins: 10,
        },
    )
    .expect("runs");
    let dim = &d.dimensions[0];
    assert!(dim.p05 <= dim.p50 && dim.p50 <= dim.p95);
    assert!(dim.p05 <= dim.mean && dim.mean <= dim.p95);
    assert_eq!(dim.histogram.iter().map(|b| b.count).sum::<usize>(), 5000);
    // The US (0–40) is often closer to the status quo of 20 than to the
    // outcome (around 55): it blocks in a large share of samples; Russia
    // (70–90) never prefers 20.
    let usa = d
        .blocking
        .iter()
        .find(|b| b.actor == "USA")
        .expect("veto player");
    let rus = d
        .blocking
        .iter()
        .find(|b| b.actor == "RUS")
        .expect("veto player");
    assert!(usa.share > 0.5, "{usa:?}");
    assert_eq!(rus.count, 0);
    let adoption = d.adoption_rate.expect("procedure given");
    assert!((adoption - (1.0 - usa.share)).abs() < 1e-12);
}

#[test]
fn exact_inputs_give_a_point_distribution() {
    let scenario = Scenario::issue(
        "exact",
        vec![
            Actor::new(
                "A",
                Estimate::exact(1.0),
                Estimate::exact(20.0),
                Estimate::exact(1.0),
            ),
            Actor::new(
                "B",
                Estimate::exact(3.0),
                Estimate::exact(60.0),
                Estimate::exact(1.0),
            ),
        ],
    );
    let d = simulate(
        &scenario,
        &MEAN,
        Sampling {
            samples: 100,
            seed: 3,
            bins: 10,
        },
    )
    .expect("runs");
    assert_eq!(d.dimensions[0].p05, 50.0);
    assert_eq!(d.dimensions[0].p95, 50.0);
}

#[test]
fn too_many_samples_are_refused_before_sampling() {
    use statecraft_bargain::uncertainty::{MAX_SAMPLED_WORDS, max_samples};
    let scenario = uncertain_council();
    let limit = max_samples(1, 4);
    assert!(limit * 5 < MAX_SAMPLED_WORDS && limit > 1_000_000);
    for samples in [limit + 1, usize::MAX] {
        let error = simulate(
            &scenario,
            &MEAN,
            Sampling {
                samples,
                seed: 1,
                bins: 10,
            },
        )
        .expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains(&format!("samples: {samples} samples is too many"))
                && message.contains(&format!("at most {limit} samples")),
            "{message}"
        );
    }
}

#[test]
fn a_stop_skips_the_samples_not_yet_begun() {
    use statecraft_bargain::{BargainError, simulate_until};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let scenario = uncertain_council();
    let sampling = Sampling {
        samples: 5000,
        seed: 3,
        bins: 10,
    };
    // Never stopping gives what simulate gives.
    let never = simulate_until(&scenario, &MEAN, sampling, &|| false).expect("runs");
    assert_eq!(never, simulate(&scenario, &MEAN, sampling).expect("runs"));
    // Stopping after 100 samples have begun: the rest are skipped, and the run
    // ends as stopped rather than with a summary of part of the samples.
    let asked = AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 100;
    let stopped = simulate_until(&scenario, &MEAN, sampling, &stop);
    assert!(matches!(stopped, Err(BargainError::Stopped)), "{stopped:?}");
    assert_eq!(asked.load(Ordering::Relaxed), 5000, "asked once per sample");
}
