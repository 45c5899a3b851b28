//! The brief of a model as of a date: what `statecraft report` prints and the web page
//! shows.
//!
//! A [`Report`] is a list of sections of lines, each line carrying the locators of the
//! evidence it rests on, so every statement in a brief can be traced. Building it is a
//! pure function of a model view; rendering to text is separate. It summarises and
//! orders; it does not compute forecasts (engines do, and add their own sections).

use std::collections::BTreeMap;

use serde::Serialize;
use statecraft_model::view::valid_at;
use statecraft_model::{Date, Evidence, Model, Observation};

/// One statement of the brief and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub text: String,
    /// `source ¶n` locators; empty means the line states an assumption or a computed value.
    pub locators: Vec<String>,
    /// True when the line rests on a modeller's assumption rather than a source.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumption: bool,
    /// Lines under this one (e.g. the positions under an issue).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<Line>,
}

/// A titled part of the brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub lines: Vec<Line>,
}

/// The whole brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub as_of: Option<String>,
    pub sections: Vec<Section>,
}

/// How many of the most recent events the brief lists.
pub const RECENT_EVENTS: usize = 15;

pub fn locators(evidence: &[Evidence]) -> Vec<String> {
    evidence
        .iter()
        .map(|e| format!("{} ¶{}", e.source.0, e.paragraph))
        .collect()
}

fn line(text: String, evidence: &[Evidence], assumption: bool) -> Line {
    Line {
        text,
        locators: locators(evidence),
        assumption,
        detail: Vec::new(),
    }
}

/// Builds the brief of a model view. `as_of` is the date the view was taken at (the
/// caller has already filtered the model with `view::as_of`); it selects the measures in
/// force and labels the brief.
pub fn build(model: &Model, as_of: Option<&Date>) -> Report {
    let title = if model.model.title.is_empty() {
        "Model brief".to_string()
    } else {
        model.model.title.clone()
    };
    let mut sections = vec![
        actors_section(model),
        issues_section(model),
        channels_section(model),
        measures_section(model, as_of),
        events_section(model),
        scenario_section(model),
        forecasts_section(model),
    ];
    sections.retain(|s| !s.lines.is_empty());
    Report {
        title,
        as_of: as_of.map(ToString::to_string),
        sections,
    }
}

fn actors_section(model: &Model) -> Section {
    let mut lines = Vec::new();
    for actor in &model.actors {
        let goals: Vec<_> = {
            let mut g: Vec<_> = model.goals.iter().filter(|g| g.actor == actor.id).collect();
            g.sort_by_key(|g| g.rank.unwrap_or(u32::MAX));
            g
        };
        // People, companies and small bodies appear under their roles; the brief lists
        // every actor with goals, and every state or organisation.
        let major = matches!(
            actor.kind,
            statecraft_model::ActorKind::State | statecraft_model::ActorKind::Organisation
        );
        if goals.is_empty() && !major {
            continue;
        }
        let mut l = line(
            format!("{} ({}, {})", actor.name, actor.id, actor.kind.as_str()),
            &actor.evidence,
            actor.assumption,
        );
        for goal in goals {
            let rank = goal.rank.map(|r| format!("#{r} ")).unwrap_or_default();
            let since = match (&goal.valid_from, &goal.valid_to) {
                (Some(f), Some(t)) => format!(" ({f} to {t})"),
                (Some(f), None) => format!(" (from {f})"),
                (None, Some(t)) => format!(" (until {t})"),
                (None, None) => String::new(),
            };
            l.detail.push(line(
                format!("goal {rank}{}{since}", goal.statement),
                &goal.evidence,
                goal.assumption,
            ));
        }
        lines.push(l);
    }
    Section {
        id: "actors".into(),
        title: "Actors and their goals".into(),
        lines,
    }
}

