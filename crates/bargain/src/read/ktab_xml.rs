//! KTAB SMP XML (smpSchema.xsd): `Scenario` with `name`, `desc`, `prngSeed`,
//! optional `ModelParameters`, `Dimensions/dName`, `Actors/Actor` (name,
//! description, capability, `Position/dCoord`, `Salience/dSal` on 0–100) and
//! optional `IdealAdjustment/iaPair`. Problems are reported by line and column.

use roxmltree::{Document, Node};

use super::shorten;
use crate::error::{BargainError, Location, Problem, check};
use crate::scenario::{Actor, Dimension, Estimate, IdealAdjustment, Scenario};
use crate::smp::{
    BargainModel, BigRAdjust, BigRRange, InterVecBargain, PceModel, SmpParameters,
    StateTransitions, ThirdPartyCommit, VictoryProbModel, VotingRule,
};

fn location(doc: &Document, node: Node) -> Location {
    let pos = doc.text_pos_at(node.range().start);
    Location::Line {
        line: pos.row as usize,
        column: pos.col as usize,
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.has_tag_name(name))
}

fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("").trim()
}

fn require<'a, 'i>(
    doc: &Document,
    problems: &mut Vec<Problem>,
    parent: Node<'a, 'i>,
    name: &str,
) -> Option<Node<'a, 'i>> {
    let found = child(parent, name);
    if found.is_none() {
        problems.push(Problem::new(
            location(doc, parent),
            format!("<{}> has no <{name}>", parent.tag_name().name()),
        ));
    }
    found
}

fn number(doc: &Document, problems: &mut Vec<Problem>, node: Node) -> Option<f64> {
    let t = text(node);
    let at = location(doc, node);
    let name = node.tag_name().name();
    if t.is_empty() {
        problems.push(Problem::new(
            at,
            format!("<{name}> is empty; a number is needed"),
        ));
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            problems.push(Problem::new(
                at,
                format!("<{name}> '{}' is not a number", shorten(t)),
            ));
            None
        }
    }
}

