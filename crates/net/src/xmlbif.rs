//! Reading and writing XMLBIF 0.3 (the XML form of BIF written by pgmpy,
//! Weka and JavaBayes).
//!
//! A `DEFINITION`'s `TABLE` lists parent configurations with the last `GIVEN`
//! varying fastest and the `FOR` variable's state fastest within each, which
//! is this crate's CPT layout. Tag names are matched without regard to case;
//! `PROPERTY` elements and unknown elements are ignored. Every problem is
//! reported with line and column. The reader never panics.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::error::{Diagnostic, NetError, Position, Problem};
use crate::network::{CptSpec, Network, NetworkBuilder};

fn format_error(diagnostics: Vec<Diagnostic>) -> NetError {
    NetError::Format {
        format: "XMLBIF",
        diagnostics,
    }
}

fn named<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    tag: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(tag))
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Where each line of a text starts, found once: asking the document for each
/// node's position scans the text from its start, which made reading a large
/// file quadratic.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The line and column (both from 1, the column in characters) of a byte
    /// offset.
    fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        Position {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

/// Reads a network from XMLBIF text.
pub fn read(text: &str) -> Result<Network, NetError> {
    let document = roxmltree::Document::parse(text).map_err(|error| {
        let pos = error.pos();
        format_error(vec![Diagnostic {
            position: Position {
                line: pos.row as usize,
                column: pos.col as usize,
            },
            // roxmltree's message ends with the position, which the
            // diagnostic already carries.
            message: format!("malformed XML: {error}")
                .trim_end_matches(&format!(" at {}:{}", pos.row, pos.col))
                .to_owned(),
        }])
    })?;
    let lines = Lines::new(text);
    let at = |node: roxmltree::Node<'_, '_>| lines.position(node.range().start);
    let root = document.root_element();
    let mut diagnostics = Vec::new();
    let network = if root.tag_name().name().eq_ignore_ascii_case("NETWORK") {
        Some(root)
    } else {
        named(root, "NETWORK").next()
    };
    let Some(network) = network else {
        return Err(format_error(vec![Diagnostic {
            position: at(root),
            message: "expected a NETWORK element".to_owned(),
        }]));
    };
    let name = named(network, "NAME")
        .next()
        .map(text_of)
        .unwrap_or_default();
    struct Declared {
        name: String,
        position: Position,
        states: Vec<String>,
    }
    let mut variables: Vec<Declared> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for node in named(network, "VARIABLE") {
        let position = at(node);
        let Some(name) = named(node, "NAME").next().map(text_of) else {
            diagnostics.push(Diagnostic {
                position,
                message: "VARIABLE has no NAME".to_owned(),
            });
            continue;
        };
        let states: Vec<String> = named(node, "OUTCOME").map(text_of).collect();
        if index.insert(name.clone(), variables.len()).is_some() {
            diagnostics.push(Diagnostic {
                position,
                message: format!("variable '{name}' is declared twice"),
            });
        }
        variables.push(Declared {
            name,
            position,
            states,
        });
    }
    let mut builder = NetworkBuilder::new(name);
    for variable in &variables {
        builder.variable(variable.name.clone(), variable.states.iter().cloned());
    }
    let mut definition_at: HashMap<String, Position> = HashMap::new();
    let mut table_at: HashMap<String, Position> = HashMap::new();
    for node in named(network, "DEFINITION") {
        let position = at(node);
        let Some(child) = named(node, "FOR").next() else {
            diagnostics.push(Diagnostic {
                position,
                message: "DEFINITION has no FOR".to_owned(),
            });
            continue;
        };
        let child_name = text_of(child);
        let Some(&child_id) = index.get(&child_name) else {
            diagnostics.push(Diagnostic {
                position: at(child),
                message: format!("unknown variable '{child_name}'"),
            });
            continue;
        };
        if definition_at.insert(child_name.clone(), position).is_some() {
            diagnostics.push(Diagnostic {
                position,
                message: format!("variable '{child_name}' has a second DEFINITION"),
            });
            continue;
        }
        let mut parents = Vec::new();
        let mut rows = 1usize;
        let mut bad = false;
        for given in named(node, "GIVEN") {
            let parent = text_of(given);
            match index.get(&parent) {
                Some(&p) => {
                    rows = rows.saturating_mul(variables[p].states.len());
                    parents.push(parent);
                }
                None => {
                    bad = true;
                    diagnostics.push(Diagnostic {
                        position: at(given),
                        message: format!("unknown variable '{parent}'"),
                    });
                }
            }
        }
        if bad {
            continue;
        }
        let Some(table) = named(node, "TABLE").next() else {
            diagnostics.push(Diagnostic {
                position,
                message: format!("DEFINITION of '{child_name}' has no TABLE"),
            });
            continue;
        };
        let table_position = at(table);
        table_at.insert(child_name.clone(), table_position);
        let mut values = Vec::new();
        for word in text_of(table).split(|c: char| c.is_whitespace() || c == ',') {
            if word.is_empty() {
                continue;
            }
            match word.parse::<f64>() {
                Ok(x) => values.push(x),
                Err(_) => {
                    bad = true;
                    diagnostics.push(Diagnostic {
                        position: table_position,
                        message: format!("expected a probability in TABLE, found '{word}'"),
                    });
                    break;
                }
            }
        }
        if bad {
            continue;
        }
        let expected = rows.saturating_mul(variables[child_id].states.len());
        if values.len() != expected {
            diagnostics.push(Diagnostic {
                position: table_position,
                message: format!(
                    "TABLE of '{child_name}' has {} values, expected {expected}",
                    values.len()
                ),
            });
            continue;
        }
        let parent_names: Vec<&str> = parents.iter().map(String::as_str).collect();
        builder.cpt_spec(&child_name, &parent_names, CptSpec::Values(values));
    }
    if variables.is_empty() {
        diagnostics.push(Diagnostic {
            position: at(network),
            message: "the network declares no variables".to_owned(),
        });
    }
    for variable in &variables {
        if !definition_at.contains_key(&variable.name) {
            diagnostics.push(Diagnostic {
                position: variable.position,
                message: format!("variable '{}' has no DEFINITION", variable.name),
            });
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|d| d.position);
        return Err(format_error(diagnostics));
    }
    builder.build().map_err(|error| match error {
        NetError::InvalidNetwork { problems } => {
            let mut diagnostics: Vec<Diagnostic> = problems
                .into_iter()
                .map(|problem: Problem| {
                    let name = problem.variable.clone().unwrap_or_default();
                    let position = table_at
                        .get(&name)
                        .or_else(|| definition_at.get(&name))
                        .copied()
                        .or_else(|| {
                            variables
                                .iter()
                                .find(|v| v.name == name)
                                .map(|v| v.position)
                        })
                        .unwrap_or(Position { line: 1, column: 1 });
                    Diagnostic {
                        position,
                        message: problem.to_string(),
                    }
                })
                .collect();
            diagnostics.sort_by_key(|d| d.position);
            format_error(diagnostics)
        }
        other => other,
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes a network as XMLBIF 0.3.
pub fn write(network: &Network) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BIF VERSION=\"0.3\">\n<NETWORK>\n");
    let _ = writeln!(out, "<NAME>{}</NAME>", escape(network.name()));
    for variable in network.variables() {
        out.push_str("<VARIABLE TYPE=\"nature\">\n");
        let _ = writeln!(out, "  <NAME>{}</NAME>", escape(variable.name()));
        for state in variable.states() {
            let _ = writeln!(out, "  <OUTCOME>{}</OUTCOME>", escape(state));
        }
        out.push_str("</VARIABLE>\n");
    }
    for id in 0..network.len() {
        out.push_str("<DEFINITION>\n");
        let _ = writeln!(out, "  <FOR>{}</FOR>", escape(network.variable(id).name()));
        for &p in network.parents(id) {
            let _ = writeln!(
                out,
                "  <GIVEN>{}</GIVEN>",
                escape(network.variable(p).name())
            );
        }
        let values: Vec<String> = network.cpt(id).iter().map(|x| format!("{x:?}")).collect();
        let _ = writeln!(out, "  <TABLE>{}</TABLE>", values.join(" "));
        out.push_str("</DEFINITION>\n");
    }
    out.push_str("</NETWORK>\n</BIF>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn positions_match_the_xml_parser_s() {
        let text = "<?xml version=\"1.0\"?>\r\n<BIF>\t<NETWORK>\n  <NAME>Ré\u{1F600}x</NAME>\n\
                    \t\t<VARIABLE><NAME>é</NAME><OUTCOME>a</OUTCOME></VARIABLE>\n\n<X/></NETWORK></BIF>";
        let document = roxmltree::Document::parse(text).expect("parses");
        let lines = Lines::new(text);
        let mut checked = 0;
        for node in document.descendants() {
            let offset = node.range().start;
            let theirs = document.text_pos_at(offset);
            let ours = lines.position(offset);
            assert_eq!(
                (ours.line, ours.column),
                (theirs.row as usize, theirs.col as usize),
                "at byte {offset}"
            );
            checked += 1;
        }
        assert!(checked > 10);
    }
}
