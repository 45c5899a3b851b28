//! The query planner: every method (whole junction tree, trees over the
//! relevant sub-networks, pruned elimination per target, forward
//! propagation without evidence) agrees with
//! brute-force enumeration and with the others, on random networks and on
//! the bnlearn references; the choice is recorded in the posterior.

use proptest::prelude::*;
use statecraft_net::uncertainty::{Xoshiro256, sample_cpts, sample_posteriors};
use statecraft_net::{CptSpec, Engine, Evidence, Interval, Method, NetError, NetworkBuilder};

use crate::brute::case;

const METHODS: [Method; 4] = [
    Method::JunctionTree,
    Method::RelevantTrees,
    Method::PrunedElimination,
    Method::Forward,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_method_agrees_with_enumeration_on_any_targets(
        case in case(7),
        picks in proptest::collection::vec(0usize..7, 0..=4),
    ) {
        let expected = case.enumerate();
        let evidence = case.evidence();
        let n = case.network.len();
        let mut targets: Vec<usize> = picks.into_iter().map(|t| t % n).collect();
        if targets.is_empty() {
            targets = (0..n).collect();
        }
        let mut engine = Engine::new(&case.network).expect("engine");
        let observed = !case.hard.is_empty() || !case.soft.is_empty();
        for method in METHODS.into_iter().map(Some).chain([None]) {
            let answer = engine.posterior_using(&evidence, &targets, method);
            if observed && method == Some(Method::Forward) {
                // Forward propagation refuses evidence other than interventions.
                prop_assert!(
                    matches!(&answer, Err(NetError::InvalidArgument(m)) if m.contains("without evidence")),
                    "forward with evidence: {answer:?}"
                );
                continue;
            }
            match answer {
                Err(NetError::ZeroProbabilityEvidence) => prop_assert!(expected.total == 0.0),
                Err(other) => prop_assert!(false, "{method:?}: unexpected error {other}"),
                Ok(posterior) => {
                    prop_assert!(expected.total > 0.0, "{method:?}: zero evidence not noticed");
                    if let Some(forced) = method {
                        prop_assert_eq!(posterior.plan.method, forced);
                    }
                    let log = expected.total.log10();
                    prop_assert!((posterior.log10_evidence - log).abs() <= 1e-9 * (1.0 + log.abs()),
                        "{method:?} log10 P(e): {} vs {log}", posterior.log10_evidence);
                    for v in 0..n {
                        let ours = &posterior.marginals[v];
                        if !targets.contains(&v) {
                            prop_assert!(ours.is_empty(), "{method:?}: variable {v} not asked for");
                            continue;
                        }
                        prop_assert_eq!(ours.len(), expected.marginals[v].len());
                        for (p, q) in ours.iter().zip(&expected.marginals[v]) {
                            prop_assert!((p - q / expected.total).abs() < 1e-9,
                                "{method:?} variable {v}: {ours:?} vs {:?} / {}",
                                expected.marginals[v], expected.total);
                        }
                    }
                }
            }
        }
    }
}

/// Eight ternary causes of one binary effect: the effect's family is a
/// clique of 3^8 × 2 entries that no cause's own marginal needs.
fn many_causes() -> statecraft_net::Network {
    let mut builder = NetworkBuilder::new("many-causes");
    let causes: Vec<String> = (0..8).map(|i| format!("c{i}")).collect();
    for cause in &causes {
        builder.variable(cause.as_str(), ["low", "mid", "high"]);
    }
    builder.variable("effect", ["no", "yes"]);
    for (i, cause) in causes.iter().enumerate() {
        // Cause i: P(low) = (i + 1) / 20, P(mid) = 0.5, the rest high.
        let low = (i as f64 + 1.0) / 20.0;
        builder.cpt(cause, &[], [low, 0.5, 0.5 - low]);
    }
    let parents: Vec<&str> = causes.iter().map(String::as_str).collect();
    let rows = 3usize.pow(8);
    // P(yes | causes) = (number of causes at "high") / 8.
    let mut values = Vec::with_capacity(rows * 2);
    for row in 0..rows {
        let highs = (0..8).filter(|k| (row / 3usize.pow(*k)) % 3 == 2).count();
        let yes = highs as f64 / 8.0;
        values.extend([1.0 - yes, yes]);
    }
    builder.cpt("effect", &parents, values);
    builder.build().expect("valid network")
}

