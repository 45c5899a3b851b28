//! `backtest`: what the scenario network would have said as of a past date, scored
//! against what happened, beside a uniform baseline and the authors' own forecasts.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use statecraft_model::Date;
use statecraft_scenario::backtest::{backtest, parse_outcomes};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

/// Score the scenario network as of a past date against outcomes it had not seen.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  statecraft backtest --as-of 2016-04 --outcomes outcomes.csv --samples 2000 --seed 1\n\nThe outcomes file is CSV with the header\n  question_id,question,variable,state,outcome,resolved_at,source\nwhere variable=state names a scenario variable and one of its states, and outcome is 1\n(it happened) or 0. Rows resolved on or before --as-of are listed and left unscored.\nSee docs/backtest.md for the protocol."
)]
pub struct Args {
    /// Build the model as of this date: evidence published later is left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Date,
    /// The outcomes CSV file.
    #[arg(long, value_name = "FILE")]
    pub outcomes: PathBuf,
    /// Sample the probability intervals this many times for 5–95% intervals.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Seed of the sampling.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "samples")]
    pub seed: u64,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if args.samples == Some(0) {
        return Err(invalid("--samples must be at least 1"));
    }
    let name = args.outcomes.display().to_string();
    let bytes = std::fs::read(&args.outcomes).with_context(|| format!("cannot read {name}"))?;
    let text = String::from_utf8(bytes).map_err(|_| invalid(format!("{name}: not UTF-8 text")))?;
    let outcomes = parse_outcomes(&text).map_err(|problems| {
        invalid(
            problems
                .iter()
                .map(|p| format!("{name}: {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let model = common::open_model(global)?;
    let result = backtest(
        &model,
        &args.as_of,
        &outcomes,
        args.samples.map(|n| (n, args.seed)),
    )
    .map_err(|e| invalid(format!("{name}: {e}")))?;
    if global.json {
        return print_json(&result);
    }
    let rows: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|r| {
            vec![
                r.question_id.clone(),
                format!("{}={}", r.variable, r.state),
                if r.outcome { "1".into() } else { "0".into() },
                match (r.model_p05, r.model_p95) {
                    (Some(a), Some(b)) => format!("{:.3} ({a:.3}–{b:.3})", r.model_p),
                    _ => format!("{:.3}", r.model_p),
                },
                format!("{:.3}", r.uniform_p),
                r.author_p
                    .map_or_else(|| "—".to_string(), |p| format!("{p:.3}")),
                format!("{:.4}", r.brier_model),
                format!("{:.4}", r.brier_uniform),
                r.brier_author
                    .map_or_else(|| "—".to_string(), |b| format!("{b:.4}")),
            ]
        })
        .collect();
    println!(
        "Backtest as of {} ({} rows scored)\n",
        result.as_of,
        result.rows.len()
    );
    print!(
        "{}",
        table(
            &[
                "question",
                "variable=state",
                "outcome",
                "network p",
                "uniform p",
                "authors p",
                "Brier net",
                "Brier unif",
                "Brier auth"
            ],
            &rows
        )
    );
    for (title, scores) in [
        ("All rows", &result.scores),
        ("Rows the authors forecast", &result.scores_on_author_rows),
    ] {
        if scores.is_empty() {
            continue;
        }
        println!("\n{title}:");
        let rows: Vec<Vec<String>> = scores
            .iter()
            .map(|s| {
                vec![
                    s.forecaster.clone(),
                    s.rows.to_string(),
                    format!("{:.4}", s.mean_brier),
                    format!("{:.4}", s.mean_log),
                ]
            })
            .collect();
        print!(
            "{}",
            table(
                &[
                    "forecaster",
                    "rows",
                    "mean Brier (lower is better)",
                    "mean log score (higher is better)"
                ],
                &rows
            )
        );
    }
    if !result.excluded.is_empty() {
        println!("\nNot scored (resolved by the date):");
        for e in &result.excluded {
            println!("  {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
