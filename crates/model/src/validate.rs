//! Validation of a whole model: ids, cross-references, ranges, units, evidence locators
//! and the scenario network's tables.
//!
//! Every problem is collected (nothing stops at the first); each names the record and
//! field so the loader can place it in its file. Checks that need the source texts
//! (hashes, stated numbers) live in the `sources` crate, which has the texts.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::load::Model;
use crate::probability::{Interval, ProbabilitySpec};
use crate::types::*;
use crate::units::Unit;

/// The kinds of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Source,
    Actor,
    Goal,
    Issue,
    Position,
    Channel,
    Observation,
    Event,
    Measure,
    Variable,
    Forecast,
}

/// A step in the path to a field of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Key(&'static str),
    Index(usize),
}

/// A problem with one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: Kind,
    pub index: usize,
    pub field: Vec<Field>,
    pub message: String,
}

struct Checker<'m> {
    model: &'m Model,
    problems: Vec<Problem>,
    sources: HashMap<&'m str, &'m Source>,
    actors: HashSet<&'m str>,
}

impl Checker<'_> {
    fn report(&mut self, kind: Kind, index: usize, field: Vec<Field>, message: String) {
        self.problems.push(Problem {
            kind,
            index,
            field,
            message,
        });
    }

    fn evidence(
        &mut self,
        kind: Kind,
        index: usize,
        prefix: &[Field],
        label: &str,
        evidence: &[Evidence],
    ) {
        for (j, e) in evidence.iter().enumerate() {
            let mut field = prefix.to_vec();
            field.extend([Field::Key("evidence"), Field::Index(j)]);
            match self.sources.get(e.source.as_str()) {
                None => {
                    field.push(Field::Key("source"));
                    self.report(
                        kind,
                        index,
                        field,
                        format!("{label}: evidence names unknown source {:?}", e.source.0),
                    );
                }
                Some(source) => {
                    if e.paragraph == 0 || e.paragraph > source.paragraphs {
                        field.push(Field::Key("paragraph"));
                        self.report(
                            kind,
                            index,
                            field,
                            format!(
                                "{label}: source {:?} has paragraphs 1 to {}, not {}",
                                e.source.0, source.paragraphs, e.paragraph
                            ),
                        );
                    } else if e.hash.len() != 16
                        || !e
                            .hash
                            .bytes()
                            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                    {
                        field.push(Field::Key("hash"));
                        self.report(
                            kind,
                            index,
                            field,
                            format!(
                                "{label}: hash {:?} must be 16 lower-case hex digits",
                                e.hash
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Checks the fields every datum shares: evidence present unless an assumption,
    /// and a reason for each assumption.
    fn provenance(
        &mut self,
        kind: Kind,
        index: usize,
        prefix: &[Field],
        label: &str,
        evidence: &[Evidence],
        assumption: bool,
        reason: &Option<String>,
    ) {
        if assumption && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            let mut field = prefix.to_vec();
            field.push(Field::Key("assumption"));
            self.report(
                kind,
                index,
                field,
                format!("{label}: an assumption needs a reason"),
            );
        }
        if !assumption && evidence.is_empty() {
            self.report(
                kind,
                index,
                prefix.to_vec(),
                format!("{label}: no evidence; cite a source paragraph or mark it assumption = true with a reason"),
            );
        }
        self.evidence(kind, index, prefix, label, evidence);
    }

    fn actor_ref(
        &mut self,
        kind: Kind,
        index: usize,
        field: Vec<Field>,
        label: &str,
        actor: &ActorId,
    ) {
        if !self.actors.contains(actor.as_str()) {
            self.report(
                kind,
                index,
                field,
                format!("{label}: unknown actor {:?}", actor.0),
            );
        }
    }

    fn dates(
        &mut self,
        kind: Kind,
        index: usize,
        label: &str,
        from: Option<&Date>,
        to: Option<&Date>,
        to_key: &'static str,
    ) {
        if let (Some(from), Some(to)) = (from, to) {
            if to.end < from.start {
                self.report(
                    kind,
                    index,
                    vec![Field::Key(to_key)],
                    format!("{label}: ends ({to}) before it starts ({from})"),
                );
            }
        }
    }

    fn range(
        &mut self,
        kind: Kind,
        index: usize,
        key: &'static str,
        label: &str,
        q: &Quantity,
        lo: f64,
        hi: f64,
    ) {
        let (a, b) = (q.low(), q.high());
        if !a.is_finite() || !b.is_finite() || a < lo || b > hi {
            self.report(
                kind,
                index,
                vec![Field::Key(key)],
                format!("{label}: {key} {q} is outside [{lo}, {hi}]"),
            );
        } else if a > b {
            self.report(
                kind,
                index,
                vec![Field::Key(key)],
                format!("{label}: {key} range has low {a} above high {b}"),
            );
        }
    }
}

use crate::date::Date;

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        && id.as_bytes()[0].is_ascii_alphanumeric()
}

fn state_id_ok(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks a probability table row: values in range, option names known, satisfiable.
fn check_distribution(
    states: &[String],
    p: &crate::types::indexmap_lite::OrderedMap<ProbabilitySpec>,
    require_all: bool,
) -> Vec<(Vec<Field>, String)> {
    let mut problems = Vec::new();
    let mut intervals: Vec<Interval> = Vec::new();
    for (name, spec) in p.iter() {
        if !states.contains(name) {
            problems.push((
                vec![Field::Key("p")],
                format!("unknown state {name:?} (states: {})", states.join(", ")),
            ));
            continue;
        }
        match spec.interval() {
            Ok(interval) => intervals.push(interval),
            Err(error) => problems.push((vec![Field::Key("p")], format!("{name:?}: {error}"))),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let missing = states.iter().filter(|s| p.get(s).is_none()).count();
    if require_all && missing > 0 {
        let names: Vec<&str> = states
            .iter()
            .filter(|s| p.get(s).is_none())
            .map(String::as_str)
            .collect();
        problems.push((
            vec![Field::Key("p")],
            format!("no probability for state(s) {}", names.join(", ")),
        ));
        return problems;
    }
    let low: f64 = intervals.iter().map(|i| i.low).sum();
    let high: f64 = intervals.iter().map(|i| i.high).sum();
    let exact = intervals.iter().all(Interval::is_exact);
    if missing == 0 && exact && (low - 1.0).abs() > 1e-9 {
        problems.push((
            vec![Field::Key("p")],
            format!("probabilities sum to {low}, not 1"),
        ));
    } else if low > 1.0 + 1e-9 {
        problems.push((
            vec![Field::Key("p")],
            format!("the lower bounds sum to {low:.4}, above 1"),
        ));
    } else if missing == 0 && high < 1.0 - 1e-9 {
        problems.push((
            vec![Field::Key("p")],
            format!("the upper bounds sum to {high:.4}, below 1"),
        ));
    }
    problems
}

/// Every combination of parent states, last parent varying fastest.
pub fn parent_combinations(parent_states: &[&[String]]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for states in parent_states {
        let mut next = Vec::with_capacity(out.len() * states.len());
        for prefix in &out {
            for s in 0..states.len() {
                let mut combo = prefix.clone();
                combo.push(s);
                next.push(combo);
            }
        }
        out = next;
    }
    out
}

/// Validates a model; returns every problem found.
pub fn validate(model: &Model) -> Vec<Problem> {
    let mut c = Checker {
        model,
        problems: Vec::new(),
        sources: model.sources.iter().map(|s| (s.id.as_str(), s)).collect(),
        actors: model.actors.iter().map(|a| a.id.as_str()).collect(),
    };

    unique_ids(&mut c);

    for (i, source) in model.sources.iter().enumerate() {
        if source.sha256.len() != 64
            || !source
                .sha256
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            c.report(
                Kind::Source,
                i,
                vec![Field::Key("sha256")],
                format!(
                    "source {:?}: sha256 must be 64 lower-case hex digits",
                    source.id.0
                ),
            );
        }
        if source.paragraphs == 0 {
            c.report(
                Kind::Source,
                i,
                vec![Field::Key("paragraphs")],
                format!("source {:?}: paragraphs must be at least 1", source.id.0),
            );
        }
    }

    for (i, actor) in model.actors.iter().enumerate() {
        let label = format!("actor {:?}", actor.id.0);
        if actor.kind == ActorKind::State && !state_id_ok(actor.id.as_str()) {
            c.report(
                Kind::Actor,
                i,
                vec![Field::Key("id")],
                format!(
                    "{label}: a state's id is its ISO 3166-1 alpha-3 code (three capital letters)"
                ),
            );
        }
        c.provenance(
            Kind::Actor,
            i,
            &[],
            &label,
            &actor.evidence,
            actor.assumption,
            &actor.reason,
        );
        for (m, membership) in actor.memberships.iter().enumerate() {
            let prefix = [Field::Key("memberships"), Field::Index(m)];
            let mut field = prefix.to_vec();
            field.push(Field::Key("of"));
            c.actor_ref(Kind::Actor, i, field, &label, &membership.of);
            if let (Some(from), Some(to)) = (&membership.from, &membership.to) {
                if to.end < from.start {
                    c.report(
                        Kind::Actor,
                        i,
                        vec![Field::Key("memberships"), Field::Index(m), Field::Key("to")],
                        format!("{label}: membership ends ({to}) before it starts ({from})"),
                    );
                }
            }
            c.provenance(
                Kind::Actor,
                i,
                &prefix,
                &label,
                &membership.evidence,
                membership.assumption,
                &membership.reason,
            );
        }
    }

    for (i, goal) in model.goals.iter().enumerate() {
        let label = format!("goal {:?}", goal.id.0);
        c.actor_ref(
            Kind::Goal,
            i,
            vec![Field::Key("actor")],
            &label,
            &goal.actor,
        );
        c.dates(
            Kind::Goal,
            i,
            &label,
            goal.valid_from.as_ref(),
            goal.valid_to.as_ref(),
            "valid_to",
        );
        c.provenance(
            Kind::Goal,
            i,
            &[],
            &label,
            &goal.evidence,
            goal.assumption,
            &goal.reason,
        );
    }

    let issues: HashSet<&str> = model.issues.iter().map(|x| x.id.as_str()).collect();
    for (i, issue) in model.issues.iter().enumerate() {
        let label = format!("issue {:?}", issue.id.0);
        if issue.anchors.len() < 2 {
            c.report(
                Kind::Issue,
                i,
                vec![Field::Key("anchors")],
                format!("{label}: the scale needs at least two labelled anchors"),
            );
        }
        for (a, anchor) in issue.anchors.iter().enumerate() {
            if !(0.0..=100.0).contains(&anchor.at) {
                c.report(
                    Kind::Issue,
                    i,
                    vec![Field::Key("anchors"), Field::Index(a)],
                    format!(
                        "{label}: anchor at {} is outside the 0–100 scale",
                        anchor.at
                    ),
                );
            }
        }
        if let Some(sq) = issue.status_quo {
            if !(0.0..=100.0).contains(&sq) {
                c.report(
                    Kind::Issue,
                    i,
                    vec![Field::Key("status_quo")],
                    format!("{label}: status quo {sq} is outside the 0–100 scale"),
                );
            }
        }
        if let Some(body) = &issue.body {
            c.actor_ref(Kind::Issue, i, vec![Field::Key("body")], &label, body);
        }
        if let Some(procedure) = &issue.procedure {
            for (v, actor) in procedure.veto.iter().chain(&procedure.members).enumerate() {
                c.actor_ref(
                    Kind::Issue,
                    i,
                    vec![Field::Key("procedure"), Field::Index(v)],
                    &label,
                    actor,
                );
            }
            if procedure.rule == Rule::Qualified && procedure.votes.is_none() {
                c.report(
                    Kind::Issue,
                    i,
                    vec![Field::Key("procedure")],
                    format!("{label}: a qualified majority needs `votes`"),
                );
            }
            if procedure.veto_role.is_some() && issue.body.is_none() {
                c.report(
                    Kind::Issue,
                    i,
                    vec![Field::Key("procedure")],
                    format!("{label}: `veto_role` needs the issue's `body`"),
                );
            }
        }
        c.provenance(
            Kind::Issue,
            i,
            &[],
            &label,
            &issue.evidence,
            issue.assumption,
            &issue.reason,
        );
    }

    for (i, position) in model.positions.iter().enumerate() {
        let label = format!("position {:?}", position.id.0);
        c.actor_ref(
            Kind::Position,
            i,
            vec![Field::Key("actor")],
            &label,
            &position.actor,
        );
        if !issues.contains(position.issue.as_str()) {
            c.report(
                Kind::Position,
                i,
                vec![Field::Key("issue")],
                format!("{label}: unknown issue {:?}", position.issue.0),
            );
        }
        c.range(
            Kind::Position,
            i,
            "position",
            &label,
            &position.position,
            0.0,
            100.0,
        );
        c.range(
            Kind::Position,
            i,
            "salience",
            &label,
            &position.salience,
            0.0,
            1.0,
        );
        if let Some(capability) = &position.capability {
            c.range(
                Kind::Position,
                i,
                "capability",
                &label,
                capability,
                0.0,
                100.0,
            );
        }
        c.dates(
            Kind::Position,
            i,
            &label,
            position.valid_from.as_ref(),
            position.valid_to.as_ref(),
            "valid_to",
        );
        c.provenance(
            Kind::Position,
            i,
            &[],
            &label,
            &position.evidence,
            position.assumption,
            &position.reason,
        );
    }

    let channels: HashSet<&str> = model.channels.iter().map(|x| x.id.as_str()).collect();
    for (i, channel) in model.channels.iter().enumerate() {
        let label = format!("channel {:?}", channel.id.0);
        c.actor_ref(
            Kind::Channel,
            i,
            vec![Field::Key("from")],
            &label,
            &channel.from,
        );
        c.actor_ref(
            Kind::Channel,
            i,
            vec![Field::Key("to")],
            &label,
            &channel.to,
        );
        c.provenance(
            Kind::Channel,
            i,
            &[],
            &label,
            &channel.evidence,
            channel.assumption,
            &channel.reason,
        );
    }

    for (i, observation) in model.observations.iter().enumerate() {
        let label = format!("observation {:?}", observation.id.0);
        if !channels.contains(observation.channel.as_str()) {
            c.report(
                Kind::Observation,
                i,
                vec![Field::Key("channel")],
                format!("{label}: unknown channel {:?}", observation.channel.0),
            );
        }
        match (&observation.value, &observation.level) {
            (Some(_), Some(_)) => c.report(
                Kind::Observation,
                i,
                vec![Field::Key("level")],
                format!("{label}: give either `value` or `level`, not both"),
            ),
            (None, None) => c.report(
                Kind::Observation,
                i,
                vec![],
                format!("{label}: needs a `value` (a figure) or a `level` (an ordinal reading)"),
            ),
            (Some(value), None) => {
                if !value.low().is_finite()
                    || !value.high().is_finite()
                    || value.low() > value.high()
                {
                    c.report(
                        Kind::Observation,
                        i,
                        vec![Field::Key("value")],
                        format!("{label}: value range {value} is not low <= high"),
                    );
                }
                match &observation.unit {
                    None => c.report(
                        Kind::Observation,
                        i,
                        vec![Field::Key("value")],
                        format!("{label}: a value needs a `unit`"),
                    ),
                    Some(unit) => match Unit::parse(unit) {
                        Err(message) => c.report(
                            Kind::Observation,
                            i,
                            vec![Field::Key("unit")],
                            format!("{label}: {message}"),
                        ),
                        Ok(unit) => {
                            if !unit.is_money() && observation.prices.is_some() {
                                c.report(
                                    Kind::Observation,
                                    i,
                                    vec![Field::Key("prices")],
                                    format!("{label}: `prices` applies to money only"),
                                );
                            }
                            if unit.base == "percent" && (value.low() < 0.0 || value.high() > 100.0)
                            {
                                c.report(
                                    Kind::Observation,
                                    i,
                                    vec![Field::Key("value")],
                                    format!("{label}: a percentage must lie in 0–100"),
                                );
                            }
                        }
                    },
                }
                if let Some(Prices::Named(name)) = &observation.prices {
                    if name != "current" {
                        c.report(
                            Kind::Observation,
                            i,
                            vec![Field::Key("prices")],
                            format!("{label}: prices is \"current\" or a price year, not {name:?}"),
                        );
                    }
                }
            }
            (None, Some(_)) => {
                if let Some(unit) = &observation.unit {
                    if let Err(message) = Unit::parse(unit) {
                        c.report(
                            Kind::Observation,
                            i,
                            vec![Field::Key("unit")],
                            format!("{label}: {message}"),
                        );
                    }
                }
            }
        }
        if let Some(share_of) = &observation.share_of {
            c.actor_ref(
                Kind::Observation,
                i,
                vec![Field::Key("share_of")],
                &label,
                share_of,
            );
        }
        c.provenance(
            Kind::Observation,
            i,
            &[],
            &label,
            &observation.evidence,
            observation.assumption,
            &observation.reason,
        );
    }

    for (i, event) in model.events.iter().enumerate() {
        let label = format!("event {:?}", event.id.0);
        if event.actors.is_empty() {
            c.report(
                Kind::Event,
                i,
                vec![Field::Key("actors")],
                format!("{label}: name at least one actor"),
            );
        }
        for (a, actor) in event.actors.iter().enumerate() {
            c.actor_ref(
                Kind::Event,
                i,
                vec![Field::Key("actors"), Field::Index(a)],
                &label,
                actor,
            );
        }
        c.provenance(
            Kind::Event,
            i,
            &[],
            &label,
            &event.evidence,
            event.assumption,
            &event.reason,
        );
    }

    for (i, measure) in model.measures.iter().enumerate() {
        let label = format!("measure {:?}", measure.id.0);
        c.actor_ref(
            Kind::Measure,
            i,
            vec![Field::Key("body")],
            &label,
            &measure.body,
        );
        let from = measure.effective_from();
        c.dates(
            Kind::Measure,
            i,
            &label,
            Some(&from),
            measure.in_force_to.as_ref(),
            "in_force_to",
        );
        let deadlines: HashSet<&str> = measure.deadlines.iter().map(|d| d.id.as_str()).collect();
        let mut rule_ids = HashSet::new();
        for (list, rules) in [
            ("restricts", &measure.restricts),
            ("exemptions", &measure.exemptions),
        ] {
            for (r, rule) in rules.iter().enumerate() {
                let prefix = [Field::Key(list), Field::Index(r)];
                let rule_label = format!("{label}, rule {:?}", rule.id.0);
                if !rule_ids.insert(rule.id.as_str()) {
                    c.report(
                        Kind::Measure,
                        i,
                        prefix.to_vec(),
                        format!("{rule_label}: duplicate rule id"),
                    );
                }
                if let Some(deadline) = &rule.until_deadline {
                    if !deadlines.contains(deadline.as_str()) {
                        let mut field = prefix.to_vec();
                        field.push(Field::Key("until_deadline"));
                        c.report(
                            Kind::Measure,
                            i,
                            field,
                            format!("{rule_label}: unknown deadline {:?}", deadline.0),
                        );
                    }
                }
                if rule.effect == Effect::Cap && rule.cap.is_none() {
                    c.report(
                        Kind::Measure,
                        i,
                        prefix.to_vec(),
                        format!("{rule_label}: effect \"cap\" needs `cap = {{ value, unit }}`"),
                    );
                }
                for actor in rule
                    .origin
                    .iter()
                    .chain(&rule.origin_not)
                    .chain(&rule.exporter)
                    .chain(&rule.importer)
                {
                    c.actor_ref(Kind::Measure, i, prefix.to_vec(), &rule_label, actor);
                }
                if let (Some(a), Some(b)) = (&rule.from, &rule.until) {
                    if b.end < a.start {
                        c.report(
                            Kind::Measure,
                            i,
                            prefix.to_vec(),
                            format!("{rule_label}: `until` ({b}) is before `from` ({a})"),
                        );
                    }
                }
                c.provenance(
                    Kind::Measure,
                    i,
                    &prefix,
                    &rule_label,
                    &rule.evidence,
                    rule.assumption,
                    &rule.reason,
                );
            }
        }
        for (d, deadline) in measure.deadlines.iter().enumerate() {
            let prefix = [Field::Key("deadlines"), Field::Index(d)];
            c.provenance(
                Kind::Measure,
                i,
                &prefix,
                &format!("{label}, deadline {:?}", deadline.id.0),
                &deadline.evidence,
                deadline.assumption,
                &deadline.reason,
            );
        }
        c.provenance(
            Kind::Measure,
            i,
            &[],
            &label,
            &measure.evidence,
            measure.assumption,
            &measure.reason,
        );
    }

    variables(&mut c);

    for (i, forecast) in model.forecasts.iter().enumerate() {
        let label = format!("forecast {:?}", forecast.id.0);
        if forecast.options.len() < 2 {
            c.report(
                Kind::Forecast,
                i,
                vec![Field::Key("options")],
                format!("{label}: a question needs at least two options"),
            );
        }
        for (fields, message) in check_distribution(&forecast.options, &forecast.p, false) {
            c.report(Kind::Forecast, i, fields, format!("{label}: {message}"));
        }
        if forecast.resolves_by.end < forecast.made_at.start {
            c.report(
                Kind::Forecast,
                i,
                vec![Field::Key("resolves_by")],
                format!("{label}: resolves before it was made"),
            );
        }
        let made_by = forecast.made_by.as_str();
        let is_name = made_by.contains(' ') || made_by.chars().any(char::is_uppercase);
        if !is_name && !c.actors.contains(made_by) {
            c.report(
                Kind::Forecast,
                i,
                vec![Field::Key("made_by")],
                format!("{label}: made_by {made_by:?} is neither an actor id nor a name"),
            );
        }
        if let Some(variable) = &forecast.variable {
            match model.variables.iter().find(|v| v.id == *variable) {
                None => c.report(
                    Kind::Forecast,
                    i,
                    vec![Field::Key("variable")],
                    format!("{label}: unknown variable {:?}", variable.0),
                ),
                Some(v) => {
                    if let Some(state) = &forecast.state {
                        if !v.states.contains(state) {
                            c.report(
                                Kind::Forecast,
                                i,
                                vec![Field::Key("state")],
                                format!(
                                    "{label}: variable {:?} has no state {state:?}",
                                    variable.0
                                ),
                            );
                        }
                    }
                }
            }
        }
        c.provenance(
            Kind::Forecast,
            i,
            &[],
            &label,
            &forecast.evidence,
            forecast.assumption,
            &forecast.reason,
        );
    }

    c.problems
}

fn unique_ids(c: &mut Checker<'_>) {
    fn check<'a>(
        c: &mut Checker<'_>,
        kind: Kind,
        what: &str,
        ids: impl Iterator<Item = &'a str>,
        state_ok: impl Fn(usize) -> bool,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if !id_ok(id) && !state_ok(i) {
                c.report(
                    kind,
                    i,
                    vec![Field::Key("id")],
                    format!("{what} id {id:?} must be lower-case letters, digits, '-', '_' or '.'"),
                );
            }
            if let Some(first) = seen.insert(id, i) {
                c.report(
                    kind,
                    i,
                    vec![Field::Key("id")],
                    format!(
                        "duplicate {what} id {id:?} (first defined as {what} #{})",
                        first + 1
                    ),
                );
            }
        }
    }
    let m = c.model;
    check(
        c,
        Kind::Source,
        "source",
        m.sources.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Actor,
        "actor",
        m.actors.iter().map(|x| x.id.as_str()),
        |i| m.actors[i].kind == ActorKind::State && state_id_ok(m.actors[i].id.as_str()),
    );
    check(
        c,
        Kind::Goal,
        "goal",
        m.goals.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Issue,
        "issue",
        m.issues.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Position,
        "position",
        m.positions.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Channel,
        "channel",
        m.channels.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Observation,
        "observation",
        m.observations.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Event,
        "event",
        m.events.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Measure,
        "measure",
        m.measures.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Variable,
        "variable",
        m.variables.iter().map(|x| x.id.as_str()),
        |_| false,
    );
    check(
        c,
        Kind::Forecast,
        "forecast",
        m.forecasts.iter().map(|x| x.id.as_str()),
        |_| false,
    );
}

fn variables(c: &mut Checker<'_>) {
    let model = c.model;
    let index: HashMap<&str, usize> = model
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    for (i, variable) in model.variables.iter().enumerate() {
        let label = format!("variable {:?}", variable.id.0);
        if variable.states.len() < 2 {
            c.report(
                Kind::Variable,
                i,
                vec![Field::Key("states")],
                format!("{label}: needs at least two states"),
            );
        }
        let mut seen = HashSet::new();
        for state in &variable.states {
            if !seen.insert(state) {
                c.report(
                    Kind::Variable,
                    i,
                    vec![Field::Key("states")],
                    format!("{label}: state {state:?} is listed twice"),
                );
            }
        }
        let mut parents_ok = true;
        for (p, parent) in variable.parents.iter().enumerate() {
            if !index.contains_key(parent.as_str()) {
                parents_ok = false;
                c.report(
                    Kind::Variable,
                    i,
                    vec![Field::Key("parents"), Field::Index(p)],
                    format!("{label}: unknown parent {:?}", parent.0),
                );
            } else if *parent == variable.id {
                parents_ok = false;
                c.report(
                    Kind::Variable,
                    i,
                    vec![Field::Key("parents"), Field::Index(p)],
                    format!("{label}: a variable cannot be its own parent"),
                );
            }
        }
        if !parents_ok {
            continue;
        }
        let parent_vars: Vec<&Variable> = variable
            .parents
            .iter()
            .map(|p| &model.variables[index[p.as_str()]])
            .collect();
        let mut covered: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        for (r, row) in variable.rows.iter().enumerate() {
            let prefix = [Field::Key("row"), Field::Index(r)];
            let row_label = format!("{label}, row {}", r + 1);
            let mut combo = Vec::new();
            let mut ok = true;
            for key in row.given.keys() {
                if !variable.parents.iter().any(|p| p.as_str() == key) {
                    ok = false;
                    let mut field = prefix.to_vec();
                    field.push(Field::Key("given"));
                    c.report(
                        Kind::Variable,
                        i,
                        field,
                        format!("{row_label}: {key:?} is not a parent of this variable"),
                    );
                }
            }
            for parent in &parent_vars {
                match row.given.get(parent.id.as_str()) {
                    None => {
                        ok = false;
                        let mut field = prefix.to_vec();
                        field.push(Field::Key("given"));
                        c.report(
                            Kind::Variable,
                            i,
                            field,
                            format!(
                                "{row_label}: `given` has no state for parent {:?}",
                                parent.id.0
                            ),
                        );
                    }
                    Some(state) => match parent.states.iter().position(|s| s == state) {
                        Some(s) => combo.push(s),
                        None => {
                            ok = false;
                            let mut field = prefix.to_vec();
                            field.push(Field::Key("given"));
                            c.report(
                                Kind::Variable,
                                i,
                                field,
                                format!(
                                    "{row_label}: parent {:?} has no state {state:?}",
                                    parent.id.0
                                ),
                            );
                        }
                    },
                }
            }
            for (fields, message) in check_distribution(&variable.states, &row.p, false) {
                let mut field = prefix.to_vec();
                field.extend(fields);
                c.report(Kind::Variable, i, field, format!("{row_label}: {message}"));
            }
            c.provenance(
                Kind::Variable,
                i,
                &prefix,
                &row_label,
                &row.evidence,
                row.assumption,
                &row.reason,
            );
            if ok {
                covered.entry(combo).or_insert(r);
            }
        }
        let states: Vec<&[String]> = parent_vars.iter().map(|v| v.states.as_slice()).collect();
        for combo in parent_combinations(&states) {
            if !covered.contains_key(&combo) {
                let given: Vec<String> = combo
                    .iter()
                    .zip(&parent_vars)
                    .map(|(s, v)| format!("{} = {:?}", v.id.0, v.states[*s]))
                    .collect();
                let what = if given.is_empty() {
                    "the (unconditional) row".to_string()
                } else {
                    format!("given {{ {} }}", given.join(", "))
                };
                c.report(
                    Kind::Variable,
                    i,
                    vec![Field::Key("id")],
                    format!("{label}: no row for {what}"),
                );
            }
        }
    }
    // Cycles: depth-first search over parents.
    let n = model.variables.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let parents = &model.variables[v].parents;
            if *next < parents.len() {
                let p = parents[*next].as_str();
                *next += 1;
                if let Some(&u) = index.get(p) {
                    if state[u] == 1 {
                        let mut cycle: Vec<&str> = stack
                            .iter()
                            .map(|(w, _)| model.variables[*w].id.as_str())
                            .collect();
                        let from = cycle.iter().position(|w| *w == p).unwrap_or(0);
                        cycle.drain(..from);
                        cycle.push(p);
                        c.report(
                            Kind::Variable,
                            u,
                            vec![Field::Key("parents")],
                            format!(
                                "variable {p:?}: parents form a cycle: {}",
                                cycle.join(" <- ")
                            ),
                        );
                    } else if state[u] == 0 {
                        state[u] = 1;
                        stack.push((u, 0));
                    }
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
}
