//! Loading a model from the texts of its files, with diagnostics.
//!
//! The loader takes file names and contents (it does no I/O itself: see [`crate::store`]),
//! parses each as TOML (or JSON, for `.json` names), deserializes every record on its own
//! so that one bad record does not hide the others, then validates the whole. Every
//! problem is reported with its file, line and column; nothing is reported as a panic.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::types::*;
use crate::validate::{Field, Kind, Problem, validate};

/// A whole model: every record of every kind, in the order the files give them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Model {
    #[serde(skip_serializing_if = "is_empty_info")]
    pub model: ModelInfo,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub goals: Vec<Goal>,
    pub issues: Vec<Issue>,
    pub positions: Vec<Position>,
    pub channels: Vec<Channel>,
    pub observations: Vec<Observation>,
    pub events: Vec<Event>,
    pub measures: Vec<Measure>,
    pub variables: Vec<Variable>,
    pub forecasts: Vec<Forecast>,
}

fn is_empty_info(info: &ModelInfo) -> bool {
    *info == ModelInfo::default()
}

/// One input file: a name to report (usually its path) and its text.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub text: String,
}

/// One problem found in a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A parsed file, kept while loading so problems can be placed.
struct Parsed {
    name: Arc<str>,
    text: String,
    /// Byte offsets where each line starts, so placing a span is a binary search.
    line_starts: Vec<usize>,
    /// `None` for JSON, which is placed by path instead.
    document: Option<toml_edit::ImDocument<String>>,
}

/// Where a record came from: its file, the key it was written under and its index.
#[derive(Debug, Clone)]
struct Origin {
    file: usize,
    key: String,
    index: usize,
}

/// A path segment inside a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

const KINDS: [(Kind, &str, &str); 11] = [
    (Kind::Source, "source", "sources"),
    (Kind::Actor, "actor", "actors"),
    (Kind::Goal, "goal", "goals"),
    (Kind::Issue, "issue", "issues"),
    (Kind::Position, "position", "positions"),
    (Kind::Channel, "channel", "channels"),
    (Kind::Observation, "observation", "observations"),
    (Kind::Event, "event", "events"),
    (Kind::Measure, "measure", "measures"),
    (Kind::Variable, "variable", "variables"),
    (Kind::Forecast, "forecast", "forecasts"),
];

