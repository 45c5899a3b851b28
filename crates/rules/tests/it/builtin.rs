//! The acceptance cases on the built-in Russia–DPRK model.

use statecraft_rules::{Verdict, rules_section};

use crate::{ask, deciding};

fn builtin() -> statecraft_model::Model {
    statecraft_model::store::open(None).expect("the built-in model loads")
}

const RUSSIAN_COAL: [(&str, &str); 6] = [
    ("channel", "trade"),
    ("goods", "coal"),
    ("origin", "RUS"),
    ("from", "RUS"),
    ("to", "KOR"),
    ("via", "Rajin"),
];

#[test]
fn russian_coal_through_rajin_is_exempt_in_2016() {
    let model = builtin();
    let a = ask(&model, "2016-06", &RUSSIAN_COAL);
    assert_eq!(a.verdict, Verdict::PermittedByExemption, "{}", a.reason);
    assert_eq!(
        deciding(&a),
        [
            "unsc-2270/foreign-coal-via-rajin",
            "unsc-2270/coal-through-dprk-ports"
        ]
    );
    // The exemption cites Lukin's account of the Rajin carve-out.
    let locators: Vec<String> = a.deciding[0]
        .evidence
        .iter()
        .map(|e| format!("{} ¶{}", e.source, e.paragraph))
        .collect();
    assert!(
        locators.contains(&"lukin-fpri-2016 ¶61".to_string()),
        "{locators:?}"
    );
    // Before 2270 no coal rule was in force.
    assert_eq!(
        ask(&model, "2015-06", &RUSSIAN_COAL).verdict,
        Verdict::Permitted
    );
}

#[test]
fn north_korean_coal_is_prohibited_in_2016() {
    let model = builtin();
    let mut dprk_coal = RUSSIAN_COAL;
    dprk_coal[2] = ("origin", "North Korea");
    let a = ask(&model, "2016-06", &dprk_coal);
    assert_eq!(a.verdict, Verdict::Prohibited, "{}", a.reason);
    assert_eq!(
        deciding(&a),
        [
            "unsc-2270/coal-of-dprk-origin",
            "unsc-2270/coal-through-dprk-ports"
        ]
    );
    assert!(
        a.deciding[0]
            .evidence
            .iter()
            .any(|e| e.source.as_str() == "lukin-fpri-2016")
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("humanitarian-livelihood")),
        "{:?}",
        a.notes
    );
}

const WORKERS: [(&str, &str); 5] = [
    ("channel", "labour"),
    ("goods", "workers"),
    ("origin", "PRK"),
    ("from", "PRK"),
    ("to", "RUS"),
];

#[test]
fn north_korean_workers_in_russia_across_the_bans() {
    let model = builtin();
    // Before the first labour ban (unsc-2375, 2017-09-11): no restriction matches.
    let before = ask(&model, "2017-06", &WORKERS);
    assert_eq!(before.verdict, Verdict::Permitted, "{}", before.reason);
    assert!(before.deciding.is_empty());
    // On the deadline day existing workers may still stay under 2397, but 2375's ban
    // (which the model reads as covering every worker) prohibits.
    let on_deadline = ask(&model, "2019-12-22", &WORKERS);
    assert_eq!(on_deadline.verdict, Verdict::Prohibited);
    assert_eq!(deciding(&on_deadline), ["unsc-2375/new-dprk-workers"]);
    let exempt = on_deadline
        .measures
        .iter()
        .find(|m| m.measure.as_str() == "unsc-2397")
        .expect("2397 listed");
    assert_eq!(exempt.effect, statecraft_rules::MeasureEffect::Exempts);
    // After the repatriation deadline both resolutions prohibit.
    let after = ask(&model, "2020-01", &WORKERS);
    assert_eq!(after.verdict, Verdict::Prohibited);
    assert_eq!(
        deciding(&after),
        [
            "unsc-2375/new-dprk-workers",
            "unsc-2397/dprk-workers-abroad"
        ]
    );
    let deadline_rule = &after.deciding[1];
    assert!(
        deadline_rule
            .evidence
            .iter()
            .any(|e| e.source.as_str() == "lukin-38north-2019" && e.paragraph == 9)
    );
}

#[test]
fn the_report_section_lists_the_pending_deadline() {
    let model = builtin();
    let as_of = crate::date("2019-09");
    let view = statecraft_model::view::as_of(&model, &as_of);
    let section = rules_section(&model, Some(&as_of));
    let texts: Vec<&str> = section.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t
            .starts_with("deadline 2019-12-22 of unsc-2397 (pending, 83 days after 2019-09): ")),
        "{texts:#?}"
    );
    // In the view as of 2019-09 the deadline is not yet published (Lukin, December 2019).
    let seen = rules_section(&view, Some(&as_of));
    assert!(
        !seen.lines.iter().any(|l| l.text.starts_with("deadline")),
        "{seen:#?}"
    );
}
