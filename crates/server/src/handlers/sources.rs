//! The source registry and the evidence behind every figure: a paragraph's text (when
//! the server was given the texts) or its locator and recorded hash.

use axum::response::Response;
use serde::Serialize;
use statecraft_model::Source;

use crate::http::{Ctx, json, to_json};
use crate::problem::Problem;

pub fn list(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.view()?;
    Ok(json(view.body("sources", |v| to_json(&v.model.sources))?))
}

fn source(ctx: &Ctx) -> Result<&Source, Problem> {
    let id = ctx.path("id");
    ctx.state.model().source(id).ok_or_else(|| {
        Problem::not_found(
            "id",
            format!("no source {id:?}; /api/sources lists the sources"),
        )
    })
}

pub fn one(ctx: &Ctx) -> Result<Response, Problem> {
    let source = source(ctx)?;
    Ok(json(to_json(source)?))
}

#[derive(Serialize)]
struct Paragraph<'a> {
    source: &'a str,
    paragraph: u32,
    /// `source ¶n`.
    locator: String,
    /// The hash of the text when it is available, else the hash the model records.
    hash: Option<String>,
    /// The paragraph's text, when the server has the source texts.
    text: Option<&'a str>,
    /// The hash the model's locators record for this paragraph (none if no datum cites it).
    recorded_hash: Option<&'a str>,
    /// Whether the text's hash is the recorded one (none without the text or a record).
    hash_matches: Option<bool>,
    /// The data citing the paragraph.
    cited_by: &'a [String],
    /// The source's metadata.
    meta: &'a Source,
}

pub fn paragraph(ctx: &Ctx) -> Result<Response, Problem> {
    let source = source(ctx)?;
    let raw = ctx.path("n");
    let n: u32 = raw.parse().map_err(|_| {
        Problem::invalid(
            "n",
            format!("{raw:?} is not a paragraph number (a whole number from 1)"),
        )
    })?;
    if n == 0 || n > source.paragraphs {
        return Err(Problem::not_found(
            "n",
            format!(
                "source {:?} has paragraphs 1 to {}, not {n}",
                source.id.0, source.paragraphs
            ),
        ));
    }
    let text = ctx.state.paragraph(source.id.as_str(), n);
    let cited = ctx.state.cited(source.id.as_str(), n);
    let recorded_hash = cited.map(|c| c.hash.as_str());
    let text_hash = text.map(statecraft_sources::paragraph_hash);
    let hash_matches = match (&text_hash, recorded_hash) {
        (Some(a), Some(b)) => Some(a == b),
        _ => None,
    };
    let out = Paragraph {
        source: source.id.as_str(),
        paragraph: n,
        locator: format!("{} ¶{n}", source.id),
        hash: text_hash.or_else(|| recorded_hash.map(str::to_string)),
        text,
        recorded_hash,
        hash_matches,
        cited_by: cited.map(|c| c.by.as_slice()).unwrap_or(&[]),
        meta: source,
    };
    Ok(json(to_json(&out)?))
}

pub fn coverage(ctx: &Ctx) -> Result<Response, Problem> {
    let view = ctx.state.view(None);
    Ok(json(view.body("coverage", |v| {
        to_json(&statecraft_sources::coverage(&v.model))
    })?))
}
