//! `statecraft bargain`: forecast how a body or a set of powers settles an
//! issue, from a scenario file.
//!
//! Two layers: the arguments become a validated [`Plan`] (model, rounds,
//! sampling, procedure, status quo) before any file is read; then
//! [`report`] runs the plan on already-built scenarios and prints the result.
//! The file mode reads scenarios from a file; the model-issue mode builds a
//! [`Scenario`] from the model with `statecraft_bargain_model` and calls [`report`]
//! the same way (its JSON is that crate's `IssueForecast`, as the server answers).
//!
//! This module only parses, reads the file and prints; every number comes
//! from the bargaining engine.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use statecraft_bargain::eum::EumOptions;
use statecraft_bargain::forecast::{Detail, Forecast, MAX_ROUNDS, ModelSpec, Statistic, forecast};
use statecraft_bargain::read::{self, Format};
use statecraft_bargain::smp::{SmpParameters, StoppingRule};
use statecraft_bargain::{
    BargainError, Decision, OutcomeDistribution, Sampling, Scenario, Vote, simulate_until,
};
use statecraft_bargain_model::Overrides;

use crate::common::{self, invalid};

const EXAMPLES: &str = "\
Examples:
  # An issue of the model (the built-in one by default), as of a date
  statecraft bargain --issue full-oil-embargo --as-of 2017-09 --method smp
  statecraft bargain --issue full-oil-embargo --samples 10000 --seed 1

  # Weighted-mean forecast of an Actor,Capability,Position,Salience table
  statecraft bargain emissions.csv

  # Scholz et al. (2011) expected-utility model, 8 rounds, path by round
  statecraft bargain emissions.csv --method eum --rounds 8

  # KTAB's spatial model on a KTAB CSV or XML scenario, as JSON
  statecraft bargain dummyData_3Dim.csv --method smp --json

  # Security Council: 9 of 15 and no veto from the permanent members
  statecraft bargain unsc.csv --status-quo 20 \\
      --procedure qualified:9+veto:CHN,FRA,GBR,RUS,USA

  # Uncertainty: cells written low..high are sampled 10,000 times
  statecraft bargain unsc.csv --samples 10000 --seed 42 --status-quo 20 --procedure majority

Input formats (detected from the extension and content; override with --format):
  KTAB SMP CSV   row 1 name,desc,nActors,nDims; row 2 Actor,Description,Power,Pstn1,Sal1,...
  KTAB SMP XML   smpSchema.xsd (its ModelParameters are used by --method smp)
  actor table    Actor,Capability,Position,Salience (CSV or TSV; optional Veto column;
                 saliences on 0-1 or 0-100; a cell may be a range low..high)
  exchange text  #A/#P/#M/#D lines; every issue is forecast separately

Exit status: 0 forecast printed; 1 invalid input (the message names the file, row and
column) or no forecast (the model did not converge within --rounds); 2 usage or I/O error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// Capability x salience weighted mean (or median with --statistic median).
    Compromise,
    /// Expected-utility model (Bueno de Mesquita; Scholz, Calbert & Smith 2011).
    Eum,
    /// KTAB Spatial Model of Politics, run to convergence.
    Smp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatisticArg {
    Mean,
    Median,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    KtabCsv,
    KtabXml,
    Table,
    Exchange,
}

