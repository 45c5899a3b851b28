//! `statecraft net`: query, convert and describe Bayesian networks in BIF or
//! XMLBIF files, with the exact-inference engine of `statecraft-net`.
//!
//! Arguments are parsed into a plan (files, evidence by name) before any work
//! starts; names are then resolved against the network, and an unknown
//! variable or state is invalid input (exit 1), as is a file that does not
//! read or evidence of probability zero. Usage and I/O errors exit 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::{Value, json};
use statecraft_net::{Engine, Evidence, Format, Method, NetError, Network, Plan};

use crate::Global;
use crate::common::{invalid, table, write_files_atomically};

#[derive(Debug, clap::Subcommand)]
pub enum NetCommand {
    /// Posterior marginals (and optionally the most probable explanation)
    /// given evidence, by exact inference.
    #[command(after_help = QUERY_EXAMPLES)]
    Query(QueryArgs),
    /// Convert between BIF and XMLBIF (format chosen by extension).
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Size of a network and of its junction tree.
    #[command(after_help = INFO_EXAMPLES)]
    Info(InfoArgs),
    /// Write the model's scenario network (the built-in one by default) as BIF or XMLBIF,
    /// for use in pgmpy, pyAgrum or GeNIe. Point values are the interval midpoints.
    #[command(
        after_help = "Examples:\n  statecraft net export-model-network scenarios.bif\n  statecraft net export-model-network --as-of 2016-04 scenarios-2016.xml"
    )]
    ExportModelNetwork(ExportModelNetworkArgs),
}

const QUERY_EXAMPLES: &str = "\
Examples:
  statecraft net query asia.bif
  statecraft net query asia.bif --evidence xray=yes --target lung --target tub
  statecraft net query asia.bif --soft dysp=yes:0.8,no:0.2 --json
  statecraft net query asia.bif --do smoke=no --target lung
  statecraft net query asia.bif --evidence xray=yes --mpe

Evidence:
  --evidence VAR=STATE             VAR was observed in STATE.
  --soft VAR=STATE:W,STATE:W,...   likelihood evidence: a weight per state (an
                                   unreliable report); states not listed get 0.
  --do VAR=STATE                   intervention: VAR is set to STATE from outside,
                                   so its parents no longer explain it.
Method (--method, default auto): the marginals come from one calibration of the
whole network's junction tree, from junction trees over the relevant
sub-networks (the ancestors of a group of targets and of the evidence; every
other variable is barren and dropped), or from one variable elimination per
target over its relevant sub-network. auto picks the one estimated to touch the
fewest table entries; all give the same answers. The method used and the
estimates are printed.

