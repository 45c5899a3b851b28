//! Relevance reasoning and the choice of how to answer a posterior query:
//! the whole network's junction tree, junction trees over relevant
//! sub-networks, variable elimination pruned to each target's relevant
//! sub-network, or (without evidence) forward propagation.
//!
//! For a target T, only T's ancestors and the evidence variables' ancestors
//! matter (in the graph after interventions cut their variables' incoming
//! arcs): every other variable is barren — it has no evidence at or below
//! it, so its CPT sums out to one — and is dropped before any table is
//! built. The distribution of a set of variables closed under parents is that
//! of the sub-network it induces, so one junction tree over the ancestors of
//! a target (and of the evidence) answers for every variable in it: only
//! maximal targets (no target below them) get a tree, and those with the same
//! parents share one ([`Method::RelevantTrees`]). Pruned elimination
//! ([`Method::PrunedElimination`]) slices hard evidence out of the CPTs once
//! per query, then eliminates each target's relevant variables in a greedy
//! min-fill order, bucket by bucket, each intermediate table normalised with
//! its scale kept as a logarithm. Without evidence (interventions aside),
//! forward propagation ([`Method::Forward`], `relevance/forward.rs`) averages
//! each variable's CPT over its parents' joint distribution in topological
//! order: parents with no common ancestor are independent, so only groups of
//! parents that share ancestry need a joint table, one elimination per
//! distinct group instead of one per target.
//!
//! The planner ([`crate::Engine::plan`]) estimates each method in rough
//! nanoseconds: clique entries times a per-entry calibration cost plus
//! compilation for the trees, product-table entries plus a per-variable
//! set-up for elimination, every CPT entry once plus the groups' eliminations
//! for forward propagation. It checks a cheap lower bound (compilation, or
//! set-up, plus every CPT touched once) before building anything, and
//! abandons an estimate as soon as it passes a cheaper one. Forward
//! propagation is estimated first, against a lower bound of the whole
//! tree's cost: when it wins there, the whole network is never triangulated.
//! Without evidence the relevant sub-networks are small wherever the large
//! cliques come from marrying the parents of a few nodes; with evidence every
//! sub-network holds the evidence's ancestors and the whole tree usually wins.
//!
//! This module does not use d-separation to drop evidence that is irrelevant
//! to a target: every target keeps all the evidence, so that each method also
//! yields the probability of the evidence. Pruned elimination shares no work
//! between targets, nor forward propagation between its groups' eliminations.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;

use crate::error::NetError;
use crate::evidence::Evidence;
use rayon::prelude::*;

use crate::jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, LEAN_ABOVE, Mode};

mod forward;

use crate::network::Network;
use crate::table::Projection;
use crate::triangulate::{Entry, Heuristic};
pub(crate) use forward::Forward;

// The cost model, in rough nanoseconds on one core, measured on the bnlearn
// networks; only the ratios between the methods matter.

/// Per clique-table entry, one calibration (allocating the tables, loading
/// the CPTs, collect, distribute, reading marginals).
pub(crate) const TREE_PASSES: f64 = 20.0;

/// Compiling a tree over `variables` variables with `heuristics`
/// triangulations: each greedy step scans the variables left.
fn compile_cost(variables: usize, heuristics: usize) -> f64 {
    let k = variables as f64;
    heuristics as f64 * k * (3_000.0 + 25.0 * k)
}

/// The whole network's tree, compiled once per engine and calibrated in
/// place, runs about twice as fast per estimated unit as the other methods
/// (fitted with `cargo bench -p statecraft-net --bench inference --
/// --methods NET ...` on the bnlearn networks, 36 cases with and without
/// evidence: with this factor the planner's choice was the fastest method
/// on the median case, and at worst 1.7× the fastest).
const WHOLE_TREE_SCALE: f64 = 0.5;

/// Without evidence a relevant sub-network is its targets' ancestors, and
/// collection in its tree skips most messages (those known to be 1, see
/// `JunctionTree::mark_unit_messages`): its calibration costs this fraction
/// of one with evidence (fitted with `--methods` as above: without
/// evidence the relevant trees took 0.22 to 0.61 of their estimate).
const UNIT_MESSAGES_SCALE: f64 = 0.6;

/// Per entry of an elimination's product table (building it from its
/// factors, summing the variable out).
pub(crate) const ELIMINATION_PASSES: f64 = 6.0;

/// Per variable of a target's relevant sub-network, setting up its
/// elimination (ordering, placing tables).
const PER_VARIABLE: f64 = 1_500.0;

/// Planning a method costs time of its own (compiling the sub-networks'
/// trees, ordering each target's elimination), about as much as the part
/// of its estimate planned before it loses: a method is planned only when
/// its cheap lower bound is below this fraction of the best estimate so far.
const PLAN_MARGIN: f64 = 0.5;

/// Below this estimated cost a query runs on one thread: waking the pool's
/// threads costs more than it saves on small work.
const PARALLEL_ABOVE: f64 = 1_000_000.0;

/// A whole tree of at most this many clique entries, and estimated at most
/// [`SMALL_TREE`], is used without estimating the other methods: planning
/// them would cost about as much as the answer (asia, child, alarm, sachs).
const SMALL_TREE_ENTRIES: f64 = 2_500.0;
const SMALL_TREE: f64 = 500_000.0;

