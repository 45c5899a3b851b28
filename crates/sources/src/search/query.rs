//! Queries: words, quoted phrases, and actor names expanded to the actor's id, name and
//! aliases.
//!
//! `"oil embargo" Moscow` has two units: the phrase, and "Moscow", which the model
//! resolves to RUS, so the unit also matches "RUS", "Russian Federation", "Russia",
//! "the Kremlin" and the other aliases. Runs of up to five unquoted words are tried as
//! actor names, longest first ("North Korea" before "North"). A short English word
//! written in lower case ("us") stays a word; in capitals ("US") it names the actor.

use statecraft_model::Model;

use super::index::{Alternative, Unit};
use super::tokenize::terms;

/// The longest run of words tried as an actor name.
const LONGEST_NAME: usize = 5;

fn alternative(text: &str) -> Option<Alternative> {
    let t = terms(text);
    match t.len() {
        0 => None,
        1 => t.into_iter().next().map(Alternative::Term),
        _ => Some(Alternative::Phrase(t)),
    }
}

/// Short English words that are also actors' abbreviations ("US"): written in
/// lower case they are read as the word, and only in capitals as the actor.
const COMMON_WORDS: [&str; 24] = [
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "on", "or", "so", "to", "up", "us", "we",
];

fn unit(written: &str, model: Option<&Model>) -> Option<Unit> {
    let own = alternative(written)?;
    let mut alternatives = vec![own];
    let a_word = COMMON_WORDS.contains(&written);
    if let Some(actor) = model
        .filter(|_| !a_word)
        .and_then(|m| m.resolve_actor(written))
    {
        let names = std::iter::once(actor.id.as_str())
            .chain(std::iter::once(actor.name.as_str()))
            .chain(actor.aliases.iter().map(String::as_str));
        for name in names {
            if let Some(a) = alternative(name) {
                if !alternatives.contains(&a) {
                    alternatives.push(a);
                }
            }
        }
    }
    Some(Unit {
        written: written.to_string(),
        alternatives,
    })
}

/// Parses a query. With a model, names of actors expand to all the actor's names.
pub fn parse_query(text: &str, model: Option<&Model>) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('"') {
            None => {
                words(rest, model, &mut units);
                break;
            }
            Some(open) => {
                words(&rest[..open], model, &mut units);
                let after = &rest[open + 1..];
                let (phrase, next) = match after.find('"') {
                    Some(close) => (&after[..close], &after[close + 1..]),
                    None => (after, ""),
                };
                if let Some(u) = unit(phrase.trim(), model) {
                    units.push(u);
                }
                rest = next;
            }
        }
    }
    units
}

/// Unquoted words: each is a unit, except runs that name an actor.
fn words(text: &str, model: Option<&Model>, units: &mut Vec<Unit>) {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while i < words.len() {
        let mut taken = 1;
        if let Some(model) = model {
            for n in (2..=LONGEST_NAME.min(words.len() - i)).rev() {
                let name = words[i..i + n].join(" ");
                if model.resolve_actor(&name).is_some() {
                    taken = n;
                    break;
                }
            }
        }
        let written = words[i..i + taken].join(" ");
        if let Some(u) = unit(&written, model) {
            units.push(u);
        }
        i += taken;
    }
}
