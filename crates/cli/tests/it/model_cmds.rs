//! `check`, `export`, `report` and the tables.

use crate::{shared_seeds, statecraft, stderr, stdout};

const EXAMPLE: &str = "tests/models/example";

#[test]
fn check_example_with_texts_exits_0() {
    let out = statecraft(&["check", "--model", EXAMPLE, "--sources", "tests/texts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("evidence checked against the texts"));
}

#[test]
fn check_without_sources_says_texts_were_not_checked() {
    let out = statecraft(&["check", "--model", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("evidence texts were not checked"));
}

#[test]
fn check_invalid_model_exits_1_with_placed_diagnostics() {
    let dir = tempdir("invalid");
    std::fs::write(dir.join("m.toml"), "[[goal]]\nid = \"g\"\nactor = \"NOPE\"\nstatement = \"s\"\nassumption = true\nreason = \"r\"\n").expect("write");
    let out = statecraft(&["check", "--model", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("m.toml:3:9: goal \"g\": unknown actor \"NOPE\""),
        "{err}"
    );
}

#[test]
fn check_detects_changed_source_text() {
    let texts = tempdir("texts");
    // A changed text no longer matches the registered SHA-256.
    let original =
        std::fs::read_to_string(crate::repo().join("tests/texts/harbour-report-2015.txt"))
            .expect("read");
    std::fs::write(texts.join("a.txt"), original.replace("420", "425")).expect("write");
    let out = statecraft(&[
        "check",
        "--model",
        EXAMPLE,
        "--sources",
        texts.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no text with sha256 372f9c97"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_detects_a_number_missing_from_the_paragraph() {
    let model = tempdir("model-number");
    for entry in std::fs::read_dir(crate::repo().join(EXAMPLE)).expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path)
            .expect("read")
            .replace("value = 420", "value = 421");
        std::fs::write(model.join(path.file_name().expect("name")), text).expect("write");
    }
    let out = statecraft(&[
        "check",
        "--model",
        model.to_str().expect("utf-8"),
        "--sources",
        "tests/texts",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("observation \"trade-xsy-xbb-2014\": states 421 but no cited paragraph (harbour-2015 ¶2) contains that number"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_model_directory_is_an_io_error() {
    let out = statecraft(&["check", "--model", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read no/such/dir"));
}

#[test]
fn bad_as_of_is_a_usage_error() {
    let out = statecraft(&["report", "--as-of", "2019-13"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the month must be 01 to 12"));
}

#[test]
fn export_round_trips_through_the_binary() {
    let dir = tempdir("export");
    let first = statecraft(&["export", "--model", EXAMPLE, "--format", "json"]);
    assert_eq!(first.status.code(), Some(0));
    let path = dir.join("model.json");
    std::fs::write(&path, &first.stdout).expect("write");
    let second = statecraft(&[
        "export",
        "--model",
        path.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&first), stdout(&second));
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).expect("json");
    for key in [
        "sources",
        "actors",
        "goals",
        "issues",
        "positions",
        "channels",
        "observations",
        "events",
        "measures",
        "variables",
        "forecasts",
    ] {
        let items = json[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} is an array"));
        for item in items {
            assert!(item.get("id").is_some(), "{key} item has an id");
        }
    }
    assert!(json["observations"][0]["evidence"][0]["paragraph"].is_u64());
}

#[test]
fn export_csv_writes_one_file_per_table() {
    let dir = tempdir("csv");
    let out = statecraft(&[
        "export",
        "--model",
        EXAMPLE,
        "--format",
        "csv",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let observations =
        std::fs::read_to_string(dir.join("observations.csv")).expect("observations.csv");
    let mut lines = observations.lines();
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("id,channel,period,metric,value")
    );
    assert!(observations.contains(
        "trade-xsy-xbb-2014,trade-xsy-xbb,2014,turnover,420,USD million,both,harbour-2015 ¶2"
    ));
    let out = statecraft(&["export", "--model", EXAMPLE, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(1), "CSV needs --out");
    // A directory that cannot be made is named.
    let blocked = dir.join("observations.csv").join("sub");
    let out = statecraft(&[
        "export",
        "--model",
        EXAMPLE,
        "--format",
        "csv",
        "--out",
        blocked.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("cannot create {}", blocked.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn report_as_of_uses_only_what_was_published() {
    let early = stdout(&statecraft(&[
        "report", "--model", EXAMPLE, "--as-of", "2015-12",
    ]));
    let late = stdout(&statecraft(&[
        "report", "--model", EXAMPLE, "--as-of", "2016-06",
    ]));
    assert!(early.contains("turnover 420 USD million [harbour-2015 ¶2]"));
    assert!(
        !early.contains("450"),
        "the 2016 figure is not yet published:\n{early}"
    );
    assert!(late.contains("turnover 450 USD million [council-2016 ¶3]"));
    assert!(late.contains("Have the Council lift the arms ban. (2014 to 2016) [council-2016 ¶2]"));
}

#[test]
fn tables_print_and_json_parses() {
    for table in ["actors", "channels", "timeline", "measures"] {
        let out = statecraft(&[table, "--model", EXAMPLE]);
        assert_eq!(out.status.code(), Some(0), "{table}");
        let json = statecraft(&[table, "--model", EXAMPLE, "--json"]);
        assert!(
            serde_json::from_slice::<serde_json::Value>(&json.stdout).is_ok(),
            "{table} --json"
        );
    }
    let timeline = stdout(&statecraft(&["timeline", "--model", EXAMPLE]));
    let rocket = timeline.find("2015-02-02").expect("rocket test listed");
    let decision = timeline.find("2015-03 ").expect("decision listed");
    assert!(rocket < decision, "events in date order");
}

#[test]
fn sources_show_prints_the_paragraph_and_its_hash() {
    let out = statecraft(&[
        "sources",
        "show",
        "harbour-2015",
        "--para",
        "2",
        "--sources",
        "tests/texts",
        "--model",
        EXAMPLE,
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("[harbour-2015 ¶2] hash af15daf12ff95999"));
    let out = statecraft(&["sources", "show", "nope", "--model", EXAMPLE]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn builtin_model_checks_against_the_source_texts() {
    let Some(seeds) = shared_seeds() else { return };
    let out = statecraft(&["check", "--sources", seeds.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn builtin_report_runs_at_both_dates() {
    for date in ["2016-04", "2020-01"] {
        let out = statecraft(&["report", "--as-of", date]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(&format!("as of {date}")));
        assert!(text.contains("Russia"), "the brief names Russia");
    }
    let early = stdout(&statecraft(&["report", "--as-of", "2016-04", "--json"]));
    assert!(
        !early.contains("lukin-38north-2019"),
        "no 2019 evidence in a 2016 brief"
    );
}

/// A fresh directory under the target directory for one test.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("statecraft-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
