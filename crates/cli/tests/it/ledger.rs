//! `statecraft ledger`: the model import, recording and scoring through the binary, bad
//! input leaving the ledger unchanged, and durability (a killed writer, two writers).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use statecraft_ledger::Ledger;

use crate::{repo, statecraft, stderr, stdout};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "statecraft-ledger-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// Runs `statecraft ledger --ledger PATH ARGS…`.
fn ledger(path: &Path, args: &[&str]) -> Output {
    let path = path.to_string_lossy().into_owned();
    let mut all = vec!["ledger", "--ledger", path.as_str()];
    all.extend_from_slice(args);
    statecraft(&all)
}

#[track_caller]
fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(output)).expect("JSON on stdout")
}

#[track_caller]
fn close(actual: &serde_json::Value, expected: f64) {
    let actual = actual.as_f64().expect("a number");
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

/// A ledger with one binary question, `q1`, opened 2020-01-01.
fn ledger_with_question(name: &str) -> PathBuf {
    let path = scratch(name).join("ledger.sqlite3");
    ok(&ledger(
        &path,
        &[
            "ask",
            "--id",
            "q1",
            "--text",
            "Will it happen in 2020?",
            "--resolution",
            "Yes if reported by the end of 2020.",
            "--opens",
            "2020-01-01",
            "--resolves-by",
            "2020-12-31",
        ],
    ));
    path
}

#[test]
fn import_model_imports_every_forecast_and_a_second_import_changes_nothing() {
    let model = statecraft_model::store::open(None).expect("the built-in model loads");
    let expected = model.forecasts.len();
    assert!(expected > 0);
    let path = scratch("import").join("ledger.sqlite3");
    let first = json(&ledger(&path, &["import-model", "--json"]));
    assert_eq!(first["questions_added"], expected);
    assert_eq!(first["forecasts_added"], expected);
    let bytes = std::fs::read(&path).expect("the ledger file");

    let second = json(&ledger(&path, &["import-model", "--json"]));
    assert_eq!(second["questions_added"], 0);
    assert_eq!(second["forecasts_added"], 0);
    assert_eq!(second["forecasts_unchanged"], expected);
    assert_eq!(std::fs::read(&path).expect("the ledger file"), bytes);
    let text = ok(&ledger(&path, &["import-model"]));
    assert!(text.contains("nothing to import"), "{text}");

    let check = json(&ledger(&path, &["check", "--json"]));
    assert_eq!(check["questions"], expected);
    assert_eq!(check["forecasts"], expected);
    assert_eq!(check["integrity"], "ok");

    // Every model forecast is a question with its author's forecast.
    for forecast in &model.forecasts {
        let shown = json(&ledger(&path, &["show", forecast.id.as_str(), "--json"]));
        assert_eq!(
            shown["forecasts"][0]["forecaster"],
            forecast.made_by.as_str()
        );
        assert_eq!(
            shown["forecasts"][0]["origin"],
            format!("model:{}", forecast.id.as_str())
        );
    }
    // "unlikely" (ICD 203: 0.20–0.45) becomes 0.325, the interval kept; "no" takes 0.675.
    let unlikely = model
        .forecasts
        .iter()
        .find(|f| {
            f.options == ["yes", "no"]
                && f.p.len() == 1
                && matches!(
                    f.p.get("yes"),
                    Some(statecraft_model::probability::ProbabilitySpec::Phrase(p)) if p == "unlikely"
                )
        })
        .expect("the model has an 'unlikely' forecast");
    let shown = json(&ledger(&path, &["show", unlikely.id.as_str(), "--json"]));
    let p = &shown["forecasts"][0]["probabilities"];
    close(&p[0]["probability"], 0.325);
    close(&p[0]["low"], 0.20);
    close(&p[0]["high"], 0.45);
    assert_eq!(p[0]["stated"], "unlikely");
    close(&p[1]["probability"], 0.675);
    assert_eq!(p[1]["stated"], "remainder");
}

#[test]
fn a_question_is_asked_forecast_resolved_and_scored() {
    let path = ledger_with_question("lifecycle");
    // [0.6, 0.4] from 1 January, [0.9, 0.1] from 11 January, resolved yes on 20 January.
    ok(&ledger(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann",
            "--p",
            "yes=0.6",
            "--p",
            "no=0.4",
            "--at",
            "2020-01-01",
        ],
    ));
    let second = json(&ledger(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann",
            "--p",
            "yes=0.9",
            "--at",
            "2020-01-11",
            "--rationale",
            "new evidence",
            "--evidence",
            "example-2020:7",
            "--json",
        ],
    ));
    assert_eq!(second["id"], 2);
    close(&second["probabilities"][1]["probability"], 0.1);
    assert_eq!(second["evidence"][0]["paragraph"], 7);
    ok(&ledger(
        &path,
        &[
            "resolve",
            "q1",
            "--outcome",
            "yes",
            "--source",
            "a report",
            "--at",
            "2020-01-20",
        ],
    ));
    let listed = ok(&ledger(&path, &["list"]));
    assert!(listed.contains("yes (2020-01-20)"), "{listed}");
    let shown = ok(&ledger(&path, &["show", "q1"]));
    assert!(
        shown.contains("status: resolved yes on 2020-01-20"),
        "{shown}"
    );
    assert!(shown.contains("[example-2020 ¶7]"), "{shown}");

    let card = json(&ledger(&path, &["score", "--json"]));
    let q = &card["questions"][0];
    // Final forecast [0.9, 0.1], outcome yes: Brier (0.9 − 1)² + (0.1 − 0)² = 0.02.
    close(&q["brier"], 0.02);
    close(&q["binary_brier"], 0.01);
    close(&q["log"], 0.9f64.ln());
    // 10 days at Brier 0.32 ((0.6 − 1)² + 0.4²), 10 days at 0.02: 0.17.
    close(&q["time_averaged_brier"]["score"], 0.17);
    assert_eq!(q["time_averaged_brier"]["days"], 20);
    let calibration = &card["calibration"];
    close(&calibration["brier"], 0.01);
    let text = ok(&ledger(&path, &["score"]));
    assert!(text.contains("REL"), "{text}");
    assert!(text.contains("Ann"), "{text}");
}

