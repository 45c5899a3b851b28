//! `statecraft`: the command-line view over the model and its engines.
//!
//! Each subcommand lives in its own module with a clap `Args` struct and a
//! `run` function; arguments are turned into a validated plan before any work
//! starts. Exit codes follow ripgrep: 0 ok, 1 "no"/invalid input, 2 error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod backtest_cmd;
mod bargain_cmd;
mod common;
mod ingest_cmd;
mod ledger_cmd;
mod leverage_cmd;
mod model_cmd;
mod net_cmd;
mod permitted_cmd;
mod report_cmd;
mod scenario_cmd;
mod search_cmd;
mod serve_cmd;
mod sources_cmd;

/// mimalloc rather than the system allocator: inference plans and small
/// tables make many short-lived allocations, which it serves several times
/// faster (all marginals of a small network in about half the time). Its
/// version 2 (the `v2` feature): version 3 kept more memory after repeated
/// large calibrations (diabetes peaked at 67 MiB against 37). The benchmarks
/// that compare with other engines use it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Options every subcommand understands.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Model directory (TOML files). Default: the built-in Russia–DPRK model.
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<std::path::PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Parser)]
#[command(
    name = "statecraft",
    version,
    about = "An evidence-linked model of a geopolitical system, with engines that reason over it.",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the model; with --sources, verify every evidence locator.
    Check(model_cmd::CheckArgs),
    /// Print a brief of the system as of a date, every line with its sources.
    Report(report_cmd::Args),
    /// Write the whole model as JSON or CSV.
    Export(model_cmd::ExportArgs),
    /// The actors, their kinds, aliases and roles.
    Actors(model_cmd::TableArgs),
    /// The channels between actors with their figures over time.
    Channels(model_cmd::TableArgs),
    /// The dated events in order.
    Timeline(model_cmd::TableArgs),
    /// The sanctions measures (in force at --as-of, when given).
    Measures(model_cmd::TableArgs),
    /// The source registry: list, show a paragraph, coverage.
    #[command(subcommand)]
    Sources(sources_cmd::SourcesCommand),
    /// Full-text search over source paragraphs and the model's data.
    Search(search_cmd::Args),
    /// Read a new article and propose candidate data with locators.
    Ingest(ingest_cmd::Args),
    /// Who can hurt whom through which channel: the leverage table.
    Leverage(leverage_cmd::Args),
    /// Was an activity permitted by the sanctions regime on a date?
    Permitted(permitted_cmd::Args),
    /// What-if queries on the model's scenario network.
    Scenario(scenario_cmd::Args),
    /// The forecast ledger: record, resolve and score forecasts.
    Ledger(ledger_cmd::Args),
    /// Score the scenario network against outcomes it had not seen.
    Backtest(backtest_cmd::Args),
    /// Serve the web page and the HTTP API.
    Serve(serve_cmd::Args),
    /// Bayesian networks: query, convert and describe BIF/XMLBIF files.
    #[command(subcommand)]
    Net(net_cmd::NetCommand),
    /// Bargaining forecasts: compromise, expected-utility and spatial models.
    Bargain(bargain_cmd::Args),
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => model_cmd::check(args, &cli.global),
        Command::Report(args) => report_cmd::run(args, &cli.global),
        Command::Export(args) => model_cmd::export(args, &cli.global),
        Command::Actors(args) => model_cmd::actors(args, &cli.global),
        Command::Channels(args) => model_cmd::channels(args, &cli.global),
        Command::Timeline(args) => model_cmd::timeline(args, &cli.global),
        Command::Measures(args) => model_cmd::measures(args, &cli.global),
        Command::Sources(command) => sources_cmd::run(command, &cli.global),
        Command::Search(args) => search_cmd::run(args, &cli.global),
        Command::Ingest(args) => ingest_cmd::run(args, &cli.global),
        Command::Leverage(args) => leverage_cmd::run(args, &cli.global),
        Command::Permitted(args) => permitted_cmd::run(args, &cli.global),
        Command::Scenario(args) => scenario_cmd::run(args, &cli.global),
        Command::Ledger(args) => ledger_cmd::run(args, &cli.global),
        Command::Backtest(args) => backtest_cmd::run(args, &cli.global),
        Command::Serve(args) => serve_cmd::run(args, &cli.global),
        Command::Net(command) => net_cmd::run(command, &cli.global),
        Command::Bargain(args) => bargain_cmd::run(args, &cli.global),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            if let Some(invalid) = error.downcast_ref::<common::Invalid>() {
                eprintln!("{invalid}");
                ExitCode::from(common::INVALID)
            } else {
                eprintln!("error: {}", causes(&error));
                ExitCode::from(2)
            }
        }
    }
}

/// The error and its causes, each after a colon, leaving out a cause whose text the
/// message already holds (many errors print their cause in their own text).
fn causes(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.is_empty() {
            text = part;
        } else if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
    }
    text
}

/// A reader that stops early (`statecraft timeline | head`) closes the pipe; printing then
/// fails. That is not an error of ours: exit quietly, as other command-line tools do.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
