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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Spanned<'a> {
    token: Token<'a>,
    position: Position,
}

/// Largest CPT the reader accepts. A `default` row lets a few bytes declare
/// a huge table; this bound (far above any published network's) keeps a
/// malformed file from exhausting memory.
const MAX_CPT_ENTRIES: usize = 1 << 26;

const PUNCTUATION: &[char] = &['{', '}', '(', ')', '[', ']', ',', ';', '|'];

fn is_punctuation(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'}' | b'(' | b')' | b'[' | b']' | b',' | b';' | b'|'
    )
}

/// Splits the text into tokens on demand, borrowing words from the text (no
/// allocation per token). Works on bytes: every delimiter is ASCII, and a
/// UTF-8 continuation byte never equals an ASCII one; non-ASCII characters
/// are decoded only to ask whether they are white space. Columns count
/// characters, not bytes.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Lexer<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn starts_with(&self, at: usize, pattern: &[u8]) -> bool {
        self.bytes()[at..].starts_with(pattern)
    }

    /// The white-space character at byte `at`, if there is one, and its length.
    fn space_at(&self, at: usize) -> Option<usize> {
        let b = self.bytes()[at];
        if b < 0x80 {
            return b.is_ascii_whitespace().then_some(1).or_else(|| {
                // U+000B (vertical tab) is white space to Rust but not ASCII's.
                (b == 0x0b).then_some(1)
            });
        }
        if b & 0xC0 == 0x80 {
            // Inside a character: only its first byte is asked about.
            return None;
        }
        let c = self.text[at..].chars().next()?;
        c.is_whitespace().then(|| c.len_utf8())
    }

    /// Moves over bytes `pos .. to`, which hold no line break.
    fn advance_in_line(&mut self, to: usize) {
        self.column += self.bytes()[self.pos..to]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.pos = to;
    }

    /// Moves over one character.
    fn advance_char(&mut self) {
        let b = self.bytes()[self.pos];
        if b == b'\n' {
            self.pos += 1;
            self.line += 1;
            self.column = 1;
        } else {
            let len = self.text[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            self.pos += len;
            self.column += 1;
        }
    }

    fn next_token(&mut self) -> Result<Option<Spanned<'a>>, Diagnostic> {
        let bytes = self.bytes();
        while self.pos < bytes.len() {
            let position = Position {
                line: self.line,
                column: self.column,
            };
            let b = bytes[self.pos];
            if b == b'\n' {
                self.advance_char();
            } else if let Some(len) = self.space_at(self.pos) {
                self.pos += len;
                self.column += 1;
            } else if self.starts_with(self.pos, b"//") {
                let end = bytes[self.pos..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |i| self.pos + i);
                self.advance_in_line(end);
            } else if self.starts_with(self.pos, b"/*") {
                self.advance_in_line(self.pos + 2);
                loop {
                    if self.pos >= bytes.len() {
                        return Err(Diagnostic {
                            position,
                            message: "comment is not closed".to_owned(),
                        });
                    }
                    if self.starts_with(self.pos, b"*/") {
                        self.advance_in_line(self.pos + 2);
                        break;
                    }
                    self.advance_char();
                }
            } else if is_punctuation(b) {
                self.pos += 1;
                self.column += 1;
                return Ok(Some(Spanned {
                    token: Token::Punct(char::from(b)),
                    position,
                }));
            } else if b == b'"' {
                let start = self.pos + 1;
                self.advance_in_line(start);
                loop {
                    if self.pos >= bytes.len() {
                        return Err(Diagnostic {
                            position,
                            message: "string is not closed".to_owned(),
                        });
                    }
                    if bytes[self.pos] == b'"' {
                        let word = &self.text[start..self.pos];
                        self.advance_in_line(self.pos + 1);
                        return Ok(Some(Spanned {
                            token: Token::Word(word),
                            position,
                        }));
                    }
                    self.advance_char();
                }
            } else {
                let start = self.pos;
                let mut end = start;
                while end < bytes.len() {
                    let c = bytes[end];
                    if is_punctuation(c)
                        || c == b'"'
                        || (c == b'/' && matches!(bytes.get(end + 1), Some(b'/' | b'*')))
                        || self.space_at(end).is_some()
                    {
                        break;
                    }
                    end += 1;
                }
                self.advance_in_line(end);
                return Ok(Some(Spanned {
                    token: Token::Word(&self.text[start..end]),
                    position,
                }));
            }
        }
        Ok(None)
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    current: Option<Spanned<'a>>,
    /// A lexing error ends the token stream; it is reported in place of
    /// whatever the parser expected next.
    failure: Option<Diagnostic>,
}

