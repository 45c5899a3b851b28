//! Forward propagation of marginals, for queries without evidence.
//!
//! Without evidence (interventions aside) a variable's marginal is its CPT
//! averaged over the joint distribution of its parents:
//! P(v) = Σ_pa P(v | pa) P(pa). Two variables with no common ancestor are
//! independent, so the parents split into groups by shared ancestry (in the
//! graph after interventions, where an intervened variable is a constant
//! and shares ancestry with nothing); P(pa) is the product of the groups'
//! joint distributions. A group of one parent is that parent's marginal,
//! found earlier in topological order; a group of several parents gets its
//! joint table by one variable elimination over its relevant sub-network,
//! shared by every child with the same group.
//!
//! Each variable then costs one pass over its CPT. Where most variables'
//! parents do not share ancestors (munin, link, pathfinder) this replaces
//! one elimination per target by one per distinct group; where most do
//! (water, barley) it saves little, and the planner says so.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{
    Eliminated, Facts, PARALLEL_ABOVE, PER_VARIABLE, TargetOrder, eliminate_one, elimination_order,
    mark_ancestors, sliced_table,
};
use crate::error::NetError;
use crate::network::Network;
use crate::table::Projection;

/// Per CPT entry of a forward step (weighting the parents' configurations,
/// averaging the CPT's rows).
pub(crate) const FORWARD_PASSES: f64 = 2.0;

/// Per variable of a forward step (grouping its parents, allocating).
const PER_FORWARD_VARIABLE: f64 = 300.0;

/// Above this many variables below the targets the ancestry bit sets
/// (variables² bits) cost too much memory, and forward propagation is not
/// considered.
const MAX_VARIABLES: usize = 40_000;

/// Where a forward step reads one group of its parents from.
#[derive(Debug, Clone)]
enum Part {
    /// A single parent: its marginal.
    Marginal(usize),
    /// Several parents: the joint table computed by `Forward::joints[i]`.
    Joint(usize),
}

/// A planned forward propagation.
#[derive(Debug, Clone)]
pub(crate) struct Forward {
    /// The targets and their ancestors, in topological order, each with
    /// the groups of its parents (empty for roots and intervened variables).
    steps: Vec<(usize, Vec<Part>)>,
    /// Eliminations giving the joint tables of the groups of several parents.
    joints: Vec<TargetOrder>,
    /// The targets asked for (the others' marginals are not returned).
    targets: Vec<usize>,
    /// Variables in the largest group's relevant sub-network (0 if none).
    largest: usize,
}

impl Forward {
    /// Joint tables of parent groups computed by elimination.
    pub(crate) fn joints(&self) -> usize {
        self.joints.len()
    }

    /// Variables in the largest relevant sub-network eliminated for a group.
    pub(crate) fn largest_relevant(&self) -> usize {
        self.largest
    }
}

