//! Exchange-model text (decide-exchange): tab-separated lines, fields in
//! single quotes. `#A id name` declares an actor, `#P id name` an issue,
//! `#M issue value` the issue's scale ends (min then max), and
//! `#D actor issue position salience power` one actor's data on one issue.
//! Each issue becomes its own single-dimension scenario; power is the
//! capability. Other lines are ignored.

use super::{number, shorten, split_lines};
use crate::error::{BargainError, Location, Problem, check};
use crate::scenario::{Actor, Dimension, Estimate, Scale, Scenario};

fn fields(line: &str) -> Vec<String> {
    line.split('\t')
        .map(|f| {
            let t = f.trim();
            t.strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .unwrap_or(t)
                .to_string()
        })
        .collect()
}

struct Issue {
    id: String,
    name: String,
    line: usize,
    bounds: Vec<f64>,
    entries: Vec<(usize, String, f64, f64, f64)>,
}

pub fn read_exchange(text: &str) -> Result<Vec<Scenario>, BargainError> {
    let mut problems = Vec::new();
    let mut actors: Vec<(String, String, usize)> = Vec::new();
    let mut issues: Vec<Issue> = Vec::new();
    for (line_number, line) in split_lines(text) {
        let f = fields(line);
        let at = |column: usize| Location::Line {
            line: line_number,
            column,
        };
        let tag = f[0].as_str();
        match tag {
            "#A" | "#P" if f.len() < 2 || f[1].is_empty() => {
                problems.push(Problem::new(at(2), format!("{tag} line without an id")));
            }
            "#A" => {
                let id = f[1].clone();
                if let Some((_, _, earlier)) = actors.iter().find(|a| a.0 == id) {
                    problems.push(Problem::new(
                        at(2),
                        format!("actor '{}' repeats line {earlier}", shorten(&id)),
                    ));
                } else {
                    let name = f.get(2).filter(|n| !n.is_empty()).unwrap_or(&id).clone();
                    actors.push((id, name, line_number));
                }
            }
            "#P" => {
                let id = f[1].clone();
                if issues.iter().any(|i| i.id == id) {
                    problems.push(Problem::new(
                        at(2),
                        format!("issue '{}' is declared twice", shorten(&id)),
                    ));
                } else {
                    let name = f.get(2).filter(|n| !n.is_empty()).unwrap_or(&id).clone();
                    issues.push(Issue {
                        id,
                        name,
                        line: line_number,
                        bounds: Vec::new(),
                        entries: Vec::new(),
                    });
                }
            }
            "#M" => {
                if f.len() < 3 {
                    problems.push(Problem::new(at(1), "#M needs an issue and a value"));
                    continue;
                }
                let value = number(&f[2], &at(3), &mut problems);
                match (issues.iter_mut().find(|i| i.id == f[1]), value) {
                    (Some(issue), Some(v)) => issue.bounds.push(v),
                    (None, _) => problems.push(Problem::new(
                        at(2),
                        format!("unknown issue '{}'", shorten(&f[1])),
                    )),
                    _ => {}
                }
            }
            "#D" => {
                if f.len() < 6 {
                    problems.push(Problem::new(
                        at(1),
                        "#D needs actor, issue, position, salience and power",
                    ));
                    continue;
                }
                let position = number(&f[3], &at(4), &mut problems);
                let salience = number(&f[4], &at(5), &mut problems);
                let power = number(&f[5], &at(6), &mut problems);
                if let Some(s) = salience
                    && !(0.0..=1.0).contains(&s)
                {
                    problems.push(Problem::new(
                        at(5),
                        format!("salience {s} is outside 0 to 1"),
                    ));
                }
                if let Some(p) = power
                    && p < 0.0
                {
                    problems.push(Problem::new(at(6), format!("power {p} is negative")));
                }
                if !actors.iter().any(|a| a.0 == f[1]) {
                    problems.push(Problem::new(
                        at(2),
                        format!("unknown actor '{}'", shorten(&f[1])),
                    ));
                    continue;
                }
                let Some(issue) = issues.iter_mut().find(|i| i.id == f[2]) else {
                    problems.push(Problem::new(
                        at(3),
                        format!("unknown issue '{}'", shorten(&f[2])),
                    ));
                    continue;
                };
                if let Some((earlier, ..)) = issue.entries.iter().find(|e| e.1 == f[1]) {
                    problems.push(Problem::new(
                        at(2),
                        format!(
                            "actor '{}' repeats line {earlier} on this issue",
                            shorten(&f[1])
                        ),
                    ));
                    continue;
                }
                if let (Some(x), Some(s), Some(p)) = (position, salience, power) {
                    issue.entries.push((line_number, f[1].clone(), x, s, p));
                }
            }
            _ => {}
        }
    }
    if issues.is_empty() && problems.is_empty() {
        problems.push(Problem::new(Location::Input, "no issue (#P line) found"));
    }
    let mut scenarios = Vec::new();
    for issue in &issues {
        let scale = match issue.bounds.as_slice() {
            [] => Scale::PERCENT,
            [a, b, ..] if a < b => Scale { min: *a, max: *b },
            _ => {
                problems.push(Problem::new(
                    Location::Line {
                        line: issue.line,
                        column: 2,
                    },
                    format!(
                        "issue '{}' needs two #M lines, minimum then maximum",
                        shorten(&issue.id)
                    ),
                ));
                continue;
            }
        };
        if issue.entries.len() < 2 {
            problems.push(Problem::new(
                Location::Line {
                    line: issue.line,
                    column: 2,
                },
                format!(
                    "issue '{}' has {} actor(s) with data; at least 2 are needed",
                    shorten(&issue.id),
                    issue.entries.len()
                ),
            ));
            continue;
        }
        let mut issue_actors = Vec::new();
        for (line, actor, x, s, p) in &issue.entries {
            if !scale.contains(*x) {
                problems.push(Problem::new(
                    Location::Line {
                        line: *line,
                        column: 4,
                    },
                    format!(
                        "position {x} is outside the issue's scale {} to {}",
                        scale.min, scale.max
                    ),
                ));
            }
            let name = actors
                .iter()
                .find(|a| &a.0 == actor)
                .map_or(actor.clone(), |a| a.1.clone());
            issue_actors.push(Actor::new(
                name,
                Estimate::exact(*p),
                Estimate::exact(*x),
                Estimate::exact(*s),
            ));
        }
        let mut scenario = Scenario::issue(issue.name.clone(), issue_actors);
        scenario.dimensions = vec![Dimension {
            name: issue.name.clone(),
            scale,
        }];
        scenarios.push(scenario);
    }
    check(problems)?;
    Ok(scenarios)
}
