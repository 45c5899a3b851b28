//! Date expressions in a paragraph, at the precision the text gives them.
//!
//! Recognised: `25 April 2019`, `April 25, 2019`, `Jan. 6, 2016` (day); `April 2019`,
//! `May of 2014` (month); `2019` (year); `the 1990s` (decade); `the early 2000s`
//! (2000/2003), `the mid-1990s` (1993/1996), `the late 1940s` (1947/1949); `early 2019`
//! (2019-01/2019-04), `mid-2019`, `late 2019`; `the first half of 2019`; seasons
//! (`summer of 2019` → 2019-06/2019-08); and spans `2014-2015`, `2014–15`,
//! `between 2014 and 2016`, `from 2014 to 2016`. A day or month written without a year
//! (`on March 2`) takes the latest year written before it in the text and is marked
//! inferred. Four-digit numbers are years only when nothing says otherwise: not after
//! "resolution" or "No.", not before a unit or a percent sign, not with separators.

use super::lexer::{Kind, Token};

/// A date found in a paragraph.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FoundDate {
    /// In the model's date syntax: `2019-04-25`, `2019-04`, `2019`, `1990s`, `2000/2003`.
    pub date: String,
    /// `day`, `month`, `year`, `decade` or `interval`.
    pub precision: &'static str,
    /// True when the year was not written with it and was taken from earlier text.
    pub inferred: bool,
    /// The words as written.
    pub text: String,
    #[serde(skip)]
    pub first_token: usize,
    #[serde(skip)]
    pub last_token: usize,
    #[serde(skip)]
    pub sentence: usize,
    /// The first year the date covers, for ordering and for choosing a figure's period.
    #[serde(skip)]
    pub year: i32,
}

const MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
];

/// The month a capitalised word names ("Dec" is handled here too).
fn month_of(token: &Token<'_>) -> Option<u8> {
    if !token.is_capitalised() {
        return None;
    }
    let lower = token.lower();
    if lower == "dec" {
        return Some(12);
    }
    MONTHS.iter().find(|(m, _)| *m == lower).map(|(_, n)| *n)
}

/// Words before a four-digit number that make it an identifier, not a year.
const NOT_YEAR_BEFORE: [&str; 6] = [
    "resolution",
    "resolutions",
    "no",
    "number",
    "unscr",
    "flight",
];

