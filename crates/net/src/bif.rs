//! Reading and writing BIF (the Bayesian Interchange Format used by bnlearn,
//! pgmpy, JavaBayes and GeNIe exports).
//!
//! The reader is lenient where real files are: a name or state is any run of
//! characters other than white space and `{ } ( ) [ ] , ; |` (so `Asy/Patch`
//! and `<5` are fine), or a double-quoted string; `property` statements and
//! `//` and `/* */` comments are skipped; values may be separated by commas or
//! spaces. A `probability` block may give rows by parent states, a `default`
//! row for configurations not listed, or a `table`: without parents the
//! distribution, with parents every entry with the child's state slowest (the
//! layout pgmpy reads), so `table` holds the child's first state for every
//! parent configuration, then its second, and so on.
//!
//! The reader reports every problem it finds with line and column; syntax
//! errors stop it at the first. It never panics. The writer emits the
//! row-per-configuration form, with shortest round-trip number formatting, so
//! reading back what it wrote gives the identical network.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::error::{Diagnostic, NetError, Position, Problem};
use crate::network::{CptSpec, Network, NetworkBuilder};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Spanned {
    token: Token,
    position: Position,
}

/// Largest CPT the reader accepts. A `default` row lets a few bytes declare
/// a huge table; this bound (far above any published network's) keeps a
/// malformed file from exhausting memory.
const MAX_CPT_ENTRIES: usize = 1 << 26;

const PUNCTUATION: &[char] = &['{', '}', '(', ')', '[', ']', ',', ';', '|'];

