//! Precision and recall of ingest on the hand-labelled invented articles, and a check
//! that the TOML it proposes loads when appended to the model.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use statecraft_model::units::Unit;
use statecraft_model::{Date, InputFile, SourceId};
use statecraft_sources::ingest::{self, Accept, Ingest, Options};
use statecraft_sources::register::{self, SourceMeta};

use crate::repo;

#[derive(Debug, Deserialize)]
struct Labels {
    article: Vec<Article>,
}

#[derive(Debug, Deserialize)]
struct Article {
    file: String,
    actors: Vec<String>,
    quantity: Vec<Figure>,
    date: Vec<Dated>,
}

#[derive(Debug, Deserialize)]
struct Figure {
    paragraph: u32,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    unit: String,
}

#[derive(Debug, Deserialize)]
struct Dated {
    paragraph: u32,
    date: String,
    precision: String,
}

/// (paragraph, base unit, low, high) in the base unit.
type Normal = (u32, String, f64, f64);

fn normal(paragraph: u32, low: f64, high: f64, unit: &str) -> Normal {
    let unit = Unit::parse(unit).unwrap_or_else(|e| panic!("label unit: {e}"));
    let f = unit.factor();
    (paragraph, unit.base, low * f, high * f)
}

fn same(a: &Normal, b: &Normal) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-3 * x.abs().max(y.abs()).max(1e-9);
    a.0 == b.0 && a.1 == b.1 && close(a.2, b.2) && close(a.3, b.3)
}

/// Matches found items to labels one to one; returns the number matched.
fn matched<T>(found: &[T], labels: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    let mut used = vec![false; found.len()];
    let mut count = 0;
    for label in labels {
        if let Some(k) = (0..found.len()).find(|&k| !used[k] && same(&found[k], label)) {
            used[k] = true;
            count += 1;
        }
    }
    count
}

fn model_dir() -> std::path::PathBuf {
    repo().join("tests/models/ingest")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/ingest/articles").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(model: &statecraft_model::Model, file: &str, text: &str) -> Ingest {
    let id = register::derive_id(file).expect("an id");
    ingest::ingest(model, &SourceId(id), text, &Options::default())
}

struct Score {
    found: usize,
    labelled: usize,
    matched: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.matched as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.labelled == 0 {
            1.0
        } else {
            self.matched as f64 / self.labelled as f64
        }
    }
    fn add(&mut self, found: usize, labelled: usize, matched: usize) {
        self.found += found;
        self.labelled += labelled;
        self.matched += matched;
    }
}

