#!/usr/bin/env python3
"""Renders NDCG@10 over alpha x lambda (at one eps) from `musicrecs grid --csv` files as one SVG with a
panel per split. Standard library only.

usage: scripts/heatmap.py OUT.svg EPS TITLE=grid.csv [TITLE=grid.csv ...]
"""
import csv
import sys

CELL_W, CELL_H, LEFT, TOP, GAP = 64, 34, 70, 60, 40


def load(path, eps):
    cells = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if abs(float(r["eps"]) - eps) < 1e-9:
                cells[(float(r["alpha"]), float(r["lambda"]))] = float(r["ndcg@10"])
    return cells


def colour(t):
    """t in [0, 1] -> a dark-blue to yellow ramp."""
    stops = [(0.0, (38, 20, 96)), (0.5, (33, 145, 140)), (1.0, (250, 230, 40))]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
        if t <= t1:
            u = (t - t0) / (t1 - t0) if t1 > t0 else 0
            return "#%02x%02x%02x" % tuple(round(a + (b - a) * u) for a, b in zip(c0, c1))
    return "#%02x%02x%02x" % stops[-1][1]


def panel(title, cells, x0):
    alphas = sorted({a for a, _ in cells})
    lambdas = sorted({l for _, l in cells})
    lo, hi = min(cells.values()), max(cells.values())
    best = max(cells, key=cells.get)
    out = [f'<text x="{x0 + LEFT + CELL_W * len(alphas) / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">{title}</text>',
           f'<text x="{x0 + LEFT + CELL_W * len(alphas) / 2}" y="42" text-anchor="middle" font-size="11">colour from {lo:.3f} to {hi:.3f}; box: best</text>']
    for j, lam in enumerate(reversed(lambdas)):
        y = TOP + j * CELL_H
        out.append(f'<text x="{x0 + LEFT - 6}" y="{y + CELL_H / 2 + 4}" text-anchor="end" font-size="12">{lam:g}</text>')
        for i, a in enumerate(alphas):
            x = x0 + LEFT + i * CELL_W
            v = cells.get((a, lam))
            if v is None:
                continue
            t = (v - lo) / (hi - lo) if hi > lo else 1
            ink = "#000" if t > 0.55 else "#fff"
            stroke = ' stroke="#e00" stroke-width="3"' if (a, lam) == best else ""
            out.append(f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" fill="{colour(t)}"{stroke}/>')
            out.append(f'<text x="{x + CELL_W / 2 - 1}" y="{y + CELL_H / 2 + 4}" text-anchor="middle" font-size="12" fill="{ink}">{v:.3f}</text>')
    for i, a in enumerate(alphas):
        out.append(f'<text x="{x0 + LEFT + i * CELL_W + CELL_W / 2}" y="{TOP + len(lambdas) * CELL_H + 16}" text-anchor="middle" font-size="12">{a:g}</text>')
    out.append(f'<text x="{x0 + LEFT + CELL_W * len(alphas) / 2}" y="{TOP + len(lambdas) * CELL_H + 34}" text-anchor="middle" font-size="12">alpha (log scheme)</text>')
    out.append(f'<text x="{x0 + 14}" y="{TOP + len(lambdas) * CELL_H / 2}" font-size="12" transform="rotate(-90 {x0 + 14} {TOP + len(lambdas) * CELL_H / 2})" text-anchor="middle">lambda</text>')
    width = LEFT + CELL_W * len(alphas)
    height = TOP + len(lambdas) * CELL_H + 44
    return out, width, height


def main(argv):
    target, eps = argv[0], float(argv[1])
    parts, x, height = [], 0, 0
    for spec in argv[2:]:
        title, path = spec.split("=", 1)
        body, w, h = panel(f"{title} (eps {eps:g})", load(path, eps), x)
        parts += body
        x += w + GAP
        height = max(height, h)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{x - GAP + 10}" height="{height}" font-family="sans-serif">',
           f'<rect width="100%" height="100%" fill="#fff"/>'] + parts + ["</svg>"]
    with open(target, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