/// Forecast the outcome of an issue from a scenario file.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Scenario file (KTAB CSV/XML, actor table, or exchange-model text).
    #[arg(required_unless_present = "issue", conflicts_with = "issue")]
    pub file: Option<PathBuf>,
    /// Forecast an issue of the model (see `statecraft report` for the issue ids).
    #[arg(long, value_name = "ID")]
    pub issue: Option<String>,
    /// With --issue: use the positions valid at, and published by, this date.
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date, requires = "issue")]
    pub as_of: Option<statecraft_model::Date>,
    /// Bargaining model. (Named --method because --model is the global
    /// option that names a model directory.)
    #[arg(long, value_enum, default_value = "compromise")]
    pub method: ModelArg,
    /// Round limit: rounds to run (eum, default 8) or the most rounds before
    /// the spatial model counts as not converged (smp, default 100).
    #[arg(long, value_name = "N")]
    pub rounds: Option<usize>,
    /// Seed for sampling (--samples) and for stochastic spatial-model runs.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Sample every range this many times and print the outcome distribution.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Decision rule against the status quo: majority, qualified:K, veto:A,B,...
    /// or a qualified majority with veto players, qualified:K+veto:A,B,...
    #[arg(long, value_name = "RULE")]
    pub procedure: Option<String>,
    /// Status quo, one value per dimension (comma-separated), on the file's scale.
    #[arg(long, value_name = "X[,Y...]", allow_hyphen_values = true)]
    pub status_quo: Option<String>,
    /// Which compromise statistic is the forecast.
    #[arg(long, value_enum, default_value = "mean")]
    pub statistic: StatisticArg,
    /// File format, when detection from the extension and content is not enough.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// Validated arguments: everything needed to run, before any input is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub spec: ModelSpec,
    /// Whether the spatial model should take parameters from the file (XML).
    pub parameters_from_file: bool,
    pub seed: Option<u64>,
    pub sampling: Option<Sampling>,
    /// `--procedure` (checked) and `--status-quo`, applied by the adapter.
    pub overrides: Overrides,
}

/// The seed used for sampling when none is given; printed with every result.
pub const DEFAULT_SEED: u64 = statecraft_bargain_model::DEFAULT_SEED;

fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::anyhow!("{}", message.into())
}

/// An adapter error about a setting, as the command line names it (`--status-quo`).
fn flag_error(error: statecraft_bargain_model::Error) -> anyhow::Error {
    match error {
        statecraft_bargain_model::Error::Setting { field, message } => {
            usage(format!("--{}: {message}", field.replace('_', "-")))
        }
        other => usage(other.to_string()),
    }
}

/// Turns arguments into a plan, rejecting contradictions before any work.
pub fn plan(args: &Args) -> anyhow::Result<Plan> {
    let spec = match args.method {
        ModelArg::Compromise => {
            if args.rounds.is_some() {
                return Err(usage(
                    "--rounds applies to --method eum and --method smp; the compromise model has no rounds",
                ));
            }
            ModelSpec::Compromise {
                statistic: match args.statistic {
                    StatisticArg::Mean => Statistic::Mean,
                    StatisticArg::Median => Statistic::Median,
                },
            }
        }
        ModelArg::Eum => {
            let mut options = EumOptions::scholz_2011();
            if let Some(rounds) = args.rounds {
                options.rounds = rounds;
            }
            ModelSpec::Eum { options }
        }
        ModelArg::Smp => {
            let mut stopping = StoppingRule::default();
            if let Some(rounds) = args.rounds {
                if rounds < stopping.min_rounds {
                    return Err(usage(format!(
                        "--rounds {rounds}: the spatial model needs at least {} rounds to test convergence",
                        stopping.min_rounds
                    )));
                }
                stopping.max_rounds = rounds;
            }
            let mut parameters = SmpParameters::default();
            if let Some(seed) = args.seed {
                parameters.seed = seed;
            }
            ModelSpec::Smp {
                parameters,
                stopping,
            }
        }
    };
    if args.rounds == Some(0) {
        return Err(usage("--rounds must be at least 1"));
    }
    if let Some(rounds) = args.rounds.filter(|&r| r > MAX_ROUNDS) {
        return Err(usage(format!(
            "--rounds {rounds} is too many: at most {MAX_ROUNDS}"
        )));
    }
    let sampling = match args.samples {
        None => None,
        Some(0) => return Err(usage("--samples must be at least 1")),
        Some(samples) => Some(Sampling {
            samples,
            seed: args.seed.unwrap_or(DEFAULT_SEED),
            bins: 10,
        }),
    };
    if let Some(text) = &args.procedure {
        statecraft_bargain_model::parse_procedure(text).map_err(flag_error)?;
    }
    let status_quo = args
        .status_quo
        .as_deref()
        .map(|text| {
            text.split(',')
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| {
                            usage(format!("--status-quo: '{}' is not a number", v.trim()))
                        })
                })
                .collect::<anyhow::Result<Vec<f64>>>()
        })
        .transpose()?;
    if args.procedure.is_some() && status_quo.is_none() {
        return Err(usage(
            "--procedure needs --status-quo: the outcome is voted against the status quo",
        ));
    }
    Ok(Plan {
        parameters_from_file: args.method == ModelArg::Smp,
        seed: args.seed,
        spec,
        sampling,
        overrides: Overrides {
            procedure: args.procedure.clone(),
            status_quo,
        },
    })
}