/// Plans forward propagation towards `targets` and estimates its cost;
/// `None` when there is evidence other than interventions, when the
/// network is too large for the ancestry sets, or once the estimate passes
/// `ceiling`.
pub(super) fn plan_forward(
    network: &Network,
    facts: &Facts,
    targets: &[usize],
    ceiling: f64,
) -> Option<(Forward, f64)> {
    if !facts.seeds.is_empty() {
        return None;
    }
    let n = network.len();
    let mut mark = vec![0u32; n];
    let mut needed = Vec::new();
    mark_ancestors(
        network,
        &facts.cut,
        targets.iter().copied(),
        &mut mark,
        1,
        &mut needed,
    );
    if needed.len() > MAX_VARIABLES {
        return None;
    }
    // A lower bound first: every CPT read once.
    let mut cost: f64 = needed
        .iter()
        .map(|&v| network.cpt(v).len() as f64 * FORWARD_PASSES + PER_FORWARD_VARIABLE)
        .sum();
    if cost > ceiling {
        return None;
    }
    // The needed variables in topological order, numbered locally.
    let mut local = vec![usize::MAX; n];
    let order: Vec<usize> = network
        .topological_order()
        .iter()
        .copied()
        .filter(|&v| mark[v] == 1)
        .collect();
    for (i, &v) in order.iter().enumerate() {
        local[v] = i;
    }
    // Ancestry bit sets over the local numbering: a variable and its
    // ancestors, not climbing past (nor counting) intervened variables.
    let words = order.len().div_ceil(64).max(1);
    let mut ancestry = vec![0u64; order.len() * words];
    for (i, &v) in order.iter().enumerate() {
        if facts.cut[v] {
            continue;
        }
        ancestry[i * words + i / 64] |= 1 << (i % 64);
        for &p in network.parents(v) {
            let j = local[p];
            let (before, row) = ancestry.split_at_mut(i * words);
            for (a, b) in row[..words]
                .iter_mut()
                .zip(&before[j * words..(j + 1) * words])
            {
                *a |= b;
            }
        }
    }
    let share = |a: usize, b: usize| -> bool {
        let (ra, rb) = (local[a] * words, local[b] * words);
        ancestry[ra..ra + words]
            .iter()
            .zip(&ancestry[rb..rb + words])
            .any(|(x, y)| x & y != 0)
    };
    let mut joints: Vec<TargetOrder> = Vec::new();
    let mut known: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut scratch = vec![0usize; n];
    let mut steps = Vec::with_capacity(order.len());
    for &v in &order {
        if facts.cut[v] {
            steps.push((v, Vec::new()));
            continue;
        }
        // Union the parents that share ancestry (parents are few).
        let parents = network.parents(v);
        let mut group: Vec<usize> = (0..parents.len()).collect();
        let find = |group: &mut Vec<usize>, mut i: usize| {
            while group[i] != i {
                group[i] = group[group[i]];
                i = group[i];
            }
            i
        };
        for a in 0..parents.len() {
            for b in a + 1..parents.len() {
                if share(parents[a], parents[b]) {
                    let (ra, rb) = (find(&mut group, a), find(&mut group, b));
                    group[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut parts = Vec::new();
        for root in 0..parents.len() {
            if find(&mut group, root) != root {
                continue;
            }
            let mut members: Vec<usize> = (0..parents.len())
                .filter(|&i| find(&mut group, i) == root)
                .map(|i| parents[i])
                .collect();
            if members.len() == 1 {
                parts.push(Part::Marginal(members[0]));
                continue;
            }
            members.sort_unstable();
            if let Some(&index) = known.get(&members) {
                parts.push(Part::Joint(index));
                continue;
            }
            let stamp = joints.len() as u32 + 2;
            let mut relevant = Vec::new();
            mark_ancestors(
                network,
                &facts.cut,
                members.iter().copied(),
                &mut mark,
                stamp,
                &mut relevant,
            );
            let (eliminated, estimate) =
                elimination_order(network, facts, &members, &relevant, &mut scratch);
            cost += estimate + relevant.len() as f64 * PER_VARIABLE;
            if cost > ceiling {
                return None;
            }
            known.insert(members.clone(), joints.len());
            parts.push(Part::Joint(joints.len()));
            joints.push(TargetOrder {
                keep: members,
                relevant,
                order: eliminated,
            });
        }
        steps.push((v, parts));
    }
    let largest = joints.iter().map(|j| j.relevant.len()).max().unwrap_or(0);
    let forward = Forward {
        steps,
        joints,
        targets: targets.to_vec(),
        largest,
    };
    Some((forward, cost))
}

/// Runs a planned forward propagation with the given CPT values (same
/// shapes as the network's).
pub(super) fn propagate(
    network: &Network,
    cpts: &[Vec<f64>],
    facts: &Facts,
    forward: &Forward,
) -> Result<Eliminated, NetError> {
    if !facts.seeds.is_empty() {
        return Err(NetError::InvalidArgument(
            "forward propagation answers only without evidence (interventions are allowed)"
                .to_owned(),
        ));
    }
    let n = network.len();
    let cards = network.cardinalities();
    // The groups' joint tables, by elimination over sliced tables.
    let mut tables = vec![None; n];
    for joint in &forward.joints {
        for &v in &joint.relevant {
            if tables[v].is_none() {
                tables[v] = Some(sliced_table(network, facts, &cpts[v], v));
            }
        }
    }
    let none = vec![None; n];
    let work = forward
        .joints
        .iter()
        .map(|j| j.relevant.len() as f64 * PER_VARIABLE)
        .sum::<f64>();
    let joints: Vec<Result<(Vec<f64>, f64), NetError>> = if work > PARALLEL_ABOVE {
        forward
            .joints
            .par_iter()
            .map_init(
                || vec![usize::MAX; n],
                |rank, joint| eliminate_one(network, facts, joint, &tables, &none, rank),
            )
            .collect()
    } else {
        let mut rank = vec![usize::MAX; n];
        forward
            .joints
            .iter()
            .map(|joint| eliminate_one(network, facts, joint, &tables, &none, &mut rank))
            .collect()
    };
    let joints = joints
        .into_iter()
        .map(|r| r.map(|(table, _)| table))
        .collect::<Result<Vec<_>, _>>()?;
    let mut marginals: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut weights = Vec::new();
    for (v, parts) in &forward.steps {
        let v = *v;
        let card = cards[v];
        if facts.cut[v] {
            let mut point = vec![0.0; card];
            point[facts.observed[v].unwrap_or(0)] = 1.0;
            marginals[v] = point;
            continue;
        }
        let parents = network.parents(v);
        let cpt = &cpts[v];
        let rows = cpt.len() / card;
        // The parents' joint distribution, in the CPT's row order.
        weights.clear();
        weights.resize(rows, 1.0);
        for part in parts {
            match part {
                Part::Marginal(p) => {
                    Projection::new(parents, &[*p], &cards).multiply(&mut weights, &marginals[*p])
                }
                Part::Joint(i) => Projection::new(parents, &forward.joints[*i].keep, &cards)
                    .multiply(&mut weights, &joints[*i]),
            }
        }
        let mut out = vec![0.0; card];
        for (row, &w) in cpt.chunks_exact(card).zip(&weights) {
            if w != 0.0 {
                for (o, x) in out.iter_mut().zip(row) {
                    *o += w * x;
                }
            }
        }
        let total: f64 = out.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(NetError::ZeroProbabilityEvidence);
        }
        out.iter_mut().for_each(|x| *x /= total);
        marginals[v] = out;
    }
    let mut wanted = vec![false; n];
    for &t in &forward.targets {
        wanted[t] = true;
    }
    for (v, marginal) in marginals.iter_mut().enumerate() {
        if !wanted[v] {
            marginal.clear();
        }
    }
    Ok(Eliminated {
        marginals,
        log_evidence: 0.0,
    })
}
