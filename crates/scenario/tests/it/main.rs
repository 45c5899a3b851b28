//! The scenario engine on the example model (hand-computed) and the built-in model.

use statecraft_model::{InputFile, Model, load};
use statecraft_scenario::{Query, ScenarioError, build, query};

fn example() -> Model {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/models/example");
    let mut files: Vec<InputFile> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| InputFile {
            name: p.display().to_string(),
            text: std::fs::read_to_string(&p).expect("read"),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    load(&files).expect("valid")
}

fn p(answer: &statecraft_scenario::Answer, variable: &str, state: &str) -> f64 {
    answer
        .marginals
        .iter()
        .find(|m| m.id == variable)
        .and_then(|m| m.states.iter().find(|s| s.state == state))
        .map(|s| s.p)
        .expect("reported")
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

// Hand computation. Rows: P(test=yes) = 0.3. P(tightened=yes | test=yes) is "likely"
// [0.55, 0.80] with "no" [0.20, 0.45]; midpoints 0.675 + 0.325 = 1, so the point row is
// (0.675, 0.325). P(tightened=yes | test=no) = 0.1.
// P(tightened=yes) = 0.3 × 0.675 + 0.7 × 0.1 = 0.2725.
// P(test=yes | tightened=yes) = 0.2025 / 0.2725.

#[test]
fn prior_marginals_match_hand_computation() {
    let scenario = build(&example()).expect("builds");
    let answer = query(&scenario, &Query::default()).expect("answers");
    assert!((p(&answer, "ban-tightened", "yes") - 0.2725).abs() < 1e-12);
    assert!((p(&answer, "rocket-test", "yes") - 0.3).abs() < 1e-12);
    assert_eq!(answer.log10_evidence, 0.0);
}

#[test]
fn evidence_updates_by_bayes_rule() {
    let scenario = build(&example()).expect("builds");
    let answer = query(
        &scenario,
        &Query {
            given: vec![pair("ban-tightened", "yes")],
            ..Query::default()
        },
    )
    .expect("answers");
    assert!((p(&answer, "rocket-test", "yes") - 0.2025 / 0.2725).abs() < 1e-12);
    assert!((answer.log10_evidence - 0.2725f64.log10()).abs() < 1e-12);
}

#[test]
fn intervention_does_not_flow_upstream() {
    let scenario = build(&example()).expect("builds");
    let answer = query(
        &scenario,
        &Query {
            interventions: vec![pair("ban-tightened", "yes")],
            ..Query::default()
        },
    )
    .expect("answers");
    assert!((p(&answer, "rocket-test", "yes") - 0.3).abs() < 1e-12);
    assert!((p(&answer, "ban-tightened", "yes") - 1.0).abs() < 1e-12);
}

#[test]
fn sampling_intervals_are_deterministic_and_inside_the_bounds() {
    let scenario = build(&example()).expect("builds");
    let q = Query {
        samples: Some((2000, 7)),
        targets: vec!["ban-tightened".into()],
        ..Query::default()
    };
    let a = query(&scenario, &q).expect("answers");
    let b = query(&scenario, &q).expect("answers");
    assert_eq!(a, b, "same seed, same answer");
    let yes = &a.marginals[0].states[0];
    let (p05, p95) = (yes.p05.expect("sampled"), yes.p95.expect("sampled"));
    // The "likely" row spans [0.55, 0.80]: P(yes) spans 0.3 × [0.55, 0.80] + 0.07.
    assert!(
        p05 >= 0.235 - 1e-9 && p95 <= 0.31 + 1e-9 && p05 < p95,
        "{p05} {p95}"
    );
    // Asked to stop, sampling ends as stopped, told apart from a refusal.
    let never = statecraft_scenario::query_until(&scenario, &q, &|| false).expect("answers");
    assert_eq!(never, a);
    let stopped = statecraft_scenario::query_until(&scenario, &q, &|| true).expect_err("stopped");
    assert!(stopped.stopped(), "{stopped}");
    assert!(!ScenarioError::NoSamples.stopped());
}

#[test]
fn answers_name_the_rows_they_rest_on() {
    let scenario = build(&example()).expect("builds");
    let answer = query(
        &scenario,
        &Query {
            targets: vec!["ban-tightened".into()],
            ..Query::default()
        },
    )
    .expect("answers");
    let m = &answer.marginals[0];
    assert_eq!(m.evidence, vec!["harbour-2015 ¶7".to_string()]);
    assert_eq!((m.rows, m.assumption_rows), (3, 2));
}

#[test]
fn sensitivity_ranks_the_driving_parameter_first() {
    let scenario = build(&example()).expect("builds");
    let q = Query {
        sensitivity: Some(pair("ban-tightened", "yes")),
        ..Query::default()
    };
    let s = query(&scenario, &q)
        .expect("answers")
        .sensitivity
        .expect("computed");
    assert!((s.value - 0.2725).abs() < 1e-12);
    // Only the "likely" row has an interval; exact entries span nothing. Moving
    // P(tightened=yes | test=yes) over [0.55, 0.80] moves the target by 0.3 per unit:
    // from 0.3 × 0.55 + 0.07 = 0.235 to 0.3 × 0.80 + 0.07 = 0.31.
    // Its two entries co-vary, so they tie for the top two bars.
    assert!(
        s.bars[..2]
            .iter()
            .all(|b| b.variable == "ban-tightened" && b.given == ["rocket-test=yes"])
    );
    let top = s.bars[..2]
        .iter()
        .find(|b| b.state == "yes")
        .expect("the yes entry is a top bar");
    assert_eq!(top.given, vec!["rocket-test=yes".to_string()]);
    assert!((top.derivative - 0.3).abs() < 1e-9, "{}", top.derivative);
    assert!((top.target_at_low.expect("defined") - 0.235).abs() < 1e-9);
    assert!((top.target_at_high.expect("defined") - 0.31).abs() < 1e-9);
    assert_eq!(top.locators, vec!["harbour-2015 ¶7".to_string()]);
}

#[test]
fn bad_questions_are_named() {
    let scenario = build(&example()).expect("builds");
    let err = query(
        &scenario,
        &Query {
            given: vec![pair("nope", "yes")],
            ..Query::default()
        },
    )
    .expect_err("unknown");
    assert!(matches!(err, ScenarioError::UnknownVariable { .. }));
    let err = query(
        &scenario,
        &Query {
            given: vec![pair("rocket-test", "maybe")],
            ..Query::default()
        },
    )
    .expect_err("unknown state");
    assert_eq!(
        err.to_string(),
        "variable \"rocket-test\" has no state \"maybe\" (states: yes, no)"
    );
    let err = query(
        &scenario,
        &Query {
            samples: Some((0, 1)),
            ..Query::default()
        },
    )
    .expect_err("no samples");
    assert!(matches!(err, ScenarioError::NoSamples));
}

#[test]
fn builtin_network_builds_and_answers() {
    let model = statecraft_model::store::open(None).expect("built-in model");
    let scenario = build(&model).expect("the built-in scenario network is valid");
    let answer = query(&scenario, &Query::default()).expect("answers");
    for m in &answer.marginals {
        let total: f64 = m.states.iter().map(|s| s.p).sum();
        assert!((total - 1.0).abs() < 1e-9, "{} sums to {total}", m.id);
    }
    let behaviour = answer
        .marginals
        .iter()
        .find(|m| m.id == "russia-behaviour")
        .expect("russia-behaviour exists");
    assert_eq!(behaviour.states.len(), 3, "Lukin's three scenarios");
}

mod backtest {
    use statecraft_model::{CptRow, Date, Evidence, Source};
    use statecraft_scenario::backtest::{backtest, parse_outcomes};

    fn outcomes() -> Vec<statecraft_scenario::backtest::Outcome> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/backtest/outcomes.csv"
        );
        parse_outcomes(&std::fs::read_to_string(path).expect("read")).expect("valid outcomes")
    }

    fn date(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    // Hand computation on the example model as of 2015-12 (see the prior test above):
    // q-rocket: network 0.3, outcome 1 → Brier 0.49; uniform 0.5 → 0.25.
    // q-ban: network 0.2725, outcome 0 → 0.07425625; uniform 0.25.
    // tighten-if-test: the same network row; the authors said "likely" for yes (midpoint
    // 0.675, "no" gets the remainder 0.325) → Brier 0.675² = 0.455625.
    // q-old resolved 2015-02-02, before the date: not scored.
    #[test]
    fn table_equals_hand_computation() {
        let result =
            backtest(&super::example(), &date("2015-12"), &outcomes(), None).expect("runs");
        assert_eq!(result.rows.len(), 3);
        assert_eq!(result.excluded.len(), 1);
        let brier: Vec<f64> = result.rows.iter().map(|r| r.brier_model).collect();
        for (got, want) in brier.iter().zip([0.49, 0.07425625, 0.07425625]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        let author = result.rows[2]
            .brier_author
            .expect("the authors forecast this question");
        assert!((author - 0.455625).abs() < 1e-12);
        assert_eq!(result.rows[2].author.as_deref(), Some("A. Writer"));
        let network = &result.scores[0];
        assert_eq!(
            (network.forecaster.as_str(), network.rows),
            ("scenario network", 3)
        );
        assert!((network.mean_brier - (0.49 + 2.0 * 0.07425625) / 3.0).abs() < 1e-12);
        let expected_log = (0.3f64.ln() + 2.0 * (1.0f64 - 0.2725).ln()) / 3.0;
        assert!((network.mean_log - expected_log).abs() < 1e-12);
        let uniform = &result.scores[1];
        assert!((uniform.mean_brier - 0.25).abs() < 1e-12);
        let on_author_rows = &result.scores_on_author_rows;
        assert_eq!(
            on_author_rows.iter().map(|s| s.rows).collect::<Vec<_>>(),
            vec![1, 1, 1]
        );
    }

    /// A row published after the date does not change the answer; once published, it does.
    #[test]
    fn evidence_published_later_does_not_change_the_answer() {
        let base = super::example();
        let mut revised = base.clone();
        let mut source: Source = revised.sources[0].clone();
        source.id = "later-2017".into();
        source.published = date("2017-03");
        revised.sources.push(source);
        let mut row: CptRow = revised.variables[0].rows[0].clone();
        row.assumption = false;
        row.reason = None;
        row.p = statecraft_model::types::indexmap_lite::OrderedMap(vec![
            (
                "yes".into(),
                statecraft_model::probability::ProbabilitySpec::Number(0.9),
            ),
            (
                "no".into(),
                statecraft_model::probability::ProbabilitySpec::Number(0.1),
            ),
        ]);
        row.evidence = vec![Evidence {
            source: "later-2017".into(),
            paragraph: 1,
            hash: "0".repeat(16),
            location: Default::default(),
        }];
        revised.variables[0].rows.push(row);
        let early = |m| backtest(m, &date("2015-12"), &outcomes(), Some((500, 3))).expect("runs");
        assert_eq!(
            early(&base),
            early(&revised),
            "the 2017 row is invisible in 2015"
        );
        let mut later_outcomes = outcomes();
        for o in &mut later_outcomes {
            o.resolved_at = date("2018");
        }
        let late = |m| backtest(m, &date("2017-06"), &later_outcomes, None).expect("runs");
        assert_ne!(
            late(&base).rows[0].model_p,
            late(&revised).rows[0].model_p,
            "and visible in 2017"
        );
    }

    #[test]
    fn malformed_rows_are_named_by_line() {
        let text = "question_id,question,variable,state,outcome,resolved_at,source\nq,x,rocket-test,yes,2,2016,s\nq,x,rocket-test,yes,1,2016-13,s\nq,\"x,rocket-test,yes,1,2016,s\nq,x,1\n";
        let problems = parse_outcomes(text).expect_err("invalid");
        assert_eq!(
            problems,
            vec![
                "line 2, column outcome: \"2\" is not 1 or 0".to_string(),
                "line 3, column resolved_at: invalid date \"2016-13\": the month must be 01 to 12 (expected YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1990s, or an interval A/B)".to_string(),
                "line 4: a quoted field is not closed".to_string(),
                "line 5: 3 fields, expected 7".to_string(),
            ]
        );
        assert!(parse_outcomes("a,b\n").is_err());
    }

    #[test]
    fn unknown_variable_names_the_line() {
        let text = "question_id,question,variable,state,outcome,resolved_at,source\nq,x,nope,yes,1,2016,s\n";
        let rows = parse_outcomes(text).expect("parses");
        let err = backtest(&super::example(), &date("2015-12"), &rows, None).expect_err("unknown");
        assert!(err.to_string().contains("nope (line 2)"), "{err}");
    }
}
