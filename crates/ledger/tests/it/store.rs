//! The store: records round-trip, bad input is refused with the ledger unchanged.

use statecraft_ledger::store::{Counts, SCHEMA_VERSION};
use statecraft_ledger::{
    ForecastInput, Ledger, LedgerError, Locator, Outcome, Question, QuestionKind, Resolution,
};

use crate::{date, scratch};

fn question(id: &str, options: &[&str], kind: QuestionKind) -> Question {
    Question {
        id: id.to_string(),
        text: format!("Will {id} happen?"),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
        resolution_criterion: "Yes if it is reported by the end of 2020.".to_string(),
        opens: date("2020-01-01"),
        resolves_by: date("2020-12-31"),
        evidence: vec![Locator {
            source: "example-2020".to_string(),
            paragraph: 3,
            hash: None,
        }],
    }
}

fn input(question: &str, at: &str, given: &[(&str, f64)]) -> ForecastInput {
    ForecastInput {
        question: question.to_string(),
        forecaster: "A. Analyst".to_string(),
        made_at: date(at),
        given: given.iter().map(|(o, p)| (o.to_string(), *p)).collect(),
        rationale: Some("base rate".to_string()),
        evidence: Vec::new(),
    }
}

fn resolution(question: &str, outcome: Outcome, at: &str) -> Resolution {
    Resolution {
        question: question.to_string(),
        outcome,
        resolved_at: date(at),
        source: "a report".to_string(),
        note: None,
    }
}

fn open(name: &str) -> Ledger {
    Ledger::open(&scratch(name).join("sub/dir/ledger.sqlite3")).expect("opens")
}

#[test]
fn a_new_ledger_is_created_at_the_latest_version() {
    let ledger = open("new");
    assert_eq!(ledger.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(
        ledger.counts().expect("counts"),
        Counts {
            questions: 0,
            forecasts: 0,
            resolutions: 0
        }
    );
    assert_eq!(ledger.integrity_check().expect("check"), "ok");
}

#[test]
fn records_round_trip() {
    let mut ledger = open("round-trip");
    let q = question("q1", &["yes", "no"], QuestionKind::Binary);
    ledger.ask(&q).expect("asked");
    // "no" is left out and takes the remainder, 0.3.
    let id = ledger
        .forecast(input("q1", "2020-02-01", &[("yes", 0.7)]))
        .expect("recorded");
    ledger
        .resolve(&resolution(
            "q1",
            Outcome::Option("yes".into()),
            "2020-06-30",
        ))
        .expect("resolved");
    let record = ledger.record("q1").expect("found");
    assert_eq!(record.question, q);
    assert_eq!(record.forecasts.len(), 1);
    let f = &record.forecasts[0];
    assert_eq!(f.id, id);
    assert_eq!(f.forecast.vector(), vec![0.7, 1.0 - 0.7]);
    assert_eq!(f.forecast.probabilities[1].stated, "remainder");
    assert_eq!(f.forecast.rationale.as_deref(), Some("base rate"));
    assert_eq!(
        record.resolution.as_ref().map(|r| r.outcome.clone()),
        Some(Outcome::Option("yes".into()))
    );
    assert_eq!(ledger.records().expect("records").len(), 1);
}

/// Runs a failing write and checks that it is refused with the expected error and that
/// the ledger holds the same records as before.
#[track_caller]
fn refused(
    ledger: &mut Ledger,
    write: impl FnOnce(&mut Ledger) -> Result<(), LedgerError>,
    expect: fn(&LedgerError) -> bool,
) {
    let before = ledger.records().expect("records");
    let counts = ledger.counts().expect("counts");
    let error = write(ledger).expect_err("the write must be refused");
    assert!(expect(&error), "unexpected error: {error}");
    assert!(error.is_invalid_input(), "{error}");
    assert_eq!(ledger.counts().expect("counts"), counts);
    assert_eq!(ledger.records().expect("records"), before);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let mut ledger = open("bad-input");
    ledger
        .ask(&question("q1", &["yes", "no"], QuestionKind::Binary))
        .expect("asked");
    ledger
        .ask(&question("q2", &["a", "b", "c"], QuestionKind::Multiple))
        .expect("asked");
    ledger
        .forecast(input("q1", "2020-03-01", &[("yes", 0.4), ("no", 0.6)]))
        .expect("recorded");

    refused(
        &mut ledger,
        |l| {
            l.forecast(input("nope", "2020-03-01", &[("yes", 1.0)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::UnknownQuestion(q) if q == "nope"),
    );
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q1", "2020-03-01", &[("maybe", 1.0)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::UnknownOption { option, .. } if option == "maybe"),
    );
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q1", "2020-03-01", &[("yes", 0.7), ("no", 0.4)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::NotNormalised { .. }),
    );
    // Off by more than 1e-9.
    refused(
        &mut ledger,
        |l| {
            l.forecast(input(
                "q1",
                "2020-03-01",
                &[("yes", 0.7), ("no", 0.3 + 2e-9)],
            ))
            .map(drop)
        },
        |e| matches!(e, LedgerError::NotNormalised { .. }),
    );
    // Given options already exceed 1 with one left to share the remainder.
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q2", "2020-03-01", &[("a", 0.6), ("b", 0.6)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::NotNormalised { .. }),
    );
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q1", "2020-03-01", &[("yes", 1.5)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::Invalid { field, .. } if field == "p"),
    );
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q1", "2019-12-31", &[("yes", 0.5)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::DateOrder(_)),
    );
    refused(
        &mut ledger,
        |l| l.ask(&question("q1", &["yes", "no"], QuestionKind::Binary)),
        |e| matches!(e, LedgerError::QuestionExists(_)),
    );
    refused(
        &mut ledger,
        |l| l.ask(&question("q3", &["a", "b", "c"], QuestionKind::Binary)),
        |e| matches!(e, LedgerError::Invalid { field, .. } if field == "options"),
    );
    refused(
        &mut ledger,
        |l| l.ask(&question("Bad Id", &["yes", "no"], QuestionKind::Binary)),
        |e| matches!(e, LedgerError::Invalid { field, .. } if field == "id"),
    );
    refused(
        &mut ledger,
        |l| {
            l.resolve(&resolution(
                "q1",
                Outcome::Option("maybe".into()),
                "2020-06-01",
            ))
        },
        |e| matches!(e, LedgerError::UnknownOption { .. }),
    );
    refused(
        &mut ledger,
        |l| {
            l.resolve(&resolution(
                "q1",
                Outcome::Option("yes".into()),
                "2019-06-01",
            ))
        },
        |e| matches!(e, LedgerError::DateOrder(_)),
    );
    // The forecast of 2020-03-01 cannot stand after a resolution dated 2020-02-01.
    refused(
        &mut ledger,
        |l| {
            l.resolve(&resolution(
                "q1",
                Outcome::Option("yes".into()),
                "2020-02-01",
            ))
        },
        |e| matches!(e, LedgerError::DateOrder(_)),
    );

    ledger
        .resolve(&resolution(
            "q1",
            Outcome::Option("no".into()),
            "2020-06-01",
        ))
        .expect("resolved");
    refused(
        &mut ledger,
        |l| {
            l.resolve(&resolution(
                "q1",
                Outcome::Option("yes".into()),
                "2020-07-01",
            ))
        },
        |e| matches!(e, LedgerError::AlreadyResolved { .. }),
    );
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q1", "2020-07-01", &[("yes", 0.5)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::ForecastAfterResolution { .. }),
    );
    ledger
        .resolve(&resolution("q2", Outcome::Annulled, "2020-06-01"))
        .expect("annulled");
    refused(
        &mut ledger,
        |l| {
            l.forecast(input("q2", "2020-03-01", &[("a", 0.5)]))
                .map(drop)
        },
        |e| matches!(e, LedgerError::Annulled { .. }),
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = scratch("newer");
    let path = dir.join("ledger.sqlite3");
    {
        let connection = rusqlite::Connection::open(&path).expect("create");
        connection
            .pragma_update(None, "user_version", 99)
            .expect("set version");
    }
    let error = Ledger::open(&path).expect_err("refused");
    assert!(
        matches!(error, LedgerError::NewerSchema { found: 99, .. }),
        "{error}"
    );
    assert!(!error.is_invalid_input());
}

