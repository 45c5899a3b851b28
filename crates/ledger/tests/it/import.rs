//! Importing a model's forecasts: probabilities from words, remainders, normalisation,
//! and idempotence.

use statecraft_ledger::import::{distribution, from_model, model_origin};
use statecraft_ledger::{Ledger, QuestionKind};
use statecraft_model::probability::ProbabilitySpec;

use crate::scratch;

fn options(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn a_phrase_becomes_its_interval_midpoint_and_the_rest_goes_to_the_other_option() {
    let (p, sum) = distribution(
        &options(&["yes", "no"]),
        &[("yes".into(), ProbabilitySpec::Phrase("unlikely".into()))],
    )
    .expect("valid");
    // "unlikely" is ICD 203's 0.20–0.45: midpoint 0.325; "no" takes 1 − 0.325 = 0.675,
    // with the interval 1 − 0.45 = 0.55 to 1 − 0.20 = 0.80.
    close(p[0].probability, 0.325);
    assert_eq!((p[0].low, p[0].high), (0.20, 0.45));
    assert_eq!(p[0].stated, "unlikely");
    close(p[1].probability, 0.675);
    close(p[1].low, 0.55);
    close(p[1].high, 0.80);
    assert_eq!(p[1].stated, "remainder");
    assert_eq!(sum, 1.0);
}

#[test]
fn options_left_out_share_the_remainder_equally() {
    let (p, sum) = distribution(
        &options(&["a", "b", "c"]),
        &[("a".into(), ProbabilitySpec::Number(0.2))],
    )
    .expect("valid");
    // (1 − 0.2) / 2 = 0.4 each.
    close(p[1].probability, 0.4);
    close(p[2].probability, 0.4);
    assert_eq!(sum, 1.0);
}

#[test]
fn probabilities_that_overshoot_are_normalised_and_the_sum_recorded() {
    let (p, sum) = distribution(
        &options(&["a", "b", "c"]),
        &[
            ("a".into(), ProbabilitySpec::Phrase("likely".into())),
            ("b".into(), ProbabilitySpec::Phrase("very likely".into())),
        ],
    )
    .expect("valid");
    // likely 0.55–0.80 → 0.675; very likely 0.80–0.95 → 0.875; c gets max(0, 1 − 1.55) = 0.
    // The sum 1.55 is recorded and the points divided by it.
    close(sum, 1.55);
    close(p[0].probability, 0.675 / 1.55);
    close(p[1].probability, 0.875 / 1.55);
    close(p[2].probability, 0.0);
    // Intervals are kept as stated.
    assert_eq!((p[1].low, p[1].high), (0.80, 0.95));
}

#[test]
fn an_interval_becomes_its_midpoint() {
    let (p, _) = distribution(
        &options(&["yes", "no"]),
        &[("yes".into(), ProbabilitySpec::Interval(vec![0.45, 0.7]))],
    )
    .expect("valid");
    close(p[0].probability, 0.575);
    assert_eq!(p[0].stated, "[0.45, 0.7]");
}

#[test]
fn unknown_options_and_phrases_are_errors() {
    assert!(
        distribution(
            &options(&["yes", "no"]),
            &[("maybe".into(), ProbabilitySpec::Number(0.5))]
        )
        .is_err()
    );
    assert!(
        distribution(
            &options(&["yes", "no"]),
            &[("yes".into(), ProbabilitySpec::Phrase("perhaps".into()))]
        )
        .is_err()
    );
}

#[test]
fn the_built_in_model_imports_every_forecast_once() {
    let model = statecraft_model::store::open(None).expect("the built-in model loads");
    let items = from_model(&model).expect("converts");
    assert_eq!(items.len(), model.forecasts.len());
    assert!(!items.is_empty());
    for ((question, forecast), source) in items.iter().zip(&model.forecasts) {
        assert_eq!(question.id, source.id.as_str());
        assert_eq!(forecast.forecaster, source.made_by);
        assert_eq!(
            forecast.origin.as_deref(),
            Some(model_origin(source.id.as_str()).as_str())
        );
        let sum: f64 = forecast.vector().iter().sum();
        assert!((sum - 1.0).abs() < 1e-12, "{}: sums to {sum}", question.id);
        if question.options.len() == 2 {
            assert_eq!(question.kind, QuestionKind::Binary);
        }
    }

    let dir = scratch("import-built-in");
    let path = dir.join("ledger.sqlite3");
    let mut ledger = Ledger::open(&path).expect("opens");
    let first = ledger.import(&items).expect("imports");
    assert_eq!(first.questions_added, items.len());
    assert_eq!(first.forecasts_added, items.len());
    let records = ledger.records().expect("records");
    let second = ledger.import(&items).expect("imports again");
    assert_eq!(second.questions_added, 0);
    assert_eq!(second.forecasts_added, 0);
    assert_eq!(second.questions_unchanged, items.len());
    assert_eq!(second.forecasts_unchanged, items.len());
    assert_eq!(ledger.records().expect("records"), records);
}

#[test]
fn an_import_that_disagrees_with_the_ledger_imports_nothing() {
    let model = statecraft_model::store::open(None).expect("the built-in model loads");
    let mut items = from_model(&model).expect("converts");
    let dir = scratch("import-conflict");
    let mut ledger = Ledger::open(&dir.join("ledger.sqlite3")).expect("opens");
    ledger.import(&items[..1]).expect("imports one");
    let counts = ledger.counts().expect("counts");
    items[0].0.text.push_str(" (reworded)");
    let error = ledger.import(&items).expect_err("conflict");
    assert!(error.to_string().contains(&items[0].0.id), "{error}");
    assert_eq!(ledger.counts().expect("counts"), counts);
}
