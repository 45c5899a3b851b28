//! `ledger`: record questions, forecasts and resolutions in a ledger file, and score them.
//!
//! Arguments are parsed into records (dates, probabilities, locators) before the ledger
//! is opened; the ledger crate checks them against what is recorded and writes each in
//! one transaction. This is the only place the ledger is told today's date: when `--at`
//! or `--opens` is left out, the command passes the current UTC date.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use serde::Serialize;
use statecraft_ledger::scorecard::{self, Filter, ScoreCard};
use statecraft_ledger::store::{self, render_probabilities};
use statecraft_ledger::{
    ForecastInput, ForecastRecord, Ledger, LedgerError, Locator, Outcome, Question, QuestionKind,
    QuestionRecord, Resolution, import,
};
use statecraft_model::{Date, Day};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

/// The forecast ledger: record, resolve and score forecasts.
#[derive(Debug, clap::Args)]
#[command(after_help = "The ledger is an SQLite file, by default \
$XDG_DATA_HOME/statecraft/ledger.sqlite3 (else ~/.local/share/statecraft/ledger.sqlite3); \
--ledger PATH picks another. Every write is one transaction, committed and synced to disk \
before the command reports it.

Examples:
  statecraft ledger import-model
  statecraft ledger ask --id oil-cap-2026 --text \"Will the oil cap be lifted in 2026?\" \\
      --resolution \"Yes if the Council lifts it by 31 December 2026.\" --resolves-by 2026-12-31
  statecraft ledger forecast oil-cap-2026 --by \"A. Analyst\" --p yes=0.2 --p no=0.8
  statecraft ledger resolve oil-cap-2026 --outcome no --source \"UN press release SC/1234\"
  statecraft ledger score --by \"A. Analyst\"
  statecraft ledger export --format csv --out ledger-tables/")]
pub struct Args {
    /// The ledger file (created if absent).
    #[arg(long, global = true, value_name = "PATH")]
    pub ledger: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Import the model's forecasts as questions and forecasts (idempotent).
    ImportModel(ImportArgs),
    /// Create a question.
    Ask(AskArgs),
    /// Record a forecast on a question.
    Forecast(ForecastArgs),
    /// Record forecasts read from stdin, one JSON object a line, each its own
    /// transaction; prints each id once it is committed.
    #[command(hide = true)]
    ForecastBatch(BatchArgs),
    /// Record a question's outcome, or annul it.
    Resolve(ResolveArgs),
    /// List the questions with their status.
    List(ListArgs),
    /// Show a question with its forecasts and resolution.
    Show(ShowArgs),
    /// Write questions, forecasts and resolutions as CSV (or JSON).
    Export(ExportArgs),
    /// Score the forecasts on resolved questions: Brier, log, RPS, time-averaged, calibration.
    Score(ScoreArgs),
    /// Check the ledger file: schema version, record counts, SQLite integrity.
    Check(CheckArgs),
}

/// Import the model's forecasts (the built-in model, or --model DIR).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each model forecast becomes a question (its id, text, options, \
resolution criterion, opened on the date the forecast was made) and one forecast by its \
author. A phrase such as \"likely\" becomes the midpoint of its ICD 203 interval, and the \
interval is kept; options the model leaves out share the remainder equally; the \
probabilities are normalised to sum to 1 and the sum they had is recorded.

Importing is idempotent: questions and forecasts already in the ledger as the model has \
them are left alone, so importing twice changes nothing. If the ledger holds a question or \
forecast under the same id that differs from the model, nothing is imported and every \
difference is listed (exit 1).

Examples:
  statecraft ledger import-model
  statecraft ledger import-model --model my-model/ --ledger team.sqlite3"
)]
pub struct ImportArgs {}

/// Create a question.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  statecraft ledger ask --id summit-2026 --text \"Will the two leaders meet in 2026?\" \\
      --resolution \"Yes if a meeting is reported by official media.\" --resolves-by 2026-12-31
  statecraft ledger ask --id trade-2026 --kind ordered --options low,mid,high \\
      --text \"Trade turnover in 2026?\" --resolution \"low < 50, mid 50-100, high > 100 (USD million)\" \\
      --opens 2026-01-01 --resolves-by 2027-06-30")]
