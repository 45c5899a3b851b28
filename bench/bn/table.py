#!/usr/bin/env python3
"""Turns bench/bn-peers.sh's results.jsonl into a Markdown table with ratios.

Usage: table.py RESULTS.jsonl
A ratio is peer time / our time (above 1: we are faster); memory ratio is
peer peak RSS / ours. 'timeout' and 'error' cells carry the peer's status.
'method' is the planner's choice for our all-marginals tasks.
"""
import json
import statistics
import sys


def load(path):
    ours, peers = {}, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            if d.get("engine") == "statecraft":
                ours[d["network"]] = d
            else:
                peers[(d["engine"], d["network"], d["task"])] = d
    return ours, peers


def ms(x):
    if x is None:
        return "–"
    return f"{x * 1e3:.3g}" if x < 1 else f"{x * 1e3:,.0f}"


def cell(peers, engine, net, task):
    d = peers.get((engine, net, task))
    if d is None:
        return None, "–"
    if d.get("status") != "ok":
        return None, d.get("status", "error")
    return d["seconds"], ms(d["seconds"])


def ratio(peer, ours):
    if peer is None or not ours:
        return "–"
    return f"{peer / ours:,.0f}×" if peer / ours >= 10 else f"{peer / ours:.1f}×"


def main(path):
    ours, peers = load(path)
    nets = list(ours)
    rows = []
    ratios = {"pyagrum": {"load": [], "noev": [], "ev": []}, "pgmpy": {"load": [], "noev": [], "ev": []}}
    header = ("| network | task | ours ms | method | pyAgrum ms | pgmpy ms | pyAgrum/ours | pgmpy/ours |\n"
              "|---|---|---:|---|---:|---:|---:|---:|")
    print(header)
    for net in nets:
        o = ours[net]
        for task, key in (("load", "load_s"), ("noev", "noev_s"), ("ev", "ev_s")):
            our = o.get(key)
            if our is None:
                continue
            a, a_txt = cell(peers, "pyagrum", net, task)
            p, p_txt = cell(peers, "pgmpy", net, task)
            if a is not None:
                ratios["pyagrum"][task].append(a / our)
            if p is not None:
                ratios["pgmpy"][task].append(p / our)
            method = o.get(f"{task}_method") or "–" if task != "load" else ""
            print(f"| {net} | {task} | {ms(our)} | {method} | {a_txt} | {p_txt} | {ratio(a, our)} | {ratio(p, our)} |")
    print()
    print("| network | ours MiB | pyAgrum MiB | pgmpy MiB | treewidth | heuristic | whole-tree clique entries |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for net in nets:
        o = ours[net]
        def peak(engine):
            vals = [peers[(engine, net, t)].get("peak_rss_mb") for t in ("load", "noev", "ev") if (engine, net, t) in peers]
            vals = [v for v in vals if v is not None]
            return f"{max(vals):.0f}" if vals else "–"
        print(f"| {net} | {o['peak_rss_mb']:.0f} | {peak('pyagrum')} | {peak('pgmpy')} | {o['treewidth']} | {o['heuristic']} | {o['total_clique_entries']:,} |")
    print()
    for engine in ("pyagrum", "pgmpy"):
        for task in ("load", "noev", "ev"):
            r = ratios[engine][task]
            if r:
                print(f"- {engine} {task}: {len(r)} networks, ratio min {min(r):.1f}×, median {statistics.median(r):.1f}×, max {max(r):.1f}×")


if __name__ == "__main__":
    main(sys.argv[1])