/// How a set of posterior marginals was (or will be) computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// One calibration of the whole network's junction tree.
    JunctionTree,
    /// One calibration each of junction trees over the relevant
    /// sub-networks of groups of targets.
    RelevantTrees,
    /// One variable elimination per target over its relevant sub-network.
    PrunedElimination,
    /// Without evidence: each variable's CPT averaged over its parents'
    /// joint distribution, in topological order (see `relevance/forward.rs`).
    Forward,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::JunctionTree => "junction-tree",
            Method::RelevantTrees => "relevant-trees",
            Method::PrunedElimination => "pruned-elimination",
            Method::Forward => "forward",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The planner's choice and the estimates behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub method: Method,
    /// Estimated cost of one calibration of the whole tree; `None` when
    /// another method's estimate fell below a lower bound of it, so the
    /// whole network was never triangulated to estimate it.
    pub tree_cost: Option<f64>,
    /// Estimated entries touched by the relevant sub-networks' trees; `None`
    /// when the estimate was abandoned after passing a cheaper one.
    pub subtree_cost: Option<f64>,
    /// Relevant sub-networks' trees planned (0 unless estimated).
    pub subtrees: usize,
    /// Estimated entries touched by pruned elimination for every target;
    /// `None` when the estimate was abandoned after passing a cheaper one.
    pub elimination_cost: Option<f64>,
    /// Estimated cost of forward propagation; `None` when there is evidence
    /// other than interventions, or when the estimate was abandoned after
    /// passing a cheaper one.
    pub forward_cost: Option<f64>,
    /// Joint tables of parent groups that forward propagation eliminates
    /// for (0 unless estimated).
    pub forward_joints: usize,
    /// Tables forward propagation builds by the chain rule for parent
    /// groups (0 unless estimated).
    pub forward_chain: usize,
    /// Targets asked for.
    pub targets: usize,
    /// Largest relevant sub-network of any target (variables), among the
    /// targets estimated; for forward propagation, of any group of parents
    /// it eliminates for.
    pub largest_relevant: usize,
}

impl Plan {
    /// The whole tree, with no other method estimated.
    pub(crate) fn whole_tree(
        tree_cost: Option<f64>,
        targets: usize,
        largest_relevant: usize,
    ) -> Self {
        Plan {
            method: Method::JunctionTree,
            tree_cost,
            subtree_cost: None,
            subtrees: 0,
            elimination_cost: None,
            forward_cost: None,
            forward_joints: 0,
            forward_chain: 0,
            targets,
            largest_relevant,
        }
    }
}

/// One elimination: the variables to eliminate, in order, leaving a table
/// over the kept variables (a target, or a group of parents for
/// [`Method::Forward`]).
#[derive(Debug, Clone)]
pub(crate) struct TargetOrder {
    /// The variables kept, ascending; the result is their joint table.
    keep: Vec<usize>,
    /// Relevant variables (ancestral set), including the kept ones.
    relevant: Vec<usize>,
    order: Vec<usize>,
}

/// A plan with what its method needs: the elimination orders, or the
/// sub-networks' trees.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub plan: Plan,
    pub orders: Vec<TargetOrder>,
    pub subtrees: Vec<Subtree>,
    pub forward: Option<Forward>,
}

/// Evidence in the shape elimination needs, checked for contradictions.
struct Facts {
    /// Observed state per variable (interventions count as observed for the
    /// intervened variable's own table).
    observed: Vec<Option<usize>>,
    /// Intervened variables: their incoming arcs are cut.
    cut: Vec<bool>,
    /// Variables carrying evidence (hard or soft): seeds of every relevant set.
    seeds: Vec<usize>,
}

fn facts(network: &Network, evidence: &Evidence) -> Result<Facts, NetError> {
    let n = network.len();
    let mut observed = vec![None; n];
    let mut cut = vec![false; n];
    // `Evidence` refuses a second state for an observed or set variable; this
    // check stays for evidence built any other way.
    for &(v, s) in &evidence.interventions {
        observed[v] = Some(s);
    }
    for &(v, s) in &evidence.hard {
        match observed[v] {
            Some(previous) if previous != s => return Err(NetError::ZeroProbabilityEvidence),
            _ => observed[v] = Some(s),
        }
    }
    for &(v, _) in &evidence.interventions {
        cut[v] = true;
    }
    let mut seeds: Vec<usize> = evidence
        .hard
        .iter()
        .map(|&(v, _)| v)
        .chain(evidence.soft.iter().map(|(v, _)| *v))
        .collect();
    seeds.sort_unstable();
    seeds.dedup();
    Ok(Facts {
        observed,
        cut,
        seeds,
    })
}

/// Marks the ancestors of `start` (inclusive) not yet marked with `stamp`,
/// not climbing past cut variables, and appends them to `out`.
fn mark_ancestors(
    network: &Network,
    cut: &[bool],
    start: impl IntoIterator<Item = usize>,
    mark: &mut [u32],
    stamp: u32,
    out: &mut Vec<usize>,
) {
    let mut stack: Vec<usize> = start.into_iter().collect();
    while let Some(v) = stack.pop() {
        if mark[v] == stamp {
            continue;
        }
        mark[v] = stamp;
        out.push(v);
        if !cut[v] {
            stack.extend(
                network
                    .parents(v)
                    .iter()
                    .copied()
                    .filter(|&p| mark[p] != stamp),
            );
        }
    }
}

/// The scope of `v`'s table once hard evidence has sliced it: its family
/// (parents unless cut, then `v`) without the observed variables.
fn scope(network: &Network, facts: &Facts, v: usize, out: &mut Vec<usize>) {
    out.clear();
    if !facts.cut[v] {
        out.extend(
            network
                .parents(v)
                .iter()
                .copied()
                .filter(|&p| facts.observed[p].is_none()),
        );
    }
    if facts.observed[v].is_none() {
        out.push(v);
    }
}

/// A greedy elimination order for every variable of `relevant` except the
/// kept and observed variables, over the interaction graph of the sliced
/// tables, and its cost estimate: for each elimination, the product table's
/// size times [`ELIMINATION_PASSES`]. The order is min-fill (ties by table
/// size, then by position); where it is costly against the planning of a
/// second order, min-weight (ties by fill) is planned too and the cheaper
/// kept. Neither heuristic dominates: on munin1's largest parent group
/// min-weight needs a third of min-fill's arithmetic, on water's targets
/// min-fill is the cheaper.
fn elimination_order(
    network: &Network,
    facts: &Facts,
    keep: &[usize],
    relevant: &[usize],
    local: &mut [usize],
) -> (Vec<usize>, f64) {
    let first = greedy_order(network, facts, keep, relevant, local, Greedy::MinFill);
    let k = relevant.len() as f64;
    if first.1 < SECOND_ORDER_ABOVE.max(k * k * PER_ORDER_PAIR) {
        return first;
    }
    let second = greedy_order(network, facts, keep, relevant, local, Greedy::MinWeight);
    if second.1 < first.1 { second } else { first }
}

