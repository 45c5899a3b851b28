//! Snippets: the part of a document where a query matches best, with the matched terms
//! marked.
//!
//! The document is tokenised again (only for the hits shown, so indexing keeps no
//! offsets), every term or phrase occurrence of the query is marked, and the window of
//! at most [`WINDOW`] terms with the most marks is cut out on word boundaries.

use super::index::{Alternative, Unit};
use super::tokenize::for_each_term;

/// The most terms a snippet shows.
pub const WINDOW: usize = 32;

/// An excerpt with its matches.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Snippet {
    /// The excerpt as written.
    pub text: String,
    /// The excerpt with each match wrapped in « », and … where it was cut.
    pub highlighted: String,
    /// Matches as character offsets `[start, end)` into `text`.
    pub matches: Vec<(usize, usize)>,
}

/// The snippet of `text` for a query.
pub fn snippet(text: &str, units: &[Unit]) -> Snippet {
    let mut spans: Vec<(String, usize, usize)> = Vec::new();
    let mut buf = String::new();
    for_each_term(text, &mut buf, |t, s, e| spans.push((t.to_string(), s, e)));
    let mut marked = vec![false; spans.len()];
    for unit in units {
        for alternative in &unit.alternatives {
            match alternative {
                Alternative::Term(term) => {
                    for (k, (t, _, _)) in spans.iter().enumerate() {
                        if t == term {
                            marked[k] = true;
                        }
                    }
                }
                Alternative::Phrase(terms) => {
                    if terms.is_empty() || terms.len() > spans.len() {
                        continue;
                    }
                    for k in 0..=spans.len() - terms.len() {
                        if terms.iter().enumerate().all(|(j, t)| spans[k + j].0 == *t) {
                            for m in &mut marked[k..k + terms.len()] {
                                *m = true;
                            }
                        }
                    }
                }
            }
        }
    }
    if spans.is_empty() {
        return Snippet {
            text: String::new(),
            highlighted: String::new(),
            matches: Vec::new(),
        };
    }
    // The window with the most marks; the earliest wins a tie.
    let width = WINDOW.min(spans.len());
    let mut best = (0usize, 0usize);
    let mut count: usize = marked[..width].iter().filter(|m| **m).count();
    best.1 = count;
    for start in 1..=spans.len() - width {
        count -= usize::from(marked[start - 1]);
        count += usize::from(marked[start + width - 1]);
        if count > best.1 {
            best = (start, count);
        }
    }
    let (first, last) = (best.0, best.0 + width - 1);
    let from = if first == 0 { 0 } else { spans[first].1 };
    let to = if last + 1 == spans.len() {
        text.len()
    } else {
        spans[last].2
    };
    let excerpt = text[from..to].trim();
    let lead = text[from..to].len() - text[from..to].trim_start().len();
    let from = from + lead;
    // Marked runs, merged when only white space lies between them.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for k in first..=last {
        if !marked[k] {
            continue;
        }
        let (_, s, e) = spans[k];
        if let Some(previous) = runs.last_mut() {
            if k > 0 && marked[k - 1] && text[previous.1..s].trim().is_empty() {
                previous.1 = e;
                continue;
            }
        }
        runs.push((s, e));
    }
    let mut highlighted = String::new();
    if first > 0 {
        highlighted.push('…');
    }
    let mut matches = Vec::new();
    let mut at = from;
    for (s, e) in runs {
        if s < from || e > from + excerpt.len() {
            continue;
        }
        highlighted.push_str(&text[at..s]);
        highlighted.push('«');
        highlighted.push_str(&text[s..e]);
        highlighted.push('»');
        let start = text[from..s].chars().count();
        matches.push((start, start + text[s..e].chars().count()));
        at = e;
    }
    highlighted.push_str(&text[at..from + excerpt.len()]);
    if last + 1 < spans.len() {
        highlighted.push('…');
    }
    Snippet {
        text: excerpt.to_string(),
        highlighted,
        matches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse_query;

    #[test]
    fn marks_terms_and_phrases() {
        let units = parse_query("\"oil embargo\" sanctions", None);
        let s = snippet("An oil embargo, and sanctioned oil.", &units);
        assert_eq!(s.highlighted, "An «oil embargo», and «sanctioned» oil.");
        assert_eq!(s.matches, [(3, 14), (20, 30)]);
    }
}
