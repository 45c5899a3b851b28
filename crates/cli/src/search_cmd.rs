//! `search QUERY`: ranked full-text search over source paragraphs and the model's data.

use std::path::PathBuf;
use std::process::ExitCode;

use statecraft_sources::search::{ModelIndex, parse_query};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

/// Search source paragraphs (with --sources) and the model's own data.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Ranks with BM25 (k1 = 1.2, b = 0.75); a document is one source paragraph or one datum.
Words are case-folded and stemmed (\"sanctioned\" finds \"sanctions\"); \"double quotes\" make a
phrase; a name the model knows as an actor also finds the actor's id, name and aliases
(\"Moscow\" finds data on RUS). Matches are shown «like this».

Examples:
  statecraft search \"oil embargo\"
  statecraft search Moscow workers --sources ../shared/seeds --limit 5
  statecraft search \"guest workers\" --as-of 2017-01 --sources ../shared/seeds --json"
)]
pub struct Args {
    /// Words and \"quoted phrases\" to look for.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only sources published by this date and data visible at it.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// At most this many hits.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Directory of source texts, to search their paragraphs (matched by SHA-256).
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}

#[derive(Debug, serde::Serialize)]
struct Report<'a> {
    query: String,
    as_of: Option<String>,
    /// Each unit of the query and what it matches (an actor's names included).
    units: &'a [statecraft_sources::search::Unit],
    documents: usize,
    sources_searched: &'a [String],
    hits: Vec<statecraft_sources::search::SearchHit>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => Some(parse_date(text).map_err(|e| invalid(format!("--as-of: {e}")))?),
        None => None,
    };
    if args.limit == 0 {
        return Err(invalid("--limit must be at least 1"));
    }
    let query = args.query.join(" ");
    let model = common::model_as_of(global, as_of.as_ref())?;
    let texts = match &args.sources {
        Some(dir) => Some(common::read_source_texts(dir)?),
        None => None,
    };
    let units = parse_query(&query, Some(&model));
    if units.is_empty() {
        return Err(invalid(format!(
            "the query {query:?} has no word to search for"
        )));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let index = ModelIndex::build(&model, texts.as_ref(), threads);
    let hits = index.search(&units, args.limit);
    let report = Report {
        query: query.clone(),
        as_of: as_of.map(|d| d.to_string()),
        units: &units,
        documents: index.index.len(),
        sources_searched: &index.sources_indexed,
        hits,
    };
    if global.json {
        return print_json(&report);
    }
    let expanded: Vec<String> = units
        .iter()
        .filter(|u| u.alternatives.len() > 1)
        .map(|u| {
            format!(
                "{:?} also matches {} other name(s)",
                u.written,
                u.alternatives.len() - 1
            )
        })
        .collect();
    println!(
        "{} hit(s) for {query:?} among {} documents{}{}",
        report.hits.len(),
        report.documents,
        match &report.as_of {
            Some(d) => format!(" (as of {d})"),
            None => String::new(),
        },
        if report.sources_searched.is_empty() {
            " (no source texts searched: pass --sources DIR)".to_string()
        } else {
            format!(
                " (texts of {} searched)",
                report.sources_searched.join(", ")
            )
        }
    );
    for line in expanded {
        println!("  {line}");
    }
    if report.hits.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    println!();
    let rows: Vec<Vec<String>> = report
        .hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            vec![
                (i + 1).to_string(),
                h.locator.clone(),
                format!("{:.2}", h.score),
                h.snippet.highlighted.clone(),
            ]
        })
        .collect();
    print!("{}", table(&["#", "where", "score", "snippet"], &rows));
    Ok(ExitCode::SUCCESS)
}
