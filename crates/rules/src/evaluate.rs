//! Evaluating an activity against the measures of a model on a date.
//!
//! Every measure is looked at: whether it is in force on the date, then each of its
//! rules — whether the rule applies on the date (its own `from`, `until` and
//! `until_deadline`) and whether the activity meets each of its criteria — in
//! three-valued logic ([`Truth`]), so a field the activity leaves out or a date too
//! coarse to place a rule's start or end makes the answer unknown only where the answer
//! depends on it. docs/rules.md states the semantics; this module implements them and
//! does nothing else (no I/O, no wording beyond short reasons).

use serde::Serialize;
use statecraft_model::{
    ActorId, Cap, ChannelKind, Date, DatumId, Effect, Evidence, Measure, MeasureId, Model, RuleSpec,
};

use crate::activity::{Activity, ActivityField, Stated, normalise, vocabulary};
use crate::truth::{Truth, all, any};

/// The answer to "was this activity permitted on this date?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No restriction in force matches the activity.
    Permitted,
    /// A restriction in force matches and no exemption of its measure does.
    Prohibited,
    /// A restriction in force matches (or may match) and an exemption of the same
    /// measure matches.
    PermittedByExemption,
    /// The rules cannot decide: a rule needs a field the activity did not give, a rule
    /// caps a quantity the activity does not state, or the date is too coarse to tell
    /// whether a measure or rule applied. Never read as permitted.
    Undetermined,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Permitted => "permitted",
            Verdict::Prohibited => "prohibited",
            Verdict::PermittedByExemption => "permitted by exemption",
            Verdict::Undetermined => "undetermined",
        }
    }
}

/// Whether a rule restricts or exempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Restriction,
    Exemption,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Restriction => "restriction",
            RuleKind::Exemption => "exemption",
        }
    }
}

/// What an undetermined answer needs to be settled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Need {
    /// A field of the activity.
    Field { field: ActivityField },
    /// The quantity of the activity, to compare with a cap.
    Quantity,
    /// A narrower date: the one asked about straddles a start or end of a measure or rule.
    Date { boundary: String },
}

impl Need {
    /// A short phrase: `origin (--origin)`, `quantity`, `a narrower date than …`.
    pub fn describe(&self) -> String {
        match self {
            Need::Field { field } => format!("{} ({})", field.as_str(), field.flag()),
            Need::Quantity => "the quantity of the activity".to_string(),
            Need::Date { boundary } => format!("a narrower date ({boundary})"),
        }
    }
}

/// One reason an answer is undetermined: what is needed and which measure and rule need it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub need: Need,
    pub measure: MeasureId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<DatumId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_kind: Option<RuleKind>,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// How one criterion of a rule fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionOutcome {
    /// The criterion as the model names it (`origin_not`, `via`, …).
    pub criterion: &'static str,
    /// The values the rule lists.
    pub values: Vec<String>,
    pub truth: Truth,
}

/// How one rule fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleOutcome {
    pub measure: MeasureId,
    pub rule: DatumId,
    pub kind: RuleKind,
    pub description: String,
    /// Whether the rule's own dates cover the date asked about.
    pub applies_at_date: Truth,
    /// The rule's own dates, when it has any (`until deadline unsc-2397-repatriation (2019-12-22)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
    pub criteria: Vec<CriterionOutcome>,
    /// Dates and criteria together (and, for a cap, unknown: the quantity is not given).
    pub matches: Truth,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumption: bool,
    #[serde(skip)]
    needs: Vec<(Need, String)>,
}

/// What a measure does to the activity on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureEffect {
    /// Not in force on the date.
    NotInForce,
    /// In force; none of its restrictions matches.
    NoRestrictionMatches,
    /// A restriction matches and no exemption does.
    Prohibits,
    /// A restriction matches (or may) and an exemption lifts it.
    Exempts,
    /// The measure's effect depends on something unknown.
    Undetermined,
}

