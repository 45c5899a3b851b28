//! Times the brief of the built-in model: load the embedded files, view as of a date,
//! build and render. Prints the median and the spread over repeated runs.
//!
//! Run: `cargo bench -p statecraft-report`. The whole-command figure (process start
//! included) comes from `bench/report.sh`.

use std::time::Instant;

fn main() {
    let files = statecraft_model::store::builtin_files();
    let as_of = statecraft_model::Date::parse("2020-01").expect("date");
    let mut times = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        let model = statecraft_model::load(&files).expect("built-in model loads");
        let view = statecraft_model::view::as_of(&model, &as_of);
        let report = statecraft_report::build(&view, Some(&as_of));
        let text = statecraft_report::render_text(&report);
        std::hint::black_box(text);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "report (load + as-of view + build + render), built-in model, 50 runs: min {:.2} ms, median {:.2} ms, max {:.2} ms",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
