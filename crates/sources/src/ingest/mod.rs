//! Reading a new article into proposals for the model: figures, dated events, actor
//! mentions and unknown names, and conflicts with figures the model already holds.
//!
//! [`ingest`] is a pure function of the model, the article's text and the source id it
//! will be cited under; it returns proposals with their evidence locators filled. The
//! TOML it renders ([`render_toml`]) uses the model format, so a reviewer can paste it
//! into a model file; the command line decides what is written. Nothing here reads a
//! file or decides truth: every proposal is a guess for a person to review.

pub mod actors;
pub mod dates;
pub mod keywords;
pub mod lexer;
pub mod markdown;
pub mod quantities;
mod render;

use std::collections::BTreeMap;

use statecraft_model::units::Unit;
use statecraft_model::{ActorId, ChannelId, ChannelKind, Date, Evidence, Model, Plover, SourceId};

use crate::numbers::states_number;
use crate::text::{paragraph_hash, paragraphs};

pub use actors::{Mention, UnknownName};
pub use dates::FoundDate;
pub use quantities::FoundQuantity;
pub use render::{Accept, render_toml};

/// Settings of a reading.
#[derive(Debug, Clone)]
pub struct Options {
    /// Relative difference beyond which a figure conflicts with the model's (0.05 = 5%).
    pub tolerance: f64,
    /// The source's publication date when known: the period of a figure whose
    /// paragraph gives no year falls back to it.
    pub published: Option<Date>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tolerance: 0.05,
            published: None,
        }
    }
}

/// A figure proposed as an observation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuantityProposal {
    /// The id the observation would get.
    pub id: String,
    pub evidence: Evidence,
    #[serde(flatten)]
    pub found: FoundQuantity,
    /// The period the figure refers to (model date syntax), if any.
    pub period: Option<String>,
    /// True when the period is not written in the paragraph (taken from earlier text
    /// or the publication date).
    pub period_inferred: bool,
    pub actors: Vec<ActorId>,
    pub channel_kind: Option<ChannelKind>,
    /// The keyword that decided the channel kind.
    pub channel_keyword: Option<String>,
    pub channel: Option<ChannelId>,
    pub metric: String,
    /// An observation of the model that already states this figure.
    pub known_as: Option<String>,
}

/// A date proposed as an event.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventProposal {
    pub id: String,
    pub evidence: Evidence,
    #[serde(flatten)]
    pub found: FoundDate,
    pub actors: Vec<ActorId>,
    pub category: Plover,
    /// The word that suggested the category; `None` when no keyword matched and the
    /// category is the default (CONSULT), to be reviewed.
    pub category_keyword: Option<String>,
}

/// A known actor mentioned in a paragraph.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ActorMention {
    pub actor: ActorId,
    pub paragraph: u32,
    pub text: String,
}

/// A proposed figure that disagrees with one the model holds for the same channel,
/// metric and period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Conflict {
    pub proposal: String,
    pub channel: ChannelId,
    pub metric: String,
    pub period: String,
    pub proposed: String,
    pub proposed_evidence: Evidence,
    pub observation: String,
    pub model: String,
    pub model_evidence: Vec<Evidence>,
    /// (proposed − model) / model, in the base unit.
    pub difference: f64,
}

/// Everything read from an article.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Ingest {
    pub source: SourceId,
    pub paragraphs: u32,
    pub quantities: Vec<QuantityProposal>,
    pub events: Vec<EventProposal>,
    pub mentions: Vec<ActorMention>,
    pub unknown_names: Vec<UnknownName>,
    pub conflicts: Vec<Conflict>,
    /// The locator hash of each paragraph, in order.
    #[serde(skip)]
    pub paragraph_hashes: Vec<String>,
}

impl Ingest {
    /// The distinct actors the article mentions, in order of first mention.
    pub fn actors(&self) -> Vec<ActorId> {
        let mut out: Vec<ActorId> = Vec::new();
        for m in &self.mentions {
            if !out.contains(&m.actor) {
                out.push(m.actor.clone());
            }
        }
        out
    }
}

