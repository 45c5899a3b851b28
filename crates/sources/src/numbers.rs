//! Finding the numbers a paragraph states.
//!
//! The check is deliberately literal: a datum's number must be written in the
//! paragraph, as digits (with thousands separators, decimals, a sign, a percent sign or
//! a currency symbol around it) or as an English number word. It does not convert units
//! ("2.43 billion" is 2.43, not 2 430 000 000): model files enter figures in the text's
//! own units so that this stays decidable.

/// Number words below twenty, shared with the ingest extractors.
pub const UNITS: [(&str, f64); 20] = [
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

/// The tens, shared with the ingest extractors.
pub const TENS: [(&str, f64); 8] = [
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Other words that stand for a number when a paragraph states a figure in words.
const OTHER_WORDS: [(&str, f64); 4] = [
    ("hundred", 100.0),
    ("thousand", 1000.0),
    ("half", 0.5),
    ("dozen", 12.0),
];

/// The value of a number word, if it is one.
fn word_value(word: &str) -> Option<f64> {
    UNITS
        .iter()
        .chain(TENS.iter())
        .chain(OTHER_WORDS.iter())
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
}

/// Every number written in a paragraph, in order of appearance.
pub fn numbers_in(paragraph: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let chars: Vec<char> = paragraph.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut text = String::new();
            while i < chars.len() {
                let d = chars[i];
                if d.is_ascii_digit() {
                    text.push(d);
                    i += 1;
                } else if (d == ',' || d == '.')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_ascii_digit()
                {
                    // A comma followed by exactly three digits is a thousands separator;
                    // a point is a decimal point.
                    if d == ',' {
                        let run = chars[i + 1..]
                            .iter()
                            .take_while(|c| c.is_ascii_digit())
                            .count();
                        if run != 3 {
                            break;
                        }
                    } else {
                        text.push('.');
                    }
                    i += 1;
                } else {
                    break;
                }
            }
            let _ = start;
            if let Ok(v) = text.parse::<f64>() {
                out.push(v);
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            if let Some(v) = word_value(&word) {
                out.push(v);
            }
        } else {
            i += 1;
        }
    }
    // Decades written "1990s" are already caught as 1990; years in ranges "2014-2016"
    // are caught one by one.
    out
}

/// True when `value` is written in the paragraph.
pub fn states_number(paragraph: &str, value: f64) -> bool {
    numbers_in(paragraph)
        .iter()
        .any(|n| (n - value).abs() <= 1e-9 * value.abs().max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_as_written() {
        let p = "Trade fell to $84 million in 2015, from 112.7 million; some 10,000 workers, over forty percent, a 17-km link.";
        let n = numbers_in(p);
        for want in [84.0, 2015.0, 112.7, 10_000.0, 40.0, 17.0] {
            assert!(n.contains(&want), "{want} in {n:?}");
        }
        assert!(states_number("It cost 2.43 billion dollars", 2.43));
        assert!(!states_number("It cost 2.43 billion dollars", 243.0));
        assert!(states_number("in the 1990s", 1990.0));
        assert!(states_number("numbers 1,2 and 3", 2.0));
    }
}