fn issues_section(model: &Model) -> Section {
    let mut lines = Vec::new();
    for issue in &model.issues {
        let scale: Vec<String> = issue
            .anchors
            .iter()
            .map(|a| format!("{}={}", a.at, a.label))
            .collect();
        let mut l = line(
            format!("{} [scale: {}]", issue.question, scale.join("; ")),
            &issue.evidence,
            issue.assumption,
        );
        let mut positions: Vec<_> = model
            .positions
            .iter()
            .filter(|p| p.issue == issue.id)
            .collect();
        positions.sort_by(|a, b| {
            a.position
                .mid()
                .total_cmp(&b.position.mid())
                .then_with(|| a.actor.cmp(&b.actor))
        });
        for p in positions {
            let capability = p
                .capability
                .map(|c| format!(", capability {c}"))
                .unwrap_or_default();
            l.detail.push(line(
                format!(
                    "{} at {} (salience {}{capability})",
                    p.actor, p.position, p.salience
                ),
                &p.evidence,
                p.assumption,
            ));
        }
        if let Some(sq) = issue.status_quo {
            l.detail.push(line(
                format!("status quo at {sq}"),
                &issue.evidence,
                issue.assumption,
            ));
        }
        lines.push(l);
    }
    Section {
        id: "issues".into(),
        title: "Issues and positions".into(),
        lines,
    }
}

fn figure(o: &Observation) -> String {
    match (&o.value, &o.level) {
        (Some(v), _) => format!(
            "{} {}{} {}",
            o.metric,
            if o.approximate { "about " } else { "" },
            v,
            o.unit.as_deref().unwrap_or("")
        )
        .trim_end()
        .to_string(),
        (None, Some(level)) => format!("{} {}", o.metric, level.as_str()),
        (None, None) => o.metric.clone(),
    }
}

fn channels_section(model: &Model) -> Section {
    let mut lines = Vec::new();
    for channel in &model.channels {
        let mut l = line(
            format!(
                "{} {}→{}: {}",
                channel.kind.as_str(),
                channel.from,
                channel.to,
                channel.description
            ),
            &channel.evidence,
            channel.assumption,
        );
        // The latest figure of each metric; disagreeing figures for the same period are
        // all shown.
        let mut latest: BTreeMap<&str, Vec<&Observation>> = BTreeMap::new();
        for o in model
            .observations
            .iter()
            .filter(|o| o.channel == channel.id)
        {
            let slot = latest.entry(o.metric.as_str()).or_default();
            match slot.first() {
                Some(first) if o.period.start > first.period.start => {
                    slot.clear();
                    slot.push(o);
                }
                Some(first) if o.period.start == first.period.start => slot.push(o),
                Some(_) => {}
                None => slot.push(o),
            }
        }
        for observations in latest.values() {
            for o in observations {
                l.detail.push(line(
                    format!("{}: {}", o.period, figure(o)),
                    &o.evidence,
                    o.assumption,
                ));
            }
        }
        lines.push(l);
    }
    Section {
        id: "channels".into(),
        title: "Channels and their latest figures".into(),
        lines,
    }
}

fn measures_section(model: &Model, as_of: Option<&Date>) -> Section {
    let mut lines = Vec::new();
    for m in &model.measures {
        if let Some(d) = as_of {
            if !valid_at(Some(&m.effective_from()), m.in_force_to.as_ref(), d) {
                continue;
            }
        }
        let mut l = line(
            format!("{} ({}, adopted {})", m.title, m.body, m.adopted),
            &m.evidence,
            m.assumption,
        );
        for r in &m.restricts {
            l.detail.push(line(
                format!("restricts: {}", r.description),
                &r.evidence,
                r.assumption,
            ));
        }
        for r in &m.exemptions {
            l.detail.push(line(
                format!("exempts: {}", r.description),
                &r.evidence,
                r.assumption,
            ));
        }
        for d in &m.deadlines {
            l.detail.push(line(
                format!("deadline {}: {}", d.date, d.description),
                &d.evidence,
                d.assumption,
            ));
        }
        lines.push(l);
    }
    let title = if as_of.is_some() {
        "Measures in force"
    } else {
        "Measures"
    };
    Section {
        id: "measures".into(),
        title: title.into(),
        lines,
    }
}

fn events_section(model: &Model) -> Section {
    let mut events: Vec<_> = model.events.iter().collect();
    events.sort_by(|a, b| a.date.chronological(&b.date).then_with(|| a.id.cmp(&b.id)));
    let skip = events.len().saturating_sub(RECENT_EVENTS);
    let lines = events
        .into_iter()
        .skip(skip)
        .map(|e| {
            let actors: Vec<&str> = e.actors.iter().map(|a| a.as_str()).collect();
            line(
                format!(
                    "{} {} ({}): {}",
                    e.date,
                    e.category.as_str(),
                    actors.join(", "),
                    e.summary
                ),
                &e.evidence,
                e.assumption,
            )
        })
        .collect();
    Section {
        id: "events".into(),
        title: format!("Recent events (last {RECENT_EVENTS})"),
        lines,
    }
}

