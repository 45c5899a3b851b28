//! Every read route on the example model. Expected values are read off the model's
//! files (tests/models/example) and worked out by hand.

use crate::{Setup, app, app_with, close, get, ids, p, post};

#[test]
fn info_counts_the_records_and_spans_the_dates() {
    let info = get(&app(), "/api/info").json();
    assert_eq!(info["model"]["id"], "example");
    let counts = &info["counts"];
    // actors.toml has 5 actors; data.toml 2 goals, 1 issue, 2 positions, 3 channels,
    // 5 observations, 2 events, 1 measure; scenario.toml 2 variables and 1 forecast.
    for (kind, n) in [
        ("sources", 2),
        ("actors", 5),
        ("goals", 2),
        ("issues", 1),
        ("positions", 2),
        ("channels", 3),
        ("observations", 5),
        ("events", 2),
        ("measures", 1),
        ("variables", 2),
        ("forecasts", 1),
    ] {
        assert_eq!(counts[kind], n, "{kind}");
    }
    assert_eq!(info["texts"], true);
    assert_eq!(info["ledger"], false);
    // Sources are published 2015-06 and 2016, oldest first.
    assert_eq!(info["published"][0]["source"], "harbour-2015");
    assert_eq!(info["published"][1]["date"], "2016");
    assert_eq!(info["dates"]["last"], "2016-12-31");
    assert_eq!(info["limits"]["body_bytes"], 65536);
}

#[test]
fn the_model_is_the_export_shape() {
    let reply = get(&app(), "/api/model");
    let model = reply.json();
    assert_eq!(
        model["model"]["title"],
        "Borduria and its neighbours (test model)"
    );
    assert_eq!(model["sources"].as_array().map(Vec::len), Some(2));
    assert_eq!(model["variables"][0]["id"], "rocket-test");
    // The export shape: `statecraft export --format json` is serde's form of the model.
    crate::same_json(&reply, &crate::example_model());
}

#[test]
fn as_of_hides_what_was_not_yet_published() {
    let app = app();
    // By 2015-07 only the harbour report (2015-06) is out: the council's figure for
    // 2014 trade (council-2016 ¶3) is not yet known.
    let early = get(&app, "/api/channels?as_of=2015-07").json();
    let late = get(&app, "/api/channels?as_of=2016-06").json();
    let early_ids = ids(&early["observations"]);
    let late_ids = ids(&late["observations"]);
    assert!(!early_ids.contains(&"trade-xsy-xbb-2014-council".to_string()));
    assert!(late_ids.contains(&"trade-xsy-xbb-2014-council".to_string()));
    assert_eq!(early_ids.len() + 1, late_ids.len());
    assert_eq!(early["channels"].as_array().map(Vec::len), Some(3));
    // The whole model and a view at a late date agree on what they show.
    let whole = get(&app, "/api/channels").json();
    assert_eq!(ids(&whole["observations"]), late_ids);
    // Before anything was published, nothing is known.
    let before = get(&app, "/api/actors?as_of=2014").json();
    assert_eq!(before.as_array().map(Vec::len), Some(0));
}

#[test]
fn actors_goals_issues_and_forecasts_follow_their_dates() {
    let app = app();
    assert_eq!(
        ids(&get(&app, "/api/actors").json()),
        ["XBB", "XSY", "XCA", "XRU", "council"]
    );
    // xca-lift-ban is valid 2014–2016 and cites council-2016: visible only from 2016.
    assert_eq!(
        ids(&get(&app, "/api/goals?as_of=2015-12").json()),
        ["xsy-stability"]
    );
    assert_eq!(
        ids(&get(&app, "/api/goals?as_of=2016-06").json()),
        ["xsy-stability", "xca-lift-ban"]
    );
    let issues = get(&app, "/api/issues?as_of=2016-06").json();
    assert_eq!(ids(&issues["issues"]), ["arms-ban"]);
    assert_eq!(ids(&issues["positions"]), ["xsy-arms-ban", "xca-arms-ban"]);
    // The forecast was made 2015-06.
    assert_eq!(
        get(&app, "/api/forecasts?as_of=2015-05")
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        ids(&get(&app, "/api/forecasts?as_of=2015-06").json()),
        ["tighten-if-test"]
    );
}

#[test]
fn events_are_in_order_and_filter_by_actor_and_category() {
    let app = app();
    assert_eq!(
        ids(&get(&app, "/api/events").json()),
        ["rocket-test-2015", "decision-7-adopted"]
    );
    // By name as well as by id.
    assert_eq!(
        ids(&get(&app, "/api/events?actor=council").json()),
        ["decision-7-adopted"]
    );
    assert_eq!(
        ids(&get(&app, "/api/events?category=MOBILIZE").json()),
        ["rocket-test-2015"]
    );
    assert_eq!(
        ids(&get(&app, "/api/events?category=sanction&actor=XBB").json()),
        ["decision-7-adopted"]
    );
    // Both events are known only from the harbour report, published 2015-06.
    assert_eq!(
        get(&app, "/api/events?as_of=2015-05").json(),
        serde_json::json!([])
    );
    assert_eq!(
        ids(&get(&app, "/api/events?as_of=2015-06").json()),
        ["rocket-test-2015", "decision-7-adopted"]
    );
}

