//! The spatial model against KTAB: the reference log of dummyData_3Dim to
//! 0.01, and the position histories of KTAB runs on the other examples.

use statecraft_bargain::read::{read_ktab_csv, read_ktab_xml};
use statecraft_bargain::smp::{self, SmpParameters, SmpRun, StoppingRule};

use crate::read_shared;

fn run_csv(text: &str) -> (statecraft_bargain::Scenario, SmpRun) {
    let scenario = read_ktab_csv(text).expect("reads");
    let point = scenario.midpoint();
    let run = smp::run(
        &scenario,
        &point,
        SmpParameters::default(),
        StoppingRule::default(),
    )
    .expect("runs");
    (scenario, run)
}

/// Positions after each turn from a KTAB log: blocks of `postn i , 0 :`
/// followed by a line of coordinates on 0–100.
fn logged_positions(log: &str, actors: usize) -> Vec<Vec<Vec<f64>>> {
    let lines: Vec<&str> = log.lines().collect();
    let mut turns: Vec<Vec<Vec<f64>>> = Vec::new();
    let mut current: Vec<Vec<f64>> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.starts_with("postn ") {
            let values: Vec<f64> = lines[index + 1]
                .split_whitespace()
                .map(|v| v.parse().expect("number"))
                .collect();
            current.push(values);
            if current.len() == actors {
                turns.push(std::mem::take(&mut current));
            }
        }
    }
    turns
}

/// `Name, Dim:  v v v` histories from a KTAB run summary, in file order.
fn summary_histories(summary: &str) -> Vec<(String, Vec<f64>)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in summary.lines() {
        if line.starts_with("History of actor positions") {
            inside = true;
            continue;
        }
        if line.starts_with("History of actors' winning") {
            break;
        }
        if inside && let Some((label, values)) = line.rsplit_once(':') {
            let values: Vec<f64> = values
                .split_whitespace()
                .map(|v| v.parse().expect("number"))
                .collect();
            out.push((label.trim().to_string(), values));
        }
    }
    out
}

fn summary_states(summary: &str) -> usize {
    summary
        .lines()
        .find_map(|l| {
            l.strip_prefix("There were ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
        .expect("state count")
}

#[test]
fn dummy_3dim_positions_match_the_ktab_reference_log_to_a_hundredth() {
    let (Some(csv), Some(log)) = (
        read_shared("ktab/dummyData_3Dim.csv"),
        read_shared("ktab/ref-output-dummyData_3Dim.txt"),
    ) else {
        return;
    };
    let (scenario, run) = run_csv(&csv);
    let n = scenario.actors.len();
    let d = scenario.dimensions.len();
    let expected = logged_positions(&log, n);
    assert_eq!(expected.len(), 10, "the log has 10 turns");
    assert_eq!(
        run.states.len(),
        expected.len() + 1,
        "same number of states"
    );
    for (t, turn) in expected.iter().enumerate() {
        for (i, coords) in turn.iter().enumerate() {
            for (k, &want) in coords.iter().enumerate() {
                let got = run.states[t + 1][i * d + k];
                assert!(
                    (got - want).abs() <= 0.01,
                    "turn {t}, actor {i}, dimension {k}: ours {got:.4}, KTAB {want:.4}"
                );
            }
        }
    }
}

#[test]
fn dummy_3dim_win_probabilities_match_the_reference_log() {
    let (Some(csv), Some(log)) = (
        read_shared("ktab/dummyData_3Dim.csv"),
        read_shared("ktab/ref-output-dummyData_3Dim.txt"),
    ) else {
        return;
    };
    let (scenario, run) = run_csv(&csv);
    let rows: Vec<Vec<f64>> = log
        .lines()
        .skip_while(|l| !l.starts_with("History of actors' winning"))
        .skip(1)
        .take(scenario.actors.len())
        .map(|l| {
            l.split_once(':')
                .expect("row")
                .1
                .split_whitespace()
                .map(|v| v.parse().expect("number"))
                .collect()
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        for (t, &want) in row.iter().enumerate() {
            let got = run.win_probability[t][i];
            assert!(
                (got - want).abs() <= 0.00051,
                "state {t}, actor {i}: ours {got:.4}, KTAB {want:.4}"
            );
        }
    }
}

/// Compares a run with a KTAB summary printed to one decimal: every value
/// must round to KTAB's (within 0.05, plus 0.01 for our own tolerance).
fn assert_matches_summary(csv: &str, summary: &str) {
    let (scenario, run) = run_csv(csv);
    let d = scenario.dimensions.len();
    assert_eq!(
        run.states.len(),
        summary_states(summary),
        "number of states"
    );
    let histories = summary_histories(summary);
    assert_eq!(histories.len(), scenario.actors.len() * d);
    for (row, (label, values)) in histories.iter().enumerate() {
        let (i, k) = (row / d, row % d);
        assert!(label.starts_with(&scenario.actors[i].name), "{label}");
        for (t, &want) in values.iter().enumerate() {
            let got = run.states[t][i * d + k];
            assert!(
                (got - want).abs() <= 0.06,
                "{label}, state {t}: ours {got:.3}, KTAB {want:.1}"
            );
        }
    }
}

macro_rules! summary_test {
    ($name:ident, $csv:literal, $summary:literal) => {
        #[test]
        fn $name() {
            let (Some(csv), Some(summary)) = (read_shared($csv), read_shared($summary)) else {
                return;
            };
            assert_matches_summary(&csv, &summary);
        }
    };
}

summary_test!(
    dummy_3dim_matches_ktab_summary,
    "ktab/dummyData_3Dim.csv",
    "ktab-runs/dummyData_3Dim_summary.txt"
);
summary_test!(
    dummy_6dim_matches_ktab_summary,
    "ktab/dummyData_6Dim.csv",
    "ktab-runs/dummyData_6Dim_summary.txt"
);
summary_test!(
    dummy_a040_matches_ktab_summary,
    "ktab/dummyData-a040.csv",
    "ktab-runs/dummyData-a040_summary.txt"
);
summary_test!(
    soe_pol_comp_matches_ktab_summary,
    "ktab/SOE-Pol-Comp.csv",
    "ktab-runs/soe_summary.txt"
);
summary_test!(
    soe_policy_matches_ktab_summary,
    "ktab/SOE-Policy.csv",
    "ktab-runs/SOE-Policy_summary.txt"
);
summary_test!(
    soe_competitive_matches_ktab_summary,
    "ktab/SOE-Competitive.csv",
    "ktab-runs/SOE-Competitive_summary.txt"
);

#[test]
fn the_xml_example_reads_and_its_stochastic_run_is_repeatable() {
    let Some(xml) = read_shared("ktab/smpExample_fixed_dCoord52.8.xml") else {
        return;
    };
    let scenario = read_ktab_xml(&xml).expect("reads");
    let parameters = scenario.smp_parameters.expect("the file sets parameters");
    assert_eq!(parameters.pce_model, smp::PceModel::MarkovIncentive);
    assert_eq!(
        parameters.state_transitions,
        smp::StateTransitions::Stochastic
    );
    assert_eq!(scenario.ideal_adjustments.len(), 6);
    let point = scenario.midpoint();
    let a = smp::run(&scenario, &point, parameters, StoppingRule::default()).expect("runs");
    let b = smp::run(&scenario, &point, parameters, StoppingRule::default()).expect("runs");
    assert_eq!(a.states, b.states);
}
