//! Each partner's share of a target's total in one channel kind, as of a date.
//!
//! The inputs are the observations of the channels that run from a partner to the
//! target: shares stated outright (`share_of` = the target, in percent or as an ordinal
//! level), and money or count figures turned into shares through a total derived from a
//! partner whose figure and share are both known for the same period. Per partner the
//! latest period wins, stated figures before levels; estimates that disagree within it
//! are kept as a range. A partner with a channel but no usable figure has an unknown
//! share within what no one else is known to hold, unless the channel is dormant (last
//! observed before every measured share). Every observation looked at is either
//! an input (with its locators) or listed as skipped with the reason. docs/leverage.md
//! states the rules.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use statecraft_model::units::Unit;
use statecraft_model::{
    ActorId, ChannelId, ChannelKind, Date, DatumId, Direction, Evidence, Level, Model, Observation,
    Prices,
};

use crate::interval::{Interval, percent};

/// The share range an ordinal level stands for.
pub const LEVEL_SHARES: [(Level, f64, f64); 6] = [
    (Level::None, 0.0, 0.01),
    (Level::Minor, 0.01, 0.1),
    (Level::Moderate, 0.1, 0.3),
    (Level::Major, 0.3, 0.6),
    (Level::Dominant, 0.6, 0.95),
    (Level::All, 0.95, 1.0),
];

pub fn level_share(level: Level) -> Interval {
    LEVEL_SHARES
        .iter()
        .find(|(l, _, _)| *l == level)
        .map_or(Interval::new(0.0, 1.0), |(_, low, high)| {
            Interval::new(*low, *high)
        })
}

/// How an input enters a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputRole {
    /// A share stated as a figure (percent or ratio of the target's total).
    ShareFigure,
    /// A share read from an ordinal level.
    ShareLevel,
    /// An absolute figure divided by the derived total.
    Derived,
    /// A figure or share used to derive the total.
    TotalBasis,
}

/// One observation used in a share, with how it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub observation: DatumId,
    pub channel: ChannelId,
    pub partner: ActorId,
    pub period: Date,
    pub metric: String,
    pub role: InputRole,
    /// How the figure was read, e.g. `90 percent (approximate: ±10%) → 81–99%`.
    pub reading: String,
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumption: bool,
}

/// An observation of a channel to the target that is not used, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub observation: DatumId,
    pub partner: ActorId,
    pub reason: String,
}

/// Whether a partner's share in a channel kind is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShareBasis {
    /// From stated figures (direct or derived).
    Figure,
    /// From ordinal levels only.
    Level,
    /// The partner has a channel but no usable figure: within the remainder.
    Unknown,
}

/// One partner's share of the target's total in a channel kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerShare {
    pub partner: ActorId,
    pub basis: ShareBasis,
    /// The period the share is for (none when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Date>,
    pub share: Interval,
    pub inputs: Vec<Input>,
}

/// A total of the target in a channel kind, derived as figure ÷ share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    pub metric: String,
    pub period: Date,
    /// In the base unit (e.g. USD, people).
    pub value: Interval,
    pub unit: String,
    pub inputs: Vec<Input>,
}

/// The shares of every partner of a target in one channel kind. A partner whose channel
/// is dormant (last observed before every measured share) is not listed; a note says so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelShares {
    pub kind: ChannelKind,
    pub partners: Vec<PartnerShare>,
    /// What no partner is known to hold: the other/unknown part of the target's total,
    /// `[1 − Σ highs, 1 − Σ lows]` of the measured partners, within 0–1.
    pub remainder: Interval,
    pub totals: Vec<Total>,
    pub skipped: Vec<Skipped>,
    /// Remarks (e.g. measured shares whose lows sum past 1).
    pub notes: Vec<String>,
}

impl ChannelShares {
    /// True when at least one partner's share is measured.
    pub fn measured(&self) -> bool {
        self.partners.iter().any(|p| p.basis != ShareBasis::Unknown)
    }
}

