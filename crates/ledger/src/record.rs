//! The ledger's records: questions, forecasts and resolutions, and the checks a record
//! must pass on its own (before the store compares it with what is already recorded).
//!
//! This module holds data and pure checks only; [`crate::store`] reads and writes them.

use serde::Serialize;
use statecraft_model::Date;

use crate::error::LedgerError;
use crate::score::SUM_TOLERANCE;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Two options (usually yes and no).
    Binary,
    /// Several options, unordered.
    Multiple,
    /// Ordered bins (e.g. ranges of a number); scored with the ranked probability score too.
    Ordered,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Binary => "binary",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Ordered => "ordered",
        }
    }

    pub fn parse(text: &str) -> Option<QuestionKind> {
        match text {
            "binary" => Some(QuestionKind::Binary),
            "multiple" => Some(QuestionKind::Multiple),
            "ordered" => Some(QuestionKind::Ordered),
            _ => None,
        }
    }
}

/// A paragraph of a source a record rests on: `source ¶paragraph`, with the paragraph's
/// short hash when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Locator {
    pub source: String,
    pub paragraph: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

impl std::fmt::Display for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ¶{}", self.source, self.paragraph)
    }
}

/// A forecasting question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    /// The options in order (for ordered questions, from lowest bin to highest).
    pub options: Vec<String>,
    /// How the question will be resolved: what counts as each outcome.
    pub resolution_criterion: String,
    pub opens: Date,
    pub resolves_by: Date,
    pub evidence: Vec<Locator>,
}

/// The word that stands for an annulled question in place of an option.
pub const ANNULLED: &str = "annulled";

impl Question {
    /// Checks the question on its own: id, text, options, dates.
    pub fn check(&self) -> Result<(), LedgerError> {
        check_id(&self.id)?;
        if self.text.trim().is_empty() {
            return Err(LedgerError::invalid("text", "the question text is empty"));
        }
        if self.resolution_criterion.trim().is_empty() {
            return Err(LedgerError::invalid(
                "resolution",
                "the resolution criterion is empty (say what counts as each outcome)",
            ));
        }
        if self.options.len() < 2 {
            return Err(LedgerError::invalid(
                "options",
                format!(
                    "a question needs at least two options, got {}",
                    self.options.len()
                ),
            ));
        }
        if self.kind == QuestionKind::Binary && self.options.len() != 2 {
            return Err(LedgerError::invalid(
                "options",
                format!(
                    "a binary question has exactly two options, got {} ({}); use --kind multiple",
                    self.options.len(),
                    self.options.join(", ")
                ),
            ));
        }
        for (i, option) in self.options.iter().enumerate() {
            if option.trim().is_empty() || option.trim() != option || option.contains('=') {
                return Err(LedgerError::invalid(
                    "options",
                    format!(
                        "option {:?} must be non-empty, without surrounding spaces or '='",
                        option
                    ),
                ));
            }
            if option == ANNULLED {
                return Err(LedgerError::invalid(
                    "options",
                    "\"annulled\" is reserved for annulled questions and cannot be an option",
                ));
            }
            if self.options[..i].contains(option) {
                return Err(LedgerError::invalid(
                    "options",
                    format!("option {option:?} is listed twice"),
                ));
            }
        }
        if self.resolves_by.end < self.opens.start {
            return Err(LedgerError::DateOrder(format!(
                "question {:?} resolves by {} before it opens on {}",
                self.id, self.resolves_by, self.opens
            )));
        }
        Ok(())
    }

    /// The position of an option, or an error naming the options.
    pub fn option_index(&self, option: &str) -> Result<usize, LedgerError> {
        self.options
            .iter()
            .position(|o| o == option)
            .ok_or_else(|| LedgerError::UnknownOption {
                question: self.id.clone(),
                option: option.to_string(),
                options: self.options.join(", "),
            })
    }
}

/// Question ids are lowercase letters, digits and `-_.`, starting with a letter or digit
/// (the model's id rule), so they are safe in file names and URLs.
pub fn check_id(id: &str) -> Result<(), LedgerError> {
    let ok = !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        && id.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(LedgerError::invalid(
            "id",
            format!(
                "question id {id:?} must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit"
            ),
        ))
    }
}

/// The probability a forecast gives one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionProbability {
    pub option: String,
    /// The point probability scored (after normalisation).
    pub probability: f64,
    /// The interval the forecaster's words stand for (equal to `probability` for a number).
    pub low: f64,
    pub high: f64,
    /// How it was given: a number, an interval, a phrase such as "unlikely", or
    /// "remainder" for an option left out and given a share of what was left.
    pub stated: String,
}

