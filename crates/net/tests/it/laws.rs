//! Laws checked on random small networks: junction tree, variable
//! elimination and MPE agree with brute-force enumeration under hard, soft
//! and interventional evidence; sensitivity derivatives agree with finite
//! differences and its ranges with direct recomputation; interval sampling
//! is deterministic for a seed, stays inside the bounds, and averages each
//! sample's exact answer.

use proptest::prelude::*;
use statecraft_net::uncertainty::{Xoshiro256, sample_cpts, sample_posteriors};
use statecraft_net::{Engine, Evidence, Method, NetError, Network, bif, sensitivity, ve, xmlbif};

use crate::brute::{Case, case, enumerate, interval_network, joint_weight};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn junction_tree_agrees_with_enumeration(case in case(7)) {
        let expected = case.enumerate();
        let evidence = case.evidence();
        let mut engine = Engine::new(&case.network).expect("compiles");
        match engine.posterior(&evidence) {
            Err(NetError::ZeroProbabilityEvidence) => prop_assert!(expected.total == 0.0),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
            Ok(posterior) => {
                prop_assert!(expected.total > 0.0);
                prop_assert!(close(posterior.log10_evidence, expected.total.log10(), 1e-9),
                    "log10 P(e): {} vs {}", posterior.log10_evidence, expected.total.log10());
                for (ours, theirs) in posterior.marginals.iter().zip(&expected.marginals) {
                    for (p, q) in ours.iter().zip(theirs) {
                        prop_assert!((p - q / expected.total).abs() < 1e-9,
                            "{ours:?} vs {theirs:?} / {}", expected.total);
                    }
                }
            }
        }
    }

    #[test]
    fn variable_elimination_agrees_with_enumeration(case in case(6)) {
        let expected = case.enumerate();
        let evidence = case.evidence();
        for v in 0..case.network.len() {
            match ve::marginal(&case.network, &evidence, v) {
                Err(NetError::ZeroProbabilityEvidence) => prop_assert!(expected.total == 0.0),
                Err(other) => prop_assert!(false, "unexpected error {other}"),
                Ok(marginal) => {
                    for (p, q) in marginal.iter().zip(&expected.marginals[v]) {
                        prop_assert!((p - q / expected.total).abs() < 1e-9);
                    }
                }
            }
        }
    }

    #[test]
    fn mpe_agrees_with_enumeration(case in case(7)) {
        let expected = case.enumerate();
        let evidence = case.evidence();
        let mut engine = Engine::new(&case.network).expect("compiles");
        match engine.mpe(&evidence) {
            Err(NetError::ZeroProbabilityEvidence) => prop_assert!(expected.best == 0.0),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
            Ok(mpe) => {
                prop_assert!(close(mpe.log10_probability, expected.best.log10(), 1e-9));
                // Ties may pick a different assignment of the same weight.
                let weight = joint_weight(&case.network, &mpe.states, &case.hard, &case.soft, &case.interventions);
                prop_assert!(close(weight, expected.best, 1e-9), "{weight} vs {}", expected.best);
            }
        }
    }

    #[test]
    fn sensitivity_matches_finite_differences_and_direct_recomputation(
        case in case(5),
        target_pick in 0usize..16,
        state_pick in 0usize..3,
    ) {
        let network = &case.network;
        // Hard and soft evidence only: interventions remove parameters.
        let plain = Case { interventions: Vec::new(), ..case.clone() };
        let evidence = plain.evidence();
        let target = target_pick % network.len();
        let state = state_pick % network.cardinality(target);
        let report = match sensitivity::sensitivity(network, &evidence, target, state) {
            Err(NetError::ZeroProbabilityEvidence) => {
                prop_assert!(plain.enumerate().total == 0.0);
                return Ok(());
            }
            other => other.expect("sensitivity"),
        };
        let target_given = |net: &Network| -> Option<f64> {
            let e = enumerate(net, &plain.hard, &plain.soft, &[]);
            (e.total > 1e-300).then(|| e.marginals[target][state] / e.total)
        };
        prop_assert!(close(report.value, target_given(network).expect("P(e) > 0"), 1e-9));
        let card_of = |v: usize| network.cardinality(v);
        for parameter in &report.parameters {
            let card = card_of(parameter.variable);
            let with_value = |s: f64| -> Network {
                let mut cpts = network.cpts().to_vec();
                let row = &mut cpts[parameter.variable][parameter.row * card..(parameter.row + 1) * card];
                let others_sum: f64 = (0..card).filter(|&i| i != parameter.state).map(|i| row[i]).sum();
                for (i, entry) in row.iter_mut().enumerate() {
                    if i == parameter.state {
                        *entry = s;
                    } else if others_sum > 0.0 {
                        *entry *= (1.0 - s) / others_sum;
                    } else {
                        *entry = (1.0 - s) / (card - 1) as f64;
                    }
                }
                network.with_cpts(cpts).expect("co-varied rows stay valid")
            };
            // Ends of the span, recomputed directly.
            let low = target_given(&with_value(parameter.span.low));
            let high = target_given(&with_value(parameter.span.high));
            if let (Some(a), Some(b)) = (low, parameter.target_at_low) {
                prop_assert!((a - b).abs() < 1e-7, "at low {a} vs {b} for {parameter:?}");
            }
            if let (Some(a), Some(b)) = (high, parameter.target_at_high) {
                prop_assert!((a - b).abs() < 1e-7, "at high {a} vs {b} for {parameter:?}");
            }
            // Central difference where the step fits inside [0, 1].
            let h = 1e-5;
            let theta = parameter.value;
            if theta - h >= 0.0
                && theta + h <= 1.0
                && let (Some(up), Some(down)) = (
                    target_given(&with_value(theta + h)),
                    target_given(&with_value(theta - h)),
                )
            {
                let numeric = (up - down) / (2.0 * h);
                prop_assert!(
                    (numeric - parameter.derivative).abs() < 1e-5 * (1.0 + numeric.abs()),
                    "derivative {} vs finite difference {numeric} for {parameter:?}",
                    parameter.derivative
                );
            }
        }
        // Ranked by swing.
        for pair in report.parameters.windows(2) {
            prop_assert!(pair[0].swing() >= pair[1].swing());
        }
    }

    #[test]
    fn sampled_rows_stay_inside_their_intervals_and_sum_to_one(network in interval_network(5), seed in any::<u64>()) {
        let mut rng = Xoshiro256::seed_from(seed);
        for _ in 0..20 {
            let cpts = sample_cpts(&network, &mut rng);
            for (v, cpt) in cpts.iter().enumerate() {
                let bounds = network.intervals(v).expect("every CPT has intervals");
                let card = network.cardinality(v);
                for (row, row_bounds) in cpt.chunks_exact(card).zip(bounds.chunks_exact(card)) {
                    prop_assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
                    for (x, b) in row.iter().zip(row_bounds) {
                        prop_assert!(*x >= b.low - 1e-12 && *x <= b.high + 1e-12, "{x} outside [{}, {}]", b.low, b.high);
                    }
                }
            }
        }
    }

    #[test]
    fn sampled_posteriors_are_deterministic_for_a_seed_whatever_the_threads(network in interval_network(5), seed in any::<u64>()) {
        let targets: Vec<usize> = (0..network.len()).collect();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool")
                .install(|| sample_posteriors(&network, &Evidence::new(), &targets, 64, seed))
                .expect("sampling")
        };
        let one = run(1);
        let again = run(1);
        let two = run(2);
        prop_assert_eq!(&one, &again);
        prop_assert_eq!(&one, &two);
        for spreads in &one.spreads {
            for spread in spreads {
                prop_assert!(spread.p05 <= spread.mean + 1e-12 && spread.mean <= spread.p95 + 1e-12);
            }
        }
    }

    #[test]
    fn sampled_means_are_the_means_of_each_sample_s_tree_answers(network in interval_network(5), seed in any::<u64>()) {
        // Whatever method the planner picks for the samples, each sample's
        // answer is the whole tree's on that sample's CPTs.
        let targets: Vec<usize> = (0..network.len()).collect();
        let samples = 16;
        let summary = sample_posteriors(&network, &Evidence::new(), &targets, samples, seed)
            .expect("sampling");
        let mut sums: Vec<Vec<f64>> = targets.iter().map(|&t| vec![0.0; network.cardinality(t)]).collect();
        for index in 0..samples {
            let mut rng = Xoshiro256::for_sample(seed, index as u64);
            let sampled = network.with_cpts(sample_cpts(&network, &mut rng)).expect("valid sample");
            let mut engine = Engine::new(&sampled).expect("engine");
            let posterior = engine
                .posterior_using(&Evidence::new(), &targets, Some(Method::JunctionTree))
                .expect("posterior");
            for (sum, marginal) in sums.iter_mut().zip(&posterior.marginals) {
                for (s, p) in sum.iter_mut().zip(marginal) {
                    *s += p;
                }
            }
        }
        for (spreads, sum) in summary.spreads.iter().zip(&sums) {
            for (spread, total) in spreads.iter().zip(sum) {
                prop_assert!((spread.mean - total / samples as f64).abs() < 1e-12,
                    "{} vs {}", spread.mean, total / samples as f64);
            }
        }
    }

    #[test]
    fn bif_and_xmlbif_round_trips_give_identical_networks(case in case(6)) {
        let network = &case.network;
        let text = bif::write(network).expect("writable names");
        prop_assert_eq!(&bif::read(&text).expect("reads back"), network);
        let xml = xmlbif::write(network);
        prop_assert_eq!(&xmlbif::read(&xml).expect("reads back"), network);
    }
}