fn parameter<T>(
    doc: &Document,
    problems: &mut Vec<Problem>,
    parent: Node,
    name: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Option<T> {
    let node = require(doc, problems, parent, name)?;
    let value = parse(text(node));
    if value.is_none() {
        problems.push(Problem::new(
            location(doc, node),
            format!(
                "<{name}> '{}' is not one of {}",
                shorten(text(node)),
                names.join(", ")
            ),
        ));
    }
    value
}

/// The numbers under `parent/item` of an actor, checked against the scale.
fn read_list(
    doc: &Document,
    problems: &mut Vec<Problem>,
    actor: Node,
    parent: &str,
    item: &str,
    dimensions: usize,
) -> Vec<f64> {
    let Some(p) = require(doc, problems, actor, parent) else {
        return Vec::new();
    };
    let nodes: Vec<Node> = p.children().filter(|c| c.has_tag_name(item)).collect();
    if nodes.len() != dimensions {
        problems.push(Problem::new(
            location(doc, p),
            format!(
                "<{parent}> has {} <{item}>; there are {dimensions} dimensions",
                nodes.len()
            ),
        ));
    }
    let mut values = Vec::new();
    for node in nodes {
        let v = number(doc, problems, node);
        if let Some(v) = v
            && !(0.0..=100.0).contains(&v)
        {
            let what = if item == "dSal" {
                "salience"
            } else {
                "position"
            };
            problems.push(Problem::new(
                location(doc, node),
                format!("{what} {v} is outside 0 to 100"),
            ));
        }
        values.push(v.unwrap_or(0.0));
    }
    values
}

pub fn read_ktab_xml(input: &str) -> Result<Scenario, BargainError> {
    let document = Document::parse(input).map_err(|e| {
        let pos = e.pos();
        BargainError::at(
            Location::Line {
                line: pos.row as usize,
                column: pos.col as usize,
            },
            format!("not well-formed XML: {e}"),
        )
    })?;
    let doc = &document;
    let root = doc.root_element();
    if !root.has_tag_name("Scenario") {
        return Err(BargainError::at(
            location(doc, root),
            format!(
                "the root element is <{}>; <Scenario> is needed",
                root.tag_name().name()
            ),
        ));
    }
    let mut problems: Vec<Problem> = Vec::new();
    let name = child(root, "name").map(text).unwrap_or("").to_string();
    let description = child(root, "desc").map(text).unwrap_or("").to_string();
    let seed = match child(root, "prngSeed") {
        Some(node) => match text(node).parse::<u64>() {
            Ok(seed) => seed,
            Err(_) => {
                problems.push(Problem::new(
                    location(doc, node),
                    format!("<prngSeed> '{}' is not a whole number", shorten(text(node))),
                ));
                0
            }
        },
        None => 0,
    };
    let smp_parameters = child(root, "ModelParameters").map(|mp| {
        let d = SmpParameters::default();
        SmpParameters {
            victory_prob_model: parameter(
                doc,
                &mut problems,
                mp,
                "VictoryProbModel",
                VictoryProbModel::from_name,
                VictoryProbModel::names(),
            )
            .unwrap_or(d.victory_prob_model),
            pce_model: parameter(
                doc,
                &mut problems,
                mp,
                "PCEModel",
                PceModel::from_name,
                PceModel::names(),
            )
            .unwrap_or(d.pce_model),
            state_transitions: parameter(
                doc,
                &mut problems,
                mp,
                "StateTransitions",
                StateTransitions::from_name,
                StateTransitions::names(),
            )
            .unwrap_or(d.state_transitions),
            voting_rule: parameter(
                doc,
                &mut problems,
                mp,
                "VotingRule",
                VotingRule::from_name,
                VotingRule::names(),
            )
            .unwrap_or(d.voting_rule),
            big_r_adjust: parameter(
                doc,
                &mut problems,
                mp,
                "BigRAdjust",
                BigRAdjust::from_name,
                BigRAdjust::names(),
            )
            .unwrap_or(d.big_r_adjust),
            big_r_range: parameter(
                doc,
                &mut problems,
                mp,
                "BigRRange",
                BigRRange::from_name,
                BigRRange::names(),
            )
            .unwrap_or(d.big_r_range),
            third_party_commit: parameter(
                doc,
                &mut problems,
                mp,
                "ThirdPartyCommit",
                ThirdPartyCommit::from_name,
                ThirdPartyCommit::names(),
            )
            .unwrap_or(d.third_party_commit),
            inter_vec_bargain: parameter(
                doc,
                &mut problems,
                mp,
                "InterVecBrgn",
                InterVecBargain::from_name,
                InterVecBargain::names(),
            )
            .unwrap_or(d.inter_vec_bargain),
            bargain_model: parameter(
                doc,
                &mut problems,
                mp,
                "BargnModel",
                BargainModel::from_name,
                BargainModel::names(),
            )
            .unwrap_or(d.bargain_model),
            seed,
        }
    });
    let mut dimensions = Vec::new();
    if let Some(dims) = require(doc, &mut problems, root, "Dimensions") {
        for d in children(dims, "dName") {
            let t = text(d);
            if t.is_empty() {
                problems.push(Problem::new(location(doc, d), "<dName> is empty"));
            }
            dimensions.push(Dimension::new(t));
        }
        if dimensions.is_empty() {
            problems.push(Problem::new(
                location(doc, dims),
                "<Dimensions> has no <dName>",
            ));
        }
    }
    let nd = dimensions.len();
    let mut actors: Vec<Actor> = Vec::new();
    let mut first_seen: Vec<(String, Location)> = Vec::new();
    if let Some(list) = require(doc, &mut problems, root, "Actors") {
        for a in children(list, "Actor") {
            let at = location(doc, a);
            let name = match require(doc, &mut problems, a, "name") {
                Some(n) => text(n).to_string(),
                None => String::new(),
            };
            if let Some((_, earlier)) = first_seen.iter().find(|(n, _)| *n == name) {
                let message = format!("actor '{}' repeats the actor at {earlier}", shorten(&name));
                problems.push(Problem::new(at.clone(), message));
            } else if !name.is_empty() {
                first_seen.push((name.clone(), at.clone()));
            } else {
                problems.push(Problem::new(at.clone(), "actor name is empty"));
            }
            let description = child(a, "description").map(text).unwrap_or("").to_string();
            let capability = require(doc, &mut problems, a, "capability")
                .and_then(|c| number(doc, &mut problems, c));
            if let (Some(c), Some(node)) = (capability, child(a, "capability"))
                && c <= 0.0
            {
                problems.push(Problem::new(
                    location(doc, node),
                    format!("capability {c} must be positive"),
                ));
            }
            let positions = read_list(doc, &mut problems, a, "Position", "dCoord", nd);
            let saliences = read_list(doc, &mut problems, a, "Salience", "dSal", nd);
            let total: f64 = saliences.iter().sum();
            if total > 100.0 + 1e-9 {
                problems.push(Problem::new(
                    at.clone(),
                    format!("saliences sum to {total}; an actor's total attention is at most 100"),
                ));
            }
            actors.push(Actor {
                name,
                description,
                capability: Estimate::exact(capability.unwrap_or(0.0)),
                positions: positions.into_iter().map(Estimate::exact).collect(),
                saliences: saliences
                    .into_iter()
                    .map(|s| Estimate::exact(s / 100.0))
                    .collect(),
                veto: false,
            });
        }
    }
    if actors.len() < 3 {
        problems.push(Problem::new(
            location(doc, root),
            format!("{} actor(s); at least 3 are needed", actors.len()),
        ));
    }
    let mut ideal_adjustments = Vec::new();
    if let Some(adjust) = child(root, "IdealAdjustment") {
        for pair in children(adjust, "iaPair") {
            let at = location(doc, pair);
            let find = |tag: &str, problems: &mut Vec<Problem>| -> Option<usize> {
                let node = require(doc, problems, pair, tag)?;
                let who = text(node);
                let index = actors.iter().position(|a| a.name == who);
                if index.is_none() {
                    problems.push(Problem::new(
                        location(doc, node),
                        format!("unknown actor '{}'", shorten(who)),
                    ));
                }
                index
            };
            let adjusting = find("adjustingIdeal", &mut problems);
            let reference = find("referencePos", &mut problems);
            let rate = require(doc, &mut problems, pair, "adjust")
                .and_then(|n| number(doc, &mut problems, n));
            if let Some(rate) = rate
                && !(0.0..=1.0).contains(&rate)
            {
                problems.push(Problem::new(at, format!("adjust {rate} is outside 0 to 1")));
            }
            if let (Some(adjusting), Some(reference), Some(rate)) = (adjusting, reference, rate) {
                ideal_adjustments.push(IdealAdjustment {
                    adjusting,
                    reference,
                    rate,
                });
            }
        }
    }
    check(problems)?;
    Ok(Scenario {
        name,
        description,
        dimensions,
        actors,
        status_quo: None,
        procedure: None,
        ideal_adjustments,
        smp_parameters,
    })
}
