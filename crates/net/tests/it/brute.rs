//! Random small networks for proptest, and brute-force enumeration of their
//! joint distribution: the independent expectation the engines are checked
//! against. Written from the definitions only (product of CPT entries over
//! every full assignment), sharing no code with the library's inference.

use proptest::prelude::*;
use statecraft_net::{CptSpec, Evidence, Interval, Network, NetworkBuilder};

/// A generated network plus the evidence to try on it.
#[derive(Debug, Clone)]
pub struct Case {
    pub network: Network,
    /// (variable, state) observations.
    pub hard: Vec<(usize, usize)>,
    /// (variable, weights) likelihoods.
    pub soft: Vec<(usize, Vec<f64>)>,
    /// (variable, state) interventions.
    pub interventions: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Shape {
    cards: Vec<usize>,
    /// Parents of each variable, all earlier in generation order.
    parents: Vec<Vec<usize>>,
    /// Declaration order: generation index of the i-th declared variable.
    declared: Vec<usize>,
}

fn shape(max_vars: usize) -> impl Strategy<Value = Shape> {
    (1..=max_vars)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(1usize..=3, n),
                proptest::collection::vec(proptest::collection::vec(any::<bool>(), n), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
        .prop_map(|(cards, arcs, declared)| {
            let n = cards.len();
            let parents = (0..n)
                .map(|v| (0..v).filter(|&p| arcs[v][p]).take(3).collect())
                .collect();
            Shape {
                cards,
                parents,
                declared,
            }
        })
}

/// Random weights for a CPT; about one entry in six is zero.
fn weights(len: usize) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(prop_oneof![1 => Just(0.0), 5 => 0.01f64..1.0], len)
}

fn normalise_rows(weights: &[f64], card: usize) -> Vec<f64> {
    weights
        .chunks(card)
        .flat_map(|row| {
            let sum: f64 = row.iter().sum();
            if sum > 0.0 {
                row.iter().map(|w| w / sum).collect::<Vec<_>>()
            } else {
                let mut point = vec![0.0; row.len()];
                point[0] = 1.0;
                point
            }
        })
        .collect()
}

/// Builds the network with variables declared in shuffled order, so that
/// declaration order and topological order differ.
fn build(shape: &Shape, raw: &[Vec<f64>], intervals: Option<&[Vec<f64>]>) -> Network {
    let mut builder = NetworkBuilder::new("random");
    let name = |g: usize| format!("v{g}");
    for &g in &shape.declared {
        builder.variable(name(g), (0..shape.cards[g]).map(|s| format!("s{s}")));
    }
    for &g in &shape.declared {
        let parents: Vec<String> = shape.parents[g].iter().map(|&p| name(p)).collect();
        let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
        let values = normalise_rows(&raw[g], shape.cards[g]);
        let spec = match intervals {
            None => CptSpec::Values(values),
            Some(widths) => {
                let bounds = values
                    .iter()
                    .zip(&widths[g])
                    .map(|(&v, &w)| Interval::new((v - w).max(0.0), (v + w * 0.7).min(1.0)))
                    .collect();
                CptSpec::ValuesWithIntervals(values, bounds)
            }
        };
        builder.cpt_spec(&name(g), &parents, spec);
    }
    builder.build().expect("generated networks are valid")
}

fn raw_tables(shape: &Shape) -> impl Strategy<Value = Vec<Vec<f64>>> + use<> {
    let lens: Vec<usize> = (0..shape.cards.len())
        .map(|v| {
            shape.parents[v]
                .iter()
                .map(|&p| shape.cards[p])
                .product::<usize>()
                * shape.cards[v]
        })
        .collect();
    lens.into_iter().map(weights).collect::<Vec<_>>()
}

/// A random network of up to `max_vars` variables with random evidence.
pub fn case(max_vars: usize) -> impl Strategy<Value = Case> {
    shape(max_vars)
        .prop_flat_map(|shape| {
            let n = shape.cards.len();
            (
                Just(shape.clone()),
                raw_tables(&shape),
                proptest::collection::vec((0..n, 0usize..3, 0u8..8), 0..=3),
                proptest::collection::vec(0.0f64..1.0, 3 * 3),
            )
        })
        .prop_map(|(shape, raw, picks, likelihood)| {
            let network = build(&shape, &raw, None);
            let mut hard = Vec::new();
            let mut soft = Vec::new();
            let mut interventions = Vec::new();
            for (k, (g, state, kind)) in picks.into_iter().enumerate() {
                let id = network.id(&format!("v{g}")).expect("declared");
                let card = network.cardinality(id);
                let state = state % card;
                // Evidence refuses a second state for an observed or set variable
                // (tested in bad_input.rs); such a pick is left out.
                let contradicts = hard
                    .iter()
                    .chain(&interventions)
                    .any(|&(v, s)| v == id && s != state);
                if contradicts && kind != 4 && kind != 5 {
                    continue;
                }
                match kind {
                    0..=3 => hard.push((id, state)),
                    4..=5 => {
                        let mut w: Vec<f64> = likelihood[3 * k..3 * k + card].to_vec();
                        w[state] += 0.1;
                        soft.push((id, w));
                    }
                    _ => interventions.push((id, state)),
                }
            }
            Case {
                network,
                hard,
                soft,
                interventions,
            }
        })
}

/// A random network whose every CPT entry carries an interval.
pub fn interval_network(max_vars: usize) -> impl Strategy<Value = Network> {
    shape(max_vars)
        .prop_flat_map(|shape| {
            let widths = raw_tables(&shape).prop_map(|t| {
                t.into_iter()
                    .map(|row| row.into_iter().map(|w| w * 0.3).collect())
                    .collect::<Vec<Vec<f64>>>()
            });
            (Just(shape.clone()), raw_tables(&shape), widths)
        })
        .prop_map(|(shape, raw, widths)| build(&shape, &raw, Some(&widths)))
}

/// The full joint (with evidence weights applied) by enumeration.
pub struct Enumeration {
    /// Unnormalised marginals per variable.
    pub marginals: Vec<Vec<f64>>,
    /// Total mass: P(evidence).
    pub total: f64,
    /// Largest joint weight.
    pub best: f64,
}

impl Case {
    /// The case's observations, likelihoods and interventions as evidence.
    pub fn evidence(&self) -> Evidence {
        let network = &self.network;
        let mut evidence = Evidence::new();
        for &(v, s) in &self.hard {
            evidence.observe_id(network, v, s).expect("valid ids");
        }
        for (v, w) in &self.soft {
            evidence
                .likelihood_id(network, *v, w)
                .expect("valid likelihood");
        }
        for &(v, s) in &self.interventions {
            evidence.intervene_id(network, v, s).expect("valid ids");
        }
        evidence
    }

