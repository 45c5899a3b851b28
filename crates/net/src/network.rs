//! Discrete Bayesian networks: variables with named states, parent sets and
//! conditional probability tables (CPTs), optionally with an interval for each
//! CPT entry.
//!
//! A CPT is stored flat: one row per parent configuration, in the order where
//! the last parent varies fastest (as BIF lists rows), and within a row one
//! entry per state of the child. Networks are immutable once built, and a
//! built network is always valid: a directed acyclic graph whose CPT rows each
//! sum to 1 within [`SUM_TOLERANCE`]. This module does no inference and no I/O.

use std::collections::HashMap;

use crate::error::{NetError, Problem};

/// How far a CPT row's sum may stray from 1.
pub const SUM_TOLERANCE: f64 = 1e-6;

/// A closed interval `[low, high]` for one CPT entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn new(low: f64, high: f64) -> Self {
        Self { low, high }
    }

    pub fn point(value: f64) -> Self {
        Self {
            low: value,
            high: value,
        }
    }

    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }
}

/// A discrete variable: a name and its states, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    name: String,
    states: Vec<String>,
}

impl Variable {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn states(&self) -> &[String] {
        &self.states
    }

    pub fn cardinality(&self) -> usize {
        self.states.len()
    }

    pub fn state_index(&self, state: &str) -> Option<usize> {
        self.states.iter().position(|s| s == state)
    }
}

/// A validated discrete Bayesian network.
#[derive(Debug, Clone)]
pub struct Network {
    name: String,
    variables: Vec<Variable>,
    parents: Vec<Vec<usize>>,
    children: Vec<Vec<usize>>,
    cpts: Vec<Vec<f64>>,
    intervals: Vec<Option<Vec<Interval>>>,
    index: HashMap<String, usize>,
    topological_order: Vec<usize>,
}

impl PartialEq for Network {
    /// Two networks are equal when they have the same name, variables (in
    /// order, with the same states), parents (in order) and CPT entries.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.variables == other.variables
            && self.parents == other.parents
            && self.cpts == other.cpts
            && self.intervals == other.intervals
    }
}

impl Network {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn len(&self) -> usize {
        self.variables.len()
    }

    pub fn is_empty(&self) -> bool {
        self.variables.is_empty()
    }

    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    pub fn variable(&self, id: usize) -> &Variable {
        &self.variables[id]
    }

    /// The index of the variable called `name`.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Like [`Network::id`], as a `Result` naming the unknown variable.
    pub fn require(&self, name: &str) -> Result<usize, NetError> {
        self.id(name).ok_or_else(|| NetError::UnknownVariable {
            name: name.to_owned(),
        })
    }

    /// The index of `state` of variable `id`, as a `Result` naming the problem.
    pub fn require_state(&self, id: usize, state: &str) -> Result<usize, NetError> {
        let variable = &self.variables[id];
        variable
            .state_index(state)
            .ok_or_else(|| NetError::UnknownState {
                variable: variable.name.clone(),
                state: state.to_owned(),
                states: variable.states.clone(),
            })
    }

    pub fn cardinality(&self, id: usize) -> usize {
        self.variables[id].states.len()
    }

    pub fn cardinalities(&self) -> Vec<usize> {
        self.variables.iter().map(Variable::cardinality).collect()
    }

    pub fn parents(&self, id: usize) -> &[usize] {
        &self.parents[id]
    }

    pub fn children(&self, id: usize) -> &[usize] {
        &self.children[id]
    }

    /// The CPT of variable `id`: rows in parent-configuration order (last
    /// parent fastest), the child's state fastest within a row.
    pub fn cpt(&self, id: usize) -> &[f64] {
        &self.cpts[id]
    }

    pub fn cpts(&self) -> &[Vec<f64>] {
        &self.cpts
    }

    /// The intervals of variable `id`'s CPT entries, if it was given any.
    pub fn intervals(&self, id: usize) -> Option<&[Interval]> {
        self.intervals[id].as_deref()
    }

    pub fn has_intervals(&self) -> bool {
        self.intervals.iter().any(Option::is_some)
    }

    /// Number of rows (parent configurations) in the CPT of `id`.
    pub fn rows(&self, id: usize) -> usize {
        self.parents[id]
            .iter()
            .map(|&p| self.cardinality(p))
            .product()
    }

    /// A topological order: every parent comes before its children.
    pub fn topological_order(&self) -> &[usize] {
        &self.topological_order
    }

    pub fn arc_count(&self) -> usize {
        self.parents.iter().map(Vec::len).sum()
    }