fn scenario_section(model: &Model) -> Section {
    let lines = model
        .variables
        .iter()
        .map(|v| {
            let parents = if v.parents.is_empty() {
                String::new()
            } else {
                format!(
                    " given {}",
                    v.parents
                        .iter()
                        .map(|p| p.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let sourced = v.rows.iter().filter(|r| !r.assumption).count();
            let mut evidence: Vec<Evidence> = v.evidence.clone();
            for r in &v.rows {
                for e in &r.evidence {
                    if !evidence
                        .iter()
                        .any(|x| x.source == e.source && x.paragraph == e.paragraph)
                    {
                        evidence.push(e.clone());
                    }
                }
            }
            line(
                format!(
                    "{}: {} [{}]{parents}; {} of {} table rows sourced",
                    v.id,
                    v.name,
                    v.states.join(" | "),
                    sourced,
                    v.rows.len()
                ),
                &evidence,
                v.assumption,
            )
        })
        .collect();
    Section {
        id: "scenarios".into(),
        title: "Scenario variables".into(),
        lines,
    }
}

fn forecasts_section(model: &Model) -> Section {
    let lines = model
        .forecasts
        .iter()
        .map(|f| {
            let p: Vec<String> = f
                .p
                .iter()
                .map(|(option, spec)| {
                    let text = match spec {
                        statecraft_model::probability::ProbabilitySpec::Number(x) => format!("{x}"),
                        statecraft_model::probability::ProbabilitySpec::Interval(b) => {
                            format!(
                                "{}–{}",
                                b.first().copied().unwrap_or(0.0),
                                b.get(1).copied().unwrap_or(0.0)
                            )
                        }
                        statecraft_model::probability::ProbabilitySpec::Phrase(w) => {
                            format!("\"{w}\"")
                        }
                    };
                    format!("{option}: {text}")
                })
                .collect();
            line(
                format!(
                    "{} — {} ({} on {}, resolves by {})",
                    f.question,
                    p.join(", "),
                    f.made_by,
                    f.made_at,
                    f.resolves_by
                ),
                &f.evidence,
                f.assumption,
            )
        })
        .collect();
    Section {
        id: "forecasts".into(),
        title: "Forecasts".into(),
        lines,
    }
}

/// Adds sections computed by engines (leverage, rules, …) after the section with id
/// `after`, keeping the brief's order; sections with no lines are left out.
pub fn insert_sections(report: &mut Report, after: &str, sections: Vec<Section>) {
    let at = report
        .sections
        .iter()
        .position(|s| s.id == after)
        .map_or(report.sections.len(), |i| i + 1);
    let sections: Vec<Section> = sections
        .into_iter()
        .filter(|s| !s.lines.is_empty())
        .collect();
    report.sections.splice(at..at, sections);
}

/// Renders the brief as plain text that pastes into a document: headings, indented
/// lines, and each line's locators in brackets.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&report.title);
    if let Some(d) = &report.as_of {
        out.push_str(&format!(" — as of {d}"));
    }
    out.push('\n');
    out.push_str(&"=".repeat(report.title.chars().count().min(78)));
    out.push('\n');
    for section in &report.sections {
        out.push('\n');
        out.push_str(&section.title);
        out.push('\n');
        out.push_str(&"-".repeat(section.title.chars().count()));
        out.push('\n');
        for l in &section.lines {
            render_line(&mut out, l, 0);
        }
    }
    out
}

fn render_line(out: &mut String, l: &Line, depth: usize) {
    let indent = "  ".repeat(depth);
    let bullet = if depth == 0 { "- " } else { "· " };
    let tag = if l.assumption {
        " [assumption]".to_string()
    } else if l.locators.is_empty() {
        String::new()
    } else {
        format!(" [{}]", l.locators.join(", "))
    };
    out.push_str(&format!("{indent}{bullet}{}{tag}\n", l.text));
    for d in &l.detail {
        render_line(out, d, depth + 1);
    }
}
