#!/usr/bin/env python3
"""Reads grid.csv files written by `musicrecs grid --csv` (one per split) and ranks the settings by their
worst shortfall against the best setting of each split (the minimax regret), printing the top rows.

usage: scripts/robust-defaults.py DIR/grid.csv [DIR/grid.csv ...]
"""
import csv
import os
import sys


def load(path):
    with open(path, newline="") as f:
        return {(r["scheme"], float(r["alpha"]), float(r["eps"]), float(r["lambda"])): float(r["ndcg@10"]) for r in csv.DictReader(f)}


def main(paths):
    grids = {os.path.basename(os.path.dirname(p)) or p: load(p) for p in paths}
    common = set.intersection(*(set(g) for g in grids.values()))
    best = {name: max(g.values()) for name, g in grids.items()}
    rows = []
    for key in common:
        regrets = {name: best[name] - g[key] for name, g in grids.items()}
        rows.append((max(regrets.values()), key, regrets))
    rows.sort(key=lambda r: r[0])
    names = list(grids)
    print("best per split: " + ", ".join(f"{n} {best[n]:.4f}" for n in names))
    print(f"{'setting':<28} {'worst':>7} " + " ".join(f"{n[:13]:>13}" for n in names))
    for worst, (scheme, alpha, eps, lam), regrets in rows[:int(os.environ.get("TOP", "12"))]:
        print(f"{scheme} a={alpha:g} eps={eps:g} l={lam:g}".ljust(28) + f" {worst:7.4f} " + " ".join(f"{grids[n][(scheme, alpha, eps, lam)]:13.4f}" for n in names))


if __name__ == "__main__":
    main(sys.argv[1:])
