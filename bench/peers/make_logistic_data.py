#!/usr/bin/env python3
"""Generates the logistic-regression benchmark problem into bench/out/ (git-ignored).

logistic_1m_x.npy: 1,000,000 x 50 float64 (C order), features with different means and
scales, a few correlated; logistic_1m_y.npy: 1,000,000 x 1 float64 labels (0/1) drawn from
a logistic model, ~30% positive. Seeded: the same files on every run.

Usage (from the repository root): python3 bench/peers/make_logistic_data.py [--rows N]
"""
import argparse
import os

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "out"))
    args = parser.parse_args()
    rng = np.random.default_rng(20261129)
    n, d = args.rows, args.columns
    X = rng.standard_normal((n, d))
    X[:, 1:10] += 0.5 * X[:, :9]  # correlated neighbours
    X *= rng.uniform(0.1, 20, size=d)
    X += rng.uniform(-50, 50, size=d)
    beta = rng.standard_normal(d) * (rng.random(d) < 0.6)
    Z = (X - X.mean(0)) / X.std(0)
    logits = Z @ beta * 0.7 - 1.2
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(np.float64)
    os.makedirs(args.out, exist_ok=True)
    np.save(os.path.join(args.out, "logistic_1m_x.npy"), np.ascontiguousarray(X))
    np.save(os.path.join(args.out, "logistic_1m_y.npy"), y.reshape(-1, 1))
    print(f"wrote {n} x {d} to {args.out} ({y.mean():.1%} positive)")


if __name__ == "__main__":
    main()
