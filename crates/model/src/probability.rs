//! Probabilities as authors give them: numbers, intervals, or words.
//!
//! Words follow the ICD 203 scale of estimative probability. Authors also use words the
//! scale does not list; [`PHRASES`] maps each onto one of the scale's bands, with the
//! reason for the choice, so every conversion is written down and reviewable. This module
//! does not decide how an interval is collapsed to one number beyond its midpoint.

use serde::{Deserialize, Serialize};

/// A probability as written in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProbabilitySpec {
    /// An exact number in [0, 1].
    Number(f64),
    /// An interval `[low, high]`.
    Interval(Vec<f64>),
    /// A phrase of the ICD 203 scale, or one mapped onto it.
    Phrase(String),
}

/// A probability interval; `low == high` for an exact number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// The midpoint, used as the point estimate of an interval.
    pub fn midpoint(&self) -> f64 {
        (self.low + self.high) / 2.0
    }

    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }
}

/// One band of the ICD 203 scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub words: &'static str,
    pub low: f64,
    pub high: f64,
}

/// The ICD 203 words of estimative probability, with their intervals.
pub const ICD_203: [Band; 7] = [
    Band {
        words: "almost no chance",
        low: 0.01,
        high: 0.05,
    },
    Band {
        words: "very unlikely",
        low: 0.05,
        high: 0.20,
    },
    Band {
        words: "unlikely",
        low: 0.20,
        high: 0.45,
    },
    Band {
        words: "roughly even chance",
        low: 0.45,
        high: 0.55,
    },
    Band {
        words: "likely",
        low: 0.55,
        high: 0.80,
    },
    Band {
        words: "very likely",
        low: 0.80,
        high: 0.95,
    },
    Band {
        words: "almost certain",
        low: 0.95,
        high: 0.99,
    },
];

/// A phrase, the ICD 203 band it maps to, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhraseMapping {
    pub phrase: &'static str,
    pub band: &'static str,
    pub reason: &'static str,
}

/// Every phrase the model accepts and the band it stands for.
pub const PHRASES: &[PhraseMapping] = &[
    PhraseMapping {
        phrase: "almost no chance",
        band: "almost no chance",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "remote",
        band: "almost no chance",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "very unlikely",
        band: "very unlikely",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "highly improbable",
        band: "very unlikely",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "unlikely",
        band: "unlikely",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "improbable",
        band: "unlikely",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "roughly even chance",
        band: "roughly even chance",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "roughly even odds",
        band: "roughly even chance",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "likely",
        band: "likely",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "probable",
        band: "likely",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "very likely",
        band: "very likely",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "highly probable",
        band: "very likely",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "almost certain",
        band: "almost certain",
        reason: "ICD 203 term",
    },
    PhraseMapping {
        phrase: "nearly certain",
        band: "almost certain",
        reason: "ICD 203 synonym",
    },
    PhraseMapping {
        phrase: "most likely",
        band: "likely",
        reason: "singles out the favoured outcome among several without claiming near-certainty",
    },
    PhraseMapping {
        phrase: "the probable",
        band: "likely",
        reason: "as in 'the probable red line': the author's best reading, hedged",
    },
    PhraseMapping {
        phrase: "may",
        band: "unlikely",
        reason: "flags a live possibility the author does not expect as the main course",
    },
    PhraseMapping {
        phrase: "could",
        band: "unlikely",
        reason: "used like 'may': possible, not expected",
    },
    PhraseMapping {
        phrase: "might",
        band: "unlikely",
        reason: "used like 'may': possible, not expected",
    },
    PhraseMapping {
        phrase: "possible",
        band: "unlikely",
        reason: "used like 'may': possible, not expected",
    },
    PhraseMapping {
        phrase: "will",
        band: "very likely",
        reason: "a flat prediction; authors rarely mean certainty, so the band below it",
    },
    PhraseMapping {
        phrase: "is set to",
        band: "very likely",
        reason: "a flat prediction, read as 'will'",
    },
    PhraseMapping {
        phrase: "certain",
        band: "almost certain",
        reason: "the top band; the scale stops at 0.99",
    },
    PhraseMapping {
        phrase: "doubtful",
        band: "unlikely",
        reason: "doubt without dismissal",
    },
    PhraseMapping {
        phrase: "hardly",
        band: "very unlikely",
        reason: "near-dismissal short of 'no chance'",
    },
];

/// Looks a phrase up (case-insensitively, ignoring surrounding space).
pub fn phrase_interval(phrase: &str) -> Option<Interval> {
    let wanted = phrase.trim().to_lowercase();
    let mapping = PHRASES.iter().find(|m| m.phrase == wanted)?;
    let band = ICD_203.iter().find(|b| b.words == mapping.band)?;
    Some(Interval {
        low: band.low,
        high: band.high,
    })
}

/// Why a probability spec is not a probability.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProbabilityError {
    #[error("probability {0} is outside [0, 1]")]
    OutOfRange(f64),
    #[error("an interval is written [low, high] with low <= high, got {0:?}")]
    BadInterval(Vec<f64>),
    #[error(
        "unknown likelihood phrase {0:?} (use a number, [low, high], or an ICD 203 phrase such as \"likely\")"
    )]
    UnknownPhrase(String),
}

impl ProbabilitySpec {
    /// The interval this spec stands for.
    pub fn interval(&self) -> Result<Interval, ProbabilityError> {
        let in_range = |p: f64| p.is_finite() && (0.0..=1.0).contains(&p);
        match self {
            ProbabilitySpec::Number(p) => {
                if !in_range(*p) {
                    return Err(ProbabilityError::OutOfRange(*p));
                }
                Ok(Interval { low: *p, high: *p })
            }
            ProbabilitySpec::Interval(bounds) => match bounds.as_slice() {
                [low, high] if low <= high => {
                    for p in [*low, *high] {
                        if !in_range(p) {
                            return Err(ProbabilityError::OutOfRange(p));
                        }
                    }
                    Ok(Interval {
                        low: *low,
                        high: *high,
                    })
                }
                _ => Err(ProbabilityError::BadInterval(bounds.clone())),
            },
            ProbabilitySpec::Phrase(phrase) => phrase_interval(phrase)
                .ok_or_else(|| ProbabilityError::UnknownPhrase(phrase.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_maps_to_a_band() {
        for mapping in PHRASES {
            assert!(
                ICD_203.iter().any(|b| b.words == mapping.band),
                "{}",
                mapping.phrase
            );
        }
        assert_eq!(
            phrase_interval("Likely"),
            Some(Interval {
                low: 0.55,
                high: 0.80
            })
        );
        assert_eq!(
            phrase_interval("most likely"),
            Some(Interval {
                low: 0.55,
                high: 0.80
            })
        );
        assert_eq!(
            phrase_interval("remote"),
            Some(Interval {
                low: 0.01,
                high: 0.05
            })
        );
        assert_eq!(phrase_interval("perhaps"), None);
    }

    #[test]
    fn specs_resolve_or_fail() {
        assert!(ProbabilitySpec::Number(1.2).interval().is_err());
        assert!(
            ProbabilitySpec::Interval(vec![0.5, 0.2])
                .interval()
                .is_err()
        );
        assert!(ProbabilitySpec::Interval(vec![0.5]).interval().is_err());
        let i = ProbabilitySpec::Interval(vec![0.2, 0.4])
            .interval()
            .expect("valid");
        assert!((i.midpoint() - 0.3).abs() < 1e-12);
    }
}
