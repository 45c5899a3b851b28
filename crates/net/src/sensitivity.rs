//! One-way sensitivity of a posterior probability P(T = t | e) to each CPT
//! entry, for tornado charts.
//!
//! When one entry θ = P(X = x | u) moves to s, the other entries of its row
//! are rescaled proportionally so the row still sums to 1 (when they are all
//! zero, the freed mass is shared equally among them). P(e) and P(t, e) are
//! then linear in s:
//!
//! ```text
//! P(e)(s)    = a_e·s + b_e        P(t, e)(s) = a_t·s + b_t
//! P(t | e)(s) = (a_t·s + b_t) / (a_e·s + b_e)
//! d/ds P(t | e) at s = θ is (a_t·b_e − a_e·b_t) / (a_e·θ + b_e)²
//! ```
//!
//! The coefficients come from the partial derivatives D(x, u) = ∂P(e)/∂θ_x|u,
//! which are the marginal of X's family in the network with X's CPT replaced
//! by ones: two calibrations per variable (with e, and with e and T = t) give
//! every entry's coefficients exactly, with no finite differences. A ratio of
//! linear functions is monotone between its poles, so the target's range
//! over an interval of s is reached at the interval's ends.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::error::NetError;
use crate::evidence::{Evidence, surgery};
use crate::jtree::{DEFAULT_MAX_ENTRIES, JunctionTree, Mode, Workspace};
use crate::network::{Interval, Network};

/// Sensitivity of the target to one CPT entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSensitivity {
    pub variable: usize,
    /// Row of the CPT (parent configuration, last parent fastest).
    pub row: usize,
    /// State of the variable within the row.
    pub state: usize,
    /// The entry's value in the network.
    pub value: f64,
    /// d P(t | e) / d θ at the current value, co-varying the row.
    pub derivative: f64,
    /// The interval the entry spans: its given interval, or [0, 1].
    pub span: Interval,
    /// The target at the span's ends; `None` where the evidence would have
    /// probability zero.
    pub target_at_low: Option<f64>,
    pub target_at_high: Option<f64>,
}

impl ParameterSensitivity {
    /// Width of the target's range over the span (0 when undefined at an end).
    pub fn swing(&self) -> f64 {
        match (self.target_at_low, self.target_at_high) {
            (Some(low), Some(high)) => (high - low).abs(),
            _ => 0.0,
        }
    }
}

/// Sensitivities of one target, ranked by swing (largest first).
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityReport {
    pub target: usize,
    pub state: usize,
    /// P(T = t | e) in the network as given.
    pub value: f64,
    pub parameters: Vec<ParameterSensitivity>,
}

/// Family tables (parents, then the variable) of `v` with its CPT replaced
/// by ones, scaled relative to `log_base`; zeros when the evidence is impossible.
/// What every derivative table of one sensitivity run shares.
struct Setting<'a> {
    network: &'a Network,
    tree: &'a JunctionTree,
    cpts: &'a [Cow<'a, [f64]>],
    soft: &'a [(usize, Vec<f64>)],
    /// Natural log of P(e), so tables come out relative to it.
    log_base: f64,
}

fn derivative_table(
    setting: &Setting<'_>,
    v: usize,
    hard: &[(usize, usize)],
    workspace: &mut Workspace,
) -> Result<Vec<f64>, NetError> {
    let Setting {
        network,
        tree,
        cpts,
        soft,
        log_base,
    } = *setting;
    let mut modified: Vec<Cow<'_, [f64]>> =
        cpts.iter().map(|c| Cow::Borrowed(c.as_ref())).collect();
    modified[v] = Cow::Owned(vec![1.0; network.cpt(v).len()]);
    tree.load(&modified, hard, soft, workspace);
    let log = match tree.collect(workspace, Mode::Sum) {
        Ok(log) => log,
        Err(NetError::ZeroProbabilityEvidence) => return Ok(vec![0.0; network.cpt(v).len()]),
        Err(other) => return Err(other),
    };
    tree.distribute(workspace);
    let mut table = tree.family_table(workspace, v);
    let sum: f64 = table.iter().sum();
    let scale = if sum > 0.0 {
        (log - log_base).exp() / sum
    } else {
        0.0
    };
    table.iter_mut().for_each(|x| *x *= scale);
    Ok(table)
}

