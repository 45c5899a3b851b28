//! The score card over a small ledger, computed by hand.

use statecraft_ledger::scorecard::{Filter, score_card};
use statecraft_ledger::{ForecastInput, Ledger, Outcome, Question, QuestionKind, Resolution};

use crate::{date, scratch};

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "expected {expected}, got {actual}"
    );
}

fn ledger() -> Ledger {
    let dir = scratch("scorecard");
    let mut ledger = Ledger::open(&dir.join("ledger.sqlite3")).expect("opens");
    let ask = |ledger: &mut Ledger, id: &str, kind, options: &[&str]| {
        ledger
            .ask(&Question {
                id: id.into(),
                text: format!("Question {id}?"),
                kind,
                options: options.iter().map(|o| o.to_string()).collect(),
                resolution_criterion: "As reported.".into(),
                opens: date("2020-01-01"),
                resolves_by: date("2020-12-31"),
                evidence: Vec::new(),
            })
            .expect("asked");
    };
    ask(&mut ledger, "bin", QuestionKind::Binary, &["yes", "no"]);
    ask(
        &mut ledger,
        "bins",
        QuestionKind::Ordered,
        &["low", "mid", "high"],
    );
    ask(&mut ledger, "void", QuestionKind::Binary, &["yes", "no"]);
    ask(&mut ledger, "open", QuestionKind::Binary, &["yes", "no"]);
    let mut forecast = |question: &str, by: &str, at: &str, given: &[(&str, f64)]| {
        ledger
            .forecast(ForecastInput {
                question: question.into(),
                forecaster: by.into(),
                made_at: date(at),
                given: given.iter().map(|(o, p)| (o.to_string(), *p)).collect(),
                rationale: None,
                evidence: Vec::new(),
            })
            .expect("recorded");
    };
    forecast("bin", "Ann", "2020-01-01", &[("yes", 0.6), ("no", 0.4)]);
    forecast("bin", "Ann", "2020-01-11", &[("yes", 0.9), ("no", 0.1)]);
    forecast("bin", "Bob", "2020-01-16", &[("yes", 0.2), ("no", 0.8)]);
    forecast(
        "bins",
        "Ann",
        "2020-01-01",
        &[("low", 0.2), ("mid", 0.5), ("high", 0.3)],
    );
    forecast("void", "Ann", "2020-01-01", &[("yes", 0.5)]);
    forecast("open", "Bob", "2020-01-01", &[("yes", 0.5)]);
    let mut resolve = |question: &str, outcome: Outcome, at: &str| {
        ledger
            .resolve(&Resolution {
                question: question.into(),
                outcome,
                resolved_at: date(at),
                source: "report".into(),
                note: None,
            })
            .expect("resolved");
    };
    resolve("bin", Outcome::Option("yes".into()), "2020-01-20");
    resolve("bins", Outcome::Option("high".into()), "2020-01-10");
    resolve("void", Outcome::Annulled, "2020-01-05");
    ledger
}

#[test]
fn scores_by_hand() {
    let ledger = ledger();
    let records = ledger.records().expect("records");
    let card = score_card(
        &records,
        &Filter {
            bins: 10,
            ..Filter::default()
        },
    );
    assert_eq!(card.annulled, vec!["void".to_string()]);
    assert_eq!(card.unresolved, 1);
    assert_eq!(card.questions.len(), 3);

    let ann_bin = card
        .questions
        .iter()
        .find(|q| q.question == "bin" && q.forecaster == "Ann")
        .expect("scored");
    // Final forecast [0.9, 0.1], outcome yes: Brier 0.01 + 0.01 = 0.02; binary 0.01.
    close(ann_bin.brier, 0.02);
    close(ann_bin.binary_brier.expect("binary"), 0.01);
    close(ann_bin.log, 0.9f64.ln());
    assert_eq!(ann_bin.forecasts, 2);
    // Time-averaged: [0.6, 0.4] (0.32) stands 1–10 January, 10 days; [0.9, 0.1] (0.02)
    // stands 11–20 January, 10 days: (10 × 0.32 + 10 × 0.02) / 20 = 0.17.
    close(ann_bin.time_averaged_brier.score, 0.17);
    assert_eq!(ann_bin.time_averaged_brier.days, 20);
    close(
        ann_bin.time_averaged_log.score,
        (10.0 * 0.6f64.ln() + 10.0 * 0.9f64.ln()) / 20.0,
    );

    let bob_bin = card
        .questions
        .iter()
        .find(|q| q.question == "bin" && q.forecaster == "Bob")
        .expect("scored");
    // Bob's days start with his first forecast on 16 January: 16–20, 5 days.
    assert_eq!(bob_bin.time_averaged_brier.days, 5);
    // [0.2, 0.8], outcome yes: 0.64 + 0.64 = 1.28.
    close(bob_bin.brier, 1.28);
    close(bob_bin.time_averaged_brier.score, 1.28);

    let ann_bins = card
        .questions
        .iter()
        .find(|q| q.question == "bins")
        .expect("scored");
    // [0.2, 0.5, 0.3], outcome high: Brier 0.04 + 0.25 + 0.49 = 0.78;
    // RPS ((0.2 − 0)² + (0.7 − 0)²) / 2 = 0.265.
    close(ann_bins.brier, 0.78);
    close(ann_bins.ranked_probability.expect("ordered"), 0.265);
    assert!(ann_bins.binary_brier.is_none());

    let ann = card
        .forecasters
        .iter()
        .find(|f| f.forecaster == "Ann")
        .expect("Ann");
    assert_eq!(ann.questions, 2);
    close(ann.brier, (0.02 + 0.78) / 2.0);
    close(ann.binary_brier.expect("one binary"), 0.01);
    assert_eq!(ann.ordered_questions, 1);
    let overall = card.overall.as_ref().expect("two forecasters");
    assert_eq!(overall.questions, 3);
    close(overall.brier, (0.02 + 1.28 + 0.78) / 3.0);

    // Calibration events: Ann's bin (0.9, yes), Bob's bin (0.2, yes), and Ann's bins
    // (0.2, no), (0.5, no), (0.3, yes). Brier of the events:
    // (0.01 + 0.64 + 0.04 + 0.25 + 0.49) / 5 = 0.286.
    let calibration = card.calibration.as_ref().expect("events");
    assert_eq!(calibration.count, 5);
    close(calibration.brier, 0.286);
    close(calibration.decomposed(), calibration.brier);
}

#[test]
fn filters_pick_forecasters_and_resolution_dates() {
    let ledger = ledger();
    let records = ledger.records().expect("records");
    let bob = score_card(
        &records,
        &Filter {
            forecaster: Some("Bob".into()),
            since: None,
            bins: 10,
        },
    );
    assert_eq!(bob.questions.len(), 1);
    assert!(bob.overall.is_none());
    let late = score_card(
        &records,
        &Filter {
            forecaster: None,
            since: Some(date("2020-01-15")),
            bins: 10,
        },
    );
    // Only "bin" resolved on or after 15 January.
    assert!(late.questions.iter().all(|q| q.question == "bin"));
    assert_eq!(late.questions.len(), 2);
}
