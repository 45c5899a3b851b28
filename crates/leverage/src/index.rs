//! The leverage index: per partner and channel kind, share × (1 − substitutability),
//! weighted by the channel's importance to the target and summed; then the ranking,
//! how robust it is inside the ranges, and which inputs drive it.
//!
//! The arithmetic is on intervals throughout, so a range in any input (sources that
//! disagree, an ordinal level, a hedged figure, an unknown share) shows in the index.
//! docs/leverage.md gives the formula; this module computes it and does no wording
//! beyond short notes.

use std::collections::BTreeMap;

use serde::Serialize;
use statecraft_model::{ActorId, ChannelKind, Date, DatumId, Evidence, Model};

use crate::error::LeverageError;
use crate::interval::Interval;
use crate::shares::{ChannelShares, ShareBasis, channel_shares};

/// The widening applied to a figure the text hedges ("about 90 %"): ±10 %.
pub const DEFAULT_WIDENING: f64 = 0.10;

/// How the engine is asked to weigh and read the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only this channel kind (then its weight is 1).
    pub only: Option<ChannelKind>,
    /// Relative weights of channel kinds; a kind not listed weighs 1. Weights are
    /// normalised to sum to 1 over the kinds with figures.
    pub weights: BTreeMap<ChannelKind, f64>,
    /// Fixed substitutabilities (0–1) per channel kind, replacing the default
    /// (1 − the partner's share: the part of the target's total others hold).
    pub substitutability: BTreeMap<ChannelKind, f64>,
    /// Relative widening of hedged (`approximate`) figures.
    pub widening: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            only: None,
            weights: BTreeMap::new(),
            substitutability: BTreeMap::new(),
            widening: DEFAULT_WIDENING,
        }
    }
}

/// One partner's index in one channel kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelIndex {
    pub kind: ChannelKind,
    pub basis: ShareBasis,
    pub share: Interval,
    pub substitutability: Interval,
    /// share × (1 − substitutability).
    pub index: Interval,
    pub weight: f64,
    /// weight × index: this channel's part of the partner's total.
    pub weighted: Interval,
}

/// One partner's leverage over the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerLeverage {
    pub partner: ActorId,
    pub name: String,
    pub channels: Vec<ChannelIndex>,
    /// Σ weight × index over the channel kinds.
    pub total: Interval,
    /// Position by the midpoint of the total (1 = most leverage).
    pub rank: usize,
    /// The best and worst rank the partner can take anywhere inside the ranges.
    pub rank_range: (usize, usize),
    /// True when the rank cannot change inside the ranges.
    pub robust: bool,
}

/// One partner-channel contribution, with the observations behind it, for the drivers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    pub partner: ActorId,
    pub kind: ChannelKind,
    pub weighted: Interval,
    pub observations: Vec<DatumId>,
    pub evidence: Vec<Evidence>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leverage {
    pub target: ActorId,
    pub target_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The normalised weight of each channel kind with figures.
    pub weights: Vec<(ChannelKind, f64)>,
    /// Every channel kind with a channel to the target, measured or not.
    pub channels: Vec<ChannelShares>,
    /// Channel kinds left out of the index: no partner's share is measured there.
    pub unmeasured: Vec<ChannelKind>,
    pub ranking: Vec<PartnerLeverage>,
    /// True when no rank can change inside the ranges.
    pub robust: bool,
    /// The contributions that make the totals widest (the leading pair's first),
    /// each with its observations: where better data would settle the ranking.
    pub drivers: Vec<Driver>,
    pub notes: Vec<String>,
}

