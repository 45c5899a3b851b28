//! `bargain --issue`: a model issue as a bargaining scenario.

use crate::{statecraft, stderr, stdout};

const EXAMPLE: &str = "tests/models/example";

// The example issue "arms-ban" (status quo 70, veto role "permanent member" of the
// council, held by XSY and XCA) as of 2016-06: XSY at 80 (capability 60, salience 0.6)
// and XCA at 10–30, midpoint 20 (capability 40, salience 0.8).
// Weighted mean = (60·0.6·80 + 40·0.8·20) / (60·0.6 + 40·0.8) = (2880 + 640) / 68 = 51.76…
#[test]
fn issue_mode_matches_hand_computation() {
    let out = statecraft(&[
        "bargain", "--model", EXAMPLE, "--issue", "arms-ban", "--as-of", "2016-06", "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = json.to_string();
    let expected = (2880.0 + 640.0) / 68.0;
    assert!(
        text.contains(&format!("{expected}")) || text.contains(&format!("{:.10}", expected)[..12]),
        "{text}"
    );
    assert_eq!(json["source"], "issue arms-ban as of 2016-06");
}

#[test]
fn issue_mode_reports_the_veto_and_its_sources() {
    let out = statecraft(&[
        "bargain", "--model", EXAMPLE, "--issue", "arms-ban", "--as-of", "2016-06",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // The outcome 51.8 is below the status quo 70: XSY (at 80) prefers the status quo and,
    // holding a veto, blocks it.
    assert!(text.contains("blocked by XSY"), "{text}");
    assert!(text.contains("XCA: council-2016 ¶2"), "{text}");
    assert!(
        text.contains("Decision: simple majority against the status quo 70.00"),
        "{text}"
    );
}

#[test]
fn issue_mode_uses_only_positions_valid_and_published_by_the_date() {
    // In 2015-12 the council review (2016) is not yet out: only XSY has a position.
    let out = statecraft(&[
        "bargain", "--model", EXAMPLE, "--issue", "arms-ban", "--as-of", "2015-12",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("has 1 position(s) valid as of 2015-12"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issue_mode_bad_input() {
    let out = statecraft(&["bargain", "--model", EXAMPLE, "--issue", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown issue \"nope\""));
    let out = statecraft(&["bargain", "--as-of", "2016"]);
    assert_eq!(out.status.code(), Some(2), "--as-of needs --issue");
    let out = statecraft(&[
        "bargain",
        "--issue",
        "full-oil-embargo",
        "--samples",
        "99999999999",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("99999999999 samples is too many"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn builtin_issue_forecast_runs() {
    let out = statecraft(&[
        "bargain",
        "--issue",
        "full-oil-embargo",
        "--as-of",
        "2017-09",
        "--method",
        "smp",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