/// An elimination order estimated below this cost (ns) is kept without
/// planning a second one.
const SECOND_ORDER_ABOVE: f64 = 1e6;

/// Planning one greedy order over k variables costs about k² times this
/// (ns); a second order is planned only where the first costs more than
/// that.
const PER_ORDER_PAIR: f64 = 10.0;

/// The criterion of a greedy elimination order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Greedy {
    /// Fewest fill-in edges, ties by the smallest product table.
    MinFill,
    /// Smallest product table, ties by fewest fill-in edges.
    MinWeight,
}

/// One greedy elimination order by `greedy`, and its cost estimate.
fn greedy_order(
    network: &Network,
    facts: &Facts,
    keep: &[usize],
    relevant: &[usize],
    local: &mut [usize],
    greedy: Greedy,
) -> (Vec<usize>, f64) {
    let vars: Vec<usize> = relevant
        .iter()
        .copied()
        .filter(|&v| facts.observed[v].is_none() || keep.contains(&v))
        .collect();
    let k = vars.len();
    for (i, &v) in vars.iter().enumerate() {
        local[v] = i;
    }
    let words = k.div_ceil(64).max(1);
    let mut adjacency = vec![0u64; k * words];
    let mut family = Vec::new();
    for &v in relevant {
        scope(network, facts, v, &mut family);
        for (i, &a) in family.iter().enumerate() {
            let la = local[a];
            for &b in &family[i + 1..] {
                let lb = local[b];
                adjacency[la * words + lb / 64] |= 1 << (lb % 64);
                adjacency[lb * words + la / 64] |= 1 << (la % 64);
            }
        }
    }
    let log_card: Vec<f64> = vars
        .iter()
        .map(|&v| (network.cardinality(v) as f64).ln())
        .collect();
    // (fill-in edges, log table size) of eliminating `a` next.
    let score = |adjacency: &[u64], a: usize| -> (f64, f64) {
        let (fill, _, neighbour_weight) = crate::triangulate::fill_in(
            &adjacency[a * words..(a + 1) * words],
            |x| &adjacency[x * words..(x + 1) * words],
            &log_card,
            None,
        );
        (fill, log_card[a] + neighbour_weight)
    };
    let key = |a: usize, (fill, weight): (f64, f64)| -> Reverse<Entry> {
        Reverse(match greedy {
            Greedy::MinFill => Entry((fill, weight), a),
            Greedy::MinWeight => Entry((weight, fill), a),
        })
    };
    let mut alive = vec![true; k];
    let mut kept = vec![false; k];
    for &v in keep {
        kept[local[v]] = true;
    }
    let mut scores: Vec<(f64, f64)> = (0..k).map(|a| score(&adjacency, a)).collect();
    // The next variable is the smallest key in a heap; an entry whose score
    // is no longer the variable's own is stale and skipped.
    let mut heap: BinaryHeap<Reverse<Entry>> = (0..k)
        .filter(|&a| !kept[a])
        .map(|a| key(a, scores[a]))
        .collect();
    let mut order = Vec::with_capacity(k.saturating_sub(1));
    let mut cost = 0.0;
    let mut dirty = vec![0u64; words];
    let mut ns = Vec::new();
    while let Some(Reverse(entry)) = heap.pop() {
        let best = entry.1;
        if !alive[best] || key(best, scores[best]).0 != entry {
            continue;
        }
        alive[best] = false;
        order.push(vars[best]);
        cost += scores[best].1.exp() * ELIMINATION_PASSES;
        ns.clear();
        let row = best * words;
        for w in 0..words {
            let mut bits = adjacency[row + w];
            while bits != 0 {
                ns.push(w * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
        // The neighbours lose `best` and become a clique.
        for &a in &ns {
            let own = a * words;
            adjacency[own + best / 64] &= !(1 << (best % 64));
            for w in 0..words {
                adjacency[own + w] |= adjacency[row + w];
            }
            adjacency[own + a / 64] &= !(1 << (a % 64));
        }
        // Scores change for the neighbours and for their neighbours.
        for &a in &ns {
            dirty[a / 64] |= 1 << (a % 64);
            for w in 0..words {
                dirty[w] |= adjacency[a * words + w];
            }
        }
        for (w, word) in dirty.iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let a = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if alive[a] {
                    let new = score(&adjacency, a);
                    if new != scores[a] {
                        scores[a] = new;
                        if !kept[a] {
                            heap.push(key(a, new));
                        }
                    }
                }
            }
        }
    }
    (order, cost)
}

/// A junction tree over one relevant sub-network: the ancestors of a group
/// of targets and of the evidence.
#[derive(Debug, Clone)]
pub(crate) struct Subtree {
    /// The sub-network's variables (network ids, ascending); local id `i`
    /// is `vars[i]`.
    vars: Vec<usize>,
    tree: JunctionTree,
    /// Targets whose marginals are read from this tree (network ids).
    targets: Vec<usize>,
}

/// Targets deduplicated, those with the most ancestors first (children after
/// parents in a topological order), so an estimate that loses is abandoned
/// early.
fn sorted_targets(network: &Network, targets: &[usize]) -> Vec<usize> {
    let mut position = vec![0usize; network.len()];
    for (i, &v) in network.topological_order().iter().enumerate() {
        position[v] = i;
    }
    let mut sorted: Vec<usize> = targets.to_vec();
    sorted.sort_by_key(|&t| std::cmp::Reverse(position[t]));
    sorted.dedup();
    sorted
}

/// Junction trees over the relevant sub-networks of groups of targets, and
/// their estimated cost; `None` once the cost passes `ceiling`.
///
/// Only maximal targets (no other target below them) need a tree of their
/// own: the marginal of any set of variables closed under parents (in the
/// graph after interventions), holding the evidence, is that of the
/// sub-network it induces, so every target is read from a tree that holds it.
/// Maximal targets with the same parents share a tree.
fn plan_subtrees(
    network: &Network,
    facts: &Facts,
    sorted: &[usize],
    ceiling: f64,
) -> Result<Option<(Vec<Subtree>, f64, usize)>, NetError> {
    let n = network.len();
    let mut is_target = vec![false; n];
    for &t in sorted {
        is_target[t] = true;
    }
    // Whether a target lies strictly below each variable.
    let mut target_below = vec![false; n];
    for &v in network.topological_order().iter().rev() {
        if facts.cut[v] {
            continue;
        }
        let below = target_below[v] || is_target[v];
        if below {
            for &p in network.parents(v) {
                target_below[p] = true;
            }
        }
    }
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for &t in sorted {
        if target_below[t] {
            continue;
        }
        let parents: Vec<usize> = if facts.cut[t] {
            Vec::new()
        } else {
            let mut ps = network.parents(t).to_vec();
            ps.sort_unstable();
            ps
        };
        match groups.iter_mut().find(|(key, _)| *key == parents) {
            Some((_, members)) => members.push(t),
            None => groups.push((parents, vec![t])),
        }
    }
    let passes = if facts.seeds.is_empty() {
        TREE_PASSES * UNIT_MESSAGES_SCALE
    } else {
        TREE_PASSES
    };
    // The sub-networks first: compiling them alone may already cost more
    // than the ceiling, and then nothing is compiled.
    let mut covered = vec![false; n];
    let mut mark = vec![0u32; n];
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut cost = 0.0;
    for (i, (_, members)) in groups.iter().enumerate() {
        if members.iter().all(|&t| covered[t]) {
            continue;
        }
        let mut vars = Vec::new();
        mark_ancestors(
            network,
            &facts.cut,
            members.iter().copied().chain(facts.seeds.iter().copied()),
            &mut mark,
            i as u32 + 1,
            &mut vars,
        );
        for &v in &vars {
            covered[v] = true;
        }
        // Every CPT is loaded into a clique at least as large.
        let tables: usize = vars.iter().map(|&v| network.cpt(v).len()).sum();
        cost += compile_cost(vars.len(), 1) + tables as f64 * passes;
        if cost > ceiling * PLAN_MARGIN {
            return Ok(None);
        }
        vars.sort_unstable();
        sets.push(vars);
    }
    let mut covered = vec![false; n];
    let mut local = vec![usize::MAX; n];
    let mut subtrees = Vec::new();
    let mut largest = 0;
    for vars in sets {
        largest = largest.max(vars.len());
        for (k, &v) in vars.iter().enumerate() {
            local[v] = k;
        }
        let cards: Vec<usize> = vars.iter().map(|&v| network.cardinality(v)).collect();
        let parents: Vec<Vec<usize>> = vars
            .iter()
            .map(|&v| {
                if facts.cut[v] {
                    Vec::new()
                } else {
                    network.parents(v).iter().map(|&p| local[p]).collect()
                }
            })
            .collect();
        let remaining = ((ceiling - cost) / passes).min(DEFAULT_MAX_ENTRIES);
        let tree = match JunctionTree::compile_with(
            &cards,
            &parents,
            remaining.max(0.0),
            &[Heuristic::MinFill],
        ) {
            Ok(tree) => tree,
            Err(NetError::TooLarge { .. }) => return Ok(None),
            Err(other) => return Err(other),
        };
        let tables: usize = vars.iter().map(|&v| network.cpt(v).len()).sum();
        cost += (tree.stats().total_clique_entries as f64 - tables as f64) * passes;
        if cost > ceiling {
            return Ok(None);
        }
        let targets: Vec<usize> = vars
            .iter()
            .copied()
            .filter(|&v| is_target[v] && !covered[v])
            .collect();
        for &v in &targets {
            covered[v] = true;
        }
        subtrees.push(Subtree {
            vars,
            tree,
            targets,
        });
    }
    Ok(Some((subtrees, cost, largest)))
}

/// Elimination orders for every target and their estimated cost; `None`
/// once the cost passes `ceiling`.
fn plan_orders(
    network: &Network,
    facts: &Facts,
    sorted: &[usize],
    ceiling: f64,
) -> Option<(Vec<TargetOrder>, f64, usize)> {
    let n = network.len();
    let mut mark = vec![0u32; n];
    let mut local = vec![0usize; n];
    // The relevant sets first: setting them up and multiplying in each
    // table once may already cost more than the ceiling, and then no order
    // is computed.
    let mut sets = Vec::with_capacity(sorted.len());
    let mut bound = 0.0;
    for (i, &target) in sorted.iter().enumerate() {
        let mut relevant = Vec::new();
        mark_ancestors(
            network,
            &facts.cut,
            std::iter::once(target).chain(facts.seeds.iter().copied()),
            &mut mark,
            i as u32 + 1,
            &mut relevant,
        );
        let tables: usize = relevant.iter().map(|&v| network.cpt(v).len()).sum();
        bound += relevant.len() as f64 * PER_VARIABLE + tables as f64 * ELIMINATION_PASSES;
        if bound > ceiling * PLAN_MARGIN {
            return None;
        }
        sets.push((target, relevant));
    }
    let mut orders = Vec::with_capacity(sorted.len());
    let mut total = 0.0;
    let mut largest = 0;
    for (target, relevant) in sets {
        largest = largest.max(relevant.len());
        let keep = vec![target];
        let (order, cost) = elimination_order(network, facts, &keep, &relevant, &mut local);
        total += cost + relevant.len() as f64 * PER_VARIABLE;
        if total > ceiling {
            return None;
        }
        orders.push(TargetOrder {
            keep,
            relevant,
            order,
        });
    }
    Some((orders, total, largest))
}

/// The estimated cost of one calibration of a tree with `entries` clique
/// entries over `variables` variables, compiling it first unless `compiled`.
pub(crate) fn tree_cost(entries: f64, variables: usize, compiled: bool) -> f64 {
    let compile = if compiled {
        0.0
    } else {
        compile_cost(variables, Heuristic::ALL.len())
    };
    (entries * TREE_PASSES + compile) * WHOLE_TREE_SCALE
}

/// How far past the tree's lower bound forward propagation is planned
/// before the tree is estimated (see [`plan`]).
const FORWARD_PROBE: f64 = 4.0;

/// The whole tree's size and estimated cost, as far as it was estimated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TreeEstimate {
    /// Clique entries: all of them, or those found before the estimate
    /// passed its ceiling.
    pub entries: f64,
    /// [`tree_cost`] of those entries.
    pub cost: f64,
    /// False when stopped past the ceiling: the real cost is higher still.
    pub complete: bool,
}

