//! Full-text search over source paragraphs and the model's own data.
//!
//! [`index::Index`] is a plain inverted index (build from documents, query with BM25);
//! this module turns a model and its texts into documents — one per source paragraph,
//! one per datum (names, aliases, statements, summaries, descriptions, notes,
//! questions) — and hits back into locators. It never reads files: the caller passes
//! the texts, and a model view (`view::as_of`) when only what was published by a date
//! should be found.

pub mod index;
pub mod query;
pub mod snippet;
pub mod stem;
pub mod tokenize;

use statecraft_model::Model;

use crate::text::SourceTexts;

pub use index::{Alternative, Document, Hit, Index, Unit};
pub use query::parse_query;
pub use snippet::Snippet;

/// What a document is: a paragraph of a source, or a datum of the model.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Key {
    Paragraph { source: String, paragraph: u32 },
    Datum { datum: &'static str, id: String },
}

impl Key {
    /// `[source ¶n]` or `kind id`.
    pub fn locator(&self) -> String {
        match self {
            Key::Paragraph { source, paragraph } => format!("[{source} ¶{paragraph}]"),
            Key::Datum { datum, id } => format!("{datum} {id}"),
        }
    }
}

/// An index of a model's paragraphs and data.
#[derive(Debug, Clone)]
pub struct ModelIndex {
    pub index: Index,
    pub keys: Vec<Key>,
    /// Sources whose text was found (by SHA-256) and indexed.
    pub sources_indexed: Vec<String>,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub key: Key,
    pub locator: String,
    pub score: f64,
    #[serde(flatten)]
    pub snippet: Snippet,
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("")
}

/// The documents of a model: every paragraph of every source whose text is given,
/// then every datum.
pub fn documents(
    model: &Model,
    texts: Option<&SourceTexts>,
) -> (Vec<Key>, Vec<Document>, Vec<String>) {
    let mut keys = Vec::new();
    let mut docs = Vec::new();
    let mut indexed = Vec::new();
    let mut push = |key: Key, text: String, extra: String| {
        keys.push(key);
        docs.push(Document { text, extra });
    };
    if let Some(texts) = texts {
        for source in &model.sources {
            let Some(text) = texts.get(&source.sha256) else {
                continue;
            };
            indexed.push(source.id.0.clone());
            for (i, paragraph) in text.paragraphs.iter().enumerate() {
                push(
                    Key::Paragraph {
                        source: source.id.0.clone(),
                        paragraph: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    },
                    paragraph.clone(),
                    String::new(),
                );
            }
        }
    }
    let datum = |kind: &'static str, id: &str| Key::Datum {
        datum: kind,
        id: id.to_string(),
    };
    for s in &model.sources {
        push(
            datum("source", s.id.as_str()),
            join(&[&s.title, &s.publisher, opt(&s.author), opt(&s.note)]),
            s.id.0.clone(),
        );
    }
    for a in &model.actors {
        let roles: Vec<String> = a
            .memberships
            .iter()
            .map(|m| format!("{} of {}", m.role, m.of))
            .collect();
        let mut text = a.name.clone();
        if !a.aliases.is_empty() {
            text.push_str(&format!(" ({})", a.aliases.join(", ")));
        }
        push(
            datum("actor", a.id.as_str()),
            join(&[&text, opt(&a.note)]),
            join(&[a.id.as_str(), &roles.join(" ")]),
        );
    }
    for g in &model.goals {
        push(
            datum("goal", g.id.as_str()),
            join(&[&g.statement, opt(&g.note)]),
            g.actor.0.clone(),
        );
    }
    for x in &model.issues {
        let anchors: Vec<&str> = x.anchors.iter().map(|a| a.label.as_str()).collect();
        push(
            datum("issue", x.id.as_str()),
            join(&[&x.question, &anchors.join("; "), opt(&x.note)]),
            join(&[x.id.as_str(), x.body.as_ref().map_or("", |b| b.as_str())]),
        );
    }
    for p in &model.positions {
        // A position's own words are its note; the issue's question says what it is on.
        let question = model
            .issues
            .iter()
            .find(|i| i.id == p.issue)
            .map_or("", |i| i.question.as_str());
        push(
            datum("position", p.id.as_str()),
            join(&[opt(&p.note), &format!("({} on: {question})", p.actor)]),
            join(&[p.actor.as_str(), p.issue.as_str()]),
        );
    }
    for c in &model.channels {
        push(
            datum("channel", c.id.as_str()),
            join(&[&c.description, opt(&c.note)]),
            join(&[
                c.id.as_str(),
                c.from.as_str(),
                c.to.as_str(),
                c.kind.as_str(),
            ]),
        );
    }
    for o in &model.observations {
        let figure = match (&o.value, &o.level) {
            (Some(v), _) => format!("{v} {}", opt(&o.unit)),
            (None, Some(l)) => l.as_str().to_string(),
            _ => String::new(),
        };
        let ends = model
            .channel(o.channel.as_str())
            .map(|c| format!("{} {}", c.from, c.to))
            .unwrap_or_default();
        push(
            datum("observation", o.id.as_str()),
            join(&[
                &format!("{} ({}): {figure}.", o.metric, o.period),
                opt(&o.note),
            ]),
            join(&[o.channel.as_str(), &ends]),
        );
    }
    for e in &model.events {
        let actors: Vec<&str> = e.actors.iter().map(|a| a.as_str()).collect();
        push(
            datum("event", e.id.as_str()),
            join(&[&e.summary, opt(&e.note)]),
            join(&[&actors.join(" "), e.category.as_str()]),
        );
    }
    for m in &model.measures {
        let rules: Vec<&str> = m
            .restricts
            .iter()
            .chain(&m.exemptions)
            .map(|r| r.description.as_str())
            .collect();
        push(
            datum("measure", m.id.as_str()),
            join(&[&m.title, &rules.join(" "), opt(&m.note)]),
            join(&[m.id.as_str(), m.body.as_str()]),
        );
    }
    for v in &model.variables {
        push(
            datum("variable", v.id.as_str()),
            join(&[&v.name, opt(&v.description), opt(&v.note)]),
            join(&[v.id.as_str(), &v.states.join(" ")]),
        );
    }
    for f in &model.forecasts {
        push(
            datum("forecast", f.id.as_str()),
            join(&[&f.question, &f.resolution, opt(&f.note)]),
            join(&[&f.made_by, f.variable.as_ref().map_or("", |v| v.as_str())]),
        );
    }
    (keys, docs, indexed)
}

impl ModelIndex {
    /// Indexes a model (usually a view as of a date) and the texts of its sources.
    pub fn build(model: &Model, texts: Option<&SourceTexts>, threads: usize) -> ModelIndex {
        let (keys, docs, sources_indexed) = documents(model, texts);
        ModelIndex {
            index: Index::build(docs, threads),
            keys,
            sources_indexed,
        }
    }

    /// The best `limit` hits for a query (parsed with [`parse_query`]).
    pub fn search(&self, units: &[Unit], limit: usize) -> Vec<SearchHit> {
        self.index
            .search(units, limit)
            .into_iter()
            .map(|hit| {
                let key = self.keys[hit.document].clone();
                let text = self
                    .index
                    .document(hit.document)
                    .map_or("", |d| d.text.as_str());
                SearchHit {
                    locator: key.locator(),
                    key,
                    score: hit.score,
                    snippet: snippet::snippet(text, units),
                }
            })
            .collect()
    }
}
