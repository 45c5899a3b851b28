//! Times the search index on a generated corpus: 10,000 documents of 30 paragraphs
//! (300,000 paragraphs of 40–80 words drawn from a Zipf-distributed vocabulary of
//! 20,000 made-up words, seed 7), then 2,000 queries of five shapes (one rare, middling
//! or common word; two or three words; a two-word phrase taken from a paragraph), each
//! returning the top 10 hits with their snippets.
//!
//! Prints the build time (wall and CPU), the query latency percentiles (p50, p95,
//! p99) and a digest of all the answers, which must not change when only speed does.
//! Run: `cargo bench -p statecraft-sources --bench search`; add `-- --build-only` to
//! stop after the build (for profiling it, e.g. under `perf record`), `-- --threads N`
//! to build on N threads rather than all available.

use std::time::Instant;

use statecraft_sources::search::{Alternative, Document, Index, Unit, snippet};

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "ri", "ven", "sa", "tor", "mi", "dun", "el", "bra", "cho", "ru", "pa", "zen",
    "gor", "ti", "ush", "ne", "va", "kol", "im", "dar", "os", "fe",
];

fn vocabulary(rng: &mut Rng, size: usize) -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    while words.len() < size {
        let n = 1 + rng.below(4);
        let word: String = (0..n)
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        words.insert(word);
    }
    let mut words: Vec<String> = words.into_iter().collect();
    // Shuffle so that rank does not follow alphabetical order.
    for i in (1..words.len()).rev() {
        let j = rng.below(i + 1);
        words.swap(i, j);
    }
    words
}

/// Cumulative Zipf weights (s = 1) over ranks.
fn zipf(size: usize) -> Vec<f64> {
    let mut cumulative = Vec::with_capacity(size);
    let mut total = 0.0;
    for rank in 1..=size {
        total += 1.0 / rank as f64;
        cumulative.push(total);
    }
    cumulative.iter().map(|c| c / total).collect()
}

fn draw(rng: &mut Rng, cumulative: &[f64]) -> usize {
    let u = rng.unit();
    cumulative
        .partition_point(|&c| c < u)
        .min(cumulative.len() - 1)
}

/// CPU seconds this process has used (user + system), from /proc/self/stat; 0 where
/// that file does not exist. On a busy machine wall time overstates the work, so both
/// are printed.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |k: usize| {
        fields
            .get(k)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k]
}

fn main() {
    let documents = 10_000;
    let per_document = 30;
    let mut rng = Rng(7);
    let words = vocabulary(&mut rng, 20_000);
    let cumulative = zipf(words.len());
    let generate = Instant::now();
    let mut docs = Vec::with_capacity(documents * per_document);
    for _ in 0..documents * per_document {
        let n = 40 + rng.below(41);
        let mut text = String::with_capacity(n * 7);
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(&words[draw(&mut rng, &cumulative)]);
            if rng.below(12) == 0 {
                text.push(if rng.below(2) == 0 { ',' } else { '.' });
            }
        }
        docs.push(Document {
            text,
            extra: String::new(),
        });
    }
    let words_total: usize = docs.iter().map(|d| d.text.split(' ').count()).sum();
    println!(
        "corpus: {} paragraphs ({documents} documents x {per_document}), {words_total} words, generated in {:.2} s",
        docs.len(),
        generate.elapsed().as_secs_f64()
    );

    // `-- --threads N` builds on N threads instead of all available.
    let args: Vec<String> = std::env::args().collect();
    let threads = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|k| args.get(k + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    println!("load average before building: {}", load_average());
    let start = Instant::now();
    let cpu = cpu_seconds();
    let index = Index::build(docs, threads);
    let build = start.elapsed().as_secs_f64();
    let build_cpu = cpu_seconds() - cpu;
    println!(
        "build: {build:.2} s wall, {build_cpu:.2} s CPU, on {threads} threads ({} terms)",
        index.term_count()
    );
    if args.iter().any(|a| a == "--build-only") {
        return;
    }

    let term = |w: &str| {
        let mut t = w.to_string();
        statecraft_sources::search::stem::stem(&mut t);
        Alternative::Term(t)
    };
    let unit = |alternatives: Vec<Alternative>| Unit {
        written: String::new(),
        alternatives,
    };
    let mut queries: Vec<Vec<Unit>> = Vec::new();
    for q in 0..2_000 {
        let query = match q % 5 {
            0 => vec![unit(vec![term(&words[1_000 + rng.below(19_000)])])],
            1 => vec![unit(vec![term(&words[50 + rng.below(950)])])],
            2 => vec![unit(vec![term(&words[rng.below(50)])])],
            3 => (0..2 + rng.below(2))
                .map(|_| unit(vec![term(&words[draw(&mut rng, &cumulative)])]))
                .collect(),
            _ => {
                let doc = index
                    .document(rng.below(index.len()))
                    .map_or("", |d| d.text.as_str());
                let terms = statecraft_sources::search::tokenize::terms(doc);
                let k = rng.below(terms.len().saturating_sub(1).max(1));
                vec![unit(vec![Alternative::Phrase(
                    terms[k..(k + 2).min(terms.len())].to_vec(),
                )])]
            }
        };
        queries.push(query);
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut by_shape: Vec<Vec<f64>> = vec![Vec::new(); 5];
    let mut found = 0usize;
    // FNV-1a over every hit of every query (document, then score bits): equal digests
    // mean an index gives the same answers as another, e.g. before and after a change.
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let cpu = cpu_seconds();
    // Each query runs three times; the fastest run is its latency, which filters out
    // time the scheduler gave to other processes on a shared machine. The first run's
    // time is kept too.
    let mut first_runs = Vec::with_capacity(queries.len());
    for (q, query) in queries.iter().enumerate() {
        let mut fastest = f64::INFINITY;
        for run in 0..3 {
            let start = Instant::now();
            let hits = index.search(query, 10);
            for hit in &hits {
                let text = index.document(hit.document).map_or("", |d| d.text.as_str());
                std::hint::black_box(snippet::snippet(text, query));
            }
            let ms = start.elapsed().as_secs_f64() * 1e3;
            if run == 0 {
                first_runs.push(ms);
                found += hits.len();
                for hit in &hits {
                    for value in [hit.document as u64, hit.score.to_bits()] {
                        for byte in value.to_le_bytes() {
                            digest = (digest ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
                        }
                    }
                }
            }
            fastest = fastest.min(ms);
        }
        times.push(fastest);
        by_shape[q % 5].push(fastest);
    }
    first_runs.sort_by(f64::total_cmp);
    let query_cpu = cpu_seconds() - cpu;
    times.sort_by(f64::total_cmp);
    println!(
        "query, first run: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms",
        percentile(&first_runs, 0.50),
        percentile(&first_runs, 0.95),
        percentile(&first_runs, 0.99)
    );
    println!(
        "query (top 10 with snippets), {} queries, {found} hits, best of 3 runs: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    println!(
        "query CPU time: {:.3} ms per query run on average",
        query_cpu * 1e3 / (3 * times.len()) as f64
    );
    let shapes = [
        "rare word",
        "middling word",
        "common word",
        "2-3 words",
        "2-word phrase",
    ];
    for (shape, mut t) in shapes.iter().zip(by_shape) {
        t.sort_by(f64::total_cmp);
        println!(
            "  {shape:<14} p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms",
            percentile(&t, 0.50),
            percentile(&t, 0.95),
            percentile(&t, 0.99)
        );
    }
    println!("answers digest: {digest:016x}");
    println!("load average after: {}", load_average());
}
