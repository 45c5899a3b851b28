//! Load and inference timings on the bnlearn networks in `shared/bn`.
//!
//! `cargo bench -p statecraft-net --bench inference [-- NET ...]` prints, per
//! network: BIF load time, the whole junction tree's compile time, all
//! marginals without and with the reference evidence on that engine (median
//! of at least 3 runs, more until 1 s has passed), the method the planner chose
//! for each, and the whole tree's size. Figures only: nothing here asserts a
//! time.
//!
//! With `--entries NET ...`, times one whole-tree calibration per clique
//! entry beside a streaming pass over as many numbers (the memory-bound
//! floor).
//!
//! With `--methods NET ...`, forces each method in turn and prints its
//! estimated cost beside its measured time (the cost model's calibration).
//!
//! With `--json NET`, prints one JSON line for `bench/bn-peers.sh`, timed the
//! way the peers are timed there: load = parse the file into a network;
//! inference = a fresh `Engine` (nothing compiled), plan, compile what the
//! plan needs, calibrate, and extract every marginal (as pyAgrum builds a
//! fresh LazyPropagation per run); the method chosen; peak memory from the
//! kernel's high-water mark for this process during those tasks.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use statecraft_net::{Engine, Evidence, bif};

/// The allocator the `statecraft` binary uses, so the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn shared_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bn"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median of at least 3 runs, then more until 1 s has passed (at most
/// 100); a run over 20 s is not repeated. `bench/bn/peer.py` times the peers
/// by the same rule.
fn time_repeated(mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 100 && (times.len() < 3 || start.elapsed() < Duration::from_secs(1)) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
        if times.last().is_some_and(|d| d.as_secs() >= 20) {
            break;
        }
    }
    median(times)
}

fn evidence_for(network: &statecraft_net::Network, name: &str) -> Evidence {
    let mut evidence = Evidence::new();
    let path = shared_dir()
        .join("reference")
        .join(format!("{name}.evidence.json"));
    if let Ok(text) = std::fs::read_to_string(path) {
        // The file is a flat JSON object of strings; a tiny scan avoids a
        // JSON dependency in this benchmark.
        let words: Vec<&str> = text.split('"').skip(1).step_by(2).collect();
        for pair in words.chunks_exact(2) {
            if let Err(error) = evidence.observe(network, pair[0], pair[1]) {
                eprintln!("{name}: {error}");
            }
        }
    }
    evidence
}

/// Peak resident memory of this process in MiB (Linux), if known.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn json_line(name: &str) {
    let path = shared_dir().join(format!("{name}.bif"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            println!("{{\"network\": \"{name}\", \"error\": \"{e}\"}}");
            return;
        }
    };
    let load = time_repeated(|| {
        let _ = bif::read(&text);
    });
    let network = match bif::read(&text) {
        Ok(n) => n,
        Err(e) => {
            println!(
                "{{\"network\": \"{name}\", \"error\": {:?}}}",
                e.to_string()
            );
            return;
        }
    };
    let all_marginals = |evidence: &Evidence| {
        let mut method = None;
        let time = time_repeated(|| {
            let mut engine = Engine::new(&network).expect("engine");
            let posterior = engine.posterior(evidence).expect("inference");
            method = Some(posterior.plan.method);
            std::hint::black_box(posterior);
        });
        (time, method.map_or("none", |m| m.name()))
    };
    let (noev, noev_method) = all_marginals(&Evidence::new());
    let has_evidence = shared_dir()
        .join("reference")
        .join(format!("{name}.evidence.json"))
        .is_file();
    let ev = has_evidence.then(|| all_marginals(&evidence_for(&network, name)));
    // Peak memory of the timed tasks, read before the whole tree is compiled
    // for its statistics below.
    let peak = peak_rss_mb();
    let mut engine = Engine::new(&network).expect("engine");
    let stats = engine.stats().expect("compiles");
    println!(
        "{{\"network\": \"{name}\", \"load_s\": {}, \"noev_s\": {}, \"ev_s\": {}, \"noev_method\": \"{noev_method}\", \"ev_method\": {}, \"peak_rss_mb\": {}, \"heuristic\": \"{}\", \"treewidth\": {}, \"largest_clique_entries\": {}, \"total_clique_entries\": {}, \"threads\": {}}}",
        load.as_secs_f64(),
        noev.as_secs_f64(),
        ev.map_or("null".to_owned(), |d| d.0.as_secs_f64().to_string()),
        ev.map_or("null".to_owned(), |d| format!("\"{}\"", d.1)),
        peak.map_or("null".to_owned(), |m| format!("{m:.1}")),
        stats.heuristic.name(),
        stats.treewidth,
        stats.largest_clique_entries,
        stats.total_clique_entries,
        rayon::current_num_threads(),
    );
}

