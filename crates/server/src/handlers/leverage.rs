//! Who can hurt a target most, through which channels: the leverage engine over HTTP,
//! as `statecraft leverage --json` answers it (equal channel weights unless one channel
//! kind is asked for).

use axum::response::Response;
use statecraft_leverage::{LeverageError, Options};
use statecraft_model::ChannelKind;

use crate::http::{Ctx, json, to_json};
use crate::problem::Problem;

pub fn leverage(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    let name = ctx.query("over").unwrap_or("").trim().to_string();
    let target = ctx
        .state
        .model()
        .resolve_actor(&name)
        .map(|a| a.id.clone())
        .ok_or_else(|| {
            Problem::invalid(
                "over",
                format!(
                    "unknown actor {name:?} (give an actor id such as PRK, or a name or alias)"
                ),
            )
        })?;
    let only = match ctx.query("channel").filter(|c| !c.is_empty()) {
        Some(text) => Some(ChannelKind::parse(text).ok_or_else(|| {
            Problem::invalid(
                "channel",
                format!(
                    "unknown channel kind {text:?} (one of: {})",
                    ChannelKind::ALL.map(ChannelKind::as_str).join(", ")
                ),
            )
        })?),
        None => None,
    };
    let key = format!(
        "leverage?over={}&channel={}",
        target,
        only.map_or("", ChannelKind::as_str)
    );
    let body = view.body(&key, |v| {
        let options = Options {
            only,
            ..Options::default()
        };
        match statecraft_leverage::leverage(&v.model, &target, v.as_of.as_ref(), &options) {
            Ok(result) => to_json(&result),
            // The actor exists, but nothing about it was published by the date.
            Err(LeverageError::UnknownTarget(_)) => to_json(&serde_json::json!({
                "target": target,
                "as_of": v.as_of,
                "ranking": [],
                "notes": ["nothing about the target was published by the date"],
            })),
            Err(error) => Err(Problem::invalid("channel", error.to_string())),
        }
    })?;
    Ok(json(body))
}
