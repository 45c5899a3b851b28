//! The query planner: every method (whole junction tree, trees over the
//! relevant sub-networks, pruned elimination per target) agrees with
//! brute-force enumeration and with the others, on random networks and on
//! the bnlearn references; the choice is recorded in the posterior.

use proptest::prelude::*;
use statecraft_net::{Engine, Evidence, Method, NetError, NetworkBuilder};

use crate::brute::{Case, case};

const METHODS: [Method; 3] = [
    Method::JunctionTree,
    Method::RelevantTrees,
    Method::PrunedElimination,
];

fn evidence_of(case: &Case) -> Evidence {
    let network = &case.network;
    let mut evidence = Evidence::new();
    for &(v, s) in &case.hard {
        evidence.observe_id(network, v, s).expect("valid ids");
    }
    for (v, w) in &case.soft {
        evidence
            .likelihood_id(network, *v, w)
            .expect("valid likelihood");
    }
    for &(v, s) in &case.interventions {
        evidence.intervene_id(network, v, s).expect("valid ids");
    }
    evidence
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_method_agrees_with_enumeration_on_any_targets(
        case in case(7),
        picks in proptest::collection::vec(0usize..7, 0..=4),
    ) {
        let expected = case.enumerate();
        let evidence = evidence_of(&case);
        let n = case.network.len();
        let mut targets: Vec<usize> = picks.into_iter().map(|t| t % n).collect();
        if targets.is_empty() {
            targets = (0..n).collect();
        }
        let mut engine = Engine::new(&case.network).expect("engine");
        for method in METHODS.into_iter().map(Some).chain([None]) {
            match engine.posterior_using(&evidence, &targets, method) {
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
    for method in METHODS {
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