/// One share estimate of one partner for one period, before the latest is chosen.
#[derive(Debug, Clone)]
struct Estimate {
    period: Date,
    figure: bool,
    share: Interval,
    inputs: Vec<Input>,
    /// The total a derived share was divided by (an index into the totals); its basis
    /// joins the inputs only if the estimate is chosen.
    total: Option<usize>,
}

/// The key under which absolute figures are comparable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FigureKey {
    metric: String,
    base: String,
    direction: u8,
    prices: String,
}

#[derive(Debug, Clone)]
struct Absolute<'m> {
    partner: ActorId,
    key: FigureKey,
    observation: &'m Observation,
    value: Interval,
    reading: String,
}

fn direction_code(d: Direction) -> u8 {
    match d {
        Direction::Forward => 0,
        Direction::Backward => 1,
        Direction::Both => 2,
    }
}

fn prices_text(p: Option<&Prices>) -> String {
    match p {
        None => "current".to_string(),
        Some(Prices::Year(y)) => y.to_string(),
        Some(Prices::Named(n)) => n.clone(),
    }
}

fn input(o: &Observation, partner: &ActorId, role: InputRole, reading: String) -> Input {
    Input {
        observation: o.id.clone(),
        channel: o.channel.clone(),
        partner: partner.clone(),
        period: o.period,
        metric: o.metric.clone(),
        role,
        reading,
        evidence: o.evidence.clone(),
        assumption: o.assumption,
    }
}

/// An interval in a base unit, scaled for reading: `2.45–3.00 USD billion`,
/// `18–29 thousand people`.
pub fn amount(value: Interval, base: &str) -> String {
    let (factor, word) = [
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
        (1e3, "thousand"),
    ]
    .into_iter()
    .find(|(f, _)| value.high >= *f)
    .unwrap_or((1.0, ""));
    let scaled = value.scale(1.0 / factor);
    let number = if (scaled.high - scaled.low).abs() < 5e-3 {
        format!("{:.2}", scaled.low)
    } else {
        format!("{:.2}–{:.2}", scaled.low, scaled.high)
    };
    let money = statecraft_model::units::CURRENCIES.contains(&base);
    match (word, money) {
        ("", _) => format!("{number} {base}"),
        (w, true) => format!("{number} {base} {w}"),
        (w, false) => format!("{number} {w} {base}"),
    }
}

/// `latest` ordering of periods: by last day, then first day.
fn later(a: &Date, b: &Date) -> std::cmp::Ordering {
    (a.end, a.start).cmp(&(b.end, b.start))
}

/// A stated value as an interval, widened when the text hedges it.
fn stated(o: &Observation, widening: f64) -> Option<(Interval, String)> {
    let q = o.value?;
    let raw = Interval::new(q.low(), q.high());
    if o.approximate && widening > 0.0 {
        Some((
            Interval::new(raw.low * (1.0 - widening), raw.high * (1.0 + widening)),
            format!("about {q} (approximate: ±{:.0}%)", widening * 100.0),
        ))
    } else {
        Some((raw, q.to_string()))
    }
}