pub struct AskArgs {
    /// Question id: lowercase letters, digits, '-', '_' or '.'.
    #[arg(long)]
    pub id: String,
    /// The question.
    #[arg(long)]
    pub text: String,
    /// Options, comma-separated, in order (for ordered bins, lowest first). Default: yes,no.
    #[arg(long, value_delimiter = ',')]
    pub options: Vec<String>,
    /// binary (two options), multiple (unordered) or ordered (bins). Default: binary for two
    /// options, multiple otherwise.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The resolution criterion: what counts as each outcome.
    #[arg(long)]
    pub resolution: String,
    /// The date the question opens (default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub opens: Option<Date>,
    /// The date by which it resolves.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub resolves_by: Date,
    /// A paragraph the question rests on, as SOURCE:PARAGRAPH[:HASH] (repeatable).
    #[arg(long, value_name = "LOCATOR", value_parser = parse_locator)]
    pub evidence: Vec<Locator>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Binary,
    Multiple,
    Ordered,
}

/// Record a forecast.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Give a probability per option as OPTION=P. They must sum to 1 \
(within 1e-9); options left out share what remains equally.

Examples:
  statecraft ledger forecast summit-2026 --by \"A. Analyst\" --p yes=0.7 --p no=0.3
  statecraft ledger forecast summit-2026 --by \"A. Analyst\" --p yes=0.8 --at 2026-03-01 \\
      --rationale \"talks resumed\" --evidence lukin-38north-2019:17"
)]
pub struct ForecastArgs {
    /// The question id.
    pub question: String,
    /// Who makes the forecast.
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// OPTION=P, once per option (repeatable).
    #[arg(long = "p", value_name = "OPTION=P", value_parser = parse_probability, required = true)]
    pub probabilities: Vec<(String, f64)>,
    /// The date the forecast was made (default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<Date>,
    /// Why: the reasoning behind the numbers.
    #[arg(long)]
    pub rationale: Option<String>,
    /// A paragraph the forecast rests on, as SOURCE:PARAGRAPH[:HASH] (repeatable).
    #[arg(long, value_name = "LOCATOR", value_parser = parse_locator)]
    pub evidence: Vec<Locator>,
}

/// Forecasts from stdin.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each line: {\"question\": \"q1\", \"by\": \"A. Analyst\", \
\"p\": {\"yes\": 0.7, \"no\": 0.3}, \"at\": \"2026-01-01\", \"rationale\": \"…\"} (at and \
rationale optional). Each forecast is its own transaction; its id is printed and flushed \
once committed. The first bad line stops the run (exit 1); the forecasts acknowledged \
before it stay recorded."
)]
pub struct BatchArgs {}

/// Record a resolution.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A resolution is final: a question cannot be resolved twice, and \
takes no forecasts once resolved. Annulled questions (a failed condition, an outcome that \
cannot be judged) are not scored.

Examples:
  statecraft ledger resolve summit-2026 --outcome yes --source \"KCNA, 2026-04-25\"
  statecraft ledger resolve lukin16-obstruct-if-cold-war --outcome annulled \\
      --source \"condition not met\" --note \"relations stayed short of a cold war\""
)]
pub struct ResolveArgs {
    /// The question id.
    pub question: String,
    /// The option that occurred, or "annulled".
    #[arg(long, value_name = "OPTION|annulled")]
    pub outcome: String,
    /// Where the outcome is established (a reference or URL).
    #[arg(long)]
    pub source: String,
    /// The date of resolution (default: today, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<Date>,
    /// A note on the resolution.
    #[arg(long)]
    pub note: Option<String>,
}

/// List the questions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  statecraft ledger list\n  statecraft ledger list --json")]
pub struct ListArgs {}

/// Show one question.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  statecraft ledger show lukin16-dprk-nuclear-missile")]
pub struct ShowArgs {
    /// The question id.
    pub question: String,
}

