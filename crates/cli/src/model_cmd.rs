//! `check`, `export` and the tables (`actors`, `channels`, `timeline`, `measures`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use statecraft_model::{Date, Model, Quantity};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

/// Validate a model; with --sources, also verify every locator against the texts.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  statecraft check\n  statecraft check --sources ../shared/seeds\n  statecraft check --model my-model/ --json\n\nExit status: 0 valid, 1 invalid (diagnostics on stderr), 2 usage or I/O error."
)]
pub struct CheckArgs {
    /// Directory of source texts (matched to sources by SHA-256, whatever their names).
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}

#[derive(Debug, serde::Serialize)]
struct CheckReport {
    valid: bool,
    evidence_checked: bool,
    counts: BTreeMap<&'static str, usize>,
    problems: Vec<String>,
}

fn counts(model: &Model) -> BTreeMap<&'static str, usize> {
    BTreeMap::from([
        ("sources", model.sources.len()),
        ("actors", model.actors.len()),
        ("goals", model.goals.len()),
        ("issues", model.issues.len()),
        ("positions", model.positions.len()),
        ("channels", model.channels.len()),
        ("observations", model.observations.len()),
        ("events", model.events.len()),
        ("measures", model.measures.len()),
        ("variables", model.variables.len()),
        ("forecasts", model.forecasts.len()),
    ])
}

pub fn check(args: CheckArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = match statecraft_model::store::open(global.model.as_deref()) {
        Ok(model) => model,
        Err(statecraft_model::store::StoreError::Invalid(diagnostics)) => {
            let problems: Vec<String> = diagnostics.0.iter().map(ToString::to_string).collect();
            if global.json {
                print_json(&CheckReport {
                    valid: false,
                    evidence_checked: false,
                    counts: BTreeMap::new(),
                    problems,
                })?;
            } else {
                for p in &problems {
                    eprintln!("{p}");
                }
                eprintln!("{} problem(s); the model is invalid", problems.len());
            }
            return Ok(ExitCode::from(common::INVALID));
        }
        Err(error) => return Err(error.into()),
    };
    let mut problems = Vec::new();
    if let Some(dir) = &args.sources {
        let texts = common::read_source_texts(dir)?;
        problems = statecraft_sources::verify(&model, &texts)
            .iter()
            .map(ToString::to_string)
            .collect();
    }
    let valid = problems.is_empty();
    if global.json {
        print_json(&CheckReport {
            valid,
            evidence_checked: args.sources.is_some(),
            counts: counts(&model),
            problems,
        })?;
    } else {
        for p in &problems {
            eprintln!("{p}");
        }
        let summary: Vec<String> = counts(&model)
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        if valid {
            println!("model is valid: {}", summary.join(", "));
            match &args.sources {
                Some(dir) => println!("evidence checked against the texts in {}", dir.display()),
                None => println!(
                    "evidence texts were not checked (pass --sources DIR to verify hashes and stated numbers)"
                ),
            }
        } else {
            eprintln!("{} problem(s) with the evidence", problems.len());
        }
    }
    Ok(if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(common::INVALID)
    })
}

/// Write the whole model (optionally as of a date) as JSON or CSV.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  statecraft export --format json > model.json\n  statecraft export --format csv --as-of 2016-04 --out tables/\n  statecraft check --model model.json     # an export is itself a loadable model"
)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Keep only what was true and published by this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Directory to write into (required for CSV; JSON goes to stdout without it).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