/// Nouns after a four-digit number that make it a count, not a year.
fn unit_follows(tokens: &[Token<'_>], i: usize) -> bool {
    match tokens.get(i + 1) {
        Some(t) if t.is_symbol('%') => true,
        Some(t) if t.kind == Kind::Word && !t.glued => {
            let w = t.lower();
            super::quantities::is_unit_word(&w)
        }
        Some(t) if t.kind == Kind::Word && t.glued && t.text != "s" => true,
        _ => false,
    }
}

fn is_year_at(tokens: &[Token<'_>], i: usize) -> Option<i32> {
    let year = tokens.get(i)?.year()?;
    if i > 0 {
        let before = &tokens[i - 1];
        if before.kind == Kind::Word && NOT_YEAR_BEFORE.contains(&before.lower().as_str()) {
            return None;
        }
        if before.is_symbol('.') && i > 1 && tokens[i - 2].is_word("No") {
            return None;
        }
        if matches!(
            before.kind,
            Kind::Symbol('$' | '€' | '£' | '¥' | '₩' | '₽' | '#')
        ) {
            return None;
        }
    }
    if unit_follows(tokens, i) {
        return None;
    }
    Some(year)
}

fn day_at(tokens: &[Token<'_>], i: usize) -> Option<u8> {
    let t = tokens.get(i)?;
    match t.kind {
        Kind::Number { value, plain: true }
            if t.text.len() <= 2 && (1.0..=31.0).contains(&value) =>
        {
            Some(value as u8)
        }
        _ => None,
    }
}

/// Skips an optional full stop glued to an abbreviated month.
fn after_month(tokens: &[Token<'_>], i: usize) -> usize {
    if tokens
        .get(i + 1)
        .is_some_and(|t| t.is_symbol('.') && t.glued)
    {
        i + 2
    } else {
        i + 1
    }
}

fn span_text(text: &str, tokens: &[Token<'_>], first: usize, last: usize) -> String {
    text[tokens[first].start..tokens[last].end].to_string()
}

/// Every date expression in a paragraph, in order. `context_year` is the latest year
/// written earlier in the text, for dates written without one.
pub fn find_dates(text: &str, tokens: &[Token<'_>], context_year: Option<i32>) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut last_year = context_year;
    let mut i = 0;
    while i < tokens.len() {
        let found = date_at(tokens, i, last_year);
        match found {
            Some((date, precision, inferred, first, last, year)) => {
                if !inferred {
                    last_year = Some(year.max(last_year.unwrap_or(year)));
                    // The latest year written so far: the end of a span counts.
                    if let Some(end) = date.rsplit('/').next().and_then(|d| d.get(0..4)) {
                        if let Ok(y) = end.parse::<i32>() {
                            last_year = Some(y);
                        }
                    }
                }
                out.push(FoundDate {
                    date,
                    precision,
                    inferred,
                    text: span_text(text, tokens, first, last),
                    first_token: first,
                    last_token: last,
                    sentence: tokens[first].sentence,
                    year,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

type Found = (String, &'static str, bool, usize, usize, i32);

fn date_at(tokens: &[Token<'_>], i: usize, context_year: Option<i32>) -> Option<Found> {
    let t = &tokens[i];
    // "early/mid/late 2000s", "early 2019", "mid-1990s".
    if t.kind == Kind::Word {
        let lower = t.lower();
        let part = match lower.as_str() {
            "early" => Some(0),
            "mid" => Some(1),
            "late" => Some(2),
            _ => None,
        };
        if let Some(part) = part {
            let mut j = i + 1;
            if tokens.get(j).is_some_and(|t| t.is_symbol('-')) {
                j += 1;
            }
            if let Some(year) =
                is_year_at(tokens, j).or_else(|| tokens.get(j).and_then(Token::year))
            {
                if decade_suffix(tokens, j) {
                    let (a, b) = [(0, 3), (3, 6), (7, 9)][part];
                    let date = format!("{}/{}", year + a, year + b);
                    return Some((date, "interval", false, i, j + 1, year + a));
                }
                if is_year_at(tokens, j).is_some() {
                    let (a, b) = [(1, 4), (5, 8), (9, 12)][part];
                    let date = format!("{year}-{a:02}/{year}-{b:02}");
                    return Some((date, "interval", false, i, j, year));
                }
            }
        }
        // "the first half of 2019", "the second half of 2019".
        if (lower == "first" || lower == "second")
            && tokens.get(i + 1).is_some_and(|t| t.is_word("half"))
            && tokens.get(i + 2).is_some_and(|t| t.is_word("of"))
        {
            if let Some(year) = is_year_at(tokens, i + 3) {
                let (a, b) = if lower == "first" { (1, 6) } else { (7, 12) };
                let date = format!("{year}-{a:02}/{year}-{b:02}");
                return Some((date, "interval", false, i, i + 3, year));
            }
        }
        // Seasons: "summer of 2019", "autumn 2018".
        let season = match lower.as_str() {
            "spring" => Some((3, 5)),
            "summer" => Some((6, 8)),
            "autumn" | "fall" => Some((9, 11)),
            _ => None,
        };
        if let Some((a, b)) = season {
            let j = if tokens.get(i + 1).is_some_and(|t| t.is_word("of")) {
                i + 2
            } else {
                i + 1
            };
            if let Some(year) = is_year_at(tokens, j) {
                let date = format!("{year}-{a:02}/{year}-{b:02}");
                return Some((date, "interval", false, i, j, year));
            }
        }
        // "between 2014 and 2016", "from 2014 to 2016".
        if lower == "between" || lower == "from" {
            let joiner = if lower == "between" { "and" } else { "to" };
            if let (Some(a), true, Some(b)) = (
                is_year_at(tokens, i + 1),
                tokens.get(i + 2).is_some_and(|t| t.is_word(joiner)),
                is_year_at(tokens, i + 3),
            ) {
                if b > a {
                    return Some((format!("{a}/{b}"), "interval", false, i, i + 3, a));
                }
            }
        }
        // "April 25, 2019", "Jan. 6, 2016", "April 2019", "May of 2014", "March 2".
        if let Some(month) = month_of(t) {
            let j = after_month(tokens, i);
            if let Some(day) = day_at(tokens, j) {
                let k = if tokens.get(j + 1).is_some_and(|t| t.is_symbol(',')) {
                    j + 2
                } else {
                    j + 1
                };
                if let Some(year) = is_year_at(tokens, k) {
                    let date = format!("{year}-{month:02}-{day:02}");
                    return valid(&date).then_some((date, "day", false, i, k, year));
                }
                if let Some(year) = context_year {
                    let date = format!("{year}-{month:02}-{day:02}");
                    return valid(&date).then_some((date, "day", true, i, j, year));
                }
                return None;
            }
            let k = if tokens.get(j).is_some_and(|t| t.is_word("of")) {
                j + 1
            } else {
                j
            };
            if let Some(year) = is_year_at(tokens, k) {
                return Some((format!("{year}-{month:02}"), "month", false, i, k, year));
            }
        }
    }
    // "25 April 2019", "6 Jan. 2016", "25 April".
    if let Some(day) = day_at(tokens, i) {
        if let Some(month) = tokens.get(i + 1).and_then(month_of) {
            let k = after_month(tokens, i + 1);
            if let Some(year) = is_year_at(tokens, k) {
                let date = format!("{year}-{month:02}-{day:02}");
                return valid(&date).then_some((date, "day", false, i, k, year));
            }
            if let Some(year) = context_year {
                let date = format!("{year}-{month:02}-{day:02}");
                let last = k - 1;
                return valid(&date).then_some((date, "day", true, i, last, year));
            }
        }
    }
    // "1990s", "2014-2015", "2014–15", "2019".
    if let Some(year) = is_year_at(tokens, i)
        .or_else(|| decade_suffix(tokens, i).then(|| tokens[i].year()).flatten())
    {
        if decade_suffix(tokens, i) && year % 10 == 0 {
            return Some((format!("{year}s"), "decade", false, i, i + 1, year));
        }
        if tokens
            .get(i + 1)
            .is_some_and(|t| matches!(t.kind, Kind::Symbol('-' | '–' | '—')))
        {
            if let Some(next) = tokens.get(i + 2) {
                let end = match (next.year(), next.kind) {
                    (Some(y), _) => Some(y),
                    (None, Kind::Number { value, plain: true }) if next.text.len() == 2 => {
                        Some(year - year % 100 + value as i32)
                    }
                    _ => None,
                };
                if let Some(end) = end {
                    if end > year && end - year < 100 {
                        return Some((format!("{year}/{end}"), "interval", false, i, i + 2, year));
                    }
                }
            }
        }
        return Some((year.to_string(), "year", false, i, i, year));
    }
    None
}

/// A year followed by a glued "s" ("1990s").
fn decade_suffix(tokens: &[Token<'_>], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.year().is_some())
        && tokens
            .get(i + 1)
            .is_some_and(|s| s.glued && (s.text == "s" || s.text == "’s" || s.text == "'s"))
}

fn valid(date: &str) -> bool {
    statecraft_model::Date::parse(date).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lexer::lex;

    fn dates(text: &str) -> Vec<(String, &'static str, bool)> {
        let tokens = lex(text);
        find_dates(text, &tokens, Some(2016))
            .into_iter()
            .map(|d| (d.date, d.precision, d.inferred))
            .collect()
    }

    #[test]
    fn reads_dates_at_their_precision() {
        assert_eq!(
            dates("on 25 April 2019 they met"),
            [("2019-04-25".into(), "day", false)]
        );
        assert_eq!(
            dates("on April 25, 2019"),
            [("2019-04-25".into(), "day", false)]
        );
        assert_eq!(dates("in April 2019"), [("2019-04".into(), "month", false)]);
        assert_eq!(
            dates("in the early 2000s"),
            [("2000/2003".into(), "interval", false)]
        );
        assert_eq!(
            dates("the mid-1990s"),
            [("1993/1996".into(), "interval", false)]
        );
        assert_eq!(dates("in the 1990s"), [("1990s".into(), "decade", false)]);
        assert_eq!(
            dates("in 2014-2015"),
            [("2014/2015".into(), "interval", false)]
        );
        assert_eq!(
            dates("in 2014–15"),
            [("2014/2015".into(), "interval", false)]
        );
        assert_eq!(
            dates("on Feb. 7 they"),
            [("2016-02-07".into(), "day", true)]
        );
        assert_eq!(
            dates("resolution 2270 and 2,000 workers and 2000 workers"),
            []
        );
        assert_eq!(
            dates("the summer of 2019"),
            [("2019-06/2019-08".into(), "interval", false)]
        );
        assert_eq!(
            dates("May 2014 but they may 2"),
            [("2014-05".into(), "month", false)]
        );
    }
}
