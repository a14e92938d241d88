#!/usr/bin/env python3
"""Generates the seeded GBDT benchmark problem: 1,000,000 × 50 train, 200,000 × 50 test.

Features are float32: 30 Gaussian, 10 uniform, 5 heavy-tailed, 5 integer-valued (few
distinct values); about 3% of the values in 10 of the columns are missing (NaN). The label
is a Bernoulli draw from a logistic model with linear terms, interactions, thresholds and a
missing-value effect, so trees have real structure to find (Bayes AUC well below 1).

Writes bench/out/gbdt/{train_x,train_y,test_x,test_y}.npy (C order; y is float32 0/1).
Usage: python3 bench/peers/gen_gbdt_data.py [--rows 1000000] [--test-rows 200000] [--seed 7]
"""
import argparse
import os

import numpy as np


def make(rows, rng):
    x = np.empty((rows, 50), dtype=np.float32)
    x[:, 0:30] = rng.standard_normal((rows, 30), dtype=np.float32)
    x[:, 30:40] = rng.random((rows, 10), dtype=np.float32)
    x[:, 40:45] = rng.standard_t(3, (rows, 5)).astype(np.float32)
    x[:, 45:50] = rng.integers(0, 8, (rows, 5)).astype(np.float32)
    logit = (0.8 * x[:, 0] - 0.6 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3]
             + 1.2 * (x[:, 30] > 0.7) - 0.9 * (x[:, 31] < 0.2)
             + 0.4 * np.sin(3 * x[:, 4]) + 0.3 * np.clip(x[:, 40], -3, 3)
             + 0.25 * (x[:, 45] - 3.5) * (x[:, 5] > 0)
             + 0.3 * x[:, 6:12].sum(axis=1) / 2.5 - 0.5)
    missing = rng.random((rows, 10)) < 0.03
    cols = [0, 2, 7, 12, 20, 30, 33, 41, 46, 49]
    block = x[:, cols]
    block[missing] = np.nan
    x[:, cols] = block
    logit += 0.8 * missing[:, 0]  # missingness of feature 0 is informative
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--test-rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "out", "gbdt"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for name, rows in (("train", args.rows), ("test", args.test_rows)):
        x, y = make(rows, rng)
        np.save(os.path.join(args.out, f"{name}_x.npy"), x)
        np.save(os.path.join(args.out, f"{name}_y.npy"), y)
        print(f"{name}: {x.shape}, positives {y.mean():.3f}")


if __name__ == "__main__":
    main()