/// The most clique entries a tree not yet compiled, over `variables`
/// variables, may hold for [`tree_cost`] to stay below `cost`.
pub(crate) fn tree_entries_below(cost: f64, variables: usize) -> f64 {
    let compile = compile_cost(variables, Heuristic::ALL.len());
    (cost / WHOLE_TREE_SCALE - compile) / TREE_PASSES
}

/// A lower bound of [`tree_cost`] for a tree not yet compiled: compiling
/// it, and calibrating at least its largest family.
pub(crate) fn tree_floor(network: &Network) -> f64 {
    let largest = (0..network.len())
        .map(|v| network.cpt(v).len())
        .max()
        .unwrap_or(0);
    tree_cost(largest as f64, network.len(), false)
}

/// Chooses how to answer: the whole network's junction tree, junction
/// trees over the relevant sub-networks, pruned elimination per target, or
/// forward propagation, whichever is estimated cheapest; or the method given
/// in `force`. `tree(ceiling)` gives the whole tree's clique entries and
/// estimated cost (see [`tree_cost`]), which may mean triangulating the
/// whole network, and whether the estimate is complete: it may stop once
/// the cost passes `ceiling`. It is not called when forward propagation is
/// estimated below `tree_floor`, a lower bound of that cost.
pub(crate) fn plan(
    network: &Network,
    evidence: &Evidence,
    targets: &[usize],
    tree: &mut dyn FnMut(f64) -> TreeEstimate,
    tree_floor: f64,
    force: Option<Method>,
) -> Result<Planned, NetError> {
    if force == Some(Method::Forward) && evidence.has_findings() {
        return Err(forward::refused());
    }
    let facts = facts(network, evidence)?;
    let sorted = sorted_targets(network, targets);
    // Forward propagation first, against the tree's lower bound: where it
    // wins, the whole network is never triangulated. Where it does not, its
    // planning goes on to a few times that bound, and where it completes
    // there the tree is estimated only as far as it takes to lose; else
    // forward propagation goes on later from where it stopped.
    let mut forward = match force {
        None | Some(Method::Forward) if !sorted.is_empty() => {
            forward::ForwardPlanning::start(network, &facts, &sorted)
        }
        _ => None,
    };
    let mut forward_cost = match (&mut forward, force) {
        (Some(planning), None) => planning.advance(tree_floor),
        _ => None,
    };
    let beat_floor = forward_cost.is_some();
    if let (Some(planning), None, false) = (&mut forward, force, beat_floor) {
        forward_cost = planning.advance(tree_floor * FORWARD_PROBE);
    }
    let (tree_entries, tree_cost) = if beat_floor {
        (f64::INFINITY, None)
    } else {
        let estimate = tree(forward_cost.unwrap_or(f64::INFINITY));
        (estimate.entries, estimate.complete.then_some(estimate.cost))
    };
    let mut best = match (forward_cost, tree_cost) {
        (Some(forward), Some(tree)) if tree <= forward => (Method::JunctionTree, tree),
        (Some(forward), _) => (Method::Forward, forward),
        (None, cost) => (Method::JunctionTree, cost.unwrap_or(f64::INFINITY)),
    };
    let mut planned = Planned {
        plan: Plan::whole_tree(tree_cost, sorted.len(), 0),
        orders: Vec::new(),
        subtrees: Vec::new(),
        forward: None,
    };
    let ceiling = |method: Method, best: f64| match force {
        Some(forced) if forced == method => f64::INFINITY,
        Some(_) => f64::NEG_INFINITY,
        None => best,
    };
    let small = force.is_none() && tree_entries <= SMALL_TREE_ENTRIES && best.1 <= SMALL_TREE;
    if !sorted.is_empty() && force != Some(Method::JunctionTree) && !small {
        // Forward first: where it applies it is usually the cheapest, and
        // the estimates after it are abandoned sooner.
        let limit = ceiling(Method::Forward, best.1);
        if let Some(planning) = forward
            .as_mut()
            .filter(|_| limit > 0.0 && forward_cost.is_none())
        {
            forward_cost = planning.advance(limit);
            if let Some(cost) = forward_cost {
                if cost < best.1 || force == Some(Method::Forward) {
                    best = (Method::Forward, cost);
                }
            }
        }
        let limit = ceiling(Method::RelevantTrees, best.1);
        if limit > 0.0 {
            if let Some((subtrees, cost, largest)) = plan_subtrees(network, &facts, &sorted, limit)?
            {
                planned.plan.subtree_cost = Some(cost);
                planned.plan.subtrees = subtrees.len();
                planned.plan.largest_relevant = largest;
                planned.subtrees = subtrees;
                if cost < best.1 || force == Some(Method::RelevantTrees) {
                    best = (Method::RelevantTrees, cost);
                }
            }
        }
        let limit = ceiling(Method::PrunedElimination, best.1);
        if limit > 0.0 {
            if let Some((orders, cost, largest)) = plan_orders(network, &facts, &sorted, limit) {
                planned.plan.elimination_cost = Some(cost);
                if cost < best.1 || force == Some(Method::PrunedElimination) {
                    best = (Method::PrunedElimination, cost);
                    planned.plan.largest_relevant = largest;
                }
                planned.orders = orders;
            }
        }
    }
    planned.plan.method = best.0;
    if best.0 != Method::RelevantTrees {
        planned.subtrees.clear();
    }
    if best.0 != Method::PrunedElimination {
        planned.orders.clear();
    }
    if let (Some(cost), Some(planning)) = (forward_cost, forward) {
        let forward = planning.finish();
        planned.plan.forward_cost = Some(cost);
        planned.plan.forward_joints = forward.joints();
        planned.plan.forward_chain = forward.chain_tables();
        if best.0 == Method::Forward {
            planned.plan.largest_relevant = forward.largest_relevant();
            planned.forward = Some(forward);
        }
    }
    Ok(planned)
}

