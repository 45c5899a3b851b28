//! What the server keeps between requests: the model, its views as of dates, and what
//! the engines computed on them.
//!
//! A [`View`] is the model as of one date (or the whole model) with lazily built,
//! shared results: serialised JSON bodies of the read routes, the scenario network, and
//! the answers to recent scenario and bargaining queries. Each kept body is a [`Cached`]:
//! the bytes, their entity tag, and (made on the first request that accepts it) their
//! gzip form, so a repeated read neither serialises nor compresses again. Views are kept in a small least-recently-used
//! cache keyed by the date as written, so moving the page's date slider back and forth
//! or repeating a query costs a map look-up. Nothing here is written back to disk.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher as _};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use statecraft_model::{Date, Model};
use statecraft_scenario::ScenarioNetwork;
use statecraft_sources::SourceTexts;
use statecraft_sources::search::ModelIndex;

use crate::error::ServerError;

/// How many as-of views the server keeps.
pub const VIEWS_KEPT: usize = 24;
/// How many serialised bodies one view keeps.
const BODIES_KEPT: usize = 64;
/// How many scenario answers one view keeps.
const ANSWERS_KEPT: usize = 256;

/// A small least-recently-used map; the most recent entry is last.
#[derive(Debug)]
pub struct Lru<V> {
    capacity: usize,
    entries: Vec<(String, V)>,
}

impl<V: Clone> Lru<V> {
    pub fn new(capacity: usize) -> Self {
        Lru {
            capacity,
            entries: Vec::new(),
        }
    }

    pub fn get(&mut self, key: &str) -> Option<V> {
        let i = self.entries.iter().rposition(|(k, _)| k == key)?;
        let entry = self.entries.remove(i);
        let value = entry.1.clone();
        self.entries.push(entry);
        Some(value)
    }

    pub fn insert(&mut self, key: String, value: V) {
        if let Some(i) = self.entries.iter().position(|(k, _)| *k == key) {
            self.entries.remove(i);
        }
        if self.entries.len() >= self.capacity {
            self.entries.remove(0);
        }
        self.entries.push((key, value));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Bodies smaller than this are sent as they are: compression would save less than a
/// packet.
pub const COMPRESS_FROM: usize = 1400;

/// A serialised body kept in a cache: its bytes, a weak entity tag (the same for every
/// encoding of the bytes), and its gzip form, made once on first demand.
#[derive(Debug, Clone)]
pub struct Cached(Arc<CachedBody>);

#[derive(Debug)]
struct CachedBody {
    raw: Bytes,
    etag: String,
    gzip: OnceLock<Option<Bytes>>,
}

impl Cached {
    pub fn new(raw: Bytes) -> Self {
        let mut hasher = DefaultHasher::new();
        hasher.write(&raw);
        let etag = format!("W/\"{:016x}-{:x}\"", hasher.finish(), raw.len());
        Cached(Arc::new(CachedBody {
            raw,
            etag,
            gzip: OnceLock::new(),
        }))
    }

    /// The body as serialised.
    pub fn raw(&self) -> &Bytes {
        &self.0.raw
    }

    /// The entity tag, quoted, e.g. `W/"9f86d081884c7d65-44d1"`.
    pub fn etag(&self) -> &str {
        &self.0.etag
    }

    /// The body compressed with gzip (made once), or `None` when it is too small to gain.
    pub fn gzip(&self) -> Option<Bytes> {
        self.0
            .gzip
            .get_or_init(|| {
                if self.0.raw.len() < COMPRESS_FROM {
                    return None;
                }
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(self.0.raw.len() / 4),
                    flate2::Compression::default(),
                );
                encoder.write_all(&self.0.raw).ok()?;
                let out = encoder.finish().ok()?;
                (out.len() < self.0.raw.len()).then(|| Bytes::from(out))
            })
            .clone()
    }
}

/// The model as of a date, with what has been computed on it.
#[derive(Debug)]
pub struct View {
    pub as_of: Option<Date>,
    pub model: Model,
    bodies: Mutex<Lru<Cached>>,
    scenario: OnceLock<Result<Arc<ScenarioNetwork>, String>>,
    answers: Mutex<Lru<Cached>>,
    search: OnceLock<Arc<ModelIndex>>,
}

impl View {
    fn new(model: Model, as_of: Option<Date>) -> Self {
        View {
            as_of,
            model,
            bodies: Mutex::new(Lru::new(BODIES_KEPT)),
            scenario: OnceLock::new(),
            answers: Mutex::new(Lru::new(ANSWERS_KEPT)),
            search: OnceLock::new(),
        }
    }

    /// A serialised body, computed once per key.
    pub fn body<E>(
        &self,
        key: &str,
        compute: impl FnOnce(&View) -> Result<Vec<u8>, E>,
    ) -> Result<Cached, E> {
        if let Some(hit) = lock(&self.bodies).get(key) {
            return Ok(hit);
        }
        let body = Cached::new(Bytes::from(compute(self)?));
        lock(&self.bodies).insert(key.to_string(), body.clone());
        Ok(body)
    }

