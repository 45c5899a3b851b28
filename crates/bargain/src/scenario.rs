//! Input types: the actors, dimensions, status quo and decision procedure of
//! one bargaining scenario.
//!
//! These are the types another crate builds in code from a model's issue, and
//! the types every file reader produces. A value may be exact or a range; a
//! range is sampled by the uncertainty engine and replaced by its midpoint in a
//! single deterministic run. Validation collects every problem at once.
//!
//! Scales: positions are on each dimension's scale (0–100 unless a file says
//! otherwise); saliences are on 0–1; capabilities are non-negative with no
//! upper bound. This module does not read files; see `read`.

use crate::error::{BargainError, Location, Problem, check};
use crate::rng::Rng;

/// A number that is either known exactly or known to lie in a range.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Estimate {
    Exact(f64),
    Range { low: f64, high: f64 },
}

impl Estimate {
    pub fn exact(value: f64) -> Self {
        Estimate::Exact(value)
    }

    /// A range; the bounds are put in order.
    pub fn range(a: f64, b: f64) -> Self {
        if a == b {
            Estimate::Exact(a)
        } else {
            Estimate::Range {
                low: a.min(b),
                high: a.max(b),
            }
        }
    }

    pub fn low(&self) -> f64 {
        match *self {
            Estimate::Exact(v) => v,
            Estimate::Range { low, .. } => low,
        }
    }

    pub fn high(&self) -> f64 {
        match *self {
            Estimate::Exact(v) => v,
            Estimate::Range { high, .. } => high,
        }
    }

    /// The value used by a single deterministic run.
    pub fn midpoint(&self) -> f64 {
        match *self {
            Estimate::Exact(v) => v,
            Estimate::Range { low, high } => 0.5 * (low + high),
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, Estimate::Exact(_))
    }

    /// A uniform draw from the range (the value itself when exact).
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Estimate::Exact(v) => v,
            Estimate::Range { low, high } => rng.uniform(low, high),
        }
    }

    fn is_finite(&self) -> bool {
        self.low().is_finite() && self.high().is_finite()
    }
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Estimate::Exact(v) => write!(f, "{v}"),
            Estimate::Range { low, high } => write!(f, "{low}..{high}"),
        }
    }
}

/// The ends of a dimension's scale.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Scale {
    pub const PERCENT: Scale = Scale {
        min: 0.0,
        max: 100.0,
    };

    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && value <= self.max
    }

    pub fn width(&self) -> f64 {
        self.max - self.min
    }
}

impl Default for Scale {
    fn default() -> Self {
        Scale::PERCENT
    }
}

/// One policy dimension (an issue).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Dimension {
    pub name: String,
    pub scale: Scale,
}

impl Dimension {
    pub fn new(name: impl Into<String>) -> Self {
        Dimension {
            name: name.into(),
            scale: Scale::PERCENT,
        }
    }
}

/// One actor with its position and salience on every dimension.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Actor {
    pub name: String,
    pub description: String,
    /// Capability (power, resources); any non-negative number.
    pub capability: Estimate,
    /// One position per dimension, on that dimension's scale.
    pub positions: Vec<Estimate>,
    /// One salience per dimension, on 0–1.
    pub saliences: Vec<Estimate>,
    /// Whether this actor can block an outcome it likes less than the status quo.
    pub veto: bool,
}

impl Actor {
    /// An actor on a single-dimension issue.
    pub fn new(
        name: impl Into<String>,
        capability: Estimate,
        position: Estimate,
        salience: Estimate,
    ) -> Self {
        Actor {
            name: name.into(),
            description: String::new(),
            capability,
            positions: vec![position],
            saliences: vec![salience],
            veto: false,
        }
    }

    pub fn with_veto(mut self, veto: bool) -> Self {
        self.veto = veto;
        self
    }
}

/// How the body settles the issue against the status quo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Procedure {
    /// More than half of all actors must prefer the outcome to the status quo.
    Majority,
    /// At least `required` actors must prefer the outcome to the status quo
    /// (the Security Council's 9 of 15).
    Qualified { required: usize },
    /// No count is needed; only the veto players decide.
    VetoPlayers,
}

impl std::fmt::Display for Procedure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Procedure::Majority => write!(f, "simple majority"),
            Procedure::Qualified { required } => write!(f, "qualified majority of {required}"),
            Procedure::VetoPlayers => write!(f, "unanimity among veto players"),
        }
    }
}