#[test]
fn causes_alone_are_answered_without_the_effects_clique() {
    let network = many_causes();
    let causes: Vec<usize> = (0..8).collect();
    let mut engine = Engine::new(&network).expect("engine");
    let plan = engine.plan(&Evidence::new(), &causes).expect("plan");
    assert_ne!(plan.method, Method::JunctionTree, "{plan:?}");
    let posterior = engine
        .posterior_of(&Evidence::new(), &causes)
        .expect("posterior");
    assert_eq!(posterior.plan.method, plan.method);
    for (i, marginal) in posterior.marginals.iter().take(8).enumerate() {
        // Without evidence a root keeps its prior.
        let low = (i as f64 + 1.0) / 20.0;
        for (p, q) in marginal.iter().zip([low, 0.5, 0.5 - low]) {
            assert!((p - q).abs() < 1e-12, "cause {i}: {marginal:?}");
        }
    }
    assert!(
        posterior.marginals[8].is_empty(),
        "the effect was not asked for"
    );
}

#[test]
fn the_effect_alone_is_answered_by_hand_computation() {
    // P(yes) = E[highs] / 8 = sum over causes of P(high) / 8.
    let network = many_causes();
    let expected: f64 = (0..8)
        .map(|i| 0.5 - (f64::from(i) + 1.0) / 20.0)
        .sum::<f64>()
        / 8.0;
    let mut engine = Engine::new(&network).expect("engine");
    for method in METHODS {
        let posterior = engine
            .posterior_using(&Evidence::new(), &[8], Some(method))
            .expect("posterior");
        assert_eq!(posterior.plan.method, method);
        assert!(
            (posterior.marginals[8][1] - expected).abs() < 1e-12,
            "{method}: {:?} vs {expected}",
            posterior.marginals[8]
        );
    }
}

#[test]
fn observing_the_effect_makes_the_causes_depend_on_it() {
    // With the effect observed every cause's sub-network holds the effect's
    // family; the methods still agree, and the plan says which one ran.
    let network = many_causes();
    let mut evidence = Evidence::new();
    evidence.observe(&network, "effect", "yes").expect("known");
    let all: Vec<usize> = (0..network.len()).collect();
    let mut engine = Engine::new(&network).expect("engine");
    let chosen = engine.posterior(&evidence).expect("posterior");
    assert_ne!(chosen.plan.method, Method::Forward);
    for method in METHODS.into_iter().filter(|&m| m != Method::Forward) {
        let forced = engine
            .posterior_using(&evidence, &all, Some(method))
            .expect("posterior");
        assert!((forced.log10_evidence - chosen.log10_evidence).abs() < 1e-12);
        for (a, b) in forced.marginals.iter().zip(&chosen.marginals) {
            for (p, q) in a.iter().zip(b) {
                assert!((p - q).abs() < 1e-12, "{method} vs {}", chosen.plan.method);
            }
        }
    }
    // P(c0 = high | yes) = P(high) P(yes | c0 high) / P(yes), with
    // P(yes | c0 high) = (1 + sum of the other causes' P(high)) / 8.
    let p_high = |i: usize| 0.5 - (i as f64 + 1.0) / 20.0;
    let p_yes: f64 = (0..8).map(p_high).sum::<f64>() / 8.0;
    let given_high = (1.0 + (1..8).map(p_high).sum::<f64>()) / 8.0;
    let expected = p_high(0) * given_high / p_yes;
    assert!((chosen.marginals[0][2] - expected).abs() < 1e-12);
    assert!((chosen.log10_evidence - p_yes.log10()).abs() < 1e-12);
}

/// A → B, A → C, (B, C) → D, and E → F: D's parents share the ancestor A,
/// so forward propagation needs their joint table (by the chain rule:
/// P(b, c) = Σ_a P(c | a) P(a, b), P(a, b) = P(b | a) P(a)); F's single
/// parent is read from E's marginal.
fn diamond() -> statecraft_net::Network {
    let mut builder = NetworkBuilder::new("diamond");
    for name in ["a", "b", "c", "d", "e", "f"] {
        builder.variable(name, ["no", "yes"]);
    }
    builder.cpt("a", &[], [0.3, 0.7]);
    builder.cpt("b", &["a"], [0.9, 0.1, 0.2, 0.8]);
    builder.cpt("c", &["a"], [0.6, 0.4, 0.25, 0.75]);
    builder.cpt(
        "d",
        &["b", "c"],
        [0.99, 0.01, 0.5, 0.5, 0.4, 0.6, 0.05, 0.95],
    );
    builder.cpt("e", &[], [0.45, 0.55]);
    builder.cpt("f", &["e"], [0.7, 0.3, 0.1, 0.9]);
    builder.build().expect("valid network")
}

