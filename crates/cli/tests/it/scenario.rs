//! `scenario` on the example and built-in models.

use crate::{statecraft, stderr, stdout};

const EXAMPLE: &str = "tests/models/example";

#[test]
fn scenario_json_matches_hand_computation() {
    let out = statecraft(&[
        "scenario",
        "--model",
        EXAMPLE,
        "--given",
        "ban-tightened=yes",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rocket = json["marginals"]
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["id"] == "rocket-test")
        .expect("rocket-test");
    let p = rocket["states"][0]["p"].as_f64().expect("p");
    assert!((p - 0.2025 / 0.2725).abs() < 1e-12, "{p}");
    assert_eq!(rocket["role"], "free");
}

#[test]
fn scenario_text_shows_intervals_and_sources() {
    let out = statecraft(&[
        "scenario",
        "--model",
        EXAMPLE,
        "--target",
        "ban-tightened",
        "--samples",
        "500",
        "--seed",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("5–95%"));
    assert!(text.contains("harbour-2015 ¶7"));
    assert!(text.contains("intervals from 500 samples"));
}

#[test]
fn scenario_bad_input_exits_1_naming_the_problem() {
    for (args, message) in [
        (
            vec!["--given", "rocket-test"],
            "\"rocket-test\" is not VARIABLE=STATE",
        ),
        (
            vec!["--given", "nope=yes"],
            "unknown scenario variable \"nope\"",
        ),
        (
            vec!["--do", "rocket-test=maybe"],
            "variable \"rocket-test\" has no state \"maybe\"",
        ),
        (vec!["--samples", "0"], "--samples must be at least 1"),
        (
            vec!["--samples", "99999999999", "--seed", "1"],
            "99999999999 samples is too many",
        ),
    ] {
        let mut full = vec!["scenario", "--model", EXAMPLE];
        full.extend(args);
        let out = statecraft(&full);
        assert_eq!(out.status.code(), Some(1), "{full:?}");
        assert!(stderr(&out).contains(message), "{full:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{full:?}");
    }
}

#[test]
fn builtin_scenario_answers_with_three_behaviours() {
    let out = statecraft(&["scenario", "--target", "russia-behaviour", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        json["marginals"][0]["states"].as_array().map(Vec::len),
        Some(3)
    );
}

#[test]
fn exported_model_network_loads_back_with_the_same_answers() {
    let dir = std::env::temp_dir().join(format!("statecraft-export-net-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("scenarios.bif");
    let out = statecraft(&[
        "net",
        "export-model-network",
        "--model",
        EXAMPLE,
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let query = statecraft(&[
        "net",
        "query",
        path.to_str().expect("utf-8"),
        "--evidence",
        "ban-tightened=yes",
        "--json",
    ]);
    assert_eq!(query.status.code(), Some(0), "{}", stderr(&query));
    let json: serde_json::Value = serde_json::from_slice(&query.stdout).expect("json");
    let p = json["marginals"]["rocket-test"]["yes"].as_f64().expect("p");
    assert!((p - 0.2025 / 0.2725).abs() < 1e-9, "{p}");
    let bad = statecraft(&["net", "export-model-network", "--model", EXAMPLE, "out.txt"]);
    assert_eq!(bad.status.code(), Some(1));
}