/// KTAB's ideal-adjustment pair: `adjusting` moves its ideal point towards the
/// position of `reference` at the given rate each round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IdealAdjustment {
    pub adjusting: usize,
    pub reference: usize,
    pub rate: f64,
}

/// A bargaining scenario: what every model takes as input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub dimensions: Vec<Dimension>,
    pub actors: Vec<Actor>,
    /// One value per dimension, when there is a status quo.
    pub status_quo: Option<Vec<f64>>,
    pub procedure: Option<Procedure>,
    /// KTAB ideal adjustments (XML input); empty means ideals follow positions.
    pub ideal_adjustments: Vec<IdealAdjustment>,
    /// KTAB model parameters given by the input file (XML), if any.
    pub smp_parameters: Option<crate::smp::SmpParameters>,
}

impl Scenario {
    /// A single-dimension issue on the 0–100 scale.
    pub fn issue(name: impl Into<String>, actors: Vec<Actor>) -> Self {
        let name = name.into();
        Scenario {
            dimensions: vec![Dimension::new(name.clone())],
            name,
            description: String::new(),
            actors,
            status_quo: None,
            procedure: None,
            ideal_adjustments: Vec::new(),
            smp_parameters: None,
        }
    }

    pub fn with_status_quo(mut self, status_quo: Vec<f64>) -> Self {
        self.status_quo = Some(status_quo);
        self
    }

    pub fn with_procedure(mut self, procedure: Procedure) -> Self {
        self.procedure = Some(procedure);
        self
    }

