//! Keyword lists: which channel kind a sentence is about, which PLOVER category an
//! event's verb suggests, and which metric a figure measures.
//!
//! Every list matches word beginnings in lower case ("invest" matches "investment",
//! "invested"), so each entry is a stem. These are guesses for a reviewer, shown with
//! the keyword that decided them; they do not parse grammar.

use statecraft_model::{ChannelKind, Plover};

use super::lexer::{Kind, Token};

/// Keyword stems per channel kind. A stem ending in `=` matches the whole word and its
/// inflections only ("port=" matches "ports", not "portion").
pub const CHANNEL_KEYWORDS: [(ChannelKind, &[&str]); 13] = [
    (
        ChannelKind::Trade,
        &[
            "trade",
            "trading",
            "export",
            "import",
            "turnover",
            "commerce",
            "commercial",
            "goods",
            "sold=",
            "sell",
            "sales",
            "purchas",
            "bought=",
            "merchandise",
        ],
    ),
    (
        ChannelKind::Labour,
        &[
            "worker", "labor", "labour", "migrant", "guest", "employ", "wage", "earn", "hire=",
            "hiring", "laborer", "labourer",
        ],
    ),
    (
        ChannelKind::Investment,
        &[
            "invest", "project", "venture", "stake", "shares=", "capital", "lease", "upgrade",
            "moderniz", "modernis",
        ],
    ),
    (
        ChannelKind::Debt,
        &[
            "debt",
            "loan",
            "owe=",
            "owing",
            "credit",
            "write off",
            "wrote off",
            "written off",
            "repay",
        ],
    ),
    (
        ChannelKind::Finance,
        &[
            "bank=",
            "banks=",
            "banking",
            "financ",
            "transfer",
            "payment",
            "transaction",
            "asset",
            "frozen",
            "remittance",
        ],
    ),
    (
        ChannelKind::Fishing,
        &[
            "fish=",
            "fisher",
            "fishery",
            "fisheries",
            "poach",
            "squid",
            "catch=",
            "schooner",
            "trawler",
            "crab=",
        ],
    ),
    (
        ChannelKind::Aviation,
        &[
            "flight",
            "airline",
            "airport",
            "aircraft",
            "air service",
            "fly=",
            "flew=",
        ],
    ),
    (
        ChannelKind::Transport,
        &[
            "rail=",
            "railway",
            "railroad",
            "road=",
            "bridge",
            "port=",
            "route",
            "transit",
            "transship",
            "cargo",
            "pier=",
            "shipping",
            "freight",
            "highway",
        ],
    ),
    (
        ChannelKind::Education,
        &[
            "student",
            "universit",
            "school",
            "scholarship",
            "study=",
            "studies",
            "academ",
        ],
    ),
    (
        ChannelKind::Energy,
        &[
            "oil=",
            "gas=",
            "pipeline",
            "fuel",
            "electricit",
            "petroleum",
            "energy",
            "coal=",
        ],
    ),
    (
        ChannelKind::Military,
        &[
            "troop", "missile", "weapon", "arms=", "military", "soldier", "warship", "army=",
            "defence", "defense",
        ],
    ),
    (
        ChannelKind::Diplomatic,
        &[
            "visit",
            "summit",
            "talks=",
            "delegation",
            "diplomat",
            "embassy",
            "envoy",
            "ambassador",
        ],
    ),
    (
        ChannelKind::Geography,
        &[
            "border", "frontier", "neighbo", "territor", "coast", "kilomet",
        ],
    ),
];

/// Verb and noun stems per PLOVER category; on a tie of distance the earlier category
/// wins, so the more specific ones come first.
pub const PLOVER_KEYWORDS: [(Plover, &[&str]); 16] = [
    (
        Plover::Assault,
        &[
            "attack", "shell=", "bomb", "kill=", "clash", "skirmish", "fired on", "shot=",
            "invade", "invasion",
        ],
    ),
    (
        Plover::Mobilize,
        &[
            "test=", "launch", "deploy", "mobiliz", "mobilis", "drill=", "exercise", "detonat",
        ],
    ),
    (
        Plover::Coerce,
        &[
            "seize",
            "arrest",
            "detain",
            "confiscat",
            "blockade",
            "raid=",
            "clamp",
        ],
    ),
    (
        Plover::Sanction,
        &[
            "sanction", "embargo", "ban=", "froze", "freez", "expel", "restrict", "designat",
            "impose", "sever", "cut off", "suspend",
        ],
    ),
    (Plover::Threaten, &["threat", "warn", "ultimatum"]),
    (
        Plover::Protest,
        &["protest", "demonstrat", "rally=", "boycott"],
    ),
    (
        Plover::Accuse,
        &[
            "accuse", "blame", "critici", "condemn", "denounc", "charged=",
        ],
    ),
    (
        Plover::Reject,
        &[
            "reject", "refus", "veto", "deny=", "denied=", "declin", "oppose", "block=",
        ],
    ),
    (
        Plover::Request,
        &[
            "ask=",
            "request",
            "call for",
            "called for",
            "calls for",
            "urge",
            "appeal",
            "demand",
        ],
    ),
    (
        Plover::Retreat,
        &[
            "withdr",
            "pull out",
            "pulled out",
            "retreat",
            "halt",
            "abandon",
        ],
    ),
    (
        Plover::Concede,
        &[
            "concede",
            "concession",
            "ease=",
            "lift=",
            "relax",
            "release",
            "write off",
            "wrote off",
            "written off",
            "forgive",
            "forgave",
        ],
    ),
    (
        Plover::Aid,
        &[
            "aid=",
            "assistance",
            "donat",
            "humanitarian",
            "relief",
            "grant=",
        ],
    ),
    (
        Plover::Agree,
        &[
            "agree", "accords=", "deal=", "sign=", "pledge", "promise", "settle", "treaty",
            "treaties",
        ],
    ),
    (
        Plover::Support,
        &[
            "support", "endorse", "backed=", "praise", "defend", "welcome", "recogni",
        ],
    ),
    (
        Plover::Cooperate,
        &[
            "cooperat",
            "co-operat",
            "joint",
            "coordinat",
            "collaborat",
            "establish",
            "set up",
            "open=",
        ],
    ),
    (
        Plover::Consult,
        &[
            "met=",
            "meet",
            "visit",
            "talks=",
            "summit",
            "consult",
            "discuss",
            "host=",
            "delegation",
            "negotiat",
            "travel",
            "phone",
        ],
    ),
];

