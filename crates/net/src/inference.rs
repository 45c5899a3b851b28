//! Exact inference on one network: posterior marginals, the probability of
//! the evidence, and the most probable explanation.
//!
//! An [`Engine`] compiles the whole network's junction tree once, when a
//! query first needs it, and keeps its buffers. Each posterior query is planned first
//! (see [`crate::relevance`]): either one calibration of the tree, or one
//! variable elimination per target over the target's relevant sub-network,
//! whichever the cost model says touches fewer table entries. The choice is
//! recorded in [`Posterior::plan`]. The probability of the evidence alone and
//! the most probable explanation always use the tree.

use crate::error::NetError;
use crate::evidence::{Evidence, surgery};
use crate::jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, LEAN_ABOVE, Mode, TreeStats, Workspace};
use crate::network::Network;
use crate::relevance::{self, Method, Plan};

/// Posterior marginals given some evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// One distribution per variable, in network order; empty for a variable
    /// that was not asked for (see [`Engine::posterior_of`]). Observed and
    /// intervened variables get a point mass on their state.
    pub marginals: Vec<Vec<f64>>,
    /// log10 of the probability of the evidence (of the likelihood-weighted
    /// evidence when there is soft evidence; in the mutilated network when
    /// there are interventions). 0 when there is no evidence.
    pub log10_evidence: f64,
    /// How the marginals were computed, and the cost estimates behind the
    /// choice.
    pub plan: Plan,
}

impl Posterior {
    pub fn marginal(&self, id: usize) -> &[f64] {
        &self.marginals[id]
    }
}

/// The most probable explanation: a state for every variable that maximises
/// the joint probability together with the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mpe {
    /// One state index per variable, in network order.
    pub states: Vec<usize>,
    /// log10 of P(states, evidence): the joint probability of the full
    /// assignment, times any soft-evidence likelihoods.
    pub log10_probability: f64,
}

/// Exact inference engine for one network.
///
/// The junction tree of the whole network is compiled when a query first
/// needs it (a posterior planned to use it, the probability of the evidence,
/// the most probable explanation, or [`Engine::stats`]); a posterior answered
/// over relevant sub-networks never compiles it.
#[derive(Debug, Clone)]
pub struct Engine<'n> {
    network: &'n Network,
    max_entries: f64,
    tree: Option<JunctionTree>,
    /// Clique entries of the whole tree by one greedy triangulation, for the
    /// planner, until the tree itself is compiled.
    estimate: Option<f64>,
    /// The tree's buffers, allocated at the first calibration.
    workspace: Option<Workspace>,
}

impl<'n> Engine<'n> {
    /// An engine with the default size limit on the junction tree.
    pub fn new(network: &'n Network) -> Result<Self, NetError> {
        Self::with_limit(network, DEFAULT_MAX_ENTRIES)
    }

    /// An engine whose junction tree may hold at most `max_entries`
    /// clique-table entries in total; queries that need a larger tree fail
    /// with [`NetError::TooLarge`].
    pub fn with_limit(network: &'n Network, max_entries: f64) -> Result<Self, NetError> {
        Ok(Self {
            network,
            max_entries,
            tree: None,
            estimate: None,
            workspace: None,
        })
    }

