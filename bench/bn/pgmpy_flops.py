#!/usr/bin/env python3
"""Arithmetic pgmpy does for all marginals without evidence, per network.

Usage: pgmpy_flops.py [--cheapest] BN_DIR NET [NET ...]
       (run with the peers' venv python)

For each variable, pgmpy's VariableElimination.query prunes the network to
the variable's ancestors and contracts their CPTs with opt_einsum's greedy
path. This asks opt_einsum for that path on each query, without running it,
and prints the sum over all variables of the path's operation count
(opt_einsum's `opt_cost`) and the largest intermediate table.

With --cheapest it also takes the costliest query (by the greedy count) and
asks opt_einsum's dynamic-programming optimiser for the cheapest pairwise
contraction order of that one query: a floor for any method that answers
that variable by contracting CPTs in pairs. It then runs that order with
opt_einsum (numpy and its BLAS underneath) and prints the best of 20 times,
and counts the products whose two factors are both nonzero (what a method
that skips zero entries would still multiply, on the same order). This can
take a minute on barley.
"""
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def run_order(operands, output, path):
    """Best of 20 runs of the contraction on the given order, in seconds."""
    import opt_einsum

    best = float("inf")
    for _ in range(20):
        start = time.perf_counter()
        opt_einsum.contract(*operands, output, optimize=path)
        best = min(best, time.perf_counter() - start)
    return best


def nonzero_products(operands, output, path):
    """Products with both factors nonzero, over the pairwise order `path`."""
    import numpy as np

    tensors = [(operands[i], list(operands[i + 1])) for i in range(0, len(operands), 2)]
    count = 0.0
    for i, j in path:
        (a, ia), (b, ib) = tensors[i], tensors[j]
        for k in sorted((i, j), reverse=True):
            tensors.pop(k)
        shared = [x for x in ia if x in ib]
        nz_a = np.einsum((a != 0).astype(np.float64), ia, shared)
        nz_b = np.einsum((b != 0).astype(np.float64), ib, shared)
        count += float((nz_a * nz_b).sum())
        later = set(output)
        for _, it in tensors:
            later |= set(it)
        out = [x for x in dict.fromkeys(ia + ib) if x in later]
        tensors.append((np.einsum(a, ia, b, ib, out), out))
    return count


def main():
    import opt_einsum
    from pgmpy.inference import VariableElimination
    from pgmpy.readwrite import BIFReader

    args = sys.argv[1:]
    cheapest = "--cheapest" in args
    args = [a for a in args if a != "--cheapest"]
    bn_dir, nets = args[0], args[1:]
    for net in nets:
        model = BIFReader(os.path.join(bn_dir, net + ".bif")).get_model()
        engine = VariableElimination(model)
        total, largest = 0, 0
        costliest = (0, None, None)
        for variable in sorted(model.nodes()):
            reduced, _ = engine._prune_bayesian_model([variable], {})
            index = {v: i for i, v in enumerate(reduced.nodes())}
            operands = []
            for cpd in reduced.cpds:
                operands += [cpd.values, [index[v] for v in cpd.variables]]
            _, info = opt_einsum.contract_path(*operands, [index[variable]], optimize="greedy")
            total += int(info.opt_cost)
            largest = max(largest, int(info.largest_intermediate))
            if int(info.opt_cost) > costliest[0]:
                costliest = (int(info.opt_cost), variable, (operands, [index[variable]]))
        print(f"{net}: {total:.3e} operations, largest intermediate {largest:,} entries")
        if cheapest and costliest[1] is not None:
            operands, output = costliest[2]
            path, info = opt_einsum.contract_path(*operands, output, optimize="dp")
            print(
                f"  costliest query {costliest[1]}: {costliest[0]:.3e} operations greedy,"
                f" {int(info.opt_cost):.3e} on the cheapest pairwise order"
            )
            seconds = run_order(operands, output, path)
            nonzero = nonzero_products(operands, output, path)
            print(
                f"  that order run by opt_einsum: {seconds * 1e3:.2f} ms (best of 20);"
                f" {nonzero:.3e} of its products have two nonzero factors"
            )


if __name__ == "__main__":
    main()
