//! `report`: the brief of the system as of a date.

use std::process::ExitCode;

use statecraft_model::Date;

use crate::Global;
use crate::common::{self, parse_date, print_json};

/// Print a readable brief of the system as of a date, every line with its sources.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  statecraft report\n  statecraft report --as-of 2016-04\n  statecraft report --as-of 2020-01 --json\n\nWith --as-of, only what was true at the date and published by it is used."
)]
pub struct Args {
    /// The date of the brief (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let model = common::model_as_of(global, args.as_of.as_ref())?;
    let report = statecraft_report::build(&model, args.as_of.as_ref());
    if global.json {
        return print_json(&report);
    }
    print!("{}", statecraft_report::render_text(&report));
    Ok(ExitCode::SUCCESS)
}