#[test]
fn another_database_is_not_taken_for_a_ledger() {
    let dir = scratch("other-db");
    let path = dir.join("other.sqlite3");
    {
        let connection = rusqlite::Connection::open(&path).expect("create");
        connection
            .execute_batch("CREATE TABLE notes (body TEXT)")
            .expect("create table");
    }
    let error = Ledger::open(&path).expect_err("refused");
    assert!(matches!(error, LedgerError::Corrupt { .. }), "{error}");
}

#[test]
fn a_file_that_is_not_sqlite_is_an_error_not_a_panic() {
    let dir = scratch("not-sqlite");
    let path = dir.join("ledger.sqlite3");
    std::fs::write(
        &path,
        "this is not a database, just some text that is long enough to look like a header "
            .repeat(20),
    )
    .expect("write");
    let error = Ledger::open(&path).expect_err("refused");
    assert!(!error.is_invalid_input(), "{error}");
}

#[test]
fn two_connections_both_write() {
    let dir = scratch("two-connections");
    let path = dir.join("ledger.sqlite3");
    let mut first = Ledger::open(&path).expect("opens");
    let mut second = Ledger::open(&path).expect("opens again");
    first
        .ask(&question("q1", &["yes", "no"], QuestionKind::Binary))
        .expect("asked");
    for i in 0..20 {
        let ledger = if i % 2 == 0 { &mut first } else { &mut second };
        ledger
            .forecast(input("q1", "2020-03-01", &[("yes", 0.5)]))
            .expect("recorded");
    }
    assert_eq!(first.counts().expect("counts").forecasts, 20);
    assert_eq!(
        second.forecast_ids().expect("ids"),
        (1..=20).collect::<Vec<i64>>()
    );
}