JSON output: {\"marginals\": {var: {state: p}}, \"log10_evidence\": x, \"plan\":
{\"method\": m, ...}}, with an \"mpe\" key when --mpe is given. Exit codes: 0 ok,
1 invalid input (bad file, unknown variable or state, evidence of probability
zero), 2 usage or I/O error.";

const CONVERT_EXAMPLES: &str = "\
Examples:
  statecraft net convert child.bif child.xml
  statecraft net convert model.xmlbif model.bif

Formats by extension: .bif is BIF; .xml and .xmlbif are XMLBIF 0.3. The output
is written to a temporary file and renamed into place, so a failed run leaves
no partial file.";

const INFO_EXAMPLES: &str = "\
Examples:
  statecraft net info alarm.bif
  statecraft net info munin1.bif --json

Reports nodes, arcs, free parameters, the triangulation heuristic chosen (the
one of min-fill, min-weight and weighted min-fill with the smallest tables),
the treewidth, the sizes of the largest and of all clique tables, and the
method `net query` would use for all marginals without evidence.";

#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The network (BIF, or XMLBIF by extension .xml/.xmlbif).
    pub file: PathBuf,
    /// Observed state, as VAR=STATE (repeatable).
    #[arg(long = "evidence", short = 'e', value_name = "VAR=STATE", value_parser = parse_assignment)]
    pub evidence: Vec<(String, String)>,
    /// Likelihood evidence, as VAR=STATE:WEIGHT,STATE:WEIGHT,... (repeatable).
    #[arg(long = "soft", value_name = "VAR=STATE:W,...", value_parser = parse_soft)]
    pub soft: Vec<(String, Vec<(String, f64)>)>,
    /// Intervention do(VAR=STATE) (repeatable).
    #[arg(long = "do", value_name = "VAR=STATE", value_parser = parse_assignment)]
    pub interventions: Vec<(String, String)>,
    /// Variables to report (repeatable); all variables by default.
    #[arg(long = "target", short = 't', value_name = "VAR")]
    pub targets: Vec<String>,
    /// Also report the most probable explanation (max-product).
    #[arg(long)]
    pub mpe: bool,
    /// How to compute the marginals: auto (the planner's choice),
    /// junction-tree, relevant-trees, pruned-elimination, or forward
    /// (without evidence only; interventions allowed).
    #[arg(long, value_name = "METHOD", default_value = "auto", value_parser = parse_method)]
    pub method: MethodChoice,
}

/// `--method`: a method, or the planner's choice.
#[derive(Debug, Clone, Copy)]
pub struct MethodChoice(Option<Method>);

fn parse_method(text: &str) -> Result<MethodChoice, String> {
    match text {
        "auto" => Ok(MethodChoice(None)),
        "junction-tree" => Ok(MethodChoice(Some(Method::JunctionTree))),
        "relevant-trees" => Ok(MethodChoice(Some(Method::RelevantTrees))),
        "pruned-elimination" => Ok(MethodChoice(Some(Method::PrunedElimination))),
        "forward" => Ok(MethodChoice(Some(Method::Forward))),
        _ => Err(format!(
            "expected auto, junction-tree, relevant-trees, pruned-elimination or forward, got '{text}'"
        )),
    }
}

/// The plan as JSON: the method and the estimates (null where abandoned).
fn plan_json(plan: &Plan) -> Value {
    json!({
        "method": plan.method.name(),
        "tree_cost": plan.tree_cost.and_then(finite),
        "subtree_cost": plan.subtree_cost.and_then(finite),
        "subtrees": plan.subtrees,
        "elimination_cost": plan.elimination_cost.and_then(finite),
        "forward_cost": plan.forward_cost.and_then(finite),
        "forward_joints": plan.forward_joints,
        "forward_chain": plan.forward_chain,
        "targets": plan.targets,
        "largest_relevant": plan.largest_relevant,
    })
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// One line saying which method ran and what the others were estimated at.
fn plan_line(plan: &Plan) -> String {
    let estimate = |x: Option<f64>| match x.and_then(finite) {
        Some(x) => format!("{x:.3e}"),
        None => "not estimated".to_owned(),
    };
    format!(
        "{} (estimated cost: whole tree {}, relevant trees {}, pruned elimination {}, forward {})",
        plan.method.name(),
        estimate(plan.tree_cost),
        estimate(plan.subtree_cost),
        estimate(plan.elimination_cost),
        estimate(plan.forward_cost),
    )
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Input network (.bif, .xml or .xmlbif).
    pub input: PathBuf,
    /// Output file (.bif, .xml or .xmlbif).
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// The network (BIF, or XMLBIF by extension .xml/.xmlbif).
    pub file: PathBuf,
}

fn parse_assignment(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((variable, state)) if !variable.is_empty() && !state.is_empty() => {
            Ok((variable.to_owned(), state.to_owned()))
        }
        _ => Err(format!("expected VAR=STATE, got '{text}'")),
    }
}

fn parse_soft(text: &str) -> Result<(String, Vec<(String, f64)>), String> {
    let usage = || format!("expected VAR=STATE:WEIGHT,STATE:WEIGHT,..., got '{text}'");
    let (variable, list) = text.split_once('=').ok_or_else(usage)?;
    if variable.is_empty() {
        return Err(usage());
    }
    let mut weights = Vec::new();
    for item in list.split(',') {
        let (state, weight) = item.rsplit_once(':').ok_or_else(usage)?;
        let weight: f64 = weight
            .trim()
            .parse()
            .map_err(|_| format!("'{weight}' is not a number in '{text}'"))?;
        if state.is_empty() {
            return Err(usage());
        }
        weights.push((state.to_owned(), weight));
    }
    Ok((variable.to_owned(), weights))
}

pub fn run(command: NetCommand, global: &Global) -> anyhow::Result<ExitCode> {
    match command {
        NetCommand::Query(args) => query(args, global),
        NetCommand::Convert(args) => convert(args),
        NetCommand::Info(args) => info(args, global),
        NetCommand::ExportModelNetwork(args) => export_model_network(args, global),
    }
}

#[derive(Debug, clap::Args)]
pub struct ExportModelNetworkArgs {
    /// Output file: `.bif`, or `.xml`/`.xmlbif` for XMLBIF.
    pub out: PathBuf,
    /// The network as of this date (rows published later are left out).
    #[arg(long, value_name = "DATE", value_parser = crate::common::parse_date)]
    pub as_of: Option<statecraft_model::Date>,
}

fn export_model_network(args: ExportModelNetworkArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let Some(format) = format_of(&args.out) else {
        return Err(crate::common::invalid(format!(
            "{}: the output name must end in .bif, .xml or .xmlbif",
            args.out.display()
        )));
    };
    let model = crate::common::model_as_of(global, args.as_of.as_ref())?;
    let scenario =
        statecraft_scenario::build(&model).map_err(|e| crate::common::invalid(e.to_string()))?;
    let text = format.write(&scenario.network)?;
    crate::common::write_files_atomically(&[(args.out.clone(), text.into_bytes())])?;
    if !global.json {
        eprintln!(
            "wrote {} variables to {}",
            scenario.network.len(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn format_of(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

/// Reads a network; an unreadable file is an I/O error (exit 2), a file that
/// does not parse is invalid input (exit 1) with every problem listed.
fn load(path: &Path) -> anyhow::Result<Network> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    // Without a known extension, XML announces itself by its first character.
    let format = format_of(path).unwrap_or(if text.trim_start().starts_with('<') {
        Format::XmlBif
    } else {
        Format::Bif
    });
    format
        .read(&text)
        .map_err(|error| invalid(located(path, &error)))
}

/// An error message with the file name before each line's position.
fn located(path: &Path, error: &NetError) -> String {
    match error {
        NetError::Format { diagnostics, .. } => diagnostics
            .iter()
            .map(|d| format!("error: {}:{d}", path.display()))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("error: {}: {other}", path.display()),
    }
}

fn net_invalid(error: NetError) -> anyhow::Error {
    invalid(format!("error: {error}"))
}

/// The evidence plan resolved against the network.
fn resolve_evidence(network: &Network, args: &QueryArgs) -> anyhow::Result<Evidence> {
    let mut evidence = Evidence::new();
    for (variable, state) in &args.evidence {
        evidence
            .observe(network, variable, state)
            .map_err(|e| invalid(format!("error: --evidence {variable}={state}: {e}")))?;
    }
    for (variable, weights) in &args.soft {
        let id = network
            .require(variable)
            .map_err(|e| invalid(format!("error: --soft {variable}: {e}")))?;
        let mut likelihood = vec![0.0; network.cardinality(id)];
        for (state, weight) in weights {
            let s = network
                .require_state(id, state)
                .map_err(|e| invalid(format!("error: --soft {variable}: {e}")))?;
            likelihood[s] = *weight;
        }
        evidence
            .likelihood_id(network, id, &likelihood)
            .map_err(|e| invalid(format!("error: --soft {variable}: {e}")))?;
    }
    for (variable, state) in &args.interventions {
        evidence
            .intervene(network, variable, state)
            .map_err(|e| invalid(format!("error: --do {variable}={state}: {e}")))?;
    }
    Ok(evidence)
}

fn query(args: QueryArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let network = load(&args.file)?;
    let evidence = resolve_evidence(&network, &args)?;
    let targets: Vec<usize> = if args.targets.is_empty() {
        (0..network.len()).collect()
    } else {
        args.targets
            .iter()
            .map(|t| {
                network
                    .require(t)
                    .map_err(|e| invalid(format!("error: --target {t}: {e}")))
            })
            .collect::<anyhow::Result<_>>()?
    };
    let mut engine = Engine::new(&network).map_err(net_invalid)?;
    let posterior = engine
        .posterior_using(&evidence, &targets, args.method.0)
        .map_err(net_invalid)?;
    let mpe = if args.mpe {
        Some(engine.mpe(&evidence).map_err(net_invalid)?)
    } else {
        None
    };
    if global.json {
        let mut marginals = serde_json::Map::new();
        for &t in &targets {
            let variable = network.variable(t);
            let states: serde_json::Map<String, Value> = variable
                .states()
                .iter()
                .zip(posterior.marginal(t))
                .map(|(s, p)| (s.clone(), json!(p)))
                .collect();
            marginals.insert(variable.name().to_owned(), Value::Object(states));
        }
        let mut out = serde_json::Map::new();
        out.insert("marginals".to_owned(), Value::Object(marginals));
        out.insert("log10_evidence".to_owned(), json!(posterior.log10_evidence));
        out.insert("plan".to_owned(), plan_json(&posterior.plan));
        if let Some(mpe) = &mpe {
            let states: BTreeMap<&str, &str> = (0..network.len())
                .map(|v| {
                    let variable = network.variable(v);
                    (variable.name(), variable.states()[mpe.states[v]].as_str())
                })
                .collect();
            out.insert(
                "mpe".to_owned(),
                json!({"states": states, "log10_probability": mpe.log10_probability}),
            );
        }
        println!("{}", serde_json::to_string_pretty(&Value::Object(out))?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = Vec::new();
    for &t in &targets {
        let variable = network.variable(t);
        for (i, (state, p)) in variable
            .states()
            .iter()
            .zip(posterior.marginal(t))
            .enumerate()
        {
            let name = if i == 0 { variable.name() } else { "" };
            rows.push(vec![name.to_owned(), state.clone(), format!("{p:.6}")]);
        }
    }
    let mut given = Vec::new();
    given.extend(args.evidence.iter().map(|(v, s)| format!("{v}={s}")));
    given.extend(args.soft.iter().map(|(v, w)| {
        let weights: Vec<String> = w.iter().map(|(s, x)| format!("{s}:{x}")).collect();
        format!("{v}~{}", weights.join(","))
    }));
    given.extend(
        args.interventions
            .iter()
            .map(|(v, s)| format!("do({v}={s})")),
    );
    let name = if network.name().is_empty() {
        args.file.display().to_string()
    } else {
        network.name().to_owned()
    };
    println!("Network: {name}");
    if given.is_empty() {
        println!("Evidence: none");
    } else {
        println!("Evidence: {}", given.join(", "));
        println!("log10 P(evidence): {:.6}", posterior.log10_evidence);
    }
    println!("Method: {}", plan_line(&posterior.plan));
    println!();
    print!("{}", table(&["variable", "state", "probability"], &rows));
    if let Some(mpe) = mpe {
        println!();
        println!(
            "Most probable explanation (log10 P = {:.6}):",
            mpe.log10_probability
        );
        let rows: Vec<Vec<String>> = (0..network.len())
            .map(|v| {
                let variable = network.variable(v);
                vec![
                    variable.name().to_owned(),
                    variable.states()[mpe.states[v]].clone(),
                ]
            })
            .collect();
        print!("{}", table(&["variable", "state"], &rows));
    }
    Ok(ExitCode::SUCCESS)
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let Some(format) = format_of(&args.output) else {
        anyhow::bail!(
            "cannot tell the format of {} from its extension (use .bif, .xml or .xmlbif)",
            args.output.display()
        );
    };
    let network = load(&args.input)?;
    let text = format.write(&network).map_err(net_invalid)?;
    write_files_atomically(&[(args.output.clone(), text.into_bytes())])?;
    Ok(ExitCode::SUCCESS)
}

fn info(args: InfoArgs, global: &Global) -> anyhow::Result<ExitCode> {
    let network = load(&args.file)?;
    let mut engine = Engine::new(&network).map_err(net_invalid)?;
    let all: Vec<usize> = (0..network.len()).collect();
    let plan = engine.plan(&Evidence::new(), &all).map_err(net_invalid)?;
    let stats = engine.stats().map_err(net_invalid)?.clone();
    let cpt_entries: usize = (0..network.len()).map(|v| network.cpt(v).len()).sum();
    if global.json {
        let out = json!({
            "network": network.name(),
            "nodes": network.len(),
            "arcs": network.arc_count(),
            "free_parameters": network.free_parameters(),
            "cpt_entries": cpt_entries,
            "max_states": (0..network.len()).map(|v| network.cardinality(v)).max().unwrap_or(0),
            "heuristic": stats.heuristic.name(),
            "treewidth": stats.treewidth,
            "cliques": stats.cliques,
            "largest_clique_entries": stats.largest_clique_entries,
            "total_clique_entries": stats.total_clique_entries,
            "total_separator_entries": stats.total_separator_entries,
            "plan_without_evidence": plan_json(&plan),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    let rows = vec![
        vec!["network".to_owned(), network.name().to_owned()],
        vec!["nodes".to_owned(), network.len().to_string()],
        vec!["arcs".to_owned(), network.arc_count().to_string()],
        vec![
            "free parameters".to_owned(),
            network.free_parameters().to_string(),
        ],
        vec!["CPT entries".to_owned(), cpt_entries.to_string()],
        vec![
            "triangulation".to_owned(),
            stats.heuristic.name().to_owned(),
        ],
        vec!["treewidth".to_owned(), stats.treewidth.to_string()],
        vec!["cliques".to_owned(), stats.cliques.to_string()],
        vec![
            "largest clique table".to_owned(),
            stats.largest_clique_entries.to_string(),
        ],
        vec![
            "total clique tables".to_owned(),
            stats.total_clique_entries.to_string(),
        ],
        vec![
            "total separator tables".to_owned(),
            stats.total_separator_entries.to_string(),
        ],
        vec!["all marginals, no evidence".to_owned(), plan_line(&plan)],
    ];
    print!("{}", table(&["property", "value"], &rows));
    Ok(ExitCode::SUCCESS)
}
