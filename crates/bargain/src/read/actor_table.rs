//! The actor tables of expected-utility replications: a header naming the
//! actor, capability, position and salience columns in any order (`Actor`,
//! `Capability`, `Position`, `Salience`; also `Name`/`Stakeholder`,
//! `Resources`/`Power`/`c`, `x`, `s`), comma- or tab-separated, plus an
//! optional `Veto` column (yes/no, true/false, 1/0).
//!
//! Saliences are on 0–1, or on 0–100 when any salience exceeds 1 (the
//! replications use both); positions must lie on 0–100. A cell may hold a
//! range `low..high` for the uncertainty engine.

use super::{cell, estimate, shorten, split_fields, split_lines};
use crate::error::{BargainError, Location, Problem, check};
use crate::scenario::{Actor, Estimate, Scenario};

const NAME: &[&str] = &["actor", "name", "stakeholder", ""];
const CAPABILITY: &[&str] = &["capability", "resources", "power", "influence", "c"];
const POSITION: &[&str] = &["position", "x"];
const SALIENCE: &[&str] = &["salience", "s"];
const VETO: &[&str] = &["veto"];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

pub(crate) fn looks_like_header(lower: &[String]) -> bool {
    find(lower, CAPABILITY).is_some()
        && find(lower, POSITION).is_some()
        && find(lower, SALIENCE).is_some()
}

pub fn read_actor_table(text: &str) -> Result<Scenario, BargainError> {
    let lines = split_lines(text);
    let Some(&(header_row, header_line)) = lines.first() else {
        return Err(BargainError::at(Location::Input, "the file is empty"));
    };
    let delimiter = if header_line.contains('\t') {
        '\t'
    } else {
        ','
    };
    let header_cells = split_fields(header_line, delimiter);
    let header: Vec<String> = header_cells
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut problems = Vec::new();
    let columns = (
        find(&header, NAME),
        find(&header, CAPABILITY),
        find(&header, POSITION),
        find(&header, SALIENCE),
    );
    let (Some(name_col), Some(cap_col), Some(pos_col), Some(sal_col)) = columns else {
        return Err(BargainError::at(
            Location::Row { row: header_row },
            "the header must name the actor, capability, position and salience columns (e.g. Actor,Capability,Position,Salience)",
        ));
    };
    let veto_col = find(&header, VETO);
    let needed = [name_col, cap_col, pos_col, sal_col, veto_col.unwrap_or(0)]
        .into_iter()
        .max()
        .unwrap_or(0)
        + 1;
    struct Row {
        row: usize,
        name: String,
        capability: Option<Estimate>,
        position: Option<Estimate>,
        salience: Option<Estimate>,
        veto: bool,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut first_seen: Vec<(String, usize)> = Vec::new();
    for &(row, line) in &lines[1..] {
        let cells = split_fields(line, delimiter);
        let at = |column: usize| {
            cell(
                row,
                column + 1,
                header_cells.get(column).map(String::as_str),
            )
        };
        if cells.len() < needed {
            problems.push(Problem::new(
                Location::Row { row },
                format!("{} cell(s); {needed} are needed", cells.len()),
            ));
            continue;
        }
        let name = cells[name_col].clone();
        if name.is_empty() {
            problems.push(Problem::new(at(name_col), "actor name is empty"));
        } else if let Some((_, earlier)) = first_seen.iter().find(|(n, _)| *n == name) {
            problems.push(Problem::new(
                at(name_col),
                format!("actor '{}' repeats row {earlier}", shorten(&name)),
            ));
        } else {
            first_seen.push((name.clone(), row));
        }
        let capability = estimate(&cells[cap_col], &at(cap_col), &mut problems);
        if let Some(c) = capability
            && c.low() < 0.0
        {
            problems.push(Problem::new(
                at(cap_col),
                format!("capability {c} is negative"),
            ));
        }
        let position = estimate(&cells[pos_col], &at(pos_col), &mut problems);
        if let Some(p) = position
            && (p.low() < 0.0 || p.high() > 100.0)
        {
            problems.push(Problem::new(
                at(pos_col),
                format!("position {p} is outside 0 to 100"),
            ));
        }
        let salience = estimate(&cells[sal_col], &at(sal_col), &mut problems);
        let veto = match veto_col {
            None => false,
            Some(v) => match cells[v].to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "y" => true,
                "no" | "false" | "0" | "n" | "" => false,
                other => {
                    problems.push(Problem::new(
                        at(v),
                        format!("'{}' is not yes/no", shorten(other)),
                    ));
                    false
                }
            },
        };
        rows.push(Row {
            row,
            name,
            capability,
            position,
            salience,
            veto,
        });
    }
    if rows.len() < 2 {
        problems.push(Problem::new(
            Location::Row { row: header_row },
            format!("{} actor row(s); at least 2 are needed", rows.len()),
        ));
    }
    // The replications write saliences on 0–1 or on 0–100; any value above 1
    // means the file uses 0–100.
    let percent = rows
        .iter()
        .filter_map(|r| r.salience)
        .any(|s| s.high() > 1.0);
    let limit = if percent { 100.0 } else { 1.0 };
    for r in &rows {
        if let Some(s) = r.salience
            && (s.low() < 0.0 || s.high() > limit)
        {
            problems.push(Problem::new(
                cell(
                    r.row,
                    sal_col + 1,
                    header_cells.get(sal_col).map(String::as_str),
                ),
                format!("salience {s} is outside 0 to 100"),
            ));
        }
    }
    check(problems)?;
    let scale = |e: Estimate| {
        if percent {
            Estimate::range(e.low() / 100.0, e.high() / 100.0)
        } else {
            e
        }
    };
    let actors = rows
        .into_iter()
        .map(|r| {
            Actor::new(
                r.name,
                r.capability.unwrap_or(Estimate::exact(0.0)),
                r.position.unwrap_or(Estimate::exact(0.0)),
                scale(r.salience.unwrap_or(Estimate::exact(0.0))),
            )
            .with_veto(r.veto)
        })
        .collect();
    // The file names no issue; the caller may name the scenario (e.g. after the file).
    let mut scenario = Scenario::issue("", actors);
    scenario.dimensions[0].name = "position".into();
    Ok(scenario)
}
