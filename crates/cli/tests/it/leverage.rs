//! `statecraft leverage` end to end: the table, the JSON, the test model's robust and
//! non-robust cases, and bad input.

use crate::{statecraft, stderr, stdout};

#[test]
fn the_built_in_ranking_over_the_dprk_in_2019_puts_china_first() {
    let o = statecraft(&["leverage", "--over", "PRK", "--as-of", "2019-12"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(
            "Leverage over Democratic People's Republic of Korea (PRK), as of 2019-12\n"
        ),
        "{text}"
    );
    let first = text
        .lines()
        .find(|l| l.starts_with("1 "))
        .expect("a first row");
    assert!(first.split_whitespace().nth(1) == Some("CHN"), "{first}");
    assert!(first.contains("81–99%"), "{first}");
    assert!(text.contains("The ranking is not robust"), "{text}");
    assert!(text.contains("trade-chn-prk-share-2018-snyder"), "{text}");
    assert!(text.contains("[snyder-cfr-2019 ¶16]"), "{text}");
    assert!(
        text.contains("34 USD million ÷ total 2.45–3.00 USD billion → 1.1–1.4%"),
        "{text}"
    );
}

#[test]
fn one_channel_and_a_name_for_the_target() {
    let o = statecraft(&[
        "leverage",
        "--over",
        "North Korea",
        "--as-of",
        "2016-04",
        "--channel",
        "trade",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["target"], "PRK");
    assert_eq!(v["ranking"][0]["partner"], "CHN");
    assert_eq!(v["ranking"][0]["robust"], true);
    assert_eq!(v["weights"][0][0], "trade");
}

#[test]
fn the_test_model_robust_in_2016_and_not_in_2019() {
    let robust = statecraft(&[
        "leverage",
        "--model",
        "tests/models/leverage",
        "--over",
        "Tarland",
        "--as-of",
        "2016-12",
    ]);
    assert_eq!(robust.status.code(), Some(0), "{}", stderr(&robust));
    let text = stdout(&robust);
    assert!(
        text.contains("1     XAA      60%    30–60%   0.2250–0.3600  1–1         yes"),
        "{text}"
    );
    assert!(text.contains("The ranking is robust"), "{text}");
    let open = statecraft(&[
        "leverage",
        "--model",
        "tests/models/leverage",
        "--over",
        "XTT",
        "--as-of",
        "2019-06",
        "--json",
    ]);
    assert_eq!(open.status.code(), Some(0), "{}", stderr(&open));
    let v: serde_json::Value = serde_json::from_str(&stdout(&open)).expect("json");
    assert_eq!(v["robust"], false);
    assert_eq!(v["ranking"][0]["partner"], "XBB");
    assert_eq!(v["ranking"][0]["rank_range"], serde_json::json!([1, 2]));
    let low = v["ranking"][0]["total"]["low"].as_f64().expect("a number");
    assert!((low - 0.0946125).abs() < 1e-12, "{low}");
}

#[test]
fn skipped_observations_are_listed_on_request() {
    let o = statecraft(&[
        "leverage",
        "--model",
        "tests/models/leverage",
        "--over",
        "XTT",
        "--as-of",
        "2016-12",
        "--show-skipped",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("trade-xaa-xtt-ties-2015        level major of economic-ties: not a share of XTT's total (no share_of)"), "{text}");
}

#[test]
fn bad_input_exits_one_naming_the_option() {
    for (args, expected) in [
        (
            vec!["--over", "Atlantis"],
            "--over: unknown actor \"Atlantis\"",
        ),
        (
            vec!["--over", "PRK", "--channel", "trad"],
            "--channel: unknown channel kind \"trad\"",
        ),
        (
            vec!["--over", "PRK", "--weight", "trade"],
            "--weight: expected KIND=NUMBER",
        ),
        (
            vec!["--over", "PRK", "--weight", "trade=x"],
            "--weight: \"x\" is not a number",
        ),
        (
            vec!["--over", "PRK", "--weight", "trade=-1"],
            "the weight of channel kind trade must be a number ≥ 0",
        ),
        (
            vec!["--over", "PRK", "--substitutability", "trade=2"],
            "must lie between 0 and 1",
        ),
        (
            vec!["--over", "PRK", "--as-of", "2019-13"],
            "--as-of: invalid date \"2019-13\"",
        ),
    ] {
        let mut all = vec!["leverage"];
        all.extend(args);
        let o = statecraft(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(expected), "{all:?}: {}", stderr(&o));
    }
}

#[test]
fn a_date_before_anything_was_published_is_an_empty_answer() {
    let o = statecraft(&["leverage", "--over", "PRK", "--as-of", "1990"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Nothing about PRK was published as of 1990: no channel to rank.\n"
    );
}
