//! The acceptance cases on the built-in Russia–DPRK model: the figures behind the
//! ranking over the DPRK, computed by hand from the observations named beside them.
//!
//! Levels read as: none 0–1 %, minor 1–10 %, moderate 10–30 %, major 30–60 %,
//! dominant 60–95 %, all 95–100 %. Index = share² (substitutability 1 − share); equal
//! weights over the channel kinds where some partner's share is measured.

use statecraft_leverage::{Options, ShareBasis};
use statecraft_model::ChannelKind::{
    self, Diplomatic, Education, Finance, Investment, Labour, Trade, Transport,
};

use crate::{builtin, channel, close, order, partner, run, share};

const MEASURED: [ChannelKind; 7] = [
    Trade, Labour, Investment, Finance, Transport, Education, Diplomatic,
];

#[test]
fn china_first_over_the_dprk_as_of_2019_12() {
    let result = run(&builtin(), "PRK", "2019-12", &Options::default());
    let kinds: Vec<ChannelKind> = result.weights.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, MEASURED);
    let w = 1.0 / 7.0;

    // Trade. trade-chn-prk-share-2018-snyder: about 90 % → 0.81–0.99.
    let (china, inputs) = share(&result, Trade, "CHN");
    close(china, 0.81, 0.99);
    assert_eq!(inputs, ["trade-chn-prk-share-2018-snyder"]);
    // Total 2018 = trade-chn-prk-turnover-2018-snyder 2.43 B ÷ 0.81–0.99 = 2.4545–3.0 B USD;
    // Russia = trade-rus-prk-turnover-2018-snyder 34 M ÷ that = 0.011333–0.013852.
    let (russia, inputs) = share(&result, Trade, "RUS");
    close(russia, 34e6 * 0.81 / 2.43e9, 34e6 * 0.99 / 2.43e9);
    assert_eq!(
        inputs,
        [
            "trade-rus-prk-turnover-2018-snyder",
            "trade-chn-prk-turnover-2018-snyder",
            "trade-chn-prk-share-2018-snyder"
        ]
    );
    // Transport, 2016: China hull(transport-chn-prk-overland-links-2016-lukin major,
    // transport-chn-prk-scheduled-airports-2016-lukin dominant) = 0.3–0.95; Russia
    // hull(major, moderate) = 0.1–0.6.
    close(share(&result, Transport, "CHN").0, 0.3, 0.95);
    close(share(&result, Transport, "RUS").0, 0.1, 0.6);
    // China's investment channel (2019) and diplomatic channel have no share figure:
    // unknown, up to what the others leave (1 − 0.3 − 0.3 and 1 − 0.3).
    let (unknown, none) = share(&result, Investment, "CHN");
    close(unknown, 0.0, 0.4);
    assert!(none.is_empty());
    close(share(&result, Diplomatic, "CHN").0, 0.0, 0.7);
    // Russia: major (0.3–0.6) in labour (labour-rus-prk-host-rank-2019-lukin), investment
    // (investment-rus-prk-share-of-fdi-2016-lukin) and diplomatic
    // (diplomatic-rus-prk-senior-visits-2014-2015-lukin); moderate (0.1–0.3), one of a
    // few countries, in finance (finance-rus-prk-bank-links-2016-lukin) and education
    // (education-rus-prk-host-share-2016-lukin).
    for (kind, id, low, high) in [
        (Labour, "labour-rus-prk-host-rank-2019-lukin", 0.3, 0.6),
        (
            Investment,
            "investment-rus-prk-share-of-fdi-2016-lukin",
            0.3,
            0.6,
        ),
        (Finance, "finance-rus-prk-bank-links-2016-lukin", 0.1, 0.3),
        (
            Education,
            "education-rus-prk-host-share-2016-lukin",
            0.1,
            0.3,
        ),
        (
            Diplomatic,
            "diplomatic-rus-prk-senior-visits-2014-2015-lukin",
            0.3,
            0.6,
        ),
    ] {
        let (s, inputs) = share(&result, kind, "RUS");
        close(s, low, high);
        assert_eq!(inputs, [id], "{kind}");
    }

    // China = w(trade [0.6561, 0.9801] + investment [0, 0.16] + transport [0.09, 0.9025]
    //           + diplomatic [0, 0.49]) = w[0.7461, 2.5326]
    close(partner(&result, "CHN").total, w * 0.7461, w * 2.5326);
    // Russia = w(trade [0.011333², 0.013852²] + 3 × [0.09, 0.36] + 2 × [0.01, 0.09]
    //           + transport [0.01, 0.36])
    let (lo, hi) = (34e6 * 0.81 / 2.43e9, 34e6 * 0.99 / 2.43e9);
    close(
        partner(&result, "RUS").total,
        w * (lo * lo + 0.27 + 0.02 + 0.01),
        w * (hi * hi + 1.08 + 0.18 + 0.36),
    );
    // China's midpoint (0.2342) is above Russia's (0.1372): China first. Not robust:
    // China's low 0.1066 is under Russia's high 0.2315.
    assert_eq!(order(&result)[..2], ["CHN", "RUS"]);
    assert_eq!(partner(&result, "CHN").rank, 1);
    assert!(!partner(&result, "CHN").robust);
    assert_eq!(partner(&result, "CHN").rank_range.0, 1);
}

