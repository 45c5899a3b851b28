//! The junction tree: compiled once per network structure, then calibrated
//! (Hugin architecture) for each new set of evidence or CPT values.
//!
//! Compilation triangulates the moral graph (see [`crate::triangulate`]),
//! joins the maximal cliques by a maximum-weight spanning tree over shared
//! variables, assigns each CPT to the smallest clique holding its family, and
//! precomputes every [`Projection`] the calibration needs. Calibration then
//! loads the CPTs into the clique tables, enters evidence, and passes messages
//! towards the root (collect) and back (distribute), all in preallocated
//! buffers. Collected messages are normalised and their scale accumulated as a
//! logarithm, so the probability of the evidence cannot underflow. For large
//! trees, [`JunctionTree::calibrate_lean`] gives the same posteriors holding
//! one clique table at a time, building each twice.
//!
//! Clique variables are ordered by elimination rank, latest-eliminated
//! outermost, so that a separator's variables usually form long runs in both
//! neighbouring cliques. This module answers queries by index only; names are
//! resolved by the callers.

use std::borrow::Cow;

use crate::error::NetError;
use crate::table::{Projection, strides};
use crate::triangulate::{Heuristic, triangulate};

/// Default ceiling on the total number of clique-table entries (8 GiB of f64).
pub const DEFAULT_MAX_ENTRIES: f64 = 1_073_741_824.0;

/// Trees with more clique-table entries than this are calibrated for
/// posteriors by [`JunctionTree::calibrate_lean`], holding one clique table
/// at a time, rather than in a workspace holding them all (16 MiB of f64).
pub(crate) const LEAN_ABOVE: usize = 1 << 21;

/// How messages are combined: sums for marginals, maxima for the most
/// probable explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Sum,
    Max,
}

#[derive(Debug, Clone)]
struct Separator {
    len: usize,
    child: usize,
    parent: usize,
    /// Child clique entries onto separator entries.
    from_child: Projection,
    /// Parent clique entries onto separator entries.
    from_parent: Projection,
    /// No variable of the separator has its CPT in the child's subtree:
    /// without evidence, and with CPTs that are conditional distributions,
    /// the child's message sums the subtree's CPTs over their own variables
    /// and is 1 everywhere.
    unit: bool,
    /// The child lies below a unit separator (this one or one nearer the
    /// root): its message never reaches the root when unit messages are
    /// skipped, so its scale is not part of P(e).
    silent: bool,
}

/// Facts about a compiled junction tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeStats {
    pub heuristic: Heuristic,
    pub cliques: usize,
    /// Largest clique's number of variables minus one.
    pub treewidth: usize,
    /// Entries in the largest clique table.
    pub largest_clique_entries: usize,
    /// Entries in all clique tables together.
    pub total_clique_entries: usize,
    /// Entries in all separator tables together.
    pub total_separator_entries: usize,
}

/// A compiled junction tree for one network structure (variables,
/// cardinalities, parent sets). CPT values and evidence come at calibration.
#[derive(Debug, Clone)]
pub struct JunctionTree {
    cards: Vec<usize>,
    parents: Vec<Vec<usize>>,
    cliques: Vec<Vec<usize>>,
    clique_len: Vec<usize>,
    /// Root first; every clique after its parent.
    order: Vec<usize>,
    /// For each clique, the separator joining it to its parent.
    parent_sep: Vec<Option<usize>>,
    separators: Vec<Separator>,
    /// CPT (variable) ids hosted by each clique.
    hosted: Vec<Vec<usize>>,
    /// For each variable, its host clique's entries onto its CPT's entries.
    cpt_projection: Vec<Projection>,
    cpt_host: Vec<usize>,
    /// For each variable, the smallest clique containing it.
    home: Vec<usize>,
    home_projection: Vec<Projection>,
    stats: TreeStats,
}

/// The buffers one calibration works in; reusable across calibrations of the
/// same tree.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub(crate) cliques: Vec<Vec<f64>>,
    separators: Vec<Vec<f64>>,
    scratch: Vec<f64>,
    /// Set by [`JunctionTree::mark_unit_messages`] after a load without
    /// evidence: collection then skips the messages known to be 1.
    unit_messages: bool,
}

