//! `leverage`: who can hurt a target most, through which channels.
//!
//! Validates the target, date, channel kind and weights, runs the leverage engine on
//! the model as of the date, and prints the ranking with the per-channel shares, the
//! index arithmetic, the inputs with their locators, the substitutes and the drivers.
//! It computes nothing itself.

use std::collections::BTreeMap;
use std::process::ExitCode;

use statecraft_leverage::{Interval, Leverage, LeverageError, Options, ShareBasis, percent};
use statecraft_model::{ChannelKind, Date};

use crate::Global;
use crate::common::{self, invalid, print_json, table};
use crate::model_cmd::locators;

/// Rank the partners of a target by leverage: channel shares, index ranges, robustness.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  statecraft leverage --over PRK --as-of 2016-04
  statecraft leverage --over 'North Korea' --as-of 2019-12 --channel trade
  statecraft leverage --over PRK --weight trade=3 --weight labour=2 --json

Per channel kind, each partner's share of the target's total comes from the observations of
its channels to the target (stated shares, ordinal levels, or figures divided by a derived
total); the index is share × (1 − substitutability), with substitutability 1 − share unless
set (so share²); the total is the weighted sum over the kinds with figures (equal weights
unless set). Ranges are carried through; a rank is robust when it cannot change anywhere
inside them. See docs/leverage.md.

Exit status: 0 ok, 1 bad input (unknown actor or channel kind, malformed date or weight).")]
pub struct Args {
    /// The target: an actor id, name or alias.
    #[arg(long, value_name = "ACTOR")]
    pub over: String,
    /// Use what was true and published by this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only this channel kind (trade, labour, investment, …).
    #[arg(long, value_name = "KIND")]
    pub channel: Option<String>,
    /// A channel kind's relative weight, KIND=W (repeatable; kinds not given weigh 1).
    #[arg(long, value_name = "KIND=W")]
    pub weight: Vec<String>,
    /// A fixed substitutability for a channel kind, KIND=S with S in 0–1 (repeatable).
    #[arg(long, value_name = "KIND=S")]
    pub substitutability: Vec<String>,
    /// Also list the observations of the target's channels that were not used, and why.
    #[arg(long)]
    pub show_skipped: bool,
}

fn kind(text: &str, flag: &str) -> anyhow::Result<ChannelKind> {
    ChannelKind::parse(text.trim()).ok_or_else(|| {
        let kinds: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
        invalid(format!(
            "{flag}: unknown channel kind {text:?} (one of: {})",
            kinds.join(", ")
        ))
    })
}

fn pairs(values: &[String], flag: &str) -> anyhow::Result<BTreeMap<ChannelKind, f64>> {
    let mut out = BTreeMap::new();
    for value in values {
        let Some((k, v)) = value.split_once('=') else {
            return Err(invalid(format!(
                "{flag}: expected KIND=NUMBER, got {value:?}"
            )));
        };
        let number: f64 = v
            .trim()
            .parse()
            .map_err(|_| invalid(format!("{flag}: {v:?} is not a number (in {value:?})")))?;
        out.insert(kind(k, flag)?, number);
    }
    Ok(out)
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => Some(Date::parse(text).map_err(|e| invalid(format!("--as-of: {e}")))?),
        None => None,
    };
    let options = Options {
        only: match &args.channel {
            Some(text) => Some(kind(text, "--channel")?),
            None => None,
        },
        weights: pairs(&args.weight, "--weight")?,
        substitutability: pairs(&args.substitutability, "--substitutability")?,
        ..Options::default()
    };
    let model = common::open_model(global)?;
    let target = model
        .resolve_actor(&args.over)
        .map(|a| a.id.clone())
        .ok_or_else(|| {
            invalid(format!(
                "--over: unknown actor {:?} (give an actor id such as PRK, or a name or alias; `statecraft actors` lists them)",
                args.over
            ))
        })?;
    let view = match &as_of {
        Some(date) => statecraft_model::view::as_of(&model, date),
        None => model,
    };
    let result = match statecraft_leverage::leverage(&view, &target, as_of.as_ref(), &options) {
        Ok(result) => result,
        // The target exists in the model, but nothing about it was published by the date.
        Err(LeverageError::UnknownTarget(_)) => {
            if global.json {
                return print_json(&serde_json::json!({
                    "target": target,
                    "as_of": as_of,
                    "ranking": [],
                    "notes": ["nothing about the target was published by the date"],
                }));
            }
            let date = as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
            println!("Nothing about {target} was published{date}: no channel to rank.");
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(invalid(error.to_string())),
    };
    if global.json {
        return print_json(&result);
    }
    print!("{}", render(&result, args.show_skipped));
    Ok(ExitCode::SUCCESS)
}

fn cell(result: &Leverage, partner: &statecraft_model::ActorId, kind: ChannelKind) -> String {
    let Some(shares) = result.channels.iter().find(|c| c.kind == kind) else {
        return "—".into();
    };
    match shares.partners.iter().find(|p| p.partner == *partner) {
        None => "—".into(),
        Some(p) if p.basis == ShareBasis::Unknown => {
            format!("≤{}?", percent(Interval::point(p.share.high)))
        }
        Some(p) => percent(p.share),
    }
}

