//! The score card: how well each forecaster did on the ledger's resolved questions.
//!
//! Pure: it takes question records (read by [`crate::store`]) and applies the rules of
//! [`crate::score`]. For each forecaster and resolved, non-annulled question it scores
//! the forecast standing at resolution (the last one made) with the Brier, log and (for
//! ordered questions) ranked probability scores, and all the forecaster's forecasts on
//! the question with the time-averaged Brier and log scores. Annulled questions are
//! counted, not scored. It does not read the ledger or the clock.
//!
//! The calibration table takes binary events from the scored forecasts: a binary
//! question gives one event (the probability of its first option, and whether that
//! option occurred); a question with more options gives one event per option.

use serde::Serialize;
use statecraft_model::Date;

use crate::record::{ForecastRecord, Outcome, QuestionKind, QuestionRecord};
use crate::score::{
    self, Binning, Calibration, Event, Item, TimeAveraged, binary_brier, brier, log_score,
    ranked_probability_score,
};

/// Which forecasts to score.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this forecaster's forecasts.
    pub forecaster: Option<String>,
    /// Only questions resolved on or after this date.
    pub since: Option<Date>,
    /// Number of equal bins in the calibration table; 0 bins by distinct values.
    pub bins: usize,
}

/// One forecaster's score on one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScore {
    pub question: String,
    pub forecaster: String,
    pub kind: QuestionKind,
    pub outcome: String,
    pub resolved_at: Date,
    /// How many forecasts the forecaster made on the question.
    pub forecasts: usize,
    /// The forecast standing at resolution: its id and date.
    pub final_forecast: i64,
    pub final_made_at: Date,
    pub probability_of_outcome: f64,
    /// Multi-category Brier score of the final forecast, in [0, 2].
    pub brier: f64,
    /// (p − o)² for the first option, for binary questions, in [0, 1].
    pub binary_brier: Option<f64>,
    pub log: f64,
    pub ranked_probability: Option<f64>,
    pub time_averaged_brier: TimeAveraged,
    pub time_averaged_log: TimeAveraged,
}

/// Mean scores of one forecaster (or of everyone, as "(all)").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecasterScores {
    pub forecaster: String,
    pub questions: usize,
    pub brier: f64,
    pub binary_questions: usize,
    pub binary_brier: Option<f64>,
    pub log: f64,
    pub ordered_questions: usize,
    pub ranked_probability: Option<f64>,
    pub time_averaged_brier: f64,
    pub time_averaged_log: f64,
}

/// The score card of a ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCard {
    pub forecasters: Vec<ForecasterScores>,
    /// Everyone's forecasts together; present when more than one forecaster was scored.
    pub overall: Option<ForecasterScores>,
    pub questions: Vec<QuestionScore>,
    /// Resolved questions that were annulled (not scored), in id order.
    pub annulled: Vec<String>,
    /// Questions not yet resolved.
    pub unresolved: usize,
    pub calibration: Option<Calibration>,
}