/// Reads an article. `source` is the id its locators will cite.
pub fn ingest(model: &Model, source: &SourceId, text: &str, options: &Options) -> Ingest {
    let names = actors::name_table(model);
    let raw = paragraphs(text);
    let mut out = Ingest {
        source: source.clone(),
        paragraphs: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        quantities: Vec::new(),
        events: Vec::new(),
        mentions: Vec::new(),
        unknown_names: Vec::new(),
        conflicts: Vec::new(),
        paragraph_hashes: raw.iter().map(|p| paragraph_hash(p)).collect(),
    };
    let mut ids = IdPool::new(model);
    let mut context_year: Option<i32> = None;
    // Name → (mentions, paragraphs, every mention opens a sentence, single word).
    let mut unknown: BTreeMap<String, (usize, Vec<u32>, bool, bool)> = BTreeMap::new();
    for (index, raw_paragraph) in raw.iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let evidence = Evidence {
            source: source.clone(),
            paragraph: number,
            hash: paragraph_hash(raw_paragraph),
            location: Default::default(),
        };
        let clean = markdown::clean(raw_paragraph);
        let tokens = lexer::lex(&clean);
        let mentions = actors::find_mentions(&clean, &names);
        let found_dates = dates::find_dates(&clean, &tokens, context_year);
        let mut skip = vec![false; tokens.len()];
        for d in &found_dates {
            for s in skip.iter_mut().take(d.last_token + 1).skip(d.first_token) {
                *s = true;
            }
        }
        let found_quantities = quantities::find_quantities(&clean, &tokens, &skip);

        // Which token each mention starts at, to measure distances.
        let mention_token = |m: &Mention| {
            tokens
                .iter()
                .position(|t| t.end > m.start)
                .unwrap_or(tokens.len())
        };
        let in_sentence = |sentence: usize| -> Vec<&Mention> {
            mentions
                .iter()
                .filter(|m| {
                    tokens
                        .get(mention_token(m))
                        .is_some_and(|t| t.sentence == sentence)
                })
                .collect()
        };
        let paragraph_actors = actors::distinct(&mentions.iter().collect::<Vec<_>>());

        for m in &mentions {
            out.mentions.push(ActorMention {
                actor: m.actor.clone(),
                paragraph: number,
                text: m.text.clone(),
            });
        }

        for (q_index, found) in found_quantities.into_iter().enumerate() {
            let sentence_mentions = in_sentence(found.sentence);
            let mut actors_here = actors::distinct(&sentence_mentions);
            if actors_here.is_empty() {
                actors_here = paragraph_actors.clone();
            }
            let channel_guess = keywords::channel_kind(&tokens, found.sentence, found.first_token)
                .or_else(|| {
                    // No keyword in the sentence: the unit decides for people and distances.
                    let base = Unit::parse(&found.unit).map(|u| u.base).unwrap_or_default();
                    match base.as_str() {
                        "people" => Some((ChannelKind::Labour, "(people)".to_string())),
                        "flights per week" => {
                            Some((ChannelKind::Aviation, "(flights)".to_string()))
                        }
                        _ => None,
                    }
                });
            let sentence_text: String = tokens
                .iter()
                .filter(|t| t.sentence == found.sentence)
                .map(|t| t.lower())
                .collect::<Vec<_>>()
                .join(" ");
            let base = Unit::parse(&found.unit).map(|u| u.base).unwrap_or_default();
            let metric =
                keywords::metric(channel_guess.as_ref().map(|c| c.0), &base, &sentence_text);
            let channel = channel_guess.as_ref().and_then(|(kind, _)| {
                choose_channel(
                    model,
                    *kind,
                    &sentence_mentions,
                    &tokens,
                    &mention_token,
                    found.first_token,
                )
                .or_else(|| {
                    let all: Vec<&Mention> = mentions.iter().collect();
                    choose_channel(
                        model,
                        *kind,
                        &all,
                        &tokens,
                        &mention_token,
                        found.first_token,
                    )
                })
            });
            let (period, period_inferred) =
                period_of(&found_dates, &found, raw_paragraph, context_year, options);
            let id = ids.take(
                "observation",
                &format!("{}-p{number}-q{}", source.as_str(), q_index + 1),
            );
            let mut proposal = QuantityProposal {
                id,
                evidence: evidence.clone(),
                found,
                period,
                period_inferred,
                actors: actors_here,
                channel_kind: channel_guess.as_ref().map(|c| c.0),
                channel_keyword: channel_guess.map(|c| c.1),
                channel,
                metric: metric.to_string(),
                known_as: None,
            };
            compare_with_model(model, &mut proposal, options.tolerance, &mut out.conflicts);
            out.quantities.push(proposal);
        }

        for (e_index, found) in found_dates.iter().enumerate() {
            let sentence_mentions = in_sentence(found.sentence);
            let mut actors_here = actors::distinct(&sentence_mentions);
            if actors_here.is_empty() {
                actors_here = paragraph_actors.clone();
            }
            let guess = keywords::plover(&tokens, found.sentence, found.first_token);
            let id = ids.take(
                "event",
                &format!("{}-p{number}-e{}", source.as_str(), e_index + 1),
            );
            let mut found = found.clone();
            // A date whose years are not all written as numbers (an "early 2000s"
            // interval, a day without its year) is marked inferred so `check` accepts it.
            if let Ok(date) = Date::parse(&found.date) {
                if date
                    .years()
                    .iter()
                    .any(|y| !states_number(&clean, f64::from(*y)))
                {
                    found.inferred = true;
                }
            }
            out.events.push(EventProposal {
                id,
                evidence: evidence.clone(),
                found,
                actors: actors_here,
                category: guess.as_ref().map_or(Plover::Consult, |g| g.0),
                category_keyword: guess.map(|g| g.1),
            });
        }

        for (name, opens_sentence) in actors::capitalised_runs(&tokens, &mentions) {
            let single = !name.contains(' ');
            let entry = unknown.entry(name).or_insert((0, Vec::new(), true, single));
            entry.0 += 1;
            if !entry.1.contains(&number) {
                entry.1.push(number);
            }
            entry.2 &= opens_sentence;
        }

        // Later paragraphs without a year read the latest one written so far.
        for d in found_dates.iter().filter(|d| !d.inferred) {
            context_year = Some(context_year.map_or(d.year, |c| c.max(d.year)));
        }
    }
    out.unknown_names = unknown
        .into_iter()
        .filter(|(name, (count, _, opens, single))| {
            // A single word is kept when it recurs and at least once stands inside a
            // sentence, where capitals mark names; runs of words are kept as they are.
            name.chars().count() > 2 && (!*single || (*count >= 2 && !*opens))
        })
        .map(|(name, (mentions, paragraphs, _, _))| UnknownName {
            kind: actors::kind_guess(&name),
            name,
            mentions,
            paragraphs,
        })
        .collect();
    out.unknown_names
        .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    out
}

