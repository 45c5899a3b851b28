#!/usr/bin/env python3
"""One peer measurement for bench/bn-peers.sh, in its own process.

Usage: peer.py ENGINE TASK NET BN_DIR
  ENGINE  pgmpy | pyagrum
  TASK    load  : parse the BIF file into a model (pgmpy BIFReader().get_model(),
                  pyAgrum gum.loadBN)
          noev  : all posterior marginals, no evidence
          ev    : all posterior marginals of the non-evidence variables given
                  BN_DIR/reference/NET.evidence.json
For noev/ev the model is loaded first, untimed. pyAgrum: a fresh LazyPropagation,
makeInference, and posterior() of every variable. pgmpy: VariableElimination with
one query per variable (the engine that produced the reference answers).
Median of at least 3 runs, more until 1 s has passed (at most 100); a run over
20 s is not repeated. Prints one JSON line:
seconds, runs, peak_rss_mb (ru_maxrss of this process), max_abs_diff against the
reference marginals when a reference file exists.
"""
import json
import os
import resource
import statistics
import sys
import time


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reference(bn_dir, net, task):
    for kind in (f"ve_{task}", f"agrum_{task}"):
        path = os.path.join(bn_dir, "reference", f"{net}.{kind}.json")
        if os.path.exists(path):
            with open(path) as f:
                return json.load(f)["marginals"]
    return None


def max_diff(ours, ref):
    if ref is None:
        return None
    worst = 0.0
    for var, states in ref.items():
        for state, p in states.items():
            worst = max(worst, abs(p - ours[var][state]))
    return worst


def evidence(bn_dir, net, task):
    if task != "ev":
        return {}
    with open(os.path.join(bn_dir, "reference", f"{net}.evidence.json")) as f:
        return json.load(f)


def timed(fn):
    """The same rule as the statecraft side (crates/net/benches/inference.rs):
    at least 3 runs, then more until 1 s has passed, at most 100; a run over
    20 s is not repeated. The median is reported."""
    times, result = [], None
    start = time.perf_counter()
    while len(times) < 100 and (len(times) < 3 or time.perf_counter() - start < 1.0):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > 20:
            break
    return statistics.median(times), len(times), result


def run_pyagrum(task, net, bn_dir):
    import pyagrum as gum

    path = os.path.join(bn_dir, net + ".bif")
    if task == "load":
        seconds, runs, _ = timed(lambda: gum.loadBN(path))
        return {"seconds": seconds, "runs": runs}
    bn = gum.loadBN(path)
    ev = evidence(bn_dir, net, task)

    def all_posteriors():
        ie = gum.LazyPropagation(bn)
        if ev:
            ie.setEvidence(ev)
        ie.makeInference()
        out = {}
        for name in bn.names():
            if name in ev:
                continue
            p = ie.posterior(name)
            var = bn.variable(name)
            out[name] = {var.label(i): float(p[i]) for i in range(var.domainSize())}
        return out

    seconds, runs, margs = timed(all_posteriors)
    return {"seconds": seconds, "runs": runs, "max_abs_diff": max_diff(margs, reference(bn_dir, net, task))}


def run_pgmpy(task, net, bn_dir):
    from pgmpy.readwrite import BIFReader

    path = os.path.join(bn_dir, net + ".bif")
    if task == "load":
        seconds, runs, _ = timed(lambda: BIFReader(path).get_model())
        return {"seconds": seconds, "runs": runs}
    from pgmpy.inference import VariableElimination

    model = BIFReader(path).get_model()
    ev = evidence(bn_dir, net, task)
    qvars = [v for v in sorted(model.nodes()) if v not in ev]

    def all_marginals():
        ve = VariableElimination(model)
        out = {}
        for v in qvars:
            q = ve.query([v], evidence=ev if ev else None, show_progress=False)
            s = float(q.values.sum())
            out[v] = {str(st): float(x) / s for st, x in zip(q.state_names[v], q.values)}
        return out

    seconds, runs, margs = timed(all_marginals)
    return {"seconds": seconds, "runs": runs, "max_abs_diff": max_diff(margs, reference(bn_dir, net, task))}


def main():
    engine, task, net, bn_dir = sys.argv[1:5]
    result = {"engine": engine, "task": task, "network": net}
    try:
        result.update(run_pyagrum(task, net, bn_dir) if engine == "pyagrum" else run_pgmpy(task, net, bn_dir))
        result["status"] = "ok"
    except Exception as error:  # a peer that cannot read a file is a result, not a crash
        result["status"] = "error"
        result["error"] = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
    result["peak_rss_mb"] = round(peak_mb(), 1)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
