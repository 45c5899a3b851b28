//! An inverted index with BM25 ranking and phrase matching.
//!
//! Built once from documents (each a text shown in results and an extra text that is
//! searched but not shown), then queried. For every term it keeps the documents that
//! contain it in increasing order, the term's frequency in each, and its positions, so
//! a phrase is found by checking consecutive positions; it keeps nothing else of the
//! build (no word counts, no offsets: snippets tokenise the few documents shown again).
//! Querying is single-threaded.
//!
//! Building runs in two parallel phases, so that the index is the same whatever the
//! number of threads:
//! 1. reading: the documents are split into consecutive shares, one per thread; each
//!    thread tokenises its share, stems each distinct word once, and writes the term
//!    number of every word into one array (no per-word allocation, no postings lists
//!    growing yet), counting per term its occurrences and documents;
//! 2. filling: the shares' terms are merged into one numbering, which fixes where each
//!    term's postings go in the index's flat arrays (allocated once, at their final
//!    size); the terms are split into ranges of about equal volume, one per thread,
//!    and each thread reads all the shares' words in document order and writes the
//!    postings of its own terms, so documents and positions come out in increasing
//!    order as a sequential build would give them.
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

/// The documents containing one term: a view into the index's flat arrays.
#[derive(Debug, Clone, Copy)]
struct Postings<'a> {
    docs: &'a [u32],
    /// Offset of each document's positions in `positions`; the frequency is the gap to
    /// the next offset.
    starts: &'a [u32],
    positions: &'a [u32],
}

impl Postings<'_> {
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
}

/// A searchable index of documents.
///
/// Postings are stored term after term in three flat arrays: the documents containing
/// each term (increasing), where each document's positions start (relative to the
/// term's first position), and the positions. Nothing else of the build is kept.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: FxMap<Box<str>, u32>,
    /// Per term, where its documents start in `docs` and `starts` (one more entry than
    /// there are terms).
    term_docs: Vec<usize>,
    /// Per term, where its positions start in `positions` (one more entry than terms).
    term_positions: Vec<usize>,
    docs: Vec<u32>,
    starts: Vec<u32>,
    positions: Vec<u32>,
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
    /// Indexes documents, using up to `threads` threads (at least one). The index is
    /// the same whatever the number of threads.
    pub fn build(documents: Vec<Document>, threads: usize) -> Index {
        let threads = threads.max(1).min(documents.len().max(1));
        let chunk = documents.len().div_ceil(threads).max(1);
        let mut parts = in_parallel(documents.chunks(chunk).collect(), read_part);
        let mut terms = FxMap::default();
        let mut remaps = Vec::with_capacity(parts.len());
        let mut occurrences: Vec<usize> = Vec::new();
        let mut containing: Vec<usize> = Vec::new();
        for part in &mut parts {
            let mut remap = Vec::with_capacity(part.terms.len());
            for (term, counts) in std::mem::take(&mut part.terms)
                .into_iter()
                .zip(&part.counts)
            {
                let next = occurrences.len() as u32;
                let id = *terms.entry(term).or_insert(next);
                if id == next {
                    occurrences.push(0);
                    containing.push(0);
                }
                occurrences[id as usize] += counts.occurrences as usize;
                containing[id as usize] += counts.documents as usize;
                remap.push(id);
            }
            part.counts = Vec::new();
            remaps.push(remap);
        }
        in_parallel(parts.iter_mut().zip(&remaps).collect(), |(part, remap)| {
            for t in &mut part.tokens {
                *t = remap[*t as usize];
            }
        });
        let term_docs = prefix_sums(&containing);
        let term_positions = prefix_sums(&occurrences);
        let mut docs = vec![0u32; term_docs[term_docs.len() - 1]];
        let mut starts = vec![0u32; docs.len()];
        let mut positions = vec![0u32; term_positions[term_positions.len() - 1]];
        // Each thread fills the postings of a range of terms (about the same number of
        // positions each), reading all the parts' words in document order.
        let total = positions.len();
        let mut bounds: Vec<usize> = (0..threads)
            .map(|k| term_positions.partition_point(|&p| p < total * k / threads))
            .collect();
        bounds[0] = 0;
        bounds.push(occurrences.len());
        bounds.dedup();
        let mut jobs = Vec::with_capacity(bounds.len());
        let (mut d, mut s, mut p) = (
            docs.as_mut_slice(),
            starts.as_mut_slice(),
            positions.as_mut_slice(),
        );
        for w in bounds.windows(2) {
            let (first, end) = (w[0], w[1]);
            let pairs = term_docs[end] - term_docs[first];
            let (d_here, d_rest) = d.split_at_mut(pairs);
            let (s_here, s_rest) = s.split_at_mut(pairs);
            let (p_here, p_rest) = p.split_at_mut(term_positions[end] - term_positions[first]);
            (d, s, p) = (d_rest, s_rest, p_rest);
            jobs.push(Fill {
                first,
                end,
                docs: d_here,
                starts: s_here,
                positions: p_here,
            });
        }
        let parts = &parts;
        let (term_docs_ref, term_positions_ref) = (&term_docs, &term_positions);
        in_parallel(jobs, |job| {
            job.run(parts, term_docs_ref, term_positions_ref)
        });
        let lengths: Vec<u32> = parts.iter().flat_map(|p| &p.lengths).copied().collect();
        let mut index = Index {
            terms,
            term_docs,
            term_positions,
            docs,
            starts,
            positions,
            norms: Vec::new(),
            documents,
        };
        index.finish(&lengths);
        index
    }

    fn finish(&mut self, lengths: &[u32]) {
        let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
        let average = if lengths.is_empty() {
            0.0
        } else {
            total as f64 / lengths.len() as f64
        };
        self.norms = lengths
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

    fn postings(&self, id: u32) -> Postings<'_> {
        let t = id as usize;
        let docs = self.term_docs[t]..self.term_docs[t + 1];
        Postings {
            docs: &self.docs[docs.clone()],
            starts: &self.starts[docs],
            positions: &self.positions[self.term_positions[t]..self.term_positions[t + 1]],
        }
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
        self.terms.len()
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
                    let p = self.postings(id);
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
        let lists: Option<Vec<Postings>> = terms
            .iter()
            .map(|t| self.terms.get(t.as_str()).map(|&id| self.postings(id)))
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
                let found = gallop(list.docs, cursors[j], doc);
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
        // No more hits than documents, however large the limit asked for.
        let mut top = TopK::new(limit.min(n));
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
        // Taken out of the thread's slot for the query and put back only once it is
        // all zeros again, so a query that stopped half-way leaves nothing behind.
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let Scratch {
            total,
            touched,
            unit_frequency,
            unit_touched,
        } = &mut scratch;
        total.resize(n, 0.0);
        unit_frequency.resize(n, 0);
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
            for &doc in unit_touched.iter() {
                let d = doc as usize;
                if total[d] == 0.0 {
                    touched.push(doc);
                }
                total[d] += self.bm25(idf, unit_frequency[d], doc) as f32;
                unit_frequency[d] = 0;
            }
            unit_touched.clear();
        }
        for &doc in touched.iter() {
            if keep(doc as usize) {
                top.offer(doc, total[doc as usize]);
            }
            total[doc as usize] = 0.0;
        }
        touched.clear();
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
        top.into_hits()
    }
}