/// Lower-case words of a sentence with their token indices.
fn words(tokens: &[Token<'_>], sentence: usize) -> Vec<(usize, String)> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.sentence == sentence && t.kind == Kind::Word)
        .map(|(i, t)| (i, t.lower()))
        .collect()
}

/// True when a stem (one or two words) matches at word `j`.
fn stem_at(words: &[(usize, String)], j: usize, stem: &str) -> bool {
    let mut parts = stem.split(' ');
    let first = parts.next().unwrap_or("");
    let word = words[j].1.as_str();
    let ok = match first.strip_suffix('=') {
        Some(whole) => word.strip_prefix(whole).is_some_and(|rest| {
            matches!(
                rest,
                "" | "s" | "es" | "d" | "ed" | "ing" | "ned" | "ning" | "ped" | "ping"
            )
        }),
        None => word.starts_with(first),
    };
    if !ok {
        return false;
    }
    match parts.next() {
        None => true,
        Some(second) => words.get(j + 1).is_some_and(|w| w.1.starts_with(second)),
    }
}

/// The channel kind a sentence's keywords suggest, with the deciding keyword; ties go
/// to the kind whose keyword is nearest `near` (a token index).
pub fn channel_kind(
    tokens: &[Token<'_>],
    sentence: usize,
    near: usize,
) -> Option<(ChannelKind, String)> {
    let words = words(tokens, sentence);
    let mut best: Option<(usize, usize, ChannelKind, String)> = None;
    for (kind, stems) in CHANNEL_KEYWORDS {
        let mut count = 0;
        let mut nearest: Option<(usize, String)> = None;
        for j in 0..words.len() {
            if let Some(stem) = stems.iter().find(|s| stem_at(&words, j, s)) {
                count += 1;
                let distance = words[j].0.abs_diff(near);
                if nearest.as_ref().is_none_or(|(d, _)| distance < *d) {
                    nearest = Some((distance, stem.trim_end_matches('=').to_string()));
                }
            }
        }
        if let Some((distance, stem)) = nearest {
            let better = best
                .as_ref()
                .is_none_or(|(c, d, _, _)| count > *c || (count == *c && distance < *d));
            if better {
                best = Some((count, distance, kind, stem));
            }
        }
    }
    best.map(|(_, _, kind, stem)| (kind, stem))
}

/// The PLOVER category a sentence suggests for a date at token `near`: the keyword
/// nearest the date wins.
pub fn plover(tokens: &[Token<'_>], sentence: usize, near: usize) -> Option<(Plover, String)> {
    let words = words(tokens, sentence);
    let mut best: Option<(usize, Plover, String)> = None;
    for (category, stems) in PLOVER_KEYWORDS {
        for j in 0..words.len() {
            if stems.iter().any(|s| stem_at(&words, j, s)) {
                let distance = words[j].0.abs_diff(near);
                if best.as_ref().is_none_or(|(d, _, _)| distance < *d) {
                    best = Some((distance, category, words[j].1.clone()));
                }
            }
        }
    }
    best.map(|(_, category, word)| (category, word))
}

/// A metric name for a figure, from its channel kind, unit and sentence keywords.
pub fn metric(kind: Option<ChannelKind>, unit_base: &str, sentence_words: &str) -> &'static str {
    let has = |w: &str| sentence_words.contains(w);
    match (kind, unit_base) {
        (_, "percent") if has("share") || has("account") => "share",
        (_, "percent")
            if has("decrease") || has("fall") || has("fell") || has("drop") || has("decline") =>
        {
            "decrease"
        }
        (_, "percent")
            if has("increase") || has("rise") || has("rose") || has("grew") || has("growth") =>
        {
            "increase"
        }
        (_, "percent") => "share",
        (_, "ratio") => "ratio",
        (_, "km") => "length",
        (_, "years") => "duration",
        (_, "days") => "duration",
        (_, "flights per week") => "flights",
        (_, "vessels") => "vessels",
        (Some(ChannelKind::Labour), "people") => "workers",
        (Some(ChannelKind::Education), "people") => "students",
        (_, "people") => "people",
        (Some(ChannelKind::Trade), _) if has("export") || has("sold") || has("sell") => "exports",
        (Some(ChannelKind::Trade), _) if has("import") || has("bought") || has("purchas") => {
            "imports"
        }
        (Some(ChannelKind::Trade), _) => "turnover",
        (Some(ChannelKind::Investment), _) => "investment",
        (Some(ChannelKind::Debt), _) => "debt",
        (Some(ChannelKind::Finance), _) => "transfer",
        (Some(ChannelKind::Transport), _) => "cost",
        (Some(ChannelKind::Energy), _) => "supply",
        (_, "tonnes") | (_, "barrels") => "volume",
        (_, "count") => "count",
        _ => "amount",
    }
}
