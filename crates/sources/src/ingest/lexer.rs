//! Tokens of a cleaned paragraph: words, numbers and symbols, with byte spans and the
//! sentence each belongs to.
//!
//! Numbers are read as written: `1,416` (a comma before exactly three digits groups
//! thousands), `2.43`, and digits glued to a word (`3bn`, `54-kilometer`) become two
//! tokens with `glued` set on the second. A footnote number glued to a sentence's full
//! stop (`Korea.5 In`) is dropped. This lexer knows no grammar beyond sentence ends.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Word,
    /// A number written in digits: its value, and whether it had a decimal point or
    /// thousands separators (neither can be a year).
    Number {
        value: f64,
        plain: bool,
    },
    Symbol(char),
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'t> {
    pub kind: Kind,
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
    /// No white space between this token and the previous one.
    pub glued: bool,
    pub sentence: usize,
}

impl Token<'_> {
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }

    pub fn is_symbol(&self, c: char) -> bool {
        self.kind == Kind::Symbol(c)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    pub fn number(&self) -> Option<f64> {
        match self.kind {
            Kind::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain integer of four digits that may be a year (1800–2100).
    pub fn year(&self) -> Option<i32> {
        match self.kind {
            Kind::Number { value, plain: true }
                if self.text.len() == 4 && (1800.0..=2100.0).contains(&value) =>
            {
                Some(value as i32)
            }
            _ => None,
        }
    }

    pub fn is_capitalised(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 30] = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "st", "no", "vs", "gen", "col", "lt", "prof", "jr", "sr", "inc", "corp",
    "ltd", "co", "e.g",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits a cleaned paragraph into tokens.
pub fn lex(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut i = 0;
    let mut glued = false;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            glued = false;
            i += 1;
            continue;
        }
        let kind;
        let begin = i;
        if c.is_ascii_digit() {
            let mut j = i;
            let mut plain = true;
            let mut seen_point = false;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_ascii_digit() {
                    j += 1;
                } else if d == ',' && run_of_digits(&chars, j + 1) == 3 {
                    plain = false;
                    j += 1;
                } else if d == '.'
                    && !seen_point
                    && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit())
                {
                    seen_point = true;
                    plain = false;
                    j += 1;
                } else {
                    break;
                }
            }
            let digits: String = text[start..end_of(j)]
                .chars()
                .filter(|c| *c != ',')
                .collect();
            kind = Kind::Number {
                value: digits.parse().unwrap_or(0.0),
                plain,
            };
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphabetic() {
                    j += 1;
                } else if is_apostrophe(d)
                    && chars.get(j + 1).is_some_and(|(_, n)| n.is_alphabetic())
                {
                    j += 2;
                } else if d == '.'
                    && j - i == 1
                    && c.is_uppercase()
                    && chars.get(j + 1).is_some_and(|(_, n)| n.is_uppercase())
                    && chars.get(j + 2).is_some_and(|(_, n)| *n == '.')
                {
                    // Initialisms such as "U.S." stay one word.
                    j += 3;
                    while chars.get(j).is_some_and(|(_, n)| n.is_uppercase())
                        && chars.get(j + 1).is_some_and(|(_, n)| *n == '.')
                    {
                        j += 2;
                    }
                    break;
                } else {
                    break;
                }
            }
            kind = Kind::Word;
            i = j;
        } else {
            kind = Kind::Symbol(c);
            i += 1;
        }
        let token = Token {
            kind,
            text: &text[start..end_of(i)],
            start,
            end: end_of(i),
            glued: glued && begin > 0,
            sentence: 0,
        };
        glued = true;
        tokens.push(token);
    }
    drop_footnote_numbers(&mut tokens);
    mark_sentences(&mut tokens);
    tokens
}

fn run_of_digits(chars: &[(usize, char)], from: usize) -> usize {
    chars[from.min(chars.len())..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count()
}

/// Removes footnote numbers glued to a full stop after a word ("Korea.5 In").
fn drop_footnote_numbers(tokens: &mut Vec<Token<'_>>) {
    let mut keep = vec![true; tokens.len()];
    for i in 2..tokens.len() {
        let is_footnote = matches!(tokens[i].kind, Kind::Number { plain: true, .. })
            && tokens[i].glued
            && tokens[i].text.len() <= 3
            && tokens[i - 1].is_symbol('.')
            && tokens[i - 1].glued
            && tokens[i - 2].kind == Kind::Word
            && tokens.get(i + 1).is_none_or(|n| !n.glued);
        if is_footnote {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    tokens.retain(|_| k.next().unwrap_or(true));
}

fn mark_sentences(tokens: &mut [Token<'_>]) {
    let mut sentence = 0;
    for i in 0..tokens.len() {
        tokens[i].sentence = sentence;
        let ends = matches!(tokens[i].kind, Kind::Symbol('.' | '!' | '?'));
        if !ends {
            continue;
        }
        let next = tokens.get(i + 1);
        let next_starts = next.is_some_and(|n| {
            !n.glued
                && (n.is_capitalised()
                    || matches!(n.kind, Kind::Number { .. })
                    || matches!(n.kind, Kind::Symbol('"' | '“' | '‘' | '(')))
        });
        let after_abbreviation = i > 0
            && tokens[i - 1].kind == Kind::Word
            && tokens[i].glued
            && (ABBREVIATIONS.contains(&tokens[i - 1].lower().as_str())
                || (tokens[i - 1].text.chars().count() == 1 && tokens[i - 1].is_capitalised()));
        if next_starts && !(tokens[i].is_symbol('.') && after_abbreviation) {
            sentence += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        lex(text)
            .iter()
            .map(|t| match t.kind {
                Kind::Number { value, .. } => format!("#{value}"),
                Kind::Word => t.text.to_string(),
                Kind::Symbol(c) => format!("'{c}"),
            })
            .collect()
    }

    #[test]
    fn reads_numbers_words_and_sentences() {
        assert_eq!(kinds("$2.43 billion"), ["'$", "#2.43", "billion"]);
        assert_eq!(kinds("1,416 km, 3bn"), ["#1416", "km", "',", "#3", "bn"]);
        assert_eq!(
            kinds("the U.S. and Russia's"),
            ["the", "U.S.", "and", "Russia's"]
        );
        assert_eq!(
            kinds("North Korea.5 In 2017"),
            ["North", "Korea", "'.", "In", "#2017"]
        );
        let t = lex("It rose. On Jan. 6 it fell. Scott A. Snyder wrote.");
        let sentences: Vec<usize> = t.iter().map(|t| t.sentence).collect();
        assert_eq!(sentences.last(), Some(&2), "{t:?}");
    }
}