/// Scores the forecasts of `records` selected by `filter`.
pub fn score_card(records: &[QuestionRecord], filter: &Filter) -> ScoreCard {
    let mut questions = Vec::new();
    let mut annulled = Vec::new();
    let mut unresolved = 0;
    let mut events = Vec::new();
    for record in records {
        let Some(resolution) = &record.resolution else {
            unresolved += 1;
            continue;
        };
        if let Some(since) = &filter.since {
            if resolution.resolved_at.start < since.start {
                continue;
            }
        }
        let option = match &resolution.outcome {
            Outcome::Annulled => {
                annulled.push(record.question.id.clone());
                continue;
            }
            Outcome::Option(option) => option,
        };
        let Some(outcome) = record.question.options.iter().position(|o| o == option) else {
            continue;
        };
        let resolution_day = resolution.resolved_at.end.ordinal();
        let mut forecasters: Vec<&str> = record
            .forecasts
            .iter()
            .map(|f| f.forecast.forecaster.as_str())
            .filter(|name| {
                filter
                    .forecaster
                    .as_deref()
                    .is_none_or(|wanted| wanted == *name)
            })
            .collect();
        forecasters.sort_unstable();
        forecasters.dedup();
        for forecaster in forecasters {
            let mine: Vec<(&ForecastRecord, Item)> = record
                .forecasts
                .iter()
                .filter(|f| f.forecast.forecaster == forecaster)
                .filter_map(|f| Item::new(f.forecast.vector(), outcome).ok().map(|i| (f, i)))
                .collect();
            let dated: Vec<(i64, &Item)> = mine
                .iter()
                .map(|(f, item)| (f.forecast.made_at.start.ordinal(), item))
                .collect();
            let (Some(ta_brier), Some(ta_log)) = (
                score::time_averaged(&dated, resolution_day, brier),
                score::time_averaged(&dated, resolution_day, log_score),
            ) else {
                continue;
            };
            // Records come in the order they were made, so the last stands at resolution.
            let Some((last, item)) = mine.last() else {
                continue;
            };
            let kind = record.question.kind;
            let p = item.probabilities();
            if kind == QuestionKind::Binary {
                events.push(Event {
                    probability: p[0],
                    happened: outcome == 0,
                });
            } else {
                for (i, &probability) in p.iter().enumerate() {
                    events.push(Event {
                        probability,
                        happened: outcome == i,
                    });
                }
            }
            questions.push(QuestionScore {
                question: record.question.id.clone(),
                forecaster: forecaster.to_string(),
                kind,
                outcome: option.clone(),
                resolved_at: resolution.resolved_at,
                forecasts: mine.len(),
                final_forecast: last.id,
                final_made_at: last.forecast.made_at,
                probability_of_outcome: item.probability_of_outcome(),
                brier: brier(item),
                binary_brier: (kind == QuestionKind::Binary)
                    .then(|| binary_brier(p[0], outcome == 0)),
                log: log_score(item),
                ranked_probability: (kind == QuestionKind::Ordered)
                    .then(|| ranked_probability_score(item)),
                time_averaged_brier: ta_brier,
                time_averaged_log: ta_log,
            });
        }
    }
    let mut names: Vec<&str> = questions.iter().map(|q| q.forecaster.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let forecasters: Vec<ForecasterScores> = names
        .iter()
        .filter_map(|name| {
            let rows: Vec<&QuestionScore> =
                questions.iter().filter(|q| q.forecaster == *name).collect();
            means(name, &rows)
        })
        .collect();
    let overall = if forecasters.len() > 1 {
        means("(all)", &questions.iter().collect::<Vec<_>>())
    } else {
        None
    };
    let binning = if filter.bins == 0 {
        Binning::Distinct
    } else {
        Binning::Equal(filter.bins)
    };
    ScoreCard {
        forecasters,
        overall,
        calibration: score::calibration(&events, binning),
        questions,
        annulled,
        unresolved,
    }
}

fn means(name: &str, rows: &[&QuestionScore]) -> Option<ForecasterScores> {
    if rows.is_empty() {
        return None;
    }
    let mean = |values: Vec<f64>| -> Option<f64> {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let binary: Vec<f64> = rows.iter().filter_map(|q| q.binary_brier).collect();
    let ordered: Vec<f64> = rows.iter().filter_map(|q| q.ranked_probability).collect();
    Some(ForecasterScores {
        forecaster: name.to_string(),
        questions: rows.len(),
        brier: mean(rows.iter().map(|q| q.brier).collect()).unwrap_or(0.0),
        binary_questions: binary.len(),
        binary_brier: mean(binary),
        log: mean(rows.iter().map(|q| q.log).collect()).unwrap_or(0.0),
        ordered_questions: ordered.len(),
        ranked_probability: mean(ordered),
        time_averaged_brier: mean(rows.iter().map(|q| q.time_averaged_brier.score).collect())
            .unwrap_or(0.0),
        time_averaged_log: mean(rows.iter().map(|q| q.time_averaged_log.score).collect())
            .unwrap_or(0.0),
    })
}
