//! The model's records as of a date: the same JSON shapes as the CLI's `--json`.
//!
//! Each body is serialised once per view and kept ([`crate::state::View::body`]), so a
//! repeated read is a map look-up and a copy of shared bytes.

use axum::response::Response;
use serde::Serialize;
use statecraft_model::view::valid_at;
use statecraft_model::{Date, Model, Plover};

use crate::http::{Ctx, json, to_json};
use crate::problem::Problem;
use crate::{BODY_LIMIT, REQUEST_TIMEOUT};

/// The most samples a scenario query may ask for.
pub const MAX_SAMPLES: usize = 20_000;

#[derive(Serialize)]
struct Info<'a> {
    model: ModelName<'a>,
    counts: Counts,
    dates: Option<Span>,
    /// Publication dates of the sources, oldest first: when new evidence appeared.
    published: Vec<Published<'a>>,
    texts: bool,
    ledger: bool,
    engines: Vec<&'static str>,
    limits: Limits,
}

#[derive(Serialize)]
struct ModelName<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct Counts {
    sources: usize,
    actors: usize,
    goals: usize,
    issues: usize,
    positions: usize,
    channels: usize,
    observations: usize,
    events: usize,
    measures: usize,
    variables: usize,
    forecasts: usize,
}

#[derive(Serialize)]
struct Span {
    first: String,
    last: String,
}

#[derive(Serialize)]
struct Published<'a> {
    source: &'a str,
    date: String,
}

#[derive(Serialize)]
struct Limits {
    body_bytes: usize,
    timeout_seconds: u64,
    samples: usize,
}

/// Every dated thing in the model: the slider's range.
fn span(model: &Model) -> Option<Span> {
    let dates: Vec<&Date> = model
        .sources
        .iter()
        .map(|s| &s.published)
        .chain(model.events.iter().map(|e| &e.date))
        .chain(model.observations.iter().map(|o| &o.period))
        .chain(model.measures.iter().map(|m| &m.adopted))
        .collect();
    let first = dates.iter().map(|d| d.start).min()?;
    let last = dates.iter().map(|d| d.end).max()?;
    Some(Span {
        first: first.to_string(),
        last: last.to_string(),
    })
}

pub fn info(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.state.view(None);
    let state = &ctx.state;
    let body = view.body("info", |v| {
        let m = &v.model;
        let mut published: Vec<Published<'_>> = m
            .sources
            .iter()
            .map(|s| Published {
                source: s.id.as_str(),
                date: s.published.to_string(),
            })
            .collect();
        published.sort_by(|a, b| a.date.cmp(&b.date));
        let mut engines = vec!["report", "sources", "search"];
        if !m.variables.is_empty() {
            engines.push("scenario");
        }
        if !m.issues.is_empty() {
            engines.push("bargain");
        }
        if !m.measures.is_empty() {
            engines.push("rules");
        }
        if !m.channels.is_empty() {
            engines.push("leverage");
        }
        if state.ledger.is_some() {
            engines.push("ledger");
        }
        to_json(&Info {
            model: ModelName {
                id: &m.model.id,
                title: &m.model.title,
                description: &m.model.description,
            },
            counts: Counts {
                sources: m.sources.len(),
                actors: m.actors.len(),
                goals: m.goals.len(),
                issues: m.issues.len(),
                positions: m.positions.len(),
                channels: m.channels.len(),
                observations: m.observations.len(),
                events: m.events.len(),
                measures: m.measures.len(),
                variables: m.variables.len(),
                forecasts: m.forecasts.len(),
            },
            dates: span(m),
            published,
            texts: state.texts.is_some(),
            ledger: state.ledger.is_some(),
            engines,
            limits: Limits {
                body_bytes: BODY_LIMIT,
                timeout_seconds: REQUEST_TIMEOUT.as_secs(),
                samples: MAX_SAMPLES,
            },
        })
    })?;
    Ok(json(body))
}

pub fn whole(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("model", |v| to_json(&v.model))?))
}

pub fn actors(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("actors", |v| to_json(&v.model.actors))?))
}

pub fn channels(ctx: &Ctx) -> Result<Response, Problem> {
    #[derive(Serialize)]
    struct Out<'a> {
        channels: &'a [statecraft_model::Channel],
        observations: &'a [statecraft_model::Observation],
    }
    let view = ctx.view()?;
    Ok(json(view.body("channels", |v| {
        to_json(&Out {
            channels: &v.model.channels,
            observations: &v.model.observations,
        })
    })?))
}

pub fn events(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    let actor = match ctx.query("actor").filter(|a| !a.is_empty()) {
        None => None,
        Some(name) => Some(
            ctx.state
                .model()
                .resolve_actor(name)
                .map(|a| a.id.clone())
                .ok_or_else(|| {
                    Problem::invalid(
                        "actor",
                        format!("no actor is called {name:?} (give an id, a name or an alias)"),
                    )
                })?,
        ),
    };
    let category = match ctx.query("category").filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => Some(
            Plover::ALL
                .into_iter()
                .find(|p| p.as_str().eq_ignore_ascii_case(text))
                .ok_or_else(|| {
                    Problem::invalid(
                        "category",
                        format!(
                            "{text:?} is not a PLOVER category ({})",
                            Plover::ALL.map(Plover::as_str).join(", ")
                        ),
                    )
                })?,
        ),
    };
    let key = format!(
        "events?actor={}&category={}",
        actor.as_ref().map_or("", |a| a.as_str()),
        category.map_or("", Plover::as_str)
    );
    Ok(json(view.body(&key, |v| {
        let mut events: Vec<_> = v
            .model
            .events
            .iter()
            .filter(|e| actor.as_ref().is_none_or(|a| e.actors.contains(a)))
            .filter(|e| category.is_none_or(|c| e.category == c))
            .collect();
        events.sort_by(|a, b| a.date.chronological(&b.date).then_with(|| a.id.cmp(&b.id)));
        to_json(&events)
    })?))
}

pub fn measures(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("measures", |v| {
        let in_force: Vec<_> = v
            .model
            .measures
            .iter()
            .filter(|m| {
                v.as_of
                    .as_ref()
                    .is_none_or(|d| valid_at(Some(&m.effective_from()), m.in_force_to.as_ref(), d))
            })
            .collect();
        to_json(&in_force)
    })?))
}

pub fn goals(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("goals", |v| to_json(&v.model.goals))?))
}

pub fn issues(ctx: &Ctx) -> Result<Response, Problem> {
    #[derive(Serialize)]
    struct Out<'a> {
        issues: &'a [statecraft_model::Issue],
        positions: &'a [statecraft_model::Position],
    }
    let view = ctx.view()?;
    Ok(json(view.body("issues", |v| {
        to_json(&Out {
            issues: &v.model.issues,
            positions: &v.model.positions,
        })
    })?))
}

pub fn forecasts(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(
        view.body("forecasts", |v| to_json(&v.model.forecasts))?,
    ))
}
