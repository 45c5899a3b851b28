//! An inverted index with BM25 ranking and phrase matching.
//!
//! Built once from documents (each a text shown in results and an extra text that is
//! searched but not shown), then queried. For every term it keeps the documents that
//! contain it in increasing order, the term's frequency in each, and its positions, so
//! a phrase is found by checking consecutive positions. Building splits the documents
//! among threads and merges the partial indexes; querying is single-threaded.
//!
//! Scoring is Okapi BM25 with k1 = 1.2 and b = 0.75 and the non-negative idf
//! `ln(1 + (N − df + 0.5) / (df + 0.5))`. A quoted phrase is scored as one term whose
//! frequency is its number of occurrences. A query unit with alternatives (an actor's
//! name and aliases) is scored as one synonym term: its frequency in a document is the
//! sum over the alternatives and its document frequency the number of documents
//! matching any of them, so a rare alias does not outweigh the name the user typed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::stem::stem;
use super::tokenize::for_each_word;

/// BM25 parameters.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// Positions of the extra text start this far after the last position of the shown
/// text, so no phrase spans the two.
const FIELD_GAP: u32 = 16;

/// A document to index.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The text shown in results and highlighted.
    pub text: String,
    /// Searched but not shown (for a datum: the ids of the actors it concerns).
    pub extra: String,
}

/// A fast hasher for short string keys (the Fx hash of rustc).
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &b in chunks.remainder() {
            self.hash = (self.hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The documents containing one term.
#[derive(Debug, Clone, Default)]
struct Postings {
    docs: Vec<u32>,
    /// Offset of each document's positions in `positions`; the frequency is the gap to
    /// the next offset.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl Postings {
    fn frequency(&self, k: usize) -> u32 {
        let end = self
            .starts
            .get(k + 1)
            .copied()
            .unwrap_or(self.positions.len() as u32);
        end - self.starts[k]
    }

    fn positions_of(&self, k: usize) -> &[u32] {
        let start = self.starts[k] as usize;
        let end = self
            .starts
            .get(k + 1)
            .map_or(self.positions.len(), |&e| e as usize);
        &self.positions[start..end]
    }

    /// Adds an occurrence; `new_document` when the term was not yet seen in `doc`.
    fn push(&mut self, doc: u32, position: u32, new_document: bool) {
        if new_document {
            self.docs.push(doc);
            self.starts.push(self.positions.len() as u32);
        }
        self.positions.push(position);
    }
}

/// A searchable index of documents.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: FxMap<Box<str>, u32>,
    /// Case-folded words as written, to their (stemmed) term: each distinct word is
    /// stemmed once while building.
    words: FxMap<Box<str>, u32>,
    /// While building: the last document each term was seen in (plus one; 0 = none).
    /// Kept apart from the postings so the check touches a small, cached array.
    last_document: Vec<u32>,
    postings: Vec<Postings>,
    lengths: Vec<u32>,
    /// `K1 * (1 - B + B * length / average)` per document, the BM25 length norm.
    norms: Vec<f64>,
    documents: Vec<Document>,
}

/// One alternative of a query unit: a term or a phrase (terms already normalised).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Alternative {
    Term(String),
    Phrase(Vec<String>),
}

/// A unit of a query: a word or phrase with its alternatives (an actor's other names).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unit {
    /// As the user wrote it.
    pub written: String,
    pub alternatives: Vec<Alternative>,
}

/// A ranked document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub document: usize,
    pub score: f64,
}