#[test]
fn measures_in_force_at_a_date() {
    let app = app();
    assert_eq!(ids(&get(&app, "/api/measures").json()), ["decision-7"]);
    assert_eq!(
        ids(&get(&app, "/api/measures?as_of=2015-12").json()),
        ["decision-7"]
    );
    assert_eq!(
        get(&app, "/api/measures?as_of=2015-02")
            .json()
            .as_array()
            .map(Vec::len),
        Some(0),
        "adopted 2015-03"
    );
}

#[test]
fn the_report_is_the_cli_brief() {
    let app = app();
    let reply = get(&app, "/api/report?as_of=2016-06");
    let report = reply.json();
    assert_eq!(report["title"], "Borduria and its neighbours (test model)");
    assert_eq!(report["as_of"], "2016-06");
    // The CLI's brief: the report's sections with the leverage and rules engines' own.
    let date = statecraft_model::Date::parse("2016-06").expect("a date");
    let view = statecraft_model::view::as_of(&crate::example_model(), &date);
    let mut expected = statecraft_report::build(&view, Some(&date));
    statecraft_report::insert_sections(
        &mut expected,
        "channels",
        vec![statecraft_leverage::leverage_section(&view, Some(&date))],
    );
    statecraft_report::insert_sections(
        &mut expected,
        "measures",
        vec![statecraft_rules::rules_section(&view, Some(&date))],
    );
    crate::same_json(&reply, &expected);
}

