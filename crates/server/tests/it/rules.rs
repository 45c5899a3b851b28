//! "Was this permitted on date D?" over HTTP, on the example model's Decision 7 (adopted
//! 2015-03: no arms to Borduria; food and medicine for humanitarian purposes exempt).

use crate::{app, get};

fn ask(query: &str) -> serde_json::Value {
    get(&app(), &format!("/api/permitted?{query}")).json()
}

const ARMS: &str =
    "channel=trade&goods=arms&origin=XSY&exporter=XSY&importer=XBB&via=none&purpose=none";

#[test]
fn arms_to_borduria_are_prohibited_once_the_decision_is_in_force() {
    let answer = ask(&format!("as_of=2015-06-01&{ARMS}"));
    assert_eq!(answer["verdict"], "prohibited");
    assert_eq!(answer["deciding"][0]["rule"], "arms");
    assert_eq!(answer["deciding"][0]["evidence"][0]["paragraph"], 5);
    assert_eq!(answer["activity"]["importer"], "XBB");
    // Before its adoption nothing applied.
    let before = ask(&format!("as_of=2015-01-01&{ARMS}"));
    assert_eq!(before["verdict"], "permitted");
    assert_eq!(before["no_measure_in_force"], true);
}

#[test]
fn names_and_aliases_resolve_and_other_goods_pass() {
    // Food is not arms: no restriction matches.
    let food = ask(
        "as_of=2015-06-01&channel=trade&goods=food&exporter=XSY&importer=XBB&purpose=humanitarian",
    );
    assert_eq!(food["verdict"], "permitted");
    // The actor by its name.
    let by_name = ask(
        "as_of=2015-06-01&channel=trade&goods=arms&origin=XSY&exporter=XSY&importer=Borduria&via=none&purpose=none",
    );
    assert_eq!(by_name["verdict"], "prohibited");
}

#[test]
fn what_the_rules_cannot_decide_is_undetermined() {
    // No importer: the arms rule needs it.
    let answer = ask("as_of=2015-06-01&channel=trade&goods=arms");
    assert_eq!(answer["verdict"], "undetermined");
    let needs: Vec<String> = answer["missing"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|x| x["need"]["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(needs.contains(&"importer".to_string()), "{needs:?}");
    // The month of adoption straddles the start.
    assert_eq!(
        ask(&format!("as_of=2015-03&{ARMS}"))["verdict"],
        "undetermined"
    );
}

#[test]
fn bad_activities_name_the_field() {
    let app = app();
    get(&app, &format!("/api/permitted?{ARMS}")).problem(400, Some("as_of"));
    get(&app, "/api/permitted?as_of=2015-13").problem(400, Some("as_of"));
    get(&app, "/api/permitted?as_of=2015&channel=trains").problem(400, Some("channel"));
    get(&app, "/api/permitted?as_of=2015&exporter=Atlantis").problem(400, Some("exporter"));
    get(&app, "/api/permitted?as_of=2015&purpose=fun").problem(400, Some("purpose"));
    get(&app, "/api/permitted?as_of=2015&from=XSY").problem(400, Some("from"));
}

#[test]
fn the_vocabulary_lists_the_rules_words() {
    let words = get(&app(), "/api/permitted/vocabulary").json();
    assert_eq!(
        words["goods"],
        serde_json::json!(["arms", "food", "medicine"])
    );
    assert_eq!(words["purposes"], serde_json::json!(["humanitarian"]));
}

/// The leverage over Borduria (XBB) in the example model, 2014: trade with Syldavia 420
/// (or 450, by the council) and with Carpania 150 USD million; 12,000 workers in
/// Syldavia. Syldavia ranks first.
#[test]
fn leverage_ranks_the_partners() {
    let app = app();
    let reply = get(&app, "/api/leverage?over=Borduria");
    let answer = reply.json();
    assert_eq!(answer["target"], "XBB");
    assert_eq!(answer["ranking"][0]["partner"], "XSY");
    let low = answer["ranking"][0]["total"]["low"]
        .as_f64()
        .unwrap_or(-1.0);
    let high = answer["ranking"][0]["total"]["high"]
        .as_f64()
        .unwrap_or(-1.0);
    assert!(0.0 <= low && low <= high, "{low}–{high}");
    // The engine's own answer, serialised.
    let model = crate::example_model();
    let expected = statecraft_leverage::leverage(
        &model,
        &statecraft_model::ActorId::from("XBB"),
        None,
        &statecraft_leverage::Options::default(),
    )
    .expect("answers");
    crate::same_json(&reply, &expected);
    get(&app, "/api/leverage").problem(400, Some("over"));
    get(&app, "/api/leverage?over=Atlantis").problem(400, Some("over"));
    get(&app, "/api/leverage?over=XBB&channel=mail").problem(400, Some("channel"));
    // Before anything was published, nothing ranks.
    let early = get(&app, "/api/leverage?over=XBB&as_of=2014").json();
    assert_eq!(early["ranking"], serde_json::json!([]));
}

#[test]
fn search_finds_paragraphs_and_data() {
    let app = app();
    let answer = get(&app, "/api/search?q=rocket+test&limit=20").json();
    let locators: Vec<String> = answer["hits"]
        .as_array()
        .map(|h| {
            h.iter()
                .map(|x| x["locator"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    // Paragraph 8 of the harbour report tells of the rocket test.
    assert!(
        locators.contains(&"[harbour-2015 ¶8]".to_string()),
        "{locators:?}"
    );
    assert!(
        locators.iter().any(|l| l.contains("rocket-test")),
        "{locators:?}"
    );
    assert_eq!(
        answer["sources_searched"],
        serde_json::json!(["harbour-2015", "council-2016"])
    );
    // As of 2015-07 the council's review is not out: none of its paragraphs is found.
    let early = get(&app, "/api/search?q=Council&as_of=2015-07&limit=50").json();
    assert!(
        early["hits"]
            .as_array()
            .is_some_and(|h| h.iter().all(|x| x["source"] != "council-2016")),
        "{early}"
    );
    get(&app, "/api/search?q=").problem(400, Some("q"));
    get(&app, "/api/search").problem(400, Some("q"));
    get(&app, "/api/search?q=arms&limit=0").problem(400, Some("limit"));
}
