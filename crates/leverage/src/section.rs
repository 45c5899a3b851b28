//! The leverage engine's section of the brief: for each actor that channels run to and
//! whose partners' shares are measured, the ranking with its ranges and robustness, and
//! under each partner the channel shares with their locators.
//!
//! Default options (equal weights, substitutability 1 − share); a pure function of a
//! model view.

use statecraft_model::{ActorId, Date, Model};
use statecraft_report::{Line, Section, locators};

use crate::index::{Options, leverage};
use crate::interval::percent;

/// The section, one line per target and partner.
pub fn leverage_section(model: &Model, as_of: Option<&Date>) -> Section {
    let mut targets: Vec<ActorId> = Vec::new();
    for c in &model.channels {
        if !targets.contains(&c.to) {
            targets.push(c.to.clone());
        }
    }
    let mut lines = Vec::new();
    for target in &targets {
        let Ok(result) = leverage(model, target, as_of, &Options::default()) else {
            continue;
        };
        if result.ranking.is_empty() {
            continue;
        }
        let weights: Vec<String> = result
            .weights
            .iter()
            .map(|(k, w)| format!("{k} {w:.2}"))
            .collect();
        let mut head = Line {
            text: format!(
                "Leverage over {} ({}): ranking {}; index = share² per channel (substitutability 1 − share), weights {}",
                result.target_name,
                result.target,
                if result.robust {
                    "robust inside the ranges"
                } else {
                    "not robust: some ranks can change inside the ranges"
                },
                weights.join(", ")
            ),
            locators: Vec::new(),
            assumption: false,
            detail: Vec::new(),
        };
        for p in &result.ranking {
            let mut l = Line {
                text: format!(
                    "#{} {} ({}): total {} (rank {}–{}{})",
                    p.rank,
                    p.name,
                    p.partner,
                    p.total,
                    p.rank_range.0,
                    p.rank_range.1,
                    if p.robust { ", robust" } else { "" }
                ),
                locators: Vec::new(),
                assumption: false,
                detail: Vec::new(),
            };
            for c in result.channels.iter().filter(|c| c.measured()) {
                let Some(share) = c.partners.iter().find(|s| s.partner == p.partner) else {
                    continue;
                };
                let evidence: Vec<_> = share
                    .inputs
                    .iter()
                    .flat_map(|i| i.evidence.iter().cloned())
                    .collect();
                let mut locs: Vec<String> = Vec::new();
                for l in locators(&evidence) {
                    if !locs.contains(&l) {
                        locs.push(l);
                    }
                }
                let period = share.period.map(|d| format!(" ({d})")).unwrap_or_default();
                let ids: Vec<&str> = share
                    .inputs
                    .iter()
                    .map(|i| i.observation.as_str())
                    .collect();
                l.detail.push(Line {
                    text: if ids.is_empty() {
                        format!(
                            "{}: share unknown, at most {} (no figure)",
                            c.kind,
                            percent(share.share).trim_start_matches("0–")
                        )
                    } else {
                        format!(
                            "{}: share {}{period} from {}",
                            c.kind,
                            percent(share.share),
                            ids.join(", ")
                        )
                    },
                    locators: locs,
                    assumption: share.inputs.iter().any(|i| i.assumption),
                    detail: Vec::new(),
                });
            }
            head.detail.push(l);
        }
        if !result.unmeasured.is_empty() {
            let kinds: Vec<&str> = result.unmeasured.iter().map(|k| k.as_str()).collect();
            head.detail.push(Line {
                text: format!(
                    "left out (no partner's share measured): {}",
                    kinds.join(", ")
                ),
                locators: Vec::new(),
                assumption: false,
                detail: Vec::new(),
            });
        }
        lines.push(head);
    }
    Section {
        id: "leverage".into(),
        title: "Leverage".into(),
        lines,
    }
}