fn lex(text: &str) -> Result<Vec<Spanned>, Diagnostic> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    // Advances over one character, keeping line and column current.
    macro_rules! bump {
        () => {{
            let next = chars.next();
            if let Some((_, c)) = next {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            next
        }};
    }
    while let Some(&(_, c)) = chars.peek() {
        let position = Position { line, column };
        if c.is_whitespace() {
            bump!();
        } else if c == '/' && text[chars.peek().map_or(0, |p| p.0)..].starts_with("//") {
            while let Some(&(_, c)) = chars.peek() {
                if c == '\n' {
                    break;
                }
                bump!();
            }
        } else if c == '/' && text[chars.peek().map_or(0, |p| p.0)..].starts_with("/*") {
            bump!();
            bump!();
            let mut closed = false;
            while let Some((i, _)) = bump!() {
                if text[i..].starts_with("*/") {
                    bump!();
                    closed = true;
                    break;
                }
            }
            if !closed {
                return Err(Diagnostic {
                    position,
                    message: "comment is not closed".to_owned(),
                });
            }
        } else if PUNCTUATION.contains(&c) {
            bump!();
            tokens.push(Spanned {
                token: Token::Punct(c),
                position,
            });
        } else if c == '"' {
            bump!();
            let mut word = String::new();
            let mut closed = false;
            while let Some((_, c)) = bump!() {
                if c == '"' {
                    closed = true;
                    break;
                }
                word.push(c);
            }
            if !closed {
                return Err(Diagnostic {
                    position,
                    message: "string is not closed".to_owned(),
                });
            }
            tokens.push(Spanned {
                token: Token::Word(word),
                position,
            });
        } else {
            let mut word = String::new();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace()
                    || PUNCTUATION.contains(&c)
                    || c == '"'
                    || text[i..].starts_with("//")
                    || text[i..].starts_with("/*")
                {
                    break;
                }
                word.push(c);
                bump!();
            }
            tokens.push(Spanned {
                token: Token::Word(word),
                position,
            });
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Spanned>,
    at: usize,
    end: Position,
}

type Parse<T> = Result<T, Diagnostic>;

impl Parser {
    fn peek(&self) -> Option<&Spanned> {
        self.tokens.get(self.at)
    }

    fn position(&self) -> Position {
        self.peek().map_or(self.end, |t| t.position)
    }

    fn error<T>(&self, message: impl Into<String>) -> Parse<T> {
        let message = message.into();
        let message = match self.peek() {
            None => format!("{message}, found the end of the file"),
            Some(Spanned {
                token: Token::Word(w),
                ..
            }) => format!("{message}, found '{w}'"),
            Some(Spanned {
                token: Token::Punct(c),
                ..
            }) => format!("{message}, found '{c}'"),
        };
        Err(Diagnostic {
            position: self.position(),
            message,
        })
    }

    fn expect(&mut self, c: char) -> Parse<Position> {
        match self.peek() {
            Some(Spanned {
                token: Token::Punct(p),
                position,
            }) if *p == c => {
                let position = *position;
                self.at += 1;
                Ok(position)
            }
            _ => self.error(format!("expected '{c}'")),
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if matches!(self.peek(), Some(Spanned { token: Token::Punct(p), .. }) if *p == c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(Spanned { token: Token::Punct(p), .. }) if *p == c)
    }

    fn word(&mut self, what: &str) -> Parse<(String, Position)> {
        match self.peek() {
            Some(Spanned {
                token: Token::Word(w),
                position,
            }) => {
                let out = (w.clone(), *position);
                self.at += 1;
                Ok(out)
            }
            _ => self.error(format!("expected {what}")),
        }
    }

    /// Skips tokens up to and including the next `;` (for `property` lines).
    fn skip_statement(&mut self) -> Parse<()> {
        loop {
            match self.peek() {
                None => return self.error("expected ';'"),
                Some(Spanned {
                    token: Token::Punct(';'),
                    ..
                }) => {
                    self.at += 1;
                    return Ok(());
                }
                Some(Spanned {
                    token: Token::Punct('}'),
                    ..
                }) => return self.error("expected ';'"),
                _ => self.at += 1,
            }
        }
    }

    fn number(&mut self) -> Parse<(f64, Position)> {
        let (word, position) = self.word("a probability")?;
        match word.parse::<f64>() {
            Ok(x) => Ok((x, position)),
            Err(_) => Err(Diagnostic {
                position,
                message: format!("expected a probability, found '{word}'"),
            }),
        }
    }

    /// Numbers separated by commas or spaces, up to a `;`.
    fn numbers(&mut self) -> Parse<Vec<f64>> {
        let mut out = Vec::new();
        loop {
            if self.eat(';') {
                return Ok(out);
            }
            if !out.is_empty() {
                self.eat(',');
                if self.eat(';') {
                    return Ok(out);
                }
            }
            out.push(self.number()?.0);
        }
    }

    /// Comma-separated names between `open` and `close`.
    fn name_list(&mut self, open: char, close: char, what: &str) -> Parse<Vec<(String, Position)>> {
        self.expect(open)?;
        let mut out = Vec::new();
        if self.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(self.word(what)?);
            if self.eat(close) {
                return Ok(out);
            }
            if !self.eat(',') {
                return self.error(format!("expected ',' or '{close}'"));
            }
        }
    }
}

struct VariableDecl {
    name: String,
    position: Position,
    states: Vec<String>,
}

enum RowKey {
    Table,
    Default,
    States(Vec<(String, Position)>),
}

struct RowDecl {
    key: RowKey,
    position: Position,
    values: Vec<f64>,
}

struct ProbabilityDecl {
    child: (String, Position),
    parents: Vec<(String, Position)>,
    position: Position,
    rows: Vec<RowDecl>,
}

fn parse_document(text: &str) -> Parse<(String, Vec<VariableDecl>, Vec<ProbabilityDecl>)> {
    let tokens = lex(text)?;
    let (line, column) = text.lines().enumerate().last().map_or((1, 1), |(i, l)| {
        if text.ends_with('\n') {
            (i + 2, 1)
        } else {
            (i + 1, l.chars().count() + 1)
        }
    });
    let mut parser = Parser {
        tokens,
        at: 0,
        end: Position { line, column },
    };
    let mut name = String::new();
    let mut variables = Vec::new();
    let mut probabilities = Vec::new();
    while let Some(token) = parser.peek() {
        let Token::Word(keyword) = &token.token else {
            return parser.error("expected 'network', 'variable' or 'probability'");
        };
        match keyword.as_str() {
            "network" => {
                parser.at += 1;
                let mut words = Vec::new();
                while !parser.is_punct('{') {
                    words.push(parser.word("a network name or '{'")?.0);
                }
                name = words.join(" ");
                parser.expect('{')?;
                while !parser.eat('}') {
                    if parser.peek().is_none() {
                        return parser.error("expected '}'");
                    }
                    parser.skip_statement()?;
                }
            }
            "variable" => {
                let keyword_position = token.position;
                parser.at += 1;
                let (var, position) = parser.word("a variable name")?;
                parser.expect('{')?;
                let mut states = None;
                while !parser.eat('}') {
                    let (word, at) = parser.word("'type' or 'property'")?;
                    match word.as_str() {
                        "type" => {
                            let kind = parser.word("'discrete'")?;
                            if kind.0 != "discrete" {
                                return Err(Diagnostic {
                                    position: kind.1,
                                    message: format!(
                                        "only discrete variables are supported, found '{}'",
                                        kind.0
                                    ),
                                });
                            }
                            parser.expect('[')?;
                            let (count, count_at) = parser.word("the number of states")?;
                            let Ok(count) = count.parse::<usize>() else {
                                return Err(Diagnostic {
                                    position: count_at,
                                    message: format!(
                                        "expected the number of states, found '{count}'"
                                    ),
                                });
                            };
                            parser.expect(']')?;
                            let list = parser.name_list('{', '}', "a state name")?;
                            parser.expect(';')?;
                            if list.len() != count {
                                return Err(Diagnostic {
                                    position: count_at,
                                    message: format!(
                                        "variable '{var}' declares {count} states but lists {}",
                                        list.len()
                                    ),
                                });
                            }
                            states = Some(list.into_iter().map(|s| s.0).collect());
                        }
                        "property" => parser.skip_statement()?,
                        other => {
                            return Err(Diagnostic {
                                position: at,
                                message: format!("expected 'type' or 'property', found '{other}'"),
                            });
                        }
                    }
                }
                let Some(states) = states else {
                    return Err(Diagnostic {
                        position: keyword_position,
                        message: format!("variable '{var}' has no 'type discrete' line"),
                    });
                };
                variables.push(VariableDecl {
                    name: var,
                    position,
                    states,
                });
            }
            "probability" => {
                let position = token.position;
                parser.at += 1;
                parser.expect('(')?;
                let child = parser.word("a variable name")?;
                let mut parents = Vec::new();
                if parser.eat('|') {
                    loop {
                        parents.push(parser.word("a parent name")?);
                        if parser.eat(')') {
                            break;
                        }
                        if !parser.eat(',') {
                            return parser.error("expected ',' or ')'");
                        }
                    }
                } else {
                    parser.expect(')')?;
                }
                parser.expect('{')?;
                let mut rows = Vec::new();
                while !parser.eat('}') {
                    let row_position = parser.position();
                    if parser.is_punct('(') {
                        let states = parser.name_list('(', ')', "a parent state")?;
                        let values = parser.numbers()?;
                        rows.push(RowDecl {
                            key: RowKey::States(states),
                            position: row_position,
                            values,
                        });
                        continue;
                    }
                    let (word, at) = parser.word("'table', 'default', 'property' or '('")?;
                    match word.as_str() {
                        "table" => rows.push(RowDecl {
                            key: RowKey::Table,
                            position: row_position,
                            values: parser.numbers()?,
                        }),
                        "default" => rows.push(RowDecl {
                            key: RowKey::Default,
                            position: row_position,
                            values: parser.numbers()?,
                        }),
                        "property" => parser.skip_statement()?,
                        other => {
                            return Err(Diagnostic {
                                position: at,
                                message: format!(
                                    "expected 'table', 'default', 'property' or '(', found '{other}'"
                                ),
                            });
                        }
                    }
                }
                probabilities.push(ProbabilityDecl {
                    child,
                    parents,
                    position,
                    rows,
                });
            }
            _ => return parser.error("expected 'network', 'variable' or 'probability'"),
        }
    }
    Ok((name, variables, probabilities))
}

fn format_error(diagnostics: Vec<Diagnostic>) -> NetError {
    NetError::Format {
        format: "BIF",
        diagnostics,
    }
}

/// Reads a network from BIF text.
pub fn read(text: &str) -> Result<Network, NetError> {
    let (name, variables, probabilities) =
        parse_document(text).map_err(|d| format_error(vec![d]))?;
    let mut diagnostics = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (id, variable) in variables.iter().enumerate() {
        if index.insert(variable.name.as_str(), id).is_some() {
            diagnostics.push(Diagnostic {
                position: variable.position,
                message: format!("variable '{}' is declared twice", variable.name),
            });
        }
    }
    // Where each variable's CPT block and rows are, to place the builder's
    // problems (row sums, cycles) in the file.
    let mut block_of: HashMap<&str, &ProbabilityDecl> = HashMap::new();
    let mut row_positions: HashMap<&str, Vec<Option<Position>>> = HashMap::new();
    let mut builder = NetworkBuilder::new(name);
    for variable in &variables {
        builder.variable(variable.name.clone(), variable.states.iter().cloned());
    }
    for block in &probabilities {
        let (child_name, child_at) = (&block.child.0, block.child.1);
        let Some(&child) = index.get(child_name.as_str()) else {
            diagnostics.push(Diagnostic {
                position: child_at,
                message: format!("unknown variable '{child_name}'"),
            });
            continue;
        };
        if block_of.insert(child_name.as_str(), block).is_some() {
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!("variable '{child_name}' has a second probability block"),
            });
            continue;
        }
        let mut parent_ids = Vec::new();
        let mut unknown = false;
        for (parent, at) in &block.parents {
            match index.get(parent.as_str()) {
                Some(&p) => parent_ids.push(p),
                None => {
                    unknown = true;
                    diagnostics.push(Diagnostic {
                        position: *at,
                        message: format!("unknown variable '{parent}'"),
                    });
                }
            }
        }
        if unknown {
            continue;
        }
        let card = variables[child].states.len();
        let parent_cards: Vec<usize> = parent_ids
            .iter()
            .map(|&p| variables[p].states.len())
            .collect();
        let Some(rows) = parent_cards
            .iter()
            .try_fold(1usize, |a, &c| a.checked_mul(c))
        else {
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!("the CPT of '{child_name}' is too large"),
            });
            continue;
        };
        if rows.checked_mul(card).is_none_or(|n| n > MAX_CPT_ENTRIES) {
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!("the CPT of '{child_name}' is too large"),
            });
            continue;
        }
        let mut values: Vec<Option<f64>> = vec![None; rows * card];
        let mut positions: Vec<Option<Position>> = vec![None; rows];
        let mut default: Option<(&[f64], Position)> = None;
        let before = diagnostics.len();
        for row in &block.rows {
            match &row.key {
                RowKey::Table => {
                    if row.values.len() != rows * card {
                        diagnostics.push(Diagnostic {
                            position: row.position,
                            message: format!(
                                "table of '{child_name}' has {} values, expected {}",
                                row.values.len(),
                                rows * card
                            ),
                        });
                        continue;
                    }
                    // Child's state slowest: entry (state, row) at state * rows + row.
                    for (i, &x) in row.values.iter().enumerate() {
                        let (state, r) = (i / rows, i % rows);
                        values[r * card + state] = Some(x);
                    }
                    positions.fill(Some(row.position));
                }
                RowKey::Default => {
                    if row.values.len() != card {
                        diagnostics.push(Diagnostic {
                            position: row.position,
                            message: format!(
                                "default row of '{child_name}' has {} values, expected {card}",
                                row.values.len()
                            ),
                        });
                        continue;
                    }
                    default = Some((&row.values, row.position));
                }
                RowKey::States(states) => {
                    if states.len() != parent_ids.len() {
                        diagnostics.push(Diagnostic {
                            position: row.position,
                            message: format!(
                                "row names {} parent states, '{child_name}' has {} parents",
                                states.len(),
                                parent_ids.len()
                            ),
                        });
                        continue;
                    }
                    let mut r = 0;
                    let mut bad = false;
                    for ((state, at), &p) in states.iter().zip(&parent_ids) {
                        match variables[p].states.iter().position(|s| s == state) {
                            Some(s) => r = r * variables[p].states.len() + s,
                            None => {
                                bad = true;
                                diagnostics.push(Diagnostic {
                                    position: *at,
                                    message: format!(
                                        "variable '{}' has no state '{state}'",
                                        variables[p].name
                                    ),
                                });
                            }
                        }
                    }
                    if bad {
                        continue;
                    }
                    if row.values.len() != card {
                        diagnostics.push(Diagnostic {
                            position: row.position,
                            message: format!(
                                "row of '{child_name}' has {} values, expected {card}",
                                row.values.len()
                            ),
                        });
                        continue;
                    }
                    if positions[r].is_some() {
                        diagnostics.push(Diagnostic {
                            position: row.position,
                            message: format!("row of '{child_name}' given twice"),
                        });
                        continue;
                    }
                    positions[r] = Some(row.position);
                    for (slot, &x) in values[r * card..(r + 1) * card].iter_mut().zip(&row.values) {
                        *slot = Some(x);
                    }
                }
            }
        }
        if diagnostics.len() > before {
            continue;
        }
        if let Some((row, at)) = default {
            for (r, slot) in positions.iter_mut().enumerate() {
                if slot.is_none() {
                    *slot = Some(at);
                    for (v, &x) in values[r * card..(r + 1) * card].iter_mut().zip(row) {
                        *v = Some(x);
                    }
                }
            }
        }
        if let Some(missing) = positions.iter().position(Option::is_none) {
            let states: Vec<&str> = parent_ids
                .iter()
                .zip(configuration(&parent_cards, missing))
                .map(|(&p, s)| variables[p].states[s].as_str())
                .collect();
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!(
                    "probability block of '{child_name}' has no row for ({})",
                    states.join(", ")
                ),
            });
            continue;
        }
        row_positions.insert(child_name.as_str(), positions);
        let parent_names: Vec<&str> = block.parents.iter().map(|p| p.0.as_str()).collect();
        builder.cpt_spec(
            child_name,
            &parent_names,
            CptSpec::Values(values.into_iter().map(|x| x.unwrap_or(0.0)).collect()),
        );
    }
    if variables.is_empty() {
        diagnostics.push(Diagnostic {
            position: Position { line: 1, column: 1 },
            message: "the file declares no variables".to_owned(),
        });
    }
    for variable in &variables {
        if !block_of.contains_key(variable.name.as_str()) {
            diagnostics.push(Diagnostic {
                position: variable.position,
                message: format!("variable '{}' has no probability block", variable.name),
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
                .map(|problem| place(problem, &variables, &block_of, &row_positions))
                .collect();
            diagnostics.sort_by_key(|d| d.position);
            format_error(diagnostics)
        }
        other => other,
    })
}

