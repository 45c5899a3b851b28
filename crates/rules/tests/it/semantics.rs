//! One test per semantic rule of docs/rules.md, on the invented model.

use statecraft_rules::{
    ActivityField, ActivityQuery, MeasureEffect, Need, RulesError, Truth, Verdict, resolve_activity,
};

use crate::{ask, deciding, invented};

const WIDGETS: [(&str, &str); 3] = [("channel", "trade"), ("goods", "widgets"), ("to", "XCC")];

fn with<'a>(base: &[(&'a str, &'a str)], more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    base.iter().chain(more).copied().collect()
}

#[test]
fn no_matching_restriction_is_permitted() {
    let model = invented("");
    let a = ask(
        &model,
        "2012-06-01",
        &[
            ("channel", "trade"),
            ("goods", "apples"),
            ("origin", "XBB"),
            ("from", "XBB"),
            ("to", "XCC"),
            ("via", "Port X"),
        ],
    );
    assert_eq!(a.verdict, Verdict::Permitted, "{}", a.reason);
    assert!(a.deciding.is_empty());
    assert!(!a.no_measure_in_force);
    // Every measure is listed; those in force were considered.
    assert_eq!(a.measures.len(), 7);
    assert_eq!(
        a.considered().count(),
        6,
        "the gizmo ban is not yet in force"
    );
    assert!(
        a.notes.iter().any(|n| n.contains("\"apples\"")),
        "{:?}",
        a.notes
    );
}

#[test]
fn a_matching_restriction_without_exemption_prohibits() {
    let model = invented("");
    let a = ask(
        &model,
        "2012-06-01",
        &with(
            &WIDGETS,
            &[("origin", "XBB"), ("from", "XBB"), ("via", "Port X")],
        ),
    );
    assert_eq!(a.verdict, Verdict::Prohibited);
    assert_eq!(
        deciding(&a),
        [
            "widget-ban/widgets-of-xbb-origin",
            "widget-ban/widgets-through-port-x"
        ]
    );
    let widget = a
        .measures
        .iter()
        .find(|m| m.measure.as_str() == "widget-ban")
        .expect("listed");
    let exemption = widget
        .rules
        .iter()
        .find(|r| r.rule.as_str() == "foreign-widgets-through-port-x")
        .expect("listed");
    let origin_not = exemption
        .criteria
        .iter()
        .find(|c| c.criterion == "origin_not")
        .expect("checked");
    assert_eq!(
        origin_not.truth,
        Truth::No,
        "Belmari widgets are not foreign"
    );
}

#[test]
fn an_exemption_of_the_same_measure_lifts_its_restriction() {
    let model = invented("");
    let a = ask(
        &model,
        "2012-06-01",
        &with(
            &WIDGETS,
            &[("origin", "XAA"), ("from", "XAA"), ("via", "Port X")],
        ),
    );
    assert_eq!(a.verdict, Verdict::PermittedByExemption, "{}", a.reason);
    assert_eq!(
        deciding(&a),
        [
            "widget-ban/foreign-widgets-through-port-x",
            "widget-ban/widgets-through-port-x"
        ]
    );
}

#[test]
fn an_exemption_never_lifts_another_measures_restriction() {
    let model = invented("");
    let tiles = [
        ("channel", "trade"),
        ("goods", "tiles"),
        ("origin", "XBB"),
        ("from", "XBB"),
        ("to", "XCC"),
        ("via", "none"),
        ("purpose", "humanitarian"),
    ];
    let a = ask(&model, "2012-06-01", &tiles);
    assert_eq!(a.verdict, Verdict::Prohibited, "{}", a.reason);
    assert_eq!(deciding(&a), ["tile-ban/tiles-from-xbb"]);
    let effect = |id: &str| {
        a.measures
            .iter()
            .find(|m| m.measure.as_str() == id)
            .map(|m| m.effect)
    };
    assert_eq!(effect("widget-ban"), Some(MeasureEffect::Exempts));
    assert_eq!(effect("tile-ban"), Some(MeasureEffect::Prohibits));
}

