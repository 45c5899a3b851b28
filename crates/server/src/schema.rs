//! The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the API's bodies.
//!
//! Written by hand beside the serde types they describe, because the model's types live
//! in the model crate, which knows nothing of HTTP. Each schema lists the fields the
//! types serialise; records are open (`additionalProperties` is not restricted) so a
//! field added to the model does not make old clients wrong. The test
//! `every_component_is_defined` checks that every schema a route names exists.

use serde_json::{Map, Value, json};

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn integer(description: &str) -> Value {
    json!({ "type": "integer", "description": description })
}

fn number(description: &str) -> Value {
    json!({ "type": "number", "description": description })
}

fn boolean(description: &str) -> Value {
    json!({ "type": "boolean", "description": description })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn nullable(schema: Value) -> Value {
    json!({ "oneOf": [schema, { "type": "null" }] })
}

fn object(description: &str, properties: &[(&str, Value)], required: &[&str]) -> Value {
    let mut props = Map::new();
    for (name, schema) in properties {
        props.insert((*name).to_string(), schema.clone());
    }
    json!({
        "type": "object",
        "description": description,
        "properties": props,
        "required": required,
    })
}

/// The fields every datum may carry.
fn datum_fields() -> Vec<(&'static str, Value)> {
    vec![
        ("evidence", array(reference("Evidence"))),
        (
            "assumption",
            boolean("True when no source states the datum (then `reason` says why)."),
        ),
        ("reason", string("Why the assumption was made.")),
        ("note", string("The modeller's note.")),
    ]
}

fn datum(description: &str, fields: Vec<(&'static str, Value)>, required: &[&str]) -> Value {
    let mut all = fields;
    all.extend(datum_fields());
    object(description, &all, required)
}

fn probability() -> Value {
    json!({
        "description": "A probability as written: a number, an interval [low, high], or an ICD 203 phrase such as \"likely\".",
        "oneOf": [
            { "type": "number", "minimum": 0, "maximum": 1 },
            { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 },
            { "type": "string" }
        ]
    })
}

/// Every component schema, by name.
pub fn components() -> Map<String, Value> {
    let mut c = Map::new();
    let mut add = |name: &str, schema: Value| {
        c.insert(name.to_string(), schema);
    };
    add(
        "Problem",
        object(
            "An RFC 9457 problem: what went wrong, and which field of the request is at fault.",
            &[
                (
                    "type",
                    string("urn:statecraft:problem:<slug>, one per kind of problem."),
                ),
                ("title", string("The same for every problem of the type.")),
                ("status", integer("The HTTP status.")),
                ("detail", string("What went wrong in this request.")),
                (
                    "field",
                    string(
                        "The part of the request at fault: a query or path parameter, a JSON path such as `given.china-enforces` or `targets[0]`, `body`, or a header.",
                    ),
                ),
            ],
            &["type", "title", "status", "detail"],
        ),
    );
    add(
        "Date",
        json!({
            "type": "string",
            "description": "ISO 8601 at the precision the source gives: 2019-04-25, 2019-04, 2019, a decade such as 1990s, or an interval A/B.",
            "examples": ["2016-04", "2019-04-25", "2011-03/2013-09"]
        }),
    );
    add(
        "Quantity",
        json!({
            "description": "A number, or a range where sources disagree or hedge.",
            "oneOf": [
                { "type": "number" },
                { "type": "object", "properties": { "low": { "type": "number" }, "high": { "type": "number" } }, "required": ["low", "high"] }
            ]
        }),
    );
    add(
        "Evidence",
        object(
            "A locator: a paragraph of a source and the short hash of its text.",
            &[
                ("source", string("The source id.")),
                ("paragraph", integer("The paragraph number, from 1.")),
                (
                    "hash",
                    string("First 16 hex digits of the SHA-256 of the trimmed paragraph."),
                ),
            ],
            &["source", "paragraph", "hash"],
        ),
    );
    add(
        "Source",
        object(
            "A source text and its metadata.",
            &[
                ("id", string("The source id.")),
                ("title", string("")),
                ("publisher", string("")),
                ("author", string("Absent when the text names none.")),
                ("published", reference("Date")),
                ("published_note", string("How the date was inferred.")),
                ("url", string("")),
                ("sha256", string("SHA-256 of the whole text file.")),
                ("paragraphs", integer("The number of non-empty lines.")),
                ("note", string("")),
            ],
            &[
                "id",
                "title",
                "publisher",
                "published",
                "sha256",
                "paragraphs",
            ],
        ),
    );
    let mut membership = vec![
        ("of", string("The organisation or state.")),
        ("role", string("e.g. `permanent member`, `president`.")),
        ("from", reference("Date")),
        ("to", reference("Date")),
    ];
    membership.extend(datum_fields());
    add(
        "Actor",
        datum(
            "A state, organisation, company, person or group.",
            vec![
                (
                    "id",
                    string("ISO 3166-1 alpha-3 for a state, a lower-case id otherwise."),
                ),
                (
                    "kind",
                    json!({ "enum": ["state", "organisation", "company", "person", "group"] }),
                ),
                ("name", string("")),
                ("aliases", strings("Other names the sources use.")),
                (
                    "memberships",
                    array(object(
                        "A membership or office.",
                        &membership,
                        &["of", "role"],
                    )),
                ),
            ],
            &["id", "kind", "name"],
        ),
    );
    add(
        "Goal",
        datum(
            "What an actor wants.",
            vec![
                ("id", string("")),
                ("actor", string("")),
                ("statement", string("")),
                ("rank", integer("1 = most important.")),
                ("valid_from", reference("Date")),
                ("valid_to", reference("Date")),
            ],
            &["id", "actor", "statement"],
        ),
    );
    add(
        "Issue",
        datum(
            "A question the actors bargain over, on a 0–100 scale.",
            vec![
                ("id", string("")),
                ("question", string("")),
                (
                    "anchors",
                    array(object(
                        "A labelled point of the scale.",
                        &[("at", number("")), ("label", string(""))],
                        &["at", "label"],
                    )),
                ),
                ("body", string("The deciding actor.")),
                (
                    "procedure",
                    json!({ "type": "object", "description": "rule (majority, qualified, unanimity), votes, veto, veto_role, members." }),
                ),
                ("status_quo", number("0–100.")),
            ],
            &["id", "question", "anchors"],
        ),
    );
    add(
        "Position",
        datum(
            "An actor's position on an issue.",
            vec![
                ("id", string("")),
                ("actor", string("")),
                ("issue", string("")),
                ("position", reference("Quantity")),
                ("salience", reference("Quantity")),
                ("capability", reference("Quantity")),
                ("valid_from", reference("Date")),
                ("valid_to", reference("Date")),
            ],
            &["id", "actor", "issue", "position", "salience"],
        ),
    );
    add(
        "IssuesAndPositions",
        object(
            "The issues and the positions valid at the date.",
            &[
                ("issues", array(reference("Issue"))),
                ("positions", array(reference("Position"))),
            ],
            &["issues", "positions"],
        ),
    );
    add(
        "Channel",
        datum(
            "A channel through which one actor affects another.",
            vec![
                ("id", string("")),
                ("from", string("Actor id.")),
                ("to", string("Actor id.")),
                (
                    "kind",
                    json!({ "enum": ["trade", "labour", "investment", "debt", "finance", "fishing", "aviation", "transport", "education", "energy", "military", "diplomatic", "geography"] }),
                ),
                ("description", string("")),
            ],
            &["id", "from", "to", "kind", "description"],
        ),
    );
    add(
        "Observation",
        datum(
            "A dated figure of a channel (`value` with `unit`) or an ordinal `level`.",
            vec![
                ("id", string("")),
                ("channel", string("")),
                ("period", reference("Date")),
                ("period_inferred", boolean("")),
                ("metric", string("e.g. turnover, exports, share, workers.")),
                ("value", reference("Quantity")),
                (
                    "level",
                    json!({ "enum": ["none", "minor", "moderate", "major", "dominant", "all"] }),
                ),
                ("unit", string("e.g. `USD million`, `people`, `percent`.")),
                (
                    "prices",
                    json!({ "description": "`current` or a price year.", "oneOf": [{ "type": "string" }, { "type": "integer" }] }),
                ),
                (
                    "direction",
                    json!({ "enum": ["forward", "backward", "both"] }),
                ),
                ("share_of", string("")),
                ("approximate", boolean("")),
            ],
            &["id", "channel", "period", "metric"],
        ),
    );
    add(
        "ChannelsAndObservations",
        object(
            "As `statecraft channels --json`.",
            &[
                ("channels", array(reference("Channel"))),
                ("observations", array(reference("Observation"))),
            ],
            &["channels", "observations"],
        ),
    );
    add(
        "Event",
        datum(
            "A dated event with its PLOVER category.",
            vec![
                ("id", string("")),
                ("date", reference("Date")),
                ("date_inferred", boolean("")),
                ("actors", strings("Actor ids.")),
                (
                    "category",
                    json!({ "enum": ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"] }),
                ),
                ("summary", string("")),
            ],
            &["id", "date", "actors", "category", "summary"],
        ),
    );
    add(
        "Measure",
        datum(
            "A sanctions measure with its restrictions, exemptions and deadlines.",
            vec![
                ("id", string("")),
                ("title", string("")),
                ("body", string("")),
                (
                    "kind",
                    json!({ "enum": ["resolution", "unilateral", "agreement", "law"] }),
                ),
                ("adopted", reference("Date")),
                ("in_force_from", reference("Date")),
                ("in_force_to", reference("Date")),
                (
                    "restricts",
                    array(
                        json!({ "type": "object", "description": "A rule: id, description, effect, cap, from, until, and match criteria (channel, goods, origin, exporter, importer, via, purpose)." }),
                    ),
                ),
                (
                    "exemptions",
                    array(json!({ "type": "object", "description": "A rule, as in restricts." })),
                ),
                (
                    "deadlines",
                    array(json!({ "type": "object", "description": "id, date, description." })),
                ),
            ],
            &["id", "title", "body", "kind", "adopted"],
        ),
    );
    add(
        "Variable",
        datum(
            "A scenario variable with its probability table.",
            vec![
                ("id", string("")),
                ("name", string("")),
                ("states", strings("")),
                ("parents", strings("Variable ids.")),
                ("description", string("")),
                (
                    "row",
                    array(object(
                        "One row of the table.",
                        &[
                            (
                                "given",
                                json!({ "type": "object", "additionalProperties": { "type": "string" } }),
                            ),
                            (
                                "p",
                                json!({ "type": "object", "additionalProperties": probability() }),
                            ),
                            ("evidence", array(reference("Evidence"))),
                            ("assumption", boolean("")),
                            ("reason", string("")),
                        ],
                        &["p"],
                    )),
                ),
            ],
            &["id", "name", "states"],
        ),
    );
    add(
        "Forecast",
        datum(
            "An author's forecast.",
            vec![
                ("id", string("")),
                ("question", string("")),
                ("options", strings("")),
                (
                    "p",
                    json!({ "type": "object", "additionalProperties": probability() }),
                ),
                ("made_by", string("")),
                ("made_at", reference("Date")),
                ("resolution", string("")),
                ("resolves_by", reference("Date")),
                ("variable", string("")),
                ("state", string("")),
            ],
            &[
                "id",
                "question",
                "options",
                "p",
                "made_by",
                "made_at",
                "resolution",
                "resolves_by",
            ],
        ),
    );
    add(
        "Model",
        object(
            "A whole model, as `statecraft export --format json` writes it.",
            &[
                (
                    "model",
                    json!({ "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" } } }),
                ),
                ("sources", array(reference("Source"))),
                ("actors", array(reference("Actor"))),
                ("goals", array(reference("Goal"))),
                ("issues", array(reference("Issue"))),
                ("positions", array(reference("Position"))),
                ("channels", array(reference("Channel"))),
                ("observations", array(reference("Observation"))),
                ("events", array(reference("Event"))),
                ("measures", array(reference("Measure"))),
                ("variables", array(reference("Variable"))),
                ("forecasts", array(reference("Forecast"))),
            ],
            &[
                "sources",
                "actors",
                "goals",
                "issues",
                "positions",
                "channels",
                "observations",
                "events",
                "measures",
                "variables",
                "forecasts",
            ],
        ),
    );
    add(
        "Info",
        object(
            "What the server serves.",
            &[
                (
                    "model",
                    json!({ "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" } } }),
                ),
                (
                    "counts",
                    json!({ "type": "object", "additionalProperties": { "type": "integer" }, "description": "Records of each kind." }),
                ),
                (
                    "dates",
                    nullable(object(
                        "The span of the model's dates.",
                        &[
                            ("first", string("YYYY-MM-DD")),
                            ("last", string("YYYY-MM-DD")),
                        ],
                        &["first", "last"],
                    )),
                ),
                (
                    "published",
                    array(object(
                        "A source's publication.",
                        &[("source", string("")), ("date", reference("Date"))],
                        &["source", "date"],
                    )),
                ),
                ("texts", boolean("The server has the source texts.")),
                ("ledger", boolean("The server has a ledger.")),
                ("engines", strings("The engines this server exposes.")),
                (
                    "limits",
                    object(
                        "",
                        &[
                            ("body_bytes", integer("")),
                            ("timeout_seconds", integer("")),
                            ("samples", integer("")),
                        ],
                        &["body_bytes", "timeout_seconds", "samples"],
                    ),
                ),
            ],
            &[
                "model",
                "counts",
                "published",
                "texts",
                "ledger",
                "engines",
                "limits",
            ],
        ),
    );
    add(
        "Line",
        object(
            "A statement of the brief and the evidence behind it.",
            &[
                ("text", string("")),
                (
                    "locators",
                    strings("`source ¶n` locators; empty for an assumption or a computed value."),
                ),
                ("assumption", boolean("")),
                ("detail", array(reference("Line"))),
            ],
            &["text", "locators"],
        ),
    );
    add(
        "Report",
        object(
            "The brief, as `statecraft report --json`.",
            &[
                ("title", string("")),
                ("as_of", nullable(string(""))),
                (
                    "sections",
                    array(object(
                        "A titled part of the brief.",
                        &[
                            ("id", string("")),
                            ("title", string("")),
                            ("lines", array(reference("Line"))),
                        ],
                        &["id", "title", "lines"],
                    )),
                ),
            ],
            &["title", "sections"],
        ),
    );
    add(
        "ScenarioQuery",
        json!({
            "type": "object",
            "description": "A what-if. Every field is optional: an empty object asks for the prior marginals.",
            "additionalProperties": false,
            "properties": {
                "as_of": { "$ref": "#/components/schemas/Date" },
                "given": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Observed states: variable → state." },
                "do": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Interventions: variable → state." },
                "targets": { "type": "array", "items": { "type": "string" }, "description": "Variables to report (all when empty)." },
                "samples": { "type": "integer", "minimum": 1, "maximum": crate::handlers::model::MAX_SAMPLES, "description": "Sample the probability intervals this many times (5–95% intervals)." },
                "seed": { "type": "integer", "minimum": 0, "description": "Seed of the sampling (default 1); needs samples." },
                "sensitivity": {
                    "type": "object", "additionalProperties": false,
                    "properties": { "variable": { "type": "string" }, "state": { "type": "string" } },
                    "required": ["variable", "state"],
                    "description": "Rank the parameters by how much they move P(variable = state)."
                }
            },
            "examples": [{ "given": { "us-russia-relations": "cold-war" }, "targets": ["russia-behaviour"] }]
        }),
    );
    add(
        "ScenarioAnswer",
        object(
            "As `statecraft scenario --json`.",
            &[
                (
                    "marginals",
                    array(object(
                        "A variable's posterior and what it rests on.",
                        &[
                            ("id", string("")),
                            ("name", string("")),
                            (
                                "states",
                                array(object(
                                    "",
                                    &[
                                        ("state", string("")),
                                        ("p", number("The posterior probability.")),
                                        ("mean", number("Mean over the samples.")),
                                        ("p05", number("5th percentile over the samples.")),
                                        ("p95", number("95th percentile over the samples.")),
                                    ],
                                    &["state", "p"],
                                )),
                            ),
                            ("role", json!({ "enum": ["given", "do", "free"] })),
                            (
                                "evidence",
                                strings("Locators of the rows of this variable and its ancestors."),
                            ),
                            ("assumption_rows", integer("")),
                            ("uninformed_rows", integer("")),
                            ("rows", integer("")),
                        ],
                        &["id", "name", "states", "role", "evidence", "rows"],
                    )),
                ),
                ("log10_evidence", number("log10 P(given).")),
                ("samples", integer("")),
                ("seed", integer("")),
                (
                    "sensitivity",
                    object(
                        "A tornado chart.",
                        &[
                            ("target", string("")),
                            ("state", string("")),
                            ("value", number("")),
                            (
                                "bars",
                                array(object(
                                    "One parameter.",
                                    &[
                                        ("variable", string("")),
                                        ("given", strings("")),
                                        ("state", string("")),
                                        ("value", number("")),
                                        ("derivative", number("")),
                                        ("span", array(json!({ "type": "number" }))),
                                        ("target_at_low", nullable(number(""))),
                                        ("target_at_high", nullable(number(""))),
                                        ("locators", strings("")),
                                        ("assumption", boolean("")),
                                    ],
                                    &[
                                        "variable",
                                        "state",
                                        "value",
                                        "derivative",
                                        "span",
                                        "locators",
                                    ],
                                )),
                            ),
                        ],
                        &["target", "state", "value", "bars"],
                    ),
                ),
            ],
            &["marginals", "log10_evidence"],
        ),
    );
    add(
        "RowSource",
        object(
            "Where one row of a table came from.",
            &[
                (
                    "given",
                    strings("The parent states of the row, as parent=state."),
                ),
                ("locators", strings("")),
                ("assumption", boolean("")),
                ("reason", string("")),
                ("uninformed", boolean("No row was visible as of the date.")),
            ],
            &["given", "locators", "assumption", "uninformed"],
        ),
    );
    add(
        "ScenarioNetwork",
        object(
            "The scenario network, for a diagram.",
            &[
                ("as_of", nullable(string(""))),
                (
                    "variables",
                    array(object(
                        "",
                        &[
                            ("id", string("")),
                            ("name", string("")),
                            ("description", string("")),
                            ("states", strings("")),
                            ("parents", strings("")),
                            ("rows", array(reference("RowSource"))),
                        ],
                        &["id", "name", "states", "parents", "rows"],
                    )),
                ),
            ],
            &["variables"],
        ),
    );
    add(
        "Paragraph",
        object(
            "The evidence behind a figure: one paragraph of a source.",
            &[
                ("source", string("")),
                ("paragraph", integer("")),
                ("locator", string("`source ¶n`.")),
                (
                    "hash",
                    nullable(string(
                        "The text's hash when the text is available, else the recorded one.",
                    )),
                ),
                (
                    "text",
                    nullable(string("The paragraph, when the server has the texts.")),
                ),
                (
                    "recorded_hash",
                    nullable(string("The hash the model's locators record.")),
                ),
                ("hash_matches", nullable(boolean(""))),
                ("cited_by", strings("The data citing the paragraph.")),
                ("meta", reference("Source")),
            ],
            &["source", "paragraph", "locator", "cited_by", "meta"],
        ),
    );
    add(
        "Coverage",
        object(
            "Which paragraphs of a source the model cites.",
            &[
                ("source", string("")),
                ("paragraphs", integer("")),
                ("cited", array(json!({ "type": "integer" }))),
                ("uncited", array(json!({ "type": "integer" }))),
                (
                    "cited_by",
                    array(
                        json!({ "type": "array", "prefixItems": [{ "type": "integer" }, { "type": "array", "items": { "type": "string" } }] }),
                    ),
                ),
            ],
            &["source", "paragraphs", "cited", "uncited", "cited_by"],
        ),
    );
    let interval = || {
        object(
            "A range.",
            &[("low", number("")), ("high", number(""))],
            &["low", "high"],
        )
    };
    add(
        "Leverage",
        object(
            "As `statecraft leverage --json`.",
            &[
                ("target", string("")),
                ("target_name", string("")),
                ("as_of", reference("Date")),
                (
                    "weights",
                    array(
                        json!({ "type": "array", "prefixItems": [{ "type": "string" }, { "type": "number" }] }),
                    ),
                ),
                (
                    "channels",
                    array(
                        json!({ "type": "object", "description": "A channel kind's partner shares of the target's total, with their basis." }),
                    ),
                ),
                (
                    "unmeasured",
                    strings("Channel kinds without a measured share."),
                ),
                (
                    "ranking",
                    array(object(
                        "One partner's leverage.",
                        &[
                            ("partner", string("")),
                            ("name", string("")),
                            (
                                "channels",
                                array(
                                    json!({ "type": "object", "description": "kind, basis, share, substitutability, index, weight, weighted (ranges)." }),
                                ),
                            ),
                            ("total", interval()),
                            ("rank", integer("")),
                            ("rank_range", array(json!({ "type": "integer" }))),
                            ("robust", boolean("")),
                        ],
                        &["partner", "name", "total", "rank", "robust"],
                    )),
                ),
                ("robust", boolean("No rank can change inside the ranges.")),
                (
                    "drivers",
                    array(
                        json!({ "type": "object", "description": "partner, kind, weighted, observations, evidence." }),
                    ),
                ),
                ("notes", strings("")),
            ],
            &["target", "ranking", "notes"],
        ),
    );
    add(
        "Vocabulary",
        object(
            "The words the model's rules use.",
            &[
                ("goods", strings("")),
                ("via", strings("")),
                ("purposes", strings("")),
            ],
            &["goods", "via", "purposes"],
        ),
    );
    let truth = json!({ "enum": ["yes", "no", "unknown"] });
    add(
        "PermittedAnswer",
        object(
            "As `statecraft permitted --json`.",
            &[
                ("as_of", reference("Date")),
                (
                    "activity",
                    json!({ "type": "object", "description": "channel, goods, origin, exporter, importer, via, purpose (null when not given)." }),
                ),
                (
                    "verdict",
                    json!({ "enum": ["permitted", "prohibited", "permitted-by-exemption", "undetermined"] }),
                ),
                ("reason", string("One sentence saying why.")),
                ("no_measure_in_force", boolean("")),
                (
                    "deciding",
                    array(
                        json!({ "type": "object", "description": "A rule outcome: measure, rule, kind, description, applies_at_date, criteria, matches, evidence." }),
                    ),
                ),
                (
                    "missing",
                    array(
                        json!({ "type": "object", "description": "need, measure, rule, message, evidence." }),
                    ),
                ),
                (
                    "measures",
                    array(object(
                        "A measure's status and effect on the date.",
                        &[
                            ("measure", string("")),
                            ("title", string("")),
                            ("body", string("")),
                            ("in_force_dates", string("")),
                            ("in_force", truth.clone()),
                            (
                                "effect",
                                json!({ "enum": ["not-in-force", "no-restriction-matches", "prohibits", "exempts", "undetermined"] }),
                            ),
                            ("rules", array(json!({ "type": "object" }))),
                            ("evidence", array(reference("Evidence"))),
                        ],
                        &["measure", "title", "in_force", "effect"],
                    )),
                ),
                ("notes", strings("")),
            ],
            &["as_of", "activity", "verdict", "reason", "measures"],
        ),
    );
    add(
        "SearchResult",
        object(
            "As `statecraft search --json`.",
            &[
                ("query", string("")),
                ("as_of", nullable(string(""))),
                (
                    "units",
                    array(
                        json!({ "type": "object", "description": "A word or phrase of the query and the alternatives it matches (an actor's names)." }),
                    ),
                ),
                ("documents", integer("Documents searched.")),
                (
                    "sources_searched",
                    strings("Sources whose text was indexed."),
                ),
                (
                    "hits",
                    array(json!({
                        "type": "object",
                        "description": "kind (paragraph or datum), source and paragraph or datum and id, locator, score, and a snippet.",
                        "properties": { "kind": { "enum": ["paragraph", "datum"] }, "locator": { "type": "string" }, "score": { "type": "number" } },
                        "required": ["kind", "locator", "score"]
                    })),
                ),
            ],
            &["query", "units", "documents", "hits"],
        ),
    );
    let locator = object(
        "",
        &[
            ("source", string("")),
            ("paragraph", integer("")),
            ("hash", string("")),
        ],
        &["source", "paragraph"],
    );
    add(
        "QuestionRecord",
        object(
            "A ledger question with its forecasts and resolution.",
            &[
                ("id", string("")),
                ("text", string("")),
                ("kind", json!({ "enum": ["binary", "multiple", "ordered"] })),
                ("options", strings("")),
                ("resolution_criterion", string("")),
                ("opens", reference("Date")),
                ("resolves_by", reference("Date")),
                ("evidence", array(locator.clone())),
                (
                    "forecasts",
                    array(
                        json!({ "type": "object", "description": "id, question, forecaster, made_at, probabilities, stated_sum, rationale, evidence, origin." }),
                    ),
                ),
                (
                    "resolution",
                    nullable(
                        json!({ "type": "object", "description": "question, outcome, resolved_at, source, note." }),
                    ),
                ),
            ],
            &["id", "text", "kind", "options", "forecasts"],
        ),
    );
    add(
        "ScoreCard",
        json!({ "type": "object", "description": "forecasters, overall, questions (per-question scores), annulled, unresolved, calibration.", "required": ["forecasters", "questions"] }),
    );
    add(
        "QuestionInput",
        json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "id": { "type": "string" }, "text": { "type": "string" },
                "kind": { "enum": ["binary", "multiple", "ordered"] },
                "options": { "type": "array", "items": { "type": "string" } },
                "resolution": { "type": "string", "description": "What counts as each outcome." },
                "opens": { "$ref": "#/components/schemas/Date" },
                "resolves_by": { "$ref": "#/components/schemas/Date" },
                "evidence": { "type": "array", "items": locator }
            },
            "required": ["id", "text", "options", "resolution", "opens", "resolves_by"]
        }),
    );
    add(
        "ForecastInput",
        json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "question": { "type": "string" }, "forecaster": { "type": "string" },
                "made_at": { "$ref": "#/components/schemas/Date" },
                "p": { "type": "object", "additionalProperties": { "type": "number", "minimum": 0, "maximum": 1 }, "description": "Option → probability; options left out share the remainder." },
                "rationale": { "type": "string" },
                "evidence": { "type": "array", "items": { "type": "object" } }
            },
            "required": ["question", "forecaster", "made_at", "p"]
        }),
    );
    add(
        "BargainQuery",
        json!({
            "type": "object",
            "description": "A bargaining question on a model issue. Only `issue` is required.",
            "additionalProperties": false,
            "properties": {
                "issue": { "type": "string", "description": "The issue's id (GET /api/issues lists them)." },
                "as_of": { "$ref": "#/components/schemas/Date" },
                "method": { "enum": ["compromise", "eum", "smp"], "description": "compromise (default): capability × salience weighted mean; eum: expected utility (Scholz et al. 2011); smp: KTAB's spatial model." },
                "statistic": { "enum": ["mean", "median"], "description": "The compromise model's statistic (default mean)." },
                "rounds": { "type": "integer", "minimum": 1, "maximum": statecraft_bargain_model::MAX_ROUNDS, "description": "Rounds (eum, default 8) or the round limit (smp, default 100); not for compromise." },
                "samples": { "type": "integer", "minimum": 1, "maximum": crate::handlers::model::MAX_SAMPLES, "description": "Sample every range this many times: the answer is then the distribution of outcomes." },
                "seed": { "type": "integer", "minimum": 0, "description": "Seed of the sampling (default 20111004) and of the spatial model." },
                "procedure": { "type": "string", "description": "A what-if decision rule in place of the issue's: majority, qualified:K, veto:A,B,... or qualified:K+veto:A,B,... (named actors get a veto beside those the model gives one)." },
                "status_quo": { "type": "array", "items": { "type": "number" }, "description": "A what-if status quo in place of the issue's, one value per dimension on the issue's scale." }
            },
            "required": ["issue"],
            "examples": [{ "issue": "full-oil-embargo", "as_of": "2017-09", "method": "compromise" }]
        }),
    );
    let span = object(
        "A number or a range; equal bounds for a number.",
        &[("low", number("")), ("high", number(""))],
        &["low", "high"],
    );
    add(
        "BargainAnswer",
        json!({
            "type": "object",
            "description": "As `statecraft bargain --issue ID --json`. Without `samples`: the forecast (`outcome`, the `rounds` with each actor's position, whether it `settled`, and the `decision`: the vote against the status quo, with `blocked_by` the veto players who would block). With `samples`: the distribution (`dimensions` with mean, p05, p50, p95 and a histogram; `adoption_rate`; `blocking`: how often each veto player blocks).",
            "properties": {
                "source": { "type": "string", "description": "`issue ID as of DATE`." },
                "as_of": { "type": "string" },
                "scenario": { "type": "string", "description": "The issue's id." },
                "model": { "type": "string", "description": "compromise, eum or smp." },
                "dimensions": { "type": "array", "description": "Dimension names (a forecast) or summaries (a distribution)." },
                "actors": strings("Actor ids, in the order of every per-actor array."),
                "outcome": { "type": "array", "items": { "type": "number" }, "description": "The forecast outcome on the issue's 0–100 scale." },
                "rounds": { "type": "array", "items": { "type": "object" } },
                "settled": { "type": "boolean" },
                "decision": nullable(json!({ "type": "object", "description": "procedure, proposal, status_quo, votes, in_favour, required, blocked_by (actor indices), adopted, result." })),
                "detail": { "type": "object", "description": "Model-specific results." },
                "samples": { "type": "integer" },
                "seed": { "type": "integer" },
                "failed": { "type": "integer", "description": "Samples that gave no forecast." },
                "adoption_rate": nullable(json!({ "type": "number" })),
                "blocking": { "type": "array", "items": { "type": "object", "properties": { "actor": { "type": "string" }, "count": { "type": "integer" }, "share": { "type": "number" } } } },
                "issue": object(
                    "The issue as the model states it.",
                    &[
                        ("id", string("")),
                        ("question", string("")),
                        ("anchors", array(object("", &[("at", number("")), ("label", string(""))], &["at", "label"]))),
                        ("status_quo", nullable(number("0–100."))),
                        ("body", nullable(string("The deciding body."))),
                    ],
                    &["id", "question", "anchors"],
                ),
                "inputs": array(object(
                    "One actor's inputs, with the locators of its position.",
                    &[
                        ("actor", string("")),
                        ("name", string("")),
                        ("capability", span.clone()),
                        ("capability_assumed", boolean("No capability is recorded; 50 stands in.")),
                        ("position", span.clone()),
                        ("salience", span.clone()),
                        ("veto", boolean("")),
                        ("evidence", strings("Locators, e.g. `lukin-fpri-2016 ¶44`; empty for an assumption.")),
                    ],
                    &["actor", "capability", "position", "salience", "veto", "evidence"],
                )),
                "notes": strings("What the adapter assumed.")
            },
            "required": ["source", "as_of", "model", "dimensions", "issue", "inputs", "notes"]
        }),
    );
    add(
        "ResolutionInput",
        json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "question": { "type": "string" },
                "outcome": { "type": "string", "description": "The option that occurred, or `annulled`." },
                "resolved_at": { "$ref": "#/components/schemas/Date" },
                "source": { "type": "string", "description": "Where the outcome is established." },
                "note": { "type": "string" }
            },
            "required": ["question", "outcome", "resolved_at", "source"]
        }),
    );
    add(
        "Written",
        object(
            "What a write recorded.",
            &[
                (
                    "written",
                    json!({ "enum": ["question", "forecast", "resolution"] }),
                ),
                ("question", string("")),
                ("forecast", integer("The id the ledger gave the forecast.")),
            ],
            &["written", "question"],
        ),
    );
    c
}