/// Runs a planned forward propagation (see [`Method::Forward`]).
pub(crate) fn propagate_forward(
    network: &Network,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    planned: &Forward,
) -> Result<Eliminated, NetError> {
    let facts = facts(network, evidence)?;
    forward::propagate(network, cpts, &facts, planned)
}

/// One sub-tree's marginals (by network id) and log P(e).
type TreeAnswer = (Vec<(usize, Vec<f64>)>, f64);

/// Calibrates the planned sub-trees (in parallel) with the given CPT values
/// and reads their targets' marginals.
pub(crate) fn calibrate_subtrees(
    network: &Network,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    subtrees: &[Subtree],
) -> Result<Eliminated, NetError> {
    let facts = facts(network, evidence)?;
    let n = network.len();
    let work = subtrees
        .iter()
        .map(|t| t.tree.stats().total_clique_entries as f64 * TREE_PASSES)
        .sum::<f64>();
    let answer = |subtree: &Subtree| -> Result<TreeAnswer, NetError> {
        let mut local = vec![usize::MAX; n];
        for (k, &v) in subtree.vars.iter().enumerate() {
            local[v] = k;
        }
        let tables: Vec<Cow<'_, [f64]>> = subtree
            .vars
            .iter()
            .map(|&v| match (facts.cut[v], facts.observed[v]) {
                (true, Some(state)) => {
                    let mut point = vec![0.0; network.cardinality(v)];
                    point[state] = 1.0;
                    Cow::Owned(point)
                }
                _ => Cow::Borrowed(cpts[v].as_slice()),
            })
            .collect();
        let hard: Vec<(usize, usize)> = evidence.hard.iter().map(|&(v, s)| (local[v], s)).collect();
        let soft: Vec<(usize, Vec<f64>)> = evidence
            .soft
            .iter()
            .map(|(v, w)| (local[*v], w.clone()))
            .collect();
        let unit_messages = hard.is_empty() && soft.is_empty();
        if subtree.tree.stats().total_clique_entries > LEAN_ABOVE {
            let mut wanted = vec![false; subtree.vars.len()];
            for &v in &subtree.targets {
                wanted[local[v]] = true;
            }
            let (log, mut found) =
                subtree
                    .tree
                    .calibrate_lean(&tables, &hard, &soft, &wanted, unit_messages)?;
            let marginals = subtree
                .targets
                .iter()
                .map(|&v| (v, std::mem::take(&mut found[local[v]])))
                .collect();
            return Ok((marginals, log));
        }
        let mut workspace = subtree.tree.workspace();
        subtree.tree.load(&tables, &hard, &soft, &mut workspace);
        if unit_messages {
            subtree.tree.mark_unit_messages(&mut workspace);
        }
        let log = subtree.tree.collect(&mut workspace, Mode::Sum)?;
        subtree.tree.distribute(&mut workspace);
        let marginals = subtree
            .targets
            .iter()
            .map(|&v| (v, subtree.tree.marginal(&workspace, local[v])))
            .collect();
        Ok((marginals, log))
    };
    let results: Vec<Result<TreeAnswer, NetError>> = if work > PARALLEL_ABOVE {
        subtrees.par_iter().map(answer).collect()
    } else {
        subtrees.iter().map(answer).collect()
    };
    let mut marginals = vec![Vec::new(); n];
    let mut log_evidence = None;
    for result in results {
        let (found, log) = result?;
        for (v, marginal) in found {
            marginals[v] = marginal;
        }
        log_evidence.get_or_insert(log);
    }
    Ok(Eliminated {
        marginals,
        log_evidence: log_evidence.unwrap_or(0.0),
    })
}