#[test]
fn a_missing_field_a_rule_needs_is_undetermined_and_named() {
    let model = invented("");
    // Through Port X with no origin: the route restriction matches, and whether the
    // exemption for foreign widgets applies depends on the origin. The origin
    // restriction needs the origin too, but the route restriction already settles that
    // the measure restricts, so only the exemption's need is reported.
    let a = ask(
        &model,
        "2012-06-01",
        &with(&WIDGETS, &[("from", "XAA"), ("via", "Port X")]),
    );
    assert_eq!(a.verdict, Verdict::Undetermined);
    assert!(a.deciding.is_empty());
    let needs: Vec<(String, String)> = a
        .missing
        .iter()
        .map(|m| {
            (
                m.need.describe(),
                format!(
                    "{}/{}",
                    m.measure,
                    m.rule.as_ref().map(|r| r.as_str()).unwrap_or("")
                ),
            )
        })
        .collect();
    assert_eq!(
        needs,
        [(
            "origin (--origin)".to_string(),
            "widget-ban/foreign-widgets-through-port-x".to_string()
        ),]
    );
    assert!(a.reason.contains("origin (--origin)"), "{}", a.reason);
}

#[test]
fn a_missing_field_that_cannot_change_the_answer_does_not_block_it() {
    let model = invented("");
    // Belmari widgets with no route given: the origin restriction matches on its own and
    // no exemption can apply to Belmari widgets, whatever the route.
    let a = ask(
        &model,
        "2012-06-01",
        &with(&WIDGETS, &[("origin", "XBB"), ("from", "XBB")]),
    );
    assert_eq!(a.verdict, Verdict::Prohibited, "{}", a.reason);
    assert_eq!(deciding(&a), ["widget-ban/widgets-of-xbb-origin"]);
}

#[test]
fn an_exemption_runs_until_its_deadline_and_not_after() {
    let model = invented("");
    let workers = [
        ("channel", "labour"),
        ("goods", "workers"),
        ("origin", "Belmar"),
        ("from", "XBB"),
        ("to", "XAA"),
    ];
    let on_the_day = ask(&model, "2013-06-30", &workers);
    assert_eq!(
        on_the_day.verdict,
        Verdict::PermittedByExemption,
        "{}",
        on_the_day.reason
    );
    assert_eq!(
        deciding(&on_the_day),
        [
            "worker-ban/until-repatriation",
            "worker-ban/belmari-workers"
        ]
    );
    let day_after = ask(&model, "2013-07-01", &workers);
    assert_eq!(day_after.verdict, Verdict::Prohibited);
    assert_eq!(deciding(&day_after), ["worker-ban/belmari-workers"]);
    // The deadline is the last day of June, so all of June is before it; a year
    // containing the deadline is too coarse: the answer changes inside it.
    assert_eq!(
        ask(&model, "2013-06", &workers).verdict,
        Verdict::PermittedByExemption
    );
    let month = ask(&model, "2013", &workers);
    assert_eq!(month.verdict, Verdict::Undetermined);
    assert!(
        matches!(&month.missing[0].need, Need::Date { boundary } if boundary.contains("2013-06-30")),
        "{:?}",
        month.missing
    );
    // Before the measure was adopted: no restriction.
    let before = ask(&model, "2011-12-31", &workers);
    assert_eq!(before.verdict, Verdict::Permitted);
}

