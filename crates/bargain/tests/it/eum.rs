//! The expected-utility model against Scholz, Calbert & Smith (2011), Table 1:
//! median position by round on the EU car-emission standards case.

use statecraft_bargain::eum::{self, CompromiseChoice, Denominator, EumOptions};
use statecraft_bargain::read::read_actor_table;

use crate::read_shared;

/// Published medians, rounds 1 to 8 (PUBLISHED.md), given to one decimal.
const PUBLISHED: [f64; 8] = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6];

fn medians(relative: &str, options: EumOptions) -> Option<Vec<f64>> {
    let text = read_shared(relative)?;
    let scenario = read_actor_table(&text).expect("reads");
    let point = scenario.midpoint();
    let s: Vec<f64> = (0..point.actors()).map(|i| point.salience(i, 0)).collect();
    let run = eum::run(&point.capability, &s, &point.positions_on(0), options);
    Some(run.rounds.iter().skip(1).map(|r| r.median).collect())
}

/// The table's one-decimal figures are truncated, not rounded (9.96 is shown
/// as 9.9 and 7.47 as 7.4), so compare truncated values.
fn truncated(x: f64) -> f64 {
    (x * 10.0 + 1e-9).floor() / 10.0
}

#[test]
fn eu_emissions_medians_reproduce_seven_of_eight_published_rounds() {
    let Some(ours) = medians(
        "bdm-eum/jmckib_ExampleActors_EU_emissions.csv",
        EumOptions::scholz_2011(),
    ) else {
        return;
    };
    assert_eq!(ours.len(), 8);
    for (round, (&got, &want)) in ours.iter().zip(&PUBLISHED).enumerate() {
        if round == 1 {
            // Round 2 is the documented divergence: Belgium's compromise
            // position (9.61) is the median here; the table shows 9.9.
            assert!((got - 9.61).abs() < 0.01, "round 2: {got}");
            continue;
        }
        assert_eq!(truncated(got), want, "round {}: ours {got:.3}", round + 1);
    }
}

#[test]
fn the_round_one_median_matches_bueno_de_mesquitas_reported_outcome() {
    // Bueno de Mesquita reported 8.35 for this case.
    let Some(ours) = medians(
        "bdm-eum/jmckib_ExampleActors_EU_emissions.csv",
        EumOptions::scholz_2011(),
    ) else {
        return;
    };
    assert!((ours[0] - 8.35).abs() < 0.1, "{}", ours[0]);
}

#[test]
fn the_same_case_with_saliences_on_0_to_100_gives_the_same_medians() {
    let (Some(a), Some(b), Some(c)) = (
        medians(
            "bdm-eum/jmckib_ExampleActors_EU_emissions.csv",
            EumOptions::scholz_2011(),
        ),
        medians(
            "bdm-eum/dmasad_ExampleActors.csv",
            EumOptions::scholz_2011(),
        ),
        medians(
            "bdm-eum/decisionmechanics_emission-standards.tsv",
            EumOptions::scholz_2011(),
        ),
    ) else {
        return;
    };
    for ((x, y), z) in a.iter().zip(&b).zip(&c) {
        assert!((x - y).abs() < 1e-9 && (x - z).abs() < 1e-9, "{x} {y} {z}");
    }
}

#[test]
fn capitulation_as_written_in_the_replication_code_changes_nothing_here() {
    let mut never = EumOptions::scholz_2011();
    never.capitulation = false;
    let (Some(a), Some(b)) = (
        medians(
            "bdm-eum/jmckib_ExampleActors_EU_emissions.csv",
            EumOptions::scholz_2011(),
        ),
        medians("bdm-eum/jmckib_ExampleActors_EU_emissions.csv", never),
    ) else {
        return;
    };
    assert_eq!(a, b);
}

#[test]
fn the_other_readings_of_the_equations_do_not_reproduce_the_table() {
    let mut pairwise = EumOptions::scholz_2011();
    pairwise.denominator = Denominator::Pairwise;
    let mut nearest = EumOptions::scholz_2011();
    nearest.compromise_choice = CompromiseChoice::Nearest;
    let (Some(p), Some(n)) = (
        medians("bdm-eum/jmckib_ExampleActors_EU_emissions.csv", pairwise),
        medians("bdm-eum/jmckib_ExampleActors_EU_emissions.csv", nearest),
    ) else {
        return;
    };
    // The pairwise denominator collapses everyone onto 7 (Germany's bloc
    // loses every contest); the nearest-compromise rule drifts to 10 by round 4.
    assert!(p.iter().all(|&m| (m - 7.0).abs() < 1e-9), "{p:?}");
    assert!((n[3] - 10.0).abs() < 0.01, "{n:?}");
    assert!((n[5] - 7.4).abs() > 2.0, "{n:?}");
}
