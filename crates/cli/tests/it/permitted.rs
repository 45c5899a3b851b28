//! `statecraft permitted` end to end on the built-in model: the verdicts, their
//! evidence, the JSON shape and the exit codes.

use crate::{statecraft, stderr, stdout};

const RUSSIAN_COAL: [&str; 15] = [
    "permitted",
    "--as-of",
    "2016-06",
    "--channel",
    "trade",
    "--goods",
    "coal",
    "--origin",
    "RUS",
    "--from",
    "RUS",
    "--to",
    "KOR",
    "--via",
    "Rajin",
];

#[test]
fn russian_coal_through_rajin_is_permitted_by_the_exemption() {
    let o = statecraft(&RUSSIAN_COAL);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Verdict:  PERMITTED BY EXEMPTION\n"),
        "{text}"
    );
    assert!(text.contains("unsc-2270  foreign-coal-via-rajin"), "{text}");
    assert!(
        text.contains("[lukin-fpri-2016 ¶61, lukin-fpri-2016 ¶62, lukin-38north-2019 ¶8]"),
        "{text}"
    );
    assert!(
        text.contains("Not in force at 2016-06: unsc-2375"),
        "{text}"
    );
}

#[test]
fn north_korean_coal_is_prohibited_and_names_resolve() {
    let mut args = RUSSIAN_COAL;
    args[8] = "North Korea";
    let o = statecraft(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Verdict:  PROHIBITED\n"), "{text}");
    assert!(text.contains("unsc-2270  coal-of-dprk-origin"), "{text}");
    assert!(text.contains("coal of PRK origin"), "{text}");
}

#[test]
fn workers_json_before_and_after_the_bans() {
    let workers = |date: &str| {
        let o = statecraft(&[
            "permitted",
            "--as-of",
            date,
            "--channel",
            "labour",
            "--goods",
            "workers",
            "--origin",
            "PRK",
            "--from",
            "PRK",
            "--to",
            "Russia",
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).expect("json")
    };
    let before = workers("2017-06");
    assert_eq!(before["verdict"], "permitted");
    assert_eq!(before["deciding"].as_array().map(Vec::len), Some(0));
    let after = workers("2020-01");
    assert_eq!(after["verdict"], "prohibited");
    assert_eq!(after["activity"]["importer"], "RUS");
    let rules: Vec<String> = after["deciding"]
        .as_array()
        .expect("deciding")
        .iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["measure"].as_str().unwrap_or(""),
                r["rule"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            "unsc-2375/new-dprk-workers",
            "unsc-2397/dprk-workers-abroad"
        ]
    );
    assert_eq!(
        after["deciding"][1]["evidence"][0]["source"],
        "lukin-38north-2019"
    );
    assert_eq!(after["deciding"][1]["evidence"][0]["paragraph"], 9);
}

#[test]
fn a_missing_field_gives_undetermined_with_exit_zero() {
    let o = statecraft(&[
        "permitted",
        "--as-of",
        "2016-06",
        "--channel",
        "trade",
        "--goods",
        "coal",
        "--from",
        "RUS",
        "--to",
        "KOR",
        "--via",
        "Rajin",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Verdict:  UNDETERMINED\n"), "{text}");
    assert!(
        text.contains("the rules cannot decide without origin (--origin)"),
        "{text}"
    );
    assert!(
        text.contains("origin (--origin)  unsc-2270  foreign-coal-via-rajin"),
        "{text}"
    );
}

#[test]
fn a_date_before_every_measure_says_so() {
    let o = statecraft(&[
        "permitted",
        "--as-of",
        "1940",
        "--goods",
        "coal",
        "--origin",
        "PRK",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Verdict:  PERMITTED\n"), "{text}");
    assert!(
        text.contains("Why:      no measure in force at 1940"),
        "{text}"
    );
    assert!(text.contains("\nNo measure in force at 1940.\n"), "{text}");
}

#[test]
fn bad_input_exits_one_naming_the_field() {
    for (args, expected) in [
        (
            vec!["--origin", "Atlantis"],
            "--origin: unknown actor \"Atlantis\"",
        ),
        (
            vec!["--channel", "trad"],
            "--channel: unknown channel kind \"trad\"",
        ),
        (
            vec!["--purpose", "charity"],
            "--purpose: unknown purpose \"charity\"",
        ),
    ] {
        let mut all = vec!["permitted", "--as-of", "2016-06", "--goods", "coal"];
        all.extend(args);
        let o = statecraft(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(expected), "{all:?}: {}", stderr(&o));
    }
    let o = statecraft(&["permitted", "--as-of", "2016-13", "--goods", "coal"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--as-of: invalid date \"2016-13\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn none_for_route_and_purpose_is_stated_not_missing() {
    let o = statecraft(&[
        "permitted",
        "--as-of",
        "2016-06",
        "--channel",
        "trade",
        "--goods",
        "coal",
        "--origin",
        "RUS",
        "--from",
        "RUS",
        "--to",
        "KOR",
        "--via",
        "none",
        "--purpose",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(
            "Activity: trade: coal of RUS origin, RUS→KOR by no named route, no declared purpose\n"
        ),
        "{text}"
    );
    assert!(text.contains("Verdict:  PERMITTED\n"), "{text}");
    assert!(!text.contains("Not given"), "{text}");
}
