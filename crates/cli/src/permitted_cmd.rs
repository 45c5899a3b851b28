//! `permitted`: was an activity permitted by the sanctions regime on a date?
//!
//! Turns the options into a validated activity (actors resolved by id, name or alias;
//! channel kind and purpose checked against the model), asks the rules engine, and
//! prints the verdict with the deciding rules, the measures considered and what is
//! missing. It does no reasoning of its own.

use std::process::ExitCode;

use statecraft_model::Date;
use statecraft_rules::{
    ActivityQuery, Answer, MeasureOutcome, RuleOutcome, RulesError, Truth, Verdict,
};

use crate::Global;
use crate::common::{self, invalid, print_json, table};
use crate::model_cmd::locators;

/// Was an activity permitted, prohibited or exempt under the measures in force on a date?
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  statecraft permitted --as-of 2016-06 --channel trade --goods coal --origin RUS --from RUS --to KOR --via Rajin
  statecraft permitted --as-of 2016-06 --channel trade --goods coal --origin 'North Korea' --from RUS --to KOR --via Rajin
  statecraft permitted --as-of 2020-01 --channel labour --goods workers --origin PRK --from PRK --to Russia --json

Verdicts: permitted (no restriction in force matches), prohibited (a restriction matches and no
exemption of the same measure does), permitted by exemption, or undetermined (a rule needs a
field the activity leaves out, a cap needs a quantity, or the date straddles a start or end:
the answer says what would settle it). Any field may be left out. --via and --purpose accept
`none`; a purpose left out counts as not declared, so no purpose exemption applies.

The rules are those of the measures in force at the date as the model records them (not only
what had been published by then). Exit status: 0 with an answer of any verdict, 1 for bad
input (unknown actor, channel kind or purpose, malformed date), 2 for usage or I/O errors.")]
pub struct Args {
    /// The date asked about: YYYY-MM-DD, or YYYY-MM / YYYY (an answer that changes inside
    /// the period is undetermined).
    #[arg(long, value_name = "DATE")]
    pub as_of: String,
    /// Channel kind: trade, labour, finance, transport, … (as in `statecraft channels`).
    #[arg(long, value_name = "KIND")]
    pub channel: Option<String>,
    /// The goods or service (e.g. coal, workers, "crude oil").
    #[arg(long, value_name = "GOODS")]
    pub goods: Option<String>,
    /// Where the goods come from: an actor id, name or alias.
    #[arg(long, value_name = "ACTOR")]
    pub origin: Option<String>,
    /// Who sends or sells (the exporter).
    #[arg(long = "from", value_name = "ACTOR")]
    pub exporter: Option<String>,
    /// Who receives or buys (the importer).
    #[arg(long = "to", value_name = "ACTOR")]
    pub importer: Option<String>,
    /// Route or port passed through (e.g. Rajin), or `none`.
    #[arg(long, value_name = "ROUTE")]
    pub via: Option<String>,
    /// Declared purpose (one the model's rules name, e.g. humanitarian), or `none`.
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let as_of = Date::parse(&args.as_of).map_err(|e| invalid(format!("--as-of: {e}")))?;
    let model = common::open_model(global)?;
    let query = ActivityQuery {
        channel: args.channel,
        goods: args.goods,
        origin: args.origin,
        exporter: args.exporter,
        importer: args.importer,
        via: args.via,
        purpose: args.purpose,
    };
    let activity = statecraft_rules::resolve_activity(&model, &query).map_err(|e| match e {
        RulesError::InvalidActivity(_) => invalid(e.to_string()),
    })?;
    let answer = statecraft_rules::evaluate(&model, &as_of, &activity);
    if global.json {
        return print_json(&answer);
    }
    print!("{}", render(&answer));
    Ok(ExitCode::SUCCESS)
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Permitted => "PERMITTED",
        Verdict::Prohibited => "PROHIBITED",
        Verdict::PermittedByExemption => "PERMITTED BY EXEMPTION",
        Verdict::Undetermined => "UNDETERMINED",
    }
}

fn render(answer: &Answer) -> String {
    let mut out = String::new();
    out.push_str(&format!("Activity: {}\n", answer.activity));
    out.push_str(&format!("As of:    {}\n", answer.as_of));
    out.push_str(&format!("Verdict:  {}\n", verdict_word(answer.verdict)));
    out.push_str(&format!("Why:      {}\n", answer.reason));
    let unstated: Vec<&str> = answer
        .activity
        .missing_fields()
        .into_iter()
        .map(|f| match f {
            statecraft_rules::ActivityField::Purpose => "--purpose (read as: none declared)",
            other => other.flag(),
        })
        .collect();
    if !unstated.is_empty() {
        out.push_str(&format!("Not given: {}\n", unstated.join(", ")));
    }

    if !answer.deciding.is_empty() {
        out.push_str("\nDeciding rules\n");
        out.push_str(&rules_table(&answer.deciding));
    }
    if !answer.missing.is_empty() {
        out.push_str("\nWhat would settle it\n");
        let rows: Vec<Vec<String>> = answer
            .missing
            .iter()
            .map(|m| {
                vec![
                    m.need.describe(),
                    m.measure.to_string(),
                    m.rule.as_ref().map(ToString::to_string).unwrap_or_default(),
                    m.message.clone(),
                    locators(&m.evidence),
                ]
            })
            .collect();
        out.push_str(&table(
            &["needed", "measure", "rule", "why", "evidence"],
            &rows,
        ));
    }

    let considered: Vec<&MeasureOutcome> = answer.considered().collect();
    if considered.is_empty() {
        out.push_str(&format!("\nNo measure in force at {}.\n", answer.as_of));
    } else {
        out.push_str(&format!(
            "\nMeasures considered (in force at {})\n",
            answer.as_of
        ));
        let rows: Vec<Vec<String>> = considered
            .iter()
            .map(|m| {
                let in_force = match m.in_force {
                    Truth::Yes => m.in_force_dates.clone(),
                    _ => format!("{} (date straddles it)", m.in_force_dates),
                };
                vec![
                    m.measure.to_string(),
                    in_force,
                    m.effect.as_str().to_string(),
                    m.title.clone(),
                    locators(&m.evidence),
                ]
            })
            .collect();
        out.push_str(&table(
            &["measure", "in force", "effect", "title", "evidence"],
            &rows,
        ));
    }
    let not_in_force: Vec<String> = answer
        .measures
        .iter()
        .filter(|m| m.in_force == Truth::No)
        .map(|m| format!("{} ({})", m.measure, m.in_force_dates))
        .collect();
    if !not_in_force.is_empty() {
        out.push_str(&format!(
            "Not in force at {}: {}\n",
            answer.as_of,
            not_in_force.join(", ")
        ));
    }
    if !answer.notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in &answer.notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}

fn rules_table(rules: &[RuleOutcome]) -> String {
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|r| {
            let mut description = r.description.clone();
            if let Some(dates) = &r.dates {
                description.push_str(&format!(" ({dates})"));
            }
            vec![
                r.measure.to_string(),
                r.rule.to_string(),
                r.kind.as_str().to_string(),
                description,
                locators(&r.evidence),
            ]
        })
        .collect();
    table(
        &["measure", "rule", "kind", "description", "evidence"],
        &rows,
    )
}