pub fn export(args: ExportArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    match args.format {
        ExportFormat::Json => {
            let text = serde_json::to_string_pretty(&model)? + "\n";
            match &args.out {
                None => print!("{text}"),
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    common::write_files_atomically(&[(dir.join("model.json"), text.into_bytes())])?;
                }
            }
        }
        ExportFormat::Csv => {
            let Some(dir) = &args.out else {
                return Err(invalid(
                    "CSV export writes one file per table: give --out DIR",
                ));
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let value = serde_json::to_value(&model)?;
            let mut files = Vec::new();
            if let serde_json::Value::Object(map) = value {
                for (name, items) in map {
                    if let serde_json::Value::Array(items) = items {
                        files.push((dir.join(format!("{name}.csv")), csv_of(&items).into_bytes()));
                    }
                }
            }
            common::write_files_atomically(&files)?;
            if !global.json {
                eprintln!("wrote {} CSV files to {}", files.len(), dir.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One CSV table from a list of JSON objects: a column per key (in first-seen order);
/// evidence as `source ¶n` locators; other nested values as compact JSON.
fn csv_of(items: &[serde_json::Value]) -> String {
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        if let serde_json::Value::Object(map) = item {
            for key in map.keys() {
                if !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
    }
    let mut out = String::new();
    out.push_str(
        &columns
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for item in items {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let v = item.get(c).cloned().unwrap_or(serde_json::Value::Null);
                let text = match (c.as_str(), &v) {
                    (_, serde_json::Value::Null) => String::new(),
                    (_, serde_json::Value::String(s)) => s.clone(),
                    ("evidence", serde_json::Value::Array(list)) => list
                        .iter()
                        .map(|e| {
                            format!(
                                "{} ¶{}",
                                e.get("source").and_then(|s| s.as_str()).unwrap_or(""),
                                e.get("paragraph")
                                    .and_then(serde_json::Value::as_u64)
                                    .unwrap_or(0)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    (_, serde_json::Value::Number(n)) => match n.as_f64() {
                        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
                        _ => n.to_string(),
                    },
                    (_, other) => other.to_string(),
                };
                csv_cell(&text)
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Options of the table commands.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// Show the model as of this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Formats the locators of a datum: `[source ¶n, …]`, or `[assumption]`.
pub fn locators(evidence: &[statecraft_model::Evidence]) -> String {
    if evidence.is_empty() {
        return "[assumption]".to_string();
    }
    let parts: Vec<String> = evidence
        .iter()
        .map(|e| format!("{} ¶{}", e.source.0, e.paragraph))
        .collect();
    format!("[{}]", parts.join(", "))
}

fn quantity(q: &Quantity) -> String {
    q.to_string()
}

pub fn actors(args: TableArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    if global.json {
        return print_json(&model.actors);
    }
    let rows: Vec<Vec<String>> = model
        .actors
        .iter()
        .map(|a| {
            let roles: Vec<String> = a
                .memberships
                .iter()
                .map(|m| {
                    let since = m.from.map(|d| format!(" from {d}")).unwrap_or_default();
                    let until = m.to.map(|d| format!(" to {d}")).unwrap_or_default();
                    format!("{} of {}{since}{until}", m.role, m.of)
                })
                .collect();
            vec![
                a.id.0.clone(),
                a.kind.as_str().to_string(),
                a.name.clone(),
                a.aliases.join(", "),
                roles.join("; "),
                locators(&a.evidence),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &["id", "kind", "name", "aliases", "roles", "evidence"],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn channels(args: TableArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    if global.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            channels: &'a [statecraft_model::Channel],
            observations: &'a [statecraft_model::Observation],
        }
        return print_json(&Out {
            channels: &model.channels,
            observations: &model.observations,
        });
    }
    let mut rows = Vec::new();
    for channel in &model.channels {
        let mut observations: Vec<_> = model
            .observations
            .iter()
            .filter(|o| o.channel == channel.id)
            .collect();
        observations.sort_by(|a, b| a.period.chronological(&b.period));
        if observations.is_empty() {
            rows.push(vec![
                channel.id.0.clone(),
                format!("{}→{}", channel.from, channel.to),
                channel.kind.as_str().to_string(),
                String::new(),
                String::new(),
                "(no figures)".to_string(),
                locators(&channel.evidence),
            ]);
        }
        for o in observations {
            let value = match (&o.value, &o.level) {
                (Some(v), _) => format!(
                    "{}{} {}",
                    if o.approximate { "~" } else { "" },
                    quantity(v),
                    o.unit.as_deref().unwrap_or("")
                ),
                (None, Some(level)) => format!("level: {}", level.as_str()),
                (None, None) => String::new(),
            };
            rows.push(vec![
                channel.id.0.clone(),
                format!("{}→{}", channel.from, channel.to),
                channel.kind.as_str().to_string(),
                o.period.to_string(),
                o.metric.clone(),
                value,
                locators(&o.evidence),
            ]);
        }
    }
    print!(
        "{}",
        table(
            &[
                "channel",
                "from→to",
                "kind",
                "period",
                "metric",
                "value",
                "evidence"
            ],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(args: TableArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    let mut events: Vec<_> = model.events.iter().collect();
    events.sort_by(|a, b| a.date.chronological(&b.date).then_with(|| a.id.cmp(&b.id)));
    if global.json {
        return print_json(&events);
    }
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            let actors: Vec<&str> = e.actors.iter().map(|a| a.as_str()).collect();
            vec![
                e.date.to_string(),
                e.category.as_str().to_string(),
                actors.join(", "),
                e.summary.clone(),
                locators(&e.evidence),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &["date", "category", "actors", "summary", "evidence"],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn measures(args: TableArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    let in_force: Vec<_> = model
        .measures
        .iter()
        .filter(|m| {
            args.as_of.as_ref().is_none_or(|d| {
                statecraft_model::view::valid_at(
                    Some(&m.effective_from()),
                    m.in_force_to.as_ref(),
                    d,
                )
            })
        })
        .collect();
    if global.json {
        return print_json(&in_force);
    }
    let mut rows = Vec::new();
    for m in in_force {
        let restricts: Vec<&str> = m.restricts.iter().map(|r| r.description.as_str()).collect();
        let exemptions: Vec<&str> = m
            .exemptions
            .iter()
            .map(|r| r.description.as_str())
            .collect();
        rows.push(vec![
            m.id.0.clone(),
            m.adopted.to_string(),
            m.body.0.clone(),
            m.title.clone(),
            restricts.join("; "),
            exemptions.join("; "),
            locators(&m.evidence),
        ]);
    }
    print!(
        "{}",
        table(
            &[
                "id",
                "adopted",
                "body",
                "title",
                "restricts",
                "exemptions",
                "evidence"
            ],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}