/// A table over `vars` (last fastest).
#[derive(Debug, Clone)]
struct Factor {
    vars: Vec<usize>,
    values: Vec<f64>,
}

/// The result of pruned elimination.
pub(crate) struct Eliminated {
    /// One marginal per variable in network order; empty for non-targets.
    pub marginals: Vec<Vec<f64>>,
    /// Natural log of the probability of the evidence.
    pub log_evidence: f64,
}

/// `v`'s table after surgery, sliced by the hard evidence, over
/// [`scope`]'s variables in that order.
fn sliced_table(network: &Network, facts: &Facts, cpt: &[f64], v: usize) -> Factor {
    let cards = |u: usize| network.cardinality(u);
    let mut vars = Vec::new();
    scope(network, facts, v, &mut vars);
    // The full family (as the CPT lays it out) and its strides.
    let family: Vec<usize> = if facts.cut[v] {
        vec![v]
    } else {
        network
            .parents(v)
            .iter()
            .copied()
            .chain(std::iter::once(v))
            .collect()
    };
    if vars.len() == family.len() {
        let values = if facts.cut[v] {
            // The intervened variable's table: a point mass (no parents).
            let mut values = vec![0.0; cards(v)];
            values[facts.observed[v].unwrap_or(0)] = 1.0;
            values
        } else {
            cpt.to_vec()
        };
        return Factor { vars, values };
    }
    if facts.cut[v] {
        // Intervened and observed: the point mass read at the observed state
        // is 1 when the intervention set that state; `facts` rejects others.
        return Factor {
            vars,
            values: vec![1.0],
        };
    }
    let family_cards: Vec<usize> = family.iter().map(|&u| cards(u)).collect();
    let strides = crate::table::strides(&family_cards);
    let mut offset = 0;
    let mut kept_cards = Vec::new();
    let mut kept_steps = Vec::new();
    for (i, &u) in family.iter().enumerate() {
        match facts.observed[u] {
            Some(s) => offset += s * strides[i],
            None => {
                kept_cards.push(family_cards[i]);
                kept_steps.push(strides[i]);
            }
        }
    }
    let len: usize = kept_cards.iter().product();
    let mut values = vec![0.0; len];
    let gather = Projection::from_dims(&kept_cards, &kept_steps);
    gather.assign(&mut values, &cpt[offset..]);
    Factor { vars, values }
}