    pub fn actor_index(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.name == name)
    }

    /// Whether any value is given as a range.
    pub fn has_ranges(&self) -> bool {
        self.actors.iter().any(|a| {
            !a.capability.is_exact()
                || a.positions.iter().any(|p| !p.is_exact())
                || a.saliences.iter().any(|s| !s.is_exact())
        })
    }

    /// Checks the scenario and reports every problem found.
    pub fn validate(&self) -> Result<(), BargainError> {
        let mut problems = Vec::new();
        let nd = self.dimensions.len();
        if nd == 0 {
            problems.push(Problem::new(
                Location::Field("dimensions".into()),
                "at least one dimension is needed",
            ));
        }
        if self.actors.len() < 2 {
            problems.push(Problem::new(
                Location::Field("actors".into()),
                format!(
                    "{} actor(s); at least 2 are needed to bargain",
                    self.actors.len()
                ),
            ));
        }
        for (k, dim) in self.dimensions.iter().enumerate() {
            if !(dim.scale.min.is_finite() && dim.scale.max.is_finite())
                || dim.scale.min >= dim.scale.max
            {
                problems.push(Problem::new(
                    Location::Field(format!("dimensions[{k}].scale")),
                    format!(
                        "scale {} to {} is empty or not finite",
                        dim.scale.min, dim.scale.max
                    ),
                ));
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, actor) in self.actors.iter().enumerate() {
            let field = |f: &str| Location::Field(format!("actors[{i}].{f}"));
            if actor.name.trim().is_empty() {
                problems.push(Problem::new(field("name"), "actor name is empty"));
            } else if seen.contains(&actor.name.as_str()) {
                problems.push(Problem::new(
                    field("name"),
                    format!("actor '{}' appears more than once", actor.name),
                ));
            }
            seen.push(actor.name.as_str());
            if !actor.capability.is_finite() || actor.capability.low() < 0.0 {
                problems.push(Problem::new(
                    field("capability"),
                    format!(
                        "capability {} must be a non-negative number",
                        actor.capability
                    ),
                ));
            }
            if actor.positions.len() != nd || actor.saliences.len() != nd {
                problems.push(Problem::new(
                    field("positions"),
                    format!(
                        "{} positions and {} saliences for {nd} dimension(s)",
                        actor.positions.len(),
                        actor.saliences.len()
                    ),
                ));
                continue;
            }
            for (k, (p, s)) in actor.positions.iter().zip(&actor.saliences).enumerate() {
                let scale = self.dimensions[k].scale;
                if !p.is_finite() || !scale.contains(p.low()) || !scale.contains(p.high()) {
                    problems.push(Problem::new(
                        field(&format!("positions[{k}]")),
                        format!(
                            "position {p} is outside the scale {} to {}",
                            scale.min, scale.max
                        ),
                    ));
                }
                if !s.is_finite() || s.low() < 0.0 || s.high() > 1.0 {
                    problems.push(Problem::new(
                        field(&format!("saliences[{k}]")),
                        format!("salience {s} is outside 0 to 1"),
                    ));
                }
            }
        }
        if let Some(sq) = &self.status_quo {
            if sq.len() != nd {
                problems.push(Problem::new(
                    Location::Field("status_quo".into()),
                    format!("{} value(s) for {nd} dimension(s)", sq.len()),
                ));
            } else {
                for (k, (&v, dim)) in sq.iter().zip(&self.dimensions).enumerate() {
                    if !v.is_finite() || !dim.scale.contains(v) {
                        let field = if nd == 1 {
                            "status_quo".to_string()
                        } else {
                            format!("status_quo[{k}]")
                        };
                        problems.push(Problem::new(
                            Location::Field(field),
                            format!(
                                "status quo {v} is outside the scale {} to {}",
                                dim.scale.min, dim.scale.max
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(procedure) = self.procedure {
            if self.status_quo.is_none() {
                problems.push(Problem::new(
                    Location::Field("procedure".into()),
                    format!("{procedure} needs a status quo to vote against"),
                ));
            }
            match procedure {
                Procedure::Qualified { required }
                    if required == 0 || required > self.actors.len() =>
                {
                    problems.push(Problem::new(
                        Location::Field("procedure".into()),
                        format!(
                            "a qualified majority of {required} is impossible with {} actors",
                            self.actors.len()
                        ),
                    ));
                }
                Procedure::VetoPlayers if !self.actors.iter().any(|a| a.veto) => {
                    problems.push(Problem::new(
                        Location::Field("procedure".into()),
                        "unanimity among veto players needs at least one veto player",
                    ));
                }
                _ => {}
            }
        }
        for (index, adj) in self.ideal_adjustments.iter().enumerate() {
            if adj.adjusting >= self.actors.len()
                || adj.reference >= self.actors.len()
                || !(0.0..=1.0).contains(&adj.rate)
            {
                problems.push(Problem::new(
                    Location::Field(format!("ideal_adjustments[{index}]")),
                    "ideal adjustment names an unknown actor or has a rate outside 0 to 1",
                ));
            }
        }
        check(problems)
    }

    /// The scenario with every range replaced by its midpoint.
    pub fn midpoint(&self) -> Point {
        self.realise(|e| e.midpoint())
    }

    /// The scenario with every range replaced by a uniform draw.
    pub fn sample(&self, rng: &mut Rng) -> Point {
        self.realise(|e| e.sample(rng))
    }

    fn realise(&self, mut value: impl FnMut(&Estimate) -> f64) -> Point {
        let nd = self.dimensions.len();
        let mut point = Point {
            dimensions: nd,
            capability: Vec::with_capacity(self.actors.len()),
            position: Vec::with_capacity(self.actors.len() * nd),
            salience: Vec::with_capacity(self.actors.len() * nd),
        };
        for actor in &self.actors {
            point.capability.push(value(&actor.capability));
            for k in 0..nd {
                point.position.push(value(&actor.positions[k]));
                point.salience.push(value(&actor.saliences[k]));
            }
        }
        point
    }
}

/// A scenario with every value fixed: dense arrays, actor-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub dimensions: usize,
    pub capability: Vec<f64>,
    /// `position[i * dimensions + k]`: actor i on dimension k.
    pub position: Vec<f64>,
    /// `salience[i * dimensions + k]`, on 0–1.
    pub salience: Vec<f64>,
}

impl Point {
    pub fn actors(&self) -> usize {
        self.capability.len()
    }

    pub fn position(&self, actor: usize, dimension: usize) -> f64 {
        self.position[actor * self.dimensions + dimension]
    }

    pub fn salience(&self, actor: usize, dimension: usize) -> f64 {
        self.salience[actor * self.dimensions + dimension]
    }

    /// Positions of all actors on one dimension.
    pub fn positions_on(&self, dimension: usize) -> Vec<f64> {
        (0..self.actors())
            .map(|i| self.position(i, dimension))
            .collect()
    }

    /// Capability × salience of all actors on one dimension.
    pub fn weights_on(&self, dimension: usize) -> Vec<f64> {
        (0..self.actors())
            .map(|i| self.capability[i] * self.salience(i, dimension))
            .collect()
    }
}