/// The model channel of a kind between two mentioned actors, preferring the pair
/// mentioned nearest the figure.
fn choose_channel(
    model: &Model,
    kind: ChannelKind,
    mentions: &[&Mention],
    tokens: &[lexer::Token<'_>],
    mention_token: &dyn Fn(&Mention) -> usize,
    near: usize,
) -> Option<ChannelId> {
    let _ = tokens;
    let distance = |actor: &ActorId| {
        mentions
            .iter()
            .filter(|m| &m.actor == actor)
            .map(|m| mention_token(m).abs_diff(near))
            .min()
    };
    model
        .channels
        .iter()
        .filter(|c| c.kind == kind)
        .filter_map(|c| Some((distance(&c.from)? + distance(&c.to)?, c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.id.clone())
}

/// The period a figure refers to: the nearest date in its sentence, else the nearest
/// earlier date in the paragraph, else the latest year written earlier in the text or
/// the publication year (then marked inferred).
fn period_of(
    found_dates: &[FoundDate],
    found: &FoundQuantity,
    paragraph: &str,
    context_year: Option<i32>,
    options: &Options,
) -> (Option<String>, bool) {
    let nearest = found_dates
        .iter()
        .filter(|d| d.sentence == found.sentence)
        .min_by_key(|d| {
            let before = d.last_token < found.first_token;
            let distance = if before {
                found.first_token - d.last_token
            } else {
                d.first_token.saturating_sub(found.last_token)
            };
            (distance, !before)
        })
        .or_else(|| {
            found_dates
                .iter()
                .rev()
                .find(|d| d.last_token < found.first_token)
        })
        .or_else(|| found_dates.first());
    if let Some(d) = nearest {
        let period = match d.precision {
            "decade" | "interval" | "year" | "month" | "day" => d.date.clone(),
            _ => d.year.to_string(),
        };
        let stated = Date::parse(&period).is_ok_and(|date| {
            date.years()
                .iter()
                .all(|y| states_number(paragraph, f64::from(*y)))
        });
        return (Some(period), d.inferred || !stated);
    }
    if let Some(year) = context_year {
        return (Some(year.to_string()), true);
    }
    if let Some(published) = &options.published {
        return (Some(published.start.year.to_string()), true);
    }
    (None, false)
}

/// The figure's value in the base unit, as (low, high).
fn base_range(low: f64, high: f64, unit: &str) -> Option<(String, f64, f64)> {
    let unit = Unit::parse(unit).ok()?;
    let f = unit.factor();
    Some((unit.base, low * f, high * f))
}

/// Marks a proposal the model already holds, or records a conflict with it.
fn compare_with_model(
    model: &Model,
    proposal: &mut QuantityProposal,
    tolerance: f64,
    conflicts: &mut Vec<Conflict>,
) {
    let (Some(channel), Some(period)) = (&proposal.channel, &proposal.period) else {
        return;
    };
    let Ok(period_date) = Date::parse(period) else {
        return;
    };
    let low = proposal
        .found
        .low
        .or(proposal.found.value)
        .unwrap_or(f64::NAN);
    let high = proposal
        .found
        .high
        .or(proposal.found.value)
        .unwrap_or(f64::NAN);
    let Some((base, p_low, p_high)) = base_range(low, high, &proposal.found.unit) else {
        return;
    };
    for o in &model.observations {
        if &o.channel != channel
            || o.metric != proposal.metric
            || o.period.years() != period_date.years()
        {
            continue;
        }
        let (Some(value), Some(unit)) = (&o.value, &o.unit) else {
            continue;
        };
        let Some((o_base, m_low, m_high)) = base_range(value.low(), value.high(), unit) else {
            continue;
        };
        if o_base != base {
            continue;
        }
        let slack = tolerance * m_low.abs().max(m_high.abs());
        let overlaps = p_low <= m_high + slack && m_low - slack <= p_high;
        if overlaps {
            proposal.known_as.get_or_insert_with(|| o.id.0.clone());
            continue;
        }
        let model_mid = (m_low + m_high) / 2.0;
        let proposed_mid = (p_low + p_high) / 2.0;
        conflicts.push(Conflict {
            proposal: proposal.id.clone(),
            channel: channel.clone(),
            metric: proposal.metric.clone(),
            period: period.clone(),
            proposed: format!(
                "{} {}",
                render::value_text(&proposal.found),
                proposal.found.unit
            ),
            proposed_evidence: proposal.evidence.clone(),
            observation: o.id.0.clone(),
            model: format!("{value} {unit}"),
            model_evidence: o.evidence.clone(),
            difference: if model_mid == 0.0 {
                f64::INFINITY
            } else {
                (proposed_mid - model_mid) / model_mid
            },
        });
    }
}

/// Hands out ids no datum of a kind already has.
struct IdPool {
    used: std::collections::HashSet<(String, String)>,
}

impl IdPool {
    fn new(model: &Model) -> IdPool {
        let mut used = std::collections::HashSet::new();
        for o in &model.observations {
            used.insert(("observation".to_string(), o.id.0.clone()));
        }
        for e in &model.events {
            used.insert(("event".to_string(), e.id.0.clone()));
        }
        for a in &model.actors {
            used.insert(("actor".to_string(), a.id.0.clone()));
        }
        IdPool { used }
    }

    fn take(&mut self, kind: &str, wanted: &str) -> String {
        let wanted = sanitize_id(wanted);
        let mut id = wanted.clone();
        let mut n = 2;
        while self.used.contains(&(kind.to_string(), id.clone())) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        self.used.insert((kind.to_string(), id.clone()));
        id
    }
}

/// Lower-cases and replaces characters an id may not hold.
pub fn sanitize_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.') {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() { "x".to_string() } else { id }
}

/// The date an article was most likely published, read from its text: the latest
/// date it gives to the day or month, else the latest year it names. `None` when it
/// names no date.
pub fn infer_published(text: &str) -> Option<Date> {
    let mut best_fine: Option<Date> = None;
    let mut best_year: Option<Date> = None;
    let mut context_year = None;
    for paragraph in paragraphs(text) {
        let clean = markdown::clean(paragraph);
        let tokens = lexer::lex(&clean);
        for d in dates::find_dates(&clean, &tokens, context_year) {
            if d.inferred {
                continue;
            }
            let Ok(date) = Date::parse(&d.date) else {
                continue;
            };
            context_year = Some(date.start.year);
            let slot = match d.precision {
                "day" | "month" => &mut best_fine,
                "year" => &mut best_year,
                _ => continue,
            };
            if slot.as_ref().is_none_or(|b| date.start > b.start) {
                *slot = Some(date);
            }
        }
    }
    best_fine.or(best_year)
}
