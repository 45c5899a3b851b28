//! The what-if with parameter uncertainty on the built-in scenario network:
//! the call `statecraft scenario --given us-russia-relations=cold-war
//! --samples 10000 --seed 1` makes (build the network from the built-in
//! model, then one query that samples the probability intervals 10,000 times
//! and summarises every variable).
//!
//! `cargo bench -p statecraft-scenario --bench whatif [-- SAMPLES]` prints
//! the median and minimum of 11 runs of the query (after one warm-up), and
//! separately the time to build the network. Figures only: nothing here
//! asserts a time.

use std::time::{Duration, Instant};

use statecraft_scenario::{Query, build, query};

/// The allocator the `statecraft` binary uses, so the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let samples: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let model = match statecraft_model::store::open(None) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("cannot open the built-in model: {error}");
            return;
        }
    };
    let started = Instant::now();
    let scenario = match build(&model) {
        Ok(s) => s,
        Err(error) => {
            eprintln!("cannot build the scenario network: {error}");
            return;
        }
    };
    let build_time = started.elapsed();
    let question = Query {
        given: vec![("us-russia-relations".to_owned(), "cold-war".to_owned())],
        interventions: Vec::new(),
        targets: Vec::new(),
        samples: Some((samples, 1)),
        sensitivity: None,
    };
    if let Err(error) = query(&scenario, &question) {
        eprintln!("the what-if failed: {error}");
        return;
    }
    let mut times: Vec<Duration> = (0..11)
        .map(|_| {
            let t = Instant::now();
            let answer = query(&scenario, &question);
            let elapsed = t.elapsed();
            std::hint::black_box(answer).ok();
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "what-if, {} variables, {samples} samples, seed 1, given us-russia-relations=cold-war: median {:.2} ms, min {:.2} ms (11 runs, {} cores); building the network {:.2} ms",
        scenario.network.len(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        cores(),
        ms(build_time),
    );
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
