//! `ingest FILE`: read a new article and propose data for the model, each with its
//! evidence locator; with `--apply`, append the accepted proposals to the model.

use std::path::PathBuf;
use std::process::ExitCode;

use statecraft_model::{Model, SourceId};
use statecraft_sources::ingest::{self, Accept, Ingest, Options, render_toml};
use statecraft_sources::register::{self, SourceMeta};

use crate::Global;
use crate::common::{self, invalid, print_json, table};
use crate::sources_cmd::{open_writable, published_date, read_text_file};

/// Read an article (plain text or Markdown) and propose figures, dated events, actors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Paragraphs are non-empty lines, as for every source. Each proposal carries its locator
{ source, paragraph, hash }. Figures are read with their units and qualifiers; a figure on a
channel, metric and period the model already has is compared with it, and a difference
beyond --tolerance is shown as a conflict with both locators.

Nothing is written unless --apply: then the accepted proposals are appended to
DIR/ingested.toml (and the source registered in DIR/sources.toml if new), atomically and
only if the model still loads.

Examples:
  statecraft ingest article.md
  statecraft ingest article.md --model my-model --source-id review-2020 --json
  statecraft ingest article.md --model my-model --apply --published 2020-03 --publisher \"A Review\""
)]
pub struct Args {
    /// The article (UTF-8 plain text or Markdown).
    pub file: PathBuf,
    /// Source id for the locators (default: the registered id of this text, else one
    /// derived from the file name).
    #[arg(long, value_name = "ID")]
    pub source_id: Option<String>,
    /// Append the accepted proposals to the model directory given by --model.
    #[arg(long)]
    pub apply: bool,
    /// Which proposals to write: any of observations, events, actors, known (figures the
    /// model already holds), comma-separated.
    #[arg(long, value_name = "KINDS", default_value = "observations,events")]
    pub accept: String,
    /// Relative difference (percent) beyond which a figure conflicts with the model's.
    #[arg(long, value_name = "PERCENT", default_value_t = 5.0)]
    pub tolerance: f64,
    /// Publication date, for registering a new source (default: inferred from the text).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Title, for registering a new source (default: the first paragraph).
    #[arg(long)]
    pub title: Option<String>,
    /// Publisher, for registering a new source (default: "not stated").
    #[arg(long)]
    pub publisher: Option<String>,
    /// Author, for registering a new source.
    #[arg(long)]
    pub author: Option<String>,
    /// URL, for registering a new source.
    #[arg(long)]
    pub url: Option<String>,
}

fn parse_accept(text: &str) -> anyhow::Result<Accept> {
    let mut accept = Accept {
        observations: false,
        events: false,
        actors: false,
        known: false,
    };
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match word {
            "observations" => accept.observations = true,
            "events" => accept.events = true,
            "actors" => accept.actors = true,
            "known" => accept.known = true,
            other => {
                return Err(invalid(format!(
                    "--accept: unknown kind {other:?} (observations, events, actors, known)"
                )));
            }
        }
    }
    Ok(accept)
}

#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    file: String,
    sha256: String,
    registered: bool,
    #[serde(flatten)]
    ingest: &'a Ingest,
    toml: String,
    applied: Option<Applied>,
}

