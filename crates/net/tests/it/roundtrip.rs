//! Format compatibility: every bnlearn network loads, BIF → XMLBIF → BIF
//! gives the identical network, and the checked-in fixtures still load and
//! agree with each other and with hand-computed answers.

use statecraft_net::{Engine, Evidence, bif, sensitivity, xmlbif};

use crate::{network_names, shared_bn};

#[test]
fn every_bnlearn_network_survives_bif_xmlbif_bif() {
    let Some(dir) = shared_bn() else { return };
    let names = network_names(&dir);
    assert_eq!(
        names.len(),
        24,
        "the shared folder holds the 24 bnlearn networks"
    );
    for name in names {
        let text = std::fs::read_to_string(dir.join(format!("{name}.bif"))).expect("read");
        let network = bif::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let xml = xmlbif::write(&network);
        let from_xml = xmlbif::read(&xml).unwrap_or_else(|e| panic!("{name} xml: {e}"));
        assert_eq!(from_xml, network, "{name}: XMLBIF round trip");
        let again = bif::write(&from_xml).expect("writable");
        assert_eq!(
            bif::read(&again).expect("reads back"),
            network,
            "{name}: BIF round trip"
        );
    }
}

#[test]
fn child_bif_state_names_with_slashes_load() {
    let Some(dir) = shared_bn() else { return };
    let text = std::fs::read_to_string(dir.join("child.bif")).expect("read");
    let network = bif::read(&text).expect("child.bif loads");
    let id = network.require("ChestXray").expect("variable");
    assert!(network.variable(id).state_index("Asy/Patch").is_some());
}

#[test]
fn fixtures_in_both_formats_are_the_same_network() {
    let from_bif = bif::read(include_str!("fixtures/talks.bif")).expect("bif fixture");
    let from_xml = xmlbif::read(include_str!("fixtures/talks.xml")).expect("xmlbif fixture");
    assert_eq!(from_bif, from_xml);
}

/// Hand-computed answers for the fixture (see the arithmetic in each comment).
#[test]
fn fixture_answers_match_hand_computation() {
    let network = bif::read(include_str!("fixtures/talks.bif")).expect("fixture");
    let talks = network.require("Talks").expect("Talks");
    let report = network.require("Report").expect("Report");
    let mut engine = Engine::new(&network).expect("compiles");
    let prior = engine.posterior(&Evidence::new()).expect("prior");
    // P(resume) = .2(.1·.5 + .9·.1) + .5(.4·.7 + .6·.2) + .3(.7·.9 + .3·.3) = .444
    assert!((prior.marginal(talks)[0] - 0.444).abs() < 1e-12);
    // P(positive) = .444·.8 + .556·.25 = .4942
    assert!((prior.marginal(report)[0] - 0.4942).abs() < 1e-12);

    // Seeing the summit: P(resume | held) = .339 / .43.
    let mut seen = Evidence::new();
    seen.observe(&network, "Summit", "held").expect("evidence");
    let observed = engine.posterior(&seen).expect("posterior");
    assert!((observed.marginal(talks)[0] - 0.339 / 0.43).abs() < 1e-12);
    assert!((observed.log10_evidence - 0.43f64.log10()).abs() < 1e-12);

    // Holding it: P(resume | do(held)) = .2·.5 + .5·.7 + .3·.9 = .72, and the
    // pressure keeps its prior since the arc into Summit is cut.
    let mut held = Evidence::new();
    held.intervene(&network, "Summit", "held")
        .expect("intervention");
    let intervened = engine.posterior(&held).expect("posterior");
    assert!((intervened.marginal(talks)[0] - 0.72).abs() < 1e-12);
    let pressure = network.require("Pressure").expect("Pressure");
    assert!((intervened.marginal(pressure)[2] - 0.3).abs() < 1e-12);

    // MPE with no evidence: (medium, not-held, stall, negative), .5·.6·.8·.75 = .18.
    let mpe = engine.mpe(&Evidence::new()).expect("mpe");
    assert_eq!(mpe.states, vec![1, 1, 1, 1]);
    assert!((mpe.log10_probability - 0.18f64.log10()).abs() < 1e-12);

    // Sensitivity of P(resume) to P(Pressure = low) = θ, the other two
    // rescaled by (1 − θ)/.8: f(θ) = .14θ + .52(1 − θ), so f' = −.38,
    // f(0) = .52 and f(1) = .14.
    let report_s =
        sensitivity::sensitivity(&network, &Evidence::new(), talks, 0).expect("sensitivity");
    let entry = report_s
        .parameters
        .iter()
        .find(|p| p.variable == pressure && p.row == 0 && p.state == 0)
        .expect("parameter listed");
    assert!((entry.derivative + 0.38).abs() < 1e-12);
    assert!((entry.target_at_low.expect("defined") - 0.52).abs() < 1e-12);
    assert!((entry.target_at_high.expect("defined") - 0.14).abs() < 1e-12);
}