pub fn run(args: Args, global: &crate::Global) -> anyhow::Result<ExitCode> {
    let plan = plan(&args)?;
    let Some(file) = &args.file else {
        return run_issue(&args, &plan, global);
    };
    let source = file.display().to_string();
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {source}"))?;
    let format = match args.format {
        Some(FormatArg::KtabCsv) => Format::KtabCsv,
        Some(FormatArg::KtabXml) => Format::KtabXml,
        Some(FormatArg::Table) => Format::ActorTable,
        Some(FormatArg::Exchange) => Format::Exchange,
        None => read::guess_format(&source, &text).ok_or_else(|| {
            usage(format!(
                "{source}: cannot tell the format (KTAB CSV/XML, actor table, exchange text); use --format"
            ))
        })?,
    };
    let mut scenarios = read::read(format, &text).map_err(|e| input_error(&source, &e))?;
    for scenario in &mut scenarios {
        if scenario.name.trim().is_empty() {
            scenario.name = file
                .file_stem()
                .map_or_else(|| source.clone(), |s| s.to_string_lossy().into_owned());
        }
    }
    report(scenarios, &plan, global.json, &source)
}

/// The model mode: the issue's positions as of the date (today's model when no date is
/// given) become the scenario (`statecraft_bargain_model`, the adapter the server uses
/// too); the adapter's notes and the positions' sources are printed after the forecast,
/// and are members of the JSON.
fn run_issue(args: &Args, plan: &Plan, global: &crate::Global) -> anyhow::Result<ExitCode> {
    let issue = args.issue.as_deref().unwrap_or_default();
    let model = crate::common::model_as_of(global, args.as_of.as_ref())?;
    // Without --as-of, the latest positions: the date of the last source in the model.
    let date = match &args.as_of {
        Some(date) => *date,
        None => {
            statecraft_bargain_model::latest_date(&model).map_err(|e| invalid(e.to_string()))?
        }
    };
    let model = statecraft_model::view::as_of(&model, &date);
    let mut built = statecraft_bargain_model::issue_scenario(&model, issue, &date)
        .map_err(|e| invalid(e.to_string()))?;
    let source = format!("issue {issue} as of {date}");
    if global.json {
        let (scenario, spec) = prepare(built.scenario, plan)?;
        built.scenario = scenario;
        let samples = plan.sampling.map_or(0, |s| s.samples);
        let body = common::Progress::run("samples", samples, |stop| {
            statecraft_bargain_model::forecast_issue(&built, &date, &spec, plan.sampling, stop)
        })
        .map_err(|e| match e {
            statecraft_bargain_model::Error::Bargain(e) => input_error(&source, &e),
            other => invalid(other.to_string()),
        })?;
        println!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(ExitCode::SUCCESS);
    }
    let code = report(vec![built.scenario], plan, false, &source)?;
    println!("\nPositions rest on:");
    for line in &built.evidence {
        println!("  {line}");
    }
    for note in &built.notes {
        println!("note: {note}");
    }
    Ok(code)
}