    pub fn network(&self) -> &'n Network {
        self.network
    }

    /// The whole network's junction tree, compiled on first use.
    pub fn tree(&mut self) -> Result<&JunctionTree, NetError> {
        if self.tree.is_none() {
            let network = self.network;
            let parents: Vec<Vec<usize>> = (0..network.len())
                .map(|v| network.parents(v).to_vec())
                .collect();
            let tree = JunctionTree::compile(&network.cardinalities(), &parents, self.max_entries)?;
            self.tree = Some(tree);
        }
        match &self.tree {
            Some(tree) => Ok(tree),
            None => Err(NetError::InvalidArgument(
                "internal: the junction tree was not compiled".to_owned(),
            )),
        }
    }

    /// Facts about the whole network's junction tree (compiling it).
    pub fn stats(&mut self) -> Result<&TreeStats, NetError> {
        Ok(self.tree()?.stats())
    }

    /// The tree and its buffers, compiled and allocated on first use.
    fn calibration(&mut self) -> Result<(&JunctionTree, &mut Workspace), NetError> {
        self.tree()?;
        match &self.tree {
            Some(tree) => Ok((tree, self.workspace.get_or_insert_with(|| tree.workspace()))),
            None => Err(NetError::InvalidArgument(
                "internal: the junction tree was not compiled".to_owned(),
            )),
        }
    }

    /// All posterior marginals and the probability of the evidence, by the
    /// cheaper of the two methods.
    pub fn posterior(&mut self, evidence: &Evidence) -> Result<Posterior, NetError> {
        let all: Vec<usize> = (0..self.network.len()).collect();
        self.posterior_of(evidence, &all)
    }

    /// The posterior marginals of `targets` (variable ids) and the
    /// probability of the evidence, by the cheaper of the two methods. The
    /// marginals of variables not asked for are left empty.
    pub fn posterior_of(
        &mut self,
        evidence: &Evidence,
        targets: &[usize],
    ) -> Result<Posterior, NetError> {
        self.posterior_using(evidence, targets, None)
    }

    /// The cost estimates and the method [`Engine::posterior_of`] would use.
    pub fn plan(&mut self, evidence: &Evidence, targets: &[usize]) -> Result<Plan, NetError> {
        check_targets(self.network, targets)?;
        let network = self.network;
        let floor = self.tree_floor();
        Ok(relevance::plan(
            network,
            evidence,
            targets,
            &mut |ceiling| self.tree_cost(ceiling),
            floor,
            None,
        )?
        .plan)
    }

    /// A lower bound of [`Engine::tree_cost`]'s cost that needs no
    /// triangulation.
    fn tree_floor(&self) -> f64 {
        match &self.tree {
            Some(tree) => relevance::tree_cost(
                tree.stats().total_clique_entries as f64,
                self.network.len(),
                true,
            ),
            None => relevance::tree_floor(self.network),
        }
    }

    /// The whole tree's clique entries and the estimated cost of calibrating
    /// it, compiling it first if it is not yet (see [`relevance::tree_cost`]).
    /// The greedy triangulation behind the estimate may stop once the cost
    /// passes `ceiling`; only a complete estimate is kept.
    fn tree_cost(&mut self, ceiling: f64) -> relevance::TreeEstimate {
        let n = self.network.len();
        if let Some(tree) = &self.tree {
            let entries = tree.stats().total_clique_entries as f64;
            return relevance::TreeEstimate {
                entries,
                cost: relevance::tree_cost(entries, n, true),
                complete: true,
            };
        }
        let (entries, complete) = match self.estimate {
            Some(entries) => (entries, true),
            None => {
                let network = self.network;
                let parents: Vec<Vec<usize>> =
                    (0..n).map(|v| network.parents(v).to_vec()).collect();
                let limit = relevance::tree_entries_below(ceiling, n).min(self.max_entries);
                let entries = crate::triangulate::estimate_entries(
                    &parents,
                    &network.cardinalities(),
                    limit.max(0.0),
                );
                // Past the size limit the tree is out of reach however much
                // larger it is: that estimate is as good as complete.
                let complete = entries < limit || entries >= self.max_entries;
                if complete {
                    self.estimate = Some(entries);
                }
                (entries, complete)
            }
        };
        let cost = if entries > self.max_entries {
            f64::INFINITY
        } else {
            relevance::tree_cost(entries, n, false)
        };
        relevance::TreeEstimate {
            entries,
            cost,
            complete,
        }
    }

    /// Like [`Engine::posterior_of`], with the method forced when `method`
    /// is given (to compare the two, or to keep one for a series of queries).
    pub fn posterior_using(
        &mut self,
        evidence: &Evidence,
        targets: &[usize],
        method: Option<Method>,
    ) -> Result<Posterior, NetError> {
        check_targets(self.network, targets)?;
        let network = self.network;
        let floor = self.tree_floor();
        let planned = relevance::plan(
            network,
            evidence,
            targets,
            &mut |ceiling| self.tree_cost(ceiling),
            floor,
            method,
        )?;
        let answered = match planned.plan.method {
            Method::PrunedElimination => Some(relevance::eliminate(
                network,
                network.cpts(),
                evidence,
                &planned.orders,
            )?),
            Method::RelevantTrees => Some(relevance::calibrate_subtrees(
                network,
                network.cpts(),
                evidence,
                &planned.subtrees,
            )?),
            Method::Forward => match &planned.forward {
                Some(forward) => Some(relevance::propagate_forward(
                    network,
                    network.cpts(),
                    evidence,
                    forward,
                )?),
                None => {
                    return Err(NetError::InvalidArgument(
                        "internal: forward propagation was chosen but not planned".to_owned(),
                    ));
                }
            },
            Method::JunctionTree => None,
        };
        match answered {
            Some(answer) => Ok(Posterior {
                marginals: answer.marginals,
                log10_evidence: answer.log_evidence / std::f64::consts::LN_10,
                plan: planned.plan,
            }),
            None => {
                let entries = self.tree()?.stats().total_clique_entries;
                let mut posterior = if entries > LEAN_ABOVE {
                    let tree = self.tree()?;
                    posterior_lean(network, tree, network.cpts(), evidence, targets)?
                } else {
                    let (tree, workspace) = self.calibration()?;
                    posterior_with(network, tree, network.cpts(), evidence, targets, workspace)?
                };
                posterior.plan = planned.plan;
                Ok(posterior)
            }
        }
    }

    /// log10 P(evidence).
    pub fn log10_evidence(&mut self, evidence: &Evidence) -> Result<f64, NetError> {
        let network = self.network;
        let cpts = surgery(network, network.cpts(), evidence);
        let (tree, workspace) = self.calibration()?;
        tree.load(&cpts, &evidence.hard, &evidence.soft, workspace);
        let log = tree.collect(workspace, Mode::Sum)?;
        Ok(log / std::f64::consts::LN_10)
    }

    /// The most probable explanation given the evidence (max-product).
    pub fn mpe(&mut self, evidence: &Evidence) -> Result<Mpe, NetError> {
        let network = self.network;
        let cpts = surgery(network, network.cpts(), evidence);
        let (tree, workspace) = self.calibration()?;
        tree.load(&cpts, &evidence.hard, &evidence.soft, workspace);
        let log = tree.collect(workspace, Mode::Max)?;
        let states = tree.decode_max(workspace);
        Ok(Mpe {
            states,
            log10_probability: log / std::f64::consts::LN_10,
        })
    }
}