impl MeasureEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureEffect::NotInForce => "not in force",
            MeasureEffect::NoRestrictionMatches => "no restriction matches",
            MeasureEffect::Prohibits => "prohibits",
            MeasureEffect::Exempts => "exempts",
            MeasureEffect::Undetermined => "undetermined",
        }
    }
}

/// How one measure fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureOutcome {
    pub measure: MeasureId,
    pub title: String,
    pub body: ActorId,
    /// `2016-03-02 onwards`, `1950-07-07 to 1953`, …
    pub in_force_dates: String,
    pub in_force: Truth,
    /// Some restriction of the measure matches.
    pub restricted: Truth,
    /// Some exemption of the measure matches.
    pub exempted: Truth,
    /// The measure prohibits the activity: in force, restricted, not exempted.
    pub prohibits: Truth,
    pub effect: MeasureEffect,
    /// Every rule's outcome (none for a measure not in force: its rules are not evaluated).
    pub rules: Vec<RuleOutcome>,
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumption: bool,
}

/// The full answer, with everything it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub as_of: Date,
    pub activity: Activity,
    pub verdict: Verdict,
    /// One sentence saying why.
    pub reason: String,
    /// True when no measure of the model was in force on the date.
    pub no_measure_in_force: bool,
    /// The rules that decide the verdict: the matching restrictions of the prohibiting
    /// measures; or the exemptions and the restrictions they lift.
    pub deciding: Vec<RuleOutcome>,
    /// For an undetermined answer: what would settle it.
    pub missing: Vec<Missing>,
    /// Every measure of the model, with its status and effect on the date.
    pub measures: Vec<MeasureOutcome>,
    /// Remarks that do not change the verdict (a goods word no rule names, …).
    pub notes: Vec<String>,
}

impl Answer {
    /// The measures in force on the date (or possibly in force, for a coarse date).
    pub fn considered(&self) -> impl Iterator<Item = &MeasureOutcome> {
        self.measures.iter().filter(|m| m.in_force != Truth::No)
    }
}

/// Whether a span (either end open) covers the date asked about: yes when it covers
/// every day of it, no when it covers none, unknown otherwise. A `from` date covers the
/// span from its first day when it is exact to the day; at coarser precision the start
/// is somewhere inside it, so only dates after its last day are certainly covered. The
/// same holds for the end.
pub fn covers(from: Option<&Date>, to: Option<&Date>, at: &Date) -> Truth {
    let disjoint = from.is_some_and(|f| f.start > at.end) || to.is_some_and(|t| t.end < at.start);
    if disjoint {
        return Truth::No;
    }
    let surely_started = from.is_none_or(|f| f.end <= at.start);
    let surely_not_ended = to.is_none_or(|t| t.start >= at.end);
    Truth::from_bool(surely_started && surely_not_ended).or(Truth::Unknown)
}

fn span(from: Option<&Date>, to: Option<&Date>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        (Some(f), None) => format!("{f} onwards"),
        (None, Some(t)) => format!("until {t}"),
        (None, None) => "always".to_string(),
    }
}

