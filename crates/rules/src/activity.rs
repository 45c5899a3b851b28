//! The activity a question is about, and turning what a user typed into one.
//!
//! An activity is the fact pattern a sanctions rule is matched against: the channel
//! kind, the goods or service, the goods' origin, who sends it (exporter) and who
//! receives it (importer), the route or port it passes through, and its declared
//! purpose. Any field may be left out; the engine then says which rules needed it.
//! This module resolves names (ids, names and aliases of actors) and checks values
//! against the model's vocabulary; it does not evaluate anything.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Serialize, Serializer};
use statecraft_model::{ActorId, ChannelKind, Model};

use crate::error::{ActivityProblem, RulesError};

/// A field of an activity, named as the model's rule criteria name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityField {
    Channel,
    Goods,
    Origin,
    Exporter,
    Importer,
    Via,
    Purpose,
}

impl ActivityField {
    pub const ALL: [ActivityField; 7] = [
        ActivityField::Channel,
        ActivityField::Goods,
        ActivityField::Origin,
        ActivityField::Exporter,
        ActivityField::Importer,
        ActivityField::Via,
        ActivityField::Purpose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityField::Channel => "channel",
            ActivityField::Goods => "goods",
            ActivityField::Origin => "origin",
            ActivityField::Exporter => "exporter",
            ActivityField::Importer => "importer",
            ActivityField::Via => "via",
            ActivityField::Purpose => "purpose",
        }
    }

    /// The command-line option that gives this field.
    pub fn flag(self) -> &'static str {
        match self {
            ActivityField::Channel => "--channel",
            ActivityField::Goods => "--goods",
            ActivityField::Origin => "--origin",
            ActivityField::Exporter => "--from",
            ActivityField::Importer => "--to",
            ActivityField::Via => "--via",
            ActivityField::Purpose => "--purpose",
        }
    }
}

impl fmt::Display for ActivityField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field that may be stated as "none" as well as given or left out: an activity may
/// pass through no named route, or declare no purpose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Stated {
    /// The activity does not say.
    #[default]
    NotGiven,
    /// The activity says there is none.
    None,
    /// The value, lower-cased and trimmed.
    Given(String),
}

impl Stated {
    /// Reads a typed value: `none` (any case) is [`Stated::None`].
    pub fn parse(text: &str) -> Stated {
        let value = normalise(text);
        if value == "none" {
            Stated::None
        } else {
            Stated::Given(value)
        }
    }

    pub fn given(&self) -> Option<&str> {
        match self {
            Stated::Given(v) => Some(v),
            _ => None,
        }
    }
}

impl Serialize for Stated {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Stated::NotGiven => serializer.serialize_none(),
            Stated::None => serializer.serialize_str("none"),
            Stated::Given(v) => serializer.serialize_str(v),
        }
    }
}

/// Lower-cases and trims a vocabulary word, so `Coal` and ` coal` match `coal`.
pub fn normalise(text: &str) -> String {
    text.trim().to_lowercase()
}

/// An activity, with actors resolved to their ids and words normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub channel: Option<ChannelKind>,
    pub goods: Option<String>,
    pub origin: Option<ActorId>,
    pub exporter: Option<ActorId>,
    pub importer: Option<ActorId>,
    pub via: Stated,
    pub purpose: Stated,
}

impl Activity {
    /// The fields the activity leaves out.
    pub fn missing_fields(&self) -> Vec<ActivityField> {
        ActivityField::ALL
            .into_iter()
            .filter(|f| match f {
                ActivityField::Channel => self.channel.is_none(),
                ActivityField::Goods => self.goods.is_none(),
                ActivityField::Origin => self.origin.is_none(),
                ActivityField::Exporter => self.exporter.is_none(),
                ActivityField::Importer => self.importer.is_none(),
                ActivityField::Via => self.via == Stated::NotGiven,
                ActivityField::Purpose => self.purpose == Stated::NotGiven,
            })
            .collect()
    }
}

