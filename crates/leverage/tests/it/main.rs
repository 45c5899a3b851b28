//! Tests of the leverage engine: the arithmetic and robustness verdicts on the invented
//! Tarland model (tests/models/leverage), the acceptance cases on the built-in model,
//! the options, and the report section.

mod arithmetic;
mod builtin;
mod options;

use statecraft_leverage::{ChannelShares, Interval, Leverage, Options, PartnerLeverage, leverage};
use statecraft_model::{ActorId, ChannelKind, Date, Model};

pub fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The Tarland test model.
pub fn tarland() -> Model {
    statecraft_model::store::open(Some(&repo().join("tests/models/leverage")))
        .unwrap_or_else(|e| panic!("the leverage test model loads: {e}"))
}

pub fn builtin() -> Model {
    statecraft_model::store::open(None).expect("the built-in model loads")
}

pub fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

/// The leverage over `target` in the model viewed as of `as_of`.
pub fn run(model: &Model, target: &str, as_of: &str, options: &Options) -> Leverage {
    let as_of = date(as_of);
    let view = statecraft_model::view::as_of(model, &as_of);
    leverage(&view, &ActorId::from(target), Some(&as_of), options).expect("leverage computes")
}

#[track_caller]
pub fn close(actual: Interval, low: f64, high: f64) {
    assert!(
        (actual.low - low).abs() <= 1e-9 * low.abs().max(1.0)
            && (actual.high - high).abs() <= 1e-9 * high.abs().max(1.0),
        "expected {low}–{high}, got {}–{}",
        actual.low,
        actual.high
    );
}

pub fn partner<'a>(result: &'a Leverage, id: &str) -> &'a PartnerLeverage {
    result
        .ranking
        .iter()
        .find(|p| p.partner.as_str() == id)
        .unwrap_or_else(|| panic!("{id} is ranked"))
}

pub fn channel(result: &Leverage, kind: ChannelKind) -> &ChannelShares {
    result
        .channels
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("{kind} is listed"))
}

/// A partner's share in a channel kind, with the ids of its inputs.
pub fn share(result: &Leverage, kind: ChannelKind, id: &str) -> (Interval, Vec<String>) {
    let shares = channel(result, kind)
        .partners
        .iter()
        .find(|p| p.partner.as_str() == id)
        .unwrap_or_else(|| panic!("{id} has a {kind} channel"));
    (
        shares.share,
        shares
            .inputs
            .iter()
            .map(|i| i.observation.to_string())
            .collect(),
    )
}

pub fn order(result: &Leverage) -> Vec<&str> {
    result.ranking.iter().map(|p| p.partner.as_str()).collect()
}