impl Index {
    /// Indexes documents, using up to `threads` threads (at least one).
    pub fn build(documents: Vec<Document>, threads: usize) -> Index {
        let threads = threads.max(1).min(documents.len().max(1));
        if threads == 1 {
            let mut index = Index::default();
            index.add_range(&documents, 0);
            index.documents = documents;
            index.finish();
            return index;
        }
        let chunk = documents.len().div_ceil(threads);
        let parts: Vec<Index> = std::thread::scope(|scope| {
            let handles: Vec<_> = documents
                .chunks(chunk)
                .enumerate()
                .map(|(n, docs)| {
                    scope.spawn(move || {
                        let mut part = Index::default();
                        part.add_range(docs, (n * chunk) as u32);
                        part
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut index = Index::default();
        for part in parts {
            index.merge(part);
        }
        index.documents = documents;
        index.finish();
        index
    }

    /// Indexes documents whose numbers start at `first`.
    fn add_range(&mut self, documents: &[Document], first: u32) {
        let mut buf = String::new();
        for (k, document) in documents.iter().enumerate() {
            let doc = first + k as u32;
            let mut position = 0u32;
            for_each_word(&document.text, &mut buf, |w, _, _, numeric| {
                self.add_word(w, numeric, doc, position);
                position += 1;
            });
            let mut length = position;
            if !document.extra.is_empty() {
                position += FIELD_GAP;
                for_each_word(&document.extra, &mut buf, |w, _, _, numeric| {
                    self.add_word(w, numeric, doc, position);
                    position += 1;
                    length += 1;
                });
            }
            self.lengths.push(length);
        }
        self.words = FxMap::default();
        self.last_document = Vec::new();
    }

    fn add_word(&mut self, word: &str, numeric: bool, doc: u32, position: u32) {
        let id = match self.words.get(word) {
            Some(&id) => id,
            None => {
                let mut term = word.to_string();
                if !numeric {
                    stem(&mut term);
                }
                let id = self.term_id(term.into_boxed_str());
                self.words.insert(word.into(), id);
                id
            }
        };
        let last = &mut self.last_document[id as usize];
        let new_document = *last != doc + 1;
        *last = doc + 1;
        self.postings[id as usize].push(doc, position, new_document);
    }

    fn term_id(&mut self, term: Box<str>) -> u32 {
        match self.terms.get(&term) {
            Some(&id) => id,
            None => {
                let id = self.postings.len() as u32;
                self.terms.insert(term, id);
                self.postings.push(Postings::default());
                self.last_document.push(0);
                id
            }
        }
    }

    /// Appends a part built over the documents that follow this index's.
    fn merge(&mut self, part: Index) {
        if self.lengths.is_empty() {
            self.terms = part.terms;
            self.postings = part.postings;
            self.lengths = part.lengths;
            return;
        }
        let mut by_id: Vec<(u32, Box<str>)> =
            part.terms.into_iter().map(|(t, id)| (id, t)).collect();
        by_id.sort_unstable_by_key(|(id, _)| *id);
        let mut part_postings = part.postings;
        for (id, term) in by_id {
            let incoming = std::mem::take(&mut part_postings[id as usize]);
            let target = self.term_id(term) as usize;
            let postings = &mut self.postings[target];
            let offset = postings.positions.len() as u32;
            postings.docs.extend_from_slice(&incoming.docs);
            postings
                .starts
                .extend(incoming.starts.iter().map(|s| s + offset));
            postings.positions.extend_from_slice(&incoming.positions);
        }
        self.lengths.extend_from_slice(&part.lengths);
    }

    fn finish(&mut self) {
        let total: u64 = self.lengths.iter().map(|&l| u64::from(l)).sum();
        let average = if self.lengths.is_empty() {
            0.0
        } else {
            total as f64 / self.lengths.len() as f64
        };
        self.norms = self
            .lengths
            .iter()
            .map(|&l| {
                if average > 0.0 {
                    K1 * (1.0 - B + B * f64::from(l) / average)
                } else {
                    K1
                }
            })
            .collect();
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    pub fn document(&self, n: usize) -> Option<&Document> {
        self.documents.get(n)
    }

    fn idf(&self, df: usize) -> f64 {
        let n = self.documents.len() as f64;
        let df = df as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn bm25(&self, idf: f64, tf: u32, doc: u32) -> f64 {
        let tf = f64::from(tf);
        idf * tf * (K1 + 1.0) / (tf + self.norms[doc as usize])
    }

    /// Calls `f(doc, frequency)` for each document an alternative matches; returns how
    /// many there are (its document frequency) first, so idf is known before scoring.
    fn each_match(&self, alternative: &Alternative, mut f: impl FnMut(usize, u32, u32)) {
        match alternative {
            Alternative::Term(term) => {
                if let Some(&id) = self.terms.get(term.as_str()) {
                    let p = &self.postings[id as usize];
                    let df = p.docs.len();
                    for k in 0..df {
                        f(df, p.docs[k], p.frequency(k));
                    }
                }
            }
            Alternative::Phrase(terms) => {
                let matches = self.phrase_matches(terms);
                let df = matches.len();
                for (doc, tf) in matches {
                    f(df, doc, tf);
                }
            }
        }
    }

    fn phrase_matches(&self, terms: &[String]) -> Vec<(u32, u32)> {
        let lists: Option<Vec<&Postings>> = terms
            .iter()
            .map(|t| {
                self.terms
                    .get(t.as_str())
                    .map(|&id| &self.postings[id as usize])
            })
            .collect();
        let Some(lists) = lists else {
            return Vec::new();
        };
        if lists.is_empty() {
            return Vec::new();
        }
        // Walk the rarest term's documents; find each in the other lists by galloping
        // forward from where the previous search ended (all lists are sorted).
        let rarest = (0..lists.len())
            .min_by_key(|&k| lists[k].docs.len())
            .unwrap_or(0);
        let mut cursors = vec![0usize; lists.len()];
        let mut at: Vec<&[u32]> = Vec::with_capacity(lists.len());
        let mut out = Vec::new();
        'docs: for (k, &doc) in lists[rarest].docs.iter().enumerate() {
            at.clear();
            for (j, list) in lists.iter().enumerate() {
                if j == rarest {
                    at.push(list.positions_of(k));
                    continue;
                }
                let found = gallop(&list.docs, cursors[j], doc);
                cursors[j] = found;
                if list.docs.get(found) != Some(&doc) {
                    continue 'docs;
                }
                at.push(list.positions_of(found));
            }
            let mut count = 0;
            for &p in at[0] {
                let consecutive =
                    (1..at.len()).all(|j| at[j].binary_search(&(p + j as u32)).is_ok());
                if consecutive {
                    count += 1;
                }
            }
            if count > 0 {
                out.push((doc, count));
            }
        }
        out
    }

    /// The best `limit` documents for a query, best first; ties go to the earlier
    /// document. A document matches when it matches at least one unit.
    pub fn search(&self, units: &[Unit], limit: usize) -> Vec<Hit> {
        self.search_filtered(units, limit, |_| true)
    }

    /// As [`Index::search`], keeping only documents `keep` accepts.
    pub fn search_filtered(
        &self,
        units: &[Unit],
        limit: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let n = self.documents.len();
        if n == 0 || limit == 0 {
            return Vec::new();
        }
        let mut top = TopK::new(limit);
        // One term alone: rank straight from its postings, no accumulator needed.
        if let [unit] = units {
            if let [alternative] = unit.alternatives.as_slice() {
                let mut idf = None;
                self.each_match(alternative, |df, doc, tf| {
                    if keep(doc as usize) {
                        let idf = *idf.get_or_insert_with(|| self.idf(df));
                        top.offer(doc, self.bm25(idf, tf, doc) as f32);
                    }
                });
                return top.into_hits();
            }
        }
        let mut total = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut unit_frequency = vec![0u32; n];
        let mut unit_touched: Vec<u32> = Vec::new();
        for unit in units {
            if let [alternative] = unit.alternatives.as_slice() {
                let mut idf = None;
                self.each_match(alternative, |df, doc, tf| {
                    let idf = *idf.get_or_insert_with(|| self.idf(df));
                    let d = doc as usize;
                    if total[d] == 0.0 {
                        touched.push(doc);
                    }
                    total[d] += self.bm25(idf, tf, doc) as f32;
                });
                continue;
            }
            // Synonyms: frequencies add up; the document frequency is that of the union.
            for alternative in &unit.alternatives {
                self.each_match(alternative, |_, doc, tf| {
                    let slot = &mut unit_frequency[doc as usize];
                    if *slot == 0 {
                        unit_touched.push(doc);
                    }
                    *slot += tf;
                });
            }
            let idf = self.idf(unit_touched.len());
            for &doc in &unit_touched {
                let d = doc as usize;
                if total[d] == 0.0 {
                    touched.push(doc);
                }
                total[d] += self.bm25(idf, unit_frequency[d], doc) as f32;
                unit_frequency[d] = 0;
            }
            unit_touched.clear();
        }
        for doc in touched {
            if keep(doc as usize) {
                top.offer(doc, total[doc as usize]);
            }
        }
        top.into_hits()
    }
}

/// The best `limit` documents seen so far: higher score first, then lower number.
struct TopK {
    limit: usize,
    /// Kept sorted best first.
    best: Vec<(f32, u32)>,
}

impl TopK {
    fn new(limit: usize) -> TopK {
        TopK {
            limit,
            best: Vec::with_capacity(limit + 1),
        }
    }

    fn better(a: (f32, u32), b: (f32, u32)) -> bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    fn offer(&mut self, doc: u32, score: f32) {
        let entry = (score, doc);
        if self.best.len() == self.limit {
            match self.best.last() {
                Some(&worst) if !TopK::better(entry, worst) => return,
                _ => {}
            }
        }
        let at = self.best.partition_point(|&b| TopK::better(b, entry));
        self.best.insert(at, entry);
        self.best.truncate(self.limit);
    }

    fn into_hits(self) -> Vec<Hit> {
        self.best
            .into_iter()
            .map(|(score, doc)| Hit {
                document: doc as usize,
                score: f64::from(score),
            })
            .collect()
    }
}

/// The first index at or after `from` whose value is not below `target`, found by
/// doubling steps and then binary search.
fn gallop(list: &[u32], from: usize, target: u32) -> usize {
    if from >= list.len() || list[from] >= target {
        return from;
    }
    let mut step = 1;
    let mut low = from;
    let mut high = from + 1;
    while high < list.len() && list[high] < target {
        low = high;
        step *= 2;
        high = from + step;
    }
    let high = high.min(list.len());
    low + 1 + list[low + 1..high].partition_point(|&v| v < target)
}