    /// Number of free parameters: (states − 1) × rows, summed over variables.
    pub fn free_parameters(&self) -> usize {
        (0..self.len())
            .map(|id| (self.cardinality(id) - 1) * self.rows(id))
            .sum()
    }

    /// The states of the parents for row `row` of the CPT of `id`.
    pub fn row_configuration(&self, id: usize, mut row: usize) -> Vec<usize> {
        let parents = &self.parents[id];
        let mut states = vec![0; parents.len()];
        for (slot, &parent) in states.iter_mut().zip(parents).rev() {
            let card = self.cardinality(parent);
            *slot = row % card;
            row /= card;
        }
        states
    }

    /// A copy of this network with other CPT entries (same shapes). Used to
    /// evaluate sampled parameters; the values are validated like any others.
    pub fn with_cpts(&self, cpts: Vec<Vec<f64>>) -> Result<Network, NetError> {
        let mut problems = Vec::new();
        if cpts.len() != self.len() {
            return Err(NetError::InvalidArgument(format!(
                "expected {} CPTs, got {}",
                self.len(),
                cpts.len()
            )));
        }
        for (id, cpt) in cpts.iter().enumerate() {
            check_cpt_values(
                &self.variables[id].name,
                self.cardinality(id),
                self.rows(id),
                cpt,
                &mut problems,
            );
        }
        if !problems.is_empty() {
            return Err(NetError::InvalidNetwork { problems });
        }
        let mut network = self.clone();
        network.cpts = cpts;
        Ok(network)
    }
}

/// One CPT as given to [`NetworkBuilder`]: point values, intervals, or both.
#[derive(Debug, Clone, PartialEq)]
pub enum CptSpec {
    /// Point probabilities, rows in parent-configuration order.
    Values(Vec<f64>),
    /// Intervals only; the point values are derived as described in
    /// [`crate::uncertainty::representative_row`].
    Intervals(Vec<Interval>),
    /// Point values with an interval around each.
    ValuesWithIntervals(Vec<f64>, Vec<Interval>),
}

#[derive(Debug, Clone)]
struct VariableSpec {
    name: String,
    states: Vec<String>,
    parents: Option<Vec<String>>,
    cpt: Option<CptSpec>,
}

/// Builds a [`Network`] in code and validates it as a whole.
///
/// ```
/// use statecraft_net::NetworkBuilder;
/// let mut builder = NetworkBuilder::new("rain");
/// builder.variable("Rain", ["yes", "no"]);
/// builder.variable("Wet", ["yes", "no"]);
/// builder.cpt("Rain", &[], [0.2, 0.8]);
/// // Rows follow the parent's states; the child's states vary within a row.
/// builder.cpt("Wet", &["Rain"], [0.9, 0.1, 0.2, 0.8]);
/// let network = builder.build().unwrap();
/// assert_eq!(network.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct NetworkBuilder {
    name: String,
    specs: Vec<VariableSpec>,
    /// Each name's first declaration in `specs` (a repeated name is reported by
    /// `build`), so that setting CPTs stays linear in the network's size.
    declared: HashMap<String, usize>,
    problems: Vec<Problem>,
}

impl NetworkBuilder {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Declares a variable and its states, in order.
    pub fn variable<S: Into<String>>(
        &mut self,
        name: impl Into<String>,
        states: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let name = name.into();
        self.declared
            .entry(name.clone())
            .or_insert(self.specs.len());
        self.specs.push(VariableSpec {
            name,
            states: states.into_iter().map(Into::into).collect(),
            parents: None,
            cpt: None,
        });
        self
    }

    /// Sets the parents and CPT of a declared variable.
    pub fn cpt(
        &mut self,
        variable: &str,
        parents: &[&str],
        values: impl IntoIterator<Item = f64>,
    ) -> &mut Self {
        self.cpt_spec(
            variable,
            parents,
            CptSpec::Values(values.into_iter().collect()),
        )
    }

    /// Sets the parents and CPT of a declared variable from any [`CptSpec`].
    pub fn cpt_spec(&mut self, variable: &str, parents: &[&str], cpt: CptSpec) -> &mut Self {
        match self
            .declared
            .get(variable)
            .map(|&index| &mut self.specs[index])
        {
            Some(spec) if spec.cpt.is_some() => self.problems.push(Problem {
                variable: Some(variable.to_owned()),
                row: None,
                message: "CPT given twice".to_owned(),
            }),
            Some(spec) => {
                spec.parents = Some(parents.iter().map(|&p| p.to_owned()).collect());
                spec.cpt = Some(cpt);
            }
            None => self.problems.push(Problem {
                variable: Some(variable.to_owned()),
                row: None,
                message: "CPT given for a variable that was not declared".to_owned(),
            }),
        }
        self
    }