type Parse<T> = Result<T, Diagnostic>;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut parser = Self {
            lexer: Lexer {
                text,
                pos: 0,
                line: 1,
                column: 1,
            },
            current: None,
            failure: None,
        };
        parser.bump();
        parser
    }

    /// Moves to the next token.
    fn bump(&mut self) {
        self.current = match self.lexer.next_token() {
            Ok(token) => token,
            Err(diagnostic) => {
                self.failure.get_or_insert(diagnostic);
                None
            }
        };
    }

    fn peek(&self) -> Option<&Spanned<'a>> {
        self.current.as_ref()
    }

    /// Where the text ends: the line after a final line break, else the
    /// column after the last character.
    fn end(&self) -> Position {
        let text = self.lexer.text;
        text.lines()
            .enumerate()
            .last()
            .map_or(Position { line: 1, column: 1 }, |(i, l)| {
                if text.ends_with('\n') {
                    Position {
                        line: i + 2,
                        column: 1,
                    }
                } else {
                    Position {
                        line: i + 1,
                        column: l.chars().count() + 1,
                    }
                }
            })
    }

    fn position(&self) -> Position {
        self.peek().map_or_else(|| self.end(), |t| t.position)
    }

    fn error<T>(&self, message: impl Into<String>) -> Parse<T> {
        if let Some(failure) = &self.failure {
            return Err(failure.clone());
        }
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
                self.bump();
                Ok(position)
            }
            _ => self.error(format!("expected '{c}'")),
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(Spanned { token: Token::Punct(p), .. }) if *p == c)
    }

    fn word(&mut self, what: &str) -> Parse<(&'a str, Position)> {
        match self.peek() {
            Some(&Spanned {
                token: Token::Word(w),
                position,
            }) => {
                self.bump();
                Ok((w, position))
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
                    self.bump();
                    return Ok(());
                }
                Some(Spanned {
                    token: Token::Punct('}'),
                    ..
                }) => return self.error("expected ';'"),
                _ => self.bump(),
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
    fn name_list(
        &mut self,
        open: char,
        close: char,
        what: &str,
    ) -> Parse<Vec<(&'a str, Position)>> {
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

struct VariableDecl<'a> {
    name: &'a str,
    position: Position,
    states: Vec<&'a str>,
}

enum RowKey<'a> {
    Table,
    Default,
    States(Vec<(&'a str, Position)>),
}

struct RowDecl<'a> {
    key: RowKey<'a>,
    position: Position,
    values: Vec<f64>,
}

struct ProbabilityDecl<'a> {
    child: (&'a str, Position),
    parents: Vec<(&'a str, Position)>,
    position: Position,
    rows: Vec<RowDecl<'a>>,
}

type Document<'a> = (String, Vec<VariableDecl<'a>>, Vec<ProbabilityDecl<'a>>);

fn parse_document(text: &str) -> Parse<Document<'_>> {
    let mut parser = Parser::new(text);
    let mut name = String::new();
    let mut variables = Vec::new();
    let mut probabilities = Vec::new();
    while let Some(token) = parser.peek() {
        let Token::Word(keyword) = &token.token else {
            return parser.error("expected 'network', 'variable' or 'probability'");
        };
        match *keyword {
            "network" => {
                parser.bump();
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
                parser.bump();
                let (var, position) = parser.word("a variable name")?;
                parser.expect('{')?;
                let mut states = None;
                while !parser.eat('}') {
                    let (word, at) = parser.word("'type' or 'property'")?;
                    match word {
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
                parser.bump();
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
                    match word {
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
    if let Some(failure) = parser.failure {
        return Err(failure);
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
        if index.insert(variable.name, id).is_some() {
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
        builder.variable(variable.name, variable.states.iter().copied());
    }
    for block in &probabilities {
        let (child_name, child_at) = (&block.child.0, block.child.1);
        let Some(&child) = index.get(*child_name) else {
            diagnostics.push(Diagnostic {
                position: child_at,
                message: format!("unknown variable '{child_name}'"),
            });
            continue;
        };
        if block_of.insert(*child_name, block).is_some() {
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!("variable '{child_name}' has a second probability block"),
            });
            continue;
        }
        let mut parent_ids = Vec::new();
        let mut unknown = false;
        for (parent, at) in &block.parents {
            match index.get(*parent) {
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
        // The size in floating point first: it cannot overflow.
        let entries = parent_cards.iter().map(|&c| c as f64).product::<f64>() * card as f64;
        if entries > MAX_CPT_ENTRIES as f64 {
            diagnostics.push(Diagnostic {
                position: block.position,
                message: format!(
                    "the CPT of '{child_name}' would have {entries:.3e} entries \
                     ({card} states × {} parent configurations); at most {MAX_CPT_ENTRIES} \
                     (2^26) are read",
                    parent_cards.iter().map(|&c| c as f64).product::<f64>()
                ),
            });
            continue;
        }
        let rows: usize = parent_cards.iter().product();
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
                .map(|(&p, s)| variables[p].states[s])
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
        row_positions.insert(*child_name, positions);
        let parent_names: Vec<&str> = block.parents.iter().map(|p| p.0).collect();
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
        if !block_of.contains_key(variable.name) {
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