/// The state of a ledger that a refused command must leave as it was.
fn snapshot(path: &Path) -> (Vec<u8>, String) {
    let bytes = std::fs::read(path).expect("the ledger file");
    let counts = ok(&ledger(path, &["check", "--json"]));
    (bytes, counts)
}

#[track_caller]
fn refused(path: &Path, args: &[&str], message: &str) {
    let before = snapshot(path);
    let output = ledger(path, args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?} must exit 1\nstdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(message),
        "{args:?}: expected {message:?} in\n{}",
        stderr(&output)
    );
    assert_eq!(snapshot(path), before, "{args:?} changed the ledger");
}

#[test]
fn bad_input_exits_1_and_leaves_the_ledger_unchanged() {
    let path = ledger_with_question("bad-input");
    ok(&ledger(
        &path,
        &[
            "ask",
            "--id",
            "q2",
            "--text",
            "Which one?",
            "--options",
            "a,b,c",
            "--resolution",
            "As reported.",
            "--opens",
            "2020-01-01",
            "--resolves-by",
            "2020-12-31",
        ],
    ));
    ok(&ledger(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann",
            "--p",
            "yes=0.5",
            "--at",
            "2020-03-01",
        ],
    ));
    let by = ["--by", "Ann", "--at", "2020-03-01"];
    let forecast = |q: &'static str, p: &[&'static str]| -> Vec<&'static str> {
        let mut args = vec!["forecast", q];
        args.extend(by);
        for x in p {
            args.extend(["--p", x]);
        }
        args
    };
    refused(
        &path,
        &forecast("nope", &["yes=1"]),
        "unknown question \"nope\"",
    );
    refused(
        &path,
        &forecast("q1", &["maybe=1"]),
        "has no option \"maybe\"",
    );
    refused(&path, &forecast("q1", &["yes=0.7", "no=0.4"]), "sum to 1.1");
    refused(
        &path,
        &forecast("q1", &["yes=0.7", "no=0.300000002"]),
        "not 1 (within 1e-9)",
    );
    refused(&path, &forecast("q1", &["yes=1.5"]), "not in [0, 1]");
    refused(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann",
            "--p",
            "yes=0.5",
            "--at",
            "2019-06-01",
        ],
        "before question \"q1\" opened",
    );
    refused(
        &path,
        &[
            "ask",
            "--id",
            "q1",
            "--text",
            "Again?",
            "--resolution",
            "r",
            "--opens",
            "2020-01-01",
            "--resolves-by",
            "2020-12-31",
        ],
        "already exists",
    );
    refused(
        &path,
        &[
            "resolve",
            "q1",
            "--outcome",
            "maybe",
            "--source",
            "s",
            "--at",
            "2020-06-01",
        ],
        "has no option \"maybe\"",
    );
    refused(
        &path,
        &[
            "resolve",
            "q1",
            "--outcome",
            "yes",
            "--source",
            "s",
            "--at",
            "2019-12-31",
        ],
        "before question \"q1\" opened",
    );
    refused(&path, &["show", "nope"], "unknown question \"nope\"");
    ok(&ledger(
        &path,
        &[
            "resolve",
            "q1",
            "--outcome",
            "no",
            "--source",
            "s",
            "--at",
            "2020-06-01",
        ],
    ));
    refused(
        &path,
        &[
            "resolve",
            "q1",
            "--outcome",
            "yes",
            "--source",
            "s",
            "--at",
            "2020-07-01",
        ],
        "already resolved",
    );
    refused(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann",
            "--p",
            "yes=0.5",
            "--at",
            "2020-07-01",
        ],
        "no forecasts after resolution",
    );
    ok(&ledger(
        &path,
        &[
            "resolve",
            "q2",
            "--outcome",
            "annulled",
            "--source",
            "premise failed",
            "--at",
            "2020-06-01",
        ],
    ));
    refused(
        &path,
        &[
            "forecast",
            "q2",
            "--by",
            "Ann",
            "--p",
            "a=0.5",
            "--at",
            "2020-03-01",
        ],
        "annulled",
    );
}

