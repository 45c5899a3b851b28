//! Forward propagation of marginals, for queries without evidence.
//!
//! Without evidence (interventions aside) a variable's marginal is its CPT
//! averaged over the joint distribution of its parents:
//! P(v) = Σ_pa P(v | pa) P(pa). Two variables with no common ancestor are
//! independent, so the parents split into groups by shared ancestry (in the
//! graph after interventions, where an intervened variable is a constant
//! and shares ancestry with nothing); P(pa) is the product of the groups'
//! joint distributions. A group of one parent is that parent's marginal,
//! found earlier in topological order.
//!
//! A group of several parents gets its joint table by the chain rule where
//! that stays small: the group's latest member z is replaced by its parents,
//! P(C) = Σ P(z | pa(z)) P(C \ z ∪ pa(z)), and the new set is split again by
//! shared ancestry, down to single marginals; every set's table is built
//! once and shared (on pathfinder each group is a fault's marginal times a
//! finding's CPT). Where a table on that path would pass [`CHAIN_LIMIT`]
//! entries, the group's table comes from one variable elimination over its
//! relevant sub-network instead. Either way a group's table is shared by
//! every child with the same group.
//!
//! Each variable then costs one pass over its CPT. Where most variables'
//! parents do not share ancestors (munin, link, pathfinder) this replaces
//! one elimination per target by a few small tables or one elimination per
//! distinct group; where most do (water, barley) it saves little, and the
//! planner says so.

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

/// Per chain-rule table (allocating, building its projections).
const PER_CHAIN_STEP: f64 = 500.0;

/// Per entry of a chain-rule step's product table: copying the table it
/// expands in, multiplying the CPT in, summing onto the step's variables.
/// Cheaper than an elimination's entry ([`super::ELIMINATION_PASSES`]):
/// the step has exactly two factors and every table shares one layout
/// order.
const CHAIN_PASSES: f64 = 4.0;

/// The largest table (entries) a chain-rule step may build; past it the
/// group's joint table comes from elimination.
const CHAIN_LIMIT: usize = 1 << 16;

/// Above this many variables below the targets the ancestry bit sets
/// (variables² bits) cost too much memory, and forward propagation is not
/// considered.
const MAX_VARIABLES: usize = 40_000;

/// Where a table over some variables comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A single variable: its marginal.
    Marginal(usize),
    /// Several: the table built by `Forward::chain[i]`.
    Chain(usize),
    /// Several: the table computed by the elimination `Forward::joints[i]`.
    Joint(usize),
}

/// A table over some variables (in layout order, see `Planner::lay_out`)
/// and where it comes from.
type Part = (Vec<usize>, Source);

/// One chain-rule table over `vars` (in layout order).
#[derive(Debug, Clone)]
struct ChainStep {
    vars: Vec<usize>,
    kind: ChainKind,
}

#[derive(Debug, Clone)]
enum ChainKind {
    /// Variables in independent parts: the product of the parts' tables.
    Product(Vec<Part>),
    /// The latest variable `z` replaced by its parents: `from` is the table
    /// over `vars` without `z`, with `z`'s parents; its product with `z`'s
    /// CPT, over `union` (in layout order), is summed onto `vars`.
    Expand {
        z: usize,
        from: Part,
        union: Vec<usize>,
    },
}

/// One variable's forward step.
#[derive(Debug, Clone)]
struct Step {
    v: usize,
    /// Its parents' groups (empty for roots and intervened variables).
    parts: Vec<Part>,
    /// Chain tables `0..chain_upto` must be built before this step.
    chain_upto: usize,
}

/// A planned forward propagation.
#[derive(Debug, Clone)]
pub(crate) struct Forward {
    /// The targets and their ancestors, in topological order.
    steps: Vec<Step>,
    /// Chain-rule tables, each after those it reads.
    chain: Vec<ChainStep>,
    /// Eliminations giving the joint tables of the groups the chain rule
    /// would make too large.
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

    /// Chain-rule tables built for parent groups.
    pub(crate) fn chain_tables(&self) -> usize {
        self.chain.len()
    }

    /// Variables in the largest relevant sub-network eliminated for a group.
    pub(crate) fn largest_relevant(&self) -> usize {
        self.largest
    }
}