/// Export the ledger.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "With --out DIR, writes questions.csv, forecasts.csv (one row per \
forecast and option) and resolutions.csv atomically. Without it, prints the tables on \
stdout: one table with --table, or all three, each after a line `# NAME.csv` and separated \
by a blank line.

Examples:
  statecraft ledger export --format csv --out tables/
  statecraft ledger export --format csv --table forecasts > forecasts.csv
  statecraft ledger export --format json > ledger.json"
)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Directory to write the CSV files into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which table to print on stdout.
    #[arg(long, value_enum, default_value = "all")]
    pub table: TableChoice,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableChoice {
    All,
    Questions,
    Forecasts,
    Resolutions,
}

/// Score the forecasts.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Scores, for each forecaster and resolved question (annulled ones \
are not scored), the forecast standing at resolution:
  Brier  Σ over options (p − o)², 0 (best) to 2; binary Brier (p − o)², 0 to 1, for
         binary questions (the first option's probability)
  log    ln p(outcome), p clamped at 1e-15: 0 is best, higher is better
  RPS    ranked probability score for ordered questions, 0 (best) to 1
and, over all of the forecaster's forecasts on the question, the time-averaged Brier and \
log scores: a forecast stands until updated, and every day from the forecaster's first \
forecast through the resolution date counts once (days before the first forecast are left \
out). The calibration table groups binary events (a binary question's first option; every \
option of other questions) by forecast probability and decomposes their Brier score as \
REL − RES + UNC (+ WBV − WBC, the within-bin terms, which vanish with --bins 0).

Examples:
  statecraft ledger score
  statecraft ledger score --by \"Artyom Lukin\" --since 2019-01-01
  statecraft ledger score --bins 0 --json"
)]
pub struct ScoreArgs {
    /// Only this forecaster.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Only questions resolved on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<Date>,
    /// Calibration bins of equal width; 0 gives one bin per distinct probability.
    #[arg(long, default_value_t = 10)]
    pub bins: usize,
}

/// Check the ledger file.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 when SQLite's integrity check says ok, 1 otherwise.")]
pub struct CheckArgs {}

fn parse_probability(text: &str) -> Result<(String, f64), String> {
    let (option, p) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: write OPTION=P, e.g. yes=0.7"))?;
    let p: f64 = p
        .trim()
        .parse()
        .map_err(|_| format!("{text:?}: {p:?} is not a number"))?;
    // The range is checked with the rest of the forecast, as bad input (exit 1).
    Ok((option.trim().to_string(), p))
}

fn parse_locator(text: &str) -> Result<Locator, String> {
    let mut parts = text.split(':');
    let source = parts.next().unwrap_or_default().trim();
    let paragraph = parts.next().map(str::trim);
    let hash = parts.next().map(|h| h.trim().to_string());
    let usage = || format!("{text:?}: write SOURCE:PARAGRAPH or SOURCE:PARAGRAPH:HASH");
    if source.is_empty() || parts.next().is_some() {
        return Err(usage());
    }
    let paragraph: u32 = paragraph
        .and_then(|p| p.parse().ok())
        .filter(|p| *p > 0)
        .ok_or_else(usage)?;
    Ok(Locator {
        source: source.to_string(),
        paragraph,
        hash: hash.filter(|h| !h.is_empty()),
    })
}

/// Today's date (UTC): the one place the ledger's dates come from the clock.
fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::day(Day::from_ordinal(
        i64::try_from(seconds / 86_400).unwrap_or(0),
    ))
}

/// Maps a ledger error to the CLI's exit codes: bad input is 1, file trouble 2.
fn ledger_error(error: LedgerError) -> anyhow::Error {
    if error.is_invalid_input() {
        invalid(error.to_string())
    } else {
        anyhow::Error::new(error)
    }
}

fn ledger_path(args: &Args) -> anyhow::Result<PathBuf> {
    match &args.ledger {
        Some(path) => Ok(path.clone()),
        None => store::default_path().map_err(ledger_error),
    }
}

