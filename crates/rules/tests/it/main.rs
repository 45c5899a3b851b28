//! Tests of the rules engine: one per semantic rule on an invented model
//! (`model.toml`), the built-in Russia–DPRK model's acceptance cases, and the report
//! section.

mod builtin;
mod semantics;

use statecraft_model::{Date, InputFile, Model};
use statecraft_rules::{Activity, ActivityQuery, Answer, evaluate, resolve_activity};

/// The invented model of `model.toml`, with extra TOML appended when given.
pub fn invented(extra: &str) -> Model {
    let text = format!("{}\n{extra}", include_str!("model.toml"));
    statecraft_model::load(&[InputFile {
        name: "model.toml".into(),
        text,
    }])
    .unwrap_or_else(|d| panic!("the test model loads:\n{d}"))
}

pub fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

/// An activity from `field=value` pairs, resolved against the model.
pub fn activity(model: &Model, fields: &[(&str, &str)]) -> Activity {
    let mut query = ActivityQuery::default();
    for (field, value) in fields {
        let slot = match *field {
            "channel" => &mut query.channel,
            "goods" => &mut query.goods,
            "origin" => &mut query.origin,
            "from" => &mut query.exporter,
            "to" => &mut query.importer,
            "via" => &mut query.via,
            "purpose" => &mut query.purpose,
            other => panic!("no field {other}"),
        };
        *slot = Some((*value).to_string());
    }
    resolve_activity(model, &query).expect("a valid activity")
}

/// Evaluates an activity given as `field=value` pairs on a date.
pub fn ask(model: &Model, as_of: &str, fields: &[(&str, &str)]) -> Answer {
    evaluate(model, &date(as_of), &activity(model, fields))
}

/// The ids of the deciding rules, as `measure/rule`.
pub fn deciding(answer: &Answer) -> Vec<String> {
    answer
        .deciding
        .iter()
        .map(|r| format!("{}/{}", r.measure, r.rule))
        .collect()
}