impl JunctionTree {
    /// Compiles the tree for the given structure. Fails with
    /// [`NetError::TooLarge`] when the clique tables would hold more than
    /// `max_entries` entries together.
    pub fn compile(
        cards: &[usize],
        parents: &[Vec<usize>],
        max_entries: f64,
    ) -> Result<Self, NetError> {
        Self::compile_with(cards, parents, max_entries, &Heuristic::ALL)
    }

    /// Like [`JunctionTree::compile`], trying only the given triangulation
    /// heuristics (all three when the list is empty).
    pub fn compile_with(
        cards: &[usize],
        parents: &[Vec<usize>],
        max_entries: f64,
        heuristics: &[Heuristic],
    ) -> Result<Self, NetError> {
        let n = cards.len();
        let triangulation = triangulate(parents, cards, heuristics);
        let largest = triangulation
            .cliques
            .iter()
            .map(|c| c.iter().map(|&v| cards[v] as f64).product::<f64>())
            .fold(0.0, f64::max);
        if triangulation.total_size > max_entries {
            return Err(NetError::TooLarge {
                entries: triangulation.total_size,
                largest,
                limit: max_entries,
            });
        }
        let rank = &triangulation.rank;
        let mut cliques = triangulation.cliques.clone();
        for clique in &mut cliques {
            clique.sort_by_key(|&v| std::cmp::Reverse(rank[v]));
        }
        if cliques.is_empty() {
            cliques.push(Vec::new());
        }
        let m = cliques.len();
        let clique_len: Vec<usize> = cliques
            .iter()
            .map(|c| c.iter().map(|&v| cards[v]).product())
            .collect();
        let mut containing: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, clique) in cliques.iter().enumerate() {
            for &v in clique {
                containing[v].push(k);
            }
        }