/// Parent states of row `row`, last parent fastest.
fn configuration(cards: &[usize], mut row: usize) -> Vec<usize> {
    let mut states = vec![0; cards.len()];
    for (slot, &card) in states.iter_mut().zip(cards).rev() {
        *slot = row % card.max(1);
        row /= card.max(1);
    }
    states
}

fn place(
    problem: Problem,
    variables: &[VariableDecl],
    blocks: &HashMap<&str, &ProbabilityDecl>,
    rows: &HashMap<&str, Vec<Option<Position>>>,
) -> Diagnostic {
    let name = problem.variable.as_deref().unwrap_or("");
    let position = problem
        .row
        .and_then(|r| rows.get(name).and_then(|p| p.get(r).copied().flatten()))
        .or_else(|| blocks.get(name).map(|b| b.position))
        .or_else(|| {
            variables
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.position)
        })
        .unwrap_or(Position { line: 1, column: 1 });
    let message = match problem.row {
        Some(_) => format!("CPT row of '{name}': {}", problem.message),
        None if name.is_empty() => problem.message,
        None => format!("variable '{name}' {}", problem.message),
    };
    Diagnostic { position, message }
}

/// Whether a name can be written bare.
fn bare(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || PUNCTUATION.contains(&c) || c == '"')
        && !name.contains("//")
        && !name.contains("/*")
}