/// The shares of every partner of `target` in channels of `kind`, from observations
/// whose period starts by `as_of` (all when `None`).
pub fn channel_shares(
    model: &Model,
    target: &ActorId,
    kind: ChannelKind,
    as_of: Option<&Date>,
    widening: f64,
) -> ChannelShares {
    // Partners in the order their first channel appears in the model; observations in
    // model order, each with the partner of its channel.
    let mut partners: Vec<ActorId> = Vec::new();
    let mut partner_of: HashMap<&ChannelId, &ActorId> = HashMap::new();
    for channel in model
        .channels
        .iter()
        .filter(|c| c.to == *target && c.kind == kind)
    {
        if !partners.contains(&channel.from) {
            partners.push(channel.from.clone());
        }
        partner_of.insert(&channel.id, &channel.from);
    }
    let observations: Vec<(ActorId, &Observation)> = model
        .observations
        .iter()
        .filter(|o| as_of.is_none_or(|d| o.period.start <= d.end))
        .filter_map(|o| partner_of.get(&o.channel).map(|p| ((*p).clone(), o)))
        .collect();

    let mut estimates: BTreeMap<ActorId, Vec<Estimate>> = BTreeMap::new();
    let mut absolutes: Vec<Absolute<'_>> = Vec::new();
    let mut skipped = Vec::new();
    let mut skip = |o: &Observation, partner: &ActorId, reason: String| {
        skipped.push(Skipped {
            observation: o.id.clone(),
            partner: partner.clone(),
            reason,
        });
    };

    for (partner, o) in &observations {
        match (&o.share_of, o.value, o.level) {
            (Some(of), _, _) if of != target => skip(
                o,
                partner,
                format!("a share of {of}'s total, not of {target}'s"),
            ),
            (Some(_), Some(_), _) => {
                let unit = o.unit.as_deref().map(Unit::parse);
                let divisor = match unit {
                    Some(Ok(u)) if u.base == "percent" => Some(100.0),
                    Some(Ok(u)) if u.base == "ratio" => Some(1.0),
                    _ => None,
                };
                let (Some(divisor), Some((value, reading))) = (divisor, stated(o, widening)) else {
                    skip(
                        o,
                        partner,
                        "a share must be in percent or ratio".to_string(),
                    );
                    continue;
                };
                let share = value.scale(1.0 / divisor).clamp(0.0, 1.0);
                let unit = o.unit.clone().unwrap_or_default();
                estimates
                    .entry(partner.clone())
                    .or_default()
                    .push(Estimate {
                        period: o.period,
                        figure: true,
                        share,
                        total: None,
                        inputs: vec![input(
                            o,
                            partner,
                            InputRole::ShareFigure,
                            format!("{reading} {unit} → {}", percent(share)),
                        )],
                    });
            }
            (Some(_), None, Some(level)) => {
                let share = level_share(level);
                estimates
                    .entry(partner.clone())
                    .or_default()
                    .push(Estimate {
                        period: o.period,
                        figure: false,
                        share,
                        total: None,
                        inputs: vec![input(
                            o,
                            partner,
                            InputRole::ShareLevel,
                            format!("level {} → {}", level.as_str(), percent(share)),
                        )],
                    });
            }
            (None, Some(_), _) => {
                let unit = match o.unit.as_deref().map(Unit::parse) {
                    Some(Ok(u)) => u,
                    _ => {
                        skip(o, partner, "no readable unit".to_string());
                        continue;
                    }
                };
                if ["percent", "ratio", "years", "days"].contains(&unit.base.as_str()) {
                    skip(
                        o,
                        partner,
                        format!(
                            "in {}: neither an absolute figure nor a share of {target}'s total (no share_of)",
                            unit.base
                        ),
                    );
                    continue;
                }
                let Some((value, reading)) = stated(o, widening) else {
                    continue;
                };
                absolutes.push(Absolute {
                    partner: partner.clone(),
                    key: FigureKey {
                        metric: o.metric.clone(),
                        base: unit.base.clone(),
                        direction: direction_code(o.direction),
                        prices: prices_text(o.prices.as_ref()),
                    },
                    observation: o,
                    value: value.scale(unit.factor()),
                    reading: format!("{reading} {unit}"),
                });
            }
            (None, None, Some(level)) => skip(
                o,
                partner,
                format!(
                    "level {} of {}: not a share of {target}'s total (no share_of)",
                    level.as_str(),
                    o.metric
                ),
            ),
            _ => skip(o, partner, "no value or level".to_string()),
        }
    }

    // Totals: a partner's absolute figure and its stated share for the same period and
    // direction are read as the same flow, so total = figure ÷ share.
    let mut totals: Vec<Total> = Vec::new();
    let mut stated_shares: HashMap<(&ActorId, Date, u8), Vec<&Observation>> = HashMap::new();
    for (p, o) in &observations {
        if o.share_of.as_ref() == Some(target) && o.value.is_some() {
            stated_shares
                .entry((p, o.period, direction_code(o.direction)))
                .or_default()
                .push(o);
        }
    }
    for a in &absolutes {
        let key = (
            &a.partner,
            a.observation.period,
            direction_code(a.observation.direction),
        );
        for s in stated_shares.get(&key).into_iter().flatten().copied() {
            let Some(share) = estimates
                .get(&a.partner)
                .and_then(|list| {
                    list.iter().find(|e| {
                        e.figure && e.inputs.first().is_some_and(|i| i.observation == s.id)
                    })
                })
                .map(|e| e.share)
            else {
                continue;
            };
            let Some(value) = a.value.divided_by(share) else {
                continue;
            };
            let basis = vec![
                input(
                    a.observation,
                    &a.partner,
                    InputRole::TotalBasis,
                    format!("{} of {}", a.reading, a.partner),
                ),
                input(
                    s,
                    &a.partner,
                    InputRole::TotalBasis,
                    format!("÷ its share {}", percent(share)),
                ),
            ];
            match totals
                .iter_mut()
                .find(|t| t.metric == a.key.metric && t.period == a.observation.period)
            {
                // Totals that disagree for the same metric and period are kept as a range.
                Some(t) => {
                    t.value = t.value.hull(value);
                    t.inputs.extend(basis);
                }
                None => totals.push(Total {
                    metric: a.key.metric.clone(),
                    period: a.observation.period,
                    value,
                    unit: a.key.base.clone(),
                    inputs: basis,
                }),
            }
        }
    }

    // Derived shares for partners without a stated share figure for that period.
    let stated_figures: HashSet<(ActorId, Date)> = estimates
        .iter()
        .flat_map(|(p, list)| {
            list.iter()
                .filter(|e| e.figure)
                .map(move |e| (p.clone(), e.period))
        })
        .collect();
    for a in &absolutes {
        let has_stated = stated_figures.contains(&(a.partner.clone(), a.observation.period));
        let found = totals
            .iter()
            .position(|t| t.metric == a.key.metric && t.period == a.observation.period);
        match found.map(|i| (i, &totals[i])) {
            Some((index, total)) if !has_stated => {
                let Some(share) = a.value.divided_by(total.value) else {
                    continue;
                };
                let share = share.clamp(0.0, 1.0);
                let inputs = vec![input(
                    a.observation,
                    &a.partner,
                    InputRole::Derived,
                    format!(
                        "{} ÷ total {} → {}",
                        a.reading,
                        amount(total.value, &total.unit),
                        percent(share)
                    ),
                )];
                estimates
                    .entry(a.partner.clone())
                    .or_default()
                    .push(Estimate {
                        period: a.observation.period,
                        figure: true,
                        share,
                        inputs,
                        total: Some(index),
                    });
            }
            Some(_) => {}
            None => skip(
                a.observation,
                &a.partner,
                format!(
                    "{}: no total of {target} for {} in {} to divide by (no partner states both this figure and its share for that period)",
                    a.reading, a.key.metric, a.observation.period
                ),
            ),
        }
    }

    // Per partner: the latest period, stated figures before levels, disagreement as a hull.
    let mut result: Vec<PartnerShare> = Vec::new();
    for partner in &partners {
        let Some(list) = estimates.get(partner) else {
            continue;
        };
        let Some(latest) = list.iter().map(|e| e.period).max_by(later) else {
            continue;
        };
        let at_latest: Vec<&Estimate> = list
            .iter()
            .filter(|e| later(&e.period, &latest).is_eq())
            .collect();
        let figure = at_latest.iter().any(|e| e.figure);
        let chosen: Vec<&Estimate> = at_latest
            .into_iter()
            .filter(|e| e.figure == figure)
            .collect();
        let Some(share) = chosen.iter().map(|e| e.share).reduce(Interval::hull) else {
            continue;
        };
        let mut inputs: Vec<Input> = Vec::new();
        let mut seen: HashSet<(&DatumId, InputRole)> = HashSet::new();
        for e in &chosen {
            let basis = e.total.map(|t| totals[t].inputs.as_slice()).unwrap_or(&[]);
            for i in e.inputs.iter().chain(basis) {
                if seen.insert((&i.observation, i.role)) {
                    inputs.push(i.clone());
                }
            }
        }
        result.push(PartnerShare {
            partner: partner.clone(),
            basis: if figure {
                ShareBasis::Figure
            } else {
                ShareBasis::Level
            },
            period: Some(latest),
            share,
            inputs,
        });
    }

    let measured: Vec<Interval> = result.iter().map(|p| p.share).collect();
    let sum_low: f64 = measured.iter().map(|s| s.low).sum();
    let sum_high: f64 = measured.iter().map(|s| s.high).sum();
    let mut notes = Vec::new();
    if sum_low > 1.0 + 1e-9 {
        notes.push(format!(
            "the measured shares' lows sum to {sum_low:.3} > 1 (their periods differ or the sources overstate); the remainder is 0"
        ));
    }
    let remainder = Interval::new(1.0 - sum_high, 1.0 - sum_low).clamp(0.0, 1.0);
    // A channel last observed before every measured share's period is dormant: it says
    // nothing about the target's total then, and counts as no channel.
    let earliest = result
        .iter()
        .filter_map(|p| p.period)
        .map(|d| d.start)
        .min();
    for partner in &partners {
        if result.iter().any(|p| p.partner == *partner) {
            continue;
        }
        let last = observations
            .iter()
            .filter(|(p, _)| p == partner)
            .map(|(_, o)| o.period)
            .max_by(later);
        if let (Some(last), Some(earliest)) = (last, earliest) {
            if last.end < earliest {
                notes.push(format!(
                    "{partner}'s channel was last observed for {last}, before every measured share: counted as none"
                ));
                continue;
            }
        }
        result.push(PartnerShare {
            partner: partner.clone(),
            basis: ShareBasis::Unknown,
            period: None,
            share: Interval::new(0.0, remainder.high),
            inputs: Vec::new(),
        });
    }
    // Every observation of these channels is either an input of a final share or listed
    // here with the first reason found; one that only fed an earlier estimate or total was
    // superseded by its partner's latest period.
    let used: HashSet<&DatumId> = result
        .iter()
        .flat_map(|p| p.inputs.iter().map(|i| &i.observation))
        .collect();
    let mut reasons: HashMap<&DatumId, &str> = HashMap::new();
    for s in &skipped {
        reasons.entry(&s.observation).or_insert(&s.reason);
    }
    let latest_of: HashMap<&ActorId, Option<Date>> =
        result.iter().map(|p| (&p.partner, p.period)).collect();
    let mut accounted: Vec<Skipped> = Vec::new();
    let mut seen: HashSet<&DatumId> = HashSet::new();
    for (partner, o) in &observations {
        if used.contains(&o.id) || !seen.insert(&o.id) {
            continue;
        }
        let reason = match reasons.get(&o.id) {
            Some(reason) => (*reason).to_string(),
            None => match latest_of.get(partner).copied().flatten() {
                Some(latest) if later(&o.period, &latest).is_lt() => {
                    format!("superseded: {partner}'s latest share is for {latest}")
                }
                Some(latest) => {
                    format!("a level, where a stated figure for {latest} exists")
                }
                None => "not needed for any share".to_string(),
            },
        };
        accounted.push(Skipped {
            observation: o.id.clone(),
            partner: partner.clone(),
            reason,
        });
    }
    accounted.sort_by(|a, b| {
        a.partner
            .cmp(&b.partner)
            .then(a.observation.cmp(&b.observation))
    });
    let skipped = accounted;

    ChannelShares {
        kind,
        partners: result,
        remainder,
        totals,
        skipped,
        notes,
    }
}