    /// Validates everything and returns the network, or every problem found.
    pub fn build(self) -> Result<Network, NetError> {
        let NetworkBuilder {
            name,
            specs,
            mut problems,
            ..
        } = self;
        let mut index = HashMap::with_capacity(specs.len());
        for (id, spec) in specs.iter().enumerate() {
            let problem = |message: String| Problem {
                variable: Some(spec.name.clone()),
                row: None,
                message,
            };
            if spec.name.is_empty() {
                problems.push(problem("empty variable name".to_owned()));
            }
            if index.insert(spec.name.clone(), id).is_some() {
                problems.push(problem("declared twice".to_owned()));
            }
            if spec.states.is_empty() {
                problems.push(problem("has no states".to_owned()));
            }
            let mut seen = std::collections::HashSet::new();
            for state in &spec.states {
                if state.is_empty() {
                    problems.push(problem("empty state name".to_owned()));
                } else if !seen.insert(state.as_str()) {
                    problems.push(problem(format!("state '{state}' listed twice")));
                }
            }
        }
        let mut parents = vec![Vec::new(); specs.len()];
        for (id, spec) in specs.iter().enumerate() {
            let Some(names) = &spec.parents else {
                problems.push(Problem {
                    variable: Some(spec.name.clone()),
                    row: None,
                    message: "has no CPT".to_owned(),
                });
                continue;
            };
            for parent in names {
                match index.get(parent) {
                    Some(&p) if parents[id].contains(&p) => problems.push(Problem {
                        variable: Some(spec.name.clone()),
                        row: None,
                        message: format!("parent '{parent}' listed twice"),
                    }),
                    Some(&p) if p == id => problems.push(Problem {
                        variable: Some(spec.name.clone()),
                        row: None,
                        message: "is its own parent".to_owned(),
                    }),
                    Some(&p) => parents[id].push(p),
                    None => problems.push(Problem {
                        variable: Some(spec.name.clone()),
                        row: None,
                        message: format!("unknown parent '{parent}'"),
                    }),
                }
            }
        }
        if !problems.is_empty() {
            return Err(NetError::InvalidNetwork { problems });
        }
        let cards: Vec<usize> = specs.iter().map(|s| s.states.len()).collect();
        let mut cpts = Vec::with_capacity(specs.len());
        let mut intervals = Vec::with_capacity(specs.len());
        for (id, spec) in specs.iter().enumerate() {
            // Guard against tables too large to allocate before computing sizes.
            let rows = parents[id]
                .iter()
                .try_fold(1usize, |acc, &p| acc.checked_mul(cards[p]));
            let Some(rows) = rows.filter(|r| r.checked_mul(cards[id]).is_some()) else {
                problems.push(Problem {
                    variable: Some(spec.name.clone()),
                    row: None,
                    message: "CPT is too large".to_owned(),
                });
                cpts.push(Vec::new());
                intervals.push(None);
                continue;
            };
            let (values, bounds) = match spec.cpt.clone() {
                Some(CptSpec::Values(values)) => (values, None),
                Some(CptSpec::Intervals(bounds)) => {
                    let values = if bounds.len() == rows * cards[id] {
                        bounds
                            .chunks_exact(cards[id])
                            .flat_map(crate::uncertainty::representative_row)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    (values, Some(bounds))
                }
                Some(CptSpec::ValuesWithIntervals(values, bounds)) => (values, Some(bounds)),
                None => (Vec::new(), None),
            };
            let before = problems.len();
            check_cpt_values(&spec.name, cards[id], rows, &values, &mut problems);
            if let Some(bounds) = &bounds
                && problems.len() == before
            {
                check_intervals(&spec.name, cards[id], &values, bounds, &mut problems);
            }
            cpts.push(values);
            intervals.push(bounds);
        }
        let topological_order = match topological_order(&parents) {
            Ok(order) => order,
            Err(cycle) => {
                let names: Vec<&str> = cycle.iter().map(|&v| specs[v].name.as_str()).collect();
                problems.push(Problem {
                    variable: Some(specs[cycle[0]].name.clone()),
                    row: None,
                    message: format!("is on a directed cycle: {}", names.join(" -> ")),
                });
                Vec::new()
            }
        };
        if !problems.is_empty() {
            return Err(NetError::InvalidNetwork { problems });
        }
        let mut children = vec![Vec::new(); specs.len()];
        for (child, ps) in parents.iter().enumerate() {
            for &p in ps {
                children[p].push(child);
            }
        }
        let variables = specs
            .into_iter()
            .map(|spec| Variable {
                name: spec.name,
                states: spec.states,
            })
            .collect();
        Ok(Network {
            name,
            variables,
            parents,
            children,
            cpts,
            intervals,
            index,
            topological_order,
        })
    }
}

fn check_cpt_values(
    name: &str,
    card: usize,
    rows: usize,
    values: &[f64],
    problems: &mut Vec<Problem>,
) {
    let expected = rows * card;
    if values.len() != expected {
        problems.push(Problem {
            variable: Some(name.to_owned()),
            row: None,
            message: format!(
                "CPT has {} entries, expected {expected} ({rows} rows of {card})",
                values.len()
            ),
        });
        return;
    }
    for (row, chunk) in values.chunks_exact(card.max(1)).enumerate() {
        if let Some(bad) = chunk.iter().find(|p| !(p.is_finite() && **p >= 0.0)) {
            problems.push(Problem {
                variable: Some(name.to_owned()),
                row: Some(row),
                message: format!("probability {bad} is not a finite non-negative number"),
            });
            continue;
        }
        let sum: f64 = chunk.iter().sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            problems.push(Problem {
                variable: Some(name.to_owned()),
                row: Some(row),
                message: format!("probabilities sum to {sum}, not 1"),
            });
        }
    }
}

