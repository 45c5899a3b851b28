//! Ingest of the five source texts must find the figures the built-in model cites from
//! them: for each observation with a value and each source it cites, the value must be
//! among the figures ingest reads from the cited paragraphs of that source that state
//! the number. A citation none of whose paragraphs states the number (a paragraph cited
//! for the date or the context, such as a reference list) is not a figure's origin and
//! is not counted. Skips, saying why, when the texts are absent.

use statecraft_model::units::Unit;
use statecraft_sources::ingest::{self, Options};
use statecraft_sources::numbers::states_number;
use statecraft_sources::{SourceText, SourceTexts};

use crate::repo;

#[test]
fn ingest_finds_the_figures_the_model_cites_from_the_source_texts() {
    let dir = repo().join("../shared/seeds");
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is absent (the source texts live beside the repository in CI)",
            dir.display()
        );
        return;
    }
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seeds") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        if let Ok(text) = SourceText::new(&path.display().to_string(), &bytes) {
            texts.push((text, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    let raw: Vec<(String, String)> = texts
        .iter()
        .map(|(t, s)| (t.sha256.clone(), s.clone()))
        .collect();
    let texts = SourceTexts::new(texts.into_iter().map(|(t, _)| t));
    let model = statecraft_model::store::open(None).expect("built-in model");
    let mut checked = 0;
    let mut found = 0;
    for source in &model.sources {
        let Some(text) = texts.get(&source.sha256) else {
            eprintln!("no text for {}", source.id);
            continue;
        };
        let full = raw
            .iter()
            .find(|(sha, _)| *sha == source.sha256)
            .map(|(_, s)| s.as_str())
            .unwrap_or("");
        let result = ingest::ingest(&model, &source.id, full, &Options::default());
        for o in &model.observations {
            let (Some(value), Some(unit)) = (&o.value, &o.unit) else {
                continue;
            };
            let cited: Vec<u32> = o
                .evidence
                .iter()
                .filter(|e| e.source == source.id)
                .map(|e| e.paragraph)
                .filter(|p| {
                    text.paragraph(*p)
                        .is_some_and(|t| states_number(t, value.low()))
                })
                .collect();
            if cited.is_empty() {
                continue;
            }
            checked += 1;
            let unit = Unit::parse(unit).expect("model unit");
            let want = (value.low() * unit.factor(), value.high() * unit.factor());
            let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0);
            let hit = result.quantities.iter().any(|q| {
                let Ok(u) = Unit::parse(&q.found.unit) else {
                    return false;
                };
                let low = q.found.low.or(q.found.value).unwrap_or(f64::NAN) * u.factor();
                let high = q.found.high.or(q.found.value).unwrap_or(f64::NAN) * u.factor();
                cited.contains(&q.evidence.paragraph)
                    && u.base == unit.base
                    && close(low, want.0)
                    && close(high, want.1)
            });
            if hit {
                found += 1;
            } else {
                println!(
                    "  not found: {} = {value} {} in {} ¶{:?}",
                    o.id,
                    o.unit.as_deref().unwrap_or(""),
                    source.id,
                    cited
                );
            }
        }
    }
    let rate = found as f64 / checked.max(1) as f64;
    println!(
        "ingest found {found} of {checked} cited figures in the source texts ({:.3})",
        rate
    );
    assert!(checked >= 20, "only {checked} figures checked");
    assert!(rate >= 0.9, "rate {rate:.3}");
}