#[test]
fn forward_propagation_joins_parents_that_share_an_ancestor() {
    let network = diamond();
    let all: Vec<usize> = (0..network.len()).collect();
    let mut engine = Engine::new(&network).expect("engine");
    let forced = engine
        .posterior_using(&Evidence::new(), &all, Some(Method::Forward))
        .expect("forward");
    assert_eq!(forced.plan.method, Method::Forward);
    assert_eq!(forced.plan.forward_joints, 0, "{:?}", forced.plan);
    assert_eq!(forced.plan.forward_chain, 2, "{:?}", forced.plan);
    // By hand: P(b, c) = sum over a of P(a) P(b | a) P(c | a).
    let pa = [0.3, 0.7];
    let pb = [[0.9, 0.1], [0.2, 0.8]];
    let pc = [[0.6, 0.4], [0.25, 0.75]];
    let pd_yes = [[0.01, 0.5], [0.6, 0.95]];
    let mut d_yes = 0.0;
    for a in 0..2 {
        for b in 0..2 {
            for c in 0..2 {
                d_yes += pa[a] * pb[a][b] * pc[a][c] * pd_yes[b][c];
            }
        }
    }
    assert!(
        (forced.marginals[3][1] - d_yes).abs() < 1e-15,
        "{:?}",
        forced.marginals[3]
    );
    // Treating D's parents as independent would give another number.
    let b_yes = 0.3 * 0.1 + 0.7 * 0.8;
    let c_yes = 0.3 * 0.4 + 0.7 * 0.75;
    let mut wrong = 0.0;
    for (b, pb) in [1.0 - b_yes, b_yes].into_iter().enumerate() {
        for (c, pc) in [1.0 - c_yes, c_yes].into_iter().enumerate() {
            wrong += pb * pc * pd_yes[b][c];
        }
    }
    assert!((wrong - d_yes).abs() > 1e-3);
    let f_yes = 0.45 * 0.3 + 0.55 * 0.9;
    assert!((forced.marginals[5][1] - f_yes).abs() < 1e-15);
    // Every other method agrees.
    for method in [
        Method::JunctionTree,
        Method::RelevantTrees,
        Method::PrunedElimination,
    ] {
        let other = engine
            .posterior_using(&Evidence::new(), &all, Some(method))
            .expect("posterior");
        for (x, y) in other.marginals.iter().zip(&forced.marginals) {
            for (p, q) in x.iter().zip(y) {
                assert!((p - q).abs() < 1e-12, "{method}: {x:?} vs {y:?}");
            }
        }
    }
}

#[test]
fn forward_propagation_under_an_intervention_cuts_the_shared_ancestor() {
    // do(b = yes) leaves c as D's only uncertain parent: no joint table.
    let network = diamond();
    let mut evidence = Evidence::new();
    evidence.intervene(&network, "b", "yes").expect("known");
    let mut engine = Engine::new(&network).expect("engine");
    let forced = engine
        .posterior_using(&evidence, &[3], Some(Method::Forward))
        .expect("forward");
    assert_eq!(forced.plan.forward_joints, 0, "{:?}", forced.plan);
    let c_yes = 0.3 * 0.4 + 0.7 * 0.75;
    let d_yes = (1.0 - c_yes) * 0.6 + c_yes * 0.95;
    assert!(
        (forced.marginals[3][1] - d_yes).abs() < 1e-15,
        "{:?}",
        forced.marginals[3]
    );
}

