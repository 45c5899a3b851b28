//! The bad-input corpus: each case and the exact message a user sees.

use statecraft_bargain::forecast::{ModelSpec, forecast};
use statecraft_bargain::read::{read_actor_table, read_exchange, read_ktab_csv, read_ktab_xml};
use statecraft_bargain::smp::{SmpParameters, StoppingRule};
use statecraft_bargain::{Actor, BargainError, Estimate, Scenario};

const HEADER: &str = "Demo,Bad inputs,3,1,\nActor,Description,Power,Pstn1,Sal1,\n";

fn check<T: std::fmt::Debug>(result: Result<T, BargainError>, expect: &str) {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => assert_eq!(error.to_string(), expect),
    }
}

#[test]
fn salience_outside_the_range() {
    let text = format!("{HEADER}A,a,10,50,120,\nB,b,10,50,20,\nC,c,10,50,20,\n");
    check(
        read_ktab_csv(&text),
        "row 3, column 5 (Sal1): salience 120 is outside 0 to 100",
    );
}

#[test]
fn saliences_summing_above_100() {
    let text = "Demo,d,3,2,\nActor,Description,Power,P1,S1,P2,S2\nA,a,10,50,60,50,60\nB,b,10,50,20,50,20\nC,c,10,50,20,50,20\n";
    check(
        read_ktab_csv(text),
        "row 3: saliences sum to 120; an actor's total attention is at most 100",
    );
}

#[test]
fn too_few_actors() {
    let text = "Demo,d,2,1,\nActor,Description,Power,Pstn1,Sal1,\nA,a,10,50,20,\nB,b,10,50,20,\n";
    check(
        read_ktab_csv(text),
        "row 1, column 3 (nActors): 2 actor(s); at least 3 are needed",
    );
    check(
        read_actor_table("Actor,Capability,Position,Salience\nA,1,50,0.5\n"),
        "row 1: 1 actor row(s); at least 2 are needed",
    );
}

#[test]
fn declared_actor_count_differs_from_the_rows() {
    let text = format!("{HEADER}A,a,10,50,20,\nB,b,10,50,20,\n");
    check(
        read_ktab_csv(&text),
        "row 1, column 3 (nActors): row 1 declares 3 actors but the file has 2 actor row(s)",
    );
}

#[test]
fn non_numeric_cells() {
    let text = format!("{HEADER}A,a,ten,50,20,\nB,b,10,fifty,20,\nC,c,10,50,20,\n");
    check(
        read_ktab_csv(&text),
        "row 3, column 3 (Power): 'ten' is not a number\nrow 4, column 4 (Pstn1): 'fifty' is not a number",
    );
    check(
        read_actor_table("Actor,Capability,Position,Salience\nA,1,x,0.5\nB,1,50,0.5\n"),
        "row 2, column 3 (Position): 'x' is not a number",
    );
}

#[test]
fn repeated_actor() {
    let text = format!("{HEADER}A,a,10,50,20,\nB,b,10,50,20,\nA,c,10,50,20,\n");
    check(
        read_ktab_csv(&text),
        "row 5, column 1 (Actor): actor 'A' repeats row 3",
    );
    check(
        read_actor_table("Actor,Capability,Position,Salience\nA,1,50,0.5\nA,1,60,0.5\n"),
        "row 3, column 1 (Actor): actor 'A' repeats row 2",
    );
}

#[test]
fn position_outside_the_scale() {
    let text = format!("{HEADER}A,a,10,150,20,\nB,b,10,50,20,\nC,c,10,50,20,\n");
    check(
        read_ktab_csv(&text),
        "row 3, column 4 (Pstn1): position 150 is outside 0 to 100",
    );
}

#[test]
fn actor_table_salience_outside_the_range() {
    check(
        read_actor_table("Actor,Capability,Position,Salience\nA,1,50,150\nB,1,60,50\n"),
        "row 2, column 4 (Salience): salience 150 is outside 0 to 100",
    );
}

#[test]
fn status_quo_outside_the_scale() {
    let scenario = Scenario::issue(
        "x",
        vec![
            Actor::new(
                "A",
                Estimate::exact(1.0),
                Estimate::exact(10.0),
                Estimate::exact(0.5),
            ),
            Actor::new(
                "B",
                Estimate::exact(1.0),
                Estimate::exact(90.0),
                Estimate::exact(0.5),
            ),
        ],
    )
    .with_status_quo(vec![120.0]);
    check(
        forecast(
            &scenario,
            &ModelSpec::Compromise {
                statistic: statecraft_bargain::Statistic::Mean,
            },
        ),
        "status_quo: status quo 120 is outside the scale 0 to 100",
    );
}

#[test]
fn an_empty_coordinate_in_ktab_xml() {
    let Some(xml) = crate::read_shared("ktab/smpExample.xml") else {
        return;
    };
    check(
        read_ktab_xml(&xml),
        "line 32, column 9: <dCoord> is empty; a number is needed",
    );
}

#[test]
fn malformed_xml() {
    check(
        read_ktab_xml("<Scenario><name>x</Scenario>"),
        "line 1, column 18: not well-formed XML: expected 'name' tag, not 'Scenario' at 1:18",
    );
}

#[test]
fn exchange_salience_outside_the_range() {
    let text = "'#A'\t'A'\t'A'\n'#A'\t'B'\t'B'\n'#P'\t'I'\t'I'\n'#D'\t'A'\t'I'\t10\t2\t0.5\n'#D'\t'B'\t'I'\t90\t0.5\t0.5\n";
    check(
        read_exchange(text),
        "line 4, column 5: salience 2 is outside 0 to 1",
    );
}

#[test]
fn non_convergence_is_reported_not_forecast() {
    let Some(csv) = crate::read_shared("ktab/dummyData_3Dim.csv") else {
        return;
    };
    let scenario = read_ktab_csv(&csv).expect("reads");
    let spec = ModelSpec::Smp {
        parameters: SmpParameters::default(),
        stopping: StoppingRule {
            max_rounds: 2,
            ..StoppingRule::default()
        },
    };
    // KTAB's log shows a fractional change of 0.7631 after the second round.
    check(
        forecast(&scenario, &spec),
        "no convergence within 2 rounds: the last round still changed positions by 0.7631 of the first round's change (the stopping rule needs less than 0.0200)",
    );
}