#[derive(Debug, serde::Serialize)]
struct Applied {
    file: String,
    observations: usize,
    events: usize,
    actors: usize,
    source_registered: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let accept = parse_accept(&args.accept)?;
    if !(args.tolerance.is_finite() && args.tolerance >= 0.0) {
        return Err(invalid("--tolerance must be a percentage of 0 or more"));
    }
    let writable = if args.apply {
        Some(open_writable(global, "ingest --apply")?)
    } else {
        None
    };
    let model: Model = match &writable {
        Some(w) => w.model.clone(),
        None => common::open_model(global)?,
    };
    let (name, bytes) = read_text_file(&args.file)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let sha256 = statecraft_sources::sha256_hex(&bytes);
    let registered = register::registered(&model, &sha256);
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let source_id = match (registered, &args.source_id) {
        (Some(existing), Some(given)) if existing.id.as_str() != given => {
            return Err(invalid(format!(
                "{name} is already registered as source {:?}; --source-id {given:?} would cite it under another id",
                existing.id.0
            )));
        }
        (Some(existing), _) => existing.id.0.clone(),
        (None, Some(given)) => given.clone(),
        (None, None) => register::derive_id(&file_name).unwrap_or_default(),
    };
    // A new source gets its record now, so the proposals can be checked against it.
    let new_source = match registered {
        Some(_) => None,
        None => {
            let published = published_date(args.published.as_deref(), &text)?;
            let meta = SourceMeta {
                id: Some(source_id.clone()),
                title: args.title.clone(),
                publisher: args.publisher.clone(),
                author: args.author.clone(),
                published: None,
                url: args.url.clone(),
            };
            Some(
                register::new_source(&model, &file_name, &bytes, &meta, published)
                    .map_err(|e| invalid(e.to_string()))?,
            )
        }
    };
    let options = Options {
        tolerance: args.tolerance / 100.0,
        published: registered
            .map(|s| s.published)
            .or(new_source.as_ref().map(|s| s.published)),
    };
    let result = ingest::ingest(&model, &SourceId(source_id.clone()), &text, &options);
    let toml = render_toml(&result, &model, new_source.as_ref(), accept);

    let mut applied = None;
    if let Some(w) = &writable {
        // The source record goes to sources.toml; the proposals to ingested.toml.
        let proposals = render_toml(&result, &model, None, accept);
        let mut changes = vec![(
            "ingested.toml",
            register::append_block(&w.text_of("ingested.toml"), &proposals),
        )];
        if let Some(source) = &new_source {
            let block = register::source_toml(source).map_err(|e| invalid(e.to_string()))?;
            changes.insert(
                0,
                (
                    "sources.toml",
                    register::append_block(&w.text_of("sources.toml"), &block),
                ),
            );
        }
        let after = w.replace(&changes)?;
        applied = Some(Applied {
            file: w.dir.join("ingested.toml").display().to_string(),
            observations: after.observations.len() - model.observations.len(),
            events: after.events.len() - model.events.len(),
            actors: after.actors.len() - model.actors.len(),
            source_registered: new_source.is_some(),
        });
    }

    let report = Report {
        file: name,
        sha256,
        registered: registered.is_some(),
        ingest: &result,
        toml,
        applied,
    };
    if global.json {
        return print_json(&report);
    }
    print_text(&report);
    Ok(ExitCode::SUCCESS)
}