/// The leverage of every partner over `target`, from a model view (observations whose
/// period starts after `as_of` are ignored, so the full model may be passed too).
pub fn leverage(
    model: &Model,
    target: &ActorId,
    as_of: Option<&Date>,
    options: &Options,
) -> Result<Leverage, LeverageError> {
    // A view as of an early date may not yet show the actor; its channels still count.
    let target_name = match model.actor(target.as_str()) {
        Some(actor) => actor.name.clone(),
        None if model
            .channels
            .iter()
            .any(|c| c.to == *target || c.from == *target) =>
        {
            target.to_string()
        }
        None => return Err(LeverageError::UnknownTarget(target.to_string())),
    };
    if !(0.0..=1.0).contains(&options.widening) {
        return Err(LeverageError::BadWidening(options.widening));
    }
    for (kind, weight) in &options.weights {
        if !weight.is_finite() || *weight < 0.0 {
            return Err(LeverageError::BadWeight {
                kind: *kind,
                weight: *weight,
            });
        }
    }
    for (kind, value) in &options.substitutability {
        if !(0.0..=1.0).contains(value) {
            return Err(LeverageError::BadSubstitutability {
                kind: *kind,
                value: *value,
            });
        }
    }

    let kinds: Vec<ChannelKind> = ChannelKind::ALL
        .into_iter()
        .filter(|k| options.only.is_none_or(|o| o == *k))
        .filter(|k| {
            model
                .channels
                .iter()
                .any(|c| c.to == *target && c.kind == *k)
        })
        .collect();
    let channels: Vec<ChannelShares> = kinds
        .iter()
        .map(|k| channel_shares(model, target, *k, as_of, options.widening))
        .collect();
    let measured: Vec<&ChannelShares> = channels.iter().filter(|c| c.measured()).collect();
    let unmeasured: Vec<ChannelKind> = channels
        .iter()
        .filter(|c| !c.measured())
        .map(|c| c.kind)
        .collect();

    let raw: Vec<(ChannelKind, f64)> = measured
        .iter()
        .map(|c| (c.kind, options.weights.get(&c.kind).copied().unwrap_or(1.0)))
        .collect();
    // Weights are relative. They are first scaled by the power of two nearest the
    // largest (exactly, so 3:1 stays 0.75 and 0.25), so that weights near either
    // end of the f64 range neither overflow their sum nor vanish.
    let top = raw.iter().map(|(_, w)| *w).fold(0.0, f64::max);
    if !measured.is_empty() && top <= 0.0 {
        return Err(LeverageError::AllWeightsZero);
    }
    let scale = if top > 0.0 {
        2f64.powi(-(top.log2().floor() as i32).clamp(-1000, 1000))
    } else {
        1.0
    };
    let sum: f64 = raw.iter().map(|(_, w)| w * scale).sum();
    let weights: Vec<(ChannelKind, f64)> = raw.iter().map(|(k, w)| (*k, w * scale / sum)).collect();

    // Partners: every actor with a channel of a measured kind to the target, in the
    // order of the model's channels.
    let mut partners: Vec<ActorId> = Vec::new();
    for c in &measured {
        for p in &c.partners {
            if !partners.contains(&p.partner) {
                partners.push(p.partner.clone());
            }
        }
    }
    let mut ranking: Vec<PartnerLeverage> = partners
        .iter()
        .map(|partner| {
            let mut total = Interval::ZERO;
            let mut indices = Vec::new();
            for c in &measured {
                let Some(share) = c.partners.iter().find(|p| p.partner == *partner) else {
                    continue;
                };
                let weight = weights
                    .iter()
                    .find(|(k, _)| *k == c.kind)
                    .map_or(0.0, |(_, w)| *w);
                let substitutability = match options.substitutability.get(&c.kind) {
                    Some(s) => Interval::point(*s),
                    None => share.share.complement(),
                };
                let index = share.share.times(substitutability.complement());
                let weighted = index.scale(weight);
                total = total.plus(weighted);
                indices.push(ChannelIndex {
                    kind: c.kind,
                    basis: share.basis,
                    share: share.share,
                    substitutability,
                    index,
                    weight,
                    weighted,
                });
            }
            PartnerLeverage {
                partner: partner.clone(),
                name: model
                    .actor(partner.as_str())
                    .map_or_else(|| partner.to_string(), |a| a.name.clone()),
                channels: indices,
                total,
                rank: 0,
                rank_range: (0, 0),
                robust: false,
            }
        })
        .collect();
    ranking.sort_by(|a, b| {
        b.total
            .mid()
            .total_cmp(&a.total.mid())
            .then_with(|| a.partner.cmp(&b.partner))
    });
    let totals: Vec<Interval> = ranking.iter().map(|p| p.total).collect();
    let n = ranking.len();
    for (i, p) in ranking.iter_mut().enumerate() {
        p.rank = i + 1;
        let surely_above = totals.iter().filter(|t| t.above(p.total)).count();
        let surely_below = totals.iter().filter(|t| p.total.above(**t)).count();
        p.rank_range = (1 + surely_above, n - surely_below);
        p.robust = p.rank_range.0 == p.rank_range.1;
    }
    let robust = ranking.iter().all(|p| p.robust);

    let drivers = drivers(&ranking, &measured);
    let mut notes = Vec::new();
    for c in &channels {
        for note in &c.notes {
            notes.push(format!("{}: {note}", c.kind));
        }
    }
    Ok(Leverage {
        target: target.clone(),
        target_name,
        as_of: as_of.copied(),
        weights,
        channels,
        unmeasured,
        ranking,
        robust,
        drivers,
        notes,
    })
}

/// The contributions of the leading two partners, widest first, then those of the
/// rest: the inputs whose ranges keep the ranking open.
fn drivers(ranking: &[PartnerLeverage], measured: &[&ChannelShares]) -> Vec<Driver> {
    let mut out: Vec<(usize, Driver)> = Vec::new();
    for (position, p) in ranking.iter().enumerate() {
        for c in &p.channels {
            let Some(share) = measured
                .iter()
                .find(|m| m.kind == c.kind)
                .and_then(|m| m.partners.iter().find(|s| s.partner == p.partner))
            else {
                continue;
            };
            let mut observations: Vec<DatumId> = Vec::new();
            let mut evidence: Vec<Evidence> = Vec::new();
            for i in &share.inputs {
                if !observations.contains(&i.observation) {
                    observations.push(i.observation.clone());
                }
                for e in &i.evidence {
                    if !evidence
                        .iter()
                        .any(|x| x.source == e.source && x.paragraph == e.paragraph)
                    {
                        evidence.push(e.clone());
                    }
                }
            }
            out.push((
                usize::from(position >= 2),
                Driver {
                    partner: p.partner.clone(),
                    kind: c.kind,
                    weighted: c.weighted,
                    observations,
                    evidence,
                },
            ));
        }
    }
    out.sort_by(|(ga, a), (gb, b)| {
        ga.cmp(gb)
            .then_with(|| b.weighted.width().total_cmp(&a.weighted.width()))
            .then_with(|| b.weighted.mid().total_cmp(&a.weighted.mid()))
            .then_with(|| a.partner.cmp(&b.partner))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    out.into_iter().map(|(_, d)| d).collect()
}
