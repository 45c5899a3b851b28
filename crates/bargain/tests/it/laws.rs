//! Laws that hold for every input.

use proptest::prelude::*;
use statecraft_bargain::compromise::{weighted_mean, weighted_median};
use statecraft_bargain::forecast::{ModelSpec, Statistic};
use statecraft_bargain::read::{read_actor_table, read_exchange, read_ktab_csv, read_ktab_xml};
use statecraft_bargain::uncertainty::quantile;
use statecraft_bargain::{Actor, Estimate, Sampling, Scenario, simulate};

fn positions_and_weights() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..20).prop_flat_map(|n| {
        (
            prop::collection::vec(0.0f64..=100.0, n),
            prop::collection::vec(0.0f64..=50.0, n),
        )
    })
}

proptest! {
    #[test]
    fn the_weighted_mean_lies_within_the_positions((x, w) in positions_and_weights()) {
        let m = weighted_mean(&x, &w).expect("non-empty");
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(lo <= m && m <= hi, "{m} outside [{lo}, {hi}]");
    }

    #[test]
    fn the_weighted_median_is_a_held_position((x, w) in positions_and_weights()) {
        let m = weighted_median(&x, &w).expect("non-empty");
        prop_assert!(x.contains(&m));
    }

    #[test]
    fn quantiles_are_ordered(mut values in prop::collection::vec(-1e6f64..1e6, 1..200)) {
        values.sort_by(f64::total_cmp);
        let qs: Vec<f64> = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0].iter().map(|&p| quantile(&values, p)).collect();
        prop_assert!(qs.windows(2).all(|w| w[0] <= w[1]), "{qs:?}");
    }

    #[test]
    fn sampling_is_deterministic_for_a_seed(seed in any::<u64>(), lo in 0.0f64..50.0, width in 0.0f64..50.0) {
        let scenario = Scenario::issue("p", vec![
            Actor::new("A", Estimate::range(1.0, 2.0), Estimate::range(lo, lo + width), Estimate::exact(0.5)),
            Actor::new("B", Estimate::exact(1.0), Estimate::exact(80.0), Estimate::range(0.1, 0.9)),
        ]);
        let spec = ModelSpec::Compromise { statistic: Statistic::Mean };
        let sampling = Sampling { samples: 50, seed, bins: 5 };
        let a = simulate(&scenario, &spec, sampling).expect("runs");
        let b = simulate(&scenario, &spec, sampling).expect("runs");
        prop_assert_eq!(&a, &b);
        let d = &a.dimensions[0];
        prop_assert!(d.p05 <= d.p50 && d.p50 <= d.p95);
    }
}

fn edited(base: &str, edits: &[(usize, u8)]) -> String {
    let mut bytes = base.as_bytes().to_vec();
    for &(at, byte) in edits {
        if bytes.is_empty() {
            break;
        }
        let i = at % bytes.len();
        bytes[i] = byte;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

const KTAB: &str = "Demo,d,3,2,\nActor,Description,Power,P1,S1,P2,S2,\nA,a,10,50,20,40,30,\nB,b,20,60,20,70,10,\nC,c,30,10,40,20,50,\n";
const TABLE: &str =
    "Actor,Capability,Position,Salience\nA,1,50,0.5\nB,2,60,0.25\nC,1..2,10..20,0.5\n";
const EXCHANGE: &str = "'#A'\t'A'\t'A'\n'#A'\t'B'\t'B'\n'#P'\t'I'\t'I'\n'#M'\t'I'\t0\n'#M'\t'I'\t100\n'#D'\t'A'\t'I'\t10\t0.5\t0.5\n'#D'\t'B'\t'I'\t90\t0.5\t0.5\n";
const XML: &str = "<Scenario><name>x</name><desc>d</desc><prngSeed>1</prngSeed><Dimensions><dName>D</dName></Dimensions><Actors><Actor><name>A</name><description>a</description><capability>10</capability><Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor><Actor><name>B</name><description>b</description><capability>20</capability><Position><dCoord>90</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor><Actor><name>C</name><description>c</description><capability>20</capability><Position><dCoord>50</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor></Actors></Scenario>";

proptest! {
    #[test]
    fn readers_never_panic_on_random_byte_edits(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 0..8)) {
        let _ = read_ktab_csv(&edited(KTAB, &edits));
        let _ = read_actor_table(&edited(TABLE, &edits));
        let _ = read_exchange(&edited(EXCHANGE, &edits));
        let _ = read_ktab_xml(&edited(XML, &edits));
    }

    #[test]
    fn readers_never_panic_on_arbitrary_text(text in ".{0,300}") {
        let _ = read_ktab_csv(&text);
        let _ = read_actor_table(&text);
        let _ = read_exchange(&text);
        let _ = read_ktab_xml(&text);
    }
}

#[test]
fn the_unedited_corpus_reads() {
    assert!(read_ktab_csv(KTAB).is_ok());
    assert!(read_actor_table(TABLE).is_ok());
    assert!(read_exchange(EXCHANGE).is_ok());
    assert!(read_ktab_xml(XML).is_ok());
}