/// Runs pruned elimination along planned orders, with the given CPT values
/// (same shapes as the network's; interventions applied by the caller's
/// surgery are re-derived here from `evidence`).
pub(crate) fn eliminate(
    network: &Network,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    orders: &[TargetOrder],
) -> Result<Eliminated, NetError> {
    let facts = facts(network, evidence)?;
    let n = network.len();
    // Sliced tables and soft evidence, built once and shared by the targets.
    let mut tables: Vec<Option<Factor>> = vec![None; n];
    let mut soft: Vec<Option<Vec<f64>>> = vec![None; n];
    for (v, weights) in &evidence.soft {
        match &mut soft[*v] {
            Some(existing) => existing.iter_mut().zip(weights).for_each(|(x, w)| *x *= w),
            None => soft[*v] = Some(weights.clone()),
        }
    }
    for planned in orders {
        for &v in &planned.relevant {
            if tables[v].is_none() {
                tables[v] = Some(sliced_table(network, &facts, &cpts[v], v));
            }
        }
    }
    // A lower bound of the work (see `plan_orders`): small queries stay on
    // this thread.
    let work = orders
        .iter()
        .map(|o| o.relevant.len() as f64 * PER_VARIABLE)
        .sum::<f64>();
    let results: Vec<Result<(Vec<f64>, f64), NetError>> = if work > PARALLEL_ABOVE {
        orders
            .par_iter()
            .map_init(
                || vec![usize::MAX; n],
                |rank, planned| eliminate_one(network, &facts, planned, &tables, &soft, rank),
            )
            .collect()
    } else {
        let mut rank = vec![usize::MAX; n];
        orders
            .iter()
            .map(|planned| eliminate_one(network, &facts, planned, &tables, &soft, &mut rank))
            .collect()
    };
    let mut marginals = vec![Vec::new(); n];
    let mut log_evidence = None;
    for (planned, result) in orders.iter().zip(results) {
        let (marginal, log) = result?;
        marginals[planned.keep[0]] = marginal;
        log_evidence.get_or_insert(log);
    }
    Ok(Eliminated {
        marginals,
        log_evidence: log_evidence.unwrap_or(0.0),
    })
}

fn eliminate_one(
    network: &Network,
    facts: &Facts,
    planned: &TargetOrder,
    tables: &[Option<Factor>],
    soft: &[Option<Vec<f64>>],
    rank: &mut [usize],
) -> Result<(Vec<f64>, f64), NetError> {
    let cards = network.cardinalities();
    let keep = &planned.keep;
    let last = planned.order.len();
    for (i, &v) in planned.order.iter().enumerate() {
        rank[v] = i;
    }
    for &v in keep {
        rank[v] = last;
    }
    let mut buckets: Vec<Vec<Cow<'_, Factor>>> = vec![Vec::new(); last + 1];
    let mut log_scale = 0.0;
    let mut scalar = 1.0;
    let soft_factors: Vec<Factor> = planned
        .relevant
        .iter()
        .filter_map(|&v| {
            let weights = soft[v].as_ref()?;
            Some(match facts.observed[v] {
                Some(s) => Factor {
                    vars: Vec::new(),
                    values: vec![weights[s]],
                },
                None => Factor {
                    vars: vec![v],
                    values: weights.clone(),
                },
            })
        })
        .collect();
    for &v in &planned.relevant {
        if let Some(table) = &tables[v] {
            place(Cow::Borrowed(table), &mut buckets, &mut scalar, rank);
        }
    }
    for factor in &soft_factors {
        place(Cow::Borrowed(factor), &mut buckets, &mut scalar, rank);
    }
    for step in 0..last {
        let bucket = std::mem::take(&mut buckets[step]);
        if bucket.is_empty() {
            continue;
        }
        let v = planned.order[step];
        // The product's variables, latest-eliminated outermost, so `v` is
        // innermost and summing it out adds contiguous runs.
        let mut vars: Vec<usize> = bucket.iter().flat_map(|f| f.vars.iter().copied()).collect();
        // Kept variables share the last rank: ties by id, so duplicates meet.
        vars.sort_unstable_by_key(|&u| (std::cmp::Reverse(rank[u]), u));
        vars.dedup();
        let product = multiply(&bucket, &vars, &cards)?;
        drop(bucket);
        let card = cards[v];
        let mut values: Vec<f64> = product
            .chunks_exact(card)
            .map(|run| run.iter().sum())
            .collect();
        drop(product);
        vars.pop();
        let total: f64 = values.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(NetError::ZeroProbabilityEvidence);
        }
        if total != 1.0 {
            let inverse = 1.0 / total;
            values.iter_mut().for_each(|x| *x *= inverse);
            log_scale += total.ln();
        }
        place(
            Cow::Owned(Factor { vars, values }),
            &mut buckets,
            &mut scalar,
            rank,
        );
    }
    let rest = std::mem::take(&mut buckets[last]);
    let observed = match keep.as_slice() {
        &[target] => facts.observed[target].map(|s| (target, s)),
        _ => None,
    };
    let mut out = match observed {
        Some((target, s)) => {
            // Every remaining table is a scalar once the target is sliced.
            let mut point = vec![0.0; cards[target]];
            point[s] = 1.0;
            for f in &rest {
                scalar *= f.values.iter().sum::<f64>();
            }
            if scalar <= 0.0 || !scalar.is_finite() {
                return Err(NetError::ZeroProbabilityEvidence);
            }
            return Ok((point, log_scale + scalar.ln()));
        }
        None if rest.is_empty() => vec![1.0; keep.iter().map(|&v| cards[v]).product()],
        None => multiply(&rest, keep, &cards)?,
    };
    let total: f64 = out.iter().sum::<f64>() * scalar;
    if total <= 0.0 || !total.is_finite() {
        return Err(NetError::ZeroProbabilityEvidence);
    }
    let inverse = scalar / total;
    out.iter_mut().for_each(|x| *x *= inverse);
    Ok((out, log_scale + total.ln()))
}

