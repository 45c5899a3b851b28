//! The records of a model: sources, actors, goals, issues, positions, channels,
//! observations, events, measures, scenario variables and forecasts.
//!
//! These types are both the file format (they deserialize from TOML and JSON with
//! unknown fields rejected) and the domain types the engines read: ids are newtypes and
//! dates are typed with their precision, so no string crosses into an engine where a
//! typed value belongs. Cross-references are checked by [`crate::validate`], not here.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::probability::ProbabilitySpec;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

id_type!(
    /// A source text.
    SourceId
);
id_type!(
    /// An actor: an ISO 3166-1 alpha-3 code for a state, a lower-case id otherwise.
    ActorId
);
id_type!(
    /// A datum of any kind (goal, position, observation, event, …).
    DatumId
);
id_type!(
    /// A bargaining issue.
    IssueId
);
id_type!(
    /// A channel between two actors.
    ChannelId
);
id_type!(
    /// A scenario variable.
    VariableId
);
id_type!(
    /// A sanctions measure or other rule.
    MeasureId
);

/// Where a record or one of its parts was written: file, line and column (1-based), or,
/// for input without positions (JSON), the record's path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
    pub path: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        } else if self.path.is_empty() {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}: {}", self.file, self.path)
        }
    }
}

/// A locator: a paragraph of a source, and the short hash of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub source: SourceId,
    pub paragraph: u32,
    pub hash: String,
    #[serde(skip)]
    pub location: Location,
}

/// The fields every datum may carry, repeated in each record because serde cannot
/// flatten and reject unknown fields at once.
pub trait Datum {
    fn id_str(&self) -> &str;
    fn evidence(&self) -> &[Evidence];
    fn assumption(&self) -> bool;
    fn location(&self) -> &Location;
}

macro_rules! datum {
    ($ty:ty) => {
        impl Datum for $ty {
            fn id_str(&self) -> &str {
                self.id.as_str()
            }
            fn evidence(&self) -> &[Evidence] {
                &self.evidence
            }
            fn assumption(&self) -> bool {
                self.assumption
            }
            fn location(&self) -> &Location {
                &self.location
            }
        }
    };
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelInfo {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub published: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub sha256: String,
    pub paragraphs: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organisation,
    Company,
    Person,
    Group,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Company => "company",
            ActorKind::Person => "person",
            ActorKind::Group => "group",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub of: ActorId,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: ActorId,
    pub kind: ActorKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<Membership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Actor);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: DatumId,
    pub actor: ActorId,
    pub statement: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Goal);

/// A labelled point of an issue's 0–100 scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub at: f64,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    Majority,
    Qualified,
    Unanimity,
}

/// How the deciding body settles an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub rule: Rule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub veto: Vec<ActorId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto_role: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<ActorId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    pub id: IssueId,
    pub question: String,
    pub anchors: Vec<Anchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ActorId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Issue);

/// A number or a range `{ low, high }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Quantity {
    Exact(f64),
    Range { low: f64, high: f64 },
}

impl Quantity {
    pub fn low(&self) -> f64 {
        match *self {
            Quantity::Exact(v) => v,
            Quantity::Range { low, .. } => low,
        }
    }
    pub fn high(&self) -> f64 {
        match *self {
            Quantity::Exact(v) => v,
            Quantity::Range { high, .. } => high,
        }
    }
    pub fn mid(&self) -> f64 {
        (self.low() + self.high()) / 2.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Quantity::Exact(v) => write!(f, "{v}"),
            Quantity::Range { low, high } => write!(f, "{low}–{high}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub id: DatumId,
    pub actor: ActorId,
    pub issue: IssueId,
    pub position: Quantity,
    pub salience: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Position);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Trade,
    Labour,
    Investment,
    Debt,
    Finance,
    Fishing,
    Aviation,
    Transport,
    Education,
    Energy,
    Military,
    Diplomatic,
    Geography,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 13] = [
        ChannelKind::Trade,
        ChannelKind::Labour,
        ChannelKind::Investment,
        ChannelKind::Debt,
        ChannelKind::Finance,
        ChannelKind::Fishing,
        ChannelKind::Aviation,
        ChannelKind::Transport,
        ChannelKind::Education,
        ChannelKind::Energy,
        ChannelKind::Military,
        ChannelKind::Diplomatic,
        ChannelKind::Geography,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Trade => "trade",
            ChannelKind::Labour => "labour",
            ChannelKind::Investment => "investment",
            ChannelKind::Debt => "debt",
            ChannelKind::Finance => "finance",
            ChannelKind::Fishing => "fishing",
            ChannelKind::Aviation => "aviation",
            ChannelKind::Transport => "transport",
            ChannelKind::Education => "education",
            ChannelKind::Energy => "energy",
            ChannelKind::Military => "military",
            ChannelKind::Diplomatic => "diplomatic",
            ChannelKind::Geography => "geography",
        }
    }

    pub fn parse(text: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: ChannelId,
    pub from: ActorId,
    pub to: ActorId,
    pub kind: ChannelKind,
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Channel);

/// An ordinal reading where the text gives no figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    None,
    Minor,
    Moderate,
    Major,
    Dominant,
    All,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Minor => "minor",
            Level::Moderate => "moderate",
            Level::Major => "major",
            Level::Dominant => "dominant",
            Level::All => "all",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Forward,
    Backward,
    Both,
}

