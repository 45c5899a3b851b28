//! Benchmarks of the leverage engine (figures, not pass/fail tests):
//! - the ranking over the DPRK on the built-in model, as of 2019-12;
//! - a generated model: one target, 200 partners, every channel kind, 10 years, two
//!   observations per channel and year (52 000 observations): stated shares, levels and
//!   turnovers divided by a derived total.
//!
//! Run with `cargo bench -p statecraft-leverage`. Each case reports the best and median
//! wall time of several runs; docs/benchmarks/leverage-rules.md records them.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use statecraft_leverage::{Options, leverage};
use statecraft_model::{ActorId, ChannelKind, Date, InputFile};

fn measure<T>(label: &str, runs: usize, mut work: impl FnMut() -> T) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{label:<52} best {:>9.3} ms   median {:>9.3} ms   ({runs} runs)",
        times[0].as_secs_f64() * 1e3,
        times[runs / 2].as_secs_f64() * 1e3
    );
}

/// A generated model: target t00, partners p000…, a channel of every kind from each
/// partner, and per channel and year two observations. Partner p000 states its share
/// in percent and its turnover (so the target's total is known each year); the other
/// partners give either a turnover (a share derived through that total) or an ordinal
/// share level, alternately.
fn generated(partners: usize, years: i32) -> Vec<InputFile> {
    // One file per partner: the loader places records by scanning their file.
    let mut files = Vec::new();
    let mut text = String::from(
        "[[actor]]\nid = \"t00\"\nkind = \"group\"\nname = \"Target\"\nassumption = true\nreason = \"generated\"\n",
    );
    let levels = ["none", "minor", "moderate", "major", "dominant"];
    for p in 0..partners {
        files.push(InputFile {
            name: format!("generated-{p:03}.toml"),
            text: std::mem::take(&mut text),
        });
        let _ = write!(
            text,
            "\n[[actor]]\nid = \"p{p:03}\"\nkind = \"group\"\nname = \"Partner {p}\"\nassumption = true\nreason = \"generated\"\n"
        );
        for kind in ChannelKind::ALL {
            let channel = format!("{kind}-p{p:03}");
            let _ = write!(
                text,
                "\n[[channel]]\nid = \"{channel}\"\nfrom = \"p{p:03}\"\nto = \"t00\"\nkind = \"{kind}\"\ndescription = \"generated\"\nassumption = true\nreason = \"generated\"\n"
            );
            for y in 0..years {
                let year = 2000 + y;
                let step = p + y as usize;
                let first = if p == 0 {
                    format!(
                        "metric = \"share\"\nshare_of = \"t00\"\nvalue = {}\nunit = \"percent\"",
                        20 + step % 10
                    )
                } else if p % 2 == 0 {
                    format!(
                        "metric = \"share\"\nshare_of = \"t00\"\nlevel = \"{}\"",
                        levels[step % levels.len()]
                    )
                } else {
                    format!(
                        "metric = \"turnover\"\nvalue = {}\nunit = \"USD million\"",
                        1 + step % 9
                    )
                };
                let _ = write!(
                    text,
                    "\n[[observation]]\nid = \"{channel}-a-{year}\"\nchannel = \"{channel}\"\nperiod = \"{year}\"\ndirection = \"both\"\n{first}\nassumption = true\nreason = \"generated\"\n\n[[observation]]\nid = \"{channel}-b-{year}\"\nchannel = \"{channel}\"\nperiod = \"{year}\"\nmetric = \"turnover\"\nvalue = {}\nunit = \"USD million\"\ndirection = \"both\"\nassumption = true\nreason = \"generated\"\n",
                    if p == 0 { 500 } else { 1 + step % 9 }
                );
            }
        }
    }
    files.push(InputFile {
        name: "generated-last.toml".into(),
        text,
    });
    files
}

fn main() {
    let builtin = statecraft_model::store::open(None).expect("the built-in model loads");
    let as_of = Date::parse("2019-12").expect("a date");
    let view = statecraft_model::view::as_of(&builtin, &as_of);
    let prk = ActorId::from("PRK");
    measure("built-in: leverage over PRK as of 2019-12", 50, || {
        leverage(&view, &prk, Some(&as_of), &Options::default())
    });
    measure("built-in: as-of view + leverage over PRK", 20, || {
        let view = statecraft_model::view::as_of(&builtin, &as_of);
        leverage(&view, &prk, Some(&as_of), &Options::default())
    });

    let model = statecraft_model::load(&generated(200, 10))
        .unwrap_or_else(|d| panic!("the generated model loads: {}", d.0[0]));
    println!(
        "generated model: {} channels, {} observations",
        model.channels.len(),
        model.observations.len()
    );
    let target = ActorId::from("t00");
    measure(
        "generated: 200 partners × 13 kinds × 10 years",
        10,
        || leverage(&model, &target, None, &Options::default()),
    );
}