/// The scenario network of the example model, by hand:
/// P(rocket-test = yes) = 0.3. P(ban-tightened = yes | rocket-test = yes) is the
/// midpoint of "likely" (0.55–0.80), 0.675, and P(no | yes) the midpoint of
/// [0.2, 0.45], 0.325 (they sum to 1); P(yes | no) = 0.1.
/// So P(ban = yes) = 0.3 × 0.675 + 0.7 × 0.1 = 0.2725, and given ban = yes,
/// P(rocket = yes) = 0.2025 / 0.2725.
#[test]
fn scenario_answers_match_the_hand_computation() {
    let app = app();
    let prior = post(&app, "/api/scenario", "{}").json();
    close(&p(&prior, "rocket-test", "yes"), 0.3);
    close(&p(&prior, "ban-tightened", "yes"), 0.2725);
    close(&p(&prior, "ban-tightened", "no"), 0.7275);

    let given = post(
        &app,
        "/api/scenario",
        r#"{"given": {"ban-tightened": "yes"}, "targets": ["rocket-test"]}"#,
    )
    .json();
    close(&p(&given, "rocket-test", "yes"), 0.2025 / 0.2725);
    assert_eq!(given["marginals"].as_array().map(Vec::len), Some(1));
    close(&given["log10_evidence"], 0.2725_f64.log10());

    // Setting the effect by intervention tells nothing about its cause.
    let done = post(&app, "/api/scenario", r#"{"do": {"ban-tightened": "yes"}}"#).json();
    close(&p(&done, "rocket-test", "yes"), 0.3);
    assert_eq!(done["marginals"][1]["role"], "do");

    let observed = post(
        &app,
        "/api/scenario",
        r#"{"given": {"rocket-test": "yes"}, "targets": ["ban-tightened"]}"#,
    )
    .json();
    close(&p(&observed, "ban-tightened", "yes"), 0.675);
    // The row rests on harbour-2015 ¶7.
    assert_eq!(
        observed["marginals"][0]["evidence"],
        serde_json::json!(["harbour-2015 ¶7"])
    );
}

#[test]
fn scenario_answers_have_the_cli_shape_with_samples_and_sensitivity() {
    let app = app();
    let body = r#"{"samples": 200, "seed": 7, "sensitivity": {"variable": "ban-tightened", "state": "yes"}}"#;
    let reply = post(&app, "/api/scenario", body);
    let answer = reply.json();
    assert_eq!(answer["samples"], 200);
    assert_eq!(answer["seed"], 7);
    let state = &answer["marginals"][1]["states"][0];
    for member in ["p", "mean", "p05", "p95"] {
        assert!(state[member].is_number(), "{member}: {state}");
    }
    assert!(state["p05"].as_f64() <= state["p95"].as_f64());
    let sensitivity = &answer["sensitivity"];
    assert_eq!(sensitivity["target"], "ban-tightened");
    close(&sensitivity["value"], 0.2725);
    assert!(!sensitivity["bars"].as_array().is_none_or(Vec::is_empty));
    // The engine's own answer, serialised, is what the route returns.
    let model = crate::example_model();
    let scenario = statecraft_scenario::build(&model).expect("builds");
    let expected = statecraft_scenario::query(
        &scenario,
        &statecraft_scenario::Query {
            samples: Some((200, 7)),
            sensitivity: Some(("ban-tightened".into(), "yes".into())),
            ..Default::default()
        },
    )
    .expect("answers");
    crate::same_json(&reply, &expected);
    // The same question again is answered from the cache, identically.
    assert_eq!(post(&app, "/api/scenario", body).body, reply.body);
}

#[test]
fn scenario_as_of_uses_the_rows_published_by_then() {
    let app = app();
    // Before harbour-2015 only the assumed rows are visible; the row for
    // rocket-test = yes (citing harbour-2015 ¶7) is not, so it is uninformed.
    let early = post(&app, "/api/scenario", r#"{"as_of": "2015-01"}"#).json();
    let ban = early["marginals"]
        .as_array()
        .and_then(|m| m.iter().find(|v| v["id"] == "ban-tightened"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(ban["uninformed_rows"], 1);
    // Uniform where uninformed: 0.3 × 0.5 + 0.7 × 0.1 = 0.22.
    close(&p(&early, "ban-tightened", "yes"), 0.22);
}

#[test]
fn the_network_lists_variables_states_parents_and_row_sources() {
    let net = get(&app(), "/api/scenario/network").json();
    let vars = net["variables"].as_array().cloned().unwrap_or_default();
    assert_eq!(vars.len(), 2);
    assert_eq!(vars[0]["id"], "rocket-test");
    assert_eq!(vars[0]["parents"], serde_json::json!([]));
    assert_eq!(vars[1]["id"], "ban-tightened");
    assert_eq!(vars[1]["states"], serde_json::json!(["yes", "no"]));
    assert_eq!(vars[1]["parents"], serde_json::json!(["rocket-test"]));
    let rows = vars[1]["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["given"], serde_json::json!(["rocket-test=yes"]));
    assert_eq!(rows[0]["locators"], serde_json::json!(["harbour-2015 ¶7"]));
    assert_eq!(rows[1]["assumption"], true);
    assert_eq!(net["as_of"], serde_json::Value::Null);
    assert_eq!(
        get(&app(), "/api/scenario/network?as_of=2015-07").json()["as_of"],
        "2015-07"
    );
}

#[test]
fn sources_and_coverage() {
    let app = app();
    assert_eq!(
        ids(&get(&app, "/api/sources").json()),
        ["harbour-2015", "council-2016"]
    );
    assert_eq!(
        ids(&get(&app, "/api/sources?as_of=2015-12").json()),
        ["harbour-2015"]
    );
    let one = get(&app, "/api/sources/council-2016").json();
    assert_eq!(one["publisher"], "Regional Council");
    assert_eq!(one["paragraphs"], 3);
    let coverage = get(&app, "/api/coverage").json();
    assert_eq!(coverage[0]["source"], "harbour-2015");
    // Paragraph 1 of the harbour report is its title: cited by nothing.
    assert_eq!(coverage[0]["uncited"], serde_json::json!([1]));
    assert_eq!(coverage[1]["cited"], serde_json::json!([2, 3]));
}

#[test]
fn a_paragraph_with_its_text_hash_and_citations() {
    let para = get(&app(), "/api/sources/harbour-2015/paragraphs/7").json();
    assert_eq!(para["locator"], "harbour-2015 ¶7");
    assert_eq!(
        para["text"],
        "The Council will likely tighten the ban within a year if Borduria tests another rocket."
    );
    assert_eq!(para["hash"], "e2d1d9289be10519");
    assert_eq!(para["recorded_hash"], "e2d1d9289be10519");
    assert_eq!(para["hash_matches"], true);
    let cited_by: Vec<&str> = para["cited_by"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert!(
        cited_by.iter().any(|c| c.contains("ban-tightened")),
        "{cited_by:?}"
    );
    assert!(
        cited_by.iter().any(|c| c.contains("tighten-if-test")),
        "{cited_by:?}"
    );
    assert_eq!(
        para["meta"]["title"],
        "The Harbour Report: Borduria and Its Neighbours"
    );
}

#[test]
fn without_texts_a_paragraph_has_its_locator_and_recorded_hash() {
    let app = app_with(Setup {
        texts: false,
        ..Setup::default()
    });
    let para = get(&app, "/api/sources/harbour-2015/paragraphs/7").json();
    assert_eq!(para["text"], serde_json::Value::Null);
    assert_eq!(para["hash"], "e2d1d9289be10519");
    assert_eq!(para["hash_matches"], serde_json::Value::Null);
    assert_eq!(get(&app, "/api/info").json()["texts"], false);
    // An uncited paragraph without the text has no hash at all.
    let title = get(&app, "/api/sources/harbour-2015/paragraphs/1").json();
    assert_eq!(title["hash"], serde_json::Value::Null);
    assert_eq!(title["cited_by"], serde_json::json!([]));
}

#[test]
fn the_page_and_its_assets_are_served_with_types_and_etags() {
    let app = app();
    let page = get(&app, "/");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type(), "text/html; charset=utf-8");
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("<script type=\"module\" src=\"/static/app.js\">"));
    assert!(!html.contains("<script>"), "no inline scripts");
    assert!(!html.contains("style="), "no inline styles");
    let script = get(&app, "/static/app.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.content_type(), "text/javascript; charset=utf-8");
    let etag = script.headers["etag"].to_str().unwrap_or("").to_string();
    assert!(etag.starts_with('"'));
    let again = crate::send(
        &app,
        axum::http::Request::get("/static/app.js")
            .header("if-none-match", &etag)
            .body(axum::body::Body::empty())
            .expect("a request"),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(
        get(&app, "/static/style.css").content_type(),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        get(&app, "/static/favicon.svg").content_type(),
        "image/svg+xml"
    );
    // Every asset the page names is served.
    for asset in statecraft_server::assets::ASSETS {
        if asset.name != "index.html" {
            assert_eq!(get(&app, &format!("/static/{}", asset.name)).status, 200);
        }
    }
}

#[test]
fn scripts_import_only_assets_that_exist() {
    let names: Vec<&str> = statecraft_server::assets::ASSETS
        .iter()
        .map(|a| a.name)
        .collect();
    for asset in statecraft_server::assets::ASSETS {
        let text = String::from_utf8_lossy(asset.bytes).replace("http://www.w3.org/2000/svg", "");
        for line in text.lines() {
            if let Some(rest) = line.split("from './").nth(1) {
                let name = rest.split('\'').next().unwrap_or("");
                assert!(names.contains(&name), "{} imports {name}", asset.name);
            }
        }
        // No resource from elsewhere: the page works without a network.
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{} refers to another host",
            asset.name
        );
    }
}

/// A GET with extra request headers.
fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> crate::Reply {
    let mut request = axum::http::Request::get(uri).header("host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    crate::send(
        app,
        request.body(axum::body::Body::empty()).expect("a request"),
    )
}

#[test]
fn kept_bodies_carry_an_etag_and_answer_304_when_unchanged() {
    let app = app();
    let first = get(&app, "/api/model");
    let etag = first.headers["etag"].to_str().unwrap_or("").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(first.headers["cache-control"], "no-cache");
    let again = get_with(&app, "/api/model", &[("if-none-match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.headers["etag"].to_str().unwrap_or(""), etag);
    // Another view of the model is another body with another tag.
    let other = get_with(
        &app,
        "/api/model?as_of=2015-07",
        &[("if-none-match", &etag)],
    );
    assert_eq!(other.status, 200);
    assert_ne!(other.headers["etag"].to_str().unwrap_or(""), etag);
    // A stale tag among others does not match; `*` does.
    let stale = get_with(&app, "/api/model", &[("if-none-match", "W/\"0-0\", \"x\"")]);
    assert_eq!(stale.status, 200);
    let any = get_with(&app, "/api/model", &[("if-none-match", "*")]);
    assert_eq!(any.status, 304);
}

#[test]
fn kept_bodies_are_gzipped_for_clients_that_accept_it() {
    use std::io::Read as _;
    let app = app();
    let plain = get(&app, "/api/model");
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(plain.headers["vary"], "accept-encoding");
    let zipped = get_with(
        &app,
        "/api/model",
        &[("accept-encoding", "br;q=1.0, gzip;q=0.8, *;q=0.1")],
    );
    assert_eq!(zipped.status, 200);
    assert_eq!(zipped.headers["content-encoding"], "gzip");
    assert!(zipped.body.len() < plain.body.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unzipped)
        .expect("gzip");
    assert_eq!(unzipped, plain.body, "the same bytes, compressed");
    // Refused by weight 0, and not offered for a body too small to gain.
    let refused = get_with(&app, "/api/model", &[("accept-encoding", "gzip;q=0")]);
    assert!(refused.headers.get("content-encoding").is_none());
    let small = get_with(
        &app,
        "/api/goals?as_of=2014",
        &[("accept-encoding", "gzip")],
    );
    assert!(small.headers.get("content-encoding").is_none());
    assert_eq!(small.json(), serde_json::json!([]));
}
