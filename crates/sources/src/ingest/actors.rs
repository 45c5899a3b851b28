//! Actor mentions: names and aliases of the model's actors found in a paragraph, and
//! capitalised names the model does not know.
//!
//! Names are matched as written (case matters: "US" is not "us") at word boundaries,
//! longest first, so "North Korea" wins over "Korea". A demonym table maps adjectives
//! ("Russian", "North Korean") to the country name, which is then resolved through the
//! model like any name. The unknown-name finder is a suggestion list: runs of
//! capitalised words that are no actor, month, demonym or sentence-opening word.

use statecraft_model::{Actor, ActorId, Model};

use super::lexer::{Kind, Token};

/// A mention of a known actor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mention {
    pub actor: ActorId,
    pub text: String,
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// Adjectives and plural nouns for peoples, and the name they point to.
const DEMONYMS: [(&str, &str); 18] = [
    ("North Korean", "North Korea"),
    ("South Korean", "South Korea"),
    ("Russian", "Russia"),
    ("Soviet", "Soviet Union"),
    ("Chinese", "China"),
    ("Japanese", "Japan"),
    ("American", "United States"),
    ("British", "United Kingdom"),
    ("French", "France"),
    ("German", "Germany"),
    ("Mongolian", "Mongolia"),
    ("Ukrainian", "Ukraine"),
    ("Vietnamese", "Vietnam"),
    ("Syrian", "Syria"),
    ("Indian", "India"),
    ("Iranian", "Iran"),
    ("Turkish", "Turkey"),
    ("European", "European Union"),
];

/// The names to look for: (text, actor), longest first.
pub fn name_table(model: &Model) -> Vec<(String, ActorId)> {
    let mut names: Vec<(String, ActorId)> = Vec::new();
    let mut add = |text: &str, actor: &Actor| {
        let text = text.trim();
        if text.len() >= 2 && !names.iter().any(|(t, _)| t == text) {
            names.push((text.to_string(), actor.id.clone()));
        }
    };
    for actor in &model.actors {
        add(&actor.name, actor);
        for alias in &actor.aliases {
            add(alias, actor);
        }
        // State codes are written as such in some texts ("DPRK" is an alias; "RUS" rarely).
        if actor.id.as_str().chars().all(|c| c.is_ascii_uppercase()) {
            add(actor.id.as_str(), actor);
        }
    }
    for (demonym, country) in DEMONYMS {
        if let Some(actor) = model.resolve_actor(country) {
            add(demonym, actor);
        }
    }
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    names
}