/// Prefixes every problem with the file it came from.
fn input_error(source: &str, error: &BargainError) -> anyhow::Error {
    match error.problems() {
        Some(problems) => invalid(
            problems
                .iter()
                .map(|p| format!("{source}: {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        None => invalid(format!("{source}: {error}")),
    }
}

/// Applies the plan's status quo and procedure to a scenario.
fn prepare(mut scenario: Scenario, plan: &Plan) -> anyhow::Result<(Scenario, ModelSpec)> {
    statecraft_bargain_model::apply_overrides(&mut scenario, &plan.overrides)
        .map_err(flag_error)?;
    let mut spec = plan.spec.clone();
    if let (ModelSpec::Smp { parameters, .. }, true) = (&mut spec, plan.parameters_from_file)
        && let Some(from_file) = scenario.smp_parameters
    {
        *parameters = from_file;
        if let Some(seed) = plan.seed {
            parameters.seed = seed;
        }
    }
    Ok((scenario, spec))
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum Output {
    Forecast(Box<Forecast>),
    Distribution(OutcomeDistribution),
}

#[derive(serde::Serialize)]
struct Report<'a> {
    source: &'a str,
    scenario: String,
    #[serde(flatten)]
    output: Output,
}

/// Runs the plan on each scenario and prints the results (text or JSON).
/// This is the entry point for any mode that builds scenarios itself.
pub fn report(
    scenarios: Vec<Scenario>,
    plan: &Plan,
    json: bool,
    source: &str,
) -> anyhow::Result<ExitCode> {
    let mut reports = Vec::with_capacity(scenarios.len());
    for scenario in scenarios {
        let (scenario, spec) = prepare(scenario, plan)?;
        let output = match plan.sampling {
            Some(sampling) => common::Progress::run("samples", sampling.samples, |stop| {
                simulate_until(&scenario, &spec, sampling, stop)
            })
            .map(Output::Distribution),
            None => forecast(&scenario, &spec).map(|f| Output::Forecast(Box::new(f))),
        }
        .map_err(|e| input_error(source, &e))?;
        reports.push((scenario, output));
    }
    if json {
        let body: Vec<Report> = reports
            .into_iter()
            .map(|(scenario, output)| Report {
                source,
                scenario: scenario.name,
                output,
            })
            .collect();
        let text = if body.len() == 1 {
            serde_json::to_string_pretty(&body[0])?
        } else {
            serde_json::to_string_pretty(&body)?
        };
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for (index, (scenario, output)) in reports.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        match output {
            Output::Forecast(f) => print_forecast(&mut out, scenario, f),
            Output::Distribution(d) => print_distribution(&mut out, scenario, d),
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------
// Text output.

/// Column alignment in a table.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// An aligned plain-text table: a header, a rule, the rows. Numbers are right-aligned.
fn table(out: &mut String, headers: &[&str], align: &[Align], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut text = String::from("  ");
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            let a = align.get(i).copied().unwrap_or(Align::Left);
            if i > 0 {
                text.push_str("  ");
            }
            match a {
                Align::Left => {
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad));
                }
                Align::Right => {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(cell);
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(
        out,
        &headers.iter().map(|h| (*h).to_string()).collect::<Vec<_>>(),
    );
    line(
        out,
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    );
    for row in rows {
        line(out, row);
    }
}

fn num(x: f64) -> String {
    format!("{x:.2}")
}

fn point(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| num(*v))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn model_label(f: &Forecast) -> String {
    match &f.detail {
        Detail::Compromise { .. } => {
            "compromise (capability x salience weighted mean; median shown too)".into()
        }
        Detail::Eum { runs } => {
            let o = runs.first().map(|r| r.options).unwrap_or_default();
            format!(
                "expected utility (Scholz et al. 2011; denominator {:?}, compromise choice {:?}, Q = {})",
                o.denominator, o.compromise_choice, o.q
            )
        }
        Detail::Smp { run, .. } => {
            let p = run.parameters;
            format!(
                "KTAB spatial model ({} victory, {} PCE, {} voting, {} transitions, {})",
                p.victory_prob_model,
                p.pce_model,
                p.voting_rule,
                p.state_transitions,
                p.bargain_model
            )
        }
    }
}

fn print_forecast(out: &mut String, scenario: &Scenario, f: &Forecast) {
    use std::fmt::Write;
    let rounds = f.rounds.len().saturating_sub(1);
    let _ = writeln!(
        out,
        "{} — {} actors, {} dimension(s)",
        if scenario.name.is_empty() {
            "scenario"
        } else {
            &scenario.name
        },
        f.actors.len(),
        f.dimensions.len()
    );
    let _ = writeln!(out, "Model: {}", model_label(f));
    let status = match (&f.detail, f.settled) {
        (Detail::Compromise { .. }, _) => "one-shot formula, no rounds".to_string(),
        (Detail::Smp { .. }, _) => format!("converged after {rounds} round(s)"),
        (Detail::Eum { .. }, true) => {
            format!("settled after {rounds} round(s): no actor moved in the last")
        }
        (Detail::Eum { .. }, false) => {
            format!("ran {rounds} round(s); positions were still moving")
        }
    };
    let _ = writeln!(out, "Status: {status}\n");

    let _ = writeln!(out, "Forecast outcome");
    let mut rows = Vec::new();
    for (k, name) in f.dimensions.iter().enumerate() {
        let mut row = vec![name.clone(), num(f.outcome[k])];
        match &f.detail {
            Detail::Compromise { mean, median } => {
                row.push(num(mean[k]));
                row.push(num(median[k]));
            }
            Detail::Smp { modal_outcome, .. } => row.push(num(modal_outcome[k])),
            Detail::Eum { runs } => {
                row.push(num(runs[k].rounds.last().map_or(f64::NAN, |r| r.mean)))
            }
        }
        rows.push(row);
    }
    match &f.detail {
        Detail::Compromise { .. } => table(
            out,
            &["dimension", "outcome", "mean", "median"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        ),
        Detail::Smp { .. } => table(
            out,
            &["dimension", "expected", "most likely"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        ),
        Detail::Eum { .. } => table(
            out,
            &["dimension", "median", "weighted mean"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        ),
    }

    if f.rounds.len() > 1 {
        let _ = writeln!(
            out,
            "\nPath by round ({})",
            match f.detail {
                Detail::Eum { .. } => "median voter position",
                _ => "expected outcome",
            }
        );
        let mut headers = vec!["round", "moves"];
        headers.extend(f.dimensions.iter().map(String::as_str));
        let mut align = vec![Align::Right, Align::Right];
        align.extend(f.dimensions.iter().map(|_| Align::Right));
        let rows: Vec<Vec<String>> = f
            .rounds
            .iter()
            .map(|r| {
                let mut row = vec![r.round.to_string(), r.moves.len().to_string()];
                row.extend(r.outcome.iter().map(|x| num(*x)));
                row
            })
            .collect();
        table(out, &headers, &align, &rows);

        let moves: Vec<Vec<String>> = f
            .rounds
            .iter()
            .flat_map(|r| {
                r.moves.iter().map(move |m| {
                    vec![
                        r.round.to_string(),
                        f.actors[m.actor].clone(),
                        point(&m.from),
                        point(&m.to),
                        m.how.clone(),
                    ]
                })
            })
            .collect();
        let _ = writeln!(out, "\nWho moved");
        if moves.is_empty() {
            let _ = writeln!(out, "  nobody moved");
        } else {
            table(
                out,
                &["round", "actor", "from", "to", "how"],
                &[
                    Align::Right,
                    Align::Left,
                    Align::Right,
                    Align::Right,
                    Align::Left,
                ],
                &moves,
            );
        }
    }

    let first = &f.rounds[0];
    let last = &f.rounds[f.rounds.len() - 1];
    let _ = writeln!(out, "\nPositions");
    let rows: Vec<Vec<String>> = f
        .actors
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut row = vec![name.clone(), num(scenario.actors[i].capability.midpoint())];
            row.push(point(&first.positions[i]));
            if f.rounds.len() > 1 {
                row.push(point(&last.positions[i]));
            }
            row
        })
        .collect();
    if f.rounds.len() > 1 {
        table(
            out,
            &["actor", "capability", "start", "end"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        );
    } else {
        table(
            out,
            &["actor", "capability", "position"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        );
    }

    if let Some(d) = &f.decision {
        print_decision(out, f, d);
    }
}

fn print_decision(out: &mut String, f: &Forecast, d: &Decision) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "\nDecision: {} against the status quo {}",
        d.procedure,
        point(&d.status_quo)
    );
    let count = if d.required > 0 {
        format!("{} in favour of {} needed", d.in_favour, d.required)
    } else {
        format!("{} in favour; only veto players decide", d.in_favour)
    };
    let verdict = if d.adopted {
        format!("adopted: the outcome {} stands", point(&d.result))
    } else if d.blocked_by.is_empty() {
        format!(
            "not adopted (too few votes): the status quo {} stands",
            point(&d.result)
        )
    } else {
        let names: Vec<&str> = d.blocked_by.iter().map(|&i| f.actors[i].as_str()).collect();
        format!(
            "blocked by {}: the status quo {} stands",
            names.join(", "),
            point(&d.result)
        )
    };
    let _ = writeln!(out, "  {count}; {verdict}");
    let rows: Vec<Vec<String>> = f
        .actors
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let vote = match d.votes[i] {
                Vote::InFavour => "for",
                Vote::Against => "against",
                Vote::Indifferent => "indifferent",
            };
            let blocks = if d.blocked_by.contains(&i) {
                "blocks"
            } else {
                ""
            };
            vec![
                name.clone(),
                point(&f.rounds[0].positions[i]),
                vote.to_string(),
                blocks.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &["actor", "position", "vote", "veto"],
        &[Align::Left, Align::Right, Align::Left, Align::Left],
        &rows,
    );
}

fn print_distribution(out: &mut String, scenario: &Scenario, d: &OutcomeDistribution) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "{} — {} actors, {} dimension(s)",
        if scenario.name.is_empty() {
            "scenario"
        } else {
            &scenario.name
        },
        scenario.actors.len(),
        scenario.dimensions.len()
    );
    let _ = writeln!(
        out,
        "Model: {}; {} samples, seed {}{}\n",
        d.model,
        d.samples,
        d.seed,
        if d.failed > 0 {
            format!("; {} sample(s) gave no forecast and are left out", d.failed)
        } else {
            String::new()
        }
    );
    if !scenario.has_ranges() {
        let _ = writeln!(
            out,
            "Note: the file gives no ranges, so every sample is the same.\n"
        );
    }
    let _ = writeln!(out, "Outcome distribution");
    let rows: Vec<Vec<String>> = d
        .dimensions
        .iter()
        .map(|s| {
            vec![
                s.dimension.clone(),
                num(s.mean),
                num(s.p05),
                num(s.p50),
                num(s.p95),
            ]
        })
        .collect();
    table(
        out,
        &["dimension", "mean", "5%", "50%", "95%"],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    );
    for s in &d.dimensions {
        let _ = writeln!(out, "\nHistogram: {}", s.dimension);
        let total: usize = s.histogram.iter().map(|b| b.count).sum();
        let rows: Vec<Vec<String>> = s
            .histogram
            .iter()
            .map(|b| {
                let share = b.count as f64 / total.max(1) as f64;
                vec![
                    format!("{}-{}", num(b.low), num(b.high)),
                    b.count.to_string(),
                    format!("{:.1}%", 100.0 * share),
                    "#".repeat((share * 40.0).round() as usize),
                ]
            })
            .collect();
        table(
            out,
            &["bin", "samples", "share", ""],
            &[Align::Right, Align::Right, Align::Right, Align::Left],
            &rows,
        );
    }
    if let Some(rate) = d.adoption_rate {
        let _ = writeln!(out, "\nAdopted in {:.1}% of samples", 100.0 * rate);
    }
    if !d.blocking.is_empty() {
        let _ = writeln!(out, "\nWho would block (share of samples)");
        let rows: Vec<Vec<String>> = d
            .blocking
            .iter()
            .map(|b| {
                vec![
                    b.actor.clone(),
                    b.count.to_string(),
                    format!("{:.1}%", 100.0 * b.share),
                ]
            })
            .collect();
        table(
            out,
            &["veto player", "samples", "share"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        );
    }
}
