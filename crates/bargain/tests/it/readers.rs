//! Every shipped input file still reads, and the formats agree with each other.

use statecraft_bargain::read::{
    Format, guess_format, read, read_actor_table, read_exchange, read_ktab_csv, read_ktab_xml,
};

use crate::read_shared;

#[test]
fn every_ktab_csv_example_reads() {
    for (file, actors, dims) in [
        ("ktab/dummyData_3Dim.csv", 7, 3),
        ("ktab/dummyData_6Dim.csv", 27, 6),
        ("ktab/dummyData-a040.csv", 40, 1),
        ("ktab/dummyData-a080.csv", 80, 1),
        ("ktab/dummyData-a160.csv", 160, 1),
        ("ktab/SOE-Pol-Comp.csv", 13, 2),
        ("ktab/SOE-Policy.csv", 26, 1),
        ("ktab/SOE-Competitive.csv", 34, 1),
    ] {
        let Some(text) = read_shared(file) else {
            return;
        };
        assert_eq!(guess_format(file, &text), Some(Format::KtabCsv), "{file}");
        let s = read_ktab_csv(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            (s.actors.len(), s.dimensions.len()),
            (actors, dims),
            "{file}"
        );
    }
}

#[test]
fn a_missing_final_comma_reads_the_same() {
    let (Some(a), Some(b)) = (
        read_shared("ktab/dummyData_3Dim.csv"),
        read_shared("ktab/dummyData_3Dim-no-final-comma.csv"),
    ) else {
        return;
    };
    let (a, b) = (
        read_ktab_csv(&a).expect("reads"),
        read_ktab_csv(&b).expect("reads"),
    );
    assert_eq!(a.actors, b.actors);
    assert_eq!(a.dimensions, b.dimensions);
}

#[test]
fn the_xml_and_csv_versions_of_dummy_3dim_hold_the_same_data() {
    let (Some(csv), Some(xml)) = (
        read_shared("ktab/dummyData_3Dim.csv"),
        read_shared("ktab/dummyData_3Dim.xml"),
    ) else {
        return;
    };
    let (a, b) = (
        read_ktab_csv(&csv).expect("reads"),
        read_ktab_xml(&xml).expect("reads"),
    );
    assert_eq!(a.actors.len(), b.actors.len());
    for (x, y) in a.actors.iter().zip(&b.actors) {
        assert_eq!(x.name, y.name);
        for (p, q) in x.positions.iter().zip(&y.positions) {
            assert!(
                (p.midpoint() - q.midpoint()).abs() < 0.006,
                "{} {p} {q}",
                x.name
            );
        }
    }
}

#[test]
fn every_actor_table_reads() {
    for (file, actors) in [
        ("bdm-eum/jmckib_ExampleActors_EU_emissions.csv", 10),
        ("bdm-eum/jmckib_Sultan.csv", 0),
        ("bdm-eum/dmasad_ExampleActors.csv", 10),
        ("bdm-eum/dmasad_ChinaData.csv", 24),
        ("bdm-eum/dmasad_HondurasCrisisData.csv", 0),
        ("bdm-eum/decisionmechanics_argentina.tsv", 0),
        ("bdm-eum/decisionmechanics_emission-standards.tsv", 10),
        ("bdm-eum/decisionmechanics_iranian-election.tsv", 0),
    ] {
        let Some(text) = read_shared(file) else {
            return;
        };
        assert_eq!(
            guess_format(file, &text),
            Some(Format::ActorTable),
            "{file}"
        );
        let s = read_actor_table(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        if actors > 0 {
            assert_eq!(s.actors.len(), actors, "{file}");
        }
        assert!(
            s.actors.iter().all(|a| a.saliences[0].high() <= 1.0),
            "{file}"
        );
    }
}

#[test]
fn exchange_files_give_one_scenario_per_issue() {
    for (file, issues, actors) in [
        ("decide-exchange/cop21.tsv", 13, 15),
        ("decide-exchange/copenhagen.tsv", 7, 11),
    ] {
        let Some(text) = read_shared(file) else {
            return;
        };
        assert_eq!(guess_format(file, &text), Some(Format::Exchange), "{file}");
        let scenarios = read_exchange(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(scenarios.len(), issues, "{file}");
        assert!(
            scenarios
                .iter()
                .all(|s| (2..=actors).contains(&s.actors.len())),
            "{file}"
        );
        assert!(scenarios.iter().any(|s| s.actors.len() == actors), "{file}");
        assert_eq!(read(Format::Exchange, &text).expect("reads").len(), issues);
    }
}

#[test]
fn ranges_in_an_actor_table_become_estimates() {
    let s = read_actor_table(
        "Actor,Capability,Position,Salience,Veto\nA,1..3,40..60,0.5,yes\nB,2,70,0.25..0.75,no\n",
    )
    .expect("reads");
    assert_eq!(s.actors[0].capability.low(), 1.0);
    assert_eq!(s.actors[0].positions[0].high(), 60.0);
    assert!(s.actors[0].veto && !s.actors[1].veto);
    assert!(s.has_ranges());
}
