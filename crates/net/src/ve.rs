//! Variable elimination for a single query, without compiling a junction tree.
//!
//! Before eliminating, variables that are neither the query, nor evidence,
//! nor ancestors of either are dropped (their CPTs sum to one), hard evidence
//! restricts the tables, and the remaining variables are eliminated in greedy
//! min-fill order over the factors' interaction graph. Worth it for one
//! question on a large network; for all marginals use [`crate::Engine`].

use crate::error::NetError;
use crate::evidence::{Evidence, surgery};
use crate::jtree::{DEFAULT_MAX_ENTRIES, normalise};
use crate::network::Network;
use crate::table::Projection;

/// A table over some variables (ids sorted ascending), last fastest.
#[derive(Debug, Clone)]
struct Factor {
    vars: Vec<usize>,
    values: Vec<f64>,
}

fn product(factors: &[Factor], cards: &[usize]) -> Result<Factor, NetError> {
    let mut vars: Vec<usize> = factors
        .iter()
        .flat_map(|f| f.vars.iter().copied())
        .collect();
    vars.sort_unstable();
    vars.dedup();
    // Refuse before allocating a table that cannot fit.
    let size: f64 = vars.iter().map(|&v| cards[v] as f64).product();
    if size > DEFAULT_MAX_ENTRIES {
        return Err(NetError::TooLarge {
            entries: size,
            largest: size,
            limit: DEFAULT_MAX_ENTRIES,
        });
    }
    let len = vars.iter().map(|&v| cards[v]).product();
    let mut values = vec![1.0; len];
    for factor in factors {
        Projection::new(&vars, &factor.vars, cards).multiply(&mut values, &factor.values);
    }
    Ok(Factor { vars, values })
}

fn sum_out(factor: &Factor, v: usize, cards: &[usize]) -> Factor {
    let vars: Vec<usize> = factor.vars.iter().copied().filter(|&u| u != v).collect();
    let len = vars.iter().map(|&u| cards[u]).product();
    let mut values = vec![0.0; len];
    Projection::new(&factor.vars, &vars, cards).sum_into(&factor.values, &mut values);
    Factor { vars, values }
}

/// The CPT of `v` as a factor over its sorted family.
fn cpt_factor(network: &Network, v: usize, cpt: &[f64], cards: &[usize]) -> Factor {
    let mut family = network.parents(v).to_vec();
    family.push(v);
    let mut vars = family.clone();
    vars.sort_unstable();
    let len = cpt.len();
    let mut values = vec![0.0; len];
    // Walk the sorted layout and read the CPT layout through a projection
    // from the sorted variables onto the family order.
    Projection::new(&vars, &family, cards).assign(&mut values, cpt);
    Factor { vars, values }
}

/// P(query | evidence) by variable elimination.
pub fn marginal(
    network: &Network,
    evidence: &Evidence,
    query: usize,
) -> Result<Vec<f64>, NetError> {
    if query >= network.len() {
        return Err(NetError::InvalidArgument(format!(
            "variable index {query} out of range"
        )));
    }
    let cards = network.cardinalities();
    let cpts = surgery(network, network.cpts(), evidence);
    let intervened: Vec<usize> = evidence.interventions.iter().map(|&(v, _)| v).collect();
    // Relevant variables: ancestors (in the mutilated graph) of the query
    // and the evidence.
    let mut relevant = vec![false; network.len()];
    let mut stack: Vec<usize> = std::iter::once(query)
        .chain(evidence.hard.iter().map(|&(v, _)| v))
        .chain(evidence.soft.iter().map(|(v, _)| *v))
        .collect();
    while let Some(v) = stack.pop() {
        if relevant[v] {
            continue;
        }
        relevant[v] = true;
        if !intervened.contains(&v) {
            stack.extend(network.parents(v).iter().copied());
        }
    }
    let mut factors: Vec<Factor> = Vec::new();
    for v in 0..network.len() {
        if !relevant[v] {
            continue;
        }
        if intervened.contains(&v) {
            let mut values = vec![0.0; cards[v]];
            let state = cpts[v].iter().position(|&x| x == 1.0).unwrap_or(0);
            values[state] = 1.0;
            factors.push(Factor {
                vars: vec![v],
                values,
            });
        } else {
            factors.push(cpt_factor(network, v, &cpts[v], &cards));
        }
    }
    for &(v, state) in &evidence.hard {
        let mut values = vec![0.0; cards[v]];
        values[state] = 1.0;
        factors.push(Factor {
            vars: vec![v],
            values,
        });
    }
    for (v, weights) in &evidence.soft {
        factors.push(Factor {
            vars: vec![*v],
            values: weights.clone(),
        });
    }
    let mut remaining: Vec<usize> = (0..network.len())
        .filter(|&v| relevant[v] && v != query)
        .collect();
    while !remaining.is_empty() {
        // Greedy min-fill on the current interaction graph; ties by the
        // size of the product table, then by id.
        let mut best = (usize::MAX, f64::INFINITY, usize::MAX);
        for (i, &v) in remaining.iter().enumerate() {
            let mut neighbours: Vec<usize> = factors
                .iter()
                .filter(|f| f.vars.contains(&v))
                .flat_map(|f| f.vars.iter().copied())
                .filter(|&u| u != v)
                .collect();
            neighbours.sort_unstable();
            neighbours.dedup();
            let mut fill = 0;
            for (a_index, &a) in neighbours.iter().enumerate() {
                for &b in &neighbours[a_index + 1..] {
                    if !factors
                        .iter()
                        .any(|f| f.vars.contains(&a) && f.vars.contains(&b))
                    {
                        fill += 1;
                    }
                }
            }
            let size: f64 =
                neighbours.iter().map(|&u| cards[u] as f64).product::<f64>() * cards[v] as f64;
            if (fill, size) < (best.0, best.1) {
                best = (fill, size, i);
            }
        }
        let v = remaining.swap_remove(best.2);
        let (with, without): (Vec<Factor>, Vec<Factor>) =
            factors.into_iter().partition(|f| f.vars.contains(&v));
        factors = without;
        if !with.is_empty() {
            factors.push(sum_out(&product(&with, &cards)?, v, &cards));
        }
    }
    let result = product(&factors, &cards)?;
    let mut out = vec![0.0; cards[query]];
    Projection::new(&result.vars, &[query], &cards).sum_into(&result.values, &mut out);
    if out.iter().sum::<f64>() <= 0.0 {
        return Err(NetError::ZeroProbabilityEvidence);
    }
    normalise(&mut out);
    Ok(out)
}