fn actors_text(actors: &[statecraft_model::ActorId]) -> String {
    if actors.is_empty() {
        "-".to_string()
    } else {
        actors
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn print_text(report: &Report<'_>) {
    let r = report.ingest;
    println!(
        "{}: source {} ({}), {} paragraphs, sha256 {}",
        report.file,
        r.source,
        if report.registered {
            "registered in the model"
        } else {
            "not registered; --apply registers it"
        },
        r.paragraphs,
        report.sha256
    );
    println!();
    println!("Figures ({})", r.quantities.len());
    let rows: Vec<Vec<String>> = r
        .quantities
        .iter()
        .map(|q| {
            vec![
                format!("[{} ¶{}]", q.evidence.source, q.evidence.paragraph),
                format!(
                    "{} {}{}",
                    ingest_value(&q.found),
                    q.found.unit,
                    q.found
                        .qualifier
                        .map(|x| format!(" ({x})"))
                        .unwrap_or_default()
                ),
                format!(
                    "{}{}",
                    q.period.as_deref().unwrap_or("-"),
                    if q.period_inferred { "*" } else { "" }
                ),
                actors_text(&q.actors),
                q.channel_kind.map_or("-".to_string(), |k| k.to_string()),
                q.channel
                    .as_ref()
                    .map_or("-".to_string(), |c| c.to_string()),
                q.metric.clone(),
                q.known_as.clone().unwrap_or_default(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        print!(
            "{}",
            table(
                &[
                    "where",
                    "figure",
                    "period",
                    "actors",
                    "kind",
                    "channel",
                    "metric",
                    "in model as"
                ],
                &rows
            )
        );
        println!("(* period not written in the paragraph)");
    }
    println!();
    println!("Dated events ({})", r.events.len());
    let rows: Vec<Vec<String>> = r
        .events
        .iter()
        .map(|e| {
            vec![
                format!("[{} ¶{}]", e.evidence.source, e.evidence.paragraph),
                format!(
                    "{}{}",
                    e.found.date,
                    if e.found.inferred { "*" } else { "" }
                ),
                e.found.precision.to_string(),
                e.category.as_str().to_string(),
                e.category_keyword
                    .clone()
                    .unwrap_or_else(|| "(none)".into()),
                actors_text(&e.actors),
            ]
        })
        .collect();
    if !rows.is_empty() {
        print!(
            "{}",
            table(
                &[
                    "where",
                    "date",
                    "precision",
                    "category",
                    "keyword",
                    "actors"
                ],
                &rows
            )
        );
    }
    println!();
    let mut by_actor: Vec<(String, Vec<u32>)> = Vec::new();
    for m in &r.mentions {
        match by_actor.iter_mut().find(|(a, _)| *a == m.actor.0) {
            Some((_, ps)) => {
                if !ps.contains(&m.paragraph) {
                    ps.push(m.paragraph);
                }
            }
            None => by_actor.push((m.actor.0.clone(), vec![m.paragraph])),
        }
    }
    println!("Actors mentioned ({})", by_actor.len());
    for (actor, ps) in &by_actor {
        let list: Vec<String> = ps.iter().map(|p| format!("¶{p}")).collect();
        println!("  {actor}: {}", list.join(" "));
    }
    if !r.unknown_names.is_empty() {
        println!();
        println!("Names the model does not know ({})", r.unknown_names.len());
        let rows: Vec<Vec<String>> = r
            .unknown_names
            .iter()
            .map(|n| {
                vec![
                    n.name.clone(),
                    n.kind.to_string(),
                    n.mentions.to_string(),
                    n.paragraphs
                        .iter()
                        .map(|p| format!("¶{p}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["name", "kind (guess)", "mentions", "paragraphs"], &rows)
        );
    }
    println!();
    println!("Conflicts with the model ({})", r.conflicts.len());
    for c in &r.conflicts {
        let model_at: Vec<String> = c
            .model_evidence
            .iter()
            .map(|e| format!("[{} ¶{}]", e.source, e.paragraph))
            .collect();
        println!(
            "  {} {} {}: proposed {} [{} ¶{}]  vs  model {} {} ({}) — {:+.1}%",
            c.channel,
            c.metric,
            c.period,
            c.proposed,
            c.proposed_evidence.source,
            c.proposed_evidence.paragraph,
            c.model,
            model_at.join(" "),
            c.observation,
            c.difference * 100.0
        );
    }
    println!();
    match &report.applied {
        Some(a) => println!(
            "Applied: {} observation(s), {} event(s), {} actor(s) appended to {}{}",
            a.observations,
            a.events,
            a.actors,
            a.file,
            if a.source_registered {
                "; source registered in sources.toml"
            } else {
                ""
            }
        ),
        None => {
            println!(
                "Proposed TOML (review, then paste into a model file, or rerun with --model DIR --apply):"
            );
            println!();
            print!("{}", report.toml);
        }
    }
}

fn ingest_value(found: &statecraft_sources::ingest::FoundQuantity) -> String {
    match (found.value, found.low, found.high) {
        (Some(v), _, _) => format!("{v}"),
        (None, Some(l), Some(h)) => format!("{l}–{h}"),
        _ => "?".to_string(),
    }
}
