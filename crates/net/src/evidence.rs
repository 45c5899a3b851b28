//! What is known or imposed before a query: hard evidence (a variable is
//! observed in one state), soft or likelihood evidence (a non-negative weight
//! per state, as from an unreliable report), and interventions (`do(X = x)`:
//! the variable is set from outside, so its incoming arcs are cut and it is
//! clamped to the state).
//!
//! Evidence is resolved against one network when it is built, so a query
//! never meets an unknown name. This module does no inference.

use std::borrow::Cow;

use crate::error::NetError;
use crate::network::Network;

/// Evidence for one network, by variable and state ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    pub(crate) hard: Vec<(usize, usize)>,
    pub(crate) soft: Vec<(usize, Vec<f64>)>,
    pub(crate) interventions: Vec<(usize, usize)>,
}

impl Evidence {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.hard.is_empty() && self.soft.is_empty() && self.interventions.is_empty()
    }

    /// Observes `variable` in `state`, both by name.
    pub fn observe(
        &mut self,
        network: &Network,
        variable: &str,
        state: &str,
    ) -> Result<&mut Self, NetError> {
        let id = network.require(variable)?;
        let state = network.require_state(id, state)?;
        self.agrees(network, id, state, "observed as")?;
        self.hard.push((id, state));
        Ok(self)
    }

    /// Observes variable `id` in state `state`, by index.
    pub fn observe_id(
        &mut self,
        network: &Network,
        id: usize,
        state: usize,
    ) -> Result<&mut Self, NetError> {
        check_ids(network, id, state)?;
        self.agrees(network, id, state, "observed as")?;
        self.hard.push((id, state));
        Ok(self)
    }

    /// Likelihood evidence on `variable`: one non-negative weight per state,
    /// not all zero. Only ratios matter for posteriors; the weights also scale
    /// the reported probability of the evidence.
    pub fn likelihood(
        &mut self,
        network: &Network,
        variable: &str,
        weights: &[f64],
    ) -> Result<&mut Self, NetError> {
        let id = network.require(variable)?;
        self.likelihood_id(network, id, weights)
    }

    pub fn likelihood_id(
        &mut self,
        network: &Network,
        id: usize,
        weights: &[f64],
    ) -> Result<&mut Self, NetError> {
        if id >= network.len() {
            return Err(NetError::InvalidArgument(format!(
                "variable index {id} out of range"
            )));
        }
        let variable = network.variable(id);
        let invalid = |message: String| NetError::InvalidEvidence {
            variable: variable.name().to_owned(),
            message,
        };
        if weights.len() != variable.cardinality() {
            return Err(invalid(format!(
                "{} likelihoods given for {} states",
                weights.len(),
                variable.cardinality()
            )));
        }
        if let Some(bad) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(invalid(format!(
                "likelihood {bad} is not a finite non-negative number"
            )));
        }
        if weights.iter().all(|&w| w == 0.0) {
            return Err(invalid("all likelihoods are zero".to_owned()));
        }
        self.soft.push((id, weights.to_vec()));
        Ok(self)
    }

    /// Intervention `do(variable = state)`.
    pub fn intervene(
        &mut self,
        network: &Network,
        variable: &str,
        state: &str,
    ) -> Result<&mut Self, NetError> {
        let id = network.require(variable)?;
        let state = network.require_state(id, state)?;
        self.agrees(network, id, state, "set by do to")?;
        self.interventions.push((id, state));
        Ok(self)
    }

    pub fn intervene_id(
        &mut self,
        network: &Network,
        id: usize,
        state: usize,
    ) -> Result<&mut Self, NetError> {
        check_ids(network, id, state)?;
        self.agrees(network, id, state, "set by do to")?;
        self.interventions.push((id, state));
        Ok(self)
    }

    /// Refuses a second observation or intervention that puts a variable in
    /// another state than the first: the answer would only be "probability
    /// zero", so the contradiction is named where it is entered.
    fn agrees(
        &self,
        network: &Network,
        id: usize,
        state: usize,
        how: &str,
    ) -> Result<(), NetError> {
        let variable = network.variable(id);
        let earlier = self.hard.iter().map(|&(v, s)| (v, s, "observed as")).chain(
            self.interventions
                .iter()
                .map(|&(v, s)| (v, s, "set by do to")),
        );
        for (v, s, earlier_how) in earlier {
            if v == id && s != state {
                return Err(NetError::InvalidEvidence {
                    variable: variable.name().to_owned(),
                    message: format!(
                        "{how} '{}', but already {earlier_how} '{}'",
                        variable.states()[state],
                        variable.states()[s]
                    ),
                });
            }
        }
        Ok(())
    }

    pub fn hard(&self) -> &[(usize, usize)] {
        &self.hard
    }

    pub fn soft(&self) -> &[(usize, Vec<f64>)] {
        &self.soft
    }

    pub fn interventions(&self) -> &[(usize, usize)] {
        &self.interventions
    }

    /// True when something is observed (hard or soft evidence); interventions
    /// alone leave every table a conditional distribution.
    pub(crate) fn has_findings(&self) -> bool {
        !self.hard.is_empty() || !self.soft.is_empty()
    }

    /// The state a variable is observed or set in, if any.
    pub fn fixed_state(&self, id: usize) -> Option<usize> {
        self.interventions
            .iter()
            .chain(&self.hard)
            .find(|(v, _)| *v == id)
            .map(|&(_, s)| s)
    }
}

fn check_ids(network: &Network, id: usize, state: usize) -> Result<(), NetError> {
    if id >= network.len() {
        return Err(NetError::InvalidArgument(format!(
            "variable index {id} out of range"
        )));
    }
    if state >= network.cardinality(id) {
        return Err(NetError::InvalidArgument(format!(
            "state index {state} out of range for '{}'",
            network.variable(id).name()
        )));
    }
    Ok(())
}

/// The CPTs after graph surgery: an intervened variable's CPT becomes a point
/// mass on its state in every row. Keeping the parents (now ignored) lets the
/// same junction tree serve queries with and without interventions, since
/// the surgery only removes dependencies.
pub(crate) fn surgery<'a>(
    network: &Network,
    cpts: &'a [Vec<f64>],
    evidence: &Evidence,
) -> Vec<Cow<'a, [f64]>> {
    let mut out: Vec<Cow<'a, [f64]>> = cpts.iter().map(|c| Cow::Borrowed(c.as_slice())).collect();
    for &(id, state) in &evidence.interventions {
        let card = network.cardinality(id);
        let rows = network.rows(id);
        let mut table = vec![0.0; rows * card];
        for row in table.chunks_exact_mut(card) {
            row[state] = 1.0;
        }
        out[id] = Cow::Owned(table);
    }
    out
}
