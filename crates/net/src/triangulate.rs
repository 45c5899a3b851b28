//! Triangulation of the moral graph by greedy elimination, and the maximal
//! cliques it yields.
//!
//! Three greedy heuristics are run — min-fill, min-weight and weighted
//! min-fill — and the elimination order whose cliques have the smallest total
//! table size is kept; the name of the winner is recorded. Ties inside a
//! heuristic are broken by the other criteria, then by variable id, so the
//! result is deterministic. This module does not build the junction tree.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;

/// The greedy criterion that chose each variable to eliminate next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heuristic {
    /// Fewest fill-in edges; ties by smallest clique table.
    MinFill,
    /// Smallest clique table (product of cardinalities); ties by fewest fill-ins.
    MinWeight,
    /// Smallest sum over fill-in edges of the product of their endpoints'
    /// cardinalities; ties by smallest clique table.
    WeightedMinFill,
}

impl Heuristic {
    pub const ALL: [Heuristic; 3] = [
        Heuristic::MinFill,
        Heuristic::MinWeight,
        Heuristic::WeightedMinFill,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Heuristic::MinFill => "min-fill",
            Heuristic::MinWeight => "min-weight",
            Heuristic::WeightedMinFill => "weighted-min-fill",
        }
    }
}

impl fmt::Display for Heuristic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The result of one triangulation.
#[derive(Debug, Clone)]
pub(crate) struct Triangulation {
    pub heuristic: Heuristic,
    /// Position of each variable in the elimination order.
    pub rank: Vec<usize>,
    /// Maximal cliques, each a list of variable ids.
    pub cliques: Vec<Vec<usize>>,
    /// Sum over cliques of the product of cardinalities.
    pub total_size: f64,
    /// False when stopped at its limit: the cliques and ranks are partial.
    pub complete: bool,
}

/// A set of variables as a bit set.
#[derive(Debug, Clone)]
struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    fn new(n: usize) -> Self {
        Self {
            words: vec![0; n.div_ceil(64)],
        }
    }
    fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }
    fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let t = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + t)
            })
        })
    }
}

/// The moral graph: each variable joined to its parents, and co-parents joined.
pub(crate) fn moral_graph(parents: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = parents.len();
    let mut sets: Vec<BitSet> = (0..n).map(|_| BitSet::new(n)).collect();
    for (child, ps) in parents.iter().enumerate() {
        for (i, &a) in ps.iter().enumerate() {
            sets[child].insert(a);
            sets[a].insert(child);
            for &b in &ps[i + 1..] {
                sets[a].insert(b);
                sets[b].insert(a);
            }
        }
    }
    sets.iter().map(|s| s.iter().collect()).collect()
}

/// What eliminating a vertex whose neighbours are the bits of `row` adds:
/// its fill-in edges, pairs (x, y), x < y, of neighbours with y missing from
/// `row_of(x)`, counted and, when `cards` is given, weighted by
/// `cards[x] * cards[y]`; and the sum of the neighbours' `log_card`.
pub(crate) fn fill_in<'g>(
    row: &[u64],
    row_of: impl Fn(usize) -> &'g [u64],
    log_card: &[f64],
    cards: Option<&[usize]>,
) -> (f64, f64, f64) {
    let (mut fill, mut weighted_fill, mut neighbour_weight) = (0.0, 0.0, 0.0);
    for (wx, &word) in row.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let x = wx * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            neighbour_weight += log_card[x];
            let theirs = row_of(x);
            // Only partners after x, so each pair counts once: the rest of
            // x's own word, then the words after it.
            for w in wx..row.len() {
                if row[w] == 0 {
                    continue;
                }
                let mut missing = row[w] & !theirs[w];
                if w == wx {
                    missing &= !(u64::MAX >> (63 - (x - w * 64)));
                }
                let Some(cards) = cards else {
                    fill += f64::from(missing.count_ones());
                    continue;
                };
                while missing != 0 {
                    let y = w * 64 + missing.trailing_zeros() as usize;
                    missing &= missing - 1;
                    weighted_fill += (cards[x] * cards[y]) as f64;
                }
            }
        }
    }
    (fill, weighted_fill, neighbour_weight)
}

/// The heuristic's score of eliminating `v` next (smaller is better).
fn score(
    graph: &[BitSet],
    v: usize,
    cards: &[usize],
    log_card: &[f64],
    heuristic: Heuristic,
) -> (f64, f64) {
    // Only weighted min-fill needs the weights; the others only the count.
    let weighted = (heuristic == Heuristic::WeightedMinFill).then_some(cards);
    let (fill, weighted_fill, neighbour_weight) =
        fill_in(&graph[v].words, |x| &graph[x].words, log_card, weighted);
    let weight = log_card[v] + neighbour_weight;
    match heuristic {
        Heuristic::MinFill => (fill, weight),
        Heuristic::MinWeight => (weight, fill),
        Heuristic::WeightedMinFill => (weighted_fill, weight),
    }
}

/// A variable's greedy score (the deciding criterion, then the tie-break)
/// and id, ordered by score then id (scores are finite): the key of the
/// heaps that pick the next variable to eliminate, here and in the
/// elimination orders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry(pub (f64, f64), pub usize);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .0
            .total_cmp(&other.0.0)
            .then(self.0.1.total_cmp(&other.0.1))
            .then(self.1.cmp(&other.1))
    }
}