fn render(result: &Leverage, show_skipped: bool) -> String {
    let mut out = String::new();
    let date = result
        .as_of
        .map(|d| format!(", as of {d}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "Leverage over {} ({}){date}\n",
        result.target_name, result.target
    ));
    if result.ranking.is_empty() {
        out.push_str(&format!(
            "No partner's share of {}'s total is measured in any channel kind.\n",
            result.target
        ));
        return out;
    }
    let weights: Vec<String> = result
        .weights
        .iter()
        .map(|(k, w)| format!("{k} {w:.3}"))
        .collect();
    out.push_str("index per channel = share × (1 − substitutability); total = Σ weight × index\n");
    out.push_str(&format!("weights: {}\n\n", weights.join(", ")));

    let kinds: Vec<ChannelKind> = result.weights.iter().map(|(k, _)| *k).collect();
    let mut headers: Vec<&str> = vec!["rank", "partner"];
    headers.extend(kinds.iter().map(|k| k.as_str()));
    headers.extend(["total index", "rank range", "robust?"]);
    let rows: Vec<Vec<String>> = result
        .ranking
        .iter()
        .map(|p| {
            let mut row = vec![p.rank.to_string(), p.partner.to_string()];
            row.extend(kinds.iter().map(|k| cell(result, &p.partner, *k)));
            row.push(p.total.to_string());
            row.push(format!("{}–{}", p.rank_range.0, p.rank_range.1));
            row.push(if p.robust { "yes" } else { "no" }.to_string());
            row
        })
        .collect();
    out.push_str(&table(&headers, &rows));
    out.push_str(&format!(
        "Cells: share of {}'s total in the channel; ≤x%? = a channel with no figure (at most what no one else holds); — = no channel (or a dormant one).\n",
        result.target
    ));
    out.push_str(&format!(
        "Ranked by the midpoint of the total. The ranking is {}.\n",
        if result.robust {
            "robust: no rank changes anywhere inside the ranges"
        } else {
            "not robust: ranks whose range spans more than one place can change inside the ranges"
        }
    ));

    out.push_str("\nIndex per partner and channel\n");
    let mut rows = Vec::new();
    for p in &result.ranking {
        for c in &p.channels {
            rows.push(vec![
                p.partner.to_string(),
                c.kind.to_string(),
                percent(c.share),
                c.substitutability.to_string(),
                c.index.to_string(),
                format!("{:.3}", c.weight),
                c.weighted.to_string(),
            ]);
        }
    }
    out.push_str(&table(
        &[
            "partner",
            "channel",
            "share",
            "substitutability",
            "index",
            "weight",
            "weighted",
        ],
        &rows,
    ));

    out.push_str("\nInputs\n");
    let mut rows = Vec::new();
    for c in result.channels.iter().filter(|c| c.measured()) {
        for p in &c.partners {
            for i in &p.inputs {
                rows.push(vec![
                    c.kind.to_string(),
                    p.partner.to_string(),
                    i.observation.to_string(),
                    i.period.to_string(),
                    i.reading.clone(),
                    locators(&i.evidence),
                ]);
            }
        }
    }
    out.push_str(&table(
        &[
            "channel",
            "partner",
            "observation",
            "period",
            "reading",
            "evidence",
        ],
        &rows,
    ));

    out.push_str(&format!(
        "\nSubstitutes: shares of {}'s total per channel\n",
        result.target
    ));
    let mut rows = Vec::new();
    for c in result.channels.iter().filter(|c| c.measured()) {
        let shares: Vec<String> = c
            .partners
            .iter()
            .map(|p| format!("{} {}", p.partner, cell(result, &p.partner, c.kind)))
            .collect();
        rows.push(vec![
            c.kind.to_string(),
            shares.join(", "),
            percent(c.remainder),
        ]);
    }
    out.push_str(&table(&["channel", "partners", "other/unknown"], &rows));

    out.push_str("\nDrivers: the widest contributions (leading pair first)\n");
    let rows: Vec<Vec<String>> = result
        .drivers
        .iter()
        .take(6)
        .map(|d| {
            vec![
                d.partner.to_string(),
                d.kind.to_string(),
                d.weighted.to_string(),
                format!("{:.4}", d.weighted.width()),
                d.observations
                    .iter()
                    .map(|o| o.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    out.push_str(&table(
        &["partner", "channel", "weighted", "width", "observations"],
        &rows,
    ));

    if !result.unmeasured.is_empty() {
        let kinds: Vec<&str> = result.unmeasured.iter().map(|k| k.as_str()).collect();
        out.push_str(&format!(
            "\nLeft out (channels to {} but no partner's share measured): {}\n",
            result.target,
            kinds.join(", ")
        ));
    }
    for note in &result.notes {
        out.push_str(&format!("Note: {note}\n"));
    }
    let skipped: Vec<Vec<String>> = result
        .channels
        .iter()
        .flat_map(|c| {
            c.skipped.iter().map(move |s| {
                vec![
                    c.kind.to_string(),
                    s.partner.to_string(),
                    s.observation.to_string(),
                    s.reason.clone(),
                ]
            })
        })
        .collect();
    if show_skipped && !skipped.is_empty() {
        out.push_str("\nNot used\n");
        out.push_str(&table(
            &["channel", "partner", "observation", "why"],
            &skipped,
        ));
    } else if !skipped.is_empty() {
        out.push_str(&format!(
            "{} observation(s) of these channels were not used (--show-skipped lists them with the reason).\n",
            skipped.len()
        ));
    }
    out
}