#[test]
fn ingest_meets_its_precision_and_recall_targets_on_the_labelled_articles() {
    let labels: Labels = toml::from_str(
        &std::fs::read_to_string(repo().join("tests/ingest/labels.toml")).expect("labels"),
    )
    .expect("labels parse");
    assert!(labels.article.len() >= 6);
    let model = statecraft_model::store::open(Some(&model_dir())).expect("test model loads");
    let mut quantities = Score {
        found: 0,
        labelled: 0,
        matched: 0,
    };
    let mut dates = Score {
        found: 0,
        labelled: 0,
        matched: 0,
    };
    let mut actors = Score {
        found: 0,
        labelled: 0,
        matched: 0,
    };
    for article in &labels.article {
        let result = run(&model, &article.file, &read(&article.file));
        let found: Vec<Normal> = result
            .quantities
            .iter()
            .map(|q| {
                let low = q.found.low.or(q.found.value).unwrap_or(f64::NAN);
                let high = q.found.high.or(q.found.value).unwrap_or(f64::NAN);
                normal(q.evidence.paragraph, low, high, &q.found.unit)
            })
            .collect();
        let wanted: Vec<Normal> = article
            .quantity
            .iter()
            .map(|f| {
                let low = f.low.or(f.value).expect("value or low");
                let high = f.high.or(f.value).expect("value or high");
                normal(f.paragraph, low, high, &f.unit)
            })
            .collect();
        let m = matched(&found, &wanted, same);
        quantities.add(found.len(), wanted.len(), m);
        for w in &wanted {
            if !found.iter().any(|f| same(f, w)) {
                println!("  {}: missed figure {w:?}", article.file);
            }
        }
        for f in &found {
            if !wanted.iter().any(|w| same(f, w)) {
                println!("  {}: extra figure {f:?}", article.file);
            }
        }

        let found_dates: Vec<(u32, String, String)> = result
            .events
            .iter()
            .map(|e| {
                (
                    e.evidence.paragraph,
                    e.found.date.clone(),
                    e.found.precision.to_string(),
                )
            })
            .collect();
        let wanted_dates: Vec<(u32, String, String)> = article
            .date
            .iter()
            .map(|d| {
                Date::parse(&d.date).unwrap_or_else(|e| panic!("label date: {e}"));
                (d.paragraph, d.date.clone(), d.precision.clone())
            })
            .collect();
        let m = matched(&found_dates, &wanted_dates, |a, b| a == b);
        dates.add(found_dates.len(), wanted_dates.len(), m);
        for w in &wanted_dates {
            if !found_dates.contains(w) {
                println!("  {}: missed date {w:?}", article.file);
            }
        }
        for f in &found_dates {
            if !wanted_dates.contains(f) {
                println!("  {}: extra date {f:?}", article.file);
            }
        }

        let found_actors: BTreeSet<String> = result.actors().into_iter().map(|a| a.0).collect();
        let wanted_actors: BTreeSet<String> = article.actors.iter().cloned().collect();
        actors.add(
            found_actors.len(),
            wanted_actors.len(),
            found_actors.intersection(&wanted_actors).count(),
        );
    }
    println!(
        "ingest on {} labelled articles:\n  figures: precision {:.3} ({}/{}), recall {:.3} ({}/{})\n  dated events: precision {:.3} ({}/{}), recall {:.3} ({}/{})\n  actors: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
        labels.article.len(),
        quantities.precision(),
        quantities.matched,
        quantities.found,
        quantities.recall(),
        quantities.matched,
        quantities.labelled,
        dates.precision(),
        dates.matched,
        dates.found,
        dates.recall(),
        dates.matched,
        dates.labelled,
        actors.precision(),
        actors.matched,
        actors.found,
        actors.recall(),
        actors.matched,
        actors.labelled,
    );
    assert!(
        quantities.precision() >= 0.9,
        "figure precision {:.3}",
        quantities.precision()
    );
    assert!(
        quantities.recall() >= 0.9,
        "figure recall {:.3}",
        quantities.recall()
    );
    assert!(
        dates.precision() >= 0.8,
        "date precision {:.3}",
        dates.precision()
    );
    assert!(dates.recall() >= 0.8, "date recall {:.3}", dates.recall());
}

#[test]
fn proposed_toml_loads_when_appended_to_the_model() {
    let files = statecraft_model::store::read_files(&model_dir()).expect("model files");
    let model = statecraft_model::load(&files).expect("test model loads");
    let dir = repo().join("tests/ingest/articles");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("articles")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).expect("read");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let published =
            ingest::infer_published(&text).unwrap_or_else(|| Date::parse("2020").expect("date"));
        let source = register::new_source(
            &model,
            &name,
            &bytes,
            &SourceMeta::default(),
            (published, None),
        )
        .expect("a new source");
        let result = ingest::ingest(&model, &source.id, &text, &Options::default());
        let all = Accept {
            observations: true,
            events: true,
            actors: true,
            known: true,
        };
        let toml = ingest::render_toml(&result, &model, Some(&source), all);
        assert!(
            toml.contains("[[observation]]"),
            "{name}: no observation proposed:\n{toml}"
        );
        let mut with = files.clone();
        with.push(InputFile {
            name: "zz-ingested.toml".into(),
            text: toml.clone(),
        });
        if let Err(problems) = statecraft_model::load(&with) {
            panic!("{name}: the proposals do not load:\n{problems}\n---\n{toml}");
        }
    }
    let _ = Path::new("");
}
