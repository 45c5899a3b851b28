//! `statecraft bargain` end to end: output content, JSON, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn shared(relative: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bargaining"
    ));
    if dir.is_dir() {
        Some(dir.join(relative))
    } else {
        eprintln!(
            "skipping: shared bargaining data not found at {}",
            dir.display()
        );
        None
    }
}

fn bargain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("bargain")
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statecraft-bargain-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn eum_prints_the_path_by_round_and_who_moved() {
    let Some(file) = shared("bdm-eum/jmckib_ExampleActors_EU_emissions.csv") else {
        return;
    };
    let o = bargain(&[file.to_str().expect("utf-8"), "--method", "eum"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Path by round (median voter position)"),
        "{text}"
    );
    assert!(
        text.contains("Belgium     7.00  8.42  compromised with France"),
        "{text}"
    );
    // Round 8's median, the forecast.
    let round_eight: Vec<&str> = text
        .lines()
        .filter(|l| l.split_whitespace().collect::<Vec<_>>() == ["8", "3", "9.67"])
        .collect();
    assert_eq!(round_eight.len(), 1, "{text}");
}

#[test]
fn smp_json_has_the_outcome_rounds_and_decision() {
    let Some(file) = shared("ktab/dummyData_3Dim.csv") else {
        return;
    };
    let o = bargain(&[
        file.to_str().expect("utf-8"),
        "--method",
        "smp",
        "--status-quo",
        "50,50,50",
        "--procedure",
        "veto:SActor-02",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["model"], "smp");
    assert_eq!(v["rounds"].as_array().expect("rounds").len(), 11);
    assert_eq!(v["outcome"].as_array().expect("outcome").len(), 3);
    let decision = &v["decision"];
    // SActor-02 sits at (82.45, 90.89, 0.07), far from the outcome on the
    // third dimension: it prefers the status quo and blocks.
    assert_eq!(decision["blocked_by"], serde_json::json!([2]));
    assert_eq!(decision["adopted"], false);
}

#[test]
fn samples_print_a_distribution_and_blocking_shares() {
    let file = temp_file(
        "council.csv",
        "Actor,Capability,Position,Salience,Veto\nRUS,1,70..90,0.9,yes\nUSA,1,0..40,0.9,yes\nE1,0.5..1.5,50,0.2..0.6,no\nE2,1,30..70,0.5,no\n",
    );
    let args = [
        file.to_str().expect("utf-8"),
        "--samples",
        "2000",
        "--seed",
        "5",
        "--status-quo",
        "20",
        "--procedure",
        "majority",
    ];
    let a = bargain(&args);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    let text = stdout(&a);
    assert!(text.contains("2000 samples, seed 5"), "{text}");
    assert!(text.contains("Who would block"), "{text}");
    assert!(text.contains("RUS                0   0.0%"), "{text}");
    // Same seed, same output.
    assert_eq!(stdout(&bargain(&args)), text);
}

#[test]
fn invalid_input_exits_1_naming_file_row_and_column() {
    let file = temp_file(
        "bad.csv",
        "Demo,d,3,1,\nActor,Description,Power,Pstn1,Sal1,\nA,a,ten,50,20,\nB,b,10,50,120,\nC,c,10,50,20,\n",
    );
    let o = bargain(&[file.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let name = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{name}: row 3, column 3 (Power): 'ten' is not a number"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}: row 4, column 5 (Sal1): salience 120 is outside 0 to 100"
        )),
        "{err}"
    );
}

#[test]
fn non_convergence_exits_1_and_says_so() {
    let Some(file) = shared("ktab/dummyData_3Dim.csv") else {
        return;
    };
    let o = bargain(&[
        file.to_str().expect("utf-8"),
        "--method",
        "smp",
        "--rounds",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no convergence within 2 rounds"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(bargain(&["/no/such/file.csv"]).status.code(), Some(2));
    let o = bargain(&[
        "--issue",
        "full-oil-embargo",
        "--method",
        "eum",
        "--rounds",
        "1001",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--rounds 1001 is too many: at most 1000"));
    let file = temp_file(
        "ok.csv",
        "Actor,Capability,Position,Salience\nA,1,10,0.5\nB,1,90,0.5\n",
    );
    let path = file.to_str().expect("utf-8");
    assert_eq!(
        bargain(&[path, "--procedure", "sometimes", "--status-quo", "5"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        bargain(&[path, "--procedure", "majority"]).status.code(),
        Some(2)
    );
    assert_eq!(
        bargain(&[path, "--procedure", "veto:Z", "--status-quo", "5"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_teaches_with_examples() {
    let o = bargain(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.contains("Examples:") && text.contains("qualified:9+veto:"),
        "{text}"
    );
}
