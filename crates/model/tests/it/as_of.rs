//! As-of views keep what was true and published by the date.

use statecraft_model::Date;
use statecraft_model::view::as_of;

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn goal_ids(at: &str) -> Vec<String> {
    as_of(&crate::example(), &date(at))
        .goals
        .iter()
        .map(|g| g.id.0.clone())
        .collect()
}

/// The goal `xca-lift-ban` is valid 2014–2016 and cited from a source published in 2016.
#[test]
fn datum_valid_2014_2016_published_2016() {
    assert!(
        goal_ids("2016-06").contains(&"xca-lift-ban".to_string()),
        "visible in 2016-06"
    );
    assert!(
        !goal_ids("2013").contains(&"xca-lift-ban".to_string()),
        "not yet valid in 2013"
    );
    assert!(
        !goal_ids("2015-01").contains(&"xca-lift-ban".to_string()),
        "valid but not yet published in 2015-01"
    );
    assert!(
        !goal_ids("2017-01").contains(&"xca-lift-ban".to_string()),
        "no longer valid in 2017"
    );
}

#[test]
fn later_sources_are_left_out() {
    let view = as_of(&crate::example(), &date("2015-12"));
    let ids: Vec<&str> = view.observations.iter().map(|o| o.id.as_str()).collect();
    assert!(ids.contains(&"trade-xsy-xbb-2014"));
    assert!(
        !ids.contains(&"trade-xsy-xbb-2014-council"),
        "published 2016"
    );
    assert_eq!(view.sources.len(), 1);
}

#[test]
fn events_and_measures_appear_on_their_dates() {
    let before = as_of(&crate::example(), &date("2015-01"));
    assert!(before.events.is_empty(), "the report was not yet published");
    let after = as_of(&crate::example(), &date("2015-07"));
    assert_eq!(after.events.len(), 2);
    assert_eq!(after.measures.len(), 1);
}

#[test]
fn role_holders_follow_memberships() {
    let model = crate::example();
    let p5: Vec<&str> = model
        .role_holders("council", "permanent member", &date("2015"))
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(p5, vec!["XSY", "XCA"]);
    assert!(
        model
            .role_holders("council", "permanent member", &date("1999"))
            .is_empty()
    );
}

#[test]
fn resolve_actor_by_alias() {
    let model = crate::example();
    assert_eq!(
        model.resolve_actor("the council").map(|a| a.id.as_str()),
        Some("council")
    );
    assert_eq!(
        model.resolve_actor("xbb").map(|a| a.id.as_str()),
        Some("XBB")
    );
    assert!(model.resolve_actor("Atlantis").is_none());
}

#[test]
fn views_cite_only_sources_published_by_the_date() {
    let mut model = crate::example();
    // Cite the 2016 review as a second locator of a 2015 datum.
    let extra = model.goals[0].evidence[0].clone();
    model.goals[0].evidence.push(statecraft_model::Evidence {
        source: "council-2016".into(),
        paragraph: 2,
        hash: "9bf133b84406cca5".into(),
        location: extra.location,
    });
    let early = as_of(&model, &date("2015-12"));
    assert_eq!(
        early.goals[0].evidence.len(),
        1,
        "the 2016 locator is not yet citable"
    );
    let late = as_of(&model, &date("2016-12"));
    assert_eq!(late.goals[0].evidence.len(), 2);
}

#[test]
fn an_assumed_seat_stays_visible_before_the_texts_that_name_it() {
    let model = statecraft_model::store::open(None).expect("the built-in model loads");
    let holders = |view: &statecraft_model::Model, at: &str| {
        let mut ids: Vec<String> = view
            .role_holders("unsc", "permanent member", &date(at))
            .iter()
            .map(|a| a.id.as_str().to_owned())
            .collect();
        ids.sort();
        ids
    };
    // The US seat is named only by the 38 North article (December 2019); it is marked
    // as general knowledge, so a view of 2017-09 keeps it, without the later locator.
    let before = as_of(&model, &date("2017-09"));
    assert_eq!(
        holders(&before, "2017-09"),
        ["CHN", "FRA", "GBR", "RUS", "USA"]
    );
    let usa = |view: &statecraft_model::Model| {
        view.actors
            .iter()
            .find(|a| a.id.as_str() == "USA")
            .expect("USA")
            .memberships
            .iter()
            .find(|m| m.of.as_str() == "unsc")
            .expect("the Council seat")
            .evidence
            .iter()
            .map(|e| e.source.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(usa(&before).is_empty());
    let after = as_of(&model, &date("2020-01"));
    assert_eq!(usa(&after), ["lukin-38north-2019"]);
    assert_eq!(
        holders(&after, "2020-01"),
        ["CHN", "FRA", "GBR", "RUS", "USA"]
    );
}
