//! Figures in a paragraph: money, percentages and ratios, counts, distances and
//! durations, each normalised to a value (or a low–high range), a unit of the model's
//! vocabulary (`USD billion`, `thousand people`, `percent`, `km`, `years`, …) and a
//! qualifier (`approximate`, `at least`, `at most`).
//!
//! The reading stays in the text's own units, as model files do: "$2.43 billion" is
//! 2.43 `USD billion`, "ten thousand laborers" is 10 `thousand people`. A figure needs a
//! unit the text states (a currency, `%`, "times", a distance or duration word, or a
//! noun from the lists below within three words); a bare number is not a figure, and a
//! bare "34 million" takes the currency of a sum written before it in the same
//! sentence. Miles become kilometres (with a note); months, weeks and vague amounts
//! ("thousands of") are left out.

use super::lexer::{Kind, Token};
use crate::numbers::{TENS, UNITS};

/// A figure found in a paragraph.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FoundQuantity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// A unit of the model's vocabulary.
    pub unit: String,
    /// `approximate`, `at least` or `at most`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<&'static str>,
    /// The words as written.
    pub text: String,
    /// A conversion or reading the reviewer should know about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub first_token: usize,
    #[serde(skip)]
    pub last_token: usize,
    #[serde(skip)]
    pub sentence: usize,
}

impl FoundQuantity {
    /// The value, or the middle of the range.
    pub fn mid(&self) -> f64 {
        match (self.value, self.low, self.high) {
            (Some(v), _, _) => v,
            (None, Some(l), Some(h)) => (l + h) / 2.0,
            _ => f64::NAN,
        }
    }

    pub fn approximate(&self) -> bool {
        self.qualifier == Some("approximate")
    }
}

/// Fractions, by their denominator words.
const FRACTIONS: [(&str, f64); 10] = [
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
];

/// Scale words and the model's name for them.
const SCALES: [(&str, &str); 11] = [
    ("thousand", "thousand"),
    ("million", "million"),
    ("billion", "billion"),
    ("trillion", "trillion"),
    ("mln", "million"),
    ("mn", "million"),
    ("bn", "billion"),
    ("bln", "billion"),
    ("tn", "trillion"),
    ("trn", "trillion"),
    ("k", "thousand"),
];

/// Currency symbols and codes written before a figure.
const CURRENCY_SYMBOLS: [(char, &str); 6] = [
    ('$', "USD"),
    ('€', "EUR"),
    ('£', "GBP"),
    ('¥', "JPY"),
    ('₩', "KRW"),
    ('₽', "RUB"),
];

const CURRENCY_CODES: [(&str, &str); 11] = [
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("KRW", "KRW"),
    ("KPW", "KPW"),
    ("RUB", "RUB"),
    ("CHF", "CHF"),
    ("US", "USD"),
];

