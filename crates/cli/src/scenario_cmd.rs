//! `scenario`: what-if questions on a model's scenario network.

use std::process::ExitCode;

use statecraft_model::Date;
use statecraft_scenario::{Answer, Query, ScenarioError, build, parse_assignment, query_until};

use crate::Global;
use crate::common::{self, invalid, parse_date, print_json, table};

/// Ask the model's scenario network a what-if question.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  statecraft scenario\n  statecraft scenario --given us-russia-relations=cold-war --target russia-behaviour\n  statecraft scenario --do china-enforces=no --samples 10000 --seed 1\n  statecraft scenario --as-of 2016-04 --sensitivity russia-behaviour=obstruct\n\nProbabilities the authors gave in words or intervals are sampled with --samples;\nthe output then shows each probability's 5–95% interval. Every variable lists the\nsource paragraphs of the table rows it rests on (its own and its ancestors')."
)]
pub struct Args {
    /// Observed state of a variable (repeatable).
    #[arg(long = "given", value_name = "VAR=STATE")]
    pub given: Vec<String>,
    /// Intervention: set a variable, cutting it from its causes (repeatable).
    #[arg(long = "do", value_name = "VAR=STATE")]
    pub interventions: Vec<String>,
    /// Report only these variables (repeatable; default all).
    #[arg(long = "target", value_name = "VAR")]
    pub targets: Vec<String>,
    /// Use the network as of this date (rows published later are left out).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Sample the probability intervals this many times.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Seed of the sampling (default 1).
    #[arg(long, value_name = "S", default_value_t = 1, requires = "samples")]
    pub seed: u64,
    /// Rank parameters by how much they move P(VAR=STATE) (a tornado chart).
    #[arg(long, value_name = "VAR=STATE")]
    pub sensitivity: Option<String>,
}

fn to_invalid(error: ScenarioError) -> anyhow::Error {
    invalid(error.to_string())
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    // The plan is validated before any work: assignments parse, the sample count is positive.
    let given = args
        .given
        .iter()
        .map(|a| parse_assignment(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(to_invalid)?;
    let interventions = args
        .interventions
        .iter()
        .map(|a| parse_assignment(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(to_invalid)?;
    let sensitivity = args
        .sensitivity
        .as_deref()
        .map(parse_assignment)
        .transpose()
        .map_err(to_invalid)?;
    if args.samples == Some(0) {
        return Err(invalid("--samples must be at least 1"));
    }
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    let scenario = build(&model).map_err(to_invalid)?;
    let question = Query {
        given,
        interventions,
        targets: args.targets.clone(),
        samples: args.samples.map(|n| (n, args.seed)),
        sensitivity,
    };
    let answer = common::Progress::run("samples", args.samples.unwrap_or(0), |stop| {
        query_until(&scenario, &question, stop)
    })
    .map_err(to_invalid)?;
    if global.json {
        return print_json(&answer);
    }
    print!("{}", render(&answer));
    Ok(ExitCode::SUCCESS)
}

/// Up to four locators, then a count: the full list is in `--json`.
fn abbreviated(locators: &[String]) -> String {
    match locators.len() {
        0 => "no sources".to_string(),
        n if n <= 4 => locators.join(", "),
        n => format!(
            "{}, and {} more (--json lists all)",
            locators[..4].join(", "),
            n - 4
        ),
    }
}

fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// The answer as text: one block per variable, then the tornado chart.
pub fn render(answer: &Answer) -> String {
    let mut rows = Vec::new();
    for m in &answer.marginals {
        for (i, s) in m.states.iter().enumerate() {
            let interval = match (s.p05, s.p95) {
                (Some(a), Some(b)) => format!("{}–{}", percent(a), percent(b)),
                _ => String::new(),
            };
            let label = if i == 0 {
                format!(
                    "{}{}",
                    m.id,
                    if m.role == "free" {
                        String::new()
                    } else {
                        format!(" ({})", m.role)
                    }
                )
            } else {
                String::new()
            };
            let basis = if i == 0 {
                format!(
                    "{} rows, {} assumed{}: {}",
                    m.rows,
                    m.assumption_rows,
                    if m.uninformed_rows > 0 {
                        format!(", {} uninformed", m.uninformed_rows)
                    } else {
                        String::new()
                    },
                    abbreviated(&m.evidence)
                )
            } else {
                String::new()
            };
            rows.push(vec![label, s.state.clone(), percent(s.p), interval, basis]);
        }
    }
    let headers = if answer.samples.is_some() {
        ["variable", "state", "p", "5–95%", "rests on"]
    } else {
        ["variable", "state", "p", "", "rests on"]
    };
    let mut out = table(&headers, &rows);
    if answer.log10_evidence != 0.0 {
        out.push_str(&format!(
            "\nlog10 P(given) = {:.6}\n",
            answer.log10_evidence
        ));
    }
    if let Some(n) = answer.samples {
        out.push_str(&format!(
            "intervals from {n} samples of the probability intervals (seed {})\n",
            answer.seed.unwrap_or(0)
        ));
    }
    if let Some(s) = &answer.sensitivity {
        out.push_str(&format!(
            "\nSensitivity of P({}={}) = {}: parameters by swing\n",
            s.target,
            s.state,
            percent(s.value)
        ));
        let rows: Vec<Vec<String>> = s
            .bars
            .iter()
            .map(|b| {
                let range = match (b.target_at_low, b.target_at_high) {
                    (Some(l), Some(h)) => format!("{}–{}", percent(l.min(h)), percent(l.max(h))),
                    _ => "undefined".into(),
                };
                vec![
                    format!(
                        "P({}={} | {})",
                        b.variable,
                        b.state,
                        if b.given.is_empty() {
                            "—".to_string()
                        } else {
                            b.given.join(", ")
                        }
                    ),
                    format!("{:.3} in [{:.2}, {:.2}]", b.value, b.span[0], b.span[1]),
                    format!("{:+.4}", b.derivative),
                    range,
                    if b.assumption && b.locators.is_empty() {
                        "[assumption]".into()
                    } else {
                        abbreviated(&b.locators)
                    },
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "parameter",
                "value",
                "derivative",
                "target range",
                "evidence",
            ],
            &rows,
        ));
    }
    out
}