/// Loads and validates a model from its files, in the order given.
pub fn load(files: &[InputFile]) -> Result<Model, Diagnostics> {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let mut model = Model::default();
    let mut origins: HashMap<Kind, Vec<Origin>> = HashMap::new();
    // Files that could not be read at all (syntax, or not a table).
    let mut unread: Vec<Arc<str>> = Vec::new();

    for input in files {
        let name: Arc<str> = Arc::from(input.name.as_str());
        let is_json = input.name.ends_with(".json");
        let table = if is_json {
            match serde_json::from_str::<toml::Value>(&input.text) {
                Ok(toml::Value::Table(table)) => table,
                Ok(_) => {
                    diagnostics.push(file_problem(
                        &name,
                        "a model file must hold a table (a JSON object)",
                    ));
                    unread.push(name.clone());
                    continue;
                }
                Err(error) => {
                    diagnostics.push(Diagnostic {
                        location: Location {
                            file: name.clone(),
                            line: u32::try_from(error.line()).unwrap_or(0),
                            column: u32::try_from(error.column()).unwrap_or(0),
                            path: String::new(),
                        },
                        message: format!("invalid JSON: {error}"),
                    });
                    unread.push(name.clone());
                    continue;
                }
            }
        } else {
            match toml_edit::ImDocument::parse(input.text.clone()) {
                Ok(document) => {
                    let table = match toml::from_str::<toml::Table>(&input.text) {
                        Ok(table) => table,
                        Err(error) => {
                            let span = error.span().unwrap_or(0..0);
                            diagnostics.push(at_span(
                                &name,
                                &input.text,
                                span,
                                format!("invalid TOML: {}", error.message()),
                            ));
                            unread.push(name.clone());
                            continue;
                        }
                    };
                    parsed.push(Parsed {
                        name: name.clone(),
                        line_starts: line_starts(&input.text),
                        text: input.text.clone(),
                        document: Some(document),
                    });
                    table
                }
                Err(error) => {
                    let span = error.span().unwrap_or(0..0);
                    let message = error.message().trim().to_string();
                    diagnostics.push(at_span(
                        &name,
                        &input.text,
                        span,
                        format!("invalid TOML: {message}"),
                    ));
                    unread.push(name.clone());
                    continue;
                }
            }
        };
        if is_json {
            parsed.push(Parsed {
                name: name.clone(),
                line_starts: line_starts(&input.text),
                text: input.text.clone(),
                document: None,
            });
        }
        let file_index = parsed.len() - 1;

        for (key, value) in table {
            if key == "model" {
                match serde_path_to_error::deserialize::<_, ModelInfo>(value) {
                    Ok(info) => model.model = info,
                    Err(error) => {
                        diagnostics.push(record_error(&parsed[file_index], &key, None, error))
                    }
                }
                continue;
            }
            let Some(&(kind, _, _)) = KINDS
                .iter()
                .find(|(_, one, many)| key == *one || key == *many)
            else {
                let known: Vec<&str> = KINDS.iter().map(|(_, one, _)| *one).collect();
                diagnostics.push(locate(
                    &parsed[file_index],
                    &key,
                    None,
                    &[],
                    format!("unknown table {key:?} (known: model, {})", known.join(", ")),
                ));
                continue;
            };
            let toml::Value::Array(items) = value else {
                diagnostics.push(locate(
                    &parsed[file_index],
                    &key,
                    None,
                    &[],
                    format!("{key:?} must be an array of tables (write [[{key}]])"),
                ));
                continue;
            };
            for (index, item) in items.into_iter().enumerate() {
                let origin = Origin {
                    file: file_index,
                    key: key.clone(),
                    index,
                };
                let ok = match kind {
                    Kind::Source => take(&parsed[file_index], &origin, item, &mut model.sources),
                    Kind::Actor => take(&parsed[file_index], &origin, item, &mut model.actors),
                    Kind::Goal => take(&parsed[file_index], &origin, item, &mut model.goals),
                    Kind::Issue => take(&parsed[file_index], &origin, item, &mut model.issues),
                    Kind::Position => {
                        take(&parsed[file_index], &origin, item, &mut model.positions)
                    }
                    Kind::Channel => take(&parsed[file_index], &origin, item, &mut model.channels),
                    Kind::Observation => {
                        take(&parsed[file_index], &origin, item, &mut model.observations)
                    }
                    Kind::Event => take(&parsed[file_index], &origin, item, &mut model.events),
                    Kind::Measure => take(&parsed[file_index], &origin, item, &mut model.measures),
                    Kind::Variable => {
                        take(&parsed[file_index], &origin, item, &mut model.variables)
                    }
                    Kind::Forecast => {
                        take(&parsed[file_index], &origin, item, &mut model.forecasts)
                    }
                };
                match ok {
                    Ok(()) => origins.entry(kind).or_default().push(origin),
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
    }

    place_records(&mut model, &parsed, &origins);

    // With a file unread, the records in it are missing and every reference to them
    // would be reported: those are counted in one note instead of listed.
    let mut unlisted = 0;
    for problem in validate(&model) {
        if unread.is_empty() {
            diagnostics.push(place_problem(&parsed, &origins, problem));
        } else {
            unlisted += 1;
        }
    }

    if diagnostics.is_empty() {
        Ok(model)
    } else {
        diagnostics.sort_by(|a, b| {
            (a.location.file.as_ref(), a.location.line, a.location.column).cmp(&(
                b.location.file.as_ref(),
                b.location.line,
                b.location.column,
            ))
        });
        diagnostics.dedup();
        if unlisted > 0 {
            diagnostics.push(file_problem(
                &unread[0],
                &if unread.len() == 1 {
                    format!(
                        "{unlisted} problem(s) between records are not listed: this file could \
                         not be read, and the records others refer to may be in it; fix it and \
                         check again"
                    )
                } else {
                    format!(
                        "{unlisted} problem(s) between records are not listed: {} files could \
                         not be read ({}), and the records others refer to may be in them; fix \
                         them and check again",
                        unread.len(),
                        unread
                            .iter()
                            .map(|f| f.as_ref())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            ));
        }
        Err(Diagnostics(diagnostics))
    }
}

fn take<T: DeserializeOwned>(
    parsed: &Parsed,
    origin: &Origin,
    item: toml::Value,
    into: &mut Vec<T>,
) -> Result<(), Diagnostic> {
    match serde_path_to_error::deserialize::<_, T>(item) {
        Ok(record) => {
            into.push(record);
            Ok(())
        }
        Err(error) => Err(record_error(parsed, &origin.key, Some(origin.index), error)),
    }
}

fn record_error(
    parsed: &Parsed,
    key: &str,
    index: Option<usize>,
    error: serde_path_to_error::Error<toml::de::Error>,
) -> Diagnostic {
    let mut segs: Vec<Seg> = error
        .path()
        .iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                None
            }
        })
        .collect();
    let message = error.inner().message().trim().to_string();
    // An unknown field is reported against the record; point at the field itself.
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some(field) = rest.split('`').next() {
            if segs.last() != Some(&Seg::Key(field.to_string())) {
                segs.push(Seg::Key(field.to_string()));
            }
        }
    }
    let what = match index {
        Some(_) => format!("{key} record"),
        None => format!("[{key}]"),
    };
    let field = segs_to_string(&segs);
    let message = if field.is_empty() {
        format!("{what}: {message}")
    } else {
        format!("{what}, field {field}: {message}")
    };
    locate(parsed, key, index, &segs, message)
}

fn segs_to_string(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn file_problem(name: &Arc<str>, message: &str) -> Diagnostic {
    Diagnostic {
        location: Location {
            file: name.clone(),
            line: 0,
            column: 0,
            path: String::new(),
        },
        message: message.to_string(),
    }
}

/// The byte offsets at which the lines of a text start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Line and column of a byte offset using precomputed line starts.
fn line_column_fast(text: &str, starts: &[usize], offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let line = starts.partition_point(|&s| s <= offset).max(1);
    let start = starts[line - 1];
    let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Line and column (1-based, columns in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let mut line = 1u32;
    let mut line_start = 0usize;
    for (i, b) in text.bytes().enumerate().take(offset) {
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = text
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    (line, u32::try_from(column).unwrap_or(u32::MAX))
}

fn at_span(name: &Arc<str>, text: &str, span: Range<usize>, message: String) -> Diagnostic {
    let (line, column) = line_column(text, span.start);
    Diagnostic {
        location: Location {
            file: name.clone(),
            line,
            column,
            path: String::new(),
        },
        message,
    }
}

/// The location of a record (or a part of it) in its file.
fn location_of(parsed: &Parsed, key: &str, index: Option<usize>, segs: &[Seg]) -> Location {
    let mut path = key.to_string();
    if let Some(i) = index {
        path.push_str(&format!("[{i}]"));
    }
    let inner = segs_to_string(segs);
    if !inner.is_empty() {
        path.push('.');
        path.push_str(&inner);
    }
    let span = parsed
        .document
        .as_ref()
        .and_then(|doc| span_in(doc, key, index, segs));
    match span {
        Some(span) => {
            let (line, column) = line_column_fast(&parsed.text, &parsed.line_starts, span.start);
            Location {
                file: parsed.name.clone(),
                line,
                column,
                path,
            }
        }
        None => Location {
            file: parsed.name.clone(),
            line: 0,
            column: 0,
            path,
        },
    }
}

fn locate(
    parsed: &Parsed,
    key: &str,
    index: Option<usize>,
    segs: &[Seg],
    message: String,
) -> Diagnostic {
    Diagnostic {
        location: location_of(parsed, key, index, segs),
        message,
    }
}

/// Finds the most specific span for a path, falling back to the nearest enclosing one.
fn span_in(
    doc: &toml_edit::ImDocument<String>,
    key: &str,
    index: Option<usize>,
    segs: &[Seg],
) -> Option<Range<usize>> {
    let (top_key, top) = doc.as_table().get_key_value(key)?;
    let mut best = top_key.span();
    let mut current = Node::Item(top);
    let mut all: Vec<Seg> = Vec::new();
    if let Some(i) = index {
        all.push(Seg::Index(i));
    }
    all.extend_from_slice(segs);
    for seg in &all {
        let next = match (&current, seg) {
            (Node::Item(item), Seg::Index(i)) => match item {
                toml_edit::Item::ArrayOfTables(array) => array.get(*i).map(Node::Table),
                toml_edit::Item::Value(toml_edit::Value::Array(array)) => {
                    array.get(*i).map(Node::Value)
                }
                _ => None,
            },
            (Node::Value(toml_edit::Value::Array(array)), Seg::Index(i)) => {
                array.get(*i).map(Node::Value)
            }
            (Node::Item(item), Seg::Key(k)) => match item {
                toml_edit::Item::Table(table) => table.get_key_value(k).map(|(key, v)| {
                    best = key.span().or(best.clone());
                    Node::Item(v)
                }),
                toml_edit::Item::Value(toml_edit::Value::InlineTable(table)) => {
                    table.get_key_value(k).map(|(key, v)| {
                        best = key.span().or(best.clone());
                        Node::Item(v)
                    })
                }
                _ => None,
            },
            (Node::Table(table), Seg::Key(k)) => table.get_key_value(k).map(|(key, v)| {
                best = key.span().or(best.clone());
                Node::Item(v)
            }),
            (Node::Value(toml_edit::Value::InlineTable(table)), Seg::Key(k)) => {
                table.get_key_value(k).map(|(key, v)| {
                    best = key.span().or(best.clone());
                    Node::Item(v)
                })
            }
            _ => None,
        };
        let Some(next) = next else { break };
        if let Some(span) = next.span() {
            best = Some(span);
        }
        current = next;
    }
    best
}

enum Node<'a> {
    Item(&'a toml_edit::Item),
    Table(&'a toml_edit::Table),
    Value(&'a toml_edit::Value),
}

impl Node<'_> {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Item(item) => item.span(),
            // The span of an array-of-tables entry starts at its `[[header]]`.
            Node::Table(table) => table.span(),
            Node::Value(value) => value.span(),
        }
    }
}

/// Fills in the locations of records, rows and evidence so later checks (evidence
/// texts) can report them.
fn place_records(model: &mut Model, parsed: &[Parsed], origins: &HashMap<Kind, Vec<Origin>>) {
    let at = |kind: Kind, i: usize, segs: &[Seg]| -> Location {
        match origins.get(&kind).and_then(|o| o.get(i)) {
            Some(origin) => {
                location_of(&parsed[origin.file], &origin.key, Some(origin.index), segs)
            }
            None => Location::default(),
        }
    };
    let key = |k: &str| Seg::Key(k.to_string());
    macro_rules! place {
        ($vec:expr, $kind:expr) => {
            for (i, record) in $vec.iter_mut().enumerate() {
                record.location = at($kind, i, &[]);
                for (j, evidence) in record.evidence.iter_mut().enumerate() {
                    evidence.location = at($kind, i, &[key("evidence"), Seg::Index(j)]);
                }
            }
        };
    }
    for (i, source) in model.sources.iter_mut().enumerate() {
        source.location = at(Kind::Source, i, &[]);
    }
    place!(model.actors, Kind::Actor);
    place!(model.goals, Kind::Goal);
    place!(model.issues, Kind::Issue);
    place!(model.positions, Kind::Position);
    place!(model.channels, Kind::Channel);
    place!(model.observations, Kind::Observation);
    place!(model.events, Kind::Event);
    place!(model.measures, Kind::Measure);
    place!(model.variables, Kind::Variable);
    place!(model.forecasts, Kind::Forecast);
    for (i, actor) in model.actors.iter_mut().enumerate() {
        for (m, membership) in actor.memberships.iter_mut().enumerate() {
            for (j, evidence) in membership.evidence.iter_mut().enumerate() {
                evidence.location = at(
                    Kind::Actor,
                    i,
                    &[
                        key("memberships"),
                        Seg::Index(m),
                        key("evidence"),
                        Seg::Index(j),
                    ],
                );
            }
        }
    }
    for (i, measure) in model.measures.iter_mut().enumerate() {
        for (list, rules) in [
            ("restricts", &mut measure.restricts),
            ("exemptions", &mut measure.exemptions),
        ] {
            for (r, rule) in rules.iter_mut().enumerate() {
                for (j, evidence) in rule.evidence.iter_mut().enumerate() {
                    evidence.location = at(
                        Kind::Measure,
                        i,
                        &[key(list), Seg::Index(r), key("evidence"), Seg::Index(j)],
                    );
                }
            }
        }
        for (d, deadline) in measure.deadlines.iter_mut().enumerate() {
            for (j, evidence) in deadline.evidence.iter_mut().enumerate() {
                evidence.location = at(
                    Kind::Measure,
                    i,
                    &[
                        key("deadlines"),
                        Seg::Index(d),
                        key("evidence"),
                        Seg::Index(j),
                    ],
                );
            }
        }
    }
    for (i, variable) in model.variables.iter_mut().enumerate() {
        for (r, row) in variable.rows.iter_mut().enumerate() {
            row.location = at(Kind::Variable, i, &[key("row"), Seg::Index(r)]);
            for (j, evidence) in row.evidence.iter_mut().enumerate() {
                evidence.location = at(
                    Kind::Variable,
                    i,
                    &[key("row"), Seg::Index(r), key("evidence"), Seg::Index(j)],
                );
            }
        }
    }
}

fn place_problem(
    parsed: &[Parsed],
    origins: &HashMap<Kind, Vec<Origin>>,
    problem: Problem,
) -> Diagnostic {
    let location = match origins
        .get(&problem.kind)
        .and_then(|o| o.get(problem.index))
    {
        Some(origin) => {
            let segs: Vec<Seg> = problem
                .field
                .iter()
                .map(|f| match f {
                    Field::Key(k) => Seg::Key((*k).to_string()),
                    Field::Index(i) => Seg::Index(*i),
                })
                .collect();
            location_of(&parsed[origin.file], &origin.key, Some(origin.index), &segs)
        }
        None => Location::default(),
    };
    Diagnostic {
        location,
        message: problem.message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, text.find('x').unwrap_or(0)), (2, 6));
        let starts = line_starts(text);
        for offset in 0..text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    line_column_fast(text, &starts, offset),
                    line_column(text, offset),
                    "{offset}"
                );
            }
        }
    }
}