fn open(path: &Path) -> anyhow::Result<Ledger> {
    Ledger::open(path).map_err(ledger_error)
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let path = ledger_path(&args)?;
    match args.command {
        LedgerCommand::ImportModel(_) => import_model(&path, global),
        LedgerCommand::Ask(a) => ask(a, &path, global),
        LedgerCommand::Forecast(a) => forecast(a, &path, global),
        LedgerCommand::ForecastBatch(_) => forecast_batch(&path),
        LedgerCommand::Resolve(a) => resolve(a, &path, global),
        LedgerCommand::List(_) => list(&path, global),
        LedgerCommand::Show(a) => show(a, &path, global),
        LedgerCommand::Export(a) => export(a, &path, global),
        LedgerCommand::Score(a) => score(a, &path, global),
        LedgerCommand::Check(_) => check(&path, global),
    }
}

fn import_model(path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::open_model(global)?;
    let items = import::from_model(&model).map_err(ledger_error)?;
    let mut ledger = open(path)?;
    let report = ledger.import(&items).map_err(ledger_error)?;
    if global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            ledger: &'a Path,
            model_forecasts: usize,
            #[serde(flatten)]
            report: &'a store::ImportReport,
        }
        return print_json(&Out {
            ledger: path,
            model_forecasts: items.len(),
            report: &report,
        });
    }
    if report.questions_added == 0 && report.forecasts_added == 0 {
        println!(
            "nothing to import: all {} model forecasts are already in {} (importing is idempotent)",
            items.len(),
            path.display()
        );
    } else {
        println!(
            "imported {} question(s) and {} forecast(s) from the model into {} ({} question(s) and {} forecast(s) were already there)",
            report.questions_added,
            report.forecasts_added,
            path.display(),
            report.questions_unchanged,
            report.forecasts_unchanged
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn ask(args: AskArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let options = if args.options.is_empty() {
        vec!["yes".to_string(), "no".to_string()]
    } else {
        args.options.iter().map(|o| o.trim().to_string()).collect()
    };
    let kind = match args.kind {
        Some(KindArg::Binary) => QuestionKind::Binary,
        Some(KindArg::Multiple) => QuestionKind::Multiple,
        Some(KindArg::Ordered) => QuestionKind::Ordered,
        None if options.len() == 2 => QuestionKind::Binary,
        None => QuestionKind::Multiple,
    };
    let question = Question {
        id: args.id,
        text: args.text,
        kind,
        options,
        resolution_criterion: args.resolution,
        opens: args.opens.unwrap_or_else(today),
        resolves_by: args.resolves_by,
        evidence: args.evidence,
    };
    // Check the question before touching the file, so bad input creates no ledger.
    question.check().map_err(ledger_error)?;
    let mut ledger = open(path)?;
    ledger.ask(&question).map_err(ledger_error)?;
    if global.json {
        return print_json(&question);
    }
    println!(
        "recorded question {} ({}: {}), opens {}, resolves by {}",
        question.id,
        question.kind.as_str(),
        question.options.join(", "),
        question.opens,
        question.resolves_by
    );
    Ok(ExitCode::SUCCESS)
}

fn forecast(args: ForecastArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let input = ForecastInput {
        question: args.question,
        forecaster: args.by,
        made_at: args.at.unwrap_or_else(today),
        given: args.probabilities,
        rationale: args.rationale,
        evidence: args.evidence,
    };
    let mut ledger = open(path)?;
    let id = ledger.forecast(input).map_err(ledger_error)?;
    let record = ledger.record_forecast(id).map_err(ledger_error)?;
    if global.json {
        return print_json(&record);
    }
    println!(
        "recorded forecast #{} on {} by {} on {}: {}",
        record.id,
        record.forecast.question,
        record.forecast.forecaster,
        record.forecast.made_at,
        render_probabilities(&record.forecast)
    );
    Ok(ExitCode::SUCCESS)
}

/// One line of `forecast-batch` input.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine {
    question: String,
    by: String,
    p: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    rationale: Option<String>,
}

fn forecast_batch(path: &Path) -> anyhow::Result<ExitCode> {
    let mut ledger = open(path)?;
    let today = today();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for (index, line) in stdin.lock().lines().enumerate() {
        let number = index + 1;
        let line = line.with_context(|| format!("cannot read stdin line {number}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: BatchLine = serde_json::from_str(&line)
            .map_err(|e| invalid(format!("stdin line {number}: {e}")))?;
        let made_at = match &parsed.at {
            Some(text) => {
                parse_date(text).map_err(|e| invalid(format!("stdin line {number}: at: {e}")))?
            }
            None => today,
        };
        let mut given = Vec::with_capacity(parsed.p.len());
        for (option, value) in &parsed.p {
            let p = value.as_f64().ok_or_else(|| {
                invalid(format!(
                    "stdin line {number}: p.{option}: {value} is not a number"
                ))
            })?;
            given.push((option.clone(), p));
        }
        let id = ledger
            .forecast(ForecastInput {
                question: parsed.question,
                forecaster: parsed.by,
                made_at,
                given,
                rationale: parsed.rationale,
                evidence: Vec::new(),
            })
            .map_err(|e| match ledger_error(e) {
                error if error.is::<common::Invalid>() => {
                    invalid(format!("stdin line {number}: {error}"))
                }
                error => error,
            })?;
        // The id is printed only after the commit returned: an acknowledged write.
        writeln!(stdout, "{id}")?;
        stdout.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn resolve(args: ResolveArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let outcome = if args.outcome == statecraft_ledger::record::ANNULLED {
        Outcome::Annulled
    } else {
        Outcome::Option(args.outcome)
    };
    let resolution = Resolution {
        question: args.question,
        outcome,
        resolved_at: args.at.unwrap_or_else(today),
        source: args.source,
        note: args.note.filter(|n| !n.trim().is_empty()),
    };
    let mut ledger = open(path)?;
    ledger.resolve(&resolution).map_err(ledger_error)?;
    if global.json {
        return print_json(&resolution);
    }
    println!(
        "resolved {}: {} on {} (source: {})",
        resolution.question,
        resolution.outcome.as_str(),
        resolution.resolved_at,
        resolution.source
    );
    Ok(ExitCode::SUCCESS)
}

fn status(record: &QuestionRecord) -> String {
    match &record.resolution {
        None => "open".to_string(),
        Some(r) => match &r.outcome {
            Outcome::Annulled => format!("annulled {}", r.resolved_at),
            Outcome::Option(o) => format!("{o} ({})", r.resolved_at),
        },
    }
}

fn list(path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let ledger = open(path)?;
    let records = ledger.records().map_err(ledger_error)?;
    if global.json {
        #[derive(Serialize)]
        struct Row<'a> {
            id: &'a str,
            kind: QuestionKind,
            text: &'a str,
            options: &'a [String],
            opens: Date,
            resolves_by: Date,
            forecasts: usize,
            resolution: Option<&'a Resolution>,
        }
        let rows: Vec<Row<'_>> = records
            .iter()
            .map(|r| Row {
                id: &r.question.id,
                kind: r.question.kind,
                text: &r.question.text,
                options: &r.question.options,
                opens: r.question.opens,
                resolves_by: r.question.resolves_by,
                forecasts: r.forecasts.len(),
                resolution: r.resolution.as_ref(),
            })
            .collect();
        return print_json(&rows);
    }
    if records.is_empty() {
        println!(
            "no questions in {} (add one with `statecraft ledger ask`, or `statecraft ledger import-model`)",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                r.question.id.clone(),
                r.question.kind.as_str().to_string(),
                r.question.opens.to_string(),
                r.question.resolves_by.to_string(),
                r.forecasts.len().to_string(),
                status(r),
                r.question.text.clone(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "id",
                "kind",
                "opens",
                "resolves by",
                "forecasts",
                "status",
                "question"
            ],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn locators(evidence: &[Locator]) -> String {
    if evidence.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = evidence.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// How the forecaster stated the probabilities, when that was more than plain numbers.
fn stated(record: &ForecastRecord) -> String {
    let f = &record.forecast;
    let mut parts: Vec<String> = f
        .probabilities
        .iter()
        .filter(|p| p.stated.parse::<f64>().is_err())
        .map(|p| {
            if p.low == p.high {
                format!("{}: {}", p.option, p.stated)
            } else {
                format!("{}: {} ({}–{})", p.option, p.stated, p.low, p.high)
            }
        })
        .collect();
    if f.stated_sum != 1.0 {
        parts.push(format!("normalised from a sum of {}", f.stated_sum));
    }
    parts.join("; ")
}

fn show(args: ShowArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let ledger = open(path)?;
    let record = ledger.record(&args.question).map_err(ledger_error)?;
    if global.json {
        return print_json(&record);
    }
    let q = &record.question;
    println!("{} ({}): {}", q.id, q.kind.as_str(), q.text);
    println!("options: {}", q.options.join(", "));
    println!("resolution criterion: {}", q.resolution_criterion);
    println!("opens {}, resolves by {}", q.opens, q.resolves_by);
    if !q.evidence.is_empty() {
        println!("evidence: {}", locators(&q.evidence));
    }
    match &record.resolution {
        None => println!("status: open"),
        Some(r) => {
            let note = r
                .note
                .as_ref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default();
            match &r.outcome {
                Outcome::Annulled => println!(
                    "status: annulled on {} (source: {}{note})",
                    r.resolved_at, r.source
                ),
                Outcome::Option(o) => println!(
                    "status: resolved {o} on {} (source: {}{note})",
                    r.resolved_at, r.source
                ),
            }
        }
    }
    println!();
    if record.forecasts.is_empty() {
        println!("no forecasts yet");
        return Ok(ExitCode::SUCCESS);
    }
    let mut headers: Vec<&str> = vec!["#", "made at", "by"];
    headers.extend(q.options.iter().map(String::as_str));
    headers.extend(["as stated", "rationale", "evidence"]);
    let rows: Vec<Vec<String>> = record
        .forecasts
        .iter()
        .map(|f| {
            let mut row = vec![
                f.id.to_string(),
                f.forecast.made_at.to_string(),
                f.forecast.forecaster.clone(),
            ];
            row.extend(
                f.forecast
                    .probabilities
                    .iter()
                    .map(|p| format!("{:.3}", p.probability)),
            );
            row.push(stated(f));
            row.push(f.forecast.rationale.clone().unwrap_or_default());
            row.push(locators(&f.forecast.evidence));
            row
        })
        .collect();
    print!("{}", table(&headers, &rows));
    Ok(ExitCode::SUCCESS)
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = headers.join(",");
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn csv_tables(records: &[QuestionRecord]) -> Vec<(&'static str, String)> {
    let questions: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let q = &r.question;
            vec![
                q.id.clone(),
                q.text.clone(),
                q.kind.as_str().to_string(),
                q.options.join("; "),
                q.resolution_criterion.clone(),
                q.opens.to_string(),
                q.resolves_by.to_string(),
                q.evidence
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    let mut forecasts = Vec::new();
    for r in records {
        for f in &r.forecasts {
            for p in &f.forecast.probabilities {
                forecasts.push(vec![
                    f.id.to_string(),
                    f.forecast.question.clone(),
                    f.forecast.forecaster.clone(),
                    f.forecast.made_at.to_string(),
                    p.option.clone(),
                    p.probability.to_string(),
                    p.low.to_string(),
                    p.high.to_string(),
                    p.stated.clone(),
                    f.forecast.stated_sum.to_string(),
                    f.forecast.rationale.clone().unwrap_or_default(),
                    f.forecast
                        .evidence
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                    f.forecast.origin.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    let resolutions: Vec<Vec<String>> = records
        .iter()
        .filter_map(|r| r.resolution.as_ref())
        .map(|r| {
            vec![
                r.question.clone(),
                r.outcome.as_str().to_string(),
                r.resolved_at.to_string(),
                r.source.clone(),
                r.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    vec![
        (
            "questions",
            csv(
                &[
                    "id",
                    "text",
                    "kind",
                    "options",
                    "resolution_criterion",
                    "opens",
                    "resolves_by",
                    "evidence",
                ],
                &questions,
            ),
        ),
        (
            "forecasts",
            csv(
                &[
                    "forecast_id",
                    "question",
                    "forecaster",
                    "made_at",
                    "option",
                    "probability",
                    "low",
                    "high",
                    "stated",
                    "stated_sum",
                    "rationale",
                    "evidence",
                    "origin",
                ],
                &forecasts,
            ),
        ),
        (
            "resolutions",
            csv(
                &["question", "outcome", "resolved_at", "source", "note"],
                &resolutions,
            ),
        ),
    ]
}

fn export(args: ExportArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let ledger = open(path)?;
    let records = ledger.records().map_err(ledger_error)?;
    if global.json || matches!(args.format, ExportFormat::Json) {
        let text = serde_json::to_string_pretty(&records)? + "\n";
        match &args.out {
            None => print!("{text}"),
            Some(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                common::write_files_atomically(&[(dir.join("ledger.json"), text.into_bytes())])?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let tables = csv_tables(&records);
    let chosen = |name: &str| match args.table {
        TableChoice::All => true,
        TableChoice::Questions => name == "questions",
        TableChoice::Forecasts => name == "forecasts",
        TableChoice::Resolutions => name == "resolutions",
    };
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let files: Vec<(PathBuf, Vec<u8>)> = tables
                .into_iter()
                .filter(|(name, _)| chosen(name))
                .map(|(name, text)| (dir.join(format!("{name}.csv")), text.into_bytes()))
                .collect();
            common::write_files_atomically(&files)?;
            eprintln!("wrote {} CSV file(s) to {}", files.len(), dir.display());
        }
        None if args.table == TableChoice::All => {
            let sections: Vec<String> = tables
                .iter()
                .map(|(name, text)| format!("# {name}.csv\n{text}"))
                .collect();
            print!("{}", sections.join("\n"));
        }
        None => {
            for (name, text) in &tables {
                if chosen(name) {
                    print!("{text}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn score(args: ScoreArgs, path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let ledger = open(path)?;
    let records = ledger.records().map_err(ledger_error)?;
    if let Some(name) = &args.by {
        let known = records
            .iter()
            .any(|r| r.forecasts.iter().any(|f| f.forecast.forecaster == *name));
        if !known {
            return Err(invalid(format!(
                "--by: no forecasts by {name:?} in {}",
                path.display()
            )));
        }
    }
    let card = scorecard::score_card(
        &records,
        &Filter {
            forecaster: args.by.clone(),
            since: args.since,
            bins: args.bins,
        },
    );
    if global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            ledger: &'a Path,
            by: Option<&'a str>,
            since: Option<Date>,
            bins: usize,
            #[serde(flatten)]
            card: &'a ScoreCard,
        }
        return print_json(&Out {
            ledger: path,
            by: args.by.as_deref(),
            since: args.since,
            bins: args.bins,
            card: &card,
        });
    }
    print!("{}", render_score_card(&card, args.bins));
    Ok(ExitCode::SUCCESS)
}

fn render_score_card(card: &ScoreCard, bins: usize) -> String {
    let mut out = String::new();
    let scored: std::collections::BTreeSet<&str> =
        card.questions.iter().map(|q| q.question.as_str()).collect();
    out.push_str(&format!(
        "{} resolved question(s) scored; {} annulled (not scored); {} unresolved\n",
        scored.len(),
        card.annulled.len(),
        card.unresolved
    ));
    if card.questions.is_empty() {
        out.push_str("nothing to score: resolve questions with `statecraft ledger resolve`\n");
        return out;
    }
    out.push_str(
        "Brier: Σ(p − o)², 0 best, 2 worst. Binary Brier: (p − o)², 0–1. Log: ln p(outcome), 0 best, higher is better. RPS: ordered questions, 0–1. Time-averaged: each day from the first forecast to resolution.\n\n",
    );
    let f3 = |x: f64| format!("{x:.3}");
    let with_count = |x: Option<f64>, n: usize| match x {
        Some(x) => format!("{x:.3} ({n})"),
        None => "–".to_string(),
    };
    let mut rows: Vec<Vec<String>> = card
        .forecasters
        .iter()
        .chain(card.overall.iter())
        .map(|f| {
            vec![
                f.forecaster.clone(),
                f.questions.to_string(),
                f3(f.brier),
                with_count(f.binary_brier, f.binary_questions),
                f3(f.log),
                with_count(f.ranked_probability, f.ordered_questions),
                f3(f.time_averaged_brier),
                f3(f.time_averaged_log),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "forecaster",
            "questions",
            "Brier",
            "binary Brier (n)",
            "log",
            "RPS (n)",
            "time-avg Brier",
            "time-avg log",
        ],
        &rows,
    ));
    out.push('\n');
    rows = card
        .questions
        .iter()
        .map(|q| {
            vec![
                q.question.clone(),
                q.forecaster.clone(),
                q.outcome.clone(),
                f3(q.probability_of_outcome),
                f3(q.brier),
                q.binary_brier.map(f3).unwrap_or_else(|| "–".into()),
                f3(q.log),
                q.ranked_probability.map(f3).unwrap_or_else(|| "–".into()),
                f3(q.time_averaged_brier.score),
                q.time_averaged_brier.days.to_string(),
                format!("#{} {}", q.final_forecast, q.final_made_at),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "question",
            "forecaster",
            "outcome",
            "p(outcome)",
            "Brier",
            "binary",
            "log",
            "RPS",
            "time-avg Brier",
            "days",
            "final forecast",
        ],
        &rows,
    ));
    if let Some(c) = &card.calibration {
        out.push('\n');
        let binning = if bins == 0 {
            "one bin per distinct probability".to_string()
        } else {
            format!("{bins} equal bins")
        };
        out.push_str(&format!(
            "Calibration: {} binary event(s), {binning}, base rate {:.3}\n",
            c.count, c.base_rate
        ));
        let rows: Vec<Vec<String>> = c
            .bins
            .iter()
            .map(|b| {
                let range = if b.low == b.high {
                    format!("{:.3}", b.low)
                } else {
                    format!("{:.2}–{:.2}", b.low, b.high)
                };
                vec![
                    range,
                    b.count.to_string(),
                    b.mean_probability.map(f3).unwrap_or_else(|| "–".into()),
                    b.observed_frequency.map(f3).unwrap_or_else(|| "–".into()),
                ]
            })
            .collect();
        out.push_str(&table(
            &["forecast", "events", "mean forecast", "observed"],
            &rows,
        ));
        out.push_str(&format!(
            "Brier {:.6} = REL {:.6} − RES {:.6} + UNC {:.6} + WBV {:.6} − WBC {:.6} = {:.6} (difference {:.1e})\n",
            c.brier,
            c.reliability,
            c.resolution,
            c.uncertainty,
            c.within_bin_variance,
            c.within_bin_covariance,
            c.decomposed(),
            c.brier - c.decomposed()
        ));
    }
    out
}

fn check(path: &Path, global: &Global) -> anyhow::Result<ExitCode> {
    let ledger = open(path)?;
    let integrity = ledger.integrity_check().map_err(ledger_error)?;
    let counts = ledger.counts().map_err(ledger_error)?;
    let version = ledger.schema_version().map_err(ledger_error)?;
    let ok = integrity == "ok";
    if global.json {
        #[derive(Serialize)]
        struct Out<'a> {
            ledger: &'a Path,
            schema_version: u32,
            integrity: &'a str,
            #[serde(flatten)]
            counts: store::Counts,
        }
        print_json(&Out {
            ledger: path,
            schema_version: version,
            integrity: &integrity,
            counts,
        })?;
    } else {
        println!(
            "{}: schema v{version}; {} question(s), {} forecast(s), {} resolution(s); integrity: {integrity}",
            path.display(),
            counts.questions,
            counts.forecasts,
            counts.resolutions
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(common::INVALID)
    })
}
