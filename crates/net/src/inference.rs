//! Exact inference on one network through its junction tree: all posterior
//! marginals in one calibration, the probability of the evidence, and the most
//! probable explanation.
//!
//! An [`Engine`] compiles the tree once and keeps its buffers, so a sequence
//! of queries with different evidence costs one calibration each. Single
//! queries that should not pay for compiling a tree can use
//! [`crate::ve::marginal`] instead.

use crate::error::NetError;
use crate::evidence::{Evidence, surgery};
use crate::jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, Mode, TreeStats, Workspace};
use crate::network::Network;

/// Posterior marginals of every variable given some evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// One distribution per variable, in network order. Observed and
    /// intervened variables get a point mass on their state.
    pub marginals: Vec<Vec<f64>>,
    /// log10 of the probability of the evidence (of the likelihood-weighted
    /// evidence when there is soft evidence; in the mutilated network when
    /// there are interventions). 0 when there is no evidence.
    pub log10_evidence: f64,
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
#[derive(Debug, Clone)]
pub struct Engine<'n> {
    network: &'n Network,
    tree: JunctionTree,
    workspace: Workspace,
}

impl<'n> Engine<'n> {
    /// Compiles the junction tree with the default size limit.
    pub fn new(network: &'n Network) -> Result<Self, NetError> {
        Self::with_limit(network, DEFAULT_MAX_ENTRIES)
    }

    /// Compiles the junction tree, refusing trees with more than `max_entries`
    /// clique-table entries in total.
    pub fn with_limit(network: &'n Network, max_entries: f64) -> Result<Self, NetError> {
        let parents: Vec<Vec<usize>> = (0..network.len())
            .map(|v| network.parents(v).to_vec())
            .collect();
        let tree = JunctionTree::compile(&network.cardinalities(), &parents, max_entries)?;
        let workspace = tree.workspace();
        Ok(Self {
            network,
            tree,
            workspace,
        })
    }

    pub fn network(&self) -> &'n Network {
        self.network
    }

    pub fn tree(&self) -> &JunctionTree {
        &self.tree
    }

    pub fn stats(&self) -> &TreeStats {
        self.tree.stats()
    }

    /// All posterior marginals and the probability of the evidence.
    pub fn posterior(&mut self, evidence: &Evidence) -> Result<Posterior, NetError> {
        posterior_with(
            self.network,
            &self.tree,
            self.network.cpts(),
            evidence,
            &mut self.workspace,
        )
    }

    /// log10 P(evidence).
    pub fn log10_evidence(&mut self, evidence: &Evidence) -> Result<f64, NetError> {
        let cpts = surgery(self.network, self.network.cpts(), evidence);
        self.tree
            .load(&cpts, &evidence.hard, &evidence.soft, &mut self.workspace);
        let log = self.tree.collect(&mut self.workspace, Mode::Sum)?;
        Ok(log / std::f64::consts::LN_10)
    }

    /// The most probable explanation given the evidence (max-product).
    pub fn mpe(&mut self, evidence: &Evidence) -> Result<Mpe, NetError> {
        let cpts = surgery(self.network, self.network.cpts(), evidence);
        self.tree
            .load(&cpts, &evidence.hard, &evidence.soft, &mut self.workspace);
        let log = self.tree.collect(&mut self.workspace, Mode::Max)?;
        let states = self.tree.decode_max(&self.workspace);
        Ok(Mpe {
            states,
            log10_probability: log / std::f64::consts::LN_10,
        })
    }
}

/// One calibration with given CPT values (same shapes as the network's).
pub(crate) fn posterior_with(
    network: &Network,
    tree: &JunctionTree,
    cpts: &[Vec<f64>],
    evidence: &Evidence,
    workspace: &mut Workspace,
) -> Result<Posterior, NetError> {
    let effective = surgery(network, cpts, evidence);
    tree.load(&effective, &evidence.hard, &evidence.soft, workspace);
    let log = tree.collect(workspace, Mode::Sum)?;
    tree.distribute(workspace);
    let marginals = (0..network.len())
        .map(|v| tree.marginal(workspace, v))
        .collect();
    Ok(Posterior {
        marginals,
        log10_evidence: log / std::f64::consts::LN_10,
    })
}