/// Per-document accumulators of a query with several units, kept between queries on
/// the same thread (all zeros and empty between them) so that a query does not
/// allocate and zero two arrays as long as the index.
#[derive(Debug, Default)]
struct Scratch {
    total: Vec<f32>,
    touched: Vec<u32>,
    unit_frequency: Vec<u32>,
    unit_touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` on each item, each on its own thread (the last on the calling thread),
/// and returns the results in order.
fn in_parallel<T: Send, R: Send>(mut items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let Some(last) = items.pop() else {
        return Vec::new();
    };
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || f(item)))
            .collect();
        let last = f(last);
        let mut out: Vec<R> = handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect();
        out.push(last);
        out
    })
}

fn prefix_sums(counts: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut total = 0;
    out.push(0);
    for &c in counts {
        total += c;
        out.push(total);
    }
    out
}

/// Per term of a part: how often it occurs, in how many documents, and the last
/// document it was seen in (plus one; 0 = none), kept together so counting a word
/// touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    occurrences: u32,
    documents: u32,
    last: u32,
}

/// What one thread reads from its share of the documents.
#[derive(Debug, Default)]
struct Part {
    /// The part's terms (stemmed), in order of first appearance; the part's term ids
    /// index it.
    terms: Vec<Box<str>>,
    counts: Vec<Counts>,
    /// The term id of every word, document after document (the part's ids, then the
    /// index's once merged).
    tokens: Vec<u32>,
    /// Per document, its words in all.
    lengths: Vec<u32>,
    /// Per document, its words in the shown text; positions of the rest (the extra
    /// text) are shifted by [`FIELD_GAP`].
    shown: Vec<u32>,
}

/// Reads documents into a [`Part`]: each distinct word is stemmed and looked up once.
fn read_part(documents: &[Document]) -> Part {
    let mut reader = Reader::default();
    let bytes: usize = documents.iter().map(|d| d.text.len() + d.extra.len()).sum();
    // About one word in seven bytes of English or of the benchmark's corpus.
    reader.part.tokens.reserve(bytes / 7);
    reader.part.lengths.reserve(documents.len());
    reader.part.shown.reserve(documents.len());
    let mut buf = String::new();
    for (k, document) in documents.iter().enumerate() {
        let doc = k as u32 + 1;
        let before = reader.part.tokens.len();
        for_each_word(&document.text, &mut buf, |w, _, _, numeric| {
            reader.add(w, numeric, doc);
        });
        let shown = reader.part.tokens.len() - before;
        if !document.extra.is_empty() {
            for_each_word(&document.extra, &mut buf, |w, _, _, numeric| {
                reader.add(w, numeric, doc);
            });
        }
        reader.part.shown.push(shown as u32);
        reader
            .part
            .lengths
            .push((reader.part.tokens.len() - before) as u32);
    }
    reader.part
}

/// The state of reading one share: its [`Part`] so far and the words seen.
#[derive(Debug, Default)]
struct Reader {
    part: Part,
    /// Case-folded words of up to 16 bytes as written (see [`short_key`]), to their
    /// term: compared as one integer, with no pointer to follow.
    short_words: FxMap<u128, u32>,
    /// Longer words, to their term.
    words: FxMap<Box<str>, u32>,
    /// Stemmed terms to their id.
    ids: FxMap<Box<str>, u32>,
}

impl Reader {
    fn add(&mut self, word: &str, numeric: bool, doc: u32) {
        let id = match short_key(word) {
            Some(key) => match self.short_words.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.new_word(word, numeric);
                    self.short_words.insert(key, id);
                    id
                }
            },
            None => match self.words.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.new_word(word, numeric);
                    self.words.insert(word.into(), id);
                    id
                }
            },
        };
        self.part.tokens.push(id);
        let counts = &mut self.part.counts[id as usize];
        counts.occurrences += 1;
        if counts.last != doc {
            counts.last = doc;
            counts.documents += 1;
        }
    }

    fn new_word(&mut self, word: &str, numeric: bool) -> u32 {
        let mut term = word.to_string();
        if !numeric {
            stem(&mut term);
        }
        if let Some(&id) = self.ids.get(term.as_str()) {
            return id;
        }
        let id = self.part.terms.len() as u32;
        let term: Box<str> = term.into();
        self.ids.insert(term.clone(), id);
        self.part.terms.push(term);
        self.part.counts.push(Counts::default());
        id
    }
}

/// A word of at most 16 bytes as one number, its bytes zero-padded. No word holds a
/// zero byte (words are letters, digits and a decimal point), so different words give
/// different keys.
fn short_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// The postings of terms `first..end`, to be filled: the slices of the index's arrays
/// that hold them.
#[derive(Debug)]
struct Fill<'a> {
    first: usize,
    end: usize,
    docs: &'a mut [u32],
    starts: &'a mut [u32],
    positions: &'a mut [u32],
}

/// Where the next document and position of a term go while filling.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    /// The next slot in `docs` and `starts`.
    pair: usize,
    /// The term's first position in `positions`.
    base: usize,
    /// Positions written so far.
    count: u32,
    /// The last document written, plus one (0 = none).
    last: u32,
}

impl Fill<'_> {
    fn run(self, parts: &[Part], term_docs: &[usize], term_positions: &[usize]) {
        let (first, end) = (self.first, self.end);
        let (doc_base, position_base) = (term_docs[first], term_positions[first]);
        let mut cursors: Vec<Cursor> = (first..end)
            .map(|t| Cursor {
                pair: term_docs[t] - doc_base,
                base: term_positions[t] - position_base,
                count: 0,
                last: 0,
            })
            .collect();
        let span = (end - first) as u32;
        let first = first as u32;
        let mut doc = 0u32;
        for part in parts {
            let mut at = 0;
            for (&length, &shown) in part.lengths.iter().zip(&part.shown) {
                let words = &part.tokens[at..at + length as usize];
                at += length as usize;
                doc += 1;
                for (k, &t) in words.iter().enumerate() {
                    let local = t.wrapping_sub(first);
                    if local >= span {
                        continue;
                    }
                    let k = k as u32;
                    let position = if k < shown { k } else { k + FIELD_GAP };
                    let c = &mut cursors[local as usize];
                    if c.last != doc {
                        c.last = doc;
                        self.docs[c.pair] = doc - 1;
                        self.starts[c.pair] = c.count;
                        c.pair += 1;
                    }
                    self.positions[c.base + c.count as usize] = position;
                    c.count += 1;
                }
            }
        }
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
