//! `POST /api/bargain` on the example model: the forecast worked out by hand, the same
//! body the adapter gives `statecraft bargain --issue ID --json`, and the bad inputs.

use statecraft_bargain_model::Settings;

use crate::{app, post};

// "arms-ban" as of 2016-06 (tests/models/example/data.toml): XSY at 80 (capability 60,
// salience 0.6), XCA at 10–30, midpoint 20 (capability 40, salience 0.8); status quo 70;
// the council's permanent members XSY and XCA hold vetoes.
// Weighted mean = (60·0.6·80 + 40·0.8·20) / (60·0.6 + 40·0.8) = 3520 / 68 = 51.7647…;
// XSY (at 80) prefers the status quo 70 and blocks.
#[test]
fn the_forecast_matches_hand_computation() {
    let reply = post(
        &app(),
        "/api/bargain",
        r#"{ "issue": "arms-ban", "as_of": "2016-06" }"#,
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.content_type(), "application/json");
    let body = reply.json();
    crate::close(&body["outcome"][0], 3520.0 / 68.0);
    assert_eq!(body["source"], "issue arms-ban as of 2016-06");
    assert_eq!(body["model"], "compromise");
    assert_eq!(body["actors"], serde_json::json!(["XSY", "XCA"]));
    assert_eq!(body["decision"]["blocked_by"], serde_json::json!([0]));
    assert_eq!(body["decision"]["adopted"], false);
    assert_eq!(body["decision"]["result"][0], 70.0);
    assert_eq!(body["inputs"][1]["position"]["low"], 10.0);
    assert_eq!(body["inputs"][1]["position"]["high"], 30.0);
    assert_eq!(body["inputs"][0]["evidence"][0], "harbour-2015 ¶8");
    assert_eq!(body["issue"]["anchors"][0]["label"], "no ban");
}

#[test]
fn the_body_is_the_adapters_as_the_cli_prints_it() {
    // The CLI's `--json` of the issue mode is the adapter's `IssueForecast` (the
    // socket-level comparison with the binary is in the CLI's tests).
    let date = statecraft_model::Date::parse("2016-06").expect("a date");
    let model = statecraft_model::view::as_of(&crate::example_model(), &date);
    let settings = Settings {
        samples: Some(300),
        seed: Some(5),
        ..Settings::default()
    };
    let expected =
        statecraft_bargain_model::run(&model, "arms-ban", &date, &settings).expect("runs");
    let reply = post(
        &app(),
        "/api/bargain",
        r#"{ "issue": "arms-ban", "as_of": "2016-06", "samples": 300, "seed": 5 }"#,
    );
    crate::same_json(&reply, &expected);
    let body = reply.json();
    assert_eq!(body["samples"], 300);
    // Only XCA's position is a range: the outcome lies between 3200/68 and 3840/68.
    let p05 = body["dimensions"][0]["p05"].as_f64().unwrap_or(f64::NAN);
    let p95 = body["dimensions"][0]["p95"].as_f64().unwrap_or(f64::NAN);
    assert!(3200.0 / 68.0 <= p05 && p05 <= p95 && p95 <= 3840.0 / 68.0);
}

#[test]
fn without_a_date_the_latest_positions_are_used() {
    // The latest source is council-2016 (2016): both positions are in view.
    let body = post(&app(), "/api/bargain", r#"{ "issue": "arms-ban" }"#).json();
    assert_eq!(body["as_of"], "2016");
    crate::close(&body["outcome"][0], 3520.0 / 68.0);
}

#[test]
fn every_method_answers() {
    let app = app();
    for method in ["compromise", "eum", "smp"] {
        let reply = post(
            &app,
            "/api/bargain",
            &format!(r#"{{ "issue": "arms-ban", "as_of": "2016-06", "method": "{method}" }}"#),
        );
        assert_eq!(
            reply.status,
            200,
            "{method}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.json()["model"], method);
    }
}

#[test]
fn bad_inputs_name_the_field() {
    let app = app();
    for (body, field, says) in [
        (r#"{}"#, "issue", "required"),
        (r#"{ "issue": "nope" }"#, "issue", "unknown issue \"nope\""),
        // In 2015-12 the council review (2016) is not out: only XSY has a position.
        (
            r#"{ "issue": "arms-ban", "as_of": "2015-12" }"#,
            "issue",
            "1 position(s) valid as of 2015-12",
        ),
        (
            r#"{ "issue": "arms-ban", "as_of": "2016-13" }"#,
            "as_of",
            "",
        ),
        (
            r#"{ "issue": "arms-ban", "method": "magic" }"#,
            "method",
            "unknown method \"magic\" (methods: compromise, eum, smp)",
        ),
        (
            r#"{ "issue": "arms-ban", "statistic": "mode" }"#,
            "statistic",
            "mode",
        ),
        (
            r#"{ "issue": "arms-ban", "rounds": 4 }"#,
            "rounds",
            "no rounds",
        ),
        (
            r#"{ "issue": "arms-ban", "method": "smp", "rounds": 1 }"#,
            "rounds",
            "needs at least 2 rounds",
        ),
        (
            r#"{ "issue": "arms-ban", "samples": 0 }"#,
            "samples",
            "at least 1",
        ),
        (
            r#"{ "issue": "arms-ban", "procedure": "magic", "status_quo": [10] }"#,
            "procedure",
            "'magic' is not majority",
        ),
        (
            r#"{ "issue": "arms-ban", "as_of": "2016-06", "procedure": "veto:ZZZ", "status_quo": [10] }"#,
            "procedure",
            "no actor 'ZZZ'",
        ),
        (
            r#"{ "issue": "arms-ban", "as_of": "2016-06", "status_quo": [10, 20] }"#,
            "status_quo",
            "2 value(s) given",
        ),
        (
            r#"{ "issue": "arms-ban", "samples": 20001 }"#,
            "samples",
            "at most 20000",
        ),
        (
            r#"{ "issue": "arms-ban", "seed": 3 }"#,
            "seed",
            "needs samples",
        ),
    ] {
        let reply = post(&app, "/api/bargain", body);
        let problem = reply.problem(400, Some(field));
        assert!(
            problem["detail"].as_str().unwrap_or("").contains(says),
            "{body}: {problem}"
        );
    }
    // The wrong shape is malformed JSON naming the member.
    post(
        &app,
        "/api/bargain",
        r#"{ "issue": "arms-ban", "samples": "many" }"#,
    )
    .problem(400, Some("samples"));
    post(&app, "/api/bargain", r#"{ "isue": "arms-ban" }"#).problem(400, Some("isue"));
}