impl fmt::Display for Activity {
    /// A one-line description: `trade in coal of RUS origin, RUS→KOR via rajin`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unknown = "?";
        let channel = self.channel.map_or(unknown, ChannelKind::as_str);
        let goods = self.goods.as_deref().unwrap_or(unknown);
        write!(f, "{channel}: {goods}")?;
        if let Some(origin) = &self.origin {
            write!(f, " of {origin} origin")?;
        }
        let exporter = self.exporter.as_ref().map_or(unknown, ActorId::as_str);
        let importer = self.importer.as_ref().map_or(unknown, ActorId::as_str);
        write!(f, ", {exporter}→{importer}")?;
        match &self.via {
            Stated::Given(v) => write!(f, " via {v}")?,
            Stated::None => write!(f, " by no named route")?,
            Stated::NotGiven => {}
        }
        match &self.purpose {
            Stated::Given(p) => write!(f, ", purpose {p}"),
            Stated::None => write!(f, ", no declared purpose"),
            Stated::NotGiven => Ok(()),
        }
    }
}

/// An activity as a user typed it: names, not ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    pub channel: Option<String>,
    pub goods: Option<String>,
    pub origin: Option<String>,
    pub exporter: Option<String>,
    pub importer: Option<String>,
    pub via: Option<String>,
    pub purpose: Option<String>,
}

/// The words the model's rules use for goods, routes and purposes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    pub goods: BTreeSet<String>,
    pub via: BTreeSet<String>,
    pub purposes: BTreeSet<String>,
}

/// Collects the vocabulary of every rule of every measure (in force or not).
pub fn vocabulary(model: &Model) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for rule in model
        .measures
        .iter()
        .flat_map(|m| m.restricts.iter().chain(&m.exemptions))
    {
        vocabulary
            .goods
            .extend(rule.goods.iter().map(|g| normalise(g)));
        vocabulary
            .via
            .extend(rule.via.iter().chain(&rule.via_not).map(|v| normalise(v)));
        vocabulary
            .purposes
            .extend(rule.purpose.iter().map(|p| normalise(p)));
    }
    vocabulary
}

/// Resolves a typed activity against a model: actors by id, name or alias; the channel
/// kind by name; the purpose against the purposes the model's rules use (or `none`).
/// Goods and routes are free words (a word no rule names simply matches no rule; the
/// answer notes it). Every problem is reported at once.
pub fn resolve_activity(model: &Model, query: &ActivityQuery) -> Result<Activity, RulesError> {
    let mut problems = Vec::new();
    let mut problem = |field, message: String| problems.push(ActivityProblem { field, message });
    let mut word = |field, text: &Option<String>| -> Option<String> {
        let text = text.as_ref()?;
        let value = normalise(text);
        if value.is_empty() {
            problem(field, "is empty".to_string());
            return None;
        }
        Some(value)
    };
    let goods = word(ActivityField::Goods, &query.goods);
    let via = word(ActivityField::Via, &query.via);
    let purpose = word(ActivityField::Purpose, &query.purpose);

    let channel = match &query.channel {
        None => None,
        Some(text) => match statecraft_model::ChannelKind::parse(&normalise(text)) {
            Some(kind) => Some(kind),
            None => {
                let kinds: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
                problem(
                    ActivityField::Channel,
                    format!(
                        "unknown channel kind {text:?} (one of: {})",
                        kinds.join(", ")
                    ),
                );
                None
            }
        },
    };
    let mut actor = |field, text: &Option<String>| -> Option<ActorId> {
        let text = text.as_ref()?;
        match model.resolve_actor(text) {
            Some(actor) => Some(actor.id.clone()),
            None => {
                problem(
                    field,
                    format!(
                        "unknown actor {text:?} (give an actor id such as RUS, or a name or alias the model lists; `statecraft actors` shows them)"
                    ),
                );
                None
            }
        }
    };
    let origin = actor(ActivityField::Origin, &query.origin);
    let exporter = actor(ActivityField::Exporter, &query.exporter);
    let importer = actor(ActivityField::Importer, &query.importer);

    let purpose = match purpose {
        None => Stated::NotGiven,
        Some(p) if p == "none" => Stated::None,
        Some(p) => {
            let known = vocabulary(model).purposes;
            if known.contains(&p) {
                Stated::Given(p)
            } else {
                let mut listed: Vec<&str> = known.iter().map(String::as_str).collect();
                listed.push("none");
                problem(
                    ActivityField::Purpose,
                    format!(
                        "unknown purpose {p:?}: the model's rules name only {}",
                        listed.join(", ")
                    ),
                );
                Stated::NotGiven
            }
        }
    };
    let via = via.map_or(Stated::NotGiven, |v| Stated::parse(&v));

    if !problems.is_empty() {
        problems.sort_by_key(|p| p.field);
        return Err(RulesError::InvalidActivity(problems));
    }
    Ok(Activity {
        channel,
        goods,
        origin,
        exporter,
        importer,
        via,
        purpose,
    })
}
