//! Turning a model's `[[forecast]]` records into ledger questions and forecasts.
//!
//! Pure: it takes a loaded [`Model`] and returns records for [`crate::store::Ledger::import`].
//! Each model forecast becomes a question (id, text, options, resolution criterion, opened
//! on the date the forecast was made, resolves by its date, its evidence) and one forecast
//! by its author (`made_by`). Probabilities are made into a full distribution:
//! - a number stands for itself; an interval `[low, high]` or an ICD 203 phrase (through
//!   the model's phrase table) for its interval's midpoint, and the interval is kept;
//! - options the record leaves out share the remainder equally (their interval is the
//!   remainder left by the given intervals' highs and lows, shared equally);
//! - the point probabilities are then divided by their sum so they sum to 1, and that sum
//!   is recorded (`stated_sum`; 1 when no division was needed). Intervals are kept as
//!   stated, before the division.
//!
//! It does not resolve anything: outcomes come from the analyst, not the model.

use statecraft_model::Model;
use statecraft_model::probability::ProbabilitySpec;

use crate::error::LedgerError;
use crate::record::{Forecast, Locator, OptionProbability, Question, QuestionKind};

/// A sum this close to 1 is left as it is rather than divided by.
const UNIT_SUM: f64 = 1e-12;

/// The origin recorded on a forecast imported from the model forecast `id`.
pub fn model_origin(id: &str) -> String {
    format!("model:{id}")
}

/// The questions and forecasts a model's forecasts stand for, in the model's order.
pub fn from_model(model: &Model) -> Result<Vec<(Question, Forecast)>, LedgerError> {
    model
        .forecasts
        .iter()
        .map(|f| {
            let id = f.id.as_str();
            let field = format!("forecast {id:?}");
            let question = Question {
                id: id.to_string(),
                text: f.question.clone(),
                kind: if f.options.len() == 2 {
                    QuestionKind::Binary
                } else {
                    QuestionKind::Multiple
                },
                options: f.options.clone(),
                resolution_criterion: f.resolution.clone(),
                opens: f.made_at,
                resolves_by: f.resolves_by,
                evidence: f
                    .evidence
                    .iter()
                    .map(|e| Locator {
                        source: e.source.as_str().to_string(),
                        paragraph: e.paragraph,
                        hash: Some(e.hash.clone()),
                    })
                    .collect(),
            };
            let given: Vec<(String, ProbabilitySpec)> =
                f.p.iter()
                    .map(|(option, spec)| (option.clone(), spec.clone()))
                    .collect();
            let (probabilities, stated_sum) = distribution(&f.options, &given)
                .map_err(|message| LedgerError::invalid(field.clone(), message))?;
            let forecast = Forecast {
                question: id.to_string(),
                forecaster: f.made_by.clone(),
                made_at: f.made_at,
                probabilities,
                stated_sum,
                rationale: f.note.clone(),
                evidence: question.evidence.clone(),
                origin: Some(model_origin(id)),
            };
            Ok((question, forecast))
        })
        .collect()
}

/// A full, normalised distribution over `options` from the probabilities given for some
/// of them, and the sum the point probabilities had before normalisation.
pub fn distribution(
    options: &[String],
    given: &[(String, ProbabilitySpec)],
) -> Result<(Vec<OptionProbability>, f64), String> {
    let mut entries: Vec<Option<OptionProbability>> = vec![None; options.len()];
    for (option, spec) in given {
        let index = options.iter().position(|o| o == option).ok_or_else(|| {
            format!(
                "unknown option {option:?} (options: {})",
                options.join(", ")
            )
        })?;
        let interval = spec.interval().map_err(|e| format!("{option:?}: {e}"))?;
        let stated = match spec {
            ProbabilitySpec::Number(p) => format!("{p}"),
            ProbabilitySpec::Interval(_) => format!("[{}, {}]", interval.low, interval.high),
            ProbabilitySpec::Phrase(phrase) => phrase.trim().to_string(),
        };
        entries[index] = Some(OptionProbability {
            option: option.clone(),
            probability: interval.midpoint(),
            low: interval.low,
            high: interval.high,
            stated,
        });
    }
    let given_entries = || entries.iter().flatten();
    let point: f64 = given_entries().map(|e| e.probability).sum();
    let lows: f64 = given_entries().map(|e| e.low).sum();
    let highs: f64 = given_entries().map(|e| e.high).sum();
    let missing = entries.iter().filter(|e| e.is_none()).count();
    let share = |x: f64| (1.0 - x).clamp(0.0, 1.0) / missing.max(1) as f64;
    let mut probabilities: Vec<OptionProbability> = entries
        .into_iter()
        .zip(options)
        .map(|(entry, option)| {
            entry.unwrap_or_else(|| OptionProbability {
                option: option.clone(),
                probability: share(point),
                low: share(highs),
                high: share(lows),
                stated: "remainder".to_string(),
            })
        })
        .collect();
    let sum: f64 = probabilities.iter().map(|p| p.probability).sum();
    if sum <= 0.0 {
        return Err("every option has probability 0".to_string());
    }
    if (sum - 1.0).abs() <= UNIT_SUM {
        return Ok((probabilities, 1.0));
    }
    for p in &mut probabilities {
        p.probability /= sum;
    }
    Ok((probabilities, sum))
}