fn quoted(name: &str) -> String {
    if bare(name) {
        name.to_owned()
    } else {
        format!("\"{name}\"")
    }
}

/// Writes a network as BIF text. Names that are not valid bare BIF words are
/// double-quoted; names containing `"` cannot be written and are rejected.
pub fn write(network: &Network) -> Result<String, NetError> {
    for variable in network.variables() {
        for name in
            std::iter::once(variable.name()).chain(variable.states().iter().map(String::as_str))
        {
            if name.contains('"') {
                return Err(NetError::InvalidArgument(format!(
                    "name '{name}' contains '\"' and cannot be written as BIF"
                )));
            }
        }
    }
    let mut out = String::new();
    let name = if network.name().is_empty() {
        "unknown"
    } else {
        network.name()
    };
    let _ = writeln!(out, "network {} {{\n}}", quoted(name));
    for variable in network.variables() {
        let states: Vec<String> = variable.states().iter().map(|s| quoted(s)).collect();
        let _ = writeln!(
            out,
            "variable {} {{\n  type discrete [ {} ] {{ {} }};\n}}",
            quoted(variable.name()),
            variable.cardinality(),
            states.join(", ")
        );
    }
    for id in 0..network.len() {
        let variable = network.variable(id);
        let parents = network.parents(id);
        let cpt = network.cpt(id);
        let card = variable.cardinality();
        let numbers = |row: &[f64]| {
            row.iter()
                .map(|x| format!("{x:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if parents.is_empty() {
            let _ = writeln!(
                out,
                "probability ( {} ) {{\n  table {};\n}}",
                quoted(variable.name()),
                numbers(cpt)
            );
            continue;
        }
        let parent_names: Vec<String> = parents
            .iter()
            .map(|&p| quoted(network.variable(p).name()))
            .collect();
        let _ = writeln!(
            out,
            "probability ( {} | {} ) {{",
            quoted(variable.name()),
            parent_names.join(", ")
        );
        for (row, values) in cpt.chunks_exact(card).enumerate() {
            let states: Vec<String> = parents
                .iter()
                .zip(network.row_configuration(id, row))
                .map(|(&p, s)| quoted(&network.variable(p).states()[s]))
                .collect();
            let _ = writeln!(out, "  ({}) {};", states.join(", "), numbers(values));
        }
        out.push_str("}\n");
    }
    Ok(out)
}
