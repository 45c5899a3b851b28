//! Views of a model as of a date.
//!
//! `as_of(model, D)` keeps what was true at D and published by D, so an engine run on
//! the view sees exactly what an analyst could have known then. A datum is published
//! by D when the earliest source it cites was; a datum with no evidence (an assumption)
//! is always visible, and so is a membership marked as an assumption that also cites
//! sources published later. This module decides visibility only; it does not summarise.

use std::collections::HashMap;

use crate::date::{Date, Day};
use crate::load::Model;
use crate::types::*;

/// The publication dates of the model's sources.
struct Published<'m>(HashMap<&'m str, &'m Date>);

impl Published<'_> {
    /// True when at least one cited source (or none: an assumption) was out by `as_of`.
    fn by(&self, evidence: &[Evidence], as_of: &Date) -> bool {
        evidence.is_empty()
            || evidence.iter().any(|e| {
                self.0
                    .get(e.source.as_str())
                    .is_some_and(|p| p.start <= as_of.end)
            })
    }
}

/// True when a validity interval (either end open) touches `as_of`.
pub fn valid_at(from: Option<&Date>, to: Option<&Date>, as_of: &Date) -> bool {
    from.is_none_or(|f| f.start <= as_of.end) && to.is_none_or(|t| t.end >= as_of.start)
}

/// The latest publication date among the sources a row cites (rows without evidence
/// sort first, so a sourced row overrides an assumed one).
fn latest_published(published: &Published<'_>, evidence: &[Evidence]) -> Option<Day> {
    evidence
        .iter()
        .filter_map(|e| published.0.get(e.source.as_str()).map(|d| d.start))
        .max()
}

/// The model as of a date.
pub fn as_of(model: &Model, as_of: &Date) -> Model {
    let published = Published(
        model
            .sources
            .iter()
            .map(|s| (s.id.as_str(), &s.published))
            .collect(),
    );
    let p = |e: &[Evidence]| published.by(e, as_of);
    let mut view = Model {
        model: model.model.clone(),
        sources: model
            .sources
            .iter()
            .filter(|s| s.published.start <= as_of.end)
            .cloned()
            .collect(),
        ..Model::default()
    };
    view.actors = model
        .actors
        .iter()
        .filter(|a| p(&a.evidence))
        .map(|a| {
            let mut a = a.clone();
            // A membership marked as an assumption is a seat known without the texts
            // (general knowledge): it stays visible before the sources that name it
            // came out; those locators are stripped below like any later one.
            a.memberships.retain(|m| {
                (m.assumption || p(&m.evidence)) && valid_at(m.from.as_ref(), m.to.as_ref(), as_of)
            });
            a
        })
        .collect();
    view.goals = model
        .goals
        .iter()
        .filter(|g| p(&g.evidence) && valid_at(g.valid_from.as_ref(), g.valid_to.as_ref(), as_of))
        .cloned()
        .collect();
    view.issues = model
        .issues
        .iter()
        .filter(|x| p(&x.evidence))
        .cloned()
        .collect();
    view.positions = model
        .positions
        .iter()
        .filter(|x| p(&x.evidence) && valid_at(x.valid_from.as_ref(), x.valid_to.as_ref(), as_of))
        .cloned()
        .collect();
    view.channels = model
        .channels
        .iter()
        .filter(|x| p(&x.evidence))
        .cloned()
        .collect();
    view.observations = model
        .observations
        .iter()
        .filter(|x| p(&x.evidence) && x.period.start <= as_of.end)
        .cloned()
        .collect();
    view.events = model
        .events
        .iter()
        .filter(|x| p(&x.evidence) && x.date.start <= as_of.end)
        .cloned()
        .collect();
    view.measures = model
        .measures
        .iter()
        .filter(|x| p(&x.evidence) && x.adopted.start <= as_of.end)
        .map(|m| {
            let mut m = m.clone();
            m.restricts.retain(|r| p(&r.evidence));
            m.exemptions.retain(|r| p(&r.evidence));
            m.deadlines.retain(|d| p(&d.evidence));
            m
        })
        .collect();
    // Variables stay (the network's shape is the modeller's); each parent combination
    // keeps the most recently published row visible at the date. A combination with no
    // visible row gets none, and the scenario engine treats it as uninformed.
    view.variables = model
        .variables
        .iter()
        .map(|v| {
            let mut v = v.clone();
            let mut best: Vec<(usize, Option<Day>)> = Vec::new();
            for (r, row) in v.rows.iter().enumerate() {
                if !p(&row.evidence) {
                    continue;
                }
                let date = latest_published(&published, &row.evidence);
                match best.iter_mut().find(|(b, _)| v.rows[*b].given == row.given) {
                    Some(slot) => {
                        if date >= slot.1 {
                            *slot = (r, date);
                        }
                    }
                    None => best.push((r, date)),
                }
            }
            let keep: Vec<usize> = best.into_iter().map(|(r, _)| r).collect();
            v.rows = v
                .rows
                .iter()
                .enumerate()
                .filter(|(r, _)| keep.contains(r))
                .map(|(_, row)| row.clone())
                .collect();
            v
        })
        .collect();
    view.forecasts = model
        .forecasts
        .iter()
        .filter(|x| p(&x.evidence) && x.made_at.start <= as_of.end)
        .cloned()
        .collect();
    strip_unpublished_evidence(&mut view, &published, as_of);
    view
}

/// A visible datum keeps only the locators of sources published by the date, so a view
/// never cites a text that did not yet exist.
fn strip_unpublished_evidence(view: &mut Model, published: &Published<'_>, as_of: &Date) {
    let keep = |evidence: &mut Vec<Evidence>| {
        evidence.retain(|e| {
            published
                .0
                .get(e.source.as_str())
                .is_some_and(|p| p.start <= as_of.end)
        });
    };
    macro_rules! strip {
        ($($list:ident),*) => {
            $(for x in &mut view.$list {
                keep(&mut x.evidence);
            })*
        };
    }
    strip!(
        actors,
        goals,
        issues,
        positions,
        channels,
        observations,
        events,
        measures,
        variables,
        forecasts
    );
    for actor in &mut view.actors {
        for m in &mut actor.memberships {
            keep(&mut m.evidence);
        }
    }
    for measure in &mut view.measures {
        for r in measure
            .restricts
            .iter_mut()
            .chain(measure.exemptions.iter_mut())
        {
            keep(&mut r.evidence);
        }
        for d in &mut measure.deadlines {
            keep(&mut d.evidence);
        }
    }
    for variable in &mut view.variables {
        for row in &mut variable.rows {
            keep(&mut row.evidence);
        }
    }
}

impl Model {
    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id.as_str() == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.as_str() == id)
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id.as_str() == id)
    }

    /// Resolves a name, alias or id (case-insensitively) to an actor.
    pub fn resolve_actor(&self, name: &str) -> Option<&Actor> {
        let wanted = name.trim().to_lowercase();
        self.actors.iter().find(|a| {
            a.id.as_str().to_lowercase() == wanted
                || a.name.to_lowercase() == wanted
                || a.aliases.iter().any(|x| x.to_lowercase() == wanted)
        })
    }

    /// The actors holding `role` in `body` at the date (e.g. the permanent members of the
    /// Security Council).
    pub fn role_holders(&self, body: &str, role: &str, at: &Date) -> Vec<&Actor> {
        self.actors
            .iter()
            .filter(|a| {
                a.memberships.iter().any(|m| {
                    m.of.as_str() == body
                        && m.role == role
                        && valid_at(m.from.as_ref(), m.to.as_ref(), at)
                })
            })
            .collect()
    }
}
