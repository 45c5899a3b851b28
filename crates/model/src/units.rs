//! Units of observations: a base (a currency, people, km, …) with an optional scale word.
//!
//! Figures stay in the units the source writes them in, so that they can be checked
//! against the text; [`Unit::factor`] converts to the base when engines compare figures.

use std::fmt;

/// ISO 4217 codes the model accepts for money.
pub const CURRENCIES: [&str; 9] = [
    "USD", "RUB", "EUR", "CNY", "KRW", "KPW", "JPY", "CHF", "GBP",
];

/// Non-money bases.
pub const BASES: [&str; 11] = [
    "people",
    "count",
    "km",
    "percent",
    "ratio",
    "tonnes",
    "barrels",
    "years",
    "days",
    "flights per week",
    "vessels",
];

/// Scale words and their factors.
pub const SCALES: [(&str, f64); 4] = [
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// A parsed unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub base: String,
    pub scale: Option<&'static str>,
}

impl Unit {
    /// Parses `"[scale] base"` or `"CUR scale"` (e.g. `"USD million"`, `"thousand people"`).
    pub fn parse(text: &str) -> Result<Unit, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let scale_of = |w: &str| SCALES.iter().find(|(s, _)| *s == w).map(|(s, _)| *s);
        // Money is written with the code first: "USD million".
        if let Some(first) = words.first() {
            if CURRENCIES.contains(first) {
                return match words.as_slice() {
                    [code] => Ok(Unit {
                        base: (*code).to_string(),
                        scale: None,
                    }),
                    [code, scale] => match scale_of(scale) {
                        Some(s) => Ok(Unit {
                            base: (*code).to_string(),
                            scale: Some(s),
                        }),
                        None => Err(format!(
                            "unknown scale {scale:?} in unit {text:?} (thousand, million, billion, trillion)"
                        )),
                    },
                    _ => Err(format!(
                        "unit {text:?}: write a currency as \"USD\" or \"USD million\""
                    )),
                };
            }
        }
        let (scale, rest) = match words.first().and_then(|w| scale_of(w)) {
            Some(s) => (Some(s), &words[1..]),
            None => (None, &words[..]),
        };
        let base = rest.join(" ");
        if BASES.contains(&base.as_str()) {
            return Ok(Unit { base, scale });
        }
        Err(format!(
            "unknown unit {text:?} (a currency code {} with an optional scale word, or {})",
            CURRENCIES.join("/"),
            BASES.join(", ")
        ))
    }

    pub fn is_money(&self) -> bool {
        CURRENCIES.contains(&self.base.as_str())
    }

    /// The factor from this unit to its base (1 000 000 for "USD million").
    pub fn factor(&self) -> f64 {
        self.scale
            .and_then(|s| SCALES.iter().find(|(w, _)| *w == s))
            .map_or(1.0, |(_, f)| *f)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.is_money(), self.scale) {
            (true, Some(s)) => write!(f, "{} {s}", self.base),
            (false, Some(s)) => write!(f, "{s} {}", self.base),
            (_, None) => f.write_str(&self.base),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(Unit::parse("USD million").map(|u| u.factor()), Ok(1e6));
        assert_eq!(Unit::parse("thousand people").map(|u| u.factor()), Ok(1e3));
        assert_eq!(Unit::parse("km").map(|u| u.to_string()), Ok("km".into()));
        assert!(Unit::parse("USD zillion").is_err());
        assert!(Unit::parse("furlongs").is_err());
        assert!(Unit::parse("").is_err());
    }
}
