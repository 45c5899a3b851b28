//! Readers for the scenario file formats: KTAB SMP CSV and XML, the
//! `Actor,Capability,Position,Salience` tables of expected-utility
//! replications (CSV or TSV), and the `#A/#P/#M/#D` exchange-model text.
//!
//! Readers take the file's text, not a path: opening files is the caller's
//! job. Every reader collects all problems it finds, each with its row and
//! column (1-based), and returns them together. No reader panics on any input.

mod actor_table;
mod exchange;
mod ktab_csv;
mod ktab_xml;

pub use actor_table::read_actor_table;
pub use exchange::read_exchange;
pub use ktab_csv::read_ktab_csv;
pub use ktab_xml::read_ktab_xml;

use crate::error::{BargainError, Location, Problem};
use crate::scenario::{Estimate, Scenario};

/// The file formats the readers understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// KTAB SMP CSV: row 1 `name,desc,nActors,nDims`, row 2 header, then actors.
    KtabCsv,
    /// KTAB SMP XML (smpSchema.xsd).
    KtabXml,
    /// `Actor,Capability,Position,Salience` (CSV or TSV, headers in any order).
    ActorTable,
    /// Exchange-model text: `#A`, `#P`, `#M`, `#D` lines.
    Exchange,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::KtabCsv => "KTAB CSV",
            Format::KtabXml => "KTAB XML",
            Format::ActorTable => "actor table",
            Format::Exchange => "exchange-model text",
        }
    }
}

/// Guesses the format from the file name's extension and the text.
pub fn guess_format(file_name: &str, text: &str) -> Option<Format> {
    let lower = file_name.to_ascii_lowercase();
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if lower.ends_with(".xml") || body.starts_with('<') {
        return Some(Format::KtabXml);
    }
    let lines = split_lines(text);
    if lines
        .iter()
        .any(|(_, l)| l.trim_start().trim_start_matches('\'').starts_with("#A"))
    {
        return Some(Format::Exchange);
    }
    let first = lines.first()?;
    let delimiter = if first.1.contains('\t') { '\t' } else { ',' };
    let header: Vec<String> = split_fields(first.1, delimiter)
        .into_iter()
        .map(|f| f.to_ascii_lowercase())
        .collect();
    if actor_table::looks_like_header(&header) {
        return Some(Format::ActorTable);
    }
    if let Some(second) = lines.get(1) {
        let cells = split_fields(second.1, ',');
        if cells
            .first()
            .is_some_and(|c| c.eq_ignore_ascii_case("actor"))
        {
            return Some(Format::KtabCsv);
        }
    }
    None
}

/// Reads a file's text in the given format. Exchange files give one scenario
/// per issue; the other formats give one.
pub fn read(format: Format, text: &str) -> Result<Vec<Scenario>, BargainError> {
    match format {
        Format::KtabCsv => read_ktab_csv(text).map(|s| vec![s]),
        Format::KtabXml => read_ktab_xml(text).map(|s| vec![s]),
        Format::ActorTable => read_actor_table(text).map(|s| vec![s]),
        Format::Exchange => read_exchange(text),
    }
}

/// Non-empty lines with their 1-based line numbers. Accepts LF, CRLF and the
/// bare CR of old Mac files; drops a leading byte-order mark.
pub(crate) fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut number = 0;
    let mut rest = text;
    while !rest.is_empty() {
        number += 1;
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        let mut next = end;
        if rest[end..].starts_with("\r\n") {
            next += 2;
        } else if end < rest.len() {
            next += 1;
        }
        rest = &rest[next..];
        if !line.trim().is_empty() {
            out.push((number, line));
        }
    }
    out
}

/// Splits one line into trimmed fields; double quotes group a field that
/// contains the delimiter. Trailing empty fields are kept (callers ignore them).
pub(crate) fn split_fields(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    current.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                current.push(c);
            }
        } else if c == '"' && current.trim().is_empty() {
            current.clear();
            quoted = true;
        } else if c == delimiter {
            fields.push(current.trim().to_string());
            current.clear();
        } else {
            current.push(c);
        }
    }
    fields.push(current.trim().to_string());
    fields
}

/// A cell's location.
pub(crate) fn cell(row: usize, column: usize, header: Option<&str>) -> Location {
    Location::Cell {
        row,
        column,
        header: header.filter(|h| !h.is_empty()).map(str::to_string),
    }
}

/// Parses a number, or reports that the cell is not one.
pub(crate) fn number(text: &str, location: &Location, problems: &mut Vec<Problem>) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        problems.push(Problem::new(
            location.clone(),
            "empty cell; a number is needed",
        ));
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            problems.push(Problem::new(
                location.clone(),
                format!("'{}' is not a number", shorten(t)),
            ));
            None
        }
    }
}

/// Parses a number or a range written `low..high`.
pub(crate) fn estimate(
    text: &str,
    location: &Location,
    problems: &mut Vec<Problem>,
) -> Option<Estimate> {
    match text.split_once("..") {
        Some((a, b)) if !a.trim().is_empty() => {
            let before = problems.len();
            let low = number(a, location, problems);
            let high = number(b, location, problems);
            if problems.len() > before {
                return None;
            }
            Some(Estimate::range(low?, high?))
        }
        _ => number(text, location, problems).map(Estimate::exact),
    }
}

/// Keeps quoted cell text short in messages.
pub(crate) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}