/// Puts a table in the bucket of its earliest-eliminated variable; a table
/// with no variables left is a number, multiplied into `scalar`.
fn place<'a>(
    factor: Cow<'a, Factor>,
    buckets: &mut [Vec<Cow<'a, Factor>>],
    scalar: &mut f64,
    rank: &[usize],
) {
    match factor.vars.iter().map(|&u| rank[u]).min() {
        Some(r) => buckets[r].push(factor),
        None => *scalar *= factor.values.first().copied().unwrap_or(1.0),
    }
}

/// The product of the factors as a table over `vars`.
fn multiply(
    factors: &[Cow<'_, Factor>],
    vars: &[usize],
    cards: &[usize],
) -> Result<Vec<f64>, NetError> {
    let size: f64 = vars.iter().map(|&u| cards[u] as f64).product();
    if size > DEFAULT_MAX_ENTRIES {
        return Err(NetError::TooLarge {
            entries: size,
            largest: size,
            limit: DEFAULT_MAX_ENTRIES,
        });
    }
    let len: usize = vars.iter().map(|&u| cards[u]).product();
    let mut values = Vec::new();
    for (i, factor) in factors.iter().enumerate() {
        let projection = Projection::new(vars, &factor.vars, cards);
        if i == 0 {
            values = vec![0.0; len];
            projection.assign(&mut values, &factor.values);
        } else {
            projection.multiply(&mut values, &factor.values);
        }
    }
    if values.is_empty() {
        values = vec![1.0; len];
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkBuilder;

    /// A network of `n` variables of 2 to 6 states, each with up to three
    /// parents among the twelve before it, from a seeded generator.
    fn generated(seed: u64, n: usize) -> Network {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut next = move |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % below.max(1)
        };
        let mut builder = NetworkBuilder::new("generated");
        let names: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
        let cards: Vec<usize> = (0..n).map(|_| 2 + next(5)).collect();
        for (name, &card) in names.iter().zip(&cards) {
            builder.variable(name, (0..card).map(|s| format!("s{s}")));
        }
        for i in 0..n {
            let mut parents: Vec<usize> = (0..next(4).min(i))
                .map(|_| i - 1 - next(i.min(12)))
                .collect();
            parents.sort_unstable();
            parents.dedup();
            let rows: usize = parents.iter().map(|&p| cards[p]).product();
            let names_of: Vec<&str> = parents.iter().map(|&p| names[p].as_str()).collect();
            let table = vec![1.0 / cards[i] as f64; rows * cards[i]];
            builder.cpt(&names[i], &names_of, table);
        }
        builder.build().expect("valid network")
    }

    #[test]
    fn a_costly_elimination_order_is_the_cheaper_of_min_fill_and_min_weight() {
        let mut seconds = 0;
        let mut weight_won = 0;
        for seed in 0..40 {
            let network = generated(seed, 60);
            let facts = facts(&network, &Evidence::new()).expect("facts");
            let relevant: Vec<usize> = (0..network.len()).collect();
            let keep = [network.len() - 1, network.len() - 2];
            let mut local = vec![0; network.len()];
            let fill = greedy_order(
                &network,
                &facts,
                &keep,
                &relevant,
                &mut local,
                Greedy::MinFill,
            );
            let weight = greedy_order(
                &network,
                &facts,
                &keep,
                &relevant,
                &mut local,
                Greedy::MinWeight,
            );
            let (order, cost) = elimination_order(&network, &facts, &keep, &relevant, &mut local);
            // Every variable but the kept ones, once.
            let mut sorted = order.clone();
            sorted.sort_unstable();
            let expected: Vec<usize> = (0..network.len() - 2).collect();
            assert_eq!(sorted, expected, "seed {seed}");
            let k = relevant.len() as f64;
            if fill.1 < SECOND_ORDER_ABOVE.max(k * k * PER_ORDER_PAIR) {
                assert_eq!((order, cost), fill, "seed {seed}");
            } else {
                seconds += 1;
                let cheaper = if weight.1 < fill.1 { &weight } else { &fill };
                assert_eq!((&order, cost), (&cheaper.0, cheaper.1), "seed {seed}");
                if weight.1 < fill.1 {
                    weight_won += 1;
                }
            }
        }
        // The generated networks reach both branches and both outcomes.
        assert!(
            seconds > 0 && seconds < 40,
            "{seconds} of 40 planned a second order"
        );
        assert!(weight_won > 0, "min-weight was never the cheaper");
    }
}