#[test]
fn export_writes_three_csv_tables() {
    let path = ledger_with_question("export");
    ok(&ledger(
        &path,
        &[
            "forecast",
            "q1",
            "--by",
            "Ann, the analyst",
            "--p",
            "yes=0.25",
            "--at",
            "2020-02-01",
        ],
    ));
    let out = path.with_file_name("tables");
    ok(&ledger(
        &path,
        &["export", "--format", "csv", "--out", &out.to_string_lossy()],
    ));
    let forecasts = std::fs::read_to_string(out.join("forecasts.csv")).expect("forecasts.csv");
    let lines: Vec<&str> = forecasts.lines().collect();
    // A header and one row per option.
    assert_eq!(lines.len(), 3, "{forecasts}");
    assert!(lines[0].starts_with("forecast_id,question,forecaster,made_at,option,probability"));
    assert!(lines[1].starts_with("1,q1,\"Ann, the analyst\",2020-02-01,yes,0.25,"));
    assert!(lines[2].starts_with("1,q1,\"Ann, the analyst\",2020-02-01,no,0.75,"));
    assert!(out.join("questions.csv").is_file());
    assert!(out.join("resolutions.csv").is_file());
    let all = ok(&ledger(&path, &["export", "--format", "csv"]));
    assert!(all.contains("# questions.csv\n"), "{all}");
    assert!(all.contains("# resolutions.csv\n"), "{all}");
}

#[test]
fn the_default_ledger_lives_in_the_xdg_data_directory() {
    let dir = scratch("xdg");
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["ledger", "list"])
        .env("XDG_DATA_HOME", &dir)
        .current_dir(repo())
        .output()
        .expect("runs");
    ok(&output);
    assert!(dir.join("statecraft/ledger.sqlite3").is_file());
    let home = scratch("home");
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["ledger", "list"])
        .env_remove("XDG_DATA_HOME")
        .env("HOME", &home)
        .current_dir(repo())
        .output()
        .expect("runs");
    ok(&output);
    assert!(
        home.join(".local/share/statecraft/ledger.sqlite3")
            .is_file()
    );
}

fn batch_line(i: usize) -> String {
    format!(
        "{{\"question\": \"q1\", \"by\": \"writer\", \"p\": {{\"yes\": {}}}, \"at\": \"2020-02-01\"}}\n",
        (i % 100) as f64 / 100.0
    )
}

/// Spawns `ledger forecast-batch`, feeding it `count` forecasts from a thread.
fn spawn_batch(path: &Path, count: usize) -> (std::process::Child, std::thread::JoinHandle<()>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["ledger", "--ledger"])
        .arg(path)
        .arg("forecast-batch")
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        for i in 0..count {
            // Once the child is gone the pipe breaks; stop feeding then.
            if stdin.write_all(batch_line(i).as_bytes()).is_err() {
                break;
            }
        }
    });
    (child, feeder)
}