/// Linear coefficients (a, b) of P(s) for entry `state` of `row`.
fn coefficients(
    cpt: &[f64],
    derivative: &[f64],
    card: usize,
    row: usize,
    state: usize,
    total: f64,
) -> (f64, f64) {
    let theta = &cpt[row * card..(row + 1) * card];
    let d = &derivative[row * card..(row + 1) * card];
    let row_total: f64 = theta.iter().zip(d).map(|(t, d)| t * d).sum();
    let rest = total - row_total;
    let others: f64 = (0..card).filter(|&i| i != state).map(|i| theta[i]).sum();
    let share = if others > 0.0 {
        (0..card)
            .filter(|&i| i != state)
            .map(|i| theta[i] * d[i])
            .sum::<f64>()
            / others
    } else {
        (0..card).filter(|&i| i != state).map(|i| d[i]).sum::<f64>() / (card - 1) as f64
    };
    (d[state] - share, rest + share)
}

/// One-way sensitivity of P(`target` = `state` | evidence) to every CPT entry
/// of every variable that is not intervened on.
pub fn sensitivity(
    network: &Network,
    evidence: &Evidence,
    target: usize,
    state: usize,
) -> Result<SensitivityReport, NetError> {
    if target >= network.len() || state >= network.cardinality(target) {
        return Err(NetError::InvalidArgument(
            "sensitivity target out of range".to_owned(),
        ));
    }
    let parents: Vec<Vec<usize>> = (0..network.len())
        .map(|v| network.parents(v).to_vec())
        .collect();
    let tree = JunctionTree::compile(&network.cardinalities(), &parents, DEFAULT_MAX_ENTRIES)?;
    let cpts = surgery(network, network.cpts(), evidence);
    let mut workspace = tree.workspace();
    tree.load(&cpts, &evidence.hard, &evidence.soft, &mut workspace);
    let log_base = tree.collect(&mut workspace, Mode::Sum)?;
    tree.distribute(&mut workspace);
    let value = tree.marginal(&workspace, target)[state];
    let mut with_target = evidence.hard.clone();
    with_target.push((target, state));
    let intervened: Vec<usize> = evidence.interventions.iter().map(|&(v, _)| v).collect();
    let variables: Vec<usize> = (0..network.len())
        .filter(|v| !intervened.contains(v) && network.cardinality(*v) > 1)
        .collect();
    let setting = Setting {
        network,
        tree: &tree,
        cpts: &cpts,
        soft: &evidence.soft,
        log_base,
    };
    let per_variable: Vec<Result<Vec<ParameterSensitivity>, NetError>> = variables
        .par_iter()
        .map_init(
            || tree.workspace(),
            |workspace, &v| {
                let d_e = derivative_table(&setting, v, &evidence.hard, workspace)?;
                let d_t = derivative_table(&setting, v, &with_target, workspace)?;
                let cpt = network.cpt(v);
                let card = network.cardinality(v);
                let total_e: f64 = cpt.iter().zip(&d_e).map(|(a, b)| a * b).sum();
                let total_t: f64 = cpt.iter().zip(&d_t).map(|(a, b)| a * b).sum();
                let mut out = Vec::with_capacity(cpt.len());
                for row in 0..network.rows(v) {
                    for x in 0..card {
                        let theta = cpt[row * card + x];
                        let (a_e, b_e) = coefficients(cpt, &d_e, card, row, x, total_e);
                        let (a_t, b_t) = coefficients(cpt, &d_t, card, row, x, total_t);
                        let denominator = a_e * theta + b_e;
                        let derivative = if denominator > 0.0 {
                            (a_t * b_e - a_e * b_t) / (denominator * denominator)
                        } else {
                            0.0
                        };
                        let span = network
                            .intervals(v)
                            .map_or(Interval::new(0.0, 1.0), |b| b[row * card + x]);
                        let at = |s: f64| {
                            let p_e = a_e * s + b_e;
                            // Relative tolerance: P(e) is scaled to 1 at the given values.
                            (p_e > 1e-300).then(|| ((a_t * s + b_t) / p_e).clamp(0.0, 1.0))
                        };
                        out.push(ParameterSensitivity {
                            variable: v,
                            row,
                            state: x,
                            value: theta,
                            derivative,
                            span,
                            target_at_low: at(span.low),
                            target_at_high: at(span.high),
                        });
                    }
                }
                Ok(out)
            },
        )
        .collect();
    let mut parameters = Vec::new();
    for result in per_variable {
        parameters.extend(result?);
    }
    parameters.sort_by(|a, b| {
        b.swing()
            .total_cmp(&a.swing())
            .then(b.derivative.abs().total_cmp(&a.derivative.abs()))
            .then((a.variable, a.row, a.state).cmp(&(b.variable, b.row, b.state)))
    });
    Ok(SensitivityReport {
        target,
        state,
        value,
        parameters,
    })
}
