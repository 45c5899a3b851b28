//! The arithmetic and the robustness verdict, exactly, on the invented Tarland model
//! (tests/models/leverage: three partners, made-up figures, texts in texts/).
//! Each expectation is computed by hand from the observations named beside it.

use statecraft_leverage::{Options, ShareBasis};
use statecraft_model::ChannelKind::{Labour, Trade};
use statecraft_model::DatumId;

use crate::{channel, close, order, partner, run, share, tarland};

#[test]
fn the_2015_figures_give_a_robust_ranking() {
    let result = run(&tarland(), "XTT", "2016-12", &Options::default());
    assert_eq!(result.weights, [(Trade, 0.5), (Labour, 0.5)]);

    // trade-xaa-xtt-share-2015: 60 percent, stated exactly.
    let (aland, inputs) = share(&result, Trade, "XAA");
    close(aland, 0.6, 0.6);
    assert_eq!(inputs, ["trade-xaa-xtt-share-2015"]);
    // Total = trade-xaa-xtt-turnover-2015 600 M ÷ 0.6 = 1 000 M USD; Belmar's
    // trade-xbb-xtt-turnover-2015 200 M ÷ 1 000 M = 0.2.
    let total = &channel(&result, Trade).totals[0];
    close(total.value, 1e9, 1e9);
    let (belmar, inputs) = share(&result, Trade, "XBB");
    close(belmar, 0.2, 0.2);
    assert_eq!(
        inputs,
        [
            "trade-xbb-xtt-turnover-2015",
            "trade-xaa-xtt-turnover-2015",
            "trade-xaa-xtt-share-2015"
        ]
    );
    // Corvia has a channel but only a count with no total: unknown, at most 1 − 0.6 − 0.2.
    let corvia = &channel(&result, Trade).partners[2];
    assert_eq!(corvia.basis, ShareBasis::Unknown);
    close(corvia.share, 0.0, 0.2);
    close(channel(&result, Trade).remainder, 0.2, 0.2);
    // labour-xaa-xtt-share-2015 major → 0.3–0.6; labour-xbb-xtt-share-2015 minor → 0.01–0.1.
    close(share(&result, Labour, "XAA").0, 0.3, 0.6);
    close(share(&result, Labour, "XBB").0, 0.01, 0.1);

    // index = share² (substitutability 1 − share), weight ½ each:
    // XAA ½(0.36 + [0.09, 0.36]) = [0.225, 0.36]
    // XBB ½(0.04 + [0.0001, 0.01]) = [0.02005, 0.025]
    // XCC ½([0, 0.04]) = [0, 0.02]
    close(partner(&result, "XAA").total, 0.225, 0.36);
    close(partner(&result, "XBB").total, 0.02005, 0.025);
    close(partner(&result, "XCC").total, 0.0, 0.02);
    assert_eq!(order(&result), ["XAA", "XBB", "XCC"]);
    // 0.225 > 0.025 and 0.02005 > 0.02: no rank can change inside the ranges.
    assert!(result.robust);
    for (id, rank) in [("XAA", 1), ("XBB", 2), ("XCC", 3)] {
        assert_eq!(partner(&result, id).rank_range, (rank, rank), "{id}");
    }
}

#[test]
fn the_2018_figures_leave_the_lead_open() {
    let result = run(&tarland(), "XTT", "2019-06", &Options::default());
    // trade-xaa-xtt-share-2018: about 50 percent, widened ±10% → 0.45–0.55.
    close(share(&result, Trade, "XAA").0, 0.45, 0.55);
    // Total = trade-xaa-xtt-turnover-2018 500 M ÷ 0.45–0.55 = 909.09–1 111.11 M USD.
    let total = channel(&result, Trade)
        .totals
        .iter()
        .find(|t| t.period.to_string() == "2018")
        .expect("a 2018 total");
    close(total.value, 500e6 / 0.55, 500e6 / 0.45);
    // The two Belmar figures disagree: trade-xbb-xtt-turnover-2018-customs 400 M →
    // 0.36–0.44, trade-xbb-xtt-turnover-2018-ministry 350 M → 0.315–0.385; kept as the
    // range 0.315–0.44.
    let (belmar, inputs) = share(&result, Trade, "XBB");
    close(belmar, 0.315, 0.44);
    assert!(inputs.contains(&"trade-xbb-xtt-turnover-2018-customs".to_string()));
    assert!(inputs.contains(&"trade-xbb-xtt-turnover-2018-ministry".to_string()));
    // Corvia's channel was last observed in 2015, before every 2018 share: dormant, so
    // it counts as no channel (and is not ranked).
    assert!(
        channel(&result, Trade)
            .partners
            .iter()
            .all(|p| p.partner.as_str() != "XCC")
    );
    assert_eq!(
        channel(&result, Trade).notes,
        ["XCC's channel was last observed for 2015, before every measured share: counted as none"]
    );
    // The other/unknown remainder: 1 − (0.55 + 0.44) to 1 − (0.45 + 0.315).
    close(channel(&result, Trade).remainder, 0.01, 0.235);
    // The 2015 figures are superseded by each partner's 2018 ones.
    let skipped: Vec<(&str, &str)> = channel(&result, Labour)
        .skipped
        .iter()
        .map(|s| (s.observation.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "labour-xaa-xtt-share-2015",
                "superseded: XAA's latest share is for 2018"
            ),
            (
                "labour-xbb-xtt-share-2015",
                "superseded: XBB's latest share is for 2018"
            ),
        ]
    );

    // XAA ½([0.2025, 0.3025] + [0.0001, 0.01])      = [0.1013, 0.15625]
    // XBB ½([0.099225, 0.1936] + [0.09, 0.36])      = [0.0946125, 0.2768]
    close(partner(&result, "XAA").total, 0.1013, 0.15625);
    close(partner(&result, "XBB").total, 0.0946125, 0.2768);
    // By midpoint Belmar (0.1857) leads Aland (0.1288), but Aland's low 0.1013 is under
    // Belmar's high 0.2768 and Belmar's low 0.0946 under Aland's high 0.15625: either
    // can be first.
    assert_eq!(order(&result), ["XBB", "XAA"]);
    assert!(!result.robust);
    assert_eq!(partner(&result, "XBB").rank_range, (1, 2));
    assert_eq!(partner(&result, "XAA").rank_range, (1, 2));
    assert!(!partner(&result, "XAA").robust);
    // The widest contribution of the leading pair is Belmar's labour level.
    let first = &result.drivers[0];
    assert_eq!((first.partner.as_str(), first.kind), ("XBB", Labour));
    assert_eq!(
        first.observations,
        [DatumId::from("labour-xbb-xtt-share-2018")]
    );
}

#[test]
fn every_observation_is_an_input_or_skipped_with_a_reason() {
    let model = tarland();
    for as_of in ["2016-12", "2019-06"] {
        let result = run(&model, "XTT", as_of, &Options::default());
        let view = statecraft_model::view::as_of(&model, &crate::date(as_of));
        for o in &view.observations {
            let accounted = result.channels.iter().any(|c| {
                c.skipped.iter().any(|s| s.observation == o.id)
                    || c.partners
                        .iter()
                        .any(|p| p.inputs.iter().any(|i| i.observation == o.id))
            });
            assert!(accounted, "{as_of}: {} is neither used nor skipped", o.id);
        }
    }
}
