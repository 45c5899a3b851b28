//! `statecraft net`: query, convert and info on a small checked-in network,
//! with the exit codes for bad input (1) and usage errors (2).

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

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn net_query_json_gives_marginals_and_evidence_probability() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--evidence",
        "Summit=held",
        "--target",
        "Talks",
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = stdout_json(&output);
    // P(resume | held) = .339 / .43 and P(held) = .43, by hand.
    let resume = json["marginals"]["Talks"]["resume"]
        .as_f64()
        .expect("number");
    assert!((resume - 0.339 / 0.43).abs() < 1e-12);
    let log10 = json["log10_evidence"].as_f64().expect("number");
    assert!((log10 - 0.43f64.log10()).abs() < 1e-12);
    assert_eq!(json["marginals"].as_object().expect("object").len(), 1);
    assert!(json.get("mpe").is_none());
}

#[test]
fn net_query_mpe_and_intervention() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--do",
        "Summit=held",
        "--mpe",
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = stdout_json(&output);
    // P(resume | do(held)) = .2·.5 + .5·.7 + .3·.9 = .72.
    let resume = json["marginals"]["Talks"]["resume"]
        .as_f64()
        .expect("number");
    assert!((resume - 0.72).abs() < 1e-12);
    assert_eq!(json["mpe"]["states"]["Summit"], "held");
}

#[test]
fn net_query_text_is_an_aligned_table() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "-t",
        "Talks",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("variable  state   probability"), "{text}");
    assert!(text.contains("Talks     resume  0.444000"), "{text}");
}

#[test]
fn net_query_unknown_state_is_invalid_input() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--evidence",
        "Summit=maybe",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("variable 'Summit' has no state 'maybe'"),
        "{stderr}"
    );
}

#[test]
fn net_query_impossible_evidence_is_invalid_input() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--soft",
        "Talks=resume:1",
        "--evidence",
        "Talks=stall",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("probability zero"));
    assert!(output.stdout.is_empty());
}

#[test]
fn net_query_contradictory_evidence_names_the_option() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--evidence",
        "Talks=resume",
        "--do",
        "Talks=stall",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("--do Talks=stall")
            && message.contains("set by do to 'stall', but already observed as 'resume'"),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn net_malformed_evidence_argument_is_a_usage_error() {
    let file = fixture("talks.bif");
    let output = statecraft(&[
        "net",
        "query",
        file.to_str().expect("utf-8 path"),
        "--evidence",
        "Summit",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn net_bad_file_names_line_and_column() {
    let dir = std::env::temp_dir().join(format!("statecraft-net-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.bif");
    std::fs::write(&path, "variable a {\n  type discrete [ 2 ] { x, y };\n}\nprobability ( a ) {\n  table 0.5, 0.6;\n}\n")
        .expect("write");
    let output = statecraft(&["net", "info", path.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.bif:5:3: CPT row of 'a': probabilities sum to 1.1, not 1"),
        "{stderr}"
    );
    let missing = statecraft(&[
        "net",
        "info",
        dir.join("missing.bif").to_str().expect("utf-8"),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn net_convert_round_trips_and_info_reports_the_tree() {
    let dir = std::env::temp_dir().join(format!("statecraft-net-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let xml = dir.join("talks.xml");
    let back = dir.join("talks.bif");
    let input = fixture("talks.bif");
    let first = statecraft(&[
        "net",
        "convert",
        input.to_str().expect("utf-8"),
        xml.to_str().expect("utf-8"),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = statecraft(&[
        "net",
        "convert",
        xml.to_str().expect("utf-8"),
        back.to_str().expect("utf-8"),
    ]);
    assert!(second.status.success());
    let query = |path: &PathBuf| {
        stdout_json(&statecraft(&[
            "net",
            "query",
            path.to_str().expect("utf-8"),
            "--json",
        ]))
    };
    assert_eq!(query(&input), query(&back));

    let info = stdout_json(&statecraft(&[
        "net",
        "info",
        back.to_str().expect("utf-8"),
        "--json",
    ]));
    assert_eq!(info["nodes"], 4);
    assert_eq!(info["arcs"], 4);
    // (3−1) + 3·(2−1) + 6·(2−1) + 2·(2−1) = 13 free parameters.
    assert_eq!(info["free_parameters"], 13);
    // Cliques {Pressure, Summit, Talks} (12 entries) and {Talks, Report} (4).
    assert_eq!(info["treewidth"], 2);
    assert_eq!(info["total_clique_entries"], 16);

    let unknown = statecraft(&[
        "net",
        "convert",
        input.to_str().expect("utf-8"),
        dir.join("talks.txt").to_str().expect("utf-8"),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
