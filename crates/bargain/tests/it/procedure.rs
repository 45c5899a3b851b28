//! Decision procedures against hand-worked cases: who votes for what, whether
//! the outcome passes, and which veto player blocks it.

use statecraft_bargain::forecast::{ModelSpec, Statistic, forecast};
use statecraft_bargain::{Actor, Estimate, Procedure, Scenario, Vote};

fn actor(name: &str, position: f64, veto: bool) -> Actor {
    Actor::new(
        name,
        Estimate::exact(1.0),
        Estimate::exact(position),
        Estimate::exact(1.0),
    )
    .with_veto(veto)
}

/// A council of 15: five veto players and ten others.
fn council(positions: [f64; 15]) -> Scenario {
    let names = [
        "CHN", "FRA", "RUS", "GBR", "USA", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9",
        "E10",
    ];
    Scenario::issue(
        "sanctions",
        names
            .iter()
            .zip(positions)
            .enumerate()
            .map(|(i, (n, x))| actor(n, x, i < 5))
            .collect(),
    )
}

fn decide_mean(scenario: Scenario) -> statecraft_bargain::Decision {
    forecast(
        &scenario,
        &ModelSpec::Compromise {
            statistic: Statistic::Mean,
        },
    )
    .expect("runs")
    .decision
    .expect("a procedure was given")
}

#[test]
fn a_veto_player_that_prefers_the_status_quo_blocks_and_is_named() {
    // Mean of the positions: (10 + 4·80 + 10·70) / 15 = 68.67. Status quo 20.
    // Russia sits at 10: |10 − 68.67| > |10 − 20|, so it blocks; everyone
    // else is closer to 68.67 than to 20 and votes in favour.
    let mut positions = [70.0; 15];
    positions[0] = 80.0;
    positions[1] = 80.0;
    positions[2] = 10.0;
    positions[3] = 80.0;
    positions[4] = 80.0;
    let scenario = council(positions)
        .with_status_quo(vec![20.0])
        .with_procedure(Procedure::Qualified { required: 9 });
    let d = decide_mean(scenario);
    assert_eq!(d.in_favour, 14);
    assert_eq!(d.votes[2], Vote::Against);
    assert_eq!(d.blocked_by, vec![2]);
    assert!(!d.adopted);
    assert_eq!(d.result, vec![20.0]);
}

#[test]
fn nine_of_fifteen_without_a_veto_against_passes() {
    // Ten members at 60, five at 40 (including all veto players at 45).
    // Mean = (10·60 + 5·45) / 15 = 55; status quo 50.
    // Members at 60 prefer 55 (distance 5 < 10); veto players at 45 prefer
    // 50 (5 < 10): they are against, so the proposal is blocked by all five.
    let mut positions = [60.0; 15];
    for p in positions.iter_mut().take(5) {
        *p = 45.0;
    }
    let scenario = council(positions)
        .with_status_quo(vec![50.0])
        .with_procedure(Procedure::Qualified { required: 9 });
    let d = decide_mean(scenario);
    assert_eq!(d.in_favour, 10);
    assert_eq!(d.blocked_by, vec![0, 1, 2, 3, 4]);
    assert!(!d.adopted);

    // The same body with the veto players at 56: mean (10·60 + 5·56) / 15 =
    // 58.67, which they prefer to 50 (2.67 < 6), as does everyone else.
    let mut positions = [60.0; 15];
    for p in positions.iter_mut().take(5) {
        *p = 56.0;
    }
    let scenario = council(positions)
        .with_status_quo(vec![50.0])
        .with_procedure(Procedure::Qualified { required: 9 });
    let d = decide_mean(scenario);
    assert_eq!(d.in_favour, 15);
    assert!(d.blocked_by.is_empty());
    assert!(d.adopted);
}

#[test]
fn a_qualified_majority_can_fail_on_the_count_alone() {
    // Three actors at 90, two at 0, nobody with a veto; status quo 50.
    // Mean = 54: the three at 90 prefer it, the two at 0 do not. 3 < 4.
    let scenario = Scenario::issue(
        "count",
        vec![
            actor("A", 90.0, false),
            actor("B", 90.0, false),
            actor("C", 90.0, false),
            actor("D", 0.0, false),
            actor("E", 0.0, false),
        ],
    )
    .with_status_quo(vec![50.0])
    .with_procedure(Procedure::Qualified { required: 4 });
    let d = decide_mean(scenario.clone());
    assert_eq!(d.in_favour, 3);
    assert!(d.blocked_by.is_empty());
    assert!(!d.adopted);
    // A simple majority (3 of 5) carries it.
    let d = decide_mean(scenario.with_procedure(Procedure::Majority));
    assert_eq!(d.required, 3);
    assert!(d.adopted);
}

#[test]
fn unanimity_among_veto_players_ignores_the_count() {
    // A and B hold vetoes; the others all oppose. Mean = (30+40+0+0)/4 = 17.5,
    // status quo 0: A and B prefer 17.5, the others (at 0) prefer the status quo.
    let scenario = Scenario::issue(
        "veto",
        vec![
            actor("A", 30.0, true),
            actor("B", 40.0, true),
            actor("C", 0.0, false),
            actor("D", 0.0, false),
        ],
    )
    .with_status_quo(vec![0.0])
    .with_procedure(Procedure::VetoPlayers);
    let d = decide_mean(scenario);
    assert_eq!(d.required, 0);
    assert_eq!(d.in_favour, 2);
    assert!(d.adopted);
}

#[test]
fn an_indifferent_veto_player_does_not_block() {
    // A at 50 with status quo 40 and outcome 60: equally far, indifferent.
    let scenario = Scenario::issue("tie", vec![actor("A", 50.0, true), actor("B", 70.0, false)])
        .with_status_quo(vec![40.0])
        .with_procedure(Procedure::VetoPlayers);
    let d = decide_mean(scenario);
    assert_eq!(d.votes[0], Vote::Indifferent);
    assert!(d.blocked_by.is_empty());
}
