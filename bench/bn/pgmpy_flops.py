#!/usr/bin/env python3
"""Arithmetic pgmpy does for all marginals without evidence, per network.

Usage: pgmpy_flops.py BN_DIR NET [NET ...]   (run with the peers' venv python)

For each variable, pgmpy's VariableElimination.query prunes the network to
the variable's ancestors and contracts their CPTs with opt_einsum's greedy
path. This asks opt_einsum for that path on each query, without running it,
and prints the sum over all variables of the path's operation count
(opt_einsum's `opt_cost`) and the largest intermediate table.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")


def main():
    import opt_einsum
    from pgmpy.inference import VariableElimination
    from pgmpy.readwrite import BIFReader

    bn_dir, nets = sys.argv[1], sys.argv[2:]
    for net in nets:
        model = BIFReader(os.path.join(bn_dir, net + ".bif")).get_model()
        engine = VariableElimination(model)
        total, largest = 0, 0
        for variable in sorted(model.nodes()):
            reduced, _ = engine._prune_bayesian_model([variable], {})
            index = {v: i for i, v in enumerate(reduced.nodes())}
            operands = []
            for cpd in reduced.cpds:
                operands += [cpd.values, [index[v] for v in cpd.variables]]
            _, info = opt_einsum.contract_path(*operands, [index[variable]], optimize="greedy")
            total += int(info.opt_cost)
            largest = max(largest, int(info.largest_intermediate))
        print(f"{net}: {total:.3e} operations, largest intermediate {largest:,} entries")


if __name__ == "__main__":
    main()