/// Evaluates an activity on a date against every measure of a model.
///
/// The model is usually the whole model (the rules in force on the date as the model
/// records them now); pass a view from `view::as_of` to ask what was known by the date.
pub fn evaluate(model: &Model, as_of: &Date, activity: &Activity) -> Answer {
    let measures: Vec<MeasureOutcome> = model
        .measures
        .iter()
        .map(|m| evaluate_measure(m, as_of, activity))
        .collect();
    let prohibited = any(measures.iter().map(|m| m.prohibits));
    let no_measure_in_force = measures.iter().all(|m| m.in_force == Truth::No);

    let mut deciding = Vec::new();
    let mut missing = Vec::new();
    let verdict;
    let reason;
    match prohibited {
        Truth::Yes => {
            verdict = Verdict::Prohibited;
            let mut names = Vec::new();
            for m in measures.iter().filter(|m| m.prohibits == Truth::Yes) {
                names.push(m.measure.to_string());
                deciding.extend(
                    m.rules
                        .iter()
                        .filter(|r| r.kind == RuleKind::Restriction && r.matches == Truth::Yes)
                        .cloned(),
                );
            }
            reason = format!(
                "prohibited by {}: a restriction in force matches and no exemption of the same measure does",
                names.join(", ")
            );
        }
        Truth::No => {
            let exempting: Vec<&MeasureOutcome> = measures
                .iter()
                .filter(|m| {
                    m.in_force != Truth::No && m.restricted != Truth::No && m.exempted == Truth::Yes
                })
                .collect();
            if exempting.is_empty() {
                verdict = Verdict::Permitted;
                reason = if no_measure_in_force {
                    format!(
                        "no measure in force at {as_of}: the model records no restriction on any activity then"
                    )
                } else {
                    format!("no restriction in force at {as_of} matches the activity")
                };
            } else {
                verdict = Verdict::PermittedByExemption;
                let mut names = Vec::new();
                for m in &exempting {
                    names.push(m.measure.to_string());
                    // The exemptions that lift the measure, then the restrictions they lift.
                    deciding.extend(
                        m.rules
                            .iter()
                            .filter(|r| r.kind == RuleKind::Exemption && r.matches == Truth::Yes)
                            .cloned(),
                    );
                    deciding.extend(
                        m.rules
                            .iter()
                            .filter(|r| r.kind == RuleKind::Restriction && r.matches != Truth::No)
                            .cloned(),
                    );
                }
                reason = format!(
                    "restricted, but exempt under {}: an exemption of the same measure matches",
                    names.join(", ")
                );
            }
        }
        Truth::Unknown => {
            verdict = Verdict::Undetermined;
            for m in measures.iter().filter(|m| m.prohibits == Truth::Unknown) {
                missing.extend(missing_of(m, as_of));
            }
            let mut needs: Vec<String> = Vec::new();
            for x in &missing {
                let d = x.need.describe();
                if !needs.contains(&d) {
                    needs.push(d);
                }
            }
            reason = format!("the rules cannot decide without {}", needs.join(", "));
        }
    }
    let mut notes = notes(model, activity);
    if verdict == Verdict::Prohibited && activity.purpose == Stated::NotGiven {
        notes.extend(purpose_exemptions(&measures));
    }
    Answer {
        as_of: *as_of,
        activity: activity.clone(),
        verdict,
        reason,
        no_measure_in_force,
        deciding,
        missing,
        measures,
        notes,
    }
}

/// For a prohibition of an activity that declares no purpose: the exemptions of the
/// prohibiting measures that fail only for want of a declared purpose.
fn purpose_exemptions(measures: &[MeasureOutcome]) -> Vec<String> {
    let mut notes = Vec::new();
    for m in measures.iter().filter(|m| m.prohibits == Truth::Yes) {
        for r in m.rules.iter().filter(|r| r.kind == RuleKind::Exemption) {
            let failing: Vec<&CriterionOutcome> = r
                .criteria
                .iter()
                .filter(|c| c.truth != Truth::Yes)
                .collect();
            if r.applies_at_date == Truth::Yes
                && failing.len() == 1
                && failing[0].criterion == "purpose"
            {
                notes.push(format!(
                    "exemption {} of {} would apply to an activity declaring its purpose as {} (--purpose)",
                    r.rule,
                    m.measure,
                    failing[0].values.join(" or ")
                ));
            }
        }
    }
    notes
}

