//! `statecraft net query --method` and the plan it reports: every method
//! gives the same marginals on the checked-in network, the one used is
//! named, forward propagation refuses evidence, and an unknown method is a
//! usage error.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../net/tests/it/fixtures"
    ))
    .join(name)
}

fn statecraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn query_with(method: &str, evidence: &[&str]) -> Value {
    let file = fixture("talks.bif");
    let mut args = vec!["net", "query", file.to_str().expect("utf-8 path")];
    for assignment in evidence {
        args.extend(["--evidence", assignment]);
    }
    args.extend(["--method", method, "--json"]);
    let output = statecraft(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Every marginal in `a` equals `b`'s to 1e-12.
fn assert_same_marginals(a: &Value, b: &Value) {
    for (variable, states) in a["marginals"].as_object().expect("object") {
        for (state, p) in states.as_object().expect("object") {
            let q = b["marginals"][variable][state].as_f64().expect("number");
            assert!(
                (p.as_f64().expect("number") - q).abs() < 1e-12,
                "{variable}={state}: {p} vs {q}"
            );
        }
    }
}

fn query(method: &str) -> Value {
    query_with(method, &["Summit=held"])
}

#[test]
fn every_method_gives_the_same_marginals_and_names_itself() {
    let auto = query("auto");
    let chosen = auto["plan"]["method"].as_str().expect("method named");
    assert!(
        ["junction-tree", "relevant-trees", "pruned-elimination"].contains(&chosen),
        "{chosen}: forward propagation cannot take evidence"
    );
    for method in ["junction-tree", "relevant-trees", "pruned-elimination"] {
        let forced = query(method);
        assert_eq!(forced["plan"]["method"], method);
        // P(resume | held) = .339 / .43 and P(held) = .43, by hand.
        let resume = forced["marginals"]["Talks"]["resume"]
            .as_f64()
            .expect("number");
        assert!((resume - 0.339 / 0.43).abs() < 1e-12, "{method}: {resume}");
        let log10 = forced["log10_evidence"].as_f64().expect("number");
        assert!((log10 - 0.43f64.log10()).abs() < 1e-12, "{method}: {log10}");
        assert_same_marginals(&auto, &forced);
    }
}

#[test]
fn forward_propagation_without_evidence_agrees_with_the_tree() {
    let forward = query_with("forward", &[]);
    assert_eq!(forward["plan"]["method"], "forward");
    assert_eq!(forward["log10_evidence"].as_f64(), Some(0.0));
    let tree = query_with("junction-tree", &[]);
    // P(held) = .43, by hand from the file (as above).
    let held = forward["marginals"]["Summit"]["held"]
        .as_f64()
        .expect("number");
    assert!((held - 0.43).abs() < 1e-12, "{held}");
    assert_same_marginals(&tree, &forward);
}

#[test]
fn forward_propagation_with_evidence_is_refused_by_name() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--evidence",
        "Summit=held",
        "--method",
        "forward",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no partial output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("forward") && stderr.contains("without evidence"),
        "{stderr}"
    );
}

#[test]
fn the_text_output_names_the_method() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--method",
        "relevant-trees",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Method: relevant-trees"), "{text}");
}

#[test]
fn an_unknown_method_is_a_usage_error() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--method",
        "guess",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pruned-elimination") && stderr.contains("forward"),
        "{stderr}"
    );
}

#[test]
fn info_reports_the_plan_without_evidence() {
    let file = fixture("talks.bif");
    let output = statecraft(&["net", "info", file.to_str().expect("utf-8 path"), "--json"]);
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json["plan_without_evidence"]["method"].is_string());
}