        // Maximum-weight spanning tree (Kruskal) over cliques that share
        // variables, weight = number of shared variables.
        let mut edges: Vec<(usize, usize, usize)> = Vec::new();
        let mut shared = vec![0usize; m];
        let mut touched: Vec<usize> = Vec::new();
        for (a, clique) in cliques.iter().enumerate() {
            for &v in clique {
                for &b in &containing[v] {
                    if b > a {
                        if shared[b] == 0 {
                            touched.push(b);
                        }
                        shared[b] += 1;
                    }
                }
            }
            for &b in &touched {
                edges.push((shared[b], a, b));
                shared[b] = 0;
            }
            touched.clear();
        }
        edges.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut union_find: Vec<usize> = (0..m).collect();
        fn find(uf: &mut [usize], mut x: usize) -> usize {
            while uf[x] != x {
                uf[x] = uf[uf[x]];
                x = uf[x];
            }
            x
        }
        let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); m];
        for &(_, a, b) in &edges {
            let (ra, rb) = (find(&mut union_find, a), find(&mut union_find, b));
            if ra != rb {
                union_find[ra] = rb;
                adjacency[a].push(b);
                adjacency[b].push(a);
            }
        }
        // Root at the largest clique. (Rooting elsewhere could make more
        // messages unit, see `Separator::unit`, but turns edges against the
        // elimination order, whose separators then project in short runs:
        // slower on mildew and water.) Disconnected components hang off it
        // by empty separators.
        let root = (0..m)
            .max_by_key(|&k| (clique_len[k], std::cmp::Reverse(k)))
            .unwrap_or(0);
        for k in 0..m {
            let (rk, rr) = (find(&mut union_find, k), find(&mut union_find, root));
            if rk != rr {
                union_find[rk] = rr;
                adjacency[root].push(k);
                adjacency[k].push(root);
            }
        }
        let mut hosted = vec![Vec::new(); m];
        let mut cpt_host = Vec::with_capacity(n);
        let mut cpt_projection = Vec::with_capacity(n);
        let mut home = Vec::with_capacity(n);
        let mut home_projection = Vec::with_capacity(n);
        for v in 0..n {
            let mut family = parents[v].clone();
            family.push(v);
            let host = containing[v]
                .iter()
                .copied()
                .filter(|&k| family.iter().all(|u| cliques[k].contains(u)))
                .min_by_key(|&k| (clique_len[k], k));
            let Some(host) = host else {
                return Err(NetError::InvalidArgument(format!(
                    "internal: no clique holds the family of variable {v}"
                )));
            };
            hosted[host].push(v);
            cpt_host.push(host);
            cpt_projection.push(Projection::new(&cliques[host], &family, cards));
            let k = containing[v]
                .iter()
                .copied()
                .min_by_key(|&k| (clique_len[k], k))
                .unwrap_or(host);
            home.push(k);
            home_projection.push(Projection::new(&cliques[k], &[v], cards));
        }
        let mut order = Vec::with_capacity(m);
        let mut parent: Vec<Option<usize>> = vec![None; m];
        let mut seen = vec![false; m];
        order.push(root);
        seen[root] = true;
        let mut head = 0;
        while head < order.len() {
            let k = order[head];
            head += 1;
            for &c in &adjacency[k] {
                if !seen[c] {
                    seen[c] = true;
                    parent[c] = Some(k);
                    order.push(c);
                }
            }
        }
        let (enter, leave) = preorder(&adjacency, root);
        let mut separators: Vec<Separator> = Vec::with_capacity(m.saturating_sub(1));
        let mut parent_sep = vec![None; m];
        for &child in &order {
            let Some(p) = parent[child] else { continue };
            let vars: Vec<usize> = cliques[child]
                .iter()
                .copied()
                .filter(|v| cliques[p].contains(v))
                .collect();
            let inside = |k: usize| enter[child] <= enter[k] && enter[k] < leave[child];
            let unit = vars.iter().all(|&v| !inside(cpt_host[v]));
            parent_sep[child] = Some(separators.len());
            separators.push(Separator {
                len: vars.iter().map(|&v| cards[v]).product(),
                child,
                parent: p,
                from_child: Projection::new(&cliques[child], &vars, cards),
                from_parent: Projection::new(&cliques[p], &vars, cards),
                unit,
                silent: unit || parent_sep[p].is_some_and(|s: usize| separators[s].silent),
            });
        }

        let stats = TreeStats {
            heuristic: triangulation.heuristic,
            cliques: m,
            treewidth: cliques
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .saturating_sub(1),
            largest_clique_entries: clique_len.iter().copied().max().unwrap_or(1),
            total_clique_entries: clique_len.iter().sum(),
            total_separator_entries: separators.iter().map(|s| s.len).sum(),
        };
        Ok(Self {
            cards: cards.to_vec(),
            parents: parents.to_vec(),
            cliques,
            clique_len,
            order,
            parent_sep,
            separators,
            hosted,
            cpt_projection,
            cpt_host,
            home,
            home_projection,
            stats,
        })
    }

    pub fn stats(&self) -> &TreeStats {
        &self.stats
    }

    /// The cliques, each listing its variable ids outermost first.
    pub fn cliques(&self) -> &[Vec<usize>] {
        &self.cliques
    }

    pub fn workspace(&self) -> Workspace {
        Workspace {
            cliques: self.clique_len.iter().map(|&len| vec![0.0; len]).collect(),
            separators: self.separators.iter().map(|s| vec![0.0; s.len]).collect(),
            scratch: vec![
                0.0;
                self.separators
                    .iter()
                    .map(|s| s.len)
                    .chain(self.cards.iter().copied())
                    .max()
                    .unwrap_or(1)
            ],
            unit_messages: false,
        }
    }

    /// Declares the tables just loaded to be conditional distributions with
    /// no evidence entered, so that the next collection skips the messages
    /// that are 1 everywhere (a load clears it).
    pub(crate) fn mark_unit_messages(&self, ws: &mut Workspace) {
        ws.unit_messages = true;
    }

    /// Loads the CPTs into the clique tables and enters the evidence.
    pub(crate) fn load(
        &self,
        cpts: &[Cow<'_, [f64]>],
        hard: &[(usize, usize)],
        soft: &[(usize, Vec<f64>)],
        ws: &mut Workspace,
    ) {
        ws.unit_messages = false;
        for (k, table) in ws.cliques.iter_mut().enumerate() {
            let mut factors = self.hosted[k].iter();
            match factors.next() {
                Some(&v) => self.cpt_projection[v].assign(table, &cpts[v]),
                None => table.fill(1.0),
            }
            for &v in factors {
                self.cpt_projection[v].multiply(table, &cpts[v]);
            }
        }
        for &(v, state) in hard {
            let likelihood = &mut ws.scratch[..self.cards[v]];
            likelihood.fill(0.0);
            likelihood[state] = 1.0;
            self.home_projection[v].multiply(&mut ws.cliques[self.home[v]], likelihood);
        }
        for (v, weights) in soft {
            self.home_projection[*v].multiply(&mut ws.cliques[self.home[*v]], weights);
        }
    }

    /// Passes messages from the leaves to the root. Returns the natural
    /// logarithm of the total mass (sum or maximum) of the loaded product, and
    /// leaves the root table normalised to total 1.
    pub(crate) fn collect(&self, ws: &mut Workspace, mode: Mode) -> Result<f64, NetError> {
        let mut log_scale = 0.0;
        for &child in self.order.iter().rev() {
            let Some(s) = self.parent_sep[child] else {
                continue;
            };
            let sep = &self.separators[s];
            let message = &mut ws.separators[s];
            if sep.unit && ws.unit_messages && matches!(mode, Mode::Sum) {
                // Left out of the parent and of P(e); the distribution
                // divides by these ones.
                message.fill(1.0);
                continue;
            }
            message.fill(0.0);
            let z = match mode {
                Mode::Sum => {
                    sep.from_child.sum_into(&ws.cliques[sep.child], message);
                    message.iter().sum::<f64>()
                }
                Mode::Max => {
                    sep.from_child.max_into(&ws.cliques[sep.child], message);
                    message.iter().copied().fold(0.0, f64::max)
                }
            };
            if z <= 0.0 || !z.is_finite() {
                return Err(NetError::ZeroProbabilityEvidence);
            }
            if z != 1.0 {
                let inverse = 1.0 / z;
                message.iter_mut().for_each(|x| *x *= inverse);
                if !(sep.silent && ws.unit_messages) {
                    log_scale += z.ln();
                }
            }
            sep.from_parent
                .multiply(&mut ws.cliques[sep.parent], message);
        }
        let root = self.order[0];
        let table = &mut ws.cliques[root];
        let z = match mode {
            Mode::Sum => table.iter().sum::<f64>(),
            Mode::Max => table.iter().copied().fold(0.0, f64::max),
        };
        if z <= 0.0 || !z.is_finite() {
            return Err(NetError::ZeroProbabilityEvidence);
        }
        let inverse = 1.0 / z;
        table.iter_mut().for_each(|x| *x *= inverse);
        Ok(log_scale + z.ln())
    }

    /// Passes messages from the root back to the leaves (sum mode), after
    /// which every clique table is proportional to its posterior.
    pub(crate) fn distribute(&self, ws: &mut Workspace) {
        for &child in &self.order[1..] {
            let Some(s) = self.parent_sep[child] else {
                continue;
            };
            let sep = &self.separators[s];
            let update = &mut ws.scratch[..sep.len];
            update.fill(0.0);
            sep.from_parent.sum_into(&ws.cliques[sep.parent], update);
            for (u, old) in update.iter_mut().zip(&ws.separators[s]) {
                // Hugin's division, with 0/0 = 0: a zero separator entry means
                // the child's matching entries are already zero.
                *u = if *old > 0.0 { *u / *old } else { 0.0 };
            }
            sep.from_child.multiply(&mut ws.cliques[sep.child], update);
        }
    }

    /// A sum-mode calibration that never holds more than one clique table:
    /// each clique's table is built (CPTs, evidence, incoming messages) when
    /// it sends its message towards the root and built again when it sends
    /// its messages back, and only the separators' messages are kept between
    /// the two passes (each dropped once used). With `unit_messages` (the
    /// same declaration as [`JunctionTree::mark_unit_messages`]: conditional
    /// distributions, no evidence) a child whose message is a unit one is
    /// not built on the way up. About twice
    /// the arithmetic of [`JunctionTree::collect`] and
    /// [`JunctionTree::distribute`], for a fraction of the memory on trees
    /// of many large cliques. Returns the
    /// natural logarithm of P(e) and the normalised marginal of every
    /// variable `wanted` marks (empty for the others).
    pub(crate) fn calibrate_lean(
        &self,
        cpts: &[Cow<'_, [f64]>],
        hard: &[(usize, usize)],
        soft: &[(usize, Vec<f64>)],
        wanted: &[bool],
        unit_messages: bool,
    ) -> Result<(f64, Vec<Vec<f64>>), NetError> {
        let m = self.cliques.len();
        let mut child_seps: Vec<Vec<usize>> = vec![Vec::new(); m];
        for (s, sep) in self.separators.iter().enumerate() {
            child_seps[sep.parent].push(s);
        }
        let mut homed: Vec<Vec<usize>> = vec![Vec::new(); m];
        for v in 0..self.cards.len() {
            homed[self.home[v]].push(v);
        }
        let mut up: Vec<Vec<f64>> = vec![Vec::new(); self.separators.len()];
        let mut down: Vec<Vec<f64>> = vec![Vec::new(); self.separators.len()];
        // Unit messages (see `Separator::unit`) are known to be 1: their
        // children are not built on the way up, and the messages are left
        // out of the products and of P(e).
        let skipped = |s: usize| unit_messages && self.separators[s].unit;
        let build = |k: usize, up: &[Vec<f64>], down: Option<&[f64]>| -> Vec<f64> {
            let mut table = vec![0.0; self.clique_len[k]];
            let mut factors = self.hosted[k].iter();
            match factors.next() {
                Some(&v) => self.cpt_projection[v].assign(&mut table, &cpts[v]),
                None => table.fill(1.0),
            }
            for &v in factors {
                self.cpt_projection[v].multiply(&mut table, &cpts[v]);
            }
            for &v in &homed[k] {
                for &(u, state) in hard {
                    if u == v {
                        let mut indicator = vec![0.0; self.cards[v]];
                        indicator[state] = 1.0;
                        self.home_projection[v].multiply(&mut table, &indicator);
                    }
                }
                for (u, weights) in soft {
                    if *u == v {
                        self.home_projection[v].multiply(&mut table, weights);
                    }
                }
            }
            for &s in &child_seps[k] {
                if !skipped(s) {
                    self.separators[s].from_parent.multiply(&mut table, &up[s]);
                }
            }
            if let (Some(s), Some(message)) = (self.parent_sep[k], down) {
                self.separators[s].from_child.multiply(&mut table, message);
            }
            table
        };
        let mut log_scale = 0.0;
        for &child in self.order.iter().rev() {
            let Some(s) = self.parent_sep[child] else {
                continue;
            };
            if skipped(s) {
                continue;
            }
            let table = build(child, &up, None);
            let sep = &self.separators[s];
            let mut message = vec![0.0; sep.len];
            sep.from_child.sum_into(&table, &mut message);
            drop(table);
            let z: f64 = message.iter().sum();
            if z <= 0.0 || !z.is_finite() {
                return Err(NetError::ZeroProbabilityEvidence);
            }
            if z != 1.0 {
                let inverse = 1.0 / z;
                message.iter_mut().for_each(|x| *x *= inverse);
                if !(unit_messages && sep.silent) {
                    log_scale += z.ln();
                }
            }
            up[s] = message;
        }
        let mut marginals = vec![Vec::new(); self.cards.len()];
        for (i, &k) in self.order.iter().enumerate() {
            let message = self.parent_sep[k].map(|s| std::mem::take(&mut down[s]));
            let mut table = build(k, &up, message.as_deref());
            drop(message);
            let z: f64 = table.iter().sum();
            if i == 0 {
                if z <= 0.0 || !z.is_finite() {
                    return Err(NetError::ZeroProbabilityEvidence);
                }
                log_scale += z.ln();
            }
            if z > 0.0 {
                let inverse = 1.0 / z;
                table.iter_mut().for_each(|x| *x *= inverse);
            }
            for &s in &child_seps[k] {
                let sep = &self.separators[s];
                let mut update = vec![0.0; sep.len];
                sep.from_parent.sum_into(&table, &mut update);
                // A skipped message was 1: nothing to divide by.
                if !skipped(s) {
                    let old = std::mem::take(&mut up[s]);
                    for (u, o) in update.iter_mut().zip(&old) {
                        // Hugin's division, 0/0 = 0, as in `distribute`.
                        *u = if *o > 0.0 { *u / *o } else { 0.0 };
                    }
                }
                down[s] = update;
            }
            for &v in &homed[k] {
                if wanted[v] {
                    let mut out = vec![0.0; self.cards[v]];
                    self.home_projection[v].sum_into(&table, &mut out);
                    normalise(&mut out);
                    marginals[v] = out;
                }
            }
        }
        Ok((log_scale, marginals))
    }

    /// The normalised marginal of variable `v` from its home clique.
    pub(crate) fn marginal(&self, ws: &Workspace, v: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.cards[v]];
        self.marginal_into(ws, v, &mut out);
        out
    }

    /// Like [`JunctionTree::marginal`], into `out` (one entry per state).
    pub(crate) fn marginal_into(&self, ws: &Workspace, v: usize, out: &mut [f64]) {
        out.fill(0.0);
        self.home_projection[v].sum_into(&ws.cliques[self.home[v]], out);
        normalise(out);
    }

    /// The unnormalised table over variable `v`'s family (parents in order,
    /// then `v`), from its host clique, in CPT layout.
    pub(crate) fn family_table(&self, ws: &Workspace, v: usize) -> Vec<f64> {
        let len = self.cpt_projection[v].big_len();
        debug_assert_eq!(len, self.clique_len[self.cpt_host[v]]);
        let family_len: usize = self.parents[v]
            .iter()
            .map(|&p| self.cards[p])
            .product::<usize>()
            * self.cards[v];
        let mut out = vec![0.0; family_len];
        self.cpt_projection[v].sum_into(&ws.cliques[self.cpt_host[v]], &mut out);
        out
    }

    /// After a max-mode collect, reads the most probable configuration off the
    /// tree, root first, each clique choosing its best entry consistent with
    /// the states its parent fixed.
    pub(crate) fn decode_max(&self, ws: &Workspace) -> Vec<usize> {
        let n = self.cards.len();
        let mut assignment = vec![usize::MAX; n];
        for &k in &self.order {
            let table = &ws.cliques[k];
            let best = match self.parent_sep[k] {
                None => argmax(table.iter().copied().enumerate()),
                Some(s) => {
                    let sep = &self.separators[s];
                    let sep_vars: Vec<usize> = self.cliques[k]
                        .iter()
                        .copied()
                        .filter(|v| self.cliques[sep.parent].contains(v))
                        .collect();
                    let sep_cards: Vec<usize> = sep_vars.iter().map(|&v| self.cards[v]).collect();
                    let target: usize = sep_vars
                        .iter()
                        .zip(strides(&sep_cards))
                        .map(|(&v, stride)| assignment[v] * stride)
                        .sum();
                    let mut candidates = Vec::new();
                    sep.from_child.for_each_pair(|i, j| {
                        if j == target {
                            candidates.push((i, table[i]));
                        }
                    });
                    argmax(candidates.into_iter())
                }
            };
            let clique_cards: Vec<usize> = self.cliques[k].iter().map(|&v| self.cards[v]).collect();
            let mut rest = best;
            for (&v, stride) in self.cliques[k].iter().zip(strides(&clique_cards)) {
                let state = rest / stride;
                rest %= stride;
                if assignment[v] == usize::MAX {
                    assignment[v] = state;
                }
            }
        }
        for state in &mut assignment {
            if *state == usize::MAX {
                *state = 0;
            }
        }
        assignment
    }
}