/// Greedy elimination with one heuristic.
///
/// Stops early, with `complete` false, once the cliques found so far hold
/// `limit` entries or more: the whole triangulation would hold at least as
/// many.
pub(crate) fn triangulate_with(
    adjacency: &[Vec<usize>],
    cards: &[usize],
    heuristic: Heuristic,
    limit: f64,
) -> Triangulation {
    let n = adjacency.len();
    let mut graph: Vec<BitSet> = (0..n).map(|_| BitSet::new(n)).collect();
    for (v, neighbours) in adjacency.iter().enumerate() {
        for &u in neighbours {
            graph[v].insert(u);
        }
    }
    let log_card: Vec<f64> = cards.iter().map(|&c| (c.max(1) as f64).ln()).collect();
    let mut alive = vec![true; n];
    let mut scores: Vec<(f64, f64)> = (0..n)
        .map(|v| score(&graph, v, cards, &log_card, heuristic))
        .collect();
    // The next variable is the smallest (score, id) in a heap; an entry whose
    // score is no longer the variable's own is stale and skipped.
    let mut heap: BinaryHeap<Reverse<Entry>> = scores
        .iter()
        .enumerate()
        .map(|(v, &score)| Reverse(Entry(score, v)))
        .collect();
    let mut rank = vec![0; n];
    let mut kept = Kept::new(n);
    let mut dirty = BitSet::new(n);
    let mut neighbours = Vec::new();
    let mut fills: Vec<(usize, usize)> = Vec::new();
    for step in 0..n {
        let v = loop {
            let Some(Reverse(Entry(score, v))) = heap.pop() else {
                unreachable!("every live variable has an entry with its score")
            };
            if alive[v] && scores[v] == score {
                break v;
            }
        };
        rank[v] = step;
        alive[v] = false;
        neighbours.clear();
        neighbours.extend(graph[v].iter());
        let mut clique = neighbours.clone();
        clique.push(v);
        kept.offer(clique, cards);
        if kept.total >= limit {
            return Triangulation {
                heuristic,
                rank,
                cliques: kept.cliques,
                total_size: kept.total,
                complete: false,
            };
        }
        fills.clear();
        for (i, &a) in neighbours.iter().enumerate() {
            graph[a].remove(v);
            for &b in &neighbours[i + 1..] {
                if graph[a].words[b / 64] & (1 << (b % 64)) == 0 {
                    fills.push((a, b));
                    graph[a].insert(b);
                    graph[b].insert(a);
                }
            }
        }
        // Scores change for the neighbours (they lost v and may have gained
        // edges) and, through each new fill edge (a, b), for the variables
        // adjacent to both a and b.
        for &a in &neighbours {
            dirty.insert(a);
        }
        for &(a, b) in &fills {
            for ((d, x), y) in dirty
                .words
                .iter_mut()
                .zip(&graph[a].words)
                .zip(&graph[b].words)
            {
                *d |= x & y;
            }
        }
        for w in 0..dirty.words.len() {
            let mut bits = std::mem::take(&mut dirty.words[w]);
            while bits != 0 {
                let u = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if alive[u] {
                    let new = score(&graph, u, cards, &log_card, heuristic);
                    if new != scores[u] {
                        scores[u] = new;
                        heap.push(Reverse(Entry(new, u)));
                    }
                }
            }
        }
    }
    Triangulation {
        heuristic,
        rank,
        cliques: kept.cliques,
        total_size: kept.total,
        complete: true,
    }
}

/// The elimination cliques not contained in an earlier one (the maximal
/// cliques), kept as they are found, and their total table size.
struct Kept {
    containing: Vec<Vec<usize>>,
    cliques: Vec<Vec<usize>>,
    total: f64,
}

impl Kept {
    fn new(n: usize) -> Self {
        Self {
            containing: vec![Vec::new(); n],
            cliques: Vec::new(),
            total: 0.0,
        }
    }

    fn offer(&mut self, clique: Vec<usize>, cards: &[usize]) {
        // A candidate contained in a kept clique shares all of its variables
        // with it, in particular its first one.
        let subsumed = clique.first().is_some_and(|&first| {
            self.containing[first].iter().any(|&k| {
                clique.len() <= self.cliques[k].len()
                    && clique.iter().all(|&v| self.cliques[k].contains(&v))
            })
        });
        if !subsumed {
            let id = self.cliques.len();
            for &v in &clique {
                self.containing[v].push(id);
            }
            self.total += clique.iter().map(|&v| cards[v] as f64).product::<f64>();
            self.cliques.push(clique);
        }
    }
}

/// Runs the given heuristics (all when none are given) and keeps the one
/// with the smallest total table size.
pub(crate) fn triangulate(
    parents: &[Vec<usize>],
    cards: &[usize],
    heuristics: &[Heuristic],
) -> Triangulation {
    let adjacency = moral_graph(parents);
    let heuristics = if heuristics.is_empty() {
        &Heuristic::ALL[..]
    } else {
        heuristics
    };
    let mut best: Option<Triangulation> = None;
    for &heuristic in heuristics {
        // A heuristic is abandoned once it holds as many entries as the best
        // so far: it could no longer be kept.
        let limit = best.as_ref().map_or(f64::INFINITY, |b| b.total_size);
        let t = triangulate_with(&adjacency, cards, heuristic, limit);
        if t.complete && best.as_ref().is_none_or(|b| t.total_size < b.total_size) {
            best = Some(t);
        }
    }
    best.unwrap_or_else(|| triangulate_with(&adjacency, cards, Heuristic::MinFill, f64::INFINITY))
}

/// Total clique-table entries of one greedy (min-fill) triangulation: a
/// quick estimate of a junction tree's size, at a third of the cost of
/// [`triangulate`]. Past `limit` it stops and returns the entries found so
/// far, at least `limit`.
pub(crate) fn estimate_entries(parents: &[Vec<usize>], cards: &[usize], limit: f64) -> f64 {
    triangulate_with(&moral_graph(parents), cards, Heuristic::MinFill, limit).total_size
}
