//! Posterior marginals of the bnlearn networks against the answers pgmpy
//! (and pyAgrum where pgmpy did not finish) computed, to 1e-6 absolute.

use std::path::Path;

use serde_json::Value;
use statecraft_net::{Engine, Evidence, Method, Network, bif, ve};

use crate::{network_names, shared_bn};

const TOLERANCE: f64 = 1e-6;

fn load(dir: &Path, name: &str) -> Network {
    let text = std::fs::read_to_string(dir.join(format!("{name}.bif"))).expect("read bif");
    bif::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("reference JSON parses"))
}

fn evidence_of(network: &Network, reference: &Value) -> Evidence {
    let mut evidence = Evidence::new();
    if let Some(map) = reference["evidence"].as_object() {
        for (variable, state) in map {
            evidence
                .observe(network, variable, state.as_str().expect("state string"))
                .expect("reference evidence names known variables");
        }
    }
    evidence
}

/// Largest absolute difference between our marginals and the reference's;
/// fails on any variable or state the reference names that we lack.
fn max_difference(network: &Network, marginals: &[Vec<f64>], reference: &Value) -> f64 {
    let map = reference["marginals"]
        .as_object()
        .expect("marginals object");
    assert!(!map.is_empty());
    let mut worst: f64 = 0.0;
    for (variable, states) in map {
        let id = network
            .require(variable)
            .expect("reference variable exists");
        for (state, p) in states.as_object().expect("states object") {
            let s = network
                .require_state(id, state)
                .expect("reference state exists");
            let p = p.as_f64().expect("probability");
            worst = worst.max((marginals[id][s] - p).abs());
        }
    }
    worst
}

/// Reference files for a network: (file stem suffix, json).
fn references(dir: &Path, name: &str) -> Vec<(String, Value)> {
    ["ve_noev", "ve_ev", "agrum_noev", "agrum_ev"]
        .iter()
        .filter_map(|kind| {
            read_json(&dir.join("reference").join(format!("{name}.{kind}.json")))
                .map(|v| ((*kind).to_owned(), v))
        })
        .collect()
}

#[test]
fn planned_posterior_matches_reference_marginals_on_every_network() {
    let Some(dir) = shared_bn() else { return };
    let mut checked = 0;
    for name in network_names(&dir) {
        let refs = references(&dir, &name);
        if refs.is_empty() {
            continue;
        }
        let network = load(&dir, &name);
        let mut engine = Engine::new(&network).expect("compiles");
        for (kind, reference) in refs {
            let evidence = evidence_of(&network, &reference);
            let posterior = engine.posterior(&evidence).expect("inference");
            let worst = max_difference(&network, &posterior.marginals, &reference);
            assert!(
                worst <= TOLERANCE,
                "{name} {kind}: max difference {worst:e}"
            );
            checked += 1;
        }
    }
    let files = std::fs::read_dir(dir.join("reference"))
        .expect("reference folder")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains(".ve_") || name.contains(".agrum_")
        })
        .count();
    assert_eq!(checked, files, "every reference file is checked");
}

#[test]
fn variable_elimination_matches_reference_marginals_on_small_networks() {
    let Some(dir) = shared_bn() else { return };
    for name in [
        "asia",
        "cancer",
        "earthquake",
        "survey",
        "sachs",
        "child",
        "alarm",
        "insurance",
    ] {
        let network = load(&dir, name);
        for (kind, reference) in references(&dir, name) {
            let evidence = evidence_of(&network, &reference);
            let marginals: Vec<Vec<f64>> = (0..network.len())
                .map(|v| ve::marginal(&network, &evidence, v).expect("ve"))
                .collect();
            let worst = max_difference(&network, &marginals, &reference);
            assert!(
                worst <= TOLERANCE,
                "{name} {kind}: max difference {worst:e}"
            );
        }
    }
}

#[test]
fn every_method_matches_reference_marginals() {
    // The planner's choice is checked above; here each method is forced:
    // trees over relevant sub-networks on every network, pruned elimination
    // where its per-target work stays small (up to 100 variables), the
    // whole tree where it holds under 20 million entries, and forward
    // propagation wherever there is no evidence.
    let Some(dir) = shared_bn() else { return };
    for name in network_names(&dir) {
        let refs = references(&dir, &name);
        if refs.is_empty() {
            continue;
        }
        let network = load(&dir, &name);
        let all: Vec<usize> = (0..network.len()).collect();
        let mut engine = Engine::new(&network).expect("engine");
        let whole = engine.stats().map(|s| s.total_clique_entries).unwrap_or(0);
        let mut methods = vec![Method::RelevantTrees];
        if network.len() <= 100 {
            methods.push(Method::PrunedElimination);
        }
        if whole <= 20_000_000 {
            methods.push(Method::JunctionTree);
        }
        for (kind, reference) in &refs {
            let evidence = evidence_of(&network, reference);
            let mut methods = methods.clone();
            if evidence.is_empty() {
                methods.push(Method::Forward);
            }
            for &method in &methods {
                let posterior = engine
                    .posterior_using(&evidence, &all, Some(method))
                    .expect("inference");
                assert_eq!(posterior.plan.method, method);
                let worst = max_difference(&network, &posterior.marginals, reference);
                assert!(
                    worst <= TOLERANCE,
                    "{name} {kind} {method}: max difference {worst:e}"
                );
                if evidence.is_empty() {
                    // Without evidence P(e) = 1, up to the CPT rows' own
                    // rounding (each sums to 1 within 1e-6).
                    assert!(
                        posterior.log10_evidence.abs() < 1e-5,
                        "{name} {method}: log10 P(no evidence) = {}",
                        posterior.log10_evidence
                    );
                }
            }
        }
    }
}
