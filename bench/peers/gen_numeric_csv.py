#!/usr/bin/env python3
"""Generates the CSV-ingest benchmark input: 1,000,000 rows × 20 numeric columns, seeded.

A realistic mix of what feature files hold, written by pandas.to_csv (shortest repr):
  f00–f03  integer counts
  f04–f11  values rounded to 6 decimals
  f12–f15  float32 values (about 8 significant digits)
  f16–f19  full-precision float64 values (up to 17 significant digits)
Usage (from the repository root):
  python3 bench/peers/gen_numeric_csv.py [--rows N] [--out bench/out/numeric_1m_x20.csv]
"""
import argparse
import os

import numpy as np
import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--seed", type=int, default=20261129)
parser.add_argument("--out", default="bench/out/numeric_1m_x20.csv")
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
n = args.rows
columns = {}
for i in range(0, 4):
    columns[f"f{i:02d}"] = rng.poisson(lam=10 ** (i + 1), size=n).astype(np.int64)
for i in range(4, 12):
    columns[f"f{i:02d}"] = np.round(rng.normal(loc=i, scale=3.0, size=n), 6)
for i in range(12, 16):
    columns[f"f{i:02d}"] = rng.standard_normal(n).astype(np.float32)
for i in range(16, 20):
    columns[f"f{i:02d}"] = rng.lognormal(mean=0.0, sigma=2.0, size=n)
frame = pd.DataFrame(columns)
os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
frame.to_csv(args.out, index=False)
print(f"wrote {args.out}: {n} rows x {frame.shape[1]} columns, {os.path.getsize(args.out) / 1e6:.1f} MB")
