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
    let mut report = statecraft_report::build(&model, args.as_of.as_ref());
    // The engines' own sections: who holds leverage after the channels, and what the
    // sanctions rules decide after the measures in force.
    statecraft_report::insert_sections(
        &mut report,
        "channels",
        vec![statecraft_leverage::leverage_section(
            &model,
            args.as_of.as_ref(),
        )],
    );
    statecraft_report::insert_sections(
        &mut report,
        "measures",
        vec![statecraft_rules::rules_section(&model, args.as_of.as_ref())],
    );
    if global.json {
        return print_json(&report);
    }
    print!("{}", statecraft_report::render_text(&report));
    Ok(ExitCode::SUCCESS)
}