fn is_forward(d: &Direction) -> bool {
    *d == Direction::Forward
}

/// The price basis of a money figure: current prices, or those of a given year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Prices {
    Year(i32),
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: DatumId,
    pub channel: ChannelId,
    pub period: Date,
    /// True when the text gives no year and the period is read from the source's
    /// publication date (say so in `note`); the period is then not a stated number.
    #[serde(default, skip_serializing_if = "is_false")]
    pub period_inferred: bool,
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<Prices>,
    #[serde(default, skip_serializing_if = "is_forward")]
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_of: Option<ActorId>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Observation);

/// The PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Plover {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl Plover {
    pub const ALL: [Plover; 16] = [
        Plover::Agree,
        Plover::Consult,
        Plover::Support,
        Plover::Concede,
        Plover::Cooperate,
        Plover::Aid,
        Plover::Retreat,
        Plover::Request,
        Plover::Accuse,
        Plover::Reject,
        Plover::Threaten,
        Plover::Protest,
        Plover::Sanction,
        Plover::Mobilize,
        Plover::Coerce,
        Plover::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Plover::Agree => "AGREE",
            Plover::Consult => "CONSULT",
            Plover::Support => "SUPPORT",
            Plover::Concede => "CONCEDE",
            Plover::Cooperate => "COOPERATE",
            Plover::Aid => "AID",
            Plover::Retreat => "RETREAT",
            Plover::Request => "REQUEST",
            Plover::Accuse => "ACCUSE",
            Plover::Reject => "REJECT",
            Plover::Threaten => "THREATEN",
            Plover::Protest => "PROTEST",
            Plover::Sanction => "SANCTION",
            Plover::Mobilize => "MOBILIZE",
            Plover::Coerce => "COERCE",
            Plover::Assault => "ASSAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: DatumId,
    pub date: Date,
    /// True when the text gives no year and the date is read from context (say how in
    /// `note`); the year is then not a stated number.
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_inferred: bool,
    pub actors: Vec<ActorId>,
    pub category: Plover,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Event);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureKind {
    Resolution,
    Unilateral,
    Agreement,
    Law,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    #[default]
    Prohibit,
    Cap,
}

fn is_prohibit(e: &Effect) -> bool {
    *e == Effect::Prohibit
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub value: f64,
    pub unit: String,
}

/// A restriction or an exemption of a measure: what activities it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: DatumId,
    pub description: String,
    #[serde(default, skip_serializing_if = "is_prohibit")]
    pub effect: Effect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_deadline: Option<DatumId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channel: Vec<ChannelKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goods: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin: Vec<ActorId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin_not: Vec<ActorId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exporter: Vec<ActorId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub importer: Vec<ActorId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via_not: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purpose: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: DatumId,
    pub date: Date,
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: MeasureId,
    pub title: String,
    pub body: ActorId,
    pub kind: MeasureKind,
    pub adopted: Date,
    /// True when the text gives no year of adoption (say how it is known in `note`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub adopted_inferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_to: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restricts: Vec<RuleSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<RuleSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<Deadline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Measure);

impl Measure {
    /// The date the measure takes effect.
    pub fn effective_from(&self) -> Date {
        self.in_force_from.unwrap_or(self.adopted)
    }
}

/// One row of a conditional probability table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CptRow {
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub given: std::collections::BTreeMap<String, String>,
    pub p: indexmap_lite::OrderedMap<ProbabilitySpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub id: VariableId,
    pub name: String,
    pub states: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<VariableId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, rename = "row")]
    pub rows: Vec<CptRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Variable);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forecast {
    pub id: DatumId,
    pub question: String,
    pub options: Vec<String>,
    pub p: indexmap_lite::OrderedMap<ProbabilitySpec>,
    pub made_by: String,
    pub made_at: Date,
    pub resolution: String,
    pub resolves_by: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<VariableId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumption: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub location: Location,
}
datum!(Forecast);

impl Datum for Source {
    fn id_str(&self) -> &str {
        self.id.as_str()
    }
    fn evidence(&self) -> &[Evidence] {
        &[]
    }
    fn assumption(&self) -> bool {
        false
    }
    fn location(&self) -> &Location {
        &self.location
    }
}

/// A small insertion-ordered string map, so that probabilities keep the order they were
/// written in and exports are byte-stable.
pub mod indexmap_lite {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderedMap<V>(pub Vec<(String, V)>);

    impl<V> OrderedMap<V> {
        pub fn get(&self, key: &str) -> Option<&V> {
            self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }
        pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
            self.0.iter().map(|(k, v)| (k, v))
        }
        pub fn len(&self) -> usize {
            self.0.len()
        }
        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }
    }

    impl<V: Serialize> Serialize for OrderedMap<V> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V2<V>(std::marker::PhantomData<V>);
            impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
                type Value = OrderedMap<V>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a table of option = probability")
                }
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut access: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut entries: Vec<(String, V)> = Vec::new();
                    while let Some((k, v)) = access.next_entry::<String, V>()? {
                        if entries.iter().any(|(e, _)| *e == k) {
                            return Err(serde::de::Error::custom(format!("duplicate key {k:?}")));
                        }
                        entries.push((k, v));
                    }
                    Ok(OrderedMap(entries))
                }
            }
            deserializer.deserialize_map(V2(std::marker::PhantomData))
        }
    }
}