    pub fn enumerate(&self) -> Enumeration {
        enumerate(&self.network, &self.hard, &self.soft, &self.interventions)
    }
}

pub fn enumerate(
    network: &Network,
    hard: &[(usize, usize)],
    soft: &[(usize, Vec<f64>)],
    interventions: &[(usize, usize)],
) -> Enumeration {
    let n = network.len();
    let cards = network.cardinalities();
    let mut marginals: Vec<Vec<f64>> = cards.iter().map(|&c| vec![0.0; c]).collect();
    let mut states = vec![0usize; n];
    let mut total = 0.0;
    let mut best: f64 = 0.0;
    loop {
        let mut weight = 1.0;
        for v in 0..n {
            if let Some(&(_, x)) = interventions.iter().rev().find(|(u, _)| *u == v) {
                if states[v] != x {
                    weight = 0.0;
                }
                continue;
            }
            let mut row = 0;
            for &p in network.parents(v) {
                row = row * cards[p] + states[p];
            }
            weight *= network.cpt(v)[row * cards[v] + states[v]];
        }
        for &(v, x) in hard {
            if states[v] != x {
                weight = 0.0;
            }
        }
        for (v, w) in soft {
            weight *= w[states[*v]];
        }
        for v in 0..n {
            marginals[v][states[v]] += weight;
        }
        total += weight;
        best = best.max(weight);
        // Odometer, last variable fastest.
        let mut d = n;
        loop {
            if d == 0 {
                return Enumeration {
                    marginals,
                    total,
                    best,
                };
            }
            d -= 1;
            states[d] += 1;
            if states[d] < cards[d] {
                break;
            }
            states[d] = 0;
        }
    }
}

/// Joint weight of one full assignment under the same rules.
pub fn joint_weight(
    network: &Network,
    states: &[usize],
    hard: &[(usize, usize)],
    soft: &[(usize, Vec<f64>)],
    interventions: &[(usize, usize)],
) -> f64 {
    let cards = network.cardinalities();
    let mut weight = 1.0;
    for v in 0..network.len() {
        if let Some(&(_, x)) = interventions.iter().rev().find(|(u, _)| *u == v) {
            if states[v] != x {
                return 0.0;
            }
            continue;
        }
        let mut row = 0;
        for &p in network.parents(v) {
            row = row * cards[p] + states[p];
        }
        weight *= network.cpt(v)[row * cards[v] + states[v]];
    }
    for &(v, x) in hard {
        if states[v] != x {
            return 0.0;
        }
    }
    for (v, w) in soft {
        weight *= w[states[*v]];
    }
    weight
}