fn check_targets(network: &Network, targets: &[usize]) -> Result<(), NetError> {
    match targets.iter().find(|&&t| t >= network.len()) {
        Some(bad) => Err(NetError::InvalidArgument(format!(
            "variable index {bad} out of range"
        ))),
        None => Ok(()),
    }
}

/// The plan of a calibration of the compiled whole tree.
fn compiled_tree_plan(network: &Network, tree: &JunctionTree, targets: &[usize]) -> Plan {
    let entries = tree.stats().total_clique_entries as f64;
    let cost = relevance::tree_cost(entries, network.len(), true);
    Plan::whole_tree(Some(cost), targets.len(), network.len())
}

/// Like [`posterior_with`], holding one clique table at a time (see
/// [`JunctionTree::calibrate_lean`]).
pub(crate) fn posterior_lean(
    network: &Network,
    tree: &JunctionTree,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    targets: &[usize],
) -> Result<Posterior, NetError> {
    let effective = surgery(network, cpts, evidence);
    let mut wanted = vec![false; network.len()];
    for &v in targets {
        wanted[v] = true;
    }
    // Without findings the tables are conditional distributions (the
    // network's, after surgery), so unit messages may be skipped.
    let (log, marginals) = tree.calibrate_lean(
        &effective,
        &evidence.hard,
        &evidence.soft,
        &wanted,
        !evidence.has_findings(),
    )?;
    Ok(Posterior {
        marginals,
        log10_evidence: log / std::f64::consts::LN_10,
        plan: compiled_tree_plan(network, tree, targets),
    })
}

/// One calibration with given CPT values (same shapes as the network's),
/// reading the marginals of `targets`.
pub(crate) fn posterior_with(
    network: &Network,
    tree: &JunctionTree,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    targets: &[usize],
    workspace: &mut Workspace,
) -> Result<Posterior, NetError> {
    let effective = surgery(network, cpts, evidence);
    tree.load(&effective, &evidence.hard, &evidence.soft, workspace);
    if !evidence.has_findings() {
        // The network's CPTs, or samples brought to total 1 row by row.
        tree.mark_unit_messages(workspace);
    }
    let log = tree.collect(workspace, Mode::Sum)?;
    tree.distribute(workspace);
    let mut marginals = vec![Vec::new(); network.len()];
    for &v in targets {
        marginals[v] = tree.marginal(workspace, v);
    }
    Ok(Posterior {
        marginals,
        log10_evidence: log / std::f64::consts::LN_10,
        plan: compiled_tree_plan(network, tree, targets),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkBuilder;

    /// An 8 × 8 grid of four-state variables, each with the variables above
    /// and to the left as parents: a tree of many cliques of 4^9 entries.
    fn grid() -> Network {
        let mut builder = NetworkBuilder::new("grid");
        let name = |r: usize, c: usize| format!("g{r}_{c}");
        for r in 0..8 {
            for c in 0..8 {
                builder.variable(name(r, c), ["a", "b", "c", "d"]);
            }
        }
        for r in 0..8 {
            for c in 0..8 {
                let mut parents = Vec::new();
                if r > 0 {
                    parents.push(name(r - 1, c));
                }
                if c > 0 {
                    parents.push(name(r, c - 1));
                }
                let rows = 4usize.pow(parents.len() as u32);
                let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
                builder.cpt(&name(r, c), &parents, vec![0.25; rows * 4]);
            }
        }
        builder.build().expect("valid network")
    }

    #[test]
    fn the_tree_estimate_stops_past_its_ceiling_and_only_a_complete_one_is_kept() {
        let network = grid();
        let full = Engine::new(&network)
            .expect("engine")
            .tree_cost(f64::INFINITY);
        assert!(full.complete);
        // Half-way between the cost of compiling alone and the full cost.
        let compile_only = relevance::tree_cost(0.0, network.len(), false);
        let ceiling = (compile_only + full.cost) / 2.0;
        let mut engine = Engine::new(&network).expect("engine");
        let partial = engine.tree_cost(ceiling);
        assert!(!partial.complete, "{partial:?} against {full:?}");
        assert!(partial.cost >= ceiling, "{partial:?} below {ceiling}");
        assert!(
            partial.entries < full.entries,
            "{partial:?} did not stop early"
        );
        // The partial figure was not kept: the next estimate is complete.
        let again = engine.tree_cost(f64::INFINITY);
        assert!(again.complete);
        assert_eq!(again.entries, full.entries);
        assert_eq!(again.cost, full.cost);
        // A complete one is kept, whatever the ceiling asked next.
        let kept = engine.tree_cost(compile_only);
        assert!(kept.complete);
        assert_eq!(kept.entries, full.entries);
    }
}