/// Every mention of a known actor in a cleaned paragraph, in text order.
pub fn find_mentions(text: &str, names: &[(String, ActorId)]) -> Vec<Mention> {
    let mut taken = vec![false; text.len()];
    let mut out = Vec::new();
    for (name, actor) in names {
        let lower_only = name.chars().all(|c| !c.is_uppercase());
        let mut from = 0;
        while let Some(pos) = find_from(text, name, from, lower_only) {
            let mut end = pos + name.len();
            from = end;
            let before_ok = text[..pos]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            // A plural or possessive "s" may follow a demonym or name: "North Koreans".
            let after = text[end..].chars().next();
            let after_ok = match after {
                None => true,
                Some('s') => {
                    let past = text[end + 1..].chars().next();
                    if past.is_none_or(|c| !c.is_alphanumeric()) {
                        end += 1;
                        true
                    } else {
                        false
                    }
                }
                Some(c) => !c.is_alphanumeric(),
            };
            if !before_ok || !after_ok || taken[pos..end].iter().any(|t| *t) {
                continue;
            }
            taken[pos..end].iter_mut().for_each(|t| *t = true);
            out.push(Mention {
                actor: actor.clone(),
                text: text[pos..end].to_string(),
                start: pos,
                end,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

fn find_from(text: &str, name: &str, from: usize, lower_only: bool) -> Option<usize> {
    if from > text.len() {
        return None;
    }
    if lower_only {
        // All-lower-case names match any case ("the west" / "The West").
        let hay = text[from..].to_lowercase();
        if hay.len() != text.len() - from {
            return text[from..].find(name).map(|p| p + from);
        }
        return hay.find(name).map(|p| p + from);
    }
    text[from..].find(name).map(|p| p + from)
}

/// The distinct actors of some mentions, in order of first mention.
pub fn distinct(mentions: &[&Mention]) -> Vec<ActorId> {
    let mut out: Vec<ActorId> = Vec::new();
    for m in mentions {
        if !out.contains(&m.actor) {
            out.push(m.actor.clone());
        }
    }
    out
}

/// A capitalised name that no actor's name or alias matches.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnknownName {
    pub name: String,
    pub mentions: usize,
    pub paragraphs: Vec<u32>,
    /// `organisation`, `company`, `person` or `group`: a guess from the words in it.
    pub kind: &'static str,
}

/// Words that open sentences or are capitalised for reasons other than being a name.
const NOT_NAMES: [&str; 92] = [
    "More",
    "Where",
    "Does",
    "Do",
    "Did",
    "Is",
    "Are",
    "Was",
    "Were",
    "Not",
    "No",
    "Yes",
    "Also",
    "Because",
    "Instead",
    "Indeed",
    "Finally",
    "First",
    "Second",
    "Third",
    "Last",
    "Now",
    "Here",
    "All",
    "Any",
    "Other",
    "Only",
    "Brief",
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "It",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "And",
    "Or",
    "However",
    "While",
    "Although",
    "As",
    "After",
    "Before",
    "Since",
    "When",
    "If",
    "For",
    "With",
    "By",
    "From",
    "Their",
    "His",
    "Her",
    "Our",
    "There",
    "Then",
    "Yet",
    "So",
    "Still",
    "Even",
    "Both",
    "Each",
    "Some",
    "Many",
    "Most",
    "Such",
    "What",
    "Which",
    "Who",
    "Why",
    "How",
    "Meanwhile",
    "Moreover",
    "Despite",
    "Under",
    "Over",
    "Until",
    "Monday",
    "Friday",
    "Mr",
    "Ms",
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const ORGANISATION_WORDS: [&str; 22] = [
    "Ministry",
    "Council",
    "Committee",
    "Agency",
    "Organization",
    "Organisation",
    "Union",
    "Assembly",
    "Institute",
    "Party",
    "Department",
    "Office",
    "Bureau",
    "Forum",
    "Commission",
    "Fund",
    "Association",
    "Army",
    "Navy",
    "Guard",
    "Parliament",
    "Court",
];

const COMPANY_WORDS: [&str; 12] = [
    "Bank",
    "Railways",
    "Railway",
    "Company",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Group",
    "Airlines",
    "Shipping",
    "Holdings",
];

/// Titles that are not names on their own ("President Putin": the name is the actor).
const TITLES: [&str; 18] = [
    "President",
    "Prime",
    "Minister",
    "Chairman",
    "Secretary",
    "General",
    "Leader",
    "Chancellor",
    "King",
    "Queen",
    "Premier",
    "Foreign",
    "Deputy",
    "Vice",
    "Ambassador",
    "Senator",
    "Governor",
    "Supreme",
];

/// Capitalised runs in one paragraph's tokens that are not known names, each with
/// whether it is a single word opening a sentence (weak evidence of a name). Runs may
/// join words with "of" ("Ministry of Trade") or a hyphen ("Kim Yong-nam").
pub fn capitalised_runs(tokens: &[Token<'_>], mentions: &[Mention]) -> Vec<(String, bool)> {
    let covered = |t: &Token<'_>| mentions.iter().any(|m| t.start < m.end && m.start < t.end);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let starts_sentence = i == 0 || tokens[i - 1].sentence != t.sentence;
        let candidate = |t: &Token<'_>| {
            t.is_capitalised()
                && !covered(t)
                && !MONTH_NAMES.contains(&t.text)
                && !DEMONYMS
                    .iter()
                    .any(|(d, _)| d.split(' ').any(|w| w == t.text))
                && t.text.chars().count() > 1
        };
        if !candidate(t) || (NOT_NAMES.contains(&t.text)) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut name = t.text.to_string();
        let mut words = 1;
        loop {
            let next = tokens.get(j + 1);
            let next2 = tokens.get(j + 2);
            if next.is_some_and(|n| candidate(n) && n.sentence == t.sentence && !n.glued) {
                name.push(' ');
                name.push_str(next.map_or("", |n| n.text));
                words += 1;
                j += 1;
            } else if next.is_some_and(|n| n.is_word("of") || (n.is_symbol('-') && n.glued))
                && next2.is_some_and(|n| candidate(n) && n.sentence == t.sentence)
            {
                let joiner = if next.is_some_and(|n| n.kind == Kind::Word) {
                    " of "
                } else {
                    "-"
                };
                name.push_str(joiner);
                name.push_str(next2.map_or("", |n| n.text));
                words += 1;
                j += 2;
            } else {
                break;
            }
        }
        let name = name
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .to_string();
        if !(words == 1 && TITLES.contains(&name.as_str())) {
            out.push((name, starts_sentence && words == 1));
        }
        i = j + 1;
    }
    out
}

/// A guess of an unknown name's kind from the words in it.
pub fn kind_guess(name: &str) -> &'static str {
    let words: Vec<&str> = name.split([' ', '-']).collect();
    if words.iter().any(|w| COMPANY_WORDS.contains(w)) {
        "company"
    } else if words.iter().any(|w| ORGANISATION_WORDS.contains(w)) {
        "organisation"
    } else if words.len() >= 2 && words.len() <= 3 && words.iter().all(|w| w.chars().count() > 1) {
        "person"
    } else {
        "organisation"
    }
}