#[test]
fn a_killed_writer_loses_no_acknowledged_forecast() {
    const TOTAL: usize = 10_000;
    const KILL_AFTER: usize = 400;
    let path = ledger_with_question("kill");
    let (mut child, feeder) = spawn_batch(&path, TOTAL);
    let reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut acknowledged: Vec<i64> = Vec::new();
    let mut killed = false;
    for line in reader.lines() {
        let line = line.expect("a line");
        acknowledged.push(line.trim().parse().expect("an id"));
        if acknowledged.len() == KILL_AFTER && !killed {
            // SIGKILL: no chance to finish the transaction in flight or clean up.
            child.kill().expect("kill");
            killed = true;
        }
    }
    // Lines already in the pipe when the child died were acknowledged too.
    let status = child.wait().expect("wait");
    feeder.join().expect("the feeder ends");
    assert!(
        killed,
        "the writer stopped before {KILL_AFTER} acknowledgements"
    );
    assert!(acknowledged.len() >= KILL_AFTER);
    if acknowledged.len() < TOTAL {
        assert!(!status.success(), "the writer was killed mid-run");
    }

    let ledger_file = Ledger::open(&path).expect("the ledger opens after the kill");
    assert_eq!(ledger_file.integrity_check().expect("check"), "ok");
    let stored: std::collections::BTreeSet<i64> = ledger_file
        .forecast_ids()
        .expect("ids")
        .into_iter()
        .collect();
    for id in &acknowledged {
        assert!(
            stored.contains(id),
            "acknowledged forecast #{id} is missing"
        );
    }
    // At most the one write in flight may have committed without being acknowledged.
    assert!(stored.len() <= acknowledged.len() + 1);
    drop(ledger_file);
    let check = ok(&ledger(&path, &["check"]));
    assert!(check.contains("integrity: ok"), "{check}");
}

#[test]
fn two_writers_at_once_lose_nothing() {
    const EACH: usize = 300;
    let path = ledger_with_question("two-writers");
    let (first, feed_first) = spawn_batch(&path, EACH);
    let (second, feed_second) = spawn_batch(&path, EACH);
    let first = first.wait_with_output().expect("first writer");
    let second = second.wait_with_output().expect("second writer");
    feed_first.join().expect("feeder");
    feed_second.join().expect("feeder");
    let mut ids: Vec<i64> = Vec::new();
    for output in [&first, &second] {
        let text = ok(output);
        let mine: Vec<i64> = text
            .lines()
            .map(|l| l.trim().parse().expect("an id"))
            .collect();
        assert_eq!(
            mine.len(),
            EACH,
            "each writer acknowledges all its forecasts"
        );
        ids.extend(mine);
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2 * EACH, "no id was handed out twice");
    let ledger_file = Ledger::open(&path).expect("opens");
    assert_eq!(ledger_file.counts().expect("counts").forecasts, 2 * EACH);
    assert_eq!(ledger_file.forecast_ids().expect("ids"), ids);
    assert_eq!(ledger_file.integrity_check().expect("check"), "ok");
}

#[test]
fn forecast_batch_stops_at_the_first_bad_line_keeping_what_was_acknowledged() {
    let path = ledger_with_question("batch-bad");
    let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["ledger", "--ledger"])
        .arg(&path)
        .arg("forecast-batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(
                format!(
                    "{}{}{}",
                    batch_line(10),
                    "{\"question\": \"q1\", \"by\": \"w\", \"p\": {\"yes\": 0.7, \"no\": 0.7}}\n",
                    batch_line(20)
                )
                .as_bytes(),
            )
            .expect("write");
    }
    let output = child.wait_with_output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).trim(), "1");
    assert!(
        stderr(&output).contains("stdin line 2"),
        "{}",
        stderr(&output)
    );
    let check = json(&ledger(&path, &["check", "--json"]));
    assert_eq!(check["forecasts"], 1);
}

#[test]
fn import_model_reads_the_model_given_with_model() {
    let path = scratch("import-example").join("ledger.sqlite3");
    let model = repo().join("tests/models/example");
    let report = json(&ledger(
        &path,
        &[
            "import-model",
            "--model",
            &model.to_string_lossy(),
            "--json",
        ],
    ));
    let expected = statecraft_model::store::open(Some(&model))
        .expect("the example model loads")
        .forecasts
        .len();
    assert_eq!(report["model_forecasts"], expected);
    assert_eq!(report["forecasts_added"], expected);
}

#[test]
fn a_file_that_is_not_a_ledger_is_named_once_per_cause() {
    let path = scratch("not-a-ledger").join("notes.sqlite3");
    std::fs::write(&path, "plain text, not a database\n".repeat(200)).expect("write");
    let out = ledger(&path, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.starts_with(&format!("error: {}: ", path.display()))
            && message.contains("not a database"),
        "{message}"
    );
    // The database error's own text carries its cause: it is not printed twice.
    assert_eq!(message.matches("not a database").count(), 2, "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}
