//! The index: BM25 by hand, phrases, alternatives, threads, and alias expansion.

use statecraft_sources::search::{Alternative, Document, Index, Unit, parse_query};

fn docs(texts: &[&str]) -> Vec<Document> {
    texts
        .iter()
        .map(|t| Document {
            text: (*t).to_string(),
            extra: String::new(),
        })
        .collect()
}

fn term(t: &str) -> Unit {
    Unit {
        written: t.to_string(),
        alternatives: vec![Alternative::Term(t.to_string())],
    }
}

#[test]
fn bm25_scores_match_hand_computation() {
    let index = Index::build(
        docs(&["oil gas", "oil oil coal", "coal grain wheat rice"]),
        1,
    );
    let hits = index.search(&[term("oil")], 10);
    // N = 3, df = 2: idf = ln(1 + 1.5 / 2.5) = ln 1.6; average length 3.
    // doc 1: tf 2, length 3: 0.470004 * 2 * 2.2 / (2 + 1.2 * 1.0) = 0.646255
    // doc 0: tf 1, length 2: 0.470004 * 1 * 2.2 / (1 + 1.2 * 0.75) = 0.544215
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].document, 1);
    assert!((hits[0].score - 0.646_255).abs() < 1e-5, "{hits:?}");
    assert_eq!(hits[1].document, 0);
    assert!((hits[1].score - 0.544_215).abs() < 1e-5, "{hits:?}");
}

#[test]
fn a_phrase_needs_its_words_in_order() {
    let index = Index::build(
        docs(&[
            "an oil embargo was imposed",
            "embargo on oil",
            "the oil embargo and an oil embargo",
        ]),
        1,
    );
    let units = parse_query("\"oil embargo\"", None);
    let hits = index.search(&units, 10);
    let found: Vec<usize> = hits.iter().map(|h| h.document).collect();
    // Document 2 has the phrase twice and ranks first; document 1 has the words reversed.
    assert_eq!(found, [2, 0]);
}

#[test]
fn stemming_and_case_folding_match_inflections() {
    let index = Index::build(docs(&["Sanctions were imposed", "nothing here"]), 1);
    let hits = index.search(&parse_query("SANCTIONED", None), 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].document, 0);
}

#[test]
fn alternatives_score_as_one_synonym_term() {
    // Document 0 names the actor three ways, document 1 once. The unit's frequency is
    // the sum over its alternatives and its document frequency that of the union:
    // N = 2, df = 2: idf = ln(1 + 0.5 / 2.5) = ln 1.2 = 0.182322; both lengths 3 = average.
    // doc 0: tf 3: 0.182322 * 3 * 2.2 / (3 + 1.2) = 0.286505
    // doc 1: tf 1: 0.182322 * 1 * 2.2 / (1 + 1.2) = 0.182322
    let index = Index::build(docs(&["moscow russia kremlin", "russia grain coal"]), 1);
    let unit = Unit {
        written: "Moscow".into(),
        alternatives: ["moscow", "russia", "kremlin"]
            .iter()
            .map(|t| Alternative::Term((*t).to_string()))
            .collect(),
    };
    let hits = index.search(&[unit], 10);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].document, 0);
    assert!((hits[0].score - 0.286_505).abs() < 1e-5, "{hits:?}");
    assert!((hits[1].score - 0.182_322).abs() < 1e-5, "{hits:?}");
}

#[test]
fn threads_give_the_same_ranking() {
    let texts: Vec<String> = (0..500)
        .map(|i| {
            format!(
                "grain {} coal {} oil {}",
                i % 7,
                i % 11,
                if i % 3 == 0 { "embargo" } else { "trade" }
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let one = Index::build(docs(&refs), 1);
    let four = Index::build(docs(&refs), 4);
    let units = parse_query("embargo \"coal 3\" 5", None);
    let a = one.search(&units, 50);
    let b = four.search(&units, 50);
    assert_eq!(a, b);
    assert_eq!(a.len(), 50);
}

#[test]
fn actor_names_expand_to_aliases() {
    let model = statecraft_model::store::open(None).expect("built-in model");
    let units = parse_query("Moscow trade", Some(&model));
    assert_eq!(units.len(), 2);
    let moscow = &units[0];
    assert!(
        moscow
            .alternatives
            .contains(&Alternative::Term("rus".into())),
        "{moscow:?}"
    );
    assert!(
        moscow
            .alternatives
            .contains(&Alternative::Term("russia".into()))
    );
    let index = statecraft_sources::search::ModelIndex::build(&model, None, 2);
    let hits = index.search(&parse_query("Moscow", Some(&model)), 200);
    // Goals of RUS mention neither "Moscow" nor always "Russia", but carry the id.
    assert!(
        hits.iter().any(|h| matches!(
            &h.key,
            statecraft_sources::search::Key::Datum { datum: "goal", .. }
        )),
        "no goal among {} hits",
        hits.len()
    );
}