#[test]
fn a_measure_in_force_only_between_its_dates() {
    let model = invented("");
    let gadgets = [("goods", "gadgets")];
    assert_eq!(
        ask(&model, "2014-12-31", &gadgets).verdict,
        Verdict::Prohibited
    );
    assert_eq!(
        ask(&model, "2015-01-01", &gadgets).verdict,
        Verdict::Permitted
    );
    assert_eq!(ask(&model, "2009", &gadgets).verdict, Verdict::Permitted);
    // A year that contains the end is too coarse.
    assert_eq!(
        ask(&model, "2014", &gadgets).verdict,
        Verdict::Prohibited,
        "in force all of 2014"
    );
    let gizmos = [("goods", "gizmos")];
    // Adopted "2015-06": some day in June, so mid-June cannot be placed.
    assert_eq!(
        ask(&model, "2015-05-31", &gizmos).verdict,
        Verdict::Permitted
    );
    let mid_june = ask(&model, "2015-06-15", &gizmos);
    assert_eq!(mid_june.verdict, Verdict::Undetermined);
    assert_eq!(mid_june.missing.len(), 1);
    assert_eq!(
        mid_june.missing[0].rule, None,
        "the measure's own date is the need"
    );
    assert_eq!(
        ask(&model, "2015-07-01", &gizmos).verdict,
        Verdict::Prohibited
    );
}

#[test]
fn a_rule_applies_only_between_its_own_dates() {
    let model = invented("");
    let payments = [
        ("channel", "finance"),
        ("goods", "payments"),
        ("from", "XAA"),
        ("to", "XBB"),
    ];
    assert_eq!(
        ask(&model, "2011-06", &payments).verdict,
        Verdict::Prohibited
    );
    assert_eq!(
        ask(&model, "2012-01-01", &payments).verdict,
        Verdict::Permitted
    );
    assert_eq!(
        ask(&model, "2010-12-31", &payments).verdict,
        Verdict::Permitted
    );
}

#[test]
fn a_cap_needs_the_quantity() {
    let model = invented("");
    let a = ask(&model, "2012", &[("goods", "fuel"), ("to", "XBB")]);
    assert_eq!(a.verdict, Verdict::Undetermined);
    assert_eq!(a.missing.len(), 1);
    assert_eq!(a.missing[0].need, Need::Quantity);
    assert!(
        a.missing[0].message.contains("100 tonnes"),
        "{}",
        a.missing[0].message
    );
    // Fuel to someone else is outside the cap.
    assert_eq!(
        ask(&model, "2012", &[("goods", "fuel"), ("to", "XCC")]).verdict,
        Verdict::Permitted
    );
}

#[test]
fn a_purpose_is_declared_not_presumed() {
    let model = invented("");
    // A restriction aimed at a purpose cannot be ruled out until the activity says.
    let unknown = ask(&model, "2012", &[("goods", "trucks")]);
    assert_eq!(unknown.verdict, Verdict::Undetermined);
    assert_eq!(
        unknown.missing[0].need,
        Need::Field {
            field: ActivityField::Purpose
        }
    );
    assert_eq!(
        ask(&model, "2012", &[("goods", "trucks"), ("purpose", "none")]).verdict,
        Verdict::Permitted
    );
    assert_eq!(
        ask(
            &model,
            "2012",
            &[("goods", "trucks"), ("purpose", "Military")]
        )
        .verdict,
        Verdict::Prohibited
    );
    // An exemption for a purpose needs the purpose declared; the answer says so.
    let belmari = with(
        &WIDGETS,
        &[("origin", "XBB"), ("from", "XBB"), ("via", "none")],
    );
    let a = ask(&model, "2012", &belmari);
    assert_eq!(a.verdict, Verdict::Prohibited);
    assert!(
        a.notes.iter().any(
            |n| n.contains("exemption humanitarian of widget-ban would apply")
                && n.contains("humanitarian (--purpose)")
        ),
        "{:?}",
        a.notes
    );
    let declared = ask(
        &model,
        "2012",
        &with(&belmari, &[("purpose", "humanitarian")]),
    );
    assert_eq!(declared.verdict, Verdict::PermittedByExemption);
    assert_eq!(
        deciding(&declared),
        [
            "widget-ban/humanitarian",
            "widget-ban/widgets-of-xbb-origin"
        ]
    );
}