/// The network `name` from `shared/bn`, or `None` with a message.
fn read_network(name: &str) -> Option<statecraft_net::Network> {
    let path = shared_dir().join(format!("{name}.bif"));
    let read = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| bif::read(&t).map_err(|e| e.to_string()));
    match read {
        Ok(network) => Some(network),
        Err(error) => {
            eprintln!("{name}: cannot read {}: {error}", path.display());
            None
        }
    }
}

/// For each method, forced: the planner's estimate and the measured time of
/// all marginals (fresh engine), without and with the reference evidence;
/// the figures the cost model's constants are fitted to.
fn methods_table(name: &str) {
    use statecraft_net::Method;
    let Some(network) = read_network(name) else {
        return;
    };
    let all: Vec<usize> = (0..network.len()).collect();
    let kinds = [
        ("noev", Evidence::new()),
        ("ev", evidence_for(&network, name)),
    ];
    for (kind, evidence) in &kinds {
        if *kind == "ev" && evidence.is_empty() {
            continue;
        }
        let chosen = Engine::new(&network)
            .and_then(|mut e| e.plan(evidence, &all))
            .map(|p| p.method.name())
            .unwrap_or("error");
        for method in [
            Method::JunctionTree,
            Method::RelevantTrees,
            Method::PrunedElimination,
            Method::Forward,
        ] {
            let mut engine = Engine::new(&network).expect("engine");
            let Ok(first) = engine.posterior_using(evidence, &all, Some(method)) else {
                println!("{name:<11} {kind:<5} {:<19} not applicable", method.name());
                continue;
            };
            let estimate = match method {
                Method::JunctionTree => first.plan.tree_cost,
                Method::RelevantTrees => first.plan.subtree_cost,
                Method::PrunedElimination => first.plan.elimination_cost,
                Method::Forward => first.plan.forward_cost,
            };
            let time = time_repeated(|| {
                let mut engine = Engine::new(&network).expect("engine");
                let posterior = engine
                    .posterior_using(evidence, &all, Some(method))
                    .expect("inference");
                std::hint::black_box(posterior);
            });
            println!(
                "{name:<11} {kind:<5} {:<19} estimate {:>10.3e} ns  measured {:>10.3e} ns  ratio {:>6.2}{}",
                method.name(),
                estimate.unwrap_or(f64::NAN),
                time.as_nanos() as f64,
                time.as_nanos() as f64 / estimate.unwrap_or(f64::NAN),
                if method.name() == chosen {
                    "  (planner's choice)"
                } else {
                    ""
                },
            );
        }
    }
}