#[test]
fn forward_propagation_refuses_observations() {
    let network = diamond();
    let mut evidence = Evidence::new();
    evidence.observe(&network, "d", "yes").expect("known");
    let mut engine = Engine::new(&network).expect("engine");
    match engine.posterior_using(&evidence, &[0], Some(Method::Forward)) {
        Err(NetError::InvalidArgument(message)) => {
            assert!(message.contains("without evidence"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Unforced, the planner does not consider it.
    let plan = engine.plan(&evidence, &[0]).expect("plan");
    assert_eq!(plan.forward_cost, None);
}

#[test]
fn sampled_posteriors_by_forward_propagation_average_each_sample_s_tree_answer() {
    // Eight independent causes of one effect whose table is given as
    // intervals: the planner answers the samples by forward propagation,
    // and each sample's answer must be the whole tree's on its CPTs.
    let mut builder = NetworkBuilder::new("uncertain-causes");
    let causes: Vec<String> = (0..8).map(|i| format!("c{i}")).collect();
    for cause in &causes {
        builder.variable(cause.as_str(), ["low", "mid", "high"]);
        builder.cpt(cause, &[], [0.2, 0.5, 0.3]);
    }
    builder.variable("effect", ["no", "yes"]);
    let parents: Vec<&str> = causes.iter().map(String::as_str).collect();
    let rows = 3usize.pow(8);
    let mut values = Vec::with_capacity(rows * 2);
    let mut bounds = Vec::with_capacity(rows * 2);
    for row in 0..rows {
        let highs = (0..8).filter(|k| (row / 3usize.pow(*k)) % 3 == 2).count();
        let yes = (0.05 + highs as f64 / 9.0).min(0.95);
        values.extend([1.0 - yes, yes]);
        bounds.extend([
            Interval::new(0.95 - yes, 1.05 - yes),
            Interval::new(yes - 0.05, yes + 0.05),
        ]);
    }
    builder.cpt_spec(
        "effect",
        &parents,
        CptSpec::ValuesWithIntervals(values, bounds),
    );
    let network = builder.build().expect("valid network");
    let targets: Vec<usize> = (0..network.len()).collect();
    let (samples, seed) = (24, 11);
    let summary =
        sample_posteriors(&network, &Evidence::new(), &targets, samples, seed).expect("sampling");
    assert_eq!(summary.method, Method::Forward);
    let mut sum = [0.0; 2];
    for index in 0..samples {
        let mut rng = Xoshiro256::for_sample(seed, index as u64);
        let sampled = network
            .with_cpts(sample_cpts(&network, &mut rng))
            .expect("valid sample");
        let mut engine = Engine::new(&sampled).expect("engine");
        let posterior = engine
            .posterior_using(&Evidence::new(), &targets, Some(Method::JunctionTree))
            .expect("posterior");
        sum[0] += posterior.marginals[8][0];
        sum[1] += posterior.marginals[8][1];
    }
    for (spread, total) in summary.spreads[8].iter().zip(sum) {
        let mean = spread.mean;
        let expected = total / samples as f64;
        assert!((mean - expected).abs() < 1e-12, "{mean} vs {expected}");
    }
    // The samples differ: the effect's spread is not a point.
    assert!(summary.spreads[8][1].p95 > summary.spreads[8][1].p05);
}

#[test]
fn forward_propagation_eliminates_for_a_group_the_chain_rule_would_make_large() {
    // A with 300 states drives B and C (300 states each), both parents of D:
    // the chain rule's table over (A, B, C) would hold 27 million entries,
    // so the joint of (B, C) comes from elimination.
    let mut builder = NetworkBuilder::new("wide");
    let states: Vec<String> = (0..300).map(|i| format!("s{i}")).collect();
    for name in ["a", "b", "c"] {
        builder.variable(name, states.iter().map(String::as_str));
    }
    builder.variable("d", ["no", "yes"]);
    builder.cpt("a", &[], vec![1.0 / 300.0; 300]);
    // B and C copy A with probability 0.7, else spread evenly.
    let copy = |row: usize| -> Vec<f64> {
        (0..300)
            .map(|s| {
                if s == row {
                    0.7 + 0.3 / 300.0
                } else {
                    0.3 / 300.0
                }
            })
            .collect()
    };
    let table: Vec<f64> = (0..300).flat_map(copy).collect();
    builder.cpt("b", &["a"], table.clone());
    builder.cpt("c", &["a"], table);
    // D is yes when B and C agree.
    let d: Vec<f64> = (0..300 * 300)
        .flat_map(|row| {
            if row / 300 == row % 300 {
                [0.0, 1.0]
            } else {
                [1.0, 0.0]
            }
        })
        .collect();
    builder.cpt("d", &["b", "c"], d);
    let network = builder.build().expect("valid network");
    let mut engine = Engine::new(&network).expect("engine");
    let forward = engine
        .posterior_using(&Evidence::new(), &[3], Some(Method::Forward))
        .expect("forward");
    assert_eq!(forward.plan.forward_joints, 1, "{:?}", forward.plan);
    assert_eq!(forward.plan.forward_chain, 0, "{:?}", forward.plan);
    // Given any a: B = C = a with probability (0.7 + spread)², and B = C
    // at each of the 299 other states with probability spread².
    let spread = 0.3 / 300.0;
    let expected = (0.7 + spread) * (0.7 + spread) + 299.0 * spread * spread;
    assert!(
        (forward.marginals[3][1] - expected).abs() < 1e-12,
        "{:?} vs {expected}",
        forward.marginals[3]
    );
    let tree = engine
        .posterior_using(&Evidence::new(), &[3], Some(Method::PrunedElimination))
        .expect("elimination");
    assert!((tree.marginals[3][1] - forward.marginals[3][1]).abs() < 1e-12);
}