#[test]
fn via_not_matches_any_other_route_and_no_route() {
    let model = invented("");
    assert_eq!(
        ask(&model, "2012", &[("goods", "boats"), ("via", "canal")]).verdict,
        Verdict::Permitted
    );
    assert_eq!(
        ask(&model, "2012", &[("goods", "boats"), ("via", "none")]).verdict,
        Verdict::Prohibited
    );
    assert_eq!(
        ask(&model, "2012", &[("goods", "boats"), ("via", "open sea")]).verdict,
        Verdict::Prohibited
    );
    assert_eq!(
        ask(&model, "2012", &[("goods", "boats")]).verdict,
        Verdict::Undetermined
    );
}

#[test]
fn no_measure_in_force_is_said_explicitly() {
    let model = invented("");
    let a = ask(
        &model,
        "1999-01-01",
        &with(&WIDGETS, &[("origin", "XBB"), ("from", "XBB")]),
    );
    assert_eq!(a.verdict, Verdict::Permitted);
    assert!(a.no_measure_in_force);
    assert!(
        a.reason.starts_with("no measure in force at 1999-01-01"),
        "{}",
        a.reason
    );
    assert_eq!(a.considered().count(), 0);
}

#[test]
fn a_new_measure_is_data_not_code() {
    let extra = r#"
[[measure]]
id = "apple-ban"
title = "Apple ban"
body = "council"
kind = "resolution"
adopted = "2012-03-01"
assumption = true
reason = "test fixture"

[[measure.restricts]]
id = "apples"
description = "Apples from Belmar."
goods = ["apples"]
exporter = ["XBB"]
assumption = true
reason = "test fixture"
"#;
    let apples = [("goods", "apples"), ("from", "XBB")];
    assert_eq!(
        ask(&invented(""), "2012-06-01", &apples).verdict,
        Verdict::Permitted
    );
    let a = ask(&invented(extra), "2012-06-01", &apples);
    assert_eq!(a.verdict, Verdict::Prohibited);
    assert_eq!(deciding(&a), ["apple-ban/apples"]);
}

#[test]
fn names_resolve_and_bad_values_are_reported_together() {
    let model = invented("");
    let a = crate::activity(
        &model,
        &[
            ("origin", "alandia"),
            ("from", "The Belmari Government"),
            ("goods", " Widgets "),
            ("via", "PORT X"),
            ("purpose", "None"),
        ],
    );
    assert_eq!(a.origin.as_ref().map(|x| x.as_str()), Some("XAA"));
    assert_eq!(a.exporter.as_ref().map(|x| x.as_str()), Some("XBB"));
    assert_eq!(a.goods.as_deref(), Some("widgets"));
    assert_eq!(a.via.given(), Some("port x"));
    assert_eq!(a.purpose, statecraft_rules::Stated::None);
    let query = ActivityQuery {
        channel: Some("trad".into()),
        origin: Some("Atlantis".into()),
        importer: Some("XBB".into()),
        purpose: Some("charity".into()),
        goods: Some("  ".into()),
        ..ActivityQuery::default()
    };
    let Err(RulesError::InvalidActivity(problems)) = resolve_activity(&model, &query) else {
        panic!("invalid activity accepted");
    };
    let fields: Vec<ActivityField> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [
            ActivityField::Channel,
            ActivityField::Goods,
            ActivityField::Origin,
            ActivityField::Purpose
        ]
    );
    let text = RulesError::InvalidActivity(problems).to_string();
    assert!(text.contains("--purpose: unknown purpose \"charity\": the model's rules name only humanitarian, military, none"), "{text}");
    assert!(
        text.contains("--channel: unknown channel kind \"trad\""),
        "{text}"
    );
    assert!(
        text.contains("--origin: unknown actor \"Atlantis\""),
        "{text}"
    );
}
