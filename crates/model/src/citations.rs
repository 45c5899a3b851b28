//! Every place in a model that cites evidence, with the numbers it states.
//!
//! Checks against source texts (hashes, stated numbers) and coverage reports walk this
//! list rather than each record type, so a new record type is added here once.

use crate::load::Model;
use crate::types::*;

/// A group of locators that together support one datum (or one part of it, such as a
/// row of a probability table), and the numbers that datum states.
#[derive(Debug, Clone)]
pub struct Citation<'m> {
    /// What is cited, for messages: `observation "trade-2014"`.
    pub label: String,
    /// The id of the datum (for coverage and search results).
    pub datum: String,
    pub evidence: &'m [Evidence],
    /// Numbers the datum states that must occur in at least one cited paragraph.
    pub numbers: Vec<f64>,
}

fn years(date: &crate::date::Date) -> Vec<f64> {
    date.years().into_iter().map(f64::from).collect()
}

/// Lists every citation of the model, in record order.
pub fn citations(model: &Model) -> Vec<Citation<'_>> {
    let mut list: Vec<Citation<'_>> = Vec::new();
    for a in &model.actors {
        list.push(Citation {
            label: format!("actor {:?}", a.id.0),
            datum: a.id.0.clone(),
            evidence: &a.evidence,
            numbers: vec![],
        });
        for m in &a.memberships {
            list.push(Citation {
                label: format!("actor {:?}, membership of {:?}", a.id.0, m.of.0),
                datum: a.id.0.clone(),
                evidence: &m.evidence,
                numbers: vec![],
            });
        }
    }
    for g in &model.goals {
        list.push(Citation {
            label: format!("goal {:?}", g.id.0),
            datum: g.id.0.clone(),
            evidence: &g.evidence,
            numbers: vec![],
        });
    }
    for x in &model.issues {
        list.push(Citation {
            label: format!("issue {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: vec![],
        });
    }
    for x in &model.positions {
        list.push(Citation {
            label: format!("position {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: vec![],
        });
    }
    for x in &model.channels {
        list.push(Citation {
            label: format!("channel {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: vec![],
        });
    }
    for x in &model.observations {
        let mut numbers = Vec::new();
        if let Some(v) = &x.value {
            numbers.push(v.low());
            if v.high() != v.low() {
                numbers.push(v.high());
            }
        }
        if !x.period_inferred {
            numbers.extend(years(&x.period));
        }
        list.push(Citation {
            label: format!("observation {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers,
        });
    }
    for x in &model.events {
        list.push(Citation {
            label: format!("event {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: if x.date_inferred {
                vec![]
            } else {
                years(&x.date)
            },
        });
    }
    for x in &model.measures {
        list.push(Citation {
            label: format!("measure {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: if x.adopted_inferred {
                vec![]
            } else {
                vec![f64::from(x.adopted.start.year)]
            },
        });
        for r in x.restricts.iter().chain(&x.exemptions) {
            list.push(Citation {
                label: format!("measure {:?}, rule {:?}", x.id.0, r.id.0),
                datum: x.id.0.clone(),
                evidence: &r.evidence,
                numbers: vec![],
            });
        }
        for d in &x.deadlines {
            list.push(Citation {
                label: format!("measure {:?}, deadline {:?}", x.id.0, d.id.0),
                datum: x.id.0.clone(),
                evidence: &d.evidence,
                numbers: vec![],
            });
        }
    }
    for x in &model.variables {
        list.push(Citation {
            label: format!("variable {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: vec![],
        });
        for (r, row) in x.rows.iter().enumerate() {
            list.push(Citation {
                label: format!("variable {:?}, row {}", x.id.0, r + 1),
                datum: x.id.0.clone(),
                evidence: &row.evidence,
                numbers: vec![],
            });
        }
    }
    for x in &model.forecasts {
        list.push(Citation {
            label: format!("forecast {:?}", x.id.0),
            datum: x.id.0.clone(),
            evidence: &x.evidence,
            numbers: vec![],
        });
    }
    list.retain(|c| !c.evidence.is_empty());
    list
}