#[test]
fn china_first_over_the_dprk_as_of_2016_04() {
    let result = run(&builtin(), "PRK", "2016-04", &Options::default());
    let kinds: Vec<ChannelKind> = result.weights.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, MEASURED);
    let w = 1.0 / 7.0;
    // Only Lukin (March 2016) is out. trade-chn-prk-dependence-2016-lukin dominant →
    // 0.6–0.95; trade-rus-prk-import-rank-2014-lukin minor → 0.01–0.1 (third place,
    // some 83 M of exports against China's roughly 2.7 B; Russia's 92 M turnover of
    // 2014 has no total to divide by).
    let (china, inputs) = share(&result, Trade, "CHN");
    close(china, 0.6, 0.95);
    assert_eq!(inputs, ["trade-chn-prk-dependence-2016-lukin"]);
    let (russia, inputs) = share(&result, Trade, "RUS");
    close(russia, 0.01, 0.1);
    assert_eq!(inputs, ["trade-rus-prk-import-rank-2014-lukin"]);
    assert!(
        channel(&result, Trade)
            .skipped
            .iter()
            .any(|s| s.observation.as_str() == "trade-rus-prk-turnover-2014-lukin")
    );
    // Japan and South Korea: economic ties none (trade-jpn-prk-2016-lukin,
    // trade-kor-prk-2016-lukin) → 0–0.01 of the North's trade.
    close(share(&result, Trade, "JPN").0, 0.0, 0.01);
    close(share(&result, Trade, "KOR").0, 0.0, 0.01);
    // Transport: China hull(major, dominant) = 0.3–0.95; Russia hull(major, moderate) =
    // 0.1–0.6.
    close(share(&result, Transport, "CHN").0, 0.3, 0.95);
    close(share(&result, Transport, "RUS").0, 0.1, 0.6);
    // China's channels other than trade and transport are not yet published (its
    // investment channel cites Lukin 2019), so China counts in two kinds, Russia in seven.
    // China = w(trade [0.36, 0.9025] + transport [0.09, 0.9025]) = w[0.45, 1.805]
    close(partner(&result, "CHN").total, w * 0.45, w * 1.805);
    // Russia = w(trade [0.0001, 0.01] + 3 × major [0.09, 0.36] (labour, investment,
    //           diplomatic) + 2 × moderate [0.01, 0.09] (finance, education)
    //           + transport [0.01, 0.36]) = w[0.3001, 1.63]
    close(partner(&result, "RUS").total, w * 0.3001, w * 1.63);
    // By midpoint China (0.1611) is above Russia (0.1379): China first, as Lukin ranks
    // them (lukin-fpri-2016 ¶43). Not robust: China's low 0.0643 is under Russia's
    // high 0.2329, so either could be first somewhere inside the ranges.
    assert_eq!(order(&result)[..2], ["CHN", "RUS"]);
    assert_eq!(partner(&result, "CHN").rank, 1);
    assert!(!result.robust);
    assert_eq!(partner(&result, "CHN").rank_range, (1, 2));
    assert_eq!(
        partner(&result, "RUS").rank_range.0,
        1,
        "Russia can be first"
    );
    assert_eq!(
        channel(&result, Labour)
            .partners
            .iter()
            .map(|p| p.partner.as_str())
            .collect::<Vec<_>>(),
        ["RUS"]
    );
}

#[test]
fn china_leads_the_dprk_trade_channel_robustly_at_both_dates() {
    let options = Options {
        only: Some(Trade),
        ..Options::default()
    };
    // 2016-04 from levels (dominant against minor), 2019-12 from figures (81–99 %
    // against 1.1–1.4 %): China's trade index is above Russia's either way.
    for (as_of, basis) in [
        ("2016-04", ShareBasis::Level),
        ("2019-12", ShareBasis::Figure),
    ] {
        let result = run(&builtin(), "PRK", as_of, &options);
        assert_eq!(order(&result)[0], "CHN", "{as_of}");
        let china = partner(&result, "CHN");
        assert_eq!(china.rank_range, (1, 1), "{as_of}");
        let shares = channel(&result, Trade);
        let basis_of = |id: &str| {
            shares
                .partners
                .iter()
                .find(|p| p.partner.as_str() == id)
                .map(|p| p.basis)
        };
        assert_eq!(basis_of("CHN"), Some(basis), "{as_of}");
        assert_eq!(basis_of("RUS"), Some(basis), "{as_of}");
    }
}

#[test]
fn every_built_in_observation_of_the_dprk_channels_is_accounted_for() {
    let model = builtin();
    for as_of in ["2016-04", "2019-12"] {
        let result = run(&model, "PRK", as_of, &Options::default());
        let view = statecraft_model::view::as_of(&model, &crate::date(as_of));
        for o in &view.observations {
            let Some(c) = view.channel(o.channel.as_str()) else {
                continue;
            };
            if c.to.as_str() != "PRK" {
                continue;
            }
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