    /// The scenario network of this view (built once), or why it cannot be built.
    pub fn scenario(&self) -> Result<Arc<ScenarioNetwork>, String> {
        self.scenario
            .get_or_init(|| {
                statecraft_scenario::build(&self.model)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// The full-text index of this view's data and of the texts of its sources (built
    /// once).
    pub fn search_index(&self, texts: Option<&SourceTexts>) -> Arc<ModelIndex> {
        self.search
            .get_or_init(|| Arc::new(ModelIndex::build(&self.model, texts, 1)))
            .clone()
    }

    /// A cached answer to a question (scenario or bargaining).
    pub fn answer(&self, key: &str) -> Option<Cached> {
        lock(&self.answers).get(key)
    }

    /// Keeps an answer; returns it as kept.
    pub fn remember_answer(&self, key: String, body: Bytes) -> Cached {
        let body = Cached::new(body);
        lock(&self.answers).insert(key, body.clone());
        body
    }
}

/// Locks a mutex, recovering the data if a thread panicked while holding it (the caches
/// hold only finished values, so they stay consistent).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The ledger the server writes to, and the token that guards it.
#[derive(Debug)]
pub struct LedgerConfig {
    pub path: PathBuf,
    pub token: String,
    /// The open ledger; one writer at a time.
    pub ledger: Mutex<statecraft_ledger::Ledger>,
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct AppState {
    whole: Arc<View>,
    views: Mutex<Lru<Arc<View>>>,
    pub texts: Option<SourceTexts>,
    pub ledger: Option<LedgerConfig>,
    /// When the server listens on a loopback address, requests must name a loopback
    /// host (a defence against DNS rebinding).
    pub loopback_only: bool,
    /// Source texts by source id, resolved once.
    text_of: HashMap<String, String>,
    /// Every cited paragraph: its recorded hash and the data citing it.
    cited: HashMap<(String, u32), Cited>,
}

/// A cited paragraph: the hash the model records for it and what cites it.
#[derive(Debug, Clone)]
pub struct Cited {
    pub hash: String,
    /// The citing data, as `kind "id"` labels, in model order.
    pub by: Vec<String>,
}

fn citation_index(model: &Model) -> HashMap<(String, u32), Cited> {
    let mut index: HashMap<(String, u32), Cited> = HashMap::new();
    for citation in statecraft_model::citations::citations(model) {
        for e in citation.evidence {
            let entry = index
                .entry((e.source.0.clone(), e.paragraph))
                .or_insert_with(|| Cited {
                    hash: e.hash.clone(),
                    by: Vec::new(),
                });
            if !entry.by.contains(&citation.label) {
                entry.by.push(citation.label.clone());
            }
        }
    }
    index
}

impl AppState {
    /// The state over a loaded model, its texts (if any) and a ledger with its token.
    pub fn new(
        model: Model,
        texts: Option<SourceTexts>,
        ledger: Option<(PathBuf, String)>,
        loopback_only: bool,
    ) -> Result<AppState, ServerError> {
        let text_of = match &texts {
            Some(texts) => model
                .sources
                .iter()
                .filter(|s| texts.get(&s.sha256).is_some())
                .map(|s| (s.id.0.clone(), s.sha256.clone()))
                .collect(),
            None => HashMap::new(),
        };
        let cited = citation_index(&model);
        let ledger = match ledger {
            Some((path, token)) => {
                let opened =
                    statecraft_ledger::Ledger::open(&path).map_err(|e| ServerError::Ledger {
                        path: path.clone(),
                        why: e.to_string(),
                    })?;
                Some(LedgerConfig {
                    path,
                    token,
                    ledger: Mutex::new(opened),
                })
            }
            None => None,
        };
        Ok(AppState {
            cited,
            whole: Arc::new(View::new(model, None)),
            views: Mutex::new(Lru::new(VIEWS_KEPT)),
            texts,
            ledger,
            loopback_only,
            text_of,
        })
    }

    /// The whole model.
    pub fn model(&self) -> &Model {
        &self.whole.model
    }

    /// The view as of a date (cached), or the whole model.
    pub fn view(&self, as_of: Option<&Date>) -> Arc<View> {
        let Some(date) = as_of else {
            return self.whole.clone();
        };
        let key = date.to_string();
        if let Some(view) = lock(&self.views).get(&key) {
            return view;
        }
        // Built outside the lock: two requests for a new date may both build it, which
        // is cheaper than making every other request wait.
        let view = Arc::new(View::new(
            statecraft_model::view::as_of(&self.whole.model, date),
            Some(*date),
        ));
        lock(&self.views).insert(key, view.clone());
        view
    }

    /// How many dated views are cached.
    pub fn views_cached(&self) -> usize {
        lock(&self.views).len()
    }

    /// The text of a source's paragraph, when the texts are configured and this source's
    /// text is among them.
    pub fn paragraph(&self, source: &str, n: u32) -> Option<&str> {
        let sha = self.text_of.get(source)?;
        self.texts.as_ref()?.get(sha)?.paragraph(n)
    }

    /// The recorded hash and the citing data of a paragraph, if any datum cites it.
    pub fn cited(&self, source: &str, n: u32) -> Option<&Cited> {
        self.cited.get(&(source.to_string(), n))
    }

    /// Whether the text of a source is available.
    pub fn has_text(&self, source: &str) -> bool {
        self.text_of.contains_key(source)
    }
}
