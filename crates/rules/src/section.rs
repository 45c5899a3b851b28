//! The rules engine's section of the brief: what it knows beyond the list of measures
//! in force — deadlines pending and passed, rules with their own dates, and the words
//! an activity can be asked about.
//!
//! Built from a model view and its date; it evaluates no activity.

use statecraft_model::{Date, Model};
use statecraft_report::{Line, Section, locators};

use crate::activity::vocabulary;
use crate::evaluate::covers;
use crate::truth::Truth;

fn line(text: String, evidence: &[statecraft_model::Evidence], assumption: bool) -> Line {
    Line {
        text,
        locators: locators(evidence),
        assumption,
        detail: Vec::new(),
    }
}

/// Days from the end of `as_of` to a deadline's first day (positive: still ahead).
fn days_until(as_of: &Date, deadline: &Date) -> i64 {
    deadline.start.ordinal() - as_of.end.ordinal()
}

/// The section: deadlines (pending, passed, or falling within the date), rules with
/// their own dates, and the vocabulary of goods, routes and purposes.
pub fn rules_section(model: &Model, as_of: Option<&Date>) -> Section {
    let mut lines = Vec::new();
    let in_force = |m: &statecraft_model::Measure| {
        as_of.is_none_or(|d| {
            covers(Some(&m.effective_from()), m.in_force_to.as_ref(), d) != Truth::No
        })
    };

    let mut deadlines: Vec<(&statecraft_model::Measure, &statecraft_model::Deadline)> = model
        .measures
        .iter()
        .filter(|m| in_force(m))
        .flat_map(|m| m.deadlines.iter().map(move |d| (m, d)))
        .collect();
    deadlines.sort_by(|a, b| {
        a.1.date
            .chronological(&b.1.date)
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    for (measure, deadline) in deadlines {
        let status = match as_of {
            None => String::new(),
            Some(d) if deadline.date.start > d.end => {
                format!(
                    " (pending, {} days after {d})",
                    days_until(d, &deadline.date)
                )
            }
            Some(d) if deadline.date.end < d.start => format!(" (passed by {d})"),
            Some(d) => format!(" (falls within {d}: ask about a day)"),
        };
        let mut l = line(
            format!(
                "deadline {} of {}{status}: {}",
                deadline.date, measure.id, deadline.description
            ),
            &deadline.evidence,
            deadline.assumption,
        );
        for rule in measure
            .restricts
            .iter()
            .chain(&measure.exemptions)
            .filter(|r| r.until_deadline.as_ref() == Some(&deadline.id))
        {
            let kind = if measure.exemptions.iter().any(|e| e.id == rule.id) {
                "exemption"
            } else {
                "restriction"
            };
            l.detail.push(line(
                format!("{kind} {} lapses after it: {}", rule.id, rule.description),
                &rule.evidence,
                rule.assumption,
            ));
        }
        lines.push(l);
    }

    for measure in model.measures.iter().filter(|m| in_force(m)) {
        for (kind, rules) in [
            ("restriction", &measure.restricts),
            ("exemption", &measure.exemptions),
        ] {
            for rule in rules
                .iter()
                .filter(|r| r.from.is_some() || r.until.is_some())
            {
                let dates = match (&rule.from, &rule.until) {
                    (Some(f), Some(u)) => format!("from {f} until {u}"),
                    (Some(f), None) => format!("from {f}"),
                    (None, Some(u)) => format!("until {u}"),
                    (None, None) => continue,
                };
                let status = match as_of.map(|d| covers(rule.from.as_ref(), rule.until.as_ref(), d))
                {
                    Some(Truth::Yes) => " — applies",
                    Some(Truth::No) => " — does not apply at this date",
                    Some(Truth::Unknown) => " — starts or ends within this date",
                    None => "",
                };
                lines.push(line(
                    format!(
                        "{kind} {} of {} applies {dates}{status}: {}",
                        rule.id, measure.id, rule.description
                    ),
                    &rule.evidence,
                    rule.assumption,
                ));
            }
        }
    }

    let restrictions: usize = model
        .measures
        .iter()
        .filter(|m| in_force(m))
        .map(|m| m.restricts.len())
        .sum();
    let exemptions: usize = model
        .measures
        .iter()
        .filter(|m| in_force(m))
        .map(|m| m.exemptions.len())
        .sum();
    if restrictions + exemptions > 0 {
        let words = vocabulary(model);
        let join = |set: &std::collections::BTreeSet<String>| {
            if set.is_empty() {
                "none".to_string()
            } else {
                set.iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        lines.push(Line {
            text: format!(
                "{restrictions} restrictions and {exemptions} exemptions in force; `statecraft permitted` answers for an activity. Goods the rules name: {}; routes: {}; purposes: {}",
                join(&words.goods),
                join(&words.via),
                join(&words.purposes)
            ),
            locators: Vec::new(),
            assumption: false,
            detail: Vec::new(),
        });
    }
    let title = if as_of.is_some() {
        "Sanctions rules: deadlines and dated rules"
    } else {
        "Sanctions rules: deadlines and dated rules (all dates)"
    };
    Section {
        id: "rules".into(),
        title: title.into(),
        lines,
    }
}
