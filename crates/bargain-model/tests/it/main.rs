//! The adapter on the example model (tests/models/example), against values worked out by
//! hand from its files.

use statecraft_bargain_model::{Error, Method, Settings, issue_scenario, latest_date, run};
use statecraft_model::{Date, Model, view};

fn example() -> Model {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/models/example"
    ));
    statecraft_model::store::open(Some(dir)).expect("the example model loads")
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("a date")
}

// "arms-ban" as of 2016-06: XSY at 80 (capability 60, salience 0.6) and XCA at 10–30,
// midpoint 20 (capability 40, salience 0.8); status quo 70; the council's permanent
// members (XSY and XCA) hold a veto.
// Weighted mean = (60·0.6·80 + 40·0.8·20) / (60·0.6 + 40·0.8) = 3520 / 68 = 51.7647…
#[test]
fn the_example_issue_matches_hand_computation() {
    let d = date("2016-06");
    let model = view::as_of(&example(), &d);
    let forecast = run(&model, "arms-ban", &d, &Settings::default()).expect("a forecast");
    let json = serde_json::to_value(&forecast).expect("serialises");
    let outcome = json["outcome"][0].as_f64().expect("an outcome");
    assert!((outcome - 3520.0 / 68.0).abs() < 1e-12, "{outcome}");
    assert_eq!(json["source"], "issue arms-ban as of 2016-06");
    assert_eq!(
        json["scenario"], "arms-ban",
        "the forecast's own member, once"
    );
    // XSY prefers the status quo 70 to 51.8 and holds a veto: it blocks.
    assert_eq!(json["decision"]["blocked_by"], serde_json::json!([0]));
    assert_eq!(json["decision"]["adopted"], false);
    let inputs = json["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 2);
    assert_eq!(inputs[0]["actor"], "XSY");
    assert_eq!(
        inputs[0]["capability"],
        serde_json::json!({"low": 60.0, "high": 60.0})
    );
    assert_eq!(
        inputs[1]["position"],
        serde_json::json!({"low": 10.0, "high": 30.0})
    );
    assert_eq!(inputs[1]["salience"]["low"], 0.8);
    assert_eq!(inputs[0]["veto"], true);
    assert_eq!(inputs[1]["veto"], true);
    assert_eq!(
        inputs[1]["evidence"],
        serde_json::json!(["council-2016 ¶2"])
    );
    assert_eq!(json["issue"]["status_quo"], 70.0);
    assert_eq!(json["issue"]["anchors"][1]["label"], "total embargo");
}

#[test]
fn sampling_gives_a_distribution_with_the_scenario_named() {
    let d = date("2016-06");
    let model = view::as_of(&example(), &d);
    let settings = Settings {
        samples: Some(200),
        seed: Some(7),
        ..Settings::default()
    };
    let json = serde_json::to_value(run(&model, "arms-ban", &d, &settings).expect("runs"))
        .expect("serialises");
    assert_eq!(json["samples"], 200);
    assert_eq!(json["seed"], 7);
    assert_eq!(json["scenario"], "arms-ban");
    // Only XCA's position is a range (10–30): the weighted mean moves between
    // 3200/68 = 47.06 and 3840/68 = 56.47.
    let p05 = json["dimensions"][0]["p05"].as_f64().expect("p05");
    let p95 = json["dimensions"][0]["p95"].as_f64().expect("p95");
    assert!(
        3200.0 / 68.0 <= p05 && p05 <= p95 && p95 <= 3840.0 / 68.0,
        "{p05} {p95}"
    );
}

#[test]
fn the_errors_name_the_field() {
    let d = date("2016-06");
    let model = view::as_of(&example(), &d);
    let unknown = run(&model, "nope", &d, &Settings::default()).expect_err("unknown");
    assert_eq!(unknown.field(), "issue");
    assert!(
        unknown.to_string().contains("unknown issue \"nope\""),
        "{unknown}"
    );
    // By 2015-12 the council review (2016) is not out: only XSY has a position.
    let early = date("2015-12");
    let few = issue_scenario(&view::as_of(&example(), &early), "arms-ban", &early)
        .expect_err("one position");
    assert!(
        matches!(few, Error::TooFewPositions { positions: 1, .. }),
        "{few}"
    );
    let rounds = Settings {
        rounds: Some(3),
        ..Settings::default()
    };
    assert_eq!(rounds.plan().expect_err("no rounds").field(), "rounds");
    let smp = Settings {
        method: Method::Smp,
        rounds: Some(1),
        ..Settings::default()
    };
    assert_eq!(smp.plan().expect_err("too few").field(), "rounds");
    for method in [Method::Eum, Method::Smp] {
        let at_most = Settings {
            method,
            rounds: Some(statecraft_bargain::MAX_ROUNDS),
            ..Settings::default()
        };
        assert!(at_most.plan().is_ok());
        let many = Settings {
            rounds: Some(statecraft_bargain::MAX_ROUNDS + 1),
            ..at_most
        };
        let error = many.plan().expect_err("too many");
        assert_eq!(error.field(), "rounds");
        assert!(error.to_string().contains("at most 1000"), "{error}");
    }
    let zero = Settings {
        samples: Some(0),
        ..Settings::default()
    };
    assert_eq!(zero.plan().expect_err("zero").field(), "samples");
    assert_eq!(Method::parse("smp"), Some(Method::Smp));
    assert_eq!(Method::parse("SMP"), None);
}

#[test]
fn the_latest_date_is_the_last_publication() {
    // Sources: harbour-2015 (2015-06) and council-2016 (2016).
    assert_eq!(latest_date(&example()).expect("a date").to_string(), "2016");
}

#[test]
fn a_stopped_run_is_told_apart_from_a_refused_one() {
    use statecraft_bargain_model::{Overrides, run_with};
    let date = date("2016-06");
    let model = view::as_of(&example(), &date);
    let settings = Settings {
        samples: Some(50),
        ..Settings::default()
    };
    let overrides = Overrides::default();
    let done = run_with(&model, "arms-ban", &date, &settings, &overrides, &|| false);
    assert!(done.is_ok(), "{done:?}");
    let stopped =
        run_with(&model, "arms-ban", &date, &settings, &overrides, &|| true).expect_err("stopped");
    assert!(stopped.stopped(), "{stopped}");
    let refused = run_with(&model, "nope", &date, &settings, &overrides, &|| true)
        .expect_err("unknown issue");
    assert!(!refused.stopped(), "{refused}");
}
