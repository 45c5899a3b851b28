//! Scoring and store timings: `cargo bench -p statecraft-ledger`.
//!
//! Prints, best of 3 runs each: the scoring rules over 1,000,000 three-option forecasts,
//! the calibration table of 1,000,000 events, the score card of a 2,000-question ledger,
//! and durable forecast writes (one transaction and fsync each) into a temporary ledger.
//! Figures only: nothing here asserts a time. Forecasts come from a fixed-seed
//! generator, so every run scores the same numbers.

use std::time::{Duration, Instant};

use statecraft_ledger::score::{
    self, Binning, Event, Item, brier, log_score, ranked_probability_score,
};
use statecraft_ledger::scorecard::{Filter, score_card};
use statecraft_ledger::{ForecastInput, Ledger, Outcome, Question, QuestionKind, Resolution};
use statecraft_model::Date;

/// SplitMix64: a small, seeded generator.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn best_of_3(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let mut random = Random(7);
    let items: Vec<Item> = (0..1_000_000)
        .filter_map(|i| {
            let (a, b) = (random.next(), random.next());
            let (low, high) = (a.min(b), a.max(b));
            Item::new(vec![low, high - low, 1.0 - high], i % 3).ok()
        })
        .collect();
    let mut total = 0.0;
    let t = best_of_3(|| {
        total = items
            .iter()
            .map(|i| brier(i) + log_score(i) + ranked_probability_score(i))
            .sum::<f64>();
    });
    println!(
        "Brier + log + RPS of {} forecasts: {:.1} ms ({:.1} ns each; checksum {total:.3})",
        items.len(),
        t.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e9 / items.len() as f64
    );
    let events: Vec<Event> = items
        .iter()
        .map(|i| Event {
            probability: i.probabilities()[0],
            happened: i.outcome() == 0,
        })
        .collect();
    let t = best_of_3(|| {
        let _ = score::calibration(&events, Binning::Equal(10));
    });
    println!(
        "calibration of {} events, 10 bins: {:.1} ms",
        events.len(),
        t.as_secs_f64() * 1e3
    );

    let dir = std::env::temp_dir().join(format!("statecraft-ledger-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("ledger.sqlite3");
    let mut ledger = Ledger::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let questions = 2_000;
    for q in 0..questions {
        let id = format!("q{q}");
        ledger
            .ask(&Question {
                id: id.clone(),
                text: format!("Question {q}?"),
                kind: QuestionKind::Binary,
                options: vec!["yes".into(), "no".into()],
                resolution_criterion: "As reported.".into(),
                opens: date("2020-01-01"),
                resolves_by: date("2020-12-31"),
                evidence: Vec::new(),
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let writes = 300;
    let start = Instant::now();
    for w in 0..writes {
        ledger
            .forecast(ForecastInput {
                question: format!("q{}", w % questions),
                forecaster: format!("forecaster {}", w % 5),
                made_at: date("2020-02-01"),
                given: vec![("yes".into(), random.next())],
                rationale: None,
                evidence: Vec::new(),
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let t = start.elapsed();
    println!(
        "{writes} durable forecast writes: {:.2} ms each ({:.0} a second)",
        t.as_secs_f64() * 1e3 / writes as f64,
        writes as f64 / t.as_secs_f64()
    );
    for q in 0..writes.min(questions) {
        ledger
            .resolve(&Resolution {
                question: format!("q{q}"),
                outcome: Outcome::Option(if q % 2 == 0 { "yes" } else { "no" }.into()),
                resolved_at: date("2020-06-30"),
                source: "bench".into(),
                note: None,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let t = best_of_3(|| {
        let _ = ledger.records();
    });
    println!(
        "read {questions} questions with their forecasts: {:.1} ms",
        t.as_secs_f64() * 1e3
    );
    let records = ledger.records().unwrap_or_else(|e| panic!("{e}"));
    let t = best_of_3(|| {
        let _ = score_card(
            &records,
            &Filter {
                bins: 10,
                ..Filter::default()
            },
        );
    });
    println!(
        "score card of {questions} questions ({writes} forecasts resolved): {:.2} ms",
        t.as_secs_f64() * 1e3
    );
    drop(ledger);
    let _ = std::fs::remove_dir_all(&dir);
}
