//! Placeholder: this command is being built.

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, _: &crate::Global) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("this command is not available yet")
}
