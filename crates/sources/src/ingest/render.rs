//! The proposals of a reading as TOML in the model format.
//!
//! Each accepted proposal becomes a record that loads as written; one that cannot
//! (a figure with no channel in the model, an event with no actor) is written as a
//! commented-out block saying what is missing. Notes are in our words: they name the
//! figure as read, never quote the article's sentences.

use std::fmt::Write as _;

use statecraft_model::{Model, Source};

use super::{EventProposal, Ingest, QuantityProposal, sanitize_id};

/// Which kinds of proposal to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accept {
    pub observations: bool,
    pub events: bool,
    pub actors: bool,
    /// Also write figures the model already holds (same channel, metric, period, value).
    pub known: bool,
}

impl Default for Accept {
    fn default() -> Accept {
        Accept {
            observations: true,
            events: true,
            actors: false,
            known: false,
        }
    }
}

/// A TOML string literal.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A number as TOML writes it: no trailing ".0" for whole numbers.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The value of a figure as text: `92`, `20–26`.
pub fn value_text(found: &super::FoundQuantity) -> String {
    match (found.value, found.low, found.high) {
        (Some(v), _, _) => number(v),
        (None, Some(l), Some(h)) => format!("{}–{}", number(l), number(h)),
        _ => "?".to_string(),
    }
}

fn evidence_toml(e: &statecraft_model::Evidence) -> String {
    format!(
        "[{{ source = {}, paragraph = {}, hash = {} }}]",
        quoted(e.source.as_str()),
        e.paragraph,
        quoted(&e.hash)
    )
}

/// The observation record for a figure, or `Err` with why it cannot be one.
fn observation_toml(q: &QuantityProposal) -> Result<String, String> {
    let channel = q.channel.as_ref().ok_or_else(|| match q.channel_kind {
        Some(kind) => format!(
            "no {kind} channel in the model between the actors named ({})",
            list(&q.actors)
        ),
        None => "no channel kind suggested by the sentence".to_string(),
    })?;
    let period = q
        .period
        .as_ref()
        .ok_or("no year in the text to date the figure")?;
    let mut out = String::new();
    let _ = writeln!(out, "[[observation]]");
    let _ = writeln!(out, "id = {}", quoted(&q.id));
    let _ = writeln!(out, "channel = {}", quoted(channel.as_str()));
    let _ = writeln!(out, "period = {}", quoted(period));
    if q.period_inferred {
        let _ = writeln!(out, "period_inferred = true");
    }
    let _ = writeln!(out, "metric = {}", quoted(&q.metric));
    match (q.found.value, q.found.low, q.found.high) {
        (Some(v), _, _) => {
            let _ = writeln!(out, "value = {}", number(v));
        }
        (None, Some(l), Some(h)) => {
            let _ = writeln!(
                out,
                "value = {{ low = {}, high = {} }}",
                number(l),
                number(h)
            );
        }
        _ => return Err("no value".to_string()),
    }
    let _ = writeln!(out, "unit = {}", quoted(&q.found.unit));
    if q.found.approximate() {
        let _ = writeln!(out, "approximate = true");
    }
    let _ = writeln!(out, "evidence = {}", evidence_toml(&q.evidence));
    let mut note = format!(
        "Proposed by ingest from the figure {} ({} {}",
        quoted_words(&q.found.text),
        value_text(&q.found),
        q.found.unit
    );
    if let Some(qualifier) = q.found.qualifier {
        let _ = write!(note, ", {qualifier}");
    }
    note.push(')');
    if let Some(keyword) = &q.channel_keyword {
        let _ = write!(note, "; channel kind from the keyword '{keyword}'");
    }
    if q.period_inferred {
        note.push_str("; the paragraph does not state the period's year, it is read from the surrounding text");
    }
    if let Some(extra) = &q.found.note {
        let _ = write!(note, "; {extra}");
    }
    note.push_str(". Review the metric and period.");
    let _ = writeln!(out, "note = {}", quoted(&note));
    Ok(out)
}

/// A figure's words, short enough never to copy a sentence.
fn quoted_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    format!("'{}'", words.join(" "))
}