/// One whole-tree calibration per clique entry, beside one streaming pass
/// (read, multiply, write) over an array of as many `f64`s: how many
/// memory-bound passes a calibration costs. The tree is compiled first, not
/// timed; each calibration loads the CPTs, collects, distributes and reads
/// every marginal.
fn entries_table(name: &str) {
    use statecraft_net::Method;
    let Some(network) = read_network(name) else {
        return;
    };
    let all: Vec<usize> = (0..network.len()).collect();
    let mut engine = Engine::new(&network).expect("engine");
    let Ok(stats) = engine.stats().cloned() else {
        println!("{name:<11} the whole tree is over the size limit");
        return;
    };
    let entries = stats.total_clique_entries;
    let calibration = time_repeated(|| {
        let posterior = engine
            .posterior_using(&Evidence::new(), &all, Some(Method::JunctionTree))
            .expect("inference");
        std::hint::black_box(posterior);
    });
    let mut stream = vec![1.0f64; entries];
    let pass = time_repeated(|| {
        for x in stream.iter_mut() {
            *x *= 1.000_000_1;
        }
        std::hint::black_box(&stream);
    });
    let per_entry = calibration.as_nanos() as f64 / entries as f64;
    let per_pass = pass.as_nanos() as f64 / entries as f64;
    println!(
        "{name:<11} {entries:>12} entries ({:>6.1} MiB)  calibration {:>9.3} ms = {per_entry:>6.2} ns/entry  stream pass {per_pass:>5.2} ns/entry  = {:>5.1} passes",
        entries as f64 * 8.0 / (1024.0 * 1024.0),
        calibration.as_secs_f64() * 1e3,
        per_entry / per_pass,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--entries") {
        for name in &args[i + 1..] {
            entries_table(name);
        }
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--methods") {
        for name in &args[i + 1..] {
            methods_table(name);
        }
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--json") {
        for name in &args[i + 1..] {
            json_line(name);
        }
        return;
    }
    let dir = shared_dir();
    let mut names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if names.is_empty() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("no networks: {} is missing", dir.display());
            return;
        };
        let mut found: Vec<(u64, String)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let stem = name.strip_suffix(".bif")?.to_owned();
                Some((e.metadata().ok()?.len(), stem))
            })
            .collect();
        found.sort();
        names = found.into_iter().map(|(_, n)| n).collect();
    }
    println!(
        "{:<11} {:>10} {:>10} {:>10} {:>10} {:>18} {:>18} {:>18} {:>14} {:>4} {:>6}",
        "network",
        "load ms",
        "compile ms",
        "noev ms",
        "ev ms",
        "noev method",
        "ev method",
        "heuristic",
        "clique entries",
        "tw",
        "ns/entry"
    );
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.bif"))) else {
            eprintln!("{name}: cannot read");
            continue;
        };
        let load = time_repeated(|| {
            let _ = bif::read(&text);
        });
        let network = match bif::read(&text) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let t = Instant::now();
        let mut engine = match Engine::new(&network) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        if let Err(e) = engine.tree() {
            eprintln!("{name}: {e}");
            continue;
        }
        let compile = t.elapsed();
        let empty = Evidence::new();
        let mut noev_method = "";
        let noev = time_repeated(|| {
            if let Ok(p) = engine.posterior(&empty) {
                noev_method = p.plan.method.name();
            }
        });
        let evidence = evidence_for(&network, &name);
        let mut ev_method = "";
        let ev = time_repeated(|| {
            if let Ok(p) = engine.posterior(&evidence) {
                ev_method = p.plan.method.name();
            }
        });
        let Ok(stats) = engine.stats().cloned() else {
            eprintln!("{name}: the whole tree is too large");
            continue;
        };
        println!(
            "{:<11} {:>10.3} {:>10.3} {:>10.3} {:>10.3} {:>18} {:>18} {:>18} {:>14} {:>4} {:>6.2}",
            name,
            load.as_secs_f64() * 1e3,
            compile.as_secs_f64() * 1e3,
            noev.as_secs_f64() * 1e3,
            ev.as_secs_f64() * 1e3,
            noev_method,
            ev_method,
            stats.heuristic.name(),
            stats.total_clique_entries,
            stats.treewidth,
            noev.as_secs_f64() * 1e9 / stats.total_clique_entries as f64,
        );
    }
}