/// What planning needs at hand: the ancestry sets and the tables planned.
struct Planner<'a> {
    network: &'a Network,
    facts: &'a Facts,
    /// Position in topological order among the needed variables.
    local: Vec<usize>,
    words: usize,
    /// Per needed variable (local numbering): itself and its ancestors, not
    /// climbing past (nor counting) intervened variables.
    ancestry: Vec<u64>,
    /// Tables planned, by their variables.
    known: HashMap<Vec<usize>, Source>,
    chain: Vec<ChainStep>,
    joints: Vec<TargetOrder>,
    cost: f64,
    mark: Vec<u32>,
    scratch: Vec<usize>,
}

impl Planner<'_> {
    fn share(&self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.local[a] * self.words, self.local[b] * self.words);
        self.ancestry[ra..ra + self.words]
            .iter()
            .zip(&self.ancestry[rb..rb + self.words])
            .any(|(x, y)| x & y != 0)
    }

    /// `vars` split into groups that share ancestry, each in layout order.
    fn groups(&self, vars: &[usize]) -> Vec<Vec<usize>> {
        let mut root: Vec<usize> = (0..vars.len()).collect();
        fn find(root: &mut [usize], mut i: usize) -> usize {
            while root[i] != i {
                root[i] = root[root[i]];
                i = root[i];
            }
            i
        }
        for a in 0..vars.len() {
            for b in a + 1..vars.len() {
                if self.share(vars[a], vars[b]) {
                    let (ra, rb) = (find(&mut root, a), find(&mut root, b));
                    root[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut groups = Vec::new();
        for r in 0..vars.len() {
            if find(&mut root, r) != r {
                continue;
            }
            let mut members: Vec<usize> = (0..vars.len())
                .filter(|&i| find(&mut root, i) == r)
                .map(|i| vars[i])
                .collect();
            self.lay_out(&mut members);
            groups.push(members);
        }
        groups
    }

    /// Puts a table's variables in layout order: fewest states outermost,
    /// ties by id. Every table is laid out in this one order, so any
    /// table's variables appear in another's in the same relative order,
    /// and the variable with the most states is innermost, giving the
    /// longest contiguous runs.
    fn lay_out(&self, vars: &mut [usize]) {
        vars.sort_unstable_by_key(|&v| (self.network.cardinality(v), v));
    }

    fn entries(&self, vars: &[usize]) -> usize {
        vars.iter()
            .try_fold(1usize, |acc, &v| {
                acc.checked_mul(self.network.cardinality(v))
            })
            .unwrap_or(usize::MAX)
    }

    /// The joint table of one group (in layout order, sharing ancestry):
    /// by the chain rule if every table on the way stays within
    /// [`CHAIN_LIMIT`], else by elimination.
    fn group(&mut self, members: Vec<usize>) -> Source {
        if let [single] = members.as_slice() {
            return Source::Marginal(*single);
        }
        if let Some(&known) = self.known.get(&members) {
            return known;
        }
        let (chain_len, cost) = (self.chain.len(), self.cost);
        let mut added = Vec::new();
        match self.chain_rule(&members, &mut added) {
            Some(source) => source,
            None => {
                // Roll back the steps of the failed attempt.
                self.chain.truncate(chain_len);
                self.cost = cost;
                for key in added {
                    self.known.remove(&key);
                }
                self.eliminate(members)
            }
        }
    }

    /// The chain rule for a set sharing ancestry; `None` past the limit.
    fn chain_rule(&mut self, members: &[usize], added: &mut Vec<Vec<usize>>) -> Option<Source> {
        if let [single] = members {
            return Some(Source::Marginal(*single));
        }
        if let Some(&known) = self.known.get(members) {
            return Some(known);
        }
        // The latest member has no descendant in the set.
        let z = *members.iter().max_by_key(|&&v| self.local[v])?;
        let mut from_vars: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&v| v != z)
            .chain(self.network.parents(z).iter().copied())
            .collect();
        self.lay_out(&mut from_vars);
        from_vars.dedup();
        let mut union = from_vars.clone();
        union.push(z);
        self.lay_out(&mut union);
        let size = self.entries(&union);
        if size > CHAIN_LIMIT {
            return None;
        }
        let groups = self.groups(&from_vars);
        let from = if groups.len() == 1 {
            (from_vars.clone(), self.chain_rule(&from_vars, added)?)
        } else {
            let mut parts = Vec::with_capacity(groups.len());
            for group in groups {
                let source = self.chain_rule(&group, added)?;
                parts.push((group, source));
            }
            let step = self.chain.len();
            self.chain.push(ChainStep {
                vars: from_vars.clone(),
                kind: ChainKind::Product(parts),
            });
            self.cost += self.entries(&from_vars) as f64 * FORWARD_PASSES + PER_CHAIN_STEP;
            self.known.insert(from_vars.clone(), Source::Chain(step));
            added.push(from_vars.clone());
            (from_vars, Source::Chain(step))
        };
        let step = self.chain.len();
        self.chain.push(ChainStep {
            vars: members.to_vec(),
            kind: ChainKind::Expand { z, from, union },
        });
        // Building the product over `union`, multiplying in the CPT, summing.
        self.cost += size as f64 * CHAIN_PASSES + PER_CHAIN_STEP;
        self.known.insert(members.to_vec(), Source::Chain(step));
        added.push(members.to_vec());
        Some(Source::Chain(step))
    }

    /// The joint table of a group by elimination over its relevant
    /// sub-network.
    fn eliminate(&mut self, members: Vec<usize>) -> Source {
        let stamp = self.joints.len() as u32 + 2;
        let mut relevant = Vec::new();
        mark_ancestors(
            self.network,
            &self.facts.cut,
            members.iter().copied(),
            &mut self.mark,
            stamp,
            &mut relevant,
        );
        let (order, estimate) = elimination_order(
            self.network,
            self.facts,
            &members,
            &relevant,
            &mut self.scratch,
        );
        self.cost += estimate + relevant.len() as f64 * PER_VARIABLE;
        let source = Source::Joint(self.joints.len());
        self.known.insert(members.clone(), source);
        self.joints.push(TargetOrder {
            keep: members,
            relevant,
            order,
        });
        source
    }
}

/// Forward propagation towards some targets, planned in stages: each call
/// of [`ForwardPlanning::advance`] goes on from where the last one stopped
/// at its ceiling, so raising the ceiling never plans a variable twice.
pub(crate) struct ForwardPlanning<'a> {
    network: &'a Network,
    facts: &'a Facts,
    targets: Vec<usize>,
    /// The targets and their ancestors, in topological order.
    order: Vec<usize>,
    /// A lower bound of the cost: every needed CPT read once.
    floor: f64,
    /// Built on the first advance whose ceiling clears `floor`.
    planner: Option<Planner<'a>>,
    steps: Vec<Step>,
}

impl<'a> ForwardPlanning<'a> {
    /// Starts planning towards `targets`; `None` when there is evidence
    /// other than interventions, or when the network is too large for the
    /// ancestry sets.
    pub(crate) fn start(network: &'a Network, facts: &'a Facts, targets: &[usize]) -> Option<Self> {
        if !facts.seeds.is_empty() {
            return None;
        }
        let mut mark = vec![0u32; network.len()];
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
        let floor = needed
            .iter()
            .map(|&v| network.cpt(v).len() as f64 * FORWARD_PASSES + PER_FORWARD_VARIABLE)
            .sum();
        let order = network
            .topological_order()
            .iter()
            .copied()
            .filter(|&v| mark[v] == 1)
            .collect();
        Some(Self {
            network,
            facts,
            targets: targets.to_vec(),
            order,
            floor,
            planner: None,
            steps: Vec::new(),
        })
    }

    /// Plans on while the estimate stays within `ceiling`: the estimated
    /// cost once every variable is planned, `None` if it passed the ceiling
    /// first (a later call with a higher ceiling goes on from there).
    pub(crate) fn advance(&mut self, ceiling: f64) -> Option<f64> {
        if self.floor > ceiling {
            return None;
        }
        let (network, facts) = (self.network, self.facts);
        let order = &self.order;
        let planner = self
            .planner
            .get_or_insert_with(|| Planner::new(network, facts, order, self.floor));
        if planner.cost > ceiling {
            return None;
        }
        while let Some(&v) = order.get(self.steps.len()) {
            let mut parts = Vec::new();
            if !facts.cut[v] {
                // A variable stopped half-way is planned again from its
                // first group; the groups already planned are found known.
                for group in planner.groups(network.parents(v)) {
                    let source = planner.group(group.clone());
                    parts.push((group, source));
                    if planner.cost > ceiling {
                        return None;
                    }
                }
            }
            self.steps.push(Step {
                v,
                parts,
                chain_upto: planner.chain.len(),
            });
        }
        Some(planner.cost)
    }

    /// The plan, once [`ForwardPlanning::advance`] has returned a cost.
    pub(crate) fn finish(self) -> Forward {
        debug_assert_eq!(self.steps.len(), self.order.len());
        let (chain, joints) = match self.planner {
            Some(planner) => (planner.chain, planner.joints),
            None => (Vec::new(), Vec::new()),
        };
        let largest = joints.iter().map(|j| j.relevant.len()).max().unwrap_or(0);
        Forward {
            steps: self.steps,
            chain,
            joints,
            targets: self.targets,
            largest,
        }
    }
}

impl<'a> Planner<'a> {
    /// The ancestry sets of the variables in `order` (topological), which
    /// are their own ancestors' closure.
    fn new(network: &'a Network, facts: &'a Facts, order: &[usize], floor: f64) -> Self {
        let n = network.len();
        let mut local = vec![usize::MAX; n];
        for (i, &v) in order.iter().enumerate() {
            local[v] = i;
        }
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
        Planner {
            network,
            facts,
            local,
            words,
            ancestry,
            known: HashMap::new(),
            chain: Vec::new(),
            joints: Vec::new(),
            cost: floor,
            mark: vec![0u32; n],
            scratch: vec![0usize; n],
        }
    }
}

/// The error for forward propagation asked to take observations.
pub(super) fn refused() -> NetError {
    NetError::InvalidArgument(
        "the forward method answers only without evidence (interventions are allowed)".to_owned(),
    )
}

/// The table of `part` (over its variables, in layout order).
fn table<'a>(
    part: &Part,
    marginals: &'a [Vec<f64>],
    chain: &'a [Vec<f64>],
    joints: &'a [Vec<f64>],
) -> &'a [f64] {
    match part.1 {
        Source::Marginal(v) => &marginals[v],
        Source::Chain(i) => &chain[i],
        Source::Joint(i) => &joints[i],
    }
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
        return Err(refused());
    }
    let n = network.len();
    let cards = network.cardinalities();
    // The groups' joint tables by elimination, over sliced tables; they
    // need no marginal, so they come first.
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
    let mut chain: Vec<Vec<f64>> = Vec::with_capacity(forward.chain.len());
    let mut weights = Vec::new();
    let mut scratch = Vec::new();
    for step in &forward.steps {
        // The chain tables this step's groups read, built from marginals
        // already known.
        while chain.len() < step.chain_upto {
            let built = build_chain(
                network,
                cpts,
                &cards,
                &forward.chain[chain.len()],
                &marginals,
                &chain,
                &joints,
                &mut scratch,
            )?;
            chain.push(built);
        }
        let v = step.v;
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
        // The first part's table is copied in, the others multiplied.
        weights.clear();
        weights.resize(rows, 1.0);
        for (i, part) in step.parts.iter().enumerate() {
            let projection = Projection::new(parents, &part.0, &cards);
            let values = table(part, &marginals, &chain, &joints);
            if i == 0 {
                projection.assign(&mut weights, values);
            } else {
                projection.multiply(&mut weights, values);
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
        normalise(&mut out)?;
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

/// Scales a table to total 1. The total is summed in four lanes (one
/// chain of additions would wait on each), and the entries are multiplied
/// by its inverse rather than divided.
fn normalise(values: &mut [f64]) -> Result<(), NetError> {
    let mut lanes = [0.0f64; 4];
    let mut quads = values.chunks_exact(4);
    for quad in &mut quads {
        for (lane, x) in lanes.iter_mut().zip(quad) {
            *lane += x;
        }
    }
    let total =
        (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + quads.remainder().iter().sum::<f64>();
    if total <= 0.0 || !total.is_finite() {
        return Err(NetError::ZeroProbabilityEvidence);
    }
    if total != 1.0 {
        let inverse = 1.0 / total;
        values.iter_mut().for_each(|x| *x *= inverse);
    }
    Ok(())
}

/// Builds one chain-rule table.
fn build_chain(
    network: &Network,
    cpts: &[Vec<f64>],
    cards: &[usize],
    step: &ChainStep,
    marginals: &[Vec<f64>],
    chain: &[Vec<f64>],
    joints: &[Vec<f64>],
    scratch: &mut Vec<f64>,
) -> Result<Vec<f64>, NetError> {
    let len: usize = step.vars.iter().map(|&v| cards[v]).product();
    match &step.kind {
        ChainKind::Product(parts) => {
            let mut values = vec![0.0; len];
            for (i, part) in parts.iter().enumerate() {
                let projection = Projection::new(&step.vars, &part.0, cards);
                let table = table(part, marginals, chain, joints);
                if i == 0 {
                    projection.assign(&mut values, table);
                } else {
                    projection.multiply(&mut values, table);
                }
            }
            Ok(values)
        }
        ChainKind::Expand { z, from, union } => {
            let size: usize = union.iter().map(|&v| cards[v]).product();
            // Where z's parents are all in the set, the product is already
            // over the set's variables and nothing is summed out: it is built
            // in place. Otherwise in `scratch`, which every entry overwrites.
            let same = size == len;
            let mut built = Vec::new();
            let product = if same { &mut built } else { &mut *scratch };
            product.resize(size, 0.0);
            Projection::new(union, &from.0, cards)
                .assign(product, table(from, marginals, chain, joints));
            let mut family = network.parents(*z).to_vec();
            family.push(*z);
            Projection::new(union, &family, cards).multiply(product, &cpts[*z]);
            let mut values = if same {
                built
            } else {
                let mut values = vec![0.0; len];
                Projection::new(union, &step.vars, cards).sum_into(scratch, &mut values);
                values
            };
            normalise(&mut values)?;
            Ok(values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Evidence;
    use crate::network::NetworkBuilder;

    /// Twelve variables of two to four states, each with up to three of the
    /// four before it as parents (so parents share ancestry in many ways),
    /// then a 300-state trio whose group the chain rule cannot take, joined
    /// with the last two in one child.
    fn tangled() -> Network {
        let mut builder = NetworkBuilder::new("tangled");
        let names: Vec<String> = (0..12).map(|i| format!("x{i}")).collect();
        let cards: Vec<usize> = (0..12).map(|i| 2 + (i * 7) % 3).collect();
        for (name, &card) in names.iter().zip(&cards) {
            builder.variable(name, (0..card).map(|s| format!("s{s}")));
        }
        for i in 0..12usize {
            let parents: Vec<&str> = (i.saturating_sub(4)..i)
                .filter(|p| (i + p) % 4 != 0)
                .map(|p| names[p].as_str())
                .collect();
            let rows: usize = (i.saturating_sub(4)..i)
                .filter(|p| (i + p) % 4 != 0)
                .map(|p| cards[p])
                .product();
            let table: Vec<f64> = (0..rows)
                .flat_map(|row| {
                    let weights: Vec<f64> = (0..cards[i])
                        .map(|s| 1.0 + ((row * 5 + s * 3) % 7) as f64)
                        .collect();
                    let total: f64 = weights.iter().sum();
                    weights.into_iter().map(move |w| w / total)
                })
                .collect();
            builder.cpt(&names[i], &parents, table);
        }
        let states: Vec<String> = (0..300).map(|s| format!("s{s}")).collect();
        for name in ["a", "b", "c"] {
            builder.variable(name, states.iter().map(String::as_str));
        }
        builder.variable("d", ["no", "yes"]);
        builder.cpt("a", &[], vec![1.0 / 300.0; 300]);
        let copy: Vec<f64> = (0..300 * 300)
            .map(|k| {
                if k / 300 == k % 300 {
                    0.7 + 0.001
                } else {
                    0.001
                }
            })
            .collect();
        builder.cpt("b", &["a"], copy.clone());
        builder.cpt("c", &["a"], copy);
        // D's parents fall into two groups: (b, c) by elimination, then
        // (x10, x11) by the chain rule.
        let rows = cards[10] * cards[11];
        let agree: Vec<f64> = (0..300 * 300 * rows)
            .flat_map(|k| {
                let (k, noise) = (k / rows, (k % rows) as f64 * 0.01);
                if k / 300 == k % 300 {
                    [noise, 1.0 - noise]
                } else {
                    [1.0 - noise, noise]
                }
            })
            .collect();
        builder.cpt("d", &["b", "c", "x10", "x11"], agree);
        builder.build().expect("valid network")
    }

    #[test]
    fn planning_resumed_at_rising_ceilings_gives_the_plan_of_one_go() {
        let network = tangled();
        let facts = super::super::facts(&network, &Evidence::new()).expect("facts");
        let targets: Vec<usize> = (0..network.len()).rev().collect();
        let mut whole = ForwardPlanning::start(&network, &facts, &targets).expect("applies");
        let floor = whole.floor;
        let cost = whole.advance(f64::INFINITY).expect("no ceiling");
        let whole = whole.finish();
        assert!(
            whole.joints() >= 1 && whole.chain_tables() >= 2,
            "{whole:?}"
        );
        let mut staged = ForwardPlanning::start(&network, &facts, &targets).expect("applies");
        let mut paused_mid_way = 0;
        let mut last = None;
        for k in 0..=20 {
            let ceiling = floor * 0.5 + (cost - floor * 0.5) * f64::from(k) / 20.0;
            last = staged.advance(ceiling);
            if last.is_none() && staged.planner.is_some() && !staged.steps.is_empty() {
                paused_mid_way += 1;
            }
        }
        assert!(
            paused_mid_way >= 3,
            "the ceilings stopped planning only {paused_mid_way} times"
        );
        assert_eq!(last, Some(cost));
        let staged = staged.finish();
        assert_eq!(staged.steps.len(), whole.steps.len());
        assert_eq!(staged.joints(), whole.joints());
        assert_eq!(staged.chain_tables(), whole.chain_tables());
        let cpts: Vec<Vec<f64>> = (0..network.len())
            .map(|v| network.cpt(v).to_vec())
            .collect();
        let a = propagate(&network, &cpts, &facts, &whole).expect("propagates");
        let b = propagate(&network, &cpts, &facts, &staged).expect("propagates");
        assert_eq!(a.marginals, b.marginals);
    }

    #[test]
    fn every_table_is_laid_out_fewest_states_outermost() {
        let network = tangled();
        let facts = super::super::facts(&network, &Evidence::new()).expect("facts");
        let targets: Vec<usize> = (0..network.len()).collect();
        let mut planning = ForwardPlanning::start(&network, &facts, &targets).expect("applies");
        planning.advance(f64::INFINITY).expect("no ceiling");
        let plan = planning.finish();
        let key = |v: &usize| (network.cardinality(*v), *v);
        let laid_out = |vars: &[usize]| vars.windows(2).all(|w| key(&w[0]) < key(&w[1]));
        let mut tables = Vec::new();
        for step in &plan.chain {
            tables.push(step.vars.clone());
            match &step.kind {
                ChainKind::Product(parts) => tables.extend(parts.iter().map(|p| p.0.clone())),
                ChainKind::Expand { from, union, .. } => {
                    tables.push(from.0.clone());
                    tables.push(union.clone());
                }
            }
        }
        for step in &plan.steps {
            tables.extend(step.parts.iter().map(|p| p.0.clone()));
        }
        tables.extend(plan.joints.iter().map(|j| j.keep.clone()));
        for vars in &tables {
            assert!(laid_out(vars), "{vars:?} is not in layout order");
        }
        // The order differs from ascending ids somewhere, so this is not
        // the id order under another name.
        assert!(
            tables.iter().any(|vars| !vars.is_sorted()),
            "every table was in id order too"
        );
    }

    #[test]
    fn normalise_scales_to_one_and_refuses_a_zero_total() {
        for len in 1..=9 {
            let mut values: Vec<f64> = (0..len).map(|k| (k + 1) as f64).collect();
            let total: f64 = values.iter().sum();
            normalise(&mut values).expect("positive total");
            for (k, x) in values.iter().enumerate() {
                assert!(
                    (x - (k + 1) as f64 / total).abs() < 1e-15,
                    "{len}: {values:?}"
                );
            }
        }
        assert!(normalise(&mut [0.0; 5]).is_err());
        assert!(normalise(&mut [1.0, f64::NAN, 2.0, 3.0, 4.0]).is_err());
        assert!(normalise(&mut [f64::INFINITY, 1.0]).is_err());
    }
}
