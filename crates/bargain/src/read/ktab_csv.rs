//! KTAB SMP CSV: row 1 `name,desc,nActors,nDims,` (the final comma may be
//! missing; further cells are ignored, as KTAB does), row 2 the header
//! `Actor,Description,Power,Pstn1,Sal1,...`, then one row per actor.
//! Positions and saliences are on 0–100; saliences are stored on 0–1.

use super::{cell, number, shorten, split_fields, split_lines};
use crate::error::{BargainError, Location, Problem, check};
use crate::scenario::{Actor, Dimension, Estimate, Scenario};

/// KTAB refuses fewer actors than this; so does the reader.
const MIN_ACTORS: usize = 3;

pub fn read_ktab_csv(text: &str) -> Result<Scenario, BargainError> {
    let lines = split_lines(text);
    let mut problems = Vec::new();
    let Some(&(first_row, first_line)) = lines.first() else {
        return Err(BargainError::at(Location::Input, "the file is empty"));
    };
    let first = split_fields(first_line, ',');
    if first.len() < 4 {
        return Err(BargainError::at(
            Location::Row { row: first_row },
            format!(
                "row 1 needs 4 cells (name, description, number of actors, number of dimensions); it has {}",
                first.len()
            ),
        ));
    }
    let count = |column: usize, what: &str, problems: &mut Vec<Problem>| -> Option<usize> {
        let location = cell(first_row, column, Some(what));
        let value = number(&first[column - 1], &location, problems)?;
        if value < 0.0 || value.fract() != 0.0 {
            problems.push(Problem::new(
                location,
                format!("'{}' is not a whole number", shorten(&first[column - 1])),
            ));
            return None;
        }
        Some(value as usize)
    };
    let declared_actors = count(3, "nActors", &mut problems);
    let dims = count(4, "nDims", &mut problems);
    if let Some(n) = declared_actors
        && n < MIN_ACTORS
    {
        problems.push(Problem::new(
            cell(first_row, 3, Some("nActors")),
            format!("{n} actor(s); at least {MIN_ACTORS} are needed"),
        ));
    }
    if dims == Some(0) {
        problems.push(Problem::new(
            cell(first_row, 4, Some("nDims")),
            "0 dimensions; at least 1 is needed",
        ));
    }
    let (Some(dims), false) = (dims, dims == Some(0)) else {
        return Err(BargainError::InvalidInput(crate::error::Problems(problems)));
    };
    let Some(&(header_row, header_line)) = lines.get(1) else {
        problems.push(Problem::new(
            Location::Row { row: first_row + 1 },
            "the header row (Actor,Description,Power,...) is missing",
        ));
        return Err(BargainError::InvalidInput(crate::error::Problems(problems)));
    };
    let header = split_fields(header_line, ',');
    let needed = 3 + 2 * dims;
    if header.iter().filter(|h| !h.is_empty()).count() < needed {
        problems.push(Problem::new(
            Location::Row { row: header_row },
            format!(
                "the header has {} named column(s); {dims} dimension(s) need {needed} (Actor, Description, Power, then a position and a salience per dimension)",
                header.iter().filter(|h| !h.is_empty()).count()
            ),
        ));
        return Err(BargainError::InvalidInput(crate::error::Problems(problems)));
    }
    let dimensions: Vec<Dimension> = (0..dims)
        .map(|k| Dimension::new(header[3 + 2 * k].clone()))
        .collect();
    let rows = &lines[2..];
    if let Some(n) = declared_actors
        && rows.len() != n
    {
        problems.push(Problem::new(
            cell(first_row, 3, Some("nActors")),
            format!(
                "row 1 declares {n} actors but the file has {} actor row(s)",
                rows.len()
            ),
        ));
    }
    let mut actors: Vec<Actor> = Vec::new();
    let mut first_seen: Vec<(String, usize)> = Vec::new();
    for &(row, line) in rows {
        let cells = split_fields(line, ',');
        let at = |column: usize| cell(row, column, header.get(column - 1).map(String::as_str));
        let used = cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |p| p + 1);
        if used < needed {
            problems.push(Problem::new(
                Location::Row { row },
                format!("{used} cell(s); {needed} are needed"),
            ));
            continue;
        }
        let name = cells[0].clone();
        if name.is_empty() {
            problems.push(Problem::new(at(1), "actor name is empty"));
        } else if let Some((_, earlier)) = first_seen.iter().find(|(n, _)| *n == name) {
            problems.push(Problem::new(
                at(1),
                format!("actor '{}' repeats row {earlier}", shorten(&name)),
            ));
        } else {
            first_seen.push((name.clone(), row));
        }
        let power = number(&cells[2], &at(3), &mut problems);
        if let Some(p) = power
            && p < 0.0
        {
            problems.push(Problem::new(at(3), format!("power {p} is negative")));
        }
        let mut positions = Vec::with_capacity(dims);
        let mut saliences = Vec::with_capacity(dims);
        let mut total = 0.0;
        for k in 0..dims {
            let (pc, sc) = (4 + 2 * k, 5 + 2 * k);
            let position = number(&cells[pc - 1], &at(pc), &mut problems);
            if let Some(x) = position
                && !(0.0..=100.0).contains(&x)
            {
                problems.push(Problem::new(
                    at(pc),
                    format!("position {x} is outside 0 to 100"),
                ));
            }
            let salience = number(&cells[sc - 1], &at(sc), &mut problems);
            if let Some(s) = salience {
                if !(0.0..=100.0).contains(&s) {
                    problems.push(Problem::new(
                        at(sc),
                        format!("salience {s} is outside 0 to 100"),
                    ));
                } else {
                    total += s;
                }
            }
            positions.push(Estimate::exact(position.unwrap_or(0.0)));
            saliences.push(Estimate::exact(salience.unwrap_or(0.0) / 100.0));
        }
        if total > 100.0 + 1e-9 {
            problems.push(Problem::new(
                Location::Row { row },
                format!("saliences sum to {total}; an actor's total attention is at most 100"),
            ));
        }
        actors.push(Actor {
            name,
            description: cells[1].clone(),
            capability: Estimate::exact(power.unwrap_or(0.0)),
            positions,
            saliences,
            veto: false,
        });
    }
    check(problems)?;
    Ok(Scenario {
        name: first[0].clone(),
        description: first[1].clone(),
        dimensions,
        actors,
        status_quo: None,
        procedure: None,
        ideal_adjustments: Vec::new(),
        smp_parameters: None,
    })
}
