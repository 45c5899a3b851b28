//! The index: BM25 by hand, phrases, alternatives, threads, and alias expansion.

use statecraft_sources::search::tokenize::terms;
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

#[test]
fn a_common_word_names_an_actor_only_in_capitals() {
    let model = statecraft_model::store::open(None).expect("built-in model");
    let word = parse_query("let us", Some(&model));
    assert_eq!(word[1].alternatives, [Alternative::Term("us".into())]);
    let actor = parse_query("US sanctions", Some(&model));
    assert!(
        actor[0]
            .alternatives
            .contains(&Alternative::Term("washington".into())),
        "{actor:?}"
    );
}

/// xorshift64*, seeded: the corpus below is the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n as u64) as usize
    }
}

/// 600 documents over 300 made-up words, the first ones far more common; some words
/// capitalised, possessive, inflected or followed by punctuation, some numbers with
/// separators, and an extra text in one document of three.
fn generated_corpus() -> (Vec<Document>, Vec<String>) {
    let syllables = [
        "ka", "lo", "ri", "ven", "sa", "tor", "mi", "dun", "el", "bra",
    ];
    let mut rng = Rng(11);
    let words: Vec<String> = (0..300)
        .map(|i| {
            let mut w = String::new();
            let mut n = i + 1;
            while n > 0 {
                w.push_str(syllables[n % syllables.len()]);
                n /= syllables.len();
            }
            w
        })
        .collect();
    let pick = |rng: &mut Rng| {
        // Squaring a uniform draw favours low ranks.
        let u = rng.below(300);
        &words[u * u / 300]
    };
    let mut docs = Vec::new();
    for d in 0..600 {
        let n = 1 + rng.below(60);
        let mut text = String::new();
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            let w = pick(&mut rng).clone();
            match rng.below(20) {
                0 => text.push_str(&w.to_uppercase()),
                1 => text.push_str(&format!("{w}'s")),
                2 => text.push_str(&format!("{w}ing")),
                3 => text.push_str(&format!("{w}s,")),
                4 => text.push_str(&format!("{},{:03}", rng.below(50), rng.below(1000))),
                5 => text.push_str(&format!("{w}’s.")),
                _ => text.push_str(&w),
            }
        }
        let extra = if d % 3 == 0 {
            format!("{} {}", pick(&mut rng), pick(&mut rng))
        } else {
            String::new()
        };
        docs.push(Document { text, extra });
    }
    (docs, words)
}

#[test]
fn parallel_build_ranks_and_scores_exactly_as_sequential() {
    let (corpus, words) = generated_corpus();
    let one = Index::build(corpus.clone(), 1);
    let mut rng = Rng(5);
    let mut queries: Vec<Vec<Unit>> = Vec::new();
    for q in 0..120 {
        let w = |rng: &mut Rng| words[rng.below(words.len())].clone();
        queries.push(match q % 4 {
            0 => vec![term(&w(&mut rng))],
            1 => vec![term(&w(&mut rng)), term(&w(&mut rng)), term(&w(&mut rng))],
            2 => parse_query(&format!("\"{} {}\"", w(&mut rng), w(&mut rng)), None),
            _ => vec![Unit {
                written: String::new(),
                alternatives: vec![
                    Alternative::Term(w(&mut rng)),
                    Alternative::Phrase(vec![w(&mut rng), w(&mut rng)]),
                ],
            }],
        });
    }
    // The common words' phrases too, which match many documents.
    queries.push(parse_query(&format!("\"{} {}\"", words[0], words[0]), None));
    queries.push(parse_query(&format!("\"{} {}\"", words[0], words[1]), None));
    let expected: Vec<_> = queries.iter().map(|q| one.search(q, 600)).collect();
    assert!(expected.iter().filter(|h| !h.is_empty()).count() > 60);
    for threads in [2, 3, 4, 7, 600, 1000] {
        let many = Index::build(corpus.clone(), threads);
        assert_eq!(many.term_count(), one.term_count(), "{threads} threads");
        for (query, hits) in queries.iter().zip(&expected) {
            // Hits compare their f64 scores exactly.
            assert_eq!(
                &many.search(query, 600),
                hits,
                "{threads} threads: {query:?}"
            );
        }
    }
}

#[test]
fn single_terms_score_as_bm25_computed_directly() {
    // An independent computation of the index's scores: tokenise each document with
    // `terms`, count, and apply BM25 in the same order of operations (f64, then the
    // f32 the ranking uses).
    let (corpus, words) = generated_corpus();
    let index = Index::build(corpus.clone(), 3);
    let tokenised: Vec<Vec<String>> = corpus
        .iter()
        .map(|d| {
            let mut t = terms(&d.text);
            t.extend(terms(&d.extra));
            t
        })
        .collect();
    let n = tokenised.len() as f64;
    let average = tokenised.iter().map(Vec::len).sum::<usize>() as f64 / n;
    let (k1, b) = (1.2, 0.75);
    for word in words.iter().step_by(7) {
        let stemmed = terms(word).remove(0);
        let tf: Vec<usize> = tokenised
            .iter()
            .map(|t| t.iter().filter(|x| **x == stemmed).count())
            .collect();
        let df = tf.iter().filter(|&&f| f > 0).count() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut expected: Vec<(f32, usize)> = tf
            .iter()
            .enumerate()
            .filter(|(_, f)| **f > 0)
            .map(|(d, &f)| {
                let norm = k1 * (1.0 - b + b * tokenised[d].len() as f64 / average);
                let f = f as f64;
                ((idf * f * (k1 + 1.0) / (f + norm)) as f32, d)
            })
            .collect();
        expected.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        expected.truncate(20);
        let hits = index.search(&[term(&stemmed)], 20);
        let got: Vec<(f32, usize)> = hits.iter().map(|h| (h.score as f32, h.document)).collect();
        assert_eq!(got, expected, "{word}");
    }
}

#[test]
fn no_phrase_spans_the_shown_and_the_extra_text() {
    let index = Index::build(
        vec![
            Document {
                text: "grain exports".into(),
                extra: "coal".into(),
            },
            Document {
                text: "exports coal".into(),
                extra: String::new(),
            },
        ],
        2,
    );
    let hits = index.search(&parse_query("\"exports coal\"", None), 10);
    let found: Vec<usize> = hits.iter().map(|h| h.document).collect();
    assert_eq!(found, [1]);
}

#[test]
fn empty_and_wordless_documents_build_on_any_threads() {
    for threads in [1, 2, 8] {
        let empty = Index::build(Vec::new(), threads);
        assert!(empty.is_empty());
        assert!(empty.search(&[term("oil")], 10).is_empty());
        let index = Index::build(docs(&["", "— …", "oil", ""]), threads);
        assert_eq!(index.len(), 4);
        assert_eq!(index.term_count(), 1);
        let hits = index.search(&[term("oil"), term("gas")], 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].document, 2);
    }
}

#[test]
fn any_limit_is_capped_by_the_documents() {
    let index = Index::build(docs(&["oil gas", "oil oil coal", "coal grain"]), 1);
    for units in [vec![term("oil")], vec![term("oil"), term("coal")]] {
        let all = index.search(&units, usize::MAX);
        assert_eq!(all, index.search(&units, 3));
        assert!(!all.is_empty());
    }
}