/// A forecast: a probability for every option of a question, in the question's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub question: String,
    pub forecaster: String,
    pub made_at: Date,
    pub probabilities: Vec<OptionProbability>,
    /// The sum of the point probabilities before they were divided by it to sum to 1
    /// (1 when no normalisation was needed).
    pub stated_sum: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    pub evidence: Vec<Locator>,
    /// Where an imported forecast came from (`model:<forecast id>`); none for forecasts
    /// entered by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl Forecast {
    /// The point probabilities in option order.
    pub fn vector(&self) -> Vec<f64> {
        self.probabilities.iter().map(|p| p.probability).collect()
    }
}

/// A forecast as stored, with the id the ledger gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastRecord {
    pub id: i64,
    #[serde(flatten)]
    pub forecast: Forecast,
}

/// A forecast as a person enters it: probabilities for some or all options.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInput {
    pub question: String,
    pub forecaster: String,
    pub made_at: Date,
    /// (option, probability) pairs; options left out share what remains equally.
    pub given: Vec<(String, f64)>,
    pub rationale: Option<String>,
    pub evidence: Vec<Locator>,
}

/// Turns an entered forecast into a full one for `question`: every option known and
/// given once, each probability in [0, 1]; the given probabilities sum to 1 within
/// 1e-9 when all options are given, and to at most 1 otherwise, the options left out
/// sharing the remainder equally.
pub fn complete_forecast(
    question: &Question,
    input: ForecastInput,
) -> Result<Forecast, LedgerError> {
    if input.forecaster.trim().is_empty() {
        return Err(LedgerError::invalid("by", "the forecaster's name is empty"));
    }
    if input.given.is_empty() {
        return Err(LedgerError::invalid(
            "p",
            format!(
                "give at least one probability, as OPTION=P (options: {})",
                question.options.join(", ")
            ),
        ));
    }
    let mut given: Vec<Option<f64>> = vec![None; question.options.len()];
    for (option, p) in &input.given {
        let index = question.option_index(option)?;
        if !(p.is_finite() && (0.0..=1.0).contains(p)) {
            return Err(LedgerError::invalid(
                "p",
                format!("probability {p} for {option:?} is not in [0, 1]"),
            ));
        }
        if given[index].is_some() {
            return Err(LedgerError::invalid(
                "p",
                format!("option {option:?} is given twice"),
            ));
        }
        given[index] = Some(*p);
    }
    let sum: f64 = given.iter().flatten().sum();
    let missing = given.iter().filter(|p| p.is_none()).count();
    let detail = || {
        input
            .given
            .iter()
            .map(|(o, p)| format!("{o}={p}"))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    if missing == 0 && (sum - 1.0).abs() > SUM_TOLERANCE {
        return Err(LedgerError::NotNormalised {
            question: question.id.clone(),
            sum,
            detail: detail(),
        });
    }
    if missing > 0 && sum > 1.0 + SUM_TOLERANCE {
        return Err(LedgerError::NotNormalised {
            question: question.id.clone(),
            sum,
            detail: format!(
                "{} already exceeds 1 with {missing} option(s) left to share the remainder",
                detail()
            ),
        });
    }
    let share = ((1.0 - sum).max(0.0)) / missing.max(1) as f64;
    let probabilities = question
        .options
        .iter()
        .zip(&given)
        .map(|(option, p)| match p {
            Some(p) => OptionProbability {
                option: option.clone(),
                probability: *p,
                low: *p,
                high: *p,
                stated: format!("{p}"),
            },
            None => OptionProbability {
                option: option.clone(),
                probability: share,
                low: share,
                high: share,
                stated: "remainder".to_string(),
            },
        })
        .collect();
    Ok(Forecast {
        question: question.id.clone(),
        forecaster: input.forecaster.trim().to_string(),
        made_at: input.made_at,
        probabilities,
        stated_sum: 1.0,
        rationale: input.rationale.filter(|r| !r.trim().is_empty()),
        evidence: input.evidence,
        origin: None,
    })
}

/// What became of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The option that occurred.
    Option(String),
    /// The question was annulled (its premise failed, or it cannot be judged); it is not
    /// scored.
    Annulled,
}

impl Outcome {
    pub fn as_str(&self) -> &str {
        match self {
            Outcome::Option(option) => option,
            Outcome::Annulled => ANNULLED,
        }
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A question's resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    pub question: String,
    /// The option that occurred, or "annulled".
    pub outcome: Outcome,
    pub resolved_at: Date,
    /// Where the outcome is established (a reference or URL).
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A question with everything recorded on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRecord {
    #[serde(flatten)]
    pub question: Question,
    /// In the order they were made (date, then id).
    pub forecasts: Vec<ForecastRecord>,
    pub resolution: Option<Resolution>,
}