fn check_intervals(
    name: &str,
    card: usize,
    values: &[f64],
    bounds: &[Interval],
    problems: &mut Vec<Problem>,
) {
    if bounds.len() != values.len() {
        problems.push(Problem {
            variable: Some(name.to_owned()),
            row: None,
            message: format!(
                "{} intervals given for {} CPT entries",
                bounds.len(),
                values.len()
            ),
        });
        return;
    }
    for (row, (chunk, values)) in bounds
        .chunks_exact(card.max(1))
        .zip(values.chunks_exact(card.max(1)))
        .enumerate()
    {
        let mut problem = |message: String| {
            problems.push(Problem {
                variable: Some(name.to_owned()),
                row: Some(row),
                message,
            })
        };
        if let Some(bad) = chunk.iter().find(|b| {
            !(b.low.is_finite() && b.high.is_finite() && 0.0 <= b.low && b.low <= b.high)
                || b.high > 1.0
        }) {
            problem(format!(
                "interval [{}, {}] is not inside [0, 1] with low <= high",
                bad.low, bad.high
            ));
            continue;
        }
        let low: f64 = chunk.iter().map(|b| b.low).sum();
        let high: f64 = chunk.iter().map(|b| b.high).sum();
        if low > 1.0 + SUM_TOLERANCE || high < 1.0 - SUM_TOLERANCE {
            problem(format!(
                "intervals admit no distribution (lows sum to {low}, highs to {high})"
            ));
            continue;
        }
        if let Some((value, bound)) = values
            .iter()
            .zip(chunk)
            .find(|(v, b)| **v < b.low - SUM_TOLERANCE || **v > b.high + SUM_TOLERANCE)
        {
            problem(format!(
                "value {value} lies outside its interval [{}, {}]",
                bound.low, bound.high
            ));
        }
    }
}

/// Kahn's algorithm; on failure returns one directed cycle, as variable ids
/// with the first repeated at the end.
fn topological_order(parents: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = parents.len();
    let mut children = vec![Vec::new(); n];
    let mut pending: Vec<usize> = parents.iter().map(Vec::len).collect();
    for (child, ps) in parents.iter().enumerate() {
        for &p in ps {
            children[p].push(child);
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&v| pending[v] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        for &c in &children[v] {
            pending[c] -= 1;
            if pending[c] == 0 {
                order.push(c);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every remaining variable has a remaining parent: walk parents until one
    // repeats, which closes a cycle.
    let Some(start) = (0..n).find(|&v| pending[v] > 0) else {
        return Ok(order);
    };
    let mut path = vec![start];
    let mut on_path = vec![usize::MAX; n];
    on_path[start] = 0;
    let mut current = start;
    loop {
        let Some(&next) = parents[current].iter().find(|&&p| pending[p] > 0) else {
            return Err(path);
        };
        if on_path[next] != usize::MAX {
            let mut cycle: Vec<usize> = path[on_path[next]..].to_vec();
            cycle.reverse();
            // Reversed parent walk lists the cycle in arc direction.
            let first = cycle[cycle.len() - 1];
            cycle.insert(0, first);
            cycle.pop();
            cycle.push(cycle[0]);
            return Err(cycle);
        }
        on_path[next] = path.len();
        path.push(next);
        current = next;
    }
}
