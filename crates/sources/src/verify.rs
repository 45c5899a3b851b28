//! Verification of a model's locators against the source texts, and coverage.

use std::collections::{BTreeSet, HashMap};

use statecraft_model::citations::citations;
use statecraft_model::{Diagnostic, Location, Model};

use crate::numbers::states_number;
use crate::text::{SourceTexts, paragraph_hash};

/// Checks every locator: the source text is present, the paragraph exists, its hash
/// matches, and every number the datum states occurs in one of its cited paragraphs.
pub fn verify(model: &Model, texts: &SourceTexts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut missing_reported = BTreeSet::new();
    for source in &model.sources {
        if texts.get(&source.sha256).is_none() && missing_reported.insert(source.id.0.clone()) {
            out.push(Diagnostic {
                location: source.location.clone(),
                message: format!(
                    "source {:?}: no text with sha256 {} among the source texts",
                    source.id.0, source.sha256
                ),
            });
        } else if let Some(text) = texts.get(&source.sha256) {
            if text.paragraphs.len() != usize::try_from(source.paragraphs).unwrap_or(usize::MAX) {
                out.push(Diagnostic {
                    location: source.location.clone(),
                    message: format!(
                        "source {:?}: declares {} paragraphs, its text {} has {}",
                        source.id.0,
                        source.paragraphs,
                        text.name,
                        text.paragraphs.len()
                    ),
                });
            }
        }
    }
    let sources: HashMap<&str, &str> = model
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.sha256.as_str()))
        .collect();
    for citation in citations(model) {
        let mut cited: Vec<&str> = Vec::new();
        let mut all_found = true;
        for evidence in citation.evidence {
            let Some(text) = sources
                .get(evidence.source.as_str())
                .and_then(|sha| texts.get(sha))
            else {
                all_found = false;
                continue; // Unknown sources and missing texts are reported once above.
            };
            match text.paragraph(evidence.paragraph) {
                None => {
                    all_found = false;
                    out.push(Diagnostic {
                        location: evidence.location.clone(),
                        message: format!(
                            "{}: {} has no paragraph {}",
                            citation.label, evidence.source.0, evidence.paragraph
                        ),
                    });
                }
                Some(paragraph) => {
                    let actual = paragraph_hash(paragraph);
                    if actual != evidence.hash {
                        out.push(Diagnostic {
                            location: evidence.location.clone(),
                            message: format!(
                                "{}: hash {} does not match {} ¶{} (its text hashes to {actual}): the source changed or the locator is wrong",
                                citation.label, evidence.hash, evidence.source.0, evidence.paragraph
                            ),
                        });
                    }
                    cited.push(paragraph);
                }
            }
        }
        if !all_found {
            continue;
        }
        for number in &citation.numbers {
            if !cited.iter().any(|p| states_number(p, *number)) {
                let place: Vec<String> = citation
                    .evidence
                    .iter()
                    .map(|e| format!("{} ¶{}", e.source.0, e.paragraph))
                    .collect();
                out.push(Diagnostic {
                    location: citation
                        .evidence
                        .first()
                        .map(|e| e.location.clone())
                        .unwrap_or_else(Location::default),
                    message: format!(
                        "{}: states {} but no cited paragraph ({}) contains that number",
                        citation.label,
                        number,
                        place.join(", ")
                    ),
                });
            }
        }
    }
    out
}

/// Which paragraphs of a source the model cites, and which it leaves uncited.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Coverage {
    pub source: String,
    pub paragraphs: u32,
    pub cited: Vec<u32>,
    pub uncited: Vec<u32>,
    /// The data citing each paragraph.
    pub cited_by: Vec<(u32, Vec<String>)>,
}

/// Coverage of every source by the model's citations.
pub fn coverage(model: &Model) -> Vec<Coverage> {
    let mut by_source: HashMap<&str, HashMap<u32, BTreeSet<String>>> = HashMap::new();
    for citation in citations(model) {
        for evidence in citation.evidence {
            by_source
                .entry(evidence.source.as_str())
                .or_default()
                .entry(evidence.paragraph)
                .or_default()
                .insert(citation.datum.clone());
        }
    }
    model
        .sources
        .iter()
        .map(|source| {
            let cited_map = by_source.get(source.id.as_str());
            let mut cited = Vec::new();
            let mut uncited = Vec::new();
            let mut cited_by = Vec::new();
            for p in 1..=source.paragraphs {
                match cited_map.and_then(|m| m.get(&p)) {
                    Some(data) => {
                        cited.push(p);
                        cited_by.push((p, data.iter().cloned().collect()));
                    }
                    None => uncited.push(p),
                }
            }
            Coverage {
                source: source.id.0.clone(),
                paragraphs: source.paragraphs,
                cited,
                uncited,
                cited_by,
            }
        })
        .collect()
}
