//! Benchmarks of the bargaining engine (figures, not pass/fail tests):
//! - the spatial model on KTAB's shipped examples;
//! - the spatial model on 250 actors × 10 dimensions to convergence;
//! - 10,000 Monte Carlo runs of the compromise model on a 10-actor issue.
//!
//! Run with `cargo bench -p statecraft-bargain`. Each case reports the best
//! and median wall time of several runs. The KTAB side-by-side comparison is
//! `bench/bargain-peers.sh`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use statecraft_bargain::forecast::{ModelSpec, Statistic};
use statecraft_bargain::read::read_ktab_csv;
use statecraft_bargain::rng::Rng;
use statecraft_bargain::smp::{self, SmpParameters, StoppingRule};
use statecraft_bargain::{Actor, Dimension, Estimate, Sampling, Scenario, simulate};

fn measure<T>(label: &str, runs: usize, mut work: impl FnMut() -> T) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{label:<44} best {:>10.3} ms   median {:>10.3} ms   ({runs} runs)",
        times[0].as_secs_f64() * 1e3,
        times[runs / 2].as_secs_f64() * 1e3
    );
}

fn random_scenario(actors: usize, dimensions: usize, seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let actors = (0..actors)
        .map(|i| {
            let weights: Vec<f64> = (0..dimensions).map(|_| rng.uniform(0.1, 1.0)).collect();
            let total: f64 = weights.iter().sum();
            let attention = rng.uniform(0.75, 0.99);
            Actor {
                name: format!("A{i:03}"),
                description: String::new(),
                capability: Estimate::exact(rng.uniform(10.0, 200.0)),
                positions: (0..dimensions)
                    .map(|_| Estimate::exact(rng.uniform(0.0, 100.0)))
                    .collect(),
                saliences: weights
                    .iter()
                    .map(|w| Estimate::exact(attention * w / total))
                    .collect(),
                veto: false,
            }
        })
        .collect();
    Scenario {
        name: "random".into(),
        description: String::new(),
        dimensions: (0..dimensions)
            .map(|k| Dimension::new(format!("D{k}")))
            .collect(),
        actors,
        status_quo: None,
        procedure: None,
        ideal_adjustments: Vec::new(),
        smp_parameters: None,
    }
}

fn main() {
    let data = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bargaining/ktab"
    ));
    println!("threads: {}", rayon::current_num_threads());
    if data.is_dir() {
        for file in [
            "dummyData_3Dim.csv",
            "dummyData_6Dim.csv",
            "dummyData-a040.csv",
            "dummyData-a080.csv",
            "dummyData-a160.csv",
            "SOE-Pol-Comp.csv",
            "SOE-Policy.csv",
            "SOE-Competitive.csv",
        ] {
            let Ok(text) = std::fs::read_to_string(data.join(file)) else {
                println!("{file}: not readable, skipped");
                continue;
            };
            let Ok(scenario) = read_ktab_csv(&text) else {
                println!("{file}: does not read, skipped");
                continue;
            };
            let point = scenario.midpoint();
            let rounds = smp::run(
                &scenario,
                &point,
                SmpParameters::default(),
                StoppingRule::default(),
            )
            .map(|r| r.turns.len())
            .unwrap_or(0);
            measure(&format!("smp {file} ({rounds} rounds)"), 7, || {
                smp::run(
                    &scenario,
                    &point,
                    SmpParameters::default(),
                    StoppingRule::default(),
                )
            });
        }
    } else {
        println!(
            "shared KTAB examples not found at {}; skipped",
            data.display()
        );
    }

    let big = random_scenario(250, 10, 2026);
    let point = big.midpoint();
    let run = smp::run(
        &big,
        &point,
        SmpParameters::default(),
        StoppingRule::default(),
    );
    match &run {
        Ok(r) => println!(
            "smp 250 actors x 10 dims: {} rounds, converged: {}",
            r.turns.len(),
            r.converged
        ),
        Err(e) => println!("smp 250 actors x 10 dims: {e}"),
    }
    measure("smp 250 actors x 10 dims to convergence", 3, || {
        smp::run(
            &big,
            &point,
            SmpParameters::default(),
            StoppingRule::default(),
        )
    });

    let mut rng = Rng::new(7);
    let issue = Scenario::issue(
        "ten",
        (0..10)
            .map(|i| {
                let x = rng.uniform(10.0, 90.0);
                Actor::new(
                    format!("A{i}"),
                    Estimate::range(0.5, 1.5),
                    Estimate::range(x - 10.0, x + 10.0),
                    Estimate::range(0.2, 0.9),
                )
            })
            .collect(),
    );
    let spec = ModelSpec::Compromise {
        statistic: Statistic::Mean,
    };
    measure("compromise Monte Carlo, 10 actors, 10,000 runs", 21, || {
        simulate(
            &issue,
            &spec,
            Sampling {
                samples: 10_000,
                seed: 1,
                bins: 10,
            },
        )
    });
}