/// The index of the largest value; the first one on ties.
/// Entry and leaving times of a depth-first walk of the tree from `root`:
/// clique k's subtree is the cliques entered in `[enter[k], leave[k])`.
fn preorder(adjacency: &[Vec<usize>], root: usize) -> (Vec<usize>, Vec<usize>) {
    let m = adjacency.len();
    let (mut enter, mut leave) = (vec![usize::MAX; m], vec![0; m]);
    let mut clock = 0;
    let mut stack = vec![(root, false)];
    while let Some((k, done)) = stack.pop() {
        if done {
            leave[k] = clock;
            continue;
        }
        enter[k] = clock;
        clock += 1;
        stack.push((k, true));
        stack.extend(
            adjacency[k]
                .iter()
                .filter(|&&c| enter[c] == usize::MAX)
                .map(|&c| (c, false)),
        );
    }
    (enter, leave)
}

fn argmax(values: impl Iterator<Item = (usize, f64)>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, x) in values {
        if x > best.1 {
            best = (i, x);
        }
    }
    best.0
}

pub(crate) fn normalise(values: &mut [f64]) {
    let sum: f64 = values.iter().sum();
    if sum > 0.0 {
        let inverse = 1.0 / sum;
        values.iter_mut().for_each(|x| *x *= inverse);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkBuilder;

    /// a → b → d ← c ← a, d → e, d → f: the cliques holding e and f hang
    /// below d's, and without evidence their messages are 1 everywhere.
    fn chainy() -> crate::network::Network {
        let mut builder = NetworkBuilder::new("chainy");
        for name in ["a", "b", "c", "d", "e", "f"] {
            builder.variable(name, ["x", "y", "z"]);
        }
        let row = |i: usize| -> [f64; 3] {
            match i % 3 {
                0 => [0.2, 0.3, 0.5],
                1 => [0.6, 0.1, 0.3],
                _ => [0.25, 0.25, 0.5],
            }
        };
        let table = |rows: usize| -> Vec<f64> { (0..rows).flat_map(row).collect() };
        builder.cpt("a", &[], table(1));
        builder.cpt("b", &["a"], table(3));
        builder.cpt("c", &["a"], table(3));
        builder.cpt("d", &["b", "c"], table(9));
        builder.cpt("e", &["d"], table(3));
        builder.cpt("f", &["d", "e"], table(9));
        builder.build().expect("valid network")
    }

    #[test]
    fn skipping_unit_messages_changes_neither_the_marginals_nor_p_of_e() {
        let network = chainy();
        let parents: Vec<Vec<usize>> = (0..network.len())
            .map(|v| network.parents(v).to_vec())
            .collect();
        let tree = JunctionTree::compile(&network.cardinalities(), &parents, 1e9).expect("tree");
        assert!(
            tree.separators.iter().any(|s| s.unit),
            "no unit separator in {:?}",
            tree.cliques
        );
        let cpts: Vec<Cow<'_, [f64]>> = network
            .cpts()
            .iter()
            .map(|c| Cow::Borrowed(c.as_slice()))
            .collect();
        let run = |skip: bool| {
            let mut ws = tree.workspace();
            tree.load(&cpts, &[], &[], &mut ws);
            if skip {
                tree.mark_unit_messages(&mut ws);
            }
            let log = tree.collect(&mut ws, Mode::Sum).expect("collects");
            tree.distribute(&mut ws);
            let marginals: Vec<Vec<f64>> =
                (0..network.len()).map(|v| tree.marginal(&ws, v)).collect();
            (log, marginals)
        };
        let (log_full, full) = run(false);
        let (log_skip, skipped) = run(true);
        assert!(
            log_full.abs() < 1e-12 && log_skip.abs() < 1e-12,
            "{log_full} {log_skip}"
        );
        for (x, y) in full.iter().zip(&skipped) {
            for (p, q) in x.iter().zip(y) {
                assert!((p - q).abs() < 1e-12, "{x:?} vs {y:?}");
            }
        }
    }
}
