//! `backtest` through the binary.

use crate::{statecraft, stderr, stdout};

#[test]
fn backtest_prints_the_table_and_scores() {
    let out = statecraft(&[
        "backtest",
        "--model",
        "tests/models/example",
        "--as-of",
        "2015-12",
        "--outcomes",
        "tests/backtest/outcomes.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Backtest as of 2015-12 (3 rows scored)"),
        "{text}"
    );
    assert!(text.contains("0.4900"), "q-rocket's Brier score: {text}");
    assert!(text.contains("line 5: q-old resolved 2015-02-02"), "{text}");
}

#[test]
fn backtest_json_and_bad_input() {
    let out = statecraft(&[
        "backtest",
        "--model",
        "tests/models/example",
        "--as-of",
        "2015-12",
        "--outcomes",
        "tests/backtest/outcomes.csv",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(3));
    let dir = std::env::temp_dir().join(format!("statecraft-backtest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "question_id,question,variable,state,outcome,resolved_at,source\nq,x,rocket-test,maybe,1,2016,s\n").expect("write");
    let out = statecraft(&[
        "backtest",
        "--model",
        "tests/models/example",
        "--as-of",
        "2015-12",
        "--outcomes",
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("has no state \"maybe\""),
        "{}",
        stderr(&out)
    );
}