fn list(actors: &[statecraft_model::ActorId]) -> String {
    if actors.is_empty() {
        "none".to_string()
    } else {
        actors
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn event_toml(e: &EventProposal) -> Result<String, String> {
    if e.actors.is_empty() {
        return Err("no known actor in the sentence or paragraph".to_string());
    }
    let mut out = String::new();
    let _ = writeln!(out, "[[event]]");
    let _ = writeln!(out, "id = {}", quoted(&e.id));
    let _ = writeln!(out, "date = {}", quoted(&e.found.date));
    if e.found.inferred {
        let _ = writeln!(out, "date_inferred = true");
    }
    let actors: Vec<String> = e.actors.iter().map(|a| quoted(a.as_str())).collect();
    let _ = writeln!(out, "actors = [{}]", actors.join(", "));
    let _ = writeln!(out, "category = {}", quoted(e.category.as_str()));
    let basis = match &e.category_keyword {
        Some(k) => format!("category from the word '{k}'"),
        None => "no event verb found, the category is a placeholder".to_string(),
    };
    let _ = writeln!(
        out,
        "summary = {}",
        quoted(&format!(
            "To write in your own words: what {} did on this date ({basis}).",
            list(&e.actors)
        ))
    );
    let _ = writeln!(out, "evidence = {}", evidence_toml(&e.evidence));
    let mut note = format!(
        "Proposed by ingest from the date {} read as {} ({})",
        quoted_words(&e.found.text),
        e.found.date,
        e.found.precision
    );
    if e.found.inferred {
        note.push_str("; not every year of the date is written in the paragraph");
    }
    note.push('.');
    let _ = writeln!(out, "note = {}", quoted(&note));
    Ok(out)
}

fn commented(block: &str, why: &str) -> String {
    let mut out = format!("# Not loadable as proposed: {why}.\n");
    for line in block.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A figure or event that cannot be written as a record, shown for the reviewer.
fn sketch_observation(q: &QuantityProposal) -> String {
    format!(
        "[[observation]]\nid = {}\nchannel = \"?\"\nperiod = {}\nmetric = {}\nvalue = {}\nunit = {}\nevidence = {}\n",
        quoted(&q.id),
        quoted(q.period.as_deref().unwrap_or("?")),
        quoted(&q.metric),
        value_text(&q.found),
        quoted(&q.found.unit),
        evidence_toml(&q.evidence)
    )
}

fn sketch_event(e: &EventProposal) -> String {
    format!(
        "[[event]]\nid = {}\ndate = {}\nactors = []\ncategory = {}\nevidence = {}\n",
        quoted(&e.id),
        quoted(&e.found.date),
        quoted(e.category.as_str()),
        evidence_toml(&e.evidence)
    )
}

/// The accepted proposals as model TOML: the source record first when the source is
/// new, then observations, events and (when accepted) actors. Appended to a model that
/// does not yet hold them, the result loads.
pub fn render_toml(
    ingest: &Ingest,
    model: &Model,
    new_source: Option<&Source>,
    accept: Accept,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Proposed by `statecraft ingest` from source {:?}. Review every record before use.",
        ingest.source.as_str()
    );
    if let Some(source) = new_source {
        out.push('\n');
        out.push_str(&crate::register::source_toml(source).unwrap_or_default());
    }
    if accept.observations {
        for q in &ingest.quantities {
            if q.known_as.is_some() && !accept.known {
                continue;
            }
            out.push('\n');
            match observation_toml(q) {
                Ok(block) => out.push_str(&block),
                Err(why) => out.push_str(&commented(&sketch_observation(q), &why)),
            }
        }
    }
    if accept.events {
        for e in &ingest.events {
            out.push('\n');
            match event_toml(e) {
                Ok(block) => out.push_str(&block),
                Err(why) => out.push_str(&commented(&sketch_event(e), &why)),
            }
        }
    }
    if accept.actors {
        let mut taken: Vec<String> = model.actors.iter().map(|a| a.id.0.clone()).collect();
        for name in &ingest.unknown_names {
            let mut id = sanitize_id(&name.name);
            let base = id.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            taken.push(id.clone());
            let paragraph = name.paragraphs.first().copied().unwrap_or(1);
            out.push('\n');
            let _ = writeln!(out, "[[actor]]");
            let _ = writeln!(out, "id = {}", quoted(&id));
            let _ = writeln!(out, "kind = {}", quoted(name.kind));
            let _ = writeln!(out, "name = {}", quoted(&name.name));
            let _ = writeln!(
                out,
                "evidence = {}",
                evidence_toml(&statecraft_model::Evidence {
                    source: ingest.source.clone(),
                    paragraph,
                    hash: ingest
                        .paragraph_hashes
                        .get(usize::try_from(paragraph).unwrap_or(1).saturating_sub(1))
                        .cloned()
                        .unwrap_or_default(),
                    location: Default::default(),
                })
            );
            let _ = writeln!(
                out,
                "note = {}",
                quoted(&format!(
                    "Proposed by ingest: a name the model does not know, {} mention(s); the kind is a guess from its words.",
                    name.mentions
                ))
            );
        }
    }
    out
}