/// Currency words written after a figure.
const CURRENCY_WORDS: [(&str, &str); 18] = [
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("usd", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rmb", "CNY"),
    ("yen", "JPY"),
    ("won", "KRW"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("ruble", "RUB"),
    ("rouble", "RUB"),
    ("francs", "CHF"),
    ("sterling", "GBP"),
    ("gbp", "GBP"),
];

/// Nouns counted as people.
pub const PEOPLE: [&str; 42] = [
    "people",
    "persons",
    "person",
    "workers",
    "worker",
    "laborers",
    "labourers",
    "laborer",
    "labourer",
    "migrants",
    "migrant",
    "students",
    "student",
    "tourists",
    "tourist",
    "soldiers",
    "soldier",
    "troops",
    "fishermen",
    "fisherman",
    "residents",
    "officials",
    "refugees",
    "defectors",
    "citizens",
    "nationals",
    "employees",
    "staff",
    "experts",
    "engineers",
    "delegates",
    "visitors",
    "inhabitants",
    "koreans",
    "russians",
    "chinese",
    "japanese",
    "americans",
    "children",
    "men",
    "women",
    "crew",
];

/// Nouns counted as vessels.
const VESSELS: [&str; 10] = [
    "vessels",
    "vessel",
    "ships",
    "ship",
    "boats",
    "boat",
    "schooners",
    "trawlers",
    "tankers",
    "motorboats",
];

/// Other countable nouns (unit `count`).
const COUNTS: [&str; 37] = [
    "payments",
    "shipments",
    "shipment",
    "projects",
    "companies",
    "firms",
    "banks",
    "tests",
    "test",
    "launches",
    "missiles",
    "warheads",
    "delegations",
    "visits",
    "meetings",
    "agreements",
    "deals",
    "trains",
    "trucks",
    "containers",
    "schools",
    "universities",
    "scholarships",
    "rounds",
    "summits",
    "sanctions",
    "resolutions",
    "joint ventures",
    "ventures",
    "flights",
    "cargoes",
    "loads",
    "ports",
    "piers",
    "bridges",
    "exercises",
    "incidents",
];

/// Units the model has no base for: a figure in them is not proposed.
const UNSUPPORTED: [&str; 14] = [
    "months",
    "month",
    "weeks",
    "week",
    "hours",
    "cubic",
    "hectares",
    "acres",
    "square",
    "sq",
    "megawatts",
    "mw",
    "gigawatts",
    "kg",
];

/// Words after "times" that make it a multiple ("71 times greater", "3 times as much");
/// otherwise "14 times" counts occurrences.
const COMPARISON: [&str; 14] = [
    "as", "more", "greater", "larger", "higher", "bigger", "smaller", "less", "lower", "that",
    "what", "the", "than", "those",
];

const DISTANCE: [&str; 7] = [
    "km",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "miles",
    "mile",
];

/// True when a word (lower case) is a unit or a counted noun.
pub fn is_unit_word(word: &str) -> bool {
    word == "percent"
        || word == "times"
        || DISTANCE.contains(&word)
        || PEOPLE.contains(&word)
        || VESSELS.contains(&word)
        || COUNTS.contains(&word)
        || CURRENCY_WORDS.iter().any(|(w, _)| *w == word)
        || SCALES.iter().any(|(w, _)| *w == word && w.len() > 2)
        || matches!(
            word,
            "years" | "year" | "days" | "day" | "tonnes" | "tons" | "tonne" | "ton" | "barrels"
        )
}

/// The words that hedge a figure, read backwards from it.
const QUALIFIERS: [(&[&str], &str); 28] = [
    (&["as", "much", "as"], "at most"),
    (&["as", "many", "as"], "at most"),
    (&["about"], "approximate"),
    (&["around"], "approximate"),
    (&["approximately"], "approximate"),
    (&["roughly"], "approximate"),
    (&["some"], "approximate"),
    (&["nearly"], "approximate"),
    (&["almost"], "approximate"),
    (&["close", "to"], "approximate"),
    (&["an", "estimated"], "approximate"),
    (&["estimated"], "approximate"),
    (&["circa"], "approximate"),
    (&["~"], "approximate"),
    (&["at", "least"], "at least"),
    (&["upward", "of"], "at least"),
    (&["upwards", "of"], "at least"),
    (&["more", "than"], "at least"),
    (&["over"], "at least"),
    (&["above"], "at least"),
    (&["in", "excess", "of"], "at least"),
    (&["no", "fewer", "than"], "at least"),
    (&["up", "to"], "at most"),
    (&["less", "than"], "at most"),
    (&["fewer", "than"], "at most"),
    (&["under"], "at most"),
    (&["below"], "at most"),
    (&["at", "most"], "at most"),
];

/// A number read at a position: its value and the last token it used.
fn number_at(tokens: &[Token<'_>], i: usize) -> Option<(f64, usize, bool)> {
    let t = tokens.get(i)?;
    if let Kind::Number { value, .. } = t.kind {
        return Some((value, i, false));
    }
    if t.kind != Kind::Word {
        return None;
    }
    let lower = t.lower();
    let unit = |w: &str| UNITS.iter().find(|(u, _)| *u == w).map(|(_, v)| *v);
    let tens = |w: &str| TENS.iter().find(|(u, _)| *u == w).map(|(_, v)| *v);
    let mut value;
    let mut last = i;
    if let Some(v) = tens(&lower) {
        value = v;
        // "twenty-six"
        if tokens
            .get(i + 1)
            .is_some_and(|t| t.is_symbol('-') && t.glued)
        {
            if let Some(u) = tokens.get(i + 2).and_then(|t| unit(&t.lower())) {
                if u < 10.0 && u > 0.0 {
                    value += u;
                    last = i + 2;
                }
            }
        }
    } else if let Some(v) = unit(&lower) {
        value = v;
    } else if lower == "a" || lower == "one" {
        // "a dozen", "a hundred"
        match tokens.get(i + 1).map(Token::lower).as_deref() {
            Some("dozen") => return Some((12.0, i + 1, true)),
            Some("hundred") => return Some((100.0, i + 1, true)),
            _ => return None,
        }
    } else if lower == "dozen" {
        return Some((12.0, i, true));
    } else {
        return None;
    }
    if tokens.get(last + 1).is_some_and(|t| t.is_word("hundred")) {
        value *= 100.0;
        last += 1;
    }
    Some((value, last, true))
}

/// A fraction written in words ("two-thirds", "one third", "a quarter", "half of").
fn fraction_at(tokens: &[Token<'_>], i: usize) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    let lower = t.lower();
    let numerator = if lower == "a" {
        Some(1.0)
    } else {
        UNITS.iter().find(|(u, _)| *u == lower).map(|(_, v)| *v)
    }?;
    let mut j = i + 1;
    if tokens.get(j).is_some_and(|t| t.is_symbol('-') && t.glued) {
        j += 1;
    }
    let word = tokens.get(j)?.lower();
    let (_, denominator) = FRACTIONS.iter().find(|(w, _)| *w == word)?;
    // "a half" and "one half" only as "half of"; "a quarter" only before "of".
    if lower == "a" && !tokens.get(j + 1).is_some_and(|t| t.is_word("of")) {
        return None;
    }
    if numerator >= *denominator {
        return None;
    }
    Some((((numerator / denominator) * 10_000.0).round() / 10_000.0, j))
}

fn scale_at(tokens: &[Token<'_>], i: usize, after_currency: bool) -> Option<&'static str> {
    let t = tokens.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let lower = t.lower();
    if let Some((_, s)) = SCALES.iter().find(|(w, _)| *w == lower) {
        if lower == "k" && !t.glued {
            return None;
        }
        return Some(s);
    }
    // Single letters only glued to a sum of money: "$5m", "€3b".
    if t.glued && after_currency {
        return match lower.as_str() {
            "m" => Some("million"),
            "b" => Some("billion"),
            _ => None,
        };
    }
    None
}

fn currency_before(tokens: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    if i == 0 {
        return None;
    }
    let t = &tokens[i - 1];
    if let Kind::Symbol(c) = t.kind {
        if let Some((_, code)) = CURRENCY_SYMBOLS.iter().find(|(s, _)| *s == c) {
            // "US$5"
            if c == '$' && i >= 2 && tokens[i - 2].text == "US" && t.glued {
                return Some(("USD", i - 2));
            }
            return Some((code, i - 1));
        }
    }
    if t.kind == Kind::Word {
        if let Some((_, code)) = CURRENCY_CODES.iter().find(|(w, _)| *w == t.text) {
            if t.text == "US" {
                return None;
            }
            return Some((code, i - 1));
        }
    }
    None
}

/// Words a look-ahead for a noun may skip ("ten thousand North Korean laborers").
fn skippable(t: &Token<'_>) -> bool {
    const STOP: [&str; 22] = [
        "of", "in", "to", "and", "or", "from", "with", "by", "for", "per", "the", "a", "an",
        "that", "which", "were", "was", "are", "is", "who", "had", "have",
    ];
    t.kind == Kind::Word && !STOP.contains(&t.lower().as_str())
}

/// The unit after a figure, if any: the unit base, the last token used, and a note.
fn unit_after(tokens: &[Token<'_>], k: usize) -> Option<(&'static str, usize)> {
    let t = tokens.get(k)?;
    if t.is_symbol('%') {
        return Some(("percent", k));
    }
    // "54-kilometer", "20-year"
    let (t, k) = if t.is_symbol('-') && t.glued && tokens.get(k + 1).is_some_and(|n| n.glued) {
        (tokens.get(k + 1)?, k + 1)
    } else {
        (t, k)
    };
    if t.kind != Kind::Word {
        return None;
    }
    let w = t.lower();
    let next = tokens.get(k + 1).map(Token::lower);
    match w.as_str() {
        "percent" | "pct" => return Some(("percent", k)),
        "per" if next.as_deref() == Some("cent") => return Some(("percent", k + 1)),
        "percentage" if next.as_deref() == Some("points") => return Some(("percent", k + 1)),
        "times" => {
            let multiple = next.as_deref().is_some_and(|n| COMPARISON.contains(&n));
            return Some((if multiple { "ratio" } else { "count" }, k));
        }
        "years" | "year" => return Some(("years", k)),
        "days" | "day" => return Some(("days", k)),
        "tonnes" | "tons" | "tonne" | "ton" => return Some(("tonnes", k)),
        "barrels" => return Some(("barrels", k)),
        "weekly" if next.as_deref() == Some("flights") => return Some(("flights per week", k + 1)),
        "flights" => {
            let a = tokens.get(k + 1).map(Token::lower);
            let b = tokens.get(k + 2).map(Token::lower);
            if matches!(a.as_deref(), Some("per" | "a" | "each" | "every"))
                && b.as_deref() == Some("week")
            {
                return Some(("flights per week", k + 2));
            }
        }
        _ => {}
    }
    if UNSUPPORTED.contains(&w.as_str()) {
        return Some(("unsupported", k));
    }
    if DISTANCE.contains(&w.as_str()) {
        return Some((if w.starts_with("mile") { "miles" } else { "km" }, k));
    }
    if let Some((_, code)) = CURRENCY_WORDS.iter().find(|(c, _)| *c == w) {
        // "pounds sterling" is read at "sterling"; "US dollars" at "dollars".
        return Some((code, k));
    }
    if w == "pounds" && next.as_deref() == Some("sterling") {
        return Some(("GBP", k + 1));
    }
    if (w == "us" || w == "u.s.") && next.as_deref().is_some_and(|n| n.starts_with("dollar")) {
        return Some(("USD", k + 1));
    }
    // A counted noun within three words.
    for j in k..k + 4 {
        let Some(t) = tokens.get(j) else { break };
        if t.kind != Kind::Word {
            break;
        }
        let w = t.lower();
        if PEOPLE.contains(&w.as_str()) {
            return Some(("people", j));
        }
        if VESSELS.contains(&w.as_str()) {
            return Some(("vessels", j));
        }
        if COUNTS.contains(&w.as_str()) {
            if w == "flights" {
                if let Some(found) = unit_after(tokens, j).filter(|(u, _)| *u == "flights per week")
                {
                    return Some(found);
                }
            }
            return Some(("count", j));
        }
        if !skippable(t) {
            break;
        }
    }
    None
}

fn is_money(unit: &str) -> bool {
    statecraft_model::units::CURRENCIES.contains(&unit)
}

/// Every figure in a paragraph, in order. `skip` marks tokens already read as dates.
pub fn find_quantities(text: &str, tokens: &[Token<'_>], skip: &[bool]) -> Vec<FoundQuantity> {
    let mut out: Vec<FoundQuantity> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if skip.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        match quantity_at(text, tokens, i, &out) {
            Some(found) => {
                i = found.last_token + 1;
                out.push(found);
            }
            None => i += 1,
        }
    }
    out
}

fn quantity_at(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    before: &[FoundQuantity],
) -> Option<FoundQuantity> {
    // Fractions first: "two-thirds of", "one third".
    if let Some((value, last)) = fraction_at(tokens, i) {
        let first = i;
        return Some(finish(
            text,
            tokens,
            first,
            last,
            Some(value),
            None,
            "ratio".to_string(),
            None,
        ));
    }
    let (first_value, mut last, _) = number_at(tokens, i)?;
    // A lone "one"/"a" needs a noun; years without a unit are dates.
    if tokens[i].year().is_some() && currency_before(tokens, i).is_none() {
        unit_after(tokens, i + 1)?;
    }
    let currency = currency_before(tokens, i);
    // A range: "20-26", "20 to 26", "between 20 and 26".
    let mut low = first_value;
    let mut high = first_value;
    let between = i > 0 && tokens[i - 1].is_word("between");
    let from = i > 0 && tokens[i - 1].is_word("from");
    if let Some(next) = tokens.get(last + 1) {
        let joins = matches!(next.kind, Kind::Symbol('-' | '–' | '—'))
            || (next.is_word("to") && !from)
            || (next.is_word("and") && between);
        if joins {
            let mut j = last + 2;
            // "$20-$26 million"
            if currency.is_some()
                && tokens.get(j).is_some_and(|t| {
                    matches!(t.kind, Kind::Symbol('$' | '€' | '£' | '¥' | '₩' | '₽'))
                })
            {
                j += 1;
            }
            if let Some((second, second_last, _)) = number_at(tokens, j) {
                if second > first_value
                    && !(tokens[i].year().is_some() && tokens[j].year().is_some())
                {
                    high = second;
                    last = second_last;
                }
            }
        }
    }
    let mut k = last + 1;
    let mut scale = scale_at(tokens, k, currency.is_some());
    if scale.is_some() {
        last = k;
        k += 1;
    }
    let unit_found = unit_after(tokens, k);
    let mut note = None;
    let (base, unit_last): (String, usize) = match (currency, unit_found) {
        (Some((code, _)), Some((u, l))) if is_money(u) => (code.to_string(), l),
        (Some((code, _)), _) => (code.to_string(), last),
        (_, Some(("unsupported", _))) => return None,
        (None, Some(("miles", l))) => {
            note = Some(format!(
                "converted from {} miles",
                text[tokens[i].start..tokens[l].end]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
            ));
            low *= 1.609_344;
            high *= 1.609_344;
            low = (low * 10.0).round() / 10.0;
            high = (high * 10.0).round() / 10.0;
            ("km".to_string(), l)
        }
        (None, Some((u, l))) => (u.to_string(), l),
        (None, None) => match inherited_unit(tokens, i, scale.is_some(), before) {
            Some(base) => (base, last),
            None if scale.is_some() => ("count".to_string(), last),
            None => return None,
        },
    };
    let first = currency.map_or(i, |(_, c)| c);
    let last = unit_last.max(last);
    // Scales make sense for money, people, counts, tonnes, barrels and vessels only.
    if !is_money(&base)
        && !matches!(
            base.as_str(),
            "people" | "count" | "tonnes" | "barrels" | "vessels"
        )
    {
        scale = None;
    }
    let unit = match scale {
        Some(s) if is_money(&base) => format!("{base} {s}"),
        Some(s) => format!("{s} {base}"),
        None => base,
    };
    let (value, range) = if high > low {
        (None, Some((low, high)))
    } else {
        (Some(low), None)
    };
    let mut found = finish(text, tokens, first, last, value, range, unit, note);
    // "$25 billion over 20 years": "over" after a figure spans a period.
    if found.qualifier == Some("at least")
        && found.unit == "years"
        && first >= 2
        && tokens[first - 1].is_word("over")
        && before.last().is_some_and(|q| q.last_token + 2 == first)
    {
        found.qualifier = None;
        found.text = text[tokens[first].start..tokens[last].end].to_string();
    }
    Some(found)
}

/// The unit a bare figure takes from an earlier one: a scaled figure ("350 million")
/// takes the base of the nearest earlier figure in the paragraph whose unit takes a
/// scale (money, people, counts, tonnes, barrels, vessels); an unscaled one ("and
/// 3,100 in 2018") the unit of a figure ending at most eight tokens before it in the
/// same sentence.
fn inherited_unit(
    tokens: &[Token<'_>],
    i: usize,
    scaled: bool,
    before: &[FoundQuantity],
) -> Option<String> {
    let base_of = |q: &FoundQuantity| -> Option<String> {
        let unit = statecraft_model::units::Unit::parse(&q.unit).ok()?;
        Some(unit.base)
    };
    if scaled {
        return before.iter().rev().find_map(|q| {
            let base = base_of(q)?;
            (is_money(&base)
                || matches!(
                    base.as_str(),
                    "people" | "count" | "tonnes" | "barrels" | "vessels"
                ))
            .then_some(base)
        });
    }
    // A glued word ("3rd") or a plain four-digit number is not a figure of that unit.
    if tokens
        .get(i + 1)
        .is_some_and(|t| t.glued && t.kind == Kind::Word)
    {
        return None;
    }
    let q = before.last()?;
    if q.sentence != tokens[i].sentence || i.saturating_sub(q.last_token) > 8 {
        return None;
    }
    let base = base_of(q)?;
    (base != "years" && base != "days").then_some(base)
}

fn finish(
    text: &str,
    tokens: &[Token<'_>],
    first: usize,
    last: usize,
    value: Option<f64>,
    range: Option<(f64, f64)>,
    unit: String,
    note: Option<String>,
) -> FoundQuantity {
    let (qualifier, from) = qualifier_before(tokens, first);
    FoundQuantity {
        value,
        low: range.map(|r| r.0),
        high: range.map(|r| r.1),
        unit,
        qualifier,
        text: text[tokens[from].start..tokens[last].end].to_string(),
        note,
        first_token: from,
        last_token: last,
        sentence: tokens[first].sentence,
    }
}

/// The hedge written just before a figure, and where it starts.
fn qualifier_before(tokens: &[Token<'_>], first: usize) -> (Option<&'static str>, usize) {
    let mut start = first;
    // "between 20 and 26": the "between" belongs to the figure.
    if start > 0 && tokens[start - 1].is_word("between") {
        start -= 1;
    }
    for (words, qualifier) in QUALIFIERS {
        let n = words.len();
        if start < n {
            continue;
        }
        let matches = words
            .iter()
            .enumerate()
            .all(|(j, w)| tokens[start - n + j].text.eq_ignore_ascii_case(w));
        if matches {
            return (Some(qualifier), start - n);
        }
    }
    (None, start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lexer::lex;

    fn read(text: &str) -> Vec<String> {
        let tokens = lex(text);
        let skip = vec![false; tokens.len()];
        find_quantities(text, &tokens, &skip)
            .into_iter()
            .map(|q| {
                let v = match (q.value, q.low, q.high) {
                    (Some(v), _, _) => format!("{v}"),
                    (_, Some(l), Some(h)) => format!("{l}-{h}"),
                    _ => "?".into(),
                };
                match q.qualifier {
                    Some(qual) => format!("{v} {} ({qual})", q.unit),
                    None => format!("{v} {}", q.unit),
                }
            })
            .collect()
    }

    #[test]
    fn reads_money() {
        assert_eq!(read("the $2.43 billion"), ["2.43 USD billion"]);
        assert_eq!(
            read("from $20 million to 34 million"),
            ["20 USD million", "34 USD million"]
        );
        assert_eq!(read("roughly $300 mln"), ["300 USD million (approximate)"]);
        assert_eq!(
            read("$25 billion over 20 years"),
            ["25 USD billion", "20 years"]
        );
        assert_eq!(read("USD 5 million"), ["5 USD million"]);
        assert_eq!(read("€3bn"), ["3 EUR billion"]);
        assert_eq!(read("1.2 trillion won"), ["1.2 KRW trillion"]);
        assert_eq!(read("US$40m"), ["40 USD million"]);
    }

    #[test]
    fn reads_shares_counts_distances_durations() {
        assert_eq!(read("56 percent and 90%"), ["56 percent", "90 percent"]);
        assert_eq!(read("over 71 times greater"), ["71 ratio (at least)"]);
        assert_eq!(read("they met 14 times since"), ["14 count"]);
        assert_eq!(
            read("$410 million, about 80 percent. Then 350 million."),
            [
                "410 USD million",
                "80 percent (approximate)",
                "350 USD million"
            ]
        );
        assert_eq!(
            read("2,400 students in 2015 and 3,100 in 2018"),
            ["2400 people", "3100 people"]
        );
        assert_eq!(
            read("2.5 billion cubic metres and 9 months"),
            Vec::<String>::new()
        );
        assert_eq!(read("two-thirds of it"), ["0.6667 ratio"]);
        assert_eq!(read("20–26 thousand migrants"), ["20-26 thousand people"]);
        assert_eq!(
            read("upward of ten thousand North Korean laborers"),
            ["10 thousand people (at least)"]
        );
        assert_eq!(read("some 3,000 workers"), ["3000 people (approximate)"]);
        assert_eq!(
            read("54 km and 17 kilometres and a 54-kilometer line"),
            ["54 km", "17 km", "54 km"]
        );
        assert_eq!(read("for 49 years"), ["49 years"]);
        assert_eq!(read("one North Korean fisherman dead"), ["1 people"]);
        assert_eq!(read("two flights per week"), ["2 flights per week"]);
        assert_eq!(read("three successful shipments"), ["3 count"]);
        assert_eq!(
            read("one of the two sides in 2014 and resolution 2270"),
            Vec::<String>::new()
        );
        assert_eq!(read("between 20 and 30 percent"), ["20-30 percent"]);
    }
}
