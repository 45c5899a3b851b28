//! Weights, fixed substitutabilities, one channel kind, the level mapping, bad options,
//! and the report section.

use std::collections::BTreeMap;

use statecraft_leverage::{LEVEL_SHARES, LeverageError, Options, leverage, leverage_section};
use statecraft_model::ChannelKind::{Labour, Trade};
use statecraft_model::{ActorId, Level};

use crate::{close, order, partner, run, tarland};

#[test]
fn weights_are_relative_and_normalised() {
    // Trade three times labour: weights ¾ and ¼. As of 2019-06:
    // XAA ¾[0.2025, 0.3025] + ¼[0.0001, 0.01] = [0.151900, 0.229375]
    // XBB ¾[0.099225, 0.1936] + ¼[0.09, 0.36] = [0.09691875, 0.2352]
    let options = Options {
        weights: BTreeMap::from([(Trade, 3.0)]),
        ..Options::default()
    };
    let result = run(&tarland(), "XTT", "2019-06", &options);
    assert_eq!(result.weights, [(Trade, 0.75), (Labour, 0.25)]);
    close(partner(&result, "XAA").total, 0.1519, 0.229375);
    close(partner(&result, "XBB").total, 0.09691875, 0.2352);
    assert_eq!(order(&result), ["XAA", "XBB"]);
}

#[test]
fn huge_weights_keep_their_ratio() {
    // 3e307 and 1e307 would sum past f64's largest value; their ratio is still 3:1.
    let options = Options {
        weights: BTreeMap::from([(Trade, 3e307), (Labour, 1e307)]),
        ..Options::default()
    };
    let result = run(&tarland(), "XTT", "2019-06", &options);
    assert_eq!(result.weights, [(Trade, 0.75), (Labour, 0.25)]);
    close(partner(&result, "XAA").total, 0.1519, 0.229375);
    // And the smallest, down to subnormal ones.
    for (trade, labour) in [(3e-300, 1e-300), (3e-320, 1e-320)] {
        let options = Options {
            weights: BTreeMap::from([(Trade, trade), (Labour, labour)]),
            ..Options::default()
        };
        let result = run(&tarland(), "XTT", "2019-06", &options);
        let weights: Vec<f64> = result.weights.iter().map(|(_, w)| *w).collect();
        assert!(
            (weights[0] - 0.75).abs() < 1e-3 && (weights[1] - 0.25).abs() < 1e-3,
            "{weights:?}"
        );
    }
}

#[test]
fn a_fixed_substitutability_replaces_the_residual_one() {
    // Labour substitutability 0.5: index = share × 0.5. As of 2016-12:
    // XAA ½(0.36 + ½[0.3, 0.6]) = [0.255, 0.33]
    let options = Options {
        substitutability: BTreeMap::from([(Labour, 0.5)]),
        ..Options::default()
    };
    let result = run(&tarland(), "XTT", "2016-12", &options);
    close(partner(&result, "XAA").total, 0.255, 0.33);
}

#[test]
fn one_channel_kind_only() {
    let options = Options {
        only: Some(Labour),
        ..Options::default()
    };
    let result = run(&tarland(), "XTT", "2016-12", &options);
    assert_eq!(result.weights, [(Labour, 1.0)]);
    close(partner(&result, "XAA").total, 0.09, 0.36);
    assert_eq!(
        order(&result),
        ["XAA", "XBB"],
        "Corvia has no labour channel"
    );
}

#[test]
fn levels_map_to_the_documented_ranges() {
    let expected = [
        (Level::None, 0.0, 0.01),
        (Level::Minor, 0.01, 0.1),
        (Level::Moderate, 0.1, 0.3),
        (Level::Major, 0.3, 0.6),
        (Level::Dominant, 0.6, 0.95),
        (Level::All, 0.95, 1.0),
    ];
    assert_eq!(LEVEL_SHARES, expected);
}

#[test]
fn bad_options_are_errors_not_panics() {
    let model = tarland();
    let target = ActorId::from("XTT");
    let run = |options: Options| leverage(&model, &target, None, &options);
    assert!(matches!(
        run(Options {
            weights: BTreeMap::from([(Trade, -1.0)]),
            ..Options::default()
        }),
        Err(LeverageError::BadWeight { .. })
    ));
    assert!(matches!(
        run(Options {
            weights: BTreeMap::from([(Trade, 0.0), (Labour, 0.0)]),
            ..Options::default()
        }),
        Err(LeverageError::AllWeightsZero)
    ));
    assert!(matches!(
        run(Options {
            substitutability: BTreeMap::from([(Trade, 1.5)]),
            ..Options::default()
        }),
        Err(LeverageError::BadSubstitutability { .. })
    ));
    assert!(matches!(
        leverage(&model, &ActorId::from("XZZ"), None, &Options::default()),
        Err(LeverageError::UnknownTarget(_))
    ));
    // A partner with no channel to anyone: an empty answer, not an error.
    let result =
        leverage(&model, &ActorId::from("XAA"), None, &Options::default()).expect("computes");
    assert!(result.ranking.is_empty());
}

#[test]
fn the_report_section_ranks_with_locators() {
    let model = tarland();
    let as_of = crate::date("2019-06");
    let view = statecraft_model::view::as_of(&model, &as_of);
    let section = leverage_section(&view, Some(&as_of));
    assert_eq!(section.id, "leverage");
    let head = &section.lines[0];
    assert!(
        head.text
            .starts_with("Leverage over Tarland (XTT): ranking not robust"),
        "{}",
        head.text
    );
    let first = &head.detail[0];
    assert_eq!(
        first.text,
        "#1 Belmar (XBB): total 0.0946–0.2768 (rank 1–2)"
    );
    assert_eq!(
        first.detail[0].locators,
        ["tarland-survey-2019 ¶3", "tarland-survey-2019 ¶2"]
    );
    assert!(
        first.detail[0]
            .text
            .starts_with("trade: share 32–44% (2018) from trade-xbb-xtt-turnover-2018-customs"),
        "{}",
        first.detail[0].text
    );
}

#[test]
fn the_section_renders_in_the_brief() {
    let model = crate::builtin();
    let as_of = crate::date("2019-12");
    let view = statecraft_model::view::as_of(&model, &as_of);
    let mut report = statecraft_report::build(&view, Some(&as_of));
    report.sections.push(leverage_section(&view, Some(&as_of)));
    let text = statecraft_report::render_text(&report);
    let start = text
        .find("\nLeverage\n--------\n")
        .expect("the section is rendered");
    let section = &text[start..];
    println!("{section}");
    assert!(
        section
            .contains("  · #1 People's Republic of China (CHN): total 0.1066–0.3618 (rank 1–2)\n"),
        "{section}"
    );
    assert!(section.contains("    · trade: share 81–99% (2018) from trade-chn-prk-share-2018-snyder [snyder-cfr-2019 ¶16]\n"), "{section}");
}