/// Remarks on words no rule uses: such an activity matches no rule naming goods or
/// routes, which is what the data says, but a typing slip would look the same.
fn notes(model: &Model, activity: &Activity) -> Vec<String> {
    let rules = || {
        model
            .measures
            .iter()
            .flat_map(|m| m.restricts.iter().chain(&m.exemptions))
    };
    let mut notes = Vec::new();
    if let Some(goods) = &activity.goods {
        if !rules().any(|r| r.goods.iter().any(|g| same_word(g, goods))) {
            notes.push(format!(
                "no rule names the goods {goods:?}, so only rules that name no goods can match it (goods the rules name: {})",
                list(&vocabulary(model).goods)
            ));
        }
    }
    if let Some(via) = activity.via.given() {
        let named = |r: &RuleSpec| r.via.iter().chain(&r.via_not).any(|v| same_word(v, via));
        if !rules().any(named) {
            notes.push(format!(
                "no rule names the route {via:?} (routes the rules name: {})",
                list(&vocabulary(model).via)
            ));
        }
    }
    notes
}

/// True when a rule's word, trimmed and lower-cased, is the (already normalised) word.
fn same_word(rule_word: &str, normalised: &str) -> bool {
    rule_word
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(normalised.chars())
}

fn list(words: &std::collections::BTreeSet<String>) -> String {
    if words.is_empty() {
        "none".to_string()
    } else {
        words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn evaluate_measure(measure: &Measure, as_of: &Date, activity: &Activity) -> MeasureOutcome {
    let from = measure.effective_from();
    let in_force = covers(Some(&from), measure.in_force_to.as_ref(), as_of);
    // The rules of a measure surely not in force cannot matter; they are not evaluated.
    let live: &[RuleSpec] = if in_force == Truth::No {
        &[]
    } else {
        &measure.restricts
    };
    let live_exemptions: &[RuleSpec] = if in_force == Truth::No {
        &[]
    } else {
        &measure.exemptions
    };
    let rules: Vec<RuleOutcome> = live
        .iter()
        .map(|r| evaluate_rule(measure, r, RuleKind::Restriction, as_of, activity))
        .chain(
            live_exemptions
                .iter()
                .map(|r| evaluate_rule(measure, r, RuleKind::Exemption, as_of, activity)),
        )
        .collect();
    let restricted = any(rules
        .iter()
        .filter(|r| r.kind == RuleKind::Restriction)
        .map(|r| r.matches));
    let exempted = any(rules
        .iter()
        .filter(|r| r.kind == RuleKind::Exemption)
        .map(|r| r.matches));
    // The in-force factor is shared by every rule of the measure, so it is applied once
    // to the combination rather than to each rule: Kleene logic would otherwise lose
    // that the restriction and the exemption stand or fall together.
    let prohibits = in_force.and(restricted.and(exempted.negate()));
    let effect = if in_force == Truth::No {
        MeasureEffect::NotInForce
    } else if prohibits == Truth::Yes {
        MeasureEffect::Prohibits
    } else if restricted == Truth::No {
        MeasureEffect::NoRestrictionMatches
    } else if exempted == Truth::Yes {
        MeasureEffect::Exempts
    } else {
        MeasureEffect::Undetermined
    };
    MeasureOutcome {
        measure: measure.id.clone(),
        title: measure.title.clone(),
        body: measure.body.clone(),
        in_force_dates: span(Some(&from), measure.in_force_to.as_ref()),
        in_force,
        restricted,
        exempted,
        prohibits,
        effect,
        rules,
        evidence: measure.evidence.clone(),
        assumption: measure.assumption,
    }
}

fn evaluate_rule(
    measure: &Measure,
    rule: &RuleSpec,
    kind: RuleKind,
    as_of: &Date,
    activity: &Activity,
) -> RuleOutcome {
    let mut needs: Vec<(Need, String)> = Vec::new();

    // The rule's own dates: `from`, `until`, and the deadline it runs until.
    let mut applies_at_date = covers(rule.from.as_ref(), rule.until.as_ref(), as_of);
    let mut date_parts = Vec::new();
    if let Some(f) = &rule.from {
        date_parts.push(format!("from {f}"));
    }
    if let Some(u) = &rule.until {
        date_parts.push(format!("until {u}"));
    }
    if let Some(deadline_id) = &rule.until_deadline {
        match measure.deadlines.iter().find(|d| d.id == *deadline_id) {
            Some(deadline) => {
                date_parts.push(format!(
                    "until deadline {} ({})",
                    deadline.id, deadline.date
                ));
                applies_at_date = applies_at_date.and(covers(None, Some(&deadline.date), as_of));
            }
            None => {
                // A view as of a date drops a deadline no source published yet: the rule
                // still runs until it, but the engine cannot place it.
                date_parts.push(format!("until deadline {deadline_id} (date not known)"));
                applies_at_date = applies_at_date.and(Truth::Unknown);
            }
        }
    }
    let dates = (!date_parts.is_empty()).then(|| date_parts.join(", "));
    if applies_at_date == Truth::Unknown {
        needs.push((
            Need::Date {
                boundary: dates.clone().unwrap_or_default(),
            },
            format!(
                "{as_of} straddles a start or end of {} {} ({})",
                kind.as_str(),
                rule.id,
                dates.clone().unwrap_or_default()
            ),
        ));
    }

    let mut criteria = Vec::new();
    let mut criterion = |name: &'static str, values: Vec<String>, truth: Truth| {
        criteria.push(CriterionOutcome {
            criterion: name,
            values,
            truth,
        });
    };
    let words = |list: &[String]| list.iter().map(|w| normalise(w)).collect::<Vec<_>>();
    let ids = |list: &[ActorId]| list.iter().map(|a| a.0.clone()).collect::<Vec<_>>();
    let need_field = |field: ActivityField, needs: &mut Vec<(Need, String)>| {
        needs.push((
            Need::Field { field },
            format!(
                "{} {} matches on {} and the activity gives none",
                kind.as_str(),
                rule.id,
                field.as_str()
            ),
        ));
    };

    if !rule.channel.is_empty() {
        let truth = match activity.channel {
            None => {
                need_field(ActivityField::Channel, &mut needs);
                Truth::Unknown
            }
            Some(k) => Truth::from_bool(rule.channel.contains(&k)),
        };
        criterion(
            "channel",
            rule.channel
                .iter()
                .map(|k| ChannelKind::as_str(*k).to_string())
                .collect(),
            truth,
        );
    }
    if !rule.goods.is_empty() {
        let values = words(&rule.goods);
        let truth = match &activity.goods {
            None => {
                need_field(ActivityField::Goods, &mut needs);
                Truth::Unknown
            }
            Some(g) => Truth::from_bool(values.contains(g)),
        };
        criterion("goods", values, truth);
    }
    let mut actor_criterion = |name: &'static str,
                               list: &[ActorId],
                               negated: bool,
                               field: ActivityField,
                               value: &Option<ActorId>,
                               needs: &mut Vec<(Need, String)>| {
        if list.is_empty() {
            return;
        }
        let truth = match value {
            None => {
                need_field(field, needs);
                Truth::Unknown
            }
            Some(a) => Truth::from_bool(list.contains(a) != negated),
        };
        criterion(name, ids(list), truth);
    };
    actor_criterion(
        "origin",
        &rule.origin,
        false,
        ActivityField::Origin,
        &activity.origin,
        &mut needs,
    );
    actor_criterion(
        "origin_not",
        &rule.origin_not,
        true,
        ActivityField::Origin,
        &activity.origin,
        &mut needs,
    );
    actor_criterion(
        "exporter",
        &rule.exporter,
        false,
        ActivityField::Exporter,
        &activity.exporter,
        &mut needs,
    );
    actor_criterion(
        "importer",
        &rule.importer,
        false,
        ActivityField::Importer,
        &activity.importer,
        &mut needs,
    );

    for (name, list, negated) in [("via", &rule.via, false), ("via_not", &rule.via_not, true)] {
        if list.is_empty() {
            continue;
        }
        let values = words(list);
        let truth = match &activity.via {
            Stated::NotGiven => {
                need_field(ActivityField::Via, &mut needs);
                Truth::Unknown
            }
            // No named route: a rule listing routes does not match; one excluding routes does.
            Stated::None => Truth::from_bool(negated),
            Stated::Given(v) => Truth::from_bool(values.contains(v) != negated),
        };
        criterion(name, values, truth);
    }
    if !rule.purpose.is_empty() {
        let values = words(&rule.purpose);
        let truth = match (&activity.purpose, kind) {
            // A purpose is declared, not found out: an exemption for a purpose needs it
            // declared, while a restriction aimed at a purpose cannot be ruled out
            // until the activity says it has none.
            (Stated::NotGiven, RuleKind::Exemption) => Truth::No,
            (Stated::NotGiven, RuleKind::Restriction) => {
                need_field(ActivityField::Purpose, &mut needs);
                Truth::Unknown
            }
            (Stated::None, _) => Truth::No,
            (Stated::Given(p), _) => Truth::from_bool(values.contains(p)),
        };
        criterion("purpose", values, truth);
    }

    let criteria_truth = all(criteria.iter().map(|c| c.truth));
    let mut matches = applies_at_date.and(criteria_truth);
    let mut cap = None;
    if kind == RuleKind::Restriction && rule.effect == Effect::Cap {
        cap = rule.cap.clone();
        // A cap restricts only the part above it; the activity states no quantity.
        if matches != Truth::No {
            let limit = rule
                .cap
                .as_ref()
                .map(|c| format!("{} {}", c.value, c.unit))
                .unwrap_or_else(|| "a limit".to_string());
            needs.push((
                Need::Quantity,
                format!("restriction {} caps the activity at {limit}", rule.id),
            ));
        }
        matches = matches.and(Truth::Unknown);
    }
    // Needs of criteria that are already false elsewhere in the rule do not matter.
    if criteria_truth == Truth::No || applies_at_date == Truth::No {
        needs.clear();
    }
    RuleOutcome {
        measure: measure.id.clone(),
        rule: rule.id.clone(),
        kind,
        description: rule.description.clone(),
        applies_at_date,
        dates,
        criteria,
        matches,
        cap,
        evidence: rule.evidence.clone(),
        assumption: rule.assumption,
        needs,
    }
}

/// What an undetermined measure needs: the in-force date if that is unknown, and the
/// needs of the rules whose unknown match can change the measure's effect (only the
/// exemptions when a restriction surely matches; only the restrictions when no
/// exemption can match).
fn missing_of(m: &MeasureOutcome, as_of: &Date) -> Vec<Missing> {
    let mut out = Vec::new();
    if m.in_force == Truth::Unknown {
        out.push(Missing {
            need: Need::Date {
                boundary: format!("{} in force {}", m.measure, m.in_force_dates),
            },
            measure: m.measure.clone(),
            rule: None,
            rule_kind: None,
            message: format!(
                "{as_of} straddles the start or end of {} (in force {})",
                m.measure, m.in_force_dates
            ),
            evidence: m.evidence.clone(),
        });
    }
    for r in &m.rules {
        if r.matches != Truth::Unknown {
            continue;
        }
        let matters = match r.kind {
            RuleKind::Restriction => m.exempted != Truth::Yes && m.restricted == Truth::Unknown,
            RuleKind::Exemption => m.restricted != Truth::No && m.exempted == Truth::Unknown,
        };
        if !matters {
            continue;
        }
        for (need, message) in &r.needs {
            out.push(Missing {
                need: need.clone(),
                measure: m.measure.clone(),
                rule: Some(r.rule.clone()),
                rule_kind: Some(r.kind),
                message: message.clone(),
                evidence: r.evidence.clone(),
            });
        }
    }
    out
}
