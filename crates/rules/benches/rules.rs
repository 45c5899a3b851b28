//! Benchmarks of the rules engine (figures, not pass/fail tests):
//! - one activity on the built-in model (6 measures, 13 rules);
//! - one activity against a generated regime of 1 000 measures with 4 restrictions and
//!   2 exemptions each, and 100 activities against it.
//!
//! Run with `cargo bench -p statecraft-rules`. Each case reports the best and median
//! wall time of several runs; docs/benchmarks/leverage-rules.md records them.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use statecraft_model::{Date, InputFile};
use statecraft_rules::{ActivityQuery, Verdict, evaluate, resolve_activity};

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

fn query(goods: &str, origin: &str, importer: &str, via: &str) -> ActivityQuery {
    ActivityQuery {
        channel: Some("trade".into()),
        goods: Some(goods.into()),
        origin: Some(origin.into()),
        exporter: Some(origin.into()),
        importer: Some(importer.into()),
        via: Some(via.into()),
        purpose: None,
    }
}

/// 1 000 measures, each restricting a goods word by origin and by route, with an
/// exemption for other origins through the route and one for a purpose.
fn generated(measures: usize) -> String {
    let mut text = String::new();
    for actor in ["a", "b", "c"] {
        let _ = write!(
            text,
            "[[actor]]\nid = \"{actor}\"\nkind = \"group\"\nname = \"{actor}\"\nassumption = true\nreason = \"generated\"\n\n"
        );
    }
    for m in 0..measures {
        let year = 2000 + m % 20;
        let _ = write!(
            text,
            "[[measure]]\nid = \"m{m}\"\ntitle = \"Measure {m}\"\nbody = \"c\"\nkind = \"resolution\"\nadopted = \"{year}-01-01\"\nassumption = true\nreason = \"generated\"\n"
        );
        for (i, criteria) in [
            "origin = [\"a\"]".to_string(),
            "via = [\"port-{m}\"]".replace("{m}", &m.to_string()),
            "exporter = [\"a\"]\nimporter = [\"b\"]".to_string(),
            format!("until = \"{}\"", year + 5),
        ]
        .iter()
        .enumerate()
        {
            let _ = write!(
                text,
                "\n[[measure.restricts]]\nid = \"r{i}\"\ndescription = \"generated\"\nchannel = [\"trade\"]\ngoods = [\"goods-{}\"]\n{criteria}\nassumption = true\nreason = \"generated\"\n",
                m % 50
            );
        }
        let _ = write!(
            text,
            "\n[[measure.exemptions]]\nid = \"e0\"\ndescription = \"generated\"\ngoods = [\"goods-{}\"]\norigin_not = [\"a\"]\nvia = [\"port-{m}\"]\nassumption = true\nreason = \"generated\"\n\n[[measure.exemptions]]\nid = \"e1\"\ndescription = \"generated\"\npurpose = [\"humanitarian\"]\nassumption = true\nreason = \"generated\"\n\n",
            m % 50
        );
    }
    text
}

fn main() {
    let builtin = statecraft_model::store::open(None).expect("the built-in model loads");
    let as_of = Date::parse("2016-06").expect("a date");
    let coal = resolve_activity(&builtin, &query("coal", "RUS", "KOR", "Rajin")).expect("valid");
    measure("built-in: Russian coal via Rajin, 2016-06", 200, || {
        evaluate(&builtin, &as_of, &coal)
    });
    measure("built-in: resolve + evaluate", 200, || {
        let activity = resolve_activity(&builtin, &query("coal", "North Korea", "KOR", "Rajin"))
            .expect("valid");
        evaluate(&builtin, &as_of, &activity)
    });

    let model = statecraft_model::load(&[InputFile {
        name: "generated.toml".into(),
        text: generated(1000),
    }])
    .unwrap_or_else(|d| panic!("the generated model loads: {}", d.0[0]));
    let as_of = Date::parse("2015-06-01").expect("a date");
    let activity = resolve_activity(&model, &query("goods-7", "c", "b", "port-7")).expect("valid");
    measure("generated: 1 000 measures, one activity", 50, || {
        evaluate(&model, &as_of, &activity)
    });
    let activities: Vec<_> = (0..100)
        .map(|i| {
            resolve_activity(
                &model,
                &query(
                    &format!("goods-{}", i % 60),
                    ["a", "b", "c"][i % 3],
                    "b",
                    &format!("port-{i}"),
                ),
            )
            .expect("valid")
        })
        .collect();
    measure("generated: 1 000 measures × 100 activities", 5, || {
        activities
            .iter()
            .filter(|a| evaluate(&model, &as_of, a).verdict == Verdict::Prohibited)
            .count()
    });
}
